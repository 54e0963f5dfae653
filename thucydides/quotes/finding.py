"""Finding contents and cues: the passes that propose each quote's content, cue and speaker phrase.

Transcript lines first (their quotations are then set aside), then quotations, then reported
speech; the content spans are trimmed, and the drafts left with content come back in text order,
each content once: a content inside another quote's content ("X said he thought Y", "Italian
media said he told police Y") is part of that quote, the outer speaker's, not a quote of its own,
and of two quotes with the same content the first is kept. Who the speaker phrase names is
resolved after, by :mod:`.speakers`.
"""

from __future__ import annotations

from ..spans import SpanIndex
from .direct import direct_quotes
from .document import Draft, QuoteDocument
from .marks import balanced, trim
from .reported import reported_speech
from .transcripts import transcript_lines


def find_drafts(document: QuoteDocument) -> list[Draft]:
    """The quotes of the document before their speakers are resolved, in text order."""
    drafts = transcript_lines(document)
    document.set_aside_marks_within([span for draft in drafts for span in draft.spans])
    drafts += direct_quotes(document)
    drafts += reported_speech(document, drafts)
    text = document.text
    for draft in drafts:
        draft.spans = [span for span in (balanced(text, *trim(text, *raw)) for raw in draft.spans) if span[1] > span[0]]
    return outermost(sorted((d for d in drafts if d.spans), key=lambda d: d.spans[0]))


def outermost(drafts: list[Draft]) -> list[Draft]:
    """``drafts`` without those whose content lies inside another's (a nested attribution is
    part of the outer quote) and without a second draft of the same content."""
    numbered = list(enumerate(drafts))
    # each draft by the stretch from its content's first character to its last
    index = SpanIndex(numbered, lambda item: (item[1].spans[0][0], max(end for _, end in item[1].spans)))
    kept: list[Draft] = []
    for number, draft in numbered:
        start, end = draft.spans[0][0], max(e for _, e in draft.spans)
        inside = any(
            other_number != number
            and _within(draft, other)
            # strictly inside another, or the same content found again later
            and (not _within(other, draft) or other_number < number)
            for other_number, other in index.overlapping(start, end)
        )
        if not inside:
            kept.append(draft)
    return kept


def _within(inner: Draft, outer: Draft) -> bool:
    """Whether every part of ``inner``'s content lies inside a part of ``outer``'s."""
    return all(any(start <= s and e <= end for start, end in outer.spans) for s, e in inner.spans)
