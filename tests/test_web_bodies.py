"""POST /analyze with bodies made to break a parser: nesting thousands of levels deep, and lone
surrogates (``"\\ud800"`` is valid JSON but not text). Each is answered in the one error shape
or analysed, never a 500, and the keep-alive connection survives it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from test_web_api import free_port, web_store

from thucydides import Analysis, Document, InputError
from thucydides.web import create_app

SHAPE = '{"text": "...", "title"?: "...", "published"?: "YYYY-MM-DD"}'
TOO_DEEP = {
    "status": 422,
    "code": "bad_parameter",
    "message": f"body: nested over 32 levels deep; expected {SHAPE}",
    "parameter": "body",
}


class EchoPipeline:
    """Stands in for the model: gives back the text and title it was given as a document of their
    own, so what reached the pipeline shows in the answer."""

    def analyze_text(self, text: str, *, doc_id: str, published: dt.date | None, title: str | None) -> Analysis:
        if not text.strip():
            raise InputError(doc_id, "nothing is left after cleaning")
        digest = hashlib.sha256(text.encode()).hexdigest()
        return Analysis(Document(id=doc_id, hash=digest, text=text, title=title, published=published), ())


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return web_store(tmp_path_factory.mktemp("bodies"))


@pytest.fixture(scope="module")
def analyzer(db: Path) -> Iterator[TestClient]:
    app = create_app(db, allow_analyze=True, pipeline_factory=EchoPipeline)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def post(client: TestClient | httpx.Client, body: str | bytes) -> httpx.Response:
    content = body.encode() if isinstance(body, str) else body
    return client.post("/analyze", content=content, headers={"Content-Type": "application/json"})


@pytest.mark.parametrize(
    "body",
    [
        "[" * 1000,
        '{"a":' * 2000,
        "[" * 33 + "]" * 33,  # one level too many
        '{"text": "Pakistan praised India.", "title": ' + "[" * 40 + "]" * 40 + "}",
        '{"text": "a \\" [ b", "title": ' + "{" * 50,  # an escaped quote does not end the string
    ],
    ids=["arrays", "objects", "33-levels", "inside-a-field", "after-an-escaped-quote"],
)
def test_a_deep_body_is_refused(analyzer: TestClient, body: str) -> None:
    response = post(analyzer, body)
    assert response.status_code == 422
    assert response.json() == {"error": TOO_DEEP}


def test_thirty_two_levels_are_parsed(analyzer: TestClient) -> None:
    response = post(analyzer, "[" * 32 + "]" * 32)
    assert response.status_code == 422
    assert response.json()["error"]["message"] == f"body: expected a JSON object {SHAPE}"


def test_brackets_inside_the_text_are_text(analyzer: TestClient) -> None:
    text = "[" * 1000 + ' Pakistan {"accused"} India ' + "{" * 1000
    response = analyzer.post("/analyze", json={"text": text})
    assert response.status_code == 200, response.text
    assert response.json()["document"]["text"] == text


@pytest.mark.parametrize(
    ("body", "text", "title"),
    [
        ('{"text": "Pakistan \\ud800 India"}', "Pakistan \ufffd India", None),
        ('{"text": "\\udfffPakistan", "title": "Border \\ud83d"}', "\ufffdPakistan", "Border \ufffd"),
        ('{"text": "a pair \\ud83d\\ude00 is one character"}', "a pair \U0001f600 is one character", None),
    ],
    ids=["high", "low-and-title", "a-pair-is-kept"],
)
def test_lone_surrogates_are_replaced(analyzer: TestClient, body: str, text: str, title: str | None) -> None:
    response = post(analyzer, body)
    assert response.status_code == 200, response.text
    document = response.json()["document"]
    assert (document["text"], document["title"]) == (text, title)


@pytest.mark.parametrize(
    ("body", "parameter", "message"),
    [
        ('{"text": "x", "\\ud800": 1}', "\ufffd", "\ufffd: unknown field; known: text, title, published"),
        (
            '{"text": "x", "published": "\\ud800"}',
            "published",
            "published: '\\ud800' is not a date; expected YYYY-MM-DD",
        ),
        ('{"text": "x", "published": ""}', "published", "published: expected a date YYYY-MM-DD or null"),
        ('{"text": " \\t\\n"}', "text", "text: required: the article as a string that is not only white space"),
    ],
    ids=["field-name", "published", "empty-published", "blank-text"],
)
def test_refused_fields_are_named(analyzer: TestClient, body: str, parameter: str, message: str) -> None:
    response = post(analyzer, body)
    assert response.status_code == 422
    assert response.json() == {
        "error": {"status": 422, "code": "bad_parameter", "message": message, "parameter": parameter}
    }


def test_the_connection_survives_a_bad_body(db: Path) -> None:
    import uvicorn

    app = create_app(db, allow_analyze=True, pipeline_factory=EchoPipeline)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.started
        bodies = ["[" * 1000, '{"text": "Pakistan \\ud800 India"}', '{"text": "Pakistan praised India."}']
        statuses, ports = [], set()
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as http:
            for body in bodies:
                answer = post(http, body)
                statuses.append(answer.status_code)
                ports.add(answer.extensions["network_stream"].get_extra_info("client_addr")[1])
        assert statuses == [422, 200, 200]
        assert len(ports) == 1  # one keep-alive connection carried the three
    finally:
        server.should_exit = True
        thread.join(timeout=10)
