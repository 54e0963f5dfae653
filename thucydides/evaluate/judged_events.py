"""Events scored on our judged sample of real news (``judged/news-2016-events``).

Each ``NNN.tsv`` file judges the events of the story at position NNN of
``news-2016/articles.jsonl`` (format and annotation rules in ``judged/README.md``). A row names
the words that report an act (``trigger``, at its ``nth`` occurrence in the story's text), its
source and target actor codes, its CAMEO root, PLOVER type and modality. A field may list
alternatives a careful coder could defend, separated by ``|`` (``18|19``; ``USAGOV|``: the US
government or no source at all). Rows are found in the cleaned text as the actor rows are
(:func:`.judged.locate_row`); a row whose words the cleaner removed counts as missed.

Matching. An output event *matches* an ``event`` row when its trigger overlaps the row's
trigger; failing that, when it sits in the same sentence and its CAMEO root is among the row's
(the same act reported by another word of the sentence). Of several rows, the one it agrees with
best. An event matching no event row (or overlapping a ``not_event`` row) is no real event.

Figures, for each coder (the rule coder alone, and the fused coder, the pipeline's default):

- events output, events per story, stories without an event;
- strict precision: of all output events, those matching a row with source, target, root and
  modality all right. A side is right when its code agrees with one of the row's in country
  (the first three letters; ``---`` only with ``---``) and first role (a named group's roles as
  ``groups.tsv`` gives them), or when the event has no side there and the row allows none;
- root precision: of all output events, those matching a row whose root is among the row's;
- partial precision: of all output events, those matching a row (a real event, any fields);
- recall: of event rows, those matched by an output event; strict recall: by a strictly right
  one;
- field agreement on matched events (source, target, root, PLOVER type, modality), to see
  which field costs the strict figure.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..actors.lexicon import ActorLexicon, load_lexicon
from ..clean import clean_text
from ..errors import InputError
from ..filters import MODALITIES
from ..records import Analysis, Event, EventParty, Span
from .actors import MAX_EXAMPLES, analyse_documents
from .judged import locate_row, read_code, shown_folder
from .readers import JUDGED_ARTICLES_FILE, judged_files, judged_story, occurrences, read_stories, split_judged_file
from .scores import overlap, ratio

JUDGED_EVENTS_DIR = Path("judged") / "news-2016-events"
EVENT_KINDS = ("event", "not_event")
EVENT_COLUMNS = ("kind", "trigger", "nth", "source", "target", "root", "plover", "modality", "note")
FIELDS = ("source", "target", "root", "plover", "modality")
EXAMPLE_KINDS = ("wrong", "not_event", "missed", "removed")


def default_events_dir() -> Path:
    """``judged/news-2016-events`` at the root of the repository this package sits in."""
    return Path(__file__).resolve().parent.parent.parent / JUDGED_EVENTS_DIR


# --- reading ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EventRow:
    """One judged event (or ``not_event``) row; each coded field is a tuple of the alternatives
    the row accepts (``""``: no side); ``where`` is ``file:line``."""

    kind: str
    trigger: str
    nth: int
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    roots: tuple[str, ...]
    plovers: tuple[str, ...]
    modalities: tuple[str, ...]
    note: str
    where: str


@dataclass(frozen=True, slots=True)
class EventStory:
    """One judged story: its position, the story as read, and its rows."""

    position: int
    story: Any  # RawDocument
    rows: tuple[EventRow, ...]
    path: Path


def read_event_files(folder: Path, stories: Sequence[Any], limit: int | None = None) -> list[EventStory]:
    """Every judged story of ``folder`` (the first ``limit`` files), checked against ``stories``.

    Raises InputError naming file and line: an unknown kind, a bad ``nth``, a trigger that does
    not occur ``nth`` times in the story, an unknown root or modality, a missing column.
    """
    positions = {story.id: (index, story) for index, story in enumerate(stories) if story is not None}
    return [_read_event_file(path, positions) for path in judged_files(folder)[:limit]]


def _read_event_file(path: Path, positions: dict[str, tuple[int, Any]]) -> EventStory:
    comment, header, rows = split_judged_file(path)
    position, story = judged_story(path, comment, positions)
    names = [cell.strip() for cell in header[1]] if header else []
    missing = [name for name in EVENT_COLUMNS[:6] if name not in names]
    if missing:
        raise InputError(
            f"{path}:{header[0] if header else 1}",
            f"the header must name the columns {', '.join(EVENT_COLUMNS)}; missing {missing}",
        )
    columns = {name: names.index(name) for name in EVENT_COLUMNS if name in names}
    parsed = tuple(_event_row(cells, columns, f"{path}:{number}", story.text) for number, cells in rows)
    return EventStory(position, story, parsed, path)


def _event_row(cells: list[str], columns: dict[str, int], where: str, text: str) -> EventRow:
    def cell(name: str) -> str:
        index = columns.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    def options(name: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(part.strip() for part in cell(name).split("|")))

    kind, trigger, nth_text = cell("kind"), cell("trigger"), cell("nth")
    if kind not in EVENT_KINDS:
        raise InputError(where, f"unknown kind {kind!r}; known: {', '.join(EVENT_KINDS)}")
    if not nth_text.isdigit() or int(nth_text) < 1:
        raise InputError(where, f"nth must be a whole number from 1 (the trigger's occurrence), got {nth_text!r}")
    if not trigger:
        raise InputError(where, "empty trigger: give the words that report the act as the story has them")
    nth = int(nth_text)
    if occurrences(text, trigger, nth) < nth:
        raise InputError(where, f"{trigger!r} occurs {occurrences(text, trigger, nth)} time(s) in the story, not {nth}")
    roots, modalities = options("root"), options("modality")
    if kind == "event":
        bad_roots = [root for root in roots if not (len(root) == 2 and root.isdigit() and 1 <= int(root) <= 20)]
        if bad_roots:
            raise InputError(where, f"root must be CAMEO roots 01-20 separated by |, got {cell('root')!r}")
        unknown = [name for name in modalities if name not in MODALITIES]
        if unknown:
            raise InputError(where, f"unknown modality {unknown}; known: {', '.join(MODALITIES)}")
    return EventRow(
        kind, trigger, nth, options("source"), options("target"), roots, options("plover"), modalities,
        cell("note"), where,
    )  # fmt: skip


# --- judging one event ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Verdict:
    """An output event judged on a row: which fields are right (``plover`` None when the row
    gives no type: a CAMEO 01 statement)."""

    source: bool
    target: bool
    root: bool
    plover: bool | None
    modality: bool

    @property
    def strict(self) -> bool:
        return self.source and self.target and self.root and self.modality

    def wrong_fields(self) -> list[str]:
        return [name for name in FIELDS if getattr(self, name) is False]


def side_right(party: EventParty | None, options: tuple[str, ...], lexicon: ActorLexicon) -> bool:
    """Whether an event side agrees with one of a row's codes: same country (first three
    letters, ``---`` only with ``---``) and first role; no side (or an uncoded one) is right
    only when the row allows none (``""``)."""
    code = party.actor if party is not None and party.actor else ""
    if not code:
        return "" in options
    got = read_code(code, lexicon)
    return any(
        option and option[:3] == code[:3] and read_code(option, lexicon).first_role == got.first_role
        for option in options
    )


def judge_event(event: Event, row: EventRow, lexicon: ActorLexicon) -> Verdict:
    """The verdict of ``event`` on ``row`` (an event row)."""
    plovers = tuple(plover for plover in row.plovers if plover)
    return Verdict(
        source=side_right(event.source, row.sources, lexicon),
        target=side_right(event.target, row.targets, lexicon),
        root=event.cameo[:2] in row.roots,
        plover=(event.plover in plovers) if plovers else None,
        modality=event.modality in row.modalities,
    )


# --- scoring ----------------------------------------------------------------------------------


@dataclass(slots=True)
class EventTally:
    """Counts of one coder over the judged stories, and the first examples of each error."""

    stories: int = 0
    failed: int = 0
    silent_stories: int = 0
    rows: int = 0
    not_event_rows: int = 0
    removed: int = 0
    events: int = 0
    matched: int = 0
    strict: int = 0
    root_right: int = 0
    on_not_event: int = 0
    rows_found: int = 0
    rows_strict: int = 0
    fields: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    plover_judged: int = 0
    examples: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {kind: [] for kind in EXAMPLE_KINDS})

    def example(self, error: str, **details: Any) -> None:
        if len(self.examples[error]) < MAX_EXAMPLES:
            self.examples[error].append(details)


@dataclass(frozen=True, slots=True)
class Placed:
    """A row with its span in the cleaned text and the index of the sentence holding it (None:
    the cleaner removed it)."""

    row: EventRow
    span: Span | None
    sentence: int | None


def place_rows(judged: EventStory, analysis: Analysis | None) -> list[Placed]:
    """Each row of the story found in the cleaned text (as the pipeline cleaned it)."""
    raw = clean_text(judged.story.text, remove_boilerplate=False).text
    sentences: tuple[tuple[int, int, int], ...] = ()
    if analysis is None:
        cleaned = clean_text(judged.story.text)
        text, removed = cleaned.text, cleaned.removed
    else:
        text, removed = analysis.document.text, analysis.document.removed
        sentences = tuple((s.index, s.start, s.end) for s in analysis.sentences)
    placed = []
    for row in judged.rows:
        span = locate_row(raw, removed, text, row.trigger, row.nth)
        index = None if span is None else next((i for i, start, end in sentences if start <= span[0] < end), -1)
        placed.append(Placed(row, span, index))
    return placed


def score_story(judged: EventStory, analysis: Analysis | None, lexicon: ActorLexicon, tally: EventTally) -> None:
    """Add one story's rows and one coder's events on it to ``tally``."""
    tally.stories += 1
    tally.failed += analysis is None
    events = analysis.events if analysis is not None else ()
    tally.silent_stories += not events
    placed = place_rows(judged, analysis)
    rows = [item for item in placed if item.row.kind == "event"]
    tally.rows += len(rows)
    tally.not_event_rows += len(placed) - len(rows)
    for item in rows:
        if item.span is None:
            tally.removed += 1
            tally.example("removed", position=judged.position, trigger=item.row.trigger, where=item.row.where)
    found: dict[int, bool] = {}  # id(row) -> strictly right by some event
    for event in events:
        tally.events += 1
        best = match(event, placed, lexicon)
        if best is None or best[0].row.kind != "event":
            tally.on_not_event += best is not None
            tally.example("not_event", position=judged.position, **_shown_event(event))
            continue
        item, verdict = best
        tally.matched += 1
        tally.strict += verdict.strict
        tally.root_right += verdict.root
        for name in FIELDS:
            tally.fields[name] += bool(getattr(verdict, name))
        tally.plover_judged += verdict.plover is not None
        found[id(item.row)] = found.get(id(item.row), False) or verdict.strict
        if not verdict.strict:
            tally.example(
                "wrong", position=judged.position, where=item.row.where, wrong=verdict.wrong_fields(),
                gold=_shown_row(item.row), **_shown_event(event),
            )  # fmt: skip
    for item in rows:
        if id(item.row) in found:
            tally.rows_found += 1
            tally.rows_strict += found[id(item.row)]
        elif item.span is not None:
            tally.example("missed", position=judged.position, where=item.row.where, gold=_shown_row(item.row))


def match(event: Event, placed: Sequence[Placed], lexicon: ActorLexicon) -> tuple[Placed, Verdict] | None:
    """The row an output event matches (its verdict; None for a ``not_event`` row): rows whose
    trigger overlaps the event's, else event rows of its sentence with its root among theirs;
    of several, the strictly right first, then the root right, then the largest overlap."""
    touching = [item for item in placed if item.span is not None and overlap(item.span, event.trigger_span)]
    if not touching:
        touching = [
            item
            for item in placed
            if item.row.kind == "event" and item.sentence == event.sentence and event.cameo[:2] in item.row.roots
        ]
    if not touching:
        return None
    verdicts = {id(item): judge_event(event, item.row, lexicon) for item in touching if item.row.kind == "event"}
    if not verdicts:
        not_event = touching[0]
        return not_event, Verdict(False, False, False, None, False)
    best = max(
        (item for item in touching if id(item) in verdicts),
        key=lambda item: (
            verdicts[id(item)].strict,
            verdicts[id(item)].root,
            overlap(item.span, event.trigger_span) if item.span else 0,
        ),
    )
    return best, verdicts[id(best)]


def _shown_event(event: Event) -> dict[str, Any]:
    def side(party: EventParty | None) -> str | None:
        return None if party is None else f"{party.actor or '?'} ({party.text})"

    return {
        "trigger": event.trigger_text,
        "cameo": event.cameo,
        "source": side(event.source),
        "target": side(event.target),
        "modality": event.modality,
        "coded_by": event.coded_by,
    }


def _shown_row(row: EventRow) -> dict[str, Any]:
    return {
        "trigger": row.trigger,
        "source": "|".join(row.sources),
        "target": "|".join(row.targets),
        "root": "|".join(row.roots),
        "modality": "|".join(row.modalities),
    }


def coder_scores(tally: EventTally) -> dict[str, Any]:
    """The figures of one coder's tally (JSON-serialisable, figures to four decimals)."""
    matched = tally.matched
    return {
        "events": tally.events,
        "events_per_story": round(tally.events / tally.stories, 4) if tally.stories else None,
        "stories_without_event": tally.silent_stories,
        "failed": tally.failed,
        "matched_events": matched,
        "strict_events": tally.strict,
        "root_right_events": tally.root_right,
        "events_on_not_event_rows": tally.on_not_event,
        "strict_precision": ratio(tally.strict, tally.events),
        "root_precision": ratio(tally.root_right, tally.events),
        "partial_precision": ratio(matched, tally.events),
        "rows_found": tally.rows_found,
        "rows_strict": tally.rows_strict,
        "recall": ratio(tally.rows_found, tally.rows),
        "recall_strict": ratio(tally.rows_strict, tally.rows),
        "field_agreement": {
            name: ratio(tally.fields[name], tally.plover_judged if name == "plover" else matched) for name in FIELDS
        },
        "examples": tally.examples,
    }


