"""Which events a reader of the store wants: one :class:`EventFilter`, parsed and checked once.

``EventFilter.parse(source=..., modality=..., start=...)`` takes the values as a user gives them
(command-line options, query parameters) and gives the filter, or raises :class:`FilterError`
naming the one value at fault and what would be valid. The command line, the exports, the
plots, the dyads and network reads and the web API all parse their filters here; each names the
values as its users write them (``--from`` on the command line, ``from`` on the web) through
``names``.

Values
    ``source`` / ``target``: a code of 2-15 letters or digits, after ``---`` for a role named
    with no country (``---MIL``); upper-cased. An event matches when its country is the code or
    its actor code starts with it (``PAK`` matches ``PAKGOV``); a country never matches a ``---``
    code. An event with one side (its target, or its source, not named in the text) never
    matches a filter on the side it lacks, and matches on the side it has as any other.
    ``cameo``: a CAMEO code or prefix of 2-4 digits (``19`` matches ``190`` and ``1951``).
    ``quad``: a QuadClass, 1-4. ``modality``: names of :data:`MODALITIES`, comma-separated, or
    ``all``; absent, the reader's default. ``start`` / ``end``: days ``YYYY-MM-DD``, inclusive,
    ``start`` no later than ``end``. ``text``: part of the evidence sentence, any case. ``doc``:
    a document hash (64 hex digits). An empty value is no filter.

``EventFilter.where(alias)`` gives the SQL condition and its bound parameters; the window of
days is not in it, since readers place a week or month date against a window differently (the
web keeps a date that overlaps the window, a dyad series leaves out one across its edge):
:meth:`EventFilter.dates_in_window` gives the stored date values that overlap it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from .errors import ConfigError

MODALITIES = ("alleged", "asserted", "future", "hypothetical", "negated", "reported")
QUADS = (1, 2, 3, 4)

# The form of each value, in the regular-expression syntax Python and JSON Schema share
# (the web API declares these same expressions in /openapi.json).
CODE = "(?:---)?[A-Za-z0-9]{2,15}"  # PAK, PAKGOV; ---MIL, a role named with no country
CAMEO = "[0-9]{2,4}"
DAY = "[0-9]{4}-[0-9]{2}-[0-9]{2}"
HASH = "[0-9a-fA-F]{64}"
_ONE_MODALITY = "(?:" + "|".join(MODALITIES) + ")"
MODALITY = f"all|{_ONE_MODALITY}(?: *, *{_ONE_MODALITY})*"
MAX_SHOWN = 40  # characters of a value echoed in an error message

# How the command line names each value; the web names them by the field (``from``, ``to``).
CLI_NAMES: Mapping[str, str] = MappingProxyType(
    {
        "source": "--source",
        "target": "--target",
        "cameo": "--cameo",
        "quad": "--quad",
        "modality": "--modality",
        "start": "--from",
        "end": "--to",
        "text": "--text",
        "doc": "--doc",
    }
)
WEB_NAMES: Mapping[str, str] = MappingProxyType({"start": "from", "end": "to", "text": "q"})

_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_WEEK = re.compile(r"(\d{4})-W(\d{2})")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_YEAR = re.compile(r"\d{4}")


class FilterError(ConfigError):
    """A filter value is malformed. ``parameter`` is the value's name as its user wrote it
    (``--from``, ``from``); ``reason`` says what is wrong with it and what would be valid."""

    def __init__(self, parameter: str, reason: str, *, separator: str = " ") -> None:
        super().__init__(f"{parameter}{separator}{reason}")
        self.parameter = parameter
        self.reason = reason


def shown(value: object) -> str:
    """``value`` as echoed in a message: quoted, and cut at ``MAX_SHOWN`` characters."""
    text = str(value)
    return repr(text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN] + "…")


@dataclass(frozen=True, slots=True)
class DateSpan:
    """A stored date value read: its precision (day, week, month, year) and the days it spans."""

    precision: str
    first: dt.date
    last: dt.date


def read_date(value: str) -> DateSpan | None:
    """The precision and span of a stored date value (``2023-05-01``, ``2023-W18``, ``2023-05``,
    ``2023``); ``None`` for a value of none of these shapes."""
    try:
        if match := _DAY.fullmatch(value):
            day = dt.date(int(match[1]), int(match[2]), int(match[3]))
            return DateSpan("day", day, day)
        if match := _WEEK.fullmatch(value):
            monday = dt.date.fromisocalendar(int(match[1]), int(match[2]), 1)
            return DateSpan("week", monday, monday + dt.timedelta(days=6))
        if match := _MONTH.fullmatch(value):
            year, month = int(match[1]), int(match[2])
            return DateSpan("month", dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1]))
        if _YEAR.fullmatch(value):
            return DateSpan("year", dt.date(int(value), 1, 1), dt.date(int(value), 12, 31))
    except ValueError:
        return None
    return None


@dataclass(frozen=True, slots=True)
class EventFilter:
    """The events wanted; every field ``None`` is no filter (``modalities=None``: every one)."""

    source: str | None = None
    target: str | None = None
    cameo: str | None = None
    quad: int | None = None
    modalities: tuple[str, ...] | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    text: str | None = None
    doc: str | None = None

    @classmethod
    def parse(
        cls,
        *,
        source: str | None = None,
        target: str | None = None,
        cameo: str | None = None,
        quad: str | int | None = None,
        modality: str | Iterable[str] | None = None,
        default_modalities: tuple[str, ...] | None = None,
        start: dt.date | str | None = None,
        end: dt.date | str | None = None,
        text: str | None = None,
        doc: str | None = None,
        names: Mapping[str, str] = CLI_NAMES,
        empty_is_absent: bool = False,
    ) -> EventFilter:
        """The filter of these values, checked; raises :class:`FilterError` for the first bad
        one. ``modality`` absent takes ``default_modalities``. An empty value is refused like any
        malformed one (``--source ''`` is more likely an unset variable than a wish), or, with
        ``empty_is_absent`` (the web's empty query parameters), taken as absent."""
        parser = _Parser(names, empty_is_absent)
        first, last = parser.day(start, "start"), parser.day(end, "end")
        if first and last and first > last:
            parser.refuse("start", f"{first} is after {parser.name('end')} {last}; the window would hold no day")
        return cls(
            source=parser.code(source, "source"),
            target=parser.code(target, "target"),
            cameo=parser.cameo(cameo),
            quad=parser.quad(quad),
            modalities=parser.modalities(modality, default_modalities),
            start=first,
            end=last,
            text=None if parser.absent(text) else text,
            doc=parser.doc(doc),
        )

    @property
    def has_window(self) -> bool:
        return self.start is not None or self.end is not None

    def where(self, alias: str, *, unknown_sides: bool = False, modality: bool = True) -> tuple[str, dict[str, Any]]:
        """The SQL condition on the events table ``alias`` (its columns are ``alias.cameo`` and so
        on) and its named parameters, each prefixed ``f_``; the window is left out (see the module
        doc). ``unknown_sides`` lets through events whose side is named but unknown (no actor, no
        country) whatever the source or target filter, for readers that count them; a side the
        text does not name is not let through (see :func:`side_named`). ``modality=False``
        leaves the modalities out, for readers that count the events of other modalities."""
        a = alias
        clauses = []
        for side in ("source", "target"):
            unknown = f"{a}.{side}_country IS NULL AND {a}.{side}_actor IS NULL"
            keep = f" OR {side_named(a, side)} AND {unknown}" if unknown_sides else ""
            matches = f"{a}.{side}_country = $f_{side} OR starts_with({a}.{side}_actor, $f_{side})"
            clauses.append(f"($f_{side} IS NULL{keep} OR {matches})")
        clauses += [
            f"($f_cameo IS NULL OR starts_with({a}.cameo, $f_cameo))",
            f"($f_quad IS NULL OR {a}.quad_class = $f_quad)",
            f"($f_text IS NULL OR {a}.evidence ILIKE $f_text ESCAPE '\\')",
            f"($f_doc IS NULL OR {a}.doc_hash = $f_doc)",
        ]
        parameters: dict[str, Any] = {
            "f_source": self.source,
            "f_target": self.target,
            "f_cameo": self.cameo,
            "f_quad": self.quad,
            "f_text": like(self.text),
            "f_doc": self.doc,
        }
        if modality:
            clauses.append(f"($f_modalities IS NULL OR list_contains($f_modalities, {a}.modality))")
            parameters["f_modalities"] = list(self.modalities) if self.modalities is not None else None
        return "\n  AND ".join(clauses), parameters

    def dates_in_window(self, values: Iterable[str]) -> list[str] | None:
        """The date values among ``values`` that share a day with the window; ``None`` for no
        window. A value of no known shape is never in a window."""
        if not self.has_window:
            return None
        kept = []
        for value in values:
            dated = read_date(value)
            if (
                dated is not None
                and (self.start is None or dated.last >= self.start)
                and (self.end is None or dated.first <= self.end)
            ):
                kept.append(value)
        return kept

    def key(self) -> tuple[Any, ...]:
        """The filter as a hashable key (for caches)."""
        fields = (self.source, self.target, self.cameo, self.quad, self.modalities, self.start, self.end)
        return (*fields, self.text, self.doc)


def side_named(alias: str, side: str) -> str:
    """The SQL condition that the event (of the events table ``alias``) has its ``side``
    (``source`` or ``target``): a side the text names always keeps its words, so its ``_text``
    column is NULL only for an event with that side missing (``Event.source`` is ``None``)."""
    return f"{alias}.{side}_text IS NOT NULL"


def like(value: str | None) -> str | None:
    """An ILIKE pattern (with ``ESCAPE '\\'``) matching ``value`` anywhere, its ``%`` and ``_``
    taken literally; ``None`` for no filter."""
    if not value:
        return None
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class _Parser:
    """The checks of each value, naming it as ``names`` says."""

    def __init__(self, names: Mapping[str, str], empty_is_absent: bool) -> None:
        self.names = names
        self.empty_is_absent = empty_is_absent

    def absent(self, value: object) -> bool:
        return value is None or (value == "" and self.empty_is_absent)

    def name(self, field_name: str) -> str:
        return self.names.get(field_name, field_name)

    def refuse(self, field_name: str, reason: str) -> None:
        parameter = self.name(field_name)
        raise FilterError(parameter, reason, separator=" " if parameter.startswith("-") else ": ")

    def code(self, value: str | None, field_name: str) -> str | None:
        if self.absent(value) or value is None:
            return None
        if not re.fullmatch(CODE, value):
            self.refuse(
                field_name,
                f"{shown(value)} is not a code; expected 2-15 letters or digits, "
                "a country (PAK) or an actor-code prefix (PAKGOV, ---MIL)",
            )
        return value.upper()

    def cameo(self, value: str | None) -> str | None:
        if self.absent(value) or value is None:
            return None
        if not re.fullmatch(CAMEO, value):
            self.refuse("cameo", f"{shown(value)} is not a CAMEO code; expected 2-4 digits such as 19, 112 or 0256")
        return value

    def quad(self, value: str | int | None) -> int | None:
        if self.absent(value) or value is None:
            return None
        if str(value) not in {str(quad) for quad in QUADS}:
            self.refuse("quad", f"{shown(value)} is not a QuadClass; expected {', '.join(map(str, QUADS))}")
        return int(value)

    def day(self, value: dt.date | str | None, field_name: str) -> dt.date | None:
        if self.absent(value) or value is None:
            return None
        if isinstance(value, dt.date):
            return value
        try:
            if not re.fullmatch(DAY, value):
                raise ValueError
            return dt.date.fromisoformat(value)
        except ValueError:
            self.refuse(field_name, f"{shown(value)} is not a date; expected YYYY-MM-DD")
        return None  # not reached: refuse raises

    def modalities(self, value: str | Iterable[str] | None, default: tuple[str, ...] | None) -> tuple[str, ...] | None:
        if self.absent(value) or value is None:
            return default
        names = value.split(",") if isinstance(value, str) else list(value)
        wanted = [name.strip() for name in names]
        if wanted == ["all"]:
            return None
        valid = f"expected {', '.join(MODALITIES)}, a comma-separated list of them, or all"
        unknown = [name for name in wanted if name not in MODALITIES]
        if unknown and unknown[0]:
            self.refuse("modality", f"{shown(unknown[0])} is not a modality; {valid}")
        if unknown:
            self.refuse("modality", f"{shown(','.join(names))} is not a modality list; {valid}")
        return tuple(sorted(set(wanted)))

    def doc(self, value: str | None) -> str | None:
        if self.absent(value) or value is None:
            return None
        if not re.fullmatch(HASH, value):
            self.refuse("doc", f"{shown(value)} is not a document hash; expected 64 hex digits (sha256)")
        return value.lower()
