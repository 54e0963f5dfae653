"""Exports of the store: the GDELT 2.0 event table, PLOVER JSONL, Parquet tables, event JSONL.

The store is built from hand-made records (no spaCy): two articles written for these tests,
with the events an analyst would code in them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from click.testing import Result
from support import ONE_SIDED_HASH, ONE_SIDED_URL, make_event, make_runner, one_sided_analysis

from thucydides import Actor, Analysis, Document, Event, EventParty, Place, Sentence, Store, cli
from thucydides.errors import ExportError
from thucydides.exports import GDELT_COLUMNS, export_store, global_event_id, period_start
from thucydides.store import TABLES

BORDER = (
    "Pakistani officials urged India on Monday to pull its troops back from the border. "
    "Indian commanders said the patrols would continue.\n\n"
    "Washington praised the talks in Islamabad last week. "
    "Critics alleged that Indian agents had attacked a convoy near Peshawar."
)
CHECKPOINT = (
    "Night raid on a border post\n\n"  # the headline, kept in the text as an HTML page's is
    "Afghan Taliban fighters attacked a checkpoint in Afghanistan. The attack lasted an hour. "
    "Kabul condemned the attack."
)
BORDER_URL = "https://news.example.org/2023/05/border-appeal"


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


BORDER_HASH, CHECKPOINT_HASH = sha(BORDER), sha(CHECKPOINT)


def span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def sentences(text: str) -> tuple[Sentence, ...]:
    """The test articles' sentences: each ends at its full stop or its line (a headline)."""
    return tuple(Sentence(n, m.start(), m.end()) for n, m in enumerate(re.finditer(r"[^\s.][^.\n]*\.?", text)))


def party(text: str, words: str, actor: str | None, country: str | None) -> EventParty:
    return EventParty(actor=actor, country=country, text=words, span=span(text, words))


def event(text: str, *, number: int, trigger: str, sentence: int, cameo: str, **fields) -> Event:
    """An event in ``text``; unnamed fields take neutral values (asserted, no date, no place)."""
    sentence_spans = sentences(text)[sentence]
    return make_event(
        number=number,
        trigger=trigger,
        trigger_span=span(text, trigger),
        sentence=sentence,
        evidence=text[sentence_spans.start : sentence_spans.end],
        cameo=cameo,
        **fields,
    )


def border_analysis() -> Analysis:
    text = BORDER
    events = (
        event(
            text,
            number=1,
            trigger="urged",
            sentence=0,
            cameo="0256",
            cameo_label="Appeal for de-escalation of military engagement",
            plover="REQUEST",
            plover_mode="appeal",
            goldstein=-0.3,
            source=party(text, "Pakistani officials", "PAKGOV", "PAK"),
            target=party(text, "India", "IND", "IND"),
            date="2023-05-01",
            date_text="Monday",
            date_precision="day",
            date_basis="clause",
        ),
        event(
            text,
            number=2,
            trigger="said",
            sentence=1,
            cameo="010",
            cameo_label="Make statement, not specified below",
            source=party(text, "Indian commanders", "INDMIL", "IND"),
            date="2023-05-02",
            date_precision="day",
            date_basis="published",
        ),
        event(
            text,
            number=3,
            trigger="praised",
            sentence=2,
            cameo="051",
            cameo_label="Praise or endorse",
            plover="SUPPORT",
            goldstein=3.4,
            source=party(text, "Washington", "USAGOV", "USA"),
            date="2023-W17",
            date_text="last week",
            date_precision="week",
            date_basis="clause",
            place="Islamabad",
            place_country="PAK",
            place_lat=33.72,
            place_lon=73.04,
        ),
        event(
            text,
            number=4,
            trigger="attacked",
            sentence=3,
            cameo="190",
            cameo_label="Use conventional military force, not specified below",
            plover="ASSAULT",
            quad_class=4,
            goldstein=-10.0,
            modality="alleged",
            quote="q1",
            source=party(text, "Indian agents", "INDSPY", "IND"),
            place="Peshawar",
            place_country="PAK",
            place_lat=34.01,
            place_lon=71.58,
        ),
    )
    actors = (
        Actor("PAKGOV", "Pakistan (government)", "PAK", ("GOV",), "state", (span(text, "Pakistani officials"),)),
        Actor("IND", "India", "IND", (), "state", (span(text, "India"),)),
        Actor("INDMIL", "India (military)", "IND", ("MIL",), "state", (span(text, "Indian commanders"),)),
        Actor("USAGOV", "United States (government)", "USA", ("GOV",), "state", (span(text, "Washington"),)),
    )
    places = (Place("Islamabad", "PAK", 33.72, 73.04, 1176615, "city", (span(text, "Islamabad"),)),)
    document = Document(
        id="border-appeal",
        hash=BORDER_HASH,
        text=text,
        published=dt.date(2023, 5, 2),
        url=BORDER_URL,
        source="Frontier Ledger",
    )
    return Analysis(document, sentences(text), actors=actors, places=places, events=events)


