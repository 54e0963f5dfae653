"""How a name is used in its sentence: as a location ("in Kabul") or as an actor ("Kabul said").

Shared by the people and phrase coders; grammar only, no lexicon.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Doc, Token


def conjunct_of(token: Token) -> Token:
    """The first of the conjuncts ``token`` belongs to ("the U.S. and Europe": "U.S."), which
    holds the coordination's place in the sentence."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token


# Prepositions that make the country or city after them a location, not an actor.
LOCATIVE_PREPOSITIONS = frozenset(
    [
        "in",
        "into",
        "inside",
        "within",
        "across",
        "throughout",
        "near",
        "around",
        "at",
        "outside",
        "along",
        "beyond",
        "through",
        "toward",
        "towards",
        "onto",
    ]
)
# "the province of Pakistan": a geographic head makes "of X" a location.
GEOGRAPHIC_NOUNS = frozenset(
    [
        "province",
        "region",
        "city",
        "capital",
        "border",
        "borders",
        "frontier",
        "territory",
        "soil",
        "part",
        "area",
        "areas",
        "north",
        "south",
        "east",
        "west",
        "northwest",
        "northeast",
        "southwest",
        "southeast",
        "heart",
        "outskirts",
        "suburb",
        "suburbs",
        "neighbourhood",
        "neighborhood",
        "quarter",
        "coast",
        "interior",
        "districts",
        "district",
        "state",
        "states",
        "town",
        "village",
        "valley",
        "mountains",
        "side",
        "strait",
        "gulf",
        "sea",
        "river",
        "bay",
        "port",
        "island",
        "islands",
        "colony",
    ]
)
# Kinds of place a name may stand beside: "the capital Pyongyang", "the province, Helmand,".
_PLACE_KINDS = frozenset("capital city town village province region district territory island port".split())
# Places in a city or a country: "Jakarta's oldest department store", "Kabul's streets".
PLACE_NOUNS = frozenset(
    "street streets road roads airport airports hotel hotels store stores mall malls square squares stadium "
    "stations station neighbourhoods neighborhoods".split()
)


# Going and coming: "to X" and "from X" after them are a destination and an origin, not a party.
# Travelling, going, coming or flying "to X" is left out: a leader's trip to a country is a visit,
# and the country its host.
MOVING_TO = frozenset("flee move migrate relocate emigrate escape sail drive walk".split())
# ("came from Russia", "took the Golan from Syria" name a source and a loser, so come, take, go
# and move are not among them.)
MOVING_FROM = frozenset(
    (
        "travel flee fly return head sail drive walk migrate relocate emigrate escape "
        "arrive depart hail outflow outflows inflow inflows trip journey flight flights "
        "immigration emigration migration"
    ).split()
)


def abstract_use(token: Token) -> bool:
    """True when a role noun is used in an abstract sense, naming no one: "came into force",
    "the use of force", "no legal force"; "his opposition to the deal" (a stance, not a party);
    "a race for justice"; "Yahoo's core business"; "fuel tanks"; jets that are bought or sold."""
    lemma = token.lemma_.lower()
    if lemma == "force" and token.tag_ == "NN":
        lefts = [child for child in token.lefts if child.dep_ in ("det", "poss", "compound", "amod", "nummod")]
        if all(child.lower_ in ("no", "legal", "binding", "full") for child in lefts):
            return True
    if lemma == "opposition":
        return any(child.dep_ == "prep" and child.lower_ == "to" for child in token.rights)
    modifiers = [child for child in token.lefts if child.dep_ in ("det", "poss", "compound", "amod", "nummod")]
    if lemma in _ABSTRACT_SENSES and token.tag_ == "NN" and not modifiers and token.dep_ not in ("nsubj", "nsubjpass"):
        return True  # "powers of authority", "a race for justice", "the seat of administration"
    if lemma == "business" and any(c.dep_ == "poss" or c.lower_ == "core" for c in modifiers):
        return True  # "Yahoo's core business": a part of a company, not a company
    if lemma in _ARMS and _traded(token):
        return True  # "Israel is expected to get F-35 fighter jets": hardware, not a party
    return lemma == "tank" and any(c.dep_ == "compound" and c.lower_ in _TANK_CONTENTS for c in modifiers)


# Machines of war that may stand for their crews ("jets struck the camp"), unless they are bought,
# sold or delivered.
_ARMS = frozenset("jet warplane aircraft fighter helicopter drone tank warship submarine frigate bomber".split())
_TRADE_VERBS = frozenset("get receive buy sell deliver supply acquire purchase order provide obtain export".split())


def _traded(token: Token) -> bool:
    token = conjunct_of(token)
    return token.dep_ in ("dobj", "nsubjpass") and token.head.lemma_.lower() in _TRADE_VERBS


