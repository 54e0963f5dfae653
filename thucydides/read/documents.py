"""One document at a time: plain text (a headline line is the title), HTML (article text by
trafilatura) and JSONL records (``{"id","text","title","published","url","source"}``, only
``text`` required), each a :class:`RawDocument` or a :class:`Failure` naming the line."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import InputError, InputTooLarge
from ..records import Failure, RawDocument
from .streams import LONE_SURROGATE, STREAM_ERRORS, LongLine, excerpt, over_limit, stream_failure

JSONL_FIELDS = ("id", "text", "title", "published", "url", "source")


_TITLE_MAX_CHARS = 200


_MIN_SENTENCE_WORDS = 6


def read_text(
    text: str,
    origin: str,
    *,
    doc_id: str,
    published: dt.date | None = None,
    warnings: tuple[str, ...] = (),
) -> RawDocument:
    """A plain-text document; a short first line followed by a blank line is its title."""
    title, body = split_title(text)
    return RawDocument(id=doc_id, text=body, origin=origin, title=title, published=published, warnings=warnings)


def split_title(text: str) -> tuple[str | None, str]:
    """``(title, body)`` when the text opens with a headline line and a blank line."""
    stripped = text.lstrip("\ufeff\r\n\t ")
    first, sep, rest = stripped.partition("\n")
    first = first.strip()
    if (
        sep
        and first
        and len(first) <= _TITLE_MAX_CHARS
        and first[-1] not in ".!?\"'”’:;,"
        and rest.lstrip(" \t\r").startswith("\n")
        and rest.strip()
    ):
        return first, rest.strip("\r\n")
    return None, text


def read_html(
    html: str,
    origin: str,
    *,
    doc_id: str,
    published: dt.date | None = None,
    warnings: tuple[str, ...] = (),
    url: str | None = None,
) -> RawDocument:
    """The article in an HTML page, extracted by trafilatura (title and date when present).

    Raises :class:`InputError` when the page holds no article text.
    """
    import trafilatura

    extracted = trafilatura.extract(
        html, output_format="json", with_metadata=True, include_comments=False, include_tables=False, url=url
    )
    if not extracted:
        raise InputError(origin, "HTML page with no article text that trafilatura could find")
    meta = json.loads(extracted)
    text = meta.get("text") or ""
    if not any(len(line.split()) >= _MIN_SENTENCE_WORDS for line in text.splitlines()):
        # menus and link lists only: no line reads like a sentence of a story
        raise InputError(origin, "HTML page with no article text that trafilatura could find")
    date = published
    if meta.get("date") and date is None:
        date = parse_date(meta["date"], origin)
    return RawDocument(
        id=doc_id,
        text=text,
        origin=origin,
        title=meta.get("title") or None,
        published=date,
        url=url or meta.get("source") or None,
        source=meta.get("sitename") or None,
        warnings=warnings,
    )


def read_jsonl(
    lines: bytes | Iterable[bytes], origin: str, published: dt.date | None, max_bytes: int
) -> Iterator[RawDocument | Failure]:
    """One document a line; a bad line is a :class:`Failure` naming its line number.

    ``lines`` is the whole file or any iterable of its lines (a file opened in binary mode).
    Only ``\n`` ends a line: U+2028 and friends are legal inside JSON strings.
    """
    if isinstance(lines, bytes):
        lines = lines.split(b"\n")
    return jsonl_documents(lines, origin, published, max_bytes)


def jsonl_documents(
    lines: Iterable[bytes | LongLine],
    origin: str,
    published: dt.date | None,
    max_bytes: int,
    encoding: str = "UTF-8",
) -> Iterator[RawDocument | Failure]:
    """The documents of JSONL lines as UTF-8 bytes; ``encoding`` names the file's own (the
    lines of a UTF-16 file are re-encoded) in the warning about undecodable bytes."""
    seen_any = False
    number = 0
    try:
        for number, raw in enumerate(lines, start=1):
            where = f"{origin}:{number}"
            if isinstance(raw, LongLine):
                seen_any = True
                reason = (
                    f"line of {raw.size} bytes, too long to hold a document within the limit of {max_bytes} bytes "
                    "(limits.max_document_bytes); skipped unread"
                )
                yield Failure(origin=where, document_id=None, stage="read", reason=reason)
                continue
            if not raw.strip():
                continue
            seen_any = True
            try:
                line, warnings = _decode_line(raw.rstrip(b"\r\n"), where, encoding)
                yield _jsonl_record(line, where, origin, number, published, max_bytes, warnings)
            except InputError as exc:
                yield Failure(origin=where, document_id=None, stage="read", reason=exc.reason)
    except STREAM_ERRORS as exc:
        yield stream_failure(f"{origin}:{number + 1}", exc)
        return
    if not seen_any:
        yield Failure(origin=origin, document_id=None, stage="read", reason="empty document: no text to analyse")


def _decode_line(raw: bytes, where: str, encoding: str = "UTF-8") -> tuple[str, tuple[str, ...]]:
    if b"\x00" in raw:
        raise InputError(where, "binary data (NUL bytes); expected one JSON object")
    try:
        return raw.decode("utf-8-sig"), ()
    except UnicodeDecodeError as exc:
        at = f"at column {exc.start + 1}" if encoding == "UTF-8" else "in the line"
        warning = f"{where}: invalid {encoding} {at}; undecodable bytes replaced with U+FFFD"
        return raw.decode("utf-8", errors="replace"), (warning,)


def _jsonl_record(
    line: str,
    where: str,
    origin: str,
    number: int,
    published: dt.date | None,
    max_bytes: int,
    warnings: tuple[str, ...],
) -> RawDocument:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(where, f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise InputError(where, "not valid JSON for a document (nested too deeply)") from None
    if not isinstance(record, dict):
        raise InputError(where, f"expected a JSON object with a 'text' field, got {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(where, "missing or empty 'text' (a non-empty string is required)")
    if LONE_SURROGATE.search(text):  # "\ud800" is valid JSON but not text
        text = LONE_SURROGATE.sub("\ufffd", text)
        warnings = (*warnings, f"{where}: lone surrogate code points in 'text' replaced with U+FFFD")
    if over_limit(text, max_bytes):
        raise InputTooLarge(where, f"'text' is over the limit of {max_bytes} bytes (limits.max_document_bytes)")
    for key in ("id", "title", "url", "source", "published"):
        value = record.get(key)
        if value is not None and not isinstance(value, str | int):
            raise InputError(where, f"'{key}' must be a string, got {type(value).__name__}")
    date = parse_date(str(record["published"]), where) if record.get("published") else published
    doc_id = str(record["id"]) if record.get("id") is not None else f"{Path(origin).name}:{number}"
    return RawDocument(
        id=doc_id,
        text=text,
        origin=where,
        title=_text_field(record, "title"),
        published=date,
        url=_text_field(record, "url"),
        source=_text_field(record, "source"),
        warnings=warnings,
    )


def _text_field(record: dict, key: str) -> str | None:
    value = record.get(key)
    return None if value is None else str(value)


def parse_date(value: str, where: str) -> dt.date:
    """An ISO date (``YYYY-MM-DD``, a longer ISO timestamp is cut to its date)."""
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise InputError(where, f"publication date '{excerpt(value)}' is not an ISO date (YYYY-MM-DD)") from None
