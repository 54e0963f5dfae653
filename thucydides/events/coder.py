"""The rule coder: one document's events from the trigger lexicon, the parse and the actors.

:class:`Coder` holds what the rules read of a document (mentions by token, places, dates,
quotes) and codes each trigger word (see the package's docstring); the learned coder
(:mod:`.fusion`) reads the same tables to resolve the model's parties.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ..actors.lexicon import UNKNOWN_COUNTRY
from ..records import Actor, DateMention, Event, EventParty, Mention, Person, Place, Quote, Span
from . import syntax
from .lexicon import Code, EventLexicon, Rule
from .modality import QuoteLookup, modality, own_future

_LOCATIVE = frozenset({"in", "at", "near", "into", "inside", "across", "along", "outside", "within", "around"})
# Verbs whose subject receives what their object noun names: "the Taliban enjoys Indian backing".
_RECEIVING = frozenset({"enjoy", "receive", "get", "win", "obtain", "accept", "welcome", "seek"})
# Verbs whose subject does what their nominal complement names: "arrived on a visit", "went to the talks".
_MOTION = frozenset({"arrive", "come", "go", "travel", "return", "fly", "head", "attend", "join"})
_PERSONAL = frozenset({"he", "she", "him", "her"})
_IMPERSONAL = frozenset({"it", "they", "them", "its", "their"})


@dataclass(frozen=True, slots=True)
class Party:
    actor: str
    country: str | None
    text: str
    span: Span
    person: str | None
    place: Place | None = None


@dataclass(frozen=True, slots=True)
class Sides:
    """What one trigger word's rule finds: its code, the parties its subject side names and
    those of its first target slot that names any (either may be empty), that slot, the
    confidence, the rule's flags and, for a light verb, the noun rule its code came from."""

    code: Code
    sources: list[Party]
    targets: list[Party]
    slot: str | None
    confidence: float
    flags: frozenset[str]
    noun_rule: Rule | None


