"""Cleaning: boilerplate out, quotes and whitespace normalised, what was removed kept.

Offsets in every later stage refer to the cleaned text this module returns. The rules only
take out what cannot be a sentence of the story: whole promo lines ("Download the new … App",
"See pictures of … on LIFE.com", share/subscribe/follow lines, bare URLs) and inline asides
in parentheses that send the reader elsewhere ("(Read "…")", "(See pictures …)").

Wire furniture goes the same way, checked by its form and never by a list of names: credit
lines ("(Reporting by …; Editing by …)", "X contributed to this report."), photo credits
("(AP Photo/…)", "Photo: …/AFP", "REUTERS/…"), bylines and time stamps, alone or at the end of a
paragraph; and the dateline that opens the story ("STUTTGART, Germany (Reuters) -"), which
:func:`dateline` reads back from the removed pieces so that the places stage knows where the
story was filed. Their names are not actors, people or speakers of the story.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
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
        # Windows-1252 punctuation mis-read as Latin-1 control characters ("board\x92s", "India \x97")
        "\x91": "'",
        "\x92": "'",
        "\x93": '"',
        "\x94": '"',
        "\x96": "–",
        "\x97": "—",
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
      | (?:copyright\s+|©\s*)\d{{4}}\b.{{0,100}}\ball\s+rights\s+reserved\b.{{0,200}}$
      | this\s+material\s+may\s+not\s+be\s+published\b.{{0,200}}$
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
_READ_MORE = re.compile(r"^(?:read|see)\s+(?:more|also)\s*:\s*$", re.IGNORECASE)
# The story's last paragraph saying who wrote it: "Jane Roe is a Cairo-based correspondent for
# The Post. She has reported from ..." (a name, "is a", a reporter's job, whom for; a short block).
_REPORTER_BIO = re.compile(
    r"""^(?P<name>[A-Z][\w'’.\-]+(?:\s[A-Z][\w'’.\-]+){1,3})\sis\s(?:a|an|the)\s[^.]{0,100}?
        \b(?:correspondent|reporter|writer|editor|columnist|bureau\schief|photographer|journalist|contributor)s?\b
        \s(?:for|at|with)\s(?:[Tt]he\s)?[A-Z][\w'’\-]*(?:\s(?:[A-Z&][\w'’\-]*|of|and))*\.(?:\s(?:He|She|They)\s(?:has|have|can|covers|reports|previously|joined|writes)\b[^\n]{0,300})?$""",
    re.VERBOSE,
)
# -- credits, bylines, datelines --------------------------------------------------------------
# Judged by form: a label ("Reporting by", "Editing by" ...) and then nothing but names. A name
# run holds capitalised words and initials ("Eric M. Johnson", "O'Brien", "al-Khalidi"), the
# separators , ; & / and a few small words of a credit ("in Washington", "at IFR", "the Jakarta
# bureau"); one other lower-case word ("the reporting by state media was false") and it is story.
_CREDIT_VERB = (
    r"(?:reporting|writing|written|editing|edited|compiled|photos?|photography|graphics?"
    r"|research|produced|translated|translation)"
)
_CREDIT_LABEL = re.compile(
    rf"\b(?:add\w*\s+)?{_CREDIT_VERB}(?:\s*(?:,|and|&)\s*{_CREDIT_VERB})*(?P<by>\s+by\b)?", re.IGNORECASE
)
_NAME_LINKS = frozenset(
    "and in at on of the from for with via near outskirts newsroom newsrooms bureau bureaus staff team desk"
    " de da do dos das del della di du des van von der den ter bin ibn al el le la y".split()
)
_PERSON_WORDS = frozenset(
    "writer writers reporter reporters correspondent correspondents journalist journalists staff"
    " producer producers editor editors researcher researchers photographer photographers".split()
)
_PHOTO_LINKS = _NAME_LINKS | {"by", "courtesy", "handout", "file", "photo", "photos"}
_PARTICLE = re.compile(r"(?:al|el|ad|ar|as|an|at|az|bin|ibn|de|da|di|du|le|la|van|von)-\w")
_NAME_CHARS = frozenset("'.-/_")
# Wire services and picture agencies: a "/"-joined credit ("REUTERS/Jane Roe", "JOHN DOE/AFP/Getty
# Images") names one of them; names of people are never listed.
_PHOTO_AGENCIES = frozenset(
    "reuters|afp|ap|epa|efe|epa-efe|getty|getty images|via getty images|afp via getty images|ap images"
    "|associated press|xinhua|anadolu|bloomberg|corbis|alamy|sputnik|tass|yonhap|kcna|sipa|shutterstock"
    "|dpa|ansa|pa|nurphoto|zuma press".split("|")
)
_PHOTO_LABEL = re.compile(
    r"^(?:[A-Z][\w.]*\s+)?(?:Photo|PHOTO|Photos|Photograph|Photographer|Photography|Picture|Image|Images|Credit"
    r"|Photo\s+credit|Image\s+credit|File\s+photo)\s*(?::|/)\s*(?P<rest>\S.*)$"
)
# A photo credit in parentheses, anywhere in a paragraph: "(AP Photo/Jane Roe)", "(Photo: X/AFP)".
_PHOTO_ASIDE = re.compile(
    r"\(\s*(?:[A-Z][\w.]*\s+)?(?:Photo|PHOTO|Photos|Photograph|Picture|Image)s?\s*(?:/|:|\s+by\b|\s+courtesy\b)"
    r"[^()]{1,120}\)"
)
_CONTRIBUTOR = re.compile(
    r"^(?P<who>.{1,400}?)\s+contributed"
    r"(?P<what>(?:\s+(?:additional\s+)?(?:reporting|research|writing))?"
    r"(?:\s+(?:to|for)\s+this\s+(?:report|story|article|dispatch))?)"
    r"(?:\s+from\s+(?P<place>[^.]{1,80}))?\.?$"
)
_STANDARDS = re.compile(r"^Our\s+Standards\s*:\s*The\s+Thomson\s+Reuters\s+Trust\s+Principles\.?$")
# The writer's own place, closing the story: "Jane Roe reported from Cairo." (names only, on both sides).
_REPORTED_FROM = re.compile(r"^(?P<who>.{1,200}?)\s+reported\s+from\s+(?P<place>[^.]{1,80})\.?$")
# An editor's notice on the story itself, a whole paragraph: "(This version of the story corrects
# the title of X in paragraph 13)", "(Corrects spelling of name in paragraph 5)", "An earlier
# version of this story misstated ..."; without parentheses only the "version" forms.
_NOTICE = re.compile(
    r"""^\(?\s*(?:
        this\s+(?:version\s+of\s+(?:the|this)\s+)?(?:story|article|report)\s+
          (?:corrects|has\s+been\s+(?:corrected|updated)|was\s+(?:corrected|updated)|adds|updates|refiles)\b
      | an\s+earlier\s+version\s+of\s+this\s+(?:story|article|report)\b
      | (?:corrects|updates|refiles|recasts)\s+[^()]{1,200}?
        \b(?:paragraph|para|headline|byline|dateline|spelling|title|story)\b
    )[^()]{0,300}\)?\.?$""",
    re.IGNORECASE | re.VERBOSE,
)
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_WHEN_WORD = re.compile(
    rf"(?:{_MONTH}\.?|(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?|\d{{1,4}}(?::\d{{2}})?"
    r"|[ap]\.m\.?|[AaPp]\.?[Mm]\.?|ET|EST|EDT|CT|CST|CDT|PT|PST|PDT|GMT|BST|UTC|CET|CEST|IST"
    r"|at|on|Last|last|Updated:?|updated:?|Published:?|published:?|Posted:?|posted:?|\||-|—)",
)
_BYLINE = re.compile(r"^By\s+(?P<rest>\S.{0,160})$")
_STAMP = re.compile(
    r"^(?:(?:Last\s+)?(?:Updated|Published|Posted)\s*:?|AP|AFP|Reuters|Associated\s+Press)\s+(?P<when>.+)$"
)
_MAX_CREDIT_CHARS = 700

# The dateline: one to five places ("CITY" or "CITY, Region", joined by "/"), a date, an agency
# in parentheses, a dash. A city in title case needs the agency or the date ("Cairo (AP) --"), so
# "Northport officials - two of them - ..." stays; a city needs two letters in a row (not "U.S.").
_UP = "A-Z\u00c0-\u00de"
_WORD = rf"[{_UP}](?:[\w'’.\-]*[\w'’.])?"  # not ending in a hyphen: "WASHINGTON--", "Colo.-"
_LINK = r"(?:de|da|do|del|des|di|du|la|le|el|al|es|am|upon|of|and)"
_PLACE_NAME = rf"{_WORD}(?:\ (?:{_LINK}\ )?{_WORD}){{0,4}}"
_PLACE = rf"{_PLACE_NAME}(?:\s*,\s*{_PLACE_NAME})?"
_DATELINE = re.compile(
    rf"""(?P<places>{_PLACE}(?:\s*/\s*{_PLACE}){{0,4}})
        (?:\s*,\s*(?P<date>{_MONTH}\.?\s+\d{{1,2}}(?:\s*,\s*\d{{4}})?))?
        \s*(?:(?:[-—–]\s*)?\(\s*(?P<agency>[A-Za-z][\w\ .&'’/-]{{0,39}}?)\s*\)\s*)?
        (?P<dash>--|-\s*-|—|–|-)""",
    re.VERBOSE,
)
_MAX_DATELINE_CHARS = 120


@dataclass(frozen=True, slots=True)
class DatelinePlace:
    """One place of a dateline, as written: ``city`` "STUTTGART", ``region`` "Germany" or None."""

    city: str
    region: str | None


@dataclass(frozen=True, slots=True)
class Dateline:
    """The dateline a story opens with, as written ("BRUSSELS/LONDON (Reuters) -"): where it was
    filed (one place or several), the date and the agency when it gives them."""

    text: str
    places: tuple[DatelinePlace, ...]
    date: str | None
    agency: str | None

    @property
    def city(self) -> str:
        return self.places[0].city

    @property
    def region(self) -> str | None:
        return self.places[0].region


def dateline(removed: Sequence[str]) -> Dateline | None:
    """The dateline among a document's removed pieces (``Document.removed``), or None."""
    for piece in removed:
        found = _read_dateline(piece)
        if found is not None and found[0].text == piece:
            return found[0]
    return None


def _read_dateline(block: str) -> tuple[Dateline, str] | None:
    """The dateline at the start of ``block`` and the text after it, when it has that shape."""
    match = _DATELINE.match(block)
    if match is None or match.end() > _MAX_DATELINE_CHARS:
        return None
    rest = block[match.end() :]
    if match.group("dash") == "-" and rest[:1] not in ("", " "):
        return None  # "U.S.-led", "ANTI-GRAFT": a hyphen, not a dash
    rest = rest.strip()
    if rest and not (rest[0].isalnum() or rest[0] in "\"'("):
        return None
    places = tuple(_dateline_place(part) for part in re.split(r"\s*/\s*", match.group("places")))
    agency, date = match.group("agency"), match.group("date")
    if not all(re.search(r"[^\W\d_]{2}", place.city) for place in places):
        return None
    if agency is None and date is None and not all(p.city.upper() == p.city for p in places):
        return None
    if agency is not None and not (_is_names(agency) or (agency.isalpha() and len(agency) <= 5)):
        return None
    text = block[: match.end()].strip()
    return Dateline(text, places, date, agency), rest


def _dateline_place(part: str) -> DatelinePlace:
    city, _, region = (piece.strip() for piece in part.partition(","))
    return DatelinePlace(city, region or None)


def _is_name_word(word: str, links: frozenset[str]) -> bool:
    if word in links:
        return True
    if not (word[0].isupper() or _PARTICLE.match(word)):
        return False
    return all(ch.isalnum() or ch in _NAME_CHARS for ch in word)


def _is_names(text: str, links: frozenset[str] = _NAME_LINKS) -> bool:
    """True when ``text`` is a run of names: capitalised words, initials, and small credit words."""
    words = [word for word in re.split(r"[\s,;&]+", text.strip(" .,;")) if word]
    return bool(words) and all(_is_name_word(w, links) for w in words) and any(w[0].isupper() for w in words)


def _is_credit_run(text: str, *, bare_labels: bool = False) -> bool:
    """``Reporting by A in X; Additional reporting by B, Editing by C``: labels, each with names.

    ``bare_labels`` lets a label go without its "by" ("(Additional reporting Jane Roe; Editing by
    ...)"), as long as one label has it; only inside parentheses, where a subheading cannot be."""
    labels = [m for m in _CREDIT_LABEL.finditer(text) if m.group("by") or bare_labels]
    if not labels or labels[0].start() != 0 or not any(m.group("by") for m in labels):
        return False
    ends = [label.start() for label in labels[1:]] + [len(text)]
    return all(_is_names(text[label.end() : end]) for label, end in zip(labels, ends, strict=True))


def _is_photo_credit(text: str) -> bool:
    """``Photo: Jane Roe/AFP``, ``Credit: Getty Images``, ``REUTERS/Jane Roe``, ``JANE ROE / AFP - Getty Images``."""
    labelled = _PHOTO_LABEL.match(text)
    if labelled is not None:
        return _is_names(labelled.group("rest"), _PHOTO_LINKS)
    chunks = re.split(r"\s*/\s*|\s+-\s+", text)
    return (
        len(chunks) >= 2
        and all(chunk and len(chunk.split()) <= 5 and _is_names(chunk, _PHOTO_LINKS) for chunk in chunks)
        and any(chunk.casefold() in _PHOTO_AGENCIES for chunk in chunks)
    )


def _is_contributor(text: str) -> bool:
    """``Jane Roe contributed to this report.``, ``Associated Press writer Jane Roe in X contributed.``"""
    match = _CONTRIBUTOR.match(text)
    if match is None or not _is_names(match.group("who"), _NAME_LINKS | _PERSON_WORDS | {"'s"}):
        return False
    if match.group("place") is not None and not _is_names(match.group("place")):
        return False
    return bool(match.group("what").strip()) or any(word in _PERSON_WORDS for word in match.group("who").split())


def _is_notice(text: str) -> bool:
    """An editor's notice on the story: in parentheses, or opening "This version of" / "An earlier version of"."""
    if _NOTICE.match(text) is None:
        return False
    return (text.startswith("(") and text.rstrip(".").endswith(")")) or " version of " in text[:40].lower()


def _is_reported_from(text: str) -> bool:
    """``Jane Roe reported from Cairo``, ``Jane Roe and John Doe reported from Kabul and Doha``."""
    match = _REPORTED_FROM.match(text)
    return match is not None and _is_names(match.group("who")) and _is_names(match.group("place"))


def _is_when(text: str) -> bool:
    words = [word for word in re.split(r"[\s,]+", text) if word]
    return bool(words) and all(_WHEN_WORD.fullmatch(w) for w in words) and any(ch.isdigit() for ch in text)


def _is_byline(text: str) -> bool:
    """``By Jane Roe``, ``By Associated Press February 4 at 1:01 PM``, ``Last Updated Feb 24, 2016 9:16 PM EST``."""
    stamp = _STAMP.match(text)
    if stamp is not None and _is_when(stamp.group("when")):
        return True
    byline = _BYLINE.match(text)
    if byline is None:
        return False
    words = byline.group("rest").split()
    for cut in range(len(words), 0, -1):  # the longest run of names, then a date and time or nothing
        who, when = " ".join(words[:cut]), " ".join(words[cut:])
        if (not when or _is_when(when)) and _is_names(who, _NAME_LINKS | _PERSON_WORDS):
            return cut <= 8
    return False


def _is_credit(piece: str) -> bool:
    """True when ``piece``, all of it, is a credit line, photo credit, byline or trust notice."""
    if len(piece) > _MAX_CREDIT_CHARS:
        return False
    body = piece.strip()
    if body.startswith("(") and body.endswith(")") and "(" not in body[1:-1]:
        inner = body[1:-1].strip().rstrip(".")
        return _is_credit_run(inner, bare_labels=True) or _is_photo_credit(inner) or _is_notice(body)
    body = body.rstrip(".").strip()
    return bool(body) and (
        (body[0].isupper() and _is_credit_run(body))
        or _is_photo_credit(body)
        or _is_contributor(piece.strip())
        or _is_byline(body)
        or _is_reported_from(body)
        or _STANDARDS.match(piece.strip()) is not None
        or _is_notice(piece.strip())
    )


# Where a credit may start at the end of a paragraph: after a sentence's end, before "(" or "|".
_TAIL_START = re.compile(r"(?<=[.!?\"')\]])\s+(?=[A-Z(])|(?<=[.!?\"')\]])(?=\()|\s+(?=\|\s)")


def _credit_tail(block: str) -> int | None:
    """Where the credit ending ``block`` starts ("... on Friday. (Reporting by ...)"), or None."""
    for start in _TAIL_START.finditer(block):
        tail = block[start.end() :]
        if len(tail) > _MAX_CREDIT_CHARS:
            continue
        if tail.startswith("|"):
            if _is_names(tail[1:]) and len(tail[1:].split()) <= 5:
                return start.start()
            continue
        if _is_credit(tail):
            return start.start()
    return None


def _photo_aside(removed: list[str], match: re.Match[str]) -> str:
    inner = match.group(0)[1:-1]
    if not _is_photo_credit(inner.strip()) and not _is_credit_run(inner.strip()):
        return match.group(0)
    return _keep(removed, match.group(0))


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


def normalise_characters(text: str) -> str:
    """``text`` with typographic quotes and look-alikes made plain and invisible format
    characters removed, as the cleaner does first (offsets stay one character each, except for
    the removed characters)."""
    return _INVISIBLE.sub("", text.translate(_QUOTES))


def clean_text(text: str, *, remove_boilerplate: bool = True) -> Cleaned:
    """The cleaned text (paragraphs separated by a blank line) and the removed pieces, in order."""
    text = _INVISIBLE.sub("", text.translate(_QUOTES))
    text = _LINE_BREAKS.sub("\n", text)
    removed: list[str] = []
    paragraphs: list[str] = []
    listing = False  # after "Read more:": the headlines it lists
    for block in _paragraph_blocks(text):
        block = _SPACES.sub(" ", block).strip()
        if not remove_boilerplate:
            if block:
                paragraphs.append(block)
            continue
        if listing and block and _is_listed_headline(block):
            removed.append(block)
            continue
        listing = bool(_READ_MORE.match(block))
        mark = len(removed)
        block = _strip_boilerplate(block, removed)
        if block and not paragraphs:
            found = _read_dateline(block)
            if found is not None:  # the reporter's place: kept, the places stage reads it back
                removed.insert(mark, found[0].text)
                block = found[1]
        if block:
            paragraphs.append(block)
    tail: list[str] = []
    while remove_boilerplate and len(paragraphs) > 1 and _is_reporter_bio(paragraphs[-1], paragraphs[:-1]):
        tail.insert(0, paragraphs.pop())  # "Jane Roe is a Cairo-based correspondent for The Post."
    removed.extend(tail)
    return Cleaned("\n\n".join(paragraphs), tuple(removed))


def _is_reporter_bio(block: str, story: Sequence[str]) -> bool:
    """The story's closing note on its writer: the bio's shape, and the writer's surname not
    named in the story before it (news about a reporter names them first)."""
    found = _REPORTER_BIO.match(block)
    if found is None:
        return False
    surname = found["name"].split()[-1]
    return not any(surname in paragraph for paragraph in story)


def _is_listed_headline(block: str) -> bool:
    """A headline a "Read more:" line lists: short, without a sentence's final punctuation."""
    return len(block.split()) <= 15 and not block.endswith(_TERMINAL)


def _strip_boilerplate(block: str, removed: list[str]) -> str:
    """``block`` without promo and credit material (appended to ``removed``); "" if all of it."""
    if len(block) <= _MAX_PROMO_LINE_CHARS and _PROMO_LINE.match(block):
        removed.append(block)  # the whole line, as written, asides and all
        return ""
    if _is_credit(block):
        removed.append(block)  # "(Reporting by ...)", "Jane Roe contributed to this report."
        return ""
    block = _PROMO_ASIDE.sub(lambda m: _keep(removed, m.group(0)), block)
    block = _SPACES.sub(" ", _PHOTO_ASIDE.sub(lambda m: _photo_aside(removed, m), block)).strip()
    tails: list[str] = []
    while (start := _credit_tail(block)) is not None:  # "... on Friday. (Reporting by ...)"
        tails.insert(0, block[start:].strip())
        block = block[:start].rstrip()
    removed.extend(tails)
    return block


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
