"""Events scored on two labelled sets: the PLOVER type of each gold record, and the CAMEO class
of each ConfliBERT sentence.

PLOVER (``plover/PLOVER_GSR_CAMEO.json``, OEDA, CC BY-SA 4.0): each record is one sentence
written for one event, its type the record's ``event`` label. The v0.5 labels are read as the
PLOVER types the project codes with (the CAMEO-to-PLOVER table of 2021): DEMAND → REQUEST,
DISAPPROVE → ACCUSE, FIGHT → ASSAULT, and INVESTIGATE → ACCUSE, which that table folds into
ACCUSE (mode ``investigate``) so no event can carry it.

- the record's predicted type is the PLOVER type of its best event. Only events with a PLOVER
  type take part (CAMEO 01 statements have none; they are counted apart). The best is the one
  whose trigger lies on a gold ``(EVT: ...)`` phrase of the markup, else nearest to one; among
  equals the one on the earlier phrase, then the earlier trigger. When no phrase is found in
  the text, the first event in the text.
- accuracy: right types over all records (no event is wrong); precision: over the records with
  an event; coverage: the share of records with one. Per type P/R/F1 over records, macro-F1
  over the gold types, and the confusion of gold × predicted type (``none``: no event).
- source and target, on the records whose type is right: the best event's party agrees with a
  gold actor of that role when the country codes agree (as ``eval actors`` compares them: old
  codes such as JAP read as JPN) and, where the gold gives a sector, that sector is among the
  party's roles. Records without a gold actor in the role are not judged.
- flood: events per record, and the share of typed events whose type is not the gold type. A
  GSR sentence is written for one event, but its markup often marks several, so the share is an
  upper bound of the false events.

ConfliBERT (``confliBERT-cameo/cameo_class_train.tsv``, Multi-CoPED/ConfliBERT, GPL-3): each
sentence carries one of five classes, 0 for CAMEO 01 statements and 1-4 for the quad classes.

- an event's class: 0 for CAMEO root 01, else its ``quad_class``.
- the sentence's predicted class: that of the event with the highest ``confidence``; ties go to
  the higher class (material conflict first, statements last: of two events read with equal
  confidence, a coder labels the sentence by the more consequential one), then to the earlier
  trigger. No event: ``none``.
- accuracy (``none`` is wrong), macro-F1 over the gold classes (a class never predicted has F1
  0; ``none`` is a miss for recall), the confusion of gold × predicted class including ``none``,
  coverage, and precision on the sentences with an event. Every sentence is labelled with an
  event, so coverage is the recall of event presence; the file has no sentence without an
  event, so false events cannot be measured on it.

On both sets the predicted events are also counted by modality.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..clean import clean_text
from ..records import Actor, Analysis, Document, Event, EventParty, Span
from .actors import CodedMention, actor_roles, analyse_all, countries_agree, gold_sector_key, sectors_agree
from .commands import eval_command
from .readers import (
    CONFLIBERT_CLASS_FILE,
    CONFLIBERT_CLASSES,
    PLOVER_FILE,
    ClassSentence,
    GoldActor,
    PloverRecord,
    read_conflibert_classes,
    read_plover,
    require_file,
)
from .scores import DIGITS, prf, ratio

MAX_EXAMPLES = 10
NO_EVENT = "none"
ASSERTED = "asserted"
PLOVER_CREDIT = "PLOVER gold standard records, Open Event Data Alliance, CC BY-SA 4.0"
CONFLIBERT_CREDIT = "ConfliBERT CAMEO classes, from the Multi-CoPED work (AIES 2022), GPL-3"
# PLOVER v0.5 labels in the gold file, read as the types of the 2021 CAMEO-to-PLOVER table.
OLD_PLOVER_TYPES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT", "INVESTIGATE": "ACCUSE"}
_EXPECTED_FILES = (PLOVER_FILE, CONFLIBERT_CLASS_FILE)

# GSR markup: "(EVT: agreed)", "(SRC/TAR: Hungarian)", "(LOC:in (TAR: Serbia))".
_EVT_MARK = re.compile(r"\(EVT:\s*")
_MARK = re.compile(r"\([A-Z]{3}(?:/[A-Z]{3})*:\s*")
# An EVT phrase ends at its closing mark, at a nested mark, or at the stray brace one record has.
_EVT_END = re.compile(r"[(){}]")


# --- labels -----------------------------------------------------------------------------------


def plover_type(label: str | None) -> str | None:
    """The PLOVER type of a gold label: ``DEMAND`` → ``REQUEST`` (see :data:`OLD_PLOVER_TYPES`),
    other labels as they are; None for no label."""
    if not label or not label.strip():
        return None
    label = label.strip().upper()
    return OLD_PLOVER_TYPES.get(label, label)


def event_class(event: Event) -> int:
    """The ConfliBERT class of an event: 0 for a CAMEO 01 statement, else its quad class (1-4)."""
    return 0 if event.cameo[:2] == "01" else event.quad_class


# --- the gold event phrases -------------------------------------------------------------------


def evt_phrases(markup: str) -> list[tuple[str, int]]:
    """The ``(EVT: ...)`` phrases of a GSR markup, in order, each with where it would begin in
    the plain text: its offset once the marks before it are taken out (an estimate, since a
    mark's closing parenthesis looks like one of the text's). A phrase ends at its closing mark
    or at a nested one: "(EVT: thwarted (LOC: in ...))" gives "thwarted"."""
    phrases = []
    for match in _EVT_MARK.finditer(markup):
        rest = markup[match.end() :]
        end = _EVT_END.search(rest)
        phrase = " ".join(rest[: end.start() if end else len(rest)].split())
        if not phrase:
            continue
        before = markup[: match.start()]
        marks = _MARK.findall(before)
        position = len(before) - sum(len(mark) for mark in marks) - min(len(marks), before.count(")"))
        phrases.append((phrase, max(0, position)))
    return phrases


def evt_spans(text: str, markup: str | None) -> list[Span]:
    """Where the markup's EVT phrases are in ``text`` (the cleaned text), in markup order.

    A phrase matches as whole words with any spacing, case-sensitively first and then in any
    case; of several matches the one nearest where the markup puts it. Phrases not found are
    left out; no markup gives none."""
    spans: list[Span] = []
    for phrase, position in evt_phrases(markup or ""):
        words = clean_text(phrase, remove_boilerplate=False).text.split()
        pattern = r"(?<!\w)" + r"\s+".join(re.escape(word) for word in words) + r"(?!\w)"
        for flags in (0, re.IGNORECASE):
            found = [match.span() for match in re.finditer(pattern, text, flags)]
            if found:
                spans.append(min(found, key=lambda span: abs(span[0] - position)))
                break
    return spans


def distance(first: Span, second: Span) -> int:
    """0 when two spans share a character, else the characters between them plus one."""
    gap = max(first[0], second[0]) - min(first[1], second[1])
    return 0 if gap < 0 else gap + 1


# --- the best event ---------------------------------------------------------------------------


def best_plover_event(events: Iterable[Event], gold_spans: Sequence[Span]) -> Event | None:
    """The event whose PLOVER type stands for the record: of the events with a type, the one on
    or nearest a gold EVT span (ties: the earlier span, then the earlier trigger); without gold
    spans the first in the text. None when no event has a PLOVER type."""
    typed = [event for event in events if event.plover]
    if not typed:
        return None
    if not gold_spans:
        return min(typed, key=lambda event: event.trigger_span[0])

    def rank(event: Event) -> tuple[int, int, int]:
        distances = [distance(event.trigger_span, span) for span in gold_spans]
        nearest = min(distances)
        return nearest, distances.index(nearest), event.trigger_span[0]

    return min(typed, key=rank)


def best_class_event(events: Iterable[Event]) -> Event | None:
    """The event whose class stands for the sentence: the highest confidence, ties to the higher
    class, then to the earlier trigger. None when there is no event."""
    return min(
        events,
        key=lambda event: (-event.confidence, -event_class(event), event.trigger_span[0]),
        default=None,
    )


# --- sources and targets ----------------------------------------------------------------------


def party_mention(party: EventParty | None, actors: dict[str, Actor]) -> CodedMention | None:
    """An event party as a coded mention (its code and roles); None when it has no code."""
    if party is None:
        return None
    code = party.actor or party.country
    if not code:
        return None
    return CodedMention(party.span[0], party.span[1], party.text, code, actor_roles(code, actors.get(code)))


def party_agrees(golds: Sequence[GoldActor], party: EventParty | None, actors: dict[str, Actor]) -> tuple[bool, bool]:
    """``(country agrees, country and sector agree)`` against the best of ``golds``: the sector
    is judged only where the gold gives one (``***``, unknown, is not judged)."""
    mention = party_mention(party, actors)
    if mention is None:
        return False, False
    country = full = False
    for gold in golds:
        if countries_agree(gold, mention):
            country = True
            full = full or gold_sector_key(gold.sector) is None or sectors_agree(gold, mention) is not False
    return country, full


# --- label scores -----------------------------------------------------------------------------


def label_scores(pairs: Sequence[tuple[str, str]], labels: Sequence[str]) -> dict[str, Any]:
    """Scores of ``(gold, predicted)`` label pairs (predicted :data:`NO_EVENT` for none).

    Gives accuracy, precision on the pairs with a prediction, coverage, P/R/F1 per label (over
    ``labels`` and any other label that occurs), macro-F1 over the labels with gold pairs (a
    label never predicted has F1 0), and the confusion ``{gold: {predicted: count}}``: a row for
    each of ``labels`` and any other gold label, a column for every label and ``none`` last.
    Every figure is None when its denominator is 0.
    """
    seen = list(labels)
    for gold, predicted in pairs:
        for label in (gold, predicted):
            if label != NO_EVENT and label not in seen:
                seen.append(label)
    gold_counts = Counter(gold for gold, _ in pairs)
    predicted_counts = Counter(predicted for _, predicted in pairs)
    right = Counter(gold for gold, predicted in pairs if gold == predicted)
    covered = sum(predicted != NO_EVENT for _, predicted in pairs)
    per_label = {
        label: {
            "gold": gold_counts[label],
            "predicted": predicted_counts[label],
            "correct": right[label],
            **prf(right[label], predicted_counts[label], right[label], gold_counts[label]),
        }
        for label in seen
    }
    # F1 = 2·right / (gold + predicted), unrounded so the mean is not off by rounding
    f1s = [2 * right[label] / (gold_counts[label] + predicted_counts[label]) for label in seen if gold_counts[label]]
    macro = sum(f1s) / len(f1s) if f1s else None
    cells = Counter(pairs)
    confusion = {
        gold: {predicted: cells[(gold, predicted)] for predicted in [*seen, NO_EVENT]}
        for gold in seen
        if gold in labels or gold_counts[gold]
    }
    return {
        "accuracy": ratio(sum(right.values()), len(pairs)),
        "precision": ratio(sum(right.values()), covered),
        "coverage": ratio(covered, len(pairs)),
        "macro_f1": None if macro is None else round(macro, DIGITS),
        "correct": sum(right.values()),
        "with_event": covered,
        "per_label": per_label,
        "confusion": confusion,
    }


# --- PLOVER -----------------------------------------------------------------------------------


@dataclass(slots=True)
class Examples:
    """The first error examples of each kind."""

    kinds: dict[str, list[dict[str, Any]]]

    def add(self, kind: str, **details: Any) -> None:
        if len(self.kinds[kind]) < MAX_EXAMPLES:
            self.kinds[kind].append(details)


@dataclass(slots=True)
class PartyTally:
    judged: int = 0
    country: int = 0
    agree: int = 0


@dataclass(slots=True)
class PloverEventTally:
    """Counts gathered over the PLOVER records."""

    records: int = 0
    failed: int = 0
    pairs: list[tuple[str, str]] = field(default_factory=list)
    relabelled: int = 0
    gold_modes: Counter[str] = field(default_factory=Counter)
    evt_phrases: int = 0
    evt_located: int = 0
    records_located: int = 0
    with_any_event: int = 0
    events: int = 0
    plover_events: int = 0
    off_type_events: int = 0
    modality: Counter[str] = field(default_factory=Counter)
    parties: dict[str, PartyTally] = field(default_factory=lambda: {"source": PartyTally(), "target": PartyTally()})
    examples: Examples = field(
        default_factory=lambda: Examples({"no_event": [], "wrong_type": [], "wrong_source": [], "wrong_target": []})
    )


def score_plover_record(record: PloverRecord, analysis: Analysis, tally: PloverEventTally) -> None:
    """Add one record's gold type and predicted events to ``tally``."""
    text = analysis.document.text
    gold = plover_type(record.event) or NO_EVENT
    tally.records += 1
    tally.relabelled += (record.event or "").strip().upper() in OLD_PLOVER_TYPES
    if record.mode:
        tally.gold_modes[record.mode] += 1
    tally.evt_phrases += len(evt_phrases(record.markup or ""))
    gold_spans = evt_spans(text, record.markup)
    tally.evt_located += len(gold_spans)
    tally.records_located += bool(gold_spans)
    events = analysis.events
    typed = [event for event in events if event.plover]
    tally.with_any_event += bool(events)
    tally.events += len(events)
    tally.plover_events += len(typed)
    tally.off_type_events += sum(event.plover != gold for event in typed)
    tally.modality.update(event.modality for event in events)
    best = best_plover_event(events, gold_spans)
    predicted = best.plover if best is not None and best.plover else NO_EVENT
    tally.pairs.append((gold, predicted))
    if best is None:
        tally.examples.add("no_event", id=record.id, gold=gold, events=len(events), text=text)
        return
    if predicted != gold:
        tally.examples.add(
            "wrong_type",
            id=record.id,
            gold=gold,
            predicted=predicted,
            cameo=best.cameo,
            trigger=best.trigger_text,
            text=text,
        )
        return
    actors = {actor.id: actor for actor in analysis.actors}
    for role, party in (("source", best.source), ("target", best.target)):
        golds = [actor for actor in record.actors if actor.role == role]
        if not golds:
            continue
        country, agree = party_agrees(golds, party, actors)
        counts = tally.parties[role]
        counts.judged += 1
        counts.country += country
        counts.agree += agree
        if not agree:
            tally.examples.add(
                f"wrong_{role}",
                id=record.id,
                gold=[actor.code + (actor.sector or "") for actor in golds],
                predicted=(party.actor or party.country) if party else None,
                words=party.text if party else None,
                text=text,
            )


