"""Corpus files that hold many documents: tables (CSV/TSV) and web archives (WARC).

Both are streamed a record at a time and give :class:`RawDocument` or :class:`Failure`, as the
readers in :mod:`thucydides.read` do (``iter_documents`` calls them by file suffix).

Tables (``.csv``, ``.tsv``, either gzipped): a header row names the columns, matched without
regard to case. The text is in ``text_column``; when that is not given, in the first of
``text``, ``body``, ``content`` the header has. ``id``, ``title``, ``published`` (ISO date),
``url`` and ``source`` are read when present. A document's origin is ``file:line``, the line
its row begins on; its id defaults to ``name:line``.

Web archives (``.warc``, ``.warc.gz``; Common Crawl's CC-News is the shape): every
``response`` or ``resource`` record holding an HTML page (status 2xx) is one article,
extracted by the HTML reader. Other records (requests, metadata, redirects, images, ...) are
skipped, counted in a debug log line: a crawl is full of them; a record with no ``WARC-Type``
is a Failure. Bytes between two records (after a wrong ``Content-Length``, say) are a
Failure naming their offset, and the records after them are still read. What warcio would
print, log or warn while reading is turned into these Failures (or a document's warnings),
never let through to the terminal, and messages quote at most a short, escaped excerpt of
the bytes. A document's origin is
``file#offset``, the byte offset of its record in the file (of its gzip member in a
``.warc.gz``, as in a Common Crawl index); its id and url are the ``WARC-Target-URI`` (the
``WARC-Record-ID`` when there is none). The publication date is the one the page gives, as
trafilatura finds it, else the ``published`` option: never ``WARC-Date``, which is when the
page was crawled.
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import datetime as dt
import io
import logging
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from ..errors import InputError, InputTooLarge
from ..records import Failure, RawDocument
from .documents import parse_date, read_html
from .streams import (
    STREAM_ERRORS,
    bom_encoding,
    excerpt,
    open_binary,
    open_regular,
    over_limit,
    peek,
    stream_failure,
    undecodable_marked,
)

TEXT_COLUMNS = ("text", "body", "content")
METADATA_COLUMNS = ("id", "title", "published", "url", "source")
HTML_TYPES = {"text/html", "application/xhtml+xml"}
_FIELD_LIMIT_FACTOR = 16  # a field this many times the document limit is read (and refused) whole
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")  # undecodable bytes kept by errors="surrogateescape"
_CHARSET = re.compile(r"""charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
# WHATWG: pages labelled Latin-1 or ASCII are decoded as windows-1252, as browsers do
_CHARSET_ALIASES = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252"}
_GZIP_MAGIC = b"\x1f\x8b"
_log = logging.getLogger(__name__)


# --- tables -------------------------------------------------------------------------------


def read_table(
    path: Path,
    delimiter: str = ",",
    *,
    text_column: str | None = None,
    published: dt.date | None = None,
    max_bytes: int = 5_000_000,
) -> Iterator[RawDocument | Failure]:
    """One document a row of a CSV or TSV file (gzipped when its name ends in ``.gz``).

    A file without the text column is one :class:`Failure` naming the columns it has; a bad
    row is a Failure naming its line, and the rows after it are still read. A malformed file
    (an unclosed quote, a field over 16 times ``max_bytes``) or a corrupt gzip ends the file
    with a Failure naming the line reached.
    """
    origin = str(path)
    # csv's field limit is process-wide; it is only ever raised, so that a long article is
    # read whole (once) and refused by size rather than ending the file
    csv.field_size_limit(max(csv.field_size_limit(), _FIELD_LIMIT_FACTOR * max_bytes))
    try:
        raw = open_binary(path)
    except OSError as exc:
        raise InputError(origin, f"cannot read: {exc.strerror}") from None
    try:
        encoding = bom_encoding(peek(raw, 4))  # UTF-16 and UTF-32 when they say so, else UTF-8
    except STREAM_ERRORS as exc:  # not gzip after all
        raw.close()
        yield stream_failure(f"{origin}:1", exc, unit="rows")
        return
    label = (encoding or "utf-8").upper()
    # undecodable bytes survive as surrogates and are replaced per row, with a warning
    errors = undecodable_marked() if encoding else "surrogateescape"
    with io.TextIOWrapper(raw, encoding=encoding or "utf-8-sig", errors=errors, newline="") as text:
        # strict: a quote left open at the end, or text after a closing quote, is reported
        rows = csv.reader(text, delimiter=delimiter, strict=True)
        line = 0  # the last line of the last row read: the next row begins after it
        try:
            header = next(rows, None)
            if header is None:
                yield Failure(origin, None, "read", "empty document: no header row naming the columns")
                return
            columns = _table_columns(header, text_column, origin)
            if isinstance(columns, Failure):
                yield columns
                return
            line = rows.line_num
            for row in rows:
                start, line = line + 1, rows.line_num
                if not row:  # a blank line
                    continue
                try:
                    yield _table_record(row, columns, len(header), path, start, published, max_bytes, label)
                except InputError as exc:
                    yield Failure(exc.where, None, "read", exc.reason)
        except csv.Error as exc:
            yield Failure(
                f"{origin}:{line + 1}",
                None,
                "read",
                f"malformed {'TSV' if delimiter == chr(9) else 'CSV'} ({exc}); "
                "the rows before it were read, the rest of the file is skipped",
            )
        except STREAM_ERRORS as exc:
            yield stream_failure(f"{origin}:{line + 1}", exc, unit="rows")


