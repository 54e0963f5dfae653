"""Readers of the labelled sets: PLOVER gold records, ConfliBERT source/target token tags,
ConfliBERT CAMEO class sentences, and our judged news sample (``judged/README.md``).

The readers give typed records; a malformed record raises :class:`~thucydides.errors.InputError`
naming the file and the record id or line, and saying what would be valid. A missing file
raises :class:`FileNotFoundError` naming the path and what is expected there.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..clean import clean_text
from ..errors import InputError
from ..read import read_jsonl
from ..records import RawDocument, Span

PLOVER_FILE = Path("plover") / "PLOVER_GSR_CAMEO.json"
CONFLIBERT_FILE = Path("confliBERT-cameo") / "cameo_ner_train.txt"
CONFLIBERT_CLASS_FILE = Path("confliBERT-cameo") / "cameo_class_train.tsv"
JUDGED_ARTICLES_FILE = Path("news-2016") / "articles.jsonl"
JUDGED_KINDS = ("actor", "person", "byline", "dateline", "not_actor")
JUDGED_COLUMNS = ("kind", "surface", "nth", "code", "note")
_WHOLE_NUMBER = re.compile(r"[0-9]+")
_MAX_STORY_BYTES = 50_000_000
# The ConfliBERT class labels: CAMEO 01 statements, then the four quad classes.
CONFLIBERT_CLASSES = {
    0: "neutral (01 statements)",
    1: "verbal cooperation (02-05)",
    2: "material cooperation (06-08)",
    3: "verbal conflict (09-13)",
    4: "material conflict (14-20)",
}

# ConfliBERT tags: S source, T target, R reciprocal (both sides of a symmetric event such as
# a meeting; the tag is in the file but not in its README).
ROLE_OF_TAG = {"S": "source", "T": "target", "R": "reciprocal"}
NER_TAGS = ("O", *(f"{bio}-{tag}" for tag in ROLE_OF_TAG for bio in "BI"))

# Words that end a noun phrase's pre-modifiers: the head is the last word before them.
_POST_MODIFIER_START = frozenset(
    {
        "in",
        "of",
        "for",
        "from",
        "at",
        "on",
        "with",
        "by",
        "to",
        "against",
        "over",
        "near",
        "who",
        "which",
        "that",
        "whose",
        ",",
        "(",
        ";",
        ":",
    }
)


@dataclass(frozen=True, slots=True)
class GoldActor:
    """One PLOVER source or target actor: its text, CAMEO code (country or IGO/NGO) and sector."""

    role: str
    text: str
    code: str
    sector: str | None


@dataclass(frozen=True, slots=True)
class PloverRecord:
    """One PLOVER gold record: ``event`` is the label as the file gives it (PLOVER v0.5, e.g.
    ``DEMAND``), ``mode`` its mode when given, ``markup`` the text with ``(SRC: ...)``,
    ``(TAR: ...)`` and ``(EVT: ...)`` marks (None when the record has none)."""

    id: str
    text: str
    actors: tuple[GoldActor, ...]
    event: str | None = None
    mode: str | None = None
    markup: str | None = None


@dataclass(frozen=True, slots=True)
class GoldSpan:
    """A ConfliBERT actor span: ``start``/``end`` and ``head`` are offsets into the sentence text."""

    role: str
    start: int
    end: int
    head: Span
    text: str


@dataclass(frozen=True, slots=True)
class ClassSentence:
    """One ConfliBERT class sentence and its label (a key of :data:`CONFLIBERT_CLASSES`);
    ``line`` is its line in the file (1-based)."""

    line: int
    text: str
    label: int


@dataclass(frozen=True, slots=True)
class NerSentence:
    """One ConfliBERT sentence, detokenised; ``line`` is where it starts in the file (1-based)."""

    line: int
    tokens: tuple[str, ...]
    tags: tuple[str, ...]
    text: str
    token_spans: tuple[Span, ...]
    spans: tuple[GoldSpan, ...]


def require_file(
    folder: Path, relative: Path, what: str, expected: tuple[Path, ...] = (PLOVER_FILE, CONFLIBERT_FILE)
) -> Path:
    """The path of a data file inside ``folder``; FileNotFoundError saying what belongs there
    (``expected``: the files the caller reads, named when the folder itself is missing)."""
    if not folder.is_dir():
        names = " and ".join(str(name) for name in expected)
        raise FileNotFoundError(
            f"labelled data folder not found: {folder} (expected a folder holding {names}; "
            "pass --data or set THUCYDIDES_DATA)"
        )
    path = folder / relative
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found: expected {what}")
    return path


# --- PLOVER -----------------------------------------------------------------------------------


def read_plover(path: Path, limit: int | None = None) -> list[PloverRecord]:
    """The PLOVER gold records with a text (the DOCUMENT record is left out), first ``limit``."""
    try:
        raw = json.loads(path.read_text("utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}", f"not valid JSON ({exc.msg})") from None
    if not isinstance(raw, list):
        raise InputError(str(path), "expected a JSON list of PLOVER records")
    records: list[PloverRecord] = []
    for number, item in enumerate(raw, start=1):
        if limit is not None and len(records) >= limit:
            break
        if isinstance(item, dict) and item.get("event") == "DOCUMENT":
            continue
        records.append(_plover_record(item, f"{path}: record {number}"))
    return records


def _plover_record(item: Any, where: str) -> PloverRecord:
    if not isinstance(item, dict):
        raise InputError(where, "expected a JSON object with 'id', 'text', 'source' and 'target'")
    record_id = str(item.get("id") or where)
    text = item.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{where} ({record_id})", "'text' must be a non-empty string")
    actors = [
        actor for role in ("source", "target") for actor in _gold_actors(item.get(role), role, f"{where} ({record_id})")
    ]
    event = item.get("event")
    mode = item.get("mode")
    return PloverRecord(
        record_id,
        text,
        tuple(actors),
        event=str(event) if event else None,
        mode=str(mode) if mode else None,
        markup=_markup(item.get("textInfo")),
    )


def _markup(text_info: Any) -> str | None:
    """``textInfo.markup``; a ``textInfo`` given as a bare string is taken as the markup itself
    (one record of the GSR file has it so)."""
    if isinstance(text_info, dict):
        text_info = text_info.get("markup")
    return text_info if isinstance(text_info, str) and text_info.strip() else None


def _gold_actors(value: Any, role: str, where: str) -> list[GoldActor]:
    """The actors of one role: a list of ``{actorText, code, sector?}``; "" or absent is none."""
    if value is None or isinstance(value, str):
        return []
    if not isinstance(value, list):
        raise InputError(where, f"'{role}' must be a list of {{actorText, code, sector}} or \"\"")
    actors = []
    for entry in value:
        if not isinstance(entry, dict) or not entry.get("actorText") or not entry.get("code"):
            raise InputError(where, f"each '{role}' entry needs 'actorText' and 'code': {entry!r}")
        sector = entry.get("sector") or None
        actors.append(GoldActor(role, str(entry["actorText"]), str(entry["code"]), sector))
    return actors


# --- ConfliBERT -------------------------------------------------------------------------------


def read_conflibert_classes(path: Path, limit: int | None = None) -> list[ClassSentence]:
    """The ConfliBERT class sentences (``sentence<TAB>label`` a line, no header), first ``limit``;
    blank lines are skipped."""
    sentences: list[ClassSentence] = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if limit is not None and len(sentences) >= limit:
                break
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            text, tab, label = line.rpartition("\t")
            label = label.strip()
            if not tab or not text.strip() or label not in {str(key) for key in CONFLIBERT_CLASSES}:
                raise InputError(
                    f"{path}:{number}",
                    f"expected 'SENTENCE<TAB>LABEL' with LABEL one of {', '.join(map(str, CONFLIBERT_CLASSES))}: "
                    f"{line[:80]!r}",
                )
            sentences.append(ClassSentence(number, text, int(label)))
    return sentences


def read_conflibert(path: Path, limit: int | None = None) -> list[NerSentence]:
    """The ConfliBERT sentences (one ``TOKEN TAG`` a line, blank line between), first ``limit``."""
    sentences: list[NerSentence] = []
    rows: list[tuple[str, str]] = []
    first_line = 1
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            line = line.rstrip("\n")
            if not line.strip():
                if rows:
                    sentences.append(ner_sentence(rows, first_line))
                    rows = []
                if limit is not None and len(sentences) >= limit:
                    return sentences
                continue
            if not rows:
                first_line = number
            rows.append(_token_tag(line, f"{path}:{number}"))
    if rows and (limit is None or len(sentences) < limit):
        sentences.append(ner_sentence(rows, first_line))
    return sentences


def _token_tag(line: str, where: str) -> tuple[str, str]:
    token, _, tag = line.rpartition(" ")
    if not token or tag not in NER_TAGS:
        raise InputError(where, f"expected 'TOKEN TAG' with TAG one of {', '.join(NER_TAGS)}: {line!r}")
    return token, tag


def ner_sentence(rows: list[tuple[str, str]], line: int = 1) -> NerSentence:
    """A sentence from its ``(token, tag)`` rows: detokenised text, token offsets, gold spans."""
    tokens = tuple(token for token, _ in rows)
    tags = tuple(tag for _, tag in rows)
    text, token_spans = detokenise(tokens)
    spans = tuple(
        GoldSpan(
            role,
            token_spans[first][0],
            token_spans[last][1],
            token_spans[_head_index(tokens, first, last)],
            text[token_spans[first][0] : token_spans[last][1]],
        )
        for role, first, last in bio_spans(tags)
    )
    return NerSentence(line, tokens, tags, text, token_spans, spans)


def bio_spans(tags: tuple[str, ...]) -> list[tuple[str, int, int]]:
    """``(role, first token, last token)`` of each tagged span; a stray ``I-`` starts one."""
    spans: list[tuple[str, int, int]] = []
    current: tuple[str, int] | None = None
    for index, tag in enumerate((*tags, "O")):
        bio, _, letter = tag.partition("-")
        if current and (bio != "I" or ROLE_OF_TAG[letter] != current[0]):
            spans.append((current[0], current[1], index - 1))
            current = None
        if bio == "B" or (bio == "I" and current is None):
            current = (ROLE_OF_TAG[letter], index)
    return spans


def _head_index(tokens: tuple[str, ...], first: int, last: int) -> int:
    """The span's head word: the last word before its post-modifiers ("bastion" in "the last
    ISIS group bastion in the country", "warplanes" in "warplanes supported by Russia"), found
    by words, not by a parse."""
    end = last
    for index in range(first + 1, last + 1):
        if tokens[index].lower() in _POST_MODIFIER_START:
            end = index - 1
            if end > first and tokens[end].lower().endswith(("ed", "ing")):
                end -= 1  # a participle opens the post-modifier: "forces backed by"
            break
    for index in range(end, first - 1, -1):
        if any(char.isalnum() for char in tokens[index]):
            return index
    return end


# --- detokenising -----------------------------------------------------------------------------

_NO_SPACE_BEFORE = frozenset(",.;:!?)]}%") | {"'s", "'S", "n't", "'re", "'ve", "'ll", "'d", "'m", "..."}
_NO_SPACE_AFTER = frozenset("([{$€£#")
_INFIX = frozenset("-/")
_APOSTROPHES = frozenset("'´")


def detokenise(tokens: tuple[str, ...]) -> tuple[str, tuple[Span, ...]]:
    """The sentence as a writer would set it ("Iran's", "pro-government", "$80", "(NAF)") and
    each token's ``(start, end)`` in it. Tokens are cleaned the way the pipeline cleans text
    (curly quotes to straight), so the offsets hold in the pipeline's document text."""
    forms = [clean_text(token, remove_boilerplate=False).text for token in tokens]
    glue_left, glue_right = _glue(tokens, forms)
    parts: list[str] = []
    spans: list[Span] = []
    length = 0
    for index, form in enumerate(forms):
        if length and form and not glue_left[index] and not glue_right[index - 1]:
            parts.append(" ")
            length += 1
        spans.append((length, length + len(form)))
        parts.append(form)
        length += len(form)
    return "".join(parts), tuple(spans)


