"""Actors and people scored on our judged sample of real news (``judged/news-2016-actors``).

Each ``NNN.tsv`` file judges the story at position NNN of ``news-2016/articles.jsonl`` (the
format is in ``judged/README.md``). Every row is found in the cleaned text: its surface, with
the cleaner's quote normalisation, at its ``nth`` occurrence; a row whose surface does not
occur that often in the cleaned text was removed by the cleaner and counts as not output.

A coded mention is *judged* when it overlaps a row (a ``person`` row also covers the mentions
of the person record found there and of the records that split the person off, "Mr Putin"); of
several rows, the one it agrees with best. Then:

- country precision: of judged mentions whose code names a country, those whose country (first
  three letters, ``IGO``/``NGO``/``IMG`` alike) agrees with the row's; a row with ``---`` (the
  story does not say) is not judged for country; a mention on a ``not_actor``, ``byline`` or
  ``dateline`` row, or on a person row left uncoded, is wrong.
- sector precision: of judged mentions with a role, those whose first role is among the row's
  roles (a named group's roles as ``groups.tsv`` gives them, else the role codes in the code).
- actor recall: of ``actor`` rows, those overlapped by a coded mention (``actor_recall``) or by
  any mention, person or quote speaker (``actor_recall_any``).
- people found / coded: of ``person`` rows, those overlapped by a person record; of those with
  a code, the ones whose record's code agrees in country and first role.
- split people: person records, other than the one found at a judged person's row, whose name
  (titles dropped) is part of the judged name.
- bylines and datelines taken: of those rows, the ones overlapped by a person, any mention or a
  quote's speaker (the target is none).
- unjudged coded mentions: coded mentions overlapping no row (the annotators judged every actor
  and everything the project printed, so these are mostly new output to look at).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..actors.lexicon import UNKNOWN_COUNTRY, ActorLexicon, load_lexicon
from ..clean import clean_text
from ..records import Analysis, Person, Span
from .actors import MAX_EXAMPLES, CodedMention, actor_roles, analyse_documents, coded_mentions, country_key
from .readers import JUDGED_ARTICLES_FILE, JUDGED_KINDS, JudgedRow, JudgedStory, judged_files, read_judged, read_stories
from .scores import overlap, ratio

JUDGED_DIR = Path("judged") / "news-2016-actors"
ARTICLES_FILE = JUDGED_ARTICLES_FILE
KINDS = JUDGED_KINDS
# Rows that name no actor: any code on them is wrong.
_NO_ACTOR_KINDS = frozenset({"byline", "dateline", "not_actor"})
EXAMPLE_KINDS = (
    "wrong_country",
    "wrong_sector",
    "missed_actor",
    "missed_person",
    "wrong_person_code",
    "split_person",
    "taken_byline_dateline",
    "unjudged",
    "removed",
)


def default_judged_dir() -> Path:
    """``judged/news-2016-actors`` at the root of the repository this package sits in (absent
    when the package is installed: the folder is not shipped)."""
    return Path(__file__).resolve().parent.parent.parent / JUDGED_DIR


# --- locating ---------------------------------------------------------------------------------


def locate(text: str, surface: str, nth: int) -> Span | None:
    """The span of the ``nth`` occurrence of ``surface`` (quotes normalised as the cleaner does)
    in the cleaned ``text``; None when it occurs fewer times (the cleaner removed it)."""
    needle = clean_text(surface, remove_boilerplate=False).text
    start = -1
    for _ in range(nth):
        start = text.find(needle, start + 1)
        if start < 0:
            return None
    return (start, start + len(needle))


def locate_row(raw: str, removed: tuple[str, ...], text: str, surface: str, nth: int) -> Span | None:
    """The span in the cleaned ``text`` of the row's ``nth`` occurrence of ``surface``, counted in
    the story as written (``raw``, quotes and spaces normalised): None when that occurrence lies in
    a piece the cleaner removed (a dateline, a credit line); occurrences removed before it do not
    count in the cleaned text."""
    regions: list[Span] = []
    position = 0
    for piece in removed:
        at = raw.find(piece, position)
        if at >= 0:
            regions.append((at, at + len(piece)))
            position = at + len(piece)
    needle = clean_text(surface, remove_boilerplate=False).text
    starts: list[int] = []
    start = -1
    for _ in range(nth):
        start = raw.find(needle, start + 1)
        if start < 0:
            return locate(text, surface, nth)  # not found as written: fall back to the cleaned text
        starts.append(start)

    def inside(at: int) -> bool:
        return any(a <= at < b for a, b in regions)

    if inside(starts[-1]):
        return None
    return locate(text, surface, nth - sum(1 for at in starts[:-1] if inside(at)))


# --- gold codes -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Code:
    """A code read for comparison: its country key (None: no country) and its known roles."""

    code: str
    country: str | None
    roles: tuple[str, ...]

    @property
    def first_role(self) -> str | None:
        return self.roles[0] if self.roles else None


def read_code(code: str, lexicon: ActorLexicon, sectors: tuple[str, ...] = ()) -> Code:
    """``code`` split for comparison: a named group's code takes the group's roles, any code its
    three-letter role parts (``IRQKURMIL`` → ``MIL``); ``sectors`` (a coded actor's own) come
    first. Only role codes of ``roles.tsv`` count, and never the code's own first part."""
    groups = [role for group in lexicon.groups if group.code == code for role in group.sectors]
    parts = actor_roles(code, None)
    roles = [role for role in dict.fromkeys((*sectors, *groups, *parts)) if role in lexicon.roles and role != code[:3]]
    country = country_key(code) if code else None
    owner, community, _ = lexicon.community_in(code) if code else (None, None, "")
    if community is not None:
        country = owner  # "Kurdish fighters" KURREB claims no country; IRQKURREB claims Iraq
    return Code(code, None if country == UNKNOWN_COUNTRY else country, tuple(roles))


# --- scoring ----------------------------------------------------------------------------------


@dataclass(slots=True)
class JudgedTally:
    """Counts over the judged stories, and the first error examples of each kind."""

    stories: int = 0
    failed: int = 0
    rows: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    removed: int = 0
    coded: int = 0
    judged: int = 0
    country_judged: int = 0
    country_agree: int = 0
    sector_judged: int = 0
    sector_agree: int = 0
    actors_coded: int = 0
    actors_found: int = 0
    people_found: int = 0
    people_with_code: int = 0
    people_coded: int = 0
    split_people: int = 0
    taken: int = 0
    unjudged: int = 0
    examples: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {kind: [] for kind in EXAMPLE_KINDS})

    def example(self, error: str, **details: Any) -> None:
        if len(self.examples[error]) < MAX_EXAMPLES:
            self.examples[error].append(details)