@dataclasses.dataclass(frozen=True, slots=True)
class _Columns:
    """Where a table keeps its text (and under which name) and its other fields."""

    text: int
    text_name: str
    fields: dict[str, int]


def _table_columns(header: list[str], text_column: str | None, origin: str) -> _Columns | Failure:
    """The columns the header names (the first of a repeated name), or a Failure without text."""
    index: dict[str, int] = {}
    for number, name in enumerate(header):
        index.setdefault(name.strip().lower(), number)
    wanted = (text_column.strip().lower(),) if text_column else TEXT_COLUMNS
    chosen = next((name for name in wanted if name in index), None)
    if chosen is None:
        found = excerpt(", ".join(repr(name) for name in header), 200)  # a header of one huge field, say
        if text_column:
            reason = f"no column {text_column!r} for the text; the header has {found}"
        else:
            reason = (
                f"no text column: the header has {found}; expected one named 'text', 'body' or 'content', "
                "or name the text column with the text_column option"
            )
        return Failure(origin, None, "read", reason)
    fields: dict[str, int] = {
        name: index[name] for name in ("id", "title", "published", "url", "source") if name in index
    }
    return _Columns(text=index[chosen], text_name=chosen, fields=fields)


def _table_record(
    row: list[str],
    columns: _Columns,
    width: int,
    path: Path,
    line: int,
    published: dt.date | None,
    max_bytes: int,
    encoding: str = "UTF-8",
) -> RawDocument:
    where = f"{path}:{line}"
    if len(row) != width:
        raise InputError(where, f"row has {len(row)} fields, the header has {width}")
    warnings: tuple[str, ...] = ()
    if any(_ESCAPED_BYTE.search(field) for field in row):
        row = [_ESCAPED_BYTE.sub("\ufffd", field) for field in row]
        warnings = (f"{where}: invalid {encoding}; undecodable bytes replaced with U+FFFD",)
    text = row[columns.text]
    if not text.strip():
        raise InputError(where, f"empty '{columns.text_name}' column (a non-empty text is required)")
    if over_limit(text, max_bytes):
        limit = f"over the limit of {max_bytes} bytes (limits.max_document_bytes)"
        raise InputTooLarge(where, f"'{columns.text_name}' is {limit}")

    def field(name: str) -> str | None:
        value = row[columns.fields[name]].strip() if name in columns.fields else ""
        return value or None

    date = field("published")
    return RawDocument(
        id=field("id") or f"{path.name}:{line}",
        text=text,
        origin=where,
        title=field("title"),
        published=parse_date(date, where) if date else published,
        url=field("url"),
        source=field("source"),
        warnings=warnings,
    )


# --- web archives -------------------------------------------------------------------------


def read_warc(
    path: Path, *, published: dt.date | None = None, max_bytes: int = 5_000_000
) -> Iterator[RawDocument | Failure]:
    """One document an HTML page in a WARC file (gzipped or not), in file order.

    A page with no article, or over ``max_bytes`` once decoded, is a :class:`Failure` naming
    ``file#offset`` (and the URI as its document id). A record that cannot be parsed is a
    Failure too, and reading goes on from the next record the file holds (the next gzip
    member, or the next ``WARC/1.x`` line); a file cut short ends with a Failure.
    """
    origin = str(path)
    try:
        stream = open_regular(path)
    except OSError as exc:
        raise InputError(origin, f"cannot read: {exc.strerror}") from None
    with stream:
        head = stream.read(8)
        if not head:
            yield Failure(origin, None, "read", "empty document: no WARC records")
            return
        compressed = head.startswith(_GZIP_MAGIC)
        if not compressed and not head.startswith(b"WARC/"):
            reason = f"not a WARC file: it begins with {head!r}; expected 'WARC/1.0' or 'WARC/1.1', or gzip data"
            yield Failure(origin, None, "read", reason)
            return
        size = stream.seek(0, io.SEEK_END)
        skipped = 0
        start: int | None = 0
        while start is not None:
            stream.seek(start)
            records = _archive(stream)
            start = None
            for read in _warc_records(records, max_bytes):
                if isinstance(read, _Between):
                    reason = (
                        f"bytes between WARC records, part of none ({read.excerpt}): skipped, the record before "
                        "them may have a wrong Content-Length; the records after them are read"
                    )
                    yield Failure(f"{origin}#{read.offset}", None, "read", reason)
                    continue
                if isinstance(read, _Broken):
                    start = _next_record_start(stream, read.offset + 1, compressed)
                    then = f"read on from the next record, at #{start}" if start is not None else "no record after it"
                    reason = f"corrupt WARC record ({read.cause}); {then}"
                    yield Failure(f"{origin}#{read.offset}", None, "read", reason)
                    break
                item = _warc_item(*read, origin, published, max_bytes)
                if item is None:
                    skipped += 1
                else:
                    yield item
            if start is not None:
                continue
            if records.offset < size:  # warcio stops quietly at a gzip member cut short
                reason = f"truncated WARC file: the last {size - records.offset} bytes hold no complete record"
                yield Failure(f"{origin}#{records.offset}", None, "read", reason)
        if skipped:
            _log.debug("%s: %d records skipped (not HTML pages)", origin, skipped)


