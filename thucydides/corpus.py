"""Corpus runs: a stream of documents in, the store filled, crash-safe and without duplicates.

``run_corpus`` reads and cleans documents in this process, a batch at a time, and decides for each
what it is: already in the store (the same cleaned text and id: a resumed run), a copy of a stored
or in-flight document (exact or near: syndicated wire copies, recorded in ``copies``, not analysed
again), a document that failed before (skipped unless ``retry_failed``), or new work for the
engine. Outcomes come back from the engine and this process, the only writer, loads them into
DuckDB, one transaction per batch, with the documents' dedup signatures in the same transaction.

Nothing is lost when a run is killed (``kill -9``): a batch is either wholly in the store or not at
all; the workers die with the main process; shards that workers finished but the writer had not
loaded are loaded at the next start; the documents in flight are read again and analysed then.
Each run's workers write into a folder of their own in the spool: the writer loads the shards its
own workers report, and, at the start only, those of earlier runs, whose folders it first takes
away (renames) so that nothing of theirs can arrive later. Memory follows the batch size: the reader
is a generator, at most a few batches are in flight, and the dedup look-ups are SQL queries.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

import pyarrow as pa

from .dedup import Deduplicator, copy_rows
from .engine import Engine, Outcome, Work, make_engine, read_shard
from .engine.setup import load_settings_for
from .engine.worker import RUN_PREFIX, SHARD_PREFIX, TEMP_PREFIX
from .errors import StoreWriteError
from .pipeline import clean_document, failure_reason
from .read import iter_documents
from .records import Document, Failure, RawDocument
from .store import Store

__all__ = ["RunSummary", "run_corpus", "spool_for"]

_CLAIMED_PREFIX = ".loading-"  # an earlier run's folder, taken by this run to load its shards


@dataclass(slots=True)
class RunSummary:
    """What a corpus run did, for the closing line and for tests."""

    engine: str
    workers: int
    read: int = 0
    stored: int = 0
    already_stored: int = 0
    exact_copies: int = 0
    near_copies: int = 0
    skipped_failed: int = 0
    retried: int = 0
    failed: int = 0
    failures_by_stage: Counter[str] = field(default_factory=Counter)
    failure_examples: list[Failure] = field(default_factory=list)
    events: int = 0
    quotes: int = 0
    words: int = 0
    resumed_shards: int = 0
    seconds: float = 0.0
    peak_worker_rss_mib: float = 0.0
    rows_loaded: int = 0
    load_seconds: float = 0.0

    @property
    def docs_per_second(self) -> float:
        return self.stored / self.seconds if self.seconds else 0.0

    def lines(self) -> list[str]:
        failed = ", ".join(f"{stage} {n}" for stage, n in sorted(self.failures_by_stage.items())) or "none"
        lines = [
            f"read {self.read} documents with the {self.engine} engine ({self.workers} worker(s)) in "
            f"{self.seconds:.1f} s: {self.stored} analysed and stored ({self.docs_per_second:.1f} docs/s), "
            f"{self.already_stored} already in the store, {self.exact_copies} exact and {self.near_copies} near "
            f"copies recorded, {self.skipped_failed} skipped as failed before, {self.failed} failed ({failed})",
            f"{self.events} events and {self.quotes} quotes stored",
        ]
        if self.resumed_shards:
            lines.append(f"{self.resumed_shards} shard(s) left by an interrupted run were loaded first")
        lines += [f"  failed: {f.origin} [{f.stage}] {f.reason}" for f in self.failure_examples]
        if self.failed > len(self.failure_examples):
            lines.append(f"  ... and {self.failed - len(self.failure_examples)} more in the store's failures table")
        return lines


def spool_for(db: Path) -> Path:
    """Where workers leave their shards: beside the store."""
    return db.with_name(db.name + ".spool")


def run_corpus(
    sources: Sequence[str],
    db: Path,
    *,
    engine: str = "local",
    workers: int = 1,
    batch_size: int | None = None,
    model: str | None = None,
    config: Path | None = None,
    events: str | None = None,
    published: dt.date | None = None,
    retry_failed: bool = False,
    dedup: bool = True,
    ray_address: str | None = None,
    progress: Callable[[RunSummary], None] | None = None,
    reader_options: dict[str, Any] | None = None,
    runner: Engine | None = None,
) -> RunSummary:
    """Analyse every document under ``sources`` into the store at ``db``; see the module doc.

    ``events`` names the event coder (``rules`` or ``learned``; None: the settings'). ``runner``
    is an engine already started (the benchmark warms one up); it is left open."""
    settings = load_settings_for(model, config, events)
    size = batch_size or settings.limits.batch_size
    started = time.perf_counter()
    spool = spool_for(db)
    store = Store.open(db)
    owned = runner is None
    summary = RunSummary(engine=engine, workers=workers)
    resume = "loaded so far are in the store, run the same command again to resume"
    try:
        try:
            if runner is None:
                runner = make_engine(
                    engine,
                    model=model,
                    config=config,
                    events=events,
                    workers=workers,
                    spool=spool,
                    ray_address=ray_address,
                )
            summary.engine, summary.workers = runner.name, runner.workers
            writer = _Writer(store, summary, dedup=dedup, retry_failed=retry_failed)
            writer.resume(spool, own=runner.spool)
            reader = iter_documents(
                sources, published=published, max_bytes=settings.limits.max_document_bytes, **(reader_options or {})
            )
            batches = writer.prepare(reader, size, settings)
            for outcome in runner.map(batches):
                writer.load(outcome)
                summary.seconds = time.perf_counter() - started
                if progress is not None:
                    progress(summary)
            writer.finish()
        except OSError as exc:  # a full disk, a spool that cannot be written: stop, keep what is loaded
            summary.seconds = time.perf_counter() - started
            where, cause = exc.filename or spool, exc.strerror or exc
            raise StoreWriteError(
                f"{where}: cannot write ({cause}); the {summary.stored} documents {resume}", summary=summary
            ) from None
        except StoreWriteError as exc:  # the store refused a batch (a full disk): it rolled back
            summary.seconds = time.perf_counter() - started
            raise StoreWriteError(f"{exc}; the {summary.stored} documents {resume}", summary=summary) from None
        summary.seconds = time.perf_counter() - started
        return summary
    finally:
        if owned and runner is not None:
            runner.close()
        store.close()
        if spool.is_dir() and not any(spool.iterdir()):
            spool.rmdir()


class _Writer:
    """The single writer: decides what to analyse, and loads what comes back."""

    def __init__(self, store: Store, summary: RunSummary, *, dedup: bool, retry_failed: bool) -> None:
        self.store = store
        self.summary = summary
        self.retry_failed = retry_failed
        self.failed_before = store.failed_origins()
        self.dedup = _deduplicator(store) if dedup else None
        self.in_flight: dict[int, dict[str, RawDocument]] = {}
        self.pending_failures: list[Failure] = []

    # -- before the engine -------------------------------------------------------------------------

    def resume(self, spool: Path, own: Path | None) -> None:
        """Load the shards that killed or stopped runs left in ``spool``; drop half-written ones.

        Each earlier run's folder is first renamed, so that a worker of that run still alive
        cannot add a shard to it (its writes fail) once this run has begun; ``own``, the folder
        of this run's engine, is left alone. Shards lying in ``spool`` itself (from releases
        without run folders) are loaded too."""
        if not spool.is_dir():
            return
        folders: list[Path] = []
        for folder in sorted(spool.iterdir()):
            if folder == own or not folder.is_dir():
                continue
            if folder.name.startswith(RUN_PREFIX):
                claimed = folder.with_name(_CLAIMED_PREFIX + folder.name)
                os.replace(folder, claimed)
                folders.append(claimed)
            elif folder.name.startswith(_CLAIMED_PREFIX):  # a resume that was itself cut short
                folders.append(folder)
            elif folder.name.startswith(TEMP_PREFIX):
                shutil.rmtree(folder, ignore_errors=True)
        shards = [shard for place in [spool, *folders] for shard in sorted(place.glob(f"{SHARD_PREFIX}*"))]
        for shard in shards:
            self._load_tables(read_shard(shard), origins={})
            shutil.rmtree(shard, ignore_errors=True)
            self.summary.resumed_shards += 1
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)  # what is left is half-written
        if self.summary.resumed_shards and self.dedup is not None:
            self.dedup.index_stored()  # the shards' documents had no signatures yet

    def prepare(self, reader: Iterable[RawDocument | Failure], size: int, settings: Any) -> Iterator[Work]:
        number = 0
        iterator = iter(reader)
        while chunk := list(islice(iterator, size)):
            pairs: list[tuple[RawDocument, Document]] = []
            for item in chunk:
                if isinstance(item, Failure):
                    self._fail(item)
                    continue
                self.summary.read += 1
                if item.origin in self.failed_before and not self.retry_failed:
                    self.summary.skipped_failed += 1
                    continue
                try:
                    pairs.append((item, clean_document(item, settings)))
                except Exception as exc:  # the batch policy: report, skip, go on
                    self._fail(Failure(item.origin, item.id, "clean", failure_reason(exc), item.warnings))
            work = self._new_work(pairs)
            if work:
                number += 1
                self.in_flight[number] = {document.hash: raw for raw, document in work}
                yield Work(number, tuple(work))
            self._flush_failures()

    def _new_work(self, pairs: list[tuple[RawDocument, Document]]) -> list[tuple[RawDocument, Document]]:
        stored = self.store.stored_ids(document.hash for _, document in pairs)
        fresh: list[tuple[RawDocument, Document]] = []
        for raw, document in pairs:
            if stored.get(document.hash) == document.id:
                self.summary.already_stored += 1  # the same document again: a resumed run
            else:
                fresh.append((raw, document))
        if self.dedup is None:
            seen: set[str] = set()
            unique = []
            for raw, document in fresh:
                if document.hash in stored or document.hash in seen:
                    self.summary.exact_copies += 1
                else:
                    seen.add(document.hash)
                    unique.append((raw, document))
            return unique
        verdicts = self.dedup.check_each([document for _, document in fresh])
        copies = [verdict for verdict in verdicts if verdict is not None]
        if copies:
            self.store.record_copies(copy_rows(copies))
            for copy in copies:
                if copy.method == "exact":
                    self.summary.exact_copies += 1
                else:
                    self.summary.near_copies += 1
        return [pair for pair, verdict in zip(fresh, verdicts, strict=True) if verdict is None]

    # -- after the engine --------------------------------------------------------------------------

    def load(self, outcome: Outcome) -> None:
        batch = self.in_flight.get(outcome.number, {})
        origins = {h: batch.pop(h) for h in outcome.covered if h in batch}  # a crashed batch comes back in parts
        if not batch:
            self.in_flight.pop(outcome.number, None)
        tables = outcome.tables if outcome.tables is not None else read_shard(outcome.shard) if outcome.shard else {}
        for failure in outcome.failures:
            self._fail(failure)
        if self.dedup is not None:
            for digest in set(origins) - set(outcome.hashes):
                self.dedup.forget(digest)
        self._load_tables(tables, origins)
        if outcome.shard is not None:
            shutil.rmtree(outcome.shard, ignore_errors=True)
        self.summary.events += outcome.events
        self.summary.quotes += outcome.quotes
        self.summary.words += outcome.words
        self.summary.peak_worker_rss_mib = max(self.summary.peak_worker_rss_mib, outcome.peak_rss_mib)
        self._flush_failures()

    def _load_tables(self, tables: dict[str, pa.Table], origins: dict[str, RawDocument]) -> None:
        """Write the tables of a batch with the signatures of its documents checked in this run
        (the store's one writer skips the documents already stored)."""
        documents = tables.get("documents")
        if documents is None or documents.num_rows == 0:
            return
        hashes = documents.column("hash").to_pylist()
        extra: dict[str, list[dict[str, Any]]] = {}
        if self.dedup is not None:
            held = self.dedup.in_flight
            for digest in (h for h in hashes if h in origins and h in held):
                for table, rows in self.dedup.rows(digest).items():
                    extra.setdefault(table, []).extend(rows)
        retried = {h: origins[h].origin for h in hashes if h in origins and origins[h].origin in self.failed_before}
        began = time.perf_counter()
        report = self.store.write(tables=tables, extra_rows=extra, forget_failures=retried)
        self.summary.load_seconds += time.perf_counter() - began
        self.summary.rows_loaded += report.rows
        self.summary.stored += report.loaded
        self.summary.retried += report.forgotten

    def _fail(self, failure: Failure) -> None:
        self.summary.failed += 1
        self.summary.failures_by_stage[failure.stage] += 1
        if len(self.summary.failure_examples) < 10:
            self.summary.failure_examples.append(failure)
        self.pending_failures.append(failure)

    def _flush_failures(self) -> None:
        if self.pending_failures:
            self.store.record_failures(self.pending_failures)
            self.pending_failures = []

    def finish(self) -> None:
        self._flush_failures()


def _deduplicator(store: Store) -> Deduplicator:
    return Deduplicator(store)


def plain_progress(stream: Any = sys.stderr) -> Callable[[RunSummary], None]:
    """A line per loaded batch, for logs and pipes."""

    def show(summary: RunSummary) -> None:
        print(
            f"stored {summary.stored} · read {summary.read} · copies {summary.exact_copies + summary.near_copies} · "
            f"failed {summary.failed} · {summary.docs_per_second:.1f} docs/s",
            file=stream,
            flush=True,
        )

    return show


def estimate_total(sources: Sequence[str]) -> int | None:
    """How many documents the sources hold, when that is cheap to know (plain text, HTML and
    uncompressed JSONL files); ``None`` for compressed files, CSV, WARC and stdin."""
    import glob

    total = 0
    for source in sources:
        if source == "-":
            return None
        matches = glob.glob(source, recursive=True) if any(c in source for c in "*?[") else [source]
        for match in matches:
            path = Path(match)
            files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
            for file in files:
                if not file.is_file():
                    return None  # a FIFO or device: never opened here (it could block); the reader reports it
                suffix = file.suffix.lower()
                if suffix in (".txt", ".html", ".htm"):
                    total += 1
                elif suffix == ".jsonl" and not file.name.lower().endswith(".gz"):
                    with file.open("rb") as handle:
                        total += sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
                elif path.is_dir() and suffix not in (".gz", ".csv", ".tsv", ".warc"):
                    continue  # a file the reader skips
                else:
                    return None
    return total


def bar_progress(total: int | None) -> tuple[Any, Callable[[RunSummary], None]]:
    """A rich progress bar (documents, docs/s, elapsed and, with a known total, ETA); gives the
    bar (a context manager) and the callback."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns: list[Any] = [TextColumn("[bold]run"), BarColumn(), MofNCompleteColumn()]
    columns += [TextColumn("{task.fields[rate]} docs/s"), TimeElapsedColumn()]
    if total is not None:
        columns.append(TimeRemainingColumn())
    bar = Progress(*columns, console=Console(stderr=True), transient=False)
    task = bar.add_task("run", total=total, rate="0.0")

    def show(summary: RunSummary) -> None:
        done = summary.read
        rate = summary.read / summary.seconds if summary.seconds else 0.0
        bar.update(task, completed=done, rate=f"{rate:.1f}")

    return bar, show
