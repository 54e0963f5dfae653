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

from . import shapes
from .records import Analysis, Event, Quote

SCHEMA = "thucydides/1"


def to_json(analysis: Analysis) -> dict[str, Any]:
    """The document's record in the JSON contract: its fields as ``thucydides.shapes`` writes
    them (the analysis' mentions are not in it; its sentences are ``[start, end]``)."""
    return {"schema": SCHEMA, **shapes.to_plain(analysis)}


def quote_json(quote: Quote) -> dict[str, Any]:
    """A quote in the contract's shape (an item of ``quotes``)."""
    return shapes.to_plain(quote)


def event_json(event: Event) -> dict[str, Any]:
    """An event in the contract's shape (an item of ``events``)."""
    return shapes.to_plain(event)
