"""Loading the pipeline inside a worker, from the same options the main process was given."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def load_settings_for(model: str | None, config: Path | None, events: str | None = None) -> Any:
    """The settings (defaults, the ``config`` file over them) with ``model`` as the spaCy
    pipeline and ``events`` as the event coder when given."""
    from ..settings import load_settings

    return load_settings(config).with_overrides(model={"name": model}, events={"coder": events})


def load_pipeline(model: str | None, config: Path | None, events: str | None = None) -> Any:
    from ..pipeline import Pipeline

    return Pipeline(load_settings_for(model, config, events))
