"""The learned models' one pass over a document (the pipeline's ``reading`` stage).

The event model's encoder reads each sentence that either learned layer needs, once:

- the event coder's candidates, the sentences with a mention of a coded actor
  (:func:`thucydides.events.fusion.event_candidates`), get the event heads' reading;
- the attribution tagger's windows (:func:`thucydides.models.attribution_windows.windows`:
  candidate sentences of one paragraph read together) get the tagger's reading of the
  encoder's states for their sentences.

A sentence both need is encoded once and serves both. With neither layer on, nothing is read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .events import EventStage
from .events.fusion import event_candidates
from .models.attribution_model import AttributionModel, WindowReading
from .models.attribution_windows import SentenceWindow, windows
from .models.event_model import EventModel, SentencePrediction
from .records import Mention, Person


@dataclass(frozen=True, slots=True)
class Readings:
    """What the learned layers read in one document: the event model's reading of each event
    candidate sentence (by sentence index) and the tagger's reading of each window."""

    events: Mapping[int, SentencePrediction] = field(default_factory=dict)
    windows: tuple[tuple[SentenceWindow, WindowReading], ...] = ()


class Reader:
    """Runs the encoder once over the sentences the learned layers need: those of the events
    stage's fused coder (``events.fusion``, whose model it asks) and, with a ``tagger``, the
    attribution windows, read with ``encoder`` (the event model, whose states the tagger was
    trained on). When the event coder's model is that same encoder, a sentence both need is
    encoded once; another model (a stand-in in a test) is asked on its own."""

    def __init__(self, events: EventStage, tagger: AttributionModel | None, encoder: EventModel | None) -> None:
        if tagger is not None and encoder is None:
            raise ValueError("the attribution tagger needs the event model's encoder")
        self.events = events
        self.tagger = tagger
        self.encoder = encoder

    def __call__(self, doc: Any, mentions: Sequence[Mention], people: Sequence[Person]) -> Readings:
        fusion = self.events.fusion
        if self.tagger is None or self.encoder is None:
            return Readings(self.events.read(doc, mentions, people))
        shared = fusion is not None and fusion.model is self.encoder
        candidates = event_candidates(doc, mentions, people) if shared else []
        found = windows(doc)
        needed = sorted({*candidates, *(index for window in found for index in window.sentences)})
        sentences = list(doc.sents)
        text = doc.text
        spans = [_stripped(sentences[index], text) for index in needed]
        encoded = dict(zip(needed, self.encoder.encode([text[s:e] for s, e in spans]), strict=True))
        if shared:
            events = {index: sentence.prediction for index in candidates if (sentence := encoded[index]) is not None}
        else:
            events = self.events.read(doc, mentions, people)
        read = tuple(
            (
                window,
                self.tagger.read(
                    self.tagger.window_inputs([encoded[i] for i in window.sentences], [s for s, _ in window.spans])
                ),
            )
            for window in found
        )
        return Readings(events, read)


def _stripped(sentence: Any, text: str) -> tuple[int, int]:
    """A sentence's character span without its trailing spacing (as the windows hold it)."""
    return sentence.start_char, sentence.start_char + len(sentence.text.rstrip())
