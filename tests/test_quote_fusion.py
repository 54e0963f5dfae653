"""The attribution tagger's contents fused with the rules' quotes (``thucydides.quotes.fusion``),
with a stand-in reading of our own sentence, and the default pipeline's fused quotes."""

from __future__ import annotations

import pytest

from thucydides.models.attribution_model import AttributionSpan, ContentSpan, WindowReading
from thucydides.pipeline import Pipeline
from thucydides.quotes import QuoteDocument, find_drafts, load_cues, quote_record
from thucydides.quotes.fusion import fuse

TEXT = (
    "Kenya will send no more troops to Somalia, the defence minister said on Tuesday. "
    "The minister insisted that the army had acted within the law. "
    "Opposition leader Raila Odinga noted the cost of the mission."
)


def span(words: str, nth: int = 1) -> tuple[int, int]:
    start = -1
    for _ in range(nth):
        start = TEXT.index(words, start + 1)
    return start, start + len(words)


@pytest.fixture(scope="module")
def parsed(pipeline: Pipeline) -> tuple:
    analysis = pipeline.analyze_text(TEXT, title="")
    assert analysis.document.text == TEXT
    return pipeline.nlp(TEXT), analysis


@pytest.fixture
def document(parsed: tuple) -> QuoteDocument:
    # a document for each test: finding the drafts marks their cues as used
    doc, analysis = parsed
    return QuoteDocument(doc, load_cues(), analysis.mentions, analysis.people, [s.start for s in analysis.sentences])


def reading(content: str, source: str, cue: str, score: float = 0.9) -> WindowReading:
    return WindowReading(
        (ContentSpan((span(content),), score),),
        (AttributionSpan("source", *span(source), score),),
        (AttributionSpan("cue", *span(cue), score),),
    )


def test_a_content_the_rules_found_too_is_their_quote_coded_by_both(document: QuoteDocument) -> None:
    drafts = find_drafts(document)
    assert [d.cue.text for d in drafts] == ["said", "insisted"]
    fused = fuse(
        document, drafts, [reading("Kenya will send no more troops to Somalia", "the defence minister", "said")]
    )
    first = quote_record(document, 1, fused[0])
    assert (first.coded_by, first.confidence, first.speaker.text) == ("both", 0.9, "the defence minister")
    assert (fused[1].coded_by, fused[1].confidence) == ("rules", None)


def test_a_content_only_the_tagger_found_becomes_a_quote_with_the_rules_speaker(document: QuoteDocument) -> None:
    # as if the rules had missed the second sentence
    drafts = [d for d in find_drafts(document) if d.cue.text != "insisted"]
    fused = fuse(document, drafts, [reading("the army had acted within the law", "The minister", "insisted", 0.8)])
    added = quote_record(document, 2, fused[1])
    assert (added.kind, added.coded_by, added.confidence, added.cue_type) == ("indirect", "model", 0.8, "speech")
    assert (added.content, added.speaker.text, added.cue_text) == (
        "the army had acted within the law", "The minister", "insisted",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("content", "source", "cue", "why"),
    [
        ("the cost of the mission", "Opposition leader Raila Odinga", "noted", "a noun phrase, no statement"),
        (
            "Somalia, the defence minister said on Tuesday",
            "the defence minister",
            "said",
            "overlaps a rule quote by less",
        ),
        ("the army had acted within the law", "The minister", "The minister", "its cue is no cue word"),
    ],
)
def test_what_the_tagger_adds_is_left_out_when(
    document: QuoteDocument, content: str, source: str, cue: str, why: str
) -> None:
    drafts = [d for d in find_drafts(document) if d.cue.text != "insisted"]
    fused = fuse(document, drafts, [reading(content, source, cue)])
    assert [d.coded_by for d in fused] == ["rules"], why


def test_the_learned_quote_coder_fuses_and_the_rules_run_alone(
    fused_quotes_pipeline: Pipeline, learned_pipeline: Pipeline
) -> None:
    assert not learned_pipeline.quotes.fusing  # the default quote coder is the rules'
    quotes = fused_quotes_pipeline.analyze_text(TEXT, title="").quotes
    assert [(q.cue_text, q.coded_by) for q in quotes] == [("said", "both"), ("insisted", "both")]
    assert all(q.confidence is not None and 0.5 < q.confidence <= 1.0 for q in quotes)
    with fused_quotes_pipeline.quotes.rules_only():
        alone = fused_quotes_pipeline.analyze_text(TEXT, title="").quotes
    assert [(q.cue_text, q.coded_by, q.confidence) for q in alone] == [
        ("said", "rules", None),
        ("insisted", "rules", None),
    ]
