"""The learned attribution tagger's contents fused with the rules' quotes.

The tagger (:mod:`thucydides.models.attribution_model`) reads windows of candidate sentences
and proposes contents, with the source and cue spans it tags beside them. The rules keep what
they do well, the speaker (people, actors, pronouns, anonymous sources), the cue type, ``about``
and the link to the events a quote reports:

- a tagger content that shares at least half of itself and of a rule quote's content with that
  quote *is* that quote: it stays as the rules found it, ``coded_by="both"``, with the tagger's
  score as its ``confidence``;
- a tagger content that overlaps no rule quote becomes a quote of its own, ``coded_by="model"``:
  its speaker the source span the tagger tagged nearest it, resolved by the rules as any speaker
  phrase (:mod:`.speakers`); its cue the tagged cue, its type the cue lexicon's (``according_to``
  for "according to", ``speech`` for a word the lexicon does not hold); ``direct`` when the
  content lies in quote marks, ``mixed`` when it holds some, else ``indirect``;
- a tagger content that overlaps a rule quote by less than that is left out: the rules' edges
  stand, and no content is quoted twice.

Nested contents then go the way of the rules' own (:func:`.finding.outermost`).
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span as DocSpan
from spacy.tokens import Token

from ..models.attribution_model import AttributionSpan, ContentSpan, WindowReading
from .document import Draft, QuoteDocument
from .finding import outermost

# The share of both contents a tagger content and a rule quote must share to be one quote.
SAME = 0.5


def fuse(document: QuoteDocument, drafts: list[Draft], readings: Sequence[WindowReading]) -> list[Draft]:
    """The rules' ``drafts`` with the tagger's contents (``readings``, one per window) fused in."""
    fused = list(drafts)
    for reading in readings:
        for content in reading.contents:
            overlapping = [d for d in drafts if _shared(d.spans, content.parts) > 0]
            same = [d for d in overlapping if _same(d.spans, content.parts)]
            if same:
                for draft in same:
                    draft.coded_by = "both"
                    draft.confidence = max(draft.confidence or 0.0, round(content.score, 3))
                continue
            if overlapping:
                continue  # part of a rule quote: its edges stand
            proposed = _model_draft(document, reading, content)
            if proposed is not None:
                fused.append(proposed)
    return outermost(sorted(fused, key=lambda d: d.spans[0]))


def _model_draft(document: QuoteDocument, reading: WindowReading, content: ContentSpan) -> Draft | None:
    """The quote a tagger content makes, or None when no cue of the lexicon ("said", "according
    to") or no speaker stands beside it, or when it is not a quotation and holds no verb: PolNeAR,
    which the tagger learnt from, marks as attributions what a reader of the news does not ("the
    data show", a noun phrase reported: "declined to comment on the circumstances")."""
    source = reading.nearest("source", content.parts)
    cue = reading.nearest("cue", content.parts)
    cue_token = _token(document, cue)
    if cue_token is None or source is None:
        return None
    if cue_token.lower_ == "according":
        cue_type: str | None = "according_to"
    else:
        cue_type = document.cue_type(cue_token)
    if cue_type is None:
        return None
    marked = sum(_shared([mark], content.parts) for mark in document.mark_index.overlapping(content.start, content.end))
    size = sum(end - start for start, end in content.parts)
    kind = "direct" if marked >= 0.8 * size else "mixed" if marked else "indirect"
    if kind != "direct" and not any(
        token.pos_ in ("VERB", "AUX") for start, end in content.parts for token in document.tokens_between(start, end)
    ):
        return None  # a noun phrase reported ("declined to comment on its win") is no statement
    return Draft(
        kind,
        list(content.parts),
        cue_token,
        cue_type,
        _speaker_phrase(document, source),
        coded_by="model",
        confidence=round(content.score, 3),
    )


def _token(document: QuoteDocument, span: AttributionSpan | None) -> Token | None:
    """The head word of a tagged span."""
    if span is None:
        return None
    words = document.doc.char_span(span.start, span.end, alignment_mode="expand")
    return words.root if words is not None else None


def _speaker_phrase(document: QuoteDocument, span: AttributionSpan | None) -> DocSpan | None:
    """The words of the tagged source span, widened to whole tokens."""
    if span is None:
        return None
    return document.doc.char_span(span.start, span.end, alignment_mode="expand")


def _shared(first: Sequence[tuple[int, int]], second: Sequence[tuple[int, int]]) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in first for s2, e2 in second)


def _same(first: Sequence[tuple[int, int]], second: Sequence[tuple[int, int]]) -> bool:
    shared = _shared(first, second)
    return shared >= SAME * sum(e - s for s, e in first) and shared >= SAME * sum(e - s for s, e in second)
