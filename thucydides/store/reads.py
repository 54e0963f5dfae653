"""The store read back: a document's analysis as records, and pages of documents, actors,
events and quotes.

Every function takes a DuckDB connection (or cursor) used by one thread and values already
checked; user values reach SQL only as bound parameters. Order of the pages: documents and their
events and quotes newest publication first (undated documents last), then by document hash and
position in the text; actors by mentions, most first.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from .. import shapes
from ..filters import EventFilter
from ..records import Actor, Analysis, Document, Event, Quote, Span, shape
from .schema import ANALYSIS_TABLES, RECORD_TABLES

Record = TypeVar("Record", Event, Quote)


@dataclass(frozen=True, slots=True)
class Page:
    """Page ``number`` (from 1) of ``size`` items."""

    number: int
    size: int

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    def of(self, items: list[Any], total: int) -> dict[str, Any]:
        return {"items": items, "page": self.number, "size": self.size, "total": total}


@dataclass(frozen=True, slots=True)
class Located(Generic[Record]):
    """A stored event or quote with its document and the span of its sentence."""

    doc_hash: str
    document_id: str
    title: str | None
    record: Record = field(metadata=shape(inline=True))  # in JSON, the record's fields stand in its place
    sentence_span: Span | None


def _rows(connection: Any, sql: str, parameters: Mapping[str, Any]) -> list[dict[str, Any]]:
    cursor = connection.execute(sql, dict(parameters))
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _count(connection: Any, sql: str, parameters: Mapping[str, Any]) -> int:
    return int(connection.execute(f"SELECT count(*) FROM ({sql})", dict(parameters)).fetchone()[0])


def _span(start: int | None, end: int | None) -> Span | None:
    return None if start is None or end is None else (start, end)


# --- records from rows ---------------------------------------------------------------------


def quote_record(row: Mapping[str, Any]) -> Quote:
    """A ``quotes`` row as the :class:`Quote` it was written from."""
    return shapes.from_row(RECORD_TABLES["quotes"].record, row)  # type: ignore[no-any-return]


def event_record(row: Mapping[str, Any]) -> Event:
    """An ``events`` row as the :class:`Event` it was written from."""
    return shapes.from_row(RECORD_TABLES["events"].record, row)  # type: ignore[no-any-return]


def outermost(spans: Sequence[Span]) -> tuple[Span, ...]:
    """An actor's mention spans as the actor stage keeps them: each once, and none inside
    another ("the Karzai government" counts once, not again for "Karzai")."""
    kept: list[Span] = []
    for start, end in sorted(set(spans), key=lambda s: (s[0], -s[1])):
        if kept and start >= kept[-1][0] and end <= kept[-1][1]:
            continue
        kept.append((start, end))
    return tuple(kept)


def analysis(connection: Any, key: str) -> Analysis | None:
    """The stored document's :class:`Analysis`; ``None`` when no document has the hash."""
    by_hash = {"key": key}

    def table(name: str) -> list[dict[str, Any]]:
        order = "sentence" if name == "sentences" else "rowid"
        return _rows(connection, f'SELECT * FROM "{name}" WHERE doc_hash = $key ORDER BY {order}', by_hash)

    found = _rows(connection, "SELECT * FROM documents WHERE hash = $key", by_hash)
    if not found:
        return None
    records: dict[str, tuple[Any, ...]] = {}
    for name in ANALYSIS_TABLES:
        if name != "actors":
            records[name] = tuple(shapes.from_row(RECORD_TABLES[name].record, r) for r in table(name))
    actor_spans: dict[str, list[Span]] = defaultdict(list)
    for mention in records["mentions"]:
        if mention.actor is not None:
            actor_spans[mention.actor].append((mention.start, mention.end))
    records["actors"] = tuple(
        shapes.from_row(Actor, r, {"mentions": outermost(actor_spans.get(r["actor"], []))}) for r in table("actors")
    )
    return Analysis(document=shapes.from_row(Document, found[0]), **records)


# --- documents -----------------------------------------------------------------------------

_ESCAPE = "ESCAPE '\\'"  # the escape character of the patterns filters.like builds


# The fields of a document a page of documents leaves out (its text is read one document at a time).
UNLISTED_DOCUMENT_FIELDS = ("text", "removed")
# The fields of a document a page of documents gives, in store order (the hash first).
LISTED_DOCUMENT_FIELDS = tuple(
    c.name for c in RECORD_TABLES["documents"].columns() if c.path[0] not in UNLISTED_DOCUMENT_FIELDS
)


def documents(connection: Any, q: str | None, page: Page) -> dict[str, Any]:
    """A page of documents whose title or id holds ``q`` (an ILIKE pattern), with their counts."""
    where = f"FROM documents WHERE ($q IS NULL OR title ILIKE $q {_ESCAPE} OR id ILIKE $q {_ESCAPE})"
    listed = ", ".join(f'"{name}"' for name in LISTED_DOCUMENT_FIELDS)
    found = _rows(
        connection,
        f"""SELECT {listed} {where}
            ORDER BY published DESC NULLS LAST, id, hash LIMIT $limit OFFSET $offset""",
        {"q": q, "limit": page.size, "offset": page.offset},
    )
    hashes = [row["hash"] for row in found]
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"events": 0, "quotes": 0})
    for table in ("events", "quotes"):
        if not hashes:
            break
        tally = connection.execute(
            f"SELECT doc_hash, count(*) FROM {table} WHERE list_contains($hashes, doc_hash) GROUP BY doc_hash",
            {"hashes": hashes},
        ).fetchall()
        for key, count in tally:
            counts[key][table] = int(count)
    items = [
        row | {"published": row["published"].isoformat() if row["published"] else None, **counts[row["hash"]]}
        for row in found
    ]
    return page.of(items, _count(connection, f"SELECT hash {where}", {"q": q}))


