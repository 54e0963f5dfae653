"""Corpus runs: the same records from every engine, resume after kill -9, copies, retries, memory.

Every article here is written for these tests."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import duckdb
import pytest

from thucydides.corpus import RunSummary, run_corpus, spool_for
from thucydides.engine import Work, analyse_work
from thucydides.engine.process import ProcessEngine
from thucydides.engine.worker import new_run_folder

COUNTRIES = [
    ("Kenya", "Somalia"), ("Peru", "Chile"), ("Norway", "Russia"), ("India", "Nepal"), ("Egypt", "Sudan"),
    ("Japan", "China"), ("Ghana", "Togo"), ("Spain", "Morocco"), ("Brazil", "Bolivia"), ("Iran", "Iraq"),
]  # fmt: skip


def article(number: int) -> str:
    a, b = COUNTRIES[number % len(COUNTRIES)]
    return (
        f"Officials from {a} met envoys from {b} on Tuesday in a round of talks numbered {number}. "
        f"The {a} foreign minister accused {b} of backing rebels near the border, and {b} denied it. "
        f"Both sides agreed to meet again in report {number * 7 + 3}."
    )


def write_jsonl(path: Path, numbers: range, extra: list[dict[str, Any]] | None = None) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for number in numbers:
            out.write(json.dumps({"id": f"doc-{number}", "text": article(number), "published": "2024-03-15"}) + "\n")
        for record in extra or []:
            out.write(json.dumps(record) + "\n")
    return path


def table(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(db), read_only=True) as connection:
        return connection.execute(sql).fetchall()


CONTENT = {
    "documents": "SELECT hash, id, title, text FROM documents ORDER BY hash",
    "events": "SELECT doc_hash, event, cameo, source_actor, target_actor, modality, date FROM events ORDER BY ALL",
    "quotes": "SELECT doc_hash, quote, kind, content FROM quotes ORDER BY ALL",
    "mentions": 'SELECT doc_hash, start, "end", actor FROM mentions ORDER BY ALL',
}


def contents(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    return {name: table(db, sql) for name, sql in CONTENT.items()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_jsonl(tmp_path_factory.mktemp("corpus") / "news.jsonl", range(12))


@pytest.fixture(scope="module")
def local_run(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, RunSummary]:
    db = tmp_path_factory.mktemp("local") / "local.duckdb"
    return db, run_corpus([str(corpus)], db, engine="local", batch_size=5, dedup=False)


def test_a_local_run_stores_every_document(local_run: tuple[Path, RunSummary]) -> None:
    db, summary = local_run
    assert (summary.read, summary.stored, summary.failed) == (12, 12, 0)
    assert table(db, "SELECT count(*), count(DISTINCT hash) FROM documents") == [(12, 12)]
    assert summary.events == table(db, "SELECT count(*) FROM events")[0][0] > 0
    assert not spool_for(db).exists()


def test_a_second_run_adds_nothing(local_run: tuple[Path, RunSummary], corpus: Path) -> None:
    db, _ = local_run
    before = contents(db)
    again = run_corpus([str(corpus)], db, engine="local", batch_size=5, dedup=False)
    assert (again.read, again.stored, again.already_stored) == (12, 0, 12)
    assert contents(db) == before


@pytest.mark.slow
def test_the_process_engine_gives_the_same_records(
    local_run: tuple[Path, RunSummary], corpus: Path, tmp_path: Path
) -> None:
    db = tmp_path / "process.duckdb"
    summary = run_corpus([str(corpus)], db, engine="process", workers=2, batch_size=3, dedup=False)
    assert (summary.stored, summary.workers) == (12, 2)
    assert contents(db) == contents(local_run[0])
    assert not spool_for(db).exists()  # every shard loaded and removed


@pytest.mark.slow
def test_the_ray_engine_gives_the_same_records(
    local_run: tuple[Path, RunSummary], corpus: Path, tmp_path: Path
) -> None:
    pytest.importorskip("ray", reason="the ray extra is not installed: pip install 'thucydides[ray]'")
    db = tmp_path / "ray.duckdb"
    summary = run_corpus([str(corpus)], db, engine="ray", workers=2, batch_size=4, dedup=False)
    assert summary.stored == 12
    assert contents(db) == contents(local_run[0])


def works(pipeline, corpus: Path, *slices: slice) -> list[Work]:
    from thucydides.read import iter_documents

    raws = list(iter_documents([str(corpus)]))
    return [Work(n, tuple((raw, pipeline.clean(raw)) for raw in raws[part])) for n, part in enumerate(slices, 1)]


def test_a_shard_left_by_a_killed_run_is_loaded_at_the_next_start(pipeline, corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "resume.duckdb"
    spool = spool_for(db)
    killed_run = new_run_folder(spool)
    (work,) = works(pipeline, corpus, slice(0, 3))
    shard = analyse_work(pipeline, work, pipeline.model_name, killed_run).shard
    assert shard is not None and shard.parent == killed_run
    (killed_run / ".tmp-half-written").mkdir()
    summary = run_corpus([str(corpus)], db, engine="local", batch_size=5, dedup=False)
    assert summary.resumed_shards == 1
    assert (summary.stored, summary.already_stored) == (12, 3)  # 3 from the shard, 9 analysed now
    assert table(db, "SELECT count(*), count(DISTINCT hash) FROM documents") == [(12, 12)]
    assert not spool.exists()


def test_a_worker_of_a_killed_run_cannot_write_into_the_next_one(pipeline, corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "stale.duckdb"
    spool = spool_for(db)
    killed_run = new_run_folder(spool)
    finished, late = works(pipeline, corpus, slice(0, 3), slice(3, 6))
    analyse_work(pipeline, finished, pipeline.model_name, killed_run)  # done before the kill
    attempts: list[str] = []

    def stale_worker(summary: RunSummary) -> None:
        """A worker of the killed run, still alive, finishing its batch while the new run goes on."""
        if attempts:
            return
        try:
            analyse_work(pipeline, late, pipeline.model_name, killed_run)
            attempts.append("written")
        except FileNotFoundError:
            attempts.append("refused")

    summary = run_corpus([str(corpus)], db, engine="local", batch_size=5, dedup=False, progress=stale_worker)
    assert attempts == ["refused"]  # its run's folder was taken away when the new run began
    assert (summary.resumed_shards, summary.stored, summary.already_stored) == (1, 12, 3)
    assert not spool.exists()  # nothing arrived that a later run would load


def test_a_failed_document_is_skipped_then_retried(tmp_path: Path) -> None:
    big = {"id": "big-one", "text": article(99) + " More words." * 300}
    corpus = write_jsonl(tmp_path / "news.jsonl", range(3), [big])
    small_limit = tmp_path / "small.toml"
    small_limit.write_text("[limits]\nmax_document_bytes = 3000\n")
    db = tmp_path / "retry.duckdb"
    first = run_corpus([str(corpus)], db, config=small_limit, dedup=False)
    assert (first.stored, first.failed) == (3, 1)
    assert table(db, "SELECT origin, stage FROM failures") == [(f"{corpus}:4", "read")]
    second = run_corpus([str(corpus)], db, dedup=False)
    assert (second.stored, second.skipped_failed, second.already_stored) == (0, 1, 3)
    third = run_corpus([str(corpus)], db, dedup=False, retry_failed=True)
    assert (third.stored, third.retried) == (1, 1)
    assert table(db, "SELECT count(*) FROM failures") == [(0,)]
    assert table(db, "SELECT id FROM documents WHERE id = 'big-one'") == [("big-one",)]


@pytest.mark.slow
def test_a_worker_that_dies_costs_only_its_document(tmp_path: Path) -> None:
    from corpus_helpers import MARKER, crash_on_marker

    from thucydides.pipeline import clean_document
    from thucydides.read import iter_documents
    from thucydides.settings import load_settings

    corpus = write_jsonl(tmp_path / "news.jsonl", range(4), [{"id": "poison", "text": f"{article(50)} {MARKER}"}])
    settings = load_settings()
    pairs = [(raw, clean_document(raw, settings)) for raw in iter_documents([str(corpus)])]
    engine = ProcessEngine(model=None, config=None, workers=2, spool=tmp_path / "spool", task=crash_on_marker)
    try:
        outcomes = list(engine.map([Work(1, tuple(pairs[:3])), Work(2, tuple(pairs[3:]))]))
    finally:
        engine.close()
    failures = [f for o in outcomes for f in o.failures]
    assert [(f.document_id, f.stage) for f in failures] == [("poison", "worker")]
    assert "worker process died" in failures[0].reason
    assert sum(len(o.hashes) for o in outcomes) == 4  # the four good documents all analysed


# -- kill -9 and bounded memory: real runs of the command ------------------------------------------


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "thucydides", "run", *args]


@pytest.mark.slow
def test_a_run_killed_with_sigkill_resumes_without_loss_or_duplicates(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "news.jsonl", range(60))
    db = tmp_path / "killed.duckdb"
    run = subprocess.Popen(
        command(str(corpus), "--db", str(db), "--batch-size", "4", "--no-dedup"),
        stderr=subprocess.PIPE,
        text=True,
    )
    assert run.stderr is not None
    stored_lines = 0
    deadline = time.monotonic() + 300
    while stored_lines < 3 and time.monotonic() < deadline:
        line = run.stderr.readline()
        if not line:
            break
        stored_lines += line.startswith("stored ")
    os.kill(run.pid, signal.SIGKILL)
    run.wait()
    assert run.returncode == -signal.SIGKILL and stored_lines == 3  # killed mid-run, after 3 batches
    partial = table(db, "SELECT count(*) FROM documents")[0][0]
    assert 12 <= partial < 60
    finished = subprocess.run(command(str(corpus), "--db", str(db), "--batch-size", "4", "--no-dedup", "--quiet"))
    assert finished.returncode == 0
    assert table(db, "SELECT count(*), count(DISTINCT hash), count(DISTINCT id) FROM documents") == [(60, 60, 60)]
    ids = {row[0] for row in table(db, "SELECT id FROM documents")}
    assert ids == {f"doc-{n}" for n in range(60)}
    orphans = table(db, "SELECT count(*) FROM events WHERE doc_hash NOT IN (SELECT hash FROM documents)")
    assert orphans == [(0,)]


def _state(pid: int) -> str | None:
    """The process's state letter (R, S, Z, ...), or None when it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat[stat.rindex(")") + 2 :].split()[0]


