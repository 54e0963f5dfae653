"""The HTTP API (``thucydides serve``) over a store built from hand-made records (no spaCy).

Two short reports written for these tests: a border clash between Pakistan and India in May
2023, with a quoted minister and an anonymous diplomat, and an Afghan aid story in June, with an
alleged Taliban attack dated only by its year.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from click.testing import Result
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import ONE_SIDED_HASH, make_event, make_runner, one_sided_analysis

from thucydides import (
    Actor,
    Analysis,
    DateMention,
    Document,
    Event,
    EventParty,
    InputError,
    Mention,
    Person,
    Place,
    Quote,
    Sentence,
    Speaker,
    Store,
    cli,
    to_json,
)
from thucydides.dyads import dyads, network
from thucydides.errors import StoreError
from thucydides.web import bind_warning, create_app

BORDER_LINES = [
    "Pakistani officials accused India of shelling border villages on Monday.",
    "Indian troops fired on Pakistani posts near Kotli that week.",
    '"We will not accept these attacks," said Shah Mahmood Qureshi, the foreign minister.',
    "A senior Western diplomat said Washington had urged restraint in May.",
]
AID_LINES = [
    "Afghan officials thanked Islamabad for the aid convoys.",
    "Critics alleged that the Taliban attacked a checkpoint in Kandahar last year.",
    "All of the aid was food, a spokesman said.",
    "Kabul and Islamabad have argued over the border for decades.",
]


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class Article:
    """A text made of sentences, and spans found by their words."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.text = " ".join(lines)
        self.starts = [sum(len(line) + 1 for line in lines[:n]) for n in range(len(lines))]

    def sentences(self) -> tuple[Sentence, ...]:
        pairs = zip(self.starts, self.lines, strict=True)
        return tuple(Sentence(n, start, start + len(line)) for n, (start, line) in enumerate(pairs))

    def span(self, words: str, sentence: int) -> tuple[int, int]:
        start = self.text.index(words, self.starts[sentence])
        return start, start + len(words)

    def party(self, words: str, sentence: int, actor: str | None, country: str | None) -> EventParty:
        return EventParty(actor=actor, country=country, text=words, span=self.span(words, sentence))

    def mention(self, words: str, sentence: int, kind: str, actor: str | None, person: str | None = None) -> Mention:
        start, end = self.span(words, sentence)
        return Mention(start, end, words, sentence, kind, actor, person)

    def event(self, number: int, trigger: str, sentence: int, cameo: str, **fields: Any) -> Event:
        return make_event(
            number=number,
            trigger=trigger,
            trigger_span=self.span(trigger, sentence),
            sentence=sentence,
            evidence=self.lines[sentence],
            cameo=cameo,
            **fields,
        )


BORDER = Article(BORDER_LINES)
AID = Article(AID_LINES)
BORDER_HASH, AID_HASH = sha(BORDER.text), sha(AID.text)


