"""Actors without a country (``---`` and a role: ``---MIL``, ``---CVL``, ``---MILELI``) through
everything downstream of the actors stage: the store, the exports, the analysis, the web API
and page, the figures and the report.

One story written for these tests is added to the export tests' store (``export_test_store``):
soldiers of no named country fire on villagers, Pakistani officials condemn them, retired
generals meet Indian envoys, refugees appeal to Pakistani officials (a ``---REF`` party with no
record in the actors table) and a minister of no named country speaks (a person coded
``---GOV``).
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import duckdb
import pytest
from click.testing import Result
from fastapi.testclient import TestClient
from rich.console import Console
from support import make_runner
from test_exports import event, export_test_store, party, read_gdelt, read_jsonl, sentences, sha, span
from test_web_api import get

from thucydides import Actor, Analysis, Document, EventParty, Mention, Person, Quote, Speaker, Store, cli, to_json
from thucydides.actors.lexicon import actor_label
from thucydides.dyads import DyadRow, Edge, Node, Summary, dyads, network
from thucydides.errors import ConfigError
from thucydides.exports import export_store, global_event_id
from thucydides.report import render_report
from thucydides.web import create_app

RAID = (
    "Soldiers fired on villagers near the border on Monday. "
    "Pakistani officials condemned the soldiers on Tuesday. "
    "Retired generals met Indian envoys on Tuesday. "
    "Refugees appealed to Pakistani officials for shelter. "
    "A minister, Tariq Khan, said the army would withdraw."
)
RAID_HASH = sha(RAID)
MILITARY = "unknown country (military)"


def mention(words: str, kind: str, actor: str | None, person: str | None = None, nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = RAID.index(words, start + 1)
    sentence = next(s.index for s in sentences(RAID) if s.start <= start < s.end)
    return Mention(start, start + len(words), words, sentence, kind, actor, person)


def raid_analysis() -> Analysis:
    text = RAID
    soldiers, officials = span(text, "Soldiers"), span(text, "Pakistani officials")
    the_soldiers = span(text, "the soldiers")
    second = text.index("Pakistani officials", officials[1])  # the refugees' appeal
    officials_again = (second, second + len("Pakistani officials"))
    events = (
        event(
            text,
            number=1,
            trigger="fired",
            sentence=0,
            cameo="190",
            cameo_label="Use conventional military force",
            plover="ASSAULT",
            quad_class=4,
            goldstein=-10.0,
            source=party(text, "Soldiers", "---MIL", None),
            target=party(text, "villagers", "---CVL", None),
            date="2023-05-01",
            date_precision="day",
        ),
        event(
            text,
            number=2,
            trigger="condemned",
            sentence=1,
            cameo="111",
            cameo_label="Criticize or denounce",
            plover="ACCUSE",
            quad_class=3,
            goldstein=-2.0,
            source=party(text, "Pakistani officials", "PAKGOV", "PAK"),
            target=party(text, "the soldiers", "---MIL", None),
            date="2023-05-02",
            date_precision="day",
        ),
        event(
            text,
            number=3,
            trigger="met",
            sentence=2,
            cameo="040",
            cameo_label="Consult",
            plover="CONSULT",
            goldstein=1.0,
            source=party(text, "Retired generals", "---MILELI", None),
            target=party(text, "Indian envoys", "INDGOV", "IND"),
            date="2023-05-02",
            date_precision="day",
        ),
        event(
            text,
            number=4,
            trigger="appealed",
            sentence=3,
            cameo="020",
            cameo_label="Make an appeal or request",
            plover="REQUEST",
            goldstein=3.0,
            source=party(text, "Refugees", "---REF", None),  # no ---REF in the actors table
            target=EventParty("PAKGOV", "PAK", "Pakistani officials", officials_again),
        ),
    )
    actors = (
        Actor("---MIL", MILITARY, None, ("MIL",), "state", (soldiers, the_soldiers)),
        Actor("---CVL", "unknown country (civilians)", None, ("CVL",), "other", (span(text, "villagers"),)),
        Actor(
            "---MILELI",
            "unknown country (military, elites)",
            None,
            ("MIL", "ELI"),
            "state",
            (span(text, "Retired generals"),),
        ),
        Actor("PAKGOV", "Pakistan (government)", "PAK", ("GOV",), "state", (officials, officials_again)),
        Actor("INDGOV", "India (government)", "IND", ("GOV",), "state", (span(text, "Indian envoys"),)),
        Actor("---GOV", "unknown country (government)", None, ("GOV",), "state", (span(text, "A minister"),)),
    )
    mentions = (
        mention("Soldiers", "sector", "---MIL"),
        mention("villagers", "sector", "---CVL"),
        mention("Pakistani officials", "sector", "PAKGOV"),
        mention("the soldiers", "sector", "---MIL"),
        mention("Retired generals", "sector", "---MILELI"),
        mention("Indian envoys", "sector", "INDGOV"),
        mention("Pakistani officials", "sector", "PAKGOV", nth=1),
        mention("Tariq Khan", "person", "---GOV", "p1"),
    )
    khan = span(text, "Tariq Khan")
    people = (Person("p1", "Tariq Khan", "a minister", None, None, "---GOV", "text", (khan,)),)
    speaker = Speaker(
        "A minister, Tariq Khan",
        span(text, "A minister, Tariq Khan"),
        "Tariq Khan",
        "p1",
        "---GOV",
        False,
        "a minister",
    )
    quotes = (
        Quote(
            "q1",
            "indirect",
            "the army would withdraw",
            (span(text, "the army would withdraw"),),
            "said",
            span(text, "said"),
            speaker,
            4,
            "speech",
        ),
    )
    document = Document(
        id="village-raid",
        hash=RAID_HASH,
        text=text,
        published=dt.date(2023, 5, 3),
        url="https://news.example.org/2023/05/village-raid",
        source="Frontier Ledger",
    )
    return Analysis(document, sentences(text), mentions, actors, people, quotes=quotes, events=events)


def raid_store(folder: Path) -> Path:
    """The export tests' two stories and the raid, in one store."""
    path = export_test_store(folder)
    with Store(path) as store:
        store.load([raid_analysis()], model="hand-made")
    return path


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return raid_store(tmp_path_factory.mktemp("unknown-country"))


