"""Dyads of the store: dyad series and the actor network.

``dyads(db, by="week")`` counts the events of each directed dyad (source -> target) per
period: events per QuadClass, the summed and the mean Goldstein weight. ``network(db)`` gives
the same events as a graph: one node per actor or country, one edge per directed dyad. Both read
the store read-only and group in DuckDB; user values only ever reach SQL as parameters.

Which events count
    Only ``asserted`` events by default: an analyst's series counts what happened, not what was
    alleged, denied or announced (``modality=None`` takes every modality). At ``level="country"``
    a dyad is (source country, target country); at ``level="actor"`` (source actor, target
    actor). An event with either side unknown at that level has no dyad and is left out.
    An event whose text names one side only ("troops launched an offensive": no target; "three
    soldiers were killed": no source) has no dyad at either level: it is left out and counted
    as ``one_sided``, apart from the events whose side is named but not coded (``no_dyad``).
    An actor without a country (a role named with no country, ``---MIL``, or an international
    one, ``IGOUNO``) has a NULL country: at ``level="country"`` its events have no dyad and are
    counted as ``no_dyad``, never grouped under a made-up country; at ``level="actor"`` it is a
    node of its own (``---MIL``, labelled "unknown country (military)").
    Goldstein weights are summed as stored (one decimal) and the mean is rounded to three places.

Periods
    The period comes from the event's ``date``, whose shape gives its precision: a day
    ``2023-05-01``, an ISO week ``2023-W18``, a month ``2023-05`` or a year ``2023``.

    ==========  ====================  =====================  ==========================
    ``by``      a day date            a week date            a month / a year date
    ==========  ====================  =====================  ==========================
    day         the day               too coarse             too coarse
    week        its ISO week          the week               too coarse
    month       its month             the month of the       the month / too coarse
                                      week's Thursday
    ==========  ====================  =====================  ==========================

    Periods are written ``2023-05-01``, ``2023-W18`` (ISO year and week) and ``2023-05``. A week
    belongs to the month holding its Thursday, as ISO puts a week in the year holding its
    Thursday: 2023-W22 (29 May - 4 June) is in June, though its Monday is in May (and an event
    dated 29 May itself is in May). An event whose date is coarser than the period cannot be
    placed: it is left out and counted (``too_coarse``), as are events with no date
    (``undated``) and dates of none of these shapes (``unreadable``). The mapping is a small
    table (one row per distinct date value, built here in Python) that DuckDB joins to the
    events; the grouping and the sums are SQL.

Filters
    ``source`` / ``target``: a code of letters and digits; an event matches when its country is
    the code or its actor code starts with it (``PAK`` matches ``PAKGOV`` and ``PAKMIL``), at
    either level. A country never matches a ``---`` code (``PAK`` does not match ``---MIL``);
    ``---MIL`` itself is a code, matching ``---MIL`` and ``---MILELI``. ``start`` / ``end``
    (inclusive days) keep the events whose date lies inside the window; a week or month date
    that runs across an edge of the window is left out and counted (``straddling``). The first
    and last periods of a series may therefore cover only part of their days. Events outside the
    filters are simply not in the table; the summary counts what was left out of the events that
    would otherwise have been in it: an event with a side unknown counts as ``no_dyad`` when its
    known side passes its filter, and an undated event counts as ``undated`` whatever the window
    (it might lie inside). An event with one side counts as ``one_sided`` when the side it has
    passes its filter and there is no filter on the side it lacks (which it never matches).

Summary
    ``summary`` in the JSON gives each count; ``one_sided`` is there only when some event has
    one side, so a store without such events (the rule coder never makes one) reads as before.

Network
    The same events without periods: with no window every event with a dyad counts, dated or
    not; with one, the events dated inside it. An edge's ``sign`` is ``cooperation`` when its
    mean Goldstein weight is above 0, ``conflict`` below 0, ``neutral`` at 0. ``labels`` gives
    each node's name for readers (:func:`~thucydides.actors.lexicon.actor_label`: ``PAK``
    Pakistan, ``---MIL`` unknown country (military)).

Errors: :class:`~thucydides.errors.ConfigError` for an invalid option (period, level, code,
modality, date, window, format), :class:`~thucydides.errors.StoreError` when the store cannot
be opened or is not a thucydides store, :class:`~thucydides.errors.ExportError` when an output
file cannot be written.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

import pyarrow as pa

from .actors.lexicon import actor_label
from .errors import ConfigError
from .filters import MODALITIES, DateSpan, EventFilter, read_date
from .output import STDOUT, check_output, open_bytes, open_text
from .store import Store
from .store.aggregates import LEVELS, PERIODS, period_of

__all__ = [
    "COLUMNS",
    "DEFAULT_MODALITIES",
    "FORMATS",
    "LEVELS",
    "MODALITIES",
    "PERIODS",
    "DateSpan",
    "DyadRow",
    "DyadTable",
    "Edge",
    "Network",
    "Node",
    "Summary",
    "dyads",
    "dyads_table",
    "network",
    "period_of",
    "read_date",
    "write_dyads",
]

FORMATS = ("table", "csv", "parquet", "json")
DEFAULT_MODALITIES = ("asserted",)
COLUMNS = ("period", "source", "target", "events", "q1", "q2", "q3", "q4", "goldstein_sum", "goldstein_mean")


# --- records -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DyadRow:
    """One directed dyad in one period: its events, per QuadClass, and their Goldstein weights."""

    period: str
    source: str
    target: str
    events: int
    q1: int  # verbal cooperation
    q2: int  # material cooperation
    q3: int  # verbal conflict
    q4: int  # material conflict
    goldstein_sum: float
    goldstein_mean: float


@dataclass(frozen=True, slots=True)
class Summary:
    """What was counted and what was left out, and why (each event counted once, for the first
    reason in this order)."""

    counted: int = 0
    other_modality: int = 0  # not of the chosen modalities
    one_sided: int = 0  # the text names no source, or no target
    no_dyad: int = 0  # source or target unknown at the level
    undated: int = 0  # no date
    unreadable: int = 0  # a date of no known shape
    too_coarse: int = 0  # a date coarser than the period
    straddling: int = 0  # a week or month date across an edge of the window

    def line(self) -> str:
        """One line for the end of a run."""
        reasons = [
            (self.other_modality, "of other modalities (--modality)"),
            (self.one_sided, "with one side only (no source or no target in the text)"),
            (self.no_dyad, "with no source or target at this level"),
            (self.undated, "with no date"),
            (self.unreadable, "with an unreadable date"),
            (self.too_coarse, "dated too coarsely for the period (a month or year, say, for --by day)"),
            (self.straddling, "dated by a week or month across --from/--to"),
        ]
        left = ", ".join(f"{count} {why}" for count, why in reasons if count)
        return f"counted {self.counted} events" + (f"; left out {left}" if left else "")

    def to_json(self) -> dict[str, int]:
        """The counts by name; ``one_sided`` only when some event has one side."""
        counts = asdict(self)
        if not self.one_sided:
            del counts["one_sided"]
        return counts


@dataclass(frozen=True, slots=True)
class DyadTable:
    """The dyad series: rows sorted by period, source and target, with the options that made it."""

    rows: tuple[DyadRow, ...]
    summary: Summary
    by: str
    level: str
    modalities: tuple[str, ...] | None  # None: every modality
    source: str | None = None
    target: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None

    def to_json(self) -> dict[str, Any]:
        """The table as a JSON-ready object: the options, ``rows`` and ``summary``."""
        return {
            "by": self.by,
            "level": self.level,
            "modalities": list(self.modalities) if self.modalities is not None else "all",
            "source": self.source,
            "target": self.target,
            "from": self.start.isoformat() if self.start else None,
            "to": self.end.isoformat() if self.end else None,
            "rows": [asdict(row) for row in self.rows],
            "summary": self.summary.to_json(),
        }


@dataclass(frozen=True, slots=True)
class Node:
    """An actor or country and the events it is source and target of."""

    code: str
    as_source: int
    as_target: int


@dataclass(frozen=True, slots=True)
class Edge:
    """A directed dyad: its events, their mean Goldstein weight, and what that mean says:
    ``cooperation`` (above 0), ``conflict`` (below 0) or ``neutral`` (0)."""

    source: str
    target: str
    count: int
    goldstein_mean: float
    sign: str


@dataclass(frozen=True, slots=True)
class Network:
    """Nodes sorted by code; edges by count (most first), then source and target; ``labels``
    names each node's code for readers (``---MIL``: unknown country (military))."""

    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    summary: Summary
    level: str
    modalities: tuple[str, ...] | None
    labels: tuple[tuple[str, str], ...] = ()  # (code, name), in node order

    def label(self, code: str) -> str:
        """The node's name (the code itself for a code not in the network)."""
        return dict(self.labels).get(code, code)

    def to_json(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "modalities": list(self.modalities) if self.modalities is not None else "all",
            "nodes": [asdict(node) for node in self.nodes],
            "edges": [asdict(edge) for edge in self.edges],
            "labels": dict(self.labels),
            "summary": self.summary.to_json(),
        }


