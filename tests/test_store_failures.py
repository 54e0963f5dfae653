"""A store on a full disk, and a store cut short or overwritten: one clear error, never a traceback.

The full disk is simulated: DuckDB's connection is wrapped so that a COMMIT (or an INSERT) fails
the way DuckDB fails when the disk is full, after which DuckDB's own ROLLBACK finds no transaction.
The damaged stores are real: a store written by the pipeline, copied, then cut or overwritten.
Every article here was written for these tests.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from support import make_runner

from thucydides import Pipeline, Store, cli
from thucydides.errors import StoreDamaged, StoreWriteError

FIRST = "Kenyan officials met envoys from Somalia on Tuesday to discuss the border. The talks lasted an hour."
SECOND = "Peruvian troops patrolled the frontier near Chile. Villagers stayed indoors all week."
NO_SPACE = 'Could not write file "{path}.wal": No space left on device'


def article(number: int) -> str:
    return (
        f"Officials from Ghana met envoys from Togo on Monday in a round of talks numbered {number}. "
        f"The Ghana trade minister accused Togo of closing the crossing, and Togo denied it."
    )


def write_corpus(path: Path, count: int) -> Path:
    path.write_text("".join(json.dumps({"id": f"doc-{n}", "text": article(n)}) + "\n" for n in range(count)))
    return path


def documents(db: Path) -> int:
    with duckdb.connect(str(db), read_only=True) as connection:
        return int(connection.execute("SELECT count(*) FROM documents").fetchone()[0])  # type: ignore[index]


# -- a full disk ------------------------------------------------------------------------------------


class FullDisk:
    """A DuckDB connection on a disk with room for ``room`` more commits; then the next COMMIT (or
    INSERT, with ``fails_on="INSERT"``) fails as DuckDB's does when the disk is full."""

    def __init__(self, connection: Any, path: str, room: int, fails_on: str) -> None:
        self._connection = connection
        self.path = path
        self.room = room
        self.fails_on = fails_on

    def execute(self, sql: str, *args: Any) -> Any:
        if sql == "COMMIT" and self.room > 0:
            self.room -= 1
        elif self.fails_on == "COMMIT" and sql == "COMMIT":
            self._connection.execute("ROLLBACK")  # DuckDB rolls a failed commit back itself
            raise duckdb.TransactionException(
                "TransactionContext Error: Failed to commit: " + NO_SPACE.format(path=self.path)
            )
        elif self.fails_on == "INSERT" and sql.startswith("INSERT") and self.room == 0:
            raise duckdb.IOException("IO Error: " + NO_SPACE.format(path=self.path))
        return self._connection.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._connection, name)


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """Call with ``room`` (commits that still fit) to fill the disk of the stores opened after."""
    real_connect = duckdb.connect

    def fill(room: int, fails_on: str = "COMMIT") -> None:
        def connect(path: str = ":memory:", read_only: bool = False, **options: Any) -> Any:
            connection = real_connect(path, read_only=read_only, **options)
            return connection if read_only else FullDisk(connection, str(Path(path).resolve()), room, fails_on)

        monkeypatch.setattr(duckdb, "connect", connect)

    return fill


@pytest.fixture(scope="module")
def analyses(pipeline: Pipeline) -> list[Any]:
    return [
        pipeline.analyze_text(FIRST, doc_id="first", published=dt.date(2024, 3, 5)),
        pipeline.analyze_text(SECOND, doc_id="second"),
    ]


@pytest.mark.parametrize("fails_on", ["COMMIT", "INSERT"])
def test_a_write_refused_by_a_full_disk_says_so_and_keeps_the_store(
    full_disk: Callable[..., None], analyses: list[Any], tmp_path: Path, fails_on: str
) -> None:
    db = tmp_path / "full.duckdb"
    full_disk(room=1, fails_on=fails_on)
    with Store(db) as store:
        store.load(analyses[:1])
        with pytest.raises(StoreWriteError) as caught:
            store.load(analyses[1:])
    wal = f"{db.resolve()}.wal"
    assert str(caught.value) == (
        f'{db}: cannot write (Could not write file "{wal}": No space left on device); '
        "the batch was rolled back, nothing of it is stored"
    )
    assert caught.value.__context__ is None or "no transaction is active" not in str(caught.value.__context__)
    assert documents(db) == 1


def test_run_on_a_full_disk_gives_one_line_and_what_was_stored(full_disk: Callable[..., None], tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "news.jsonl", 12)
    db = tmp_path / "full.duckdb"
    full_disk(room=2)  # two batches of four fit
    result = make_runner().invoke(cli.app, ["run", str(corpus), "--db", str(db), "--batch-size", "4", "--no-dedup"])
    assert result.exit_code == 1
    output = result.stdout + result.stderr
    assert "Traceback" not in output and "no transaction is active" not in output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [
        f'error: {db}: cannot write (Could not write file "{db.resolve()}.wal": No space left on device); '
        "the batch was rolled back, nothing of it is stored; the 8 documents loaded so far are in the store, "
        "run the same command again to resume"
    ]
    assert re.search(
        r"read 12 documents with the local engine \(1 worker\(s\)\) in [\d.]+ s: 8 analysed and stored", output
    )
    assert documents(db) == 8