# --- the name ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("---MIL", MILITARY),
        ("---CVL", "unknown country (civilians)"),
        ("---MILELI", "unknown country (military, elites)"),
        ("---GOVLEG", "unknown country (government, legislature)"),
        ("PAK", "Pakistan"),
        ("PAKGOV", "Pakistan (government)"),
        ("AFGINSTAL", "Taliban"),
        ("IGOUNO", "United Nations"),
        ("IGO", "intergovernmental organisation"),
        ("ZZZQQ", "ZZZQQ"),
    ],
)
def test_actor_label(code: str, name: str) -> None:
    assert actor_label(code) == name


def test_the_events_stage_gives_a_dashed_code_no_country() -> None:
    from thucydides.events.coder import Coder as _Coder

    # with or without the actor record, never "---"; a country code keeps its country
    assert _Coder._country(SimpleNamespace(countries={}), "---MIL") is None  # type: ignore[arg-type]
    assert _Coder._country(SimpleNamespace(countries={"---MIL": None}), "---MIL") is None  # type: ignore[arg-type]
    assert _Coder._country(SimpleNamespace(countries={}), "PAKGOV") == "PAK"  # type: ignore[arg-type]


# --- the JSON contract and the store --------------------------------------------------------


def test_the_contract_keeps_the_code_with_no_country() -> None:
    record = to_json(raid_analysis())
    assert record["actors"][0] == {
        "id": "---MIL",
        "name": MILITARY,
        "country": None,
        "sectors": ["MIL"],
        "kind": "state",
        "mentions": [list(span(RAID, "Soldiers")), list(span(RAID, "the soldiers"))],
    }
    assert record["events"][0]["source"] == {
        "actor": "---MIL",
        "country": None,
        "person": None,
        "text": "Soldiers",
        "span": list(span(RAID, "Soldiers")),
    }
    assert (record["people"][0]["actor"], record["people"][0]["country"]) == ("---GOV", None)
    assert record["quotes"][0]["speaker"]["actor"] == "---GOV"


