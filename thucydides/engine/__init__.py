"""Engines: where documents are analysed, never what comes out.

A corpus run (:mod:`thucydides.corpus`) reads and cleans documents in the main process, skips the
ones it has seen, and hands the rest to an engine in batches of ``(RawDocument, Document)`` pairs.
The engine gives back one :class:`Outcome` per batch: the store rows of the analysed documents as
Arrow tables (in memory for ``local``, a Parquet shard written by the worker for ``process`` and
``ray``) and the documents that failed. One writer, the main process, loads every outcome into
DuckDB, so DuckDB's single-writer rule holds whatever the engine.

- ``local``: the main process analyses, batch after batch.
- ``process``: a pool of worker processes on this machine, each loading the model once; a bounded
  number of batches is in flight, so memory follows the batch size, not the corpus.
- ``ray``: Ray Data ``map_batches`` over actor workers that load the model inside the actor, on a
  local Ray or a cluster (``--ray-address auto``); needs ``pip install 'thucydides[ray]'``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Protocol

from ..errors import ConfigError
from .worker import Outcome, Work, analyse_work, read_shard

__all__ = ["ENGINES", "Engine", "Outcome", "Work", "analyse_work", "make_engine", "read_shard"]

ENGINES = ("local", "process", "ray")


class Engine(Protocol):
    name: str
    workers: int
    spool: Path | None  # the folder this engine's workers write their shards into (this run's own)

    def map(self, batches: Iterable[Work]) -> Iterator[Outcome]:
        """Analyse each batch; outcomes may come back in another order than the batches went in."""
        ...

    def close(self) -> None: ...


def make_engine(
    name: str,
    *,
    model: str | None,
    config: Path | None,
    workers: int,
    spool: Path,
    ray_address: str | None = None,
    events: str | None = None,
) -> Engine:
    """The engine called ``name``, its pipeline from ``model``, ``config`` and ``events`` (the
    event coder; None: the settings'); its workers put their shards in a folder of their own in
    ``spool`` (``engine.spool``)."""
    if name == "local":
        from .local import LocalEngine

        return LocalEngine(model=model, config=config, events=events)
    if name == "process":
        from .process import ProcessEngine

        return ProcessEngine(model=model, config=config, workers=workers, spool=spool, events=events)
    if name == "ray":
        from .ray import RayEngine

        return RayEngine(model=model, config=config, workers=workers, spool=spool, address=ray_address, events=events)
    raise ConfigError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")
