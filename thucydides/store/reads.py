"""The store read back: a document's analysis as records, and pages of documents, actors,
events and quotes.

Every function takes a DuckDB connection (or cursor) used by one thread and values already
checked; user values reach SQL only as bound parameters. Order of the pages: documents and their
events and quotes newest publication first (undated documents last), then by document hash and
position in the text; actors by mentions, most first.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from ..filters import EventFilter
from ..records import (
    Actor,
    Analysis,
    DateMention,
    Document,
    Event,
    EventParty,
    Mention,
    Person,
    Place,
    Quote,
    Sentence,
    Span,
    Speaker,
)

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

    record: Record
    doc_hash: str
    document_id: str
    title: str | None
    sentence_span: Span | None


def _rows(connection: Any, sql: str, parameters: Mapping[str, Any]) -> list[dict[str, Any]]:
    cursor = connection.execute(sql, dict(parameters))
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _count(connection: Any, sql: str, parameters: Mapping[str, Any]) -> int:
    return int(connection.execute(f"SELECT count(*) FROM ({sql})", dict(parameters)).fetchone()[0])


def _span(start: int | None, end: int | None) -> Span | None:
    return None if start is None or end is None else (start, end)


def _spans(structs: Sequence[dict[str, int]] | None) -> tuple[Span, ...]:
    return tuple((s["start"], s["end"]) for s in structs or ())


def _float(value: float) -> float:
    """A FLOAT column as the value written (``-0.3``, not ``-0.30000001192092896``)."""
    return round(float(value), 6)


# --- records from rows ---------------------------------------------------------------------


def quote_record(row: Mapping[str, Any]) -> Quote:
    """A ``quotes`` row as the :class:`Quote` it was written from."""
    speaker = None
    if row["speaker_text"] is not None:
        speaker = Speaker(
            text=row["speaker_text"],
            span=_span(row["speaker_start"], row["speaker_end"]),
            name=row["speaker_name"],
            person=row["speaker_person"],
            actor=row["speaker_actor"],
            anonymous=row["speaker_anonymous"],
            description=row["speaker_description"],
        )
    return Quote(
        id=row["quote"],
        kind=row["kind"],
        content=row["content"],
        spans=_spans(row["spans"]),
        cue_text=row["cue_text"],
        cue_span=_span(row["cue_start"], row["cue_end"]),
        speaker=speaker,
        sentence=row["sentence"],
        cue_type=row["cue_type"],
        about=tuple(row["about"] or ()),
    )


def _party(row: Mapping[str, Any], side: str) -> EventParty | None:
    if row[f"{side}_text"] is None:
        return None
    return EventParty(
        actor=row[f"{side}_actor"],
        country=row[f"{side}_country"],
        text=row[f"{side}_text"],
        span=(row[f"{side}_start"], row[f"{side}_end"]),
        person=row[f"{side}_person"],
    )


def event_record(row: Mapping[str, Any]) -> Event:
    """An ``events`` row as the :class:`Event` it was written from."""
    return Event(
        id=row["event"],
        cameo=row["cameo"],
        cameo_label=row["cameo_label"],
        plover=row["plover"],
        quad_class=row["quad_class"],
        goldstein=_float(row["goldstein"]),
        source=_party(row, "source"),
        target=_party(row, "target"),
        trigger_text=row["trigger_text"],
        trigger_span=(row["trigger_start"], row["trigger_end"]),
        sentence=row["sentence"],
        evidence=row["evidence"],
        modality=row["modality"],
        quote=row["quote"],
        date=row["date"],
        date_text=row["date_text"],
        place=row["place"],
        confidence=_float(row["confidence"]),
        date_precision=row["date_precision"],
        date_basis=row["date_basis"],
        place_country=row["place_country"],
        place_lat=row["place_lat"],
        place_lon=row["place_lon"],
        plover_mode=row["plover_mode"],
    )


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

    def table(sql: str) -> list[dict[str, Any]]:
        return _rows(connection, sql, by_hash)

    found = table("SELECT id, hash, title, published, source, url, text, removed FROM documents WHERE hash = $key")
    if not found:
        return None
    head = found[0]
    document = Document(
        id=head["id"],
        hash=head["hash"],
        text=head["text"],
        title=head["title"],
        published=head["published"],
        url=head["url"],
        source=head["source"],
        removed=tuple(head["removed"] or ()),
    )
    mentions = tuple(
        Mention(r["start"], r["end"], r["text"], r["sentence"], r["kind"], r["actor"], r["person"])
        for r in table("SELECT * FROM mentions WHERE doc_hash = $key ORDER BY rowid")
    )
    actor_spans: dict[str, list[Span]] = defaultdict(list)
    for mention in mentions:
        if mention.actor is not None:
            actor_spans[mention.actor].append((mention.start, mention.end))
    return Analysis(
        document=document,
        sentences=tuple(
            Sentence(r["sentence"], r["start"], r["end"])
            for r in table('SELECT sentence, "start", "end" FROM sentences WHERE doc_hash = $key ORDER BY sentence')
        ),
        mentions=mentions,
        actors=tuple(
            Actor(
                r["actor"],
                r["name"],
                r["country"],
                tuple(r["sectors"] or ()),
                r["kind"],
                outermost(actor_spans.get(r["actor"], [])),
            )
            for r in table("SELECT * FROM actors WHERE doc_hash = $key ORDER BY rowid")
        ),
        people=tuple(
            Person(
                id=r["person"],
                name=r["name"],
                description=r["description"],
                title=r["title"],
                country=r["country"],
                actor=r["actor"],
                coded_by=r["coded_by"],
                mentions=_spans(r["mentions"]),
            )
            for r in table("SELECT * FROM people WHERE doc_hash = $key ORDER BY rowid")
        ),
        places=tuple(
            Place(r["name"], r["country"], r["lat"], r["lon"], r["geonameid"], r["kind"], _spans(r["mentions"]))
            for r in table("SELECT * FROM places WHERE doc_hash = $key ORDER BY rowid")
        ),
        quotes=tuple(quote_record(r) for r in table("SELECT * FROM quotes WHERE doc_hash = $key ORDER BY rowid")),
        events=tuple(event_record(r) for r in table("SELECT * FROM events WHERE doc_hash = $key ORDER BY rowid")),
        dates=tuple(
            DateMention(r["text"], r["value"], (r["start"], r["end"]), r["precision"])
            for r in table("SELECT * FROM dates WHERE doc_hash = $key ORDER BY rowid")
        ),
    )


# --- documents -----------------------------------------------------------------------------

_ESCAPE = "ESCAPE '\\'"  # the escape character of the patterns filters.like builds


def documents(connection: Any, q: str | None, page: Page) -> dict[str, Any]:
    """A page of documents whose title or id holds ``q`` (an ILIKE pattern), with their counts."""
    where = f"FROM documents WHERE ($q IS NULL OR title ILIKE $q {_ESCAPE} OR id ILIKE $q {_ESCAPE})"
    found = _rows(
        connection,
        f"""SELECT hash, id, title, published, url, source {where}
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
        record, row["doc_hash"], row["document_id"], row["title"], _span(row["sentence_start"], row["sentence_end"])
    )


