"""The actors stage: who is in the story, coded CAMEO-style, with every mention's span.

``ActorStage`` is built once (lexicon, phrase matchers, office index) and applied to each
parsed document; it gives the actor mentions, the actors, the people and the name hits used as
places (which the places stage resolves).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc

from ..records import Actor, Mention, Person
from .coded import CodedPhrase
from .lexicon import UNKNOWN_COUNTRY, ActorLexicon, Group, actor_label, load_lexicon
from .match import Hit, LexiconMatcher
from .names import place_hits
from .offices import OfficeIndex, build_office_index
from .people import PersonDraft, drop_place_names, find_people, finish_person
from .phrases import PhraseCoder

__all__ = ["ActorFindings", "ActorLexicon", "ActorStage", "load_lexicon"]

_GROUP_KINDS = {"igo": "igo", "ngo": "ngo"}
_INTERNATIONAL_KINDS = {"IGO": "igo", "NGO": "ngo", "NGM": "ngo", "UIS": "state"}
_NON_STATE_GROUP_ROLES = {"INS", "REB", "SEP", "OPP", "UAF", "CRM", "RAD"}
# Roles a titled person may hold outside the state ("rebel commander X", "analyst X").
_CIVIL_ROLES = {"INS", "REB", "SEP", "OPP", "MED", "EDU", "BUS", "REL", "HRI", "LAB", "HLH", "ELI"}


@dataclass(frozen=True, slots=True)
class ActorFindings:
    mentions: tuple[Mention, ...]
    actors: tuple[Actor, ...]
    people: tuple[Person, ...]
    place_hits: tuple[Hit, ...]


class ActorStage:
    """Finds and codes actors and people. Immutable after construction; safe to share."""

    def __init__(
        self,
        nlp: Any,
        lexicon: ActorLexicon | None = None,
        *,
        inherit_country: bool = True,
        place_names: frozenset[str] = frozenset(),
        city_countries: Callable[[str], str | None] | None = None,
    ) -> None:
        self.city_countries = city_countries  # "Phoenix" -> USA, for local roles ("Phoenix police")
        self.lexicon = lexicon or load_lexicon()
        self.matcher = LexiconMatcher(nlp, self.lexicon)
        self.offices: OfficeIndex = build_office_index(self.lexicon)
        self.inherit_country = inherit_country
        self.place_names = place_names | {region.name for region in self.lexicon.regions}

    def __call__(self, doc: Doc, published: dt.date | None, story_country: str | None = None) -> ActorFindings:
        """The actors and people of a parsed story published on ``published``. ``story_country``
        is the country of the story's dateline: a local role that names no country and whose
        sentence (and the one before) names none either takes it ("police said" in a story
        datelined PHOENIX, "Mayor X" of the city; see ``LOCAL_ROLES``)."""
        hits = self.matcher.find(doc)
        drafts = find_people(doc, hits, self.lexicon, self.offices, published, self.matcher.name_surfaces)
        drafts = drop_place_names(doc, drafts, self.place_names)
        people_by_token = _people_by_token(drafts)
        for draft in drafts:  # a first pass so that possessors ("Obama's commander") have a country
            finish_person(draft, (None, None))
        sentence_starts = [sent.start for sent in doc.sents]
        coder = PhraseCoder(
            doc,
            hits,
            people_by_token,
            self.lexicon,
            self.inherit_country,
            sentence_starts,
            story_country,
            self.city_countries,
        )
        phrases = coder.code()
        by_root = {p.root: p for p in phrases}
        for draft in drafts:
            described = None
            if draft.description_root is not None:
                described = by_root.get(draft.description_root)
                if described is None or described.code is None:
                    described = coder.affiliation(doc[draft.description_root]) or described
            draft.code = draft.country = draft.coded_by = None
            if described is not None:
                draft.description_key = (described.head_lemma, described.code)
                finish_person(draft, (described.code, described.country))
            else:
                finish_person(draft, (None, None))
            if draft.code is None and draft.title_role in coder.state_roles:
                # "Spokesman Reza Tavakoli said", after a sentence about Iran's foreign ministry
                country = coder.context.nearest_country(draft.spans[0][0])
                if country:
                    draft.code, draft.country, draft.coded_by = country + draft.title_role, country, "context"
            if draft.code is None:
                # "police spokesman X", "X, a spokesman": the role is known, the country is not
                draft.code = _role_only(draft.title_role, draft.former, described, coder.state_roles)
                draft.coded_by = "text" if draft.code else None
            title_places = coder.context.places_in(draft.spans[0][0], draft.root)  # "Houston Mayor X"
            local = coder.context.city_country_for(draft.code, draft.title or "", title_places)
            local = local or coder.context.story_country_for(
                draft.code, draft.spans[0][0], draft.title or "", coder.police_country
            )
            if draft.code == UNKNOWN_COUNTRY + "MIL" and coder.officers_are_police and _an_officer(draft.title):
                draft.code = UNKNOWN_COUNTRY + "COP"  # "officer Jason X" in a story of police, not armies
            local = local or coder.police_code(draft.code)
            if local is not None:
                # "Mayor Greg X" in a story datelined in his city: the dateline's country
                draft.code, draft.country, draft.coded_by = local, local[:3], "context"
        phrase_people = _link_descriptions(phrases, drafts)
        # the coder's name hits: those inside a longer proper name are already left out
        return self._records(doc, coder.name_hits, drafts, phrases, phrase_people, coder.context.sentence_of)

    def _records(
        self,
        doc: Doc,
        hits: list[Hit],
        drafts: list[PersonDraft],
        phrases: list[CodedPhrase],
        phrase_people: dict[int, int],
        sentence: Callable[[int], int],
    ) -> ActorFindings:
        mentions: list[Mention] = []
        person_tokens = {i for d in drafts for s, e in d.spans for i in range(s, e)}
        person_ids = {id(d): f"p{n}" for n, d in enumerate(drafts, start=1)}
        for index, phrase in enumerate(phrases):
            draft_index = phrase_people.get(index)
            if draft_index is None and phrase.root in person_tokens:
                continue
            span = doc[phrase.start : phrase.end]
            person = drafts[draft_index] if draft_index is not None else None
            mentions.append(
                Mention(
                    span.start_char,
                    span.end_char,
                    span.text,
                    sentence(phrase.start),
                    "description" if person else phrase.kind,
                    actor=person.code if person else phrase.actor,
                    person=person_ids[id(person)] if person else None,
                )
            )
        for draft in drafts:
            for start, end in draft.spans:
                span = doc[start:end]
                mentions.append(
                    Mention(
                        span.start_char,
                        span.end_char,
                        span.text,
                        sentence(start),
                        "person",
                        actor=draft.code,
                        person=person_ids[id(draft)],
                    )
                )
        mentions.sort(key=lambda m: (m.start, m.end))
        spans_of: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for mention in mentions:
            if mention.person:
                spans_of[mention.person].append((mention.start, mention.end))
        people = tuple(
            Person(
                id=person_ids[id(d)],
                name=d.name,
                description=d.description,
                title=d.title,
                country=d.country,
                actor=d.code,
                coded_by=d.coded_by,
                mentions=tuple(spans_of[person_ids[id(d)]]),
            )
            for d in drafts
        )
        actors = self._actors(mentions, phrases)
        places = tuple(h for h in place_hits(doc, hits) if h.start not in person_tokens)
        return ActorFindings(tuple(mentions), actors, people, places)

    def _actors(self, mentions: list[Mention], phrases: list[CodedPhrase]) -> tuple[Actor, ...]:
        groups: dict[str, Group] = {p.code: p.group for p in phrases if p.group is not None and p.code}
        spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for mention in mentions:
            if mention.actor:
                spans[mention.actor].append((mention.start, mention.end))
        return tuple(self._actor(code, _outermost(found), groups.get(code)) for code, found in spans.items())

    def _actor(self, code: str, mentions: tuple[tuple[int, int], ...], group: Group | None) -> Actor:
        lexicon = self.lexicon
        if group is not None:
            country = code[:3] if code[:3] in lexicon.countries else group.country
            name = group.name
            if group.country and country != group.country:
                name = f"{group.name} ({lexicon.country_name(country)})" if country else name
            kind = _GROUP_KINDS.get(group.kind, "group") if group.kind else "state"
            return Actor(code, name, country, group.sectors, kind, mentions)
        if code.startswith(UNKNOWN_COUNTRY):  # "gunmen", "the government": a role, no country named
            sectors = tuple(code[i : i + 3] for i in range(3, len(code), 3))
            return Actor(code, actor_label(code, lexicon), None, sectors, _role_kind(lexicon, sectors), mentions)
        owner, community, roles = lexicon.community_in(code)
        if community is not None:  # "Kurdish fighters" KURREB, "Iraqi Sunnis" IRQMOSSUN
            sectors = tuple(roles[i : i + 3] for i in range(0, len(roles), 3))
            return Actor(code, actor_label(code, lexicon), owner, sectors, "group", mentions)
        if code[:3] not in lexicon.countries:  # UIS, IGO, NGO ...: an international role, no state
            return Actor(
                code,
                lexicon.role_label(code[:3]),
                None,
                (code[:3],),
                _INTERNATIONAL_KINDS.get(code[:3], "other"),
                mentions,
            )
        country = code[:3]
        sectors = tuple(code[i : i + 3] for i in range(3, len(code), 3))
        base = lexicon.country_name(country)
        name = f"{base} ({', '.join(lexicon.role_label(s) for s in sectors)})" if sectors else base
        if country in lexicon.countries and lexicon.countries[country].bloc:
            kind = "region"
        else:
            kind = _role_kind(lexicon, sectors)
        return Actor(code, name, country if country in lexicon.countries else None, sectors, kind, mentions)


def _an_officer(title: str | None) -> bool:
    """True for a title that is an officer and nothing more ("officer", "Officer")."""
    return title is not None and title.strip().lower() in ("officer", "officers")


def _role_only(
    title_role: str | None, former: bool, described: CodedPhrase | None, state_roles: set[str]
) -> str | None:
    """``---`` and the person's role when their title or description names one but no country."""
    if described is not None and described.actor and described.actor.startswith(UNKNOWN_COUNTRY):
        return described.actor
    if title_role is None or title_role not in state_roles | _CIVIL_ROLES:
        return None
    return UNKNOWN_COUNTRY + ("ELI" if former and title_role in state_roles else title_role)


