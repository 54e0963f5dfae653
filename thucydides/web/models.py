"""The shapes the API answers with, as pydantic models: they document ``/openapi.json`` and
check every answer. The models of the JSON contract are made from the records' fields
(``thucydides.shapes``), so they name and type each field as ``thucydides.contract`` writes it;
spans are ``[start, end]`` character offsets into the document's cleaned text."""

from __future__ import annotations

import dataclasses
from functools import cache
from typing import Annotated, Any, Literal, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, create_model, model_serializer

from .. import shapes
from ..contract import SCHEMA
from ..records import Analysis, Document, Event, Quote
from ..store import LISTED_DOCUMENT_FIELDS, Located
from . import params


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


# The errors an endpoint declares in /openapi.json, by status.
DAMAGED_RESPONSES: dict[int | str, dict[str, Any]] = {
    503: {
        "model": ErrorResponse,
        "description": "The store cannot be read: the file is damaged (code `store_damaged`).",
    }
}
BAD_REQUEST_RESPONSES: dict[int | str, dict[str, Any]] = {
    422: {"model": ErrorResponse, "description": "A parameter is malformed (code `bad_parameter`)."},
    500: {"model": ErrorResponse, "description": "A bug (code `internal`); never caused by a bad request."},
}
READ_RESPONSES = {**BAD_REQUEST_RESPONSES, **DAMAGED_RESPONSES}  # an endpoint that reads the store
NOT_FOUND_RESPONSES: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorResponse, "description": "No such document (code `not_found`)."}
}


# --- the JSON contract: derived from the records (thucydides.shapes) --------------------------


def _model_of(kind: Any) -> Any:
    """The pydantic type of a JSON-side type: a record becomes its model."""
    if dataclasses.is_dataclass(kind):
        return record_model(kind)  # type: ignore[arg-type]
    if get_origin(kind) is list:
        (each,) = get_args(kind)
        return list[_model_of(each)]  # type: ignore[misc]
    return kind


def _definitions(found: tuple[shapes.JsonField, ...]) -> dict[str, Any]:
    definitions: dict[str, Any] = {}
    for each in found:
        if each.nested:
            kind: Any = _group_model(each.name, each.nested)
        else:
            kind = _model_of(each.kind)
        definitions[each.name] = (kind | None if each.nullable else kind, ...)
    return definitions


@cache
def _group_model(name: str, nested: tuple[shapes.JsonField, ...]) -> type[BaseModel]:
    """The model of a sub-object of a record's fields (``Cue``, ``Trigger``)."""
    return create_model(name.title(), __base__=_Model, **_definitions(nested))


@cache
def record_model(record_type: type) -> type[BaseModel]:
    """The model of a record in the JSON contract (``EventRecord`` for ``Event``): its fields,
    in the contract's order, each required, ``null`` where the record's field may be ``None``."""
    return create_model(
        f"{record_type.__name__}Record", __base__=_Model, **_definitions(shapes.json_fields(record_type))
    )


_SENTENCE_SPAN = "The evidence sentence's [start, end] in the document text."


def located_model(record_type: type, description: str) -> type[BaseModel]:
    """An item of /events or /quotes: a :class:`Located` record, its fields in place of it and its
    id under its column name (``event``, described by ``description``)."""
    fields: dict[str, Any] = {}
    for name, definition in _definitions(shapes.json_fields(Located)).items():
        if name == "record":
            for inner, inner_definition in _definitions(shapes.json_fields(record_type)).items():
                if inner == "id":
                    fields[shapes.id_column(record_type)] = (inner_definition[0], Field(description=description))
                else:
                    fields[inner] = inner_definition
        elif name == "sentence_span":
            fields[name] = (definition[0], Field(description=_SENTENCE_SPAN))
        else:
            fields[name] = definition
    return create_model(f"{record_type.__name__}Item", __base__=_Model, **fields)


_CONTRACT = _definitions(shapes.json_fields(Analysis))


class _Contract(_Model):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


ContractDocument = create_model(
    "ContractDocument",
    __base__=_Contract,
    __doc__="One document in the JSON contract (``thucydides analyze --format json``).",
    schema_=(str, Field(alias="schema", examples=[SCHEMA])),
    **_CONTRACT,
)


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


_DOCUMENT = _definitions(shapes.json_fields(Document))

DocumentItem = create_model(
    "DocumentItem",
    __base__=_Model,
    **{name: _DOCUMENT[name] for name in LISTED_DOCUMENT_FIELDS},
    events=(int, ...),
    quotes=(int, ...),
)


class DocumentPage(_Page):
    items: list[DocumentItem]  # type: ignore[valid-type]


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


EventItem = located_model(Event, "The event's id within its document (e1).")


class EventPage(_Page):
    items: list[EventItem]  # type: ignore[valid-type]


QuoteItem = located_model(Quote, "The quote's id within its document (q1).")


class QuotePage(_Page):
    items: list[QuoteItem]  # type: ignore[valid-type]


# --- analysis ------------------------------------------------------------------------------


class SummaryModel(_Model):
    """What was counted and what was left out, and why (``thucydides.dyads.Summary``)."""

    counted: int
    other_modality: int
    one_sided: int = Field(
        default=0, description="Events whose text names no source or no target; present only when above 0."
    )
    no_dyad: int
    undated: int
    unreadable: int
    too_coarse: int
    straddling: int

    # No return annotation: pydantic would take it for the answer's schema (any object) in
    # /openapi.json, where the fields' own schema belongs.
    @model_serializer(mode="wrap")
    def _one_sided_when_any(self, handler: SerializerFunctionWrapHandler):
        counts: dict[str, Any] = handler(self)
        if not counts.get("one_sided"):
            counts.pop("one_sided", None)  # as Summary.to_json: a store without them answers as before
        return counts


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
    """``thucydides.dyads.dyads(...).to_json()``."""

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
    """``thucydides.dyads.network(...).to_json()``."""

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