def _glue(tokens: tuple[str, ...], forms: list[str]) -> tuple[list[bool], list[bool]]:
    """For each token: no space before it, no space after it."""
    count = len(forms)
    left = [form in _NO_SPACE_BEFORE for form in forms]
    right = [form in _NO_SPACE_AFTER for form in forms]
    double_open = False
    for index, (token, form) in enumerate(zip(tokens, forms, strict=True)):
        following = forms[index + 1] if index + 1 < count else ""
        previous = forms[index - 1] if index else ""
        joins_words = form in _INFIX and previous[-1:].isalnum() and following[:1].isalnum()
        joins_digits = form == "." and previous.isdigit() and following.isdigit()
        if joins_words or joins_digits:
            left[index] = right[index] = True
        elif form in _APOSTROPHES and following == "s":
            left[index] = right[index] = True  # "Iran ’ s" → "Iran's"
        elif form == "'":
            opens = token == "‘" or (token != "’" and "'" in forms[index + 1 :])
            right[index], left[index] = opens, not opens
        elif form == '"':
            opens = token == "“" or (token != "”" and not double_open)
            double_open = opens
            right[index], left[index] = opens, not opens
    return left, right


# --- the judged news sample -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class JudgedRow:
    """One annotation row; ``where`` is ``file:line`` for messages and examples."""

    kind: str
    surface: str
    nth: int
    code: str
    note: str
    where: str