def plover_event_scores(tally: PloverEventTally) -> dict[str, Any]:
    """The report of a PLOVER tally (JSON-serialisable, figures to four decimals)."""
    gold_types = Counter(gold for gold, _ in tally.pairs)
    scores = label_scores(tally.pairs, sorted(gold_types))
    modality = dict(sorted(tally.modality.items()))
    report: dict[str, Any] = {
        "dataset": PLOVER_FILE.as_posix(),
        "credit": PLOVER_CREDIT,
        "records": tally.records,
        "failed": tally.failed,
        "accuracy": scores["accuracy"],
        "precision": scores["precision"],
        "coverage": scores["coverage"],
        "macro_f1": scores["macro_f1"],
        "correct": scores["correct"],
        "with_event": scores["with_event"],
        "with_any_event": tally.with_any_event,
    }
    for role, counts in tally.parties.items():
        report |= {
            f"{role}_judged": counts.judged,
            f"{role}_agreement": ratio(counts.agree, counts.judged),
            f"{role}_country_agreement": ratio(counts.country, counts.judged),
        }
    return report | {
        "events": tally.events,
        "plover_events": tally.plover_events,
        "statement_events": tally.events - tally.plover_events,
        "events_per_record": ratio(tally.events, tally.records),
        "plover_events_per_record": ratio(tally.plover_events, tally.records),
        "off_type_events": tally.off_type_events,
        "off_type_share": ratio(tally.off_type_events, tally.plover_events),
        "asserted_events": tally.modality[ASSERTED],
        "other_modality_events": tally.events - tally.modality[ASSERTED],
        "modality": modality,
        "evt_phrases": tally.evt_phrases,
        "evt_located": tally.evt_located,
        "records_with_located_evt": tally.records_located,
        "relabelled": tally.relabelled,
        "records_with_gold_mode": sum(tally.gold_modes.values()),
        "gold_modes": dict(sorted(tally.gold_modes.items())),
        "gold_types": dict(sorted(gold_types.items())),
        "per_type": scores["per_label"],
        "confusion": scores["confusion"],
        "notes": [
            "gold types: v0.5 labels read as 2021 PLOVER types: "
            + ", ".join(f"{old}→{new}" for old, new in OLD_PLOVER_TYPES.items()),
            "a record's type is that of its best typed event: on or nearest a gold (EVT: ...) phrase, "
            "else the first; CAMEO 01 statements have no PLOVER type and are counted apart",
            "accuracy over all records (no event is wrong); precision over records with an event",
            "source/target on records of the right type: country codes agree (JAP=JPN), and the sector "
            "where the gold gives one",
            "off-type share: typed events whose type is not the gold type; the markup often marks "
            "several events in a sentence, so this bounds the false events from above",
            "gold modes (PLOVER's mode of a type, e.g. restrict, heavy-weapons) are counted, not scored; "
            "the file marks no negation",
        ],
        "examples": tally.examples.kinds,
    }


