"""Request values checked before they reach SQL, and the one error every endpoint answers with.

A value that fails a check raises :class:`ApiError` (422 ``bad_parameter``) naming the parameter
and what would be valid. Values that pass are typed (a date, an upper-case code, a tuple of
modalities), and reach SQL only as bound parameters.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..analysis import MODALITIES

MAX_PAGE = 1_000_000
MAX_SIZE = 200
DEFAULT_SIZE = 50
MAX_TEXT_FILTER = 200  # characters of a free-text filter (q, speaker)

_CODE = re.compile(r"[A-Z0-9]{2,15}")
_CAMEO = re.compile(r"[0-9]{2,4}")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_HASH = re.compile(r"[0-9a-f]{64}")
_FLAGS = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}

# code -> HTTP status, the documented error codes.
ERROR_CODES = {
    "bad_parameter": 422,
    "not_found": 404,
    "method_not_allowed": 405,
    "too_large": 413,
    "analyze_disabled": 403,
    "internal": 500,
}


class ApiError(Exception):
    """An error answered as ``{"error": {"status", "code", "message", "parameter"}}``."""

    def __init__(self, code: str, message: str, parameter: str | None = None) -> None:
        super().__init__(message)
        self.status = ERROR_CODES[code]
        self.code = code
        self.message = message
        self.parameter = parameter

    def body(self) -> dict[str, object]:
        return error_body(self.status, self.code, self.message, self.parameter)


def error_body(status: int, code: str, message: str, parameter: str | None = None) -> dict[str, object]:
    return {"error": {"status": status, "code": code, "message": message, "parameter": parameter}}


def bad(parameter: str, message: str) -> ApiError:
    return ApiError("bad_parameter", f"{parameter}: {message}", parameter)


def code(value: str | None, parameter: str) -> str | None:
    """An actor or country code, upper-cased: 2 to 15 letters or digits."""
    if value is None or value == "":
        return None
    found = value.strip().upper()
    if not _CODE.fullmatch(found):
        raise bad(
            parameter,
            f"{value!r} is not a code; expected 2-15 letters or digits, "
            "a country (PAK) or an actor-code prefix (PAKGOV)",
        )
    return found


def cameo(value: str | None) -> str | None:
    """A CAMEO code or code prefix of 2 to 4 digits (``19`` matches ``190`` and ``1951``)."""
    if value is None or value == "":
        return None
    found = value.strip()
    if not _CAMEO.fullmatch(found):
        raise bad("cameo", f"{value!r} is not a CAMEO code; expected 2-4 digits such as 19, 112 or 0256")
    return found


def day(value: str | None, parameter: str) -> dt.date | None:
    """A day written YYYY-MM-DD."""
    if value is None or value == "":
        return None
    try:
        if not _DAY.fullmatch(value):
            raise ValueError
        return dt.date.fromisoformat(value)
    except ValueError:
        raise bad(parameter, f"{value} is not a date (YYYY-MM-DD)") from None


def window(start: str | None, end: str | None) -> tuple[dt.date | None, dt.date | None]:
    """The ``from`` and ``to`` days; ``from`` may not come after ``to``."""
    first, last = day(start, "from"), day(end, "to")
    if first and last and first > last:
        raise bad("from", f"{first} is after to {last}; the window would hold no day")
    return first, last


def modalities(value: str | None, *, default: tuple[str, ...] | None) -> tuple[str, ...] | None:
    """Modality names from a comma-separated list; ``all`` (or ``None``) for every modality."""
    if value is None or value == "":
        return default
    wanted = [name.strip() for name in value.split(",") if name.strip()]
    if wanted == ["all"]:
        return None
    unknown = [name for name in wanted if name not in MODALITIES]
    if unknown or not wanted:
        shown = repr(unknown[0]) if unknown else "(none)"
        raise bad("modality", f"unknown modality {shown}; expected {', '.join(MODALITIES)}, a comma list, or all")
    return tuple(sorted(set(wanted)))


def choice(value: str | None, parameter: str, known: Sequence[str], default: str) -> str:
    """One of ``known``; ``default`` when absent or empty."""
    if value is None or value == "":
        return default
    if value not in known:
        raise bad(parameter, f"unknown value {value!r}; expected {', '.join(known)}")
    return value


def quad(value: str | None) -> int | None:
    """A QuadClass, 1 to 4."""
    if value is None or value == "":
        return None
    if value.strip() not in ("1", "2", "3", "4"):
        raise bad("quad", f"{value[:20]!r} is not a QuadClass; expected 1, 2, 3 or 4")
    return int(value)


def flag(value: str | None, parameter: str) -> bool | None:
    """``true`` or ``false`` (also 1/0, yes/no); ``None`` when absent or empty."""
    if value is None or value == "":
        return None
    found = _FLAGS.get(value.strip().lower())
    if found is None:
        raise bad(parameter, f"{value[:20]!r} is not true or false")
    return found


def doc_hash(value: str | None, parameter: str = "doc") -> str | None:
    """A document hash: the 64 hex digits of the sha256 of its cleaned text (lower-cased)."""
    if value is None or value == "":
        return None
    found = value.strip().lower()
    if not _HASH.fullmatch(found):
        raise bad(parameter, f"{value[:80]!r} is not a document hash; expected 64 hex digits (sha256)")
    return found


def like(value: str | None) -> str | None:
    """An ILIKE pattern (with ``ESCAPE '\\'``) matching ``value`` anywhere, its ``%`` and ``_``
    taken literally; ``None`` for no filter."""
    if value is None or value == "":
        return None
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@dataclass(frozen=True, slots=True)
class Page:
    """Page ``number`` (from 1) of ``size`` items."""

    number: int
    size: int

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    def of(self, items: list[dict[str, object]], total: int) -> dict[str, object]:
        return {"items": items, "page": self.number, "size": self.size, "total": total}
