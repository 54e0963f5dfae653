"""Rendering evaluation results as rich tables: one row per measure, with the data set's size."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text


def _figure(value: float | None) -> str:
    return "–" if value is None else f"{value:.4f}"


def render_scores(scores: dict[str, Any]) -> Group:
    """A table of the actor scores (measure, value, counts) with the data sets, command and model.

    Error examples are left out; ``--format json`` shows them.
    """
    table = Table(title="Actor coding", title_justify="left")
    table.add_column("data set")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_column("counts")
    notes: list[str] = []
    if "plover" in scores:
        _plover_rows(table, scores["plover"])
        notes += [f"PLOVER: {note}" for note in scores["plover"].get("notes", [])]
    if "conflibert" in scores:
        _conflibert_rows(table, scores["conflibert"])
        notes += [f"ConfliBERT: {note}" for note in scores["conflibert"].get("notes", [])]
    footer = Text(
        f"{scores.get('command', '')}  ·  model {scores.get('model', '?')}  ·  {scores.get('seconds', '?')} s",
        style="dim",
    )
    return Group(table, *(Text(f"- {note}", style="dim") for note in notes), footer)


def _plover_rows(table: Table, plover: dict[str, Any]) -> None:
    name = (
        f"{plover['dataset']}\n{plover['records']} records, {plover['gold_actors']} gold actors, "
        f"{plover['located']} located"
    )
    detection = plover["detection"]
    rows = [
        ("detection precision (lower bound)", detection["precision"], f"{plover['predicted_mentions']} coded mentions"),
        ("detection recall", detection["recall"], f"{plover['matched']} of {plover['located']} located"),
        ("detection F1", detection["f1"], ""),
        ("country accuracy", plover["country_accuracy"], f"{plover['matched']} matched"),
        ("sector accuracy", plover["sector_accuracy"], f"{plover['sector_judged']} judged"),
        ("strict (country + sector)", plover["strict_accuracy"], f"{plover['sector_judged']} judged"),
    ]
    for index, (measure, value, counts) in enumerate(rows):
        table.add_row(name if index == 0 else "", measure, _figure(value), counts, end_section=index == len(rows) - 1)


def _conflibert_rows(table: Table, conflibert: dict[str, Any]) -> None:
    name = f"{conflibert['dataset']}\n{conflibert['sentences']} sentences, {conflibert['gold_spans']} gold spans"
    rows = [
        (f"{role} recall", figures["recall"], f"{figures['covered']} of {figures['gold']}")
        for role, figures in conflibert["roles"].items()
    ]
    both = conflibert["all"]
    rows += [
        ("all precision (lower bound)", both["precision"], f"{conflibert['predicted_mentions']} coded mentions"),
        ("all recall", both["recall"], f"{conflibert['gold_spans']} gold spans"),
        ("all F1", both["f1"], ""),
    ]
    for index, (measure, value, counts) in enumerate(rows):
        table.add_row(name if index == 0 else "", measure, _figure(value), counts, end_section=index == len(rows) - 1)
