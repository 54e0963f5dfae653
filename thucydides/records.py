"""Typed records passed between the pipeline stages, and the one place their fields are written.

Every record that comes from text keeps character offsets (``start``, ``end``, end exclusive)
into the *cleaned* document text and, where it lies in one, its sentence index.

The store's tables, the rows, the JSON contract and the web API's models are derived from these
fields and their types (``thucydides.shapes``), in field order; a field that differs outside
Python says how in its metadata (:func:`shape`). A field added to a record is one edit here: it
becomes a store column (that an older store gains when opened for writing), a key of the JSON
contract and a field of the API's model. Fields with a default are keyword-only where the
contract's order puts them among fields without one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

Span = tuple[int, int]


def shape(
    *,
    column: str | None = None,
    width: str | None = None,
    added: int = 0,
    count: bool = False,
    stored: bool = True,
    json: bool = True,
    nest: str | None = None,
    json_as: tuple[str, ...] | None = None,
    inline: bool = False,
) -> Mapping[str, Any]:
    """How a field differs, outside Python, from what its name and type give (``thucydides.shapes``
    derives the store's columns and the JSON contract from the fields; this is a field's metadata).

    Store: ``column`` renames it (an ``id`` is stored as ``event``, ``quote``...); ``width`` is a
    narrower Arrow type than its type's (``int8``, ``float32``); ``added`` orders a column added
    to the table after its first release: columns added later come last, in the order they were
    added (1, 2, ...), as an older store has them once it gains them; ``count`` stores the
    number of items instead of the items; ``stored=False`` keeps it out of the store.
    JSON: ``json=False`` keeps it out; ``nest`` puts it in a sub-object of that name, under its
    name less the ``nest_`` prefix (``cue_type`` -> ``cue.type``); ``json_as`` writes each item
    (a record) as the list of those of its fields (a sentence as ``[start, end]``); ``inline``
    writes a nested record's fields in its place, its ``id`` under its column name (``event``).
    """
    given = {
        "column": column,
        "width": width,
        "added": added or None,
        "count": count or None,
        "stored": None if stored else False,
        "json": None if json else False,
        "nest": nest,
        "json_as": json_as,
        "inline": inline or None,
    }
    return MappingProxyType({key: value for key, value in given.items() if value is not None})


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One input document as a reader found it, before cleaning.

    ``origin`` names where it came from (``path`` or ``path:line``) for error messages.
    """

    id: str
    text: str
    origin: str
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    source: str | None = None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Document:
    """A cleaned document: every offset in every other record refers to ``text``."""

    id: str
    hash: str
    title: str | None = field(default=None, kw_only=True)
    published: dt.date | None = field(default=None, kw_only=True)
    source: str | None = field(default=None, kw_only=True)
    url: str | None = field(default=None, kw_only=True)
    text: str
    removed: tuple[str, ...] = ()
    # where it was read (file, file:line), for error messages
    origin: str | None = field(default=None, metadata=shape(stored=False, json=False))


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int = field(metadata=shape(column="sentence"))
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Mention:
    """One stretch of text that refers to an actor, a person or both.

    ``kind`` says how it was recognised: ``name`` (a country or group name), ``demonym``
    ("the Pakistanis"), ``seat`` ("Islamabad", "the Kremlin"), ``sector`` ("Pakistani
    officials"), ``group``, ``person``, ``description`` ("the former ambassador") or
    ``pronoun``.
    """

    start: int
    end: int
    text: str
    sentence: int
    kind: str
    actor: str | None = None
    person: str | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    """A CAMEO-coded actor: ``id`` is its code, e.g. ``PAKGOV``, ``USAMIL``, ``AFGINSTAL``.

    ``kind`` is ``state`` (a country or its institutions), ``group`` (named armed group,
    party, movement), ``igo``, ``ngo``, ``region`` (a bloc such as "the West") or ``other``.
    """

    id: str = field(metadata=shape(column="actor"))
    name: str
    country: str | None
    sectors: tuple[str, ...]
    kind: str
    # the store counts them; they are read back from the document's mentions
    mentions: tuple[Span, ...] = field(metadata=shape(column="mention_count", count=True))


