"""The dateline gives the story its place: a Place of kind "dateline", without mentions.

Every story here was written for these tests; the reporters' names are made up.
"""

from __future__ import annotations

import datetime as dt

from thucydides import Pipeline
from thucydides.contract import to_json
from thucydides.records import Analysis, Place

PUBLISHED = dt.date(2016, 3, 1)


def _analyse(pipeline: Pipeline, text: str) -> Analysis:
    return pipeline.analyze_text(text, title="A test story", published=PUBLISHED)


def _dateline_places(analysis: Analysis) -> list[Place]:
    return [place for place in analysis.places if place.kind == "dateline"]


STORY = (
    "MANCHESTER, N.H. (Wire) - Police arrested two men in Concord on Monday after a shooting, "
    "officials said.\n\n"
    "The men were charged with assault on Tuesday. (Reporting by Ann Example; Editing by Bo Sample)"
)


def test_the_dateline_city_is_a_place_of_its_own_kind_in_the_state_it_names(pipeline: Pipeline) -> None:
    analysis = _analyse(pipeline, STORY)
    assert analysis.document.removed == (
        "MANCHESTER, N.H. (Wire) -",
        "(Reporting by Ann Example; Editing by Bo Sample)",
    )
    assert analysis.document.text.startswith("Police arrested two men in Concord on Monday")
    # Manchester in New Hampshire, not the larger one in England
    assert _dateline_places(analysis) == [
        Place("Manchester", "USA", 42.99564, -71.45479, 5089178, "dateline", ()),
    ]


def test_credited_reporters_and_the_dateline_are_no_people_actors_or_event_places(pipeline: Pipeline) -> None:
    analysis = _analyse(pipeline, STORY)
    assert [person.name for person in analysis.people] == []
    assert [m.text for m in analysis.mentions if "Manchester" in m.text or "MANCHESTER" in m.text] == []
    assert [event.place for event in analysis.events if event.place == "Manchester"] == []
    assert [quote.speaker.text for quote in analysis.quotes if quote.speaker and "Example" in quote.speaker.text] == []


def test_without_a_region_the_most_populous_city_of_the_name_is_taken(pipeline: Pipeline) -> None:
    analysis = _analyse(pipeline, "MANCHESTER (Wire) - The city council met on Monday.")
    assert _dateline_places(analysis) == [
        Place("Manchester", "GBR", 53.48095, -2.23743, 2643123, "dateline", ()),
    ]


def test_a_town_too_small_for_the_gazetteer_keeps_the_country_its_dateline_names(pipeline: Pipeline) -> None:
    # the gazetteer's only Madaya is in Myanmar: the dateline says Syria, so no coordinates are guessed
    analysis = _analyse(pipeline, "MADAYA, Syria (Wire) - An aid convoy entered the town on Monday.")
    assert _dateline_places(analysis) == [Place("Madaya", "SYR", None, None, None, "dateline", ())]


def test_each_place_of_a_joint_dateline_is_given_and_capitals_read_in_any_case(pipeline: Pipeline) -> None:
    analysis = _analyse(pipeline, "NEW YORK/WASHINGTON (Wire) - Markets fell on Monday.")
    assert [(p.name, p.country, p.geonameid, p.kind, p.mentions) for p in _dateline_places(analysis)] == [
        ("New York City", "USA", 5128581, "dateline", ()),
        ("Washington", "USA", 4140963, "dateline", ()),
    ]


def test_a_story_without_a_dateline_has_no_dateline_place(pipeline: Pipeline) -> None:
    analysis = _analyse(pipeline, "Police in Manchester arrested two men on Monday.")
    assert _dateline_places(analysis) == []
    assert analysis.document.removed == ()


def test_the_json_contract_carries_the_dateline_place_with_no_mentions(pipeline: Pipeline) -> None:
    places = to_json(_analyse(pipeline, STORY))["places"]
    assert places[-1] == {
        "name": "Manchester",
        "country": "USA",
        "lat": 42.99564,
        "lon": -71.45479,
        "geonameid": 5089178,
        "kind": "dateline",
        "mentions": [],
    }
