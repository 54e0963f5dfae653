"""Request values checked before they reach SQL, and the one error every endpoint answers with.

Each value's form is written once, as a regular expression (the event filters' in
:mod:`thucydides.filters`, which also checks them) or a list of choices: the validators accept
exactly the values that match (and the empty value, which is no filter), and ``api_routes`` declares
the same expressions and choices in ``/openapi.json``, so a request the schema allows is never
refused for its form, and one it refuses is never taken.

A value that fails a check raises :class:`ApiError` (422 ``bad_parameter``) naming the parameter
and what would be valid; a value echoed in a message is cut at 40 characters. Values that pass
are typed (an :class:`~thucydides.filters.EventFilter`, a date, an upper-case code), and reach
SQL only as bound parameters.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence

from ..filters import CAMEO, CODE, DAY, HASH, MAX_SHOWN, MODALITY, QUADS, WEB_NAMES, EventFilter, FilterError
from ..filters import like as like
from ..filters import shown as shown

MAX_PAGE = 1_000_000
MAX_SIZE = 200
DEFAULT_SIZE = 50
MAX_TEXT_FILTER = 200  # characters of a free-text filter (q, speaker)

__all__ = ["CAMEO", "CODE", "DAY", "HASH", "MODALITY", "QUAD_CHOICES", "EventFilter", "like", "shown"]

TEXT = r"\S"  # a text that is not only white space (str.isspace, which Python's \s follows)
QUAD_CHOICES = tuple(str(quad) for quad in QUADS)
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


def event_filter(*, default_modalities: tuple[str, ...] | None = None, **values: str | None) -> EventFilter:
    """The event filter of the request's values (``source``, ``target``, ``cameo``, ``quad``,
    ``modality``, ``start``, ``end``, ``text``, ``doc``), named as the API names them."""
    return _parsed(WEB_NAMES, default_modalities=default_modalities, **values)


def code(value: str | None, parameter: str) -> str | None:
    """An actor or country code (checked as an event filter's ``source``), upper-cased."""
    return _parsed({"source": parameter}, source=value).source


def day(value: str | None, parameter: str) -> dt.date | None:
    """A day written YYYY-MM-DD (checked as an event filter's ``start``)."""
    return _parsed({"start": parameter}, start=value).start


def doc_hash(value: str | None, parameter: str = "doc") -> str | None:
    """A document hash (checked as an event filter's ``doc``), lower-cased."""
    return _parsed({"doc": parameter}, doc=value).doc


def _parsed(names: Mapping[str, str], **values: object) -> EventFilter:
    try:
        return EventFilter.parse(names=names, empty_is_absent=True, **values)  # type: ignore[arg-type]
    except FilterError as exc:
        raise bad(exc.parameter, exc.reason) from None


def choice(value: str | None, parameter: str, known: Sequence[str], default: str) -> str:
    """One of ``known``; ``default`` when absent or empty."""
    if not value:
        return default
    if value not in known:
        raise bad(parameter, f"unknown value {shown(value)}; expected {', '.join(known)}")
    return value


def flag(value: str | None, parameter: str) -> bool | None:
    """``true`` or ``false`` (also 1/0, yes/no); ``None`` when absent or empty."""
    if not value:
        return None
    if value not in FLAGS:
        raise bad(parameter, f"{shown(value)} is not a flag; expected {', '.join(FLAGS)}")
    return FLAGS[value]
