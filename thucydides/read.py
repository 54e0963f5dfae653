"""Readers: files, directories, globs and stdin in; :class:`RawDocument` or :class:`Failure` out.

One document a file: plain text (``.txt``) and HTML (``.html``/``.htm``, article text by
trafilatura). Many documents a file, streamed a record at a time: JSONL (``.jsonl``, and
gzipped ``.jsonl.gz``/``.json.gz``: one ``{"id","text","title","published","url","source"}``
object a line, only ``text`` required), tables (``.csv``, ``.tsv``, gzipped or not) and web
archives (``.warc``, ``.warc.gz``); the last two are read in :mod:`thucydides.sources`.
Directories are walked recursively by extension, a path holding ``*``, ``?`` or ``[...]`` is
a glob (``**`` recurses), and ``-`` reads stdin.

A bad document never stops the others: ``iter_documents`` yields a :class:`Failure` naming the
file (and line, or ``#offset`` of a WARC record) and goes on; a corrupt or truncated
compressed file ends that file with a Failure, after the documents before the damage. A path
that does not exist, or a glob that matches nothing, is a usage error and raises
:class:`InputError` before anything is read (see ``check_paths``).
"""

from __future__ import annotations

import datetime as dt
import glob
import gzip
import itertools
import json
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, cast

from .errors import InputError, InputTooLarge
from .records import Failure, RawDocument

# suffix -> reader; a name is matched on its longest known suffix (".jsonl.gz" before ".gz")
FORMATS = {
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".jsonl.gz": "jsonl",
    ".json.gz": "jsonl",
    ".csv": "csv",
    ".csv.gz": "csv",
    ".tsv": "tsv",
    ".tsv.gz": "tsv",
    ".warc": "warc",
    ".warc.gz": "warc",
}
KNOWN_SUFFIXES = frozenset(FORMATS)
JSONL_FIELDS = ("id", "text", "title", "published", "url", "source")
# gzip reports a truncated or damaged file with any of these, possibly after many good lines
STREAM_ERRORS = (OSError, EOFError, zlib.error)
_TITLE_MAX_CHARS = 200
_MIN_SENTENCE_WORDS = 6
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_GLOB_CHARS = re.compile(r"[*?\[\]]")


def file_format(path: Path) -> str | None:
    """The reader for ``path`` by its suffix (``text``, ``html``, ``jsonl``, ``csv``, ``tsv``,
    ``warc``); ``None`` when the suffix is not a known one."""
    name = path.name.lower()
    for suffix in sorted(FORMATS, key=len, reverse=True):
        if name.endswith(suffix) and len(name) > len(suffix):
            return FORMATS[suffix]
    return None


def is_glob(raw: str) -> bool:
    """True when ``raw`` is a pattern to expand: it holds ``*``, ``?`` or ``[...]`` and is not
    itself the name of an existing file."""
    return bool(_GLOB_CHARS.search(raw)) and not Path(raw).exists()


def check_paths(paths: Iterable[str]) -> None:
    """Raise :class:`InputError` for the first path that does not exist or has no known type,
    and for the first glob that matches no file of a known type."""
    for raw in paths:
        if raw == "-":
            continue
        if is_glob(raw):
            next(_expand_glob(raw), None)  # raises when nothing usable matches
            continue
        path = Path(raw)
        if not path.exists():
            raise InputError(raw, "no such file or directory")
        if path.is_file() and file_format(path) is None:
            raise InputError(raw, _unknown_type(path))


def _unknown_type(path: Path) -> str:
    shown = "".join(path.suffixes[-2:]) if path.suffix.lower() == ".gz" else path.suffix
    return f"unknown file type '{shown}'; known: {', '.join(sorted(KNOWN_SUFFIXES))}"


