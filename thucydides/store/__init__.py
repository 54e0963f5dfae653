"""The DuckDB store: one table per record type, one place that opens and checks it, one writer,
and read methods that give records. Every SQL statement of the project is in this package.

- ``core``: :class:`Store` (``Store.open``, ``Store.write``, the read methods), :class:`LoadReport`
- ``files``: whether a file is a DuckDB file, and whether DuckDB's error means damage
- ``schema``: the tables and their columns (``TABLES``), the schema version
- ``rows``: records flattened into rows and Arrow tables
- ``reads``: a document's analysis as records; pages of documents, actors, events and quotes
- ``aggregates``: the counts behind the dyad series and the actor network
- ``exported``: the events with what the exports need, and tables copied to Parquet
"""

from __future__ import annotations

from .core import LoadReport, Store
from .exported import StoredEvent
from .files import HINT
from .reads import LISTED_DOCUMENT_FIELDS, Located, Page
from .rows import analysis_rows, arrow_tables
from .schema import SCHEMA_VERSION, TABLES, sql_type

__all__ = [
    "HINT",
    "LISTED_DOCUMENT_FIELDS",
    "SCHEMA_VERSION",
    "TABLES",
    "LoadReport",
    "Located",
    "Page",
    "Store",
    "StoredEvent",
    "analysis_rows",
    "arrow_tables",
    "sql_type",
]