@dataclass(frozen=True, slots=True)
class Person:
    """A named person, coded by what the text says of them, then by the office-holder table.

    ``actor`` is the CAMEO code the person acts for (``PAKGOV``), ``None`` when neither the
    text nor the table supports one. ``coded_by`` says which: ``text``, ``office`` or ``None``.
    """

    id: str = field(metadata=shape(column="person"))
    name: str
    title: str | None
    description: str | None
    country: str | None
    actor: str | None
    coded_by: str | None
    mentions: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None = field(metadata=shape(width="int64"))
    kind: str
    mentions: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who made a statement: the words as written, resolved to a person or an actor.

    ``anonymous`` marks unnamed and vague sources ("a senior Western diplomat", "critics");
    their ``description`` is the words that describe them.
    """

    text: str
    span: Span | None
    name: str | None
    person: str | None
    actor: str | None
    anonymous: bool
    description: str | None


@dataclass(frozen=True, slots=True)
class Quote:
    """An attributed statement or claim.

    ``kind``: ``direct`` (inside quote marks), ``indirect`` (reported speech) or ``mixed`` (a
    quoted fragment inside reported speech). ``cue_type``: ``speech`` (say, tell), ``cognition``
    (believe, fear, suspect), ``allegation`` (allege, accuse, claim), ``denial`` (deny),
    ``appeal`` (urge, warn, call for) or ``according_to``; a nominal cue ("the accusation that")
    takes the type of its noun.
    ``about`` holds the actor codes mentioned inside the content. ``coded_by`` says which coder
    found it: ``rules``, ``model`` (the learned attribution tagger alone) or ``both``;
    ``confidence`` is then the tagger's mean probability of the content's words (None for the
    rules alone).
    """

    id: str = field(metadata=shape(column="quote"))
    kind: str
    content: str
    spans: tuple[Span, ...]
    cue_text: str | None = field(metadata=shape(nest="cue"))
    cue_span: Span | None = field(metadata=shape(nest="cue"))
    cue_type: str | None = field(default=None, kw_only=True, metadata=shape(nest="cue"))
    speaker: Speaker | None
    sentence: int
    about: tuple[str, ...] = ()
    coded_by: str = field(default="rules", kw_only=True, metadata=shape(added=4))
    confidence: float | None = field(default=None, kw_only=True, metadata=shape(added=4, width="float32"))


@dataclass(frozen=True, slots=True)
class EventParty:
    """One side of an event: the words as written and the actor (and person) they stand for."""

    actor: str | None
    country: str | None
    person: str | None = field(default=None, kw_only=True, metadata=shape(added=3))
    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class Event:
    """Who did what to whom, coded in CAMEO (with its PLOVER type, QuadClass and Goldstein weight).

    ``modality``: ``asserted`` (reported as fact), ``negated`` ("did not attack"), ``future``
    ("will visit"), ``hypothetical`` (may, could, if, questions), ``alleged`` (inside someone's
    allegation, suspicion or belief: the claimant's speech act is a separate event with the same
    ``quote``) or ``reported`` (inside other reported speech). ``quote`` is the id of the quote the
    event was read from. ``date_basis`` says where ``date`` came from: ``clause`` (a date in the
    event's own clause), ``sentence`` (the nearest governing date), ``published`` (the publication
    date, for want of better); ``date`` is ``None`` with neither. ``coded_by`` says which coder
    found it: ``rules``, ``model`` (the learned coder alone) or ``both``; ``confidence`` is then
    the model's calibrated probability that the sentence reports an event. A side the text does
    not name is ``None`` (never both).
    """

    id: str = field(metadata=shape(column="event"))
    cameo: str
    cameo_label: str
    plover: str | None
    plover_mode: str | None = field(default=None, kw_only=True, metadata=shape(added=2))
    quad_class: int = field(metadata=shape(width="int8"))
    goldstein: float = field(metadata=shape(width="float32"))
    source: EventParty | None
    target: EventParty | None
    trigger_text: str = field(metadata=shape(nest="trigger"))
    trigger_span: Span = field(metadata=shape(nest="trigger"))
    sentence: int
    evidence: str
    modality: str
    quote: str | None
    date: str | None
    date_text: str | None
    date_precision: str | None = field(default=None, kw_only=True, metadata=shape(added=1))
    date_basis: str | None = field(default=None, kw_only=True, metadata=shape(added=1))
    place: str | None
    place_country: str | None = field(default=None, kw_only=True, metadata=shape(added=1))
    place_lat: float | None = field(default=None, kw_only=True, metadata=shape(added=1))
    place_lon: float | None = field(default=None, kw_only=True, metadata=shape(added=1))
    confidence: float = field(metadata=shape(width="float32"))
    coded_by: str = field(default="rules", kw_only=True, metadata=shape(added=3))


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression and its value: ``2009-07-26`` (day), ``2009-W30`` (ISO week),
    ``2009-07`` (month) or ``2009`` (year), as ``precision`` says; ``None`` when unresolved."""

    text: str
    value: str | None
    precision: str | None = field(default=None, kw_only=True)
    span: Span


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything the pipeline found in one document."""

    document: Document
    sentences: tuple[Sentence, ...] = field(metadata=shape(json_as=("start", "end")))
    mentions: tuple[Mention, ...] = field(default=(), metadata=shape(json=False))
    actors: tuple[Actor, ...] = ()
    people: tuple[Person, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()
    places: tuple[Place, ...] = ()
    dates: tuple[DateMention, ...] = ()


@dataclass(frozen=True, slots=True)
class Failure:
    """A document a batch run could not process: where it came from and why."""

    origin: str
    document_id: str | None
    stage: str
    reason: str
    warnings: tuple[str, ...] = field(default=(), metadata=shape(stored=False))
