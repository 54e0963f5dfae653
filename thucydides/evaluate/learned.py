"""Rules, model and fused coder side by side on the fixed dev split of the labelled sentences.

Each dev sentence (:mod:`.training_sets`, :mod:`.split`) is read three ways: by the rule coder
alone, by the event model alone (its heads, no parse), and by the fused coder (the pipeline's
default). Each reading is one :class:`Reading`: the sentence's class (``none`` or 0-4), its
PLOVER type (as the model names types: YIELD for CONCEDE and RETREAT) and the source and target
spans. For a coder that outputs events, the reading is that of the sentence's most confident
event (as ``eval events`` picks it on the ConfliBERT file); for the model alone, its own heads.

Figures, for each reader:

- quad: accuracy and macro-F1 over the five event classes on the sentences a set labels with an
  event (``none`` is a miss), and the confusion over ``none`` and 0-4 (our own sentences bring
  the ``none`` rows);
- event presence: precision and recall of "this sentence reports an event";
- type: accuracy on the sentences with a gold PLOVER type (statements have none);
- type and both parties: the type right, the source span overlapping the gold source and the
  target the gold target, on sentences whose gold marks both;
- spans: source and target F1, exact (a leading article and trailing punctuation aside) and with
  any overlap, on the sentences whose gold marks parties.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..models.event_model import QUADS, SentencePrediction, shipped_model
from ..records import Event
from .actors import analyse_all
from .events import best_class_event, label_scores
from .scores import prf, ratio
from .split import DEV_FILE, is_dev
from .training_sets import LabelledSentence, model_type, read_all

_TRIM = frozenset({"the", "a", "an"})
READERS = ("rules", "model", "fused")


@dataclass(frozen=True, slots=True)
class Reading:
    """One reader's reading of one sentence: ``quad`` one of :data:`QUADS`; ``plover`` a model
    type or None; ``spans`` ``(role, start, end)`` of the parties (source, target)."""

    quad: str
    plover: str | None
    spans: tuple[tuple[str, int, int], ...]


NO_READING = Reading("none", None, ())


def model_reading(prediction: SentencePrediction | None) -> Reading:
    """The model's own reading: its likeliest class and type, its first source and target span."""
    if prediction is None:
        return NO_READING
    spans: list[tuple[str, int, int]] = []
    for role in ("source", "target"):
        span = next((s for s in prediction.spans if s.role == role), None)
        if span is not None:
            spans.append((role, span.start, span.end))
    quad = prediction.quad
    return Reading(quad, prediction.plover if quad not in ("none", "0") else None, tuple(spans))


def events_reading(events: Iterable[Event]) -> Reading:
    """A coder's reading: that of its most confident event (``none`` without one)."""
    best = best_class_event(events)
    if best is None:
        return NO_READING
    quad = "0" if best.cameo[:2] == "01" else str(best.quad_class)
    spans = tuple(
        (role, party.span[0], party.span[1])
        for role, party in (("source", best.source), ("target", best.target))
        if party is not None
    )
    return Reading(quad, model_type(best.plover), spans)


