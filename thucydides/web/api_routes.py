"""The JSON API's read endpoints: ``/health``, documents, actors, events, quotes, dyad series and
the actor network, each a plain function run in a thread pool over a connection borrowed from
the pool (``pool.Connections``).

Each query parameter is declared here with the form ``params`` checks (its ``pattern``, ``enum``
and bounds in ``/openapi.json``), so a value the schema allows is never refused for its form.
The event, dyad and network answers are cached (``pool.AnswerCache``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import FastAPI, Query
from fastapi import Path as PathParam

from .. import dyads as dyad_reads
from ..contract import to_json
from ..filters import read_date
from ..shapes import to_plain
from ..store import Page
from . import models, params
from .pool import AnswerCache, Connections


def _matching(form: str, description: str, *, alias: str | None = None, **schema: Any) -> Any:
    """A query parameter whose value is empty or matches ``form`` (``params``), as declared."""
    extra = {"pattern": params.optional(form), **schema}
    return Query(alias=alias, description=description, json_schema_extra=extra)


def _one_of(choices: Sequence[str], description: str) -> Any:
    """A query parameter whose value is empty or one of ``choices``, as declared."""
    return Query(description=description, json_schema_extra={"enum": ["", *choices]})


# Query parameters shared by several endpoints. The validators in ``params`` take exactly what
# these declare: the empty value (no filter), or one of the form written there.
_CALENDAR_DAY = {"anyOf": [{"format": "date"}, {"maxLength": 0}]}  # the pattern allows 2023-02-30
Size = Annotated[int, Query(ge=1, le=params.MAX_SIZE, description="Items per page, at most 200.")]
PageNumber = Annotated[int, Query(ge=1, le=params.MAX_PAGE, description="Page number, from 1.")]
From = Annotated[str, _matching(params.DAY, "First day YYYY-MM-DD (inclusive).", alias="from", **_CALENDAR_DAY)]
To = Annotated[str, _matching(params.DAY, "Last day YYYY-MM-DD (inclusive).", alias="to", **_CALENDAR_DAY)]
Modality = Annotated[
    str,
    _matching(params.MODALITY, "asserted, negated, alleged, hypothetical, future, reported; a comma list; or all."),
]
Code = Annotated[str, _matching(params.CODE, "A country (PAK) or an actor-code prefix (PAKGOV, ---MIL).")]
Doc = Annotated[str, _matching(params.HASH, "A document hash (64 hex digits).")]
AnalysisModality = Annotated[str, _matching(params.MODALITY, "As /events; default asserted only.")]
Level = Annotated[str, _one_of(dyad_reads.LEVELS, "Dyads of countries (PAK) or actor codes (default country).")]

_DAMAGED = models.DAMAGED_RESPONSES
_ERRORS = models.READ_RESPONSES
_NOT_FOUND = models.NOT_FOUND_RESPONSES


def add_read_routes(app: FastAPI, connections: Connections, *, date_values: Sequence[str], cache: AnswerCache) -> None:
    """Add the read endpoints to ``app``. ``date_values``: the store's distinct event dates, read
    once at start (while the server holds the store, no other process can write it)."""
    spans = {value: read_date(value) for value in date_values}
    precisions = {value: dated.precision for value, dated in spans.items() if dated is not None}

    def page_of(number: int, size: int) -> Page:
        return Page(number, size)

    @app.get("/health", response_model=models.Health, responses=_DAMAGED, tags=["store"])
    def health() -> dict[str, Any]:
        """The store's document and event counts; 503 (``store_damaged``) when the store cannot be
        read: a read has failed on a damaged file since the start, or the file is found damaged now."""
        with connections.read() as store:
            connections.check(store)
            return {"status": "ok", **store.counts()}

    @app.get("/documents", response_model=models.DocumentPage, responses=_ERRORS, tags=["store"])
    def list_documents(
        q: Annotated[str, Query(max_length=params.MAX_TEXT_FILTER, description="Part of the title or id.")] = "",
        page: PageNumber = 1,
        size: Size = params.DEFAULT_SIZE,
    ) -> dict[str, Any]:
        """Documents, newest first, with their event and quote counts."""
        with connections.read() as store:
            return store.documents(params.like(q), page_of(page, size))

    @app.get(
        "/documents/{hash}", response_model=models.ContractDocument, responses=_ERRORS | _NOT_FOUND, tags=["store"]
    )
    def get_document(
        hash: Annotated[
            str,
            PathParam(
                description="The document hash: sha256 of its cleaned text, 64 hex digits.",
                json_schema_extra={"pattern": params.whole(params.HASH)},
            ),
        ],
    ) -> dict[str, Any]:
        """One document in the JSON contract, rebuilt from the store."""
        key = params.doc_hash(hash, "hash")
        with connections.read() as store:
            found = store.analysis(key or "")
        if found is None:
            raise params.ApiError("not_found", f"hash: no document {key} in the store", "hash")
        return to_json(found)

    @app.get("/actors", response_model=models.ActorPage, responses=_ERRORS, tags=["store"])
    def list_actors(
        q: Annotated[str, Query(max_length=params.MAX_TEXT_FILTER, description="Part of the code or name.")] = "",
        page: PageNumber = 1,
        size: Size = params.DEFAULT_SIZE,
    ) -> dict[str, Any]:
        """Actor codes over the whole store, most mentioned first."""
        with connections.read() as store:
            return store.actors(params.like(q), page_of(page, size))

    @app.get("/events", response_model=models.EventPage, responses=_ERRORS, tags=["store"])
    def list_events(
        source: Code = "",
        target: Code = "",
        cameo: Annotated[str, _matching(params.CAMEO, "CAMEO code prefix, 2-4 digits (19, 112).")] = "",
        quad: Annotated[str, _one_of(params.QUAD_CHOICES, "QuadClass 1-4.")] = "",
        modality: Modality = "",
        start: From = "",
        end: To = "",
        q: Annotated[str, Query(max_length=params.MAX_TEXT_FILTER, description="Part of the evidence.")] = "",
        doc: Doc = "",
        page: PageNumber = 1,
        size: Size = params.DEFAULT_SIZE,
    ) -> dict[str, Any]:
        """Events with their evidence sentence, newest documents first; every modality by default."""
        chosen = params.event_filter(
            source=source,
            target=target,
            cameo=cameo,
            quad=quad,
            modality=modality,
            start=start,
            end=end,
            text=q,
            doc=doc,
        )
        dates = chosen.dates_in_window(spans)
        key = ("events", chosen.key(), page, size)

        def compute() -> dict[str, Any]:
            with connections.read() as store:
                found = store.events(chosen, page_of(page, size), dates=dates, precisions=precisions)
            return found | {"items": [to_plain(item) for item in found["items"]]}

        return cache.get(key, compute)  # type: ignore[no-any-return]

    @app.get("/quotes", response_model=models.QuotePage, responses=_ERRORS, tags=["store"])
    def list_quotes(
        speaker: Annotated[
            str, Query(max_length=params.MAX_TEXT_FILTER, description="Part of the speaker's name or words.")
        ] = "",
        actor: Annotated[str, _matching(params.CODE, "The speaker's actor code or its prefix (PAK).")] = "",
        anonymous: Annotated[
            str, _one_of(tuple(params.FLAGS), "Only anonymous (true, 1, yes) or named (false, 0, no) speakers.")
        ] = "",
        doc: Doc = "",
        page: PageNumber = 1,
        size: Size = params.DEFAULT_SIZE,
    ) -> dict[str, Any]:
        """Quotes and claims with their speaker and cue, newest documents first."""
        with connections.read() as store:
            found = store.quotes(
                speaker=params.like(speaker),
                actor=params.code(actor, "actor"),
                anonymous=params.flag(anonymous, "anonymous"),
                doc=params.doc_hash(doc),
                page=page_of(page, size),
            )
        return found | {"items": [to_plain(item) for item in found["items"]]}

    @app.get("/dyads", response_model=models.DyadTableModel, responses=_ERRORS, tags=["analysis"])
    def get_dyads(
        by: Annotated[str, _one_of(dyad_reads.PERIODS, "The period (default month).")] = "",
        source: Code = "",
        target: Code = "",
        level: Level = "",
        modality: AnalysisModality = "",
        start: From = "",
        end: To = "",
    ) -> dict[str, Any]:
        """Event counts per directed dyad and period (``thucydides.dyads.dyads``)."""
        chosen = params.event_filter(
            source=source, target=target, modality=modality, start=start, end=end,
            default_modalities=dyad_reads.DEFAULT_MODALITIES,
        )  # fmt: skip
        period = params.choice(by, "by", dyad_reads.PERIODS, "month")
        dyad_level = params.choice(level, "level", dyad_reads.LEVELS, "country")

        def compute() -> dict[str, Any]:
            with connections.read() as store:
                return dyad_reads.dyads(store, period, level=dyad_level, events=chosen).to_json()

        return cache.get(("dyads", period, dyad_level, chosen.key()), compute)  # type: ignore[no-any-return]

    @app.get("/network", response_model=models.NetworkModel, responses=_ERRORS, tags=["analysis"])
    def get_network(
        start: From = "",
        end: To = "",
        level: Level = "",
        modality: AnalysisModality = "",
        source: Code = "",
        target: Code = "",
    ) -> dict[str, Any]:
        """The actor network: nodes, and edges signed by their mean Goldstein weight
        (``thucydides.dyads.network``)."""
        chosen = params.event_filter(
            source=source, target=target, modality=modality, start=start, end=end,
            default_modalities=dyad_reads.DEFAULT_MODALITIES,
        )  # fmt: skip
        network_level = params.choice(level, "level", dyad_reads.LEVELS, "country")

        def compute() -> dict[str, Any]:
            with connections.read() as store:
                return dyad_reads.network(store, level=network_level, events=chosen).to_json()

        return cache.get(("network", network_level, chosen.key()), compute)  # type: ignore[no-any-return]
