"""Quotes: who said, claimed, believed or denied what, with the words and the speaker resolved.

The passes, in order:

1. Transcript lines: a paragraph opening with a speaker and a colon ("WALLACE: Will she be
   there?", "Pence: ..."); a place or country before a colon is a dateline, not a speaker.
2. ``direct``: words inside quote marks (``"`` or a doubled apostrophe) with the cue verb and
   speaker of their sentence (``"...," says X``; ``X said: "..."``); a quote split around its cue
   is one quote; a quotation with no cue that opens the next sentence, or reopens the quotation
   in the next paragraph, runs on with the same speaker. A quotation that is only part of a
   reported clause makes that clause ``mixed``.
3. ``indirect`` (and ``mixed``): a cue verb with its clause ("Mohmand says the best outcome ...
   is to negotiate an exit"), a cue set inside its content ("..., say analysts, ..."),
   "according to X", a passive agent ("It is widely alleged by Pakistani officials that ..."),
   "accused X of ...", appeals ("urged X to ...", "called for ..."), objects of reporting verbs
   ("denied the report") and nominal cues ("its security chiefs' fears that ...").

The speaker is resolved through the actors stage: a person (and their actor), an actor, the
actor a pronoun stands for (the subject of a sentence before), or an anonymous source ("a senior
Western diplomat", "critics") with its description. A statement with no speaker in the text
("It is widely suspected that ...") keeps ``speaker: null``.

Unbalanced quote marks never stop the document: an opening mark with no closing mark in its
paragraph runs to the end of that paragraph, as news writing does when the next paragraph
reopens the quotation.

The parts: finding contents and cues (:mod:`.finding`, which runs :mod:`.transcripts`,
:mod:`.direct` and :mod:`.reported`) gives :class:`~.document.Draft` quotes whose speaker is
still a phrase; :mod:`.speakers` resolves that phrase; :class:`QuoteStage` numbers the drafts
and makes the :class:`~thucydides.records.Quote` records. The passes share one
:class:`~.document.QuoteDocument`, which holds the state they hand on to each other. The cue
lexicon is :mod:`.cues`; quote marks and span trimming are :mod:`.marks`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from spacy.tokens import Doc

from ..models.attribution_model import WindowReading
from ..records import Mention, Person, Quote
from .cues import clause_cues, load_cues, object_cues
from .document import Draft, QuoteDocument
from .finding import find_drafts
from .fusion import fuse
from .marks import quote_marks
from .speakers import resolve_speaker

__all__ = [
    "Draft",
    "QuoteDocument",
    "QuoteStage",
    "clause_cues",
    "find_drafts",
    "load_cues",
    "object_cues",
    "quote_marks",
    "quote_record",
    "resolve_speaker",
]


class QuoteStage:
    """Finds the quotes of one parsed document: the rules', fused with the attribution tagger's
    reading of its windows when ``fusing`` (:mod:`.fusion`). Stateless: safe to share."""

    def __init__(self, fusing: bool = False) -> None:
        self.cues = load_cues()
        self.fusing = fusing

    @contextmanager
    def rules_only(self) -> Iterator[None]:
        """Within the block, the rules alone (to measure them beside the fused quotes)."""
        fusing, self.fusing = self.fusing, False
        try:
            yield
        finally:
            self.fusing = fusing

    def __call__(
        self,
        doc: Doc,
        mentions: Sequence[Mention],
        people: Sequence[Person],
        sentence_starts: Sequence[int],
        readings: Sequence[WindowReading] = (),
    ) -> tuple[Quote, ...]:
        document = QuoteDocument(doc, self.cues, mentions, people, sentence_starts)
        drafts = find_drafts(document)
        if self.fusing and readings:
            drafts = fuse(document, drafts, readings)
        return tuple(quote_record(document, number, draft) for number, draft in enumerate(drafts, start=1))


def quote_record(document: QuoteDocument, number: int, draft: Draft) -> Quote:
    """The ``number``-th quote of the document, its speaker resolved and the actors it is about."""
    text = document.text
    spans = tuple(draft.spans)
    content = " ".join(text[s:e] for s, e in spans)
    speaker = resolve_speaker(document, draft.speaker)
    about = tuple(dict.fromkeys(m.actor for m in document.mention_index.within_any(spans) if m.actor))
    cue = draft.cue
    return Quote(
        id=f"q{number}",
        kind=draft.kind,
        content=content,
        spans=spans,
        cue_text=cue.text if cue is not None else None,
        cue_span=(cue.idx, cue.idx + len(cue.text)) if cue is not None else None,
        speaker=speaker,
        sentence=document.sentence_number(spans[0][0]),
        cue_type=draft.cue_type,
        about=about,
        coded_by=draft.coded_by,
        confidence=draft.confidence,
    )
