"""The ``ray`` engine: Ray Data ``map_batches`` over actor workers.

Each actor loads the model once, in its constructor, and writes its batches as Parquet shards
into this run's folder in the spool (on a cluster the spool must be a folder every node can
write: a shared file system); the driver loads the shards into DuckDB. The corpus is streamed
through Ray in windows of batches, so the driver never holds more than a window; the actors of a
window load the model again, which costs a few seconds per window of thousands of documents.

Without ``--ray-address`` a local Ray starts with ``workers`` CPUs; ``--ray-address auto`` joins
the running cluster (``ray start --head`` on one machine, ``ray start --address=HEAD:6379`` on
the others).
"""

from __future__ import annotations

import logging
import pickle
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from ..extras import require
from .setup import load_pipeline
from .worker import Outcome, Work, analyse_work, new_run_folder, remove_run_folder

WINDOW_BATCHES = 64


class _Analyser:
    """A Ray actor: the pipeline, loaded once per actor."""

    def __init__(self, model: str | None, config: Path | None, events: str | None, spool: Path) -> None:
        self.pipeline = load_pipeline(model, config, events)
        self.spool = spool

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        import numpy as np

        outcomes = [
            pickle.dumps(analyse_work(self.pipeline, pickle.loads(blob), self.pipeline.model_name, self.spool))
            for blob in batch["work"]
        ]
        return {"outcome": np.array(outcomes, dtype=object)}


class RayEngine:
    name = "ray"

    def __init__(
        self,
        *,
        model: str | None,
        config: Path | None,
        workers: int,
        spool: Path,
        address: str | None,
        events: str | None = None,
    ) -> None:
        self.ray = require("ray", extra="ray", feature="the ray engine")
        require("ray.data", extra="ray", feature="the ray engine")
        self.workers = max(1, workers)
        if not self.ray.is_initialized():
            options: dict[str, Any] = {"include_dashboard": False, "logging_level": logging.WARNING}
            if address:
                self.ray.init(address=address, **options)
            else:
                self.ray.init(num_cpus=self.workers, **options)
        context = self.ray.data.DataContext.get_current()
        context.enable_progress_bars = False
        context.verbose_stats_logs = False
        logging.getLogger("ray.data").setLevel(logging.WARNING)
        try:
            self.spool: Path | None = new_run_folder(spool)
        except OSError:
            self.ray.shutdown()  # no engine to close comes back
            raise
        self.arguments = {"model": model, "config": config, "events": events, "spool": self.spool}

    def map(self, batches: Iterable[Work]) -> Iterator[Outcome]:
        source = iter(batches)
        while window := list(islice(source, WINDOW_BATCHES)):
            dataset = self.ray.data.from_items([{"work": pickle.dumps(work)} for work in window])
            pool = self.ray.data.ActorPoolStrategy(size=min(self.workers, len(window)), max_tasks_in_flight_per_actor=2)
            analysed = dataset.map_batches(
                _Analyser, fn_constructor_kwargs=self.arguments, compute=pool, batch_size=1, num_cpus=1
            )
            for row in analysed.iter_rows():
                yield pickle.loads(row["outcome"])

    def close(self) -> None:
        self.ray.shutdown()
        remove_run_folder(self.spool)
