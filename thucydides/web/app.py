"""The FastAPI application: a read-only JSON API over a store, and the web page.

``create_app(db)`` opens the store read-only (a missing, foreign or damaged file is a
:class:`~thucydides.errors.StoreError` right away, so ``serve`` refuses to start) and gives the
app; ``thucydides serve`` runs it with uvicorn. The endpoints are plain functions run in a thread
pool: each request borrows a DuckDB connection of its own from a small pool (a connection is not
thread-safe) and gives it back. While the app holds the store, no other process can write it
(DuckDB's file lock), so the event dates are read once at start.

Damage the opening check cannot see (a block no check reads, a file cut while served) is found
by the request that reads it: that request is answered 503 ``store_damaged``, never 500, and
``/health`` answers 503 from then on; ``/health`` also runs ``Store.check`` each time.

Every error, the framework's own included, is answered as
``{"error": {"status", "code", "message", "parameter"}}`` (``models.ErrorResponse``).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import queue
import re
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Annotated, Any

import duckdb
from fastapi import Depends, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import dyads as dyad_reads
from ..contract import to_json
from ..errors import ConfigError, InputError, StoreError, ThucydidesError
from ..filters import read_date
from ..shapes import to_plain
from ..store import Page, Store
from . import models, params

STATIC = Path(__file__).resolve().parent / "static"
MAX_BODY = 200 * 1024  # bytes of a POST body
MAX_DEPTH = 32  # nesting of arrays and objects in a POST body; json.loads recurses once a level
POOL_SIZE = 8  # DuckDB connections; DuckDB runs each query on several threads itself

_log = logging.getLogger("thucydides.web")

_DAMAGED: dict[int | str, dict[str, Any]] = {
    503: {
        "model": models.ErrorResponse,
        "description": "The store cannot be read: the file is damaged (code `store_damaged`).",
    }
}
_BAD: dict[int | str, dict[str, Any]] = {
    422: {"model": models.ErrorResponse, "description": "A parameter is malformed (code `bad_parameter`)."},
    500: {"model": models.ErrorResponse, "description": "A bug (code `internal`); never caused by a bad request."},
}
_ERRORS = {**_BAD, **_DAMAGED}  # an endpoint that reads the store
_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": models.ErrorResponse, "description": "No such document (code `not_found`)."}
}

DESCRIPTION = """
Read-only access to a thucydides store: documents, actors, events, quotes, dyad series and the
actor network, as JSON.

**Errors.** Every error has one shape, `{"error": {"status", "code", "message", "parameter"}}`
(`ErrorResponse`): `bad_parameter` (422; `parameter` names the one at fault), `not_found` (404),
`method_not_allowed` (405, with an `Allow` header), `too_large` (413), `analyze_disabled` (403),
`store_damaged` (503: the store file is cut short or corrupt; restore it from a copy, or run the
pipeline again into a new store) and `internal` (500, a bug). A value echoed in a message is cut at 40 characters.
Unknown query parameters are refused (422), so a misspelt filter never silently filters nothing.

**Values.** Each parameter's schema (its `pattern`, `enum` and bounds) is the one the server
checks: a value it allows is never refused for its form. An empty value is no filter. Codes
(`source`, `target`, `actor`) are 2-15 letters or digits, upper-cased; a code matches an event's
country or the start of its actor code (`PAK` matches `PAKGOV`). An actor without a country is
`---` and its roles (`---MIL`, named "unknown country (military)"): its `country` is null, and
`---MIL` is a code of its own that no country matches. A well-formed code that matches
nothing gives an empty page. Dates are `YYYY-MM-DD`, `from` no later than `to`. `modality` is one
of asserted, negated, alleged, hypothetical, future, reported, a comma list of them, or `all`.
Pages: `page` from 1, `size` 1-200 (default 50). Free-text filters (`q`, `speaker`) match
case-insensitively anywhere, `%` and `_` included as plain characters.