# --- the library functions -----------------------------------------------------------------


def dyads(
    store_or_path: Store | str | Path,
    by: str = "month",
    source: str | None = None,
    target: str | None = None,
    level: str = "country",
    modality: str | Iterable[str] | None = DEFAULT_MODALITIES,
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
    *,
    events: EventFilter | None = None,
) -> DyadTable:
    """Event counts per directed dyad and period (``by``: day, week or month), sorted by period,
    source and target. ``modality``: names, a comma-separated string, or ``None``/``"all"`` for
    every modality; ``events``, a filter already parsed, stands for the source, target, modality
    and window. Gives no rows (and a summary saying why) when no event qualifies."""
    if by not in PERIODS:
        raise ConfigError(f"unknown period {by!r} for --by; known: {', '.join(PERIODS)}")
    _check_level(level)
    chosen = events or _filter(source, target, modality, start, end)
    with _opened(store_or_path) as store:
        found, fates = store.dyad_counts(chosen, level, by)
    rows = tuple(
        DyadRow(p, s, t, int(n), int(a), int(b), int(c), int(d), _number(total), _number(mean))
        for p, s, t, n, a, b, c, d, total, mean in found
    )
    return DyadTable(
        rows, _summary(fates), by, level, chosen.modalities, chosen.source, chosen.target, chosen.start, chosen.end
    )


