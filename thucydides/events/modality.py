"""Whether an event is reported as having happened: ``asserted``, ``negated``, ``future``,
``hypothetical``, ``alleged`` or ``reported``.

The words come from ``data/modality.tsv``. The order of precedence, strongest first: negated
("did not attack", "denied sending troops"), alleged (inside someone's allegation, suspicion or
belief), future ("will visit", "plans to send"), hypothetical ("may", "could", "if", "urged them to
withdraw", "a sense of being encircled", a question), reported (inside other reported speech),
asserted. An infinitive is what its governing verb makes of it: "was forced to visit" happened,
"urged X to agree" did not (yet).
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from ..records import Quote
from ..spans import SpanIndex
from .lexicon import EventLexicon

RANK = {"negated": 5, "alleged": 4, "future": 3, "hypothetical": 2, "reported": 1, "asserted": 0}
_EFFECT_MODALITY = {"negation": "negated", "future": "future", "hypothetical": "hypothetical"}
_QUOTE_MODALITY = {
    "allegation": "alleged",
    "cognition": "alleged",
    "denial": "negated",
    "appeal": "hypothetical",
    "speech": "reported",
    "according_to": "reported",
}
_CLIMB = ("xcomp", "ccomp", "advcl", "pcomp", "pobj", "prep", "acl", "relcl", "conj", "dobj", "attr", "oprd")


def stronger(a: str, b: str) -> str:
    return a if RANK[a] >= RANK[b] else b


class QuoteLookup:
    """The quotes of a document found by position: the one a word sits inside, the one a cue
    word introduces. Built once per document, so coding every event stays linear in it."""

    def __init__(self, quotes: Sequence[Quote]) -> None:
        self._spans = SpanIndex(((q, span) for q in quotes for span in q.spans), lambda pair: pair[1])
        self._by_cue: dict[tuple[int, int], Quote] = {}
        for q in quotes:
            if q.cue_span is not None:
                self._by_cue.setdefault(q.cue_span, q)

    def holding(self, char: int) -> Quote | None:
        """The quote whose content holds the character at ``char`` (the innermost, the shortest)."""
        holding = list({id(q): q for q, _ in self._spans.at(char)}.values())
        return min(holding, key=lambda q: sum(e - s for s, e in q.spans)) if holding else None

    def cued_by(self, span: tuple[int, int]) -> Quote | None:
        """The quote a speech-act trigger is the cue of ("accused", "alleged", "deny")."""
        return self._by_cue.get(span)


def modality(trigger: Token, lexicon: EventLexicon, quote: Quote | None) -> str:
    """The modality of the event ``trigger`` reports; ``quote`` is the quote it sits inside."""
    found = _own(trigger, lexicon)
    token = trigger
    # Climb to the clause that governs this one: its modality carries down, except that an
    # implicative verb ("forced to", "managed to") passes its own modality on unchanged.
    for _ in range(8):
        dep, head = token.dep_, token.head
        if head.i == token.i or dep not in _CLIMB:
            break
        effect = _effect(head, lexicon)
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
        if effect == "implicative":
            pass
        elif effect in _EFFECT_MODALITY and dep in ("xcomp", "ccomp", "pcomp", "pobj", "prep", "acl", "dobj"):
            found = stronger(found, _EFFECT_MODALITY[effect])
        elif infinitive and dep in ("xcomp", "advcl", "acl", "relcl") and head.pos_ in ("VERB", "NOUN", "AUX"):
            found = stronger(found, "hypothetical")  # "in order to free up forces", "the troops to rebuff"
        if head.pos_ in ("VERB", "AUX") and dep in ("xcomp", "conj", "pcomp", "pobj", "prep", "advcl"):
            found = stronger(found, _own(head, lexicon, inherited=True))
        token = head
    if trigger.sent.text.rstrip().endswith("?") and quote is None:
        found = stronger(found, "hypothetical")
    if quote is not None and quote.cue_type is not None:
        found = stronger(found, _QUOTE_MODALITY.get(quote.cue_type, "reported"))
    elif quote is not None:
        found = stronger(found, "reported")
    return found


def own_future(trigger: Token, lexicon: EventLexicon) -> bool:
    """Whether the trigger itself is announced ("will visit", "is going to attack"), rather than
    only governed by an announcement."""
    return _own(trigger, lexicon) == "future"


def _own(token: Token, lexicon: EventLexicon, *, inherited: bool = False) -> str:
    """Modality marked on the verb itself: "did not", "never", "will", "may", "if"."""
    found = "asserted"
    for child in token.children:
        if child.dep_ == "neg":
            found = stronger(found, "negated")
            continue
        if child.dep_ in ("aux", "auxpass", "advmod", "mark", "det", "preconj", "cc"):
            effect = _effect(child, lexicon)
            if effect in _EFFECT_MODALITY and not (inherited and child.dep_ == "mark"):
                found = stronger(found, _EFFECT_MODALITY[effect])
        if child.dep_ in ("nsubj", "nsubjpass", "dobj") and any(
            d.dep_ == "det" and d.lower_ == "no" for d in child.children
        ):
            found = stronger(found, "negated")  # "no troops were sent"
    if any(child.dep_ == "aux" and child.lower_ == "going" for child in token.children):
        found = stronger(found, "future")
    return found


def _effect(token: Token, lexicon: EventLexicon) -> str | None:
    pos = _pos(token)
    return lexicon.effect(token.lemma_.lower(), pos) or lexicon.effect(token.lower_, pos)


def _pos(token: Token) -> str:
    pos = token.pos_.lower()
    if pos == "adp":
        return "adp"
    if pos == "sconj":
        return "sconj"
    return pos
