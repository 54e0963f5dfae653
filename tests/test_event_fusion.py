"""The learned coder: rule events the model agrees with, events only the model finds (one side
named or both), sentences the model reads as no event, and the rules alone."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import ClassVar

import numpy as np
import pytest

from thucydides.events.fusion import Fusion, Thresholds, model_type
from thucydides.models.event_model import QUADS, TYPES, PartySpan, SentencePrediction
from thucydides.pipeline import Pipeline
from thucydides.records import Analysis, Event
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


def test_the_lexicon_types_read_as_the_model_s() -> None:
    assert (model_type("CONCEDE"), model_type("RETREAT"), model_type("ASSAULT"), model_type(None)) == (
        "YIELD", "YIELD", "ASSAULT", None,
    )  # fmt: skip


def test_the_reference_article_keeps_the_rules_events_under_the_learned_coder(
    reference_analysis: Analysis, learned_reference_analysis: Analysis
) -> None:
    # every event the reference-article tests ask of the rules, with the same code, parties and
    # modality: the model agrees with most, retypes none to a code its word does not report,
    # and adds no event no trigger word reports
    def keys(analysis: Analysis) -> list[tuple]:
        # the quote an event is read from by its content: the fused quotes number theirs anew
        content = {quote.id: quote.content for quote in analysis.quotes}
        return sorted(
            (*_brief(event)[:3], event.trigger_span, event.modality, content.get(event.quote or ""))
            for event in analysis.events
        )

    assert keys(learned_reference_analysis) == keys(reference_analysis)
    coded_by = Counter(event.coded_by for event in learned_reference_analysis.events)
    assert set(coded_by) == {"both", "rules"}
    assert coded_by["both"] >= 10
    allegations = [e for e in learned_reference_analysis.events if e.trigger_text in ("colluding", "foment")]
    assert [e.modality for e in allegations] == ["alleged", "alleged"]


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


# -- the fusion's steps, with a stand-in model that reads every sentence the same way ----------


class _SureModel:
    """Reads every sentence as ``quad`` and ``kind`` with probability ``p``, its source the
    sentence's first ``source_words`` characters (no party when 0)."""

    manifest: ClassVar[dict] = {}

    def __init__(self, quad: str, kind: str, p: float = 0.97, source_words: int = 0) -> None:
        self.quad, self.kind, self.p, self.source_words = quad, kind, p, source_words

    def predict(self, texts: Sequence[str]) -> list[SentencePrediction]:
        quads = np.full(len(QUADS), (1 - self.p) / (len(QUADS) - 1))
        quads[QUADS.index(self.quad)] = self.p
        types = np.full(len(TYPES), (1 - self.p) / (len(TYPES) - 1))
        types[TYPES.index(self.kind)] = self.p
        spans = (PartySpan("source", 0, self.source_words, self.p),) if self.source_words else ()
        return [SentencePrediction(quads, types, spans, np.log(quads)) for _ in texts]


@contextmanager
def _reading(pipeline: Pipeline, model: _SureModel, thresholds: Thresholds) -> Iterator[None]:
    stage = pipeline.events
    kept = stage.fusion
    stage.fusion = Fusion(model, stage.lexicon, thresholds)  # type: ignore[arg-type]
    try:
        yield
    finally:
        stage.fusion = kept


STEPS = Thresholds(event=0.6, statement=0.9, drop=0.9, retype=0.9, retype_type=0.95)


def test_thresholds_come_from_the_manifest_and_null_turns_a_step_off() -> None:
    chosen = Thresholds.of({"fusion": {"event": 0.7, "retype": None, "chosen_by": "a note"}})
    assert (chosen.event, chosen.retype, chosen.drop, chosen.statement) == (0.7, None, 0.9, None)
    assert chosen.reached("event", 0.7) and not chosen.reached("event", 0.69)
    assert not chosen.reached("retype", 1.0)
    assert Thresholds.of({}) == Thresholds()


