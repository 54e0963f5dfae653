"""The PolNeAR reader, the raw → cleaned offset map and the quote scorer, on brat files written
here over invented articles.

A stand-in pipeline returns fixed quotes and a blank spaCy model whose attribute ruler gives
the few lemmas the cue classes need, so every expected figure can be worked out by hand.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
import spacy
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

from thucydides.clean import clean_text
from thucydides.errors import InputError
from thucydides.evaluate import align, evaluate_quotes, read_polnear, render_quote_scores
from thucydides.evaluate.polnear import GoldRelation, read_brat
from thucydides.evaluate.quotes import (
    cue_class,
    match_by_overlap,
    match_exactly,
    merged,
    trimmed,
)
from thucydides.records import Analysis, Document, Failure, Quote, RawDocument, Speaker

# Raw articles as a site might give them: curly quotes, a no-break space, doubled spaces,
# Windows line ends and a zero-width space, all of which the cleaner changes.
HARBOUR = (
    "Harbour dispute deepens.\r\n\r\n"
    "Fishermen  say the new quota will empty the harbour.\r\n\r\n"
    "“We cannot survive another season,” the union’s chair, Mara\u00a0Olsen, told reporters. "
    "“The boats will rot.”\r\n\r\n"
    "The ministry’s claims of record\u200b catches were false, according to the union.\r\n"
)
BRIDGE = (
    "Storm warning.\n\n"
    "Residents fear the storm will flood the road.\n\n"
    "It is feared that the bridge will close before winter.\n"
)


def located(text: str, phrase: str, after: str = "") -> tuple[int, int]:
    """The raw offsets of ``phrase`` (first occurrence after ``after``)."""
    start = text.index(phrase, text.index(after) + len(after) if after else 0)
    return start, start + len(phrase)


def t_line(text: str, tid: str, label: str, *phrases: str) -> str:
    """A brat T line over the phrases (several: a discontinuous span)."""
    spans = [located(text, phrase) for phrase in phrases]
    offsets = ";".join(f"{start} {end}" for start, end in spans)
    return f"{tid}\t{label} {offsets}\t{' '.join(text[start:end] for start, end in spans)}"


HARBOUR_ANN = "\n".join(
    [
        t_line(HARBOUR, "T1", "Source", "Fishermen"),
        t_line(HARBOUR, "T2", "Cue", "say"),
        t_line(HARBOUR, "T3", "Content", "the new quota will empty the harbour"),
        t_line(HARBOUR, "T4", "Attribution", "say"),
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        t_line(HARBOUR, "T5", "Source", "the union’s chair, Mara\u00a0Olsen"),
        t_line(HARBOUR, "T6", "Cue", "told"),
        t_line(HARBOUR, "T7", "Content", "“We cannot survive another season,”", "“The boats will rot.”"),
        t_line(HARBOUR, "T8", "Attribution", "told"),
        "E2\tAttribution:T8 Cue:T6 Source:T5 Content:T7",
        t_line(HARBOUR, "T9", "Cue", "claims"),
        t_line(HARBOUR, "T10", "Content", "record\u200b catches"),
        t_line(HARBOUR, "T11", "Attribution-no-source", "claims"),
        "E3\tAttribution-no-source:T11 Cue:T9 Content:T10",
        t_line(HARBOUR, "T12", "Source", "the union."),
        t_line(HARBOUR, "T13", "Cue", "according to"),
        t_line(HARBOUR, "T14", "Content", "The ministry’s claims of record\u200b catches were false"),
        t_line(HARBOUR, "T15", "Attribution", "according to"),
        "E4\tAttribution:T15 Cue:T13 Source:T12 Content:T14",
        "#1\tAnnotatorNotes T9\tnominal cue",
        # a mark over two paragraphs: its text runs on into the file's next lines
        t_line(HARBOUR, "T16", "Discuss", "Fishermen  say the new quota will empty the harbour.\r\n\r\n“We"),
    ]
)
BRIDGE_ANN = "\n".join(
    [
        t_line(BRIDGE, "T1", "Source", "Residents"),
        t_line(BRIDGE, "T2", "Cue", "fear"),
        t_line(BRIDGE, "T3", "Content", "the storm will flood the road"),
        "E1\tCue:T2 Source:T1 Content:T3 Attribution:T2",
        t_line(BRIDGE, "T4", "Cue", "is feared"),
        t_line(BRIDGE, "T5", "Content", "the bridge will close before winter"),
        "E2\tAttribution-no-source:T4 Cue:T4 Content:T5",
    ]
)

# The stand-in's quotes per article: (content phrases, speaker phrase or None, kind); phrases
# are found in the cleaned text (straight quotes).
PREDICTED = {
    "a-harbour": [
        (("the new quota will empty the harbour",), "Fishermen", "indirect"),
        (('"We cannot survive another season,"',), "Mara Olsen", "direct"),
        (("The ministry's claims of record catches were false",), None, "indirect"),
        (("Harbour dispute deepens",), None, "indirect"),
    ],
    "b-bridge": [
        (("that the bridge will close before winter",), None, "indirect"),
    ],
}


def lemma_model() -> spacy.language.Language:
    """A blank English model whose ruler gives the lemmas and tags the cue classes need."""
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    for word, lemma, pos in [
        ("told", "tell", "VERB"),
        ("say", "say", "VERB"),
        ("fear", "fear", "VERB"),
        ("feared", "fear", "VERB"),
        ("claims", "claim", "NOUN"),
    ]:
        ruler.add([[{"LOWER": word}]], {"LEMMA": lemma, "POS": pos})
    return nlp


class StandInPipeline:
    """Gives the quotes of PREDICTED; fails any text containing "FAIL"."""

    model_name = "stand-in"

    def __init__(self) -> None:
        self.nlp = lemma_model()

    def run(self, items: Iterable[RawDocument]) -> Iterator[Analysis | Failure]:
        for raw in items:
            if "FAIL" in raw.text:
                yield Failure(raw.origin, raw.id, "parse", "told to fail")
                continue
            text = clean_text(raw.text).text
            quotes = []
            for number, (phrases, speaker, kind) in enumerate(PREDICTED.get(raw.id, []), start=1):
                spans = tuple((text.index(p), text.index(p) + len(p)) for p in phrases)
                who = None
                if speaker:
                    start = text.index(speaker)
                    who = Speaker(speaker, (start, start + len(speaker)), speaker, None, None, False, None)
                content = " ".join(text[start:end] for start, end in spans)
                quotes.append(Quote(f"q{number}", kind, content, spans, None, None, who, 0))
            document = Document(raw.id, hashlib.sha256(text.encode()).hexdigest(), text)
            yield Analysis(document, (), quotes=tuple(quotes))


def write_split(folder: Path, articles: dict[str, tuple[str, str]], split: str = "dev") -> None:
    root = folder / "polnear" / split
    (root / "text").mkdir(parents=True, exist_ok=True)
    (root / "attributions").mkdir(parents=True, exist_ok=True)
    for name, (text, annotation) in articles.items():
        (root / "text" / f"{name}.txt").write_text(text, "utf-8", newline="")
        (root / "attributions" / f"{name}_{'aaaa'}.ann").write_text(annotation + "\n", "utf-8")


@pytest.fixture()
def polnear_folder(tmp_path: Path) -> Path:
    write_split(tmp_path, {"a-harbour": (HARBOUR, HARBOUR_ANN), "b-bridge": (BRIDGE, BRIDGE_ANN)})
    # a second annotator of the harbour article, later in sorted order: never read
    other = HARBOUR_ANN.replace("E1\t", "E9\tSource:T99 ")
    (tmp_path / "polnear" / "dev" / "attributions" / "a-harbour_zzzz.ann").write_text(other, "utf-8")
    return tmp_path


# --- reading ----------------------------------------------------------------------------------


def test_read_brat_relations_with_discontinuous_content_and_no_source(tmp_path: Path) -> None:
    path = tmp_path / "a.ann"
    path.write_text(HARBOUR_ANN, "utf-8")
    relations = read_brat(path, HARBOUR)
    assert [relation.id for relation in relations] == ["E1", "E2", "E3", "E4"]
    told = relations[1]
    assert [HARBOUR[start:end] for start, end in told.content] == [
        "“We cannot survive another season,”",
        "“The boats will rot.”",
    ]
    assert [HARBOUR[start:end] for start, end in told.source] == ["the union’s chair, Mara\u00a0Olsen"]
    assert relations[2].source == ()
    assert relations[2] == GoldRelation("E3", 14, (), (located(HARBOUR, "claims"),), relations[2].content)


def test_read_brat_reads_a_second_content_role(tmp_path: Path) -> None:
    text = "Voters want roads, the mayor said, and schools."
    lines = [
        t_line(text, "T1", "Source", "the mayor"),
        t_line(text, "T2", "Cue", "said"),
        t_line(text, "T3", "Content", "Voters want roads"),
        t_line(text, "T4", "Content", "and schools"),
        "E1\tAttribution:T2 Cue:T2 Source:T1 Content:T3 Content2:T4",
    ]
    path = tmp_path / "a.ann"
    path.write_text("\n".join(lines), "utf-8")
    (relation,) = read_brat(path, text)
    assert [text[start:end] for start, end in relation.content] == ["Voters want roads", "and schools"]


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (["T1\tSource 0 6\tVoters", "E1\tSource:T7"], "names T7, which no T line defines"),
        (["T1\tSource 0 6\tMayors"], "not at the quoted 'Mayors'"),
        (["T1\tSource 0 600\tVoters"], "outside the text"),
        (["T1\tSource 0 6\tVoters", "E1\tSpeaker:T1"], "unknown role 'Speaker'"),
        (["E1\tSource T1"], "ROLE:ID"),
        (["stray words"], "expected a brat T, E or # line"),
    ],
)
def test_read_brat_names_file_and_line_of_a_bad_annotation(tmp_path: Path, lines: list[str], message: str) -> None:
    path = tmp_path / "bad.ann"
    path.write_text("\n".join(lines), "utf-8")
    with pytest.raises(InputError, match=message) as caught:
        read_brat(path, "Voters want roads.")
    assert f"{path}:{len(lines)}" in str(caught.value)


def test_read_polnear_takes_the_first_annotator_in_sorted_order(polnear_folder: Path) -> None:
    articles = read_polnear(polnear_folder, "dev")
    assert [article.name for article in articles] == ["a-harbour", "b-bridge"]
    harbour = articles[0]
    assert harbour.annotators == ("aaaa", "zzzz")
    assert harbour.annotation.name == "a-harbour_aaaa.ann"
    assert [relation.id for relation in harbour.relations] == ["E1", "E2", "E3", "E4"]
    assert len(read_polnear(polnear_folder, "dev", limit=1)) == 1


def test_missing_folder_names_the_path(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder"
    with pytest.raises(FileNotFoundError, match="no-such-folder"):
        evaluate_quotes(StandInPipeline(), missing)


def test_missing_split_names_the_folder(polnear_folder: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"polnear/train/text not found"):
        evaluate_quotes(StandInPipeline(), polnear_folder, split="train")
    with pytest.raises(ValueError, match="dev, train"):
        read_polnear(polnear_folder, "test")


# --- alignment --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "phrase", "expected"),
    [
        ("“Go,” he said.", "“Go,”", '"Go,"'),
        ("Mara\u00a0 Olsen  said", "Mara\u00a0 Olsen", "Mara Olsen"),
        ("one\r\n\r\ntwo three", "two", "two"),
        ("zero\u200bwidth text", "zero\u200bwidth", "zerowidth"),
        ("Title\nFirst line.\n\n\n\nSecond line.", "First line.\n\n\n\nSecond", "First line.\n\nSecond"),
        ("  leading and trailing  ", "leading and", "leading and"),
    ],
)
def test_align_maps_a_span_onto_the_cleaned_words(raw: str, phrase: str, expected: str) -> None:
    cleaned = clean_text(raw).text
    start, end = align(raw, cleaned).span(located(raw, phrase))
    assert cleaned[start:end] == expected


def test_align_skips_what_the_cleaner_removed() -> None:
    raw = (
        "The envoy arrived on Monday.\n\n"
        "Download the new Harbour News App for your phone\n\n"
        "Talks began at noon (See pictures of the talks on harbournews.com) and ran late."
    )
    cleaned = clean_text(raw)
    assert cleaned.removed  # both the promo line and the aside are gone
    alignment = align(raw, cleaned.text)
    for phrase in ("Talks began at noon", "and ran late.", "The envoy arrived"):
        start, end = alignment.span(located(raw, phrase))
        assert cleaned.text[start:end] == phrase
    inside = located(raw, "Harbour News App")
    start, end = alignment.span(inside)
    assert start == end == cleaned.text.index("Talks")  # removed words map to the next kept one
    assert alignment(inside[0]) == start


_PIECES = st.sampled_from(
    ["envoy", "said", "Lagos", "42", ",", ".", "“", "”", "‘", "’", '"', "'", "`", "«", "»", " ", "  ", "\t", "\n",
     "\n\n", "\r\n", "\u00a0", "\u200b", "\ufeff", "\u00ad", "\u2028", "\u202f", "—"]
)  # fmt: skip


@given(st.lists(_PIECES, max_size=40).map("".join), st.data())
def test_align_keeps_the_words_of_every_span(raw: str, data: st.DataObject) -> None:
    cleaned = clean_text(raw, remove_boilerplate=False).text
    alignment = align(raw, cleaned)
    start = data.draw(st.integers(0, len(raw)))
    end = data.draw(st.integers(start, len(raw)))
    mapped_start, mapped_end = alignment.span((start, end))
    assert 0 <= mapped_start <= mapped_end <= len(cleaned)
    assert 0 <= alignment(start) <= alignment(end) <= len(cleaned)
    expected = clean_text(raw[start:end], remove_boilerplate=False).text
    assert cleaned[mapped_start:mapped_end].split() == expected.split()


# --- matching ---------------------------------------------------------------------------------


def test_merged_unions_spans() -> None:
    assert merged([(10, 20), (0, 5), (4, 8), (30, 30)]) == ((0, 8), (10, 20))


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        ('he said "No way." today', [(8, 17)], ((9, 15),)),
        ('"Yes," she said, "at once."', [(0, 6), (17, 27)], ((1, 4), (18, 25))),
        ('"Yes, at once."', [(0, 6), (6, 15)], ((1, 13),)),
        ("... ,", [(0, 5)], ()),
    ],
)
def test_trimmed_drops_spacing_punctuation_and_quote_marks_at_the_ends(
    text: str, spans: list[tuple[int, int]], expected: tuple[tuple[int, int], ...]
) -> None:
    assert trimmed(text, tuple(spans)) == expected


@pytest.mark.parametrize(
    ("gold", "predicted", "pairs"),
    [
        ([((0, 10),)], [((0, 5),)], {0: 0}),  # half the gold, all of the prediction
        ([((0, 10),)], [((0, 4),)], {}),  # under half the gold
        ([((0, 10),)], [((0, 21),)], {}),  # under half the prediction
        ([((0, 10), (20, 30))], [((0, 10),)], {0: 0}),  # half of a discontinuous gold
        ([((0, 10),), ((0, 12),)], [((0, 12),)], {1: 0}),  # one to one, largest overlap first
        ([((0, 10),), ((20, 30),)], [((0, 30),)], {}),
    ],
)
def test_match_by_overlap_needs_half_of_each_side(
    gold: list[tuple[tuple[int, int], ...]], predicted: list[tuple[tuple[int, int], ...]], pairs: dict[int, int]
) -> None:
    assert match_by_overlap(gold, predicted) == pairs


def test_match_exactly_after_trimming() -> None:
    text = 'Crews said "the pier is safe." Then they left.'
    gold = [((11, 30),), ((31, 46),)]  # '"the pier is safe."', "Then they left."
    predicted = [((12, 28),), ((31, 40),)]  # "the pier is safe", "Then they"
    assert match_exactly(text, gold, predicted) == {0: 0}


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ([("tell", "VERB")], "speech"),
        ([("have", "AUX"), ("learn", "VERB")], "other"),
        ([("fear", "VERB")], "cognition"),
        ([("claim", "NOUN")], "other"),  # a nominal cue
        ([("accord", "VERB"), ("to", "ADP")], "other"),
        ([(":", "PUNCT")], "other"),
        ([("say", "")], "speech"),  # an untagged model: the word decides
        ([], "other"),
    ],
)
def test_cue_class(words: list[tuple[str, str]], expected: str) -> None:
    assert cue_class(words) == expected


# --- scores -----------------------------------------------------------------------------------


def test_evaluate_quotes_on_hand_made_articles(polnear_folder: Path) -> None:
    scores = evaluate_quotes(StandInPipeline(), polnear_folder)
    assert (scores["articles"], scores["gold_relations"], scores["predicted_quotes"]) == (2, 6, 5)
    assert scores["gold_by_cue_class"] == {"speech": 2, "cognition": 2, "other": 2}
    assert (scores["relations_without_source"], scores["multi_annotated"], scores["failed"]) == (2, 1, 0)
    every = scores["all"]
    # matched by overlap: say, told (one part of two), according to, is feared; missed: the
    # nominal "claims" (inside a longer prediction) and "fear"; false positive: the headline
    assert every["overlap"] == {"precision": 0.8, "recall": 0.6667, "f1": 0.7273, "matched": 4, "predicted": 5}
    # exact: say and according to ("that the bridge ..." and the first part alone do not count)
    assert every["exact"] == {"precision": 0.4, "recall": 0.3333, "f1": 0.3636, "matched": 2, "predicted": 5}
    speaker = every["speaker"]
    assert (speaker["pairs"], speaker["agree"], speaker["both_without_source"]) == (4, 2, 1)
    assert (speaker["accuracy"], speaker["precision"], speaker["recall"]) == (0.75, 1.0, 0.6667)
    verbs = scores["speech_cognition"]
    assert verbs["gold"] == 4
    # the prediction matched to "according to" is out of scope: 5 - 1 predictions
    assert verbs["overlap"] == {"precision": 0.75, "recall": 0.75, "f1": 0.75, "matched": 3, "predicted": 4}
    assert verbs["exact"]["recall"] == 0.25
    assert verbs["speaker"]["accuracy"] == 1.0
    examples = scores["examples"]
    assert [example["content"] for example in examples["missed"]] == [
        "record catches",
        "the storm will flood the road",
    ]
    assert examples["missed"][0]["source"] is None
    assert [example["content"] for example in examples["false_positive"]] == ["Harbour dispute deepens"]
    assert examples["wrong_speaker"][0]["gold_source"] == "the union."
    assert scores["dataset"] == "polnear/dev"
    assert "research use" in scores["credit"]
    assert scores["command"].startswith("thucydides eval quotes --data ")
    json.dumps(scores)  # the CLI prints it as JSON


def test_evaluate_quotes_limit_gives_exactly_half_exact_recall(polnear_folder: Path) -> None:
    scores = evaluate_quotes(StandInPipeline(), polnear_folder, limit=1)
    assert scores["articles"] == 1
    assert scores["all"]["exact"]["recall"] == 0.5
    assert scores["all"]["overlap"]["recall"] == 0.75
    assert scores["command"].endswith("--limit 1")


def test_failed_article_counts_its_relations_as_missed(polnear_folder: Path) -> None:
    write_split(polnear_folder, {"c-fail": ("FAIL.\n\nPilots say the runway is short.\n", "")})
    scores = evaluate_quotes(StandInPipeline(), polnear_folder)
    assert (scores["articles"], scores["failed"], scores["gold_relations"]) == (3, 1, 6)


def test_render_quote_scores_shows_both_subsets_and_the_credit(polnear_folder: Path) -> None:
    console = Console(record=True, width=200)
    console.print(render_quote_scores(evaluate_quotes(StandInPipeline(), polnear_folder)))
    table = console.export_text()
    assert "all relations" in table and "speech/cognition cues" in table
    assert "content recall (overlap)" in table and "0.6667" in table
    assert "2 articles (0 failed), 6 gold relations" in table
    assert "research use" in table
    assert "Harbour dispute" not in table  # examples only with --format json