@dataclass(frozen=True, slots=True)
class JudgedStory:
    """One judged story: its position in the articles file, the story as read, and its rows."""

    position: int
    story: RawDocument
    rows: tuple[JudgedRow, ...]
    path: Path


def read_stories(path: Path) -> list[RawDocument | None]:
    """The stories of ``articles.jsonl`` by position (None for a line that could not be read)."""
    return [
        item if isinstance(item, RawDocument) else None
        for item in read_jsonl(path.read_bytes(), str(path), None, _MAX_STORY_BYTES)
    ]


def judged_files(folder: Path) -> list[Path]:
    """The ``NNN.tsv`` files of the folder, in position order."""
    return sorted(folder.glob("*.tsv"), key=lambda path: (len(path.stem), path.stem))


def read_judged(folder: Path, stories: Sequence[RawDocument | None], limit: int | None = None) -> list[JudgedStory]:
    """Every judged story of ``folder`` (the first ``limit`` files), checked against the stories.

    Raises InputError naming the file and line of a bad row: an unknown kind, an ``nth`` that is
    no positive integer, a surface that does not occur ``nth`` times in the story's text, a file
    whose first comment gives no known story id or whose name is not that story's position.
    """
    positions = {story.id: (index, story) for index, story in enumerate(stories) if story is not None}
    files = judged_files(folder)
    return [read_judged_file(path, positions) for path in files[:limit]]


