"""What a story says around a phrase: the states each sentence names, where paragraphs start,
the places a phrase's own words name, and the dateline's country.

The phrase coder asks it for the country a role noun may inherit, and under a rule that is
measured, not assumed: a state named in the sentence (or the one before) is inherited only when
no other state competes for it in the paragraph so far. Local roles (police, courts, mayors) may
also take the country of the city their own words name, or the dateline's.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Mapping, Sequence

from spacy.tokens import Doc

from .lexicon import UNKNOWN_COUNTRY, ActorLexicon
from .match import ADJECTIVE, CAPITAL, COUNTRY, GROUP, IDENTITY, PEOPLE, REGION, SEAT, Hit
from .people import PersonDraft

# Roles that serve where the story is: with no country named near them, they are the dateline's.
LOCAL_ROLES = frozenset({"COP", "JUD"})
LOCAL_OFFICES = frozenset({"mayor", "governor", "sheriff", "councillor", "councilman", "councilwoman", "alderman"})
# Named groups whose home country is no evidence of whose institutions a sentence speaks of.
NOT_STATE_EVIDENCE = frozenset({"media", "company", "ngo", "igo"})


def hit_country(hit: Hit) -> str | None:
    """The country a name hit stands for, if any."""
    if hit.kind in (COUNTRY, ADJECTIVE, PEOPLE, CAPITAL, IDENTITY):
        return hit.value  # type: ignore[no-any-return]
    if hit.kind == SEAT:
        return hit.value[:3]  # type: ignore[no-any-return]
    if hit.kind in (REGION, GROUP):
        return hit.value.country  # type: ignore[no-any-return]
    return None


def is_local(code: str, words: str) -> bool:
    """True for a ``---`` code of a role that serves where the story is: police, courts, or a
    mayor's or governor's government (``words``: the title or phrase)."""
    roles = code[len(UNKNOWN_COUNTRY) :]
    if roles[:3] in LOCAL_ROLES:
        return True
    return roles[:3] == "GOV" and bool(set(words.lower().replace(".", " ").split()) & LOCAL_OFFICES)


class StoryContext:
    """The document around the phrases, read once: built from the parse, the name hits that
    are evidence of a state (``hits``: no "-based" names, none inside a longer name) and the
    people found. Immutable after construction."""

    def __init__(
        self,
        doc: Doc,
        lexicon: ActorLexicon,
        sentence_starts: Sequence[int],
        hits: Sequence[Hit],
        people_by_token: Mapping[int, PersonDraft],
        role_tokens: frozenset[int],
        *,
        inherit_country: bool,
        story_country: str | None = None,
        city_countries: Callable[[str], str | None] | None = None,
    ) -> None:
        self.doc = doc
        self.lexicon = lexicon
        self.inherit_country = inherit_country
        self.story_country = story_country if story_country in lexicon.countries else None
        self.city_countries = city_countries
        self.sentence_starts = list(sentence_starts)
        self._role_tokens = role_tokens  # tokens of role nouns: never part of a place's name
        self._places = [e for e in doc.ents if e.label_ == "GPE"]
        self.countries_in = self._countries_by_sentence(hits, people_by_token)
        self.paragraph_of = self._paragraph_starts()  # sentence -> first sentence of its paragraph

    def sentence_of(self, index: int) -> int:
        """The number of the sentence holding token ``index``."""
        return bisect.bisect_right(self.sentence_starts, index) - 1

    def is_bloc(self, code: str) -> bool:
        country = self.lexicon.countries.get(code)
        return country is not None and country.bloc

    # -- the states named nearby ---------------------------------------------------------------

    def context_country(self, index: int) -> str | None:
        """The one state named in the sentence of ``index`` and the sentence before it, by name,
        adjective, capital, group or person, when no other state competes in the paragraph so
        far; None when none is named or several are (the rule that keeps "the military" of a
        cross-border strike from the wrong side)."""
        sentence = self.sentence_of(index)
        first = self.paragraph_of[sentence]
        countries = self.countries_in
        found = countries[sentence] | (countries[sentence - 1] if sentence > first else frozenset())
        since = first  # a state named in the sentence itself competes only with its own paragraph
        if not found and sentence > 0:
            found, since = countries[sentence - 1], min(first, sentence - 1)
        rivals = frozenset().union(*(countries[n] for n in range(since, sentence + 1)))
        return next(iter(found)) if len(found) == 1 and rivals <= found else None

    def nearest_country(self, index: int) -> str | None:
        """The state a titled person with no country of their own belongs to ("Spokesman X
        said", after a sentence about Iran's foreign ministry): :meth:`context_country`, when
        inheriting is on."""
        return self.context_country(index) if self.inherit_country else None

    def named_near(self, sentence: int) -> frozenset[str]:
        """The states named in ``sentence`` and the one before it."""
        countries = self.countries_in
        return countries[sentence] | (countries[sentence - 1] if sentence > 0 else frozenset())

    def names_other_state(self, index: int, own: str | None) -> bool:
        """True when the sentence of ``index`` names a state other than ``own``."""
        return bool(self.countries_in[self.sentence_of(index)] - {own})

    # -- local roles ---------------------------------------------------------------------------

    def city_country_for(self, code: str | None, words: str, places: Sequence[str]) -> str | None:
        """``code`` with the country of the one city or US state ``places`` names (the place
        names in the role's own words: "Phoenix police" → USACOP, "Baton Rouge police",
        "Houston Mayor X", "West Virginia state police"), for a local role named with no
        country; else None."""
        if code is None or not code.startswith(UNKNOWN_COUNTRY) or not is_local(code, words):
            return None
        countries = {c for place in places if (c := self.place_country(place))}
        return countries.pop() + code[len(UNKNOWN_COUNTRY) :] if len(countries) == 1 else None

    def place_country(self, name: str) -> str | None:
        """The country of a big city or US state called ``name`` as a whole ("New Orleans", not
        "Orleans"), when its name means one country."""
        country = self.city_countries(name) if self.city_countries is not None else None
        return country if country in self.lexicon.countries else None

    def places_in(self, start: int, end: int) -> list[str]:
        """What may be a place's name in tokens ``start:end``: the places the parser marks, and
        each whole run of capitalised proper nouns that are no role word ("Baton Rouge" in
        "Baton Rouge police", never "Rouge" alone)."""
        found = [e.text for e in self._places if start <= e.start and e.end <= end]
        run: list[str] = []
        for token in (*self.doc[start:end], None):
            if (
                token is not None
                and token.text[:1].isupper()
                and (token.pos_ == "PROPN" or not token.is_sent_start)  # "Florence" tagged a noun
                and token.i not in self._role_tokens
                and token.lower_ not in LOCAL_OFFICES
            ):
                run.append(token.text)
                continue
            if run:
                found.append(" ".join(run))
            run = []
        return found

    def story_country_for(
        self, code: str | None, index: int, title: str = "", police_country: str | None = None
    ) -> str | None:
        """``code`` with the story's dateline country (else the story's one police force's,
        ``police_country``) for a local role named with no country (``---COP`` "police",
        ``---JUD`` "the prosecutor", a mayor's ``---GOV``), when the sentence at ``index`` and
        the one before name no state at all and no state but that one is named before it."""
        story_country = self.story_country or police_country
        if not self.inherit_country or story_country is None or code is None:
            return None
        if not code.startswith(UNKNOWN_COUNTRY) or not is_local(code, title):
            return None
        roles = code[len(UNKNOWN_COUNTRY) :]
        sentence = self.sentence_of(index)
        if any(self.countries_in[n] - {story_country} for n in range(sentence + 1)):
            return None  # "LONDON - Gunmen attacked a bus in Nigeria ... Police said": not London's
        return story_country + roles if not self.named_near(sentence) else None

    # -- read once -------------------------------------------------------------------------------

    def _paragraph_starts(self) -> list[int]:
        """For each sentence, the first sentence of its paragraph (paragraphs end at a blank line)."""
        firsts: list[int] = []
        text = self.doc.text  # built once: Doc.text joins every token
        for number, token in enumerate(self.sentence_starts):
            start = self.doc[token].idx if token < len(self.doc) else len(text)
            opens = number == 0 or "\n\n" in text[max(0, start - 3) : start + 1]
            firsts.append(number if opens else firsts[-1])
        return firsts

    def _countries_by_sentence(
        self, hits: Sequence[Hit], people_by_token: Mapping[int, PersonDraft]
    ) -> list[frozenset[str]]:
        """The states each sentence names (blocs such as "the West" are no state)."""
        found: list[set[str]] = [set() for _ in self.sentence_starts]
        for hit in hits:
            if hit.kind == GROUP and hit.value.kind in NOT_STATE_EVIDENCE:
                continue  # "a Reuters witness" says nothing of whose parliament it is
            country = hit_country(hit)
            if country and not self.is_bloc(country):
                found[self.sentence_of(hit.start)].add(country)
        for token, person in people_by_token.items():
            if person.country and not self.is_bloc(person.country):
                found[self.sentence_of(token)].add(person.country)
        return [frozenset(countries) for countries in found]
