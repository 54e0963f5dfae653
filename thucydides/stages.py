"""The stages after parsing, declared once: what each reads, what it gives, and their order.

Every stage has one call shape: it reads a :class:`Draft` (an analysis in progress) and returns
its own records, a mapping from the names it ``assigns`` to their values. :data:`STAGE_ORDER`
is the one order; :func:`check_stages` verifies, when a pipeline is built, that each stage
finds what it ``requires`` among the inputs (``document``, ``doc``) or earlier stages' records,
and that no two stages give the same record (spaCy's ``requires``/``assigns`` is the model).
The pipeline, the benchmark's stage breakdown and the corpus engines (through the pipeline)
all run :attr:`Pipeline.stages`.

The data flow, one way only::

    doc ─ sentences
    document ─ dateline ─ story_country ─┐
    doc, document ─────────────────────── actors ─ mentions, actors, people, place_hits
    doc, people, actors, place_hits, dateline ─ places
    doc, mentions, people ─ reading (the learned layers' one encoder pass: thucydides.reading)
    doc, mentions, people, sentences, readings ─ quotes
    doc, document ─ dates
    everything above ─ events
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from .actors import ActorStage, load_lexicon
from .clean import Dateline, dateline
from .dates import find_dates
from .errors import StageError
from .events import EventStage
from .places import dateline_places, find_places
from .quotes import QuoteStage
from .reading import Reader
from .records import Analysis, Document, Sentence

# The records a draft starts with; every other name is a stage's.
INPUTS = ("document", "doc")
# The stages after parsing, in the order they run.
STAGE_ORDER = ("sentences", "dateline", "actors", "places", "reading", "quotes", "dates", "events")
# What an Analysis is made of, read from the finished draft.
_ANALYSIS_FIELDS = ("sentences", "mentions", "actors", "people", "places", "quotes", "dates", "events")


@dataclass(slots=True)
class Draft:
    """An analysis in progress: the cleaned document, its parse, and the records stages gave."""

    document: Document
    doc: Any
    records: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Any:
        if name == "document":
            return self.document
        if name == "doc":
            return self.doc
        return self.records[name]

    def analysis(self) -> Analysis:
        """The finished analysis (every stage has run)."""
        return Analysis(document=self.document, **{name: self.records[name] for name in _ANALYSIS_FIELDS})


class Stage(Protocol):
    """One stage: its name, the records it reads and those it gives, and its one call."""

    @property
    def name(self) -> str: ...

    @property
    def requires(self) -> tuple[str, ...]: ...

    @property
    def assigns(self) -> tuple[str, ...]: ...

    def __call__(self, draft: Draft) -> Mapping[str, Any]: ...


@dataclass(frozen=True, slots=True)
class FunctionStage:
    """A stage made of a function of the draft."""

    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    run: Callable[[Draft], Mapping[str, Any]]

    def __call__(self, draft: Draft) -> Mapping[str, Any]:
        return self.run(draft)


def run_stage(stage: Stage, draft: Draft) -> None:
    """Run ``stage`` on ``draft`` and keep what it gives; it must give exactly what it declares."""
    given = stage(draft)
    if set(given) != set(stage.assigns):
        raise StageError(
            f"stage {stage.name!r} gave {sorted(given)} but declares {sorted(stage.assigns)}; "
            "a stage gives exactly the records it assigns"
        )
    draft.records.update(given)


def check_stages(stages: Sequence[Stage]) -> None:
    """Raise :class:`StageError` unless the stages run in :data:`STAGE_ORDER`, each finds what it
    requires among the inputs and earlier stages' records, and no record is given twice; and
    unless together they give every part of an :class:`Analysis`."""
    names = tuple(stage.name for stage in stages)
    if names != STAGE_ORDER:
        raise StageError(f"stages {list(names)} are not the declared order {list(STAGE_ORDER)}")
    available = set(INPUTS)
    for stage in stages:
        missing = [name for name in stage.requires if name not in available]
        if missing:
            raise StageError(
                f"stage {stage.name!r} requires {missing}, which no earlier stage assigns "
                f"(available: {sorted(available)})"
            )
        twice = [name for name in stage.assigns if name in available]
        if twice:
            raise StageError(f"stage {stage.name!r} assigns {twice}, already given before it")
        available.update(stage.assigns)
    absent = [name for name in _ANALYSIS_FIELDS if name not in available]
    if absent:
        raise StageError(f"no stage assigns {absent}, which an Analysis needs")


# -- the stages ----------------------------------------------------------------------------------


def sentences_of(doc: Any) -> tuple[Sentence, ...]:
    """The sentence spans of a parsed document, trailing whitespace left out."""
    return tuple(
        Sentence(index, sent.start_char, sent.start_char + len(sent.text.rstrip()))
        for index, sent in enumerate(doc.sents)
    )


def _sentences(draft: Draft) -> Mapping[str, Any]:
    return {"sentences": sentences_of(draft.doc)}


def build_stages(
    actors: ActorStage,
    quotes: QuoteStage,
    events: EventStage,
    reader: Reader,
    gazetteer: Any,
    country_names: Mapping[str, str],
) -> list[Stage]:
    """The pipeline's stages over its loaded resources, in :data:`STAGE_ORDER`."""
    lexicon = load_lexicon()

    def read_dateline(draft: Draft) -> Mapping[str, Any]:
        found = dateline(draft.document.removed)
        return {"dateline": found, "story_country": story_country(found, gazetteer, lexicon)}

    def find_actors(draft: Draft) -> Mapping[str, Any]:
        findings = actors(draft.doc, draft.document.published, draft["story_country"])
        return {
            "mentions": findings.mentions,
            "actors": findings.actors,
            "people": findings.people,
            "place_hits": findings.place_hits,
        }

    def find_places_of(draft: Draft) -> Mapping[str, Any]:
        doc = draft.doc
        taken: set[int] = set()
        for person in draft["people"]:
            for start, end in person.mentions:
                span = doc.char_span(start, end, alignment_mode="expand")
                if span is not None:
                    taken.update(range(span.start, span.end))
        countries = dict.fromkeys(a.country for a in draft["actors"] if a.country)
        found = find_places(doc, draft["place_hits"], taken, gazetteer, country_names, countries)
        # then the dateline's places (kind "dateline", no mentions), resolved among the story's countries
        return {"places": found + dateline_places(draft["dateline"], gazetteer, lexicon, countries)}

    def read_sentences(draft: Draft) -> Mapping[str, Any]:
        return {"readings": reader(draft.doc, draft["mentions"], draft["people"])}

    def find_quotes(draft: Draft) -> Mapping[str, Any]:
        starts = [sentence.start for sentence in draft["sentences"]]
        readings = [reading for _, reading in draft["readings"].windows]
        return {"quotes": quotes(draft.doc, draft["mentions"], draft["people"], starts, readings)}

    def find_dates_of(draft: Draft) -> Mapping[str, Any]:
        return {"dates": find_dates(draft.doc, draft.document.published)}

    def find_events(draft: Draft) -> Mapping[str, Any]:
        found = events(
            draft.doc,
            mentions=draft["mentions"],
            actors=draft["actors"],
            people=draft["people"],
            places=draft["places"],
            quotes=draft["quotes"],
            dates=draft["dates"],
            published=draft.document.published,
            readings=draft["readings"].events,
        )
        return {"events": found}

    return [
        FunctionStage("sentences", ("doc",), ("sentences",), _sentences),
        FunctionStage("dateline", ("document",), ("dateline", "story_country"), read_dateline),
        FunctionStage(
            "actors",
            ("doc", "document", "story_country"),
            ("mentions", "actors", "people", "place_hits"),
            find_actors,
        ),
        FunctionStage("places", ("doc", "people", "actors", "place_hits", "dateline"), ("places",), find_places_of),
        FunctionStage("reading", ("doc", "mentions", "people"), ("readings",), read_sentences),
        FunctionStage("quotes", ("doc", "mentions", "people", "sentences", "readings"), ("quotes",), find_quotes),
        FunctionStage("dates", ("doc", "document"), ("dates",), find_dates_of),
        FunctionStage(
            "events",
            ("doc", "document", "mentions", "actors", "people", "places", "readings", "quotes", "dates"),
            ("events",),
            find_events,
        ),
    ]


def story_country(found: Dateline | None, gazetteer: Any, lexicon: Any) -> str | None:
    """The one country the story's dateline places are in ("PHOENIX (Reuters) -": USA), read
    before the actors so that local roles can take it; None without a dateline or with two."""
    countries = {place.country for place in dateline_places(found, gazetteer, lexicon)}
    countries.discard(None)
    return countries.pop() if len(countries) == 1 else None
