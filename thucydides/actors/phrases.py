"""Coding noun phrases: a role noun with the country, group or person that owns it.

"Pakistani officials" → PAKGOV, "U.S. Marines" → USAMIL, "Western intelligence agencies" →
WSTSPY, "former top officials in Islamabad" → PAKELI, "its security chiefs" → the country
"its" refers to, "Taliban militants" → the Taliban's code, "Pakistani Taliban" → PAKINSTAL.
Bare names are coded too: "Pakistan" → PAK, "Washington" acting → USAGOV, "the Kremlin" →
RUSGOV; a country or capital used as a location ("in Afghanistan") is a place, not an actor.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from spacy.tokens import Doc, Token

from .coded import INTERNATIONAL_ROLES, CodedPhrase
from .context import StoryContext, hit_country
from .lexicon import UNKNOWN_COUNTRY, ActorLexicon, Community, Group
from .match import ADJECTIVE, CAPITAL, COMMUNITY, COUNTRY, GROUP, IDENTITY, PEOPLE, REGION, SEAT, SECTOR, Hit
from .names import (
    FACILITY_NOUNS,
    PLATFORM_PARTS,
    NamePhrases,
    group_code,
    inside_longer_name,
)
from .organisations import OrganisationReader
from .people import PersonDraft
from .usage import (
    ARMED_ROLES,
    abstract_use,
    based_in,
    hyphen_participle,
    hyphen_word,
    stance_word,
)

_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
_INDEFINITE = frozenset({"a", "an", "another", "other", "some", "any", "one", "each", "every", "no"})
# "Turkish-backed forces", "Pakistan-based groups": the country backs, it does not own.
_PATRON_VERBS = frozenset(["back", "base", "fund", "support", "sponsor", "arm", "train", "ally", "align", "install"])
_POSSESSIVE_PRONOUNS = frozenset({"its", "their", "his", "her"})
# Roles whose holders serve in another state: "envoys meet in Islamabad" are not Pakistan's.
_SERVE_ABROAD = frozenset({"envoy", "diplomat", "ambassador", "delegation", "delegate", "emissary", "mediator"})
_OFFICER_WORDS = frozenset({"officer", "officers"})
# Strikes from the air stand for the air force that flies them, but each is one party's act: an
# earlier "Russian air strikes" says nothing of whose the next "air strikes" are.
_STRIKE_LEMMAS = frozenset({"airstrike", "strike", "raid"})
_STATE_NOUNS = frozenset({"state", "nation", "country", "homeland", "republic"})
# Roles often stationed abroad: "troops in Syria" are Syria's only when no other state is named.
_DEPLOYED_ROLES = frozenset({"MIL", "PKO", "SPY"})
_PHRASE_BREAKS = frozenset({"-", "--", "—", "–", ":", ";", "(", ")"})
# "the two armies", "both governments": more than one owner, so no single country to inherit
_PLURAL_OWNERS = frozenset({"both", "two", "three", "four", "several", "many", "all", "various"})
_COUNTRY_KINDS = (COUNTRY, ADJECTIVE, PEOPLE, CAPITAL, SEAT, IDENTITY, REGION)


class PhraseCoder:
    """Codes the actor noun phrases of one document."""

    def __init__(
        self,
        doc: Doc,
        hits: Sequence[Hit],
        people_by_token: Mapping[int, PersonDraft],
        lexicon: ActorLexicon,
        inherit_country: bool,
        sentence_starts: Sequence[int],
        story_country: str | None = None,
        city_countries: Callable[[str], str | None] | None = None,
    ) -> None:
        self.doc = doc
        self.lexicon = lexicon
        self.people_by_token = people_by_token
        self.inherit_country = inherit_country
        self.state_roles = {code for code, role in lexicon.roles.items() if role.state}
        taken = frozenset(i for h in hits for i in range(h.start, h.end))
        # "Damascus Gate" names no government, and is no evidence of Syria either
        self.name_hits = [h for h in hits if h.kind not in (SECTOR,) and not inside_longer_name(doc, h, taken, hits)]
        # "a British-based monitor", "the Syria-based group": where it sits, no actor of its own
        # and no evidence of whose the sentence's role nouns are
        self.based = {h for h in self.name_hits if based_in(doc, h)}
        # "a pro-EU minister": what the minister is for, not whose (but "anti-China" names China)
        self.stances = {h for h in self.name_hits if stance_word(doc, h)}
        self.sector_hits = [h for h in hits if h.kind == SECTOR]
        # names inside a longer name: no actor, but "Japan" still says whose "the Japan Times" is
        self.inner_hit_at = {i: h for h in hits if h.kind != SECTOR for i in range(h.start, h.end)}
        self.hit_at = {i: h for h in self.name_hits for i in range(h.start, h.end)}
        self.sector_at = {i: h for h in self.sector_hits for i in range(h.start, h.end)}
        self.sentence_starts = list(sentence_starts)
        self.absorbed: set[Hit] = set()
        # the story around the phrases: states named by sentence, paragraphs, places, dateline
        self.context = StoryContext(
            doc,
            lexicon,
            sentence_starts,
            [h for h in self.name_hits if h not in self.based],
            people_by_token,
            frozenset(self.sector_at),
            inherit_country=inherit_country,
            story_country=story_country,
            city_countries=city_countries,
        )
        self.names = NamePhrases(doc, lexicon, self.context, self.hit_at, self.absorbed)
        self.organisations = OrganisationReader(
            doc, lexicon, self.context, self.name_hits, self.sector_hits, self.inner_hit_at, people_by_token
        )
        self.by_root: dict[int, CodedPhrase] = {}  # coded phrases by head token, filled by ``code``
        self.police_country: str | None = None  # the story's one police force's country, set by ``code``
        self._officers_are_police = False  # set by ``code``

    # -- role-noun phrases ------------------------------------------------------------------

    def code(self) -> list[CodedPhrase]:
        """All actor phrases of the document, in text order."""
        sector_roots = {self.doc[h.start : h.end].root.i for h in self.sector_hits}
        phrases = []
        for hit in self.sector_hits:
            root = self.doc[hit.start : hit.end].root
            facility = self._owned_facility(root)
            if self._is_head(root, sector_roots):
                phrases.extend(self._sector_phrase(hit, root))
            elif facility is not None and facility.i not in sector_roots:
                # "an Afghan army base", "a police checkpoint": attacking them targets the owner
                phrases.extend(self._sector_phrase(Hit(SECTOR, hit.start, facility.i + 1, hit.value), facility))
        # communities first: "Iraq's Christians" is one phrase, not Iraq and then the Christians
        for hit in sorted(self.name_hits, key=lambda h: h.kind != COMMUNITY):
            if hit in self.absorbed or hit in self.based:
                continue
            phrase = self.names.phrase(hit)
            if phrase is not None:
                phrases.append(phrase)
        phrases.extend(self.organisations.read(phrases))
        phrases.extend(self.organisations.anaphors(phrases))
        phrases = self._police_officers(phrases)
        self.by_root = {p.root: p for p in phrases if p.code}
        roles_by_root = {p.root: p for p in phrases if p.kind == "sector" and p.code is None}
        # countries seen so far for each kind of role noun: "the navy" after "Iran's navy"
        seen: dict[str, set[str]] = defaultdict(set)
        resolved: list[CodedPhrase] = []
        for phrase in sorted(phrases, key=lambda p: (p.start, p.end)):
            if phrase.kind == "anaphor":
                named = self.organisations.named_before(phrase, resolved, self.by_root)
                if named is not None:  # "the group" with no one group named before it is no one
                    resolved.append(replace(named, kind="sector"))
                continue
            if phrase.code is None:
                named = self.organisations.named_before(phrase, resolved, self.by_root)
                phrase = named or self._resolve(phrase, seen, roles_by_root)
            if phrase.kind == "sector" and phrase.country and phrase.sectors:
                seen[phrase.head_lemma].add(phrase.country)
            resolved.append(phrase)
        # one police force in the story: its officers and spokesmen named without it are its own
        forces = {p.country for p in resolved if p.sectors[:1] == ("COP",) and p.country}
        self.police_country = forces.pop() if len(forces) == 1 else None
        return [self.with_police_country(p) for p in resolved]

    def with_police_country(self, phrase: CodedPhrase) -> CodedPhrase:
        """A ``---COP`` phrase with the country of the story's one police force, if it has one."""
        code = self.police_code(phrase.actor)
        if code is None or phrase.kind != "sector" or not phrase.resolvable:
            return phrase  # "its investigators" are whoever "its" is
        return replace(phrase, code=code, country=code[:3])

    @property
    def officers_are_police(self) -> bool:
        """True when the story names police and no army: its bare "officers" are police."""
        return self._officers_are_police

    def police_code(self, code: str | None) -> str | None:
        """``---COP…`` with the country of the story's one police force ("Phoenix police" …
        "police Sgt. X" → USACOP); None for any other code or when there is no one force."""
        country = self.police_country
        if not self.inherit_country or country is None or code is None or not code.startswith(UNKNOWN_COUNTRY + "COP"):
            return None
        return country + code[len(UNKNOWN_COUNTRY) :]

    def _police_officers(self, phrases: list[CodedPhrase]) -> list[CodedPhrase]:
        """Bare "officers" are the police's when the story names the police and no military:
        "Police said officers returned fire" (an officer is MIL only where armies are about)."""
        police = any("COP" in p.sectors for p in phrases)
        military = any("MIL" in p.sectors and p.head_lemma not in _OFFICER_WORDS for p in phrases)
        self._officers_are_police = police and not military
        if not police or military:
            return phrases
        return [
            replace(p, sectors=("COP",), code=p.country + "COP" if p.country else p.code)
            if p.kind == "sector" and p.head_lemma in _OFFICER_WORDS and p.sectors == ("MIL",)
            else p
            for p in phrases
        ]

    def _resolve(
        self,
        phrase: CodedPhrase,
        seen: Mapping[str, set[str]],
        roles_by_root: Mapping[int, CodedPhrase],
    ) -> CodedPhrase:
        """The owner of a role noun without a country of its own, in order of evidence: what it
        works for ("a spokesman for the army"), the same role named earlier with one country
        ("the navy" after "Iran's navy"), the one state the sentence and the one before name
        ("the foreign ministry said"); else no country (``---GOV``): never a guess between rivals."""
        owned = self._affiliated(phrase)
        if owned is not phrase:
            return owned
        if phrase.head_lemma in _STRIKE_LEMMAS:
            return phrase  # "a campaign of air strikes": whose strikes, only its own words say
        owner = self._affiliation_in(self.doc[phrase.root], roles_by_root)
        if owner is not None and owner.root != phrase.root:
            # "the leader of a Christian militia": the militia's role, and no state's
            return replace(phrase, sectors=owner.sectors, end=max(phrase.end, owner.end), resolvable=False)
        if phrase.kind != "sector" or not phrase.resolvable or not phrase.sectors:
            return phrase
        if _moved_forces(self.doc[phrase.root], phrase.sectors):
            # "denied sending troops", "will withdraw forces": the mover's own forces are
            # what is moved, not a party of their own (the events stage reads the move)
            return replace(phrase, sectors=())
        sector = phrase.sectors[0]
        earlier = seen.get(phrase.head_lemma, set())
        country = next(iter(earlier)) if len(earlier) == 1 else None
        if (
            country is None
            and not earlier
            and self.inherit_country
            and sector in self.state_roles
            and phrase.head_lemma not in _SERVE_ABROAD
            and not self._named_body(phrase)
        ):
            country = self._clause_country(self.doc[phrase.root]) or self.context.context_country(phrase.root)
        if country is None:
            span = self.doc[phrase.start : phrase.end]
            words = span.text
            local = self.context.city_country_for(phrase.actor, words, self.context.places_in(phrase.start, phrase.end))
            if local is None and self.doc[phrase.root].ent_type_ == "ORG":
                # a body's own name holds its city: "the Houston Policy Institute"
                local = self.organisations.country_in_name(list(span), [])
                local = local + "".join(phrase.sectors) if local else None
            if local is None and not earlier:
                local = self.context.story_country_for(phrase.actor, phrase.root, words, self.police_country)
            return replace(phrase, code=local, country=local[:3]) if local else phrase
        return replace(phrase, code=country + "".join(phrase.sectors), country=country)

    def affiliation(self, token: Token) -> CodedPhrase | None:
        """The coded organisation a role noun speaks or works for: "a spokesman for the
        Pakistani army", "a fellow at a London institute", "leader of the Taliban"."""
        return self._affiliation_in(token, self.by_root)

    @staticmethod
    def _affiliation_in(token: Token, phrases: Mapping[int, CodedPhrase]) -> CodedPhrase | None:
        for child in token.rights:
            if child.dep_ == "prep" and child.lower_ in ("for", "of", "at", "with"):
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and pobj.i in phrases:
                        return phrases[pobj.i]
        return None

    def _affiliated(self, phrase: CodedPhrase) -> CodedPhrase:
        owner = self.affiliation(self.doc[phrase.root])
        if owner is None:
            return phrase
        end = max(phrase.end, owner.end)
        return CodedPhrase(
            phrase.start,
            end,
            phrase.root,
            phrase.kind,
            owner.code,
            owner.country,
            owner.sectors,
            owner.group,
            phrase.definite,
            phrase.head_lemma,
        )

    def _clause_country(self, root: Token) -> str | None:
        """The state of the place a relative clause describes: "Baluchistan, the province of
        Pakistan where the military has been battling" — the military acts in its own state."""
        verb = root.head
        while verb.dep_ in ("aux", "conj") and verb.head.i != verb.i:
            verb = verb.head
        if root.dep_ not in ("nsubj", "nsubjpass") or verb.dep_ != "relcl":
            return None
        place = verb.head
        candidates = [place, *(c for c in place.children if c.dep_ == "appos")]
        candidates += [p for c in place.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children]
        if place.dep_ == "appos":
            candidates.append(place.head)
        for token in candidates:
            hit = self.hit_at.get(token.i)
            country = hit_country(hit) if hit is not None and hit.kind in (COUNTRY, REGION) else None
            if country:
                return country
        return None

    def _named_body(self, phrase: CodedPhrase) -> bool:
        """True when the role noun heads an organisation's own name with a word no lexicon knows
        ("Bloomberg Intelligence", "the Harlow Police Foundation"): a body of its own, not the
        service of the state nearby."""
        root = self.doc[phrase.root]
        if root.ent_type_ != "ORG":
            return False
        return any(
            t.pos_ == "PROPN"
            and t.i not in self.sector_at
            and t.i not in self.inner_hit_at
            and not self.context.place_country(t.text)
            for t in self.doc[phrase.start : phrase.end]
        )

    def _rivals(self, index: int) -> bool:
        """True when the sentence of ``index`` names a state other than the one at ``index``."""
        hit = self.hit_at.get(index)
        own = hit_country(hit) if hit is not None else None
        return self.context.names_other_state(index, own)

    def _qualified_sector(self, hit: Hit, root: Token) -> str:
        """The role of "police officers", "government employees", "rebel commander": a role
        noun before the head says which institution; the head says only what kind of person."""
        for child in root.lefts:
            if child.dep_ in ("compound", "amod", "nmod") and child.i < hit.start:
                modifier = self.sector_at.get(child.i)
                if modifier is None or (modifier.value == "GOV" and hit.value in ARMED_ROLES):
                    continue  # "government forces" are still forces
                if modifier.value == "OPP" and hit.value == "BUS":
                    continue  # "an activist hedge fund" is a fund that presses a board, not a party
                return modifier.value
        return hit.value

    def _owned_facility(self, root: Token) -> Token | None:
        head = root.head
        if (
            root.dep_ in ("compound", "amod", "nmod")
            and head.i > root.i
            and head.lemma_.lower() in FACILITY_NOUNS
            and root.i not in self.people_by_token
        ):
            return head
        return None

    def _is_head(self, root: Token, sector_roots: set[int]) -> bool:
        if root.i in self.people_by_token or root.pos_ not in ("NOUN", "PROPN"):
            return False
        if abstract_use(root):
            return False  # "came into force", "his opposition to the deal"
        # A role noun modifying a noun ("military campaign") is no actor, and one modifying
        # another role noun ("police officers") is part of that noun's phrase.
        return not (root.dep_ in ("compound", "amod", "nmod") and root.head.pos_ in ("NOUN", "PROPN"))

    def _sector_phrase(self, hit: Hit, root: Token) -> list[CodedPhrase]:
        doc = self.doc
        start = root.left_edge.i
        for i in range(start, hit.start):  # a dateline or heading before a dash is not the phrase
            if doc[i].text in _PHRASE_BREAKS and (doc[i].text != "-" or doc[i].whitespace_):
                start = i + 1
        while start < hit.start and (doc[start].is_punct or doc[start].dep_ == "cc"):
            start += 1
        end = hit.end
        left = range(start, hit.start)
        # "the military" is definite; "the island's highest official" is not (the article is the island's)
        definite = any(doc[i].lower_ in _DEFINITE and doc[i].dep_ == "det" and doc[i].head.i == root.i for i in left)
        former = any(self.lexicon.modifiers.get(doc[i].lower_) == "ELI" for i in left)
        countries: list[str] = []
        group: Group | None = None
        adjective_country: str | None = None
        owner_person: PersonDraft | None = None
        pronoun: Token | None = None
        coordinated = any(doc[i].dep_ == "cc" for i in left)
        for i in left:
            token = doc[i]
            person = self.people_by_token.get(i)
            if person is not None and token.head.i == root.i and token.dep_ in ("poss", "compound"):
                owner_person = person  # "Obama's commander", "the Karzai government"
            if token.dep_ == "poss" and token.lower_ in (*_POSSESSIVE_PRONOUNS, "whose") and token.head.i == root.i:
                pronoun = token
        # "ethnic Tajik, Uzbek and Hazara forces": after "ethnic", adjectives name peoples, not states
        ethnic_from = next((i for i in left if doc[i].lower_ == "ethnic"), None)
        group_from_left = False
        backed = False
        for i in left:
            joined = hyphen_word(doc[i].text) if i not in self.hit_at else None
            if joined is not None and joined[0] in self.lexicon.state_names and doc[i].head.i == root.i:
                if joined[1] == "led":
                    countries.append(self.lexicon.state_names[joined[0]])  # "U.S.-led forces", one token
                else:
                    backed = True  # "U.S.-backed rebels"
        community: Community | None = None
        for name_hit in sorted({self.hit_at[i] for i in left if i in self.hit_at}, key=lambda h: h.start):
            self.absorbed.add(name_hit)
            if name_hit.kind == COMMUNITY:
                community = community or name_hit.value  # "Kurdish fighters", "Shiite militias"
                continue
            if ethnic_from is not None and name_hit.start > ethnic_from:
                continue
            if name_hit in self.based or name_hit in self.stances:
                if doc[max(0, name_hit.start - 2)].lower_ not in ("pro", "pro-"):
                    self.absorbed.discard(name_hit)  # still a mention of its own ("anti-China" protests)
                continue  # "a pro-EU minister" (the EU is no party), "a London-based analyst"
            patron = doc[name_hit.start : name_hit.end].root.head
            participle = hyphen_participle(doc, name_hit)
            if participle == "led" and name_hit.kind in _COUNTRY_KINDS and hit_country(name_hit):
                countries.append(hit_country(name_hit))  # type: ignore[arg-type]
                continue  # "Saudi-led forces" are the leader's
            if participle is not None or (patron.lemma_.lower() in _PATRON_VERBS and patron.i != root.i):
                backed = True  # "Turkish-backed forces" are not Turkey's: no country to look for
                continue
            if (
                name_hit.kind == GROUP
                and name_hit.value.kind in ("company", "media")
                and root.lemma_.lower() in PLATFORM_PARTS
            ):
                continue  # "one Twitter user" is someone on Twitter, not Twitter's
            if name_hit.kind == GROUP:
                group, group_from_left = name_hit.value, True
            elif name_hit.kind in (ADJECTIVE, IDENTITY):
                adjective_country = name_hit.value
                countries.append(name_hit.value)
            elif name_hit.kind in _COUNTRY_KINDS and hit_country(name_hit):
                countries.append(hit_country(name_hit))  # type: ignore[arg-type]
        first_conjunct = next((c.i for c in root.rights if c.dep_ == "conj"), None)
        for child in self._prepositions(root):
            objects = [c for c in child.children if c.dep_ == "pobj"]
            objects += [conjunct for pobj in objects for conjunct in pobj.conjuncts if conjunct.i > pobj.i]
            coordinated = coordinated or len(objects) > 1
            for pobj in objects:
                object_hit = self.hit_at.get(pobj.i)
                if object_hit is None:
                    continue
                name_hit = object_hit
                if name_hit.kind == GROUP and child.lower_ == "of":
                    group = group or name_hit.value
                    self.absorbed.add(name_hit)
                elif (
                    name_hit.kind in _COUNTRY_KINDS
                    and hit_country(name_hit)
                    and (not countries or coordinated)
                    and not (child.lower_ == "in" and hit.value in _DEPLOYED_ROLES and self._rivals(pobj.i))
                ):
                    countries.append(hit_country(name_hit))  # type: ignore[arg-type]
                    self.absorbed.add(name_hit)  # the places stage still sees "in Islamabad"
                else:
                    continue
                if child.head.i == root.i and (first_conjunct is None or child.i < first_conjunct):
                    end = max(end, pobj.right_edge.i + 1)
        if owner_person is not None and owner_person.country:
            countries = [owner_person.country]
        if not countries and group is None and root.dep_ == "conj" and not definite:
            # "Israeli helicopters and tanks": the conjunct shares the first noun's owner
            shared = self._shared_owner(root.head)
            countries = [shared] if shared else []
        if not countries and group is None and pronoun is not None:
            countries, group = self._resolve_pronoun(pronoun)
        # The country of "the army" or "police" is settled later, from the document (``_resolve``);
        # "two soldiers", "an official" or "both armies" are new or several referents; "its
        # pilot" or "whose leader" belong to what the pronoun stands for, and to no one else.
        resolvable = (
            pronoun is None
            and not backed
            and not any(
                doc[i].lower_ in _PLURAL_OWNERS or doc[i].like_num or doc[i].lower_ in _INDEFINITE
                for i in range(root.left_edge.i, hit.start)
            )
        )
        sector = self._qualified_sector(hit, root)
        sector = "ELI" if former and sector in self.state_roles else sector
        while end > hit.end and doc[end - 1].is_punct:
            end -= 1
        if sector == "UIS" and (countries or adjective_country):
            sector = "GOV"  # an identified state: "Chinese diplomats" are China's government
        if sector in INTERNATIONAL_ROLES and group is None:
            # "the peacekeeping force in Lebanon" serves no state: "in Lebanon" is where it is
            return [
                CodedPhrase(start, end, root.i, "sector", sector, None, (sector,), None, definite, root.lemma_.lower())
            ]
        head_lemma = root.lemma_.lower()
        if group is not None:
            if not group_from_left:
                adjective_country = None  # "forces of the Northern Alliance": the group decides
            code = group_code(group, adjective_country)
            country = adjective_country or group.country
            return [CodedPhrase(start, end, root.i, "group", code, country, group.sectors, group, definite, head_lemma)]
        if not coordinated:
            countries = countries[-1:] if adjective_country is None else [adjective_country]
        if community is not None and head_lemma in _STATE_NOUNS:
            community = None  # "a Jewish state" is a state, not a community's government
        if community is not None and len(countries) <= 1:
            # CAMEO's ethnic and religious codes: the community after the country the text gives
            # ("Iraqi Kurdish fighters" IRQKURREB), first when it gives none ("Sunni militants"
            # MOSSUNREB); never a country from context
            owner = countries[0] if countries else None
            code = (owner or "") + community.code + sector
            return [CodedPhrase(start, end, root.i, "sector", code, owner, (sector,), None, definite, head_lemma)]
        if not countries:
            return [
                CodedPhrase(start, end, root.i, "sector", None, None, (sector,), None, definite, head_lemma, resolvable)
            ]
        return [
            CodedPhrase(start, end, root.i, "sector", country + sector, country, (sector,), None, definite, head_lemma)
            for country in dict.fromkeys(countries)
        ]

    def _shared_owner(self, head: Token) -> str | None:
        for child in head.lefts:
            hit = self.hit_at.get(child.i)
            if child.dep_ in ("amod", "compound", "poss") and hit is not None and hit.kind in (ADJECTIVE, COUNTRY):
                return hit_country(hit)
        return None

    def _prepositions(self, root: Token) -> list[Token]:
        """ "of/in/from" phrases of the noun; a conjunct shares those after it ("analysts and
        former officials in Islamabad": both are in Islamabad)."""
        preps = [c for c in root.rights if c.dep_ == "prep" and c.lower_ in ("of", "in", "from")]
        if not preps and root.dep_ == "conj":
            head = root.head
            preps = [c for c in head.rights if c.dep_ == "prep" and c.lower_ in ("in", "from") and c.i > root.i]
        return preps

    def _resolve_pronoun(self, pronoun: Token) -> tuple[list[str], Group | None]:
        """What "its"/"their" (a country or group) or "his"/"her" (a person) refers to.

        For "his"/"her" the subject of the sentence wins over a nearer object ("Zardari has
        broken with Musharraf in embracing Karzai as an ally, his government ...")."""
        if pronoun.lower_ == "whose":
            # "the Labour Party, whose leader": the noun the relative clause describes
            verb = pronoun.head
            while verb.dep_ != "relcl" and verb.head.i != verb.i:
                verb = verb.head
            owner = verb.head if verb.dep_ == "relcl" else None
            if owner is None and pronoun.head.dep_ == "appos":
                owner = pronoun.head.head  # "the Labour Party, whose leader, X, ..." parsed without the clause
            hit = self.hit_at.get(owner.i) if owner is not None else None
            if hit is None or hit.kind in (ADJECTIVE, IDENTITY):
                return [], None
            if hit.kind == GROUP:
                return [], hit.value
            country = hit_country(hit)
            return ([country] if country else []), None
        if pronoun.lower_ in ("his", "her"):
            candidates: list[tuple[PersonDraft, bool]] = []
            for i in range(pronoun.i - 1, self._window_start(pronoun.i) - 1, -1):
                person = self.people_by_token.get(i)
                if person is not None and person.country and person not in (c for c, _ in candidates):
                    candidates.append((person, self.doc[i].dep_ in ("nsubj", "nsubjpass")))
            subjects = [person for person, is_subject in candidates if is_subject]
            chosen = subjects[0] if subjects else (candidates[0][0] if candidates else None)
            return ([chosen.country] if chosen and chosen.country else []), None
        for i in range(pronoun.i - 1, self._window_start(pronoun.i) - 1, -1):
            hit = self.hit_at.get(i)
            if hit is None or hit.kind in (ADJECTIVE, IDENTITY):
                continue
            if hit.kind == GROUP:
                return [], hit.value
            country = hit_country(hit)
            if country:
                return [country], None
        return [], None

    def _window_start(self, index: int) -> int:
        sentence = self.context.sentence_of(index)
        return self.sentence_starts[max(0, sentence - 1)]


_MOVING_VERBS = frozenset(
    "send deploy withdraw pull move station dispatch mobilize mobilise mass amass commit redeploy "
    "reinforce remove evacuate".split()
)


def _moved_forces(root: Token, sectors: tuple[str, ...]) -> bool:
    """True for forces without an owner that are the object of moving them ("sending troops")."""
    return (
        sectors[0] in ("MIL", "PKO")
        and root.dep_ == "dobj"
        and root.head.lemma_.lower() in _MOVING_VERBS
        and not any(child.dep_ == "det" for child in root.children)
    )