def network(
    store_or_path: Store | str | Path,
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
    level: str = "country",
    modality: str | Iterable[str] | None = DEFAULT_MODALITIES,
    source: str | None = None,
    target: str | None = None,
    *,
    events: EventFilter | None = None,
) -> Network:
    """The events as a directed graph: a node per code that is a source or target of a counted
    event, an edge per dyad. Without a window every event with a dyad counts, dated or not; with
    one, undated events are left out (and counted)."""
    _check_level(level)
    chosen = events or _filter(source, target, modality, start, end)
    with _opened(store_or_path) as store:
        found, fates = store.network_edges(chosen, level)
    edges = tuple(Edge(s, t, int(n), _number(mean), _sign(_number(mean))) for s, t, n, mean in found)
    as_source: dict[str, int] = {}
    as_target: dict[str, int] = {}
    for edge in edges:
        as_source[edge.source] = as_source.get(edge.source, 0) + edge.count
        as_target[edge.target] = as_target.get(edge.target, 0) + edge.count
    nodes = tuple(Node(code, as_source.get(code, 0), as_target.get(code, 0)) for code in sorted(as_source | as_target))
    labels = tuple((node.code, actor_label(node.code)) for node in nodes)
    return Network(nodes, edges, _summary(fates), level, chosen.modalities, labels)


