"""A load test of the web API: many clients at once against a server started for the run.

``run_loadtest(db, clients=200, seconds=30)`` serves the store on a free loopback port, runs
``clients`` concurrent clients (one ``httpx.AsyncClient`` whose pool holds a connection per
client) for ``seconds``, each cycling through the paths and a few query variants of each, then
stops the server and gives a :class:`LoadReport`: requests per second, latency percentiles and
errors, overall and per path. It is a benchmark to run by hand, not a test with a time limit.

Where the server runs
    ``app`` is ``"module:function"`` (default ``thucydides.web.app:create_app``): the server
    runs in a process of its own, so the clients do not share its interpreter (and its GIL) and
    the figures are the server's. ``app`` may also be a callable taking the store path and
    giving an ASGI app: the server then runs in a thread of this process (for tests and stand-in
    apps). Either way it listens on loopback only; any other host is refused.

What is counted
    A request is one GET that ended within the run: a response of any status, or an exception
    (connect or read error, timeout). Latency is measured on responses only, from sending the
    request to reading the whole body, and reported as nearest-rank percentiles in
    milliseconds. A status of 400 or more, and every exception, is an error, counted by
    ``HTTP <status>`` or the exception's name. Clients start no request after the run's time;
    requests still open ``grace`` seconds later are cancelled and counted as ``unfinished``.

Errors: :class:`~thucydides.errors.ConfigError` for an invalid option (clients, seconds,
port, host, path), :class:`~thucydides.errors.StoreError` when there is no store,
:class:`~thucydides.errors.MissingExtra` without the web extra, and :class:`ServerDidNotStart`
when the app fails to start or to answer (its last words are in the message).
"""

from __future__ import annotations

import asyncio
import ipaddress
import math
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError, StoreError, ThucydidesError
from .extras import require

DEFAULT_APP = "thucydides.web.app:create_app"
DEFAULT_PATHS = ("/events", "/network")
# The query variants each path is cycled through; a path not listed (or given with its own
# query) is requested as given.
VARIANTS: dict[str, tuple[str, ...]] = {
    "/events": ("/events?page=1&size=50", "/events?source=PAK", "/events?page=2&size=20&modality=all"),
    "/network": ("/network", "/network?level=actor", "/network?modality=all"),
    "/dyads": ("/dyads?by=month", "/dyads?by=week&source=PAK"),
    "/documents": ("/documents?page=1&size=20", "/documents?q=pakistan"),
    "/actors": ("/actors?page=1&size=50",),
    "/quotes": ("/quotes?page=1&size=50",),
}
_STARTUP_SECONDS = 60.0
_CHILD = """
import importlib, socket, sys
import uvicorn
module, _, name = sys.argv[1].partition(":")
app = getattr(importlib.import_module(module), name)(sys.argv[2])
config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="auto")
uvicorn.Server(config).run(sockets=[socket.socket(fileno=int(sys.argv[3]))])
"""

AppFactory = Callable[[Path], Any]


class ServerDidNotStart(ThucydidesError):
    """The app under test failed to start or to answer; the message holds its last words."""


# --- records -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Latency:
    """Latency of the responses in milliseconds: nearest-rank percentiles, mean and maximum
    (all 0 when there was no response)."""

    p50: float
    p90: float
    p99: float
    mean: float
    max: float

    @classmethod
    def of(cls, samples: Sequence[float]) -> Latency:
        if not samples:
            return cls(0.0, 0.0, 0.0, 0.0, 0.0)
        ordered = sorted(samples)

        def rank(share: float) -> float:
            return round(ordered[max(0, math.ceil(share * len(ordered)) - 1)], 2)

        return cls(rank(0.50), rank(0.90), rank(0.99), round(sum(ordered) / len(ordered), 2), round(ordered[-1], 2))


@dataclass(frozen=True, slots=True)
class PathResult:
    """One requested path (with its query): requests, errors by kind, latency."""

    path: str
    requests: int
    errors: dict[str, int]
    latency: Latency


