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
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from types import MappingProxyType

from spacy.tokens import Doc, Span, Token

from .errors import DataError
from .records import Mention, Person, Quote, Speaker
from .spans import SpanIndex, span_index

_QUOTE = '"'
_MARK = re.compile("\"|''")
_MARK_CHARS = " \n\"'"
_MIN_DIRECT_WORDS = 4  # shorter quoted words are scare quotes or fragments, not a statement
_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_ANONYMOUS_HEADS = frozenset(
    "source sources official officials critic critics analyst analysts expert experts observer observers "
    "diplomat diplomats resident residents witness witnesses people many some others insider insiders "
    "aide aides spokesman spokeswoman spokesperson person someone chief chiefs commander commanders".split()
)
_CUE_TYPES = frozenset({"speech", "cognition", "allegation", "denial", "appeal"})
# Labels that open a paragraph with a colon but name no speaker.
_NOT_SPEAKERS = frozenset(
    {"update", "note", "editor's note", "correction", "watch", "read", "photos", "video", "related"}
)
_PRONOUN_REACH = 3  # sentences a pronoun may look back for what it stands for
_TRIMMED = ' \n,;:"'  # what a content span never starts or ends with
_SENTENCE_ENDS = ' \n,;:".'
_PRONOUNS = frozenset({"it", "he", "she", "they", "we", "i"})


@cache
def load_cues() -> Mapping[tuple[str, str], str]:
    """``(lemma, pos) -> cue type`` from ``data/cues.tsv``."""
    return MappingProxyType({(row[0], row[1]): row[2] for row in _cue_rows()})


@cache
def object_cues() -> frozenset[str]:
    """Verbs whose object, when it is itself a statement, is what is said ("denied the report")."""
    return frozenset(row[0] for row in _cue_rows() if row[1] == "verb" and row[3])


@cache
def clause_cues() -> frozenset[str]:
    """Verbs whose content must be a that-clause ("found that ...", not "saw the convoy approach")."""
    return frozenset(row[0] for row in _cue_rows() if row[1] == "verb" and row[4])


