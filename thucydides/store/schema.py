"""The store's tables: their columns and Arrow types, the SQL derived from them, the schema version.

The tables of records (``RECORD_TABLES``: documents, the analysis' sentences, actors, ...,
dates, and failures) take their columns from the records (``thucydides.shapes``); only the
columns the store alone has are written here, and the deduplication tables. ``TABLES`` names
each table's columns in store order; the ``CREATE TABLE`` statements, the
``ALTER TABLE`` that brings an older store up to date and the Parquet export all follow it.
``SCHEMA_VERSION`` is written into the store (table ``store_schema``) when it is opened for
writing; a store of a higher version, from a newer release, is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pyarrow as pa

from .. import shapes
from ..records import Actor, DateMention, Document, Event, Failure, Mention, Person, Place, Quote, Sentence

# 1: stores written before the version was recorded; 3: events.coded_by; 4: quotes.coded_by, confidence
SCHEMA_VERSION = 4
SCHEMA_TABLE = "store_schema"

_SPAN = pa.struct([("start", pa.int32()), ("end", pa.int32())])
_KINDS = {shapes.SPAN_LIST: pa.list_(_SPAN), shapes.STRING_LIST: pa.list_(pa.string())}


@dataclass(frozen=True, slots=True)
class RecordTable:
    """A table of records: its columns are the record's (``shapes.columns``) with the store's
    own before and after them. ``key`` is a field of the record that leads the table as its key."""

    record: type
    before: tuple[tuple[str, pa.DataType], ...] = ()
    after: tuple[tuple[str, pa.DataType], ...] = ()
    key: str | None = None

    def columns(self) -> tuple[shapes.Column, ...]:
        found = shapes.columns(self.record)
        return tuple(sorted(found, key=lambda column: column.name != self.key)) if self.key else found

    def arrow(self) -> list[tuple[str, pa.DataType]]:
        return [*self.before, *((c.name, arrow_type(c.kind)) for c in self.columns()), *self.after]


_OF_DOCUMENT = (("doc_hash", pa.string()),)
# The tables of records, in store order: the document, then each of an analysis' fields (the table
# is named as the field), then the failures. The columns only the store has are written here:
# which document a row belongs to, the model that read it, when it was written.
RECORD_TABLES: dict[str, RecordTable] = {
    "documents": RecordTable(Document, key="hash", after=(("model", pa.string()), ("loaded_at", pa.timestamp("us")))),
    "sentences": RecordTable(Sentence, before=_OF_DOCUMENT),
    "actors": RecordTable(Actor, before=_OF_DOCUMENT),
    "mentions": RecordTable(Mention, before=_OF_DOCUMENT),
    "people": RecordTable(Person, before=_OF_DOCUMENT),
    "places": RecordTable(Place, before=_OF_DOCUMENT),
    "quotes": RecordTable(Quote, before=_OF_DOCUMENT),
    "events": RecordTable(Event, before=_OF_DOCUMENT),
    "dates": RecordTable(DateMention, before=_OF_DOCUMENT),
    "failures": RecordTable(Failure, after=(("failed_at", pa.timestamp("us")),)),
}
# The tables that hold an analysis' records, each named as its field of Analysis.
ANALYSIS_TABLES = tuple(table for table in RECORD_TABLES if table not in ("documents", "failures"))


def arrow_type(kind: str) -> pa.DataType:
    """The Arrow type of a column kind (``shapes.Column.kind``: a pyarrow type's name)."""
    return _KINDS.get(kind) or getattr(pa, kind)()


# Column name -> Arrow type, per table. The SQL schema is derived from these.
TABLES: dict[str, list[tuple[str, pa.DataType]]] = {
    **{table: spec.arrow() for table, spec in RECORD_TABLES.items()},
    # MinHash signature of each stored document (NULL for a text too short to have one).
    "signatures": [
        ("doc_hash", pa.string()),
        ("scheme", pa.string()),
        ("signature", pa.list_(pa.uint32())),
    ],
    # The locality-sensitive index of the signatures: one row per band of each stored document.
    "bands": [
        ("band", pa.int16()),
        ("value", pa.uint64()),
        ("doc_hash", pa.string()),
    ],
    # Documents not stored because they copy a stored one (``canonical_hash``).
    "copies": [
        ("doc_hash", pa.string()),
        ("canonical_hash", pa.string()),
        ("method", pa.string()),
        ("similarity", pa.float32()),
        ("document_id", pa.string()),
        ("origin", pa.string()),
        ("url", pa.string()),
        ("source", pa.string()),
        ("title", pa.string()),
        ("published", pa.date32()),
        ("seen_at", pa.timestamp("us")),
    ],
}


# Tables a reader of the store needs, and the columns whose absence marks an older store.
READ_TABLES = ("documents", *ANALYSIS_TABLES)
# Tables whose rows belong to a stored document: written only with the document itself.
OWNED_BY_DOCUMENT = frozenset({"signatures", "bands"})


def column_names(table: str) -> list[str]:
    return [name for name, _ in TABLES[table]]


def create_statement(table: str) -> str:
    body = ", ".join(f'"{name}" {sql_type(kind)}' for name, kind in TABLES[table])
    key = ", PRIMARY KEY (hash)" if table == "documents" else ""
    return f"CREATE TABLE IF NOT EXISTS {table} ({body}{key})"


def projection(table: str, present: Mapping[str, set[str]]) -> str:
    """``SELECT`` of the table's columns in store order; a column the store lacks is NULL, and a
    table it lacks gives no rows, so every read has the same shape."""
    have = present.get(table)
    columns = ", ".join(
        f'"{name}"' if have and name in have else f'CAST(NULL AS {sql_type(kind)}) AS "{name}"'
        for name, kind in TABLES[table]
    )
    return f'SELECT {columns} FROM "{table}"' if have else f"SELECT {columns} WHERE false"


def sql_type(arrow_type: pa.DataType) -> str:
    if pa.types.is_list(arrow_type):
        return sql_type(arrow_type.value_type) + "[]"
    if pa.types.is_struct(arrow_type):
        fields = ", ".join(f'"{f.name}" {sql_type(f.type)}' for f in arrow_type)
        return f"STRUCT({fields})"
    return {
        pa.string(): "VARCHAR",
        pa.int32(): "INTEGER",
        pa.int64(): "BIGINT",
        pa.int8(): "TINYINT",
        pa.int16(): "SMALLINT",
        pa.uint32(): "UINTEGER",
        pa.uint64(): "UBIGINT",
        pa.float64(): "DOUBLE",
        pa.float32(): "FLOAT",
        pa.bool_(): "BOOLEAN",
        pa.date32(): "DATE",
        pa.timestamp("us"): "TIMESTAMP",
    }[arrow_type]
