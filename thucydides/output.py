"""Where a command's ``-o`` goes: a regular file, standard output, or a device or FIFO.

``check_output(out, ...)`` looks at the path once and gives an :class:`Output`;
``open_text(output)`` and ``open_bytes(output)`` write to it:

``-``
    standard output (refused where the caller says why, e.g. Parquet).
a new path, a regular file, or a symbolic link to one
    written beside the file under a temporary name and renamed onto it at the end, so an
    interrupted write leaves the old file as it was; a symbolic link is kept and its target
    replaced. Nothing but a regular file is ever renamed over.
a FIFO or a character device (``/dev/null``, a terminal)
    opened and written as it is, never replaced: a FIFO's reader gets the rows.
a folder, a socket or a block device
    refused: a folder is no file, a socket cannot be opened as one, and a disk is not
    overwritten by an export.

Every refusal and every write error is an :class:`~thucydides.errors.ExportError` naming
the path.
"""

from __future__ import annotations

import io
import os
import stat
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal, TextIO

from .errors import ExportError

STDOUT = "-"

Kind = Literal["file", "stdout", "stream"]


@dataclass(frozen=True, slots=True)
class Output:
    """A checked output: ``path`` as given, ``target`` the file written (a symbolic link's
    target), ``kind`` how: ``file`` (temporary file renamed onto ``target``), ``stdout`` or
    ``stream`` (a FIFO or character device written in place)."""

    path: Path
    target: Path
    kind: Kind

    def __str__(self) -> str:
        return shown(self.path)


def shown(path: str | Path) -> str:
    """An output path for a message: ``standard output`` for ``-``."""
    return "standard output" if str(path) == STDOUT else str(path)


def file_kind(mode: int) -> str | None:
    """What a special file is (``a FIFO``, ``a socket`` ...); ``None`` for a regular file or folder."""
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return "not a regular file"


def check_output(out: str | Path, *, example: str, stdout_refused: str | None = None) -> Output:
    """``out`` checked for a writer of one file; ``example`` is a file name for the message
    about a folder, ``stdout_refused`` why ``-`` cannot be used (``None``: it can).

    Raises :class:`ExportError` for ``-`` when refused, a folder, a socket, a block device and
    a path in a folder that does not exist."""
    path = Path(out)
    if str(out) == STDOUT:
        if stdout_refused is not None:
            raise ExportError(f"-o -: {stdout_refused}")
        return Output(path, path, "stdout")
    try:
        mode: int | None = path.stat().st_mode  # through symbolic links: /dev/stdout is one
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise ExportError(f"{path}: cannot use as output: {exc.strerror or exc}") from None
    if mode is None or stat.S_ISREG(mode):
        target = Path(os.path.realpath(path))  # the file renamed onto: a symbolic link stays one
        if not target.parent.is_dir():
            parent = path.parent if target.parent == Path(os.path.realpath(path.parent)) else target.parent
            raise ExportError(f"{path}: folder {parent} does not exist; create it or choose another output path")
        return Output(path, target, "file")
    if stat.S_ISDIR(mode):
        raise ExportError(f"{path}: is a folder; -o takes a file, e.g. {path / example}")
    if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
        return Output(path, path, "stream")
    raise ExportError(f"{path}: is {file_kind(mode)}, not a file; -o takes a file, a FIFO, a device or - (stdout)")


@contextmanager
def open_text(output: Output, stdout: TextIO | None = None) -> Iterator[TextIO]:
    """A UTF-8 text handle on ``output`` (``stdout``, else ``sys.stdout``, for ``-``); a file is
    renamed into place when the block ends without error. Write errors are :class:`ExportError`."""
    try:
        if output.kind == "file":
            with _replacing(output) as part, part.open("x", encoding="utf-8", newline="\n") as handle:
                yield handle
        elif output.kind == "stream":
            with output.target.open("w", encoding="utf-8", newline="\n") as handle:
                yield handle
        else:
            with _stdout_text(stdout if stdout is not None else sys.stdout) as handle:
                yield handle
    except OSError as exc:
        raise ExportError(f"{output}: cannot write: {exc.strerror or exc}") from None


@contextmanager
def open_bytes(output: Output) -> Iterator[BinaryIO]:
    """A binary handle on ``output``: a temporary file renamed into place, or, for a stream or
    standard output, a buffer written out in one piece at the end (a figure or a Parquet file
    needs a seekable file while it is drawn). Write errors are :class:`ExportError`."""
    try:
        if output.kind == "file":
            with _replacing(output) as part, part.open("xb") as handle:
                yield handle
            return
        buffer = io.BytesIO()
        yield buffer
        if output.kind == "stream":
            with output.target.open("wb") as handle:
                handle.write(buffer.getvalue())
        else:
            sys.stdout.flush()
            sys.stdout.buffer.write(buffer.getvalue())
            sys.stdout.buffer.flush()
    except OSError as exc:
        raise ExportError(f"{output}: cannot write: {exc.strerror or exc}") from None


@contextmanager
def _replacing(output: Output) -> Iterator[Path]:
    """A temporary path beside the target, renamed onto it when the block ends without error
    (and only onto a regular file or nothing); removed in every case."""
    target = output.target
    part = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.part")
    try:
        yield part
        try:
            mode: int | None = os.lstat(target).st_mode
        except FileNotFoundError:
            mode = None
        if mode is not None and not stat.S_ISREG(mode):  # it changed since it was checked
            raise ExportError(f"{output}: is now {file_kind(mode) or 'a folder'}; it was not replaced")
        os.replace(part, target)
    finally:
        part.unlink(missing_ok=True)


@contextmanager
def _stdout_text(stdout: TextIO) -> Iterator[TextIO]:
    """``stdout`` as UTF-8 with ``\\n`` line ends whatever the locale, when it has a byte buffer."""
    buffer = getattr(stdout, "buffer", None)
    if buffer is None:
        yield stdout
        return
    stdout.flush()
    handle = io.TextIOWrapper(buffer, encoding="utf-8", newline="\n")
    try:
        yield handle
        handle.flush()
    finally:
        handle.detach()  # the buffer stays open: it is stdout's
