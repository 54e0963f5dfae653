"""Cleaning: boilerplate out, quotes and whitespace normalised, what was removed kept.

Offsets in every later stage refer to the cleaned text this module returns. The rules only
take out what cannot be a sentence of the story: whole promo lines ("Download the new … App",
"See pictures of … on LIFE.com", share/subscribe/follow lines, bare URLs) and inline asides
in parentheses that send the reader elsewhere ("(Read "…")", "(See pictures …)").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

# Typographic quotes and look-alikes to their plain forms; offsets stay one character each.
_QUOTES = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "«": '"',
        "»": '"',
        "″": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "′": "'",
        "`": "'",
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u200b": "",
        "\ufeff": "",
        "\u00ad": "",
    }
)

# A whole line that is a promotion or site furniture, never story text. Each alternative
# needs a word no story sentence starts with in that place (an app, a site, a newsletter, a
# social network, a bare URL), so "Share this burden fairly, ..." and "Copyright disputes ..."
# stay in the story.
_SITE = (
    r"(?:\b[\w-]+\.[a-z]{2,}(?:\.[a-z]{2,})*\b"
    r"|facebook|twitter|instagram|youtube|telegram|whatsapp|tiktok|linkedin|mastodon|bluesky|x\.com)"
)
_PROMO_LINE = re.compile(
    rf"""^(?:
        download\s+(?:the\s+)?(?:new\s+|our\s+|free\s+)?.{{0,60}}?\bapps?\b
      | (?:see|view|watch)\s+(?:more\s+)?(?:pictures|photos|videos?|a\s+video|the\s+video|images|slideshow)\b
        .{{0,160}}{_SITE}
      | (?:sign\s+up|subscribe)\b.{{0,80}}\b(?:newsletters?|e-?mail\s+(?:updates|alerts)|breaking\s+news\s+alerts)\b
      | (?:sign\s+up|subscribe)\b.{{0,80}}{_SITE}
      | follow\s+us\s+(?:on|at)\b
      | follow\s+@\w+
      | share\s+(?:this\s+(?:article|story|page|post|video)|on\s+{_SITE})
      | click\s+here\b
      | (?:read|see)\s+(?:more|also)\s*:
      | related\s*(?:stories|articles|coverage)\s*:?\s*$
      | advertisement\s*$
      | (?:copyright\s+)?(?:©|\(c\))\s*\d{{4}}\b.{{0,100}}$
      | ©.{{0,100}}$
      | copyright\s+\d{{4}}\b.{{0,100}}$
      | .{{0,80}}\ball\s+rights\s+reserved\.?\s*$
      | (?:https?://|www\.)\S+\s*$
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# An inline aside in parentheses pointing elsewhere: (Read "…"), (See pictures …), (Watch …).
_PROMO_ASIDE = re.compile(
    r"""\(\s*(?:read|see|watch|view|click|related|listen)\b
        (?:\s*more\s*:|\s*also\s*:|[^()]{0,200}?(?:"[^"()]{1,200}"|pictures|photos|video|here|\.com|\.org)[^()]{0,80}?)
        \s*\)""",
    re.IGNORECASE | re.VERBOSE,
)
_MAX_PROMO_LINE_CHARS = 220
# Unicode format characters (zero-width joiners, bidirectional marks, word joiners ...) and NUL
# split words the parser should see whole; they carry nothing a reader sees.
_INVISIBLE = re.compile(
    "[\x00\u00ad\u0600-\u0605\u061c\u06dd\u070f\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000e0001\U000e0020-\U000e007f]"
)
_LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029\x85\x0b\x0c]")
_SPACES = re.compile(r"[ \t\f\v]+")
_TERMINAL = tuple(".!?\"':;)")


@dataclass(frozen=True, slots=True)
class Cleaned:
    text: str
    removed: tuple[str, ...]


def clean_text(text: str, *, remove_boilerplate: bool = True) -> Cleaned:
    """The cleaned text (paragraphs separated by a blank line) and the removed pieces, in order."""
    text = _INVISIBLE.sub("", text.translate(_QUOTES))
    text = _LINE_BREAKS.sub("\n", text)
    removed: list[str] = []
    paragraphs: list[str] = []
    for block in _paragraph_blocks(text):
        block = _SPACES.sub(" ", block).strip()
        if remove_boilerplate and len(block) <= _MAX_PROMO_LINE_CHARS and _PROMO_LINE.match(block):
            removed.append(block)  # the whole line, as written, asides and all
            continue
        if remove_boilerplate:
            block = _SPACES.sub(" ", _PROMO_ASIDE.sub(lambda m: _keep(removed, m.group(0)), block)).strip()
        if block:
            paragraphs.append(block)
    return Cleaned("\n\n".join(paragraphs), tuple(removed))


def _keep(removed: list[str], aside: str) -> str:
    removed.append(_SPACES.sub(" ", aside.strip()))
    return " "


def _paragraph_blocks(text: str) -> list[str]:
    """Paragraphs: one per line, unless the text is hard-wrapped, then blank-line blocks."""
    lines = [line.strip() for line in text.split("\n")]
    filled = [line for line in lines if line]
    if not filled:
        return []
    if _is_hard_wrapped(lines):
        blocks, current = [], []
        for line in lines:
            if line:
                current.append(line)
            elif current:
                blocks.append(" ".join(current))
                current = []
        if current:
            blocks.append(" ".join(current))
        return blocks
    return filled


def _is_hard_wrapped(lines: list[str]) -> bool:
    """True when most lines run on into the next one (wrapped at a fixed width)."""
    runs_on = total = 0
    for line, following in pairwise(lines):
        if not line:
            continue
        total += 1
        if following and not line.endswith(_TERMINAL) and len(line) <= 90:
            runs_on += 1
    return total >= 4 and runs_on / total >= 0.5
