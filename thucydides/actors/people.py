"""People: names with their titles and descriptions, coded and linked within a document.

A person is coded by what the text says of them (a title with a country, an appositive such
as "an independent Pakistani military analyst"), else by the dated office-holder table
(``data/office_holders.tsv``: who held which office on the publication date), else left
uncoded. Later mentions ("Siddiqa", "analyst Siddiqa") are linked to the full name.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy
from spacy.attrs import LOWER
from spacy.tokens import Doc, Span, Token

from .lexicon import ActorLexicon, OfficeTerm
from .match import ADJECTIVE, CAPITAL, COUNTRY, GROUP, IDENTITY, REGION, SEAT, SECTOR, Hit
from .usage import location_use

_INITIAL = re.compile(r"^[a-z]\.?$")
_STATE_ROLES_FOR_ELI = {"GOV", "MIL", "SPY", "COP", "LEG", "JUD"}
_CIVIL_OFFICES = {"GOV", "LEG", "JUD"}
_NOT_NAMES = {"god", "allah"}


@dataclass(frozen=True, slots=True)
class OfficeIndex:
    """Office terms by surname (lower case) for quick look-up."""

    by_surname: Mapping[str, tuple[OfficeTerm, ...]]

    def lookup(self, name_tokens: Sequence[str], day: dt.date | None) -> tuple[str | None, bool]:
        """``(code, current)`` for the person named, or ``(None, False)``.

        ``current`` is False when the person held the office only before ``day`` (a former
        office holder: their country with ``ELI``). Without a date, who held office is unknown:
        a person known to one country's offices gets that country's bare code (``ISR``). A
        surname alone counts only when it names one person (in office that day, if dated).
        """
        matches = self._matches(name_tokens)
        single = len([w for w in name_tokens if not _INITIAL.match(w)]) == 1
        if day is None:
            if single and not _one_person(matches):
                return None, False
            countries = {term.country for term in matches if term.country}
            return (countries.pop(), True) if len(countries) == 1 else (None, False)
        current = [term for term in matches if term.held_on(day)]
        if single and not _one_person(current):
            return None, False  # "Malik" alone could be any of several office holders
        if current:
            # Head-of-state and government rows (plain XXXGOV) before ministry codes.
            current.sort(key=lambda t: (len(t.code), t.code))
            return current[0].code, True
        former = [term for term in matches if term.end is not None and term.end < day]
        if former and former[0].country and _one_person(former):
            return former[0].country + "ELI", False
        return None, False

    def _matches(self, name_tokens: Sequence[str]) -> list[OfficeTerm]:
        words = [w for w in name_tokens if not _INITIAL.match(w)]
        if not words:
            return []
        return [
            term
            for term in self.by_surname.get(words[-1], ())
            if any(_in_order(words, _name_tokens(n)) for n in (term.name, *term.aliases))
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


def _one_person(terms: Sequence[OfficeTerm]) -> bool:
    return len({_name_tokens(term.name) for term in terms}) == 1


def _in_order(words: Sequence[str], name: Sequence[str]) -> bool:
    """True when ``words`` appear in ``name`` in the same order, each as often ("Rehman Malik"
    in "A. Rehman Malik"; "Abdullah Abdullah" is not in "Abdullah")."""
    remaining = iter(name)
    return all(any(word == part for part in remaining) for word in words)


def build_office_index(lexicon: ActorLexicon) -> OfficeIndex:
    by_surname: dict[str, list[OfficeTerm]] = defaultdict(list)
    for term in lexicon.office_terms:
        surnames = {_name_tokens(name)[-1] for name in (term.name, *term.aliases) if _name_tokens(name)}
        for surname in surnames:
            by_surname[surname].append(term)
    return OfficeIndex({key: tuple(value) for key, value in by_surname.items()})


def _name_tokens(name: str) -> tuple[str, ...]:
    return tuple(w.strip(".,").lower() for w in name.replace("_", " ").split() if w.strip(".,"))


@dataclass(slots=True)
class PersonDraft:
    """A person while the document is being read; ``finish`` turns it into a record."""

    name: str
    name_tokens: tuple[str, ...]
    spans: list[tuple[int, int]]  # token spans, title included
    root: int  # head token of the first full mention
    title: str | None = None
    title_role: str | None = None
    title_country: str | None = None
    title_code: str | None = None
    title_country_from_office: bool = False
    former: bool = False
    description: str | None = None
    description_root: int | None = None
    office_code: str | None = None
    office_current: bool = False
    code: str | None = None
    country: str | None = None
    coded_by: str | None = None
    description_key: tuple[str, str | None] | None = None


def find_people(
    doc: Doc,
    hits: Sequence[Hit],
    lexicon: ActorLexicon,
    offices: OfficeIndex,
    published: dt.date | None,
    not_names: frozenset[str] = frozenset(),
) -> list[PersonDraft]:
    """The people named in ``doc``, in order of first mention, with titles and office codes.

    ``not_names`` are lexicon words the recogniser may mistake for names ("Tajik").
    """
    # A surname may also be a district ("Mohmand"): region hits do not block names.
    name_hit_tokens = {i for h in hits if h.kind not in (SECTOR, REGION) for i in range(h.start, h.end)}
    sector_by_token = {i: h for h in hits if h.kind == SECTOR for i in range(h.start, h.end)}
    country_by_token = {
        i: h
        for h in hits
        if h.kind in (ADJECTIVE, COUNTRY, IDENTITY, SEAT, CAPITAL, GROUP)
        for i in range(h.start, h.end)
    }
    drafts: list[PersonDraft] = []
    for ent in doc.ents:
        if ent.label_ != "PERSON" or ent.text in not_names or location_use(ent.root):
            continue
        name = _name_span(doc, ent, name_hit_tokens, lexicon)
        if name is None:
            continue
        title_start = _title_start(doc, name, sector_by_token, country_by_token, lexicon)
        tokens = _name_tokens(name.text)
        draft = _link(drafts, tokens)
        span = (title_start, name.end)
        if draft is None:
            draft = PersonDraft(name=name.text, name_tokens=tokens, spans=[span], root=name.root.i)
            drafts.append(draft)
        else:
            draft.spans.append(span)
            if len(tokens) > len(draft.name_tokens):
                draft.name, draft.name_tokens, draft.root = name.text, tokens, name.root.i
        if title_start < name.start and draft.title is None:
            _read_title(draft, doc[title_start : name.start], sector_by_token, country_by_token, lexicon)
    _add_surname_mentions(doc, drafts, name_hit_tokens)
    for draft in drafts:
        draft.spans.sort()
        draft.office_code, draft.office_current = offices.lookup(draft.name_tokens, published)
        _read_description(doc, draft)
        _read_of_country(doc, draft, country_by_token)
        if published is None and draft.title and draft.title_role and not draft.title_country:
            # Undated text: the title says which office, the table says of which country.
            draft.title_country = offices.country_for_title(draft.name_tokens, draft.title)
            draft.title_country_from_office = draft.title_country is not None
    return drafts


def _read_of_country(doc: Doc, draft: PersonDraft, countries: Mapping[int, Hit]) -> None:
    """ "King Hassan of Morocco": the country after the name."""
    for child in doc[draft.root].rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                hit = countries.get(pobj.i)
                if hit is not None and hit.kind in (COUNTRY, CAPITAL) and draft.title_country is None:
                    draft.title_country = hit.value


def drop_place_names(doc: Doc, drafts: list[PersonDraft], place_names: frozenset[str]) -> list[PersonDraft]:
    """Names the recogniser took for people that are places ("ships waited off Bandar Abbas").

    A name is kept when anything says it is a person: a title, a description, the office
    table, or a mention that is the subject or possessor of its clause ("Clinton said").
    """

    def personal(draft: PersonDraft) -> bool:
        if draft.title or draft.description or draft.office_code:
            return True
        return any(doc[end - 1].dep_ in ("nsubj", "nsubjpass", "poss") for _, end in draft.spans)

    return [d for d in drafts if d.name not in place_names or personal(d)]


def _name_span(doc: Doc, ent: Span, taken: set[int], lexicon: ActorLexicon) -> Span | None:
    """The person's name: the entity without a leading title or trailing possessive, extended
    left over capitalised name words the recogniser missed ("Rustam" in "Rustam Shah Mohmand")."""
    start, end = ent.start, ent.end
    while end > start and doc[end - 1].tag_ == "POS":
        end -= 1
    while (
        end - start > 1
        and doc[start].text not in lexicon.name_titles
        and (
            doc[start].lower_ == "the" or doc[start].text in lexicon.titles or doc[start].lower_ in lexicon.sector_terms
        )
    ):
        start += 1
    while (
        start > 0
        and doc[start - 1].pos_ == "PROPN"
        and doc[start - 1].text[:1].isupper()
        and doc[start - 1].i not in taken
        and (doc[start - 1].text not in lexicon.titles or doc[start - 1].text in lexicon.name_titles)
        and doc[start - 1].lower_ not in lexicon.sector_terms
        and doc[start - 1].ent_type_ in ("", "PERSON")
    ):
        start -= 1
    if start >= end:
        return None
    span = doc[start:end]
    if any(i in taken for i in range(start, end)) or span.text.lower() in _NOT_NAMES:
        return None
    if not any(ch.isupper() for ch in span.text) or any(ch.isdigit() for ch in span.text):
        return None
    return span


def _title_start(
    doc: Doc, name: Span, sectors: Mapping[int, Hit], countries: Mapping[int, Hit], lexicon: ActorLexicon
) -> int:
    """Where the title before a name starts ("Interior Minister" in "Interior Minister Rehman
    Malik", "analyst" in "analyst Siddiqa"); ``name.start`` when there is none."""
    i = name.start
    while i > 0:
        token = doc[i - 1]
        if token.text == "." and i >= 2 and doc[i - 2].text + "." in lexicon.titles:
            i -= 2  # "Col." split into "Col" "." at the start of a sentence
        elif (
            token.i in sectors
            or token.i in countries
            or token.text in lexicon.titles
            or (
                token.pos_ in ("PROPN", "NOUN", "ADJ")
                and token.head.i >= name.start
                and token.head.i < name.end
                and token.dep_ in ("compound", "amod")
                and token.text[:1].isupper()
                and _title_word(token, lexicon)
            )
        ):
            i -= 1
        else:
            break
    return _extend_to_left_edge(doc, name, i, sectors, countries)


_TITLE_BREAKS = frozenset({",", "-", "--", "—", "–", ":", ";", "(", ")", '"', "'"})
_ARTICLES = frozenset({"the", "a", "an"})


def _extend_to_left_edge(
    doc: Doc, name: Span, start: int, sectors: Mapping[int, Hit], countries: Mapping[int, Hit]
) -> int:
    """Widen a title to the whole pre-name phrase when it holds a role or an owner:
    "Mexico's President X", "European Parliament's lead Brexit negotiator X"."""
    edge = name.root.left_edge.i
    if edge >= start:
        return start
    between = range(edge, name.start)
    if any(doc[i].text in _TITLE_BREAKS and doc[i].tag_ != "POS" for i in between):
        return start
    if not any(i in sectors or i in countries for i in between):
        return start
    while edge < name.start and doc[edge].lower_ in _ARTICLES:
        edge += 1
    return min(start, edge)


def _title_word(token: Token, lexicon: ActorLexicon) -> bool:
    """A capitalised word inside a title ("Interior" in "Interior Minister")."""
    right = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return right is not None and (right.lower_ in lexicon.sector_terms or right.text in lexicon.titles)


def _read_title(
    draft: PersonDraft, title: Span, sectors: Mapping[int, Hit], countries: Mapping[int, Hit], lexicon: ActorLexicon
) -> None:
    draft.title = title.text
    for token in title:
        hit = sectors.get(token.i)
        if hit is not None:
            draft.title_role = hit.value
        elif lexicon.titles.get(token.text) or lexicon.titles.get(token.text + "."):
            draft.title_role = lexicon.titles.get(token.text) or lexicon.titles[token.text + "."]
        country_hit = countries.get(token.i)
        if country_hit is not None:
            if country_hit.kind == GROUP:
                draft.title_code = country_hit.value.code  # "Taliban spokesman X"
                draft.title_country = country_hit.value.country
            elif country_hit.kind == SEAT:
                draft.title_code = country_hit.value  # "State Department spokesman X"
                draft.title_country = country_hit.value[:3]
            else:
                draft.title_country = country_hit.value
        if lexicon.modifiers.get(token.lower_) == "ELI":
            draft.former = True


def _link(drafts: list[PersonDraft], tokens: tuple[str, ...]) -> PersonDraft | None:
    """The person a name refers to: the latest one whose name contains it, or it theirs."""
    words = set(tokens)
    for draft in reversed(drafts):
        known = set(draft.name_tokens)
        if tokens[-1] == draft.name_tokens[-1] and (words <= known or known <= words):
            return draft
    return None


def _add_surname_mentions(doc: Doc, drafts: list[PersonDraft], taken: set[int]) -> None:
    """Surname-only mentions the recogniser missed ("Mohmand says ...")."""
    covered = {i for d in drafts for start, end in d.spans for i in range(start, end)}
    by_surname: dict[str, PersonDraft] = {}
    for draft in drafts:
        if len(draft.name_tokens) >= 2:
            by_surname.setdefault(draft.name_tokens[-1], draft)
    if not by_surname:
        return
    # Only the tokens spelled like a known surname, found on the array, not token by token.
    lowers = doc.to_array(LOWER)
    wanted = numpy.fromiter((doc.vocab.strings[s] for s in by_surname), dtype=lowers.dtype)
    for index in numpy.flatnonzero(numpy.isin(lowers, wanted)):
        token = doc[int(index)]
        if token.i in covered or token.i in taken or token.pos_ != "PROPN":
            continue
        named = by_surname.get(token.lower_)
        if named is not None and token.text[:1].isupper() and token.i > named.spans[0][0]:
            named.spans.append((token.i, token.i + 1))


def _read_description(doc: Doc, draft: PersonDraft) -> None:
    """The appositive that describes the person, from their first full mention."""
    root = doc[draft.root]
    appositive = next((child for child in root.rights if child.dep_ == "appos"), None)
    if appositive is not None:
        span = doc[appositive.left_edge.i : appositive.right_edge.i + 1]
        draft.description = _trim(span.text)
        draft.description_root = appositive.i
        return
    if root.dep_ == "appos" and root.head.i < root.i:
        head = root.head
        name_start = min(start for start, _ in draft.spans if start <= root.i <= start + 8)
        span = doc[head.left_edge.i : name_start]
        text = _trim(span.text)
        if text:
            draft.description = text
            draft.description_root = head.i


def _trim(text: str) -> str:
    return text.strip(" ,;:-—")


def finish_person(draft: PersonDraft, description_code: tuple[str | None, str | None]) -> None:
    """Choose the person's code: the text first, then the office table, else none.

    ``description_code`` is ``(code, country)`` of the appositive noun phrase, when coded.
    """
    code, country = description_code
    if code:
        draft.code, draft.country, draft.coded_by = code, country, "text"
    elif draft.title_code:
        draft.code, draft.country, draft.coded_by = draft.title_code, draft.title_country, "text"
    elif draft.title_country and draft.title_role:
        role = "ELI" if draft.former and draft.title_role in _STATE_ROLES_FOR_ELI else draft.title_role
        coded_by = "office" if draft.title_country_from_office else "text"
        draft.code, draft.country, draft.coded_by = draft.title_country + role, draft.title_country, coded_by
    elif (
        draft.office_code
        and draft.title_role in _CIVIL_OFFICES
        and not draft.former
        and draft.office_code.endswith("ELI")
    ):
        # The table knows only a past office, but the text gives a present civil title
        # ("Defence Minister X"): the table's country with the text's role. Military ranks are
        # kept for life ("General Musharraf"), so they do not count as a present office.
        country = draft.office_code[:3]
        draft.code, draft.country, draft.coded_by = country + draft.title_role, country, "office"
    elif draft.office_code and len(draft.office_code) == 3 and draft.title_role:
        # Undated: the table gives the country, the title the role ("President Mugabe").
        role = "ELI" if draft.former and draft.title_role in _STATE_ROLES_FOR_ELI else draft.title_role
        draft.code, draft.country, draft.coded_by = draft.office_code + role, draft.office_code, "office"
    elif draft.office_code:
        draft.code, draft.country, draft.coded_by = draft.office_code, draft.office_code[:3], "office"
    elif draft.title_country:
        draft.code, draft.country, draft.coded_by = draft.title_country, draft.title_country, "text"
