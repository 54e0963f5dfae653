"""Analysis of the store: dyad series and the actor network.

``dyads(db, by="week")`` counts the events of each directed dyad (source -> target) per
period: events per QuadClass, the summed and the mean Goldstein weight. ``network(db)`` gives
the same events as a graph: one node per actor or country, one edge per directed dyad. Both read
the store read-only and group in DuckDB; user values only ever reach SQL as parameters.

Which events count
    Only ``asserted`` events by default: an analyst's series counts what happened, not what was
    alleged, denied or announced (``modality=None`` takes every modality). At ``level="country"``
    a dyad is (source country, target country); at ``level="actor"`` (source actor, target
    actor). An event with either side unknown at that level has no dyad and is left out.
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
    (it might lie inside).

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

import calendar
import csv
import datetime as dt
import io
import json
import re
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

import pyarrow as pa

from .actors.lexicon import UNKNOWN_COUNTRY, actor_label
from .errors import ConfigError, StoreError
from .output import STDOUT, check_output, open_bytes, open_text
from .store import Store

PERIODS = ("day", "week", "month")
LEVELS = ("country", "actor")
FORMATS = ("table", "csv", "parquet", "json")
MODALITIES = ("alleged", "asserted", "future", "hypothetical", "negated", "reported")
DEFAULT_MODALITIES = ("asserted",)
COLUMNS = ("period", "source", "target", "events", "q1", "q2", "q3", "q4", "goldstein_sum", "goldstein_mean")

_CODE = re.compile(rf"(?:{UNKNOWN_COUNTRY})?[A-Z0-9]{{1,32}}")  # PAK, PAKGOV, ---MIL
_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_WEEK = re.compile(r"(\d{4})-W(\d{2})")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_YEAR = re.compile(r"\d{4}")
_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
_STORE_HINT = "--db takes a DuckDB file written by 'thucydides analyze --db'"
_EVENT_COLUMNS = {"source_actor", "source_country", "target_actor", "target_country", "quad_class", "goldstein"}
_EVENT_COLUMNS |= {"modality", "date"}


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
    no_dyad: int = 0  # source or target unknown at the level
    undated: int = 0  # no date
    unreadable: int = 0  # a date of no known shape
    too_coarse: int = 0  # a date coarser than the period
    straddling: int = 0  # a week or month date across an edge of the window

    def line(self) -> str:
        """One line for the end of a run."""
        reasons = [
            (self.other_modality, "of other modalities (--modality)"),
            (self.no_dyad, "with no source or target at this level"),
            (self.undated, "with no date"),
            (self.unreadable, "with an unreadable date"),
            (self.too_coarse, "dated too coarsely for the period (a month or year, say, for --by day)"),
            (self.straddling, "dated by a week or month across --from/--to"),
        ]
        left = ", ".join(f"{count} {why}" for count, why in reasons if count)
        return f"counted {self.counted} events" + (f"; left out {left}" if left else "")


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
            "summary": asdict(self.summary),
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
            "summary": asdict(self.summary),
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
) -> DyadTable:
    """Event counts per directed dyad and period (``by``: day, week or month), sorted by period,
    source and target. ``modality``: names, a comma-separated string, or ``None``/``"all"`` for
    every modality. Gives no rows (and a summary saying why) when no event qualifies."""
    if by not in PERIODS:
        raise ConfigError(f"unknown period {by!r} for --by; known: {', '.join(PERIODS)}")
    query = _Query.make(level, source, target, modality, start, end)
    with _opened(store_or_path) as connection:
        sql = """
            SELECT period, source, target, count(*) AS events,
                   count(*) FILTER (WHERE quad_class = 1), count(*) FILTER (WHERE quad_class = 2),
                   count(*) FILTER (WHERE quad_class = 3), count(*) FILTER (WHERE quad_class = 4),
                   round(sum(weight), 6), round(avg(weight), 3)
            FROM fated WHERE fate = 'counted'
            GROUP BY period, source, target
            ORDER BY period, source, target
        """
        found, summary = _run(connection, query, by, sql)
    rows = tuple(
        DyadRow(p, s, t, int(n), int(a), int(b), int(c), int(d), _number(total), _number(mean))
        for p, s, t, n, a, b, c, d, total, mean in found
    )
    return DyadTable(
        rows, summary, by, query.level, query.modalities, query.source, query.target, start=query.start, end=query.end
    )


def network(
    store_or_path: Store | str | Path,
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
    level: str = "country",
    modality: str | Iterable[str] | None = DEFAULT_MODALITIES,
    source: str | None = None,
    target: str | None = None,
) -> Network:
    """The events as a directed graph: a node per code that is a source or target of a counted
    event, an edge per dyad. Without a window every event with a dyad counts, dated or not; with
    one, undated events are left out (and counted)."""
    query = _Query.make(level, source, target, modality, start, end)
    with _opened(store_or_path) as connection:
        sql = """
            SELECT source, target, count(*), round(avg(weight), 3)
            FROM fated WHERE fate = 'counted'
            GROUP BY source, target
            ORDER BY count(*) DESC, source, target
        """
        found, summary = _run(connection, query, None, sql)
    edges = tuple(Edge(s, t, int(n), _number(mean), _sign(_number(mean))) for s, t, n, mean in found)
    as_source: dict[str, int] = {}
    as_target: dict[str, int] = {}
    for edge in edges:
        as_source[edge.source] = as_source.get(edge.source, 0) + edge.count
        as_target[edge.target] = as_target.get(edge.target, 0) + edge.count
    nodes = tuple(Node(code, as_source.get(code, 0), as_target.get(code, 0)) for code in sorted(as_source | as_target))
    labels = tuple((node.code, actor_label(node.code)) for node in nodes)
    return Network(nodes, edges, summary, query.level, query.modalities, labels)


# --- options -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Query:
    level: str
    source: str | None
    target: str | None
    modalities: tuple[str, ...] | None
    start: dt.date | None
    end: dt.date | None

    @classmethod
    def make(
        cls,
        level: str,
        source: str | None,
        target: str | None,
        modality: str | Iterable[str] | None,
        start: dt.date | str | None,
        end: dt.date | str | None,
    ) -> _Query:
        if level not in LEVELS:
            raise ConfigError(f"unknown level {level!r} for --level; known: {', '.join(LEVELS)}")
        first, last = _day(start, "--from"), _day(end, "--to")
        if first and last and first > last:
            raise ConfigError(f"--from {first} is after --to {last}; the window would hold no day")
        return cls(level, _code(source, "--source"), _code(target, "--target"), _modalities(modality), first, last)


def _code(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    code = value.strip().upper()
    if not _CODE.fullmatch(code):
        raise ConfigError(
            f"{option} {value!r} is not a code; expected letters and digits, a country (PAK) or an actor (PAKGOV)"
        )
    return code


def _day(value: dt.date | str | None, option: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        if not _DAY.fullmatch(value):
            raise ValueError
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"{option} {value!r} is not a date; expected YYYY-MM-DD") from None


def _modalities(modality: str | Iterable[str] | None) -> tuple[str, ...] | None:
    if modality is None:
        return None
    names = modality.split(",") if isinstance(modality, str) else list(modality)
    wanted = [name.strip() for name in names if name.strip()]
    if wanted == ["all"]:
        return None
    unknown = [name for name in wanted if name not in MODALITIES]
    if unknown or not wanted:
        shown = repr(unknown[0]) if unknown else "(none)"
        raise ConfigError(f"unknown modality {shown} for --modality; known: {', '.join(MODALITIES)}, or all")
    return tuple(sorted(set(wanted)))


# --- periods -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Dated:
    """A date value read: its precision and the days it spans (``None`` for no known shape)."""

    precision: str
    first: dt.date
    last: dt.date


def read_date(value: str) -> _Dated | None:
    """The precision and span of a stored date value; ``None`` for a value of no known shape."""
    try:
        if match := _DAY.fullmatch(value):
            day = dt.date(int(match[1]), int(match[2]), int(match[3]))
            return _Dated("day", day, day)
        if match := _WEEK.fullmatch(value):
            monday = dt.date.fromisocalendar(int(match[1]), int(match[2]), 1)
            return _Dated("week", monday, monday + dt.timedelta(days=6))
        if match := _MONTH.fullmatch(value):
            year, month = int(match[1]), int(match[2])
            return _Dated("month", dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1]))
        if _YEAR.fullmatch(value):
            return _Dated("year", dt.date(int(value), 1, 1), dt.date(int(value), 12, 31))
    except ValueError:
        return None
    return None


def period_of(value: str, by: str) -> str | None:
    """The period (``by``: day, week, month) a stored date value falls in; ``None`` when the
    value is coarser than the period or of no known shape."""
    dated = read_date(value)
    if dated is None or _RANK[dated.precision] > _RANK[by]:
        return None
    if by == "day":
        return dated.first.isoformat()
    if by == "week":
        year, week, _ = dated.first.isocalendar()
        return f"{year:04d}-W{week:02d}"
    # A week's month is the month of its Thursday; a day's or a month's first day is in it.
    day = dated.first + dt.timedelta(days=3) if dated.precision == "week" else dated.first
    return f"{day.year:04d}-{day.month:02d}"


def _period_table(values: Iterable[str], by: str | None) -> pa.Table:
    """One row per distinct date value: its period under ``by`` and its span, and its fate
    (``placed``, ``too_coarse`` or ``unreadable``)."""
    rows: list[dict[str, Any]] = []
    for value in values:
        dated = read_date(value)
        if dated is None:
            rows.append({"date": value, "period": None, "first_day": None, "last_day": None, "fate": "unreadable"})
            continue
        period = period_of(value, by) if by else None
        fate = "too_coarse" if by and period is None else "placed"
        rows.append({"date": value, "period": period, "first_day": dated.first, "last_day": dated.last, "fate": fate})
    schema = pa.schema(
        [
            ("date", pa.string()),
            ("period", pa.string()),
            ("first_day", pa.date32()),
            ("last_day", pa.date32()),
            ("fate", pa.string()),
        ]
    )
    return pa.Table.from_pylist(rows, schema=schema)


# --- the store -----------------------------------------------------------------------------


@contextmanager
def _opened(store_or_path: Store | str | Path) -> Iterator[Any]:
    """A cursor of its own on the store (so registered tables stay private to one call); a path
    is opened read-only and closed afterwards."""
    if isinstance(store_or_path, Store):
        cursor = store_or_path.connection.cursor()
        try:
            _check_tables(cursor, store_or_path.path)
            yield cursor
        finally:
            cursor.close()
        return
    path = Path(store_or_path)
    if not path.is_file():
        raise StoreError(f"{path}: no such store; {_STORE_HINT}")
    with path.open("rb") as head:
        if head.read(12)[8:] != b"DUCK":  # the magic bytes of every DuckDB database file
            raise StoreError(f"{path}: not a DuckDB file; {_STORE_HINT}")
    with Store(path, read_only=True) as store:
        cursor = store.connection.cursor()
        try:
            _check_tables(cursor, path)
            yield cursor
        finally:
            cursor.close()


def _check_tables(connection: Any, path: Path) -> None:
    present = {
        row[0]
        for row in connection.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' AND table_name = 'events'"
        ).fetchall()
    }
    missing = sorted(_EVENT_COLUMNS - present)
    if missing:
        raise StoreError(f"{path}: not a thucydides store (the events table lacks {', '.join(missing)}); {_STORE_HINT}")


def _run(connection: Any, query: _Query, by: str | None, select: str) -> tuple[list[tuple[Any, ...]], Summary]:
    """Give each event of the scope its fate, then run ``select`` over the ``fated`` events;
    gives its rows and the summary of fates."""
    import duckdb

    # At country level an actor without a country (---MIL, IGOUNO) has a NULL country, so its
    # events have no dyad ('no_dyad' below), as the module docstring says.
    side = "country" if query.level == "country" else "actor"
    dates = [row[0] for row in connection.execute("SELECT DISTINCT date FROM events WHERE date IS NOT NULL").fetchall()]
    name = f"_periods_{uuid.uuid4().hex}"  # generated here, never from user input
    fated = f"""
        WITH ev AS (
            SELECT source_{side} AS source, target_{side} AS target, source_country, source_actor,
                   target_country, target_actor, quad_class, modality, date,
                   round(CAST(goldstein AS DOUBLE), 6) AS weight
            FROM events
        ),
        scoped AS (
            SELECT ev.*, p.period, p.first_day, p.last_day, p.fate AS date_fate
            FROM ev LEFT JOIN {name} AS p ON p.date = ev.date
            WHERE ($source IS NULL OR source_country IS NULL AND source_actor IS NULL
                   OR source_country = $source OR starts_with(source_actor, $source))
              AND ($target IS NULL OR target_country IS NULL AND target_actor IS NULL
                   OR target_country = $target OR starts_with(target_actor, $target))
              AND ($start IS NULL OR p.last_day IS NULL OR p.last_day >= $start)
              AND ($end IS NULL OR p.first_day IS NULL OR p.first_day <= $end)
        ),
        fated AS (
            SELECT *, CASE
                WHEN $modalities IS NOT NULL AND NOT coalesce(list_contains($modalities, modality), false)
                    THEN 'other_modality'
                WHEN source IS NULL OR target IS NULL THEN 'no_dyad'
                WHEN date IS NULL THEN CASE WHEN $by IS NULL AND $start IS NULL AND $end IS NULL
                                            THEN 'counted' ELSE 'undated' END
                WHEN date_fate = 'unreadable' THEN CASE WHEN $by IS NULL AND $start IS NULL AND $end IS NULL
                                                        THEN 'counted' ELSE 'unreadable' END
                WHEN date_fate = 'too_coarse' THEN 'too_coarse'
                WHEN first_day < $start OR last_day > $end THEN 'straddling'
                ELSE 'counted'
            END AS fate
            FROM scoped
        )
    """
    parameters = {
        "source": query.source,
        "target": query.target,
        "start": query.start,
        "end": query.end,
        "by": by,
        "modalities": list(query.modalities) if query.modalities is not None else None,
    }
    try:
        connection.register(name, _period_table(dates, by))
        try:
            rows = connection.execute(fated + select, _used(fated + select, parameters)).fetchall()
            fates = connection.execute(
                fated + "SELECT fate, count(*) FROM fated GROUP BY fate", _used(fated, parameters)
            ).fetchall()
        finally:
            connection.unregister(name)
    except duckdb.Error as exc:
        raise StoreError(f"cannot read the events of the store: {exc}") from None
    counts = {fate: int(count) for fate, count in fates}
    return rows, Summary(**{field: counts.get(field, 0) for field in Summary.__dataclass_fields__})


def _used(sql: str, parameters: dict[str, Any]) -> dict[str, Any]:
    """The named parameters the statement uses (DuckDB refuses unused ones)."""
    return {key: value for key, value in parameters.items() if f"${key}" in sql}


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
