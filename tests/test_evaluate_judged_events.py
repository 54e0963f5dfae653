"""The judged-events scorer on a story and rows written for the test, with a stand-in pipeline
whose events are made by hand; and the real sample's rows (when ../shared is present)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from support import judged_sample

from thucydides.clean import clean_text
from thucydides.errors import InputError
from thucydides.evaluate.judged_events import (
    default_events_dir,
    evaluate_judged_events,
    read_event_files,
)
from thucydides.evaluate.readers import JUDGED_ARTICLES_FILE, judged_files, read_stories
from thucydides.records import Analysis, Document, Event, EventParty, Failure, RawDocument, Sentence

STORY = (
    "Ruritanian police arrested two students on Monday. "
    "The students had attacked a Borduria embassy car, the ministry said. "
    "Borduria condemned the attack and threatened to expel Ruritania's envoy. "
    "The weather was fine."
)
ARTICLES = [{"id": "story-x", "title": "X", "published": "2016-05-01", "text": STORY}]
HEADER = "kind\ttrigger\tnth\tsource\ttarget\troot\tplover\tmodality\tnote"
ROWS = f"""# story-x
{HEADER}
event\tarrested\t1\tRURCOP\tRUREDU\t17\tCOERCE\tasserted\t
event\tattacked\t1\tRUREDU\tBDRGOV|\t18\tASSAULT\treported\tthe ministry said
event\tcondemned\t1\tBDRGOV|BDR\tRUREDU\t11\tACCUSE\tasserted\t
event\texpel\t1\tBDRGOV\tRURGOV\t16\tSANCTION\tfuture\tthreatened to expel
not_event\tweather\t1\t\t\t\t\t\tno act
"""


def _party(code: str | None, text: str, at: int) -> EventParty:
    return EventParty(code, code[:3] if code else None, text=text, span=(at, at + len(text)))


def _event(n: int, trigger: str, cameo: str, source: str | None, target: str | None, modality: str) -> Event:
    """An event on the ``trigger``'s first occurrence in the cleaned story, its parties on the
    trigger (their spans do not matter to the scorer)."""
    text = clean_text(STORY).text
    at = text.index(trigger)
    sentence = text[:at].count(". ")
    return Event(
        f"e{n}", cameo, "", None, quad_class=4, goldstein=0.0,
        source=_party(source, trigger, at) if source is not None else None,
        target=_party(target, trigger, at) if target is not None else None,
        trigger_text=trigger, trigger_span=(at, at + len(trigger)), sentence=sentence, evidence="",
        modality=modality, quote=None, date=None, date_text=None, place=None, confidence=1.0,
    )  # fmt: skip


# What the stand-in's "rules" and "fused" readings output, by name.
RULES = [
    _event(1, "arrested", "173", "RURCOP", "RUREDU", "asserted"),  # strict
    _event(2, "attacked", "190", "RUREDU", None, "reported"),  # root wrong (19 for 18)
    _event(3, "weather", "010", None, None, "asserted"),  # on a not_event row
]
FUSED = [
    _event(1, "arrested", "173", "RURCOP", "RUREDU", "asserted"),  # strict
    _event(2, "attacked", "180", "RUREDU", None, "reported"),  # strict: no target allowed
    _event(3, "the attack", "111", "BDRGOV", "RUREDU", "asserted"),  # same sentence and root as "condemned": strict
    _event(4, "threatened", "130", "BDRGOV", "RURGOV", "future"),  # no row of its root in the sentence
    _event(5, "expel", "166", "BDRGOV", "RUR", "future"),  # target wrong (no role)
]


class StandIn:
    """A pipeline whose events stage fuses (``rules_only()`` switches to the rules' events)."""

    model_name = "stand-in"

    def __init__(self) -> None:
        self.events = self
        self.fusion: object | None = object()

    @contextmanager
    def rules_only(self) -> Iterator[None]:
        fusion, self.fusion = self.fusion, None
        try:
            yield
        finally:
            self.fusion = fusion

    def run(self, items: Iterable[RawDocument]) -> Iterator[Analysis | Failure]:
        for raw in items:
            text = clean_text(raw.text).text
            starts = [0] + [i + 2 for i in range(len(text)) if text.startswith(". ", i)]
            ends = [*(s - 1 for s in starts[1:]), len(text)]
            sentences = tuple(Sentence(i, s, e) for i, (s, e) in enumerate(zip(starts, ends, strict=True)))
            document = Document(raw.id, hashlib.sha256(text.encode()).hexdigest(), text, published=raw.published)
            events = RULES if self.fusion is None else FUSED
            yield Analysis(document, sentences, events=tuple(events))


@pytest.fixture
def sample(tmp_path: Path) -> tuple[Path, Path]:
    return judged_sample(tmp_path, ARTICLES, "events", ROWS)


@pytest.fixture
def data(sample: tuple[Path, Path]) -> Path:
    return sample[0]


@pytest.fixture
def judged(sample: tuple[Path, Path]) -> Path:
    return sample[1]


@pytest.fixture
def scores(data: Path, judged: Path) -> dict[str, Any]:
    return evaluate_judged_events(StandIn(), data, judged)


def test_sizes(scores: dict[str, Any]) -> None:
    assert (scores["stories"], scores["event_rows"], scores["not_event_rows"]) == (1, 4, 1)
    assert list(scores["coders"]) == ["rules", "fused"]


@pytest.mark.parametrize(
    ("coder", "name", "value"),
    [
        ("rules", "events", 3),
        ("rules", "matched_events", 2),
        ("rules", "strict_precision", 0.3333),
        ("rules", "root_precision", 0.3333),
        ("rules", "partial_precision", 0.6667),
        ("rules", "events_on_not_event_rows", 1),
        ("rules", "recall", 0.5),
        ("rules", "recall_strict", 0.25),
        ("fused", "events", 5),
        ("fused", "events_per_story", 5.0),
        ("fused", "stories_without_event", 0),
        ("fused", "strict_precision", 0.6),
        ("fused", "root_precision", 0.8),
        ("fused", "partial_precision", 0.8),
        ("fused", "recall", 1.0),
        ("fused", "recall_strict", 0.75),
    ],
)
def test_figure(scores: dict[str, Any], coder: str, name: str, value: float) -> None:
    assert scores["coders"][coder][name] == value


def test_field_agreement_and_examples(scores: dict[str, Any]) -> None:
    fused = scores["coders"]["fused"]
    assert fused["field_agreement"]["target"] == 0.75  # "expel": RUR is not RURGOV
    # the stand-in's events carry no PLOVER type: that field is wrong wherever the row gives one
    assert [(e["trigger"], e["wrong"]) for e in fused["examples"]["wrong"]] == [("expel", ["target", "plover"])]
    assert [e["trigger"] for e in fused["examples"]["not_event"]] == ["threatened"]
    rules = scores["coders"]["rules"]
    assert [(e["trigger"], e["wrong"]) for e in rules["examples"]["wrong"]] == [("attacked", ["root", "plover"])]
    assert [e["gold"]["trigger"] for e in rules["examples"]["missed"]] == ["condemned", "expel"]


def test_rules_only_pipeline_has_one_reading(data: Path, judged: Path) -> None:
    pipeline = StandIn()
    pipeline.fusion = None
    assert list(evaluate_judged_events(pipeline, data, judged)["coders"]) == ["rules"]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("event\tarrested\t2\tRURCOP\t\t17\t\tasserted\t", "occurs 1 time(s) in the story, not 2"),
        ("event\tarrested\t1\tRURCOP\t\t21\t\tasserted\t", "root must be CAMEO roots 01-20"),
        ("event\tarrested\t1\tRURCOP\t\t17\t\tdenied\t", "unknown modality ['denied']"),
        ("actor\tarrested\t1\t\t\t17\t\tasserted\t", "unknown kind 'actor'"),
    ],
)
def test_bad_row_names_file_and_line(data: Path, tmp_path: Path, row: str, message: str) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "000.tsv").write_text(f"# story-x\n{HEADER}\n{row}\n", "utf-8")
    with pytest.raises(InputError) as caught:
        evaluate_judged_events(StandIn(), data, folder)
    assert f"{folder / '000.tsv'}:3" in str(caught.value) and message in str(caught.value)


def test_skipped_when_the_folder_is_missing(data: Path, tmp_path: Path) -> None:
    scores = evaluate_judged_events(StandIn(), data, tmp_path / "nowhere")
    assert scores["skipped"].startswith("judged folder not found: ") and "--judged" in scores["skipped"]


# --- the real sample --------------------------------------------------------------------------


def test_real_rows_all_resolve(shared_data: Path) -> None:
    folder = default_events_dir()
    files = judged_files(folder)
    stories = read_event_files(folder, read_stories(shared_data / JUDGED_ARTICLES_FILE))
    assert [story.position for story in stories] == list(range(0, 200, 10)) == [int(p.stem) for p in files]
    assert sum(row.kind == "event" for story in stories for row in story.rows) >= 150