@dataclass(frozen=True, slots=True)
class LoadReport:
    """A run: what was asked, what happened, overall and per path (in the order requested)."""

    base_url: str
    server: str  # process or thread
    clients: int
    seconds: float  # asked
    elapsed: float  # from the first request to the last one ending
    requests: int
    requests_per_second: float
    errors: dict[str, int]
    unfinished: int
    latency: Latency
    paths: tuple[PathResult, ...] = field(default=())

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def line(self) -> str:
        """One line for the end of a run."""
        errors = ", ".join(f"{count} {kind}" for kind, count in sorted(self.errors.items())) or "no errors"
        return (
            f"{self.requests} requests in {self.elapsed:.1f} s from {self.clients} clients: "
            f"{self.requests_per_second:.1f} requests/s, p50 {self.latency.p50:g} ms, p90 {self.latency.p90:g} ms, "
            f"p99 {self.latency.p99:g} ms; {errors}" + (f"; {self.unfinished} unfinished" if self.unfinished else "")
        )


# --- the library function ------------------------------------------------------------------


def run_loadtest(
    db: str | Path,
    clients: int = 200,
    seconds: float = 30.0,
    paths: Sequence[str] = DEFAULT_PATHS,
    port: int = 0,
    host: str = "127.0.0.1",
    app: str | AppFactory = DEFAULT_APP,
    grace: float = 10.0,
    progress: Callable[[float, int], None] | None = None,
) -> LoadReport:
    """Serve ``db`` on ``host:port`` (0: a free port), run the clients for ``seconds`` and give
    the report. ``progress(elapsed, requests)`` is called about once a second."""
    if clients < 1:
        raise ConfigError(f"--clients {clients}: expected 1 or more")
    if not seconds > 0:
        raise ConfigError(f"--seconds {seconds}: expected more than 0")
    if not 0 <= port <= 65535:
        raise ConfigError(f"--port {port}: expected 0 (a free port) to 65535")
    urls = _urls(paths)
    address = _loopback(host)
    store = Path(db)
    if not store.is_file():
        raise StoreError(f"{store}: no such store; --db takes a DuckDB file written by 'thucydides analyze --db'")
    require("uvicorn", extra="web", feature="thucydides loadtest")
    httpx = require("httpx", extra="web", feature="thucydides loadtest")
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((address, port))
    except OSError as exc:
        listener.close()
        raise ConfigError(f"--port {port}: cannot listen on {address}: {exc.strerror or exc}") from None
    listener.listen(max(clients, 128))
    bound = listener.getsockname()[1]
    base_url = f"http://[{address}]:{bound}" if family == socket.AF_INET6 else f"http://{address}:{bound}"
    server = _ProcessServer(app, store, listener) if isinstance(app, str) else _ThreadServer(app, store, listener)
    try:
        server.start()
        _wait_until_answering(httpx, base_url + urls[0], server)
        found = asyncio.run(_drive(httpx, base_url, urls, clients, seconds, grace, progress))
    finally:
        server.stop()
    return _report(base_url, server.kind, clients, seconds, urls, *found)


# --- the server ----------------------------------------------------------------------------