@dataclasses.dataclass(frozen=True, slots=True)
class _Between:
    """Bytes after a record that belong to no record, at ``offset``: warcio skips them (and
    would print them)."""

    offset: int
    excerpt: str


@dataclasses.dataclass(frozen=True, slots=True)
class _Broken:
    """A record at ``offset`` that cannot be read to its end, and why: reading goes on from the
    next record start."""

    offset: int
    cause: str


def _archive(stream: IO[bytes]) -> Any:
    """warcio's ArchiveIterator over ``stream``, made to note what it would print to stderr."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.bufferedreaders import DecompressingBufferedReader

    class Reader(DecompressingBufferedReader):
        """Notes data that cannot be decompressed part-way through, where warcio prints it."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.damage: list[str] = []

        def _decompress(self, data: bytes) -> bytes:
            if self.decompressor and data and self.num_block_read:
                try:
                    return bytes(self.decompressor.decompress(data))
                except Exception as exc:  # zlib.error, and brotli's own
                    self.damage.append(str(exc))
                    return b""
            return bytes(super()._decompress(data))

    records = ArchiveIterator(stream)
    records.reader = Reader(records.fh)  # nothing is read yet: the iterator starts on first use
    records.INC_RECORD = _Remainders()
    return records


class _Remainders:
    """Stands in for the template of warcio's "Record not followed by newline" message: keeps
    the offset and the bytes, and gives warcio nothing to print."""

    def __init__(self) -> None:
        self.found: list[tuple[int, bytes]] = []

    def format(self, offset: int, remainder: bytes) -> str:
        self.found.append((offset, remainder))
        return ""


def _between(records: Any) -> list[_Between]:
    """The bytes between records warcio met since it was last asked."""
    found = records.INC_RECORD.found
    between = [_Between(offset, excerpt(remainder.strip())) for offset, remainder in found]
    found.clear()
    return between