def test_the_store_keeps_the_codes_as_they_are(db: Path) -> None:
    connection = duckdb.connect(str(db), read_only=True)
    try:
        parties = connection.execute(
            "SELECT event, source_actor, source_country, target_actor, target_country FROM events "
            "WHERE doc_hash = ? ORDER BY event",
            [RAID_HASH],
        ).fetchall()
        assert parties == [
            ("e1", "---MIL", None, "---CVL", None),
            ("e2", "PAKGOV", "PAK", "---MIL", None),
            ("e3", "---MILELI", None, "INDGOV", "IND"),
            ("e4", "---REF", None, "PAKGOV", "PAK"),
        ]
        # a query by country prefix never reaches a dashed code
        by_prefix = connection.execute(
            "SELECT DISTINCT source_actor FROM events WHERE source_country LIKE 'PAK%' ORDER BY 1"
        ).fetchall()
        assert by_prefix == [("PAKGOV",)]
        assert connection.execute("SELECT count(*) FROM events WHERE source_country = '---'").fetchone() == (0,)
        no_country = connection.execute(
            "SELECT actor, name, country, sectors FROM actors WHERE country IS NULL AND doc_hash = ? ORDER BY actor",
            [RAID_HASH],
        ).fetchall()
        assert no_country == [
            ("---CVL", "unknown country (civilians)", None, ["CVL"]),
            ("---GOV", "unknown country (government)", None, ["GOV"]),
            ("---MIL", MILITARY, None, ["MIL"]),
            ("---MILELI", "unknown country (military, elites)", None, ["MIL", "ELI"]),
        ]
        assert connection.execute(
            "SELECT person, actor, country FROM people WHERE doc_hash = ?", [RAID_HASH]
        ).fetchall() == [("p1", "---GOV", None)]
        assert connection.execute(
            "SELECT text, actor FROM mentions WHERE doc_hash = ? AND starts_with(actor, '---') ORDER BY start",
            [RAID_HASH],
        ).fetchall() == [
            ("Soldiers", "---MIL"),
            ("villagers", "---CVL"),
            ("the soldiers", "---MIL"),
            ("Retired generals", "---MILELI"),
            ("Tariq Khan", "---GOV"),
        ]
    finally:
        connection.close()


# --- the exports ---------------------------------------------------------------------------

ACTOR_COLUMNS = tuple(
    f"Actor{n}{column}"
    for n in (1, 2)
    for column in ("Code", "Name", "CountryCode", "Type1Code", "Type2Code", "Type3Code")
)


