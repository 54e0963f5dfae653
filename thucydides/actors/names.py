"""Name hits read in their sentence: whether a name is only part of a longer proper name the
lexicon does not know ("Damascus Gate"), which names are locations, and the small grammar the
phrase coder shares for names ("2,000 Libyans" are some of a people, not their state)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from spacy.tokens import Doc, Token

from .coded import CodedPhrase
from .context import StoryContext, hit_country
from .lexicon import ActorLexicon, Group
from .match import ADJECTIVE, CAPITAL, COMMUNITY, COUNTRY, GROUP, IDENTITY, PEOPLE, REGION, SEAT, SECTOR, Hit
from .usage import CORPORATE_SUFFIXES, attribute_use, conjunct_of, location_use, named_attack

QUANTITIES = frozenset(
    (
        "thousands hundreds dozens scores millions tens many some several few most hundred thousand dozen "
        "number numbers majority crowd crowds group groups wave influx"
    ).split()
)


def some_people(root: Token) -> bool:
    """True when a plural demonym names some of a people rather than its state: counted
    ("2,000 Libyans", "thousands of Nigerians"), described ("Palestinians living in Gaza",
    "Palestinians of the West Bank") or acted upon ("police beat Liberians")."""
    if any(child.like_num or child.lower_ in QUANTITIES for child in root.lefts):
        return True
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lower_ in QUANTITIES:
        return True
    if any(child.dep_ in ("acl", "relcl") or (child.dep_ == "prep" and child.lower_ == "of") for child in root.rights):
        return True
    return root.dep_ in ("dobj", "nsubjpass")


def group_code(group: Group, country: str | None) -> str:
    """The group's code, with the country the text gives ("Pakistani Taliban" → PAKINSTAL)."""
    if country and group.country and group.code.startswith(group.country) and country != group.country:
        return country + group.code[len(group.country) :]
    return group.code


def inside_longer_name(doc: Doc, hit: Hit, taken: frozenset[int], hits: Sequence[Hit] = ()) -> bool:
    """True when a name hit is only part of a longer proper name that the lexicon does not
    know: "Damascus Gate" (a gate in Jerusalem), "Washington Post", "the Kurdistan Region
    Security Council", "Chad" in "Chad Smith". Read from the parse and the entity, not from a
    list: the hit's head (or a word before it in its own compound) is another capitalised
    proper noun that no lexicon entry covers — a role noun ("Pakistan Army") or a known name
    ("U.N. Security Council") keeps the hit."""
    if hit.kind in (REGION, ADJECTIVE, IDENTITY, SECTOR):
        return False
    root = doc[hit.start : hit.end].root

    def foreign(token: Token) -> bool:
        if token.text.rstrip(".") in CORPORATE_SUFFIXES:
            return False  # "Yahoo Inc" is Yahoo
        if token.ent_type_ in ("DATE", "TIME"):
            return False  # "said on Sunday Damascus was ...": a day, not part of the name
        return token.pos_ == "PROPN" and token.text[:1].isupper() and token.i not in taken

    head = root.head
    if root.dep_ == "compound" and head.i >= hit.end and foreign(head):
        return True
    before = doc[hit.start - 1] if hit.start > 0 else None
    if before is not None and before.dep_ == "compound" and before.head.i in range(hit.start, hit.end):
        if foreign(before):
            return True
        if hit.kind == GROUP and hit.value.country is None and hit.value.kind == "igo":
            # "the Kurdistan Region Security Council": a place's own council, not the UN's
            return any(h.kind in (REGION, CAPITAL) and h.start <= before.i < h.end for h in hits)
    if root.ent_type_ == "PERSON" and hit.kind in (COUNTRY, CAPITAL):
        entity = next((e for e in doc.ents if e.start <= root.i < e.end), None)
        return entity is not None and (entity.start < hit.start or entity.end > hit.end)
    return False


# Where a bare region name is a party: the subject or the object of a verb.
PARTY_DEPS = frozenset(("nsubj", "nsubjpass", "dobj"))


def place_hits(doc: Doc, hits: Sequence[Hit]) -> list[Hit]:
    """Name hits used as locations: regions always, countries and capitals after "in", "into" …
    ``hits`` are the coder's name hits, without those inside a longer proper name."""
    return [
        hit
        for hit in hits
        if hit.kind == REGION or (hit.kind in (COUNTRY, CAPITAL) and location_use(doc[hit.start : hit.end].root))
    ]


# -- bare names as actor phrases -------------------------------------------------------------------