# --- actors --------------------------------------------------------------------------------

_ACTORS = f"""
    WITH coded AS (
        SELECT actor, min(name) AS name, min(country) AS country, min(kind) AS kind,
               count(DISTINCT doc_hash) AS documents, sum(mention_count) AS mentions
        FROM actors GROUP BY actor
    ),
    sources AS (SELECT source_actor AS actor, count(*) AS n FROM events GROUP BY source_actor),
    targets AS (SELECT target_actor AS actor, count(*) AS n FROM events GROUP BY target_actor)
    SELECT coded.actor, coded.name, coded.country, coded.kind, coded.documents, coded.mentions,
           coalesce(sources.n, 0) AS as_source, coalesce(targets.n, 0) AS as_target
    FROM coded LEFT JOIN sources ON sources.actor = coded.actor LEFT JOIN targets ON targets.actor = coded.actor
    WHERE ($q IS NULL OR coded.actor ILIKE $q {_ESCAPE} OR coded.name ILIKE $q {_ESCAPE})
"""


def actors(connection: Any, q: str | None, page: Page) -> dict[str, Any]:
    """A page of actors (codes) over the whole store, most mentioned first."""
    found = _rows(
        connection,
        _ACTORS + " ORDER BY mentions DESC, actor LIMIT $limit OFFSET $offset",
        {"q": q, "limit": page.size, "offset": page.offset},
    )
    items = [row | {"documents": int(row["documents"]), "mentions": int(row["mentions"] or 0)} for row in found]
    return page.of(items, _count(connection, _ACTORS, {"q": q}))


# --- events and quotes ---------------------------------------------------------------------


def _located(row: Mapping[str, Any], record: Any) -> Located[Any]:
    return Located(
        doc_hash=row["doc_hash"],
        document_id=row["document_id"],
        title=row["title"],
        record=record,
        sentence_span=_span(row["sentence_start"], row["sentence_end"]),
    )


def _located_page(
    connection: Any,
    table: str,
    alias: str,
    *,
    condition: str,
    parameters: Mapping[str, Any],
    order: Sequence[str],
    page: Page,
    record: Callable[[dict[str, Any]], Any],
) -> dict[str, Any]:
    """A page of :class:`Located` rows of ``table`` (an event or quote table, ``alias`` in
    ``condition``) with their document and sentence: newest documents first, then by document
    hash, sentence and ``order`` (columns of the table). ``record`` makes a row's record."""
    body = f"""
        FROM {table} AS {alias}
        JOIN documents AS d ON d.hash = {alias}.doc_hash
        LEFT JOIN sentences AS s ON s.doc_hash = {alias}.doc_hash AND s.sentence = {alias}.sentence
        WHERE {condition}
    """
    then = ", ".join(f"{alias}.{column}" for column in order)
    found = _rows(
        connection,
        f"""SELECT {alias}.*, d.id AS document_id, d.title, s."start" AS sentence_start, s."end" AS sentence_end
            {body}
            ORDER BY d.published DESC NULLS LAST, {alias}.doc_hash, {alias}.sentence, {then}
            LIMIT $limit OFFSET $offset""",
        dict(parameters) | {"limit": page.size, "offset": page.offset},
    )
    items = [_located(row, record(row)) for row in found]
    return page.of(items, _count(connection, f"SELECT {alias}.doc_hash {body}", parameters))


def events(
    connection: Any, chosen: EventFilter, page: Page, *, dates: list[str] | None, precisions: Mapping[str, str]
) -> dict[str, Any]:
    """A page of :class:`Located` events. ``dates``: the date values that lie in the filter's
    window (``None`` for no window); ``precisions``: the precision of each date value, for rows
    stored without one."""
    if dates == []:
        return page.of([], 0)
    condition, parameters = chosen.where("e")

    def record(row: dict[str, Any]) -> Event:
        return event_record(row | {"date_precision": row["date_precision"] or precisions.get(row["date"] or "")})

    return _located_page(
        connection,
        "events",
        "e",
        condition=f"{condition} AND ($dates IS NULL OR list_contains($dates, e.date))",
        parameters=parameters | {"dates": dates},
        order=("trigger_start", "event"),
        page=page,
        record=record,
    )


_QUOTE_CONDITION = f"""
    ($speaker IS NULL OR q.speaker_name ILIKE $speaker {_ESCAPE} OR q.speaker_text ILIKE $speaker {_ESCAPE})
    AND ($actor IS NULL OR starts_with(q.speaker_actor, $actor))
    AND ($anonymous IS NULL OR q.speaker_anonymous = $anonymous)
    AND ($doc IS NULL OR q.doc_hash = $doc)
"""


def quotes(
    connection: Any, *, speaker: str | None, actor: str | None, anonymous: bool | None, doc: str | None, page: Page
) -> dict[str, Any]:
    """A page of :class:`Located` quotes."""
    return _located_page(
        connection,
        "quotes",
        "q",
        condition=_QUOTE_CONDITION,
        parameters={"speaker": speaker, "actor": actor, "anonymous": anonymous, "doc": doc},
        order=("cue_start", "quote"),
        page=page,
        record=quote_record,
    )


# --- the whole store -----------------------------------------------------------------------


def counts(connection: Any) -> dict[str, int]:
    documents_count, events_count = connection.execute(
        "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events)"
    ).fetchone()
    return {"documents": int(documents_count), "events": int(events_count)}


def date_values(connection: Any) -> list[str]:
    """The distinct event dates in the store."""
    return [row[0] for row in connection.execute("SELECT DISTINCT date FROM events WHERE date IS NOT NULL").fetchall()]