def border_analysis() -> Analysis:
    a = BORDER
    mentions = (
        a.mention("Pakistani officials", 0, "sector", "PAKGOV"),
        a.mention("India", 0, "name", "IND"),
        a.mention("Indian troops", 1, "sector", "INDMIL"),
        a.mention("Pakistani posts", 1, "sector", "PAKMIL"),
        a.mention("Shah Mahmood Qureshi, the foreign minister", 2, "person", "PAKGOV", "p1"),
        a.mention("Shah Mahmood Qureshi", 2, "person", "PAKGOV", "p1"),  # inside the one above
        a.mention("Washington", 3, "seat", "USAGOV"),
    )

    def spans(actor: str) -> tuple[tuple[int, int], ...]:
        found = [(m.start, m.end) for m in mentions if m.actor == actor]
        return tuple(s for s in found if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in found))

    actors = (
        Actor("PAKGOV", "Pakistan (government)", "PAK", ("GOV",), "state", spans("PAKGOV")),
        Actor("IND", "India", "IND", (), "state", spans("IND")),
        Actor("INDMIL", "India (military)", "IND", ("MIL",), "state", spans("INDMIL")),
        Actor("PAKMIL", "Pakistan (military)", "PAK", ("MIL",), "state", spans("PAKMIL")),
        Actor("USAGOV", "United States (government)", "USA", ("GOV",), "state", spans("USAGOV")),
    )
    people = (
        Person(
            "p1",
            "Shah Mahmood Qureshi",
            "foreign minister",
            "the foreign minister",
            "PAK",
            "PAKGOV",
            "text",
            (a.span("Shah Mahmood Qureshi", 2),),
        ),
    )
    quotes = (
        Quote(
            "q1",
            "direct",
            "We will not accept these attacks,",
            (a.span("We will not accept these attacks,", 2),),
            "said",
            a.span("said", 2),
            Speaker(
                "Shah Mahmood Qureshi, the foreign minister",
                a.span("Shah Mahmood Qureshi, the foreign minister", 2),
                "Shah Mahmood Qureshi",
                "p1",
                "PAKGOV",
                False,
                "the foreign minister",
            ),
            2,
            cue_type="speech",
            about=(),
        ),
        Quote(
            "q2",
            "indirect",
            "Washington had urged restraint in May",
            (a.span("Washington had urged restraint in May", 3),),
            "said",
            a.span("said", 3),
            Speaker(
                "A senior Western diplomat",
                a.span("A senior Western diplomat", 3),
                None,
                None,
                None,
                True,
                "A senior Western diplomat",
            ),
            3,
            cue_type="speech",
            about=("USAGOV",),
        ),
    )
    events = (
        a.event(
            1, "accused", 0, "112", cameo_label="Accuse", plover="ACCUSE", quad_class=3, goldstein=-2.0,
            source=a.party("Pakistani officials", 0, "PAKGOV", "PAK"), target=a.party("India", 0, "IND", "IND"),
            date="2023-05-01", date_text="Monday", date_precision="day", date_basis="clause",
        ),
        a.event(
            2, "fired", 1, "190", cameo_label="Use conventional military force", plover="ASSAULT", quad_class=4,
            goldstein=-10.0, source=a.party("Indian troops", 1, "INDMIL", "IND"),
            target=a.party("Pakistani posts", 1, "PAKMIL", "PAK"), date="2023-W18", date_text="that week",
            date_precision="week", date_basis="clause", place="Kotli", place_country="PAK", place_lat=33.5,
            place_lon=73.9,
        ),
        a.event(
            3, "urged", 3, "0256", cameo_label="Appeal for de-escalation", plover="REQUEST", plover_mode="appeal",
            goldstein=-0.3, source=a.party("Washington", 3, "USAGOV", "USA"), modality="reported", quote="q2",
            date="2023-05", date_text="in May", date_precision="month", date_basis="clause",
        ),
    )  # fmt: skip
    places = (Place("Kotli", "PAK", 33.5, 73.9, 1182787, "city", (a.span("Kotli", 1),)),)
    dates = (DateMention("Monday", "2023-05-01", a.span("Monday", 0), precision="day"),)
    document = Document(
        id="border-clash",
        hash=BORDER_HASH,
        text=a.text,
        title="Pakistan accuses India over border shelling",
        published=dt.date(2023, 5, 3),
        url="https://news.example.org/border",
        source="Example News",
        removed=("Download the new Example News App",),
    )
    return Analysis(
        document, a.sentences(), mentions, actors, people, places=places, quotes=quotes, events=events, dates=dates
    )


def aid_analysis() -> Analysis:
    a = AID
    mentions = (
        a.mention("Afghan officials", 0, "sector", "AFGGOV"),
        a.mention("Islamabad", 0, "seat", "PAKGOV"),
        a.mention("the Taliban", 1, "group", "AFGINSTAL"),
        a.mention("Kabul", 3, "seat", "AFGGOV"),
        a.mention("Islamabad", 3, "seat", "PAKGOV"),
    )
    spans = [(m.start, m.end) for m in mentions]
    actors = (
        Actor("AFGGOV", "Afghanistan (government)", "AFG", ("GOV",), "state", (spans[0], spans[3])),
        Actor("PAKGOV", "Pakistan (government)", "PAK", ("GOV",), "state", (spans[1], spans[4])),
        Actor("AFGINSTAL", "Taliban", "AFG", ("INS",), "group", (spans[2],)),
    )
    quotes = (
        Quote(
            "q1",
            "indirect",
            "Critics alleged that the Taliban attacked a checkpoint in Kandahar last year",
            (a.span("the Taliban attacked a checkpoint in Kandahar last year", 1),),
            "alleged",
            a.span("alleged", 1),
            Speaker("Critics", a.span("Critics", 1), None, None, None, True, "Critics"),
            1,
            cue_type="allegation",
            about=("AFGINSTAL",),
        ),
        Quote(
            "q2",
            "indirect",
            "All of the aid was food",
            (a.span("All of the aid was food", 2),),
            "said",
            a.span("said", 2),
            Speaker("a spokesman", a.span("a spokesman", 2), None, None, None, True, "a spokesman"),
            2,
            cue_type="speech",
        ),
    )
    events = (
        a.event(
            1, "thanked", 0, "051", cameo_label="Praise or endorse", plover="COOPERATE", goldstein=3.4,
            source=a.party("Afghan officials", 0, "AFGGOV", "AFG"), target=a.party("Islamabad", 0, "PAKGOV", "PAK"),
            date="2023-06-02", date_precision="day", date_basis="published",
        ),
        a.event(
            2, "attacked", 1, "190", cameo_label="Use conventional military force", plover="ASSAULT", quad_class=4,
            goldstein=-10.0, source=a.party("the Taliban", 1, "AFGINSTAL", "AFG"), modality="alleged",
            quote="q1", date="2022", date_text="last year", date_precision="year", date_basis="clause",
        ),
        a.event(
            3, "argued", 3, "111", cameo_label="Criticize or denounce", plover="ACCUSE", quad_class=3,
            goldstein=-2.0, source=a.party("Kabul", 3, "AFGGOV", "AFG"),
            target=a.party("Islamabad", 3, "PAKGOV", "PAK"),
        ),
    )  # fmt: skip
    document = Document(
        id="kabul-aid",
        hash=AID_HASH,
        text=a.text,
        title="Kabul thanks Islamabad (100% of the aid delivered)",
        published=dt.date(2023, 6, 2),
    )
    return Analysis(document, a.sentences(), mentions, actors, quotes=quotes, events=events)


