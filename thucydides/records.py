"""Typed records passed between the pipeline stages.

Every record that comes from text keeps character offsets (``start``, ``end``, end exclusive)
into the *cleaned* document text and, where it lies in one, its sentence index.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

Span = tuple[int, int]


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
    text: str
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    source: str | None = None
    removed: tuple[str, ...] = ()
    origin: str | None = None  # where it was read (file, file:line), for error messages


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
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

    id: str
    name: str
    country: str | None
    sectors: tuple[str, ...]
    kind: str
    mentions: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Person:
    """A named person, coded by what the text says of them, then by the office-holder table.

    ``actor`` is the CAMEO code the person acts for (``PAKGOV``), ``None`` when neither the
    text nor the table supports one. ``coded_by`` says which: ``text``, ``office`` or ``None``.
    """

    id: str
    name: str
    description: str | None
    title: str | None
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
    geonameid: int | None
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
    ``about`` holds the actor codes mentioned inside the content.
    """

    id: str
    kind: str
    content: str
    spans: tuple[Span, ...]
    cue_text: str | None
    cue_span: Span | None
    speaker: Speaker | None
    sentence: int
    cue_type: str | None = None
    about: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EventParty:
    """One side of an event: the words as written and the actor (and person) they stand for."""

    actor: str | None
    country: str | None
    text: str
    span: Span
    person: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """Who did what to whom, coded in CAMEO (with its PLOVER type, QuadClass and Goldstein weight).

    ``modality``: ``asserted`` (reported as fact), ``negated`` ("did not attack"), ``future``
    ("will visit"), ``hypothetical`` (may, could, if, questions), ``alleged`` (inside someone's
    allegation, suspicion or belief: the claimant's speech act is a separate event with the same
    ``quote``) or ``reported`` (inside other reported speech). ``quote`` is the id of the quote the
    event was read from. ``date_basis`` says where ``date`` came from: ``clause`` (a date in the
    event's own clause), ``sentence`` (the nearest governing date), ``published`` (the publication
    date, for want of better); ``date`` is ``None`` with neither.
    """

    id: str
    cameo: str
    cameo_label: str
    plover: str | None
    quad_class: int
    goldstein: float
    source: EventParty | None
    target: EventParty | None
    trigger_text: str
    trigger_span: Span
    sentence: int
    evidence: str
    modality: str
    quote: str | None
    date: str | None
    date_text: str | None
    place: str | None
    confidence: float
    date_precision: str | None = None
    date_basis: str | None = None
    place_country: str | None = None
    place_lat: float | None = None
    place_lon: float | None = None
    plover_mode: str | None = None


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression and its value: ``2009-07-26`` (day), ``2009-W30`` (ISO week),
    ``2009-07`` (month) or ``2009`` (year), as ``precision`` says; ``None`` when unresolved."""

    text: str
    value: str | None
    span: Span
    precision: str | None = None


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything the pipeline found in one document."""

    document: Document
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...] = ()
    actors: tuple[Actor, ...] = ()
    people: tuple[Person, ...] = ()
    places: tuple[Place, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()
    dates: tuple[DateMention, ...] = ()


@dataclass(frozen=True, slots=True)
class Failure:
    """A document a batch run could not process: where it came from and why."""

    origin: str
    document_id: str | None
    stage: str
    reason: str
    warnings: tuple[str, ...] = field(default=())
