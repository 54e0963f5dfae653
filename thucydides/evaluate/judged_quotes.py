"""Quotes scored on our judged sample of real news (``judged/news-2016-quotes``).

Each ``NNN.tsv`` file lists the attributions a careful reader finds in the story at position NNN
of ``news-2016/articles.jsonl`` (format and annotation rules in ``judged/README.md``): one row per
content attributed to a speaker by one cue. A row names its cue (the words exactly as in the
story's text, at their ``nth`` occurrence), the first and last words of its content (several
parts separated by ``|`` when the content is cut by its cue: ``"X," he said. "Y."``), the speaker
as the story names them there and the speaker's CAMEO code (alternatives separated by ``|``),
whether the source is unnamed, the cue type and the kind of quote. ``not_quote`` rows name
output that is no attribution (a linked headline, a reporter's credit).

Locating. The cue is found as the actor rows' surfaces are (:func:`.judged.locate_row`; a row
whose cue the cleaner removed counts as missed). Each content part runs from the occurrence of
its first words nearest the cue (the first part) or after the part before it, to the first
occurrence of its last words that ends after them; the speaker is the occurrence of its words
nearest the cue.

Matching. Output quotes and rows are paired one to one by the rule PolNeAR is scored with
(:data:`.quotes.MIN_SHARE`): the shared characters cover at least half of the row's content and
half of the output's. The closest pairs are taken first (shared characters over the union of the
two contents), of equals the one whose speaker is right, so that a wide content around a nested
quote does not take the row of the quote inside it. An output quote paired with no ``quote`` row
(or with a ``not_quote`` row) is no real quote; a second output of the same content is one.

The speaker of a paired quote is right when the output speaker's span (else its person's
mentions) overlaps the row's speaker; or when its actor code (its person's, for a person) agrees
with one of the row's in country and first role (``---`` only with ``---``); or, for an unnamed
source (``anonymous`` yes), when the output marks its speaker anonymous and has no code the row's
contradicts, or its words hold the row's speaker words. A pronoun speaker ("he") is right only
when the output also resolves it to the row's ``antecedent``: a mention of the output's person
overlaps the antecedent near the cue, or the output's name holds the antecedent's last word. A
row with no speaker is right only for output without one.

Figures over the pipeline's quotes: quotes output (per story); precision (paired with a quote
row, speaker right); content precision (paired, any speaker); speaker accuracy (of the paired);
recall (quote rows paired; strict: speaker right too); exact-content rate (of the paired, both
trimmed edges within one word of the row's: "that" let through, half a clause not); the same by
cue type (the output's for precision, the row's for recall) and by kind.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..actors.lexicon import ActorLexicon, load_lexicon
from ..clean import clean_text
from ..errors import InputError
from ..quotes.cues import CUE_TYPES
from ..records import Analysis, Quote, RawDocument, Span
from .actors import MAX_EXAMPLES, analyse_documents
from .judged import locate, locate_row, person_code_agrees, shown_folder
from .judged_events import skip_reason
from .quotes import MIN_SHARE, merged, shared, size, snippet, speaker_spans, trimmed
from .readers import JUDGED_ARTICLES_FILE, judged_files, judged_story, occurrences, read_stories, split_judged_file
from .scores import overlap, ratio

JUDGED_QUOTES_DIR = Path("judged") / "news-2016-quotes"
QUOTE_ROW_KINDS = ("quote", "not_quote")
QUOTE_COLUMNS = (
    "kind", "cue", "nth", "content_start", "content_end", "speaker", "speaker_code", "antecedent", "anonymous",
    "cue_type", "quote_kind", "note",
)  # fmt: skip
QUOTE_CUE_TYPES = tuple(sorted(CUE_TYPES | {"according_to"}))
QUOTE_KINDS = ("direct", "indirect", "mixed")
PRONOUNS = frozenset("he she they it we i you him her them".split())
EXAMPLE_KINDS = ("wrong_speaker", "not_quote", "missed", "removed")
# How far from its cue a content or speaker is looked for: a few sentences either side.
_WINDOW = 1200
_ARTICLES = frozenset({"a", "an", "the"})


def default_quotes_dir() -> Path:
    """``judged/news-2016-quotes`` at the root of the repository this package sits in."""
    return Path(__file__).resolve().parent.parent.parent / JUDGED_QUOTES_DIR


# --- reading ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QuoteRow:
    """One judged attribution (or ``not_quote``) row: the content's parts as (first words, last
    words) pairs, the speaker's words and codes as alternatives (``""``: no speaker);
    ``where`` is ``file:line``."""

    kind: str
    cue: str
    nth: int
    parts: tuple[tuple[str, str], ...]
    speakers: tuple[str, ...]
    codes: tuple[str, ...]
    antecedent: str
    anonymous: bool
    cue_type: str
    quote_kind: str
    note: str
    where: str


@dataclass(frozen=True, slots=True)
class QuoteStory:
    """One judged story: its position, the story as read, and its rows."""

    position: int
    story: RawDocument
    rows: tuple[QuoteRow, ...]
    path: Path


def read_quote_files(folder: Path, stories: Sequence[RawDocument | None], limit: int | None = None) -> list[QuoteStory]:
    """Every judged story of ``folder`` (the first ``limit`` files), checked against ``stories``.

    Raises InputError naming file and line: an unknown kind, cue type or quote kind, a bad
    ``nth``, a cue that does not occur ``nth`` times in the story, content words or a speaker
    not found near the cue, a missing column.
    """
    positions = {story.id: (index, story) for index, story in enumerate(stories) if story is not None}
    return [_read_quote_file(path, positions) for path in judged_files(folder)[:limit]]


def _read_quote_file(path: Path, positions: dict[str, tuple[int, RawDocument]]) -> QuoteStory:
    comment, header, rows = split_judged_file(path)
    position, story = judged_story(path, comment, positions)
    names = [cell.strip() for cell in header[1]] if header else []
    missing = [name for name in QUOTE_COLUMNS[:6] if name not in names]
    if missing:
        raise InputError(
            f"{path}:{header[0] if header else 1}",
            f"the header must name the columns {', '.join(QUOTE_COLUMNS)}; missing {missing}",
        )
    columns = {name: names.index(name) for name in QUOTE_COLUMNS if name in names}
    text = clean_text(story.text, remove_boilerplate=False).text
    parsed = []
    for number, cells in rows:
        row = _quote_row(cells, columns, f"{path}:{number}", story.text)
        if locate_quote(text, row) is None:
            raise InputError(row.where, f"the content or speaker of the {row.cue!r} row is not found near its cue")
        parsed.append(row)
    return QuoteStory(position, story, tuple(parsed), path)


def _quote_row(cells: list[str], columns: dict[str, int], where: str, text: str) -> QuoteRow:
    def cell(name: str) -> str:
        index = columns.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    def listed(name: str) -> tuple[str, ...]:
        return tuple(part.strip() for part in cell(name).split("|"))

    kind, cue, nth_text = cell("kind"), cell("cue"), cell("nth")
    if kind not in QUOTE_ROW_KINDS:
        raise InputError(where, f"unknown kind {kind!r}; known: {', '.join(QUOTE_ROW_KINDS)}")
    if not nth_text.isdigit() or int(nth_text) < 1:
        raise InputError(where, f"nth must be a whole number from 1 (the cue's occurrence), got {nth_text!r}")
    if not cue:
        raise InputError(where, "empty cue: give the cue word(s), or a direct quote's first words, as in the text")
    nth = int(nth_text)
    if occurrences(text, cue, nth) < nth:
        raise InputError(where, f"{cue!r} occurs {occurrences(text, cue, nth)} time(s) in the story, not {nth}")
    starts, ends = listed("content_start"), listed("content_end")
    if len(starts) != len(ends) or not all(starts) or not all(ends):
        raise InputError(where, "content_start and content_end must give the same number of non-empty parts (|)")
    cue_type, quote_kind = cell("cue_type"), cell("quote_kind")
    if kind == "quote":
        if cue_type not in QUOTE_CUE_TYPES:
            raise InputError(where, f"unknown cue_type {cue_type!r}; known: {', '.join(QUOTE_CUE_TYPES)}")
        if quote_kind not in QUOTE_KINDS:
            raise InputError(where, f"unknown quote_kind {quote_kind!r}; known: {', '.join(QUOTE_KINDS)}")
    anonymous, antecedent = cell("anonymous"), cell("antecedent")
    if anonymous not in ("yes", "no", ""):
        raise InputError(where, f"anonymous must be yes or no, got {anonymous!r}")
    if kind == "quote" and not antecedent and any(is_pronoun(words) for words in listed("speaker")):
        raise InputError(where, "a pronoun speaker needs its antecedent: the name it stands for, as the story has it")
    return QuoteRow(
        kind, cue, nth, tuple(zip(starts, ends, strict=True)), listed("speaker"), listed("speaker_code"),
        antecedent, anonymous == "yes", cue_type, quote_kind, cell("note"), where,
    )  # fmt: skip


# --- locating ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LocatedQuote:
    """A row found in the cleaned text: its cue, content parts, speakers' spans (None: no
    speaker on that alternative) and a pronoun speaker's antecedent."""

    row: QuoteRow
    cue: Span
    content: tuple[Span, ...]
    speakers: tuple[Span | None, ...]
    antecedent: Span | None = None


