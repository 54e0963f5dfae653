"""The exceptions thucydides raises, under one root.

::

    ThucydidesError            catch this to handle anything the library raises on purpose
     ├── ConfigError           a settings file or option is invalid; fix the configuration
     │    ├── ModelNotFound    the spaCy pipeline named is not installed
     │    ├── MissingExtra     an optional part needs an extra that is not installed
     │    └── ModelFileError   a learned model's file is missing, cut short or not the one shipped
     ├── InputError            one input (file, line, record) cannot be read; batch runs skip it
     │    └── InputTooLarge    the input is over the configured size limit
     ├── DataError             a data file bundled with the package is malformed (a bug)
     ├── StageError            the pipeline's declared stages do not fit together (a bug)
     ├── StoreError            the DuckDB store cannot be opened or written
     │    ├── StoreDamaged     the file is cut short or overwritten; restore it or use a new store
     │    └── StoreWriteError  the disk refused a write (full, read-only); the batch rolled back
     └── ExportError           an export cannot be written (format, modality, output path)

Every message says what was wrong, where (file, line, record id) and what would be valid.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .corpus import RunSummary


class ThucydidesError(Exception):
    """Root of every error the library raises on purpose."""


class ConfigError(ThucydidesError):
    """A setting, option or settings file is invalid."""


class ModelNotFound(ConfigError):
    """The spaCy pipeline asked for is not installed; the message lists the installed ones."""


class MissingExtra(ConfigError):
    """An optional feature needs an extra; the message gives the exact pip line."""

    def __init__(self, feature: str, extra: str) -> None:
        super().__init__(f"{feature} needs the optional '{extra}' dependencies: pip install 'thucydides[{extra}]'")
        self.extra = extra


class ModelFileError(ConfigError):
    """A learned model's file is missing, truncated or foreign: the message names the file and
    what was expected (the manifest's size and sha256)."""


class InputError(ThucydidesError):
    """One input cannot be read. ``where`` names the file and, for JSONL, the line."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason


class InputTooLarge(InputError):
    """The input is larger than ``limits.max_document_bytes``."""


class DataError(ThucydidesError):
    """A bundled data file is malformed: file and line are in the message."""


class StageError(ThucydidesError):
    """The declared stages do not fit together: one requires a record no earlier stage gives,
    two give the same record, or one gives records it did not declare (a programming error,
    raised when a pipeline is built or a stage runs)."""


class StoreError(ThucydidesError):
    """The DuckDB store cannot be opened, created or written."""


class StoreDamaged(StoreError):
    """The store file is cut short or corrupt (found when it is opened or checked); nothing in
    it can be trusted until it is restored from a copy, or the run is made again into a new store."""


class StoreWriteError(StoreError):
    """The file system refused a write to the store or its spool (a full disk, a read-only file).
    The batch being written was rolled back; what was stored before stays stored and consistent.
    ``summary`` is set when a corpus run stopped on it: what the run had done by then."""

    def __init__(self, message: str, *, summary: RunSummary | None = None) -> None:
        super().__init__(message)
        self.summary = summary


class ExportError(ThucydidesError):
    """An export of the store cannot be made: an unknown format or modality, an output path
    that cannot be written, or a store that is not a thucydides store."""
