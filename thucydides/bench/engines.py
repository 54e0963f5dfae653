"""The engines timed on the bench's documents: whole corpus runs (read, clean, dedup, analyse,
load into DuckDB) with ``local``, ``process`` and, when asked, ``ray``.

Each engine is started and warmed up on a few documents first, so the figures are the steady
rate a long run sustains, not the seconds spent loading the model. Reported per engine: words/s,
documents/s, the ratio to bare spaCy measured in the same bench run, the process pool's scaling
over ``local``, Ray's overhead against ``process``, the peak memory of a worker, and DuckDB's
load rate (rows/s, in the writer).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypedDict

from ..corpus import run_corpus, spool_for
from ..engine import Work, make_engine
from ..pipeline import clean_document
from ..records import RawDocument

WARMUP = 4  # documents per worker analysed before the clock starts


class EngineTiming(TypedDict):
    engine: str
    workers: int
    documents: int
    words: int
    seconds: float
    words_per_second: float
    docs_per_second: float
    ratio_to_spacy: float | None
    peak_worker_rss_mib: float
    load_rows_per_second: float
    rows_loaded: int


class EngineBench(TypedDict):
    engines: list[EngineTiming]
    scaling: float | None
    ray_overhead: float | None


def run_engine_bench(
    raws: Sequence[RawDocument],
    engines: Sequence[str],
    *,
    workers: int,
    model: str | None,
    settings: Any,
    spacy_words_per_second: float | None,
    config: Path | None = None,
) -> EngineBench:
    """Run the same documents through each engine into a fresh store; see the module doc."""
    timings: list[EngineTiming] = []
    # batches small enough that every worker has several: a pool is only as busy as its queue
    batch = max(1, min(settings.limits.batch_size, len(raws) // (4 * max(1, workers))))
    with tempfile.TemporaryDirectory(prefix="thucydides-bench-") as folder:
        corpus = Path(folder) / "corpus.jsonl"
        _write_corpus(raws, corpus)
        for name in engines:
            db = Path(folder) / f"{name}.duckdb"
            runner = make_engine(
                name,
                model=model,
                config=config,
                events=settings.events.coder,  # the coder the pipeline bench ran
                workers=workers,
                spool=spool_for(db),
                ray_address=None,
            )
            try:
                _warm_up(runner, raws, settings)
                summary = run_corpus([str(corpus)], db, batch_size=batch, runner=runner)
            finally:
                runner.close()
            words_per_second = summary.words / summary.seconds if summary.seconds else 0.0
            timings.append(
                EngineTiming(
                    engine=name,
                    workers=runner.workers,
                    documents=summary.stored,
                    words=summary.words,
                    seconds=round(summary.seconds, 3),
                    words_per_second=round(words_per_second, 1),
                    docs_per_second=round(summary.docs_per_second, 2),
                    ratio_to_spacy=round(words_per_second / spacy_words_per_second, 3)
                    if spacy_words_per_second
                    else None,
                    peak_worker_rss_mib=round(summary.peak_worker_rss_mib, 1),
                    load_rows_per_second=round(summary.rows_loaded / summary.load_seconds, 1)
                    if summary.load_seconds
                    else 0.0,
                    rows_loaded=summary.rows_loaded,
                )
            )
    rate = {t["engine"]: t["words_per_second"] for t in timings}
    scaling = round(rate["process"] / rate["local"], 3) if rate.get("local") and rate.get("process") else None
    overhead = round(rate["process"] / rate["ray"] - 1, 3) if rate.get("ray") and rate.get("process") else None
    return EngineBench(engines=timings, scaling=scaling, ray_overhead=overhead)


def _write_corpus(raws: Sequence[RawDocument], path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for raw in raws:
            record = {"id": raw.id, "text": raw.text, "title": raw.title, "url": raw.url, "source": raw.source}
            if raw.published is not None:
                record["published"] = raw.published.isoformat()
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def _warm_up(runner: Any, raws: Sequence[RawDocument], settings: Any) -> None:
    """Start the workers and load their models on a few documents, outside the clock."""
    count = min(len(raws), WARMUP * runner.workers)
    pairs = [(raw, clean_document(raw, settings)) for raw in raws[:count]]
    works = [Work(-(i + 1), (pair,)) for i, pair in enumerate(pairs)]
    for outcome in runner.map(works):
        if outcome.shard is not None:
            shutil.rmtree(outcome.shard, ignore_errors=True)