def checkpoint_analysis() -> Analysis:
    text = CHECKPOINT
    events = (
        event(
            text,
            number=1,
            trigger="attacked",
            sentence=1,
            cameo="190",
            cameo_label="Use conventional military force, not specified below",
            plover="ASSAULT",
            quad_class=4,
            goldstein=-10.0,
            source=party(text, "Afghan Taliban fighters", "AFGINSTAL", "AFG"),
            place="Afghanistan",
            place_country="AFG",
        ),
        event(
            text,
            number=2,
            trigger="condemned",
            sentence=3,
            cameo="111",
            cameo_label="Criticize or denounce",
            plover="ACCUSE",
            plover_mode="disapprove",
            quad_class=3,
            goldstein=-2.0,
            source=party(text, "Kabul", "AFGGOV", "AFG"),
        ),
    )
    actors = (
        Actor("AFGINSTAL", "Taliban", "AFG", ("INS",), "group", (span(text, "Afghan Taliban"),)),
        Actor("AFGGOV", "Afghanistan (government)", "AFG", ("GOV",), "state", (span(text, "Kabul"),)),
    )
    places = (Place("Afghanistan", "AFG", None, None, 1149361, "country", (span(text, "Afghanistan"),)),)
    document = Document(id="checkpoint", hash=CHECKPOINT_HASH, text=text, title="Night raid on a border post")
    return Analysis(document, sentences(text), actors=actors, places=places, events=events)


def export_test_store(folder: Path) -> Path:
    """The border and checkpoint stories in a store in ``folder``: what the export tests read."""
    path = folder / "news.duckdb"
    with Store(path) as store:
        store.load([border_analysis(), checkpoint_analysis()], model="hand-made")
    return path


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return export_test_store(tmp_path)


def read_gdelt(path: Path) -> list[dict[str, str]]:
    lines = path.read_text("utf-8").split("\n")
    assert lines[-1] == ""
    header = lines[0].split("\t")
    assert tuple(header) == GDELT_COLUMNS
    rows = [line.split("\t") for line in lines[1:-1]]
    assert all(len(row) == 61 for row in rows)
    return [dict(zip(header, row, strict=True)) for row in rows]


def by_event(rows: list[dict[str, str]]) -> dict[tuple[str, str], dict[str, str]]:
    """GDELT rows by (article, event id)."""
    names = {"border": BORDER_HASH, "checkpoint": CHECKPOINT_HASH}
    ids = {str(global_event_id(names[doc], event)): (doc, event) for doc in names for event in ("e1", "e2", "e3", "e4")}
    return {ids[row["GLOBALEVENTID"]]: row for row in rows}


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


# --- GDELT ---------------------------------------------------------------------------------


def test_the_sentence_helper_splits_the_test_articles() -> None:
    assert [BORDER[s.start : s.end] for s in sentences(BORDER)][
        2
    ] == "Washington praised the talks in Islamabad last week."
    assert len(sentences(CHECKPOINT)) == 4


