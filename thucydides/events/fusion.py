"""The learned coder: the event model's reading of each candidate sentence, fused with the rules.

A candidate sentence is one with at least one mention of a coded actor. The model reads each
(:mod:`thucydides.models.event_model`) and gives the probability that it reports an event, its
quad class and PLOVER type, and the words it takes for the source and the target. Then, sentence
by sentence (the README's "How events are coded"):

- a rule event the model agrees with (an event of the rule event's class, and of its type unless
  the model is sure of another, ``retype_type``) keeps its 4-digit code and is
  ``coded_by="both"``; when it is the sentence's only event and the model is sure of another
  class (``retype``) or type, it takes the model's, but only as another sense of its own word
  (a rule of the trigger word with the model's type, a CAMEO 01 rule for a statement), its
  parties kept, also ``both``: a visit is never retyped a rejection, nor an appeal a statement;
- a rule event in a sentence the model is sure reports no event (probability of ``none`` at or
  over ``drop``) is dropped; other rule events stay, ``coded_by="rules"``;
- a sentence where the model finds an event (probability at or over ``event``) of class 1-4
  and the rules none gets the model's event, ``coded_by="model"``, when a trigger word of the
  sentence has a rule of the model's type (or, from ``event_class``, of its class, the word's
  own type then): that word and its code (the rules found the act but
  could not place both parties); its source and target are the actors the model's spans
  cover, resolved as the rules resolve words (mentions, pronouns, the country of a targeted
  place), the sides the trigger word's own rule names first. Reciprocal spans give both
  directions. A side whose span covers no coded actor is left ``None``; with neither side an
  actor, or a verbal act (class 1 or 3) without its source, there is no event. An act no trigger word reports
  is not coded from the model alone: on real news the model finds an "event" in most
  sentences (12 a story), and the trigger lexicon is what keeps its events right and each
  traceable to the word that reports it;
- a sentence the model reads as a statement (class 0, probability at or over ``statement``)
  and the rules not at all gets a CAMEO 010 event of its source at the sentence's verb.

Modality, the quote an event is read from, its date and place come from the trigger's clause
exactly as for a rule event: an allegation the model finds is still an allegation. Every event
of this coder carries the model's calibrated event probability as its ``confidence``.

The thresholds are chosen by ``tools/tune_fusion.py`` on the dev split and our judged news
sample together, and kept in the model's manifest (``fusion``); the defaults here stand in for
a manifest without them.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Token
from spacy.tokens import Span as DocSpan

from ..models.event_model import QUADS, EventModel, PartySpan, SentencePrediction
from ..records import Event, Mention, Person
from . import syntax
from .coder import Coder, Party
from .lexicon import EventLexicon, Rule

# A statement the model finds (class 0): CAMEO's "make statement, not specified below".
STATEMENT = "010"
# PLOVER types of the lexicon read as the model's
_AS_MODEL_TYPE = {"CONCEDE": "YIELD", "RETREAT": "YIELD"}


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The probabilities from which the model's reading changes the rules' (None: never).

    - ``event``: a sentence without a rule event gets the model's, on a trigger word of its type;
    - ``event_class``: ... or, failing one, on a word whose rule is of the model's class (that
      class's probability);
    - ``statement``: a sentence the model reads as a statement (class 0) gets a CAMEO 010 event
      of its source, when the rules found none;
    - ``drop``: a rule event is dropped (the probability of no event);
    - ``retype``: a sentence's only rule event takes the model's class (that class's probability);
    - ``retype_type``: ... or, of the same class, the model's type (that type's probability).
    """

    event: float | None = 0.5
    event_class: float | None = None
    statement: float | None = None
    drop: float | None = 0.9
    retype: float | None = 0.8
    retype_type: float | None = None

    @classmethod
    def of(cls, manifest: Mapping[str, Any]) -> Thresholds:
        """The thresholds the manifest's ``fusion`` block chose on the dev split, else these
        defaults (a key given as null turns its step off)."""
        chosen = manifest.get("fusion") or {}
        values: dict[str, float | None] = {}
        for field in dataclasses.fields(cls):
            if field.name in chosen:
                value = chosen[field.name]
                values[field.name] = None if value is None else float(value)
        return cls(**values)

    def reached(self, name: str, probability: float) -> bool:
        """Whether ``probability`` reaches the threshold ``name`` (never when it is off)."""
        threshold = getattr(self, name)
        return threshold is not None and probability >= threshold


def event_candidates(doc: Doc, mentions: Sequence[Mention], people: Sequence[Person]) -> list[int]:
    """The indices of the sentences the event model reads: those with a mention of a coded
    actor (or of a person with a code)."""
    coded_people = {person.id for person in people if person.actor}
    starts = sorted(m.start for m in mentions if m.actor or (m.person and m.person in coded_people))
    ends = [sentence.end_char for sentence in doc.sents]
    return sorted({bisect.bisect_right(ends, start) for start in starts} - {len(ends)})


def model_type(plover: str | None) -> str | None:
    """A lexicon PLOVER type as the model's (CONCEDE and RETREAT are YIELD)."""
    return _AS_MODEL_TYPE.get(plover, plover) if plover else None


