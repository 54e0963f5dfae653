"""PolNeAR read onto the pipeline's cleaned text: brat attribution relations, and the offset map.

PolNeAR (political news attribution relations, 2016 US election news; research use, not
redistributed) keeps each article as ``SPLIT/text/NAME.txt`` and its annotations as
``SPLIT/attributions/NAME_ANNOTATOR.ann`` in brat standoff:

- ``T`` lines ``T3<TAB>Content 115 290;300 340<TAB>the text`` with ``Source``, ``Cue``,
  ``Content``, ``Attribution`` (the relation's anchor) and ``Attribution-no-source`` labels,
  plus ``Discard``/``Discuss`` marks that belong to no relation. Offsets count characters of
  the UTF-8 decoded text, ``;`` separates the parts of a discontinuous span, and a text that
  runs over a line break goes on in the next line(s) of the file.
- ``E`` lines ``E1<TAB>Attribution:T4 Content:T3 Cue:T2 Source:T1`` tie one relation together;
  the Source may be missing and a second content part may be a ``Content2`` role.
- ``#`` lines are annotator notes.

A few articles were annotated by several annotators (all six annotators on a handful); the
reader takes one annotation file per article, the first in sorted order, so runs repeat.

:func:`align` maps raw offsets onto the cleaned text the pipeline reports offsets in.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from pathlib import Path

from ..clean import normalise_characters
from ..errors import InputError
from ..records import Span

POLNEAR_DIR = Path("polnear")
SPLITS = ("dev", "train")

_T_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t?(.*)$")
_E_LINE = re.compile(r"^(E\d+)\t(.*)$")
_OTHER_LINE = re.compile(r"^[#ARMN]\d*\t")  # notes, attributes, relations, normalisations
_SOURCE_ROLES = frozenset({"Source"})
_CUE_ROLES = frozenset({"Cue"})
_CONTENT_ROLES = frozenset({"Content", "Content2"})
_ANCHOR_ROLES = frozenset({"Attribution", "Attribution-no-source"})
# How many following non-space characters must agree before the walk in ``align`` resumes
# after text the cleaner took out; long enough that a removed line never matches by chance.
_RESYNC = 24
_RESYNC_SHORT = 6


@dataclass(frozen=True, slots=True)
class GoldRelation:
    """One attribution relation, offsets into the raw article text.

    Each field holds the parts of a possibly discontinuous span; ``source`` is empty for a
    relation without a source, ``cue`` rarely so. ``line`` is the ``E`` line in the file.
    """

    id: str
    line: int
    source: tuple[Span, ...]
    cue: tuple[Span, ...]
    content: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class PolnearArticle:
    """One article: its raw text, the annotation file read and the annotators available."""

    name: str
    text: str
    path: Path
    annotation: Path
    annotators: tuple[str, ...]
    relations: tuple[GoldRelation, ...]


def require_polnear(folder: Path, split: str) -> Path:
    """The ``polnear/SPLIT`` folder inside ``folder``; FileNotFoundError saying what belongs there."""
    if split not in SPLITS:
        raise ValueError(f"unknown PolNeAR split {split!r}: expected one of {', '.join(SPLITS)}")
    if not folder.is_dir():
        raise FileNotFoundError(
            f"labelled data folder not found: {folder} (expected a folder holding {POLNEAR_DIR}/{split}/text "
            f"and {POLNEAR_DIR}/{split}/attributions; pass --data or set THUCYDIDES_DATA)"
        )
    root = folder / POLNEAR_DIR / split
    for part in ("text", "attributions"):
        if not (root / part).is_dir():
            raise FileNotFoundError(
                f"{root / part} not found: expected PolNeAR's {split} split, articles as text/NAME.txt "
                "and brat annotations as attributions/NAME_ANNOTATOR.ann"
            )
    return root


def read_polnear(folder: Path, split: str = "dev", limit: int | None = None) -> list[PolnearArticle]:
    """The articles of one split in name order (first ``limit``), each with one annotator's
    relations. An article without an annotation file is left out.

    Raises FileNotFoundError when the folder or split is missing and InputError naming the
    file and line of a malformed annotation.
    """
    root = require_polnear(folder, split)
    annotations: dict[str, list[Path]] = {}
    for path in sorted((root / "attributions").glob("*.ann")):
        name, _, _annotator = path.stem.rpartition("_")
        annotations.setdefault(name, []).append(path)
    articles: list[PolnearArticle] = []
    for text_path in sorted((root / "text").glob("*.txt")):
        if limit is not None and len(articles) >= limit:
            break
        files = annotations.get(text_path.stem)
        if not files:
            continue
        with text_path.open(encoding="utf-8", newline="") as file:
            text = file.read()  # as stored: offsets count "\r\n" as two characters
        relations = read_brat(files[0], text)
        annotators = tuple(path.stem.rpartition("_")[2] for path in files)
        articles.append(PolnearArticle(text_path.stem, text, text_path, files[0], annotators, relations))
    return articles


def read_brat(path: Path, text: str) -> tuple[GoldRelation, ...]:
    """The attribution relations of one brat file over ``text``; each ``T`` line's offsets are
    checked against the words it quotes (spacing aside). Relations in file order."""
    spans: dict[str, tuple[str, tuple[Span, ...], int]] = {}
    events: list[tuple[str, int, list[tuple[str, str]]]] = []
    last_t: str | None = None
    for number, line in enumerate(path.read_text("utf-8").split("\n"), start=1):
        where = f"{path}:{number}"
        if match := _T_LINE.match(line):
            last_t = match.group(1)
            parts = _parts(match.group(3), len(text), where)
            spans[last_t] = (match.group(2), parts, number)
            _check_quoted(text, parts, match.group(4), where)
        elif match := _E_LINE.match(line):
            last_t = None
            roles = []
            for argument in match.group(2).split():
                role, colon, target = argument.partition(":")
                if not colon or not target:
                    raise InputError(where, f"expected ROLE:ID arguments such as 'Source:T1', got {argument!r}")
                roles.append((role, target))
            events.append((match.group(1), number, roles))
        elif _OTHER_LINE.match(line) or not line.strip():
            last_t = None if line.strip() else last_t
        elif last_t is None:
            raise InputError(where, f"expected a brat T, E or # line: {line[:80]!r}")
        # else: a T line's text that ran over a line break goes on here
    return tuple(_relation(event_id, number, roles, spans, f"{path}:{number}") for event_id, number, roles in events)


def _parts(offsets: str, length: int, where: str) -> tuple[Span, ...]:
    parts = []
    for part in offsets.split(";"):
        start, end = (int(value) for value in part.split())
        if not 0 <= start <= end <= length:
            raise InputError(where, f"span {start}-{end} is outside the text (0-{length})")
        parts.append((start, end))
    return tuple(parts)


def _check_quoted(text: str, parts: tuple[Span, ...], quoted: str, where: str) -> None:
    """The words at the offsets must be the words the line quotes (only its first line is on
    the T line when the span runs over a line break, so only that much is compared)."""
    expected = " ".join(text[start:end] for start, end in parts).split()
    written = quoted.split()
    if expected[: len(written)] != written:
        found = " ".join(expected)[:60]
        raise InputError(where, f"offsets point at {found!r}, not at the quoted {quoted[:60]!r}")


def _relation(
    event_id: str,
    line: int,
    roles: list[tuple[str, str]],
    spans: dict[str, tuple[str, tuple[Span, ...], int]],
    where: str,
) -> GoldRelation:
    source: list[Span] = []
    cue: list[Span] = []
    content: list[Span] = []
    for role, target in roles:
        if target not in spans:
            raise InputError(where, f"{event_id} names {target}, which no T line defines")
        parts = spans[target][1]
        if role in _SOURCE_ROLES:
            source += parts
        elif role in _CUE_ROLES:
            cue += parts
        elif role in _CONTENT_ROLES:
            content += parts
        elif role not in _ANCHOR_ROLES:
            known = ", ".join(sorted(_SOURCE_ROLES | _CUE_ROLES | _CONTENT_ROLES | _ANCHOR_ROLES))
            raise InputError(where, f"{event_id} has an unknown role {role!r} (known: {known})")
    return GoldRelation(event_id, line, tuple(sorted(source)), tuple(sorted(cue)), tuple(sorted(content)))


# --- raw → cleaned offsets --------------------------------------------------------------------


def _normalised(char: str) -> str:
    """A raw character as the cleaner writes it ("" when it drops it); spacing is left alone."""
    return normalise_characters(char)


def _is_space(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) == "Zs"


class Alignment:
    """Raw offsets mapped onto the cleaned text, built by :func:`align`.

    Every non-space character the cleaner kept is paired with its cleaned position. Calling
    the alignment with a raw offset gives the cleaned offset of the first kept character at or
    after it (so dropped characters map to the next kept one, and the end of the text to the
    end); :meth:`span` maps ``(start, end)`` so that spacing and dropped characters at either
    end fall outside the result.
    """

    def __init__(self, raw_positions: list[int], cleaned_positions: list[int], cleaned_length: int) -> None:
        self._raw = raw_positions
        self._cleaned = cleaned_positions
        self._length = cleaned_length

    def __call__(self, raw_offset: int) -> int:
        index = bisect_left(self._raw, raw_offset)
        return self._cleaned[index] if index < len(self._cleaned) else self._length

    def span(self, raw_span: Span) -> Span:
        """The cleaned ``(start, end)`` of the kept characters inside ``raw_span``; an empty span
        at the next kept character when there are none (all spacing, or removed by the cleaner)."""
        first = bisect_left(self._raw, raw_span[0])
        last = bisect_right(self._raw, raw_span[1] - 1) - 1
        start = self._cleaned[first] if first < len(self._cleaned) else self._length
        if last < first:
            return (start, start)
        return (start, self._cleaned[last] + 1)


def align(raw: str, cleaned: str) -> Alignment:
    """The map from offsets in ``raw`` to offsets in ``cleaned``, the cleaner's output for it.

    Both texts are walked over their non-space characters: equal characters (after the
    cleaner's quote normalisation) advance both; runs of spacing of any kind are skipped on
    both sides, so "\\n" in one and "\\n\\n" or " " in the other line up; characters the cleaner
    drops (invisible ones, promo lines and asides) are skipped in ``raw`` until the next
    ``_RESYNC`` characters agree again.
    """
    raw_chars: list[str] = []
    raw_index: list[int] = []
    for index, char in enumerate(raw):
        form = _normalised(char)
        if form and not _is_space(form):
            raw_chars.append(form)
            raw_index.append(index)
    kept = "".join(raw_chars)
    clean_index = [index for index, char in enumerate(cleaned) if not _is_space(char)]
    target = "".join(cleaned[index] for index in clean_index)
    raw_positions: list[int] = []
    cleaned_positions: list[int] = []
    i = j = 0
    while i < len(kept) and j < len(target):
        window = target[j : j + _RESYNC]
        if kept.startswith(window, i):
            raw_positions += raw_index[i : i + len(window)]
            cleaned_positions += clean_index[j : j + len(window)]
            i += len(window)
            j += len(window)
            continue
        resume = kept.find(window, i + 1)
        if resume < 0 and kept[i] == target[j]:
            # text the cleaner took out starts within the window: pair up to it
            raw_positions.append(raw_index[i])
            cleaned_positions.append(clean_index[j])
            i += 1
            j += 1
            continue
        if resume < 0:  # a second removal within the window: resume on a shorter stretch
            resume = kept.find(target[j : j + _RESYNC_SHORT], i + 1)
        i = resume if resume >= 0 else i + 1
    return Alignment(raw_positions, cleaned_positions, len(cleaned))
