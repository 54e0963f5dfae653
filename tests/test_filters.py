"""The event filter: every bad value refused with its own message, under the command line's and
the web's names; good values typed; the SQL condition choosing the events it says."""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb
import pytest

from thucydides.errors import ConfigError
from thucydides.filters import CLI_NAMES, MODALITIES, WEB_NAMES, EventFilter, FilterError, read_date

VALID_MODALITIES = "expected alleged, asserted, future, hypothetical, negated, reported, a comma-separated list"
VALID_CODES = "expected 2-15 letters or digits, a country (PAK) or an actor-code prefix (PAKGOV, ---MIL)"


@pytest.mark.parametrize(
    ("values", "cli_message", "web_message"),
    [
        ({"source": "P"}, f"--source 'P' is not a code; {VALID_CODES}", f"source: 'P' is not a code; {VALID_CODES}"),
        ({"target": "PA-K"}, "--target 'PA-K' is not a code", "target: 'PA-K' is not a code"),
        ({"target": "A" * 16}, "--target 'AAAAAAAAAAAAAAAA' is not a code", "target: 'AAAAAAAAAAAAAAAA' is not"),
        ({"cameo": "1x"}, "--cameo '1x' is not a CAMEO code; expected 2-4 digits", "cameo: '1x' is not a CAMEO"),
        ({"cameo": "12345"}, "--cameo '12345' is not a CAMEO code", "cameo: '12345' is not a CAMEO code"),
        ({"quad": "5"}, "--quad '5' is not a QuadClass; expected 1, 2, 3, 4", "quad: '5' is not a QuadClass"),
        ({"modality": "rumoured"}, f"--modality 'rumoured' is not a modality; {VALID_MODALITIES}", "modality: 'rum"),
        ({"modality": "asserted,"}, "--modality 'asserted,' is not a modality list", "modality: 'asserted,' is not"),
        ({"modality": "all,asserted"}, "--modality 'all' is not a modality", "modality: 'all' is not a modality"),
        ({"start": "2023-5-1"}, "--from '2023-5-1' is not a date; expected YYYY-MM-DD", "from: '2023-5-1' is not"),
        ({"end": "2023-02-30"}, "--to '2023-02-30' is not a date; expected YYYY-MM-DD", "to: '2023-02-30' is not"),
        (
            {"start": "2023-06-01", "end": "2023-05-01"},
            "--from 2023-06-01 is after --to 2023-05-01; the window would hold no day",
            "from: 2023-06-01 is after to 2023-05-01; the window would hold no day",
        ),
        ({"doc": "abc"}, "--doc 'abc' is not a document hash; expected 64 hex digits", "doc: 'abc' is not a document"),
    ],
)
def test_each_bad_value_has_its_message(values: dict[str, str], cli_message: str, web_message: str) -> None:
    with pytest.raises(FilterError) as cli:
        EventFilter.parse(**values)  # type: ignore[arg-type]
    assert str(cli.value).startswith(cli_message)
    with pytest.raises(FilterError) as web:
        EventFilter.parse(names=WEB_NAMES, **values)  # type: ignore[arg-type]
    assert str(web.value).startswith(web_message)
    assert web.value.parameter == WEB_NAMES.get(next(iter(values)), next(iter(values)))
    assert isinstance(cli.value, ConfigError)  # the command line's usage error (exit 2)


def test_a_long_value_is_cut_in_the_message() -> None:
    with pytest.raises(FilterError) as caught:
        EventFilter.parse(source="X" * 60)
    assert caught.value.reason.startswith("'" + "X" * 40 + "…' is not a code")


def test_good_values_are_typed() -> None:
    chosen = EventFilter.parse(
        source="pak", target="---MIL", cameo="19", quad="4", modality="negated, asserted", start="2023-05-01"
    )
    assert chosen == EventFilter(
        source="PAK", target="---MIL", cameo="19", quad=4, modalities=("asserted", "negated"), start=dt.date(2023, 5, 1)
    )


@pytest.mark.parametrize(
    ("modality", "default", "expected"),
    [
        (None, ("asserted",), ("asserted",)),
        ("all", ("asserted",), None),
        (["alleged", "asserted", "alleged"], None, ("alleged", "asserted")),
    ],
)
def test_modalities(modality: Any, default: tuple[str, ...] | None, expected: tuple[str, ...] | None) -> None:
    assert EventFilter.parse(modality=modality, default_modalities=default).modalities == expected


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("source", "--source '' is not a code"),
        ("cameo", "--cameo '' is not a CAMEO code"),
        ("modality", "--modality '' is not a modality list"),
        ("start", "--from '' is not a date"),
    ],
)
def test_an_empty_value_is_refused_on_the_command_line_and_absent_on_the_web(field: str, message: str) -> None:
    with pytest.raises(FilterError) as caught:
        EventFilter.parse(**{field: ""})  # type: ignore[arg-type]
    assert str(caught.value).startswith(message)
    parsed = EventFilter.parse(names=WEB_NAMES, empty_is_absent=True, default_modalities=("asserted",), **{field: ""})
    assert parsed == EventFilter(modalities=("asserted",))


