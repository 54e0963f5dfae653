"""Evaluation: readers of the labelled sets, scorers, and the tables that report them.

``evaluate_actors`` scores actor coding on the PLOVER gold records and the ConfliBERT
source/target spans in ``../shared/data`` (or ``$THUCYDIDES_DATA``); ``render_scores`` turns
its result into a table. ``evaluate_quotes`` scores quotes and their speakers on PolNeAR;
``render_quote_scores`` is its table. ``evaluate_events`` scores the PLOVER type of each PLOVER
gold record and the CAMEO class of each ConfliBERT class sentence; ``render_event_scores`` is its
table. Figures always come with the data set's name and size.
"""

from __future__ import annotations

import os
from pathlib import Path

from .actors import evaluate_actors, evaluate_conflibert, evaluate_plover
from .events import evaluate_events
from .polnear import align, read_polnear
from .quotes import evaluate_quotes, render_quote_scores
from .readers import read_conflibert, read_conflibert_classes, read_plover
from .render import render_event_scores, render_scores

__all__ = [
    "DATA_ENV",
    "align",
    "default_data_dir",
    "evaluate_actors",
    "evaluate_conflibert",
    "evaluate_events",
    "evaluate_plover",
    "evaluate_quotes",
    "read_conflibert",
    "read_conflibert_classes",
    "read_plover",
    "read_polnear",
    "render_event_scores",
    "render_quote_scores",
    "render_scores",
]

DATA_ENV = "THUCYDIDES_DATA"


def eval_command(name: str, folder: Path, **options: object) -> str:
    """The command that reproduces an evaluation: ``thucydides eval NAME`` with the options
    that differ from their defaults (``None`` ones left out)."""
    command = f"thucydides eval {name}"
    if folder.resolve() != default_data_dir().resolve():
        command += f" --data {folder}"
    for option, value in options.items():
        if value is not None:
            command += f" --{option} {value}"
    return command


def default_data_dir() -> Path:
    """``$THUCYDIDES_DATA`` when set, else ``../shared/data`` beside the repository.

    The folder is not checked here; the evaluators raise FileNotFoundError when it is missing.
    """
    configured = os.environ.get(DATA_ENV)
    if configured:
        return Path(configured).expanduser()
    repository = Path(__file__).resolve().parent.parent.parent
    return repository.parent / "shared" / "data"