def _normal(words: str) -> str:
    return clean_text(words, remove_boilerplate=False).text


def _finds(text: str, needle: str, low: int, high: int) -> list[int]:
    found, at = [], text.find(needle, max(0, low))
    while 0 <= at < high:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


def _nearest(starts: list[int], width: int, cue: Span) -> int | None:
    def distance(at: int) -> int:
        return max(0, cue[0] - (at + width), at - cue[1])

    return min(starts, key=distance) if starts else None


def locate_quote(text: str, row: QuoteRow, cue: Span | None = None) -> LocatedQuote | None:
    """The row's cue, content and speakers in the cleaned ``text`` (``cue``: where its cue is,
    else its ``nth`` occurrence there); None when a part or a named speaker is not found within
    a few sentences of the cue."""
    cue = cue or locate(text, row.cue, row.nth)
    if cue is None:
        return None
    low, high = cue[0] - _WINDOW, cue[1] + _WINDOW
    parts: list[Span] = []
    for first, last in row.parts:
        head, tail = _normal(first), _normal(last)
        candidates = _finds(text, head, parts[-1][1] if parts else low, high)
        begin = candidates[0] if parts and candidates else _nearest(candidates, len(head), cue)
        if begin is None:
            return None
        end = text.find(tail, begin)
        while end >= 0 and end + len(tail) < begin + len(head):
            end = text.find(tail, end + 1)
        if end < 0 or end > high:
            return None
        parts.append((begin, end + len(tail)))
    speakers = [_near(text, words, cue) if words else None for words in row.speakers]
    antecedent = _near(text, row.antecedent, cue) if row.antecedent else None
    if any(words and span is None for words, span in zip(row.speakers, speakers, strict=True)):
        return None
    if row.antecedent and antecedent is None:
        return None
    return LocatedQuote(row, cue, merged(parts), tuple(speakers), antecedent)