def test_the_modalities_are_written_once() -> None:
    from thucydides import dyads
    from thucydides.web import params

    assert dyads.MODALITIES is MODALITIES
    assert all(name in params.MODALITY for name in MODALITIES)
    assert CLI_NAMES["start"] == "--from" and WEB_NAMES["start"] == "from"


@pytest.mark.parametrize(
    ("values", "window", "expected"),
    [
        ({"start": "2023-05-03", "end": "2023-05-10"}, ["2023-05-01", "2023-W19", "2023-05", "2023", "soon"], 3),
        ({"start": "2023-05-02"}, ["2023-05-01", "2023-05-02", "2022"], 1),
    ],
)
def test_dates_in_window(values: dict[str, str], window: list[str], expected: int) -> None:
    kept = EventFilter.parse(**values).dates_in_window(window)  # type: ignore[arg-type]
    assert kept is not None and len(kept) == expected
    assert "soon" not in kept and read_date("2023-W19") is not None
    assert EventFilter().dates_in_window(window) is None


EVENTS = [
    # event, source country, source actor, source words, target country, target actor, target words,
    # cameo, quad, modality, evidence
    ("e1", "PAK", "PAKGOV", "Pakistan", "IND", "INDMIL", "India", "112", 3, "asserted", "Pakistan accused India."),
    (
        "e2",
        "IND",
        "INDMIL",
        "Indian troops",
        "PAK",
        "PAKMIL",
        "posts",
        "190",
        4,
        "alleged",
        "Indian troops shelled 100% of posts.",
    ),
    ("e3", None, "---MIL", "Soldiers", "PAK", "PAKGOV", "a post", "1951", 4, "asserted", "Soldiers attacked a post."),
    ("e4", None, None, "Someone", "AFG", "AFGGOV", "Kabul", "042", 1, "future", "Someone will visit Kabul."),
    # one side only: the text names no source
    ("e5", None, None, None, "PAK", "PAKMIL", "Two guards", "1823", 4, "asserted", "Two guards were killed."),
]


@pytest.fixture
def events_table() -> Any:
    connection = duckdb.connect()
    connection.execute(
        "CREATE TABLE events (event VARCHAR, source_country VARCHAR, source_actor VARCHAR, source_text VARCHAR, "
        "target_country VARCHAR, target_actor VARCHAR, target_text VARCHAR, cameo VARCHAR, quad_class TINYINT, "
        "modality VARCHAR, evidence VARCHAR, doc_hash VARCHAR)"
    )
    connection.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'd1')", EVENTS)
    yield connection
    connection.close()


@pytest.mark.parametrize(
    ("values", "unknown_sides", "expected"),
    [
        ({}, False, ["e1", "e2", "e3", "e4", "e5"]),
        ({"source": "PAK"}, False, ["e1"]),
        # e4's source is named but unknown: kept for readers that count it; e5 names none
        ({"source": "IND"}, True, ["e2", "e4"]),
        ({"source": "---MIL"}, False, ["e3"]),
        ({"target": "PAK"}, False, ["e2", "e3", "e5"]),
        ({"target": "PAK"}, True, ["e2", "e3", "e5"]),
        ({"source": "PAK", "target": "PAK"}, True, []),
        ({"cameo": "19"}, False, ["e2", "e3"]),
        ({"quad": "4", "modality": "asserted"}, False, ["e3", "e5"]),
        ({"text": "100%"}, False, ["e2"]),  # % is a plain character, not a wildcard
        ({"modality": "future,alleged"}, False, ["e2", "e4"]),
    ],
)
def test_the_condition_chooses_the_events(
    events_table: Any, values: dict[str, str], unknown_sides: bool, expected: list[str]
) -> None:
    condition, parameters = EventFilter.parse(**values).where("e", unknown_sides=unknown_sides)  # type: ignore[arg-type]
    found = events_table.execute(f"SELECT event FROM events AS e WHERE {condition} ORDER BY event", parameters)
    assert [row[0] for row in found.fetchall()] == expected


def test_the_condition_can_leave_the_modalities_to_the_reader(events_table: Any) -> None:
    condition, parameters = EventFilter.parse(modality="negated").where("e", modality=False)
    assert "f_modalities" not in parameters
    assert events_table.execute(f"SELECT count(*) FROM events AS e WHERE {condition}", parameters).fetchone() == (5,)