# --- the evaluation ---------------------------------------------------------------------------


def coder_readings(pipeline: Any) -> dict[str, Callable[[], AbstractContextManager[Any]]]:
    """The readings to score, by name: ``rules`` (the rule coder alone, within
    ``rules_only()``) and ``fused`` (the pipeline as it is) when the pipeline fuses a model;
    only ``rules`` when it codes with the rules already."""
    stage = getattr(pipeline, "events", None)
    if stage is None or getattr(stage, "fusion", None) is None:
        return {"rules": nullcontext}
    return {"rules": stage.rules_only, "fused": nullcontext}


def skip_reason(data: Path, folder: Path) -> str | None:
    """Why the judged event sample cannot be scored (None when it can)."""
    if not (data / JUDGED_ARTICLES_FILE).is_file():
        return f"stories not found: {data / JUDGED_ARTICLES_FILE} (../shared is absent; pass --data)"
    if not folder.is_dir():
        return f"judged folder not found: {folder} (it is in the repository, not the package; pass --judged)"
    if not judged_files(folder):
        return f"no judged files (NNN.tsv) in {folder} yet"
    return None


def score_readings(
    judged: Sequence[EventStory], analyses: Iterable[tuple[str, Analysis | None]], lexicon: ActorLexicon
) -> dict[str, Any]:
    """One coder's figures over the judged stories, given its analyses ``(story id, analysis)``."""
    by_id = {item.story.id: item for item in judged}
    tally = EventTally()
    for story_id, analysis in analyses:
        score_story(by_id[story_id], analysis, lexicon, tally)
    return coder_scores(tally)