def evaluate_plover_events(pipeline: Any, records: list[PloverRecord]) -> dict[str, Any]:
    """PLOVER event scores: type accuracy, precision, coverage, per-type P/R/F1, confusion,
    source/target agreement and the flood of extra events."""
    tally = PloverEventTally()
    # keyed by position: record ids repeat in the GSR file (PLOVER-GSR01-COERCE-0004 names two)
    by_key = {f"{number}:{record.id}": record for number, record in enumerate(records)}
    for key, analysis in analyse_all(pipeline, ((key, record.text) for key, record in by_key.items())):
        record = by_key[key]
        if analysis is None:
            tally.failed += 1
            analysis = _empty_analysis(key, record.text)
        score_plover_record(record, analysis, tally)
    return plover_event_scores(tally)


# --- ConfliBERT -------------------------------------------------------------------------------


@dataclass(slots=True)
class ClassTally:
    """Counts gathered over the ConfliBERT class sentences."""

    sentences: int = 0
    failed: int = 0
    pairs: list[tuple[str, str]] = field(default_factory=list)
    events: int = 0
    modality: Counter[str] = field(default_factory=Counter)
    examples: Examples = field(default_factory=lambda: Examples({"no_event": [], "wrong_class": []}))


def score_sentence(sentence: ClassSentence, events: Sequence[Event], tally: ClassTally) -> None:
    """Add one sentence's gold class and predicted events to ``tally``."""
    tally.sentences += 1
    tally.events += len(events)
    tally.modality.update(event.modality for event in events)
    best = best_class_event(events)
    gold = str(sentence.label)
    predicted = NO_EVENT if best is None else str(event_class(best))
    tally.pairs.append((gold, predicted))
    if best is None:
        tally.examples.add("no_event", line=sentence.line, gold=gold, text=sentence.text)
    elif predicted != gold:
        tally.examples.add(
            "wrong_class",
            line=sentence.line,
            gold=gold,
            predicted=predicted,
            cameo=best.cameo,
            trigger=best.trigger_text,
            text=sentence.text,
        )