def _near(text: str, words: str, cue: Span) -> Span | None:
    needle = _normal(words)
    at = _nearest(_finds(text, needle, cue[0] - _WINDOW, cue[1] + _WINDOW), len(needle), cue)
    return None if at is None else (at, at + len(needle))


def place_quote_rows(judged: QuoteStory, analysis: Analysis | None) -> list[LocatedQuote | None]:
    """Each row of the story found in the cleaned text as the pipeline cleaned it (None: the
    cleaner removed its cue or its words)."""
    raw = clean_text(judged.story.text, remove_boilerplate=False).text
    if analysis is None:
        cleaned = clean_text(judged.story.text)
        text, removed = cleaned.text, cleaned.removed
    else:
        text, removed = analysis.document.text, analysis.document.removed
    placed: list[LocatedQuote | None] = []
    for row in judged.rows:
        cue = locate_row(raw, removed, text, row.cue, row.nth)
        placed.append(None if cue is None else locate_quote(text, row, cue))
    return placed


# --- judging one quote ------------------------------------------------------------------------


def _speaker_code(quote: Quote, analysis: Analysis) -> str | None:
    speaker = quote.speaker
    if speaker is None:
        return None
    if speaker.actor:
        return speaker.actor
    return next((person.actor for person in analysis.people if person.id == speaker.person), None)


def _words(text: str | None) -> list[str]:
    words = _normal(text or "").lower().replace("'s ", " ").split()
    return words[1:] if words and words[0] in _ARTICLES else words


def is_pronoun(words: str) -> bool:
    """Whether a speaker's words are a bare personal pronoun ("he", "It")."""
    return _words(words) in ([pronoun] for pronoun in PRONOUNS)


