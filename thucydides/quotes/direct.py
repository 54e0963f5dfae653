"""Direct quotes: words inside quote marks with the cue verb and speaker of their sentence
(``"...," says X``; ``X said: "..."``).

A quote split around its cue is one quote; a quotation with no cue that opens the next
sentence, or reopens the quotation in the next paragraph, runs on with the same speaker. A
quotation that is only part of a reported clause makes that clause ``mixed``.
"""

from __future__ import annotations

from itertools import pairwise

from spacy.tokens import Token

from .document import Draft, QuoteDocument
from .syntax import speaker_phrase, subtree_span

_MIN_DIRECT_WORDS = 4  # shorter quoted words are scare quotes or fragments, not a statement
_MARK_CHARS = " \n\"'"


def direct_quotes(document: QuoteDocument) -> list[Draft]:
    """The quotations of ``document.marks``, each with its cue, in text order."""
    text = document.text
    drafts: list[Draft] = []
    split_openings = _split_openings(document)
    for start, end in document.marks:
        previous = drafts[-1] if drafts else None
        cue = _cue_for_quote(document, start, end)
        short = len(text[start:end].split()) < _MIN_DIRECT_WORDS
        if short and start not in split_openings and not (cue is not None and _utterance(text, start, end)):
            if (
                previous is not None
                and previous.kind == "direct"
                and cue is None
                and _runs_on(document, previous, start)
            ):
                previous.add((start, end))  # a short sentence that carries the quote on
            continue  # otherwise a fragment: part of reported speech (mixed) or a scare quote
        if cue is None and previous is not None and _runs_on(document, previous, start):
            previous.add((start, end))
            continue
        if cue is not None and previous is not None and previous.cue is not None and previous.cue.i == cue.i:
            previous.add((start, end))  # "Is it," says Siddiqa, "less to do ..."
            continue
        speaker = speaker_phrase(document, cue) if cue is not None else None
        cue_type = document.cue_type(cue) if cue is not None else None
        if cue is not None:
            document.used_cues.add(cue.i)
        clause = _reported_clause(text, cue, start, end) if cue is not None else None
        if clause is not None:  # says that Islamabad was "party to ...": reported, with a quotation
            drafts.append(Draft("mixed", [clause], cue, cue_type, speaker, marks=[(start, end)]))
            continue
        drafts.append(Draft("direct", [(start, end)], cue, cue_type, speaker, marks=[(start, end)]))
    return drafts


def _utterance(text: str, start: int, end: int) -> bool:
    """A short quotation that is a whole utterance: '"Never again," he said', 'X said:
    "Never again."' (not a few quoted words inside a sentence)."""
    inside = text[start:end].rstrip()
    before = text[max(0, start - 3) : start].rstrip(_MARK_CHARS).rstrip()
    return inside.endswith((",", ".", "?", "!")) or before.endswith(":")


def _split_openings(document: QuoteDocument) -> set[int]:
    """Starts of the short first parts of quotes split around their cue ("Is it," says
    Siddiqa, "less to do with ..."): kept although short."""
    text, marks = document.text, document.marks
    openings = set()
    for (start, end), (next_start, _) in pairwise(marks):
        gap = text[end + 1 : next_start - 1].strip("'")
        continued = text[start:end].rstrip().endswith(",") or gap.lstrip().startswith(",")
        if (
            continued
            and len(gap.split()) <= 10
            and "\n" not in gap
            and any(document.cue_type(t) for t in document.tokens_between(end + 1, next_start - 1))
        ):
            openings.add(start)
    return openings


def _cue_for_quote(document: QuoteDocument, start: int, end: int) -> Token | None:
    """The cue verb of a quotation: in its sentence, outside the quote marks, nearest to
    them ("," says X / X said: "...")."""
    sentence_start = document.sentence_start(start)
    sentence_end = document.sentence_end(end)
    best: tuple[int, Token] | None = None
    for token in document.tokens_between(sentence_start, sentence_end):
        if token.i in document.used_cues or token.pos_ == "NOUN" or document.cue_type(token) is None:
            continue
        if document.mark_index.holds(token.idx):
            continue
        distance = min(abs(token.idx - end), abs(token.idx - start))
        if best is None or distance < best[0]:
            best = (distance, token)
    return best[1] if best else None


def _reported_clause(text: str, cue: Token, start: int, end: int) -> tuple[int, int] | None:
    """The cue's clause when the quotation is only part of it (a mixed quote): the clause
    holds the quotation and at least two words outside it."""
    clause = next((c for c in cue.children if c.dep_ == "ccomp"), None)
    if clause is None:
        return None
    span = subtree_span(clause)
    if not (span[0] <= start and end <= span[1] + 1):
        return None
    outside = text[span[0] : start] + " " + text[end : span[1]]
    return span if len(outside.replace('"', " ").split()) >= 2 else None


def _runs_on(document: QuoteDocument, previous: Draft, start: int) -> bool:
    """A quotation with no cue continues the one before when it opens the next sentence
    (or reopens the quotation in the next paragraph)."""
    last_end = previous.marks[-1][1] if previous.marks else previous.spans[-1][1]
    sentence_end = document.sentence_end(last_end)
    if previous.cue is not None:
        sentence_end = max(sentence_end, document.sentence_end(previous.cue.idx))
    return not document.text[min(sentence_end, start - 1) : start - 1].strip(_MARK_CHARS) and start - 1 >= last_end
