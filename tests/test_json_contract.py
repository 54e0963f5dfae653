"""The JSON contract (schema "thucydides/1"): its keys, and offsets that point into the text.

Every article here was written for these tests.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
from typing import Any

import pytest
from support import one_sided_analysis

from thucydides import SCHEMA, Analysis, Pipeline, to_json

ARTICLE = (
    "Pakistani officials met envoys from Washington on Tuesday to discuss the crossings into Afghanistan. "
    "Prime Minister Shehbaz Sharif said the talks in Islamabad had been useful.\n\n"
    "Download the new Frontier Post App at app.frontierpost.example\n\n"
    "U.S. Marines will not take part in the patrols, the Pentagon said."
)


@pytest.fixture(scope="module")
def analysis(pipeline: Pipeline) -> Analysis:
    return pipeline.analyze_text(
        ARTICLE, doc_id="envoys.txt", published=dt.date(2023, 5, 2), title="Envoys meet in Islamabad"
    )


@pytest.fixture(scope="module")
def record(analysis: Analysis) -> dict[str, Any]:
    return to_json(analysis)


def test_schema_and_top_level_keys(record: dict[str, Any]) -> None:
    assert SCHEMA == "thucydides/1"
    assert record["schema"] == "thucydides/1"
    assert list(record) == [
        "schema",
        "document",
        "sentences",
        "actors",
        "people",
        "quotes",
        "events",
        "places",
        "dates",
    ]


def test_document(record: dict[str, Any]) -> None:
    document = record["document"]
    assert list(document) == ["id", "hash", "title", "published", "source", "url", "text", "removed"]
    assert document["id"] == "envoys.txt"
    assert document["title"] == "Envoys meet in Islamabad"
    assert document["published"] == "2023-05-02"
    assert document["source"] is None
    assert document["url"] is None
    assert document["removed"] == ["Download the new Frontier Post App at app.frontierpost.example"]
    assert "Download the new" not in document["text"]
    assert document["text"].startswith("Pakistani officials met envoys from Washington on Tuesday")
    assert "\n\nU.S. Marines will not take part" in document["text"]
    assert document["hash"] == hashlib.sha256(document["text"].encode("utf-8")).hexdigest()


def test_actors(record: dict[str, Any]) -> None:
    actors = {actor["id"]: actor for actor in record["actors"]}
    assert {"PAKGOV", "USAGOV", "USAMIL"} <= set(actors)
    assert actors["PAKGOV"]["name"] == "Pakistan (government)"
    assert actors["PAKGOV"]["country"] == "PAK"
    assert actors["PAKGOV"]["sectors"] == ["GOV"]
    assert actors["PAKGOV"]["kind"] == "state"
    assert actors["USAMIL"]["sectors"] == ["MIL"]
    for actor in record["actors"]:
        assert list(actor) == ["id", "name", "country", "sectors", "kind", "mentions"]


def test_people(record: dict[str, Any]) -> None:
    [person] = [p for p in record["people"] if p["name"] == "Shehbaz Sharif"]
    assert list(person) == ["id", "name", "title", "description", "country", "actor", "coded_by", "mentions"]
    assert person["title"] == "Prime Minister"
    assert person["actor"] == "PAKGOV"
    text = record["document"]["text"]
    assert [text[start:end] for start, end in person["mentions"]] == ["Prime Minister Shehbaz Sharif"]


def test_every_span_lies_inside_the_text(record: dict[str, Any]) -> None:
    length = len(record["document"]["text"])
    spans = [tuple(span) for span in record["sentences"]]
    for key in ("actors", "people", "places"):
        spans += [tuple(span) for item in record[key] for span in item["mentions"]]
    spans += [tuple(date["span"]) for date in record["dates"]]
    assert spans
    for start, end in spans:
        assert 0 <= start < end <= length


def test_sentences_are_in_order_and_only_whitespace_lies_between_them(record: dict[str, Any]) -> None:
    text = record["document"]["text"]
    sentences = record["sentences"]
    assert len(sentences) == 3
    assert sentences[0][0] == 0
    assert sentences[-1][1] == len(text)
    for (_, end), (start, _) in itertools.pairwise(sentences):
        assert end <= start
        assert not text[end:start].strip()
    assert text[sentences[1][0] :].startswith("Prime Minister Shehbaz Sharif said")


def test_actor_mention_spans_hold_what_the_mention_says(analysis: Analysis, record: dict[str, Any]) -> None:
    text = record["document"]["text"]
    for mention in analysis.mentions:
        assert text[mention.start : mention.end] == mention.text
    by_actor = {actor["id"]: [text[s:e] for s, e in actor["mentions"]] for actor in record["actors"]}
    assert "Pakistani officials" in by_actor["PAKGOV"]
    assert "U.S. Marines" in by_actor["USAMIL"]
    coded = {(m.start, m.end): m.actor for m in analysis.mentions if m.actor}
    for actor in record["actors"]:
        for start, end in actor["mentions"]:
            assert coded[(start, end)] == actor["id"]


def test_places(record: dict[str, Any]) -> None:
    places = {place["name"]: place for place in record["places"]}
    assert places["Islamabad"]["country"] == "PAK"
    assert list(places["Islamabad"]) == ["name", "country", "lat", "lon", "geonameid", "kind", "mentions"]
    text = record["document"]["text"]
    assert {text[s:e] for s, e in places["Islamabad"]["mentions"]} == {"Islamabad"}


def test_an_event_in_the_contract(record: dict[str, Any]) -> None:
    text = record["document"]["text"]
    (meeting,) = record["events"]  # "will not take part" is no event: no rule for it, and it is negated
    assert list(meeting) == [
        "id", "cameo", "cameo_label", "plover", "plover_mode", "quad_class", "goldstein", "source", "target",
        "trigger", "sentence", "evidence", "modality", "quote", "date", "date_text", "date_precision",
        "date_basis", "place", "place_country", "place_lat", "place_lon", "confidence", "coded_by",
    ]  # fmt: skip
    assert (meeting["id"], meeting["cameo"], meeting["plover"], meeting["quad_class"], meeting["goldstein"]) == (
        "e1", "040", "CONSULT", 1, 1.0,
    )  # fmt: skip
    assert meeting["source"]["actor"] == "PAKGOV" and meeting["target"]["actor"] == "USAGOV"
    start, end = meeting["trigger"]["span"]
    assert text[start:end] == "met"
    start, end = meeting["target"]["span"]
    assert text[start:end] == "envoys from Washington"
    assert (meeting["date"], meeting["date_text"], meeting["date_basis"]) == ("2023-05-02", "Tuesday", "clause")
    assert (meeting["modality"], meeting["quote"]) == ("asserted", None)


def test_dates_in_the_contract(record: dict[str, Any]) -> None:
    text = record["document"]["text"]
    (tuesday,) = record["dates"]
    assert set(tuesday) == {"text", "value", "precision", "span"}
    # published 2023-05-02, a Tuesday: "on Tuesday" is the day itself
    assert (tuesday["text"], tuesday["value"], tuesday["precision"]) == ("Tuesday", "2023-05-02", "day")
    start, end = tuesday["span"]
    assert text[start:end] == "Tuesday"


def test_quotes_in_the_contract(record: dict[str, Any]) -> None:
    text = record["document"]["text"]
    first, second = record["quotes"]
    assert set(first) == {
        "id", "kind", "content", "spans", "cue", "speaker", "sentence", "about", "coded_by", "confidence",
    }  # fmt: skip
    assert (first["coded_by"], first["confidence"]) == ("rules", None)  # the rules alone: no tagger
    assert set(first["speaker"]) == {"text", "span", "name", "person", "actor", "anonymous", "description"}
    assert (first["kind"], first["content"], first["cue"]["text"], first["cue"]["type"]) == (
        "indirect",
        "the talks in Islamabad had been useful",
        "said",
        "speech",
    )
    assert (first["speaker"]["name"], first["speaker"]["person"], first["speaker"]["actor"]) == (
        "Shehbaz Sharif",
        "p1",
        "PAKGOV",
    )
    assert [text[s:e] for s, e in first["spans"]] == [first["content"]]
    start, end = second["speaker"]["span"]
    assert (text[start:end], second["speaker"]["actor"], second["about"]) == ("the Pentagon", "USAMIL", ["USAMIL"])


def test_record_is_plain_json(record: dict[str, Any]) -> None:
    assert json.loads(json.dumps(record)) == record
    assert json.loads(json.dumps(record, ensure_ascii=False)) == record


def test_a_headline_without_a_full_stop_ends_its_sentence(pipeline) -> None:
    # A title is given, so the first line stays in the text as a paragraph of its own.
    analysis = pipeline.analyze_text(
        "Envoys meet in Islamabad\n\nPakistani officials met envoys on Tuesday.", title="Ceasefire talks"
    )
    text = analysis.document.text
    assert [text[s.start : s.end] for s in analysis.sentences] == [
        "Envoys meet in Islamabad",
        "Pakistani officials met envoys on Tuesday.",
    ]
    # envoys meeting in Islamabad serve some other state: no country is guessed for them
    assert [(m.text, m.actor) for m in analysis.mentions if m.actor] == [
        ("Envoys", "---GOV"),
        ("Pakistani officials", "PAKGOV"),
        ("envoys", "---GOV"),
    ]


# --- an event with one side --------------------------------------------------------------------


def test_an_event_with_one_side_has_that_side_null() -> None:
    record = to_json(one_sided_analysis())
    offensive, deaths, accusation = record["events"]
    assert offensive["source"] == {
        "actor": "SDNMIL", "country": "SDN", "text": "Sudanese troops", "span": [0, 15], "person": None,
    }  # fmt: skip
    assert offensive["target"] is None
    assert deaths["source"] is None
    assert deaths["target"]["text"] == "Three Sudanese soldiers"
    assert (accusation["source"]["actor"], accusation["target"]["actor"]) == ("SDNGOV", "TCD")
    json.dumps(record)


def test_a_null_side_is_valid_in_the_contract_s_schema() -> None:
    from jsonschema import Draft202012Validator

    from thucydides.web.models import ContractDocument

    validator = Draft202012Validator(ContractDocument.model_json_schema(by_alias=True))
    record = to_json(one_sided_analysis())
    assert list(validator.iter_errors(record)) == []
    without_target = json.loads(json.dumps(record))
    del without_target["events"][0]["target"]  # null, not absent: every key is always written
    assert [error.message for error in validator.iter_errors(without_target)] == ["'target' is a required property"]
