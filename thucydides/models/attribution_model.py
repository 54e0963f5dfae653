"""The learned attribution tagger at run time: encoder states in, content, source and cue spans out.

The tagger is a small head (trained by ``tools/train_attribution.py``) over the event model's
encoder: it reads the token states :meth:`EventModel.encode <.event_model.EventModel.encode>`
gives for each sentence (the pass the event heads use), so it costs no encoder pass of its own.
A window (:mod:`.attribution_windows`: consecutive sentences of a paragraph) is read as one
sequence; for each word piece the head gives two tag sets:

- ``content``: ``O``, ``B-C`` (a content begins), ``I-C`` (goes on);
- ``role``: ``O``, ``B-S``/``I-S`` (the source), ``B-Q``/``I-Q`` (the cue).

Tags are read per word (a word's first piece decides). A content is a run of ``B-C``/``I-C``
words; an ``I-C`` run after a gap (a cue and a source in between: ``"...," he said, "..."``) is
a further part of the window's last content, as PolNeAR marks discontinuous contents. Short
or unsure contents are dropped (the manifest's ``decoding``).

The head was trained on one encoder's states: the manifest names that encoder's sha256, and a
head read with another encoder is refused (:class:`~thucydides.errors.ModelFileError`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelFileError
from ..records import Span
from . import event_model
from .event_model import EncodedSentence, EventModel
from .runtime import FILES, checked_file, read_manifest, session

FORMAT = 1
MODEL_FILE = "attribution.onnx"
MANIFEST_FILE = "attribution.json"
CONTENT_TAGS = ("O", "B-C", "I-C")
ROLE_TAGS = ("O", "B-S", "I-S", "B-Q", "I-Q")
ROLE_OF_LETTER = {"S": "source", "Q": "cue"}
INPUTS = (event_model.STATES_OUTPUT, event_model.MIDDLE_OUTPUT, "sentence_start")
STATE_WIDTH = 768
FEATURES = STATE_WIDTH + 1
# How spans are read from the tags unless the manifest says otherwise (``decoding``, chosen by
# tools/train_attribution.py on held-out train articles): an I-C run this close (characters)
# after the window's last content is its next part; a content shorter than ``min_chars`` or
# with a lower mean tag probability than ``min_score`` is dropped (fragments).
JOIN_GAP = 80
DECODING: dict[str, float] = {"join_gap": JOIN_GAP, "min_chars": 0, "min_score": 0.0}


@dataclass(frozen=True, slots=True)
class WindowInput:
    """One window as the tagger reads it: the pieces' features, character spans, and which of
    them begin a word."""

    features: np.ndarray
    offsets: tuple[Span, ...]
    word_starts: tuple[bool, ...]


@dataclass(frozen=True, slots=True)
class AttributionSpan:
    """A source or cue span: ``role`` ``source`` or ``cue``, offsets as given to the model,
    ``score`` the mean probability of its words' tags."""

    role: str
    start: int
    end: int
    score: float


@dataclass(frozen=True, slots=True)
class ContentSpan:
    """A content: its parts (sorted, disjoint) and the mean probability of its words' tags."""

    parts: tuple[Span, ...]
    score: float

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]


@dataclass(frozen=True, slots=True)
class WindowReading:
    """What the tagger reads in one window."""

    contents: tuple[ContentSpan, ...]
    sources: tuple[AttributionSpan, ...]
    cues: tuple[AttributionSpan, ...]

    def nearest(self, role: str, parts: tuple[Span, ...]) -> AttributionSpan | None:
        """The source (or cue) closest to ``parts`` by characters, outside them where one is;
        None when the window has none."""
        spans = self.sources if role == "source" else self.cues
        if not spans:
            return None

        def distance(span: AttributionSpan) -> tuple[int, int]:
            inside = any(start <= span.start and span.end <= end for start, end in parts)
            gap = min(max(start - span.end, span.start - end, 0) for start, end in parts)
            return (int(inside), gap)

        return min(spans, key=distance)