def test_analyze_on_a_full_disk_gives_one_line_and_what_was_stored(
    full_disk: Callable[..., None], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = write_corpus(tmp_path / "news.jsonl", 7)
    settings = tmp_path / "small-batches.toml"
    settings.write_text("[limits]\nbatch_size = 2\n")
    db = tmp_path / "full.duckdb"
    full_disk(room=2)
    args = ["analyze", str(corpus), "--db", str(db), "--format", "jsonl", "--config", str(settings)]
    result = make_runner().invoke(cli.app, args)
    assert result.exit_code == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr.splitlines() == [
        f'error: {db}: cannot write (Could not write file "{db.resolve()}.wal": No space left on device); '
        "the batch was rolled back, nothing of it is stored",
        f"6 document(s) analysed, 0 failed; stored 4 new, 0 already in the store, "
        f"0 repeated in this run (same cleaned text) in {db}",
    ]  # the sixth document filled the third batch: nothing after it is analysed
    assert documents(db) == 4


# -- a store cut short or overwritten ---------------------------------------------------------------


@pytest.fixture(scope="module")
def sound_store(analyses: list[Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("sound") / "sound.duckdb"
    with Store(db) as store:
        store.load(analyses, model="en_test-1.0")
    return db


def truncate(size: Callable[[int], int]) -> Callable[[Path], None]:
    def cut(path: Path) -> None:
        with path.open("r+b") as handle:
            handle.truncate(size(path.stat().st_size))

    return cut


def overwrite(offset: int) -> Callable[[Path], None]:
    def scribble(path: Path) -> None:
        with path.open("r+b") as handle:
            handle.seek(offset)
            handle.write(b"\xa5" * 4096)

    return scribble


DAMAGE = {
    "cut to nothing": truncate(lambda size: 0),
    "cut to 100 bytes": truncate(lambda size: 100),
    "cut to 100 kB": truncate(lambda size: 100_000),
    "cut in half": truncate(lambda size: size // 2),  # opened, and failed on the first read, before
    "one byte short": truncate(lambda size: size - 1),  # likewise
    "a database header overwritten": overwrite(4096),
    "the first block overwritten": overwrite(3 * 4096),
}


@pytest.fixture(params=list(DAMAGE))
def damaged(request: pytest.FixtureRequest, sound_store: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(sound_store, copy)
    DAMAGE[request.param](copy)
    return copy


def damage_message(path: Path) -> re.Pattern[str]:
    return re.compile(
        re.escape(f"{path}: the store is damaged (")
        + r".+"
        + re.escape("); restore it from a copy, or run again into a new store")
    )


@pytest.mark.parametrize("read_only", [True, False])
def test_a_damaged_store_is_refused_when_opened(damaged: Path, read_only: bool) -> None:
    with pytest.raises(StoreDamaged) as caught:
        Store(damaged, read_only=read_only)
    assert damage_message(damaged).fullmatch(str(caught.value))


def test_a_sound_store_passes_the_check(sound_store: Path) -> None:
    with Store(sound_store, read_only=True) as store:
        assert store.check() is None
        assert store.count("documents") == 2


@pytest.mark.parametrize(
    ("failure", "reason"),
    [
        (duckdb.IOException("IO Error: Could not read enough bytes from the store"), "Could not read enough bytes"),
        (duckdb.Error("Corrupt database file: checksum 3 is not 4 in block 9"), "Corrupt database file: checksum"),
        (duckdb.FatalException("FATAL Error: database has been invalidated"), "database has been invalidated"),
    ],
    ids=["io", "checksum", "fatal"],
)
def test_a_read_failing_on_the_file_is_damage(sound_store: Path, failure: duckdb.Error, reason: str) -> None:
    with Store(sound_store, read_only=True) as store, pytest.raises(StoreDamaged) as caught, store.reading():
        raise failure
    assert str(caught.value).startswith(f"{sound_store}: the store is damaged ({reason}")
    assert damage_message(sound_store).fullmatch(str(caught.value))


def test_a_wrong_query_is_no_damage(sound_store: Path) -> None:
    with Store(sound_store, read_only=True) as store, pytest.raises(duckdb.BinderException), store.reading():
        store.connection.execute("SELECT titel FROM documents")


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Every connection opened while the test runs, to see which were closed."""
    opened: list[Any] = []
    real_connect = duckdb.connect

    class Watched:
        def __init__(self, connection: Any) -> None:
            self._connection = connection
            self.closed = False

        def close(self) -> None:
            self.closed = True
            self._connection.close()

        def __getattr__(self, name: str) -> Any:
            return getattr(self._connection, name)

    def connect(*args: Any, **options: Any) -> Any:
        opened.append(Watched(real_connect(*args, **options)))
        return opened[-1]

    monkeypatch.setattr(duckdb, "connect", connect)
    yield opened


def test_the_connection_is_closed_when_the_check_fails(sound_store: Path, tmp_path: Path, connections) -> None:
    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(sound_store, copy)
    DAMAGE["cut in half"](copy)
    with pytest.raises(StoreDamaged):
        Store(copy)
    assert [connection.closed for connection in connections] == [True]


@pytest.mark.parametrize(
    "command",
    [
        ["run", "{corpus}", "--db", "{db}"],
        ["export", "--db", "{db}", "--to", "jsonl", "-o", "{out}"],
        ["analyze", "{corpus}", "--db", "{db}", "--format", "jsonl"],
    ],
    ids=["run", "export", "analyze"],
)
def test_the_commands_refuse_a_damaged_store_in_one_line(sound_store: Path, tmp_path: Path, command: list[str]) -> None:
    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(sound_store, copy)
    DAMAGE["cut in half"](copy)
    corpus = write_corpus(tmp_path / "news.jsonl", 1)
    args = [part.format(corpus=corpus, db=copy, out=tmp_path / "events.jsonl") for part in command]
    result = make_runner().invoke(cli.app, args)
    assert result.exit_code == 1
    assert "Traceback" not in result.stdout + result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: ")
    assert damage_message(copy).fullmatch(line.removeprefix("error: "))
    assert result.stdout == ""
