"""The ``process`` engine: a pool of worker processes on this machine.

Each worker loads the model once (the pool's initializer) and writes its batches as Parquet
shards into the spool folder; the main process only reads, cleans, and loads shards. At most
``2 × workers`` batches are in flight, so memory is bounded by the batch size.

A worker that dies (killed, out of memory, a crash in a native library) breaks the pool: the
pool is started again and the batch's documents are analysed one at a time, so the document
that kills a worker is named as a failure and the others are kept.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from ..records import Failure
from .setup import load_pipeline
from .worker import Outcome, Work, analyse_work

_PIPELINE: Any = None
_SPOOL: Path | None = None


def _start(model: str | None, config: Path | None, spool: Path) -> None:
    global _PIPELINE, _SPOOL
    _PIPELINE = load_pipeline(model, config)
    _SPOOL = spool


def _analyse(work: Work) -> Outcome:
    return analyse_work(_PIPELINE, work, _PIPELINE.model_name, _SPOOL)


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


class ProcessEngine:
    name = "process"

    def __init__(
        self,
        *,
        model: str | None,
        config: Path | None,
        workers: int,
        spool: Path,
        task: Callable[[Work], Outcome] | None = None,
    ) -> None:
        self.workers = max(1, workers)
        self.task = task or _analyse  # a module-level function the workers can import
        self.arguments = (model, config, spool)
        self.context = multiprocessing.get_context("spawn")  # no forked copies of a loaded model
        self.pool = self._pool()

    def _pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.workers, mp_context=self.context, initializer=_start, initargs=self.arguments
        )

    def map(self, batches: Iterable[Work]) -> Iterator[Outcome]:
        window = 2 * self.workers
        pending: dict[Future[Outcome], Work] = {}
        source = iter(batches)
        exhausted = False
        while pending or not exhausted:
            while not exhausted and len(pending) < window:
                work = next(source, None)
                if work is None:
                    exhausted = True
                    break
                pending[self.pool.submit(self.task, work)] = work
            if not pending:
                break
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                work = pending.pop(future)
                try:
                    outcome = future.result()
                except BrokenProcessPool:
                    # the pool is gone with every batch in it: keep what finished, redo the rest
                    lost = [work]
                    finished: list[Outcome] = []
                    for other, other_work in pending.items():
                        if other.done() and other.exception() is None:
                            finished.append(other.result())
                        else:
                            lost.append(other_work)
                    pending = {}
                    yield from finished
                    yield from self._recover(lost)
                    break
                yield outcome

    def _recover(self, lost: list[Work]) -> Iterator[Outcome]:
        """After a crash: a new pool, each lost batch again; a batch that kills a worker again is
        analysed a document at a time, and the document that kills one is a failure."""
        self._restart()
        for work in lost:
            try:
                yield self.pool.submit(self.task, work).result()
                continue
            except BrokenProcessPool:
                self._restart()
            for one in _singles(work):
                try:
                    yield self.pool.submit(self.task, one).result()
                except BrokenProcessPool:
                    raw, _ = one.pairs[0]
                    reason = "a worker process died while analysing this document"
                    yield Outcome(
                        number=one.number, hashes=(), failures=[Failure(raw.origin, raw.id, "worker", reason)]
                    )
                    self._restart()

    def _restart(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = self._pool()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def _singles(work: Work) -> list[Work]:
    return [Work(work.number, (pair,)) for pair in work.pairs]
