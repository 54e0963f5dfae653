"""The load test: short runs against the real app (in its own process) and a stand-in app (in a
thread), the counts it reports, and the targets it refuses. Nothing here asserts a speed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from support import make_runner

from thucydides import cli
from thucydides.errors import ConfigError, StoreError
from thucydides.loadtest import Latency, LoadReport, ServerDidNotStart, run_loadtest

pytest.importorskip("uvicorn")
pytest.importorskip("httpx")
fastapi = pytest.importorskip("fastapi")


def stand_in(db: Path) -> Any:
    """A tiny app with the load test's default paths; /network fails on purpose for actors."""
    app = fastapi.FastAPI()

    @app.get("/events")
    def events(page: int = 1, size: int = 50, source: str | None = None, modality: str | None = None) -> dict:
        return {"items": [], "page": page, "size": size, "source": source, "store": db.name}

    @app.get("/network")
    def network(level: str = "country", modality: str | None = None) -> dict:
        if level == "actor":
            raise fastapi.HTTPException(503, "busy")
        return {"nodes": [], "edges": []}

    return app


def assert_consistent(report: LoadReport) -> None:
    assert report.requests == sum(path.requests for path in report.paths)
    assert report.requests_per_second > 0
    assert report.elapsed > 0
    assert report.latency.p50 <= report.latency.p90 <= report.latency.p99 <= report.latency.max
    for path in report.paths:
        assert path.latency.p50 <= path.latency.p99


def test_a_short_run_against_the_app(db: Path) -> None:
    # six clients for the six variants: each client starts on its own, so every variant is
    # requested even when a loaded machine lets each client finish only one request in time
    report = run_loadtest(db, clients=6, seconds=2)
    assert report.server == "process"
    assert report.base_url.startswith("http://127.0.0.1:")
    assert (report.clients, report.seconds) == (6, 2)
    assert report.requests > 0
    assert report.errors == {}
    assert report.unfinished == 0
    assert_consistent(report)
    # each path in its query variants, every one requested
    assert [path.path for path in report.paths] == [
        "/events?page=1&size=50", "/events?source=PAK", "/events?page=2&size=20&modality=all",
        "/network", "/network?level=actor", "/network?modality=all",
    ]  # fmt: skip
    assert all(path.requests > 0 and path.errors == {} for path in report.paths)
    assert json.loads(json.dumps(report.to_json()))["paths"][0]["path"] == "/events?page=1&size=50"


def test_errors_are_counted_by_status_and_path(db: Path) -> None:
    report = run_loadtest(db, clients=5, seconds=1, paths=["/events", "/network", "/missing"], app=stand_in)
    assert report.server == "thread"
    assert_consistent(report)
    by_path = {path.path: path for path in report.paths}
    assert by_path["/events?source=PAK"].errors == {}
    assert by_path["/network?level=actor"].errors == {"HTTP 503": by_path["/network?level=actor"].requests}
    assert by_path["/missing"].errors == {"HTTP 404": by_path["/missing"].requests}
    assert report.errors == {
        "HTTP 404": by_path["/missing"].requests,
        "HTTP 503": by_path["/network?level=actor"].requests,
    }
    assert report.error_count == sum(report.errors.values())
    assert "errors" not in report.line() and "HTTP 404" in report.line()


def test_latency_is_nearest_rank() -> None:
    assert Latency.of([float(n) for n in range(1, 101)]) == Latency(50.0, 90.0, 99.0, 50.5, 100.0)
    assert Latency.of([7.0]) == Latency(7.0, 7.0, 7.0, 7.0, 7.0)
    assert Latency.of([]) == Latency(0.0, 0.0, 0.0, 0.0, 0.0)


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"host": "0.0.0.0"}, ConfigError, "--host '0.0.0.0': the load test serves and requests on loopback only"),
        ({"host": "192.168.1.20"}, ConfigError, "on loopback only"),
        ({"host": "example.org"}, ConfigError, "on loopback only"),
        ({"paths": ["http://example.org/events"]}, ConfigError, "expected a path on the server under test"),
        ({"paths": ["//example.org/events"]}, ConfigError, "expected a path on the server under test"),
        ({"clients": 0}, ConfigError, "--clients 0: expected 1 or more"),
        ({"seconds": 0}, ConfigError, "--seconds 0: expected more than 0"),
        ({"port": 70000}, ConfigError, "--port 70000: expected 0 (a free port) to 65535"),
    ],
)
def test_bad_options(db: Path, options: dict[str, Any], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message.replace("(", r"\(").replace(")", r"\)")):
        run_loadtest(db, **{"clients": 1, "seconds": 1, **options})


def test_no_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such store"):
        run_loadtest(tmp_path / "none.duckdb", clients=1, seconds=1)


def test_an_app_that_cannot_start(db: Path) -> None:
    with pytest.raises(ServerDidNotStart, match="exited with code 1: ModuleNotFoundError"):
        run_loadtest(db, clients=1, seconds=1, app="thucydides.no_such_module:create_app")


# --- the command ---------------------------------------------------------------------------


def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> Result:
    monkeypatch.chdir(tmp_path)
    return make_runner().invoke(cli.app, ["loadtest", *args])


def test_cli_json(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    args = ("--db", "news.duckdb", "--clients", "3", "--seconds", "1", "--paths", "/network", "--format", "json")
    result = run(tmp_path, monkeypatch, *args)
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["requests"] > 0 and document["errors"] == {}
    assert [path["path"] for path in document["paths"]] == ["/network", "/network?level=actor", "/network?modality=all"]
    assert "requests/s" in result.stderr


def test_cli_table(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run(tmp_path, monkeypatch, "--db", "news.duckdb", "--clients", "2", "--seconds", "1", "-q")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert "Load test: 2 clients for 1 s against http://127.0.0.1:" in " ".join(result.stdout.split())
    assert "/events?source=PAK" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--host", "10.0.0.1"), "error: --host '10.0.0.1': the load test serves and requests on loopback only"),
        (("--paths", "https://example.org/"), "error: --paths 'https://example.org/': expected a path"),
        (("--format", "csv"), "error: unknown output format 'csv' for --format; known: table, json"),
        (("--clients", "-5"), "error: --clients -5: expected 1 or more"),
    ],
)
def test_cli_errors(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], message: str
) -> None:
    result = run(tmp_path, monkeypatch, "--db", "news.duckdb", "--seconds", "1", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert " ".join(result.stderr.split()).startswith(message)
