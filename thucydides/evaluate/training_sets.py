"""The labelled sentences the learned event model is trained and measured on, read into one shape.

Four sets in the shared data folder, and our own sentences, give one :class:`LabelledSentence`
each; a sentence found in several sets (about half of the PLOVER zero-shot sentences are also in
the ConfliBERT class file) becomes one, its labels merged:

- ConfliBERT classes (``cameo_class_train.tsv``): the quad class, 0-4;
- ConfliBERT spans (``cameo_ner_train.txt``): source, target and reciprocal spans;
- PLOVER zero-shot (``plover-zsp/PLV_train.tsv``): the PLOVER root type, the quad, and the marked
  source and target (``<s>…</s>``, ``<t>…</t>``);
- the PLOVER gold records: the type (v0.5 labels read as today's: see ``evaluate.events``) and
  the source and target actors' texts, found in the sentence;
- ``tools/training/own_sentences.tsv``: sentences we wrote, most of them reporting no event
  (quad ``none``), which none of the sets has.

Types are the model's: PLOVER's types with CONCEDE and RETREAT read as YIELD, as the zero-shot
set labels them. Each sentence also has a split, ``train`` or ``dev``, from the fixed split file
(:mod:`.split`).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import InputError
from ..models import event_model
from ..records import Span
from .readers import (
    CONFLIBERT_CLASS_FILE,
    CONFLIBERT_FILE,
    PLOVER_FILE,
    read_conflibert,
    read_conflibert_classes,
    read_plover,
)
from .split import sentence_key

PLV_FILE = Path("plover-zsp") / "PLV_train.tsv"
OWN_FILE = Path(__file__).resolve().parents[2] / "tools" / "training" / "own_sentences.tsv"
NO_EVENT = "none"
QUADS = event_model.QUADS
# The model's PLOVER types: the zero-shot set's, where YIELD covers CONCEDE and RETREAT.
MODEL_TYPES = event_model.TYPES
# Gold labels read as model types: PLOVER v0.5 names and the two types YIELD covers.
TYPE_ALIASES = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
    "CONCEDE": "YIELD",
    "RETREAT": "YIELD",
}
TYPE_QUAD = event_model.TYPE_QUAD
ROLES = ("source", "target", "reciprocal")
_MARK = re.compile(r"</?[st]>")


@dataclass(frozen=True, slots=True)
class LabelledSentence:
    """One sentence and what the sets say of it; a label a set does not give is None.

    ``quad``: one of :data:`QUADS` (``none``: no event). ``plover``: one of :data:`MODEL_TYPES`.
    ``spans``: ``(role, start, end)`` character spans, role one of :data:`ROLES`; None when no set
    marks the sentence's parties, ``()`` when a set says it has none. ``origins``: the sets it is
    in, each as ``file:line``."""

    text: str
    origins: tuple[str, ...]
    quad: str | None = None
    plover: str | None = None
    spans: tuple[tuple[str, int, int], ...] | None = None

    @property
    def key(self) -> str:
        return sentence_key(self.text)


def model_type(label: str | None) -> str | None:
    """A gold PLOVER label as a model type; None for none or a label the model does not have."""
    if not label or not label.strip():
        return None
    label = label.strip().upper()
    label = TYPE_ALIASES.get(label, label)
    return label if label in MODEL_TYPES else None


def read_all(folder: Path, own: Path | None = OWN_FILE) -> list[LabelledSentence]:
    """Every labelled sentence of the sets in ``folder`` (and ``own``, when the file exists),
    merged by sentence key, in the order first seen.

    Raises FileNotFoundError for a missing set, InputError for a malformed line."""
    sentences: Iterable[LabelledSentence] = [
        *_conflibert_classes(folder / CONFLIBERT_CLASS_FILE),
        *_conflibert_spans(folder / CONFLIBERT_FILE),
        *read_plv(folder / PLV_FILE),
        *_plover_records(folder / PLOVER_FILE),
        *(read_own(own) if own is not None and own.exists() else ()),
    ]
    return merge(sentences)


def merge(sentences: Iterable[LabelledSentence]) -> list[LabelledSentence]:
    """One sentence per key: the first text seen, every origin, and each label from the first set
    that gives it (classes, then spans, then zero-shot, then gold records, then ours)."""
    merged: dict[str, LabelledSentence] = {}
    for sentence in sentences:
        key = sentence.key
        known = merged.get(key)
        if known is None:
            merged[key] = sentence
            continue
        merged[key] = replace(
            known,
            origins=(*known.origins, *sentence.origins),
            quad=known.quad if known.quad is not None else sentence.quad,
            plover=known.plover if known.plover is not None else sentence.plover,
            spans=known.spans if known.spans is not None else _moved(sentence, known.text),
        )
    return list(merged.values())


def _moved(sentence: LabelledSentence, text: str) -> tuple[tuple[str, int, int], ...] | None:
    """``sentence``'s spans on ``text``, another spelling of the same words (the spans set is
    detokenised, so its spacing may differ): each span found by its words; None when one is not."""
    if sentence.spans is None or sentence.text == text:
        return sentence.spans
    moved = []
    for role, start, end in sentence.spans:
        found = find_words(text, sentence.text[start:end])
        if found is None:
            return None
        moved.append((role, *found))
    return tuple(moved)


def find_words(text: str, words: str) -> Span | None:
    """Where ``words`` are in ``text``, as whole words with any spacing (exact case first)."""
    parts = words.split()
    if not parts:
        return None
    pattern = r"(?<!\w)" + r"\s*".join(re.escape(part) for part in parts) + r"(?!\w)"
    for flags in (0, re.IGNORECASE):
        match = re.search(pattern, text, flags)
        if match:
            return match.span()
    return None


# --- the sets ---------------------------------------------------------------------------------


def _conflibert_classes(path: Path) -> Iterator[LabelledSentence]:
    for sentence in read_conflibert_classes(path):
        yield LabelledSentence(sentence.text, (f"{CONFLIBERT_CLASS_FILE}:{sentence.line}",), quad=str(sentence.label))


def _conflibert_spans(path: Path) -> Iterator[LabelledSentence]:
    for sentence in read_conflibert(path):
        spans = tuple((span.role, span.start, span.end) for span in sentence.spans)
        yield LabelledSentence(sentence.text, (f"{CONFLIBERT_FILE}:{sentence.line}",), spans=spans)


def read_plv(path: Path) -> Iterator[LabelledSentence]:
    """The zero-shot set's sentences: root type, quad and the marked source and target."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        missing = {"sentence", "marked_sentence", "gold_root", "gold_penta"} - set(rows.fieldnames or ())
        if missing:
            raise InputError(f"{path}:1", f"the header lacks {', '.join(sorted(missing))}")
        for number, row in enumerate(rows, start=2):
            where = f"{path}:{number}"
            quad = (row["gold_penta"] or "").strip()
            plover = model_type(row["gold_root"])
            if quad not in QUADS[1:] or plover is None:
                raise InputError(where, f"expected gold_penta 0-4 and gold_root one of {', '.join(MODEL_TYPES)}")
            text, spans = unmark(row["marked_sentence"] or "")
            if sentence_key(text) != sentence_key(row["sentence"] or ""):
                raise InputError(where, "marked_sentence is not the sentence with <s>/<t> marks")
            yield LabelledSentence(text, (f"{PLV_FILE}:{number}",), quad=quad, plover=plover, spans=spans)