def _speaker_mentions(quote: Quote, analysis: Analysis) -> tuple[Span, ...]:
    """The output speaker's span, and every mention of its person."""
    speaker = quote.speaker
    spans = list(speaker_spans(quote, analysis))
    if speaker is not None and speaker.person:
        spans += [span for person in analysis.people if person.id == speaker.person for span in person.mentions]
    return merged(spans)


def _stands_for(quote: Quote, located: LocatedQuote, analysis: Analysis) -> bool:
    """Whether the output speaker is the person or actor a pronoun row's antecedent names: a
    mention of its person overlaps the antecedent, or its name holds the antecedent's last word."""
    speaker = quote.speaker
    if speaker is None or located.antecedent is None:
        return False
    if any(overlap(located.antecedent, span) for span in _speaker_mentions(quote, analysis)):
        return True
    names = [speaker.name] + [person.name for person in analysis.people if person.id == speaker.person]
    head = _words(located.row.antecedent)[-1:]
    return bool(head) and any(head[0] in _words(name) for name in names if name)


def speaker_right(quote: Quote, located: LocatedQuote, analysis: Analysis, lexicon: ActorLexicon) -> bool:
    """Whether the output quote's speaker is the row's (the rules in the module docstring)."""
    row, speaker = located.row, quote.speaker
    if speaker is None:
        return "" in row.speakers
    code = _speaker_code(quote, analysis)
    codes = [option for option in row.codes if option]
    if any(person_code_agrees(option, code, lexicon) for option in codes):
        return True
    disagrees = bool(code and codes)
    spans = _speaker_mentions(quote, analysis)
    for words, span in zip(row.speakers, located.speakers, strict=True):
        touches = span is not None and any(overlap(span, other) for other in spans)
        if touches and (not is_pronoun(words) or _stands_for(quote, located, analysis)):
            return True
    if row.anonymous:
        given = " ".join(_words(speaker.text) + _words(speaker.description))
        if speaker.anonymous and not disagrees:
            return True
        return any(_words(words) and " ".join(_words(words)) in given for words in row.speakers)
    return False


def near_exact(text: str, gold: tuple[Span, ...], predicted: tuple[Span, ...]) -> bool:
    """Whether two contents' outer edges, trimmed of spacing, punctuation and quote marks, are
    each within one word of the other's."""
    first, second = trimmed(text, gold), trimmed(text, predicted)
    if not first or not second:
        return False

    def within_a_word(a: int, b: int) -> bool:
        return len(text[min(a, b) : max(a, b)].split()) <= 1

    return within_a_word(first[0][0], second[0][0]) and within_a_word(first[-1][1], second[-1][1])


# --- scoring ----------------------------------------------------------------------------------


@dataclass(slots=True)
class Counts:
    """Output quotes and rows of one class (a cue type or a kind)."""

    output: int = 0
    matched: int = 0
    right: int = 0
    rows: int = 0
    found: int = 0


@dataclass(slots=True)
class QuoteTally:
    """Counts over the judged stories, and the first examples of each error."""

    stories: int = 0
    failed: int = 0
    rows: int = 0
    not_quote_rows: int = 0
    removed: int = 0
    output: int = 0
    matched: int = 0
    right: int = 0
    exact: int = 0
    on_not_quote: int = 0
    rows_found: int = 0
    rows_right: int = 0
    cue_type_agree: int = 0
    per_story: Counter[int] = field(default_factory=Counter)
    by_cue_type: dict[str, Counts] = field(default_factory=dict)
    by_kind: dict[str, Counts] = field(default_factory=dict)
    examples: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {kind: [] for kind in EXAMPLE_KINDS})

    def example(self, error: str, **details: Any) -> None:
        if len(self.examples[error]) < MAX_EXAMPLES:
            self.examples[error].append(details)

    def counts(self, table: str, name: str | None) -> Counts:
        group = self.by_cue_type if table == "cue_type" else self.by_kind
        return group.setdefault(name or "none", Counts())


