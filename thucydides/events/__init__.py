"""Events: who did what to whom, coded in CAMEO with PLOVER, QuadClass and Goldstein.

For each word that a rule in ``data/triggers.tsv`` names (a verb such as "accused" or a noun such
as "offensive"), the most specific rule whose conditions hold gives the CAMEO code; the parse
gives the source and the target (:mod:`.syntax`); the actors stage says which actor each is. A
trigger without a coded source and a coded target gives no event: no guessed actors, no default
"make statement" for every "said". Speech acts that are news in themselves (accuse, allege, deny,
urge, warn) are events of their speaker; the act an allegation reports is kept as a separate
event with modality ``alleged`` and the quote's id (:mod:`.modality`).

Each event takes its date from its own clause, else from the nearest clause above it that has one,
else the publication date (``date_basis`` says which), and its place from a locative phrase on the
trigger ("in Helmand") or from a target that is a place ("visited Pakistan").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

from spacy.tokens import Doc

from ..actors.lexicon import load_lexicon
from ..models.event_model import EventModel, SentencePrediction
from ..records import Actor, DateMention, Event, Mention, Person, Place, Quote
from .coder import Coder
from .fusion import Fusion
from .lexicon import EventLexicon, load_event_lexicon

__all__ = ["EventLexicon", "EventStage", "load_event_lexicon"]


class EventStage:
    """Finds the events of one parsed document: the rule coder's, fused with the event model's
    reading when ``model`` is given (:mod:`.fusion`). Stateless: safe to share between documents."""

    def __init__(self, lexicon: EventLexicon | None = None, model: EventModel | None = None) -> None:
        self.lexicon = lexicon or load_event_lexicon()
        self.fusion = Fusion(model, self.lexicon) if model is not None else None
        # country adjectives ("Iraqi", "German") for targets that are the country's things
        self.adjectives = {
            adjective.lower(): country.code
            for country in load_lexicon().countries.values()
            if not country.bloc
            for adjective in country.adjectives
        }

    @contextmanager
    def rules_only(self) -> Iterator[None]:
        """Within the block, the rule coder alone (to measure it beside the fused coder)."""
        fusion, self.fusion = self.fusion, None
        try:
            yield
        finally:
            self.fusion = fusion

    def __call__(
        self,
        doc: Doc,
        *,
        mentions: Sequence[Mention],
        actors: Sequence[Actor],
        people: Sequence[Person],
        places: Sequence[Place],
        quotes: Sequence[Quote],
        dates: Sequence[DateMention],
        published: dt.date | None,
        readings: Mapping[int, SentencePrediction],
    ) -> tuple[Event, ...]:
        """The document's events; ``readings`` is the model's reading of its candidate sentences
        (:meth:`read`, through the pipeline's ``reading`` stage), unused by the rules alone."""
        coder = Coder(self.lexicon, doc, mentions, actors, people, places, quotes, dates, published, self.adjectives)
        events = coder.events()
        return self.fusion(coder, events, readings) if self.fusion is not None else events

    def read(self, doc: Doc, mentions: Sequence[Mention], people: Sequence[Person]) -> dict[int, SentencePrediction]:
        """The event model's reading of the candidate sentences, by sentence index (none for
        the rule coder alone): one encoder pass, before the quotes and events stages."""
        return self.fusion.read(doc, mentions, people) if self.fusion is not None else {}
