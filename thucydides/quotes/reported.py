"""Reported speech (``indirect``, or ``mixed`` when it holds a quotation): a cue verb with its
clause ("Mohmand says the best outcome ... is to negotiate an exit"), a cue set inside its content
("..., say analysts, ..."), or before it when the parser did not hang it there ("..., police
said."), "according to X", a passive agent ("It is widely alleged by Pakistani
officials that ..."), "accused X of ...", appeals ("urged X to ...", "called for ..."), objects of
reporting verbs ("denied the report") and nominal cues ("its security chiefs' fears that ...").
"""

from __future__ import annotations

from spacy.tokens import Token

from ..spans import span_index
from .cues import clause_cues, object_cues
from .document import Draft, QuoteDocument
from .marks import TRIMMED, trim
from .syntax import SUBJECTS, end_char, has_that, noun_phrase, speaker_phrase, subtree_span

_SENTENCE_ENDS = ' \n,;:".'


def reported_speech(document: QuoteDocument, quoted: list[Draft]) -> list[Draft]:
    """The statements the cues not yet used attribute, outside the quotations of ``quoted``
    (the direct quotes and the transcript lines found before)."""
    quotations = span_index([span for draft in quoted for span in draft.marks])
    drafts: list[Draft] = []
    for token in document.doc:
        if token.i in document.used_cues or (token.lower_ != "according" and document.cue_type(token) is None):
            continue  # the cheap test first: most words are no cue
        if quotations.holds(token.idx):
            continue
        draft = _attribution(document, token)
        if draft is None or not draft.spans:
            continue
        start, end = draft.spans[0][0], draft.spans[-1][1]
        if any((min(e, end) - max(s, start)) > (e - s) // 2 for s, e in quotations.overlapping(start, end)):
            continue  # the clause is a direct quote already found with its cue
        draft.kind = "mixed" if document.mark_index.overlapping(start, end) else "indirect"
        drafts.append(draft)
        document.used_cues.add(token.i)
    return drafts


def _attribution(document: QuoteDocument, token: Token) -> Draft | None:
    """The statement ``token`` attributes, if it is a cue with a content clause."""
    if token.lower_ == "according" and any(c.lower_ == "to" for c in token.children):
        return _according_to(document, token)
    cue_type = document.cue_type(token)
    if cue_type is None:
        return None
    if token.pos_ == "NOUN":
        return _nominal(document, token, cue_type)
    clause = next((c for c in token.children if c.dep_ == "ccomp"), None)
    if clause is not None and token.lemma_.lower() in clause_cues() and not has_that(clause):
        return None  # "saw the convoy approaching" reports no statement
    if clause is None and token.lemma_.lower() in ("accuse", "blame", "charge"):
        return _accusation(document, token, cue_type)
    if clause is None:
        return (
            _object_content(document, token, cue_type)
            or _parenthetical(document, token, cue_type)
            or _trailing(document, token, cue_type)
        )
    span = subtree_span(clause)
    return Draft("indirect", [span], token, cue_type, speaker_phrase(document, token))


def _object_content(document: QuoteDocument, token: Token, cue_type: str) -> Draft | None:
    """ "urged both India and Pakistan to agree to ...", "denied the report": what is said is
    the object (with the infinitive of an appeal)."""
    called = _call_for(document, token)
    if called is not None:
        return called
    target = next((c for c in token.children if c.dep_ == "dobj"), None)
    if target is None or target.pos_ == "PRON":
        return None
    infinitive = next((c for c in token.children if c.dep_ in ("xcomp", "oprd") and c.i > target.i), None)
    if infinitive is not None and token.lemma_.lower() in ("tell", "call"):
        # "told his advisers to find ...", "called the plan a disaster"
        span = (target.left_edge.idx, end_char(infinitive.right_edge))
        kind = "appeal" if token.lemma_.lower() == "tell" and infinitive.dep_ == "xcomp" else cue_type
        return Draft("indirect", [trim(document.text, *span)], token, kind, speaker_phrase(document, token))
    if cue_type == "appeal" and infinitive is not None:
        span = (target.left_edge.idx, end_char(infinitive.right_edge))
    elif token.lemma_.lower() in object_cues() and cue_type != "appeal":
        span = subtree_span(target)
    else:
        return None
    return Draft("indirect", [trim(document.text, *span)], token, cue_type, speaker_phrase(document, token))


def _call_for(document: QuoteDocument, token: Token) -> Draft | None:
    """ "called for a ceasefire", "called on both sides to talk": an appeal."""
    if token.lemma_.lower() != "call":
        return None
    for prep in token.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("for", "on", "upon"):
            continue
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if pobj is None or pobj.ent_type_ in ("DATE", "TIME"):
            continue  # "called the president on Tuesday"
        if prep.lower_ != "for" and not any(c.dep_ == "xcomp" for c in (*token.children, *pobj.children)):
            continue  # "called on both sides to talk" needs the infinitive
        last = max((c for c in token.rights if c.i > prep.i and not c.is_punct), key=lambda c: c.i, default=pobj)
        end = last.right_edge if prep.lower_ != "for" else pobj.right_edge
        span = trim(document.text, pobj.left_edge.idx, end_char(end))
        return Draft("indirect", [span], token, "appeal", speaker_phrase(document, token))
    return None


def _parenthetical(document: QuoteDocument, token: Token, cue_type: str) -> Draft | None:
    """ "Instead, say analysts ..., Pakistan views ...": the cue sits inside its content."""
    if token.dep_ not in ("parataxis", "ccomp", "advcl") or token.head.i == token.i:
        return None
    subject = next((c for c in token.children if c.dep_ in SUBJECTS), None)
    if subject is None or cue_type not in ("speech", "cognition"):
        return None
    if not any(c.is_punct for c in (token.nbor(-1) if token.i > 0 else token, *token.rights)):
        return None
    head = token.head
    spans = _around(document, token, (head.left_edge.i, head.right_edge.i + 1), TRIMMED)
    return Draft("indirect", spans, token, cue_type, speaker_phrase(document, token)) if spans else None


def _trailing(document: QuoteDocument, token: Token, cue_type: str) -> Draft | None:
    """ "Seven people were hurt, two seriously, in the blast, state police said." when the parser
    did not hang the statement on the cue: a speech cue heading its sentence with its subject
    and nothing after it but adverbs, the subject after a comma; the content is what comes
    before that comma."""
    if cue_type != "speech" or token.dep_ != "ROOT":
        return None
    subject = next((c for c in token.children if c.dep_ in SUBJECTS), None)
    sentence = token.sent
    if subject is None or subject.i > token.i or subject.left_edge.i <= sentence.start:
        return None
    comma = document.doc[subject.left_edge.i - 1]
    if comma.text != ",":
        return None
    after = [t for t in token.rights if not t.is_punct]
    if any(t.dep_ not in ("npadvmod", "advmod", "prep") for t in after):
        return None  # "..., police said the gunman had fled": the statement is the cue's
    start, end = trim(document.text, sentence.start_char, comma.idx, ends=TRIMMED)
    if end - start < 2 or end <= start:
        return None
    return Draft("indirect", [(start, end)], token, cue_type, speaker_phrase(document, token))


def _accusation(document: QuoteDocument, token: Token, cue_type: str) -> Draft | None:
    """ "accused the Karzai government of colluding with India": the accused and the charge."""
    target = next((c for c in token.children if c.dep_ == "dobj"), None)
    if target is None:
        return None
    owners = (token, target)
    if not any(c.dep_ == "prep" and c.lower_ in ("of", "for") for owner in owners for c in owner.children):
        return None  # "accused the minister" alone names no charge
    last = max((c for c in token.rights if not c.is_punct), key=lambda c: c.right_edge.i, default=target)
    span = (target.left_edge.idx, end_char(last.right_edge))
    return Draft("indirect", [trim(document.text, *span)], token, cue_type, speaker_phrase(document, token))


def _nominal(document: QuoteDocument, token: Token, cue_type: str) -> Draft | None:
    """ "its security chiefs' fears that ...", "accusations by X that ...": a noun cue with its
    clause; the speaker is its possessor or its "by" agent."""
    verb = token.head.head
    if token.dep_ == "pobj" and document.cue_type(verb) is not None and verb.pos_ in ("VERB", "AUX"):
        # "The White House said in a statement that ...": the verb is the cue, the clause
        # (which the parser may hang on the noun) its content.
        clause = next((c for c in token.children if c.dep_ in ("acl", "ccomp") and has_that(c)), None)
        if clause is None or any(c.dep_ == "ccomp" for c in verb.children):
            return None
        document.used_cues.add(verb.i)
        verb_type = document.cue_type(verb)
        return Draft("indirect", [subtree_span(clause)], verb, verb_type, speaker_phrase(document, verb))
    clause = next((c for c in token.children if c.dep_ in ("acl", "ccomp", "relcl") and has_that(c)), None)
    if clause is None:
        return None
    speaker_token = next((c for c in token.children if c.dep_ == "poss"), None)
    if speaker_token is None:
        by = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "by"), None)
        speaker_token = next((c for c in by.children if c.dep_ == "pobj"), None) if by else None
    speaker = noun_phrase(speaker_token) if speaker_token is not None else None
    return Draft("indirect", [subtree_span(clause)], token, cue_type, speaker)


