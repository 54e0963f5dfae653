"""POST /analyze: one article analysed on request (never stored), enabled by
``serve --allow-analyze``.

The body is read up to ``MAX_BODY`` bytes whatever Content-Length says, refused when nested over
``MAX_DEPTH`` levels (counted without recursing), and checked field by field before the pipeline
sees it; the pipeline is built on the first request and runs one article at a time.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from starlette.concurrency import run_in_threadpool

from ..contract import to_json
from ..errors import InputError, ThucydidesError
from . import models, params

MAX_BODY = 200 * 1024  # bytes of a POST body
MAX_DEPTH = 32  # nesting of arrays and objects in a POST body; json.loads recurses once a level

_BODY_SHAPE = '{"text": "...", "title"?: "...", "published"?: "YYYY-MM-DD"}'
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_BRACKET = re.compile(r"[\[\]{}]")


class Analyzer:
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


def add_analyze_route(app: FastAPI, *, allow_analyze: bool, pipeline_factory: Callable[[], Any] | None) -> None:
    """Add POST /analyze to ``app``: refused (403) unless ``allow_analyze``; it runs
    ``pipeline_factory()`` (default ``thucydides.Pipeline``), built on the first request."""
    analyzer = Analyzer(pipeline_factory)

    @app.post(
        "/analyze",
        response_model=models.ContractDocument,
        tags=["analyze"],
        responses=models.BAD_REQUEST_RESPONSES
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