class _ProcessServer:
    """The app in a Python process of its own, serving on the socket bound here."""

    kind = "process"

    def __init__(self, app: str, store: Path, listener: socket.socket) -> None:
        module, _, name = app.partition(":")
        if not module or not name:
            raise ConfigError(f"app {app!r}: expected module:function, e.g. {DEFAULT_APP}")
        self.app, self.store, self.listener = app, store, listener
        # A file, not a pipe: a chatty app cannot block on it. Closed by stop().
        self.log = tempfile.TemporaryFile()  # noqa: SIM115
        self.child: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        fd = self.listener.fileno()
        self.child = subprocess.Popen(
            [sys.executable, "-c", _CHILD, self.app, str(self.store), str(fd)],
            pass_fds=(fd,),
            stdin=subprocess.DEVNULL,
            stdout=self.log,
            stderr=self.log,
        )
        # The child holds the socket now; without this copy, a dead child refuses connections
        # at once instead of leaving them queued.
        self.listener.close()

    def failure(self) -> str | None:
        if self.child is None or self.child.poll() is None:
            return None
        return f"the server exited with code {self.child.returncode}: {self.last_words()}"

    def last_words(self) -> str:
        self.log.seek(0)
        lines = [line for line in self.log.read().decode("utf-8", "replace").splitlines() if line.strip()]
        return lines[-1].strip() if lines else "(no output)"

    def stop(self) -> None:
        self.listener.close()
        if self.child is not None and self.child.poll() is None:
            self.child.terminate()  # uvicorn shuts down gracefully on SIGTERM
            try:
                self.child.wait(10)
            except subprocess.TimeoutExpired:
                self.child.kill()
                self.child.wait()
        self.log.close()


class _ThreadServer:
    """The app in a thread of this process (uvicorn installs no signal handlers off the main
    thread)."""

    kind = "thread"

    def __init__(self, factory: AppFactory, store: Path, listener: socket.socket) -> None:
        self.factory, self.store, self.listener = factory, store, listener
        self.server: Any = None
        self.thread: threading.Thread | None = None
        self.error: BaseException | None = None

    def start(self) -> None:
        import uvicorn

        config = uvicorn.Config(self.factory(self.store), log_level="warning", access_log=False, lifespan="auto")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self._serve, name="loadtest-server", daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        try:
            self.server.run(sockets=[self.listener])
        except BaseException as exc:  # reported by failure(); a thread cannot raise to its caller
            self.error = exc

    def failure(self) -> str | None:
        if self.error is not None:
            return f"the server failed: {self.error}"
        if self.thread is not None and not self.thread.is_alive():
            return "the server stopped"
        return None

    def stop(self) -> None:
        if self.server is not None:
            self.server.should_exit = True
        if self.thread is not None:
            self.thread.join(10)
        self.listener.close()


def _wait_until_answering(httpx: Any, url: str, server: _ProcessServer | _ThreadServer) -> None:
    """Return once ``url`` gives any HTTP response; raise when the server dies or stays silent."""
    deadline = time.monotonic() + _STARTUP_SECONDS
    while time.monotonic() < deadline:
        if problem := server.failure():
            raise ServerDidNotStart(problem)
        try:
            httpx.get(url, timeout=2.0)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise ServerDidNotStart(f"the server did not answer {url} within {_STARTUP_SECONDS:.0f} s")


# --- the clients ---------------------------------------------------------------------------


_Sample = tuple[int, str, float | None]  # the url's index, the outcome, the latency (ms) of a response


async def _drive(
    httpx: Any,
    base_url: str,
    urls: list[str],
    clients: int,
    seconds: float,
    grace: float,
    progress: Callable[[float, int], None] | None,
) -> tuple[list[_Sample], float, int]:
    """Run the clients; gives the samples, the elapsed time and the requests left unfinished."""
    samples: list[_Sample] = []
    open_requests = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    timeout = httpx.Timeout(max(30.0, seconds), pool=None)  # waiting for a pooled connection is no error
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=timeout) as client:
        started = time.perf_counter()
        deadline = started + seconds

        async def one_client(number: int) -> None:
            nonlocal open_requests
            turn = number  # clients start on different variants, so each path is hit from the start
            while time.perf_counter() < deadline:
                index = turn % len(urls)
                turn += 1
                sent = time.perf_counter()
                open_requests += 1
                try:
                    response = await client.get(urls[index])
                    samples.append((index, str(response.status_code), (time.perf_counter() - sent) * 1000))
                except httpx.HTTPError as exc:
                    samples.append((index, type(exc).__name__, None))
                finally:
                    open_requests -= 1

        async def report_progress() -> None:
            while progress is not None:
                await asyncio.sleep(1.0)
                progress(min(time.perf_counter() - started, seconds), len(samples))

        ticker = asyncio.create_task(report_progress())
        workers = [asyncio.create_task(one_client(n)) for n in range(clients)]
        _, pending = await asyncio.wait(workers, timeout=seconds + grace)
        unfinished = open_requests
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        elapsed = time.perf_counter() - started
        ticker.cancel()
        await asyncio.gather(ticker, return_exceptions=True)
    return samples, elapsed, unfinished


