"""The learned event model at run time: sentences in, event probabilities, type and party spans out.

One encoder pass per sentence gives three heads (trained by ``tools/train_events.py``):

- ``quad``: ``none`` (no event) or the ConfliBERT class 0-4; its probabilities are calibrated
  with the manifest's temperature, so ``event_probability`` (one minus that of ``none``) is a
  probability, not a score;
- ``type``: the PLOVER type (the model's 15: YIELD stands for CONCEDE and RETREAT);
- ``tags``: BIO tags over source (S), target (T) and reciprocal (R) words, read back as
  character spans of the sentence.

:meth:`EventModel.encode` gives the same predictions with the encoder's token states beside
them (the last layer's, which the heads read, and the third layer's), so the attribution tagger
(:mod:`.attribution_model`) reads a sentence without a second encoder pass.

Sentences are read one at a time (:data:`BATCH`: a sentence's reading does not depend on the
sentences beside it; a larger batch is sorted by length). A sentence longer than the
encoder's window (:data:`MAX_LENGTH` word pieces) is cut there: what lies past the cut is not
read by the model and is left to the rules. An empty or one-word sentence is not read at all
(``None``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelFileError
from .runtime import FILES, checked_file, read_manifest, session

FORMAT = 1
MODEL_FILE = "events.onnx"
MANIFEST_FILE = "events.json"
TOKENIZER_FILE = "tokenizer.json"
MAX_LENGTH = 128
# Sentences per encoder run. One: the int8 model quantises its activations over the whole
# input, so a sentence read beside others comes out a little differently (a document's events
# would change with its other sentences); on this machine one at a time costs nothing measurable
# (745 sentences/s against 806 in batches of 32, 600 news sentences).
BATCH = 1
EVENT_OUTPUTS = ("quad_logits", "type_logits", "tag_logits")
STATES_OUTPUT = "hidden_states"
MIDDLE_OUTPUT = "middle_states"
STATE_OUTPUTS = (STATES_OUTPUT, MIDDLE_OUTPUT)
QUADS = ("none", "0", "1", "2", "3", "4")
TYPES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "COOPERATE",
    "AID",
    "YIELD",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)
# The quad of each type (CAMEO's: 02-05 verbal cooperation, 06-08 material cooperation, 09-13
# verbal conflict, 14-20 material conflict).
TYPE_QUAD = {
    **dict.fromkeys(("AGREE", "CONSULT", "SUPPORT"), "1"),
    **dict.fromkeys(("COOPERATE", "AID", "YIELD"), "2"),
    **dict.fromkeys(("REQUEST", "ACCUSE", "REJECT", "THREATEN"), "3"),
    **dict.fromkeys(("PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"), "4"),
}
TAGS = ("O", "B-S", "I-S", "B-T", "I-T", "B-R", "I-R")
ROLE_OF_LETTER = {"S": "source", "T": "target", "R": "reciprocal"}


@dataclass(frozen=True, slots=True)
class PartySpan:
    """A span the model tags as a party: ``role`` source, target or reciprocal; ``start``/``end``
    are offsets into the sentence given; ``score`` the mean probability of its tags."""

    role: str
    start: int
    end: int
    score: float


@dataclass(frozen=True, slots=True)
class SentencePrediction:
    """What the model reads in one sentence: the calibrated probabilities of each quad label
    (:data:`QUADS`) and of each type (:data:`TYPES`), the party spans, and whether the sentence
    was cut at the encoder's window."""

    quad_probs: np.ndarray
    type_probs: np.ndarray
    spans: tuple[PartySpan, ...]
    quad_logits: np.ndarray
    truncated: bool = False

    @property
    def quad(self) -> str:
        return QUADS[int(self.quad_probs.argmax())]

    @property
    def event_probability(self) -> float:
        """The probability that the sentence reports an event (one minus that of ``none``)."""
        return float(1.0 - self.quad_probs[0])

    @property
    def plover(self) -> str:
        return TYPES[int(self.type_probs.argmax())]

    def type_for(self, quad: str) -> tuple[str, float]:
        """The likeliest type of those in ``quad`` (a class 1-4) and its probability."""
        allowed = [i for i, name in enumerate(TYPES) if TYPE_QUAD[name] == quad]
        best = max(allowed, key=lambda i: float(self.type_probs[i]))
        return TYPES[best], float(self.type_probs[best])


