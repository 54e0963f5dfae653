"""Readers of the labelled sets: PLOVER gold records, ConfliBERT source/target token tags and
ConfliBERT CAMEO class sentences.

The readers give typed records; a malformed record raises :class:`~thucydides.errors.InputError`
naming the file and the record id or line, and saying what would be valid. A missing file
raises :class:`FileNotFoundError` naming the path and what is expected there.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..clean import clean_text
from ..errors import InputError
from ..records import Span

PLOVER_FILE = Path("plover") / "PLOVER_GSR_CAMEO.json"
CONFLIBERT_FILE = Path("confliBERT-cameo") / "cameo_ner_train.txt"
CONFLIBERT_CLASS_FILE = Path("confliBERT-cameo") / "cameo_class_train.tsv"
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