@dataclass(frozen=True, slots=True)
class Located:
    """A row with its span in the cleaned text (None: removed) and, for a person row, the person
    record found there and the spans the row stands for (the record's and split records')."""

    row: JudgedRow
    span: Span | None
    person: Person | None = None
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class Story:
    """What the scorer needs of one analysed story."""

    position: int
    text: str
    coded: list[CodedMention]
    people: tuple[Person, ...]
    found: tuple[Span, ...]  # every mention, person mention and quote speaker span
    lexicon: ActorLexicon
    raw: str = ""  # the story as written, quotes and spaces normalised (rows count occurrences here)
    removed: tuple[str, ...] = ()


def story_of(judged: JudgedStory, analysis: Analysis | None, lexicon: ActorLexicon) -> Story:
    """The analysed story (an empty one when the pipeline failed on it)."""
    raw = clean_text(judged.story.text, remove_boilerplate=False).text
    if analysis is None:
        cleaned = clean_text(judged.story.text)
        return Story(judged.position, cleaned.text, [], (), (), lexicon, raw, cleaned.removed)
    found = [(mention.start, mention.end) for mention in analysis.mentions]
    found += [span for person in analysis.people for span in person.mentions]
    found += [quote.speaker.span for quote in analysis.quotes if quote.speaker and quote.speaker.span]
    return Story(
        judged.position,
        analysis.document.text,
        coded_mentions(analysis),
        analysis.people,
        tuple(found),
        lexicon,
        raw,
        analysis.document.removed,
    )