def score_story(judged: QuoteStory, analysis: Analysis | None, lexicon: ActorLexicon, tally: QuoteTally) -> None:
    """Add one story's rows and the pipeline's quotes on it to ``tally``."""
    tally.stories += 1
    tally.failed += analysis is None
    quotes = analysis.quotes if analysis is not None else ()
    tally.per_story[judged.position] = len(quotes)
    placed = place_quote_rows(judged, analysis)
    for row, item in zip(judged.rows, placed, strict=True):
        if row.kind == "not_quote":
            tally.not_quote_rows += 1
            continue
        tally.rows += 1
        tally.counts("cue_type", row.cue_type).rows += 1
        tally.counts("kind", row.quote_kind).rows += 1
        if item is None:
            tally.removed += 1
            tally.example("removed", position=judged.position, cue=row.cue, where=row.where)
    rows = [item for item in placed if item is not None]
    contents = [merged(quote.spans) for quote in quotes]
    pairs = pair_quotes(rows, quotes, analysis, lexicon) if analysis is not None else {}
    text = analysis.document.text if analysis is not None else ""
    found: set[int] = set()
    for index, quote in enumerate(quotes):
        _score_quote(judged, quote, rows[pairs[index]] if index in pairs else None, analysis, lexicon, tally, found)
        tally.output += 1
        tally.counts("cue_type", quote.cue_type).output += 1
        tally.counts("kind", quote.kind).output += 1
        if index in pairs and rows[pairs[index]].row.kind == "quote":
            tally.exact += near_exact(text, rows[pairs[index]].content, contents[index])
    for item in rows:
        if item.row.kind == "quote" and id(item) not in found:
            tally.example(
                "missed", position=judged.position, where=item.row.where, cue=item.row.cue, cue_type=item.row.cue_type,
                content=snippet(text, item.content), speaker="|".join(item.row.speakers),
            )  # fmt: skip


def pair_quotes(
    rows: Sequence[LocatedQuote], quotes: Sequence[Quote], analysis: Analysis, lexicon: ActorLexicon
) -> dict[int, int]:
    """Output index → row index, one to one, for pairs sharing at least ``MIN_SHARE`` of each
    content's characters; the closest pairs first (shared characters over the union of both),
    of equals the one whose speaker is right."""
    candidates = []
    for g, item in enumerate(rows):
        for p, quote in enumerate(quotes):
            content = merged(quote.spans)
            common = shared(item.content, content)
            if not common or common < MIN_SHARE * size(item.content) or common < MIN_SHARE * size(content):
                continue
            right = item.row.kind == "quote" and speaker_right(quote, item, analysis, lexicon)
            candidates.append((-common / (size(item.content) + size(content) - common), not right, p, g))
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    for _, _, p, g in sorted(candidates):
        if p not in pairs and g not in taken:
            pairs[p] = g
            taken.add(g)
    return pairs


def _score_quote(
    judged: QuoteStory,
    quote: Quote,
    item: LocatedQuote | None,
    analysis: Analysis | None,
    lexicon: ActorLexicon,
    tally: QuoteTally,
    found: set[int],
) -> None:
    shown = _shown_quote(quote)
    if item is None or item.row.kind != "quote" or analysis is None:
        tally.on_not_quote += item is not None
        tally.example("not_quote", position=judged.position, where=item.row.where if item else None, **shown)
        return
    right = speaker_right(quote, item, analysis, lexicon)
    tally.matched += 1
    tally.right += right
    tally.cue_type_agree += quote.cue_type == item.row.cue_type
    classes = (("cue_type", quote.cue_type, item.row.cue_type), ("kind", quote.kind, item.row.quote_kind))
    for table, name, gold in classes:
        tally.counts(table, name).matched += 1
        tally.counts(table, name).right += right
        tally.counts(table, gold).found += 1
    found.add(id(item))
    tally.rows_found += 1
    tally.rows_right += right
    if not right:
        tally.example(
            "wrong_speaker", position=judged.position, where=item.row.where,
            gold_speaker="|".join(item.row.speakers), gold_code="|".join(item.row.codes), **shown,
        )  # fmt: skip


def _shown_quote(quote: Quote) -> dict[str, Any]:
    speaker = quote.speaker
    return {
        "kind": quote.kind,
        "cue": quote.cue_text,
        "cue_type": quote.cue_type,
        "content": snippet(quote.content, [(0, len(quote.content))]),
        "speaker": None if speaker is None else speaker.text,
        "speaker_actor": None if speaker is None else speaker.actor,
        "anonymous": None if speaker is None else speaker.anonymous,
    }


