"""People: names with their titles and descriptions, coded and linked within a document.

A person is coded by what the text says of them (a title with a country, an appositive such
as "an independent Pakistani military analyst"), else by the dated office-holder table
(``data/office_holders.tsv``: who held which office on the publication date), else left
uncoded. Later mentions ("Siddiqa", "analyst Siddiqa", "Mr Siddiqa") are linked to the full
name, and so are the short forms news uses ("Tayyip Erdogan", "Erdoğan", "Assad" for "Bashar
al-Assad"): names are compared folded (lower case, no diacritics, no "al-"/"bin" particles).
A surname alone, with no full name in the document, is looked up in the table and coded only
when one office holder of that name was in office on the day (and fits the title, if any).
The table's look-up by name is in :mod:`.offices`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .lexicon import ActorLexicon
from .match import ADJECTIVE, CAPITAL, COUNTRY, GROUP, IDENTITY, REGION, SEAT, SECTOR, Hit
from .offices import PARTICLES, OfficeIndex, fold_name, name_tokens, same_suffix
from .usage import ARMED_ROLES, CORPORATE_SUFFIXES, location_use

_STATE_ROLES_FOR_ELI = {"GOV", "MIL", "SPY", "COP", "LEG", "JUD"}
_CIVIL_OFFICES = {"GOV", "LEG", "JUD"}
# Present roles the text can give someone the table knows only from a past office: "opposition
# leader X" (a former minister now leading the opposition), "X, chief executive of ...".
_PRESENT_ROLES = _CIVIL_OFFICES | {"OPP", "BUS", "EDU", "MED", "NGO", "HRI", "LAB", "REL"}
_NOT_NAMES = {"god", "allah"}


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
    office_country: str | None = None
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
    for ent in _name_candidates(doc, offices, name_hit_tokens, not_names):
        name = _name_span(doc, ent, name_hit_tokens, lexicon)
        if name is None:
            continue
        title_start = _title_start(doc, name, sector_by_token, country_by_token, lexicon)
        tokens = name_tokens(name.text)
        if not tokens:
            continue
        # a lone first word links only when nothing describes it anew ("Wanjiru, a farmer, said")
        plain = title_start == name.start and not _appositive_after(doc, name)
        draft = _link(drafts, tokens, offices, first_word=plain)
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
    _add_surname_mentions(doc, drafts, name_hit_tokens, offices, lexicon)
    for draft in drafts:
        draft.spans.sort()
        found = offices.lookup(draft.name_tokens, published, draft.title, draft.former)
        if found is not None and not same_suffix(draft.name, found.term_names):
            found = None  # "James Brown III" is not the table's James Brown
        if found is not None:
            draft.office_code, draft.office_current, draft.office_country = found.code, found.current, found.country
        _read_description(doc, draft)
        _read_of_country(doc, draft, country_by_token)
        if published is None and draft.title and draft.title_role and not draft.title_country:
            # Undated text: the title says which office, the table says of which country.
            draft.title_country = offices.country_for_title(draft.name_tokens, draft.title)
            draft.title_country_from_office = draft.title_country is not None
    return drafts


def _name_candidates(doc: Doc, offices: OfficeIndex, taken: set[int], not_names: frozenset[str]) -> list[Span]:
    """The recogniser's PERSON entities, and the full names of office holders it missed or took
    for something else ("Recep Tayyip Erdoğan met reporters"), in document order."""
    people = [
        ent for ent in doc.ents if ent.label_ == "PERSON" and ent.text not in not_names and not location_use(ent.root)
    ]
    in_people = {i for ent in people for i in range(ent.start, ent.end)}
    found = list(people)
    end = len(doc)
    for token in doc:
        if token.i in in_people or token.i in taken or token.pos_ != "PROPN" or not token.text[:1].isupper():
            continue
        if token.i + 1 < end and doc[token.i + 1].pos_ == "PROPN" and doc[token.i + 1].text[:1].isupper():
            continue  # not the last word of a name
        start = token.i
        while start > 0 and _name_word(doc[start - 1]) and doc[start - 1].i not in in_people | taken:
            start -= 1
        while start < token.i and not doc[start].text[:1].isupper():
            start += 1  # a name does not start on "al" or "-"
        span = doc[start : token.i + 1]
        if span.end - span.start > 1 and offices.knows_full_name(name_tokens(span.text)):
            found.append(span)
    found.sort(key=lambda span: span.start)
    return found


def _name_word(token: Token) -> bool:
    """A word that can be inside a name: a capitalised proper noun, or "al", "bin", a hyphen."""
    if token.pos_ == "PROPN" and token.text[:1].isupper():
        return True
    return token.text == "-" or token.lower_ in PARTICLES


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
    dotted = end < len(doc) and doc[end].text == "." and doc[start].text + "." in lexicon.titles
    if (
        end - start == 1
        and (dotted or _is_title(doc[start].text, lexicon))
        and doc[start].text not in lexicon.name_titles
    ):
        # the recogniser took the title alone ("police Sgt. Trent Crump": "Sgt"): the name follows
        after = end + 1 if dotted else end
        stop = after
        while stop < len(doc) and doc[stop].pos_ == "PROPN" and doc[stop].text[:1].isupper() and stop not in taken:
            stop += 1
        if stop == after:
            return None
        start, end = after, stop
    while end > start and doc[end - 1].tag_ == "POS":
        end -= 1
    while (
        end - start > 1
        and doc[start].text not in lexicon.name_titles
        and (
            doc[start].lower_ == "the"
            or _is_title(doc[start].text, lexicon)
            or doc[start].lower_ in lexicon.sector_terms
        )
    ):
        start += 1
    while (
        start > 0
        and doc[start - 1].pos_ == "PROPN"
        and doc[start - 1].text[:1].isupper()
        and doc[start - 1].i not in taken
        and (not _is_title(doc[start - 1].text, lexicon) or doc[start - 1].text in lexicon.name_titles)
        and doc[start - 1].lower_ not in lexicon.sector_terms
        and doc[start - 1].ent_type_ in ("", "PERSON")
    ):
        start -= 1
    if start >= end:
        return None
    span = doc[start:end]
    if any(i in taken for i in range(start, end)) or span.text.lower() in _NOT_NAMES:
        return None
    if len(span) > 1 and span[-1].text.rstrip(".") in CORPORATE_SUFFIXES:
        return None  # "Starboard Value LP" is a company (the phrase coder reads it)
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
            or _is_title(token.text, lexicon)
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


def _is_title(text: str, lexicon: ActorLexicon) -> bool:
    """A title before a name, with its full stop or, for the titles that say nothing of a role,
    without it as British style writes them ("Mr", "Dr"); "Gen" may be a first name (Gen Nakatani)."""
    if text in lexicon.titles:
        return True
    dotted = text + "."
    return text[:1].isupper() and dotted in lexicon.titles and lexicon.titles[dotted] is None


def _title_word(token: Token, lexicon: ActorLexicon) -> bool:
    """A capitalised word inside a title ("Interior" in "Interior Minister")."""
    right = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return right is not None and (right.lower_ in lexicon.sector_terms or right.text in lexicon.titles)


def _read_title(
    draft: PersonDraft, title: Span, sectors: Mapping[int, Hit], countries: Mapping[int, Hit], lexicon: ActorLexicon
) -> None:
    draft.title = title.text
    from_sector = False
    for token in title:
        hit = sectors.get(token.i)
        if hit is not None and not from_sector:
            # a role noun modifying the next names the institution: "Opposition delegate X",
            # "rebel commander X" (a possessor does not: "State's Attorney X" is an attorney)
            draft.title_role = hit.value
            from_sector = token.dep_ in ("compound", "amod", "nmod") and token.head.i > token.i
        elif hit is not None and hit.value in ARMED_ROLES and draft.title_role == "GOV":
            draft.title_role = hit.value  # "government forces commander": still forces
        elif (lexicon.titles.get(token.text) or lexicon.titles.get(token.text + ".")) and not from_sector:
            # "police Sgt. X": the institution named before the rank decides the role
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


def _appositive_after(doc: Doc, name: Span) -> bool:
    """True when a description follows the name: "Wanjiru, a 40-year-old farmer, said"."""
    after = doc[name.end : name.end + 2]
    return len(after) == 2 and after[0].text == "," and after[1].lower_ in ("a", "an", "the")


def _link(
    drafts: list[PersonDraft], tokens: tuple[str, ...], offices: OfficeIndex, *, first_word: bool = True
) -> PersonDraft | None:
    """The person a name refers to: the latest one whose name contains it, or it theirs, ending
    on the same surname ("Erdogan", "Tayyip Erdogan" for "Recep Tayyip Erdoğan"); for someone the
    table knows by a surname-first name, starting on it ("Kim" for "Kim Jong Un")."""
    words = set(tokens)
    for draft in reversed(drafts):
        known = set(draft.name_tokens)
        if not (words <= known or known <= words):
            continue
        if tokens[-1] == draft.name_tokens[-1]:
            return draft
        if tokens[0] == draft.name_tokens[0] and (
            (len(tokens) == 1 and offices.surname_first(draft.name_tokens))
            or (len(draft.name_tokens) == 1 and offices.surname_first(tokens))
        ):
            return draft
    if len(tokens) == 1 and first_word:
        # "Zheng" after "Zheng Zeguang" (a family name written first: one person starts so) or
        # "Villeroy" after "Francois Villeroy de Galhau" (the first part of a double surname:
        # one person has it inside a name of three words or more), when no one ends so
        starting = [d for d in drafts if len(d.name_tokens) >= 2 and tokens[0] == d.name_tokens[0]]
        starting = starting or [d for d in drafts if len(d.name_tokens) >= 3 and tokens[0] in d.name_tokens[1:-1]]
        if (
            len(starting) == 1
            and not any(d.name_tokens[-1] == tokens[0] for d in drafts)
            and not offices.knows_surname(tokens)  # "Obama" is not "Obama White House"
        ):
            return starting[0]
    return None


def _add_surname_mentions(
    doc: Doc, drafts: list[PersonDraft], taken: set[int], offices: OfficeIndex, lexicon: ActorLexicon
) -> None:
    """Surname-only mentions the recogniser missed or took for something else ("Mohmand says",
    "Sisi" tagged as an organisation), before or after the full name (a headline's "Sisi")."""
    covered = {i for d in drafts for start, end in d.spans for i in range(start, end)}
    by_surname: dict[str, PersonDraft] = {}
    for draft in drafts:
        if len(draft.name_tokens) >= 2:
            by_surname.setdefault(draft.name_tokens[-1], draft)
            if offices.surname_first(draft.name_tokens):
                by_surname.setdefault(draft.name_tokens[0], draft)
    if not by_surname:
        return
    for token in doc:
        if token.i in covered or token.i in taken or token.pos_ != "PROPN" or not token.text[:1].isupper():
            continue
        named = by_surname.get(fold_name(token.lower_))
        if named is not None and not _inside_name(doc, token, lexicon):
            named.spans.append((token.i, token.i + 1))


def _inside_name(doc: Doc, token: Token, lexicon: ActorLexicon) -> bool:
    """True when the word is part of someone else's longer name ("Sharif" in "Raheel Sharif",
    "Kim" in "Kim Yo Jong"); a title before it ("President Karzai") is not a name."""
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if after is not None and after.pos_ == "PROPN" and after.text[:1].isupper():
        return True
    before = doc[token.i - 1] if token.i > 0 else None
    return (
        before is not None
        and before.pos_ == "PROPN"
        and before.text[:1].isupper()
        and not _is_title(before.text, lexicon)
        and before.lower_ not in lexicon.sector_terms
    )


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
        and draft.title_role in _PRESENT_ROLES
        and not draft.former
        and draft.office_code.endswith("ELI")
    ):
        # The table knows only a past office, but the text gives a present civil title
        # ("Defence Minister X", "opposition leader X"): the table's country with the text's
        # role. Military ranks are
        # kept for life ("General Musharraf"), so they do not count as a present office.
        country = draft.office_code[:3]
        draft.code, draft.country, draft.coded_by = country + draft.title_role, country, "office"
    elif draft.office_code and len(draft.office_code) == 3 and draft.title_role:
        # Undated: the table gives the country, the title the role ("President Mugabe").
        role = "ELI" if draft.former and draft.title_role in _STATE_ROLES_FOR_ELI else draft.title_role
        draft.code, draft.country, draft.coded_by = draft.office_code + role, draft.office_code, "office"
    elif draft.office_code:
        draft.code, draft.country, draft.coded_by = draft.office_code, draft.office_country, "office"
    elif draft.title_country:
        draft.code, draft.country, draft.coded_by = draft.title_country, draft.title_country, "text"