**Event dates.** `from`/`to` on `/events` keep the events whose date overlaps the window: a day
date inside it, a week (`2023-W18`), month (`2023-05`) or year (`2023`) date that shares at least
one day with it. With a window, undated events are left out. (`/dyads` and `/network` follow
`thucydides.dyads`: there a week or month across an edge of the window is left out and counted.)
"""


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


# The DuckDB errors of a file that cannot be read (cut short, overwritten, invalidated by an
# earlier failed read), as opposed to those of a wrong query, which are bugs; a failed checksum
# ("Corrupt database file") comes as a plain duckdb.Error.
_UNREADABLE = (duckdb.IOException, duckdb.SerializationException, duckdb.FatalException)


def _unreadable(exc: duckdb.Error) -> bool:
    return isinstance(exc, _UNREADABLE) or "corrupt" in str(exc).lower()


def _damage_message(path: Path, exc: duckdb.Error) -> str:
    reason = " ".join(str(exc).split())
    return (
        f"{path}: the store is damaged ({reason}); restore it from a copy, or run the pipeline again into "
        "a new store (thucydides run --db NEW.duckdb)"
    )


class _Connections:
    """A fixed set of read-only connections to one store; a thread borrows one at a time.

    A read that fails because the file is damaged is answered 503 ``store_damaged``; the first
    such failure is kept, and ``check`` (for ``/health``) reports it from then on."""

    def __init__(self, path: Path, size: int) -> None:
        self.path = path
        self.damage: str | None = None
        self._lock = threading.Lock()
        self._stores: list[Store] = []
        self._idle: queue.SimpleQueue[Store] = queue.SimpleQueue()
        try:
            for _ in range(size):
                store = Store.open(path, read_only=True)
                self._stores.append(store)
                self._idle.put(store)
        except StoreError:
            self.close()
            raise

    @contextmanager
    def borrow(self) -> Iterator[Store]:
        store = self._idle.get()
        try:
            yield store
        finally:
            self._idle.put(store)

    @contextmanager
    def read(self) -> Iterator[Store]:
        """A store to read for a request; a read failing on a damaged file leaves as an
        :class:`ApiError` (503 ``store_damaged``)."""
        with self.borrow() as store:
            try:
                yield store
            except StoreError as exc:  # Store.check, and thucydides.dyads reading the events
                raise self._damaged(str(exc)) from None
            except duckdb.Error as exc:
                if not _unreadable(exc):
                    raise
                raise self._damaged(_damage_message(self.path, exc)) from None

    def check(self, store: Store) -> None:
        """Raise :class:`ApiError` (503) when a read has failed on damage since the start, or
        ``store`` finds itself damaged now (``Store.check``: metadata and a few rows, no scan)."""
        if self.damage is not None:
            raise params.ApiError("store_damaged", self.damage)
        store.check()

    def _damaged(self, message: str) -> params.ApiError:
        _log.error("%s", message)
        shown = message.replace(str(self.path), self.path.name)  # the server's folders are not the client's business
        with self._lock:
            if self.damage is None:
                self.damage = shown
        return params.ApiError("store_damaged", shown)

    def close(self) -> None:
        for store in self._stores:
            store.close()


class _Cache:
    """Answers already computed, by endpoint and normalised parameters. The store is opened
    read-only and DuckDB's file lock keeps writers out while the server holds it, so an answer
    never goes stale; the oldest answers leave first past ``size``."""

    def __init__(self, size: int = 1024) -> None:
        self.size = size
        self.answers: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
        with self.lock:
            if key in self.answers:
                self.answers.move_to_end(key)
                return self.answers[key]
        answer = compute()  # outside the lock: two threads may compute the same answer once each
        with self.lock:
            self.answers[key] = answer
            while len(self.answers) > self.size:
                self.answers.popitem(last=False)
        return answer


class _Analyzer:
    """The pipeline for POST /analyze: built on first use, then used by one request at a time."""

    def __init__(self, factory: Callable[[], Any] | None) -> None:
        self._factory = factory
        self._pipeline: Any = None
        self._lock = threading.Lock()

    def __call__(self, text: str, title: str | None, published: dt.date | None) -> dict[str, Any]:
        with self._lock:
            if self._pipeline is None:
                try:
                    self._pipeline = self._load()
                except ThucydidesError as exc:  # a missing model is the server's fault, not the request's
                    raise params.ApiError("internal", f"POST /analyze: the pipeline cannot be loaded: {exc}") from None
            found = self._pipeline.analyze_text(text, doc_id="request", published=published, title=title)
        return to_json(found)

    def _load(self) -> Any:
        if self._factory is not None:
            return self._factory()
        from ..pipeline import Pipeline

        return Pipeline()


def create_app(
    db_path: str | Path, *, allow_analyze: bool = False, pipeline_factory: Callable[[], Any] | None = None
) -> FastAPI:
    """The API over the store at ``db_path`` (opened read-only). ``allow_analyze`` enables
    POST /analyze, which runs ``pipeline_factory()`` (default ``thucydides.Pipeline``), built
    on the first request. Raises :class:`StoreError` when the store cannot be opened, is not a
    thucydides store, or is damaged where the start reads it (its tables and event dates); damage
    found later is answered 503."""
    path = Path(db_path)
    connections = _Connections(path, POOL_SIZE)  # each opened with Store.open, the one check of a store
    try:
        with connections.borrow() as store:
            spans = {value: read_date(value) for value in store.date_values()}
    except duckdb.Error as exc:
        connections.close()
        if not _unreadable(exc):
            raise
        raise StoreError(_damage_message(path, exc)) from None
    except Exception:
        connections.close()
        raise
    precisions = {value: dated.precision for value, dated in spans.items() if dated is not None}
    analyzer = _Analyzer(pipeline_factory)
    cache = _Cache()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        connections.close()

    app = FastAPI(
        title="thucydides",
        summary="Structured, sourced event data from news: documents, actors, events, quotes, dyads.",
        description=DESCRIPTION,
        version=_version(),
        lifespan=lifespan,
        dependencies=[Depends(_known_parameters)],
    )
    _install_error_handlers(app)

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

    @app.post(
        "/analyze",
        response_model=models.ContractDocument,
        tags=["analyze"],
        responses=_BAD
        | {
            403: {"model": models.ErrorResponse, "description": "Not enabled (`serve --allow-analyze`)."},
            413: {"model": models.ErrorResponse, "description": "The body is over 200 kB (code `too_large`)."},
        },
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": models.AnalyzeRequest.model_json_schema()}},
            }
        },
    )
    async def analyze(request: Request) -> dict[str, Any]:
        """Analyse one article (never stored): its record in the JSON contract. Enabled only with
        ``serve --allow-analyze``; one article at a time. A body nested over 32 levels deep is
        refused (422); a lone surrogate (``"\\ud800"``: valid JSON, not text) in the text or title
        is replaced with U+FFFD, as the JSONL reader does."""
        if not allow_analyze:
            raise params.ApiError(
                "analyze_disabled", "POST /analyze is disabled; start the server with --allow-analyze"
            )
        text, title, published = _analyze_request(await _body(request))
        try:
            return await run_in_threadpool(analyzer, text, title, published)
        except InputError as exc:
            raise params.ApiError("bad_parameter", f"text: {exc.reason}", "text") from None

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        index = STATIC / "index.html"
        if not index.is_file():
            raise params.ApiError("not_found", "the web page is not installed (thucydides/web/static/index.html)")
        return FileResponse(index)

    app.mount("/static", StaticFiles(directory=STATIC, check_dir=False), name="static")
    return app


def _version() -> str:
    from .. import __version__

    return __version__


def _known_parameters(request: Request) -> None:
    """Refuse query parameters the endpoint does not take (a misspelt filter filters nothing)."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    known = [field.alias for field in dependant.query_params]
    unknown = sorted(set(request.query_params) - set(known))
    if unknown:
        shown = ", ".join(known) or "none"
        raise params.bad(unknown[0], f"unknown parameter; this endpoint takes {shown}")