def _according_to(document: QuoteDocument, token: Token) -> Draft | None:
    to = next(c for c in token.children if c.lower_ == "to")
    source = next((c for c in to.children if c.dep_ == "pobj"), None)
    head = token.head
    if source is None or head.i == token.i:
        return None
    spans = _around(document, token, (head.sent.start, head.sent.end), _SENTENCE_ENDS)
    return Draft("indirect", spans, token, "according_to", noun_phrase(source)) if spans else None


def _around(document: QuoteDocument, cue: Token, clause: tuple[int, int], ends: str) -> list[tuple[int, int]]:
    """The character spans of a clause (token range) on either side of the aside the cue
    heads ("Pakistan views ..., say analysts, ..."), trimmed of ``ends``."""
    aside = (cue.left_edge.i, cue.right_edge.i + 1)
    parts = []
    if clause[0] < aside[0]:
        parts.append(_chars(document, clause[0], aside[0]))
    if aside[1] < clause[1]:
        parts.append(_chars(document, aside[1], clause[1]))
    return [span for span in (trim(document.text, a, b, ends=ends) for a, b in parts) if span[1] - span[0] > 1]


def _chars(document: QuoteDocument, token_start: int, token_end: int) -> tuple[int, int]:
    span = document.doc[token_start:token_end]
    return span.start_char, span.end_char