class Fusion:
    """Fuses the rule coder's events of one document with the model's reading of its sentences."""

    def __init__(self, model: EventModel, lexicon: EventLexicon, thresholds: Thresholds | None = None) -> None:
        self.model = model
        self.lexicon = lexicon
        self.thresholds = thresholds or Thresholds.of(model.manifest)

    def read(self, doc: Doc, mentions: Sequence[Mention], people: Sequence[Person]) -> dict[int, SentencePrediction]:
        """The model's reading of each candidate sentence (:func:`event_candidates`), by sentence
        index; a sentence it does not read (empty, one word) is left out."""
        chosen = event_candidates(doc, mentions, people)
        sentences = list(doc.sents)
        predictions = self.model.predict([sentences[index].text for index in chosen])
        return {index: p for index, p in zip(chosen, predictions, strict=True) if p is not None}

    def __call__(
        self, coder: Coder, rule_events: tuple[Event, ...], readings: Mapping[int, SentencePrediction]
    ) -> tuple[Event, ...]:
        """The document's events: the rule coder's (``rule_events``) fused sentence by sentence
        with the model's ``readings`` (:meth:`read`)."""
        by_sentence: dict[int, list[Event]] = defaultdict(list)
        for event in rule_events:
            by_sentence[event.sentence].append(event)
        sentences = list(coder.doc.sents)
        read = {index: (sentences[index], prediction) for index, prediction in readings.items()}
        fused: list[Event] = []
        for index in sorted(set(by_sentence) | set(read)):
            found = by_sentence.get(index, [])
            if index not in read:
                fused.extend(found)  # not read by the model: the rules' events as they are
                continue
            sentence, prediction = read[index]
            fused.extend(self._fuse(coder, sentence, prediction, found))
        fused.sort(key=lambda event: event.trigger_span[0])
        return tuple(dataclasses.replace(event, id=f"e{number}") for number, event in enumerate(fused, start=1))

    def _fuse(self, coder: Coder, sentence: DocSpan, prediction: SentencePrediction, found: list[Event]) -> list[Event]:
        probability = round(prediction.event_probability, 3)
        if found:
            if self.thresholds.reached("drop", float(prediction.quad_probs[0])):
                return []
            # the model reads the sentence, not each clause: of several events (an accusation and
            # the act it alleges) it can retype none, only agree with the one of its class
            alone = len(found) == 1
            return [self._checked(coder, event, prediction, probability, retype=alone) for event in found]
        return self._model_events(coder, sentence, prediction, probability)

    def _checked(
        self, coder: Coder, event: Event, prediction: SentencePrediction, probability: float, *, retype: bool
    ) -> Event:
        """A rule event as the model sees it: agreed (``both``: the model's class, and its type
        unless sure of another), retyped when the model is sure of another class or type (the
        parties kept, the code the model's type's), or left to the rules."""
        quad = prediction.quad
        rules = dataclasses.replace(event, confidence=probability, coded_by="rules")
        if quad == "none":
            return rules
        if quad == _quad(event):
            if quad == "0" or not retype:
                return dataclasses.replace(event, confidence=probability, coded_by="both")
            kind, sureness = prediction.type_for(quad)
            if kind == model_type(event.plover) or not self.thresholds.reached("retype_type", sureness):
                return dataclasses.replace(event, confidence=probability, coded_by="both")
        elif not retype or not self.thresholds.reached("retype", float(prediction.quad_probs[QUADS.index(quad)])):
            return rules
        trigger = coder.doc.char_span(*event.trigger_span, alignment_mode="expand")
        code = self._own_code(trigger.root, quad, prediction) if trigger is not None else None
        if code is None or code.code == event.cameo:
            return rules
        return dataclasses.replace(
            event,
            cameo=code.code,
            cameo_label=code.label,
            plover=code.plover,
            plover_mode=code.plover_mode,
            quad_class=code.quad_class,
            goldstein=code.goldstein,
            confidence=probability,
            coded_by="both",
        )

    def _own_code(self, trigger: Token, quad: str, prediction: SentencePrediction) -> Any | None:
        """The code of the model's class and type among the trigger word's own rules (a CAMEO 01
        rule for a statement), or None: a rule event is retyped only to another sense of its
        own word ("fight" as an attack or as a rejection), never to a code its word does not
        report (a visit is not a rejection, an appeal not a bare statement)."""
        kind = None if quad == "0" else prediction.type_for(quad)[0]
        pos = "verb" if trigger.pos_ in ("VERB", "AUX") else "noun"
        for rule in self.lexicon.rules_for(trigger.lemma_.lower(), pos):
            if rule.light:
                continue
            code = self.lexicon.code(rule.code)
            if (code.code[:2] == "01") if kind is None else (code.code[:2] != "01" and model_type(code.plover) == kind):
                return code
        return None

    def _model_events(
        self, coder: Coder, sentence: DocSpan, prediction: SentencePrediction, probability: float
    ) -> list[Event]:
        # the likeliest event class, then the likeliest type of that class
        quad = max(("0", "1", "2", "3", "4"), key=lambda q: float(prediction.quad_probs[QUADS.index(q)]))
        if quad == "0":
            # a statement: not coded from the model alone unless the dev split chose to (the
            # rules code no bare "said"; the quote records hold what was said)
            if not self.thresholds.reached("statement", float(prediction.quad_probs[QUADS.index("0")])):
                return []
            verb = _head_verb(sentence)
            sources = self._parties(coder, sentence, prediction.spans, "source")
            if verb is None or not sources:
                return []
            return [coder.event(0, verb, self.lexicon.code(STATEMENT), sources[0], None, probability, coded_by="model")]
        kind = prediction.type_for(quad)[0]
        if not self.thresholds.reached("event", probability):
            return []
        found = self._trigger_word(sentence, kind)
        if found is None and self.thresholds.reached("event_class", float(prediction.quad_probs[QUADS.index(quad)])):
            # a word whose own rule is of the model's class, not its type (the model reads
            # "clashes" as an assault, the word's rule as a protest)
            found = self._trigger_word(sentence, kind, quad)
        if found is None:
            # no word of the sentence reports an act of that type: on real news the model alone
            # finds "events" in most sentences, and the trigger word is what keeps them right
            # (and the record traceable to the word that reports the act: an event pinned to the
            # sentence's main verb at its type's root was right on none of the reference
            # article's two, and lowered root precision on the judged news sample)
            return []
        trigger, rule, code = found
        # the sides the trigger's own rule names come first (the rules found one, or the pair was
        # filtered); the model's tagged words fill a side they leave empty
        named = coder.sides(trigger, rule)
        rule_sources = named.sources if named is not None else []
        rule_targets = named.targets if named is not None else []
        mutual = self._parties(coder, sentence, prediction.spans, "reciprocal")
        if len(mutual) >= 2 and not rule_targets:
            # "Sudan and South Sudan agreed": each side's act towards the other, as CAMEO codes it
            return [
                coder.event(0, trigger, code, first, second, probability, coded_by="model")
                for first, second in ((mutual[0], mutual[1]), (mutual[1], mutual[0]))
            ]
        sources = rule_sources or self._parties(coder, sentence, prediction.spans, "source") or mutual
        source = sources[0] if sources else None
        targets = [
            party
            for party in rule_targets or self._parties(coder, sentence, prediction.spans, "target", target=True)
            if source is None or party.actor != source.actor
        ]
        target = targets[0] if targets else None
        if source is None and (target is None or code.quad_class in (1, 3)):
            # a verbal act (an appeal, an accusation) is a speaker's: without one it is no event;
            # a material one may leave its doer unnamed ("three soldiers were killed")
            return []
        return [coder.event(0, trigger, code, source, target, probability, coded_by="model")]

    def _parties(
        self, coder: Coder, sentence: DocSpan, spans: tuple[PartySpan, ...], role: str, *, target: bool = False
    ) -> list[Party]:
        """The actors the spans of ``role`` cover, one per actor, in order: the span's head word
        first, then each of its words (a place's country only for a target)."""
        offset = sentence.start_char
        found: dict[str, Party] = {}
        for span in spans:
            if span.role != role:
                continue
            words = coder.doc.char_span(offset + span.start, offset + span.end, alignment_mode="expand")
            if words is None:
                continue
            for token in (words.root, *words):
                party = coder.party(token, place=target, target=target)
                if party is not None:
                    found.setdefault(party.actor, party)
                    break
        return list(found.values())

    def _trigger_word(self, sentence: DocSpan, kind: str, quad: str | None = None) -> tuple[Token, Rule, Any] | None:
        """The word that reports the act and its code: a trigger word of the sentence whose rule
        has the model's type (with ``quad``: any type of that class, the word's own), a verb
        before a noun; or None."""
        best: tuple[int, Token, Rule, Any] | None = None
        for token in sentence:
            pos = "verb" if token.pos_ in ("VERB", "AUX") else "noun" if token.pos_ == "NOUN" else None
            if pos is None:
                continue
            for rule in self.lexicon.rules_for(token.lemma_.lower(), pos):
                if rule.light:
                    continue
                code = self.lexicon.code(rule.code)
                if (code.code[:2] == "01" or str(code.quad_class) != quad) if quad else model_type(code.plover) != kind:
                    continue
                if not syntax.matches(token, rule):
                    continue
                rank = 0 if pos == "verb" else 1
                if best is None or rank < best[0]:
                    best = (rank, token, rule, code)
                break
        return best[1:] if best is not None else None


def _quad(event: Event) -> str:
    """An event's ConfliBERT class as the model labels it: 0 for a CAMEO 01 statement."""
    return "0" if event.cameo[:2] == "01" else str(event.quad_class)


def _head_verb(sentence: DocSpan) -> Token | None:
    """The word an event the model reads in the sentence as a whole is pinned to: the sentence's
    root when it is a verb, else its first verb."""
    if sentence.root.pos_ in ("VERB", "AUX"):
        return sentence.root
    return next((token for token in sentence if token.pos_ == "VERB"), None)