async def _body(request: Request) -> bytes:
    """The request body, refused (413) past ``MAX_BODY`` whatever Content-Length says."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_BODY:
        raise params.ApiError("too_large", f"the body is {int(declared)} bytes; at most {MAX_BODY} are accepted")
    chunks: list[bytes] = []
    received = 0
    async for chunk in request.stream():
        received += len(chunk)
        if received > MAX_BODY:
            raise params.ApiError("too_large", f"the body is over {MAX_BODY} bytes; at most {MAX_BODY} are accepted")
        chunks.append(chunk)
    return b"".join(chunks)


_BODY_SHAPE = '{"text": "...", "title"?: "...", "published"?: "YYYY-MM-DD"}'
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_BRACKET = re.compile(r"[\[\]{}]")


def _too_deep(document: str) -> bool:
    """True when the arrays and objects of the JSON ``document`` nest over ``MAX_DEPTH`` levels
    (brackets inside strings aside); counted without recursing, so any depth is answered."""
    depth = 0
    for bracket in _BRACKET.finditer(_JSON_STRING.sub('""', document)):
        depth += 1 if bracket.group() in "[{" else -1
        if depth > MAX_DEPTH:
            return True
    return False


def _analyze_request(body: bytes) -> tuple[str, str | None, dt.date | None]:
    """The text, title and publication date of a POST /analyze body, their lone surrogates
    replaced (``params.text``)."""
    known = ("text", "title", "published")
    try:
        document = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise params.bad("body", f"not UTF-8 (at byte {exc.start}); expected JSON {_BODY_SHAPE}") from None
    if _too_deep(document):
        raise params.bad("body", f"nested over {MAX_DEPTH} levels deep; expected {_BODY_SHAPE}")
    try:
        fields = json.loads(document)
    except ValueError:
        raise params.bad("body", f"not JSON; expected {_BODY_SHAPE}") from None
    if not isinstance(fields, dict):
        raise params.bad("body", f"expected a JSON object {_BODY_SHAPE}")
    unknown = sorted(set(fields) - set(known))
    if unknown:
        raise params.bad(unknown[0], f"unknown field; known: {', '.join(known)}")
    text = fields.get("text")
    if not isinstance(text, str) or not re.search(params.TEXT, text):
        raise params.bad("text", "required: the article as a string that is not only white space")
    title = fields.get("title")
    if title is not None and not isinstance(title, str):
        raise params.bad("title", "expected a string or null")
    published = fields.get("published")
    if published is not None and (not isinstance(published, str) or not published):
        raise params.bad("published", "expected a date YYYY-MM-DD or null")
    return params.text(text), None if title is None else params.text(title), params.day(published, "published")


def _install_error_handlers(app: FastAPI) -> None:
    def answer(status: int, code: str, message: str, parameter: str | None = None) -> JSONResponse:
        return JSONResponse(params.error_body(status, code, message, parameter), status_code=status)

    @app.exception_handler(params.ApiError)
    async def api_error(_: Request, exc: params.ApiError) -> JSONResponse:
        return JSONResponse(exc.body(), status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        location = [str(part) for part in first.get("loc", ())]
        parameter = location[-1] if len(location) > 1 else (location[0] if location else None)
        message = str(first.get("msg", "invalid request"))
        given = first.get("input")
        if isinstance(given, str | int | float):
            message += f" (got {params.shown(given)})"
        return answer(422, "bad_parameter", f"{parameter}: {message}" if parameter else message, parameter)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        where = params.cut(request.url.path)
        if exc.status_code == 404:
            return answer(404, "not_found", f"no such endpoint or file: {where}; see /openapi.json")
        if exc.status_code == 405:
            # A route names its methods; the static files (a mount) take GET and HEAD.
            methods = (exc.headers or {}).get("Allow", "GET, HEAD").split(",")
            allowed = ", ".join(sorted(method.strip() for method in methods))  # a route's are a set
            response = answer(
                405, "method_not_allowed", f"{params.cut(request.method)} is not allowed on {where}; allowed: {allowed}"
            )
            response.headers["Allow"] = allowed
            return response
        code = {403: "analyze_disabled", 413: "too_large"}.get(exc.status_code, "bad_parameter")
        status = exc.status_code if exc.status_code < 500 else 500
        return answer(status, code if status < 500 else "internal", str(exc.detail))

    @app.exception_handler(ConfigError)
    async def config_error(_: Request, exc: ConfigError) -> JSONResponse:
        return answer(422, "bad_parameter", str(exc))

    @app.exception_handler(ThucydidesError)
    async def library_error(_: Request, exc: ThucydidesError) -> JSONResponse:
        _log.error("thucydides error: %s", exc)
        return answer(500, "internal", f"the store could not be read: {exc}")

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        _log.exception("unexpected error", exc_info=exc)
        return answer(500, "internal", "internal error; the server log has the details")