# Role nouns that, bare and singular, name an idea: "justice", "authority", "administration".
_ABSTRACT_SENSES = frozenset({"justice", "authority", "administration"})
_TANK_CONTENTS = frozenset({"fuel", "water", "oil", "gas", "storage", "septic", "propellant"})  # no armour


# The last word of a company's registered name: "Yahoo Inc", "Siemens AG", "Royal Philips NV".
CORPORATE_SUFFIXES = frozenset(
    "Inc Corp Corporation Co Ltd Limited Plc PLC plc SA S.A AG NV N.V LP L.P LLC GmbH SpA AB ASA Bhd Berhad".split()
)


# Roles that bear arms: "government forces" are still forces, "police Sgt." still police.
ARMED_ROLES = frozenset({"MIL", "COP", "SPY", "REB", "INS", "SEP", "UAF"})


# A leader's trip "to X": X is the host, a party to the visit.
VISIT_NOUNS = frozenset("visit visits trip trips tour".split())
# Things given or sent to someone: "to X" after them names a recipient, not a destination.
TRANSFER_NOUNS = frozenset(
    (
        "aid assistance support help loan loans grant grants credit donation donations funding funds money "
        "arms weapons sale sales export exports condolence condolences ultimatum message letter warning "
        "threat offer proposal apology appeal invitation request demand protest note promise pledge "
        "recognition concession concessions access asylum"
    ).split()
)


def location_use(token: Token, seat: bool = False) -> bool:
    """True when the name at ``token`` is where something is, not who acts ("in Kabul"). A
    ``seat`` standing for a government ("the White House") is a place only after a locative
    preposition: "ties to the White House" are ties to the presidency."""
    if token.dep_ == "compound" and token.head.pos_ == "PROPN":
        token = token.head  # "in the Mediterranean Sea"
    token = conjunct_of(token)
    if token.dep_ == "poss" and token.head.ent_type_ in ("GPE", "LOC", "FAC") and token.head.i > token.i:
        return True  # "China's Hangzhou": the country of a place
    if _seen_there(token):
        return True  # "Indonesia has seen attacks before": where they happened
    kind = token.head
    if token.dep_ == "appos" and kind.pos_ == "NOUN" and kind.lower_ in _PLACE_KINDS and kind.i < token.i:
        return True  # "the capital Pyongyang", "the province, Helmand,": the place named as a place
    if token.dep_ != "pobj":
        return False
    preposition = token.head
    if preposition.lower_ in LOCATIVE_PREPOSITIONS:
        return True
    if preposition.lower_ in ("including", "like"):
        return _listed_in_place(preposition)  # "in Southeast Asia, including Indonesia and Malaysia"
    if preposition.lower_ in ("of", "with") and preposition.head.lemma_.lower() in GEOGRAPHIC_NOUNS:
        return True
    if preposition.lower_ == "to" and preposition.head.lemma_.lower() in TRANSFER_NOUNS:
        return False  # "military aid to Egypt", "an ultimatum to Ecuador": a recipient
    motion = preposition.head.lemma_.lower()
    if preposition.i > 0 and preposition.doc[preposition.i - 1].lemma_.lower() in MOVING_FROM:
        motion = preposition.doc[preposition.i - 1].lemma_.lower()  # "control immigration from the EU"
    if (preposition.lower_ == "to" and motion in MOVING_TO) or (preposition.lower_ == "from" and motion in MOVING_FROM):
        return True  # "fled to Taiwan", "hails from the UK"
    if preposition.lower_ == "from" and motion == "take" and any(c.lower_ == "off" for c in preposition.head.children):
        return True  # "took off from Paris" (but "took the heights from Syria": Syria lost them)
    if preposition.lower_ == "to" and motion in VISIT_NOUNS | RELATION_NOUNS:
        return False  # "a state visit to Israel" (the host), "a partner to the United States"
    return not seat and preposition.lower_ == "to" and preposition.head.pos_ in ("NOUN", "PROPN")


def _listed_in_place(preposition: Token) -> bool:
    """True when "including" or "like" follows a place after a locative preposition ("in
    Southeast Asia, including Indonesia"), whatever the parser attached the list to."""
    doc = preposition.doc
    before = preposition.i - 1
    while before >= 0 and doc[before].is_punct:
        before -= 1
    if before < 0:
        return False
    place = doc[before]
    while place.dep_ == "compound" and place.head.i > place.i:
        place = place.head
    return place.dep_ == "pobj" and place.head.lower_ in LOCATIVE_PREPOSITIONS


# "X has seen attacks", "Syria saw heavy fighting": the place where something happened.
_HAPPENINGS = frozenset(
    (
        "attack bombing blast shooting violence unrest protest demonstration rally clash fighting battle "
        "strike riot flood drought wave surge rise increase influx spate string series upheaval turmoil "
        "boom slump decline growth outbreak"
    ).split()
)


