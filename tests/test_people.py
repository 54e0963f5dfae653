"""People in today's news: short forms and surnames linked, and the dated office table for 2012-2025.

Every sentence here was written for these tests.
"""

from __future__ import annotations

import datetime as dt

import pytest

from thucydides import Analysis, Pipeline
from thucydides.actors.lexicon import load_lexicon
from thucydides.records import Person, RawDocument

IN_2016 = dt.date(2016, 5, 1)
IN_2025 = dt.date(2025, 6, 15)


def analyse(pipeline: Pipeline, text: str, published: dt.date) -> Analysis:
    return pipeline.analyze(RawDocument(id="story", text=text, origin="test", published=published))


def mentions(analysis: Analysis, person: Person) -> list[str]:
    return [analysis.document.text[start:end] for start, end in person.mentions]


def test_mr_and_president_with_a_surname_are_the_person_named_before(pipeline: Pipeline) -> None:
    analysis = analyse(
        pipeline,
        "President Vladimir Putin said on Monday that the talks would resume. "
        "Mr Putin added that Russia was ready to help.",
        IN_2016,
    )
    (putin,) = analysis.people
    assert (putin.name, putin.actor, putin.coded_by) == ("Vladimir Putin", "RUSGOV", "office")
    assert mentions(analysis, putin) == ["President Vladimir Putin", "Mr Putin"]


def test_a_surname_alone_is_coded_when_one_office_holder_has_it(pipeline: Pipeline) -> None:
    (erdogan,) = analyse(pipeline, "Erdogan met reporters in Ankara on Tuesday.", IN_2016).people
    assert (erdogan.name, erdogan.actor, erdogan.country) == ("Erdogan", "TURGOV", "TUR")


def test_short_forms_and_diacritics_are_one_person(pipeline: Pipeline) -> None:
    analysis = analyse(
        pipeline,
        "Recep Tayyip Erdoğan met reporters in Ankara. Tayyip Erdogan said Turkey would act. "
        "Later, Erdogan left for Istanbul.",
        IN_2016,
    )
    (erdogan,) = analysis.people
    assert (erdogan.name, erdogan.actor) == ("Recep Tayyip Erdoğan", "TURGOV")
    assert mentions(analysis, erdogan) == ["Recep Tayyip Erdoğan", "Tayyip Erdogan", "Erdogan"]


def test_a_particle_dropped_is_the_same_person(pipeline: Pipeline) -> None:
    analysis = analyse(
        pipeline,
        "Abdel Fattah al-Sisi met Bashar al-Assad in Cairo. Assad said the war was ending. Sisi agreed.",
        IN_2016,
    )
    coded = {p.name: (p.actor, len(p.mentions)) for p in analysis.people}
    assert coded == {"Abdel Fattah al-Sisi": ("EGYGOV", 2), "Bashar al-Assad": ("SYRGOV", 2)}


def test_a_surname_before_the_full_name_is_linked_to_it(pipeline: Pipeline) -> None:
    analysis = analyse(
        pipeline, "Assad said the offensive would go on. Syrian President Bashar al-Assad spoke in Damascus.", IN_2016
    )
    (assad,) = analysis.people
    assert (assad.name, assad.actor) == ("Bashar al-Assad", "SYRGOV")


def test_a_surname_first_name_is_linked_by_its_first_word(pipeline: Pipeline) -> None:
    analysis = analyse(pipeline, "Kim Jong Un watched the launch. Kim said the test was a success.", IN_2016)
    (kim,) = analysis.people
    assert (kim.name, kim.actor) == ("Kim Jong Un", "PRKGOV")
    assert mentions(analysis, kim) == ["Kim Jong Un", "Kim"]


def test_an_honorific_without_a_full_stop_is_a_title(pipeline: Pipeline) -> None:
    (merkel,) = analyse(pipeline, "Ms Merkel told the Bundestag that Germany would help.", IN_2016).people
    assert (merkel.name, merkel.title, merkel.actor) == ("Merkel", "Ms", "DEUGOV")


@pytest.mark.parametrize(
    ("sentence", "name", "code"),
    [
        ("Keir Starmer met reporters in London.", "Keir Starmer", "GBRGOV"),
        ("Friedrich Merz spoke in Berlin.", "Friedrich Merz", "DEUGOV"),
        ("Mark Carney spoke in Ottawa.", "Mark Carney", "CANGOV"),
        ("Claudia Sheinbaum answered questions in Mexico City.", "Claudia Sheinbaum", "MEXGOV"),
        ("Masoud Pezeshkian addressed parliament in Tehran.", "Masoud Pezeshkian", "IRNGOV"),
        ("Lee Jae-myung visited the border.", "Lee Jae-myung", "KORGOV"),
        ("Antonio Guterres called for a ceasefire.", "Antonio Guterres", "IGOUNO"),
    ],
)
def test_a_2025_story_codes_the_sitting_leaders(pipeline: Pipeline, sentence: str, name: str, code: str) -> None:
    person = next(p for p in analyse(pipeline, sentence, IN_2025).people if p.name == name)
    assert (person.actor, person.coded_by) == (code, "office")


