"""What DuckDB says about a store's file: whether it is a DuckDB file at all, and whether an error
means the file is damaged or the disk refused a write (not a wrong query)."""

from __future__ import annotations

from pathlib import Path

from ..errors import StoreError

HINT = "--db takes a DuckDB file written by 'thucydides analyze --db'"

# The magic bytes of every DuckDB database file, at bytes 8-12.
MAGIC = b"DUCK"

# Prefixes DuckDB puts before the message that says what happened.
DUCKDB_PREFIXES = ("TransactionContext Error: ", "Failed to commit: ", "IO Error: ", "FATAL Error: ")


def check_file(path: Path, read_only: bool) -> None:
    """Refuse a path with no file (read-only) or a file that is not a DuckDB database."""
    if not path.exists():
        if read_only:
            raise StoreError(f"{path}: no such store; {HINT}")
        return
    if not path.is_file():
        return  # DuckDB says what is wrong with a folder
    with path.open("rb") as head:
        start = head.read(12)
    if start and (len(start) < 12 or start[8:] != MAGIC):  # an empty file is a store cut to nothing
        raise StoreError(f"{path}: not a DuckDB file; {HINT}")


def cause(exc: BaseException) -> str:
    """DuckDB's message without its class prefixes, on one line: what went wrong."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    for prefix in DUCKDB_PREFIXES:  # in the order DuckDB nests them
        text = text.removeprefix(prefix)
    return text


def is_damage(exc: Exception, path: Path, *, reading: bool = False) -> bool:
    """Whether DuckDB failed on ``path`` because the file is cut short or overwritten: when opening
    it (not because it is locked, of another DuckDB version, or no DuckDB file at all), or, with
    ``reading``, in a read of a store already open (not because the query is wrong: a bug)."""
    import duckdb

    message = str(exc)
    if isinstance(exc, duckdb.SerializationException) or "Could not read enough bytes" in message:
        return True
    if "corrupt" in message.lower():  # a failed checksum comes as a plain duckdb.Error
        return True
    if reading:
        # Once the store is open, locks and versions are behind it: a read the file system fails,
        # or one on a database an earlier failed read invalidated, is the file's doing.
        return isinstance(exc, (duckdb.IOException, duckdb.FatalException))
    # a file shorter than DuckDB's first header: a store cut off near its start
    return "not a valid DuckDB database" in message and path.is_file() and path.stat().st_size < 4096


def is_write_refused(exc: Exception) -> bool:
    """Whether DuckDB failed because the file system refused a write (a full disk, a read-only
    file), not because of the rows written."""
    import duckdb

    return isinstance(exc, (duckdb.IOException, duckdb.FatalException)) or "Failed to commit" in str(exc)
