"""The SQL behind the API: pages of documents, actors, events and quotes, and one document
rebuilt in the JSON contract. Every function takes a DuckDB connection used by one thread and
values already checked (``params``); request values reach SQL only as bound parameters.

Order of the pages: documents and their events and quotes newest publication first (undated
documents last), then by document hash and position in the text; actors by mentions, most first.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from ..export import SCHEMA
from .params import Page

_ESCAPE = "ESCAPE '\\'"  # the escape character of the patterns params.like builds


def _rows(connection: Any, sql: str, parameters: dict[str, Any]) -> list[dict[str, Any]]:
    cursor = connection.execute(sql, parameters)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _count(connection: Any, sql: str, parameters: dict[str, Any]) -> int:
    return int(connection.execute(f"SELECT count(*) FROM ({sql})", parameters).fetchone()[0])


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _span(start: int | None, end: int | None) -> list[int] | None:
    return None if start is None or end is None else [start, end]


def _spans(structs: Sequence[dict[str, int]] | None) -> list[list[int]]:
    return [[s["start"], s["end"]] for s in structs or ()]


def _float(value: float | None) -> float | None:
    """A FLOAT column as the value written (``-0.3``, not ``-0.30000001192092896``)."""
    return None if value is None else round(float(value), 6)


# --- documents -----------------------------------------------------------------------------


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
    items = [row | {"published": _iso(row["published"]), **counts[row["hash"]]} for row in found]
    return page.of(items, _count(connection, f"SELECT hash {where}", {"q": q}))


def document(connection: Any, key: str) -> dict[str, Any] | None:
    """The stored document in the JSON contract (``export.to_json``); ``None`` when unknown."""
    by_hash = {"key": key}
    rows = _rows(
        connection,
        "SELECT id, hash, title, published, source, url, text, removed FROM documents WHERE hash = $key",
        by_hash,
    )
    if not rows:
        return None
    head = rows[0] | {"published": _iso(rows[0]["published"]), "removed": list(rows[0]["removed"] or [])}

    def table(sql: str) -> list[dict[str, Any]]:
        return _rows(connection, sql, by_hash)

    sentences = [
        [row["start"], row["end"]]
        for row in table('SELECT "start", "end" FROM sentences WHERE doc_hash = $key ORDER BY sentence')
    ]
    actor_spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for row in table('SELECT actor, "start", "end" FROM mentions WHERE doc_hash = $key AND actor IS NOT NULL'):
        actor_spans[row["actor"]].append((row["start"], row["end"]))
    actors = [
        {
            "id": row["actor"],
            "name": row["name"],
            "country": row["country"],
            "sectors": list(row["sectors"] or []),
            "kind": row["kind"],
            "mentions": [list(span) for span in outermost(actor_spans.get(row["actor"], []))],
        }
        for row in table("SELECT actor, name, country, sectors, kind FROM actors WHERE doc_hash = $key ORDER BY rowid")
    ]
    people = [
        {
            "id": row["person"],
            "name": row["name"],
            "title": row["title"],
            "description": row["description"],
            "country": row["country"],
            "actor": row["actor"],
            "coded_by": row["coded_by"],
            "mentions": _spans(row["mentions"]),
        }
        for row in table("SELECT * FROM people WHERE doc_hash = $key ORDER BY rowid")
    ]
    places = [
        {
            "name": row["name"],
            "country": row["country"],
            "lat": row["lat"],
            "lon": row["lon"],
            "geonameid": row["geonameid"],
            "kind": row["kind"],
            "mentions": _spans(row["mentions"]),
        }
        for row in table("SELECT * FROM places WHERE doc_hash = $key ORDER BY rowid")
    ]
    dates = [
        {"text": row["text"], "value": row["value"], "precision": row["precision"], "span": [row["start"], row["end"]]}
        for row in table(
            'SELECT text, value, precision, "start", "end" FROM dates WHERE doc_hash = $key ORDER BY rowid'
        )
    ]
    return {
        "schema": SCHEMA,
        "document": head,
        "sentences": sentences,
        "actors": actors,
        "people": people,
        "quotes": [quote(row) for row in table("SELECT * FROM quotes WHERE doc_hash = $key ORDER BY rowid")],
        "events": [contract_event(row) for row in table("SELECT * FROM events WHERE doc_hash = $key ORDER BY rowid")],
        "places": places,
        "dates": dates,
    }


def outermost(spans: Sequence[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """An actor's mention spans as the actor stage keeps them: each once, and none inside
    another ("the Karzai government" counts once, not again for "Karzai")."""
    kept: list[tuple[int, int]] = []
    for start, end in sorted(set(spans), key=lambda s: (s[0], -s[1])):
        if kept and start >= kept[-1][0] and end <= kept[-1][1]:
            continue
        kept.append((start, end))
    return tuple(kept)


def quote(row: dict[str, Any]) -> dict[str, Any]:
    """A ``quotes`` row in the contract's shape."""
    return {
        "id": row["quote"],
        "kind": row["kind"],
        "content": row["content"],
        "spans": _spans(row["spans"]),
        "cue": {"text": row["cue_text"], "span": _span(row["cue_start"], row["cue_end"]), "type": row["cue_type"]},
        "speaker": None
        if row["speaker_text"] is None
        else {
            "text": row["speaker_text"],
            "span": _span(row["speaker_start"], row["speaker_end"]),
            "name": row["speaker_name"],
            "person": row["speaker_person"],
            "actor": row["speaker_actor"],
            "anonymous": row["speaker_anonymous"],
            "description": row["speaker_description"],
        },
        "sentence": row["sentence"],
        "about": list(row["about"] or []),
    }