class AttributionModel:
    """The shipped attribution head, checked against its manifest and against the encoder whose
    states it reads."""

    def __init__(self, folder: Path, threads: int | None = None, encoder_sha256: str | None = None) -> None:
        self.folder = folder
        self.manifest = read_manifest(folder / MANIFEST_FILE, FORMAT)
        where = folder / MANIFEST_FILE
        try:
            labels = self.manifest["labels"]
            if tuple(labels["content"]) != CONTENT_TAGS or tuple(labels["role"]) != ROLE_TAGS:
                raise ModelFileError(
                    f"{where}: the tagger's labels are not the ones this version reads "
                    f"(content {list(CONTENT_TAGS)}, role {list(ROLE_TAGS)})"
                )
            if tuple(self.manifest["inputs"]) != INPUTS:
                raise ModelFileError(f"{where}: the tagger reads {self.manifest['inputs']}, expected {list(INPUTS)}")
            base = self.manifest["base"]
            if encoder_sha256 is None:
                encoder_sha256 = read_manifest(folder / base["file"].replace(".onnx", ".json"), event_model.FORMAT)[
                    "sha256"
                ]
            if base["sha256"] != encoder_sha256:
                raise ModelFileError(
                    f"{where}: the tagger was trained on the states of the encoder with sha256 {base['sha256']}, "
                    f"but the encoder given has sha256 {encoder_sha256}: retrain it with tools/train_attribution.py"
                )
            model_path = checked_file(folder, self.manifest["file"], self.manifest["sha256"], self.manifest["bytes"])
        except KeyError as exc:
            raise ModelFileError(f"{where}: the manifest lacks {exc}") from None
        self.decoding = {**DECODING, **self.manifest.get("decoding", {})}
        self.session = session(model_path, threads)

    @classmethod
    def load(
        cls, folder: Path | None = None, threads: int | None = None, encoder: EventModel | None = None
    ) -> AttributionModel:
        """The tagger in ``folder`` (default: the package's), its files checked, for the states of
        ``encoder`` (default: the event model manifest beside it)."""
        return cls(folder or FILES, threads, encoder.manifest["sha256"] if encoder is not None else None)

    @property
    def name(self) -> str:
        return f"attribution@{self.manifest['sha256'][:12]}"

    @staticmethod
    def window_inputs(sentences: Sequence[EncodedSentence | None], starts: Sequence[int]) -> WindowInput:
        """One window's input: the encoded sentences' states one after the other with a flag on
        each sentence's first piece, each piece's offsets shifted by its sentence's start, and
        whether it begins a word. A sentence not read (None) adds nothing."""
        blocks: list[np.ndarray] = []
        offsets: list[Span] = []
        word_starts: list[bool] = []
        for encoded, start in zip(sentences, starts, strict=True):
            if encoded is None:
                continue
            keep = [i for i, (a, b) in enumerate(encoded.offsets) if b > a]
            if not keep:
                continue
            block = np.zeros((len(keep), FEATURES), dtype=np.float32)
            block[:, :STATE_WIDTH] = encoded.states[keep]
            block[0, STATE_WIDTH] = 1.0
            blocks.append(block)
            offsets += [(encoded.offsets[i][0] + start, encoded.offsets[i][1] + start) for i in keep]
            word_starts += [i == keep[0] or encoded.words[i] != encoded.words[i - 1] for i in keep]
        if not blocks:
            return WindowInput(np.zeros((0, FEATURES), dtype=np.float32), (), ())
        return WindowInput(np.concatenate(blocks), tuple(offsets), tuple(word_starts))

    def predict(
        self,
        states: Sequence[np.ndarray],
        offsets: Sequence[Sequence[Span]],
        word_starts: Sequence[Sequence[bool]] | None = None,
    ) -> list[WindowReading]:
        """One reading per window: ``states[i]`` its pieces' features (``[pieces, 769]``, from
        :meth:`window_inputs`), ``offsets[i]`` their character spans, ``word_starts[i]`` which
        pieces begin a word (default: a piece not touching the one before). A window without
        pieces reads as nothing found."""
        readings: list[WindowReading] = []
        for index, (features, spans) in enumerate(zip(states, offsets, strict=True)):
            if len(spans) == 0:
                readings.append(WindowReading((), (), ()))
                continue
            content, role = self.session.run(
                ["content_logits", "role_logits"], {"features": features[None].astype(np.float32)}
            )
            starts = word_starts[index] if word_starts is not None else None
            readings.append(decode(_softmax(content[0]), _softmax(role[0]), list(spans), starts, **self.decoding))
        return readings

    def read(self, window: WindowInput) -> WindowReading:
        """The reading of one window built by :meth:`window_inputs`."""
        return self.predict([window.features], [window.offsets], [window.word_starts])[0]


