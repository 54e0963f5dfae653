"""The dated office-holder table (``data/office_holders.tsv``) as the people coder reads it:
who held which office on a day, looked up by a name as news writes it.

Names are compared folded (lower case, no diacritics, no "al-"/"bin" particles, no generational
suffix), by surname, and a title fits an office when all its office words are in the office's
title ("Foreign Minister" fits "Minister of Foreign Affairs").
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .lexicon import ActorLexicon, OfficeTerm

_INITIAL = re.compile(r"^[a-z]\.?$")  # "J." in "George W. Bush": an initial

# Name particles that news writes, drops or glues on at will ("Bashar al-Assad", "Bashar Assad";
# "Mohammed bin Salman"): left out when names are compared.
PARTICLES = frozenset({"al", "el", "ad", "ash", "as", "ar", "az", "bin", "ibn", "bint"})
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})  # "Benigno Aquino III": the surname is Aquino
# Letters NFKD does not take apart.
_FOLD = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "’": "", "'": ""})
# States whose people news names surname first ("Xi Jinping" is "Xi", "Kim Jong Un" is "Kim").
_SURNAME_FIRST = frozenset({"CHN", "TWN", "PRK", "KOR", "SGP", "KHM"})
# Office words of a title, as the table's titles spell them: a title fits an office when all of
# its office words are in the office's title ("Foreign Minister" fits "Minister of Foreign Affairs").
_OFFICE_WORDS = {
    "president": "president",
    "vice": "vice",
    "prime": "prime",
    "premier": "prime",
    "chancellor": "chancellor",
    "minister": "minister",
    "secretary": "minister",
    "foreign": "foreign",
    "external": "foreign",
    "defence": "defense",
    "defense": "defense",
    "interior": "interior",
    "home": "interior",
    "king": "monarch",
    "queen": "monarch",
    "emir": "monarch",
    "sultan": "monarch",
    "emperor": "monarch",
    "prince": "prince",
    "crown": "prince",
}


@dataclass(frozen=True, slots=True)
class OfficeMatch:
    """What the office table says of a person on a day: their code, whether they held the office
    then (not only before), and their country (``None`` for an international office)."""

    code: str
    current: bool
    country: str | None
    term_names: tuple[str, ...] = ()  # the matched row's name and aliases


@dataclass(frozen=True, slots=True)
class OfficeIndex:
    """Office terms by folded surname for quick look-up."""

    by_surname: Mapping[str, tuple[OfficeTerm, ...]]
    name_titles: frozenset[str] = frozenset()  # "sheikh": kept in names, not always in the table's

    def lookup(
        self, name_tokens: Sequence[str], day: dt.date | None, title: str | None = None, former: bool = False
    ) -> OfficeMatch | None:
        """The office the person named held, or ``None``.

        ``current`` is False when the person held the office only before ``day`` (a former
        office holder: their country with ``ELI``). Without a date, who held office is unknown:
        a person known to one country's offices gets that country's bare code (``ISR``). A
        surname alone counts only when it names one person in office that day who fits the
        ``title`` the text gives (if dated); or, when the text calls them former, one person who
        held such an office before.
        """
        matches = self._matches(name_tokens)
        single = len([w for w in name_tokens if not _INITIAL.match(w) and w not in self.name_titles]) == 1
        if day is None:
            if single and not _one_person(matches):
                return None
            countries = {term.country for term in matches if term.country}
            return OfficeMatch(next(iter(countries)), True, next(iter(countries))) if len(countries) == 1 else None
        current = [term for term in matches if term.held_on(day)]
        fitting = [term for term in current if _fits(title, term)]
        if single:
            current = fitting  # "President Sharif" is not the army chief of the same name
        elif fitting:
            current = fitting
        if single and current and not _one_person(current):
            return None  # "Malik" alone could be any of several office holders
        if current:
            # Head-of-state and government rows (plain XXXGOV) before ministry codes.
            current.sort(key=lambda t: (len(t.code), t.code))
            return OfficeMatch(current[0].code, True, current[0].country or None, _names(current[0]))
        former_terms = [term for term in matches if term.end is not None and term.end < day]
        if single:
            former_terms = [term for term in former_terms if former and _fits(title, term)]
        if former_terms and former_terms[0].country and _one_person(former_terms):
            return OfficeMatch(former_terms[0].country + "ELI", False, former_terms[0].country, _names(former_terms[0]))
        return None

    def surname_first(self, name_tokens: Sequence[str]) -> bool:
        """True when the table knows this full name as someone named surname first ("Kim Jong Un")."""
        return any(term.country in _SURNAME_FIRST for term in self._matches(name_tokens)) and len(name_tokens) > 1

    def knows_surname(self, name_tokens: Sequence[str]) -> bool:
        """True when someone in the table is called by these words ("Obama", "Kim")."""
        return bool(self._matches(name_tokens))

    def knows_full_name(self, name_tokens: Sequence[str]) -> bool:
        """True when the words are a full name (two words or more) of someone in the table."""
        return len(name_tokens) > 1 and bool(self._matches(name_tokens))

    def _matches(self, name_tokens: Sequence[str]) -> list[OfficeTerm]:
        words = [w for w in name_tokens if not _INITIAL.match(w)]
        if not words:
            return []
        found = self._terms_named(words)
        bare = [w for w in words if w not in self.name_titles]
        if not found and bare and len(bare) < len(words):
            found = self._terms_named(bare)  # "Sheikh Tamim bin Hamad" for "Tamim bin Hamad Al Thani"
        return found

    def _terms_named(self, words: Sequence[str]) -> list[OfficeTerm]:
        keys = {words[-1], words[0]} if len(words) > 1 else {words[0]}
        terms = {id(term): term for key in keys for term in self.by_surname.get(key, ())}
        return [
            term
            for term in terms.values()
            if any(_in_order(words, name_tokens(n)) and _keyed_on(words, n, term) for n in (term.name, *term.aliases))
        ]

    def country_for_title(self, name_tokens: Sequence[str], title: str) -> str | None:
        """The one country where the people so named held an office called like ``title``
        ("President"), whatever the date; ``None`` when none or several countries do."""
        wanted = {w.strip(".,").lower() for w in title.split()} - {"the", "of", "a"}
        if not wanted:
            return None
        titled = [
            term for term in self._matches(name_tokens) if term.title and wanted & set(term.title.lower().split())
        ]
        # "President Bush" without a date: two presidents, one office, one country
        countries = {term.country for term in titled if term.country}
        return countries.pop() if len(countries) == 1 else None


def _keyed_on(words: Sequence[str], name: str, term: OfficeTerm) -> bool:
    """The words end on the name's surname ("Erdogan", "Tayyip Erdogan"), or, for a people who put
    the surname first, start on it ("Xi", "Kim Jong Un")."""
    tokens = name_tokens(name)
    if not tokens:
        return False
    if words[-1] == tokens[-1]:
        return True
    return term.country in _SURNAME_FIRST and words[0] == tokens[0]


def _fits(title: str | None, term: OfficeTerm) -> bool:
    """True when the title the text gives names the term's office, or names no office ("Mr")."""
    wanted = _office_words(title)
    return not wanted or wanted <= _office_words(term.title)


