"""Paths that are not plain files: devices, FIFOs, sockets, folders and ``-`` as outputs; FIFOs,
sockets and broken symbolic links as inputs.

Nothing here may hang: every FIFO is read or written by a helper thread with a timeout, and a
helper that is left blocked is released through a second name of the FIFO.
"""

from __future__ import annotations

import contextlib
import io
import os
import socket
import stat
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import pyarrow.parquet as pq
import pytest
from click.testing import Result
from support import make_runner
from test_exports import export_test_store

from thucydides import Failure, RawDocument, cli
from thucydides.dyads import dyads, write_dyads
from thucydides.errors import ConfigError, ExportError, InputError
from thucydides.exports import GDELT_COLUMNS, export_store
from thucydides.plot import plot_network
from thucydides.read import check_paths, iter_documents

TIMEOUT = 30.0
T = TypeVar("T")
DYADS_CSV = (
    "period,source,target,events,q1,q2,q3,q4,goldstein_sum,goldstein_mean\n2023-05-01,PAK,IND,1,1,0,0,0,-0.3,-0.3\n"
)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return export_test_store(tmp_path)


def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> Result:
    monkeypatch.chdir(tmp_path)
    return make_runner().invoke(cli.app, list(args))


def flat(text: str) -> str:
    return " ".join(text.split())


class FifoReader:
    """Reads a FIFO to its end in a thread; ``data`` is what it got."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.data = b""
        self.spare = path.with_name(path.name + ".spare")  # a second name, to release a blocked reader
        os.link(path, self.spare)
        self.thread = threading.Thread(target=self._read, daemon=True)

    def _read(self) -> None:
        with open(self.path, "rb") as handle:
            self.data = handle.read()

    def __enter__(self) -> FifoReader:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.thread.join(TIMEOUT)
        if self.thread.is_alive():  # nothing ever opened the FIFO for writing: end the reader's wait
            os.close(os.open(self.spare, os.O_WRONLY | os.O_NONBLOCK))
            self.thread.join(TIMEOUT)
        self.spare.unlink()


def make_device(path: Path) -> str:
    """A character device like /dev/null at ``path`` (mknod needs root); a FIFO otherwise.
    Gives which of the two it made."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        os.mkfifo(path)
        return "fifo"
    return "device"


@contextmanager
def drained(path: Path, kind: str) -> Iterator[FifoReader | None]:
    if kind == "fifo":
        with FifoReader(path) as reader:
            yield reader
    else:
        yield None


def gdelt_lines(data: bytes) -> list[str]:
    lines = data.decode("utf-8").split("\n")
    assert lines[0].split("\t") == list(GDELT_COLUMNS)
    assert lines[-1] == ""
    return lines[1:-1]


# --- -o: a device, a FIFO, a socket, a folder, - ------------------------------------------


