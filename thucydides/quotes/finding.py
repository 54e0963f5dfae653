"""Finding contents and cues: the passes that propose each quote's content, cue and speaker phrase.

Transcript lines first (their quotations are then set aside), then quotations, then reported
speech; the content spans are trimmed, and the drafts left with content come back in text order.
Who the speaker phrase names is resolved after, by :mod:`.speakers`.
"""

from __future__ import annotations

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
    return sorted((d for d in drafts if d.spans), key=lambda d: d.spans[0])