@cache
def shipped_tagger() -> AttributionModel:
    """The package's tagger, loaded once per process, checked against the package's encoder."""
    return AttributionModel.load(encoder=event_model.shipped_model())


def decode(
    content: np.ndarray,
    role: np.ndarray,
    offsets: list[Span],
    word_starts: Sequence[bool] | None = None,
    join_gap: float = JOIN_GAP,
    min_chars: float = 0,
    min_score: float = 0.0,
) -> WindowReading:
    """Spans from per-piece tag probabilities (a word's first piece decides its tags)."""
    words = _words(offsets, word_starts)
    contents = tuple(
        found
        for found in _contents(content, words, join_gap)
        if sum(end - start for start, end in found.parts) >= min_chars and found.score >= min_score
    )
    return WindowReading(contents, *_roles(role, words))


def _words(offsets: list[Span], word_starts: Sequence[bool] | None) -> list[tuple[int, int, int]]:
    """(first piece, start, end) of each word; without ``word_starts`` a piece that starts where
    the last one ended goes on the same word."""
    words: list[tuple[int, int, int]] = []
    previous_end = -1
    for index, (start, end) in enumerate(offsets):
        begins = word_starts[index] if word_starts is not None else start != previous_end
        if words and not begins:
            first, word_start, _ = words[-1]
            words[-1] = (first, word_start, end)
        else:
            words.append((index, start, end))
        previous_end = end
    return words


def _contents(probs: np.ndarray, words: list[tuple[int, int, int]], join_gap: float) -> tuple[ContentSpan, ...]:
    best = probs.argmax(axis=-1)
    found: list[tuple[list[list[int]], list[float]]] = []  # (parts, scores) of each content
    inside = False
    for first, start, end in words:
        tag = CONTENT_TAGS[int(best[first])]
        score = float(probs[first, best[first]])
        if tag == "O":
            inside = False
            continue
        if inside and tag == "I-C":
            found[-1][0][-1][1] = end
        elif tag == "I-C" and found and start - found[-1][0][-1][1] <= join_gap:
            found[-1][0].append([start, end])  # the content goes on after a cue or a source
        else:
            found.append(([[start, end]], []))
        found[-1][1].append(score)
        inside = True
    return tuple(
        ContentSpan(tuple((a, b) for a, b in parts), round(sum(scores) / len(scores), 4)) for parts, scores in found
    )


def _roles(
    probs: np.ndarray, words: list[tuple[int, int, int]]
) -> tuple[tuple[AttributionSpan, ...], tuple[AttributionSpan, ...]]:
    best = probs.argmax(axis=-1)
    spans: list[AttributionSpan] = []
    current: list[Any] | None = None  # [letter, start, end, scores]
    for first, start, end in words:
        bio, _, letter = ROLE_TAGS[int(best[first])].partition("-")
        score = float(probs[first, best[first]])
        if current is not None and (bio != "I" or letter != current[0]):
            spans.append(_role_span(current))
            current = None
        if bio == "O":
            continue
        if current is None:
            current = [letter, start, end, [score]]
        else:
            current[2] = end
            current[3].append(score)
    if current is not None:
        spans.append(_role_span(current))
    return (
        tuple(span for span in spans if span.role == "source"),
        tuple(span for span in spans if span.role == "cue"),
    )


def _role_span(current: list[Any]) -> AttributionSpan:
    letter, start, end, scores = current
    return AttributionSpan(ROLE_OF_LETTER[letter], start, end, round(sum(scores) / len(scores), 4))


def _softmax(values: np.ndarray) -> np.ndarray:
    shifted = values - values.max(axis=-1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=-1, keepdims=True)