def web_store(folder: Path) -> Path:
    """The two hand-made stories in a store in ``folder``: what the web tests serve."""
    path = folder / "news.duckdb"
    with Store(path) as store:
        store.load([border_analysis(), aid_analysis()], model="hand-made")
    return path


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return web_store(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db)) as test_client:
        yield test_client


def get(client: TestClient, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, response.text
    return response.json()


def ids(page: dict[str, Any], key: str = "event") -> list[tuple[str, str]]:
    return [(item["document_id"], item[key]) for item in page["items"]]


# --- the store's contents ----------------------------------------------------------------------


def test_health(client: TestClient) -> None:
    assert get(client, "/health") == {"status": "ok", "documents": 2, "events": 6}


def test_documents_newest_first_with_counts(client: TestClient) -> None:
    page = get(client, "/documents")
    assert (page["page"], page["size"], page["total"]) == (1, 50, 2)
    assert page["items"] == [
        {
            "hash": AID_HASH,
            "id": "kabul-aid",
            "title": "Kabul thanks Islamabad (100% of the aid delivered)",
            "published": "2023-06-02",
            "url": None,
            "source": None,
            "events": 3,
            "quotes": 2,
        },
        {
            "hash": BORDER_HASH,
            "id": "border-clash",
            "title": "Pakistan accuses India over border shelling",
            "published": "2023-05-03",
            "url": "https://news.example.org/border",
            "source": "Example News",
            "events": 3,
            "quotes": 2,
        },
    ]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("q=BORDER", ["border-clash"]),  # case-insensitive, in the title or the id
        ("q=kabul-", ["kabul-aid"]),
        ("q=%25", ["kabul-aid"]),  # a literal % (in "100%"), not a wildcard
        ("q=_", []),  # a literal _, which no title or id holds
        ("q=%25_", []),
        ("q=%27%3B%20DROP%20TABLE%20events%3B%20--", []),  # '; DROP TABLE events; --
        ("size=1", ["kabul-aid"]),
        ("size=1&page=2", ["border-clash"]),
        ("page=3&size=1", []),
    ],
)
def test_documents_filter_and_pages(client: TestClient, query: str, found: list[str]) -> None:
    assert [item["id"] for item in get(client, f"/documents?{query}")["items"]] == found


@pytest.mark.parametrize("analysed", [border_analysis, aid_analysis])
def test_a_document_is_its_json_contract(client: TestClient, analysed) -> None:
    record = analysed()
    expected = json.loads(json.dumps(to_json(record)))
    assert get(client, f"/documents/{record.document.hash}") == expected


def test_a_document_by_upper_case_hash(client: TestClient) -> None:
    assert get(client, f"/documents/{BORDER_HASH.upper()}")["document"]["id"] == "border-clash"


def test_a_document_keeps_its_spans(client: TestClient) -> None:
    record = get(client, f"/documents/{BORDER_HASH}")
    text = record["document"]["text"]
    assert record["actors"][0]["id"] == "PAKGOV"
    # the minister's name inside "Shah Mahmood Qureshi, the foreign minister" is not a second mention
    assert [text[s:e] for s, e in record["actors"][0]["mentions"]] == [
        "Pakistani officials",
        "Shah Mahmood Qureshi, the foreign minister",
    ]
    quote = record["quotes"][1]
    assert quote["speaker"]["anonymous"] is True
    assert text[slice(*quote["cue"]["span"])] == "said"
    assert record["events"][2]["goldstein"] == -0.3  # a FLOAT column read back as written


def test_actors_most_mentioned_first(client: TestClient) -> None:
    page = get(client, "/actors")
    assert page["total"] == 7
    assert page["items"][0] == {
        "actor": "PAKGOV",
        "name": "Pakistan (government)",
        "country": "PAK",
        "kind": "state",
        "documents": 2,
        "mentions": 4,
        "as_source": 1,
        "as_target": 2,
    }
    assert page["items"][1]["actor"] == "AFGGOV"
    assert (page["items"][1]["as_source"], page["items"][1]["as_target"]) == (2, 0)


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("q=taliban", ["AFGINSTAL"]),
        ("q=mil", ["INDMIL", "PAKMIL"]),
        ("q=%25_", []),
        ("size=2&page=2", ["AFGINSTAL", "IND"]),
    ],
)
def test_actors_filter_and_pages(client: TestClient, query: str, found: list[str]) -> None:
    assert [item["actor"] for item in get(client, f"/actors?{query}")["items"]] == found