def score_story(judged: JudgedStory, story: Story, tally: JudgedTally) -> None:
    """Add one story's rows and coded mentions to ``tally``."""
    tally.stories += 1
    located = _locate_rows(judged, story, tally)
    _score_people(located, story, tally)
    splits = split_records(located, story)
    for person, row in splits:
        tally.split_people += 1
        _example(tally, "split_person", story, row, person=person.name, predicted=person.actor)
    _score_mentions(_with_person_spans(located, splits), story, tally)
    for item in located:
        if item.row.kind == "actor":
            _score_actor_row(item, story, tally)
        elif item.row.kind in ("byline", "dateline"):
            _score_byline(item, story, tally)


def _example(tally: JudgedTally, error: str, story: Story, row: JudgedRow, **details: Any) -> None:
    """An example of ``error``: the story's position, the row (kind, surface, gold code, file:line)."""
    tally.example(
        error, position=story.position, kind=row.kind, surface=row.surface, gold=row.code, where=row.where, **details
    )


def _locate_rows(judged: JudgedStory, story: Story, tally: JudgedTally) -> list[Located]:
    located = []
    for row in judged.rows:
        tally.rows[row.kind] += 1
        span = locate_row(story.raw, story.removed, story.text, row.surface, row.nth)
        if span is None:
            tally.removed += 1
            _example(tally, "removed", story, row)
        person = _person_at(span, story.people) if span and row.kind == "person" else None
        located.append(Located(row, span, person))
    return located


def _person_at(span: Span, people: tuple[Person, ...]) -> Person | None:
    """The person record with a mention overlapping ``span`` most (the first of equals)."""
    best, most = None, 0
    for person in people:
        shared = max((overlap(span, mention) for mention in person.mentions), default=0)
        if shared > most:
            best, most = person, shared
    return best


def _score_people(located: list[Located], story: Story, tally: JudgedTally) -> None:
    for item in located:
        if item.row.kind != "person":
            continue
        row, person = item.row, item.person
        if person is None:
            _example(tally, "missed_person", story, row, predicted=None)
        else:
            tally.people_found += 1
        if not row.code:
            continue
        tally.people_with_code += 1
        if person is not None and person_code_agrees(row.code, person.actor, story.lexicon):
            tally.people_coded += 1
        elif person is not None:
            _example(tally, "wrong_person_code", story, row, person=person.name, predicted=person.actor)


def person_code_agrees(gold: str, predicted: str | None, lexicon: ActorLexicon) -> bool:
    """The person record's code agrees with the row's in country (``---`` only with ``---``) and
    first role."""
    if not predicted:
        return False
    want, got = read_code(gold, lexicon), read_code(predicted, lexicon)
    return want.country == got.country and want.first_role == got.first_role


def _with_person_spans(located: list[Located], splits: list[tuple[Person, JudgedRow]]) -> list[Located]:
    """Each row with the spans it stands for: its own; a person row's also the mentions of its
    person record and of the records split off it (their later mentions are the same person)."""
    widened = []
    for item in located:
        spans: tuple[Span, ...] = (item.span,) if item.span else ()
        if item.person is not None:
            spans += item.person.mentions
            spans += tuple(span for person, row in splits if row is item.row for span in person.mentions)
        widened.append(Located(item.row, item.span, item.person, spans))
    return widened


def split_records(located: list[Located], story: Story) -> list[tuple[Person, JudgedRow]]:
    """Each person record that splits a judged person off (once), with the row it repeats."""
    matched = {id(item.person) for item in located if item.person is not None}
    splits: dict[int, tuple[Person, JudgedRow]] = {}
    for item in located:
        if item.person is None:
            continue
        for person in story.people:
            if (
                id(person) not in matched
                and id(person) not in splits
                and is_split(person.name, item.row.surface, story)
            ):
                splits[id(person)] = (person, item.row)
    return list(splits.values())


