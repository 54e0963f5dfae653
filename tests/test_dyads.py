"""Dyad series and the actor network, from a store built of hand-made records (no spaCy).

The store is the ``db`` fixture (``conftest.py``): the two reports of ``two_stories``, on
Pakistan, India, Afghanistan and the U.S. over April to June 2023, with the events an analyst
would code in them: dated by day, by ISO week, by month, by year, not at all, and once by a value
of no known shape.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import Result
from support import make_runner, one_sided_analysis

from thucydides import Store, cli
from thucydides.dyads import DyadRow, Edge, Node, Summary, dyads, network, period_of
from thucydides.errors import ConfigError, ExportError, StoreError


def rows(table) -> list[tuple]:
    return [
        (r.period, r.source, r.target, r.events, r.q1, r.q2, r.q3, r.q4, r.goldstein_sum, r.goldstein_mean)
        for r in table.rows
    ]


# --- periods -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "by", "period"),
    [
        ("2023-05-01", "day", "2023-05-01"),
        ("2023-05-01", "week", "2023-W18"),
        ("2023-05-01", "month", "2023-05"),
        ("2023-01-01", "week", "2022-W52"),  # a Sunday: the last ISO week of the year before
        ("2023-W17", "day", None),
        ("2023-W17", "week", "2023-W17"),
        ("2023-W17", "month", "2023-04"),  # 24-30 April
        ("2023-W22", "month", "2023-06"),  # 29 May - 4 June: Thursday 1 June
        ("2023-05-29", "month", "2023-05"),  # the Monday of that week, itself in May
        ("2020-W53", "month", "2020-12"),  # 28 Dec - 3 Jan: Thursday 31 December
        ("2023-04", "day", None),
        ("2023-04", "week", None),
        ("2023-04", "month", "2023-04"),
        ("2009", "month", None),
        ("2023-13", "month", None),
        ("2023-02-30", "day", None),
        ("May 2023", "month", None),
    ],
)
def test_period_of(value: str, by: str, period: str | None) -> None:
    assert period_of(value, by) == period


# --- dyads ---------------------------------------------------------------------------------


def test_dyads_by_day(db: Path) -> None:
    table = dyads(db, by="day")
    assert rows(table) == [
        ("2023-05-01", "PAK", "IND", 2, 2, 0, 0, 0, 7.4, 3.7),
        ("2023-05-02", "IND", "PAK", 1, 0, 0, 1, 0, -2.0, -2.0),
        ("2023-05-02", "PAK", "IND", 1, 0, 0, 0, 1, -10.0, -10.0),
        ("2023-05-15", "PAK", "AFG", 1, 0, 1, 0, 0, 7.4, 7.4),
        ("2023-05-16", "AFG", "PAK", 1, 1, 0, 0, 0, 3.4, 3.4),
        ("2023-05-29", "IND", "PAK", 1, 0, 0, 0, 1, -10.0, -10.0),
    ]
    # the week, the two months' and the year's dates cannot be placed on a day
    assert table.summary == Summary(
        counted=7, other_modality=2, one_sided=1, no_dyad=1, undated=1, unreadable=1, too_coarse=4, straddling=0
    )
    assert isinstance(table.rows[0], DyadRow)


def test_dyads_by_week(db: Path) -> None:
    table = dyads(db, by="week")
    assert rows(table) == [
        ("2023-W17", "USA", "PAK", 1, 1, 0, 0, 0, 3.0, 3.0),
        ("2023-W18", "IND", "PAK", 1, 0, 0, 1, 0, -2.0, -2.0),
        ("2023-W18", "PAK", "IND", 3, 2, 0, 0, 1, -2.6, -0.867),
        ("2023-W20", "AFG", "PAK", 1, 1, 0, 0, 0, 3.4, 3.4),
        ("2023-W20", "PAK", "AFG", 1, 0, 1, 0, 0, 7.4, 7.4),
        ("2023-W22", "IND", "PAK", 1, 0, 0, 0, 1, -10.0, -10.0),
        ("2023-W22", "PAK", "IND", 1, 1, 0, 0, 0, 1.0, 1.0),
    ]
    assert table.summary.too_coarse == 2  # the April accord and the fighting since 2009
    assert table.summary.counted == 9


def test_dyads_by_month(db: Path) -> None:
    table = dyads(db, by="month")
    assert rows(table) == [
        ("2023-04", "PAK", "AFG", 1, 1, 0, 0, 0, 8.0, 8.0),
        ("2023-04", "USA", "PAK", 1, 1, 0, 0, 0, 3.0, 3.0),
        ("2023-05", "AFG", "PAK", 1, 1, 0, 0, 0, 3.4, 3.4),
        ("2023-05", "IND", "PAK", 2, 0, 0, 1, 1, -12.0, -6.0),
        ("2023-05", "PAK", "AFG", 1, 0, 1, 0, 0, 7.4, 7.4),
        ("2023-05", "PAK", "IND", 3, 2, 0, 0, 1, -2.6, -0.867),
        ("2023-06", "PAK", "IND", 1, 1, 0, 0, 0, 1.0, 1.0),  # week 22: its Thursday is 1 June
    ]
    assert table.summary == Summary(
        counted=10, other_modality=2, one_sided=1, no_dyad=1, undated=1, unreadable=1, too_coarse=1
    )


def test_dyads_of_actors(db: Path) -> None:
    table = dyads(db, by="month", level="actor")
    assert rows(table) == [
        ("2023-04", "PAKGOV", "AFGGOV", 1, 1, 0, 0, 0, 8.0, 8.0),
        ("2023-04", "USAGOV", "PAK", 1, 1, 0, 0, 0, 3.0, 3.0),
        ("2023-05", "AFGGOV", "PAKGOV", 1, 1, 0, 0, 0, 3.4, 3.4),
        ("2023-05", "IGOUNO", "PAKGOV", 1, 1, 0, 0, 0, 1.9, 1.9),  # no country, but an actor
        ("2023-05", "INDGOV", "PAKGOV", 1, 0, 0, 1, 0, -2.0, -2.0),
        ("2023-05", "INDMIL", "PAKMIL", 1, 0, 0, 0, 1, -10.0, -10.0),
        ("2023-05", "PAKGOV", "AFGGOV", 1, 0, 1, 0, 0, 7.4, 7.4),
        ("2023-05", "PAKGOV", "IND", 1, 1, 0, 0, 0, 4.0, 4.0),
        ("2023-05", "PAKGOV", "INDGOV", 1, 1, 0, 0, 0, 3.4, 3.4),
        ("2023-05", "PAKMIL", "INDMIL", 1, 0, 0, 0, 1, -10.0, -10.0),
        ("2023-06", "PAKMIL", "INDMIL", 1, 1, 0, 0, 0, 1.0, 1.0),
    ]
    # the condemnation names no target; the U.N. envoys have an actor code, so a dyad here
    assert (table.summary.one_sided, table.summary.no_dyad) == (1, 0)


@pytest.mark.parametrize(
    ("level", "source", "target", "expected"),
    [
        (
            "country",
            "PAK",
            None,
            [
                ("2023-04", "PAK", "AFG", 1),
                ("2023-05", "PAK", "AFG", 1),
                ("2023-05", "PAK", "IND", 3),
                ("2023-06", "PAK", "IND", 1),
            ],
        ),
        ("country", None, "afg", [("2023-04", "PAK", "AFG", 1), ("2023-05", "PAK", "AFG", 1)]),
        ("country", "PAKMIL", "IND", [("2023-05", "PAK", "IND", 1), ("2023-06", "PAK", "IND", 1)]),
        (
            "actor",
            "PAK",
            "IND",
            [
                ("2023-05", "PAKGOV", "IND", 1),
                ("2023-05", "PAKGOV", "INDGOV", 1),
                ("2023-05", "PAKMIL", "INDMIL", 1),
                ("2023-06", "PAKMIL", "INDMIL", 1),
            ],
        ),
        ("actor", "PAKMIL", None, [("2023-05", "PAKMIL", "INDMIL", 1), ("2023-06", "PAKMIL", "INDMIL", 1)]),
        ("actor", "IGO", "PAK", [("2023-05", "IGOUNO", "PAKGOV", 1)]),
        ("actor", "INDGOV", "PAKGOV", [("2023-05", "INDGOV", "PAKGOV", 1)]),
        ("country", "CHN", None, []),
    ],
)
def test_source_and_target_match_a_country_or_an_actor_prefix(
    db: Path, level: str, source: str | None, target: str | None, expected: list[tuple]
) -> None:
    table = dyads(db, by="month", level=level, source=source, target=target)
    assert [row[:4] for row in rows(table)] == expected


def test_the_summary_counts_only_events_the_filters_would_keep(db: Path) -> None:
    table = dyads(db, by="month", source="PAK")
    # left out: the alleged bombing, the condemnation with no target, the fighting since 2009;
    # India's undated protest and the garbled U.S. visit are not Pakistan's acts
    assert table.summary == Summary(counted=6, other_modality=1, one_sided=1, too_coarse=1)
    assert table.source == "PAK"


MONTHS_EVERY_MODALITY = [
    ("2023-04", "PAK", "AFG", 1, 1, 0, 0, 0, 8.0, 8.0),
    ("2023-04", "USA", "PAK", 1, 1, 0, 0, 0, 3.0, 3.0),
    ("2023-05", "AFG", "PAK", 1, 1, 0, 0, 0, 3.4, 3.4),
    ("2023-05", "IND", "PAK", 2, 0, 0, 1, 1, -12.0, -6.0),
    ("2023-05", "PAK", "AFG", 1, 0, 1, 0, 0, 7.4, 7.4),
    ("2023-05", "PAK", "IND", 4, 2, 0, 0, 2, -12.6, -3.15),  # with the alleged bombing
    ("2023-06", "IND", "PAK", 1, 1, 0, 0, 0, 4.0, 4.0),  # the announced meeting
    ("2023-06", "PAK", "IND", 1, 1, 0, 0, 0, 1.0, 1.0),
]


@pytest.mark.parametrize(
    ("modality", "source", "target", "expected"),
    [
        ("all", None, None, MONTHS_EVERY_MODALITY),
        (None, "PAK", "IND", [row for row in MONTHS_EVERY_MODALITY if row[1:3] == ("PAK", "IND")]),
        ("alleged", None, None, [("2023-05", "PAK", "IND", 1, 0, 0, 0, 1, -10.0, -10.0)]),
        (
            ("future", "alleged"),
            None,
            None,
            [
                ("2023-05", "PAK", "IND", 1, 0, 0, 0, 1, -10.0, -10.0),
                ("2023-06", "IND", "PAK", 1, 1, 0, 0, 0, 4.0, 4.0),
            ],
        ),
    ],
)
def test_modality_filter(
    db: Path, modality: str | tuple[str, ...] | None, source: str | None, target: str | None, expected: list[tuple]
) -> None:
    table = dyads(db, by="month", modality=modality, source=source, target=target)
    assert rows(table) == expected
    assert (table.summary.other_modality == 0) == (modality in ("all", None))


def test_a_window_leaves_out_a_week_across_its_edge(db: Path) -> None:
    table = dyads(db, by="week", start="2023-04-26", end=dt.date(2023, 5, 16))
    assert rows(table) == [
        ("2023-W18", "IND", "PAK", 1, 0, 0, 1, 0, -2.0, -2.0),
        ("2023-W18", "PAK", "IND", 3, 2, 0, 0, 1, -2.6, -0.867),
        ("2023-W20", "AFG", "PAK", 1, 1, 0, 0, 0, 3.4, 3.4),
        ("2023-W20", "PAK", "AFG", 1, 0, 1, 0, 0, 7.4, 7.4),
    ]
    # week 17 (24-30 April) runs across --from; April as a month is too coarse for weeks
    assert table.summary == Summary(
        counted=6, other_modality=1, one_sided=1, no_dyad=1, undated=1, unreadable=1, too_coarse=1, straddling=1
    )
    assert table.start == dt.date(2023, 4, 26)


def test_a_store_object_can_be_passed(db: Path) -> None:
    with Store(db, read_only=True) as store:
        assert len(dyads(store, by="month").rows) == 7
        assert len(dyads(store, by="day").rows) == 6  # the store stays open for the next call


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"by": "year"}, "unknown period 'year' for --by; known: day, week, month"),
        ({"level": "person"}, "unknown level 'person' for --level; known: country, actor"),
        ({"source": "PAK'; DROP TABLE events; --"}, '--source "PAK\'; DROP TABLE events; --" is not a code'),
        ({"target": "PA-K"}, "--target 'PA-K' is not a code"),
        ({"start": "2023-5-1"}, "--from '2023-5-1' is not a date; expected YYYY-MM-DD"),
        ({"end": "2023-02-30"}, "--to '2023-02-30' is not a date"),
        ({"start": "2023-06-01", "end": "2023-05-01"}, "--from 2023-06-01 is after --to 2023-05-01"),
        ({"modality": "rumoured"}, "--modality 'rumoured' is not a modality; expected alleged, asserted, future"),
        ({"modality": "asserted,,alleged"}, "--modality 'asserted,,alleged' is not a modality list; expected alleged"),
        ({"source": "P"}, "--source 'P' is not a code; expected 2-15 letters or digits"),
    ],
)
def test_invalid_options(db: Path, options: dict, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        dyads(db, **({"by": "month"} | options))
    assert message in str(caught.value)


def test_a_missing_store_and_a_file_that_is_not_one(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"nowhere\.duckdb: no such store"):
        dyads(tmp_path / "nowhere.duckdb", by="day")
    (tmp_path / "notes.duckdb").write_text("not a database", "utf-8")
    with pytest.raises(StoreError, match="not a DuckDB file"):
        network(tmp_path / "notes.duckdb")


def test_an_empty_store_gives_no_rows(tmp_path: Path) -> None:
    path = tmp_path / "empty.duckdb"
    Store(path).close()
    table = dyads(path, by="week")
    assert table.rows == ()
    assert table.summary == Summary()


# --- network -------------------------------------------------------------------------------


def test_network_of_countries(db: Path) -> None:
    graph = network(db)
    # no window: the undated protest and the garbled visit count too
    assert graph.edges == (
        Edge("PAK", "IND", 4, -0.4, "conflict"),
        Edge("IND", "PAK", 3, -4.667, "conflict"),
        Edge("PAK", "AFG", 3, 1.8, "cooperation"),
        Edge("AFG", "PAK", 1, 3.4, "cooperation"),
        Edge("USA", "AFG", 1, 1.9, "cooperation"),
        Edge("USA", "PAK", 1, 3.0, "cooperation"),
    )
    assert graph.nodes == (
        Node("AFG", as_source=1, as_target=4),
        Node("IND", as_source=3, as_target=4),
        Node("PAK", as_source=7, as_target=5),
        Node("USA", as_source=2, as_target=0),
    )
    assert graph.summary == Summary(counted=13, other_modality=2, one_sided=1, no_dyad=1)


def test_network_in_a_window(db: Path) -> None:
    graph = network(db, start="2023-05-01", end="2023-05-31")
    assert graph.edges == (
        Edge("PAK", "IND", 3, -0.867, "conflict"),
        Edge("IND", "PAK", 2, -6.0, "conflict"),
        Edge("AFG", "PAK", 1, 3.4, "cooperation"),
        Edge("PAK", "AFG", 1, 7.4, "cooperation"),
    )
    # week 22 runs into June; undated and unreadable dates cannot be placed in May
    assert graph.summary == Summary(
        counted=7, other_modality=1, one_sided=1, no_dyad=1, undated=1, unreadable=1, straddling=1
    )


def test_network_of_actors_with_every_modality(db: Path) -> None:
    graph = network(db, level="actor", modality="all", start="2023-06-01")
    assert graph.edges == (Edge("INDGOV", "PAKGOV", 1, 4.0, "cooperation"),)
    assert graph.nodes == (Node("INDGOV", 1, 0), Node("PAKGOV", 0, 1))
    # week 22 (29 May - 4 June) runs across --from; the rest of May lies before it
    assert graph.summary == Summary(counted=1, undated=1, unreadable=1, straddling=1)


def test_a_neutral_edge() -> None:
    from thucydides.dyads import _sign

    assert [_sign(2.0), _sign(-0.1), _sign(0.0)] == ["cooperation", "conflict", "neutral"]


def test_to_json(db: Path) -> None:
    document = network(db, level="actor").to_json()
    assert document["level"] == "actor"
    assert document["modalities"] == ["asserted"]
    assert {"code": "IGOUNO", "as_source": 1, "as_target": 0} in document["nodes"]
    json.dumps(document)


# --- events with one side ------------------------------------------------------------------


@pytest.fixture
def kadugli(tmp_path: Path) -> Path:
    """The Kadugli story (support.py): an offensive with no target, deaths with no source, and an
    accusation from Sudan to Chad."""
    path = tmp_path / "kadugli.duckdb"
    with Store(path) as store:
        store.load([one_sided_analysis()], model="hand-made")
    return path


@pytest.mark.parametrize("level", ["country", "actor"])
def test_events_with_one_side_are_left_out_of_the_dyads_and_counted(kadugli: Path, level: str) -> None:
    table = dyads(kadugli, by="day", level=level)
    sudan, chad = ("SDN", "TCD") if level == "country" else ("SDNGOV", "TCD")
    assert rows(table) == [("2023-05-02", sudan, chad, 1, 0, 0, 1, 0, -2.0, -2.0)]
    assert table.summary == Summary(counted=1, one_sided=2)
    assert (
        table.summary.line() == "counted 1 events; left out 2 with one side only (no source or no target in the text)"
    )
    assert list(table.to_json()["summary"]) == [
        "counted", "other_modality", "one_sided", "no_dyad", "undated", "unreadable", "too_coarse", "straddling"
    ]  # fmt: skip
    assert table.to_json()["summary"]["one_sided"] == 2


@pytest.mark.parametrize(
    ("side", "code", "counted", "one_sided"),
    [
        ("source", "SDN", 1, 1),  # the offensive is Sudan's; the deaths name no source, so are not
        ("target", "SDN", 0, 1),  # the deaths are Sudan's; the offensive names no target
        ("target", "TCD", 1, 0),
        ("source", "TCD", 0, 0),
    ],
)
def test_an_event_with_one_side_is_counted_only_by_a_filter_on_the_side_it_has(
    kadugli: Path, side: str, code: str, counted: int, one_sided: int
) -> None:
    table = dyads(kadugli, by="month", **{side: code})
    assert (table.summary.counted, table.summary.one_sided) == (counted, one_sided)
    graph = network(kadugli, **{side: code})
    assert (graph.summary.counted, graph.summary.one_sided) == (counted, one_sided)


def test_the_network_has_no_edge_or_node_count_from_an_event_with_one_side(kadugli: Path) -> None:
    graph = network(kadugli, level="actor")
    assert graph.edges == (Edge("SDNGOV", "TCD", 1, -2.0, "conflict"),)
    assert graph.nodes == (Node("SDNGOV", 1, 0), Node("TCD", 0, 1))  # SDNMIL acts on no one and is acted on by no one
    assert graph.summary == Summary(counted=1, one_sided=2)
    assert graph.to_json()["summary"] == {
        "counted": 1, "other_modality": 0, "one_sided": 2, "no_dyad": 0, "undated": 0, "unreadable": 0,
        "too_coarse": 0, "straddling": 0,
    }  # fmt: skip


def test_the_summary_json_has_no_one_sided_key_without_such_events() -> None:
    assert "one_sided" not in Summary(counted=4, no_dyad=1).to_json()
    assert Summary(counted=4, one_sided=3).to_json()["one_sided"] == 3


# --- the command ---------------------------------------------------------------------------


def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> Result:
    monkeypatch.chdir(tmp_path)
    return make_runner().invoke(cli.app, ["dyads", *args])


def flat(text: str) -> str:
    return " ".join(text.split())


MONTH_CSV = (
    "period,source,target,events,q1,q2,q3,q4,goldstein_sum,goldstein_mean\n"
    "2023-04,PAK,AFG,1,1,0,0,0,8.0,8.0\n"
    "2023-05,PAK,AFG,1,0,1,0,0,7.4,7.4\n"
    "2023-05,PAK,IND,3,2,0,0,1,-2.6,-0.867\n"
    "2023-06,PAK,IND,1,1,0,0,0,1.0,1.0\n"
)


def test_cli_csv_to_stdout(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run(tmp_path, monkeypatch, "--db", "news.duckdb", "--by", "month", "--source", "PAK", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == MONTH_CSV
    assert flat(result.stderr) == (
        "4 dyad-period rows; counted 6 events; left out 1 of other modalities (--modality), "
        "1 with one side only (no source or no target in the text), "
        "1 dated too coarsely for the period (a month or year, say, for --by day)"
    )


def test_cli_csv_file(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    args = ("--db", "news.duckdb", "--by", "month", "--source", "PAK", "-f", "csv", "-o", "pak.csv", "-q")
    result = run(tmp_path, monkeypatch, *args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == result.stderr == ""
    assert (tmp_path / "pak.csv").read_text("utf-8") == MONTH_CSV
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_cli_parquet(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    args = ("--db", "news.duckdb", "--by", "week", "--level", "actor", "--format", "parquet", "-o", "weeks.parquet")
    result = run(tmp_path, monkeypatch, *args)
    assert result.exit_code == 0, result.stderr
    table = pq.read_table(tmp_path / "weeks.parquet")
    assert table.column_names == [
        "period", "source", "target", "events", "q1", "q2", "q3", "q4", "goldstein_sum", "goldstein_mean"
    ]  # fmt: skip
    first = table.slice(0, 1).to_pylist()[0]
    assert first == {
        "period": "2023-W17", "source": "USAGOV", "target": "PAK", "events": 1,
        "q1": 1, "q2": 0, "q3": 0, "q4": 0, "goldstein_sum": 3.0, "goldstein_mean": 3.0,
    }  # fmt: skip
    assert table.num_rows == len(dyads(db, by="week", level="actor").rows)


def test_cli_json(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    args = ("--db", "news.duckdb", "--by", "day", "--target", "PAK", "--modality", "all", "--from", "2023-05-16")
    result = run(tmp_path, monkeypatch, *args, "--format", "json", "-o", "pak.json")
    assert result.exit_code == 0, result.stderr
    document = json.loads((tmp_path / "pak.json").read_text("utf-8"))
    assert document["rows"] == [
        {
            "period": "2023-05-16", "source": "AFG", "target": "PAK", "events": 1,
            "q1": 1, "q2": 0, "q3": 0, "q4": 0, "goldstein_sum": 3.4, "goldstein_mean": 3.4,
        },
        {
            "period": "2023-05-29", "source": "IND", "target": "PAK", "events": 1,
            "q1": 0, "q2": 0, "q3": 0, "q4": 1, "goldstein_sum": -10.0, "goldstein_mean": -10.0,
        },
        {
            "period": "2023-06-01", "source": "IND", "target": "PAK", "events": 1,
            "q1": 1, "q2": 0, "q3": 0, "q4": 0, "goldstein_sum": 4.0, "goldstein_mean": 4.0,
        },
    ]  # fmt: skip
    # no one_sided key: the condemnation names no target, so --target PAK never matches it
    assert document["summary"] == {
        "counted": 3, "other_modality": 0, "no_dyad": 1, "undated": 1, "unreadable": 0, "too_coarse": 0,
        "straddling": 0,
    }  # fmt: skip
    assert (document["by"], document["level"], document["modalities"]) == ("day", "country", "all")
    assert (document["target"], document["from"], document["to"]) == ("PAK", "2023-05-16", None)


def test_cli_table(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run(tmp_path, monkeypatch, "--db", "news.duckdb", "--by", "month", "--source", "PAK", "--target", "IND")
    assert result.exit_code == 0, result.stderr
    lines = [flat(line) for line in result.stdout.splitlines()]
    assert lines[0] == "Dyads by month, country level, modality asserted"
    assert any(
        line.replace("│", " ").split() == ["2023-05", "PAK", "IND", "3", "2", "0", "0", "1", "-2.6", "-0.867"]
        for line in lines
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--db", "nowhere.duckdb", "--by", "day"),
            "error: nowhere.duckdb: no such store; --db takes a DuckDB file written by 'thucydides analyze --db'",
        ),
        (
            ("--db", "news.duckdb", "--by", "fortnight"),
            "error: unknown period 'fortnight' for --by; known: day, week, month",
        ),
        (
            ("--db", "news.duckdb", "--by", "day", "--from", "1 May"),
            "error: --from '1 May' is not a date; expected YYYY-MM-DD",
        ),
        (
            ("--db", "news.duckdb", "--by", "day", "--from", "2023-05-02", "--to", "2023-05-01"),
            "error: --from 2023-05-02 is after --to 2023-05-01; the window would hold no day",
        ),
        (
            ("--db", "news.duckdb", "--by", "day", "--source", "PAK%"),
            "error: --source 'PAK%' is not a code; expected 2-15 letters or digits, a country (PAK) or an actor-code "
            "prefix (PAKGOV, ---MIL)",
        ),
        (
            ("--db", "news.duckdb", "--by", "day", "--format", "csv", "-o", "missing/out.csv"),
            "error: missing/out.csv: folder missing does not exist; create it or choose another output path",
        ),
        (
            ("--db", "news.duckdb", "--by", "day", "--format", "parquet"),
            "error: parquet output needs a file: add -o FILE",
        ),
        (
            ("--db", "news.duckdb", "--by", "day", "-o", "out.csv"),
            "error: -o needs --format csv, parquet or json; the table prints to the terminal",
        ),
        (
            ("--db", "news.duckdb", "--by", "day", "--format", "xlsx"),
            "error: unknown output format 'xlsx' for --format; known: table, csv, parquet, json",
        ),
    ],
)
def test_cli_errors(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], message: str
) -> None:
    result = run(tmp_path, monkeypatch, *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert flat(result.stderr) == message
    assert not (tmp_path / "out.csv").exists()


def test_write_errors_leave_no_file(db: Path, tmp_path: Path) -> None:
    from thucydides.dyads import write_dyads

    (tmp_path / "folder.csv").mkdir()
    with pytest.raises(ExportError, match="is a folder"):
        write_dyads(dyads(db, by="day"), "csv", tmp_path / "folder.csv")
