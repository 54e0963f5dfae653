"""Quote marks in a cleaned text: the quoted stretches, and content spans trimmed of marks and spacing."""

from __future__ import annotations

import re

QUOTE = '"'
_MARK = re.compile("\"|''")
TRIMMED = ' \n,;:"'  # what a content span never starts or ends with


def quote_marks(text: str) -> list[tuple[int, int]]:
    """The quoted stretches of a cleaned text, as ``(start, end)`` of the words inside the marks.

    A mark is ``"`` or two apostrophes (``''``, a newspaper house style). Marks are paired within
    a paragraph; an opening mark left open runs to the paragraph's end (news reopens the
    quotation in the next paragraph), so one stray mark never swallows the rest of the document.
    """
    spans: list[tuple[int, int]] = []
    offset = 0
    for paragraph in text.split("\n\n"):
        marks = [(m.start(), m.end()) for m in _MARK.finditer(paragraph)]
        for pair in range(0, len(marks), 2):
            start = marks[pair][1]
            end = marks[pair + 1][0] if pair + 1 < len(marks) else len(paragraph)
            if paragraph[start:end].strip():
                spans.append((offset + start, offset + end))
        offset += len(paragraph) + 2
    return spans


def trim(text: str, start: int, end: int, *, ends: str = TRIMMED) -> tuple[int, int]:
    """A span without the spaces, commas and quote marks (``ends``) at its ends."""
    while start < end and text[start] in ends:
        start += 1
    while end > start and text[end - 1] in ends:
        end -= 1
    return start, end


def balanced(text: str, start: int, end: int) -> tuple[int, int]:
    """The span with the closing mark of a quotation it opens ("... was "holding for now"")."""
    if text[start:end].count(QUOTE) % 2 == 1:
        closing = text.find(QUOTE, end, end + 3)
        if closing != -1:
            return start, closing + 1
    return start, end