def iter_documents(
    paths: Iterable[str],
    *,
    published: dt.date | None = None,
    max_bytes: int = 5_000_000,
    text_column: str | None = None,
) -> Iterator[RawDocument | Failure]:
    """Every document under ``paths``, in order, read lazily; unreadable ones as :class:`Failure`.

    ``published`` is the publication date given to documents that carry none of their own.
    ``max_bytes`` bounds each document (a file, a JSONL line, a table row, a WARC record).
    ``text_column`` names the column of a CSV/TSV file that holds the article text; by default
    the first of ``text``, ``body``, ``content`` in the header.
    """
    for raw in paths:
        if raw == "-":
            yield from _read_stdin(published, max_bytes)
            continue
        try:
            files: Iterable[Path | Failure] = _expand_glob(raw) if is_glob(raw) else _files_under(Path(raw))
            for file in files:
                if isinstance(file, Failure):
                    yield file
                    continue
                try:
                    yield from _read_file(file, published, max_bytes, text_column)
                except InputError as exc:
                    yield Failure(origin=exc.where, document_id=None, stage="read", reason=exc.reason)
        except InputError as exc:  # a glob that matches nothing
            yield Failure(origin=exc.where, document_id=None, stage="read", reason=exc.reason)


def _files_under(path: Path) -> Iterator[Path | Failure]:
    """``path`` itself, or the files of a known type under a directory, in path order."""
    if path.is_dir():
        yield from _walk(path, set())
    else:
        yield path


def _walk(directory: Path, seen: set[tuple[int, int]]) -> Iterator[Path | Failure]:
    """Files of a known type under ``directory``, recursively, in sorted path order; one folder
    is listed at a time so that a corpus of a million files is never held as a list."""
    try:
        info = directory.stat()
        if (info.st_dev, info.st_ino) in seen:  # a symlink loop
            return
        seen.add((info.st_dev, info.st_ino))
        with os.scandir(directory) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as exc:
        yield Failure(str(directory), None, "read", f"cannot list the folder: {exc.strerror}")
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.is_dir():
            yield from _walk(path, seen)
        elif entry.is_file() and file_format(path) is not None:
            yield path


def _expand_glob(pattern: str) -> Iterator[Path | Failure]:
    """The files a glob matches (directories it matches are walked), sorted.

    Raises :class:`InputError` when it matches no file of a known type.
    """
    matches = sorted(Path(match) for match in glob.iglob(pattern, recursive=True))
    usable = [match for match in matches if match.is_dir() or file_format(match) is not None]
    if not matches:
        raise InputError(pattern, "no file matches this pattern")
    if not usable:
        known = ", ".join(sorted(KNOWN_SUFFIXES))
        raise InputError(pattern, f"matches {len(matches)} paths, none of a known type; known: {known}")
    for match in usable:
        yield from _files_under(match)


def open_binary(path: Path) -> BinaryIO:
    """``path`` opened for reading bytes, decompressed on the fly when its name ends in ``.gz``."""
    if path.name.lower().endswith(".gz"):
        return cast(BinaryIO, gzip.open(path, "rb"))  # a GzipFile reads as any binary file
    return path.open("rb")


def stream_failure(where: str, exc: BaseException, unit: str = "lines") -> Failure:
    """The Failure for a file that breaks off mid-way (``where`` names the line reached)."""
    if isinstance(exc, EOFError):
        cause = "truncated gzip file (it ends before the gzip end-of-stream marker)"
    elif isinstance(exc, gzip.BadGzipFile | zlib.error):
        cause = f"corrupt or not gzip data ({exc})"
    elif isinstance(exc, OSError):
        cause = f"cannot read: {exc.strerror or exc}"
    else:
        cause = str(exc)
    return Failure(where, None, "read", f"{cause}; the {unit} before it were read, the rest of the file is skipped")


def over_limit(text: str, max_bytes: int) -> bool:
    """True when ``text`` is over ``max_bytes`` in UTF-8, encoding it only when the length in
    characters cannot decide (a character is one to four bytes)."""
    if len(text) > max_bytes:
        return True
    if 4 * len(text) <= max_bytes:
        return False
    return len(text.encode("utf-8", errors="surrogatepass")) > max_bytes