BORDER_EVENTS = [("border-clash", "e1"), ("border-clash", "e2"), ("border-clash", "e3")]
AID_EVENTS = [("kabul-aid", "e1"), ("kabul-aid", "e2"), ("kabul-aid", "e3")]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("", AID_EVENTS + BORDER_EVENTS),  # newest document first, then in text order
        ("source=PAK", [("border-clash", "e1")]),  # a country matches the actor's country
        ("source=pakgov", [("border-clash", "e1")]),  # upper-cased
        ("source=IND", [("border-clash", "e2")]),
        ("source=AFGINS", [("kabul-aid", "e2")]),  # an actor-code prefix
        ("target=PAK", [("kabul-aid", "e1"), ("kabul-aid", "e3"), ("border-clash", "e2")]),
        ("source=AFG&target=PAKGOV", [("kabul-aid", "e1"), ("kabul-aid", "e3")]),
        ("source=ZZZ", []),  # well-formed and unknown: an empty page, not an error
        ("cameo=19", [("kabul-aid", "e2"), ("border-clash", "e2")]),
        ("cameo=0256", [("border-clash", "e3")]),
        ("quad=3", [("kabul-aid", "e3"), ("border-clash", "e1")]),
        ("modality=alleged", [("kabul-aid", "e2")]),
        ("modality=alleged,reported", [("kabul-aid", "e2"), ("border-clash", "e3")]),
        ("modality=all", AID_EVENTS + BORDER_EVENTS),
        # from/to: a day inside; a week, month or year sharing a day with the window; no undated
        ("from=2023-05-01&to=2023-05-01", BORDER_EVENTS),
        ("from=2023-05-02&to=2023-05-31", [("border-clash", "e2"), ("border-clash", "e3")]),
        ("from=2023-05-08", [("kabul-aid", "e1"), ("border-clash", "e3")]),
        ("to=2022-12-31", [("kabul-aid", "e2")]),
        ("from=2024-01-01", []),
        ("q=SHELLING", [("border-clash", "e1")]),
        ("q=%25_", []),
        ("q=%27%3B%20DROP%20TABLE%20events%3B%20--", []),
        (f"doc={AID_HASH}", AID_EVENTS),
        (f"doc={'0' * 64}", []),
        ("size=2&page=2", [("kabul-aid", "e3"), ("border-clash", "e1")]),
        ("size=2&page=4", []),
        # an empty value is no filter, as a page's blank form field sends it
        ("source=&target=&cameo=&quad=&modality=&from=&to=&q=&doc=", AID_EVENTS + BORDER_EVENTS),
    ],
)
def test_events_filters(client: TestClient, query: str, found: list[tuple[str, str]]) -> None:
    page = get(client, f"/events?{query}")
    assert ids(page) == found
    if "size" not in query:
        assert page["total"] == len(found)


def test_an_event_item(client: TestClient) -> None:
    item = get(client, "/events?source=IND")["items"][0]
    assert item == {
        "doc_hash": BORDER_HASH,
        "document_id": "border-clash",
        "title": "Pakistan accuses India over border shelling",
        "event": "e2",
        "cameo": "190",
        "cameo_label": "Use conventional military force",
        "plover": "ASSAULT",
        "plover_mode": None,
        "quad_class": 4,
        "goldstein": -10.0,
        "source": {"actor": "INDMIL", "country": "IND", "person": None, "text": "Indian troops", "span": [73, 86]},
        "target": {"actor": "PAKMIL", "country": "PAK", "person": None, "text": "Pakistani posts", "span": [96, 111]},
        "trigger": {"text": "fired", "span": [87, 92]},
        "sentence": 1,
        "evidence": BORDER_LINES[1],
        "modality": "asserted",
        "quote": None,
        "date": "2023-W18",
        "date_text": "that week",
        "date_precision": "week",
        "date_basis": "clause",
        "place": "Kotli",
        "place_country": "PAK",
        "place_lat": 33.5,
        "place_lon": 73.9,
        "confidence": 0.8,
        "coded_by": "rules",
        "sentence_span": [73, 73 + len(BORDER_LINES[1])],
    }
    start, end = item["sentence_span"]
    assert BORDER.text[start:end] == item["evidence"]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("", [("kabul-aid", "q1"), ("kabul-aid", "q2"), ("border-clash", "q1"), ("border-clash", "q2")]),
        ("speaker=qureshi", [("border-clash", "q1")]),  # the name
        ("speaker=western", [("border-clash", "q2")]),  # the words of an unnamed speaker
        ("actor=PAK", [("border-clash", "q1")]),
        ("actor=USAGOV", []),
        ("anonymous=true", [("kabul-aid", "q1"), ("kabul-aid", "q2"), ("border-clash", "q2")]),
        ("anonymous=false", [("border-clash", "q1")]),
        (f"doc={BORDER_HASH}", [("border-clash", "q1"), ("border-clash", "q2")]),
        ("speaker=%25_", []),
        ("speaker=%27%3B%20DROP%20TABLE%20events%3B%20--", []),
        ("size=1&page=3", [("border-clash", "q1")]),
        ("anonymous=0", [("border-clash", "q1")]),
        (
            "speaker=&actor=&anonymous=&doc=",
            [("kabul-aid", "q1"), ("kabul-aid", "q2"), ("border-clash", "q1"), ("border-clash", "q2")],
        ),
    ],
)
def test_quotes_filters(client: TestClient, query: str, found: list[tuple[str, str]]) -> None:
    assert ids(get(client, f"/quotes?{query}"), "quote") == found


