"""The actor lexicon: the project's data files loaded once into one immutable object.

``load_lexicon()`` reads ``thucydides/data/*.tsv`` (each file's header says where its facts
come from) and gives an :class:`ActorLexicon`. A malformed row raises :class:`DataError`
naming the file and line.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType

from ..errors import DataError


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    name: str
    aliases: tuple[str, ...]
    adjectives: tuple[str, ...]
    people: tuple[str, ...]
    capitals: tuple[str, ...]
    bloc: bool = False  # a CAMEO region or bloc ("the West"), not a state


@dataclass(frozen=True, slots=True)
class Group:
    name: str
    aliases: tuple[str, ...]
    code: str
    country: str | None
    sectors: tuple[str, ...]
    kind: str


@dataclass(frozen=True, slots=True)
class Region:
    name: str
    aliases: tuple[str, ...]
    country: str | None
    kind: str
    lat: float | None
    lon: float | None


@dataclass(frozen=True, slots=True)
class OfficeTerm:
    """One person holding one office (a CAMEO code) for one interval; open ends are ``None``."""

    name: str
    aliases: tuple[str, ...]
    country: str
    code: str
    start: dt.date | None
    end: dt.date | None
    title: str | None

    def held_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Role:
    code: str
    label: str
    state: bool


@dataclass(frozen=True, slots=True)
class Community:
    """An ethnic group or a religion with its own CAMEO code ("Kurdish" -> KUR, "Sunni" -> MOSSUN)."""

    code: str
    kind: str  # "ethnic" or "religion"
    name: str
    words: tuple[str, ...]
    countries: tuple[str, ...]  # countries of settlement (ethnic groups); empty for religions


@dataclass(frozen=True, slots=True)
class ActorLexicon:
    """Everything the actors stage knows by heart. Built once, shared read-only."""

    countries: Mapping[str, Country]
    seats: Mapping[str, str]  # "the Kremlin" -> RUSGOV
    groups: tuple[Group, ...]
    regions: tuple[Region, ...]
    identities: Mapping[str, str]  # "Baluch" -> PAK
    sector_terms: Mapping[str, str]  # "security chief" -> MIL (lower case, singular)
    modifiers: Mapping[str, str]  # "former" -> ELI
    roles: Mapping[str, Role]
    titles: Mapping[str, str | None]  # "Gen." -> MIL, "Mr." -> None
    name_titles: frozenset[str]  # titles kept as part of a name ("Mullah Omar")
    office_terms: tuple[OfficeTerm, ...]
    communities: Mapping[str, Community]  # "Kurdish" -> Community("KUR", ...)
    communities_by_code: Mapping[str, Community]  # "KUR" -> Community("KUR", ...)
    groups_by_code: Mapping[str, Group]  # the first group of each code
    country_words: frozenset[str]  # every country's names and capitals ("Japan", "Tokyo")
    state_names: Mapping[str, str]  # a state's names and adjectives -> its code ("U.S." -> USA)
    org_words: Mapping[str, str]  # "tribune" -> MED: the kind of an organisation groups.tsv lacks

    def country_name(self, code: str) -> str:
        country = self.countries.get(code)
        return country.name if country else code

    def role_label(self, code: str) -> str:
        role = self.roles.get(code)
        return role.label if role else code

    def community_in(self, code: str) -> tuple[str | None, Community | None, str]:
        """A code read for an ethnic or religious community: ``(country, community, roles)``,
        ``IRQKURMIL`` → ``("IRQ", Kurds, "MIL")``, ``MOSSHIUAF`` → ``(None, Shia Muslims, "UAF")``;
        ``(country or None, None, rest)`` when no community code follows the country."""
        country = code[:3] if code[:3] in self.countries else None
        rest = code[3:] if country else code
        for length in (9, 6, 3):
            community = self.communities_by_code.get(rest[:length])
            if community is not None:
                return country, community, rest[length:]
        return country, None, rest


def data_rows(name: str) -> Iterator[tuple[int, dict[str, str]]]:
    """``(line number, row)`` for each data row of ``data/NAME``; ``#`` lines are comments."""
    text = resources.files("thucydides").joinpath("data", name).read_text("utf-8")
    lines = [
        (n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip() and not line.startswith("#")
    ]
    if not lines:
        raise DataError(f"data/{name}: no header line")
    header = lines[0][1].split("\t")
    for number, line in lines[1:]:
        cells = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
        if len(cells) != len(header):
            raise DataError(
                f"data/{name}, line {number}: {len(cells)} cells, expected {len(header)} ({', '.join(header)})"
            )
        yield number, {key: value.strip() for key, value in zip(header, cells, strict=True)}


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


def _date(cell: str, name: str, number: int) -> dt.date | None:
    if not cell:
        return None
    try:
        return dt.date.fromisoformat(cell)
    except ValueError:
        raise DataError(f"data/{name}, line {number}: {cell!r} is not an ISO date") from None


def _float(cell: str, name: str, number: int) -> float | None:
    if not cell:
        return None
    try:
        return float(cell)
    except ValueError:
        raise DataError(f"data/{name}, line {number}: {cell!r} is not a number") from None


_COMMUNITY_KINDS = ("ethnic", "religion")
_COMMUNITY_CODE = re.compile(r"(?:[A-Z]{3}){1,3}")


def _communities(countries: Mapping[str, Country]) -> dict[str, Community]:
    """``communities.tsv`` keyed by each word; a malformed row raises :class:`DataError`."""
    name = "communities.tsv"
    by_word: dict[str, Community] = {}
    for number, row in data_rows(name):
        where = f"data/{name}, line {number}"
        code, kind = row["code"], row["kind"]
        if kind not in _COMMUNITY_KINDS:
            raise DataError(f"{where}: kind {kind!r} is not one of {', '.join(_COMMUNITY_KINDS)}")
        if not _COMMUNITY_CODE.fullmatch(code):
            raise DataError(f"{where}: code {code!r} is not 3, 6 or 9 upper-case letters (KUR, MOSSUN)")
        words = _split(row["words"])
        if not words:
            raise DataError(f"{where}: {code} has no words")
        places = _split(row["countries"])
        unknown = [place for place in places if place not in countries]
        if unknown:
            raise DataError(f"{where}: country code {', '.join(unknown)} is not in data/countries.tsv")
        community = Community(code, kind, row["name"], words, places)
        for word in words:
            if word in by_word:
                raise DataError(f"{where}: word {word!r} is already {by_word[word].code}'s")
            by_word[word] = community
    return by_word


@cache
def load_lexicon() -> ActorLexicon:
    """The bundled lexicon (read once per process; the object is immutable)."""
    countries = {
        row["code"]: Country(
            row["code"],
            row["name"],
            _split(row["aliases"]),
            _split(row["adjectives"]),
            _split(row["people"]),
            _split(row["capitals"]),
            row["bloc"] == "yes",
        )
        for _, row in data_rows("countries.tsv")
    }
    seats = {row["text"]: row["code"] for _, row in data_rows("seats.tsv")}
    groups = tuple(
        Group(
            row["name"],
            _split(row["aliases"]),
            row["code"],
            row["country"] or None,
            _split(row["sectors"]),
            row["kind"],
        )
        for _, row in data_rows("groups.tsv")
    )
    regions = tuple(
        Region(
            row["name"],
            _split(row["aliases"]),
            row["country"] or None,
            row["kind"],
            _float(row["lat"], "regions.tsv", n),
            _float(row["lon"], "regions.tsv", n),
        )
        for n, row in data_rows("regions.tsv")
    )
    identities = {row["word"]: row["country"] for _, row in data_rows("identities.tsv")}
    sector_terms = {row["term"].lower(): row["sector"] for _, row in data_rows("sectors.tsv")}
    modifiers = {row["word"].lower(): row["effect"] for _, row in data_rows("modifiers.tsv")}
    roles = {row["code"]: Role(row["code"], row["label"], row["state"] == "yes") for _, row in data_rows("roles.tsv")}
    org_words = {}
    for line, row in data_rows("org_words.tsv"):
        if row["sector"] not in roles or row["word"] != row["word"].lower() or row["word"] in org_words:
            raise DataError(
                f"org_words.tsv line {line}: {row['word']!r} with sector {row['sector']!r}: the word must be "
                "lower case and listed once, the sector a role code of roles.tsv"
            )
        org_words[row["word"]] = row["sector"]
    title_rows = [row for _, row in data_rows("titles.tsv")]
    titles = {row["title"]: row["role"] or None for row in title_rows}
    name_titles = frozenset(row["title"] for row in title_rows if row["in_name"] == "yes")
    office_terms = tuple(
        OfficeTerm(
            row["name"],
            _split(row["aliases"]),
            row["country"],
            row["code"],
            _date(row["start"], "office_holders.tsv", n),
            _date(row["end"], "office_holders.tsv", n),
            row["title"] or None,
        )
        for n, row in data_rows("office_holders.tsv")
    )
    communities = _communities(countries)
    return ActorLexicon(
        countries=MappingProxyType(countries),
        seats=MappingProxyType(seats),
        groups=groups,
        regions=regions,
        identities=MappingProxyType(identities),
        org_words=MappingProxyType(org_words),
        sector_terms=MappingProxyType(sector_terms),
        modifiers=MappingProxyType(modifiers),
        roles=MappingProxyType(roles),
        titles=MappingProxyType(titles),
        name_titles=name_titles,
        office_terms=office_terms,
        communities=MappingProxyType(communities),
        communities_by_code=MappingProxyType({c.code: c for c in communities.values()}),
        groups_by_code=MappingProxyType({g.code: g for g in reversed(groups)}),
        country_words=frozenset(n for c in countries.values() for n in (*c.aliases, *c.capitals)),
        state_names=MappingProxyType(
            {n: c.code for c in countries.values() if not c.bloc for n in (*c.aliases, *c.adjectives)}
        ),
    )


UNKNOWN_COUNTRY = "---"  # the country part of a role named with no country: ---MIL, ---GOVLEG


def actor_label(code: str, lexicon: ActorLexicon | None = None) -> str:
    """The name a reader sees for an actor code, made as the actors stage names its actors, so
    that tables, figures and the web page that hold only codes show the same words.

    ``---`` and roles: ``unknown country (military)`` (``---MILELI``: ``unknown country
    (military, elites)``); a country and roles: ``Pakistan (government)``, a country alone its
    name; another code, the first group of the lexicon with it (``IGOUNO``: ``United
    Nations``), else an ethnic or religious community's (``KURMIL``: ``Kurds (military)``,
    ``IRQMOSSUN``: ``Iraq: Sunni Muslims``), else its international role (``IGO``); the code
    itself when nothing reads it.
    """
    lexicon = lexicon or load_lexicon()
    if code.startswith(UNKNOWN_COUNTRY):
        return f"unknown country{_roles_shown(code[len(UNKNOWN_COUNTRY) :], lexicon)}"
    country, rest = code[:3], code[3:]
    roles = [rest[i : i + 3] for i in range(0, len(rest), 3)]
    if country in lexicon.countries and all(role in lexicon.roles for role in roles):
        return lexicon.country_name(country) + _roles_shown(rest, lexicon)
    group = lexicon.groups_by_code.get(code)
    if group is not None:
        return group.name
    owner, community, community_roles = lexicon.community_in(code)
    if community is not None and _all_roles(community_roles, lexicon):
        where = f"{lexicon.country_name(owner)}: " if owner else ""  # "Iraq: Kurds (military)"
        return f"{where}{community.name}{_roles_shown(community_roles, lexicon)}"
    if country in lexicon.countries:
        return lexicon.country_name(country) + _roles_shown(rest, lexicon)
    return lexicon.role_label(country) if country in lexicon.roles else code


def _all_roles(roles: str, lexicon: ActorLexicon) -> bool:
    return all(roles[i : i + 3] in lexicon.roles for i in range(0, len(roles), 3))


def _roles_shown(roles: str, lexicon: ActorLexicon) -> str:
    """`` (military, elites)`` for ``MILELI``; nothing for no roles."""
    labels = [lexicon.role_label(roles[i : i + 3]) for i in range(0, len(roles), 3)]
    return f" ({', '.join(labels)})" if labels else ""