class _Notes(logging.Handler):
    """Keeps what warcio logs while a record is read."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _warcio_notes() -> Iterator[list[str]]:
    """The messages warcio logs or warns while the block runs, kept from the terminal."""
    handler = _Notes()
    logger = logging.getLogger("warcio")
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield handler.messages
        handler.messages.extend(str(warning.message) for warning in caught)
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _warc_records(
    records: Any, max_bytes: int
) -> Iterator[tuple[Any, int, tuple[bytes, str] | None, tuple[str, ...]] | _Between | _Broken]:
    """``(record, offset, page, notes)`` for each record warcio can read (``page`` as
    :func:`_html_payload` gives it, ``notes`` what warcio logged about it), each followed by
    the bytes between records found after it; :class:`_Broken`, last, when warcio can read no
    further."""
    while True:
        offset = records.offset
        failed: str | None = None
        with _warcio_notes() as notes:
            try:
                record = next(records, None)
                if record is not None:
                    page = _html_payload(record, max_bytes)
                    offset = records.get_record_offset()  # reads the rest of the record: the payload comes first
            except Exception as exc:  # warcio meets damaged bytes with any exception (AttributeError, ValueError, ...)
                offset = records.offset  # where the record that could not be read begins
                failed = _one_line(exc)
        if failed is None and records.reader is not None and records.reader.damage:
            failed = "damaged compressed data: " + excerpt(" ".join(records.reader.damage))
        if failed is not None:
            yield from _between(records)
            yield _Broken(offset, failed)
            return
        if record is None:
            yield from _between(records)
            return
        yield record, offset, page, tuple(excerpt(note, 200) for note in notes)
        yield from _between(records)


def _warc_item(
    record: Any,
    offset: int,
    page: tuple[bytes, str] | None,
    notes: tuple[str, ...],
    origin: str,
    published: dt.date | None,
    max_bytes: int,
) -> RawDocument | Failure | None:
    """The article of one record, a Failure, or ``None`` for a record that is no HTML page."""
    where = f"{origin}#{offset}"
    uri = record.rec_headers.get_header("WARC-Target-URI")
    doc_id = uri or (record.rec_headers.get_header("WARC-Record-ID") or "").strip("<>") or where
    missing = getattr(record.raw_stream, "limit", 0)
    if record.format != "warc":
        return Failure(where, None, "read", f"not a WARC record (read as {record.format}); expected WARC/1.0 or 1.1")
    if missing > 0 or record.rec_headers.get_header("Content-Length") is None:
        cut = f"the file ends {missing} bytes before it does" if missing > 0 else "it has no Content-Length"
        return Failure(where, doc_id if uri else None, "read", f"truncated WARC record: {cut}")
    if record.rec_type is None:
        reason = "WARC record with no WARC-Type header (response, resource, request, ...); skipped"
        return Failure(where, doc_id if uri else None, "read", reason)
    if page is None:
        return None
    payload, content_type = page
    if len(payload) > max_bytes:
        reason = (
            f"HTML page of over {max_bytes} bytes is over the limit (limits.max_document_bytes); "
            f"the record is {record.length} bytes"
        )
        return Failure(where, doc_id, "read", reason)
    try:
        html, said = _decode_html(payload, content_type, where)
        said += tuple(f"{where}: {note}" for note in notes)
        document = read_html(html, where, doc_id=doc_id, published=None, warnings=said, url=uri)
    except InputError as exc:
        return Failure(where, doc_id, "read", exc.reason)
    if document.published is None and published is not None:
        return dataclasses.replace(document, published=published)
    return document


def _html_payload(record: Any, max_bytes: int) -> tuple[bytes, str] | None:
    """Up to ``max_bytes + 1`` bytes of the page a record holds (HTTP encodings undone) and its
    Content-Type; ``None`` when it holds no HTML page (for a response, none with a 2xx status)."""
    if record.rec_type == "response" and record.http_headers is not None:
        if not (record.http_headers.get_statuscode() or "").startswith("2"):
            return None
        content_type = record.http_headers.get_header("Content-Type") or ""
    elif record.rec_type == "resource":  # the page itself, typed by the WARC header
        content_type = record.content_type or ""
    else:
        return None
    if content_type.split(";")[0].strip().lower() not in HTML_TYPES:
        return None
    stream: IO[bytes] = record.content_stream()
    return stream.read(max_bytes + 1), content_type


def _decode_html(data: bytes, content_type: str, where: str) -> tuple[str, tuple[str, ...]]:
    """The page as text in the charset its HTTP header (else its ``<meta>``) names, else UTF-8."""
    declared = _CHARSET.search(content_type)
    meta = None if declared else _META_CHARSET.search(data[:4096])
    label = declared.group(1) if declared else meta.group(1).decode("ascii", "replace") if meta else "utf-8"
    charset = _CHARSET_ALIASES.get(label.lower(), label)
    warnings: tuple[str, ...] = ()
    try:
        if not codecs.lookup(charset)._is_text_encoding:  # "base64" and friends are codecs, not charsets
            raise LookupError(charset)
    except LookupError:
        warnings = (f"{where}: unknown charset {label!r}; read as UTF-8",)
        charset = "utf-8"
    try:
        text = data.decode(charset)
    except UnicodeDecodeError as exc:
        text = data.decode(charset, errors="replace")
        warnings = (*warnings, f"{where}: invalid {charset} at byte {exc.start}; undecodable bytes replaced")
    if not text.strip():
        raise InputError(where, "empty document: no text to analyse")
    return text, warnings


def _next_record_start(stream: IO[bytes], after: int, compressed: bool) -> int | None:
    """Offset of the first record start at or after ``after``: a gzip member header in a
    ``.warc.gz``, a ``WARC/1.`` line in a plain WARC; ``None`` when there is none."""
    marker = _GZIP_MAGIC + b"\x08" if compressed else b"\nWARC/1."
    skip = 0 if compressed else 1  # the newline before a version line is not part of the record
    position = after - skip
    stream.seek(max(position, 0))
    carry = b""
    while chunk := stream.read(1 << 20):
        window = carry + chunk
        found = window.find(marker)
        if found >= 0:
            return position - len(carry) + found + skip
        carry = window[-(len(marker) - 1) :]
        position += len(chunk)
    return None


def _one_line(exc: BaseException) -> str:
    """An exception's message on one line, escaped and cut short: warcio's span several lines
    and hold the bytes it saw, terminal escapes included."""
    return excerpt(" ".join(str(exc).split()) or type(exc).__name__)
