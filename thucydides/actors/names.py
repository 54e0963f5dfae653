"""Name hits read in their sentence: whether a name is only part of a longer proper name the
lexicon does not know ("Damascus Gate"), which names are locations, and the small grammar the
phrase coder shares for names ("2,000 Libyans" are some of a people, not their state)."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from .lexicon import Group
from .match import ADJECTIVE, CAPITAL, COUNTRY, GROUP, IDENTITY, REGION, SECTOR, Hit
from .usage import CORPORATE_SUFFIXES, location_use

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


def conjunct_of(token: Token) -> Token:
    """The first of the conjuncts ``token`` belongs to ("the U.S. and Europe": "U.S.")."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token


def place_hits(doc: Doc, hits: Sequence[Hit]) -> list[Hit]:
    """Name hits used as locations: regions always, countries and capitals after "in", "into" …
    ``hits`` are the coder's name hits, without those inside a longer proper name."""
    return [
        hit
        for hit in hits
        if hit.kind == REGION or (hit.kind in (COUNTRY, CAPITAL) and location_use(doc[hit.start : hit.end].root))
    ]