def test_export_to_a_device_writes_into_it_and_leaves_it_a_device(db: Path, tmp_path: Path) -> None:
    node = tmp_path / "null"
    kind = make_device(node)
    with drained(node, kind):
        report = export_store(db, "gdelt", node)
    assert report.rows == 5
    mode = node.stat().st_mode
    assert stat.S_ISCHR(mode) if kind == "device" else stat.S_ISFIFO(mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["news.duckdb", "null"]  # no temporary file left


@pytest.mark.parametrize("to", ["gdelt", "plover", "jsonl"])
def test_export_to_a_fifo_feeds_its_reader(db: Path, tmp_path: Path, to: str) -> None:
    fifo = tmp_path / "events.fifo"
    os.mkfifo(fifo)
    with FifoReader(fifo) as reader:
        report = export_store(db, to, fifo)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    lines = reader.data.decode("utf-8").splitlines()
    assert len(lines) == {"gdelt": 6, "plover": 4, "jsonl": 6}[to] == report.rows + (to == "gdelt")
    if to == "gdelt":
        assert len(gdelt_lines(reader.data)) == 5


def test_cli_export_to_a_fifo(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    os.mkfifo(tmp_path / "events.fifo")
    with FifoReader(tmp_path / "events.fifo") as reader:
        result = run(tmp_path, monkeypatch, "export", "--db", "news.duckdb", "--to", "gdelt", "-o", "events.fifo")
    assert result.exit_code == 0, result.stderr
    assert flat(result.stderr).startswith("wrote 5 GDELT event rows to events.fifo (modality asserted)")
    assert len(gdelt_lines(reader.data)) == 5
    assert stat.S_ISFIFO((tmp_path / "events.fifo").stat().st_mode)


@pytest.mark.parametrize(
    ("to", "count", "summary"),
    [
        (
            "gdelt",
            6,
            "wrote 5 GDELT event rows to standard output (modality asserted); "
            "left out 1 of other modalities (--modality)",
        ),
        ("jsonl", 6, "wrote 6 event lines to standard output (every modality)"),
    ],
)
def test_cli_export_dash_writes_to_stdout(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, to: str, count: int, summary: str
) -> None:
    result = run(tmp_path, monkeypatch, "export", "--db", "news.duckdb", "--to", to, "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.splitlines()) == count
    if to == "gdelt":
        assert len(gdelt_lines(result.stdout.encode())) == 5
    assert flat(result.stderr) == summary
    assert not (tmp_path / "-").exists()


def test_cli_export_parquet_to_dash_is_refused(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run(tmp_path, monkeypatch, "export", "--db", "news.duckdb", "--to", "parquet", "-o", "-")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert flat(result.stderr) == (
        "error: -o -: parquet writes one file per table into a folder: -o FOLDER; "
        "standard output takes gdelt, plover or jsonl"
    )
    assert not (tmp_path / "-").exists()


def test_export_parquet_to_a_fifo_is_refused(db: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "tables"
    os.mkfifo(fifo)
    with pytest.raises(ExportError) as caught:
        export_store(db, "parquet", fifo)
    assert str(caught.value) == (
        f"{fifo}: is a FIFO (named pipe); parquet writes one file per table into a folder: -o FOLDER"
    )
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_export_to_a_socket_is_refused(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "s.sock"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        with pytest.raises(ExportError) as caught:
            export_store(db, "jsonl", path)
    assert str(caught.value) == (f"{path}: is a socket, not a file; -o takes a file, a FIFO, a device or - (stdout)")
    assert stat.S_ISSOCK(path.stat().st_mode)


@pytest.mark.parametrize("to", ["gdelt", "plover", "jsonl"])
def test_export_to_a_folder_is_refused_naming_it(db: Path, tmp_path: Path, to: str) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    suffix = "tsv" if to == "gdelt" else "jsonl"
    with pytest.raises(ExportError) as caught:
        export_store(db, to, folder)
    assert str(caught.value) == f"{folder}: is a folder; {to} writes one file, e.g. {folder}/events.{suffix}"


def test_export_through_a_symbolic_link_replaces_its_target_and_keeps_the_link(db: Path, tmp_path: Path) -> None:
    (tmp_path / "real.tsv").write_text("old\n", "utf-8")
    (tmp_path / "link.tsv").symlink_to("real.tsv")
    export_store(db, "gdelt", tmp_path / "link.tsv")
    assert (tmp_path / "link.tsv").is_symlink()
    assert len(gdelt_lines((tmp_path / "real.tsv").read_bytes())) == 5


def test_dyads_to_a_device_and_a_fifo(db: Path, tmp_path: Path) -> None:
    table = dyads(db, by="day")
    node = tmp_path / "null"
    kind = make_device(node)
    with drained(node, kind) as reader:
        write_dyads(table, "csv", node)
    assert stat.S_ISCHR(node.stat().st_mode) if kind == "device" else stat.S_ISFIFO(node.stat().st_mode)
    if reader is not None:
        assert reader.data.decode() == DYADS_CSV
    fifo = tmp_path / "dyads.fifo"
    os.mkfifo(fifo)
    with FifoReader(fifo) as reader:
        write_dyads(table, "parquet", fifo)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    (tmp_path / "got.parquet").write_bytes(reader.data)
    assert pq.read_table(tmp_path / "got.parquet").column("source").to_pylist() == ["PAK"]


def test_cli_dyads_to_a_fifo_and_to_dash(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    os.mkfifo(tmp_path / "dyads.fifo")
    args = ("dyads", "--db", "news.duckdb", "--by", "day", "--format", "csv")
    with FifoReader(tmp_path / "dyads.fifo") as reader:
        result = run(tmp_path, monkeypatch, *args, "-o", "dyads.fifo")
    assert result.exit_code == 0, result.stderr
    assert reader.data.decode() == DYADS_CSV
    assert flat(result.stderr).startswith("1 dyad-period rows to dyads.fifo;")
    result = run(tmp_path, monkeypatch, *args, "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == DYADS_CSV
    assert flat(result.stderr).startswith("1 dyad-period rows; ")
    assert not (tmp_path / "-").exists()


def test_dyads_to_a_folder_is_refused_naming_it(db: Path, tmp_path: Path) -> None:
    with pytest.raises(ExportError) as caught:
        write_dyads(dyads(db, by="day"), "json", tmp_path)
    assert str(caught.value) == f"{tmp_path}: is a folder; -o takes a file, e.g. {tmp_path}/dyads.json"


def test_dyads_parquet_to_dash_is_refused(db: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        write_dyads(dyads(db, by="day"), "parquet", Path("-"), io.StringIO())
    assert str(caught.value) == "parquet output needs a file: add -o FILE; standard output takes csv and json only"


def test_a_symbolic_link_to_a_fifo_is_written_through(db: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "events.fifo"
    os.mkfifo(fifo)
    (tmp_path / "link.tsv").symlink_to("events.fifo")  # as /dev/stdout is a link to the process's stdout
    with FifoReader(fifo) as reader:
        export_store(db, "gdelt", tmp_path / "link.tsv")
    assert (tmp_path / "link.tsv").is_symlink() and stat.S_ISFIFO(fifo.stat().st_mode)
    assert len(gdelt_lines(reader.data)) == 5


def test_figure_to_a_fifo_feeds_its_reader(db: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "network.png"
    os.mkfifo(fifo)
    with FifoReader(fifo) as reader:
        report = plot_network(db, fifo, modality="all")
    assert report.edges == 1
    assert reader.data.startswith(b"\x89PNG\r\n\x1a\n")
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["network.png", "news.duckdb"]


def test_figure_to_dash_is_refused(db: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        plot_network(db, "-")
    assert str(caught.value) == (
        "-o -: a figure's format comes from the suffix of its name; give -o FILE.png, .svg or .pdf"
    )


# --- inputs: FIFOs, sockets, devices, broken symbolic links --------------------------------

NOT_REGULAR = "a FIFO (named pipe), not a regular file; use - to read standard input"
FERRY = "The ferry between Tallinn and Helsinki resumed sailing on Monday after a two-day strike by dock workers."


def within_timeout(call: Callable[[], T], fifos: list[Path]) -> T:
    """``call()`` in a thread; a call left blocked on one of ``fifos`` is released (by opening
    the FIFO for writing) and the test fails instead of hanging."""
    got: list[T] = []
    errors: list[BaseException] = []

    def target() -> None:
        try:
            got.append(call())
        except BaseException as exc:  # handed to the test
            errors.append(exc)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(TIMEOUT)
    if thread.is_alive():
        for fifo in fifos:
            with contextlib.suppress(OSError):  # ENXIO: no reader waits on this one
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        thread.join(TIMEOUT)
        pytest.fail(f"blocked on a FIFO: {fifos}")
    if errors:
        raise errors[0]
    return got[0]


def read_within_timeout(paths: list[str], fifos: list[Path]) -> list[RawDocument | Failure]:
    return within_timeout(lambda: list(iter_documents(paths)), fifos)


@pytest.mark.parametrize("name", ["news.txt", "news.jsonl", "news.jsonl.gz", "news.csv", "news.warc", "news.fifo"])
def test_a_fifo_named_as_input_is_refused_before_anything_is_read(tmp_path: Path, name: str) -> None:
    fifo = tmp_path / name
    os.mkfifo(fifo)
    with pytest.raises(InputError) as caught:
        check_paths([str(fifo)])
    assert (caught.value.where, caught.value.reason) == (str(fifo), NOT_REGULAR)
    assert read_within_timeout([str(fifo)], [fifo]) == [Failure(str(fifo), None, "read", NOT_REGULAR)]


@pytest.mark.parametrize("name", ["news.txt", "news.jsonl.gz", "news.csv", "news.warc.gz"])
def test_a_fifo_in_a_folder_or_a_glob_is_a_failure_and_the_rest_is_read(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(FERRY, "utf-8")
    os.mkfifo(folder / name)
    (folder / "z.txt").write_text(FERRY, "utf-8")
    failure = Failure(str(folder / name), None, "read", NOT_REGULAR)
    for given in (str(folder), str(folder / "*")):
        items = read_within_timeout([given], [folder / name])
        assert [item.id if isinstance(item, RawDocument) else item for item in items] == ["a.txt", failure, "z.txt"]


def test_a_socket_in_a_folder_is_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        items = read_within_timeout([str(tmp_path)], [])
    reason = "a socket, not a regular file; use - to read standard input"
    assert items == [Failure(str(path), None, "read", reason)]


def test_a_device_named_as_input_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        check_paths(["/dev/null"])
    assert caught.value.reason == "a character device, not a regular file; use - to read standard input"


@pytest.mark.parametrize("name", ["t.csv", "t.csv.gz", "w.warc"])
def test_the_readers_refuse_a_fifo_themselves(tmp_path: Path, name: str) -> None:
    from thucydides.read import read_table, read_warc

    fifo = tmp_path / name
    os.mkfifo(fifo)
    read = read_warc if name.endswith(".warc") else read_table
    with pytest.raises(InputError) as caught:
        within_timeout(lambda: list(read(fifo)), [fifo])
    assert str(caught.value) == f"{fifo}: {NOT_REGULAR}"


@pytest.mark.parametrize("command", [("analyze",), ("run", "--db", "news.duckdb")])
def test_cli_refuses_a_fifo_without_waiting_on_it(tmp_path: Path, command: tuple[str, ...]) -> None:
    os.mkfifo(tmp_path / "news.jsonl")
    done = subprocess.run(
        [sys.executable, "-m", "thucydides", command[0], "news.jsonl", *command[1:], "-q"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert flat(done.stderr) == f"error: news.jsonl: {NOT_REGULAR}"
    assert done.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["news.jsonl"]  # no store was made


def test_stdin_is_still_read_with_a_dash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(FERRY.encode())))
    [document] = iter_documents(["-"])
    assert (document.id, document.text) == ("stdin", FERRY)


def test_a_broken_symbolic_link_in_a_folder_is_a_failure_naming_its_target(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(FERRY, "utf-8")
    (folder / "gone.txt").symlink_to("../archive/gone.txt")
    (folder / "notes").symlink_to("nowhere")  # no known type either way: not read, so not reported
    items = read_within_timeout([str(folder)], [])
    reason = "broken symbolic link → ../archive/gone.txt (its target does not exist)"
    assert [item.id if isinstance(item, RawDocument) else item for item in items] == [
        "a.txt",
        Failure(str(folder / "gone.txt"), None, "read", reason),
    ]
    with pytest.raises(InputError) as caught:
        check_paths([str(folder / "gone.txt")])
    assert caught.value.reason == reason


def test_markup_in_a_skipped_file_name_is_printed_as_written(tmp_path: Path) -> None:
    # rich reads "[b]" as markup: unescaped, it vanished from the name (and "[/b]" in a reason
    # crashed the CLI with a MarkupError).
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a[b]x.txt").write_bytes(b"\x00\x01binary")
    (folder / "b.txt").write_text(FERRY, "utf-8")
    result = make_runner().invoke(cli.app, ["analyze", str(folder), "--format", "jsonl"])
    assert result.exit_code == 1, result.stderr  # a document failed
    assert f"skipped {folder / 'a[b]x.txt'}: " in "".join(result.stderr.split("\n"))
    assert result.stdout.count('"schema"') == 1
