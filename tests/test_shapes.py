"""The records are the schema: the store's columns, the rows, the JSON contract and the web API's
models all come from the records' fields (``thucydides.shapes``), so a field added to a record
reaches each of them with no other edit."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pydantic
import pytest

from thucydides import shapes
from thucydides.contract import event_json, to_json
from thucydides.records import (
    Actor,
    Analysis,
    DateMention,
    Document,
    Event,
    EventParty,
    Mention,
    Person,
    Place,
    Quote,
    Sentence,
    Speaker,
    shape,
)
from thucydides.store import LISTED_DOCUMENT_FIELDS, Located, Store
from thucydides.store.schema import ANALYSIS_TABLES, RECORD_TABLES, TABLES, RecordTable
from thucydides.web.models import DocumentItem, located_model, record_model

TEXT = "Pakistani troops shelled the border post. India protested on Monday."
HASH = "ab" * 32


@dataclass(frozen=True, slots=True)
class RatedEvent(Event):
    """``Event`` with one field more: what a learned coder might add."""

    severity: float | None = field(default=None, kw_only=True, metadata=shape(added=4))


def party(actor: str, words: str, person: str | None = None) -> EventParty:
    start = TEXT.index(words)
    return EventParty(actor, actor[:3], words, (start, start + len(words)), person=person)


def shelling(**more: object) -> Event:
    kind = RatedEvent if more else Event
    return kind(  # type: ignore[no-any-return]
        id="e1",
        cameo="195",
        cameo_label="Employ aerial weapons",
        plover="ASSAULT",
        quad_class=4,
        goldstein=-9.5,
        source=party("PAKMIL", "Pakistani troops"),
        target=None,
        trigger_text="shelled",
        trigger_span=(17, 24),
        sentence=0,
        evidence="Pakistani troops shelled the border post.",
        modality="asserted",
        quote=None,
        date="2023-05-01",
        date_text="Monday",
        place=None,
        confidence=0.75,
        date_basis="sentence",
        **more,
    )


def analysis_of(*events: Event) -> Analysis:
    document = Document("border", HASH, TEXT, title="Border", published=dt.date(2023, 5, 2))
    return Analysis(document, (Sentence(0, 0, 41), Sentence(1, 42, len(TEXT))), events=events)


# --- a new field is one edit ---------------------------------------------------------------


def test_a_field_added_to_event_reaches_the_store_the_json_and_the_api(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = tmp_path / "old.duckdb"
    with Store(old) as store:  # a store of this release, before the field was added
        store.write([analysis_of(shelling())])
    rated = RecordTable(RatedEvent, before=(("doc_hash", pa.string()),))
    monkeypatch.setitem(RECORD_TABLES, "events", rated)  # RatedEvent is now the events table's record
    monkeypatch.setitem(TABLES, "events", rated.arrow())
    assert TABLES["events"][-1] == ("severity", pa.float64())  # after the columns added before it

    with Store(old) as store:  # opening for writing migrates the store: it gains the column
        columns = [row[0] for row in store.connection.execute("DESCRIBE events").fetchall()]
        assert columns[-3:] == ["target_person", "coded_by", "severity"]
        assert store.connection.execute("SELECT event, severity FROM events").fetchall() == [("e1", None)]
        newer = dataclasses.replace(analysis_of(shelling(severity=0.875)).document, hash="cd" * 32)
        store.write([dataclasses.replace(analysis_of(shelling(severity=0.875)), document=newer)])
        back = store.analysis("cd" * 32)
        stored = [
            row[0] for row in store.connection.execute("SELECT severity FROM events ORDER BY doc_hash").fetchall()
        ]
    assert stored == [None, 0.875]  # the older document has none
    assert back is not None
    (event,) = back.events
    assert isinstance(event, RatedEvent) and event.severity == 0.875
    plain = event_json(event)
    assert list(plain)[-3:] == ["confidence", "coded_by", "severity"] and plain["severity"] == 0.875
    assert to_json(back)["events"][0]["severity"] == 0.875

    model = record_model(RatedEvent)
    assert model.__name__ == "RatedEventRecord"
    assert model.model_validate(plain).model_dump()["severity"] == 0.875
    with pytest.raises(pydantic.ValidationError, match="severity"):
        record_model(Event).model_validate(plain)  # the models forbid fields they do not know
    item = located_model(RatedEvent, "the event's id")
    located = Located("cd" * 32, "border", "Border", event, (0, 41))
    shown = item.model_validate(shapes.to_plain(located)).model_dump()
    assert (shown["event"], shown["severity"], shown["sentence_span"]) == ("e1", 0.875, [0, 41])


# --- the store ------------------------------------------------------------------------------


def test_each_analysis_table_is_named_for_its_field() -> None:
    fields = [item.name for item in dataclasses.fields(Analysis) if item.name != "document"]
    assert sorted(ANALYSIS_TABLES) == sorted(fields)
    assert {table: RECORD_TABLES[table].record for table in ANALYSIS_TABLES} == {
        "sentences": Sentence,
        "actors": Actor,
        "mentions": Mention,
        "people": Person,
        "places": Place,
        "quotes": Quote,
        "events": Event,
        "dates": DateMention,
    }


@pytest.mark.parametrize(
    ("record_type", "expected"),
    [
        (Sentence, ["sentence", "start", "end"]),  # index is stored as sentence
        (DateMention, ["text", "value", "precision", "start", "end"]),  # span: start, end
        (Actor, ["actor", "name", "country", "sectors", "kind", "mention_count"]),  # mentions counted
        (Document, ["hash", "id", "title", "published", "source", "url", "text", "removed"]),  # no origin
    ],
)
def test_the_columns_of_a_record(record_type: type, expected: list[str]) -> None:
    assert [column.name for column in RECORD_TABLES_BY_RECORD[record_type].columns()] == expected


RECORD_TABLES_BY_RECORD = {spec.record: spec for spec in RECORD_TABLES.values()}


def test_a_nested_record_is_flattened_under_its_field() -> None:
    names = {column.name: column for column in shapes.columns(Quote)}
    assert [name for name in names if name.startswith("speaker_")] == [
        "speaker_text",
        "speaker_start",
        "speaker_end",
        "speaker_name",
        "speaker_person",
        "speaker_actor",
        "speaker_anonymous",
        "speaker_description",
    ]
    assert names["speaker_end"].path == ("speaker", "span") and names["speaker_end"].part == 1
    assert names["cue_start"].kind == "int32" and names["spans"].kind == shapes.SPAN_LIST


def test_a_type_with_no_column_is_refused_by_name() -> None:
    @dataclass(frozen=True, slots=True)
    class Odd:
        weights: dict[str, float]

    with pytest.raises(TypeError, match=r"Odd\.weights: no store column for its type"):
        shapes.columns(Odd)


SPEAKER = Speaker("a senior diplomat", (0, 17), None, None, "---GOV", True, "a senior diplomat")
RECORDS = [
    Sentence(2, 10, 40),
    Mention(0, 9, "Pakistani", 0, "demonym", actor="PAK"),
    Actor("PAKMIL", "Pakistan (military)", "PAK", ("MIL",), "state", ()),
    Person("p1", "Imran Khan", "Prime Minister", None, "PAK", "PAKGOV", "office", ((3, 13), (50, 54))),
    Place("Kashmir", "IND", 34.08, 74.8, 1269320, "region", ((60, 67),)),
    Quote("q1", "indirect", "talks would resume", ((20, 38),), "said", (14, 18), SPEAKER, 1, cue_type="speech"),
    Quote("q2", "direct", "No comment.", ((0, 11),), None, None, None, 0),
    shelling(),
    DateMention("Monday", "2023-05-01", (60, 66), precision="day"),
    Document("border", HASH, TEXT, removed=("a byline",)),
]


@pytest.mark.parametrize("record", RECORDS, ids=lambda record: type(record).__name__)
def test_a_record_comes_back_from_its_row(record: object) -> None:
    columns = shapes.columns(type(record))
    given = {"mentions": ()} if isinstance(record, Actor) else None  # the store only counts them
    back = shapes.from_row(type(record), shapes.row(record, columns), given)
    assert back == record


def test_a_row_holds_the_store_values() -> None:
    values = shapes.row(shelling(), shapes.columns(Event))
    assert (values["event"], values["source_actor"], values["source_start"], values["target_text"]) == (
        "e1",
        "PAKMIL",
        0,
        None,
    )
    assert values["trigger_start"] == 17 and values["date_basis"] == "sentence"


# --- the JSON contract ------------------------------------------------------------------------


def test_the_contract_order_of_an_event() -> None:
    assert list(event_json(shelling())) == [
        "id",
        "cameo",
        "cameo_label",
        "plover",
        "plover_mode",
        "quad_class",
        "goldstein",
        "source",
        "target",
        "trigger",
        "sentence",
        "evidence",
        "modality",
        "quote",
        "date",
        "date_text",
        "date_precision",
        "date_basis",
        "place",
        "place_country",
        "place_lat",
        "place_lon",
        "confidence",
        "coded_by",
    ]
    plain = event_json(shelling())
    assert plain["trigger"] == {"text": "shelled", "span": [17, 24]}
    assert plain["source"] == {
        "actor": "PAKMIL",
        "country": "PAK",
        "person": None,
        "text": "Pakistani troops",
        "span": [0, 16],
    }


def test_the_contract_of_an_analysis_leaves_out_mentions() -> None:
    plain = to_json(analysis_of(shelling()))
    assert list(plain) == ["schema", "document", "sentences", "actors", "people", "quotes", "events", "places", "dates"]
    assert plain["sentences"] == [[0, 41], [42, len(TEXT)]]
    assert plain["document"]["published"] == "2023-05-02" and "origin" not in plain["document"]


def test_a_nested_group_is_one_model() -> None:
    schema = record_model(Quote).model_json_schema()
    assert schema["$defs"]["Cue"]["required"] == ["text", "span", "type"]
    assert schema["required"][:5] == ["id", "kind", "content", "spans", "cue"]


def test_a_page_of_documents_gives_every_document_field_but_the_text() -> None:
    assert LISTED_DOCUMENT_FIELDS == ("hash", "id", "title", "published", "source", "url")
    assert list(DocumentItem.model_fields) == [*LISTED_DOCUMENT_FIELDS, "events", "quotes"]
