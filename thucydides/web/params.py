"""Request values checked before they reach SQL, and the one error every endpoint answers with.

Each value's form is written once here, as a regular expression or a list of choices: the
validators below accept exactly the values that match (and the empty value, which is no filter),
and ``app`` declares the same expressions and choices in ``/openapi.json``, so a request the
schema allows is never refused for its form, and one it refuses is never taken.

A value that fails a check raises :class:`ApiError` (422 ``bad_parameter``) naming the parameter
and what would be valid; a value echoed in a message is cut at 40 characters. Values that pass
are typed (a date, an upper-case code, a tuple of modalities), and reach SQL only as bound
parameters.
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
MAX_SHOWN = 40  # characters of a request value echoed in an error message

# The form of each value, in the regular-expression syntax Python and JSON Schema share.
CODE = "(?:---)?[A-Za-z0-9]{2,15}"  # PAK, PAKGOV; ---MIL, a role named with no country
CAMEO = "[0-9]{2,4}"
DAY = "[0-9]{4}-[0-9]{2}-[0-9]{2}"
HASH = "[0-9a-fA-F]{64}"
_ONE_MODALITY = "(?:" + "|".join(MODALITIES) + ")"
MODALITY = f"all|{_ONE_MODALITY}(?: *, *{_ONE_MODALITY})*"
TEXT = r"\S"  # a text that is not only white space (str.isspace, which Python's \s follows)
QUADS = ("1", "2", "3", "4")
FLAGS = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")

# code -> HTTP status, the documented error codes.
ERROR_CODES = {
    "bad_parameter": 422,
    "not_found": 404,
    "method_not_allowed": 405,
    "too_large": 413,
    "analyze_disabled": 403,
    "store_damaged": 503,
    "internal": 500,
}


def whole(form: str) -> str:
    """The JSON Schema ``pattern`` of a value of ``form``."""
    return f"^(?:{form})$"


def optional(form: str) -> str:
    """The JSON Schema ``pattern`` of a value of ``form`` or the empty value (no filter)."""
    return f"^(?:{form})?$"


def cut(value: str) -> str:
    """``value`` cut at ``MAX_SHOWN`` characters, an ellipsis marking the cut."""
    return value if len(value) <= MAX_SHOWN else value[:MAX_SHOWN] + "…"


def shown(value: object) -> str:
    """``value`` as echoed in a message: quoted, and cut at ``MAX_SHOWN`` characters."""
    return repr(cut(str(value)))


def text(value: str) -> str:
    """``value`` with its lone surrogate code points (``"\\ud800"`` is valid JSON but not text)
    replaced with U+FFFD, as the JSONL reader does."""
    return _LONE_SURROGATE.sub("\ufffd", value)


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
    named = None if parameter is None else text(parameter)
    return {"error": {"status": status, "code": code, "message": text(message), "parameter": named}}


def bad(parameter: str, message: str) -> ApiError:
    named = cut(parameter)
    return ApiError("bad_parameter", f"{named}: {message}", named)


def code(value: str | None, parameter: str) -> str | None:
    """An actor or country code, upper-cased: 2 to 15 letters or digits, after ``---`` for a
    role named with no country (``---MIL``, which a country code never matches)."""
    if not value:
        return None
    if not re.fullmatch(CODE, value):
        raise bad(
            parameter,
            f"{shown(value)} is not a code; expected 2-15 letters or digits, "
            "a country (PAK) or an actor-code prefix (PAKGOV)",
        )
    return value.upper()


def cameo(value: str | None) -> str | None:
    """A CAMEO code or code prefix of 2 to 4 digits (``19`` matches ``190`` and ``1951``)."""
    if not value:
        return None
    if not re.fullmatch(CAMEO, value):
        raise bad("cameo", f"{shown(value)} is not a CAMEO code; expected 2-4 digits such as 19, 112 or 0256")
    return value


def day(value: str | None, parameter: str) -> dt.date | None:
    """A day written YYYY-MM-DD."""
    if not value:
        return None
    try:
        if not re.fullmatch(DAY, value):
            raise ValueError
        return dt.date.fromisoformat(value)
    except ValueError:
        raise bad(parameter, f"{cut(value)} is not a date (YYYY-MM-DD)") from None


def window(start: str | None, end: str | None) -> tuple[dt.date | None, dt.date | None]:
    """The ``from`` and ``to`` days; ``from`` may not come after ``to``."""
    first, last = day(start, "from"), day(end, "to")
    if first and last and first > last:
        raise bad("from", f"{first} is after to {last}; the window would hold no day")
    return first, last


def modalities(value: str | None, *, default: tuple[str, ...] | None) -> tuple[str, ...] | None:
    """Modality names from a comma-separated list; ``all`` for every modality, ``default`` when
    absent or empty."""
    if not value:
        return default
    if value == "all":
        return None
    wanted = [name.strip() for name in value.split(",")]
    unknown = [name for name in wanted if name not in MODALITIES]
    if unknown or not re.fullmatch(MODALITY, value):
        found = f"unknown modality {shown(unknown[0])}" if unknown else f"{shown(value)} is not a modality list"
        raise bad("modality", f"{found}; expected {', '.join(MODALITIES)}, a comma list, or all")
    return tuple(sorted(set(wanted)))


def choice(value: str | None, parameter: str, known: Sequence[str], default: str) -> str:
    """One of ``known``; ``default`` when absent or empty."""
    if not value:
        return default
    if value not in known:
        raise bad(parameter, f"unknown value {shown(value)}; expected {', '.join(known)}")
    return value


def quad(value: str | None) -> int | None:
    """A QuadClass, 1 to 4."""
    if not value:
        return None
    if value not in QUADS:
        raise bad("quad", f"{shown(value)} is not a QuadClass; expected {', '.join(QUADS)}")
    return int(value)


def flag(value: str | None, parameter: str) -> bool | None:
    """``true`` or ``false`` (also 1/0, yes/no); ``None`` when absent or empty."""
    if not value:
        return None
    if value not in FLAGS:
        raise bad(parameter, f"{shown(value)} is not a flag; expected {', '.join(FLAGS)}")
    return FLAGS[value]


def doc_hash(value: str | None, parameter: str = "doc") -> str | None:
    """A document hash: the 64 hex digits of the sha256 of its cleaned text (lower-cased)."""
    if not value:
        return None
    if not re.fullmatch(HASH, value):
        raise bad(parameter, f"{shown(value)} is not a document hash; expected 64 hex digits (sha256)")
    return value.lower()


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