class Coder:
    def __init__(
        self,
        lexicon: EventLexicon,
        doc: Doc,
        mentions: Sequence[Mention],
        actors: Sequence[Actor],
        people: Sequence[Person],
        places: Sequence[Place],
        quotes: Sequence[Quote],
        dates: Sequence[DateMention],
        published: dt.date | None,
        adjectives: Mapping[str, str],
    ) -> None:
        self.lexicon = lexicon
        self.doc = doc
        self.text = doc.text  # built from the tokens on each access: read once
        self.quotes = QuoteLookup(quotes)
        self.published = published
        self.countries = {a.id: a.country for a in actors}
        self.person_actor = {p.id: p.actor for p in people}
        # token index -> the mention covering it (the longest, so "Interior Minister Rehman Malik" wins)
        self.mention_at: dict[int, Mention] = {}
        for mention in sorted(mentions, key=lambda m: m.end - m.start):
            for i in self._token_range(mention.start, mention.end):
                self.mention_at[i] = mention
        self.place_at: dict[int, Place] = {}
        for place in places:
            for start, end in place.mentions:
                for i in self._token_range(start, end):
                    self.place_at.setdefault(i, place)
        self.sentence_of = {sent.start: index for index, sent in enumerate(doc.sents)}  # first token -> index
        # sentence's first token -> the dates in it, with the word each hangs from
        self.dates_in: dict[int, list[tuple[DateMention, Token]]] = {}
        for date in dates:
            span = doc.char_span(*date.span, alignment_mode="expand")
            if span is not None and date.value is not None:
                self.dates_in.setdefault(span.root.sent.start, []).append((date, span.root))
        self.consumed: set[int] = set()  # nouns already coded through a light verb
        self.adjectives = adjectives

    def _token_range(self, start: int, end: int) -> range:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return range(span.start, span.end) if span is not None else range(0)

    # -- finding -------------------------------------------------------------------------------

    def events(self) -> tuple[Event, ...]:
        drafts: list[tuple[Token, Code, Party, Party, float, Rule]] = []
        for token in self.doc:
            pos = "verb" if token.pos_ in ("VERB", "AUX") else "noun" if token.pos_ == "NOUN" else None
            if pos is None or token.i in self.consumed:
                continue
            rules = self.lexicon.rules_for(token.lemma_.lower(), pos)
            rule = next((r for r in rules if syntax.matches(token, r)), None)
            if rule is None:
                continue
            drafts.extend(self._code(token, rule))
        # "threatened to impose sanctions on X", "refused to meet X": the governing act is the
        # event; the act it governs, by the same doer, is not coded a second time.
        doers = {(d[0].i, d[2].actor) for d in drafts}
        drafts = [d for d in drafts if not _governed(d[0], d[2].actor, doers)]
        events: list[Event] = []
        seen: set[tuple[int, str, str, str]] = set()
        for trigger, code, source, target, confidence, _ in sorted(drafts, key=lambda d: d[0].i):
            key = (trigger.sent.start, code.code, source.actor, target.actor)
            if key in seen or source.actor == target.actor:
                continue
            seen.add(key)
            events.append(self.event(len(events) + 1, trigger, code, source, target, confidence))
        return tuple(events)

    def _code(self, trigger: Token, rule: Rule) -> list[tuple[Token, Code, Party, Party, float, Rule]]:
        found = self.sides(trigger, rule)
        if found is None:
            return []
        code, sources, targets, confidence = found.code, found.sources, found.targets, found.confidence
        slot = found.slot
        if "recip" in found.flags and not targets and len(sources) > 1:
            pairs = [(s, t) for s in sources for t in sources if s.actor != t.actor]
        else:
            pairs = [(s, t) for s in sources for t in targets]
        if slot is not None and slot not in ("obj", "clause", "dative") and any(t.place for _, t in pairs):
            confidence -= 0.1
        return [(trigger, code, s, t, round(confidence, 2), found.noun_rule or rule) for s, t in pairs]

    def sides(self, trigger: Token, rule: Rule) -> Sides | None:
        """What a trigger word's rule finds (:class:`Sides`), or None for a light verb whose
        object has no rule. The rule coder pairs the sides into events; the fusion gives a model
        event the sides the rules name."""
        confidence = 0.9 if rule.conditions else 0.8
        noun_rule: Rule | None = None
        if rule.light:
            # "launched an offensive", "launched air and artillery strikes": the first object
            # noun that has a rule of its own gives the code
            found = (
                (noun, r)
                for noun in syntax.direct_objects(trigger)
                for r in self.lexicon.rules_for(noun.lemma_.lower(), "noun")
                if syntax.matches(noun, r)
            )
            noun, noun_rule = next(found, (None, None))
            if noun is None or noun_rule is None:
                return None
            self.consumed.add(noun.i)
            code = self.lexicon.code(noun_rule.code)
            slots = [*syntax.target_slots(noun, noun_rule), *syntax.target_slots(trigger, noun_rule)]
            flags = noun_rule.flags
        else:
            code = self.lexicon.code(rule.code)
            slots = list(syntax.target_slots(trigger, rule))
            flags = rule.flags

        governor: Token | None = None
        if trigger.pos_ == "NOUN":
            source_words, inherited = syntax.noun_sources(trigger), False
            governor = syntax.governing_verb(trigger)
            if governor is not None and governor.lemma_.lower() in _MOTION:
                # "arrived in Amman on a visit", "launched a mediation effort": the verb's subject
                more, _ = syntax.subjects(governor)
                source_words += more
            confidence -= 0.1
        else:
            source_words, inherited = syntax.subjects(trigger)
        if inherited:
            confidence -= 0.1
        if trigger.pos_ == "NOUN" and trigger.dep_ == "dobj" and trigger.head.lemma_.lower() in _RECEIVING:
            # "the Taliban in Swat enjoys Indian backing": who receives it is the target
            slots.append(("obj", [t for s in syntax.children(trigger.head, "nsubj") for t in syntax.conjuncts(s)]))

        sources = [p for p in (self.party(w) for w in source_words) if p is not None]
        # the first slot whose words stand for an actor ("rejected an offer from the government":
        # the offer is no actor, so the slots after it, then the complements, are tried)
        named = (
            (slot, [p for p in (self.party(w, place=True, target=True) for w in words) if p]) for slot, words in slots
        )
        slot, targets = next(((slot, parties) for slot, parties in named if parties), (None, []))
        if trigger.pos_ == "NOUN" and sources:
            sources = sources[:1]  # the possessor or adjective first, then the verb's subject
        inside = self.quotes.holding(trigger.idx)
        if inherited and inside is not None and inside.speaker is not None:
            # A clause inside someone's claim rarely has the claimant as its doer; when the parse
            # hangs it on the claim's verb ("X accused Y of colluding ... to back Z"), leave it.
            sources = [p for p in sources if p.actor != inside.speaker.actor]
        if not sources and "theme" in flags:
            # "4,000 U.S. Marines were sent into Helmand": the forces sent act for their country
            sources = [p for p in (self.party(w) for w in syntax.direct_objects(trigger)) if p is not None]
            targets = [t for t in targets if t.span not in {s.span for s in sources}]
        if not sources:
            speaker_quote = self.quotes.cued_by((trigger.idx, trigger.idx + len(trigger.text)))
            speaker = speaker_quote.speaker if speaker_quote is not None else None
            if speaker is not None and speaker.actor is not None and speaker.span is not None:
                sources = [
                    Party(speaker.actor, self._country(speaker.actor), speaker.text, speaker.span, speaker.person)
                ]
        if not targets and sources and not ("recip" in flags and len(sources) > 1):
            # no slot of the rule names one: the first actor inside the trigger's complements
            # ("agreed to provide aid for Romania"), or the governing verb's for a noun
            doers = {s.actor for s in sources}
            bare = {s.country for s in sources if s.actor == s.country}  # a whole country: "Pakistan"
            scope = [trigger] + ([governor] if governor is not None else [])
            heads = {t.i for t in scope}
            threat = code.code.startswith("13")
            # a threat's target may sit in its condition, below the threatened act
            scope += [c for t in list(scope) for c in t.children if threat and c.dep_ == "xcomp"]
            for word in (w for head in scope for w in syntax.complement_words(head, conditions=threat)):
                # a place only straight after the trigger's own preposition ("arrived in Amman")
                direct = word.head.dep_ == "prep" and word.head.head.i in heads
                party = self.party(word, place=direct, target=True)
                # a guessed target is never the doer, nor a whole country and a part of it
                if (
                    party is not None
                    and party.actor not in doers
                    and party.country not in bare
                    and not (party.actor == party.country and party.country in {d.country for d in sources})
                ):
                    targets = [party]
                    confidence -= 0.2
                    break
        return Sides(code, sources, targets, slot, confidence, flags, noun_rule)

    # -- parties ---------------------------------------------------------------------------------

    def party(self, token: Token, *, place: bool = False, target: bool = False) -> Party | None:
        """The actor a word stands for: the mention on it or in its noun phrase, the object of a
        part noun ("elements within the military"), a resolved pronoun, or (for targets) a place's country."""
        token = syntax.unpack_part(token)
        mention = self.mention_at.get(token.i)
        if mention is None:
            # a word of the noun phrase that hangs on the head: "the Karzai government", "its army"
            for i in range(token.i - 1, token.left_edge.i - 1, -1):
                candidate = self.mention_at.get(i)
                if candidate is not None and token.i in (self.doc[i].head.i, self.doc[i].head.head.i):
                    mention = candidate
                    break
        if mention is not None:
            actor = mention.actor or (self.person_actor.get(mention.person) if mention.person else None)
            if actor is not None:
                return Party(actor, self._country(actor), mention.text, (mention.start, mention.end), mention.person)
        if token.lower_ in _PERSONAL or token.lower_ in _IMPERSONAL:
            return self._pronoun(token)
        if target:
            # "shell Iraqi towns", "restrictions against German goods": the country the adjective names
            for child in token.children:
                code = self.adjectives.get(child.lower_) if child.dep_ == "amod" else None
                if code is not None:
                    span = (child.idx, token.idx + len(token.text))
                    return Party(code, code, self.text[span[0] : span[1]], span, None)
        found = self.place_at.get(token.i) or next(
            (self.place_at[c.i] for c in token.lefts if c.dep_ == "compound" and c.i in self.place_at), None
        )
        if place and found is not None and found.country:
            first = min([token, *(c for c in token.lefts if c.dep_ == "compound")], key=lambda t: t.i)
            words = self.doc[first.i : token.i + 1]
            return Party(found.country, found.country, words.text, (words.start_char, words.end_char), None, found)
        return None

    def _pronoun(self, token: Token) -> Party | None:
        """A pronoun subject stands for the nearest actor before it, in this sentence or the one
        before: a person for he/she, a state or group for it/they."""
        personal = token.lower_ in _PERSONAL
        first = token.sent.start
        if first > 0:
            first = self.doc[first - 1].sent.start
        for i in range(token.i - 1, first - 1, -1):
            mention = self.mention_at.get(i)
            if mention is None or bool(mention.person) != personal or mention.kind == "pronoun":
                continue
            actor = mention.actor or (self.person_actor.get(mention.person) if mention.person else None)
            if actor is not None:
                return Party(
                    actor, self._country(actor), token.text, (token.idx, token.idx + len(token.text)), mention.person
                )
        return None

    def _country(self, actor: str) -> str | None:
        """The party's country: its actor record's, else the code's first three letters; a role
        named with no country (``---MIL``) has none, whether or not its record is at hand."""
        if actor.startswith(UNKNOWN_COUNTRY):
            return None
        if actor in self.countries:
            return self.countries[actor]
        return actor[:3] if len(actor) >= 3 and actor[:3].isalpha() and actor[:3].isupper() else None

    # -- records ---------------------------------------------------------------------------------

    def event(
        self,
        number: int,
        trigger: Token,
        code: Code,
        source: Party | None,
        target: Party | None,
        confidence: float,
        coded_by: str = "rules",
    ) -> Event:
        """The event record of a coded trigger: modality, quote, date and place read from the
        trigger's clause, the same for the rules' events and the model's."""
        span = (trigger.idx, trigger.idx + len(trigger.text))
        inside = self.quotes.holding(trigger.idx)
        said = self.quotes.cued_by(span)
        linked = inside or said
        mood = modality(trigger, self.lexicon, inside)
        if mood == "future" and own_future(trigger, self.lexicon):
            code = self.lexicon.announced(code)
        date, date_text, precision, basis = self._date(trigger)
        place = self._place(trigger) or (target.place if target is not None else None)
        sentence = trigger.sent
        return Event(
            id=f"e{number}",
            cameo=code.code,
            cameo_label=code.label,
            plover=code.plover,
            quad_class=code.quad_class,
            goldstein=code.goldstein,
            source=_event_party(source),
            target=_event_party(target),
            trigger_text=trigger.text,
            trigger_span=span,
            sentence=self.sentence_of.get(sentence.start, -1),
            evidence=sentence.text.strip(),
            modality=mood,
            quote=linked.id if linked is not None else None,
            date=date,
            date_text=date_text,
            place=place.name if place else None,
            confidence=confidence,
            date_precision=precision,
            date_basis=basis,
            place_country=place.country if place else None,
            place_lat=place.lat if place else None,
            place_lon=place.lon if place else None,
            plover_mode=code.plover_mode,
            coded_by=coded_by,
        )

    def _date(self, trigger: Token) -> tuple[str | None, str | None, str | None, str | None]:
        """The date of the trigger's own clause, else of the nearest clause governing it, else the
        publication date."""
        own = clause(trigger)
        in_sentence = self.dates_in.get(trigger.sent.start, [])
        for d, root in in_sentence:
            if clause(root) == own:
                return d.value, d.text, d.precision, "clause"
        token = own
        for _ in range(8):
            if token.head.i == token.i:
                break
            token = clause(token.head)
            for d, root in in_sentence:
                if clause(root) == token:
                    return d.value, d.text, d.precision, "governing"
        if self.published is not None:
            return self.published.isoformat(), None, "day", "published"
        return None, None, None, None

    def _place(self, trigger: Token) -> Place | None:
        for prep in trigger.children:
            if prep.dep_ == "prep" and prep.lower_ in _LOCATIVE:
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        place = self.place_at.get(obj.i)
                        if place is not None:
                            return place
        return None


def _event_party(party: Party | None) -> EventParty | None:
    if party is None:
        return None
    return EventParty(party.actor, party.country, party.text, party.span, person=party.person)


def _governed(trigger: Token, doer: str, doers: set[tuple[int, str]]) -> bool:
    """Whether the trigger is the infinitive or clause of another trigger with the same doer."""
    token = trigger
    for _ in range(2):
        if token.dep_ not in ("xcomp", "ccomp", "pcomp", "pobj", "prep") or token.head.i == token.i:
            return False
        token = token.head
        if (token.i, doer) in doers:
            return True
    return False


def clause(token: Token) -> Token:
    """The verb (or trigger noun's verb) heading the clause a word is in."""
    current = token
    for _ in range(12):
        if current.pos_ in ("VERB", "AUX") or current.head.i == current.i:
            return current
        current = current.head
    return current
