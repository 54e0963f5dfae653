"""The API's OpenAPI schema is the truth: each parameter declares the form the server checks
(a value the schema allows is taken, one it refuses is refused), 405 answers name the allowed
methods, and messages cut what they echo. schemathesis then sends requests made from the schema
(valid ones, and invalid ones) to every operation, over the hand-made store of ``test_web_api``:
every answer must be one the schema declares, with no server error, and every request the schema
refuses must be refused.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from jsonschema import Draft202012Validator
from schemathesis import GenerationMode, checks
from test_web_api import BORDER_HASH, web_store
from test_web_bodies import EchoPipeline

from thucydides.web import create_app

EXAMPLES = 50  # per operation and mode: the 17 runs take about 30 s in all


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return web_store(tmp_path_factory.mktemp("schema"))


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db, allow_analyze=True, pipeline_factory=EchoPipeline)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def spec(client: TestClient) -> dict[str, Any]:
    return client.get("/openapi.json").json()  # type: ignore[no-any-return]


def declared(spec: dict[str, Any], path: str, name: str) -> dict[str, Any]:
    """The schema ``/openapi.json`` gives the parameter ``name`` of ``GET path``."""
    found = [p["schema"] for p in spec["paths"][path]["get"]["parameters"] if p["name"] == name]
    assert len(found) == 1, (path, name)
    return found[0]  # type: ignore[no-any-return]


# --- the schema says what the server checks ----------------------------------------------------

CODE = "^(?:(?:---)?[A-Za-z0-9]{2,15})?$"  # ---MIL: a role named with no country
DAY = {"pattern": "^(?:[0-9]{4}-[0-9]{2}-[0-9]{2})?$", "anyOf": [{"format": "date"}, {"maxLength": 0}]}
MODALITY = "(?:alleged|asserted|future|hypothetical|negated|reported)"


@pytest.mark.parametrize(
    ("path", "name", "form"),
    [
        ("/events", "source", {"pattern": CODE}),
        ("/network", "target", {"pattern": CODE}),
        ("/quotes", "actor", {"pattern": CODE}),
        ("/events", "cameo", {"pattern": "^(?:[0-9]{2,4})?$"}),
        ("/events", "quad", {"enum": ["", "1", "2", "3", "4"]}),
        ("/events", "modality", {"pattern": f"^(?:all|{MODALITY}(?: *, *{MODALITY})*)?$"}),
        ("/events", "from", DAY),
        ("/dyads", "to", DAY),
        ("/events", "doc", {"pattern": "^(?:[0-9a-fA-F]{64})?$"}),
        ("/documents/{hash}", "hash", {"pattern": "^(?:[0-9a-fA-F]{64})$"}),
        ("/quotes", "anonymous", {"enum": ["", "true", "1", "yes", "false", "0", "no"]}),
        ("/dyads", "by", {"enum": ["", "day", "week", "month"]}),
        ("/network", "level", {"enum": ["", "country", "actor"]}),
        ("/events", "q", {"maxLength": 200}),
        ("/events", "size", {"minimum": 1, "maximum": 200}),
    ],
)
def test_the_schema_declares_each_form(spec: dict[str, Any], path: str, name: str, form: dict[str, Any]) -> None:
    schema = declared(spec, path, name)
    assert {key: schema.get(key) for key in form} == form


@pytest.mark.parametrize(
    ("path", "name", "value", "valid"),
    [
        ("/events", "source", "", True),  # empty: no filter
        ("/events", "source", "pakgov", True),
        ("/events", "source", "P", False),
        ("/events", "source", " PAK", False),
        ("/events", "source", "A" * 16, False),
        ("/events", "cameo", "0256", True),
        ("/events", "cameo", "12345", False),
        ("/events", "quad", "", True),
        ("/events", "quad", "4", True),
        ("/events", "quad", " 3", False),
        ("/events", "modality", "all", True),
        ("/events", "modality", "alleged, reported", True),
        ("/events", "modality", "alleged,", False),
        ("/events", "modality", "rumoured", False),
        ("/events", "from", "2024-02-29", True),
        ("/events", "from", "2023-02-29", False),  # the pattern's form, not a day: format date refuses it
        ("/events", "from", "2023-5-1", False),
        ("/events", "doc", BORDER_HASH.upper(), True),
        ("/events", "doc", "g" * 64, False),
        ("/quotes", "anonymous", "yes", True),
        ("/quotes", "anonymous", "TRUE", False),
        ("/dyads", "by", "", True),
        ("/dyads", "by", "week", True),
        ("/dyads", "by", "year", False),
        ("/dyads", "level", "", True),
        ("/network", "level", "region", False),
    ],
)
def test_the_schema_and_the_server_agree(
    client: TestClient, spec: dict[str, Any], path: str, name: str, value: str, valid: bool
) -> None:
    validator = Draft202012Validator(declared(spec, path, name), format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert validator.is_valid(value) is valid
    response = client.get(path, params={name: value})
    assert response.status_code == (200 if valid else 422), response.text
    if not valid:
        assert response.json()["error"]["parameter"] == name


@pytest.mark.parametrize(
    ("method", "url", "allowed"),
    [
        ("DELETE", "/events", "GET"),
        ("POST", f"/documents/{BORDER_HASH}", "GET"),
        ("HEAD", "/events", "GET"),
        ("PUT", "/analyze", "POST"),
        ("GET", "/analyze", "POST"),
        ("POST", "/static/style.css", "GET, HEAD"),
    ],
    ids=["DELETE-events", "POST-document", "HEAD-events", "PUT-analyze", "GET-analyze", "POST-static"],
)
def test_a_405_names_the_allowed_methods(client: TestClient, method: str, url: str, allowed: str) -> None:
    response = client.request(method, url)
    assert response.status_code == 405
    assert response.headers["allow"] == allowed
    if method == "HEAD":
        return  # no body
    where = url if len(url) <= 40 else url[:40] + "…"
    assert response.json()["error"] == {
        "status": 405,
        "code": "method_not_allowed",
        "message": f"{method} is not allowed on {where}; allowed: {allowed}",
        "parameter": None,
    }


LONG = "A" * 500


@pytest.mark.parametrize(
    ("url", "parameter", "message"),
    [
        (
            f"/events?source={LONG}",
            "source",
            f"source: '{'A' * 40}…' is not a code; expected 2-15 letters or digits, a country (PAK) or an "
            "actor-code prefix (PAKGOV, ---MIL)",
        ),
        (f"/events?q={LONG}", "q", f"q: String should have at most 200 characters (got '{'A' * 40}…')"),
        (f"/dyads?by={LONG}", "by", f"by: unknown value '{'A' * 40}…'; expected day, week, month"),
        (f"/documents/{LONG}", "hash", f"hash: '{'A' * 40}…' is not a document hash; expected 64 hex digits (sha256)"),
        (
            f"/actors?{LONG}=1",
            "A" * 40 + "…",
            f"{'A' * 40}…: unknown parameter; this endpoint takes q, page, size",
        ),
        (f"/nowhere/{LONG}", None, f"no such endpoint or file: /nowhere/{'A' * 31}…; see /openapi.json"),
    ],
    ids=["code", "text-filter", "choice", "hash", "parameter-name", "path"],
)
def test_messages_cut_what_they_echo(client: TestClient, url: str, parameter: str | None, message: str) -> None:
    error = client.get(url).json()["error"]
    assert (error["parameter"], error["message"]) == (parameter, message)


# --- schemathesis -------------------------------------------------------------------------------


@pytest.fixture
def api_schema(db: Path) -> Any:
    # An app per test: schemathesis' pytest plugin ends every ASGI lifespan when a test ends,
    # and the app's lifespan closes its connections.
    app = create_app(db, allow_analyze=True, pipeline_factory=EchoPipeline)
    return schemathesis.openapi.from_asgi("/openapi.json", app)


OPERATIONS = [
    "GET /health",
    "GET /documents",
    "GET /documents/{hash}",
    "GET /actors",
    "GET /events",
    "GET /quotes",
    "GET /dyads",
    "GET /network",
    "POST /analyze",
]
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.negative_data_rejection,
]


def test_every_operation_is_tried(api_schema: Any) -> None:
    found = [result.ok().label for result in api_schema.get_all_operations()]
    assert sorted(found) == sorted(OPERATIONS)


# Every operation with valid requests, and those that take parameters or a body with invalid ones.
RUNS = [
    pytest.param(label, mode, id=f"{label}-{mode.value}")
    for label in OPERATIONS
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    if not (label == "GET /health" and mode is GenerationMode.NEGATIVE)
]


# Hypothesis is driven here, not through schema.parametrize: schemathesis' lazy (fixture) schemas
# need a pytest internal (Function._nodeid) that pytest 9 no longer has.
@pytest.mark.slow
@pytest.mark.parametrize(("label", "mode"), RUNS)
def test_every_answer_is_one_the_schema_declares(api_schema: Any, label: str, mode: GenerationMode) -> None:
    operation = api_schema.find_operation_by_label(label)

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def answer(case: Any) -> None:
        case.call_and_validate(checks=CHECKS)

    answer()