def read_judged_file(path: Path, positions: dict[str, tuple[int, RawDocument]]) -> JudgedStory:
    """One ``NNN.tsv`` file: header, rows, and the story its first comment names."""
    comment, header, rows = split_judged_file(path)
    position, story = judged_story(path, comment, positions)
    columns = _columns(path, header)
    parsed = tuple(_row(cells, columns, f"{path}:{number}", story.text) for number, cells in rows)
    return JudgedStory(position, story, parsed, path)


def judged_story(
    path: Path, comment: tuple[int, str] | None, positions: dict[str, tuple[int, RawDocument]]
) -> tuple[int, RawDocument]:
    """The position and story a judged file judges: the story whose id its first comment gives,
    which must sit at the position the file is named after (``NNN.tsv``).

    Raises InputError naming the file (and line) when the name or the comment does not fit.
    """
    if not _WHOLE_NUMBER.fullmatch(path.stem):
        raise InputError(str(path), "a judged file is named after its story's position: NNN.tsv (e.g. 010.tsv)")
    line, given = comment or (1, "")
    story_id = next((word for word in _words(given) if word in positions), None)
    if story_id is None:
        raise InputError(
            f"{path}:{line}", f"the first comment must give the story's id as in articles.jsonl; found {given!r}"
        )
    position, story = positions[story_id]
    if position != int(path.stem):
        raise InputError(
            f"{path}:{line}", f"story {story_id!r} is at position {position} of articles.jsonl, not {int(path.stem)}"
        )
    return position, story


