"""The shapes the API answers with, as pydantic models: they document ``/openapi.json`` and
check every answer. Field names are those of the JSON contract (``thucydides.contract``);
spans are ``[start, end]`` character offsets into the document's cleaned text."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from . import params

Span = list[int]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorBody(_Model):
    status: int = Field(description="The HTTP status, repeated.", examples=[422])
    code: str = Field(
        description="What went wrong, for programs.", json_schema_extra={"enum": list(params.ERROR_CODES)}
    )
    message: str = Field(
        description="What went wrong and what would be valid, for people.",
        examples=["from: 2024-13-01 is not a date (YYYY-MM-DD)"],
    )
    parameter: str | None = Field(description="The request parameter at fault, if any.", examples=["from"])


class ErrorResponse(_Model):
    """Every error, whatever the endpoint."""

    error: ErrorBody


# --- the JSON contract ---------------------------------------------------------------------


class DocumentFields(_Model):
    id: str
    hash: str
    title: str | None
    published: str | None
    source: str | None
    url: str | None
    text: str
    removed: list[str]


class ActorRecord(_Model):
    id: str
    name: str
    country: str | None
    sectors: list[str]
    kind: str
    mentions: list[Span]


class PersonRecord(_Model):
    id: str
    name: str
    title: str | None
    description: str | None
    country: str | None
    actor: str | None
    coded_by: str | None
    mentions: list[Span]


class PlaceRecord(_Model):
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None
    kind: str | None
    mentions: list[Span]


class DateRecord(_Model):
    text: str
    value: str | None
    precision: str | None
    span: Span


class Cue(_Model):
    text: str | None
    span: Span | None
    type: str | None


class SpeakerRecord(_Model):
    text: str
    span: Span | None
    name: str | None
    person: str | None
    actor: str | None
    anonymous: bool | None
    description: str | None


class QuoteRecord(_Model):
    id: str
    kind: str
    content: str
    spans: list[Span]
    cue: Cue
    speaker: SpeakerRecord | None
    sentence: int | None
    about: list[str]


class Party(_Model):
    actor: str | None
    country: str | None
    person: str | None
    text: str
    span: Span | None


class Trigger(_Model):
    text: str | None
    span: Span | None


class _EventFields(_Model):
    cameo: str
    cameo_label: str | None
    plover: str | None
    plover_mode: str | None
    quad_class: int | None
    goldstein: float | None
    source: Party | None
    target: Party | None
    trigger: Trigger
    sentence: int | None
    evidence: str | None
    modality: str | None
    quote: str | None
    date: str | None
    date_text: str | None
    date_precision: str | None
    date_basis: str | None
    place: str | None
    place_country: str | None
    place_lat: float | None
    place_lon: float | None
    confidence: float | None


class EventRecord(_EventFields):
    id: str


class ContractDocument(_Model):
    """One document in the JSON contract (``thucydides analyze --format json``)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    schema_: str = Field(alias="schema", examples=["thucydides/1"])
    document: DocumentFields
    sentences: list[Span]
    actors: list[ActorRecord]
    people: list[PersonRecord]
    quotes: list[QuoteRecord]
    events: list[EventRecord]
    places: list[PlaceRecord]
    dates: list[DateRecord]


# The body of POST /analyze, as documented; app checks a body against the same params forms.
class AnalyzeRequest(_Model):
    text: str = Field(
        min_length=1,
        pattern=params.TEXT,
        description="The article, not only white space; at most 200 kB of JSON in all.",
    )
    title: str | None = None
    published: Annotated[str, Field(pattern=params.whole(params.DAY), json_schema_extra={"format": "date"})] | None = (
        Field(default=None, description="Publication date YYYY-MM-DD.", examples=["2009-07-29"])
    )


# --- pages ---------------------------------------------------------------------------------


class _Page(_Model):
    page: int = Field(description="This page's number, from 1.")
    size: int = Field(description="Items per page (at most 200).")
    total: int = Field(description="Items matching the filters, over all pages.")


class DocumentItem(_Model):
    hash: str
    id: str
    title: str | None
    published: str | None
    url: str | None
    source: str | None
    events: int
    quotes: int


class DocumentPage(_Page):
    items: list[DocumentItem]


class ActorItem(_Model):
    actor: str = Field(description="The CAMEO actor code (PAKGOV; ---MIL for a role with no country).")
    name: str
    country: str | None = Field(description="Its CAMEO country code; null for ---MIL, IGOUNO.")
    kind: str
    documents: int = Field(description="Documents that mention it.")
    mentions: int = Field(description="Mentions over all documents.")
    as_source: int = Field(description="Events with it as source (any modality).")
    as_target: int = Field(description="Events with it as target (any modality).")


class ActorPage(_Page):
    items: list[ActorItem]


class EventItem(_EventFields):
    doc_hash: str
    document_id: str
    title: str | None
    event: str = Field(description="The event's id within its document (e1).")
    sentence_span: Span | None = Field(description="The evidence sentence's [start, end] in the document text.")


class EventPage(_Page):
    items: list[EventItem]


class QuoteItem(_Model):
    doc_hash: str
    document_id: str
    title: str | None
    quote: str = Field(description="The quote's id within its document (q1).")
    kind: str
    content: str
    spans: list[Span]
    cue: Cue
    speaker: SpeakerRecord | None
    sentence: int | None
    about: list[str]
    sentence_span: Span | None


class QuotePage(_Page):
    items: list[QuoteItem]


# --- analysis ------------------------------------------------------------------------------


class SummaryModel(_Model):
    """What was counted and what was left out, and why (``thucydides.analysis.Summary``)."""

    counted: int
    other_modality: int
    no_dyad: int
    undated: int
    unreadable: int
    too_coarse: int
    straddling: int


class DyadRowModel(_Model):
    period: str
    source: str
    target: str
    events: int
    q1: int
    q2: int
    q3: int
    q4: int
    goldstein_sum: float
    goldstein_mean: float


class DyadTableModel(_Model):
    """``thucydides.analysis.dyads(...).to_json()``."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    by: str
    level: str
    modalities: list[str] | Literal["all"]
    source: str | None
    target: str | None
    from_: str | None = Field(alias="from")
    to: str | None
    rows: list[DyadRowModel]
    summary: SummaryModel


class NodeModel(_Model):
    code: str
    as_source: int
    as_target: int


class EdgeModel(_Model):
    source: str
    target: str
    count: int
    goldstein_mean: float
    sign: Literal["cooperation", "conflict", "neutral"]


class NetworkModel(_Model):
    """``thucydides.analysis.network(...).to_json()``."""

    level: str
    modalities: list[str] | Literal["all"]
    nodes: list[NodeModel]
    edges: list[EdgeModel]
    labels: dict[str, str] = Field(
        description="Each node's name for readers: PAK Pakistan, ---MIL unknown country (military).",
        examples=[{"PAK": "Pakistan", "---MIL": "unknown country (military)"}],
    )
    summary: SummaryModel


class Health(_Model):
    status: Literal["ok"]
    documents: int
    events: int