def _office_words(title: str | None) -> frozenset[str]:
    if not title:
        return frozenset()
    words = re.split(r"[\s\-]+", title.lower())
    return frozenset(_OFFICE_WORDS[w.strip(".,'")] for w in words if w.strip(".,'") in _OFFICE_WORDS)


def _one_person(terms: Sequence[OfficeTerm]) -> bool:
    """True when the terms are all one person's: the same country and names that contain one
    another ("Ali Khamenei" and "Ali Hoseini Khamenei" in two sources)."""
    if not terms:
        return False
    first = terms[0]
    return all(term.country == first.country and _same_name(first, term) for term in terms[1:])


def _names(term: OfficeTerm) -> tuple[str, ...]:
    return (term.name, *term.aliases)


def same_suffix(name: str, table_names: Sequence[str]) -> bool:
    """False when the name the text gives ends in a generational suffix ("James Brown III", "Jr.")
    that none of the table's names for the person has: another person of the same name."""
    last = fold_name(name.split()[-1]) if name.split() else ""
    if last not in _SUFFIXES or not table_names:
        return True
    return any(n.split() and fold_name(n.split()[-1]) == last for n in table_names)


def _same_name(a: OfficeTerm, b: OfficeTerm) -> bool:
    names_a = [name_tokens(n) for n in (a.name, *a.aliases)]
    names_b = [name_tokens(n) for n in (b.name, *b.aliases)]
    return any(x and y and x[-1] == y[-1] and (_in_order(x, y) or _in_order(y, x)) for x in names_a for y in names_b)


def _in_order(words: Sequence[str], name: Sequence[str]) -> bool:
    """True when ``words`` appear in ``name`` in the same order, each as often ("Rehman Malik"
    in "A. Rehman Malik"; "Abdullah Abdullah" is not in "Abdullah")."""
    remaining = iter(name)
    return all(any(word == part for part in remaining) for word in words)


def build_office_index(lexicon: ActorLexicon) -> OfficeIndex:
    by_surname: dict[str, list[OfficeTerm]] = defaultdict(list)
    for term in lexicon.office_terms:
        names = [tokens for tokens in (name_tokens(n) for n in (term.name, *term.aliases)) if tokens]
        surnames = {tokens[-1] for tokens in names}
        if term.country in _SURNAME_FIRST:
            surnames |= {tokens[0] for tokens in names}
        for surname in surnames:
            by_surname[surname].append(term)
    name_titles = frozenset(fold_name(t.strip(".")) for t in lexicon.name_titles)
    return OfficeIndex({key: tuple(value) for key, value in by_surname.items()}, name_titles)


def name_tokens(name: str) -> tuple[str, ...]:
    """A name as compared: folded words, hyphenated parts apart, particles and a generational
    suffix left out ("Abdel-Fattah el-Sissi" -> abdel fattah sissi; "Aquino III" -> aquino)."""
    words = [fold_name(w) for w in re.split(r"[\s_\-‐–]+", name) if w.strip(".,")]
    words = [w for w in words if w]
    kept = [w for w in words if w not in PARTICLES] or words
    while len(kept) > 2 and kept[-1] in _SUFFIXES:
        kept.pop()
    return tuple(kept)


def fold_name(word: str) -> str:
    """Lower case without diacritics or apostrophes: "Erdoğan" -> erdogan, "Ya'alon" -> yaalon."""
    word = word.strip(".,").lower()
    if word.isascii():
        return word.replace("'", "")
    word = unicodedata.normalize("NFKD", word.translate(_FOLD))
    return "".join(ch for ch in word if not unicodedata.combining(ch))
