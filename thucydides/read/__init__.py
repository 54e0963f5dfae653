"""Readers: files, directories, globs and stdin in; :class:`RawDocument` or :class:`Failure` out.

One document a file: plain text (``.txt``) and HTML (``.html``/``.htm``, article text by
trafilatura). Many documents a file, streamed a record at a time: JSONL (``.jsonl``, and
gzipped ``.jsonl.gz``/``.json.gz``: one ``{"id","text","title","published","url","source"}``
object a line, only ``text`` required), tables (``.csv``, ``.tsv``, gzipped or not) and web
archives (``.warc``, ``.warc.gz``); the last two are read in :mod:`thucydides.read.corpora`, the
others in :mod:`.documents`, over the streams of :mod:`.streams`.
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

import datetime as dt
import glob
import itertools
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import InputError, InputTooLarge
from ..records import Failure, RawDocument
from .corpora import read_table, read_warc
from .documents import jsonl_documents, read_html, read_jsonl, read_text, split_title
from .streams import (
    STREAM_ERRORS,
    bom_encoding,
    decode,
    line_cap,
    not_regular,
    open_binary,
    open_regular,
    peek,
    read_lines,
    read_utf8_lines,
    stream_failure,
)

__all__ = [
    "FORMATS",
    "KNOWN_SUFFIXES",
    "check_paths",
    "file_format",
    "iter_documents",
    "read_html",
    "read_jsonl",
    "read_table",
    "read_text",
    "read_warc",
    "split_title",
]

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


def _read_file(
    path: Path, published: dt.date | None, max_bytes: int, text_column: str | None = None
) -> Iterator[RawDocument | Failure]:
    kind = file_format(path)
    if kind in ("csv", "tsv", "warc"):
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
                cap = line_cap(max_bytes)
                try:
                    encoding = bom_encoding(peek(stream, 4))
                except STREAM_ERRORS as exc:  # not gzip after all
                    yield stream_failure(f"{path}:1", exc)
                    return
                if encoding is None:
                    yield from jsonl_documents(read_lines(stream, cap), str(path), published, max_bytes)
                else:
                    lines = read_utf8_lines(stream, encoding, cap)
                    yield from jsonl_documents(lines, str(path), published, max_bytes, encoding.upper())
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


def _read_stdin(published: dt.date | None, max_bytes: int) -> Iterator[RawDocument | Failure]:
    """stdin as JSONL (a document a line, streamed) when it opens with ``{``, else one text."""
    stream = sys.stdin.buffer
    first = stream.readline()
    while first and not first.strip():
        first = stream.readline()
    if first.lstrip().startswith(b"{"):
        lines = itertools.chain([first], read_lines(stream, line_cap(max_bytes)))
        yield from jsonl_documents(lines, "<stdin>", published, max_bytes)
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