@dataclass(frozen=True, slots=True)
class EncodedSentence:
    """A sentence as the encoder read it: the event heads' prediction, and for each word piece
    the model read (``[CLS]`` and ``[SEP]`` left out) its character span in the sentence, the
    index of the word it belongs to, and its states (``[pieces, 768]``: the last layer's 384
    values, then the third layer's)."""

    prediction: SentencePrediction
    states: np.ndarray
    offsets: tuple[tuple[int, int], ...]
    words: tuple[int, ...]

    @property
    def truncated(self) -> bool:
        return self.prediction.truncated


class EventModel:
    """The shipped event model, checked against its manifest and ready to run."""

    def __init__(self, folder: Path, threads: int | None = None) -> None:
        from tokenizers import Tokenizer

        self.folder = folder
        self.manifest = read_manifest(folder / MANIFEST_FILE, FORMAT)
        try:
            labels = self.manifest["labels"]
            if tuple(labels["quad"]) != QUADS or tuple(labels["type"]) != TYPES or tuple(labels["tags"]) != TAGS:
                raise ModelFileError(
                    f"{folder / MANIFEST_FILE}: the model's labels are not the ones this version reads "
                    f"(quad {list(QUADS)}, type {list(TYPES)}, tags {list(TAGS)})"
                )
            model_path = checked_file(folder, self.manifest["file"], self.manifest["sha256"], self.manifest["bytes"])
            tokenizer_path = checked_file(folder, self.manifest["tokenizer"], self.manifest["tokenizer_sha256"])
            self.temperature = float(self.manifest.get("calibration", {}).get("quad_temperature", 1.0))
        except KeyError as exc:
            raise ModelFileError(f"{folder / MANIFEST_FILE}: the manifest lacks {exc}") from None
        self.session = session(model_path, threads)
        try:
            self.tokenizer = Tokenizer.from_file(str(tokenizer_path))
        except Exception as exc:  # tokenizers raises a bare Exception for a bad file
            raise ModelFileError(f"{tokenizer_path}: not a tokenizer file ({exc})") from None
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        self.sep = self.tokenizer.token_to_id("[SEP]")

    @classmethod
    def load(cls, folder: Path | None = None, threads: int | None = None) -> EventModel:
        """The model in ``folder`` (default: the package's), its files checked."""
        return cls(folder or FILES, threads)

    @property
    def name(self) -> str:
        return f"events@{self.manifest['sha256'][:12]}"

    def predict(self, texts: Sequence[str], batch: int = BATCH) -> list[SentencePrediction | None]:
        """One prediction per text, in order; None for an empty or one-word text."""
        return [None if read is None else read[0] for read in self._run(texts, batch, EVENT_OUTPUTS)]

    def encode(self, texts: Sequence[str], batch: int = BATCH) -> list[EncodedSentence | None]:
        """What :meth:`predict` gives, with each sentence's token states (one encoder pass for
        both); None for an empty or one-word text. ModelFileError when the model file was
        exported without its states (an older ``events.onnx``)."""
        outputs = {output.name for output in self.session.get_outputs()}
        if not set(STATE_OUTPUTS) <= outputs:
            raise ModelFileError(
                f"{self.folder / self.manifest['file']}: the model file gives no encoder states "
                f"(outputs {sorted(outputs)}, expected also {list(STATE_OUTPUTS)}); run tools/expose_states.py"
            )
        encoded: list[EncodedSentence | None] = []
        for read in self._run(texts, batch, EVENT_OUTPUTS + STATE_OUTPUTS):
            if read is None:
                encoded.append(None)
                continue
            prediction, (hidden, middle), offsets, words = read
            # the word pieces of the text: [CLS] first, [SEP] last
            inner = slice(1, len(offsets) - 1)
            states = np.concatenate([hidden[inner], middle[inner]], axis=-1)
            encoded.append(EncodedSentence(prediction, states, tuple(offsets[inner]), tuple(words[inner])))
        return encoded

    def _run(
        self, texts: Sequence[str], batch: int, outputs: tuple[str, ...]
    ) -> list[tuple[SentencePrediction, list[np.ndarray], list[tuple[int, int]], list[int]] | None]:
        """Each text's prediction, its extra outputs (past the event heads'), the offsets of its
        word pieces as read and their word indices; None for an empty or one-word text."""
        results: list[Any] = [None] * len(texts)
        encoded: list[tuple[int, Any]] = []
        for index, text in enumerate(texts):
            if len(text.split()) < 2:
                continue
            encoded.append((index, self.tokenizer.encode(text)))
        encoded.sort(key=lambda item: len(item[1].ids))
        for first in range(0, len(encoded), batch):
            chunk = encoded[first : first + batch]
            width = min(MAX_LENGTH, max(len(e.ids) for _, e in chunk))
            ids = np.zeros((len(chunk), width), dtype=np.int64)
            mask = np.zeros((len(chunk), width), dtype=np.int64)
            for row, (_, encoding) in enumerate(chunk):
                piece = encoding.ids[:width]
                if len(encoding.ids) > width:
                    piece = [*piece[:-1], self.sep]
                ids[row, : len(piece)] = piece
                mask[row, : len(piece)] = 1
            quad, kind, tags, *extra = self.session.run(list(outputs), {"input_ids": ids, "attention_mask": mask})
            for row, (index, encoding) in enumerate(chunk):
                length = int(mask[row].sum())
                prediction = self._prediction(
                    quad[row], kind[row], tags[row, :length], encoding.offsets[:length], len(encoding.ids) > length
                )
                offsets = list(encoding.offsets[:length])
                if len(encoding.ids) > length:  # the cut: the last piece read is the [SEP] put there
                    offsets[-1] = (0, 0)
                words = [-1 if word is None else word for word in encoding.word_ids[:length]]
                results[index] = (prediction, [values[row, :length] for values in extra], offsets, words)
        return results

    def _prediction(
        self, quad: np.ndarray, kind: np.ndarray, tags: np.ndarray, offsets: list[tuple[int, int]], truncated: bool
    ) -> SentencePrediction:
        return SentencePrediction(
            quad_probs=_softmax(quad / self.temperature),
            type_probs=_softmax(kind),
            spans=_spans(_softmax(tags), offsets),
            quad_logits=quad.astype(np.float32),
            truncated=truncated,
        )