def _class_scores(counts: dict[str, Counts]) -> dict[str, dict[str, Any]]:
    return {
        name: {
            "output": item.output,
            "precision": ratio(item.right, item.output),
            "content_precision": ratio(item.matched, item.output),
            "rows": item.rows,
            "recall": ratio(item.found, item.rows),
        }
        for name, item in sorted(counts.items())
    }


def quote_tally_scores(tally: QuoteTally) -> dict[str, Any]:
    """The figures of a tally (JSON-serialisable, figures to four decimals)."""
    return {
        "stories": tally.stories,
        "failed": tally.failed,
        "quote_rows": tally.rows,
        "not_quote_rows": tally.not_quote_rows,
        "removed_rows": tally.removed,
        "quotes": tally.output,
        "quotes_per_story": round(tally.output / tally.stories, 4) if tally.stories else None,
        "quotes_by_story": {f"{position:03d}": count for position, count in sorted(tally.per_story.items())},
        "matched_quotes": tally.matched,
        "right_quotes": tally.right,
        "quotes_on_not_quote_rows": tally.on_not_quote,
        "precision": ratio(tally.right, tally.output),
        "content_precision": ratio(tally.matched, tally.output),
        "speaker_accuracy": ratio(tally.right, tally.matched),
        "rows_found": tally.rows_found,
        "rows_right": tally.rows_right,
        "recall": ratio(tally.rows_found, tally.rows),
        "recall_strict": ratio(tally.rows_right, tally.rows),
        "exact_content_rate": ratio(tally.exact, tally.matched),
        "cue_type_agreement": ratio(tally.cue_type_agree, tally.matched),
        "by_cue_type": _class_scores(tally.by_cue_type),
        "by_kind": _class_scores(tally.by_kind),
        "examples": tally.examples,
    }


# --- the evaluation ---------------------------------------------------------------------------


def score_quote_stories(
    judged: Sequence[QuoteStory], analyses: Iterable[tuple[str, Analysis | None]], lexicon: ActorLexicon
) -> dict[str, Any]:
    """The figures over the judged stories, given their analyses ``(story id, analysis)``."""
    by_id = {item.story.id: item for item in judged}
    tally = QuoteTally()
    for story_id, analysis in analyses:
        score_story(by_id[story_id], analysis, lexicon, tally)
    return quote_tally_scores(tally)


def evaluate_judged_quotes(pipeline: Any, data: Path, folder: Path | None = None, *, limit: int | None = None) -> dict:
    """The pipeline's quotes scored on the judged sample in ``folder`` (default
    :func:`default_quotes_dir`; the first ``limit`` files), the stories read from
    ``data``/news-2016/articles.jsonl. When the stories or the folder are absent:
    ``{"dataset", "skipped": reason}``.

    Raises InputError for a malformed judged file (file and line in the message).
    """
    folder = folder or default_quotes_dir()
    reason = skip_reason(data, folder)
    if reason:
        return {"dataset": shown_folder(folder), "skipped": reason}
    started = time.perf_counter()
    judged = read_quote_files(folder, read_stories(data / JUDGED_ARTICLES_FILE), limit)
    analyses = list(analyse_documents(pipeline, [item.story for item in judged]))
    return {
        "dataset": shown_folder(folder),
        "credit": "our own annotations of the quotes of news-2016 stories 0, 10, ..., 190 (judged/README.md)",
        **score_quote_stories(judged, analyses, load_lexicon()),
        "notes": [
            "an output quote is paired one to one with a row sharing half of both contents, closest first",
            "precision: paired with a quote row and the speaker right (its span overlaps the row's speaker, "
            "or its code agrees in country and first role; an unnamed source also when marked anonymous)",
            "recall: quote rows paired with an output quote; rows removed by the cleaner count as missed",
            "exact: both trimmed content edges within one word of the row's",
        ],
        "seconds": round(time.perf_counter() - started, 1),
    }


# --- rendering --------------------------------------------------------------------------------


def render_quote_report(scores: dict[str, Any]) -> Any:
    """``eval quotes`` as a table: the PolNeAR figures, then the judged sample's when present."""
    from rich.console import Group

    from .quotes import render_quote_scores
    from .render import render_judged_quotes

    parts = [render_quote_scores(scores)]
    if "judged" in scores:
        parts.append(render_judged_quotes(scores["judged"]))
    return Group(*parts)