def events(
    connection: Any, chosen: EventFilter, page: Page, *, dates: list[str] | None, precisions: Mapping[str, str]
) -> dict[str, Any]:
    """A page of :class:`Located` events. ``dates``: the date values that lie in the filter's
    window (``None`` for no window); ``precisions``: the precision of each date value, for rows
    stored without one."""
    if dates == []:
        return page.of([], 0)
    condition, parameters = chosen.where("e")
    body = f"""
        FROM events AS e
        JOIN documents AS d ON d.hash = e.doc_hash
        LEFT JOIN sentences AS s ON s.doc_hash = e.doc_hash AND s.sentence = e.sentence
        WHERE {condition}
          AND ($dates IS NULL OR list_contains($dates, e.date))
    """
    parameters |= {"dates": dates}
    found = _rows(
        connection,
        f"""SELECT e.*, d.id AS document_id, d.title, s."start" AS sentence_start, s."end" AS sentence_end
            {body}
            ORDER BY d.published DESC NULLS LAST, e.doc_hash, e.sentence, e.trigger_start, e.event
            LIMIT $limit OFFSET $offset""",
        parameters | {"limit": page.size, "offset": page.offset},
    )
    items = []
    for row in found:
        filled = row | {"date_precision": row["date_precision"] or precisions.get(row["date"] or "")}
        items.append(_located(row, event_record(filled)))
    return page.of(items, _count(connection, f"SELECT e.event {body}", parameters))


_QUOTES = f"""
    FROM quotes AS q
    JOIN documents AS d ON d.hash = q.doc_hash
    LEFT JOIN sentences AS s ON s.doc_hash = q.doc_hash AND s.sentence = q.sentence
    WHERE ($speaker IS NULL OR q.speaker_name ILIKE $speaker {_ESCAPE} OR q.speaker_text ILIKE $speaker {_ESCAPE})
      AND ($actor IS NULL OR starts_with(q.speaker_actor, $actor))
      AND ($anonymous IS NULL OR q.speaker_anonymous = $anonymous)
      AND ($doc IS NULL OR q.doc_hash = $doc)
"""


def quotes(
    connection: Any, *, speaker: str | None, actor: str | None, anonymous: bool | None, doc: str | None, page: Page
) -> dict[str, Any]:
    """A page of :class:`Located` quotes."""
    parameters = {"speaker": speaker, "actor": actor, "anonymous": anonymous, "doc": doc}
    found = _rows(
        connection,
        f"""SELECT q.*, d.id AS document_id, d.title, s."start" AS sentence_start, s."end" AS sentence_end
            {_QUOTES}
            ORDER BY d.published DESC NULLS LAST, q.doc_hash, q.sentence, q.cue_start, q.quote
            LIMIT $limit OFFSET $offset""",
        parameters | {"limit": page.size, "offset": page.offset},
    )
    items = [_located(row, quote_record(row)) for row in found]
    return page.of(items, _count(connection, f"SELECT q.quote {_QUOTES}", parameters))


# --- the whole store -----------------------------------------------------------------------


def counts(connection: Any) -> dict[str, int]:
    documents_count, events_count = connection.execute(
        "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events)"
    ).fetchone()
    return {"documents": int(documents_count), "events": int(events_count)}


def date_values(connection: Any) -> list[str]:
    """The distinct event dates in the store."""
    return [row[0] for row in connection.execute("SELECT DISTINCT date FROM events WHERE date IS NOT NULL").fetchall()]