def _children(parent: int) -> list[int]:
    """The live child processes of ``parent``, from the parent pid in /proc/*/stat."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            state, ppid = stat[stat.rindex(")") + 2 :].split()[:2]
            if int(ppid) == parent and state != "Z":
                found.append(int(entry.name))
    return found


# A run driven from a thread other than the main one: its workers get no parent-death signal
# from the kernel (it would follow the thread), so the watch on the parent's pid must end them.
FROM_A_THREAD = """
import sys, threading
from pathlib import Path
from thucydides.corpus import run_corpus, plain_progress
run = threading.Thread(target=run_corpus, args=([sys.argv[1]], Path(sys.argv[2])),
                       kwargs={"engine": "process", "workers": 2, "batch_size": 2, "progress": plain_progress()})
run.start()
run.join()
"""


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the workers through /proc")
@pytest.mark.parametrize("driver", ["command", "thread"])
def test_the_workers_die_with_a_run_killed_with_sigkill(driver: str, tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "news.jsonl", range(400))
    db = tmp_path / "orphans.duckdb"
    if driver == "command":
        argv = command(str(corpus), "--db", str(db), "--engine", "process", "--workers", "2", "--batch-size", "2")
    else:
        argv = [sys.executable, "-c", FROM_A_THREAD, str(corpus), str(db)]
    run = subprocess.Popen(argv, stderr=subprocess.PIPE, text=True)
    assert run.stderr is not None
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and not run.stderr.readline().startswith("stored "):
            pass  # the first batch loaded: the workers have their models and are mid-run
        workers = _children(run.pid)  # the two workers and multiprocessing's resource tracker
        assert len(workers) == 3
        os.kill(run.pid, signal.SIGKILL)
        run.wait()
        alive = workers
        deadline = time.monotonic() + 20
        while alive and time.monotonic() < deadline:
            time.sleep(0.1)
            alive = [pid for pid in alive if _state(pid) not in (None, "Z")]
        assert alive == []
        run.stderr.read()  # the end of the stream: nobody holds the run's stderr any more
    finally:
        for pid in workers:
            if _state(pid) not in (None, "Z"):
                os.kill(pid, signal.SIGKILL)
        run.stderr.close()
    spool = spool_for(db)
    left = sorted(path.relative_to(spool).parts[0] for path in spool.glob("*/shard-*"))
    time.sleep(1)  # a worker still alive would go on writing shards
    assert sorted(path.relative_to(spool).parts[0] for path in spool.glob("*/shard-*")) == left
    assert len(set(left)) <= 1  # the killed run's shards stay in its own folder, for the next run


MEASURE = """
import resource, subprocess, sys
peaks = []
for corpus, db in zip(sys.argv[1::2], sys.argv[2::2]):
    subprocess.run([sys.executable, "-m", "thucydides", "run", corpus, "--db", db, "--batch-size", "8",
                    "--no-dedup", "--quiet"], check=True)
    peaks.append(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
print(*peaks)
"""


@pytest.mark.slow
def test_memory_does_not_grow_with_the_corpus(tmp_path: Path) -> None:
    small = write_jsonl(tmp_path / "small.jsonl", range(40))
    large = write_jsonl(tmp_path / "large.jsonl", range(400))
    measured = subprocess.run(
        [sys.executable, "-c", MEASURE, str(small), str(tmp_path / "s.duckdb"), str(large), str(tmp_path / "l.duckdb")],
        capture_output=True,
        text=True,
        check=True,
    )
    small_mib, peak_mib = (int(v) for v in measured.stdout.split())
    # the second figure is the peak over both runs: the 10x corpus may not add more than a tenth
    print(f"peak RSS: 40 documents {small_mib} MiB; 40 then 400 documents {peak_mib} MiB")
    assert peak_mib <= small_mib * 1.10
    assert table(tmp_path / "l.duckdb", "SELECT count(*) FROM documents") == [(400,)]


WIRE = (
    "Ethiopian and Eritrean negotiators met in Nairobi on Monday to discuss the disputed border town, "
    "officials said. The Ethiopian delegation accused Eritrea of moving troops toward the frontier in "
    "breach of the truce, and Eritrean officials denied the charge. Kenyan mediators urged both sides to "
    "withdraw heavy weapons from the area and to return to talks next month. Diplomats said the meeting "
    "lasted six hours and ended without a joint statement, though both delegations agreed to keep a "
    "hotline open between their military commanders. The talks were the third round this year. Earlier "
    "rounds in Addis Ababa and Asmara broke down over the sequence of withdrawals, with each side asking "
    "the other to move first. Aid agencies working in the border districts have warned that thousands of "
    "farmers cannot reach their fields while soldiers of both armies patrol the valley, and a United Nations "
    "envoy told reporters that the humanitarian situation would worsen if the rains fail again. The African "
    "Union has offered to send observers to monitor any pullback, an offer both governments say they are "
    "studying. Analysts in the region said the mere fact of a meeting was a modest step forward after months "
    "of hostile rhetoric on state television in both capitals."
)


def test_a_syndicated_copy_is_recorded_not_analysed_again(tmp_path: Path) -> None:
    copy = (
        "Horn of Africa rivals meet in Kenya\n\n"
        + WIRE.replace("lasted six hours", "went on for six hours")
        + "\n\nReporting by the regional desk; editing by the night staff."
    )
    other = (
        "Ethiopian and Eritrean officials met in Nairobi on Monday as well, but about trade: they signed a "
        "memorandum on customs posts and agreed to reopen two crossings to lorries, a trade ministry said."
    )
    records = [{"id": "wire-1", "text": WIRE}, {"id": "paper-7", "text": copy}, {"id": "trade-2", "text": other}]
    corpus = tmp_path / "wires.jsonl"
    corpus.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    db = tmp_path / "wires.duckdb"
    summary = run_corpus([str(corpus)], db, batch_size=2)
    assert (summary.stored, summary.near_copies, summary.exact_copies) == (2, 1, 0)
    assert sorted(r[0] for r in table(db, "SELECT id FROM documents")) == ["trade-2", "wire-1"]
    ((copy_id, method, similarity, canonical),) = table(
        db,
        "SELECT c.document_id, c.method, c.similarity, d.id FROM copies c "
        "JOIN documents d ON d.hash = c.canonical_hash",
    )
    assert (copy_id, method, canonical) == ("paper-7", "near", "wire-1")
    assert 0.8 <= similarity < 1.0
    events_by_doc = dict(
        table(db, "SELECT d.id, count(*) FROM events e JOIN documents d ON d.hash = e.doc_hash GROUP BY 1")
    )
    assert "paper-7" not in events_by_doc and events_by_doc["wire-1"] >= 1
    again = run_corpus([str(corpus)], db, batch_size=2)
    assert (again.stored, again.already_stored, again.near_copies) == (0, 2, 1)
    assert table(db, "SELECT count(*) FROM copies") == [(1,)]  # recorded once


def test_an_unwritable_spool_stops_the_run_with_its_path_and_keeps_the_store(tmp_path: Path) -> None:
    from thucydides.errors import StoreError

    corpus = write_jsonl(tmp_path / "news.jsonl", range(2))
    db = tmp_path / "full.duckdb"
    spool_for(db).write_text("a file where the spool folder should be")
    with pytest.raises(StoreError, match=r"full\.duckdb\.spool.*run the same command again to resume"):
        run_corpus([str(corpus)], db, engine="process", workers=1, batch_size=1, dedup=False)
    assert table(db, "SELECT count(*) FROM failures") == [(0,)]


def test_the_ray_engine_without_ray_gives_the_install_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from thucydides.engine import make_engine
    from thucydides.errors import MissingExtra

    monkeypatch.setitem(sys.modules, "ray", None)  # as if it were not installed
    with pytest.raises(MissingExtra, match=r"pip install 'thucydides\[ray\]'"):
        make_engine("ray", model=None, config=None, workers=1, spool=tmp_path / "spool")


def test_the_total_is_estimated_when_cheap(tmp_path: Path) -> None:
    from thucydides.corpus import estimate_total

    write_jsonl(tmp_path / "a.jsonl", range(5))
    (tmp_path / "b.txt").write_text(article(1))
    (tmp_path / "c.html").write_text("<html><body><p>" + article(2) + "</p></body></html>")
    assert estimate_total([str(tmp_path)]) == 7
    assert estimate_total([str(tmp_path / "*.jsonl")]) == 5
    (tmp_path / "d.jsonl.gz").write_bytes(b"")
    assert estimate_total([str(tmp_path)]) is None  # compressed: unknown without reading it


@pytest.mark.slow
def test_a_run_goes_on_past_a_dying_worker_and_records_the_document(tmp_path: Path) -> None:
    from corpus_helpers import MARKER, crash_on_marker

    corpus = write_jsonl(tmp_path / "news.jsonl", range(6), [{"id": "poison", "text": f"{article(60)} {MARKER}"}])
    db = tmp_path / "crash.duckdb"
    engine = ProcessEngine(model=None, config=None, workers=2, spool=spool_for(db), task=crash_on_marker)
    try:
        summary = run_corpus([str(corpus)], db, batch_size=2, runner=engine)
    finally:
        engine.close()
    assert (summary.stored, summary.failed, dict(summary.failures_by_stage)) == (6, 1, {"worker": 1})
    assert table(db, "SELECT document_id, stage FROM failures") == [("poison", "worker")]
    assert table(db, "SELECT count(*) FROM signatures") == [(6,)]  # every stored document is indexed for dedup
