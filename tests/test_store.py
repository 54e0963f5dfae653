"""The DuckDB store: one table per record, idempotent by document hash, atomic per batch.

Every article here was written for these tests.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from support import ONE_SIDED_HASH, one_sided_analysis

from thucydides import Analysis, Failure, Mention, Pipeline, Store, StoreError, to_json
from thucydides.filters import EventFilter
from thucydides.store import SCHEMA_VERSION, TABLES, LoadReport, Page

ARTICLE = (
    "Pakistani officials met envoys from Washington on Tuesday to discuss the border crossings. "
    "The talks lasted four hours and ended without a statement. "
    "Both delegations agreed to meet again next month."
)
SECOND = "Indian troops patrolled the frontier near Kashmir. Villagers stayed indoors. The rain continued all week."
THIRD = "Chinese diplomats arrived in Nairobi on Friday. They stayed a week. The visit ended quietly."

TABLE_NAMES = ["documents", "sentences", "actors", "mentions", "people", "places", "quotes", "events", "dates"]
DEDUP_TABLES = ["signatures", "bands", "copies"]


@pytest.fixture(scope="module")
def analysis(pipeline: Pipeline) -> Analysis:
    return pipeline.analyze_text(ARTICLE, doc_id="border-talks", published=dt.date(2023, 5, 2))


@pytest.fixture(scope="module")
def others(pipeline: Pipeline) -> tuple[Analysis, Analysis]:
    return pipeline.analyze_text(SECOND, doc_id="frontier"), pipeline.analyze_text(THIRD, doc_id="nairobi")


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "news.duckdb") as opened:
        yield opened


def counts(store: Store) -> dict[str, int]:
    return {table: store.count(table) for table in [*TABLE_NAMES, "failures", *DEDUP_TABLES]}


def test_the_analysis_has_what_the_store_tests_rely_on(analysis: Analysis) -> None:
    coded = {m.text: m.actor for m in analysis.mentions}
    assert coded["Pakistani officials"] == "PAKGOV"
    assert len(analysis.sentences) == 3
    assert len(analysis.actors) >= 2
    assert len(analysis.mentions) >= 2


def test_load_one_analysis(store: Store, analysis: Analysis) -> None:
    report = store.load([analysis], model="en_test-1.0")
    assert report == LoadReport(loaded=1, skipped_existing=0)
    assert store.count("documents") == 1
    assert store.count("sentences") == 3
    assert store.count("actors") == len(analysis.actors)
    assert store.count("mentions") == len(analysis.mentions)
    assert store.count("people") == len(analysis.people)
    assert store.count("places") == len(analysis.places)
    assert store.count("quotes") == 0
    assert store.count("events") == 1
    row = store.connection.execute(
        "SELECT cameo, source_actor, target_actor, trigger_text, modality, date, date_basis FROM events"
    ).fetchone()
    assert row == ("040", "PAKGOV", "USAGOV", "met", "asserted", "2023-05-02", "clause")


def test_document_row_holds_the_document(store: Store, analysis: Analysis) -> None:
    store.load([analysis], model="en_test-1.0")
    row = store.connection.execute("SELECT hash, id, title, published, text, removed, model FROM documents").fetchall()
    assert row == [
        (
            analysis.document.hash,
            "border-talks",
            None,
            dt.date(2023, 5, 2),
            ARTICLE,
            [],
            "en_test-1.0",
        )
    ]


def test_actor_and_mention_rows_match_the_analysis(store: Store, analysis: Analysis) -> None:
    store.load([analysis])
    actors = store.connection.execute(
        "SELECT actor, country, sectors, mention_count FROM actors ORDER BY actor"
    ).fetchall()
    assert actors == sorted((a.id, a.country, list(a.sectors), len(a.mentions)) for a in analysis.actors)
    mentions = store.connection.execute(
        'SELECT start, "end", text, sentence, actor FROM mentions ORDER BY start'
    ).fetchall()
    assert mentions == [
        (m.start, m.end, m.text, m.sentence, m.actor) for m in sorted(analysis.mentions, key=lambda m: m.start)
    ]
    assert "Pakistani officials" in {text for _, _, text, _, _ in mentions}


def test_loading_the_same_analysis_again_adds_no_rows(store: Store, analysis: Analysis) -> None:
    store.load([analysis])
    before = counts(store)
    assert store.load([analysis]) == LoadReport(loaded=0, skipped_existing=1)
    assert counts(store) == before


def test_store_reopened_keeps_its_rows_and_still_skips(tmp_path: Path, analysis: Analysis) -> None:
    path = tmp_path / "news.duckdb"
    with Store(path) as first:
        first.load([analysis])
    with Store(path) as second:
        assert second.count("documents") == 1
        assert second.load([analysis]) == LoadReport(loaded=0, skipped_existing=1)
        assert second.count("actors") == len(analysis.actors)


def test_a_batch_with_new_and_known_documents(store: Store, analysis: Analysis, others) -> None:
    store.load([analysis])
    report = store.load([analysis, *others])
    assert report == LoadReport(loaded=2, skipped_existing=1)
    assert store.count("documents") == 3


def test_a_poisoned_batch_is_rolled_back_whole(store: Store, analysis: Analysis, others) -> None:
    store.load([analysis])
    before = counts(store)
    good, other = others
    # A sentence index that overflows the INTEGER column makes Arrow refuse the mentions table,
    # after the documents, sentences and actors of the batch were already inserted.
    poisoned = dataclasses.replace(other, mentions=(*other.mentions, Mention(0, 7, "Chinese", 2**31, "demonym", "CHN")))
    with pytest.raises(StoreError, match=r"batch not written \(.*nothing stored\)|batch not written \(rolled back\)"):
        store.load([good, poisoned])
    assert counts(store) == before
    assert store.known_hashes([good.document.hash, other.document.hash]) == set()
    # The store is still usable afterwards.
    assert store.load([good]) == LoadReport(loaded=1, skipped_existing=0)
    assert store.count("documents") == before["documents"] + 1


def test_record_failures(store: Store) -> None:
    store.record_failures(
        [
            Failure("wire.jsonl:3", None, "read", "not valid JSON"),
            Failure("river.txt", "river.txt", "parse", "ValueError: bad text"),
        ]
    )
    rows = store.connection.execute(
        "SELECT origin, document_id, stage, reason, failed_at IS NOT NULL FROM failures ORDER BY origin"
    ).fetchall()
    assert rows == [
        ("river.txt", "river.txt", "parse", "ValueError: bad text", True),
        ("wire.jsonl:3", None, "read", "not valid JSON", True),
    ]


def test_record_no_failures_writes_nothing(store: Store) -> None:
    store.record_failures([])
    assert store.count("failures") == 0


def test_every_table_exists(store: Store) -> None:
    tables = {row[0] for row in store.connection.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert tables == {*TABLE_NAMES, "failures", *DEDUP_TABLES, "store_schema"}
    assert {*TABLES, "store_schema"} == tables


def test_events_table_columns(store: Store) -> None:
    columns = [(row[0], row[1]) for row in store.connection.execute("DESCRIBE events").fetchall()]
    assert columns == [
        ("doc_hash", "VARCHAR"),
        ("event", "VARCHAR"),
        ("cameo", "VARCHAR"),
        ("cameo_label", "VARCHAR"),
        ("plover", "VARCHAR"),
        ("quad_class", "TINYINT"),
        ("goldstein", "FLOAT"),
        ("source_actor", "VARCHAR"),
        ("source_country", "VARCHAR"),
        ("source_text", "VARCHAR"),
        ("source_start", "INTEGER"),
        ("source_end", "INTEGER"),
        ("target_actor", "VARCHAR"),
        ("target_country", "VARCHAR"),
        ("target_text", "VARCHAR"),
        ("target_start", "INTEGER"),
        ("target_end", "INTEGER"),
        ("trigger_text", "VARCHAR"),
        ("trigger_start", "INTEGER"),
        ("trigger_end", "INTEGER"),
        ("sentence", "INTEGER"),
        ("evidence", "VARCHAR"),
        ("modality", "VARCHAR"),
        ("quote", "VARCHAR"),
        ("date", "VARCHAR"),
        ("date_text", "VARCHAR"),
        ("place", "VARCHAR"),
        ("confidence", "FLOAT"),
        ("date_precision", "VARCHAR"),
        ("date_basis", "VARCHAR"),
        ("place_country", "VARCHAR"),
        ("place_lat", "DOUBLE"),
        ("place_lon", "DOUBLE"),
        ("plover_mode", "VARCHAR"),
        ("source_person", "VARCHAR"),
        ("target_person", "VARCHAR"),
        ("coded_by", "VARCHAR"),
    ]


def test_a_store_from_an_older_release_gains_the_new_columns(tmp_path) -> None:
    import duckdb

    path = tmp_path / "old.duckdb"
    with duckdb.connect(str(path)) as old:
        old.execute('CREATE TABLE events ("doc_hash" VARCHAR, "event" VARCHAR, "cameo" VARCHAR)')
        old.execute("INSERT INTO events VALUES ('h1', 'e1', '042')")
    with Store(path) as store:
        columns = [row[0] for row in store.connection.execute("DESCRIBE events").fetchall()]
        assert columns[:3] == ["doc_hash", "event", "cameo"]
        assert "date_basis" in columns and "target_person" in columns
        assert store.connection.execute("SELECT cameo, date_basis FROM events").fetchall() == [("042", None)]


def test_quotes_table_columns(store: Store) -> None:
    columns = [(row[0], row[1]) for row in store.connection.execute("DESCRIBE quotes").fetchall()]
    assert columns == [
        ("doc_hash", "VARCHAR"),
        ("quote", "VARCHAR"),
        ("kind", "VARCHAR"),
        ("content", "VARCHAR"),
        ("spans", 'STRUCT("start" INTEGER, "end" INTEGER)[]'),
        ("cue_text", "VARCHAR"),
        ("cue_start", "INTEGER"),
        ("cue_end", "INTEGER"),
        ("cue_type", "VARCHAR"),
        ("speaker_text", "VARCHAR"),
        ("speaker_start", "INTEGER"),
        ("speaker_end", "INTEGER"),
        ("speaker_name", "VARCHAR"),
        ("speaker_person", "VARCHAR"),
        ("speaker_actor", "VARCHAR"),
        ("speaker_anonymous", "BOOLEAN"),
        ("speaker_description", "VARCHAR"),
        ("sentence", "INTEGER"),
        ("about", "VARCHAR[]"),
        ("coded_by", "VARCHAR"),
        ("confidence", "FLOAT"),
    ]


def test_count_of_an_unknown_table(store: Store) -> None:
    with pytest.raises(StoreError, match=r"unknown table 'claims'; known: documents, sentences"):
        store.count("claims")


def test_read_only_on_a_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "absent.duckdb"
    with pytest.raises(StoreError) as caught:
        Store(missing, read_only=True)
    assert (
        str(caught.value) == f"{missing}: no such store; --db takes a DuckDB file written by 'thucydides analyze --db'"
    )
    assert not missing.exists()


def test_read_only_store_reads(tmp_path: Path, analysis: Analysis) -> None:
    path = tmp_path / "news.duckdb"
    with Store(path) as writable:
        writable.load([analysis])
    with Store(path, read_only=True) as readable:
        assert readable.count("documents") == 1


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.duckdb"
    path.write_text("these are notes, not a database\n" * 200, "utf-8")
    with pytest.raises(StoreError, match=r"notes.duckdb: not a DuckDB file; --db takes a DuckDB file written by"):
        Store(path)


def test_a_value_too_large_for_its_column_writes_nothing(store: Store, others) -> None:
    good, other = others
    poisoned = dataclasses.replace(other, mentions=(*other.mentions, Mention(0, 7, "Chinese", 2**70, "demonym", "CHN")))
    before = counts(store)
    with pytest.raises(StoreError, match="nothing stored"):
        store.load([good, poisoned])
    assert counts(store) == before
    assert store.load([good]).loaded == 1  # no transaction was left open


def test_failures_are_recorded_once(store: Store) -> None:
    failure = Failure("wire.jsonl:3", None, "read", "not valid JSON")
    store.record_failures([failure])
    store.record_failures([failure])
    assert store.count("failures") == 1


def test_duplicates_within_a_batch_are_counted_apart(store: Store, analysis: Analysis) -> None:
    assert store.load([analysis, analysis]) == LoadReport(loaded=1, skipped_existing=0, skipped_duplicate=1)
    assert store.load([analysis]) == LoadReport(loaded=0, skipped_existing=1, skipped_duplicate=0)


def test_quotes_are_stored_with_their_speakers(store: Store, pipeline: Pipeline) -> None:
    quoted = pipeline.analyze_text(
        '"The border stays open," said Amina Yusuf, a Kenyan police spokeswoman. '
        "Somali officials denied that troops had crossed.",
        doc_id="quoted",
        title="Border",
    )
    store.load([quoted])
    rows = store.connection.execute(
        "SELECT kind, content, cue_type, speaker_text, speaker_anonymous, about FROM quotes ORDER BY quote"
    ).fetchall()
    assert rows == [
        (q.kind, q.content, q.cue_type, q.speaker.text, q.speaker.anonymous, list(q.about)) for q in quoted.quotes
    ]
    assert [r[0] for r in rows] == ["direct", "indirect"]


def test_dedup_tables_columns(store: Store) -> None:
    def columns(table: str) -> list[tuple[str, str]]:
        return [(row[0], row[1]) for row in store.connection.execute(f"DESCRIBE {table}").fetchall()]

    assert columns("signatures") == [("doc_hash", "VARCHAR"), ("scheme", "VARCHAR"), ("signature", "UINTEGER[]")]
    assert columns("bands") == [("band", "SMALLINT"), ("value", "UBIGINT"), ("doc_hash", "VARCHAR")]
    assert columns("copies") == [
        ("doc_hash", "VARCHAR"),
        ("canonical_hash", "VARCHAR"),
        ("method", "VARCHAR"),
        ("similarity", "FLOAT"),
        ("document_id", "VARCHAR"),
        ("origin", "VARCHAR"),
        ("url", "VARCHAR"),
        ("source", "VARCHAR"),
        ("title", "VARCHAR"),
        ("published", "DATE"),
        ("seen_at", "TIMESTAMP"),
    ]


def _dedup_rows(doc_hash: str) -> dict[str, list[dict]]:
    return {
        "signatures": [{"doc_hash": doc_hash, "scheme": "test", "signature": [4_000_000_000, 7, 9]}],
        "bands": [{"band": 0, "value": 2**64 - 1, "doc_hash": doc_hash}, {"band": 1, "value": 5, "doc_hash": doc_hash}],
    }


def test_load_writes_extra_rows_with_the_documents(store: Store, analysis: Analysis) -> None:
    key = analysis.document.hash
    report = store.load([analysis], model="en_test-1.0", extra_rows=_dedup_rows(key))
    assert report == LoadReport(loaded=1, skipped_existing=0)
    assert store.connection.execute("SELECT doc_hash, signature FROM signatures").fetchall() == [
        (key, [4_000_000_000, 7, 9])
    ]
    assert store.connection.execute("SELECT band, value FROM bands ORDER BY band").fetchall() == [
        (0, 2**64 - 1),
        (1, 5),
    ]


def test_extra_rows_of_a_document_already_stored_are_dropped(store: Store, analysis: Analysis) -> None:
    key = analysis.document.hash
    store.load([analysis], extra_rows=_dedup_rows(key))
    assert store.load([analysis], extra_rows=_dedup_rows(key)) == LoadReport(loaded=0, skipped_existing=1)
    assert (store.count("signatures"), store.count("bands")) == (1, 2)
    # Rows for a document not in the batch are dropped as well: they never outlive their document.
    store.load([], extra_rows=_dedup_rows("not-in-the-batch"))
    assert (store.count("signatures"), store.count("bands")) == (1, 2)


def test_extra_rows_roll_back_with_their_batch(store: Store, others) -> None:
    good, other = others
    poisoned = dataclasses.replace(other, mentions=(*other.mentions, Mention(0, 7, "Chinese", 2**31, "demonym", "CHN")))
    extra = {
        table: _dedup_rows(good.document.hash)[table] + _dedup_rows(other.document.hash)[table]
        for table in ("signatures", "bands")
    }
    with pytest.raises(StoreError, match="batch not written"):
        store.load([good, poisoned], extra_rows=extra)
    assert (store.count("documents"), store.count("signatures"), store.count("bands")) == (0, 0, 0)


def test_extra_rows_for_an_unknown_table(store: Store, analysis: Analysis) -> None:
    with pytest.raises(StoreError, match=r"extra rows for an unknown table 'minhashes'; known: documents, sentences"):
        store.load([analysis], extra_rows={"minhashes": []})
    assert store.count("documents") == 0


def test_copies_in_extra_rows_are_written_once(store: Store, analysis: Analysis) -> None:
    row = {
        "doc_hash": "c0ffee",
        "canonical_hash": analysis.document.hash,
        "method": "near",
        "similarity": 0.9,
        "document_id": "post-7",
        "origin": "post.jsonl:7",
        "url": None,
        "source": "Frontier Post",
        "title": None,
        "published": dt.date(2023, 5, 2),
        "seen_at": dt.datetime(2023, 5, 2, 12),
    }
    store.load([analysis], extra_rows={"copies": [row, row]})
    store.load([analysis], extra_rows={"copies": [row]})
    assert store.connection.execute("SELECT doc_hash, document_id, method FROM copies").fetchall() == [
        ("c0ffee", "post-7", "near")
    ]


# --- Store.open: the one check of a store --------------------------------------------------

HINT = "--db takes a DuckDB file written by 'thucydides analyze --db'"


def test_open_refuses_a_missing_store_read_only_and_creates_it_for_writing(tmp_path: Path) -> None:
    path = tmp_path / "fresh.duckdb"
    with pytest.raises(StoreError) as caught:
        Store.open(path, read_only=True)
    assert str(caught.value) == f"{path}: no such store; {HINT}"
    with Store.open(path) as created:
        assert created.count("documents") == 0 and created.version() == SCHEMA_VERSION
    assert Store.open(path, read_only=True).outdated() == []


@pytest.mark.parametrize("read_only", [True, False])
def test_open_refuses_what_is_no_store(tmp_path: Path, read_only: bool) -> None:
    import duckdb

    text = tmp_path / "notes.duckdb"
    text.write_text("minutes of the meeting\n", "utf-8")
    with pytest.raises(StoreError) as caught:
        Store.open(text, read_only=read_only)
    assert str(caught.value) == f"{text}: not a DuckDB file; {HINT}"
    prices = tmp_path / "prices.duckdb"
    with duckdb.connect(str(prices)) as connection:
        connection.execute("CREATE TABLE prices (day DATE, price DOUBLE)")
    with pytest.raises(StoreError) as caught:
        Store.open(prices, read_only=read_only)
    held = "no documents or events table" if read_only else "it holds other tables: prices"
    assert str(caught.value) == f"{prices}: not a thucydides store ({held}); {HINT}"


@pytest.fixture
def older_store(tmp_path: Path, analysis: Analysis) -> Path:
    """A store as an older release wrote it: no schema version, events without two columns."""
    import duckdb

    path = tmp_path / "older.duckdb"
    with Store.open(path) as store:
        store.write([analysis])
    with duckdb.connect(str(path)) as connection:
        connection.execute("DROP TABLE store_schema")
        connection.execute("ALTER TABLE events DROP COLUMN date_basis")
        connection.execute("ALTER TABLE events DROP COLUMN plover_mode")
    return path


def test_an_older_store_is_read_as_current_and_left_untouched(older_store: Path, analysis: Analysis) -> None:
    import duckdb

    with Store.open(older_store, read_only=True) as store:
        assert store.version() == 1
        assert store.outdated() == ["events.date_basis", "events.plover_mode"]
        found = store.analysis(analysis.document.hash)
        assert found is not None and len(found.events) == len(analysis.events)
        assert {(event.date_basis, event.plover_mode) for event in found.events} <= {(None, None)}
    with duckdb.connect(str(older_store), read_only=True) as connection:
        columns = {row[0] for row in connection.execute("DESCRIBE events").fetchall()}
    assert "date_basis" not in columns


def test_an_older_store_opened_for_writing_is_migrated(older_store: Path) -> None:
    with Store.open(older_store) as store:
        assert store.version() == SCHEMA_VERSION
        assert store.outdated() == []
    with Store.open(older_store, read_only=True) as store:
        assert store.version() == SCHEMA_VERSION and store.outdated() == []


@pytest.mark.parametrize("read_only", [True, False])
def test_a_newer_store_is_refused_with_its_version(tmp_path: Path, read_only: bool) -> None:
    path = tmp_path / "newer.duckdb"
    with Store.open(path) as store:
        store.connection.execute("UPDATE store_schema SET version = ?", [SCHEMA_VERSION + 5])
    with pytest.raises(StoreError) as caught:
        Store.open(path, read_only=read_only)
    assert str(caught.value) == (
        f"{path}: written by a newer thucydides (store schema {SCHEMA_VERSION + 5}; this release reads schema "
        f"{SCHEMA_VERSION} and older); upgrade thucydides to read it"
    )


# --- Store.analysis: the records read back --------------------------------------------------


def test_the_analysis_read_back_is_the_analysis_written(store: Store, analysis: Analysis, others) -> None:
    store.write([analysis, *others])
    for written in (analysis, *others):
        found = store.analysis(written.document.hash)
        assert found is not None
        assert to_json(found) == to_json(written)
    assert store.analysis("0" * 64) is None


def test_an_event_with_one_side_is_stored_with_that_side_null_and_read_back_as_none(store: Store) -> None:
    written = one_sided_analysis()
    store.write([written])
    found = store.connection.execute(
        "SELECT event, source_actor, source_text, source_start, target_actor, target_text, target_end "
        "FROM events ORDER BY event"
    ).fetchall()
    assert found == [
        ("e1", "SDNMIL", "Sudanese troops", 0, None, None, None),
        ("e2", None, None, None, "SDNMIL", "Three Sudanese soldiers", 85),
        ("e3", "SDNGOV", "Sudanese officials", 126, "TCD", "Chad", 157),
    ]
    back = store.analysis(ONE_SIDED_HASH)
    assert back == written
    assert back is not None and (back.events[0].target, back.events[1].source) == (None, None)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({}, ["e1", "e2", "e3"]),
        ({"source": "SDN"}, ["e1", "e3"]),  # e2 names no source: never matched on it
        ({"target": "SDN"}, ["e2"]),  # e1 names no target
        ({"target": "SDNMIL", "source": "SDN"}, []),
        ({"source": "SDNMIL"}, ["e1"]),
        ({"target": "TCD"}, ["e3"]),
    ],
)
def test_a_filter_on_the_side_an_event_lacks_never_matches_it(
    store: Store, values: dict[str, str], expected: list[str]
) -> None:
    store.write([one_sided_analysis()])
    page = store.events(EventFilter.parse(**values), Page(1, 10), precisions={})  # type: ignore[arg-type]
    assert [item.record.id for item in page["items"]] == expected
    assert page["total"] == len(expected)


def test_write_takes_analyses_or_the_tables_workers_make(tmp_path: Path, analysis: Analysis, others) -> None:
    from thucydides.store import analysis_rows, arrow_tables

    by_analyses, by_tables = Store.open(tmp_path / "a.duckdb"), Store.open(tmp_path / "t.duckdb")
    with by_analyses, by_tables:
        assert by_analyses.write([analysis, others[0]]) == LoadReport(loaded=2, skipped_existing=0)
        tables = arrow_tables(analysis_rows([analysis, *others], None))
        report = by_tables.write(tables=tables)
        assert (report.loaded, report.rows) == (3, sum(table.num_rows for table in tables.values()))
        assert by_tables.write(tables=tables) == LoadReport(loaded=0, skipped_existing=3)
        for written in (analysis, others[0]):
            assert by_tables.analysis(written.document.hash) == by_analyses.analysis(written.document.hash)