def test_gdelt_writes_roles_without_a_country(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.tsv"
    export_store(db, "gdelt", out)
    rows = {row["GLOBALEVENTID"]: row for row in read_gdelt(out)}
    actors = {
        event: tuple(rows[str(global_event_id(RAID_HASH, event))][column] for column in ACTOR_COLUMNS)
        for event in ("e1", "e2", "e3", "e4")
    }
    assert actors == {
        # GDELT writes a country-less actor by its roles: MIL, CVL; no country code
        "e1": ("MIL", "Soldiers", "", "MIL", "", "", "CVL", "villagers", "", "CVL", "", ""),
        "e2": ("PAKGOV", "Pakistani officials", "PAK", "GOV", "", "", "MIL", "the soldiers", "", "MIL", "", ""),
        "e3": ("MILELI", "Retired generals", "", "MIL", "ELI", "", "INDGOV", "Indian envoys", "IND", "GOV", "", ""),
        # no actors record for ---REF: its role is read off the code
        "e4": ("REF", "Refugees", "", "REF", "", "", "PAKGOV", "Pakistani officials", "PAK", "GOV", "", ""),
    }
    assert rows[str(global_event_id(RAID_HASH, "e1"))]["EventCode"] == "190"


def test_plover_gives_no_country_and_keeps_the_sector(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    export_store(db, "plover", out)
    records = {record["id"]: record for record in read_jsonl(out)}
    fired = records[f"{RAID_HASH[:12]}-e1"]
    assert (fired["source"], fired["target"]) == (
        [{"actorText": "Soldiers", "code": None, "sector": "MIL"}],
        [{"actorText": "villagers", "code": None, "sector": "CVL"}],
    )
    assert (fired["thucydides"]["source_actor"], fired["thucydides"]["target_actor"]) == ("---MIL", "---CVL")
    assert records[f"{RAID_HASH[:12]}-e2"]["target"] == [{"actorText": "the soldiers", "code": None, "sector": "MIL"}]
    assert records[f"{RAID_HASH[:12]}-e3"]["source"] == [
        {"actorText": "Retired generals", "code": None, "sector": "MIL"}
    ]
    assert records[f"{RAID_HASH[:12]}-e4"]["source"] == [{"actorText": "Refugees", "code": None, "sector": "REF"}]


def test_jsonl_keeps_the_codes_as_stored(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    export_store(db, "jsonl", out)
    fired = next(r for r in read_jsonl(out) if r["doc_hash"] == RAID_HASH and r["event"] == "e1")
    assert (fired["source_actor"], fired["source_country"], fired["target_actor"], fired["target_country"]) == (
        "---MIL",
        None,
        "---CVL",
        None,
    )


# --- the analysis --------------------------------------------------------------------------


def test_actor_network_has_the_dashed_codes_as_nodes_with_their_names(db: Path) -> None:
    graph = network(db, level="actor")
    assert graph.edges == (
        Edge("---MIL", "---CVL", 1, -10.0, "conflict"),
        Edge("---MILELI", "INDGOV", 1, 1.0, "cooperation"),
        Edge("---REF", "PAKGOV", 1, 3.0, "cooperation"),
        Edge("PAKGOV", "---MIL", 1, -2.0, "conflict"),
        Edge("PAKGOV", "IND", 1, -0.3, "conflict"),
    )
    assert graph.nodes == (
        Node("---CVL", 0, 1),
        Node("---MIL", 1, 1),
        Node("---MILELI", 1, 0),
        Node("---REF", 1, 0),
        Node("IND", 0, 1),
        Node("INDGOV", 0, 1),
        Node("PAKGOV", 2, 1),
    )
    assert graph.to_json()["labels"] == {
        "---CVL": "unknown country (civilians)",
        "---MIL": MILITARY,
        "---MILELI": "unknown country (military, elites)",
        "---REF": "unknown country (refugees)",
        "IND": "India",
        "INDGOV": "India (government)",
        "PAKGOV": "Pakistan (government)",
    }
    assert graph.label("---MIL") == MILITARY


def test_at_country_level_a_dashed_code_has_no_country_and_no_dyad(db: Path) -> None:
    graph = network(db)
    assert graph.edges == (Edge("PAK", "IND", 1, -0.3, "conflict"),)
    assert graph.nodes == (Node("IND", 0, 1), Node("PAK", 1, 0))
    # the raid's four events have a side without a country; four of the other stories' events name
    # no target, so have one side only
    assert graph.summary == Summary(counted=1, other_modality=1, one_sided=4, no_dyad=4)
    table = dyads(db, by="day")
    assert [(row.source, row.target) for row in table.rows] == [("PAK", "IND")]
    assert table.summary == Summary(counted=1, other_modality=1, one_sided=4, no_dyad=4)


def test_a_country_filter_never_matches_a_dashed_code(db: Path) -> None:
    from_pakistan = network(db, level="actor", source="PAK")
    assert [(e.source, e.target) for e in from_pakistan.edges] == [("PAKGOV", "---MIL"), ("PAKGOV", "IND")]
    assert network(db, level="actor", source="MIL").edges == ()  # the role alone is not the code
    to_the_military = network(db, level="actor", target="---MIL")
    assert [(e.source, e.target) for e in to_the_military.edges] == [("PAKGOV", "---MIL")]


def test_dyads_of_a_dashed_code(db: Path) -> None:
    table = dyads(db, by="day", level="actor", source="---mil")
    assert table.source == "---MIL"
    assert table.rows == (
        DyadRow("2023-05-01", "---MIL", "---CVL", 1, 0, 0, 0, 1, -10.0, -10.0),
        DyadRow("2023-05-02", "---MILELI", "INDGOV", 1, 1, 0, 0, 0, 1.0, 1.0),
    )
    with pytest.raises(ConfigError, match="is not a code"):
        dyads(db, source="---")
    with pytest.raises(ConfigError, match="is not a code"):
        dyads(db, source="--MIL")


def test_the_dyads_command_takes_a_dashed_code(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result: Result = make_runner().invoke(
        cli.app, ["dyads", "--db", str(db), "--by", "day", "--level", "actor", "--source=---MIL", "--format", "csv"]
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1:] == [
        "2023-05-01,---MIL,---CVL,1,0,0,0,1,-10.0,-10.0",
        "2023-05-02,---MILELI,INDGOV,1,1,0,0,0,1.0,1.0",
    ]


# --- the web API and the page ----------------------------------------------------------------


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db)) as test_client:
        yield test_client


def test_the_network_answer_names_the_nodes(client: TestClient, db: Path) -> None:
    found = get(client, "/network?level=actor")
    assert found == network(db, level="actor").to_json()
    assert found["labels"]["---MIL"] == MILITARY
    assert {"code": "---MIL", "as_source": 1, "as_target": 1} in found["nodes"]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("source=---MIL", ["e1", "e3"]),  # a prefix: ---MILELI too
        ("source=---mil", ["e1", "e3"]),  # upper-cased
        ("source=MIL", []),  # the role alone matches nothing
        ("target=---MIL", ["e2"]),
        ("source=PAK", ["e2"]),  # a country never matches a dashed code
        ("target=PAK", ["e4"]),
    ],
)
def test_events_filtered_by_a_dashed_code(client: TestClient, query: str, found: list[str]) -> None:
    page = get(client, f"/events?doc={RAID_HASH}&{query}")
    assert [item["event"] for item in page["items"]] == found


