"""Dates: the date expressions of a story, resolved against its publication date.

The recogniser's DATE entities are read as news writes them: an absolute date ("July 26",
"March 15, 2023", "2009-07-26"), a day relative to publication ("yesterday", "on Tuesday" — the
latest such day on or before publication, as reports speak of the past), a week or a month
("last week", "two weeks ago", "next month") or a year ("in 2001"). Each value carries its
precision: ``day`` (``2009-07-26``), ``week`` (ISO week ``2009-W30``), ``month`` (``2009-07``)
or ``year`` (``2009``). An expression that needs a publication date it does not have, or that
names no point in time ("years", "the past decade"), gets ``value: null``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable

from spacy.tokens import Doc, Span

from .records import DateMention

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
_MONTHS["sept"] = 9
_WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
_NUMBERS = {
    "a": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "several": None,
    "few": None,
}
_MONTH = r"(?P<month>[a-z]+)\.?"
_ABSOLUTE = [
    re.compile(r"^(?P<year>\d{4})-(?P<monthnum>\d{2})-(?P<day>\d{2})$"),
    re.compile(rf"^{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{{4}}))?$"),
    re.compile(rf"^(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+(?P<year>\d{{4}}))?$"),
    re.compile(rf"^{_MONTH}(?:\s+(?P<year>\d{{4}}))$"),
]
_YEAR = re.compile(r"^(?P<year>(?:19|20)\d{2})$")
_YEAR_INSIDE = re.compile(r"\b(?P<year>(?:19|20)\d{2})\b")
_AGO = re.compile(r"^(?P<count>\w+)\s+(?P<unit>day|week|month|year)s?\s+ago$")
_PREFIXES = ("on ", "in ", "the ", "this past ", "since ", "by ", "until ")


def find_dates(doc: Doc, published: dt.date | None) -> tuple[DateMention, ...]:
    """The date mentions of ``doc`` with their values (``None`` where none can be given)."""
    return tuple(_mention(entity, published) for entity in _date_entities(doc.ents))


def _date_entities(entities: Iterable[Span]) -> Iterable[Span]:
    return (entity for entity in entities if entity.label_ == "DATE")


def _mention(entity: Span, published: dt.date | None) -> DateMention:
    value, precision = resolve(entity.text, published)
    return DateMention(entity.text, value, (entity.start_char, entity.end_char), precision=precision)


def resolve(text: str, published: dt.date | None) -> tuple[str | None, str | None]:
    """``(value, precision)`` of one date expression; ``(None, None)`` when it names no date."""
    phrase = " ".join(text.lower().replace("’", "'").split())
    for prefix in _PREFIXES:
        if phrase.startswith(prefix):
            phrase = phrase[len(prefix) :]
    absolute = _absolute(phrase, published)
    if absolute is not None:
        return absolute
    if published is None:
        return None, None
    return _relative(phrase, published)


def _absolute(phrase: str, published: dt.date | None) -> tuple[str | None, str | None] | None:
    for pattern in _ABSOLUTE:
        match = pattern.match(phrase)
        if match is None:
            continue
        parts = match.groupdict()
        month = int(parts["monthnum"]) if parts.get("monthnum") else _MONTHS.get(parts.get("month") or "")
        if month is None:
            return None
        year = int(parts["year"]) if parts.get("year") else (published.year if published else None)
        if year is None:
            return None, None  # "July 26" with no publication date: which year is unknown
        if not parts.get("day"):
            return f"{year:04d}-{month:02d}", "month"
        try:
            day = dt.date(year, month, int(parts["day"]))
        except ValueError:
            return None, None
        if not parts.get("year") and published is not None and day > published + dt.timedelta(days=31):
            day = day.replace(year=year - 1)  # "December 30" in a January story is last year's
        return day.isoformat(), "day"
    match = _YEAR.match(phrase) or _YEAR_INSIDE.search(phrase)
    if match:
        return match["year"], "year"  # "2001", "the end of 2001"
    return None


def _relative(phrase: str, published: dt.date) -> tuple[str | None, str | None]:
    if phrase in ("today", "this morning", "tonight", "this evening", "this afternoon"):
        return published.isoformat(), "day"
    if phrase in ("yesterday", "last night"):
        return (published - dt.timedelta(days=1)).isoformat(), "day"
    if phrase == "tomorrow":
        return (published + dt.timedelta(days=1)).isoformat(), "day"
    weekday = _WEEKDAYS.get(phrase.removeprefix("last ").removeprefix("next "))
    if weekday is not None:
        offset = (published.weekday() - weekday) % 7
        if phrase.startswith("next "):
            return (published + dt.timedelta(days=(weekday - published.weekday()) % 7 or 7)).isoformat(), "day"
        return (published - dt.timedelta(days=offset)).isoformat(), "day"
    if phrase in ("this week", "last week", "next week"):
        shift = {"this week": 0, "last week": -1, "next week": 1}[phrase]
        return _week(published + dt.timedelta(weeks=shift)), "week"
    if phrase in ("this month", "last month", "next month"):
        shift = {"this month": 0, "last month": -1, "next month": 1}[phrase]
        return _month(published, shift), "month"
    if phrase in ("this year", "last year", "next year"):
        shift = {"this year": 0, "last year": -1, "next year": 1}[phrase]
        return str(published.year + shift), "year"
    match = _AGO.match(phrase)
    if match:
        count = int(match["count"]) if match["count"].isdigit() else _NUMBERS.get(match["count"])
        if count is None:
            return None, None  # "several weeks ago" names no point in time
        unit = match["unit"]
        if unit == "day":
            return (published - dt.timedelta(days=count)).isoformat(), "day"
        if unit == "week":
            return _week(published - dt.timedelta(weeks=count)), "week"
        if unit == "month":
            return _month(published, -count), "month"
        return str(published.year - count), "year"
    return None, None


def _week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def _month(day: dt.date, shift: int) -> str:
    index = day.year * 12 + day.month - 1 + shift
    return f"{index // 12:04d}-{index % 12 + 1:02d}"