def _report(
    base_url: str,
    server: str,
    clients: int,
    seconds: float,
    urls: list[str],
    samples: list[_Sample],
    elapsed: float,
    unfinished: int,
) -> LoadReport:
    latencies: dict[int, list[float]] = defaultdict(list)
    errors: dict[int, Counter[str]] = defaultdict(Counter)
    requests: Counter[int] = Counter()
    for index, outcome, latency in samples:
        requests[index] += 1
        if latency is not None:
            latencies[index].append(latency)
        if latency is None or int(outcome) >= 400:
            errors[index][outcome if latency is None else f"HTTP {outcome}"] += 1
    per_path = tuple(
        PathResult(url, requests[n], dict(sorted(errors[n].items())), Latency.of(latencies[n]))
        for n, url in enumerate(urls)
    )
    every_error: Counter[str] = Counter()
    for counted in errors.values():
        every_error.update(counted)
    return LoadReport(
        base_url=base_url,
        server=server,
        clients=clients,
        seconds=seconds,
        elapsed=round(elapsed, 3),
        requests=len(samples),
        requests_per_second=round(len(samples) / elapsed, 1) if elapsed > 0 else 0.0,
        errors=dict(sorted(every_error.items())),
        unfinished=unfinished,
        latency=Latency.of([latency for _, _, latency in samples if latency is not None]),
        paths=per_path,
    )


# --- options -------------------------------------------------------------------------------


def _urls(paths: Sequence[str]) -> list[str]:
    """The paths with their query variants, in order; only paths on the server under test."""
    urls: list[str] = []
    for path in paths:
        path = path.strip()
        if not path.startswith("/") or path.startswith("//"):
            raise ConfigError(
                f"--paths {path!r}: expected a path on the server under test such as /events; "
                "the load test only talks to the server it starts"
            )
        variants = VARIANTS.get(path, (path,))
        urls += [url for url in variants if url not in urls]
    if not urls:
        raise ConfigError(f"--paths: no path given; e.g. {','.join(DEFAULT_PATHS)}")
    return urls


def _loopback(host: str) -> str:
    """The loopback address for ``host``; anything else is refused (a load test run from here
    must never reach another machine)."""
    address = "127.0.0.1" if host == "localhost" else host.strip("[]")
    try:
        if ipaddress.ip_address(address).is_loopback:
            return address
    except ValueError:
        pass
    raise ConfigError(
        f"--host {host!r}: the load test serves and requests on loopback only (127.0.0.1, ::1, localhost)"
    )


def render_loadtest(report: LoadReport) -> Any:
    """The report as a rich table: a row per path and one for the whole run."""
    from rich.table import Table

    shown = Table(
        title=f"Load test: {report.clients} clients for {report.seconds:g} s against {report.base_url} "
        f"(server in a {report.server})",
        title_justify="left",
    )
    shown.add_column("path")
    for column in ("requests", "requests/s", "p50 ms", "p90 ms", "p99 ms", "max ms"):
        shown.add_column(column, justify="right")
    shown.add_column("errors")
    rows = [(path.path, path.requests, path.latency, path.errors) for path in report.paths]
    rows.append(("all", report.requests, report.latency, report.errors))
    for name, requests, latency, errors in rows:
        rate = requests / report.elapsed if report.elapsed > 0 else 0.0
        shown.add_row(
            name,
            str(requests),
            f"{rate:.1f}",
            *(f"{value:g}" for value in (latency.p50, latency.p90, latency.p99, latency.max)),
            ", ".join(f"{count} {kind}" for kind, count in errors.items()) or "0",
            end_section=name == rows[-2][0],
        )
    return shown