def score_readings(sentences: Sequence[LabelledSentence], readings: Sequence[Reading]) -> dict[str, Any]:
    """The figures of one reader's readings of ``sentences``."""
    quads: list[tuple[str, str]] = []
    types: list[tuple[str, str]] = []
    presence = Counter[str]()
    both = Counter[str]()
    spans = {role: Counter[str]() for role in ("source", "target")}
    for sentence, reading in zip(sentences, readings, strict=True):
        if sentence.quad is not None:
            quads.append((sentence.quad, reading.quad))
            gold_event = sentence.quad != "none"
            presence["gold"] += gold_event
            presence["predicted"] += reading.quad != "none"
            presence["right"] += gold_event and reading.quad != "none"
        if sentence.plover is not None and sentence.quad not in ("none", "0"):
            right = reading.plover == sentence.plover
            types.append((sentence.plover, reading.plover or "none"))
            golds = {role: [(s, e) for r, s, e in sentence.spans or () if r == role] for role in ("source", "target")}
            if golds["source"] and golds["target"]:
                both["judged"] += 1
                both["right"] += right and all(
                    any(_overlap(g, (s, e)) for g in golds[role] for r, s, e in reading.spans if r == role)
                    for role in ("source", "target")
                )
        if sentence.spans is not None and sentence.quad != "none":
            for role, counts in spans.items():
                gold = {_trimmed(sentence.text, s, e) for r, s, e in sentence.spans if r == role}
                guessed = {_trimmed(sentence.text, s, e) for r, s, e in reading.spans if r == role}
                counts["gold"] += len(gold)
                counts["predicted"] += len(guessed)
                counts["exact"] += len(gold & guessed)
                counts["overlap_gold"] += sum(any(_overlap(g, p) for p in guessed) for g in gold)
                counts["overlap_predicted"] += sum(any(_overlap(g, p) for g in gold) for p in guessed)
    quad_scores = label_scores(quads, list(QUADS))
    type_scores = label_scores(types, sorted({gold for gold, _ in types}))
    event_quads = [(gold, predicted) for gold, predicted in quads if gold != "none"]
    event_scores = label_scores(event_quads, list(QUADS[1:]))
    figures: dict[str, Any] = {
        "sentences": len(sentences),
        "event_sentences": presence["gold"],
        "quad_accuracy": event_scores["accuracy"],
        "quad_macro_f1": _macro(event_scores, QUADS[1:]),
        "event_precision": ratio(presence["right"], presence["predicted"]),
        "event_recall": ratio(presence["right"], presence["gold"]),
        "type_sentences": len(types),
        "type_accuracy": type_scores["accuracy"],
        "type_and_parties_sentences": both["judged"],
        "type_and_parties_accuracy": ratio(both["right"], both["judged"]),
    }
    for role, counts in spans.items():
        exact = prf(counts["exact"], counts["predicted"], counts["exact"], counts["gold"])
        overlap = prf(counts["overlap_predicted"], counts["predicted"], counts["overlap_gold"], counts["gold"])
        figures[f"{role}_spans"] = counts["gold"]
        figures[f"{role}_exact_f1"] = exact["f1"] or 0.0
        figures[f"{role}_overlap_f1"] = overlap["f1"] or 0.0
    figures["quad_confusion"] = quad_scores["confusion"]
    return figures


def side_by_side(
    sentences: Sequence[LabelledSentence], readers: dict[str, Callable[[Sequence[LabelledSentence]], list[Reading]]]
) -> dict[str, Any]:
    """Each reader's figures on ``sentences``, keyed by reader name."""
    return {name: score_readings(sentences, read(sentences)) for name, read in readers.items()}


def evaluate_dev(pipeline: Any, folder: Path) -> dict[str, Any]:
    """Rules, model and fused coder on the dev split of the labelled sentences in ``folder`` (and
    our own sentences): each reader's figures, the split's size and the model's name. The model
    is the pipeline's (its fused coder's), else the shipped one."""
    sentences = [sentence for sentence in read_all(folder) if is_dev(sentence.text)]
    stage = pipeline.events
    model = stage.fusion.model if getattr(stage, "fusion", None) is not None else shipped_model()

    def analysed(chosen: Sequence[LabelledSentence]) -> list[Reading]:
        keyed = [(f"dev:{number}", sentence.text) for number, sentence in enumerate(chosen)]
        return [events_reading(a.events) if a is not None else NO_READING for _, a in analyse_all(pipeline, keyed)]

    def rules(chosen: Sequence[LabelledSentence]) -> list[Reading]:
        with stage.rules_only():
            return analysed(chosen)

    def alone(chosen: Sequence[LabelledSentence]) -> list[Reading]:
        return [model_reading(p) for p in model.predict([sentence.text for sentence in chosen])]

    readers: dict[str, Callable[[Sequence[LabelledSentence]], list[Reading]]] = {"rules": rules, "model": alone}
    if getattr(stage, "fusion", None) is not None:
        readers["fused"] = analysed
    origins = Counter(origin.split(":", 1)[0] for sentence in sentences for origin in sentence.origins[:1])
    return {
        "split": f"thucydides/data/{DEV_FILE}",
        "sentences": len(sentences),
        "first_origin": dict(sorted(origins.items())),
        "model": model.name,
        "readers": side_by_side(sentences, readers),
    }


def _macro(scores: dict[str, Any], labels: Sequence[str]) -> float | None:
    """Macro-F1 over ``labels`` that have gold sentences (a label never predicted counts 0)."""
    values = [row["f1"] or 0.0 for label, row in scores["per_label"].items() if label in labels and row["gold"]]
    return round(sum(values) / len(values), 4) if values else None


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """A span without a leading article or trailing punctuation, for exact matching."""
    words = text[start:end]
    first = words.split(" ", 1)[0]
    if first.lower() in _TRIM and " " in words:
        start += len(first) + 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return start, end


def _overlap(first: tuple[int, int], second: tuple[int, int]) -> bool:
    return first[0] < second[1] and second[0] < first[1]