def unmark(marked: str) -> tuple[str, tuple[tuple[str, int, int], ...]]:
    """The plain text of a ``<s>…</s> … <t>…</t>`` sentence and its source and target spans."""
    pieces: list[str] = []
    spans = []
    length = 0
    opened: dict[str, int] = {}
    position = 0
    for match in _MARK.finditer(marked):
        pieces.append(marked[position : match.start()])
        length += match.start() - position
        position = match.end()
        tag = match.group()
        role = "source" if "s" in tag else "target"
        if tag.startswith("</"):
            if role in opened:
                spans.append((role, opened.pop(role), length))
        else:
            opened[role] = length
    pieces.append(marked[position:])
    text = "".join(pieces)
    # marks sit beside spaces: trim each span to its words
    trimmed = []
    for role, start, end in spans:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            trimmed.append((role, start, end))
    return text, tuple(sorted(trimmed, key=lambda span: span[1]))


def _plover_records(path: Path) -> Iterator[LabelledSentence]:
    for number, record in enumerate(read_plover(path), start=1):
        plover = model_type(record.event)
        if plover is None:
            continue
        spans = []
        for actor in record.actors:
            found = find_words(record.text, actor.text)
            if found is not None:
                spans.append((actor.role, *found))
        yield LabelledSentence(
            record.text,
            (f"{PLOVER_FILE}:{record.id}#{number}",),
            quad=TYPE_QUAD[plover],
            plover=plover,
            spans=tuple(sorted(set(spans), key=lambda span: span[1])),
        )


def read_own(path: Path) -> Iterator[LabelledSentence]:
    """Our own sentences: ``sentence, quad, plover, source, target, note`` with a header; the
    source and target are the words as they stand in the sentence (empty: not named)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        for number, row in enumerate(rows, start=2):
            where = f"{path}:{number}"
            text = (row.get("sentence") or "").strip()
            quad = (row.get("quad") or "").strip()
            plover_label = (row.get("plover") or "").strip()
            plover = model_type(plover_label)
            if not text or quad not in QUADS or (plover_label and plover is None):
                raise InputError(
                    where, f"expected a sentence, quad one of {', '.join(QUADS)} and plover empty or a model type"
                )
            spans = []
            for role in ("source", "target"):
                words = (row.get(role) or "").strip()
                if not words:
                    continue
                found = find_words(text, words)
                if found is None:
                    raise InputError(where, f"the {role} {words!r} is not in the sentence")
                spans.append((role, *found))
            yield LabelledSentence(
                text,
                (f"{path.name}:{number}",),
                quad=quad,
                plover=plover,
                spans=tuple(sorted(spans, key=lambda span: span[1])),
            )