def test_a_quote_item(client: TestClient) -> None:
    item = get(client, "/quotes?speaker=Shah")["items"][0]
    assert item["content"] == "We will not accept these attacks,"
    assert item["cue"] == {"text": "said", "span": list(BORDER.span("said", 2)), "type": "speech"}
    assert item["speaker"] == {
        "text": "Shah Mahmood Qureshi, the foreign minister",
        "span": list(BORDER.span("Shah Mahmood Qureshi, the foreign minister", 2)),
        "name": "Shah Mahmood Qureshi",
        "person": "p1",
        "actor": "PAKGOV",
        "anonymous": False,
        "description": "the foreign minister",
    }
    assert (item["sentence"], item["about"]) == (2, [])
    assert BORDER.text[slice(*item["sentence_span"])] == BORDER_LINES[2]


def test_the_injection_attempts_left_the_store_intact(client: TestClient, db: Path) -> None:
    for url in ("/events?q='; DROP TABLE events; --", "/documents?q=x'); DELETE FROM events; --"):
        assert client.get(url).status_code == 200
    assert get(client, "/health")["events"] == 6


# --- analysis --------------------------------------------------------------------------------


def test_dyads_are_the_library_s(client: TestClient, db: Path) -> None:
    found = get(client, "/dyads?by=month")
    assert found == dyads(db, by="month").to_json()
    assert [(r["period"], r["source"], r["target"], r["events"], r["q3"]) for r in found["rows"]] == [
        ("2023-05", "IND", "PAK", 1, 0),  # 2023-W18: its Thursday is 4 May
        ("2023-05", "PAK", "IND", 1, 1),
        ("2023-06", "AFG", "PAK", 1, 0),
    ]
    assert found["summary"]["other_modality"] == 2  # the alleged and the reported events
    assert found["summary"]["undated"] == 1


def test_dyads_options(client: TestClient, db: Path) -> None:
    url = "/dyads?by=week&level=actor&modality=all&source=IND&from=2023-05-01&to=2023-05-07"
    found = get(client, url)
    assert found == dyads(db, "week", "IND", None, "actor", None, "2023-05-01", "2023-05-07").to_json()
    assert [(r["period"], r["source"], r["target"]) for r in found["rows"]] == [("2023-W18", "INDMIL", "PAKMIL")]
    assert found["from"] == "2023-05-01"
    assert get(client, "/dyads?by=&level=&modality=") == get(client, "/dyads?by=month&level=country")


def test_network_is_the_library_s(client: TestClient, db: Path) -> None:
    found = get(client, "/network")
    assert found == network(db).to_json()
    assert found["edges"] == [
        {"source": "AFG", "target": "PAK", "count": 2, "goldstein_mean": 0.7, "sign": "cooperation"},
        {"source": "IND", "target": "PAK", "count": 1, "goldstein_mean": -10.0, "sign": "conflict"},
        {"source": "PAK", "target": "IND", "count": 1, "goldstein_mean": -2.0, "sign": "conflict"},
    ]
    windowed = get(client, "/network?from=2023-06-01&to=2023-06-30&level=actor&modality=asserted")
    assert [(e["source"], e["target"]) for e in windowed["edges"]] == [("AFGGOV", "PAKGOV")]


# --- events with one side ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def kadugli_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Kadugli story (support.py): e1 names no target, e2 no source, e3 both."""
    path = tmp_path_factory.mktemp("one-sided") / "kadugli.duckdb"
    with Store(path) as store:
        store.load([one_sided_analysis()], model="hand-made")
    return path


@pytest.fixture(scope="module")
def kadugli(kadugli_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(kadugli_db)) as test_client:
        yield test_client


def test_events_with_one_side_are_listed_with_that_side_null(kadugli: TestClient) -> None:
    page = get(kadugli, "/events")
    assert [(item["event"], item["source"] is None, item["target"] is None) for item in page["items"]] == [
        ("e1", False, True),
        ("e2", True, False),
        ("e3", False, False),
    ]
    deaths = page["items"][1]
    assert deaths["target"] == {
        "actor": "SDNMIL", "country": "SDN", "person": None, "text": "Three Sudanese soldiers", "span": [62, 85],
    }  # fmt: skip
    assert (deaths["cameo"], deaths["trigger"], deaths["sentence_span"]) == (
        "1823", {"text": "killed", "span": [91, 97]}, [62, 125],
    )  # fmt: skip


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("source=SDN", ["e1", "e3"]),  # the deaths name no source
        ("target=SDN", ["e2"]),  # the offensive names no target
        ("source=SDNMIL&target=SDNMIL", []),
        ("target=TCD", ["e3"]),
    ],
)
def test_a_filter_on_the_missing_side_never_matches(kadugli: TestClient, query: str, found: list[str]) -> None:
    page = get(kadugli, f"/events?{query}")
    assert [item["event"] for item in page["items"]] == found
    assert page["total"] == len(found)


