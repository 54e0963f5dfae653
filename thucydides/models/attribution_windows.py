"""Which sentences the attribution tagger reads, and how they are grouped into windows.

A sentence is a **candidate** (:func:`is_candidate`) when it can hold an attribution: a word
whose lemma is a cue of ``data/cues.tsv`` ("said", "denies", "the claim") or a verb of stance
(:data:`STANCE_LEMMAS`: "backs", "voted for"), a quote mark, "according to", or a colon after a
name or a verb ("Smith: ...", "he added: ..."). A sentence inside a quotation that a
candidate opened (an odd number of quote marks before it in its paragraph) is read too: the
middle sentences of a long quotation carry no mark of their own.

The sentences read are grouped into **windows**: a run of consecutive sentences read in one
paragraph, at most :data:`WINDOW_PIECES` word pieces (a longer run is cut between sentences).
The encoder reads each sentence alone (the same pass as the event heads); the tagger reads a
window's sentences one after the other, so a content that runs over a sentence break is one
span. The filter's cost is measured by ``thucydides eval quotes`` (the share of gold
attributions whose content or cue lies in no window).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..records import Span

QUOTE_MARKS = frozenset('"\u201c\u201d\u00ab\u00bb')
# Verbs of stance and discourse that attribute a view without reporting speech ("backs the
# plan", "voted for", "mocked"): PolNeAR marks them as cues; the rules' lexicon does not list
# them, since they are not speech. Only the filter reads this list.
STANCE_LEMMAS = frozenset(
    "support oppose endorse back favor favour prefer praise mock slam blast attack criticize criticise "
    "vote choose want like love hate agree disagree protest thank discuss talk plan intend "
    "poll survey study show find suggest indicate estimate predict argue question challenge "
    "defend accuse blame dismiss doubt hope wish fear worry speak offer seem appear document detail "
    "express present link paint promote criticism critical opponent supporter concerned".split()
)
# Marks that set a speaker's name before the words (interview transcripts: "Smith: ...",
# "SMITH ― ...").
_SPEAKER_MARKS = frozenset({":", "\u2015", "\u2014"})
WINDOW_PIECES = 384
# Word pieces a sentence costs, guessed from its characters before it is tokenised (English
# news: about 4.4 characters a piece); only used to cut long runs of sentences.
_CHARS_PER_PIECE = 4.4


@cache
def cue_lemmas() -> frozenset[str]:
    """The lemmas of the cue lexicon (verbs and nouns alike)."""
    from ..quotes.cues import load_cues

    return frozenset(lemma for lemma, _pos in load_cues())


def is_candidate(sentence: Any) -> bool:
    """Whether a parsed sentence (a spaCy span) can hold an attribution: a cue or stance lemma,
    a quote mark, "according to", or a colon (or a dash of a transcript) after a proper noun, a
    verb or the sentence's first word."""
    lemmas = cue_lemmas() | STANCE_LEMMAS
    previous = None
    for token in sentence:
        if token.lemma_.lower() in lemmas or token.lower_ in lemmas:
            return True
        if any(char in QUOTE_MARKS for char in token.text):
            return True
        if token.lower_ == "to" and previous is not None and previous.lower_ == "according":
            return True
        if (
            token.text in _SPEAKER_MARKS
            and previous is not None
            and (previous.pos_ in ("PROPN", "VERB") or previous.is_sent_start)
        ):
            return True
        previous = token
    return False


@dataclass(frozen=True, slots=True)
class SentenceWindow:
    """Consecutive sentences of one paragraph the tagger reads together: their indices in the
    document's sentence list and their ``(start, end)`` character spans (trailing spacing out)."""

    sentences: tuple[int, ...]
    spans: tuple[Span, ...]


def windows(doc: Any, read: Sequence[bool] | None = None) -> list[SentenceWindow]:
    """The windows of a parsed document: the candidate sentences, those inside a quotation a
    candidate opened, grouped by paragraph. ``read`` (one flag a sentence) overrides the
    filter: all True gives every sentence."""
    sentences = list(doc.sents)
    text = doc.text
    flags = list(read) if read is not None else _read_flags(sentences, text)
    found: list[SentenceWindow] = []
    current: list[tuple[int, Span]] = []
    pieces = 0.0
    for index, sentence in enumerate(sentences):
        span = (sentence.start_char, sentence.start_char + len(sentence.text.rstrip()))
        cost = (span[1] - span[0]) / _CHARS_PER_PIECE
        joins = (
            flags[index]
            and current
            and current[-1][0] == index - 1
            and not _paragraph_break(text, current[-1][1][1], span[0])
            and pieces + cost <= WINDOW_PIECES
        )
        if current and not joins:
            found.append(_window(current))
            current, pieces = [], 0.0
        if flags[index] and span[1] > span[0]:
            current.append((index, span))
            pieces += cost
    if current:
        found.append(_window(current))
    return found


def _window(sentences: list[tuple[int, Span]]) -> SentenceWindow:
    return SentenceWindow(tuple(index for index, _ in sentences), tuple(span for _, span in sentences))


def _paragraph_break(text: str, end: int, start: int) -> bool:
    return "\n" in text[end:start]


def _read_flags(sentences: list[Any], text: str) -> list[bool]:
    """Candidates, and the sentences inside a quotation opened earlier in the paragraph."""
    flags: list[bool] = []
    open_quote = False
    previous_end = 0
    for sentence in sentences:
        if _paragraph_break(text, previous_end, sentence.start_char):
            open_quote = False
        candidate = is_candidate(sentence)
        flags.append(candidate or open_quote)
        marks = sum(char in QUOTE_MARKS for char in sentence.text)
        open_quote = open_quote != (marks % 2 == 1)
        previous_end = sentence.end_char
    return flags
