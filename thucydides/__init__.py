"""thucydides: structured, sourced event data from news on international politics and conflict.

The public API is this list; everything else is private and may change.
"""

from __future__ import annotations

import datetime as dt
import functools

from .contract import SCHEMA, to_json
from .errors import (
    ConfigError,
    DataError,
    InputError,
    InputTooLarge,
    MissingExtra,
    ModelNotFound,
    StoreError,
    ThucydidesError,
)
from .filters import EventFilter
from .pipeline import Pipeline
from .records import (
    Actor,
    Analysis,
    DateMention,
    Document,
    Event,
    EventParty,
    Failure,
    Mention,
    Person,
    Place,
    Quote,
    RawDocument,
    Sentence,
    Speaker,
)
from .settings import Settings, load_settings
from .store import Store

__version__ = "0.1.0"

__all__ = [
    "SCHEMA",
    "Actor",
    "Analysis",
    "ConfigError",
    "DataError",
    "DateMention",
    "Document",
    "Event",
    "EventFilter",
    "EventParty",
    "Failure",
    "InputError",
    "InputTooLarge",
    "Mention",
    "MissingExtra",
    "ModelNotFound",
    "Person",
    "Pipeline",
    "Place",
    "Quote",
    "RawDocument",
    "Sentence",
    "Settings",
    "Speaker",
    "Store",
    "StoreError",
    "ThucydidesError",
    "__version__",
    "analyze",
    "load_settings",
    "to_json",
]


def analyze(
    text: str, *, published: dt.date | None = None, doc_id: str = "text", pipeline: Pipeline | None = None
) -> Analysis:
    """Analyse one article with a default :class:`Pipeline` (built on first use if not given)."""
    return (pipeline or _default_pipeline()).analyze_text(text, doc_id=doc_id, published=published)


@functools.cache
def _default_pipeline() -> Pipeline:
    """The default pipeline, loaded on first use and then shared (its resources are read-only)."""
    return Pipeline()
