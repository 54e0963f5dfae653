"""How a name is used in its sentence: as a location ("in Kabul") or as an actor ("Kabul said").

Shared by the people and phrase coders; grammar only, no lexicon.
"""

from __future__ import annotations

from spacy.tokens import Token

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
    ]
)


# Things given or sent to someone: "to X" after them names a recipient, not a destination.
TRANSFER_NOUNS = frozenset(
    (
        "aid assistance support help loan loans grant grants credit donation donations funding funds money "
        "arms weapons sale sales export exports condolence condolences ultimatum message letter warning "
        "threat offer proposal apology appeal invitation request demand protest note promise pledge "
        "recognition concession concessions access asylum"
    ).split()
)


def location_use(token: Token) -> bool:
    """True when the name at ``token`` is where something is, not who acts ("in Kabul")."""
    if token.dep_ == "compound" and token.head.pos_ == "PROPN":
        token = token.head  # "in the Mediterranean Sea"
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    if token.dep_ != "pobj":
        return False
    preposition = token.head
    if preposition.lower_ in LOCATIVE_PREPOSITIONS:
        return True
    if preposition.lower_ in ("of", "with") and preposition.head.lemma_.lower() in GEOGRAPHIC_NOUNS:
        return True
    if preposition.lower_ == "to" and preposition.head.lemma_.lower() in TRANSFER_NOUNS:
        return False  # "military aid to Egypt", "an ultimatum to Ecuador": a recipient
    return preposition.lower_ == "to" and preposition.head.pos_ in ("NOUN", "PROPN")