def test_a_rule_event_is_retyped_only_to_another_sense_of_its_own_word(learned_pipeline: Pipeline) -> None:
    # "visit" has no rule of a rejection: the model's class is not the word's, the rules' code stays
    with _reading(learned_pipeline, _SureModel("3", "REJECT"), STEPS):
        assert [_brief(e) for e in _events(learned_pipeline, "The Egyptian president visited Sudan.")] == [
            ("042", "EGYGOV", "SDN", "rules", "asserted")
        ]
    # "charge" reports an arrest (173) or an accusation (112): the model picks the sense
    text = "Indian police charged Pakistani diplomats with spying."
    with learned_pipeline.events.rules_only():
        (rules,) = _events(learned_pipeline, text)
    assert _brief(rules)[:3] == ("173", "INDCOP", "PAKGOV")
    with _reading(learned_pipeline, _SureModel("3", "ACCUSE"), STEPS):
        assert [_brief(e) for e in _events(learned_pipeline, text)] == [("112", "INDCOP", "PAKGOV", "both", "asserted")]
    with _reading(learned_pipeline, _SureModel("3", "ACCUSE", p=0.85), STEPS):  # not sure enough
        assert [_brief(e)[0] for e in _events(learned_pipeline, text)] == ["173"]


def test_a_rule_event_the_model_is_sure_is_no_event_is_dropped(learned_pipeline: Pipeline) -> None:
    text = "The Egyptian president visited Sudan."
    with _reading(learned_pipeline, _SureModel("none", "CONSULT"), STEPS):
        assert _events(learned_pipeline, text) == []
    with _reading(learned_pipeline, _SureModel("none", "CONSULT"), Thresholds(drop=None)):
        assert [_brief(e)[3] for e in _events(learned_pipeline, text)] == ["rules"]


def test_a_statement_only_the_model_reads_is_coded_010_when_that_step_is_on(learned_pipeline: Pipeline) -> None:
    text = "The Egyptian foreign minister said the talks had been useful."
    with learned_pipeline.events.rules_only():
        assert _events(learned_pipeline, text) == []
    with _reading(learned_pipeline, _SureModel("0", "CONSULT"), Thresholds(statement=None)):
        assert _events(learned_pipeline, text) == []
    minister = len("The Egyptian foreign minister")
    with _reading(learned_pipeline, _SureModel("0", "CONSULT", source_words=minister), STEPS):
        (statement,) = _events(learned_pipeline, text)
    assert (_brief(statement), statement.trigger_text) == (("010", "EGYGOV", None, "model", "asserted"), "said")
    with _reading(learned_pipeline, _SureModel("0", "CONSULT"), STEPS):
        assert _events(learned_pipeline, text) == []  # no source the model names: no statement


def test_a_word_of_the_model_s_class_but_not_its_type_reports_the_act_when_that_step_is_on(
    learned_pipeline: Pipeline,
) -> None:
    text = "Iranian students staged a protest on Sunday."
    with learned_pipeline.events.rules_only():
        assert _events(learned_pipeline, text) == []  # no target: the rules code no one-sided protest
    students = len("Iranian students")
    reading = _SureModel("4", "ASSAULT", source_words=students)  # material conflict, but not a protest
    with _reading(learned_pipeline, reading, Thresholds(event=0.6, event_class=None)):
        assert _events(learned_pipeline, text) == []  # no word of the sentence reports an assault
    with _reading(learned_pipeline, reading, Thresholds(event=0.6, event_class=0.8)):
        (protest,) = _events(learned_pipeline, text)
    assert (_brief(protest), protest.trigger_text) == (("141", "IRNEDU", None, "model", "asserted"), "protest")


def test_a_model_event_takes_the_sides_its_word_s_rule_names_and_a_verbal_act_needs_its_speaker(
    learned_pipeline: Pipeline,
) -> None:
    # the model tags no party here: the target is the one "against" gives the rule's slot
    with learned_pipeline.events.rules_only():
        assert _events(learned_pipeline, "Attacks against Iran grew on Sunday.") == []  # no doer: no rule event
    with _reading(learned_pipeline, _SureModel("4", "ASSAULT"), Thresholds(event=0.6)):
        (attacks,) = _events(learned_pipeline, "Attacks against Iran grew on Sunday.")
    assert (_brief(attacks), attacks.trigger_text) == (("190", None, "IRN", "model", "asserted"), "Attacks")
    # an accusation is a speaker's act: with no one named making it, no event
    with _reading(learned_pipeline, _SureModel("3", "ACCUSE"), Thresholds(event=0.6)):
        assert _events(learned_pipeline, "Accusations against Iran grew on Sunday.") == []
