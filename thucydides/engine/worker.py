"""What every engine's worker does with one batch: analyse it, turn the analyses into store rows,
and give them back as Arrow tables or as a Parquet shard in the spool folder.

A shard is a folder of one Parquet file per table, written under a temporary name and renamed
when complete, so a reader never sees half a shard. Each run's workers write into a folder of
their own in the spool, ``run-<id>``, made by the engine when it starts; a worker never makes it,
so once the next run has claimed a killed run's folder (renamed it, to load its shards) a worker
of that run left alive cannot write into the spool any more.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from ..records import Analysis, Document, Failure, RawDocument
from ..store import TABLES, analysis_rows, arrow_tables

SHARD_PREFIX = "shard-"
TEMP_PREFIX = ".tmp-"
RUN_PREFIX = "run-"


@dataclass(frozen=True, slots=True)
class Work:
    """One batch: ``number`` orders it in the run; ``pairs`` are (as read, as cleaned)."""

    number: int
    pairs: tuple[tuple[RawDocument, Document], ...]


@dataclass(slots=True)
class Outcome:
    """What came of one batch: the rows (``tables`` in memory or a ``shard`` folder), the
    documents that failed, and counts for the run's summary."""

    number: int
    hashes: tuple[str, ...]
    failures: list[Failure] = field(default_factory=list)
    covered: tuple[str, ...] = ()  # every document hash of the work this outcome answers
    tables: dict[str, pa.Table] | None = None
    shard: Path | None = None
    events: int = 0
    quotes: int = 0
    words: int = 0
    peak_rss_mib: float = 0.0


def analyse_work(pipeline: Any, work: Work, model: str, spool: Path | None) -> Outcome:
    """Analyse one batch with ``pipeline``; with ``spool``, write the rows there as a shard."""
    analyses: list[Analysis] = []
    failures: list[Failure] = []
    for item in pipeline.analyse_cleaned(list(work.pairs)):
        (failures if isinstance(item, Failure) else analyses).append(item)
    tables, refused = _tables(analyses, model)
    failures += [failure for failure, _ in refused]
    gone = {digest for _, digest in refused}
    kept = [a for a in analyses if a.document.hash not in gone]
    outcome = Outcome(
        number=work.number,
        hashes=tuple(a.document.hash for a in kept),
        failures=failures,
        covered=tuple(document.hash for _, document in work.pairs),
        events=sum(len(a.events) for a in kept),
        quotes=sum(len(a.quotes) for a in kept),
        words=sum(len(document.text.split()) for _, document in work.pairs),
        peak_rss_mib=_peak_rss_mib(),
    )
    if spool is None:
        outcome.tables = tables
    else:
        outcome.shard = write_shard(spool, tables)
    return outcome


def _tables(analyses: list[Analysis], model: str) -> tuple[dict[str, pa.Table], list[tuple[Failure, str]]]:
    """Arrow tables of the analyses' rows; an analysis whose values do not fit the columns is
    refused alone (the store's failure), not with its batch."""
    try:
        return arrow_tables(analysis_rows(analyses, model)), []
    except (pa.ArrowException, OverflowError, TypeError, ValueError):
        pass
    good: list[Analysis] = []
    refused: list[tuple[Failure, str]] = []
    for analysis in analyses:
        try:
            arrow_tables(analysis_rows([analysis], model))
            good.append(analysis)
        except (pa.ArrowException, OverflowError, TypeError, ValueError) as exc:
            document = analysis.document
            failure = Failure(
                document.origin or document.id, document.id, "store", f"a value does not fit its column: {exc}"
            )
            refused.append((failure, document.hash))
    return arrow_tables(analysis_rows(good, model)), refused


def new_run_folder(spool: Path) -> Path:
    """Make the folder this run's workers write their shards into: ``spool/run-<id>``."""
    folder = spool / f"{RUN_PREFIX}{uuid.uuid4().hex[:16]}"
    folder.mkdir(parents=True)
    return folder


def remove_run_folder(folder: Path | None) -> None:
    """Remove a run's folder once it is empty; a folder still holding shards (the run stopped
    before loading them) is left for the next run to load."""
    if folder is None:
        return
    for leftover in folder.glob(f"{TEMP_PREFIX}*"):
        shutil.rmtree(leftover, ignore_errors=True)
    with contextlib.suppress(OSError):  # shards are left in it, or it is gone already
        folder.rmdir()


def write_shard(spool: Path, tables: dict[str, pa.Table]) -> Path:
    """Write ``tables`` as a shard into the run folder ``spool``; the folder must exist (a
    worker whose run folder was claimed by a later run gets FileNotFoundError, not a new one)."""
    name = uuid.uuid4().hex
    temporary = spool / f"{TEMP_PREFIX}{name}"
    temporary.mkdir()
    try:
        for table, arrow in tables.items():
            pq.write_table(arrow, temporary / f"{table}.parquet")
        final = spool / f"{SHARD_PREFIX}{name}"
        os.replace(temporary, final)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    return final


def read_shard(shard: Path) -> dict[str, pa.Table]:
    return {
        table: pq.read_table(shard / f"{table}.parquet", schema=pa.schema(TABLES[table]))
        for table in TABLES
        if (shard / f"{table}.parquet").exists()
    }


def _peak_rss_mib() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