def _read_file(
    path: Path, published: dt.date | None, max_bytes: int, text_column: str | None = None
) -> Iterator[RawDocument | Failure]:
    kind = file_format(path)
    if kind in ("csv", "tsv", "warc"):
        from .sources import read_table, read_warc

        if kind == "warc":
            yield from read_warc(path, published=published, max_bytes=max_bytes)
        else:
            delimiter = "\t" if kind == "tsv" else ","
            yield from read_table(path, delimiter, text_column=text_column, published=published, max_bytes=max_bytes)
        return
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror}") from None
    if kind == "jsonl":  # streamed a line at a time: a corpus file may be large
        try:
            with open_binary(path) as stream:
                yield from _jsonl_documents(_lines(stream, _line_cap(max_bytes)), str(path), published, max_bytes)
        except OSError as exc:
            raise InputError(str(path), f"cannot read: {exc.strerror}") from None
        return
    if size > max_bytes:
        raise InputTooLarge(str(path), f"{size} bytes is over the limit of {max_bytes} (limits.max_document_bytes)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror}") from None
    text, warnings = decode(data, str(path))
    if kind == "html":
        yield read_html(text, str(path), doc_id=path.name, published=published, warnings=warnings)
    else:
        yield read_text(text, str(path), doc_id=path.name, published=published, warnings=warnings)


@dataclass(frozen=True, slots=True)
class _LongLine:
    """A line too long to hold a document within the limit, skipped unread."""

    size: int


def _line_cap(max_bytes: int) -> int:
    """The longest JSONL line worth parsing: JSON escapes take up to six bytes per byte of
    text, and the other fields get 64 KiB."""
    return 6 * max_bytes + 65_536


def _lines(stream: BinaryIO, cap: int) -> Iterator[bytes | _LongLine]:
    """The lines of ``stream``; a line over ``cap`` bytes is skipped in 1 MiB pieces and given
    as its size, so that one huge line is never held in memory."""
    while line := stream.readline(cap + 1):
        if len(line) <= cap or line.endswith(b"\n"):
            yield line
            continue
        size = len(line)
        while line and not line.endswith(b"\n"):
            line = stream.readline(1 << 20)
            size += len(line)
        yield _LongLine(size)


def _read_stdin(published: dt.date | None, max_bytes: int) -> Iterator[RawDocument | Failure]:
    """stdin as JSONL (a document a line, streamed) when it opens with ``{``, else one text."""
    stream = sys.stdin.buffer
    first = stream.readline()
    while first and not first.strip():
        first = stream.readline()
    if first.lstrip().startswith(b"{"):
        lines = itertools.chain([first], _lines(stream, _line_cap(max_bytes)))
        yield from _jsonl_documents(lines, "<stdin>", published, max_bytes)
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
    return _jsonl_documents(lines, origin, published, max_bytes)


def _jsonl_documents(
    lines: Iterable[bytes | _LongLine], origin: str, published: dt.date | None, max_bytes: int
) -> Iterator[RawDocument | Failure]:
    seen_any = False
    number = 0
    try:
        for number, raw in enumerate(lines, start=1):
            where = f"{origin}:{number}"
            if isinstance(raw, _LongLine):
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
                line, warnings = _decode_line(raw.rstrip(b"\r\n"), where)
                yield _jsonl_record(line, where, origin, number, published, max_bytes, warnings)
            except InputError as exc:
                yield Failure(origin=where, document_id=None, stage="read", reason=exc.reason)
    except STREAM_ERRORS as exc:
        yield stream_failure(f"{origin}:{number + 1}", exc)
        return
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
        raise InputError(where, f"publication date {value!r} is not an ISO date (YYYY-MM-DD)") from None