def _seen_there(token: Token) -> bool:
    """True when the name is the subject of "see" or "witness" with a happening as its object
    ("Indonesia has seen attacks by militants"), not of a view ("Russia saw the move as ...")."""
    verb = token.head
    if token.dep_ != "nsubj" or verb.lemma_.lower() not in ("see", "witness", "experience"):
        return False
    if any(child.dep_ in ("ccomp", "xcomp", "oprd") or child.lower_ == "as" for child in verb.children):
        return False
    objects = [child for child in verb.children if child.dep_ == "dobj"]
    return bool(objects) and all(obj.lemma_.lower() in _HAPPENINGS for obj in objects)


# What a state has or is, never who acts: "China's economy", "the U.S. dollar", "Syria's territory".
ATTRIBUTE_NOUNS = frozenset(
    (
        "economy economies currency dollar dollars ruble rouble yuan renminbi euro pound yen rupee lira won "
        "peso rial riyal dinar market markets stock stocks share shares index bond bonds yield yields futures "
        "inventory inventories stockpile stockpiles output exports imports gdp growth inflation debt "
        "population history future past weather climate landscape map shore shores coastline skyline "
        "center centre countryside integrity unity partition breakup federalism structure "
        "image reputation flag anthem swathe swathes swath rest membership benchmark gauge"
    ).split()
)
# Possessed or modified, a geographic head is a place ("Syria's capital", "Pakistan's north"), except
# the words that also name a party ("Pakistan's side said").
_GEOGRAPHIC_PARTS = GEOGRAPHIC_NOUNS - {"side", "state", "states"}
# An event or process named after a country: "the Syria truce", "the Iran deal", "the EU referendum".
# (Attacks and campaigns are left out: "U.S. strikes" are the state's own.)
NAMED_AFTER_NOUNS = frozenset(
    (
        "truce ceasefire cease-fire talks conference summit deal accord referendum war conflict crisis "
        "issue question peace process file dossier independence"
    ).split()
)
# An attack named after a city: "the Paris attacks", "the Jakarta bombing".
ATTACK_NOUNS = frozenset("attack attacks bombing bombings blast blasts shooting shootings massacre siege".split())
# Talks, plans and resolutions "on", "about" or "for" a country have it as their topic.
TOPIC_NOUNS = frozenset(
    (
        "talks talk negotiation negotiations conference meeting meetings summit resolution debate discussion "
        "discussions plan plans deal agreement report vote referendum peace envoy decision proposal "
        "proposals strategy policy roadmap framework federalism structure future"
    ).split()
)
TOPIC_PREPOSITIONS = frozenset(("on", "about", "over", "regarding", "concerning", "for"))


# The shape a country might take: "a federal Syria", "a united Europe", "a new Britain" (but "an
# assertive China" is the state itself, behaving).
_SHAPES = frozenset(
    "new decentralized decentralised united unified federal free democratic independent divided "
    "partitioned stable prosperous greater secular".split()
)


def _country_as_idea(token: Token) -> bool:
    """ "one China", "a decentralized Syria", "a new, united Europe": read from the words before
    the name (the parser often gets "a decentralized Syria" wrong)."""
    doc, start = token.doc, token.i
    while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].head.i == token.i:
        start -= 1
    words = [w.lower_ for w in doc[max(0, start - 4) : start] if not w.is_punct]
    if token.i >= 1 and doc[token.i - 1].lower_ == "one" and doc[token.i - 1].head.i == token.i:
        return True  # "belong to one China"
    if not words or words[-1] not in _SHAPES:
        return False
    return any(word in ("a", "an") for word in words)


# Relations between states: "X's ally", "X's neighbour".
RELATION_NOUNS = frozenset("ally allies partner partners neighbour neighbor rival foe enemy backer client".split())


def _ally_of_named(token: Token, head: Token) -> bool:
    """True when the name only says whose ally the named one is, as a title before the name:
    "U.S. ally Turkey", "U.S. partner Japan"."""
    if token.dep_ != "compound" or head.lemma_.lower() not in RELATION_NOUNS or head.i < token.i:
        return False  # ("Pyongyang's sole ally, Beijing": the owner is a party to the alliance)
    after = head.doc[head.i + 1] if head.i + 1 < len(head.doc) else None
    return after is not None and after.pos_ == "PROPN" and after.is_title  # read in order: parses vary