def is_split(name: str, judged_name: str, story: Story) -> bool:
    """True when ``name`` (leading titles dropped) is a run of the judged name's words."""
    part, whole = _name_words(name, story.lexicon), _name_words(judged_name, story.lexicon)
    return bool(part) and any(whole[i : i + len(part)] == part for i in range(len(whole) - len(part) + 1))


def _name_words(name: str, lexicon: ActorLexicon) -> list[str]:
    titles = {form for title in lexicon.titles for form in (title, title.rstrip("."))}
    words = clean_text(name, remove_boilerplate=False).text.split()
    while words and words[0] in titles:
        words = words[1:]
    return words


def _score_mentions(located: list[Located], story: Story, tally: JudgedTally) -> None:
    """Judge each coded mention on the row it overlaps and agrees with best; count the rest."""
    for mention in dict.fromkeys(story.coded):
        tally.coded += 1
        candidates = [item for item in located if any(overlap(mention.span, span) for span in item.spans)]
        if not candidates:
            tally.unjudged += 1
            tally.example("unjudged", position=story.position, mention=mention.text, predicted=mention.code)
            continue
        tally.judged += 1
        verdicts = {id(item): judge(item.row, mention, story.lexicon) for item in candidates}
        best = max(
            candidates,
            key=lambda item: (
                verdicts[id(item)][0] is not False,
                verdicts[id(item)][1] is not False,
                max(overlap(mention.span, span) for span in item.spans),
            ),
        )
        _count_verdict(best.row, mention, verdicts[id(best)], story, tally)


def judge(row: JudgedRow, mention: CodedMention, lexicon: ActorLexicon) -> tuple[bool | None, bool | None]:
    """(country right, sector right) of a coded mention on a row; None where it is not judged
    (no country or no role in the mention's code, ``---`` in the row's)."""
    got = read_code(mention.code, lexicon, mention.sectors)
    if row.kind in _NO_ACTOR_KINDS or not row.code:
        return (False if got.country else None, False if got.roles else None)
    want = read_code(row.code, lexicon)
    if mention.code == row.code:
        return (True if got.country else None, True if got.roles else None)
    country = None if got.country is None or want.country is None else got.country == want.country
    sector = None if got.first_role is None else got.first_role in want.roles
    return country, sector


def _count_verdict(
    row: JudgedRow, mention: CodedMention, verdict: tuple[bool | None, bool | None], story: Story, tally: JudgedTally
) -> None:
    country, sector = verdict
    if country is not None:
        tally.country_judged += 1
        tally.country_agree += country
        if not country:
            _example(tally, "wrong_country", story, row, mention=mention.text, predicted=mention.code)
    if sector is not None:
        tally.sector_judged += 1
        tally.sector_agree += sector
        if not sector:
            _example(tally, "wrong_sector", story, row, mention=mention.text, predicted=mention.code)


def _score_actor_row(item: Located, story: Story, tally: JudgedTally) -> None:
    span = item.span
    coded = [m for m in story.coded if span and overlap(m.span, span)]
    found = bool(coded) or any(span and overlap(other, span) for other in story.found)
    tally.actors_coded += bool(coded)
    tally.actors_found += found
    if not coded:
        _example(tally, "missed_actor", story, item.row, predicted=None, found_uncoded=found)


def _score_byline(item: Located, story: Story, tally: JudgedTally) -> None:
    span = item.span
    taken = [found for found in story.found if span and overlap(found, span)]
    if taken:
        tally.taken += 1
        text = story.text[min(s for s, _ in taken) : max(e for _, e in taken)]
        _example(tally, "taken_byline_dateline", story, item.row, mention=text)


# --- the evaluation ---------------------------------------------------------------------------


