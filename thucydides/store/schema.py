"""The store's tables: their columns and Arrow types, the SQL derived from them, the schema version.

``TABLES`` names each table's columns in store order; the ``CREATE TABLE`` statements, the
``ALTER TABLE`` that brings an older store up to date and the Parquet export all follow it.
``SCHEMA_VERSION`` is written into the store (table ``store_schema``) when it is opened for
writing; a store of a higher version, from a newer release, is refused.
"""

from __future__ import annotations

from collections.abc import Mapping

import pyarrow as pa

SCHEMA_VERSION = 2  # 1: stores written before the version was recorded
SCHEMA_TABLE = "store_schema"

_SPAN = pa.struct([("start", pa.int32()), ("end", pa.int32())])

# Column name -> Arrow type, per table. The SQL schema is derived from these.
TABLES: dict[str, list[tuple[str, pa.DataType]]] = {
    "documents": [
        ("hash", pa.string()),
        ("id", pa.string()),
        ("title", pa.string()),
        ("published", pa.date32()),
        ("source", pa.string()),
        ("url", pa.string()),
        ("text", pa.string()),
        ("removed", pa.list_(pa.string())),
        ("model", pa.string()),
        ("loaded_at", pa.timestamp("us")),
    ],
    "sentences": [
        ("doc_hash", pa.string()),
        ("sentence", pa.int32()),
        ("start", pa.int32()),
        ("end", pa.int32()),
    ],
    "actors": [
        ("doc_hash", pa.string()),
        ("actor", pa.string()),
        ("name", pa.string()),
        ("country", pa.string()),
        ("sectors", pa.list_(pa.string())),
        ("kind", pa.string()),
        ("mention_count", pa.int32()),
    ],
    "mentions": [
        ("doc_hash", pa.string()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("text", pa.string()),
        ("sentence", pa.int32()),
        ("kind", pa.string()),
        ("actor", pa.string()),
        ("person", pa.string()),
    ],
    "people": [
        ("doc_hash", pa.string()),
        ("person", pa.string()),
        ("name", pa.string()),
        ("title", pa.string()),
        ("description", pa.string()),
        ("country", pa.string()),
        ("actor", pa.string()),
        ("coded_by", pa.string()),
        ("mentions", pa.list_(_SPAN)),
    ],
    "places": [
        ("doc_hash", pa.string()),
        ("name", pa.string()),
        ("country", pa.string()),
        ("lat", pa.float64()),
        ("lon", pa.float64()),
        ("geonameid", pa.int64()),
        ("kind", pa.string()),
        ("mentions", pa.list_(_SPAN)),
    ],
    "quotes": [
        ("doc_hash", pa.string()),
        ("quote", pa.string()),
        ("kind", pa.string()),
        ("content", pa.string()),
        ("spans", pa.list_(_SPAN)),
        ("cue_text", pa.string()),
        ("cue_start", pa.int32()),
        ("cue_end", pa.int32()),
        ("cue_type", pa.string()),
        ("speaker_text", pa.string()),
        ("speaker_start", pa.int32()),
        ("speaker_end", pa.int32()),
        ("speaker_name", pa.string()),
        ("speaker_person", pa.string()),
        ("speaker_actor", pa.string()),
        ("speaker_anonymous", pa.bool_()),
        ("speaker_description", pa.string()),
        ("sentence", pa.int32()),
        ("about", pa.list_(pa.string())),
    ],
    "events": [
        ("doc_hash", pa.string()),
        ("event", pa.string()),
        ("cameo", pa.string()),
        ("cameo_label", pa.string()),
        ("plover", pa.string()),
        ("quad_class", pa.int8()),
        ("goldstein", pa.float32()),
        ("source_actor", pa.string()),
        ("source_country", pa.string()),
        ("source_text", pa.string()),
        ("source_start", pa.int32()),
        ("source_end", pa.int32()),
        ("target_actor", pa.string()),
        ("target_country", pa.string()),
        ("target_text", pa.string()),
        ("target_start", pa.int32()),
        ("target_end", pa.int32()),
        ("trigger_text", pa.string()),
        ("trigger_start", pa.int32()),
        ("trigger_end", pa.int32()),
        ("sentence", pa.int32()),
        ("evidence", pa.string()),
        ("modality", pa.string()),
        ("quote", pa.string()),
        ("date", pa.string()),
        ("date_text", pa.string()),
        ("place", pa.string()),
        ("confidence", pa.float32()),
        ("date_precision", pa.string()),
        ("date_basis", pa.string()),
        ("place_country", pa.string()),
        ("place_lat", pa.float64()),
        ("place_lon", pa.float64()),
        ("plover_mode", pa.string()),
        ("source_person", pa.string()),
        ("target_person", pa.string()),
    ],
    "dates": [
        ("doc_hash", pa.string()),
        ("text", pa.string()),
        ("value", pa.string()),
        ("precision", pa.string()),
        ("start", pa.int32()),
        ("end", pa.int32()),
    ],
    "failures": [
        ("origin", pa.string()),
        ("document_id", pa.string()),
        ("stage", pa.string()),
        ("reason", pa.string()),
        ("failed_at", pa.timestamp("us")),
    ],
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
READ_TABLES = ("documents", "sentences", "actors", "mentions", "people", "places", "quotes", "events", "dates")
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