def class_scores(tally: ClassTally) -> dict[str, Any]:
    """The report of a ConfliBERT class tally (JSON-serialisable, figures to four decimals)."""
    scores = label_scores(tally.pairs, [str(label) for label in CONFLIBERT_CLASSES])
    gold_classes = Counter(gold for gold, _ in tally.pairs)
    return {
        "dataset": CONFLIBERT_CLASS_FILE.as_posix(),
        "credit": CONFLIBERT_CREDIT,
        "sentences": tally.sentences,
        "failed": tally.failed,
        "accuracy": scores["accuracy"],
        "macro_f1": scores["macro_f1"],
        "precision": scores["precision"],
        "coverage": scores["coverage"],
        "event_presence_recall": scores["coverage"],
        "correct": scores["correct"],
        "with_event": scores["with_event"],
        "events": tally.events,
        "events_per_sentence": ratio(tally.events, tally.sentences),
        "asserted_events": tally.modality[ASSERTED],
        "other_modality_events": tally.events - tally.modality[ASSERTED],
        "modality": dict(sorted(tally.modality.items())),
        "classes": {str(label): name for label, name in CONFLIBERT_CLASSES.items()},
        "gold_classes": {str(label): gold_classes[str(label)] for label in CONFLIBERT_CLASSES},
        "per_class": scores["per_label"],
        "confusion": scores["confusion"],
        "notes": [
            "an event's class: 0 for CAMEO root 01, else its quad class; a sentence's class is that of "
            "its most confident event, ties to the higher class, then the earlier trigger",
            "accuracy over all sentences (no event is wrong); macro-F1 over the gold classes, no event "
            "a miss for recall; precision over the sentences with an event",
            "every sentence in the file is labelled with an event: coverage is the recall of event "
            "presence; the file has no negative sentences, so false-event precision cannot be measured on it",
        ],
        "examples": tally.examples.kinds,
    }


