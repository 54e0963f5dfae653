"""The declared stages: one call shape, one order, what each needs and gives checked when a
pipeline is built; the pipeline and the benchmark's breakdown run the same list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import pytest

from thucydides import Pipeline
from thucydides.errors import StageError
from thucydides.pipeline import clean_document
from thucydides.records import RawDocument
from thucydides.stages import STAGE_ORDER, Draft, FunctionStage, check_stages, run_stage

STORY = (
    "NAIROBI (Wire) - Kenyan police said on Monday that gunmen attacked a bus near Mandera.\n\n"
    '"We will find them," the police chief, Omar Farah, told reporters in Nairobi.'
)


def _gives(**records: Any) -> Any:
    def run(draft: Draft) -> Mapping[str, Any]:
        return records

    return run


def test_the_pipeline_runs_the_declared_stages_in_their_order(pipeline: Pipeline) -> None:
    assert tuple(stage.name for stage in pipeline.stages) == STAGE_ORDER
    assert STAGE_ORDER == ("sentences", "dateline", "actors", "places", "reading", "quotes", "dates", "events")
    check_stages(pipeline.stages)  # what the pipeline was built with fits


def test_each_stage_reads_only_what_earlier_stages_gave(pipeline: Pipeline) -> None:
    given = {"document", "doc"}
    for stage in pipeline.stages:
        assert set(stage.requires) <= given, stage.name
        given |= set(stage.assigns)
    assert {"mentions", "people", "place_hits", "story_country", "dateline"} <= given


def test_a_stage_that_needs_what_no_earlier_stage_gives_is_refused(pipeline: Pipeline) -> None:
    stages = list(pipeline.stages)
    places = stages[3]
    stages[3] = FunctionStage("places", (*places.requires, "coreference"), places.assigns, _gives(places=()))
    with pytest.raises(StageError, match=r"stage 'places' requires \['coreference'\], which no earlier stage"):
        check_stages(stages)


def test_stages_out_of_order_or_giving_a_record_twice_are_refused(pipeline: Pipeline) -> None:
    stages = list(pipeline.stages)
    with pytest.raises(StageError, match="not the declared order"):
        check_stages([stages[0], stages[2], stages[1], *stages[3:]])
    at = STAGE_ORDER.index("dates")
    dates = stages[at]
    stages[at] = FunctionStage("dates", dates.requires, ("dates", "places"), _gives(dates=(), places=()))
    with pytest.raises(StageError, match=r"stage 'dates' assigns \['places'\], already given before it"):
        check_stages(stages)


def test_a_stage_must_give_exactly_what_it_declares(pipeline: Pipeline) -> None:
    document = clean_document(RawDocument(id="s", text=STORY, origin="s"), pipeline.settings)
    draft = Draft(document, pipeline.nlp(document.text))
    stage = FunctionStage("dates", ("doc",), ("dates",), _gives(dates=(), extra=1))
    with pytest.raises(StageError, match=r"stage 'dates' gave \['dates', 'extra'\] but declares \['dates'\]"):
        run_stage(stage, draft)


def test_the_dateline_is_read_once_and_feeds_actors_and_places(pipeline: Pipeline) -> None:
    analysis = pipeline.analyze_text(STORY, published=dt.date(2024, 5, 6))
    assert [(place.name, place.kind, place.country) for place in analysis.places if place.kind == "dateline"] == [
        ("Nairobi", "dateline", "KEN")
    ]
    assert {m.text: m.actor for m in analysis.mentions}["Kenyan police"] == "KENCOP"
