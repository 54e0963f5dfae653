"""Quality gate: actor coding, quotes and events on fixed subsets of the labelled sets must not fall below their pins.

The pins live in ``quality_baseline.json`` beside this file; a score may drop by at most the
file's ``tolerance`` (noise) below its pin. Lowering a pin is a deliberate, reviewed change.
The learned event coder's gate scores the rules, the model and the fused coder on the fixed dev
split of the labelled event sentences; the judged-events gate, the rules and the fused coder on
our judged news events (``judged/news-2016-events``); the judged-quotes gate, the pipeline's quotes
on our judged news quotes (``judged/news-2016-quotes``). Needs ``../shared/data`` (skipped with the reason when it
is absent); about two minutes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from thucydides import Pipeline
from thucydides.evaluate import evaluate_actors

BASELINE = json.loads((Path(__file__).parent / "quality_baseline.json").read_text("utf-8"))


def figure(scores: dict[str, Any], dotted: str) -> Any:
    """The value at a dotted path such as ``plover.detection.recall``."""
    value: Any = scores
    for key in dotted.split("."):
        value = value[key]
    return value


@pytest.fixture(scope="module")
def gate_scores(pipeline: Pipeline, shared_data: Path) -> dict[str, Any]:
    return evaluate_actors(pipeline, shared_data, limit=BASELINE["limit"])


QUOTES = BASELINE["quotes"]


@pytest.fixture(scope="module")
def quote_scores(pipeline: Pipeline, shared_data: Path) -> dict[str, Any]:
    """The rules' quotes and the learned attribution tagger's (``readers.model``) side by side."""
    from thucydides.evaluate import evaluate_quotes
    from thucydides.evaluate.attribution import tagger_reader

    return evaluate_quotes(
        pipeline, shared_data, split=QUOTES["split"], limit=QUOTES["limit"], model_reader=tagger_reader(pipeline)
    )


EVENTS = BASELINE["events"]


@pytest.fixture(scope="module")
def event_scores(learned_pipeline: Pipeline, shared_data: Path) -> dict[str, Any]:
    from thucydides.evaluate import evaluate_events

    return evaluate_events(learned_pipeline, shared_data, limit=EVENTS["limit"])


LEARNED = BASELINE["learned_events"]
JUDGED_EVENTS = BASELINE["judged_events"]
JUDGED_QUOTES = BASELINE["judged_quotes"]
LEARNED_QUOTES = BASELINE["learned_quotes"]


@pytest.fixture(scope="module")
def dev_scores(learned_pipeline: Pipeline, shared_data: Path) -> dict[str, Any]:
    """Rules, model and fused coder on the fixed dev split of the labelled event sentences."""
    from thucydides.evaluate.learned import evaluate_dev

    return evaluate_dev(learned_pipeline, shared_data)


def _judged_block(scores: dict[str, Any], what: str) -> dict[str, Any]:
    """The judged block of an evaluation, or a skip with its reason."""
    judged = scores["judged"]
    if "skipped" in judged:
        pytest.skip(f"judged news {what} not scored: {judged['skipped']}")
    return judged


@pytest.fixture(scope="module")
def judged_event_scores(event_scores: dict[str, Any]) -> dict[str, Any]:
    """Rules and fused coder on the judged news events (``eval events``' judged block: its limit
    of 300 covers all 20 stories)."""
    return _judged_block(event_scores, "events")


@pytest.fixture(scope="module")
def judged_quote_scores(quote_scores: dict[str, Any]) -> dict[str, Any]:
    """The pipeline's quotes on the judged news sample (``eval quotes``' judged block: its limit
    of 30 covers all 20 stories)."""
    return _judged_block(quote_scores, "quotes")


@pytest.fixture(scope="module")
def learned_quote_scores(fused_quotes_pipeline: Pipeline, shared_data: Path) -> dict[str, Any]:
    """The rules' quotes fused with the attribution tagger (``quotes.coder = "learned"``):
    ``readers.fused`` on PolNeAR, ``judged`` the fused quotes on the news sample."""
    from thucydides.evaluate import evaluate_quotes

    return evaluate_quotes(fused_quotes_pipeline, shared_data, split=QUOTES["split"], limit=QUOTES["limit"])


# (fixture holding the scores, the pinned section of the baseline) for each gated measure
GATES = {
    "actors": ("gate_scores", BASELINE),
    "quotes": ("quote_scores", QUOTES),
    "events": ("event_scores", EVENTS),
    "learned_events": ("dev_scores", LEARNED),
    "judged_events": ("judged_event_scores", JUDGED_EVENTS),
    "judged_quotes": ("judged_quote_scores", JUDGED_QUOTES),
    "learned_quotes": ("learned_quote_scores", LEARNED_QUOTES),
}


@pytest.mark.parametrize(
    ("gate", "dotted", "size"),
    [(gate, dotted, size) for gate, (_, pinned) in GATES.items() for dotted, size in sorted(pinned["sizes"].items())],
)
def test_subset_is_the_pinned_one(request: pytest.FixtureRequest, gate: str, dotted: str, size: int) -> None:
    scores = request.getfixturevalue(GATES[gate][0])
    assert figure(scores, dotted) == size, f"the labelled data changed: re-measure the {gate} pins ({dotted})"


@pytest.mark.parametrize(
    ("gate", "dotted", "pin"),
    [(gate, dotted, pin) for gate, (_, pinned) in GATES.items() for dotted, pin in sorted(pinned["pins"].items())],
)
def test_score_holds_its_pin(request: pytest.FixtureRequest, gate: str, dotted: str, pin: float) -> None:
    fixture, pinned = GATES[gate]
    measured = figure(request.getfixturevalue(fixture), dotted)
    floor = round(pin - BASELINE["tolerance"], 4)
    assert measured is not None and measured >= floor, (
        f"{gate} {dotted} = {measured} is below its pin {pin} - tolerance {BASELINE['tolerance']} ({pinned['command']})"
    )


@pytest.mark.parametrize(("dotted", "ceiling"), sorted(EVENTS["ceilings"].items()))
def test_events_do_not_flood(event_scores: dict[str, Any], dotted: str, ceiling: float) -> None:
    measured = figure(event_scores, dotted)
    roof = round(ceiling + BASELINE["tolerance"], 4)
    assert measured <= roof, (
        f"events {dotted} = {measured} is above its ceiling {ceiling} + tolerance ({EVENTS['command']})"
    )


def test_no_byline_or_dateline_is_taken_for_an_actor(gate_scores: dict[str, Any]) -> None:
    """On the judged sample, no reporter's name or dateline is a person, an actor or a speaker."""
    judged = gate_scores["judged"]
    assert judged["bylines_datelines"] == 137
    assert judged["bylines_datelines_taken_rows"] == 0
