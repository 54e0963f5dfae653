"""Opening and decoding what the readers read: regular files only (a FIFO or a device would
block), gzip streams, byte-order marks, UTF-8 lines with a length cap, and the short, escaped
excerpts and Failures a damaged stream becomes."""

from __future__ import annotations

import codecs
import gzip
import io
import os
import re
import stat
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, cast

from ..errors import InputError
from ..output import file_kind
from ..records import Failure

# gzip reports a truncated or damaged file with any of these, possibly after many good lines
STREAM_ERRORS = (OSError, EOFError, zlib.error)


LONE_SURROGATE = re.compile("[\ud800-\udfff]")


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


def not_regular(mode: int) -> str:
    """The reason a file of this mode (a FIFO, socket or device) is not read."""
    kind = "a folder" if stat.S_ISDIR(mode) else file_kind(mode)
    return f"{kind}, not a regular file; use - to read standard input"


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


@dataclass(frozen=True, slots=True)
class LongLine:
    """A line too long to hold a document within the limit, skipped unread."""

    size: int


def line_cap(max_bytes: int) -> int:
    """The longest JSONL line worth parsing: JSON escapes take up to six bytes per byte of
    text, and the other fields get 64 KiB."""
    return 6 * max_bytes + 65_536


def read_lines(stream: BinaryIO, cap: int) -> Iterator[bytes | LongLine]:
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
        yield LongLine(size)


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


def read_utf8_lines(stream: BinaryIO, encoding: str, cap: int) -> Iterator[bytes | LongLine]:
    """The lines of a UTF-16 or UTF-32 ``stream`` (its byte-order mark dropped) re-encoded as
    UTF-8, as :func:`lines` gives them; undecodable bytes become the byte 0xFF, invalid in
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
            yield LongLine(size)
    finally:
        text.detach()  # the stream is closed by its owner


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