def _role_kind(lexicon: ActorLexicon, sectors: tuple[str, ...]) -> str:
    """``state`` for a country or its institutions, ``group`` for armed and opposition groups."""
    if not sectors or all(lexicon.roles.get(s) and lexicon.roles[s].state for s in sectors):
        return "state"
    if set(sectors) & _NON_STATE_GROUP_ROLES:
        return "group"
    return "other"


def _outermost(spans: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """The spans not inside another span of the same actor: "the Karzai government" counts
    once, not again for the "Karzai" inside it."""
    ordered = sorted(set(spans), key=lambda s: (s[0], -s[1]))
    kept: list[tuple[int, int]] = []
    for start, end in ordered:
        if kept and start >= kept[-1][0] and end <= kept[-1][1]:
            continue
        kept.append((start, end))
    return tuple(kept)


def _people_by_token(drafts: list[PersonDraft]) -> dict[int, PersonDraft]:
    return {i: d for d in drafts for start, end in d.spans for i in range(start, end)}


def _link_descriptions(phrases: list[CodedPhrase], drafts: list[PersonDraft]) -> dict[int, int]:
    """Definite descriptions that the text has equated with one person: "the former Pakistan
    ambassador to Afghanistan" after "Mohmand, a former Pakistani ambassador to Afghanistan"."""
    links: dict[int, int] = {}
    # looked up per phrase, so linking stays linear in the document
    described_by_root: dict[int, int] = {}
    keyed: dict[tuple[str, str | None], list[int]] = defaultdict(list)
    for n, d in enumerate(drafts):
        if d.description_root is not None:
            described_by_root.setdefault(d.description_root, n)
        if d.description_key and d.description_key[1]:
            keyed[d.description_key].append(n)
    for index, phrase in enumerate(phrases):
        if phrase.kind != "sector":
            continue
        described = described_by_root.get(phrase.root)
        if described is not None:
            links[index] = described
            continue
        if not phrase.definite or phrase.code is None:
            continue
        earlier = [n for n in keyed.get((phrase.head_lemma, phrase.code), ()) if drafts[n].spans[0][0] < phrase.start]
        if len(earlier) == 1:
            links[index] = earlier[0]
    return links
