"""The quotes stage: who said what, in the shapes news uses. Every sentence was written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from thucydides import Analysis, Pipeline
from thucydides.quotes import quote_marks

PUBLISHED = dt.date(2023, 3, 1)


def analyse(pipeline: Pipeline, text: str) -> Analysis:
    return pipeline.analyze_text(text, published=PUBLISHED, title="Test")


def summary(analysis: Analysis) -> list[tuple]:
    """(kind, content, cue, speaker text, speaker actor, anonymous) per quote."""
    return [
        (
            q.kind,
            q.content,
            q.cue_text,
            q.speaker.text if q.speaker else None,
            q.speaker.actor if q.speaker else None,
            q.speaker.anonymous if q.speaker else None,
        )
        for q in analysis.quotes
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '"We will not retreat from the border," said Farid Noori, a spokesman for the Afghan army.',
            [
                (
                    "direct",
                    "We will not retreat from the border",
                    "said",
                    "Farid Noori, a spokesman for the Afghan army",
                    "AFGMIL",
                    False,
                )
            ],
        ),
        (
            "Indian officials said that talks would resume next week.",
            [("indirect", "that talks would resume next week", "said", "Indian officials", "INDGOV", True)],
        ),
        (
            'Chinese diplomats said the truce was "holding for now" despite the shelling.',
            [
                (
                    "mixed",
                    'the truce was "holding for now" despite the shelling',
                    "said",
                    "Chinese diplomats",
                    "CHNGOV",
                    True,
                )
            ],
        ),
        (
            "According to Kenyan police, the attackers fled across the border.",
            [("indirect", "the attackers fled across the border", "According", "Kenyan police", "KENCOP", False)],
        ),
        (
            "It is widely believed by Western diplomats that the talks will fail.",
            [("indirect", "that the talks will fail", "believed", "Western diplomats", "WSTGOV", True)],
        ),
        (
            "It is feared that the dam may collapse within days.",
            [("indirect", "that the dam may collapse within days", "feared", None, None, None)],
        ),
        (
            "Iraqi officials deny that the militia fired the rockets.",
            [("indirect", "that the militia fired the rockets", "deny", "Iraqi officials", "IRQGOV", True)],
        ),
        (
            "The Egyptian army issued a statement on Sunday. It said that two soldiers were killed.",
            [("indirect", "that two soldiers were killed", "said", "It", "EGYMIL", False)],
        ),
    ],
)
def test_shapes_of_attribution(pipeline: Pipeline, text: str, expected: list[tuple]) -> None:
    assert summary(analyse(pipeline, text)) == expected


def test_a_quote_split_around_its_cue_is_one_quote(pipeline: Pipeline) -> None:
    analysis = analyse(pipeline, '"The talks," said Leila Haddad, a Lebanese diplomat, "will resume in June."')
    (quote,) = analysis.quotes
    text = analysis.document.text
    assert [text[s:e] for s, e in quote.spans] == ["The talks", "will resume in June."]
    assert (quote.kind, quote.speaker.name, quote.speaker.actor) == ("direct", "Leila Haddad", "LBNGOV")


def test_a_quotation_running_on_keeps_its_speaker(pipeline: Pipeline) -> None:
    analysis = analyse(
        pipeline, '"The road is open," said Karim Aziz, a Pakistani police chief. "Trucks are moving again."'
    )
    (quote,) = analysis.quotes
    assert quote.content == "The road is open Trucks are moving again."
    assert (quote.speaker.name, quote.speaker.actor, len(quote.spans)) == ("Karim Aziz", "PAKCOP", 2)


def test_a_quotation_reopened_in_the_next_paragraph_runs_on(pipeline: Pipeline) -> None:
    text = (
        'Tahir Shah, a Pakistani senator, said: "The first part runs to the end of the paragraph.'
        '\n\n"The second part ends here."'
    )
    (quote,) = analyse(pipeline, text).quotes
    assert quote.content == "The first part runs to the end of the paragraph. The second part ends here."
    assert (quote.speaker.name, quote.speaker.actor) == ("Tahir Shah", "PAKLEG")


def test_an_accusation_keeps_the_accused_and_the_charge(pipeline: Pipeline) -> None:
    (quote,) = analyse(pipeline, "Defence Minister Khawaja Asif accused India of shelling civilian areas.").quotes
    assert (quote.kind, quote.cue_type, quote.content) == ("indirect", "allegation", "India of shelling civilian areas")
    assert quote.about == ("IND",)
    assert quote.speaker.actor == "PAKGOV"


def test_a_nominal_cue_with_its_possessor(pipeline: Pipeline) -> None:
    analysis = analyse(pipeline, "Israeli officials dismissed Hamas's claim that the hostages had been moved.")
    claims = [q for q in analysis.quotes if q.cue_text == "claim"]
    assert [(q.cue_type, q.content, q.speaker.text, q.speaker.actor) for q in claims] == [
        ("allegation", "that the hostages had been moved", "Hamas", "PSEREBHMS")
    ]


@pytest.mark.parametrize(
    "text",
    [
        'He said "this never ends and runs on.\n\nThe next paragraph is story text with no quotation.',
        '"' + "The whole article is one quotation that never closes. " * 30,
        "\"They called it 'a betrayal' of the accord,\" said the spokesman.",
        '"Nobody knows who wrote this," the note read. "Or why."',
        '""',
        '"',
    ],
)
def test_bad_quotation_marks_never_break_the_document(pipeline: Pipeline, text: str) -> None:
    analysis = analyse(pipeline, text)
    for quote in analysis.quotes:
        for start, end in quote.spans:
            assert 0 <= start <= end <= len(analysis.document.text)


def test_an_unclosed_mark_stops_at_its_paragraph() -> None:
    text = 'He said "this never ends.\n\nThe next paragraph is story text.'
    assert quote_marks(text) == [(9, 25)]


def test_nested_single_quotes_stay_inside_one_quote(pipeline: Pipeline) -> None:
    (quote,) = analyse(pipeline, "\"They called it 'a betrayal' of the accord,\" said the Turkish spokesman.").quotes
    assert quote.content == "They called it 'a betrayal' of the accord"
    assert quote.speaker.actor == "TURGOV"


class TestReferenceArticle:
    """Every quote and claim a careful reader finds in the 2009 TIME article, and nothing invented."""

    @staticmethod
    def find(analysis: Analysis, words: str):
        found = [q for q in analysis.quotes if words in q.content]
        assert len(found) == 1, f"{words!r}: {len(found)} quotes"
        return found[0]

    @pytest.mark.parametrize(
        ("words", "kind", "speaker", "actor", "anonymous"),
        [
            (
                "What the Pakistanis are asking",
                "direct",
                "a senior Western diplomat familiar with the discussions",
                "WSTGOV",
                True,
            ),
            ("There is a genuine concern", "direct", "Ayesha Siddiqa", "PAKEDU", False),
            ("less to do with the actual movement", "direct", "Ayesha Siddiqa", "PAKEDU", False),
            ("Pakistan will find itself in a fix", "direct", "Ayesha Siddiqa", "PAKEDU", False),
            ('"party to the dismantling', "mixed", "Rustam Shah Mohmand", "PAKELI", False),
            ("the best outcome for the U.S.", "indirect", "Rustam Shah Mohmand", "PAKELI", False),
            ("the U.S. presence in Afghanistan is unsustainable", "direct", "Rustam Shah Mohmand", "PAKELI", False),
            ("Pakistan cannot fight all kinds", "direct", "Hasan Askari-Rizvi", "---EDU", False),  # an analyst
            ("key leadership structure is based in Quetta", "indirect", "Pakistani authorities", "PAKGOV", False),
            ("the Karzai government of colluding with India", "indirect", "Rehman Malik", "PAKGOV", False),
            ("India is using its four consulates", "indirect", "Pakistani officials", "PAKGOV", True),
            ("elements within the military establishment", "indirect", "critics", "---OPP", True),
            ("Mullah Omar, leader of the Afghan Taliban", "indirect", "Western intelligence agencies", "WSTSPY", False),
        ],
    )
    def test_quotes_and_claims(
        self, reference_analysis: Analysis, words: str, kind: str, speaker: str, actor: str | None, anonymous: bool
    ) -> None:
        quote = self.find(reference_analysis, words)
        said_by = quote.speaker.name or quote.speaker.text
        assert (quote.kind, said_by, quote.speaker.actor, quote.speaker.anonymous) == (kind, speaker, actor, anonymous)

    def test_multi_sentence_quotes_are_whole(self, reference_analysis: Analysis) -> None:
        askari = self.find(reference_analysis, "Pakistan cannot fight all kinds")
        assert "they will be dealt with first." in askari.content and len(askari.spans) == 2
        mohmand = self.find(reference_analysis, "the U.S. presence in Afghanistan is unsustainable")
        assert mohmand.content.endswith("then the U.S. could begin to leave.")

    def test_the_pronoun_it_is_the_actor_before(self, reference_analysis: Analysis) -> None:
        stresses = self.find(reference_analysis, "limited resources force it")
        assert (stresses.speaker.text, stresses.speaker.actor) == ("it", "PAKGOV")

    def test_a_claim_without_a_speaker_keeps_none(self, reference_analysis: Analysis) -> None:
        assert self.find(reference_analysis, "has never really relinquished the Afghan Taliban").speaker is None

    def test_denial_and_allegation_cues(self, reference_analysis: Analysis) -> None:
        assert self.find(reference_analysis, "key leadership structure is based in Quetta").cue_type == "denial"
        assert self.find(reference_analysis, "India is using its four consulates").cue_type == "allegation"
        assert "INDGOV" in self.find(reference_analysis, "India is using its four consulates").about


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Turkish president called for an immediate ceasefire in Gaza.",
            ("indirect", "appeal", "an immediate ceasefire in Gaza", "The Turkish president"),
        ),
        (
            "Pakistani officials called on both sides to resume talks.",
            ("indirect", "appeal", "both sides to resume talks", "Pakistani officials"),
        ),
        ("The senator called the plan a disaster.", ("indirect", "speech", "the plan a disaster", "The senator")),
        ("Iran denied the report.", ("indirect", "denial", "the report", "Iran")),
        (
            "MODERATOR: Will she be at the debate tomorrow?",
            ("direct", "speech", "Will she be at the debate tomorrow?", "MODERATOR"),
        ),
        (
            "''This is not reform,'' said Omar Haddad, an economist. ''It is tinkering.''",
            ("direct", "speech", "This is not reform It is tinkering.", "Omar Haddad, an economist"),
        ),
    ],
)
def test_appeals_objects_transcripts_and_house_styles(pipeline: Pipeline, text: str, expected: tuple) -> None:
    (quote,) = analyse(pipeline, text).quotes
    assert (quote.kind, quote.cue_type, quote.content, quote.speaker.text) == expected


def test_a_label_before_a_colon_is_no_speaker(pipeline: Pipeline) -> None:
    assert analyse(pipeline, "UPDATE: The road reopened on Monday after the floods.").quotes == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "ISLAMABAD: Pakistani officials said on Monday that talks would resume.",
            [("indirect", "that talks would resume", "Pakistani officials")],
        ),
        (
            '"Absolutely not," said Farid Noori, a spokesman.',
            [("direct", "Absolutely not", "Farid Noori, a spokesman")],
        ),
        ('Biden said: "Never again."', [("direct", "Never again.", "Biden")]),
        (
            "An aide to Imran Khan said the talks had failed.",
            [("indirect", "the talks had failed", "An aide to Imran Khan")],
        ),
        (
            'The minister, who said "we will win this war", left early.',
            [("direct", "we will win this war", "The minister")],
        ),
        (
            "The White House said in a statement that the war was over.",
            [("indirect", "that the war was over", "The White House")],
        ),
        (
            'Chinese diplomats said the truce was "holding for now."',
            [("mixed", 'the truce was "holding for now."', "Chinese diplomats")],
        ),
        ("Ukraine: Russia shelled Kharkiv overnight, killing two.", []),
        ("The minister called the president on Tuesday.", []),
        # "reported 40 deaths" is an attribution (PolNeAR annotates it); "wrote a book" is not
        ("The minister wrote a book about the war.", []),
        ("The soldiers saw the convoy approaching.", []),
        ('" , , , , "', []),
    ],
)
def test_shapes_that_once_went_wrong(pipeline: Pipeline, text: str, expected: list[tuple]) -> None:
    analysis = analyse(pipeline, text)
    assert [(q.kind, q.content, q.speaker.text if q.speaker else None) for q in analysis.quotes] == expected


def test_a_long_chain_of_pronouns_neither_crashes_nor_guesses(pipeline: Pipeline) -> None:
    analysis = analyse(pipeline, "Farid Noori, an Afghan general, spoke first. " + "He said that it rained. " * 400)
    assert len(analysis.quotes) == 400
    assert analysis.quotes[0].speaker.name == "Farid Noori"
    assert analysis.quotes[-1].speaker.text == "He"


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        (
            "The Kenyan foreign minister said he thought the talks would resume next week.",
            "The Kenyan foreign minister",
            "he thought the talks would resume next week",
        ),
        (
            "Italian newspapers reported that the suspect told police he had acted alone.",
            "Italian newspapers",
            "that the suspect told police he had acted alone",
        ),
    ],
)
def test_a_nested_attribution_is_part_of_the_outer_quote(
    pipeline: Pipeline, text: str, speaker: str, content: str
) -> None:
    (quote,) = analyse(pipeline, text).quotes
    assert (quote.speaker.text, quote.content, quote.kind) == (speaker, content, "indirect")


def test_outermost_keeps_one_quote_of_a_content_and_drops_the_nested_one() -> None:
    from thucydides.quotes.document import Draft
    from thucydides.quotes.finding import outermost

    outer = Draft("indirect", [(10, 60)], None, "speech", None)
    nested = Draft("indirect", [(25, 60)], None, "cognition", None)
    again = Draft("direct", [(10, 60)], None, "speech", None)
    apart = Draft("direct", [(70, 90), (100, 120)], None, "speech", None)
    straddling = Draft("indirect", [(50, 75)], None, "speech", None)
    kept = outermost([outer, nested, again, apart, straddling])
    assert kept == [outer, apart, straddling]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # the sentence before has a subject that is no person: "she" passes over it
        (
            "Ayesha Khan, the mayor of Lahore, spoke on Monday. The report found rising prices in the city. "
            "She said the council would act.",
            "Ayesha Khan",
        ),
        (
            "Prime Minister Nawaz Sharif visited Quetta on Monday. The visit followed a week of attacks. "
            "He said the army would restore order.",
            "Nawaz Sharif",
        ),
    ],
)
def test_he_or_she_stands_for_a_person(pipeline: Pipeline, text: str, name: str) -> None:
    (quote,) = analyse(pipeline, text).quotes
    assert (quote.speaker.text, quote.speaker.name, quote.speaker.person) == (
        text.split(". ")[-1].split()[0],
        name,
        "p1",
    )


def test_a_statement_before_its_cue_is_found_when_the_parse_does_not_hang_it_there(pipeline: Pipeline) -> None:
    # the parser takes "braved" for an adjective and hangs nothing on "said": the content is
    # what comes before the comma that opens the cue's subject
    text = (
        "Phoenix police and firefighters braved bullets as they responded to a shooting that left four "
        "people dead Tuesday, including the gunman, authorities said."
    )
    (quote,) = analyse(pipeline, text).quotes
    assert (quote.kind, quote.cue_text, quote.speaker.text) == ("indirect", "said", "authorities")
    assert quote.content == text[: text.index(", authorities")]
