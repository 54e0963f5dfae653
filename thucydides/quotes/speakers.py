"""Who a speaker phrase names: a person (and their actor), an actor, the actor a pronoun stands for
(the subject of a sentence before), or an anonymous source ("a senior Western diplomat",
"critics") with its description.

This part takes a quote's speaker as a phrase of the text, however it was found, and reads the
actors stage's mentions and people; it changes nothing in the :class:`QuoteDocument` it is given.
"""

from __future__ import annotations

from spacy.tokens import Span

from ..records import Mention, Speaker
from .document import QuoteDocument
from .marks import QUOTE
from .syntax import noun_phrase

_ANONYMOUS_HEADS = frozenset(
    "source sources official officials critic critics analyst analysts expert experts observer observers "
    "diplomat diplomats resident residents witness witnesses people many some others insider insiders "
    "aide aides spokesman spokeswoman spokesperson person someone chief chiefs commander commanders".split()
)
_PRONOUN_REACH = 3  # sentences a pronoun may look back for what it stands for
_PRONOUNS = frozenset({"it", "he", "she", "they", "we", "i"})


def resolve_speaker(document: QuoteDocument, span: Span | None) -> Speaker | None:
    """The speaker a phrase names; None when there is no phrase ("It is widely suspected that ...")."""
    if span is None:
        return None
    span = _without_quotation(document, span)
    head = span.root
    if head.lower_ in _PRONOUNS and len(span) == 1:
        return _pronoun(document, span)
    start, end = span.start_char, span.end_char
    mention = _mention_at(document, head.idx, start, end)
    person = document.people.get(mention.person) if mention and mention.person else None
    text = document.text[start:end]
    if person is not None:
        return Speaker(text, (start, end), person.name, person.id, person.actor, False, person.description)
    actor = mention.actor if mention else None
    # Unnamed people are anonymous sources; an institution speaking ("the foreign ministry",
    # "Pakistani authorities") is named by what it is.
    anonymous = head.lemma_.lower() in _ANONYMOUS_HEADS or head.lower_ in _ANONYMOUS_HEADS
    if anonymous:
        return Speaker(text, (start, end), None, None, actor, True, text)
    return Speaker(text, (start, end), mention.text if mention else None, None, actor, False, None)


def _without_quotation(document: QuoteDocument, span: Span) -> Span:
    """A speaker phrase cut before any quotation the parser hung on it, and without a
    trailing possessive ("Siddiqa, "less to do ..."" → "Siddiqa")."""
    doc = document.doc
    end = span.end
    for token in span:
        if token.i > span.root.i and (token.text in (QUOTE, "''") or document.mark_index.holds(token.idx)):
            end = token.i
            break
    while end > span.start + 1 and (doc[end - 1].is_punct or doc[end - 1].tag_ == "POS"):
        end -= 1
    return doc[span.start : end]


def _pronoun(document: QuoteDocument, span: Span) -> Speaker:
    """ "And it stresses that ...": the subject of a sentence before, the nearest that is not
    itself a pronoun (at most a few sentences back). "He" and "she" stand for a person: a subject
    that is no person is passed over, and failing a person subject, the last person named in
    those sentences; "it" stands for no person. Unresolved, the pronoun stays as written."""
    written = Speaker(span.text, (span.start_char, span.end_char), None, None, None, False, None)
    personal = span.root.lower_ in ("he", "she")
    sentence_start = span.root.sent.start
    resolved: Speaker | None = None
    for _ in range(_PRONOUN_REACH):
        if sentence_start == 0:
            break
        previous = document.doc[sentence_start - 1].sent
        sentence_start = previous.start
        subject = next((t for t in previous if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT"), None)
        if subject is None:
            if personal:
                continue
            break
        if subject.lower_ in _PRONOUNS:
            continue
        found = resolve_speaker(document, noun_phrase(subject))
        if found is None:
            break
        if personal and found.person is None:
            continue  # "The report found ... . She said": the report is not she
        if span.root.lower_ == "it" and found.person is not None:
            continue
        resolved = found
        break
    if resolved is None and personal:
        resolved = _last_person_before(document, span, sentence_start)
    if resolved is None:
        return written
    return Speaker(
        span.text,
        (span.start_char, span.end_char),
        resolved.name,
        resolved.person,
        resolved.actor,
        resolved.anonymous,
        resolved.description,
    )


def _last_person_before(document: QuoteDocument, span: Span, first_token: int) -> Speaker | None:
    """The last person named between token ``first_token`` and the pronoun ``span``."""
    start = document.doc[first_token].idx
    before = [
        m for m in document.mention_index.overlapping(start, span.start_char) if m.person and m.end <= span.start_char
    ]
    if not before:
        return None
    mention = max(before, key=lambda m: m.start)
    person = document.people.get(mention.person or "")
    if person is None:
        return None
    return Speaker(
        mention.text, (mention.start, mention.end), person.name, person.id, person.actor, False, person.description
    )


def _mention_at(document: QuoteDocument, head_char: int, start: int, end: int) -> Mention | None:
    """The actor mention that best covers a speaker phrase: a person first, then the
    mention holding the phrase's head word."""
    covering = document.mention_index.overlapping(start, end)
    people = [m for m in covering if m.person and m.start <= head_char < m.end]
    if people:
        return people[0]  # but "an aide to Imran Khan" is the aide, not Imran Khan
    holding = [m for m in covering if m.start <= head_char < m.end]
    return holding[0] if holding else (covering[0] if covering else None)
