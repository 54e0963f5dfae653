"""Events: the code, who did it to whom, modality, quote links, dates and places.

Every sentence here is written for these tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from thucydides import Pipeline
from thucydides.errors import DataError
from thucydides.events import lexicon as lexicon_module
from thucydides.events.lexicon import load_event_lexicon
from thucydides.records import Analysis, Event

PUBLISHED = dt.date(2024, 3, 15)  # a Friday


def events_of(pipeline: Pipeline, text: str, published: dt.date | None = PUBLISHED) -> list[Event]:
    return list(pipeline.analyze_text(text, published=published).events)


def coded(events: list[Event]) -> list[tuple[str, str | None, str | None, str]]:
    return [
        (e.cameo, e.source.actor if e.source else None, e.target.actor if e.target else None, e.modality)
        for e in events
    ]


# -- the lexicon -----------------------------------------------------------------------------------


def test_codes_carry_label_weight_quad_class_and_plover() -> None:
    lexicon = load_event_lexicon()
    accuse = lexicon.code("112")
    assert (accuse.label, accuse.goldstein, accuse.quad_class, accuse.plover) == (
        "Accuse, not specified below", -2.0, 3, "ACCUSE",
    )  # fmt: skip
    assert lexicon.code("0256").quad_class == 1 and lexicon.code("0256").plover == "REQUEST"
    assert lexicon.code("190").quad_class == 4 and lexicon.code("190").goldstein == -10.0
    assert lexicon.code("042").plover_mode == "visit"
    assert lexicon.code("010").plover is None  # PLOVER drops CAMEO 01 statements


def test_every_trigger_rule_names_a_known_code() -> None:
    lexicon = load_event_lexicon()
    for rules in lexicon.rules.values():
        for rule in rules:
            assert rule.light or rule.code in lexicon.codes, rule


def test_rules_of_a_word_are_tried_most_specific_first() -> None:
    accuse = load_event_lexicon().rules_for("accuse", "verb")
    assert [len(r.conditions) for r in accuse] == sorted((len(r.conditions) for r in accuse), reverse=True)
    assert accuse[-1].code == "112"


def test_a_bad_trigger_row_names_its_file_and_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    real = lexicon_module.data_rows

    def rows(name: str):  # type: ignore[no-untyped-def]
        if name == "triggers.tsv":
            yield (
                7,
                {"lemma": "attack", "pos": "verb", "code": "999", "when": "", "target": "", "flags": "", "note": ""},
            )
        else:
            yield from real(name)

    monkeypatch.setattr(lexicon_module, "data_rows", rows)
    with pytest.raises(DataError, match=r"data/triggers.tsv, line 7: '999' is not a CAMEO code"):
        lexicon_module._rules(lexicon_module._codes())


def test_a_bad_condition_is_refused() -> None:
    with pytest.raises(DataError, match="line 3: condition 'obj' is not key=word"):
        lexicon_module._conditions("obj", "data/triggers.tsv, line 3")


# -- who did what to whom --------------------------------------------------------------------------


def test_subject_verb_object(pipeline: Pipeline) -> None:
    (arrest,) = events_of(pipeline, "Ethiopian police arrested Eritrean refugees in Addis Ababa.")
    assert (arrest.cameo, arrest.source.actor, arrest.target.actor) == ("173", "ETHCOP", "ERIREF")
    assert (arrest.quad_class, arrest.goldstein, arrest.plover) == (4, -5.0, "COERCE")
    assert arrest.trigger_text == "arrested" and arrest.place == "Addis Ababa" and arrest.place_country == "ETH"


def test_relative_clause_subject_and_passive_agent(pipeline: Pipeline) -> None:
    events = events_of(pipeline, "French soldiers who killed Malian civilians were arrested by Malian police.")
    assert coded(events) == [("190", "FRAMIL", "MLICVL", "asserted"), ("173", "MLICOP", "FRAMIL", "asserted")]


def test_coordinated_targets_give_one_event_each(pipeline: Pipeline) -> None:
    events = events_of(pipeline, "Germany urged both Serbia and Kosovo to withdraw troops.")
    assert coded(events) == [("0256", "DEU", "SRB", "asserted"), ("0256", "DEU", "KSV", "asserted")]
    assert {e.trigger_text for e in events} == {"urged"}


def test_a_joint_act_codes_both_directions(pipeline: Pipeline) -> None:
    events = events_of(pipeline, "Greece and Turkey met in Ankara.")
    assert coded(events) == [("040", "GRC", "TUR", "asserted"), ("040", "TUR", "GRC", "asserted")]
    assert {e.place for e in events} == {"Ankara"}


def test_the_forces_sent_act_for_their_country(pipeline: Pipeline) -> None:
    (send,) = events_of(pipeline, "Russia will send troops to Belarus next week.")
    assert (send.cameo, send.source.actor, send.target.actor, send.modality) == ("154", "RUS", "BLR", "future")
    assert (send.date, send.date_precision, send.date_text, send.date_basis) == (
        "2024-W12",
        "week",
        "next week",
        "clause",
    )


def test_no_event_without_a_coded_pair(pipeline: Pipeline) -> None:
    # a base is not an actor; "said" is no event by itself
    assert events_of(pipeline, "Kenyan officials said on Tuesday that unknown gunmen had attacked a base.") == []
    assert events_of(pipeline, "The Chinese foreign minister said the talks were useful.") == []


# -- modality --------------------------------------------------------------------------------------


def test_negation(pipeline: Pipeline) -> None:
    (attack,) = events_of(pipeline, "Turkish troops did not attack Syrian Kurdish fighters on Monday.")
    assert (attack.cameo, attack.source.actor, attack.modality) == ("190", "TURMIL", "negated")
    assert (attack.date, attack.date_basis) == ("2024-03-11", "clause")


def test_a_denied_act_is_negated(pipeline: Pipeline) -> None:
    (sending,) = events_of(pipeline, "Ukraine denied sending troops into Russia.")
    assert (sending.cameo, sending.source.actor, sending.target.actor, sending.modality) == (
        "154", "UKR", "RUS", "negated",
    )  # fmt: skip
    # the denial itself names no other actor than the place, so it is no event of its own


def test_a_modal_makes_it_hypothetical(pipeline: Pipeline) -> None:
    (attack,) = events_of(pipeline, "Iran may attack Israel.")
    assert (attack.source.actor, attack.target.actor, attack.modality) == ("IRN", "ISR", "hypothetical")
    assert (attack.date, attack.date_basis, attack.date_text) == ("2024-03-15", "published", None)


def test_no_publication_date_and_no_date_in_the_text_is_null(pipeline: Pipeline) -> None:
    (attack,) = events_of(pipeline, "Iran may attack Israel.", published=None)
    assert (attack.date, attack.date_basis, attack.date_precision) == (None, None, None)


def test_an_allegation_is_the_claimant_s_act_and_the_claim_is_alleged(pipeline: Pipeline) -> None:
    analysis = pipeline.analyze_text(
        "Kenyan officials alleged that Somalia is arming the Ogaden rebels.", published=PUBLISHED
    )
    accusation = analysis.events[0]
    assert (accusation.cameo, accusation.source.actor, accusation.target.actor, accusation.modality) == (
        "112", "KENGOV", "SOM", "asserted",
    )  # fmt: skip
    (quote,) = analysis.quotes
    assert accusation.quote == quote.id
    claimed = [e for e in analysis.events if e.modality == "alleged"]
    assert all(e.quote == quote.id and e.source.actor == "SOM" for e in claimed)


def test_urged_act_is_hypothetical_and_linked_to_the_appeal(pipeline: Pipeline) -> None:
    analysis = pipeline.analyze_text(
        "Norway urged Colombia to negotiate with the rebels of the National Liberation Army.", published=PUBLISHED
    )
    urge = analysis.events[0]
    assert (urge.cameo[:2], urge.source.actor, urge.target.actor, urge.modality) == ("02", "NOR", "COL", "asserted")
    assert urge.quote is not None


# -- the reference article -------------------------------------------------------------------------


def by_trigger(analysis: Analysis) -> dict[str, list[Event]]:
    found: dict[str, list[Event]] = {}
    for event in analysis.events:
        found.setdefault(event.trigger_text, []).append(event)
    return found


def test_reference_article_events(reference_analysis: Analysis) -> None:
    events = by_trigger(reference_analysis)
    (sent,) = events["sent"]
    assert (sent.source.actor, sent.target.country, sent.place, sent.modality) == (
        "USAMIL",
        "AFG",
        "Helmand",
        "asserted",
    )
    assert (sent.date, sent.date_basis) == ("2009-W29", "governing")  # "two weeks ago" of the sentence's main clause
    (visit,) = events["visit"]
    assert (visit.cameo, visit.source.actor, visit.target.actor, visit.date, visit.date_basis) == (
        "042", "USAMIL", "PAK", "2009-07-26", "clause",
    )  # fmt: skip
    urged = {(e.cameo, e.source.actor, e.target.actor) for e in events["urging"]}
    assert urged == {("0256", "USAGOV", "IND"), ("0256", "USAGOV", "PAK")}
    (asking,) = events["asking"]
    assert (asking.source.country, asking.target.country, asking.modality) == ("PAK", "USA", "reported")
    assert asking.quote is not None
    (accused,) = events["accused"]
    assert (accused.cameo, accused.source.actor, accused.target.actor, accused.date) == (
        "112", "PAKGOV", "AFGGOV", "2009-W30",
    )  # fmt: skip
    assert accused.source.person is not None
    (colluding,) = events["colluding"]
    assert (colluding.source.actor, colluding.target.actor, colluding.modality, colluding.quote) == (
        "AFGGOV", "IND", "alleged", accused.quote,
    )  # fmt: skip
    (alleged,) = events["alleged"]
    assert (alleged.cameo, alleged.source.country, alleged.target.actor, alleged.modality) == (
        "112", "PAK", "IND", "asserted",
    )  # fmt: skip
    (foment,) = events["foment"]
    assert (foment.source.country, foment.modality, foment.quote) == ("IND", "alleged", alleged.quote)
    (deny,) = events["deny"]
    assert (deny.cameo, deny.source.actor, deny.modality) == ("016", "PAKGOV", "asserted")
    (embraced,) = events["embraced"]
    assert (embraced.source.actor, embraced.target.actor, embraced.modality) == ("PAKMIL", "AFGGOV", "negated")


def test_reference_article_has_no_plain_fact_of_india_attacking_pakistan(reference_analysis: Analysis) -> None:
    india_on_pakistan = [
        e for e in reference_analysis.events
        if e.source and e.source.country == "IND" and e.target and e.target.country == "PAK"
    ]  # fmt: skip
    assert india_on_pakistan and all(e.modality != "asserted" for e in india_on_pakistan)
    assert not [e for e in reference_analysis.events if e.cameo == "010"]  # no statement flood


# -- announced acts, light verbs, targets beyond the first slot ------------------------------------


def test_an_announced_visit_is_an_intent_to_meet(pipeline: Pipeline) -> None:
    (visit,) = events_of(pipeline, "The Egyptian president will visit Sudan next week.")
    assert (visit.cameo, visit.cameo_label, visit.plover, visit.modality) == (
        "036", "Express intent to meet or negotiate", "AGREE", "future",
    )  # fmt: skip
    assert (visit.source.actor, visit.target.actor, visit.date) == ("EGYGOV", "SDN", "2024-W12")


def test_an_announced_attack_is_a_threat(pipeline: Pipeline) -> None:
    (threat,) = events_of(pipeline, "Hamas will attack Israel, its leader said.")
    assert (threat.cameo, threat.quad_class, threat.target.actor, threat.modality) == ("138", 3, "ISR", "future")


def test_a_light_verb_takes_the_code_of_its_object_noun(pipeline: Pipeline) -> None:
    (strikes,) = events_of(
        pipeline, "The U.S. military launched air and artillery strikes on Syrian government-backed troops."
    )
    assert (strikes.cameo, strikes.source.actor, strikes.target.actor, strikes.trigger_text) == (
        "194", "USAMIL", "SYRMIL", "launched",
    )  # fmt: skip


def test_an_object_that_is_no_actor_lets_the_next_words_give_the_target(pipeline: Pipeline) -> None:
    (rejection,) = events_of(pipeline, "The Taliban on Sunday rejected an offer from the Afghan government.")
    assert (rejection.cameo[:2], rejection.source.actor, rejection.target.actor) == ("12", "AFGINSTAL", "AFGGOV")
    assert (rejection.date, rejection.date_text) == ("2024-03-10", "Sunday")
    assert rejection.confidence < 0.8  # the target was found beyond the rule's slots


def test_a_threat_against_a_country_s_things_targets_the_country(pipeline: Pipeline) -> None:
    (threat,) = events_of(pipeline, "Iran threatened to shell Iraqi towns today.")
    assert (threat.cameo[:2], threat.source.actor, threat.target.actor, threat.target.text) == (
        "13", "IRN", "IRQ", "Iraqi towns",
    )  # fmt: skip
    # the threatened shelling is not coded a second time as an act of its own


def test_a_threat_s_target_may_sit_in_its_condition(pipeline: Pipeline) -> None:
    (threat,) = events_of(pipeline, "Russia has threatened to stop negotiations if the United States deploys missiles.")
    assert (threat.cameo, threat.source.actor, threat.target.actor) == ("134", "RUS", "USA")


def test_an_object_behind_a_dashed_aside_is_found(pipeline: Pipeline) -> None:
    (fight,) = events_of(
        pipeline, "For years the Nigerian army has been battling - far from any camera - Boko Haram in the forests."
    )
    assert (fight.cameo, fight.source.actor, fight.target.actor, fight.trigger_text) == (
        "190", "NGAMIL", "NGAREBBKH", "battling",
    )  # fmt: skip


def test_reference_article_military_battling_baluch_separatists(reference_analysis: Analysis) -> None:
    (battle,) = by_trigger(reference_analysis)["battling"]
    assert (battle.cameo, battle.source.actor, battle.target.actor, battle.modality) == (
        "190", "PAKMIL", "PAKSEP", "asserted",
    )  # fmt: skip