def test_an_international_office_has_no_country(pipeline: Pipeline) -> None:
    (ban,) = analyse(pipeline, "Ban Ki-moon urged both sides to talk.", IN_2016).people
    assert (ban.actor, ban.country) == ("IGOUNO", None)


def test_a_surname_two_office_holders_share_is_left_uncoded(pipeline: Pipeline) -> None:
    # In 2016 Pakistan's prime minister and its army chief were both called Sharif.
    text = "Sharif told reporters in Islamabad that the talks would go on."
    (sharif,) = analyse(pipeline, text, IN_2016).people
    assert sharif.actor is None


def test_a_title_picks_the_office_holder_among_namesakes(pipeline: Pipeline) -> None:
    text = "Prime Minister Sharif told reporters that the talks would go on."
    (sharif,) = analyse(pipeline, text, IN_2016).people
    assert (sharif.actor, sharif.coded_by) == ("PAKGOV", "office")


def test_a_title_that_does_not_fit_the_office_codes_nobody_from_the_table(pipeline: Pipeline) -> None:
    # The one Putin in office in 2016 was president, not king.
    (putin,) = analyse(pipeline, "King Putin opened the session.", IN_2016).people
    assert (putin.actor, putin.coded_by) == ("---GOV", "text")  # the title's role, no country


def test_a_former_office_holder_in_a_later_year_is_an_elite(pipeline: Pipeline) -> None:
    (karzai,) = analyse(pipeline, "Hamid Karzai told reporters in Kabul that he was worried.", IN_2016).people
    assert (karzai.actor, karzai.coded_by) == ("AFGELI", "office")


def test_a_term_the_codebook_leaves_open_is_not_current_years_later(pipeline: Pipeline) -> None:
    # The 2011 codebook still has this minister in office; in 2016 he is a former one.
    in_2011 = analyse(
        pipeline, "Kenneth Clarke told reporters in London that the plan would fail.", dt.date(2011, 6, 1)
    )
    in_2016 = analyse(pipeline, "Kenneth Clarke told reporters in London that the plan would fail.", IN_2016)
    assert (in_2011.people[0].actor, in_2016.people[0].actor) == ("GBRGOVJUD", "GBRELI")


def test_the_hand_rows_replace_the_open_codebook_terms() -> None:
    terms = [t for t in load_lexicon().office_terms if t.name == "Mwai Kibaki" and t.code == "KENGOV"]
    assert [(t.start, t.end) for t in terms] == [(dt.date(2002, 12, 30), dt.date(2013, 4, 9))]
    # no codebook term is left open: an open end is a hand row's "still in office"
    open_old = [t for t in load_lexicon().office_terms if t.end is None and t.start and t.start.year < 2012]
    assert {"Ayatollah Khamenei", "Mahmoud Abbas", "Sergei Lavrov"} <= {t.name for t in open_old}
    assert "Manmohan Singh" not in {t.name for t in open_old}


def test_a_later_first_word_is_the_same_person_when_no_one_else_fits(pipeline: Pipeline) -> None:
    text = "Envoy Quonh Taverlo arrived on Monday. Quonh told reporters the talks would resume."
    analysis = analyse(pipeline, text, dt.date(2016, 5, 1))
    (person,) = analysis.people
    assert (person.name, mentions(analysis, person)) == ("Quonh Taverlo", ["Envoy Quonh Taverlo", "Quonh"])


@pytest.mark.parametrize(
    ("text", "name", "code"),
    [
        # the role noun that modifies the next names the institution ...
        ("Opposition delegate Marta Velig of Syria said the talks had failed.", "Marta Velig", "SYROPP"),
        # ... a possessor does not
        ("Chicago State's Attorney Anita Marvez said the case was closed.", "Anita Marvez", "USAJUD"),
    ],
)
def test_the_institution_in_a_title_decides_the_role(pipeline: Pipeline, text: str, name: str, code: str) -> None:
    analysis = analyse(pipeline, text, dt.date(2016, 5, 1))
    assert {p.name: p.actor for p in analysis.people}[name] == code


def test_a_first_word_with_a_description_of_its_own_is_another_person(pipeline: Pipeline) -> None:
    text = "Official Wanjiru Otieno met envoys on Monday. Separately, Wanjiru, a farmer, said her land was seized."
    analysis = analyse(pipeline, text, IN_2016)
    assert [p.name for p in analysis.people] == ["Wanjiru Otieno", "Wanjiru"]
