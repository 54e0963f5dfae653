"""The ``process`` engine: a pool of worker processes on this machine.

Each worker loads the model once (the pool's initializer) and writes its batches as Parquet
shards into the spool folder; the main process only reads, cleans, and loads shards. At most
``2 × workers`` batches are in flight, so memory is bounded by the batch size.

A worker that dies (killed, out of memory, a crash in a native library) breaks the pool: the
pool is started again and the batch's documents are analysed one at a time, so the document
that kills a worker is named as a failure and the others are kept.

A worker dies with the main process, ``kill -9`` included: left alive it would hold its model's
memory and the main process's stdout and stderr (a pipeline reading them would hang), and write
late shards into the spool. On Linux the kernel kills it (``PR_SET_PDEATHSIG``); everywhere a
thread in the worker watches the parent's pid and ends the worker when it changes.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from ..records import Failure
from .setup import load_pipeline
from .worker import Outcome, Work, analyse_work, new_run_folder, remove_run_folder

_PIPELINE: Any = None
_SPOOL: Path | None = None

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
WATCH_SECONDS = 0.5  # how often a worker looks whether its parent is still there


def _start(
    model: str | None, config: Path | None, events: str | None, spool: Path, parent: int, signal_on_death: bool
) -> None:
    global _PIPELINE, _SPOOL
    _die_with_parent(parent, signal_on_death)
    _PIPELINE = load_pipeline(model, config, events)
    _SPOOL = spool


def _die_with_parent(parent: int, signal_on_death: bool) -> None:
    """End this worker when ``parent`` (the main process) ends, however it ends."""
    if signal_on_death and sys.platform.startswith("linux"):
        # The kernel sends the signal when the *thread* that spawned this process ends, so it is
        # asked for only when the workers are spawned from the main thread, whose end is the
        # process's end (see ``ProcessEngine._pool``); the watch below covers the other cases.
        with contextlib.suppress(OSError, AttributeError):  # no prctl in this libc: the watch is enough
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), name="watch-parent", daemon=True).start()


def _watch_parent(parent: int) -> None:
    # An orphan is adopted by init or a subreaper, so its parent pid changes when the parent dies.
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    os._exit(1)


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
        events: str | None = None,
    ) -> None:
        self.workers = max(1, workers)
        self.task = task or _analyse  # a module-level function the workers can import
        self.spool: Path | None = new_run_folder(spool)  # this run's shards, apart from other runs'
        self.arguments = (model, config, events, self.spool)
        self.context = multiprocessing.get_context("spawn")  # no forked copies of a loaded model
        self.pool = self._pool()

    def _pool(self) -> ProcessPoolExecutor:
        # Workers are spawned by the thread that submits work (``map``), which is the one making
        # the pool; the kernel's parent-death signal follows that thread, so it is used only from
        # the main thread (a thread that ends before the process would take its workers with it).
        on_main_thread = threading.current_thread() is threading.main_thread()
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=self.context,
            initializer=_start,
            initargs=(*self.arguments, os.getpid(), on_main_thread),
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
        remove_run_folder(self.spool)


def _singles(work: Work) -> list[Work]:
    return [Work(work.number, (pair,)) for pair in work.pairs]