def evaluate_conflibert_classes(pipeline: Any, sentences: list[ClassSentence]) -> dict[str, Any]:
    """ConfliBERT class scores: accuracy, macro-F1, confusion, coverage and precision."""
    tally = ClassTally()
    by_id = {f"conflibert-class:{sentence.line}": sentence for sentence in sentences}
    for doc_id, analysis in analyse_all(pipeline, ((doc_id, sentence.text) for doc_id, sentence in by_id.items())):
        if analysis is None:
            tally.failed += 1
        score_sentence(by_id[doc_id], analysis.events if analysis else (), tally)
    return class_scores(tally)


# --- both -------------------------------------------------------------------------------------


def evaluate_events(pipeline: Any, folder: Path, limit: int | None = None) -> dict[str, Any]:
    """Events scored on PLOVER and ConfliBERT classes (first ``limit`` records of each), with the
    data sets' sizes, the command that reproduces the figures and the model used.

    Raises FileNotFoundError when ``folder`` or a data file in it is missing, InputError for a
    malformed record.
    """
    plover_path = require_file(folder, PLOVER_FILE, "the PLOVER gold records (a JSON list)", _EXPECTED_FILES)
    class_path = require_file(folder, CONFLIBERT_CLASS_FILE, "ConfliBERT 'SENTENCE<TAB>LABEL' lines", _EXPECTED_FILES)
    started = time.perf_counter()
    plover = evaluate_plover_events(pipeline, read_plover(plover_path, limit))
    conflibert = evaluate_conflibert_classes(pipeline, read_conflibert_classes(class_path, limit))
    command = eval_command("events", folder, limit=limit)
    report = {
        "command": command,
        "model": getattr(pipeline, "model_name", "?"),
        "coder": "learned" if getattr(getattr(pipeline, "events", None), "fusion", None) is not None else "rules",
        "plover": plover,
        "conflibert": conflibert,
    }
    report["seconds"] = round(time.perf_counter() - started, 1)
    return report


def _empty_analysis(doc_id: str, text: str) -> Analysis:
    """A failed document scores as one with no events, on the text as the cleaner gives it."""
    return Analysis(Document(doc_id, "", clean_text(text).text), ())