def test_the_document_of_events_with_one_side_is_its_contract(kadugli: TestClient) -> None:
    found = get(kadugli, f"/documents/{ONE_SIDED_HASH}")
    assert found == to_json(one_sided_analysis())
    assert (found["events"][0]["target"], found["events"][1]["source"]) == (None, None)


def test_actors_count_an_event_with_one_side_on_the_side_it_has(kadugli: TestClient) -> None:
    counts = {item["actor"]: (item["as_source"], item["as_target"]) for item in get(kadugli, "/actors")["items"]}
    assert counts == {"SDNMIL": (1, 1), "SDNGOV": (1, 0), "TCD": (0, 1)}


def test_dyads_and_network_count_events_with_one_side(kadugli: TestClient, kadugli_db: Path) -> None:
    series = get(kadugli, "/dyads?by=day")
    assert series == dyads(kadugli_db, by="day").to_json()
    assert [(r["period"], r["source"], r["target"], r["events"]) for r in series["rows"]] == [
        ("2023-05-02", "SDN", "TCD", 1)
    ]
    assert (series["summary"]["counted"], series["summary"]["one_sided"]) == (1, 2)
    graph = get(kadugli, "/network?level=actor")
    assert graph == network(kadugli_db, level="actor").to_json()
    assert [(e["source"], e["target"]) for e in graph["edges"]] == [("SDNGOV", "TCD")]
    assert [node["code"] for node in graph["nodes"]] == ["SDNGOV", "TCD"]
    assert graph["summary"]["one_sided"] == 2
    assert get(kadugli, "/dyads?target=SDN")["summary"] == {
        "counted": 0, "other_modality": 0, "one_sided": 1, "no_dyad": 0, "undated": 0, "unreadable": 0,
        "too_coarse": 0, "straddling": 0,
    }  # fmt: skip


def test_the_summary_has_no_one_sided_key_without_such_events(client: TestClient) -> None:
    assert "one_sided" not in get(client, "/dyads?source=IND")["summary"]
    assert "one_sided" not in get(client, "/network?source=IND")["summary"]


# --- errors ----------------------------------------------------------------------------------

BAD_REQUESTS = [
    ("GET", "/events?from=2024-13-01", 422, "from"),
    ("GET", "/events?from=yesterday", 422, "from"),
    ("GET", "/events?to=2023-02-30", 422, "to"),
    ("GET", "/events?from=2023-06-01&to=2023-05-01", 422, "from"),
    ("GET", "/events?source=P", 422, "source"),
    ("GET", "/events?source=PAK%27--", 422, "source"),
    ("GET", "/events?target=" + "A" * 16, 422, "target"),
    ("GET", "/events?cameo=abc", 422, "cameo"),
    ("GET", "/events?quad=5", 422, "quad"),
    ("GET", "/events?quad=x", 422, "quad"),
    ("GET", "/events?modality=rumoured", 422, "modality"),
    ("GET", "/events?doc=xyz", 422, "doc"),
    ("GET", "/events?size=10000", 422, "size"),
    ("GET", "/events?size=0", 422, "size"),
    ("GET", "/events?page=0", 422, "page"),
    ("GET", "/events?page=-1", 422, "page"),
    ("GET", "/events?page=99999999999999999999999", 422, "page"),
    ("GET", "/events?q=" + "x" * 201, 422, "q"),
    ("GET", "/events?modalty=alleged", 422, "modalty"),  # a misspelt filter
    ("GET", "/documents?size=201", 422, "size"),
    ("GET", "/actors?page=abc", 422, "page"),
    ("GET", "/quotes?anonymous=perhaps", 422, "anonymous"),
    ("GET", "/quotes?actor=%25", 422, "actor"),
    ("GET", "/dyads?by=year", 422, "by"),
    ("GET", "/dyads?level=region", 422, "level"),
    ("GET", "/dyads?from=2023-5-1", 422, "from"),
    ("GET", "/network?modality=asserted,rumoured", 422, "modality"),
    ("GET", "/network?from=2023-06-02&to=2023-06-01", 422, "from"),
    ("GET", "/documents/not-a-hash", 422, "hash"),
    ("GET", "/documents/" + "g" * 64, 422, "hash"),
    ("GET", "/documents/" + "0" * 64, 404, "hash"),
    ("GET", "/nowhere", 404, None),
    ("GET", "/static/../store.py", 404, None),
    ("GET", "/static/no-such-file.js", 404, None),
    ("DELETE", "/events", 405, None),
    ("POST", "/analyze", 403, None),
]