def judged_scores(tally: JudgedTally, folder: Path) -> dict[str, Any]:
    """The report of a judged tally (JSON-serialisable, figures to four decimals)."""
    people = tally.rows["person"]
    bylines = tally.rows["byline"] + tally.rows["dateline"]
    return {
        "dataset": shown_folder(folder),
        "credit": "our own annotations of news-2016 stories 0, 10, ..., 290 (judged/README.md)",
        "stories": tally.stories,
        "failed": tally.failed,
        "rows": dict(tally.rows),
        "removed_rows": tally.removed,
        "coded_mentions": tally.coded,
        "judged_mentions": tally.judged,
        "country_judged": tally.country_judged,
        "country_agree": tally.country_agree,
        "country_precision": ratio(tally.country_agree, tally.country_judged),
        "sector_judged": tally.sector_judged,
        "sector_agree": tally.sector_agree,
        "sector_precision": ratio(tally.sector_agree, tally.sector_judged),
        "actor_rows_coded": tally.actors_coded,
        "actor_rows_found": tally.actors_found,
        "actor_recall": ratio(tally.actors_coded, tally.rows["actor"]),
        "actor_recall_any": ratio(tally.actors_found, tally.rows["actor"]),
        "person_rows_found": tally.people_found,
        "people_found": ratio(tally.people_found, people),
        "person_rows_with_code": tally.people_with_code,
        "person_rows_coded": tally.people_coded,
        "people_coded": ratio(tally.people_coded, tally.people_with_code),
        "split_people": tally.split_people,
        "bylines_datelines": bylines,
        "bylines_datelines_taken_rows": tally.taken,
        "bylines_datelines_taken": ratio(tally.taken, bylines),
        "unjudged_coded_mentions": tally.unjudged,
        "notes": [
            "a coded mention is judged when it overlaps a row; a person row covers its person's later mentions",
            "country: first three code letters (an ethnic or religious code's country, if it names one); "
            "--- or a community code without a country on either side is not judged; a code on a "
            "byline, dateline, not_actor or uncoded person row is wrong",
            "sector: the mention's first role among the row's roles; rows removed by the cleaner count as not output",
            "bylines/datelines taken: the target is 0",
        ],
        "examples": tally.examples,
    }


def shown_folder(folder: Path) -> str:
    """The folder as the report names it: relative to the repository when it is inside it."""
    root = Path(__file__).resolve().parent.parent.parent
    try:
        return folder.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(folder)


def skip_reason(data: Path, folder: Path) -> str | None:
    """Why the judged sample cannot be scored (None when it can)."""
    if not (data / ARTICLES_FILE).is_file():
        return f"stories not found: {data / ARTICLES_FILE} (../shared is absent; pass --data)"
    if not folder.is_dir():
        return f"judged folder not found: {folder} (it is in the repository, not the package; pass --judged)"
    if not judged_files(folder):
        return f"no judged files (NNN.tsv) in {folder} yet"
    return None


def evaluate_judged(pipeline: Any, data: Path, folder: Path | None = None, *, limit: int | None = None) -> dict:
    """Scores on the judged sample in ``folder`` (default :func:`default_judged_dir`), the
    stories read from ``data``/news-2016/articles.jsonl with their publication dates; the first
    ``limit`` files. When the stories or the folder are absent: ``{"dataset", "skipped": reason}``.

    Raises InputError for a malformed judged file (file and line in the message).
    """
    folder = folder or default_judged_dir()
    reason = skip_reason(data, folder)
    if reason:
        return {"dataset": shown_folder(folder), "skipped": reason}
    started = time.perf_counter()
    judged = read_judged(folder, read_stories(data / ARTICLES_FILE), limit)
    lexicon = load_lexicon()
    tally = JudgedTally()
    by_id = {item.story.id: item for item in judged}
    for story_id, analysis in analyse_documents(pipeline, [item.story for item in judged]):
        tally.failed += analysis is None
        score_story(by_id[story_id], story_of(by_id[story_id], analysis, lexicon), tally)
    scores = judged_scores(tally, folder)
    scores["seconds"] = round(time.perf_counter() - started, 1)
    return scores
