"""Every stage does work linear in the document.

A stage that scans every quote for every event, or every mention for every quote, is quadratic:
a 10,000-sentence text then takes minutes. These tests run each stage on a story repeated 8 and
16 times and compare the *work* done, never the wall time: the lines of thucydides code executed
plus the calls made (Python, C and profiled Cython functions, spaCy's token objects included).
Doubling the document must not much more than double the work.
"""

from __future__ import annotations

import cProfile
import pstats
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from spacy.tokens import Doc

import thucydides
from thucydides import Pipeline
from thucydides.parse import paragraph_breaks
from thucydides.pipeline import clean_document
from thucydides.records import Document, RawDocument

PACKAGE = str(Path(thucydides.__file__).parent)

# Written for these tests: quotes, claims, allegations, dates, places and several actors, so
# every stage has something to find in each copy.
STORY = """\
Talks on the border crisis collapsed on Tuesday, officials in Islamabad said.

Pakistan accused India of shelling villages near the Line of Control on March 3, and its foreign \
ministry said the attacks had killed six civilians. "We will answer any aggression," Foreign \
Minister Tariq Hamid told reporters in Islamabad. India denied the charge.

An Indian army spokesman, Colonel Arun Mehta, said his troops had only returned fire. "Our soldiers \
did not cross the line," he said. A senior Western diplomat, who asked not to be named, said both \
sides were moving artillery closer to the frontier.

The United States urged India and Pakistan to resume talks, and China offered to mediate. \
According to the United Nations, 4,000 people have fled the area since February.

Afghan officials alleged that Pakistani militants had crossed into Kunar province last week. \
Kabul recalled its ambassador on Friday.
"""


class _Work:
    """Counts lines executed in thucydides code and calls made anywhere, while active."""

    def __init__(self) -> None:
        self.lines = 0
        self.calls = 0

    @property
    def total(self) -> int:
        return self.lines + self.calls

    def _trace(self, frame: FrameType, event: str, arg: Any) -> Any:
        if not frame.f_code.co_filename.startswith(PACKAGE):
            return None  # no line events for other code: its calls are counted by the profiler
        return self._lines

    def _lines(self, frame: FrameType, event: str, arg: Any) -> Any:
        if event == "line":
            self.lines += 1
        return self._lines

    def _profile(self, frame: FrameType, event: str, arg: Any) -> None:
        if event in ("call", "c_call"):
            self.calls += 1

    @contextmanager
    def counting(self) -> Iterator[None]:
        sys.settrace(self._trace)
        sys.setprofile(self._profile)
        try:
            yield
        finally:
            sys.setprofile(None)
            sys.settrace(None)


def _stage_work(pipeline: Pipeline, base: Doc, copies: int) -> Counter[str]:
    doc = Doc.from_docs([base] * copies)
    document = Document(id="long", hash="-", text=doc.text, title=None, published=None, url=None, source=None)
    work: Counter[str] = Counter()

    @contextmanager
    def watch(stage: str) -> Iterator[None]:
        counter = _Work()
        with counter.counting():
            yield
        work[stage] = counter.total

    pipeline.analyse_parsed(document, doc, watch=watch)
    raw = RawDocument(id="long", text="\n\n".join([STORY] * copies), origin="long")
    counter = _Work()
    with counter.counting():
        clean_document(raw, pipeline.settings)
    work["clean"] = counter.total
    return work


@pytest.fixture(scope="module")
def story_doc(pipeline: Pipeline) -> Doc:
    return pipeline.nlp(STORY)


def test_the_story_exercises_every_stage(pipeline: Pipeline, story_doc: Doc) -> None:
    document = Document(id="s", hash="-", text=story_doc.text, title=None, published=None, url=None, source=None)
    analysis = pipeline.analyse_parsed(document, story_doc)
    assert len(analysis.quotes) >= 4
    assert len(analysis.events) >= 3
    assert len(analysis.people) >= 2
    assert analysis.dates and analysis.places


def test_every_stage_is_linear_in_the_document(pipeline: Pipeline, story_doc: Doc) -> None:
    small = _stage_work(pipeline, story_doc, 8)
    large = _stage_work(pipeline, story_doc, 16)
    assert set(small) == {"clean", "sentences", "dateline", "actors", "places", "reading", "quotes", "dates", "events"}
    ratios = {stage: large[stage] / small[stage] for stage in small}
    # Linear work doubles (2.0); the quadratic scans this replaced gave 2.6-3.4 here.
    superlinear = {stage: round(ratio, 2) for stage, ratio in ratios.items() if ratio > 2.25}
    assert not superlinear, f"work grew faster than the document: {superlinear} (small {dict(small)})"


def _paragraph_checks(pipeline: Pipeline, paragraphs: int) -> int:
    """Calls to ``Doc.has_annotation`` (a scan of the whole document before parsing) made while
    marking ``paragraphs`` paragraph breaks."""
    doc = pipeline.nlp.make_doc("\n\n".join(["Talks collapsed on Tuesday"] * paragraphs))
    profile = cProfile.Profile()
    profile.runcall(paragraph_breaks, doc)
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    starts = [token.i for token in doc if token.is_sent_start]
    assert len(starts) == paragraphs  # the first token and each paragraph's first word
    return sum(calls for (_, _, name), (_, calls, *_) in stats.items() if name == "has_annotation")


def test_paragraph_breaks_mark_the_document_in_one_pass(pipeline: Pipeline) -> None:
    # Marking each break with ``token.is_sent_start = True`` checked the whole unparsed
    # document for a parse every time: one scan per paragraph.
    assert _paragraph_checks(pipeline, 400) <= 2
    assert _paragraph_checks(pipeline, 800) <= 2
