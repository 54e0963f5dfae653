"""Evaluation: readers of the labelled sets, scorers, and the tables that report them.

``evaluate_actors`` scores actor coding on the PLOVER gold records and the ConfliBERT
source/target spans in ``../shared/data`` (or ``$THUCYDIDES_DATA``), and on our judged sample of
real news (``judged/news-2016-actors``, :func:`evaluate_judged`; skipped with the reason when the
stories or the folder are absent); ``render_scores`` turns its result into a table.
``evaluate_quotes`` scores quotes and their speakers on PolNeAR and on our judged sample of real
news (``judged/news-2016-quotes``, :func:`evaluate_judged_quotes`); ``render_quote_report`` is its
table. ``evaluate_events`` scores the PLOVER type of each PLOVER
gold record and the CAMEO class of each ConfliBERT class sentence; ``render_event_scores`` is its
table; with the whole sets it adds the dev split of the labelled sentences, read by the rules,
the event model and the fused coder side by side (:mod:`.learned`). Figures always come with
the data set's name and size.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from . import actors, events
from .actors import evaluate_conflibert, evaluate_plover
from .commands import DATA_ENV, default_data_dir, eval_command
from .judged import default_judged_dir, evaluate_judged, read_judged
from .judged_events import default_events_dir, evaluate_judged_events
from .judged_quotes import default_quotes_dir, evaluate_judged_quotes, render_quote_report
from .learned import evaluate_dev
from .polnear import align, read_polnear
from .quotes import evaluate_quotes as evaluate_polnear_quotes
from .quotes import render_quote_scores
from .readers import read_conflibert, read_conflibert_classes, read_plover
from .render import render_event_scores, render_scores
from .training_sets import PLV_FILE

__all__ = [
    "DATA_ENV",
    "align",
    "default_data_dir",
    "default_events_dir",
    "default_judged_dir",
    "default_quotes_dir",
    "evaluate_actors",
    "evaluate_conflibert",
    "evaluate_events",
    "evaluate_judged",
    "evaluate_judged_events",
    "evaluate_judged_quotes",
    "evaluate_plover",
    "evaluate_quotes",
    "read_conflibert",
    "read_conflibert_classes",
    "read_judged",
    "read_plover",
    "read_polnear",
    "render_event_scores",
    "render_quote_report",
    "render_quote_scores",
    "render_scores",
]


def evaluate_actors(
    pipeline: Any, folder: Path, *, limit: int | None = None, judged: Path | None = None
) -> dict[str, Any]:
    """Actor coding scored on PLOVER and ConfliBERT (first ``limit`` records of each) and on the
    judged sample (``judged``, default :func:`default_judged_dir`; first ``limit`` stories), with
    the sizes, the command that reproduces the figures and the model used. The judged block is
    ``{"dataset", "skipped": reason}`` when its stories or folder are absent.

    Raises FileNotFoundError when ``folder`` or a PLOVER/ConfliBERT file in it is missing, and
    InputError for a malformed judged file.
    """
    started = time.perf_counter()
    scores = actors.evaluate_actors(pipeline, folder, limit=limit)
    scores["judged"] = evaluate_judged(pipeline, folder, judged, limit=limit)
    shown = judged if judged is not None and judged.resolve() != default_judged_dir().resolve() else None
    scores["command"] = eval_command("actors", folder, limit=limit, judged=shown)
    scores["seconds"] = round(time.perf_counter() - started, 1)
    return scores


def evaluate_events(
    pipeline: Any, folder: Path, *, limit: int | None = None, judged: Path | None = None
) -> dict[str, Any]:
    """Events scored on PLOVER and the ConfliBERT classes (first ``limit`` of each), on the judged
    sample of real news (``judged``, default :func:`default_events_dir`; first ``limit`` stories;
    rules and fused coder side by side) and, on the whole sets, the dev split: rules, model and
    fused coder side by side (``dev``; skipped with the reason when the zero-shot set is absent).
    The judged block is ``{"dataset", "skipped": reason}`` when its stories or folder are absent.

    Raises FileNotFoundError when ``folder`` or a data file in it is missing, InputError for a
    malformed record or judged file, ModelFileError when the model the dev split needs is missing
    or damaged.
    """
    started = time.perf_counter()
    scores = events.evaluate_events(pipeline, folder, limit)
    scores["judged"] = evaluate_judged_events(pipeline, folder, judged, limit=limit)
    shown = judged if judged is not None and judged.resolve() != default_events_dir().resolve() else None
    scores["command"] = eval_command("events", folder, limit=limit, judged=shown)
    if limit is None:
        if (folder / PLV_FILE).exists():
            scores["dev"] = evaluate_dev(pipeline, folder)
        else:
            scores["dev"] = {"skipped": f"{folder / PLV_FILE} is absent: the dev split needs it"}
    scores["seconds"] = round(time.perf_counter() - started, 1)
    return scores


def evaluate_quotes(
    pipeline: Any,
    folder: Path,
    split: str = "dev",
    limit: int | None = None,
    *,
    judged: Path | None = None,
    model_reader: Any = None,
) -> dict[str, Any]:
    """Quotes scored on PolNeAR's ``split`` (first ``limit`` articles) and on the judged sample of
    real news (``judged``, default :func:`default_quotes_dir`; first ``limit`` stories), with the
    command that reproduces the figures. The judged block is ``{"dataset", "skipped": reason}``
    when its stories or folder are absent.

    Raises FileNotFoundError when ``folder`` or the split is missing, ValueError for an unknown
    split, InputError for a malformed annotation or judged file. ``model_reader`` scores a learned
    tagger beside the rules on PolNeAR (:func:`.attribution.tagger_reader`).
    """
    started = time.perf_counter()
    scores = evaluate_polnear_quotes(pipeline, folder, split=split, limit=limit, model_reader=model_reader)
    scores["judged"] = evaluate_judged_quotes(pipeline, folder, judged, limit=limit)
    shown = judged if judged is not None and judged.resolve() != default_quotes_dir().resolve() else None
    split_shown = split if split != "dev" else None
    scores["command"] = eval_command("quotes", folder, split=split_shown, limit=limit, judged=shown)
    scores["seconds"] = round(time.perf_counter() - started, 1)
    return scores
