"""The ``local`` engine: this process analyses every batch, one after another."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from .setup import load_pipeline
from .worker import Outcome, Work, analyse_work


class LocalEngine:
    name = "local"
    workers = 1
    spool: Path | None = None  # outcomes come back in memory, no shards

    def __init__(self, *, model: str | None, config: Path | None, events: str | None = None) -> None:
        self.pipeline = load_pipeline(model, config, events)
        self.model = self.pipeline.model_name

    def map(self, batches: Iterable[Work]) -> Iterator[Outcome]:
        for work in batches:
            yield analyse_work(self.pipeline, work, self.model, None)

    def close(self) -> None:
        pass
