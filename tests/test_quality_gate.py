"""Quality gate: actor coding and quotes on fixed subsets of the labelled sets must not fall below their pins.

The pins live in ``quality_baseline.json`` beside this file; a score may drop by at most the
file's ``tolerance`` (noise) below its pin. Lowering a pin is a deliberate, reviewed change.
Needs ``../shared/data`` (skipped with the reason when it is absent); about 10 s.
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


@pytest.mark.parametrize(("dotted", "size"), sorted(BASELINE["sizes"].items()))
def test_subset_is_the_pinned_one(gate_scores: dict[str, Any], dotted: str, size: int) -> None:
    assert figure(gate_scores, dotted) == size, f"the labelled data changed: re-measure the pins ({dotted})"


@pytest.mark.parametrize(("dotted", "pin"), sorted(BASELINE["pins"].items()))
def test_score_holds_its_pin(gate_scores: dict[str, Any], dotted: str, pin: float) -> None:
    measured = figure(gate_scores, dotted)
    floor = round(pin - BASELINE["tolerance"], 4)
    assert measured is not None and measured >= floor, (
        f"{dotted} = {measured} is below its pin {pin} - tolerance {BASELINE['tolerance']} ({BASELINE['command']})"
    )


QUOTES = BASELINE["quotes"]


@pytest.fixture(scope="module")
def quote_scores(pipeline: Pipeline, shared_data: Path) -> dict[str, Any]:
    from thucydides.evaluate import evaluate_quotes

    return evaluate_quotes(pipeline, shared_data, split=QUOTES["split"], limit=QUOTES["limit"])


@pytest.mark.parametrize(("dotted", "size"), sorted(QUOTES["sizes"].items()))
def test_quote_subset_is_the_pinned_one(quote_scores: dict[str, Any], dotted: str, size: int) -> None:
    assert figure(quote_scores, dotted) == size, f"the labelled data changed: re-measure the quote pins ({dotted})"


@pytest.mark.parametrize(("dotted", "pin"), sorted(QUOTES["pins"].items()))
def test_quote_score_holds_its_pin(quote_scores: dict[str, Any], dotted: str, pin: float) -> None:
    measured = figure(quote_scores, dotted)
    floor = round(pin - BASELINE["tolerance"], 4)
    assert measured is not None and measured >= floor, (
        f"quotes {dotted} = {measured} is below its pin {pin} - tolerance {BASELINE['tolerance']} ({QUOTES['command']})"
    )