# Things an institution owns, staffs or is made of: "army base", "police station", "government
# employees", "opposition members".
FACILITY_NOUNS = frozenset(
    (
        "base post outpost convoy camp checkpoint headquarters station patrol position vehicle helicopter "
        "jet aircraft plane drone warship ship vessel building office facility installation barracks "
        "employee personnel staff worker compound academy garrison member supporter loyalist "
        "representative delegation delegate team unit wing branch faction cell"
    ).split()
)
# What a named group has: its members, its allies and its facilities ("NATO allies").
_GROUP_PARTS = FACILITY_NOUNS | {"ally", "affiliate", "militia", "force"}
# A bloc's or a country's states, named together: "Western countries", "Asian nations", "Gulf powers".
_STATES_OF = frozenset({"country", "nation", "democracy", "power"})
# Where an adjective stands as a noun: "an Austrian was wounded", "police arrested a German".
_NOUN_USES = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos"})
# Adjectives that, after "the", name a whole people: "the French", "the British", "the Japanese".
_COLLECTIVE_ENDINGS = ("sh", "ch", "ese", "ss")
# Words before an adjective used as a noun that make it one or some of a people: "an Austrian".
_SOME_PEOPLE = frozenset({"a", "an", "some", "many", "two", "three", "several", "other"})
PLATFORM_PARTS = frozenset({"user", "account", "post", "feed", "page", "app", "video", "message", "channel"})


