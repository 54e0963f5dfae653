"""The counts behind the dyad series and the actor network (``thucydides.dyads``).

Each event of the filter's scope is given a fate (``counted``, or the first reason it is left
out: ``other_modality``, ``one_sided``, ``no_dyad``, ``undated``, ``unreadable``, ``too_coarse``,
``straddling``), then the counted events are grouped in DuckDB. The period of a date value comes
from a small table built here in Python (one row per distinct date value) that DuckDB joins to
the events. See ``thucydides.dyads`` for what each fate means.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

import pyarrow as pa

from ..errors import StoreError
from ..filters import EventFilter, read_date, side_named

PERIODS = ("day", "week", "month")
LEVELS = ("country", "actor")
_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}

_DYADS = """
    SELECT period, source, target, count(*) AS events,
           count(*) FILTER (WHERE quad_class = 1), count(*) FILTER (WHERE quad_class = 2),
           count(*) FILTER (WHERE quad_class = 3), count(*) FILTER (WHERE quad_class = 4),
           round(sum(weight), 6), round(avg(weight), 3)
    FROM fated WHERE fate = 'counted'
    GROUP BY period, source, target
    ORDER BY period, source, target
"""
_EDGES = """
    SELECT source, target, count(*), round(avg(weight), 3)
    FROM fated WHERE fate = 'counted'
    GROUP BY source, target
    ORDER BY count(*) DESC, source, target
"""


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


def dyad_rows(
    connection: Any, chosen: EventFilter, level: str, by: str
) -> tuple[list[tuple[Any, ...]], dict[str, int]]:
    """(period, source, target, events, q1..q4, Goldstein sum, mean) per dyad and period, and the
    count of each fate."""
    return _fated(connection, chosen, level, by, _DYADS)


def edge_rows(connection: Any, chosen: EventFilter, level: str) -> tuple[list[tuple[Any, ...]], dict[str, int]]:
    """(source, target, events, mean Goldstein) per dyad, and the count of each fate."""
    return _fated(connection, chosen, level, None, _EDGES)


def _fated(
    connection: Any, chosen: EventFilter, level: str, by: str | None, select: str
) -> tuple[list[tuple[Any, ...]], dict[str, int]]:
    """Give each event of the scope its fate, then run ``select`` over the ``fated`` events;
    gives its rows and the count of each fate."""
    import duckdb

    # At country level an actor without a country (---MIL, IGOUNO) has a NULL country, so its
    # events have no dyad ('no_dyad' below); an event whose text names one side only has none at
    # either level ('one_sided').
    side = "country" if level == "country" else "actor"
    condition, filter_parameters = chosen.where("ev", unknown_sides=True, modality=False)
    both_named = f"{side_named('scoped', 'source')} AND {side_named('scoped', 'target')}"
    name = f"_periods_{uuid.uuid4().hex}"  # generated here, never from user input
    fated = f"""
        WITH ev AS (
            SELECT source_{side} AS source, target_{side} AS target, source_country, source_actor,
                   source_text, target_country, target_actor, target_text, quad_class, modality, date,
                   cameo, evidence, doc_hash, round(CAST(goldstein AS DOUBLE), 6) AS weight
            FROM events
        ),
        scoped AS (
            SELECT ev.*, p.period, p.first_day, p.last_day, p.fate AS date_fate
            FROM ev LEFT JOIN {name} AS p ON p.date = ev.date
            WHERE {condition}
              AND ($start IS NULL OR p.last_day IS NULL OR p.last_day >= $start)
              AND ($end IS NULL OR p.first_day IS NULL OR p.first_day <= $end)
        ),
        fated AS (
            SELECT *, CASE
                WHEN $modalities IS NOT NULL AND NOT coalesce(list_contains($modalities, modality), false)
                    THEN 'other_modality'
                WHEN NOT ({both_named}) THEN 'one_sided'
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
    parameters = filter_parameters | {
        "start": chosen.start,
        "end": chosen.end,
        "by": by,
        "modalities": list(chosen.modalities) if chosen.modalities is not None else None,
    }
    try:
        found = connection.execute("SELECT DISTINCT date FROM events WHERE date IS NOT NULL").fetchall()
        dates = [row[0] for row in found]
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
    return rows, {fate: int(count) for fate, count in fates}


def _used(sql: str, parameters: dict[str, Any]) -> dict[str, Any]:
    """The named parameters the statement uses (DuckDB refuses unused ones)."""
    return {key: value for key, value in parameters.items() if f"${key}" in sql}