def evaluate_judged_events(pipeline: Any, data: Path, folder: Path | None = None, *, limit: int | None = None) -> dict:
    """Events of the rule coder and of the fused coder scored on the judged sample in ``folder``
    (default :func:`default_events_dir`; the first ``limit`` files), the stories read from
    ``data``/news-2016/articles.jsonl. When the stories or the folder are absent:
    ``{"dataset", "skipped": reason}``.

    Raises InputError for a malformed judged file (file and line in the message).
    """
    folder = folder or default_events_dir()
    reason = skip_reason(data, folder)
    if reason:
        return {"dataset": shown_folder(folder), "skipped": reason}
    started = time.perf_counter()
    judged = read_event_files(folder, read_stories(data / JUDGED_ARTICLES_FILE), limit)
    lexicon = load_lexicon()
    documents = [item.story for item in judged]
    coders = {}
    for name, within in coder_readings(pipeline).items():
        with within():
            coders[name] = score_readings(judged, list(analyse_documents(pipeline, documents)), lexicon)
    rows = [row for item in judged for row in item.rows]
    return {
        "dataset": shown_folder(folder),
        "credit": "our own annotations of the events of news-2016 stories 0, 10, ..., 190 (judged/README.md)",
        "stories": len(judged),
        "event_rows": sum(row.kind == "event" for row in rows),
        "not_event_rows": sum(row.kind == "not_event" for row in rows),
        "coders": coders,
        "notes": [
            "an event matches a row whose trigger it overlaps, else an event row of its sentence with its root",
            "strict: source, target (country + first role; no side only where the row allows none), "
            "root and modality all right; precisions are over all output events",
            "recall: event rows matched by any output event (strict: by a strictly right one); "
            "rows removed by the cleaner count as missed",
        ],
        "seconds": round(time.perf_counter() - started, 1),
    }
