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

This module makes the app and answers its errors; the endpoints are added by ``api_routes`` (the
JSON reads), ``analyze_route`` (POST /analyze) and ``page_routes`` (the web page), over the
connections and cache of ``pool``.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import ConfigError, ThucydidesError
from . import params
from .analyze_route import add_analyze_route
from .api_routes import add_read_routes
from .page_routes import add_page_routes
from .pool import AnswerCache, Connections

_log = logging.getLogger("thucydides.web")

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


def create_app(
    db_path: str | Path, *, allow_analyze: bool = False, pipeline_factory: Callable[[], Any] | None = None
) -> FastAPI:
    """The API over the store at ``db_path`` (opened read-only). ``allow_analyze`` enables
    POST /analyze, which runs ``pipeline_factory()`` (default ``thucydides.Pipeline``), built
    on the first request. Raises :class:`StoreError` when the store cannot be opened, is not a
    thucydides store, or is damaged where the start reads it (its tables and event dates); damage
    found later is answered 503."""
    connections = Connections(Path(db_path))  # each opened with Store.open, the one check of a store
    try:
        with connections.borrow() as store, store.reading():  # damage here is StoreDamaged: no start
            date_values = store.date_values()
    except Exception:
        connections.close()
        raise

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
    add_read_routes(app, connections, date_values=date_values, cache=AnswerCache())
    add_analyze_route(app, allow_analyze=allow_analyze, pipeline_factory=pipeline_factory)
    add_page_routes(app)
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
