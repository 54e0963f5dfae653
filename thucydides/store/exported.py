"""The store read for the exports: each event with what GDELT and PLOVER need of its document,
and whole tables copied to Parquet.

An event is in the lead when its sentence is one of the first two of the lead paragraph: the
first paragraph of the cleaned text, or the second when the first is the headline.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import shapes
from ..filters import EventFilter
from ..records import EventParty
from .schema import RECORD_TABLES, TABLES, projection

_BREAK = "(chr(10) || chr(10))"  # the blank line between paragraphs, in SQL


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """One event read back from the store with what the exports need of its document."""

    row: Mapping[str, Any]  # the events table's columns, by name
    document_id: str | None
    document_title: str | None
    document_published: dt.date | None
    document_source: str | None
    document_url: str | None
    in_lead: bool  # its sentence is in the lead (see IsRootEvent)
    source_sectors: tuple[str, ...]
    target_sectors: tuple[str, ...]
    place_kind: str | None

    def party(self, side: str) -> EventParty | None:
        """The event's ``source`` or ``target``, as the store holds it."""
        party: EventParty | None = getattr(shapes.from_row(RECORD_TABLES["events"].record, self.row), side)
        return party


def stored_events(connection: Any, present: Mapping[str, set[str]], chosen: EventFilter) -> Iterator[StoredEvent]:
    """The events of the filter (its window aside), in document order, then text order.

    An event is in the lead when its sentence is one of the first two of the lead paragraph:
    the first paragraph of the cleaned text, or the second when the first is the headline."""
    where, parameters = chosen.where("ev")
    sql = f"""
        WITH ev AS ({projection("events", present)}),
        place_kinds AS (SELECT doc_hash, name, country, min(kind) AS kind FROM places GROUP BY ALL),
        openings AS (
            SELECT hash, text, CASE WHEN title IS NOT NULL AND starts_with(text, title || {_BREAK})
                                    THEN length(title) + 2 ELSE 0 END AS lead_start
            FROM documents
        ),
        leads AS (
            SELECT hash, lead_start, CASE WHEN strpos(substr(text, lead_start + 1), {_BREAK}) = 0 THEN length(text)
                                          ELSE lead_start + strpos(substr(text, lead_start + 1), {_BREAK}) - 1
                                     END AS lead_end
            FROM openings
        ),
        lead_sentences AS (
            SELECT s.doc_hash, s.sentence, row_number() OVER (PARTITION BY s.doc_hash ORDER BY s.sentence) AS nth
            FROM sentences AS s JOIN leads AS l ON l.hash = s.doc_hash
            WHERE s.start >= l.lead_start AND s.start < l.lead_end
        )
        SELECT ev.*, d.id AS document_id, d.title AS document_title, d.published AS document_published,
               d.source AS document_source, d.url AS document_url, coalesce(ls.nth <= 2, false) AS in_lead,
               sa.sectors AS source_sectors, ta.sectors AS target_sectors, pk.kind AS place_kind
        FROM ev
        LEFT JOIN documents AS d ON d.hash = ev.doc_hash
        LEFT JOIN lead_sentences AS ls ON ls.doc_hash = ev.doc_hash AND ls.sentence = ev.sentence
        LEFT JOIN actors AS sa ON sa.doc_hash = ev.doc_hash AND sa.actor = ev.source_actor
        LEFT JOIN actors AS ta ON ta.doc_hash = ev.doc_hash AND ta.actor = ev.target_actor
        LEFT JOIN place_kinds AS pk
            ON pk.doc_hash = ev.doc_hash AND pk.name = ev.place AND pk.country IS NOT DISTINCT FROM ev.place_country
        WHERE {where}
        ORDER BY d.published NULLS LAST, d.id, ev.doc_hash, ev.sentence, ev.trigger_start, ev.event
    """
    cursor = connection.execute(sql, parameters)
    names = [column[0] for column in cursor.description]
    event_columns = [name for name, _ in TABLES["events"]]
    while batch := cursor.fetchmany(2048):
        for values in batch:
            found = dict(zip(names, values, strict=True))
            yield StoredEvent(
                row={name: found[name] for name in event_columns},
                document_id=found["document_id"],
                document_title=found["document_title"],
                document_published=found["document_published"],
                document_source=found["document_source"],
                document_url=found["document_url"],
                in_lead=found["in_lead"],
                source_sectors=tuple(found["source_sectors"] or ()),
                target_sectors=tuple(found["target_sectors"] or ()),
                place_kind=found["place_kind"],
            )


def count_other_modalities(connection: Any, chosen: EventFilter) -> int:
    """How many events the filter leaves out for their modality alone."""
    if chosen.modalities is None:
        return 0
    others, parameters = dataclasses.replace(chosen, modalities=None).where("e")
    row = connection.execute(
        f"SELECT count(*) FROM events AS e WHERE {others} "
        "AND NOT coalesce(list_contains($modalities, e.modality), false)",
        parameters | {"modalities": list(chosen.modalities)},
    ).fetchone()
    return int(row[0])


def copy_to_parquet(connection: Any, present: Mapping[str, set[str]], table: str, path: Path) -> int:
    """Write the table in store order (a column the store lacks is NULL) to ``path`` as Parquet;
    gives its rows."""
    select = projection(table, present)
    connection.execute(f"COPY ({select}) TO {_sql_string(path)} (FORMAT PARQUET)")
    return int(connection.execute(f"SELECT count(*) FROM ({select})").fetchone()[0])


def _sql_string(path: Path) -> str:
    """A path as a SQL string literal: a quote in it is doubled, so it cannot end the string."""
    return "'" + str(path).replace("'", "''") + "'"
