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

Only regular files are read by name: a FIFO, a socket or a device would block or never end,
so one named on the command line is a usage error, and one found in a folder or by a glob is
a Failure ("not a regular file; use - to read standard input"), as is a broken symbolic link.
Text is UTF-8, or UTF-16/UTF-32 when it opens with a byte-order mark; data with NUL bytes
and no such mark is refused as binary.
"""

from __future__ import annotations

import codecs
import datetime as dt
import glob
import gzip
import io
import itertools
import json
import os
import re
import stat
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, cast

from .errors import InputError, InputTooLarge
from .output import file_kind
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
# byte-order marks naming an encoding other than UTF-8, UTF-32 first: its LE mark begins with UTF-16's
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_OR_BOM = "(UTF-16 or UTF-32 with a byte-order mark)"
UNDECODABLE = "thucydides.undecodable"  # see undecodable_marked
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


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
        unreadable = _not_a_file(path)
        if unreadable is not None:
            raise InputError(raw, unreadable)
        if path.is_file() and file_format(path) is None:
            raise InputError(raw, _unknown_type(path))


def _not_a_file(path: Path) -> str | None:
    """Why ``path`` cannot be read as a file or walked as a folder; ``None`` when it can."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        if path.is_symlink():
            return f"broken symbolic link → {os.readlink(path)} (its target does not exist)"
        return "no such file or directory"
    except OSError as exc:
        return f"cannot read: {exc.strerror or exc}"
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return not_regular(mode)


def not_regular(mode: int) -> str:
    """The reason a file of this mode (a FIFO, socket or device) is not read."""
    kind = "a folder" if stat.S_ISDIR(mode) else file_kind(mode)
    return f"{kind}, not a regular file; use - to read standard input"


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
    """``path`` itself, or the files of a known type under a directory, in path order; a
    Failure for a path that is neither (a FIFO, a broken symbolic link, ...)."""
    if path.is_dir():
        yield from _walk(path, set())
    elif (unreadable := _not_a_file(path)) is not None:
        yield Failure(str(path), None, "read", unreadable)
    else:
        yield path


def _walk(directory: Path, seen: set[tuple[int, int]]) -> Iterator[Path | Failure]:
    """Files of a known type under ``directory``, recursively, in sorted path order; one folder
    is listed at a time so that a corpus of a million files is never held as a list. A FIFO,
    socket or device, and a broken symbolic link, named as a file of a known type is a Failure."""
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
        elif entry.is_file():
            if file_format(path) is not None:
                yield path
        elif file_format(path) is not None or (entry.is_symlink() and file_format(Path(os.readlink(path)))):
            yield Failure(str(path), None, "read", _not_a_file(path) or "cannot read: not a regular file")


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


def open_regular(path: Path) -> BinaryIO:
    """``path`` opened for reading bytes. Raises :class:`InputError` when it is not a regular
    file: opening a FIFO waits for a writer, a device may never end. It is opened without
    waiting and checked again once open, in case it changed after it was looked at."""
    mode = path.stat().st_mode
    if not stat.S_ISREG(mode):
        raise InputError(str(path), not_regular(mode))
    descriptor = os.open(path, os.O_RDONLY | _NONBLOCK)
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise InputError(str(path), not_regular(mode))
        if _NONBLOCK:
            os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


class _GzipStream(gzip.GzipFile):
    """A GzipFile over an open file that closes that file with itself (one given a file
    object leaves it open)."""

    def __init__(self, raw: BinaryIO) -> None:
        super().__init__(fileobj=raw, mode="rb")
        self._raw = raw

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._raw.close()


def open_binary(path: Path) -> BinaryIO:
    """``path`` opened for reading bytes, decompressed on the fly when its name ends in ``.gz``.
    Raises :class:`InputError` when it is not a regular file, ``OSError`` when it cannot be opened."""
    raw = open_regular(path)
    if path.name.lower().endswith(".gz"):
        return cast(BinaryIO, _GzipStream(raw))  # a GzipFile reads as any binary file
    return raw


def peek(stream: BinaryIO, size: int) -> bytes:
    """Up to ``size`` bytes from the start of ``stream``, left to be read again."""
    look = getattr(stream, "peek", None)  # buffered files and GzipFile have it
    return bytes(look(size)[:size]) if look is not None else b""


