"""A damaged store under the API: refused at start when the opening finds the damage, answered
503 ``store_damaged`` (never 500) when a request finds it, and ``/health`` tells the truth.

The stores are copies of the hand-made store of ``test_web_api``, cut short on purpose.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from fastapi.testclient import TestClient
from support import make_runner
from test_web_api import BORDER_HASH, web_store

from thucydides import Store, cli
from thucydides.errors import StoreError
from thucydides.store import reads
from thucydides.web import api_routes, create_app

# The store's own words for damage (Store.reading), the server's folders left out.
RESTORE = "restore it from a copy, or run again into a new store"


@pytest.fixture(scope="module")
def good_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return web_store(tmp_path_factory.mktemp("damage"))


@pytest.fixture
def copy(good_store: Path, tmp_path: Path) -> Path:
    path = tmp_path / "copy.duckdb"
    shutil.copy(good_store, path)
    return path


def cut(path: Path, size: int) -> None:
    with path.open("r+b") as file:
        file.truncate(size)


def error(response: Any) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"error"}
    return body["error"]  # type: ignore[no-any-return]


# --- found when the store is opened: the server does not start --------------------------------


def test_a_store_cut_in_half_is_refused_at_start(copy: Path) -> None:
    cut(copy, copy.stat().st_size // 2)
    with pytest.raises(StoreError) as caught:
        create_app(copy)
    message = str(caught.value)
    assert message.startswith(f"{copy}: ")
    assert "damaged" in message


def test_serve_refuses_a_store_cut_in_half(copy: Path) -> None:
    cut(copy, copy.stat().st_size // 2)
    result = make_runner().invoke(cli.app, ["serve", "--db", str(copy)])
    assert result.exit_code == 2, result.stderr
    said = " ".join(result.stderr.split())
    assert said.startswith("error:") and "copy.duckdb" in said and "damaged" in said
    assert "Traceback" not in said


# --- found by a request: 503, and /health says so from then on ---------------------------------

READS = [
    ("/documents", "documents"),
    ("/events", "events"),
    ("/quotes", "quotes"),
    ("/actors", "actors"),
    (f"/documents/{BORDER_HASH}", "analysis"),
]
# (what DuckDB raises, the reason the answer gives: DuckDB's words without its class prefix)
FAILURES = [
    (
        duckdb.IOException('IO Error: Could not read enough bytes from file "{path}": attempted to read 262144 bytes'),
        'Could not read enough bytes from file "copy.duckdb": attempted to read 262144 bytes',
    ),
    (
        duckdb.Error("Corrupt database file: computed checksum 1 does not match stored checksum 2 in block 7"),
        "Corrupt database file: computed checksum 1 does not match stored checksum 2 in block 7",
    ),
    (
        duckdb.FatalException("FATAL Error: database has been invalidated because of a previous fatal error"),
        "database has been invalidated because of a previous fatal error",
    ),
]


@pytest.fixture
def served(copy: Path) -> Iterator[TestClient]:
    with TestClient(create_app(copy), raise_server_exceptions=False) as client:
        yield client


@pytest.mark.parametrize(("failure", "reason"), FAILURES, ids=["io", "checksum", "fatal"])
@pytest.mark.parametrize(("url", "query"), READS, ids=[query for _, query in READS])
def test_a_read_failing_on_damage_is_a_503(
    served: TestClient,
    copy: Path,
    monkeypatch: pytest.MonkeyPatch,
    url: str,
    query: str,
    failure: duckdb.Error,
    reason: str,
) -> None:
    raised = type(failure)(str(failure).replace("{path}", str(copy)))

    def damaged(*_: Any, **__: Any) -> Any:
        raise raised

    assert served.get("/health").status_code == 200
    monkeypatch.setattr(reads, query, damaged)
    expected = {
        "status": 503,
        "code": "store_damaged",
        "message": f"copy.duckdb: the store is damaged ({reason}); {RESTORE}",
        "parameter": None,
    }
    response = served.get(url)
    assert response.status_code == 503
    assert error(response) == expected
    assert str(copy.parent) not in response.text  # the server's folders stay on the server
    monkeypatch.undo()
    health = served.get("/health")  # the same reads work again, but the store is known damaged
    assert health.status_code == 503
    assert error(health) == expected


def test_the_dyad_and_network_endpoints_answer_503_too(served: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    def damaged(*_: Any, **__: Any) -> Any:
        raise StoreError("copy.duckdb: cannot read the events of the store: IO Error: Could not read enough bytes")

    monkeypatch.setattr(api_routes.dyad_reads, "dyads", damaged)
    monkeypatch.setattr(api_routes.dyad_reads, "network", damaged)
    for url in ("/dyads", "/network"):
        response = served.get(url)
        assert response.status_code == 503
        assert error(response)["message"] == (
            "copy.duckdb: cannot read the events of the store: IO Error: Could not read enough bytes"
        )


def test_a_bug_in_a_query_is_still_a_500(served: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    def wrong(*_: Any, **__: Any) -> Any:
        raise duckdb.BinderException('Binder Error: Referenced column "titel" not found')

    monkeypatch.setattr(reads, "documents", wrong)
    response = served.get("/documents")
    assert response.status_code == 500
    assert error(response)["code"] == "internal"
    assert served.get("/health").status_code == 200  # a bug says nothing about the file


def test_health_runs_the_store_check(served: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    def check(self: Store) -> None:
        raise StoreError(f"{self.path}: the store is damaged (a block is overwritten); restore it from a copy")

    assert served.get("/health").json() == {"status": "ok", "documents": 2, "events": 6}
    monkeypatch.setattr(Store, "check", check)
    health = served.get("/health")
    assert health.status_code == 503
    assert error(health) == {
        "status": 503,
        "code": "store_damaged",
        "message": "copy.duckdb: the store is damaged (a block is overwritten); restore it from a copy",
        "parameter": None,
    }


def test_a_store_cut_while_served_is_never_a_500(served: TestClient, copy: Path) -> None:
    # DuckDB keeps the blocks it has read, so some answers still come from memory (right ones);
    # every other read fails on the missing blocks, and /health finds the file too short.
    assert served.get("/health").status_code == 200
    cut(copy, 3 * 4096)  # the headers only: every block is gone
    urls = [url for url, _ in READS] + ["/dyads", "/network", "/events?source=PAK", "/quotes?anonymous=true"]
    answers = {url: served.get(url) for url in urls}
    assert {response.status_code for response in answers.values()} <= {200, 503}
    assert answers[f"/documents/{BORDER_HASH}"].status_code == 503  # its rows were never read before the cut
    for response in answers.values():
        if response.status_code == 503:
            assert error(response)["code"] == "store_damaged"
            assert error(response)["message"].startswith("copy.duckdb: the store is damaged (")
    health = served.get("/health")
    assert health.status_code == 503
    assert error(health)["code"] == "store_damaged"
    assert "copy.duckdb" in error(health)["message"] and "damaged" in error(health)["message"]