@pytest.mark.parametrize(("method", "url", "status", "parameter"), BAD_REQUESTS)
def test_every_error_has_one_shape(
    client: TestClient, method: str, url: str, status: int, parameter: str | None
) -> None:
    response = client.request(method, url)
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"status", "code", "message", "parameter"}
    assert error["status"] == status
    assert (
        error["code"]
        == {
            422: "bad_parameter",
            404: "not_found",
            405: "method_not_allowed",
            403: "analyze_disabled",
        }[status]
    )
    assert error["parameter"] == parameter
    assert error["message"] and (parameter is None or error["message"].startswith(f"{parameter}: "))


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/events?from=2024-13-01", "from: '2024-13-01' is not a date; expected YYYY-MM-DD"),
        (
            "/events?from=2023-06-01&to=2023-05-01",
            "from: 2023-06-01 is after to 2023-05-01; the window would hold no day",
        ),
        (
            "/events?modality=rumoured",
            "modality: 'rumoured' is not a modality; expected alleged, asserted, future, hypothetical, negated, "
            "reported, a comma-separated list of them, or all",
        ),
        ("/events?size=10000", "size: Input should be less than or equal to 200 (got '10000')"),
        (f"/documents/{'0' * 64}", f"hash: no document {'0' * 64} in the store"),
    ],
)  # fmt: skip
def test_error_messages_say_what_would_be_valid(client: TestClient, url: str, message: str) -> None:
    assert client.get(url).json()["error"]["message"] == message


PARAMETERS = {
    "/documents": ["q", "page", "size"],
    "/actors": ["q", "page", "size"],
    "/events": ["source", "target", "cameo", "quad", "modality", "from", "to", "q", "doc", "page", "size"],
    "/quotes": ["speaker", "actor", "anonymous", "doc", "page", "size"],
    "/dyads": ["by", "source", "target", "level", "modality", "from", "to"],
    "/network": ["from", "to", "level", "modality", "source", "target"],
}
ENDPOINT_PARAMETERS = [(path, name) for path, names in PARAMETERS.items() for name in names]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    where=st.sampled_from(ENDPOINT_PARAMETERS),
    value=st.one_of(
        st.text(max_size=40),
        st.sampled_from(["%", "_", "\\", "'", '"', ";--", "\x00", "2023-02-29", "9999-12-31", "0000-01-01", "-1"]),
        st.from_regex(r"[0-9]{1,30}", fullmatch=True),
    ),
)
def test_no_value_makes_a_500(client: TestClient, where: tuple[str, str], value: str) -> None:
    path, name = where
    response = client.get(path, params={name: value})
    assert response.status_code in (200, 422), response.text
    if response.status_code == 422:
        assert response.json()["error"]["parameter"] == name


@given(key=st.text(max_size=70))
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_no_document_path_makes_a_500(client: TestClient, key: str) -> None:
    response = client.get("/documents/" + quote(key, safe=""))
    assert response.status_code in (200, 404, 422), response.text