def split_judged_file(
    path: Path,
) -> tuple[tuple[int, str] | None, tuple[int, list[str]] | None, list[tuple[int, list[str]]]]:
    """The first comment (line, text), the header (line, cells), the data rows."""
    comment: tuple[int, str] | None = None
    header: tuple[int, list[str]] | None = None
    rows: list[tuple[int, list[str]]] = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if line.startswith("#"):
            if comment is None:
                comment = (number, line.lstrip("#").strip())
            continue
        if not line.strip():
            continue
        cells = line.split("\t")
        if header is None:
            header = (number, cells)
        else:
            rows.append((number, cells))
    return comment, header, rows


def _words(comment: str) -> list[str]:
    """The comment's words, bare of quotes and punctuation around them: one is the story id
    ("# 2016-03-11-some-story", "# id: 2016-03-11-some-story", "# story `...`")."""
    return [word.strip("`'\",;:()[]<>") for word in comment.split()]


def _columns(path: Path, header: tuple[int, list[str]] | None) -> dict[str, int]:
    names = [cell.strip() for cell in header[1]] if header else []
    missing = [name for name in JUDGED_COLUMNS[:3] if name not in names]
    if missing:
        line = header[0] if header else 1
        raise InputError(
            f"{path}:{line}", f"the header must name the columns {', '.join(JUDGED_COLUMNS)}; missing {missing}"
        )
    return {name: names.index(name) for name in JUDGED_COLUMNS if name in names}


def _row(cells: list[str], columns: dict[str, int], where: str, text: str) -> JudgedRow:
    def cell(name: str) -> str:
        index = columns.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    kind, surface, nth_text = cell("kind"), cell("surface"), cell("nth")
    if kind not in JUDGED_KINDS:
        raise InputError(where, f"unknown kind {kind!r}; known: {', '.join(JUDGED_KINDS)}")
    if not _WHOLE_NUMBER.fullmatch(nth_text) or int(nth_text) < 1:
        raise InputError(
            where, f"nth must be a whole number from 1 (which occurrence of the surface), got {nth_text!r}"
        )
    nth = int(nth_text)
    if not surface.strip():
        raise InputError(where, "empty surface: give the words as the story has them")
    found = occurrences(text, surface, nth)
    if found < nth:
        raise InputError(where, f"{surface!r} occurs {found} time(s) in the story's text, not {nth}")
    return JudgedRow(kind, surface, nth, cell("code"), cell("note"), where)


def occurrences(text: str, needle: str, most: int) -> int:
    """How many times ``needle`` occurs in ``text`` (plain substring, left to right), up to ``most``."""
    count, start = 0, text.find(needle)
    while start >= 0 and count < most:
        count += 1
        start = text.find(needle, start + 1)
    return count