# --- options -------------------------------------------------------------------------------


def _filter(
    source: str | None,
    target: str | None,
    modality: str | Iterable[str] | None,
    start: dt.date | str | None,
    end: dt.date | str | None,
) -> EventFilter:
    """The filter of the command-line options (``modality=None``: every modality)."""
    return EventFilter.parse(
        source=source, target=target, modality="all" if modality is None else modality, start=start, end=end
    )


def _check_level(level: str) -> None:
    if level not in LEVELS:
        raise ConfigError(f"unknown level {level!r} for --level; known: {', '.join(LEVELS)}")


def _summary(fates: dict[str, int]) -> Summary:
    return Summary(**{name: fates.get(name, 0) for name in Summary.__dataclass_fields__})


@contextmanager
def _opened(store_or_path: Store | str | Path) -> Iterator[Store]:
    """The store given, or the one at the path opened read-only (and closed afterwards)."""
    if isinstance(store_or_path, Store):
        yield store_or_path
        return
    with Store.open(store_or_path, read_only=True) as store:
        yield store


def _number(value: Any) -> float:
    return 0.0 if value is None else float(value)


def _sign(mean: float) -> str:
    return "cooperation" if mean > 0 else "conflict" if mean < 0 else "neutral"


# --- output --------------------------------------------------------------------------------


def write_dyads(table: DyadTable, format: str, out: Path | None, stdout: IO[str] | None = None) -> None:
    """Write the table as csv, json or parquet to ``out`` (through a temporary file renamed at
    the end; a FIFO or device written in place), or csv/json to ``stdout`` when ``out`` is
    ``None`` or ``-``."""
    if format not in FORMATS or format == "table":
        raise ConfigError(f"unknown output format {format!r}; known: {', '.join(FORMATS)}")
    if out is None or str(out) == STDOUT:
        if format == "parquet" or stdout is None:
            to_stdout = "; standard output takes csv and json only" if out is not None else ""
            raise ConfigError(f"{format} output needs a file: add -o FILE{to_stdout}")
        stdout.write(_text(table, format))
        return
    output = check_output(out, example="dyads." + format)
    if format == "parquet":
        import pyarrow.parquet as pq

        with open_bytes(output) as handle:
            pq.write_table(_arrow(table), handle)
    else:
        with open_text(output) as handle:
            handle.write(_text(table, format))


def _text(table: DyadTable, format: str) -> str:
    if format == "json":
        return json.dumps(table.to_json(), ensure_ascii=False, indent=2) + "\n"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows([getattr(row, column) for column in COLUMNS] for row in table.rows)
    return buffer.getvalue()


def _arrow(table: DyadTable) -> pa.Table:
    schema = pa.schema(
        [("period", pa.string()), ("source", pa.string()), ("target", pa.string()), ("events", pa.int64())]
        + [(f"q{n}", pa.int64()) for n in range(1, 5)]
        + [("goldstein_sum", pa.float64()), ("goldstein_mean", pa.float64())]
    )
    return pa.Table.from_pylist([asdict(row) for row in table.rows], schema=schema)


def dyads_table(table: DyadTable) -> Any:
    """The dyad series as a rich table (the ``table`` format), numbers right-aligned."""
    from rich.table import Table

    scope = "every modality" if table.modalities is None else "modality " + ", ".join(table.modalities)
    shown = Table(title=f"Dyads by {table.by}, {table.level} level, {scope}", title_justify="left")
    for column in COLUMNS:
        shown.add_column(column, justify="left" if column in ("period", "source", "target") else "right")
    for row in table.rows:
        shown.add_row(*(_cell(getattr(row, column)) for column in COLUMNS))
    return shown


def _cell(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)