class NamePhrases:
    """Codes a name hit as an actor phrase of its own: a country, a capital standing for its
    government, a named group, a people ("the Palestinians"), a community ("the Kurds"), an
    adjective used as a noun ("an Austrian"); None where the name is a place, a topic or part
    of something that does not act. Shares the phrase coder's hits and its set of ``absorbed``
    hits (names already read as the owner of a role noun)."""

    def __init__(
        self, doc: Doc, lexicon: ActorLexicon, context: StoryContext, hit_at: Mapping[int, Hit], absorbed: set[Hit]
    ) -> None:
        self.doc = doc
        self.lexicon = lexicon
        self.context = context
        self.hit_at = hit_at
        self.absorbed = absorbed

    def _community_phrase(self, hit: Hit, root: Token) -> CodedPhrase | None:
        """The members of a community named as such ("the Kurds", "Sunnis", "Iraq's Christians",
        "Syrian Kurds"): its code, after the country its own phrase gives. An adjective before a
        noun that is no role ("a Shiite shrine", "Sunni areas") is no actor."""
        if root.pos_ not in ("NOUN", "PROPN") or root.dep_ in ("amod", "compound", "nmod"):
            return None
        if root.tag_ not in ("NNS", "NNPS") and not any(c.lower_ == "the" for c in root.lefts):
            return None  # "a Kurd", "Christian" alone: one person or an adjective read as a noun
        start, owner = hit.start, None
        for child in root.lefts:
            other = self.hit_at.get(child.i)
            if child.lower_ == "the" and child.i < start:
                start = child.i
            elif (
                other is not None
                and other.kind in (ADJECTIVE, COUNTRY, IDENTITY)
                and child.dep_ in ("amod", "poss", "compound")
            ):
                owner, start = hit_country(other) or other.value, min(start, other.start)
                self.absorbed.add(other)
        code = (owner or "") + hit.value.code
        return CodedPhrase(start, max(hit.end, root.i + 1), root.i, "demonym", code, owner, (), None, True, "")

    def _ethnic_people(self, hit: Hit, root: Token) -> CodedPhrase | None:
        """ "Ethnic Albanians in southern Serbia" are civilians of Serbia, not the state of
        Albania; without a country of residence they stay uncoded."""
        for child in root.rights:
            if child.dep_ == "prep" and child.lower_ == "in":
                for pobj in child.children:
                    place = self.hit_at.get(pobj.i)
                    country = hit_country(place) if place is not None and place.kind != GROUP else None
                    if country:
                        end = pobj.right_edge.i + 1
                        return CodedPhrase(
                            hit.start - 1,
                            end,
                            root.i,
                            "demonym",
                            country + "CVL",
                            country,
                            ("CVL",),
                            None,
                            False,
                            root.lemma_.lower(),
                        )
        return None

    # -- bare names -------------------------------------------------------------------------

    def _adjective_phrase(self, hit: Hit, root: Token) -> CodedPhrase | None:
        """A country's adjective as an actor of its own: the states of a bloc or country ("Western
        countries" WST, "Asian nations" ASA), or the adjective used as a noun for its people ("an
        Austrian", "some Chinese" CVL; "the French" the people as a party)."""
        doc, code = self.doc, hit.value
        head = root.head
        if root.dep_ == "amod" and head.i == hit.end and head.lemma_.lower() in _STATES_OF and head.tag_ == "NNS":
            start = hit.start - 1 if hit.start > 0 and doc[hit.start - 1].lower_ == "the" else hit.start
            return CodedPhrase(start, head.i + 1, head.i, "demonym", code, code, (), None, True, "")
        if root.dep_ not in _NOUN_USES or hit.end - hit.start > 1 or self.context.is_bloc(code):
            return None
        article = doc[hit.start - 1].lower_ if hit.start > 0 else ""
        if article == "the" and root.lower_.endswith(_COLLECTIVE_ENDINGS):
            # "the French", "the British", "the Chinese": the people as a party
            return CodedPhrase(hit.start - 1, hit.end, root.i, "demonym", code, code, (), None, True, "")
        if article in _SOME_PEOPLE:
            start = hit.start - 1
            return CodedPhrase(start, hit.end, root.i, "demonym", code + "CVL", code, ("CVL",), None, False, "")
        return None

    def _bare_region(self, code: str) -> bool:
        """A CAMEO region named alone ("Europe", "Southeast Asia") is a place unless it is a
        verb's subject or object ("Europe must act", "urged Europe to ..."); "the West" is a
        political bloc and stays an actor."""
        country = self.lexicon.countries.get(code)
        return country is not None and country.bloc and code != "WST"

    def phrase(self, hit: Hit) -> CodedPhrase | None:
        doc = self.doc
        span = doc[hit.start : hit.end]
        root = span.root
        if hit.kind == GROUP:
            group: Group = hit.value
            if group.kind == "igo" and (location_use(root) or attribute_use(root)):
                return None  # "to stay in the EU", "EU membership": an area or a club, no actor
            if (
                group.kind in ("company", "media")
                and root.dep_ == "compound"
                and root.head.lemma_.lower() in PLATFORM_PARTS
            ):
                return None  # "a Twitter user", "a Facebook post": someone on it, not the company
            start, adjective = hit.start, None
            for i in range(root.left_edge.i, hit.start):
                other = self.hit_at.get(i)
                if (
                    other is not None
                    and other.kind in (ADJECTIVE, IDENTITY, COUNTRY)
                    and doc[i].head.i == root.i
                    and doc[i].dep_ in ("amod", "compound")
                ):
                    adjective, start = other.value, min(start, other.start)
                    self.absorbed.add(other)
            if start > 0 and doc[start - 1].lower_ == "the":
                start -= 1
            end = hit.end
            if root.dep_ == "compound" and root.head.i > root.i and root.head.lemma_.lower() in _GROUP_PARTS:
                end = root.head.i + 1  # "Hamas members", "NATO allies", "Hezbollah positions"
            code = group_code(group, adjective)
            return CodedPhrase(
                start,
                end,
                root.i,
                "group",
                code,
                adjective or group.country,
                group.sectors,
                group,
                True,
                root.lemma_.lower(),
            )
        if hit.kind == COMMUNITY:
            return self._community_phrase(hit, root)
        if hit.kind == ADJECTIVE:
            return self._adjective_phrase(hit, root)
        if hit.kind in (IDENTITY, REGION):
            return None
        if (
            location_use(root, seat=hit.kind == SEAT)
            or (hit.kind in (COUNTRY, CAPITAL) and attribute_use(root, hit.kind == CAPITAL))
            or (hit.kind == SEAT and named_attack(root))
        ):
            return None
        if hit.kind == COUNTRY and self._bare_region(hit.value) and conjunct_of(root).dep_ not in PARTY_DEPS:
            return None  # "Asia's toughest job", "Mediterranean water", "stands with Europe": a place
        if hit.kind == COUNTRY:
            return CodedPhrase(hit.start, hit.end, root.i, "name", hit.value, hit.value, (), None, True, "")
        if hit.kind == PEOPLE and hit.start > 0 and doc[hit.start - 1].lower_ == "ethnic":
            return self._ethnic_people(hit, root)
        if hit.kind == PEOPLE:
            if hit.start > 0 and doc[hit.start - 1].lower_ == "the":
                # "the Palestinians rejected the plan": the people as a political actor
                return CodedPhrase(hit.start - 1, hit.end, root.i, "demonym", hit.value, hit.value, (), None, True, "")
            if some_people(root):
                # "thousands of Nigerians", "Palestinians living in the West Bank": people, not a state
                code = hit.value + "CVL"
                return CodedPhrase(hit.start, hit.end, root.i, "demonym", code, hit.value, ("CVL",), None, False, "")
            return CodedPhrase(hit.start, hit.end, root.i, "demonym", hit.value, hit.value, (), None, True, "")
        if hit.kind == CAPITAL:
            if root.ent_type_ == "PERSON":
                return None
            return CodedPhrase(
                hit.start, hit.end, root.i, "seat", hit.value + "GOV", hit.value, ("GOV",), None, True, ""
            )
        if hit.kind == SEAT:
            seat_code: str = hit.value
            sectors = (seat_code[3:6],) if len(seat_code) >= 6 else ()
            return CodedPhrase(hit.start, hit.end, root.i, "seat", seat_code, seat_code[:3], sectors, None, True, "")
        return None
