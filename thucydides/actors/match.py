"""Finding lexicon entries in a parsed document: names (case-sensitive) and role nouns.

:class:`LexiconMatcher` is built once per spaCy vocabulary from the :class:`ActorLexicon`; its
``find`` gives the non-overlapping :class:`Hit` list of one document, longest first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from .lexicon import ActorLexicon

# Kinds of hit, in the order that wins when two hits cover the same tokens.
GROUP, SEAT, COUNTRY, PEOPLE, CAPITAL, REGION, ADJECTIVE, IDENTITY, COMMUNITY, SECTOR = (
    "group",
    "seat",
    "country",
    "people",
    "capital",
    "region",
    "adjective",
    "identity",
    "community",
    "sector",
)
_PRIORITY = {
    kind: rank
    for rank, kind in enumerate((GROUP, SEAT, COUNTRY, PEOPLE, CAPITAL, REGION, ADJECTIVE, IDENTITY, COMMUNITY, SECTOR))
}
# Region names that are also the first word of many organisations' names.
_BLOC_WORDS = frozenset({"Asia", "Europe", "Africa", "Arab", "Latin America", "Caribbean", "Mediterranean"})
# Entity labels under which a capitalised lexicon name is taken as that name (not a person).
_NAME_ENTS = {"GPE", "LOC", "NORP", "ORG", "FAC", ""}


@dataclass(frozen=True, slots=True)
class Hit:
    """A lexicon entry found at tokens ``start:end`` of the document."""

    kind: str
    start: int
    end: int
    value: Any  # country code (str), seat code (str), Group, Region, Community, or sector code (str)

    def span(self, doc: Doc) -> Span:
        return doc[self.start : self.end]


_IRREGULAR_PLURALS = {
    "child": "children",
    "person": "people",
    "police": "police",
    "staff": "staff",
    "personnel": "personnel",
    "media": "media",
}


def plural_forms(term: str) -> tuple[str, ...]:
    """The term and its regular English plural ("agency" → "agencies", "spokesman" → "spokesmen")."""
    head, _, last = term.rpartition(" ")
    prefix = f"{head} " if head else ""
    if last in _IRREGULAR_PLURALS:
        plural = _IRREGULAR_PLURALS[last]
    elif last.endswith("man") and last not in {"german", "human", "roman", "shaman"}:
        plural = last[:-3] + "men"
    elif last.endswith(("s", "x", "z", "ch", "sh")):
        plural = last + "es"
    elif last.endswith("y") and len(last) > 1 and last[-2] not in "aeiou":
        plural = last[:-1] + "ies"
    elif last.endswith("f") and last not in {"chief", "staff"}:
        plural = last[:-1] + "ves"
    else:
        plural = last + "s"
    return (term, prefix + plural)


def _variants(surface: str) -> tuple[str, ...]:
    """``the X`` is also written ``The X`` at the start of a sentence."""
    if surface[:1].islower():
        return (surface, surface[:1].upper() + surface[1:])
    return (surface,)


class LexiconMatcher:
    """Phrase matchers over one vocabulary: names by exact spelling, role nouns by lower case."""

    def __init__(self, nlp: Any, lexicon: ActorLexicon) -> None:
        self.lexicon = lexicon
        self._values: dict[tuple[str, str], Any] = {}
        self._names = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._sectors = PhraseMatcher(nlp.vocab, attr="LOWER")
        entries: dict[str, list[str]] = {}

        def add(kind: str, surface: str, value: Any) -> None:
            for variant in _variants(surface):
                key = (kind, variant)
                if key not in self._values:
                    self._values[key] = value
                    entries.setdefault(kind, []).append(variant)

        for country in lexicon.countries.values():
            for alias in country.aliases:
                add(COUNTRY, alias, country.code)
            for adjective in country.adjectives:
                add(ADJECTIVE, adjective, country.code)
            for people in country.people:
                add(PEOPLE, people, country.code)
            for capital in country.capitals:
                add(CAPITAL, capital, country.code)
        for surface, code in lexicon.seats.items():
            add(SEAT, surface, code)
        # Named groups and regions also with their article, so that "the West Bank" is the
        # region, not "the West" (a bloc) followed by "Bank".
        for group in lexicon.groups:
            for alias in (group.name, *group.aliases):
                add(GROUP, alias, group)
                add(GROUP, f"the {alias}", group)
        for region in lexicon.regions:
            for alias in (region.name, *region.aliases):
                add(REGION, alias, region)
                add(REGION, f"the {alias}", region)
        for word, code in lexicon.identities.items():
            add(IDENTITY, word, code)
        for word, community in lexicon.communities.items():
            add(COMMUNITY, word, community)
        for kind, surfaces in entries.items():
            self._names.add(kind, list(nlp.tokenizer.pipe(surfaces)))
        sector_surfaces: list[str] = []
        for term, sector in lexicon.sector_terms.items():
            for form in plural_forms(term):
                if (SECTOR, form) not in self._values:
                    self._values[(SECTOR, form)] = sector
                    sector_surfaces.append(form)
        self._sectors.add(SECTOR, list(nlp.tokenizer.pipe(sector_surfaces)))
        self._kind_of = {nlp.vocab.strings[kind]: kind for kind in _PRIORITY}
        self.name_surfaces = frozenset(surface for kind, surface in self._values if kind != SECTOR)

    def find(self, doc: Doc) -> list[Hit]:
        """Non-overlapping hits: longest first, then by kind priority (groups before countries)."""
        entities = _EntityIndex(doc)
        candidates: list[Hit] = []
        for match_id, start, end in self._names(doc):
            kind = self._kind_of[match_id]
            span = doc[start:end]
            value = self._values.get((kind, span.text))
            if value is None or not _looks_like_name(span, kind, entities):
                continue
            candidates.append(Hit(kind, start, end, value))
        for _, start, end in self._sectors(doc):
            value = self._values.get((SECTOR, doc[start:end].text.lower()))
            if value is not None:
                candidates.append(Hit(SECTOR, start, end, value))
        return _without_overlaps(candidates)


class _EntityIndex:
    """The named entity each token belongs to, read once per document (``doc.ents`` is
    rebuilt on every access)."""

    def __init__(self, doc: Doc) -> None:
        self.of_token: dict[int, Span] = {i: entity for entity in doc.ents for i in range(entity.start, entity.end)}
        # last words of the document's full names: "Muslim" after "Saleh Muslim" is his surname
        self.surnames = frozenset(e[-1].text for e in doc.ents if e.label_ == "PERSON" and len(e) > 1)

    def longer(self, span: Span, labels: tuple[str, ...]) -> bool:
        """True when a token of ``span`` lies in an entity of ``labels`` that reaches beyond it."""
        for i in range(span.start, span.end):
            entity = self.of_token.get(i)
            if entity is not None and entity.label_ in labels and (entity.start < span.start or entity.end > span.end):
                return True
        return False

    def beside(self, span: Span, label: str) -> bool:
        """True when the word just before or after ``span`` is a capitalised proper noun of an
        entity labelled ``label`` ("Jean Marc" before "Christian Zongo")."""
        doc = span.doc
        for i in (span.start - 1, span.end):
            entity = self.of_token.get(i)
            if entity is not None and entity.label_ == label and doc[i].pos_ == "PROPN" and doc[i].text[:1].isupper():
                return True
        return False


def _looks_like_name(span: Span, kind: str, entities: _EntityIndex) -> bool:
    """Reject a capitalised word that the parser reads as something else (a person, a verb)."""
    if kind not in (ADJECTIVE, IDENTITY) and entities.longer(span, ("PERSON",)):
        return False  # "Michael Jordan", "Saleh Muslim" (but "Estonian MEP" is no name)
    if kind == COMMUNITY and entities.beside(span, "PERSON"):
        return False  # "Christian" in "Jean Marc Christian Zongo", where the recogniser stops short
    if kind == COMMUNITY and span.text in entities.surnames and span.root.dep_ not in ("amod", "compound"):
        return False  # "Muslim said", a second mention of Saleh Muslim (but "Muslim leaders" is the faith)
    if kind == SEAT and entities.longer(span, ("ORG", "FAC")):
        return False  # "Congress" in "the Nigeria Labour Congress"
    if kind == COUNTRY and span.text in _BLOC_WORDS and entities.longer(span, ("ORG", "FAC", "EVENT")):
        return False  # "Asia" in "Asia-Pacific Economic Cooperation"
    if kind in (ADJECTIVE, IDENTITY, COMMUNITY):
        return span.root.pos_ in {"ADJ", "PROPN", "NOUN"}
    # A country alone tagged PERSON ("Niger") is the small model's mistake, not a person.
    if span.root.pos_ in {"PROPN", "NOUN"} or span.root.ent_type_ in _NAME_ENTS - {""}:
        return True
    # "Nepal government" opening a sentence: the tagger calls the capitalised name an adjective.
    return (
        kind == COUNTRY
        and span.root.pos_ == "ADJ"
        and span.root.dep_ in {"amod", "compound"}
        and span.text[:1].isupper()
    )


def _without_overlaps(hits: Iterable[Hit]) -> list[Hit]:
    chosen: list[Hit] = []
    taken: set[int] = set()
    ordered = sorted(hits, key=lambda h: (-(h.end - h.start), _PRIORITY[h.kind], h.start))
    for hit in ordered:
        tokens = set(range(hit.start, hit.end))
        if tokens & taken:
            continue
        taken |= tokens
        chosen.append(hit)
    return sorted(chosen, key=lambda h: h.start)
