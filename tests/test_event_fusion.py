"""The learned coder: rule events the model agrees with, events only the model finds (one side
named or both), sentences the model reads as no event, and the rules alone."""

from __future__ import annotations

import pytest

from thucydides.events.fusion import MODEL_ROOTS, model_type
from thucydides.events.lexicon import load_event_lexicon
from thucydides.pipeline import Pipeline
from thucydides.records import Event
from thucydides.settings import load_settings


def _events(pipeline: Pipeline, text: str) -> list[Event]:
    return list(pipeline.analyze_text(text, title="").events)


def _brief(event: Event) -> tuple[str, str | None, str | None, str, str]:
    return (
        event.cameo,
        event.source.actor if event.source else None,
        event.target.actor if event.target else None,
        event.coded_by,
        event.modality,
    )


def test_each_model_type_has_a_root_code_of_that_type() -> None:
    lexicon = load_event_lexicon()
    for kind, root in MODEL_ROOTS.items():
        code = lexicon.code(root)
        assert len(root) == 2
        assert model_type(code.plover) == kind


def test_a_rule_event_the_model_agrees_with_is_coded_by_both(learned_pipeline: Pipeline) -> None:
    (event,) = _events(learned_pipeline, "The United States imposed new sanctions on North Korea.")
    assert _brief(event) == ("163", "USA", "PRK", "both", "asserted")
    assert event.confidence > 0.9


def test_the_model_finds_an_attack_whose_victims_are_named_alone(learned_pipeline: Pipeline) -> None:
    text = "Two Afghan soldiers were killed by a roadside bomb in Kandahar on Sunday."
    with learned_pipeline.events.rules_only():
        assert _events(learned_pipeline, text) == []
    (event,) = _events(learned_pipeline, text)
    assert event.coded_by == "model"
    assert event.plover == "ASSAULT" and event.quad_class == 4
    assert event.trigger_text == "killed"
    # one side named: the soldiers, whoever the text takes them for; no invented doer
    named = [party.actor for party in (event.source, event.target) if party is not None]
    assert named == ["AFGMIL"]


def test_an_offensive_with_no_target_keeps_that_side_empty(learned_pipeline: Pipeline) -> None:
    (event,) = _events(learned_pipeline, "Turkish troops launched an offensive at dawn.")
    assert _brief(event) == ("190", "TURMIL", None, "model", "asserted")


def test_an_allegation_the_model_finds_is_still_alleged(learned_pipeline: Pipeline) -> None:
    text = "Pakistan accused India of backing militants in Baluchistan."
    briefs = [_brief(event) for event in _events(learned_pipeline, text)]
    assert ("112", "PAK", "IND", "both", "asserted") in briefs
    alleged = [brief for brief in briefs if brief[0][:2] != "11"]
    assert alleged and all(brief[4] == "alleged" for brief in alleged)


def test_a_description_gives_no_event(learned_pipeline: Pipeline) -> None:
    assert _events(learned_pipeline, "The Venezuelan economy shrank by a tenth last year.") == []


def test_the_rules_alone_run_without_the_model() -> None:
    settings = load_settings().with_overrides(events={"coder": "rules"})
    rules = Pipeline(settings)
    assert rules.events.fusion is None
    events = _events(rules, "The United States imposed new sanctions on North Korea.")
    assert [_brief(event) for event in events] == [("163", "USA", "PRK", "rules", "asserted")]
    assert _events(rules, "Turkish troops launched an offensive at dawn.") == []


def test_the_learned_coder_without_its_model_file_names_the_file(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    from thucydides.errors import ModelFileError
    from thucydides.models import event_model

    monkeypatch.setattr(event_model, "FILES", tmp_path)
    event_model.shipped_model.cache_clear()
    try:
        with pytest.raises(ModelFileError, match=r"events\.json: the model's manifest is missing"):
            Pipeline()
    finally:
        monkeypatch.undo()
        event_model.shipped_model.cache_clear()
