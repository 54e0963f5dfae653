"""Readers: files, directories and stdin in; :class:`RawDocument` or :class:`Failure` out.

Plain text (``.txt``), HTML (``.html``/``.htm``, article text by trafilatura) and JSONL
(``.jsonl``: one ``{"id","text","title","published","url","source"}`` object a line, only
``text`` required). Directories are walked recursively by extension; ``-`` reads stdin.

A bad document never stops the others: ``iter_documents`` yields a :class:`Failure` naming the
file (and line) and goes on. A path that does not exist is a usage error and raises
:class:`InputError` before anything is read (see ``check_paths``).
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from .errors import InputError, InputTooLarge
from .records import Failure, RawDocument

TEXT_SUFFIXES = {".txt"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
JSONL_FIELDS = ("id", "text", "title", "published", "url", "source")
_TITLE_MAX_CHARS = 200
_MIN_SENTENCE_WORDS = 6
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def check_paths(paths: Iterable[str]) -> None:
    """Raise :class:`InputError` for the first path that does not exist or has no known type."""
    for raw in paths:
        if raw == "-":
            continue
        path = Path(raw)
        if not path.exists():
            raise InputError(raw, "no such file or directory")
        if path.is_file() and path.suffix.lower() not in KNOWN_SUFFIXES:
            raise InputError(raw, f"unknown file type '{path.suffix}'; known: {', '.join(sorted(KNOWN_SUFFIXES))}")


def iter_documents(
    paths: Iterable[str],
    *,
    published: dt.date | None = None,
    max_bytes: int = 5_000_000,
) -> Iterator[RawDocument | Failure]:
    """Every document under ``paths``, in order; unreadable ones as :class:`Failure`.

    ``published`` is the publication date given to documents that carry none of their own.
    """
    for raw in paths:
        if raw == "-":
            yield from _read_stdin(published, max_bytes)
            continue
        path = Path(raw)
        files = (
            sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in KNOWN_SUFFIXES)
            if path.is_dir()
            else [path]
        )
        for file in files:
            try:
                yield from _read_file(file, published, max_bytes)
            except InputError as exc:
                yield Failure(origin=exc.where, document_id=None, stage="read", reason=exc.reason)


def _read_file(path: Path, published: dt.date | None, max_bytes: int) -> Iterator[RawDocument | Failure]:
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror}") from None
    if suffix not in JSONL_SUFFIXES and size > max_bytes:
        raise InputTooLarge(str(path), f"{size} bytes is over the limit of {max_bytes} (limits.max_document_bytes)")
    if suffix in JSONL_SUFFIXES:  # streamed a line at a time: a corpus file may be large
        try:
            with path.open("rb") as lines:
                yield from read_jsonl(lines, str(path), published, max_bytes)
        except OSError as exc:
            raise InputError(str(path), f"cannot read: {exc.strerror}") from None
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror}") from None
    text, warnings = decode(data, str(path))
    if suffix in HTML_SUFFIXES:
        yield read_html(text, str(path), doc_id=path.name, published=published, warnings=warnings)
    else:
        yield read_text(text, str(path), doc_id=path.name, published=published, warnings=warnings)


def _read_stdin(published: dt.date | None, max_bytes: int) -> Iterator[RawDocument | Failure]:
    """stdin as JSONL (a document a line, streamed) when it opens with ``{``, else one text."""
    stream = sys.stdin.buffer
    first = stream.readline()
    while first and not first.strip():
        first = stream.readline()
    if first.lstrip().startswith(b"{"):
        yield from read_jsonl(itertools.chain([first], stream), "<stdin>", published, max_bytes)
        return
    data = first + stream.read(max_bytes + 1 - len(first))
    if len(data) > max_bytes:
        yield Failure("<stdin>", None, "read", f"over the limit of {max_bytes} bytes (limits.max_document_bytes)")
        return
    try:
        text, warnings = decode(data, "<stdin>")
        yield read_text(text, "<stdin>", doc_id="stdin", published=published, warnings=warnings)
    except InputError as exc:
        yield Failure(exc.where, None, "read", exc.reason)


def decode(data: bytes, where: str) -> tuple[str, tuple[str, ...]]:
    """UTF-8 text from ``data``; invalid bytes are replaced and reported as a warning.

    Raises :class:`InputError` for binary data (NUL bytes) and for empty input.
    """
    if b"\x00" in data[:8192]:
        raise InputError(where, "binary file (NUL bytes); expected UTF-8 text, HTML or JSONL")
    warnings: tuple[str, ...] = ()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        text = data.decode("utf-8", errors="replace")
        warnings = (f"{where}: invalid UTF-8 at byte {exc.start}; undecodable bytes replaced with U+FFFD",)
    if not text.strip():
        raise InputError(where, "empty document: no text to analyse")
    return text, warnings


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
    seen_any = False
    for number, raw in enumerate(lines, start=1):
        where = f"{origin}:{number}"
        if not raw.strip():
            continue
        seen_any = True
        try:
            line, warnings = _decode_line(raw.rstrip(b"\r\n"), where)
            yield _jsonl_record(line, where, origin, number, published, max_bytes, warnings)
        except InputError as exc:
            yield Failure(origin=where, document_id=None, stage="read", reason=exc.reason)
    if not seen_any:
        yield Failure(origin=origin, document_id=None, stage="read", reason="empty document: no text to analyse")


def _decode_line(raw: bytes, where: str) -> tuple[str, tuple[str, ...]]:
    if b"\x00" in raw:
        raise InputError(where, "binary data (NUL bytes); expected one JSON object")
    try:
        return raw.decode("utf-8-sig"), ()
    except UnicodeDecodeError as exc:
        warning = f"{where}: invalid UTF-8 at column {exc.start + 1}; undecodable bytes replaced with U+FFFD"
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
    if _LONE_SURROGATE.search(text):  # "\ud800" is valid JSON but not text
        text = _LONE_SURROGATE.sub("\ufffd", text)
        warnings = (*warnings, f"{where}: lone surrogate code points in 'text' replaced with U+FFFD")
    if len(text.encode("utf-8")) > max_bytes:
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
        raise InputError(where, f"publication date {value!r} is not an ISO date (YYYY-MM-DD)") from None