def test_gdelt_has_the_layout_and_one_row_per_asserted_event(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.tsv"
    report = export_store(db, "gdelt", out)
    rows = read_gdelt(out)
    assert report.rows == 5 == len(rows)
    assert report.other_modality == 1
    assert len(GDELT_COLUMNS) == 61
    assert GDELT_COLUMNS[:5] == ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate")
    assert GDELT_COLUMNS[-2:] == ("DATEADDED", "SOURCEURL")
    assert ("border", "e4") not in by_event(rows)


def test_gdelt_row_of_an_appeal(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.tsv"
    export_store(db, "gdelt", out)
    row = by_event(read_gdelt(out))["border", "e1"]
    filled = {name: value for name, value in row.items() if value != ""}
    assert filled == {
        "GLOBALEVENTID": str(int(hashlib.sha1(f"{BORDER_HASH}:e1".encode()).hexdigest()[:15], 16)),
        "SQLDATE": "20230501",
        "MonthYear": "202305",
        "Year": "2023",
        "FractionDate": "2023.4137",
        "Actor1Code": "PAKGOV",
        "Actor1Name": "Pakistani officials",
        "Actor1CountryCode": "PAK",
        "Actor1Type1Code": "GOV",
        "Actor2Code": "IND",
        "Actor2Name": "India",
        "Actor2CountryCode": "IND",
        "IsRootEvent": "1",
        "EventCode": "0256",
        "EventBaseCode": "025",
        "EventRootCode": "02",
        "QuadClass": "1",
        "GoldsteinScale": "-0.3",
        "NumMentions": "1",
        "NumSources": "1",
        "NumArticles": "1",
        "DATEADDED": "20230502000000",
        "SOURCEURL": BORDER_URL,
    }


@pytest.mark.parametrize(
    ("event", "column", "value"),
    [
        (("border", "e2"), "IsRootEvent", "1"),  # second sentence of the first paragraph
        (("border", "e2"), "EventBaseCode", "010"),
        (("border", "e2"), "EventRootCode", "01"),
        (("border", "e2"), "Actor1Type1Code", "MIL"),
        (("border", "e2"), "Actor2Code", ""),
        (("border", "e3"), "IsRootEvent", "0"),  # second paragraph
        (("border", "e3"), "SQLDATE", "20230424"),  # 2023-W17 -> its Monday
        (("border", "e3"), "GoldsteinScale", "3.4"),
        (("border", "e3"), "ActionGeo_Type", "4"),
        (("border", "e3"), "ActionGeo_FullName", "Islamabad, Pakistan"),
        (("border", "e3"), "ActionGeo_CountryCode", "PK"),  # FIPS 10-4, not PAK
        (("border", "e3"), "ActionGeo_Lat", "33.72"),
        (("border", "e3"), "ActionGeo_Long", "73.04"),
        (("border", "e3"), "ActionGeo_FeatureID", ""),
        (("checkpoint", "e1"), "Actor1Code", "AFGINSTAL"),
        (("checkpoint", "e1"), "Actor1Type1Code", "INS"),
        (("checkpoint", "e1"), "EventRootCode", "19"),
        (("checkpoint", "e1"), "QuadClass", "4"),
        (("checkpoint", "e1"), "IsRootEvent", "1"),  # the lead paragraph follows the headline
        (("checkpoint", "e2"), "IsRootEvent", "0"),  # third sentence of the lead paragraph
        (("checkpoint", "e2"), "Actor1Type1Code", "GOV"),
        (("checkpoint", "e2"), "EventCode", "111"),
        (("checkpoint", "e2"), "QuadClass", "3"),
        (("checkpoint", "e2"), "GoldsteinScale", "-2.0"),
        (("checkpoint", "e2"), "ActionGeo_Type", ""),
        (("checkpoint", "e1"), "ActionGeo_Type", "1"),
        (("checkpoint", "e1"), "ActionGeo_FullName", "Afghanistan"),
        (("checkpoint", "e1"), "ActionGeo_CountryCode", "AF"),
        (("checkpoint", "e1"), "ActionGeo_FeatureID", "AF"),
        (("checkpoint", "e1"), "SQLDATE", ""),  # no date
        (("checkpoint", "e1"), "DATEADDED", ""),  # no publication date
        (("checkpoint", "e1"), "SOURCEURL", "checkpoint"),  # no URL: the document id
    ],
)
def test_gdelt_columns(db: Path, tmp_path: Path, event: tuple[str, str], column: str, value: str) -> None:
    out = tmp_path / "events.tsv"
    export_store(db, "gdelt", out)
    assert by_event(read_gdelt(out))[event][column] == value


def test_gdelt_modality_option_keeps_the_alleged_attack(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.tsv"
    report = export_store(db, "gdelt", out, modalities="asserted,alleged")
    rows = by_event(read_gdelt(out))
    assert report.rows == 6
    assert report.other_modality == 0
    attack = rows["border", "e4"]
    assert (attack["EventCode"], attack["Actor1Code"]) == ("190", "INDSPY")
    assert attack["Actor1Type1Code"] == "SPY"  # read off the code: INDSPY is not in the actors table
    assert (attack["ActionGeo_Type"], attack["ActionGeo_FullName"]) == ("4", "Peshawar, Pakistan")
    assert attack["SQLDATE"] == ""


def test_gdelt_only_alleged(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.tsv"
    report = export_store(db, "gdelt", out, modalities=["alleged"])
    assert list(by_event(read_gdelt(out))) == [("border", "e4")]
    assert report.other_modality == 5


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("2009-07-26", dt.date(2009, 7, 26)),
        ("2009-W30", dt.date(2009, 7, 20)),
        ("2009-07", dt.date(2009, 7, 1)),
        ("2009", dt.date(2009, 1, 1)),
        ("2009-07-2x", None),
        ("2009-02-30", None),
        (None, None),
    ],
)
def test_period_start(value: str | None, day: dt.date | None) -> None:
    assert period_start(value) == day


def test_global_event_id_is_stable_and_fits_a_bigint() -> None:
    first = global_event_id(BORDER_HASH, "e1")
    assert first == global_event_id(BORDER_HASH, "e1")
    assert first != global_event_id(BORDER_HASH, "e2")
    assert 0 <= first < 2**60


def test_empty_store_gives_a_header_only_gdelt_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.duckdb"
    Store(empty).close()
    out = tmp_path / "events.tsv"
    report = export_store(empty, "gdelt", out)
    assert out.read_text("utf-8") == "\t".join(GDELT_COLUMNS) + "\n"
    assert report.rows == 0
    assert report.summary().startswith("wrote 0 GDELT event rows to ")


# --- PLOVER --------------------------------------------------------------------------------


def test_plover_records(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    report = export_store(db, "plover", out)
    records = {record["id"]: record for record in read_jsonl(out)}
    assert (report.rows, report.no_plover, report.other_modality) == (4, 1, 1)  # e2 is a CAMEO 01 statement
    assert set(records) == {
        f"{BORDER_HASH[:12]}-e1",
        f"{BORDER_HASH[:12]}-e3",
        f"{CHECKPOINT_HASH[:12]}-e1",
        f"{CHECKPOINT_HASH[:12]}-e2",
    }
    appeal = records[f"{BORDER_HASH[:12]}-e1"]
    assert appeal == {
        "id": f"{BORDER_HASH[:12]}-e1",
        "date": "2023-05-01",
        "event": "REQUEST",
        "mode": "appeal",
        "context": [],
        "source": [{"actorText": "Pakistani officials", "code": "PAK", "sector": "GOV"}],
        "target": [{"actorText": "India", "code": "IND", "sector": None}],
        "text": "Pakistani officials urged India on Monday to pull its troops back from the border.",
        "eventText": "urged",
        "url": BORDER_URL,
        "publication": "Frontier Ledger",
        "version": "thucydides-plover/1",
        "thucydides": {
            "document": "border-appeal",
            "doc_hash": BORDER_HASH,
            "event": "e1",
            "cameo": "0256",
            "cameo_label": "Appeal for de-escalation of military engagement",
            "quad_class": 1,
            "goldstein": -0.3,
            "modality": "asserted",
            "quote": None,
            "date": "2023-05-01",
            "date_text": "Monday",
            "date_precision": "day",
            "date_basis": "clause",
            "place": None,
            "place_country": None,
            "source_actor": "PAKGOV",
            "target_actor": "IND",
            "confidence": 0.8,
        },
    }
    praise = records[f"{BORDER_HASH[:12]}-e3"]
    assert (praise["date"], praise["thucydides"]["date"]) == ("2023-04-24", "2023-W17")
    assert (praise["context"], praise["target"]) == (["diplomatic"], [])
    attack = records[f"{CHECKPOINT_HASH[:12]}-e1"]
    assert attack["source"] == [{"actorText": "Afghan Taliban fighters", "code": "AFG", "sector": "INS"}]
    assert (attack["event"], attack["context"], attack["date"], attack["url"]) == ("ASSAULT", ["military"], None, None)


def test_plover_alleged_events_on_request(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    export_store(db, "plover", out, modalities="all")
    alleged = [r for r in read_jsonl(out) if r["thucydides"]["modality"] == "alleged"]
    assert [(r["event"], r["thucydides"]["quote"]) for r in alleged] == [("ASSAULT", "q1")]


# --- JSONL ---------------------------------------------------------------------------------


def test_jsonl_has_every_event_with_its_document(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "flat.jsonl"
    report = export_store(db, "jsonl", out)
    lines = read_jsonl(out)
    assert report.rows == 6 == len(lines)
    assert report.modalities is None
    expected_keys = [name for name, _ in TABLES["events"]] + [
        "document_id",
        "document_title",
        "document_published",
        "document_source",
        "document_url",
    ]
    assert all(list(line) == expected_keys for line in lines)
    attack = next(line for line in lines if line["doc_hash"] == BORDER_HASH and line["event"] == "e4")
    assert attack["modality"] == "alleged"
    assert attack["goldstein"] == -10.0
    assert attack["confidence"] == 0.8
    assert (attack["document_id"], attack["document_published"], attack["document_url"]) == (
        "border-appeal",
        "2023-05-02",
        BORDER_URL,
    )
    # documents in order of publication (undated last), events in text order
    assert [(line["document_id"], line["event"]) for line in lines] == [
        ("border-appeal", "e1"),
        ("border-appeal", "e2"),
        ("border-appeal", "e3"),
        ("border-appeal", "e4"),
        ("checkpoint", "e1"),
        ("checkpoint", "e2"),
    ]


def test_jsonl_of_a_store_from_before_the_event_columns(db: Path, tmp_path: Path) -> None:
    with duckdb.connect(str(db)) as connection:
        connection.execute("ALTER TABLE events DROP COLUMN plover_mode")
        connection.execute("ALTER TABLE events DROP COLUMN date_precision")
    out = tmp_path / "flat.jsonl"
    assert export_store(db, "jsonl", out).rows == 6
    assert {(line["plover_mode"], line["date_precision"]) for line in read_jsonl(out)} == {(None, None)}


# --- Parquet -------------------------------------------------------------------------------


def test_parquet_writes_every_table(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "parquet"
    report = export_store(db, "parquet", out)
    counts = {table: pq.read_table(out / f"{table}.parquet").num_rows for table in TABLES}
    assert counts == {
        "documents": 2,
        "sentences": 8,
        "actors": 6,
        "mentions": 0,
        "people": 0,
        "places": 2,
        "quotes": 0,
        "events": 6,
        "dates": 0,
        "failures": 0,
        "signatures": 0,
        "bands": 0,
        "copies": 0,
    }
    assert dict(report.tables) == counts
    assert report.rows == 24
    events = pq.read_table(out / "events.parquet")
    assert events.column_names == [name for name, _ in TABLES["events"]]
    assert sorted(events.column("cameo").to_pylist()) == ["010", "0256", "051", "111", "190", "190"]
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{table}.parquet" for table in TABLES)


def test_parquet_path_with_a_quote(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "it's here'); DROP TABLE events; --"
    report = export_store(db, "parquet", out)
    assert report.rows == 24
    assert pq.read_table(out / "events.parquet").num_rows == 6


def test_parquet_into_an_existing_folder_replaces_the_tables(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "parquet"
    out.mkdir()
    (out / "events.parquet").write_text("stale", "utf-8")
    (out / "notes.txt").write_text("kept", "utf-8")
    export_store(db, "parquet", out)
    assert pq.read_table(out / "events.parquet").num_rows == 6
    assert (out / "notes.txt").read_text("utf-8") == "kept"


# --- atomic writes and errors --------------------------------------------------------------


def test_an_interrupted_export_leaves_the_old_file(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from thucydides import exports

    out = tmp_path / "events.tsv"
    out.write_text("the previous export\n", "utf-8")
    calls = []

    def failing_row(event):
        calls.append(event)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return {}

    monkeypatch.setattr(exports, "gdelt_row", failing_row)
    with pytest.raises(KeyboardInterrupt):
        export_store(db, "gdelt", out)
    assert out.read_text("utf-8") == "the previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.tsv", "news.duckdb"]


def test_an_interrupted_parquet_export_leaves_no_folder(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    from thucydides.store import Store

    def interrupted(store: Store, table: str, path: Path) -> int:
        if table == "events":
            raise KeyboardInterrupt
        return real(store, table, path)

    real = Store.copy_to_parquet
    monkeypatch.setattr(Store, "copy_to_parquet", interrupted)
    with pytest.raises(KeyboardInterrupt):
        export_store(db, "parquet", tmp_path / "tables")
    assert not (tmp_path / "tables").exists()


@pytest.mark.parametrize(
    ("to", "out", "modalities", "message"),
    [
        ("xml", "out.xml", None, "unknown export format 'xml'; known: gdelt, jsonl, parquet, plover"),
        ("gdelt", "missing/out.tsv", None, "out.tsv: folder {tmp}/missing does not exist"),
        ("gdelt", ".", None, ": is a folder; gdelt writes one file"),
        ("parquet", "news.duckdb", None, "news.duckdb: is the store being exported"),
        (
            "gdelt",
            "out.tsv",
            "asserted,rumoured",
            "--modality 'rumoured' is not a modality; expected alleged, asserted",
        ),
        ("parquet", "out", "alleged", "--modality applies to gdelt, plover and jsonl"),
    ],
)
def test_export_errors(db: Path, tmp_path: Path, to: str, out: str, modalities: str | None, message: str) -> None:
    with pytest.raises(ExportError) as caught:
        export_store(db, to, tmp_path / out, modalities=modalities)
    assert message.format(tmp=tmp_path) in str(caught.value)


def test_a_file_that_is_not_a_duckdb_file(db: Path, tmp_path: Path) -> None:
    export_store(db, "gdelt", tmp_path / "events.tsv")
    with pytest.raises(ExportError, match=r"events.tsv: not a DuckDB file; --db takes a DuckDB file written by"):
        export_store(tmp_path / "events.tsv", "jsonl", tmp_path / "out.jsonl")


def test_a_duckdb_file_that_is_not_a_store(tmp_path: Path) -> None:
    other = tmp_path / "other.duckdb"
    with duckdb.connect(str(other)) as connection:
        connection.execute("CREATE TABLE prices (day DATE, price DOUBLE)")
    with pytest.raises(ExportError, match="not a thucydides store"):
        export_store(other, "gdelt", tmp_path / "out.tsv")


# --- events with one side ------------------------------------------------------------------


@pytest.fixture
def kadugli(tmp_path: Path) -> Path:
    """The Kadugli story (support.py): e1 names no target, e2 no source, e3 both."""
    path = tmp_path / "kadugli.duckdb"
    with Store(path) as store:
        store.load([one_sided_analysis()], model="hand-made")
    return path


ACTOR_COLUMNS = ("Code", "Name", "CountryCode", "Type1Code", "Type2Code", "EthnicCode", "Religion1Code")


def test_gdelt_leaves_the_missing_side_s_actor_columns_blank(kadugli: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.tsv"
    assert export_store(kadugli, "gdelt", out).rows == 3
    ids = {str(global_event_id(ONE_SIDED_HASH, event)): event for event in ("e1", "e2", "e3")}
    rows = {ids[row["GLOBALEVENTID"]]: row for row in read_gdelt(out)}
    offensive, deaths = rows["e1"], rows["e2"]
    assert [offensive[f"Actor1{column}"] for column in ACTOR_COLUMNS[:4]] == ["SDNMIL", "Sudanese troops", "SDN", "MIL"]
    assert [offensive[f"Actor2{column}"] for column in ACTOR_COLUMNS] == [""] * len(ACTOR_COLUMNS)
    assert [deaths[f"Actor1{column}"] for column in ACTOR_COLUMNS] == [""] * len(ACTOR_COLUMNS)
    assert [deaths[f"Actor2{column}"] for column in ACTOR_COLUMNS[:4]] == [
        "SDNMIL", "Three Sudanese soldiers", "SDN", "MIL",
    ]  # fmt: skip
    assert [deaths[name] for name in ("SQLDATE", "EventCode", "EventBaseCode", "EventRootCode")] == [
        "20230502", "1823", "182", "18",
    ]  # fmt: skip
    assert (deaths["QuadClass"], deaths["GoldsteinScale"], deaths["SOURCEURL"]) == ("4", "-10.0", ONE_SIDED_URL)
    assert (rows["e3"]["Actor1Code"], rows["e3"]["Actor2Code"], rows["e3"]["Actor2CountryCode"]) == (
        "SDNGOV", "TCD", "TCD",
    )  # fmt: skip


def test_plover_gives_the_missing_side_an_empty_list(kadugli: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    assert export_store(kadugli, "plover", out).rows == 3
    records = {record["thucydides"]["event"]: record for record in read_jsonl(out)}
    offensive, deaths = records["e1"], records["e2"]
    assert offensive["source"] == [{"actorText": "Sudanese troops", "code": "SDN", "sector": "MIL"}]
    assert offensive["target"] == []
    assert (offensive["event"], offensive["context"], offensive["date"]) == ("ASSAULT", ["military"], "2023-05-01")
    assert deaths["source"] == []
    assert deaths["target"] == [{"actorText": "Three Sudanese soldiers", "code": "SDN", "sector": "MIL"}]
    assert (deaths["thucydides"]["source_actor"], deaths["thucydides"]["target_actor"]) == (None, "SDNMIL")
    assert records["e3"]["target"] == [{"actorText": "Chad", "code": "TCD", "sector": None}]


SIDE_COLUMNS = ("actor", "country", "person", "text", "start", "end")


def test_jsonl_and_parquet_hold_the_missing_side_as_nulls(kadugli: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    export_store(kadugli, "jsonl", out)
    lines = {line["event"]: line for line in read_jsonl(out)}
    assert [lines["e1"][f"target_{column}"] for column in SIDE_COLUMNS] == [None] * 6
    assert [lines["e2"][f"source_{column}"] for column in SIDE_COLUMNS] == [None] * 6
    assert [lines["e2"][f"target_{column}"] for column in SIDE_COLUMNS] == [
        "SDNMIL", "SDN", None, "Three Sudanese soldiers", 62, 85,
    ]  # fmt: skip

    folder = tmp_path / "parquet"
    export_store(kadugli, "parquet", folder)
    events = {row["event"]: row for row in pq.read_table(folder / "events.parquet").to_pylist()}
    assert [events["e1"][f"target_{column}"] for column in SIDE_COLUMNS] == [None] * 6
    assert [events["e1"][f"source_{column}"] for column in SIDE_COLUMNS] == [
        "SDNMIL", "SDN", None, "Sudanese troops", 0, 15,
    ]  # fmt: skip
    assert [events["e2"][f"source_{column}"] for column in SIDE_COLUMNS] == [None] * 6
    assert events["e3"]["target_text"] == "Chad"


# --- the command ---------------------------------------------------------------------------


def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> Result:
    monkeypatch.chdir(tmp_path)
    return make_runner().invoke(cli.app, list(args))


def flat(text: str) -> str:
    return " ".join(text.split())


def test_cli_export_gdelt(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run(tmp_path, monkeypatch, "export", "--db", "news.duckdb", "--to", "gdelt", "-o", "events.tsv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert flat(result.stderr) == (
        "wrote 5 GDELT event rows to events.tsv (modality asserted); left out 1 of other modalities (--modality)"
    )
    assert len(read_gdelt(tmp_path / "events.tsv")) == 5


def test_cli_export_with_modalities_and_parquet(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    args = ("export", "--db", "news.duckdb", "--to", "plover", "-o", "plover.jsonl", "--modality", "asserted,alleged")
    result = run(tmp_path, monkeypatch, *args)
    assert result.exit_code == 0, result.stderr
    assert flat(result.stderr) == (
        "wrote 5 PLOVER records to plover.jsonl (modality alleged, asserted); "
        "left out 1 with no PLOVER type (CAMEO 01 statements)"
    )
    result = run(tmp_path, monkeypatch, "export", "--db", "news.duckdb", "--to", "parquet", "-o", "tables", "-q")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert pq.read_table(tmp_path / "tables" / "documents.parquet").num_rows == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--db", "nowhere.duckdb", "--to", "gdelt", "-o", "out.tsv"),
            "error: nowhere.duckdb: no such store; --db takes a DuckDB file written by 'thucydides analyze --db'",
        ),
        (
            ("--db", "news.duckdb", "--to", "xml", "-o", "out.xml"),
            "error: unknown export format 'xml'; known: gdelt, jsonl, parquet, plover",
        ),
        (
            ("--db", "news.duckdb", "--to", "gdelt", "-o", "missing/out.tsv"),
            "error: missing/out.tsv: folder missing does not exist; create it or choose another output path",
        ),
        (
            ("--db", "news.duckdb", "--to", "jsonl", "-o", "out.jsonl", "--modality", "maybe"),
            "error: --modality 'maybe' is not a modality; expected alleged, asserted, future, hypothetical, negated, "
            "reported, a comma-separated list of them, or all",
        ),
    ],
)
def test_cli_export_errors(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], message: str
) -> None:
    result = run(tmp_path, monkeypatch, "export", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert flat(result.stderr) == message
    assert not (tmp_path / "out.tsv").exists()


def test_gdelt_fills_the_ethnic_and_religion_columns(pipeline, tmp_path: Path) -> None:
    text = "Kurdish fighters attacked Sunni militants near the town."
    analysis = pipeline.analyze_text(text, published=dt.date(2016, 3, 1))
    path = tmp_path / "communities.duckdb"
    with Store(path) as store:
        store.load([analysis], model="test")
    out = tmp_path / "events.tsv"
    export_store(path, "gdelt", out)
    (row,) = read_gdelt(out)
    columns = ("Actor1Code", "Actor1CountryCode", "Actor1EthnicCode", "Actor1Religion1Code", "Actor1Type1Code")
    assert tuple(row[c] for c in columns) == ("KURREB", "", "kur", "", "REB")
    columns = ("Actor2Code", "Actor2CountryCode", "Actor2EthnicCode", "Actor2Religion1Code", "Actor2Religion2Code")
    assert tuple(row[c] for c in columns) == ("MOSSUNREB", "", "", "MOS", "MOSSUN")
