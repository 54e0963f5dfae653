"""What the quote passes share: the document as they read it (:class:`QuoteDocument`) and the
quote each pass proposes before its speaker is resolved (:class:`Draft`).

The passes run in order on one :class:`QuoteDocument`, and two parts of it change as they go:
``marks`` loses the quotations inside transcript lines once those are found (they are transcript
content, not quotations to attribute again), and ``used_cues`` gains each cue a pass has given
its statement, so a later pass does not attribute it twice. Both changes go through this object,
never through module state, so what a pass sees is what the passes before it left here.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ..records import Mention, Person
from ..spans import SpanIndex, span_index
from .marks import quote_marks


@dataclass(slots=True)
class Draft:
    """A quote found in the text, its speaker still a phrase: what finding contents and cues gives
    and resolving the speaker takes."""

    kind: str  # "direct", "indirect" or "mixed"
    spans: list[tuple[int, int]]  # character spans of the content
    cue: Token | None
    cue_type: str | None
    speaker: Span | None  # the phrase that names the speaker, as written
    marks: list[tuple[int, int]] = field(default_factory=list)  # the quotations the quote is made of
    coded_by: str = "rules"  # or "model", "both" (:mod:`.fusion`)
    confidence: float | None = None  # the tagger's, when it read the content

    def add(self, quotation: tuple[int, int]) -> None:
        """A further quoted stretch of the same quote (split around its cue, or running on)."""
        self.spans.append(quotation)
        self.marks.append(quotation)


class QuoteDocument:
    """One parsed document as the quote passes read it, with the state they pass on to each other."""

    def __init__(
        self,
        doc: Doc,
        cues: Mapping[tuple[str, str], str],
        mentions: Sequence[Mention],
        people: Sequence[Person],
        sentence_starts: Sequence[int],
    ) -> None:
        self.doc = doc
        self.text = doc.text
        self.cues = cues
        self.mentions = sorted(mentions, key=lambda m: (m.start, -m.end))
        self.mention_index = SpanIndex(self.mentions, lambda m: (m.start, m.end))
        self.people = {p.id: p for p in people}
        self.sentence_starts = list(sentence_starts)  # character offsets
        self.marks = quote_marks(self.text)
        self.mark_index = span_index(self.marks)
        self.used_cues: set[int] = set()  # token indexes of the cues already given a statement

    def set_aside_marks_within(self, spans: Sequence[tuple[int, int]]) -> None:
        """Drop the quotations that lie inside ``spans`` (transcript lines) from ``marks``."""
        within = span_index(spans)
        self.marks = [m for m in self.marks if not any(s <= m[0] and m[1] <= e + 1 for s, e in within.overlapping(*m))]
        self.mark_index = span_index(self.marks)

    def cue_type(self, token: Token) -> str | None:
        """The cue type of a verb or noun in the cue lexicon; None for any other word."""
        if token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB"):
            return self.cues.get((token.lemma_.lower(), "verb"))
        if token.pos_ == "NOUN":
            return self.cues.get((token.lemma_.lower(), "noun"))
        return None

    def sentence_start(self, char: int) -> int:
        index = bisect.bisect_right(self.sentence_starts, char) - 1
        return self.sentence_starts[max(index, 0)]

    def sentence_end(self, char: int) -> int:
        index = bisect.bisect_right(self.sentence_starts, char)
        return self.sentence_starts[index] if index < len(self.sentence_starts) else len(self.text)

    def sentence_number(self, char: int) -> int:
        return bisect.bisect_right(self.sentence_starts, char) - 1

    def tokens_between(self, start: int, end: int) -> Iterable[Token]:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return span if span is not None else ()