def test_an_event_party_without_a_country(client: TestClient) -> None:
    item = get(client, f"/events?doc={RAID_HASH}&source=---MIL")["items"][0]
    assert item["source"] == {
        "actor": "---MIL",
        "country": None,
        "person": None,
        "text": "Soldiers",
        "span": list(span(RAID, "Soldiers")),
    }


def test_actors_and_quotes_of_a_dashed_code(client: TestClient) -> None:
    actors = get(client, "/actors?q=---")["items"]
    assert [(a["actor"], a["name"], a["country"]) for a in actors] == [
        ("---MIL", MILITARY, None),
        ("---CVL", "unknown country (civilians)", None),
        ("---GOV", "unknown country (government)", None),
        ("---MILELI", "unknown country (military, elites)", None),
    ]
    quotes = get(client, "/quotes?actor=---GOV")["items"]
    assert [(q["quote"], q["speaker"]["actor"]) for q in quotes] == [("q1", "---GOV")]


@pytest.mark.parametrize("value", ["---", "--MIL", "----MIL", "---MIL%"])
def test_a_malformed_dashed_code_is_refused(client: TestClient, value: str) -> None:
    response = client.get("/events", params={"source": value})
    assert response.status_code == 422
    assert response.json()["error"]["parameter"] == "source"


def test_the_page_shows_a_dashed_code_by_its_name() -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node (JavaScript) is not installed")
    script = (Path(__file__).parent.parent / "thucydides" / "web" / "static" / "app.js").read_text("utf-8")
    functions = [_function(script, name) for name in ("shownCode", "describedCode")]
    probe = "\n".join(
        [
            'const state = { labels: new Map([["---MIL", "unknown country (military)"], ["PAK", "Pakistan"]]) };',
            *functions,
            'console.log(JSON.stringify([shownCode("---MIL"), shownCode("PAK"), shownCode("---CVL"),'
            ' describedCode("---MIL"), describedCode("PAK"), describedCode("INDGOV")]));',
        ]
    )
    output = subprocess.run([node, "-e", probe], capture_output=True, text=True, check=True, timeout=30).stdout
    assert output.strip() == (
        '["unknown country (military)","PAK","---CVL","---MIL unknown country (military)","PAK Pakistan","INDGOV"]'
    )


def _function(script: str, name: str) -> str:
    """The text of ``function name(...) {...}`` in the page's script (to its closing brace)."""
    start = script.index(f"function {name}(")
    return script[start : script.index("\n}\n", start) + 2]


# --- the figures and the report ---------------------------------------------------------------


def test_the_network_figure_names_the_dashed_nodes(db: Path, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    from test_plot import svg_texts

    from thucydides.plot import plot_dyads, plot_network

    plot_network(db, tmp_path / "actors.svg", level="actor")
    texts = svg_texts(tmp_path / "actors.svg")
    assert {"PAKGOV", "INDGOV", "IND", "unknown country", "(military)", "(civilians)", "(refugees)"} <= set(texts)
    assert "(military, elites)" in texts
    assert not [text for text in texts if text.startswith("---")]
    plot_dyads(db, tmp_path / "military.svg", by="day", level="actor", source="---MIL")
    titles = svg_texts(tmp_path / "military.svg")
    assert "unknown country (military) → any: events by QuadClass per day" in titles


def test_the_report_lists_the_actors_without_a_country_last() -> None:
    console = Console(record=True, width=200, color_system=None)
    console.print(render_report(raid_analysis(), {"PAK": "Pakistan", "IND": "India"}))
    lines = console.export_text().splitlines()
    first = lines.index(next(line for line in lines if "Actors" in line))
    rows = [line.split("│")[1:3] for line in lines[first:] if line.startswith("│") and "─" not in line]
    codes = [(code.strip(), name.strip()) for code, name in rows[:6]]
    assert codes == [
        ("PAKGOV", "Pakistan (government)"),
        ("INDGOV", "India (government)"),
        ("---CVL", "unknown country (civilians)"),
        ("---GOV", "unknown country (government)"),
        ("---MIL", MILITARY),
        ("---MILELI", "unknown country (military, elites)"),
    ]
