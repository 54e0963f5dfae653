"""Transcript lines: a paragraph opening with a speaker and a colon ("WALLACE: Will she be
there?", "Pence: ..."); a place or a country before a colon is a dateline, not a speaker."""

from __future__ import annotations

from .document import Draft, QuoteDocument
from .marks import trim
from .syntax import SUBJECTS

# Labels that open a paragraph with a colon but name no speaker.
_NOT_SPEAKERS = frozenset(
    {"update", "note", "editor's note", "correction", "watch", "read", "photos", "video", "related"}
)


def transcript_lines(document: QuoteDocument) -> list[Draft]:
    """Transcripts and headlines: "WALLACE: Will she be there?", "Pence: Trump was mocking ..."."""
    text, doc = document.text, document.doc
    drafts = []
    offset = 0
    for paragraph in text.split("\n\n"):
        name, colon, rest = paragraph.partition(":")
        words = name.split()
        if (
            colon
            and rest.strip()
            and 1 <= len(words) <= 4
            and name.strip().lower() not in _NOT_SPEAKERS
            and all(word[:1].isupper() for word in words)
            and _names_someone(document, offset, offset + len(name.rstrip()), name)
        ):
            start = offset + len(name) + 1
            if _reports_itself(document, start, offset + len(paragraph)):
                offset += len(paragraph) + 2
                continue  # "ISLAMABAD: Pakistan's foreign minister said ...": a dateline
            content = trim(text, start, offset + len(paragraph))
            speaker = doc.char_span(offset, offset + len(name.rstrip()), alignment_mode="expand")
            cue = doc.char_span(offset + len(name), offset + len(name) + 1, alignment_mode="expand")
            if content[1] > content[0] and speaker is not None and cue is not None:
                drafts.append(Draft("direct", [content], cue.root, "speech", speaker, marks=[content]))
        offset += len(paragraph) + 2
    return drafts


def _reports_itself(document: QuoteDocument, start: int, end: int) -> bool:
    """True when the text holds its own cue with a subject ("X said that ...")."""
    return any(
        document.cue_type(token) is not None and any(c.dep_ in SUBJECTS for c in token.children)
        for token in document.tokens_between(start, end)
    )


def _names_someone(document: QuoteDocument, start: int, end: int, name: str) -> bool:
    """A transcript speaker in capitals, or a person the actors stage found ("Pence: ...");
    a place or a country before a colon is a dateline or a headline topic, not a speaker."""
    if any(m.person for m in document.mention_index.overlapping(start, end)):
        return True
    if not (name.strip().isupper() and len(name.strip()) >= 3):
        return False
    span = document.doc.char_span(start, end, alignment_mode="expand")
    return span is not None and not any(t.ent_type_ in ("GPE", "LOC", "NORP", "FAC", "ORG") for t in span)