def test_openapi_documents_every_endpoint_and_the_error_model(client: TestClient) -> None:
    spec = get(client, "/openapi.json")
    assert set(spec["paths"]) == {
        "/health",
        "/documents",
        "/documents/{hash}",
        "/actors",
        "/events",
        "/quotes",
        "/dyads",
        "/network",
        "/analyze",
    }
    assert "ErrorResponse" in spec["components"]["schemas"]
    assert "HTTPValidationError" not in spec["components"]["schemas"]  # replaced by the one error shape
    events = spec["paths"]["/events"]["get"]
    assert events["responses"]["422"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorResponse"
    }
    assert {p["name"] for p in events["parameters"]} >= {"source", "target", "from", "to", "modality", "page", "size"}
    body = spec["paths"]["/analyze"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body["required"] == ["text"]


def test_no_cors(client: TestClient) -> None:
    response = client.get("/health", headers={"Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in response.headers


def test_the_page_is_served(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")


def test_a_missing_or_foreign_store_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such store"):
        create_app(tmp_path / "missing.duckdb")
    import duckdb

    foreign = tmp_path / "other.duckdb"
    duckdb.connect(str(foreign)).execute("CREATE TABLE t (a INTEGER)").close()
    with pytest.raises(StoreError, match="not a thucydides store"):
        create_app(foreign)


# --- POST /analyze ---------------------------------------------------------------------------


class FakePipeline:
    """Stands in for the model: gives the border report whatever the text, and records calls."""

    built = 0

    def __init__(self) -> None:
        FakePipeline.built += 1
        self.calls: list[tuple[str, Any, Any]] = []

    def analyze_text(self, text: str, *, doc_id: str, published: Any, title: str | None) -> Analysis:
        if text.strip() == "Download the app":
            raise InputError(doc_id, "nothing is left after cleaning")
        self.calls.append((text, published, title))
        return border_analysis()


@pytest.fixture
def analyzer(db: Path) -> Iterator[TestClient]:
    FakePipeline.built = 0
    with TestClient(create_app(db, allow_analyze=True, pipeline_factory=FakePipeline)) as test_client:
        yield test_client


def test_analyze_gives_the_json_contract(analyzer: TestClient) -> None:
    assert FakePipeline.built == 0  # loaded lazily
    response = analyzer.post("/analyze", json={"text": BORDER.text, "title": "Border", "published": "2023-05-03"})
    assert response.status_code == 200, response.text
    assert response.json() == json.loads(json.dumps(to_json(border_analysis())))
    assert analyzer.post("/analyze", json={"text": "Again."}).status_code == 200
    assert FakePipeline.built == 1  # and once
    assert get(analyzer, "/health")["documents"] == 2  # never stored


@pytest.mark.parametrize(
    ("body", "parameter"),
    [
        (b"{not json", "body"),
        (b"[1, 2]", "body"),
        (b"{}", "text"),
        (b'{"text": ""}', "text"),
        (b'{"text": "   "}', "text"),
        (b'{"text": 42}', "text"),
        (b'{"text": "x", "published": "2023-02-30"}', "published"),
        (b'{"text": "x", "published": 20230201}', "published"),
        (b'{"text": "x", "title": ["a"]}', "title"),
        (b'{"text": "x", "titel": "a"}', "titel"),
        (b'{"text": "Download the app"}', "text"),  # nothing left after cleaning
        (b"\xff\xfe", "body"),
    ],
)
def test_analyze_bad_bodies(analyzer: TestClient, body: bytes, parameter: str) -> None:
    response = analyzer.post("/analyze", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "bad_parameter"
    assert response.json()["error"]["parameter"] == parameter


def test_analyze_refuses_large_bodies(analyzer: TestClient) -> None:
    large = json.dumps({"text": "x" * 210_000}).encode()
    response = analyzer.post("/analyze", content=large, headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"

    def chunks() -> Iterator[bytes]:  # no Content-Length: the body itself is measured
        for _ in range(30):
            yield b"x" * 10_000

    response = analyzer.post("/analyze", content=chunks(), headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.json()["error"] == {
        "status": 413,
        "code": "too_large",
        "message": "the body is over 204800 bytes; at most 204800 are accepted",
        "parameter": None,
    }
    assert FakePipeline.built == 0


def test_analyze_without_a_model_is_the_server_s_fault(db: Path) -> None:
    from thucydides.errors import ModelNotFound

    def no_model() -> Any:
        raise ModelNotFound("no spaCy pipeline 'en_core_web_xx'; installed: en_core_web_sm")

    with TestClient(create_app(db, allow_analyze=True, pipeline_factory=no_model)) as test_client:
        response = test_client.post("/analyze", json={"text": "Pakistan praised India."})
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "internal"
    assert "en_core_web_xx" in response.json()["error"]["message"]


# --- concurrency -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_fifty_clients_at_once(db: Path) -> None:
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.started
        base = f"http://127.0.0.1:{port}"
        urls = ["/events?source=PAK", "/network?modality=all", "/events?from=2023-05-01&to=2023-05-31", "/dyads"]

        def hit(number: int) -> tuple[int, int, Any]:
            with httpx.Client(base_url=base, timeout=30) as http:
                first = http.get(urls[number % len(urls)])
                second = http.get(urls[(number + 1) % len(urls)])
                return first.status_code, second.status_code, first.json()

        with ThreadPoolExecutor(max_workers=50) as pool:
            answers = list(pool.map(hit, range(50)))
        assert all(a == 200 and b == 200 for a, b, _ in answers)
        assert {len(body["items"]) for a, b, body in answers[::4]} == {1}  # /events?source=PAK
    finally:
        server.should_exit = True
        thread.join(timeout=10)


# --- the command -----------------------------------------------------------------------------


def serve(*args: str) -> Result:
    return make_runner().invoke(cli.app, ["serve", *args])


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "localhost"])
def test_no_warning_on_loopback(host: str) -> None:
    assert bind_warning(host) is None


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.10", "myhost.example"])
def test_a_warning_elsewhere(host: str) -> None:
    warning = bind_warning(host)
    assert warning is not None and host in warning and "no authentication" in warning


def test_serve_warns_when_bound_elsewhere(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    started: list[tuple[str, int]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, host, port, **_: started.append((host, port)))
    result = serve("--db", str(db), "--host", "0.0.0.0", "--port", "8799")
    assert result.exit_code == 0, result.stderr
    assert started == [("0.0.0.0", 8799)]
    assert "warning: serving on 0.0.0.0, not 127.0.0.1" in " ".join(result.stderr.split())
    quiet = serve("--db", str(db))
    assert started[-1] == ("127.0.0.1", 8750)
    assert "warning" not in quiet.stderr


def test_serve_a_missing_store(tmp_path: Path) -> None:
    result = serve("--db", str(tmp_path / "missing.duckdb"))
    assert result.exit_code == 2
    assert "error:" in result.stderr and "missing.duckdb: no such store" in " ".join(result.stderr.split())