def _party(row: dict[str, Any], side: str) -> dict[str, Any] | None:
    if row[f"{side}_text"] is None:
        return None
    return {
        "actor": row[f"{side}_actor"],
        "country": row[f"{side}_country"],
        "person": row[f"{side}_person"],
        "text": row[f"{side}_text"],
        "span": _span(row[f"{side}_start"], row[f"{side}_end"]),
    }


def contract_event(row: dict[str, Any]) -> dict[str, Any]:
    """An ``events`` row in the contract's shape."""
    return {
        "id": row["event"],
        "cameo": row["cameo"],
        "cameo_label": row["cameo_label"],
        "plover": row["plover"],
        "plover_mode": row["plover_mode"],
        "quad_class": row["quad_class"],
        "goldstein": _float(row["goldstein"]),
        "source": _party(row, "source"),
        "target": _party(row, "target"),
        "trigger": {"text": row["trigger_text"], "span": _span(row["trigger_start"], row["trigger_end"])},
        "sentence": row["sentence"],
        "evidence": row["evidence"],
        "modality": row["modality"],
        "quote": row["quote"],
        "date": row["date"],
        "date_text": row["date_text"],
        "date_precision": row["date_precision"],
        "date_basis": row["date_basis"],
        "place": row["place"],
        "place_country": row["place_country"],
        "place_lat": row["place_lat"],
        "place_lon": row["place_lon"],
        "confidence": _float(row["confidence"]),
    }


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


# --- events --------------------------------------------------------------------------------

_EVENTS = f"""
    FROM events AS e
    JOIN documents AS d ON d.hash = e.doc_hash
    LEFT JOIN sentences AS s ON s.doc_hash = e.doc_hash AND s.sentence = e.sentence
    WHERE ($source IS NULL OR e.source_country = $source OR starts_with(e.source_actor, $source))
      AND ($target IS NULL OR e.target_country = $target OR starts_with(e.target_actor, $target))
      AND ($cameo IS NULL OR starts_with(e.cameo, $cameo))
      AND ($quad IS NULL OR e.quad_class = $quad)
      AND ($modalities IS NULL OR list_contains($modalities, e.modality))
      AND ($dates IS NULL OR list_contains($dates, e.date))
      AND ($q IS NULL OR e.evidence ILIKE $q {_ESCAPE})
      AND ($doc IS NULL OR e.doc_hash = $doc)
"""


def events(
    connection: Any,
    *,
    source: str | None,
    target: str | None,
    cameo: str | None,
    quad: int | None,
    modalities: tuple[str, ...] | None,
    dates: list[str] | None,
    q: str | None,
    doc: str | None,
    precisions: dict[str, str],
    page: Page,
) -> dict[str, Any]:
    """A page of events with their document and sentence span. ``dates``: the date values that
    lie in the requested window (``None`` for no window); ``precisions``: the precision of each
    date value, for rows stored without one."""
    if dates == []:
        return page.of([], 0)
    parameters: dict[str, Any] = {
        "source": source,
        "target": target,
        "cameo": cameo,
        "quad": quad,
        "modalities": list(modalities) if modalities is not None else None,
        "dates": dates,
        "q": q,
        "doc": doc,
    }
    found = _rows(
        connection,
        f"""SELECT e.*, d.id AS document_id, d.title, s."start" AS sentence_start, s."end" AS sentence_end
            {_EVENTS}
            ORDER BY d.published DESC NULLS LAST, e.doc_hash, e.sentence, e.trigger_start, e.event
            LIMIT $limit OFFSET $offset""",
        parameters | {"limit": page.size, "offset": page.offset},
    )
    items = []
    for row in found:
        event = contract_event(row)
        items.append(
            {
                "doc_hash": row["doc_hash"],
                "document_id": row["document_id"],
                "title": row["title"],
                "event": event.pop("id"),
                **event,
                "date_precision": row["date_precision"] or precisions.get(row["date"] or ""),
                "sentence_span": _span(row["sentence_start"], row["sentence_end"]),
            }
        )
    return page.of(items, _count(connection, f"SELECT e.event {_EVENTS}", parameters))


# --- quotes --------------------------------------------------------------------------------

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
    """A page of quotes with their document and sentence span."""
    parameters = {"speaker": speaker, "actor": actor, "anonymous": anonymous, "doc": doc}
    found = _rows(
        connection,
        f"""SELECT q.*, d.id AS document_id, d.title, s."start" AS sentence_start, s."end" AS sentence_end
            {_QUOTES}
            ORDER BY d.published DESC NULLS LAST, q.doc_hash, q.sentence, q.cue_start, q.quote
            LIMIT $limit OFFSET $offset""",
        parameters | {"limit": page.size, "offset": page.offset},
    )
    items = []
    for row in found:
        shaped = quote(row)
        items.append(
            {
                "doc_hash": row["doc_hash"],
                "document_id": row["document_id"],
                "title": row["title"],
                "quote": shaped.pop("id"),
                **shaped,
                "sentence_span": _span(row["sentence_start"], row["sentence_end"]),
            }
        )
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