@cache
def shipped_model() -> EventModel:
    """The package's model, loaded once per process."""
    return EventModel.load()


def _softmax(values: np.ndarray) -> np.ndarray:
    shifted = values - values.max(axis=-1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=-1, keepdims=True)


def _spans(probs: np.ndarray, offsets: list[tuple[int, int]]) -> tuple[PartySpan, ...]:
    """The tagged spans: a run of B/I tags of one role over word pieces, joined into characters.
    A piece inside a word follows its word's first piece (a span never splits a word)."""
    best = probs.argmax(axis=-1)
    spans: list[PartySpan] = []
    current: list[Any] | None = None  # [role letter, start, end, scores]
    previous_end = -1
    for i, (start, end) in enumerate(offsets):
        if end <= start:  # [CLS], [SEP]
            continue
        tag = TAGS[int(best[i])]
        continues_word = start == previous_end
        previous_end = end
        if continues_word:
            # the rest of a word goes with its first piece, in a span or out of one
            if current is not None:
                current[2] = end
                current[3].append(float(probs[i, best[i]]))
            continue
        bio, _, letter = tag.partition("-")
        if current is not None and (bio != "I" or letter != current[0]):
            spans.append(PartySpan(ROLE_OF_LETTER[current[0]], current[1], current[2], _mean(current[3])))
            current = None
        if bio == "O":
            continue
        if current is None:
            current = [letter, start, end, [float(probs[i, best[i]])]]
        else:
            current[2] = end
            current[3].append(float(probs[i, best[i]]))
    if current is not None:
        spans.append(PartySpan(ROLE_OF_LETTER[current[0]], current[1], current[2], _mean(current[3])))
    return _joined(spans, offsets)


def _joined(spans: list[PartySpan], offsets: list[tuple[int, int]]) -> tuple[PartySpan, ...]:
    """Two spans of one role with only a space between them are one ("Two" + "Afghan soldiers"):
    a list of parties has a comma or a word between its members."""
    ends = {end for _, end in offsets}
    starts = {start for start, _ in offsets}
    joined: list[PartySpan] = []
    for span in spans:
        last = joined[-1] if joined else None
        gap = span.start - last.end if last is not None else -1
        if last is not None and last.role == span.role and gap == 1 and last.end in ends and span.start in starts:
            joined[-1] = PartySpan(span.role, last.start, span.end, round((last.score + span.score) / 2, 4))
        else:
            joined.append(span)
    return tuple(joined)


def _mean(values: list[float]) -> float:
    return round(sum(values) / len(values), 4)