def _cue_rows() -> list[tuple[str, str, str, bool, bool]]:
    text = resources.files("thucydides").joinpath("data", "cues.tsv").read_text("utf-8")
    lines = [
        (n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip() and not line.startswith("#")
    ]
    rows = []
    for number, line in lines[1:]:
        cells = [cell.strip() for cell in line.split("\t")]
        if len(cells) < 5 or cells[2] not in _CUE_TYPES:
            raise DataError(
                f"data/cues.tsv, line {number}: expected lemma, pos, type ({', '.join(sorted(_CUE_TYPES))}), "
                "object, clause, note"
            )
        rows.append((cells[0], cells[1], cells[2], cells[3] == "yes", cells[4] == "that"))
    return rows


@dataclass(slots=True)
class _Draft:
    kind: str
    spans: list[tuple[int, int]]  # character spans of the content
    cue: Token | None
    cue_type: str | None
    speaker: Span | None
    marks: list[tuple[int, int]] = field(default_factory=list)

    def add(self, quotation: tuple[int, int]) -> None:
        """A further quoted stretch of the same quote (split around its cue, or running on)."""
        self.spans.append(quotation)
        self.marks.append(quotation)


class QuoteStage:
    """Finds the quotes of one parsed document. Stateless: safe to share."""

    def __init__(self) -> None:
        self.cues = load_cues()

    def __call__(
        self, doc: Doc, mentions: Sequence[Mention], people: Sequence[Person], sentence_starts: Sequence[int]
    ) -> tuple[Quote, ...]:
        finder = _Finder(doc, self.cues, mentions, people, sentence_starts)
        return finder.quotes()


class _Finder:
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
        self.used_cues: set[int] = set()

    # -- the three passes ---------------------------------------------------------------------

    def quotes(self) -> tuple[Quote, ...]:
        """Transcript lines first, then quotations, then reported speech, in text order."""
        drafts = self._colon_quotes()
        transcript = [span for draft in drafts for span in draft.spans]
        in_transcript = span_index(transcript)
        self.marks = [
            m for m in self.marks if not any(s <= m[0] and m[1] <= e + 1 for s, e in in_transcript.overlapping(*m))
        ]
        self.mark_index = span_index(self.marks)
        drafts += self._direct()
        drafts += self._indirect(drafts)
        for draft in drafts:
            draft.spans = [
                span for span in (self._balanced(*_trim(self.text, *raw)) for raw in draft.spans) if span[1] > span[0]
            ]
        drafts = sorted((d for d in drafts if d.spans), key=lambda d: d.spans[0])
        return tuple(self._record(number, draft) for number, draft in enumerate(drafts, start=1))

    def _balanced(self, start: int, end: int) -> tuple[int, int]:
        """Keep the closing mark of a quotation the span opens ("... was "holding for now"")."""
        if self.text[start:end].count(_QUOTE) % 2 == 1:
            closing = self.text.find(_QUOTE, end, end + 3)
            if closing != -1:
                return start, closing + 1
        return start, end

    def _utterance(self, start: int, end: int) -> bool:
        """A short quotation that is a whole utterance: '"Never again," he said', 'X said:
        "Never again."' (not a few quoted words inside a sentence)."""
        inside = self.text[start:end].rstrip()
        before = self.text[max(0, start - 3) : start].rstrip(_MARK_CHARS).rstrip()
        return inside.endswith((",", ".", "?", "!")) or before.endswith(":")

    def _split_openings(self) -> set[int]:
        """Starts of the short first parts of quotes split around their cue ("Is it," says
        Siddiqa, "less to do with ..."): kept although short."""
        openings = set()
        for (start, end), (next_start, _) in zip(self.marks, self.marks[1:], strict=False):
            gap = self.text[end + 1 : next_start - 1].strip("'")
            continued = self.text[start:end].rstrip().endswith(",") or gap.lstrip().startswith(",")
            if (
                continued
                and len(gap.split()) <= 10
                and "\n" not in gap
                and any(self._cue_type(t) for t in self._tokens_between(end + 1, next_start - 1))
            ):
                openings.add(start)
        return openings

    def _direct(self) -> list[_Draft]:
        drafts: list[_Draft] = []
        split_openings = self._split_openings()
        for start, end in self.marks:
            previous = drafts[-1] if drafts else None
            cue = self._cue_for_quote(start, end)
            short = len(self.text[start:end].split()) < _MIN_DIRECT_WORDS
            if short and start not in split_openings and not (cue is not None and self._utterance(start, end)):
                if (
                    previous is not None
                    and previous.kind == "direct"
                    and cue is None
                    and self._runs_on(previous, start)
                ):
                    previous.add((start, end))  # a short sentence that carries the quote on
                continue  # otherwise a fragment: part of reported speech (mixed) or a scare quote
            if cue is None and previous is not None and self._runs_on(previous, start):
                previous.add((start, end))
                continue
            if cue is not None and previous is not None and previous.cue is not None and previous.cue.i == cue.i:
                previous.add((start, end))  # "Is it," says Siddiqa, "less to do ..."
                continue
            speaker = self._speaker_of(cue) if cue is not None else None
            cue_type = self._cue_type(cue) if cue is not None else None
            if cue is not None:
                self.used_cues.add(cue.i)
            clause = self._reported_clause(cue, start, end) if cue is not None else None
            if clause is not None:  # says that Islamabad was "party to ...": reported, with a quotation
                drafts.append(_Draft("mixed", [clause], cue, cue_type, speaker, marks=[(start, end)]))
                continue
            drafts.append(_Draft("direct", [(start, end)], cue, cue_type, speaker, marks=[(start, end)]))
        return drafts

    def _indirect(self, direct: list[_Draft]) -> list[_Draft]:
        quoted = span_index([span for draft in direct for span in draft.marks])  # transcripts count as quoted
        drafts: list[_Draft] = []
        for token in self.doc:
            if token.i in self.used_cues or (token.lower_ != "according" and self._cue_type(token) is None):
                continue  # the cheap test first: most words are no cue
            if quoted.holds(token.idx):
                continue
            draft = self._attribution(token)
            if draft is None or not draft.spans:
                continue
            start, end = draft.spans[0][0], draft.spans[-1][1]
            if any((min(e, end) - max(s, start)) > (e - s) // 2 for s, e in quoted.overlapping(start, end)):
                continue  # the clause is a direct quote already found with its cue
            draft.kind = "mixed" if self.mark_index.overlapping(start, end) else "indirect"
            drafts.append(draft)
            self.used_cues.add(token.i)
        return drafts

    # -- cues and their content ---------------------------------------------------------------

    def _cue_type(self, token: Token) -> str | None:
        if token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB"):
            return self.cues.get((token.lemma_.lower(), "verb"))
        if token.pos_ == "NOUN":
            return self.cues.get((token.lemma_.lower(), "noun"))
        return None

    def _attribution(self, token: Token) -> _Draft | None:
        """The statement ``token`` attributes, if it is a cue with a content clause."""
        if token.lower_ == "according" and any(c.lower_ == "to" for c in token.children):
            return self._according_to(token)
        cue_type = self._cue_type(token)
        if cue_type is None:
            return None
        if token.pos_ == "NOUN":
            return self._nominal(token, cue_type)
        clause = next((c for c in token.children if c.dep_ == "ccomp"), None)
        if clause is not None and token.lemma_.lower() in clause_cues() and not _has_that(clause):
            return None  # "saw the convoy approaching" reports no statement
        if clause is None and token.lemma_.lower() in ("accuse", "blame", "charge"):
            return self._accusation(token, cue_type)
        if clause is None:
            return self._object_content(token, cue_type) or self._parenthetical(token, cue_type)
        span = _subtree_span(clause)
        return _Draft("indirect", [span], token, cue_type, self._speaker_of(token))

    def _object_content(self, token: Token, cue_type: str) -> _Draft | None:
        """ "urged both India and Pakistan to agree to ...", "denied the report": what is said is
        the object (with the infinitive of an appeal)."""
        called = self._call_for(token)
        if called is not None:
            return called
        target = next((c for c in token.children if c.dep_ == "dobj"), None)
        if target is None or target.pos_ == "PRON":
            return None
        infinitive = next((c for c in token.children if c.dep_ in ("xcomp", "oprd") and c.i > target.i), None)
        if infinitive is not None and token.lemma_.lower() in ("tell", "call"):
            # "told his advisers to find ...", "called the plan a disaster"
            span = (target.left_edge.idx, _end_char(infinitive.right_edge))
            kind = "appeal" if token.lemma_.lower() == "tell" and infinitive.dep_ == "xcomp" else cue_type
            return _Draft("indirect", [_trim(self.text, *span)], token, kind, self._speaker_of(token))
        if cue_type == "appeal" and infinitive is not None:
            span = (target.left_edge.idx, _end_char(infinitive.right_edge))
        elif token.lemma_.lower() in object_cues() and cue_type != "appeal":
            span = _subtree_span(target)
        else:
            return None
        return _Draft("indirect", [_trim(self.text, *span)], token, cue_type, self._speaker_of(token))

    def _call_for(self, token: Token) -> _Draft | None:
        """ "called for a ceasefire", "called on both sides to talk": an appeal."""
        if token.lemma_.lower() != "call":
            return None
        for prep in token.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("for", "on", "upon"):
                continue
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if pobj is None or pobj.ent_type_ in ("DATE", "TIME"):
                continue  # "called the president on Tuesday"
            if prep.lower_ != "for" and not any(c.dep_ == "xcomp" for c in (*token.children, *pobj.children)):
                continue  # "called on both sides to talk" needs the infinitive
            last = max((c for c in token.rights if c.i > prep.i and not c.is_punct), key=lambda c: c.i, default=pobj)
            end = last.right_edge if prep.lower_ != "for" else pobj.right_edge
            span = _trim(self.text, pobj.left_edge.idx, _end_char(end))
            return _Draft("indirect", [span], token, "appeal", self._speaker_of(token))
        return None

    def _colon_quotes(self) -> list[_Draft]:
        """Transcripts and headlines: "WALLACE: Will she be there?", "Pence: Trump was mocking ..."."""
        drafts = []
        offset = 0
        for paragraph in self.text.split("\n\n"):
            name, colon, rest = paragraph.partition(":")
            words = name.split()
            if (
                colon
                and rest.strip()
                and 1 <= len(words) <= 4
                and name.strip().lower() not in _NOT_SPEAKERS
                and all(word[:1].isupper() for word in words)
                and self._names_someone(offset, offset + len(name.rstrip()), name)
            ):
                start = offset + len(name) + 1
                if self._reports_itself(start, offset + len(paragraph)):
                    offset += len(paragraph) + 2
                    continue  # "ISLAMABAD: Pakistan's foreign minister said ...": a dateline
                content = _trim(self.text, start, offset + len(paragraph))
                speaker = self.doc.char_span(offset, offset + len(name.rstrip()), alignment_mode="expand")
                cue = self.doc.char_span(offset + len(name), offset + len(name) + 1, alignment_mode="expand")
                if content[1] > content[0] and speaker is not None and cue is not None:
                    drafts.append(_Draft("direct", [content], cue.root, "speech", speaker, marks=[content]))
            offset += len(paragraph) + 2
        return drafts

    def _reports_itself(self, start: int, end: int) -> bool:
        """True when the text holds its own cue with a subject ("X said that ...")."""
        return any(
            self._cue_type(token) is not None and any(c.dep_ in _SUBJECTS for c in token.children)
            for token in self._tokens_between(start, end)
        )

    def _names_someone(self, start: int, end: int, name: str) -> bool:
        """A transcript speaker in capitals, or a person the actors stage found ("Pence: ...");
        a place or a country before a colon is a dateline or a headline topic, not a speaker."""
        if any(m.person for m in self.mention_index.overlapping(start, end)):
            return True
        if not (name.strip().isupper() and len(name.strip()) >= 3):
            return False
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return span is not None and not any(t.ent_type_ in ("GPE", "LOC", "NORP", "FAC", "ORG") for t in span)

    def _parenthetical(self, token: Token, cue_type: str) -> _Draft | None:
        """ "Instead, say analysts ..., Pakistan views ...": the cue sits inside its content."""
        if token.dep_ not in ("parataxis", "ccomp", "advcl") or token.head.i == token.i:
            return None
        subject = next((c for c in token.children if c.dep_ in _SUBJECTS), None)
        if subject is None or cue_type not in ("speech", "cognition"):
            return None
        if not any(c.is_punct for c in (token.nbor(-1) if token.i > 0 else token, *token.rights)):
            return None
        head = token.head
        spans = self._around(token, (head.left_edge.i, head.right_edge.i + 1), _TRIMMED)
        return _Draft("indirect", spans, token, cue_type, self._speaker_of(token)) if spans else None

    def _accusation(self, token: Token, cue_type: str) -> _Draft | None:
        """ "accused the Karzai government of colluding with India": the accused and the charge."""
        target = next((c for c in token.children if c.dep_ == "dobj"), None)
        if target is None:
            return None
        owners = (token, target)
        if not any(c.dep_ == "prep" and c.lower_ in ("of", "for") for owner in owners for c in owner.children):
            return None  # "accused the minister" alone names no charge
        last = max((c for c in token.rights if not c.is_punct), key=lambda c: c.right_edge.i, default=target)
        span = (target.left_edge.idx, _end_char(last.right_edge))
        return _Draft("indirect", [_trim(self.text, *span)], token, cue_type, self._speaker_of(token))

    def _nominal(self, token: Token, cue_type: str) -> _Draft | None:
        """ "its security chiefs' fears that ...", "accusations by X that ...": a noun cue with its
        clause; the speaker is its possessor or its "by" agent."""
        verb = token.head.head
        if token.dep_ == "pobj" and self._cue_type(verb) is not None and verb.pos_ in ("VERB", "AUX"):
            # "The White House said in a statement that ...": the verb is the cue, the clause
            # (which the parser may hang on the noun) its content.
            clause = next((c for c in token.children if c.dep_ in ("acl", "ccomp") and _has_that(c)), None)
            if clause is None or any(c.dep_ == "ccomp" for c in verb.children):
                return None
            self.used_cues.add(verb.i)
            verb_type = self._cue_type(verb)
            return _Draft("indirect", [_subtree_span(clause)], verb, verb_type, self._speaker_of(verb))
        clause = next((c for c in token.children if c.dep_ in ("acl", "ccomp", "relcl") and _has_that(c)), None)
        if clause is None:
            return None
        speaker_token = next((c for c in token.children if c.dep_ == "poss"), None)
        if speaker_token is None:
            by = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "by"), None)
            speaker_token = next((c for c in by.children if c.dep_ == "pobj"), None) if by else None
        speaker = _noun_phrase(speaker_token) if speaker_token is not None else None
        return _Draft("indirect", [_subtree_span(clause)], token, cue_type, speaker)

    def _according_to(self, token: Token) -> _Draft | None:
        to = next(c for c in token.children if c.lower_ == "to")
        source = next((c for c in to.children if c.dep_ == "pobj"), None)
        head = token.head
        if source is None or head.i == token.i:
            return None
        spans = self._around(token, (head.sent.start, head.sent.end), _SENTENCE_ENDS)
        return _Draft("indirect", spans, token, "according_to", _noun_phrase(source)) if spans else None

    def _around(self, cue: Token, clause: tuple[int, int], ends: str) -> list[tuple[int, int]]:
        """The character spans of a clause (token range) on either side of the aside the cue
        heads ("Pakistan views ..., say analysts, ..."), trimmed of ``ends``."""
        aside = (cue.left_edge.i, cue.right_edge.i + 1)
        parts = []
        if clause[0] < aside[0]:
            parts.append(self._chars(clause[0], aside[0]))
        if aside[1] < clause[1]:
            parts.append(self._chars(aside[1], clause[1]))
        return [span for span in (_trim(self.text, a, b, ends=ends) for a, b in parts) if span[1] - span[0] > 1]

    def _cue_for_quote(self, start: int, end: int) -> Token | None:
        """The cue verb of a quotation: in its sentence, outside the quote marks, nearest to
        them ("," says X / X said: "...")."""
        sentence_start = self._sentence_start(start)
        sentence_end = self._sentence_end(end)
        best: tuple[int, Token] | None = None
        for token in self._tokens_between(sentence_start, sentence_end):
            if token.i in self.used_cues or token.pos_ == "NOUN" or self._cue_type(token) is None:
                continue
            if self.mark_index.holds(token.idx):
                continue
            distance = min(abs(token.idx - end), abs(token.idx - start))
            if best is None or distance < best[0]:
                best = (distance, token)
        return best[1] if best else None

    def _reported_clause(self, cue: Token, start: int, end: int) -> tuple[int, int] | None:
        """The cue's clause when the quotation is only part of it (a mixed quote): the clause
        holds the quotation and at least two words outside it."""
        clause = next((c for c in cue.children if c.dep_ == "ccomp"), None)
        if clause is None:
            return None
        span = _subtree_span(clause)
        if not (span[0] <= start and end <= span[1] + 1):
            return None
        outside = self.text[span[0] : start] + " " + self.text[end : span[1]]
        return span if len(outside.replace('"', " ").split()) >= 2 else None

    def _runs_on(self, previous: _Draft, start: int) -> bool:
        """A quotation with no cue continues the one before when it opens the next sentence
        (or reopens the quotation in the next paragraph)."""
        last_end = previous.marks[-1][1] if previous.marks else previous.spans[-1][1]
        sentence_end = self._sentence_end(last_end)
        if previous.cue is not None:
            sentence_end = max(sentence_end, self._sentence_end(previous.cue.idx))
        return not self.text[min(sentence_end, start - 1) : start - 1].strip(_MARK_CHARS) and start - 1 >= last_end

    # -- speakers ------------------------------------------------------------------------------

    def _speaker_of(self, cue: Token) -> Span | None:
        """The grammatical source of a cue verb: subject, passive agent, or the subject of the
        verb a participle hangs from ("..., alleging that ...")."""
        agent = next((c for c in cue.children if c.dep_ == "agent"), None)
        if agent is not None:
            pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return _noun_phrase(pobj)
        subject = next((c for c in cue.children if c.dep_ in ("nsubj", "csubj")), None)
        if subject is not None and subject.tag_ in ("WP", "WDT") and cue.dep_ == "relcl":
            return self.doc[cue.head.left_edge.i : cue.head.i + 1]  # "the minister, who said ..."
        if subject is not None:
            return _noun_phrase(subject)
        if cue.dep_ in ("advcl", "xcomp", "conj") and cue.head.i != cue.i:
            return self._speaker_of(cue.head)
        return self._inverted_subject(cue)

    def _inverted_subject(self, cue: Token) -> Span | None:
        """ "..., said Leila Haddad, a diplomat, "...": the noun phrase right after the cue,
        when the parser hung it on the quotation instead."""
        index = cue.i + 1
        while index < len(self.doc) and self.doc[index].pos_ in ("ADV", "PUNCT") and self.doc[index].text != _QUOTE:
            index += 1
        if index >= len(self.doc) or self.mark_index.holds(self.doc[index].idx):
            return None
        token = self.doc[index]
        if token.pos_ not in ("PROPN", "NOUN", "PRON", "DET", "ADJ"):
            return None
        while (
            token.head.i != token.i
            and token.head.i > cue.i
            and token.head.pos_ in ("PROPN", "NOUN")
            and not self.mark_index.holds(token.head.idx)
        ):
            token = token.head
        return _noun_phrase(token)

    def _speaker(self, span: Span | None) -> Speaker | None:
        if span is None:
            return None
        span = self._without_quotation(span)
        head = span.root
        if head.lower_ in _PRONOUNS and len(span) == 1:
            return self._pronoun(span)
        start, end = span.start_char, span.end_char
        mention = self._mention_at(head.idx, start, end)
        person = self.people.get(mention.person) if mention and mention.person else None
        text = self.text[start:end]
        if person is not None:
            return Speaker(text, (start, end), person.name, person.id, person.actor, False, person.description)
        actor = mention.actor if mention else None
        # Unnamed people are anonymous sources; an institution speaking ("the foreign ministry",
        # "Pakistani authorities") is named by what it is.
        anonymous = head.lemma_.lower() in _ANONYMOUS_HEADS or head.lower_ in _ANONYMOUS_HEADS
        if anonymous:
            return Speaker(text, (start, end), None, None, actor, True, text)
        return Speaker(text, (start, end), mention.text if mention else None, None, actor, False, None)

    def _without_quotation(self, span: Span) -> Span:
        """A speaker phrase cut before any quotation the parser hung on it, and without a
        trailing possessive ("Siddiqa, "less to do ..."" → "Siddiqa")."""
        end = span.end
        for token in span:
            if token.i > span.root.i and (token.text in (_QUOTE, "''") or self.mark_index.holds(token.idx)):
                end = token.i
                break
        while end > span.start + 1 and (self.doc[end - 1].is_punct or self.doc[end - 1].tag_ == "POS"):
            end -= 1
        return self.doc[span.start : end]

    def _pronoun(self, span: Span) -> Speaker:
        """ "And it stresses that ...": the subject of a sentence before, the nearest that is not
        itself a pronoun (at most a few sentences back); unresolved, the pronoun stays as written."""
        written = Speaker(span.text, (span.start_char, span.end_char), None, None, None, False, None)
        sentence_start = span.root.sent.start
        for _ in range(_PRONOUN_REACH):
            if sentence_start == 0:
                return written
            previous = self.doc[sentence_start - 1].sent
            sentence_start = previous.start
            subject = next((t for t in previous if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT"), None)
            if subject is None:
                return written
            if subject.lower_ in _PRONOUNS:
                continue
            resolved = self._speaker(_noun_phrase(subject))
            if resolved is None:
                return written
            return Speaker(
                span.text,
                (span.start_char, span.end_char),
                resolved.name,
                resolved.person,
                resolved.actor,
                resolved.anonymous,
                resolved.description,
            )
        return written

    def _mention_at(self, head_char: int, start: int, end: int) -> Mention | None:
        """The actor mention that best covers a speaker phrase: a person first, then the
        mention holding the phrase's head word."""
        covering = self.mention_index.overlapping(start, end)
        people = [m for m in covering if m.person and m.start <= head_char < m.end]
        if people:
            return people[0]  # but "an aide to Imran Khan" is the aide, not Imran Khan
        holding = [m for m in covering if m.start <= head_char < m.end]
        return holding[0] if holding else (covering[0] if covering else None)

    # -- records ---------------------------------------------------------------------------------

    def _record(self, number: int, draft: _Draft) -> Quote:
        spans = tuple(draft.spans)
        content = " ".join(self.text[s:e] for s, e in spans)
        speaker = self._speaker(draft.speaker)
        about = tuple(dict.fromkeys(m.actor for m in self.mention_index.within_any(spans) if m.actor))
        cue = draft.cue
        return Quote(
            id=f"q{number}",
            kind=draft.kind,
            content=content,
            spans=spans,
            cue_text=cue.text if cue is not None else None,
            cue_span=(cue.idx, cue.idx + len(cue.text)) if cue is not None else None,
            speaker=speaker,
            sentence=bisect.bisect_right(self.sentence_starts, spans[0][0]) - 1,
            cue_type=draft.cue_type,
            about=about,
        )

    # -- offsets ---------------------------------------------------------------------------------

    def _chars(self, token_start: int, token_end: int) -> tuple[int, int]:
        span = self.doc[token_start:token_end]
        return span.start_char, span.end_char

    def _sentence_start(self, char: int) -> int:
        index = bisect.bisect_right(self.sentence_starts, char) - 1
        return self.sentence_starts[max(index, 0)]

    def _sentence_end(self, char: int) -> int:
        index = bisect.bisect_right(self.sentence_starts, char)
        return self.sentence_starts[index] if index < len(self.sentence_starts) else len(self.text)

    def _tokens_between(self, start: int, end: int) -> Iterable[Token]:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return span if span is not None else ()


def quote_marks(text: str) -> list[tuple[int, int]]:
    """The quoted stretches of a cleaned text, as ``(start, end)`` of the words inside the marks.

    A mark is ``"`` or two apostrophes (``''``, a newspaper house style). Marks are paired within
    a paragraph; an opening mark left open runs to the paragraph's end (news reopens the
    quotation in the next paragraph), so one stray mark never swallows the rest of the document.
    """
    spans: list[tuple[int, int]] = []
    offset = 0
    for paragraph in text.split("\n\n"):
        marks = [(m.start(), m.end()) for m in _MARK.finditer(paragraph)]
        for pair in range(0, len(marks), 2):
            start = marks[pair][1]
            end = marks[pair + 1][0] if pair + 1 < len(marks) else len(paragraph)
            if paragraph[start:end].strip():
                spans.append((offset + start, offset + end))
        offset += len(paragraph) + 2
    return spans


def _has_that(token: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in token.children)


def _noun_phrase(token: Token) -> Span:
    """The whole noun phrase a token heads, appositives and relative clauses included."""
    return token.doc[token.left_edge.i : token.right_edge.i + 1]


def _subtree_span(token: Token) -> tuple[int, int]:
    return token.left_edge.idx, _end_char(token.right_edge)


def _end_char(token: Token) -> int:
    return token.idx + len(token.text)


def _trim(text: str, start: int, end: int, *, ends: str = _TRIMMED) -> tuple[int, int]:
    """A span without the spaces, commas and quote marks (``ends``) at its ends."""
    while start < end and text[start] in ends:
        start += 1
    while end > start and text[end - 1] in ends:
        end -= 1
    return start, end
