"""Shared fixtures: two pipelines per test session (``pipeline`` with the rule event coder alone,
``learned_pipeline`` the default, fused with the event model), the shared folder when it is present, and
``db``, a store of the two hand-made reports of ``two_stories`` (a test file with a store of its
own defines its own ``db``, which takes the place of this one there)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from two_stories import two_story_store

from thucydides import Pipeline

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
REFERENCE_ARTICLE = SHARED / "examples" / "pakistan-2009-time.txt"
DATA = SHARED / "data"


@pytest.fixture(scope="session")
def learned_pipeline() -> Pipeline:
    """The default pipeline: the rule event coder fused with the shipped event model (and the
    rules' quotes alone, the default quote coder)."""
    return Pipeline()


@pytest.fixture(scope="session")
def fused_quotes_pipeline(learned_pipeline: Pipeline) -> Pipeline:
    """The pipeline with both learned layers (``quotes.coder = "learned"``): the rules' quotes
    fused with the attribution tagger, on the one encoder pass the event coder shares."""
    from thucydides.settings import load_settings

    return Pipeline(load_settings().with_overrides(quotes={"coder": "learned"}), nlp=learned_pipeline.nlp)


@pytest.fixture(scope="session")
def pipeline(learned_pipeline: Pipeline) -> Pipeline:
    """The pipeline with the rules alone (``events.coder`` and ``quotes.coder`` ``"rules"``),
    sharing the spaCy model: most tests pin the rules' own records; the learned layers' tests
    (fusion, the gates of the learned figures) take ``learned_pipeline``."""
    from thucydides.settings import load_settings

    rules = load_settings().with_overrides(events={"coder": "rules"}, quotes={"coder": "rules"})
    return Pipeline(rules, nlp=learned_pipeline.nlp)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not DATA.is_dir():
        pytest.skip(f"labelled data not found at {DATA} (../shared is only beside the project in sessions and CI)")
    return DATA


def _reference_article(pipeline: Pipeline):
    if not REFERENCE_ARTICLE.is_file():
        pytest.skip(f"reference article not found at {REFERENCE_ARTICLE} (../shared is absent)")
    from thucydides.read import read_text

    raw = read_text(
        REFERENCE_ARTICLE.read_text("utf-8"),
        str(REFERENCE_ARTICLE),
        doc_id=REFERENCE_ARTICLE.name,
        published=dt.date(2009, 7, 29),
    )
    return pipeline.analyze(raw)


@pytest.fixture(scope="session")
def reference_analysis(pipeline: Pipeline):
    """The reference article read by the session's pipeline (the rule event coder)."""
    return _reference_article(pipeline)


@pytest.fixture(scope="session")
def learned_reference_analysis(learned_pipeline: Pipeline):
    """The reference article read by the default pipeline (the learned, fused event coder)."""
    return _reference_article(learned_pipeline)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A new store of the two reports of ``two_stories`` (no spaCy), for each test."""
    return two_story_store(tmp_path / "news.duckdb")
