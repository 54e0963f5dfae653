"""The judged-quotes scorer on a story and rows written for the test, with a stand-in pipeline
whose quotes are made by hand; and the real sample's rows (when ../shared is present)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from support import judged_sample

from thucydides.clean import clean_text
from thucydides.errors import InputError
from thucydides.evaluate.judged_quotes import (
    default_quotes_dir,
    evaluate_judged_quotes,
    near_exact,
    read_quote_files,
)
from thucydides.evaluate.readers import JUDGED_ARTICLES_FILE, judged_files, read_stories
from thucydides.evaluate.render import render_judged_quotes
from thucydides.records import Analysis, Document, Failure, Person, Quote, RawDocument, Sentence, Speaker

STORY = (
    "Ruritania will close the border, the interior minister Anna Kovac said on Monday. "
    '"We have no choice," she said. "The smugglers are armed." '
    "A senior official said the army was ready. "
    "Borduria denied that its troops had crossed. "
    "Read more: Kovac vows to close the border."
)
ARTICLES = [{"id": "story-q", "title": "Q", "published": "2016-05-01", "text": STORY}]
HEADER = (
    "kind\tcue\tnth\tcontent_start\tcontent_end\tspeaker\tspeaker_code\tantecedent\tanonymous\tcue_type\t"
    "quote_kind\tnote"
)
ROWS = f"""# story-q
{HEADER}
quote\tsaid\t1\tRuritania will close\tthe border\tthe interior minister Anna Kovac\tRURGOV\t\tno\tspeech\tindirect\t
quote\tsaid\t2\tWe have no choice|The smugglers\tno choice|are armed\tshe\tRURGOV\tAnna Kovac\tno\tspeech\tdirect\t
quote\tsaid\t3\tthe army was ready\twas ready\tA senior official\tRURGOV\t\tyes\tspeech\tindirect\t
quote\tdenied\t1\tits troops had crossed\thad crossed\tBorduria\tBDRGOV|BDR\t\tno\tdenial\tindirect\t
not_quote\tvows\t1\tto close the border\tto close the border\t\t\t\t\t\t\ta linked headline
"""
TEXT = clean_text(STORY).text


def _span(words: str, nth: int = 1) -> tuple[int, int]:
    at = -1
    for _ in range(nth):
        at = TEXT.index(words, at + 1)
    return (at, at + len(words))


def _quote(n: int, kind: str, parts: list[str], cue: str, cue_type: str, speaker: Speaker | None) -> Quote:
    spans = tuple(_span(part) for part in parts)
    return Quote(
        f"q{n}", kind, " ".join(TEXT[s:e] for s, e in spans), spans, cue, _span(cue), cue_type=cue_type,
        speaker=speaker, sentence=0,
    )  # fmt: skip


def _speaker(words: str, actor: str | None, person: str | None = None, anonymous: bool = False) -> Speaker:
    return Speaker(words, _span(words), None, person, actor, anonymous, None)


KOVAC = Person("p1", "Anna Kovac", None, "the interior minister", "RUR", "RURGOV", "text", (_span("Anna Kovac"),))
QUOTES = [
    # right: the content "the border" ends one word short of nothing; speaker overlaps
    _quote(
        1, "indirect", ["Ruritania will close the border"], "said", "speech", _speaker("Anna Kovac", "RURGOV", "p1")
    ),
    # right: the pronoun is resolved to the antecedent's person
    _quote(
        2,
        "direct",
        ['We have no choice," she said. "The smugglers are armed'],
        "she",
        "speech",
        _speaker("she", None, "p1"),
    ),
    # right: an unnamed source marked anonymous
    _quote(3, "indirect", ["the army was ready"], "said", "speech", _speaker("A senior official", None, None, True)),
    # content right, speaker wrong (the denial given to Ruritania)
    _quote(4, "indirect", ["that its troops had crossed"], "denied", "denial", _speaker("Ruritania", "RURGOV")),
    # on the not_quote row
    _quote(5, "indirect", ["to close the border."], "vows", "speech", _speaker("Kovac", "RURGOV")),
]


class StandIn:
    """A pipeline whose quotes are made by hand."""

    model_name = "stand-in"

    def __init__(self, quotes: list[Quote] = QUOTES) -> None:
        self.quotes = tuple(quotes)

    def run(self, items: Iterable[RawDocument]) -> Iterator[Analysis | Failure]:
        for raw in items:
            text = clean_text(raw.text).text
            document = Document(raw.id, hashlib.sha256(text.encode()).hexdigest(), text)
            yield Analysis(document, (Sentence(0, 0, len(text)),), people=(KOVAC,), quotes=self.quotes)


@pytest.fixture
def sample(tmp_path: Path) -> tuple[Path, Path]:
    return judged_sample(tmp_path, ARTICLES, "quotes", ROWS)


@pytest.fixture
def data(sample: tuple[Path, Path]) -> Path:
    return sample[0]


@pytest.fixture
def judged(sample: tuple[Path, Path]) -> Path:
    return sample[1]


@pytest.fixture
def scores(data: Path, judged: Path) -> dict[str, Any]:
    return evaluate_judged_quotes(StandIn(), data, judged)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("stories", 1),
        ("quote_rows", 4),
        ("not_quote_rows", 1),
        ("quotes", 5),
        ("quotes_per_story", 5.0),
        ("matched_quotes", 4),
        ("right_quotes", 3),
        ("quotes_on_not_quote_rows", 1),
        ("precision", 0.6),
        ("content_precision", 0.8),
        ("speaker_accuracy", 0.75),
        ("recall", 1.0),
        ("recall_strict", 0.75),
        ("exact_content_rate", 1.0),
        ("cue_type_agreement", 1.0),
    ],
)
def test_figure(scores: dict[str, Any], name: str, value: float) -> None:
    assert scores[name] == value


def test_by_cue_type_and_examples(scores: dict[str, Any]) -> None:
    assert scores["by_cue_type"]["denial"] == {
        "output": 1, "precision": 0.0, "content_precision": 1.0, "rows": 1, "recall": 1.0,
    }  # fmt: skip
    assert scores["by_cue_type"]["speech"]["output"] == 4
    assert scores["by_cue_type"]["speech"]["precision"] == 0.75
    assert scores["by_kind"]["direct"]["recall"] == 1.0
    assert [e["speaker"] for e in scores["examples"]["wrong_speaker"]] == ["Ruritania"]
    assert [e["cue"] for e in scores["examples"]["not_quote"]] == ["vows"]
    assert scores["examples"]["missed"] == []


def test_an_unresolved_pronoun_is_a_wrong_speaker(data: Path, judged: Path) -> None:
    wrong = _quote(
        2, "direct", ["We have no choice", "The smugglers are armed"], "she", "speech", _speaker("she", None)
    )
    scores = evaluate_judged_quotes(StandIn([QUOTES[0], wrong, *QUOTES[2:]]), data, judged)
    assert scores["right_quotes"] == 2
    assert scores["recall_strict"] == 0.5  # the content is found, the speaker is not


@pytest.mark.parametrize(
    ("gold", "predicted", "exact"),
    [
        ("Ruritania will close the border", "Ruritania will close the border,", True),
        ("the army was ready", "said the army was ready", True),
        ("the army was ready", "A senior official said the army was ready", False),
    ],
)
def test_near_exact_allows_one_word_at_an_edge(gold: str, predicted: str, exact: bool) -> None:
    assert near_exact(TEXT, (_span(gold),), (_span(predicted),)) is exact


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("quote\tsaid\t4\tx\tx\t\t\t\tno\tspeech\tdirect\t", "occurs 3 time(s) in the story, not 4"),
        ("quote\tsaid\t1\tRuritania\tborder\t\t\t\tno\tclaim\tdirect\t", "unknown cue_type 'claim'"),
        ("quote\tsaid\t1\tRuritania\tborder|armed\t\t\t\tno\tspeech\tdirect\t", "the same number of non-empty parts"),
        ("quote\tsaid\t2\tWe have\tno choice\tshe\tRURGOV\t\tno\tspeech\tdirect\t", "needs its antecedent"),
        ("quote\tsaid\t1\tNowhere in the story\tborder\t\t\t\tno\tspeech\tdirect\t", "not found near its cue"),
        ("actor\tsaid\t1\tRuritania\tborder\t\t\t\tno\tspeech\tdirect\t", "unknown kind 'actor'"),
    ],
)
def test_bad_row_names_file_and_line(data: Path, tmp_path: Path, row: str, message: str) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "000.tsv").write_text(f"# story-q\n{HEADER}\n{row}\n", "utf-8")
    with pytest.raises(InputError) as caught:
        evaluate_judged_quotes(StandIn(), data, folder)
    assert f"{folder / '000.tsv'}:3" in str(caught.value) and message in str(caught.value)


def test_skipped_when_the_folder_is_missing(data: Path, tmp_path: Path) -> None:
    scores = evaluate_judged_quotes(StandIn(), data, tmp_path / "nowhere")
    assert scores["skipped"].startswith("judged folder not found: ") and "--judged" in scores["skipped"]
    assert "skipped" in str(render_judged_quotes(scores).plain)


# --- the real sample --------------------------------------------------------------------------


def test_real_rows_all_resolve(shared_data: Path) -> None:
    folder = default_quotes_dir()
    files = judged_files(folder)
    stories = read_quote_files(folder, read_stories(shared_data / JUDGED_ARTICLES_FILE))
    assert [story.position for story in stories] == list(range(0, 200, 10)) == [int(p.stem) for p in files]
    assert sum(row.kind == "quote" for story in stories for row in story.rows) >= 180
