"""What the quote passes read from the parse: noun phrases, clause spans, and the phrase a cue
names as its speaker."""

from __future__ import annotations

from spacy.tokens import Span, Token

from .document import QuoteDocument
from .marks import QUOTE

SUBJECTS = ("nsubj", "nsubjpass", "csubj")


def speaker_phrase(document: QuoteDocument, cue: Token) -> Span | None:
    """The grammatical source of a cue verb: subject, passive agent, or the subject of the
    verb a participle hangs from ("..., alleging that ...")."""
    agent = next((c for c in cue.children if c.dep_ == "agent"), None)
    if agent is not None:
        pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
        if pobj is not None:
            return noun_phrase(pobj)
    subject = next((c for c in cue.children if c.dep_ in ("nsubj", "csubj")), None)
    if subject is not None and subject.tag_ in ("WP", "WDT") and cue.dep_ == "relcl":
        return document.doc[cue.head.left_edge.i : cue.head.i + 1]  # "the minister, who said ..."
    if subject is not None:
        return noun_phrase(subject)
    if cue.dep_ in ("advcl", "xcomp", "conj") and cue.head.i != cue.i:
        return speaker_phrase(document, cue.head)
    return _inverted_subject(document, cue)


def _inverted_subject(document: QuoteDocument, cue: Token) -> Span | None:
    """ "..., said Leila Haddad, a diplomat, "...": the noun phrase right after the cue,
    when the parser hung it on the quotation instead."""
    doc = document.doc
    index = cue.i + 1
    while index < len(doc) and doc[index].pos_ in ("ADV", "PUNCT") and doc[index].text != QUOTE:
        index += 1
    if index >= len(doc) or document.mark_index.holds(doc[index].idx):
        return None
    token = doc[index]
    if token.pos_ not in ("PROPN", "NOUN", "PRON", "DET", "ADJ"):
        return None
    while (
        token.head.i != token.i
        and token.head.i > cue.i
        and token.head.pos_ in ("PROPN", "NOUN")
        and not document.mark_index.holds(token.head.idx)
    ):
        token = token.head
    return noun_phrase(token)


def has_that(token: Token) -> bool:
    """Whether the clause ``token`` heads opens with "that"."""
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in token.children)


def noun_phrase(token: Token) -> Span:
    """The whole noun phrase a token heads, appositives and relative clauses included."""
    return token.doc[token.left_edge.i : token.right_edge.i + 1]


def subtree_span(token: Token) -> tuple[int, int]:
    """The character span of everything ``token`` heads."""
    return token.left_edge.idx, end_char(token.right_edge)


def end_char(token: Token) -> int:
    return token.idx + len(token.text)
