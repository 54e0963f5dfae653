"""The JSON contract (``schema: "thucydides/1"``) and other renderings of an :class:`Analysis`.

``to_json(analysis)`` gives the dict printed by ``thucydides analyze --format json``; see
DESIGN.md for the shape. Fields the text does not support are ``null``.

Actor codes (``actors[].id``, ``people[].actor``, a quote's ``speaker.actor`` and ``about``, an
event party's ``actor``) are CAMEO codes: a country and its roles (``PAKGOV``), a group's or an
international body's code (``AFGINSTAL``, ``IGOUNO``), or, for a role the text names with no
country, ``---`` and the role codes of ``data/roles.tsv`` (``---MIL``, ``---GOVLEG``; never the
international IGO, NGO, NGM or UIS, which have codes of their own). Such an actor's ``country``
is ``null``, its ``sectors`` are its roles and its ``name`` is "unknown country (military)".
"""

from __future__ import annotations

from typing import Any

from .records import Analysis, Event, EventParty, Quote

SCHEMA = "thucydides/1"


def to_json(analysis: Analysis) -> dict[str, Any]:
    """The document's record in the JSON contract."""
    document = analysis.document
    return {
        "schema": SCHEMA,
        "document": {
            "id": document.id,
            "hash": document.hash,
            "title": document.title,
            "published": document.published.isoformat() if document.published else None,
            "source": document.source,
            "url": document.url,
            "text": document.text,
            "removed": list(document.removed),
        },
        "sentences": [[s.start, s.end] for s in analysis.sentences],
        "actors": [
            {
                "id": actor.id,
                "name": actor.name,
                "country": actor.country,
                "sectors": list(actor.sectors),
                "kind": actor.kind,
                "mentions": [list(span) for span in actor.mentions],
            }
            for actor in analysis.actors
        ],
        "people": [
            {
                "id": person.id,
                "name": person.name,
                "title": person.title,
                "description": person.description,
                "country": person.country,
                "actor": person.actor,
                "coded_by": person.coded_by,
                "mentions": [list(span) for span in person.mentions],
            }
            for person in analysis.people
        ],
        "quotes": [quote_json(quote) for quote in analysis.quotes],
        "events": [event_json(event) for event in analysis.events],
        "places": [
            {
                "name": place.name,
                "country": place.country,
                "lat": place.lat,
                "lon": place.lon,
                "geonameid": place.geonameid,
                "kind": place.kind,
                "mentions": [list(span) for span in place.mentions],
            }
            for place in analysis.places
        ],
        "dates": [
            {"text": date.text, "value": date.value, "precision": date.precision, "span": list(date.span)}
            for date in analysis.dates
        ],
    }


def quote_json(quote: Quote) -> dict[str, Any]:
    """A quote in the contract's shape (an item of ``quotes``)."""
    speaker = quote.speaker
    return {
        "id": quote.id,
        "kind": quote.kind,
        "content": quote.content,
        "spans": [list(span) for span in quote.spans],
        "cue": {
            "text": quote.cue_text,
            "span": list(quote.cue_span) if quote.cue_span else None,
            "type": quote.cue_type,
        },
        "speaker": None
        if speaker is None
        else {
            "text": speaker.text,
            "span": list(speaker.span) if speaker.span else None,
            "name": speaker.name,
            "person": speaker.person,
            "actor": speaker.actor,
            "anonymous": speaker.anonymous,
            "description": speaker.description,
        },
        "sentence": quote.sentence,
        "about": list(quote.about),
    }


def _party(party: EventParty | None) -> dict[str, Any] | None:
    if party is None:
        return None
    return {
        "actor": party.actor,
        "country": party.country,
        "person": party.person,
        "text": party.text,
        "span": list(party.span),
    }


def event_json(event: Event) -> dict[str, Any]:
    """An event in the contract's shape (an item of ``events``)."""
    return {
        "id": event.id,
        "cameo": event.cameo,
        "cameo_label": event.cameo_label,
        "plover": event.plover,
        "plover_mode": event.plover_mode,
        "quad_class": event.quad_class,
        "goldstein": event.goldstein,
        "source": _party(event.source),
        "target": _party(event.target),
        "trigger": {"text": event.trigger_text, "span": list(event.trigger_span)},
        "sentence": event.sentence,
        "evidence": event.evidence,
        "modality": event.modality,
        "quote": event.quote,
        "date": event.date,
        "date_text": event.date_text,
        "date_precision": event.date_precision,
        "date_basis": event.date_basis,
        "place": event.place,
        "place_country": event.place_country,
        "place_lat": event.place_lat,
        "place_lon": event.place_lon,
        "confidence": event.confidence,
    }