def attribute_use(token: Token, city: bool = False) -> bool:
    """True when the name at ``token`` only describes something that does not act: a thing of
    the state's ("China's economy", "the U.S. dollar", "Syria's territory"), an event or a
    process named after it ("the Syria truce", "the EU referendum"; for a city, ``city``, also
    an attack: "the Paris attacks") or the topic of talks and plans ("talks on Syria", "a
    federal structure for Syria", "the division of Syria")."""
    if token.dep_ == "compound" and token.head.pos_ == "PROPN" and token.head.i > token.i:
        return False  # part of a longer name: read by inside_longer_name
    token = conjunct_of(token)
    if _country_as_idea(token):
        return True  # "a decentralized Syria", "a new Britain", "one China": an idea of the country
    head = token.head
    lemma = head.lemma_.lower()
    if token.dep_ == "poss" and head.pos_ in ("ADJ", "NUM") and head.i > token.i:
        return True  # "the United States' seventh largest": a ranking, nothing done
    following = token.doc[token.i + 1] if token.i + 1 < head.i else None
    if token.dep_ == "compound" and following is not None and following.dep_ == "compound" and following.head == head:
        head, lemma = following, following.lemma_.lower()  # "Taiwan independence activities"
    if _ally_of_named(token, head):
        return True  # "U.S. ally Turkey", "the United States, a key Philippines' ally": the ally acts
    if token.dep_ in ("poss", "compound", "nmod") and head.pos_ == "NOUN" and head.i > token.i:
        if lemma in ATTRIBUTE_NOUNS or lemma in _GEOGRAPHIC_PARTS or head.lower_ in ATTRIBUTE_NOUNS:
            return True
        if lemma in PLACE_NOUNS:
            return True  # "Jakarta's oldest department store", "Kabul's streets"
        if lemma == "war" and any(child.lower_ == "civil" for child in head.lefts):
            return True  # "Syria's civil war": the war fought there
        if token.dep_ != "poss" and (lemma in NAMED_AFTER_NOUNS or head.lower_ in NAMED_AFTER_NOUNS):
            return True
        return city and token.dep_ != "poss" and (lemma in ATTACK_NOUNS or head.lower_ in ATTACK_NOUNS)
    if token.dep_ != "pobj":
        return False
    preposition = head
    owner = preposition.head
    if preposition.lower_ == "of" and owner.pos_ == "NOUN" and owner.lemma_.lower() in ATTRIBUTE_NOUNS | {"division"}:
        return True  # "the division of Syria", "the future of Europe" (but "Iraq's 9th division" acts)
    if preposition.lower_ in TOPIC_PREPOSITIONS and owner.pos_ == "NOUN":
        return owner.lemma_.lower() in TOPIC_NOUNS or owner.lower_ in TOPIC_NOUNS
    return False


def named_attack(token: Token) -> bool:
    """True when the name is the city an attack is named after: "the Brussels attacks", "the
    Paris and Brussels attacks" (for a seat, whose other uses name the body that sits there)."""
    token = conjunct_of(token)
    head = token.head
    return token.dep_ in ("compound", "nmod") and head.i > token.i and head.lemma_.lower() in ATTACK_NOUNS


_HYPHENS = ("-", "‐", "–")
# "-backed", "-based", "-led" after a name: the name is a patron, a place or a leader, not the owner.
HYPHEN_PARTICIPLES = frozenset("backed based led sponsored funded supported armed trained allied aligned".split())
_HYPHEN_WORD = re.compile(r"^(?P<name>.+?)[-‐–](?P<participle>[a-z]+)$")


def hyphen_participle(doc: Doc, hit: Any) -> str | None:
    """The participle joined to the name by a hyphen ("a British-based monitor": ``based``,
    "Saudi-backed rebels": ``backed``, "the U.S.-led coalition": ``led``), or None."""
    after = doc[hit.end : hit.end + 2]
    if len(after) == 2 and after[0].text in _HYPHENS and after[1].lower_ in HYPHEN_PARTICIPLES:
        return after[1].lower_
    return None


def hyphen_word(text: str) -> tuple[str, str] | None:
    """A name and participle written as one token ("U.S.-led": ``("U.S.", "led")``), or None."""
    found = _HYPHEN_WORD.match(text)
    if found is None or found["participle"] not in HYPHEN_PARTICIPLES:
        return None
    return found["name"], found["participle"]


def based_in(doc: Doc, hit: Any) -> bool:
    """True when the name is where something is based: "a British-based monitor", "the
    London-based think tank", "the Syria-based group" (the name, a hyphen, "based")."""
    return hyphen_participle(doc, hit) == "based"


def stance_word(doc: Doc, hit: Any) -> bool:
    """True when the name follows "pro-" or "anti-": "a pro-EU minister", "anti-American
    protests" say what someone is for or against, not whose they are."""
    before = doc[max(0, hit.start - 2) : hit.start]
    if len(before) == 2 and before[1].text in _HYPHENS and before[0].lower_ in ("pro", "anti"):
        return True
    return len(before) >= 1 and before[-1].lower_ in ("pro-", "anti-")