def bom_encoding(head: bytes) -> str | None:
    """``utf-16`` or ``utf-32`` when ``head`` opens with that byte-order mark, else ``None``
    (UTF-8's own mark is read by the ``utf-8-sig`` codec)."""
    return next((encoding for bom, encoding in _BOMS if head.startswith(bom)), None)


def excerpt(text: str | bytes, limit: int = 80) -> str:
    """``text`` fit to quote in a message: control characters (terminal escapes, NUL, line
    breaks) written as escapes, at most ``limit`` characters. Bytes are read as UTF-8."""
    if isinstance(text, bytes):
        text = text[: 4 * limit].decode("utf-8", errors="backslashreplace")
    shown = "".join(
        char if char.isprintable() else char.encode("unicode_escape").decode("ascii") for char in text[:limit]
    )
    return shown if len(shown) <= limit and len(text) <= limit else shown[: limit - 1] + "…"


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
                cap = _line_cap(max_bytes)
                try:
                    encoding = bom_encoding(peek(stream, 4))
                except STREAM_ERRORS as exc:  # not gzip after all
                    yield stream_failure(f"{path}:1", exc)
                    return
                if encoding is None:
                    yield from _jsonl_documents(_lines(stream, cap), str(path), published, max_bytes)
                else:
                    lines = _utf8_lines(stream, encoding, cap)
                    yield from _jsonl_documents(lines, str(path), published, max_bytes, encoding.upper())
        except OSError as exc:
            raise InputError(str(path), f"cannot read: {exc.strerror}") from None
        return
    if size > max_bytes:
        raise InputTooLarge(str(path), f"{size} bytes is over the limit of {max_bytes} (limits.max_document_bytes)")
    try:
        with open_regular(path) as stream:
            data = stream.read()
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


def undecodable_marked() -> str:
    """The name of a codec error handler that decodes each undecodable piece as U+DCFF (a
    lone surrogate, which no valid text decodes to) instead of failing: a line or a row with
    it is reported on its own, where a strict decoder would end the file at the chunk it reads."""
    codecs.register_error(UNDECODABLE, _mark_undecodable)  # the same each time
    return UNDECODABLE


def _mark_undecodable(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return "\udcff", error.end


def _utf8_lines(stream: BinaryIO, encoding: str, cap: int) -> Iterator[bytes | _LongLine]:
    """The lines of a UTF-16 or UTF-32 ``stream`` (its byte-order mark dropped) re-encoded as
    UTF-8, as :func:`_lines` gives them; undecodable bytes become the byte 0xFF, invalid in
    UTF-8, so that the line reports them."""
    text = io.TextIOWrapper(stream, encoding=encoding, errors=undecodable_marked(), newline="\n")
    try:
        while line := text.readline(cap + 1):
            if len(line) <= cap or line.endswith("\n"):
                yield line.encode("utf-8", errors="surrogateescape")
                continue
            size = len(line.encode("utf-8", errors="surrogateescape"))
            while line and not line.endswith("\n"):
                line = text.readline(1 << 20)
                size += len(line.encode("utf-8", errors="surrogateescape"))
            yield _LongLine(size)
    finally:
        text.detach()  # the stream is closed by its owner


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
    """Text from ``data``: UTF-8, or UTF-16/UTF-32 when it opens with a byte-order mark;
    invalid bytes are replaced and reported as a warning.

    Raises :class:`InputError` for binary data (NUL bytes, no byte-order mark) and for empty input.
    """
    encoding = bom_encoding(data)
    if encoding is None and b"\x00" in data[:8192]:
        raise InputError(where, f"binary file (NUL bytes); expected UTF-8 text, HTML or JSONL {_OR_BOM}")
    warnings: tuple[str, ...] = ()
    try:
        text = data.decode(encoding or "utf-8-sig")
    except UnicodeDecodeError as exc:
        text = data.decode(encoding or "utf-8-sig", errors="replace")
        name = (encoding or "utf-8").upper()
        warnings = (f"{where}: invalid {name} at byte {exc.start}; undecodable bytes replaced with U+FFFD",)
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
    lines: Iterable[bytes | _LongLine],
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
        raise InputError(where, f"publication date '{excerpt(value)}' is not an ISO date (YYYY-MM-DD)") from None
