"""Records flattened into the rows of the store's tables, and those rows as Arrow tables.

``analysis_rows`` gives, for analyses, the rows of each table in ``TABLES`` (each record's
columns as ``thucydides.shapes`` derives them from its fields); ``arrow_tables``
makes Arrow tables of them (what workers of a corpus run send to its writer, and what
``Store.write`` inserts). The reverse, rows read back into records, is ``reads.analysis``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pyarrow as pa

from .. import shapes
from ..records import Analysis, Failure
from .schema import ANALYSIS_TABLES, RECORD_TABLES, TABLES


def arrow_tables(rows: Mapping[str, Sequence[Mapping[str, Any]]]) -> dict[str, pa.Table]:
    """Arrow tables (in ``TABLES``' columns) of the rows given per table. Raises Arrow's errors
    (or ``OverflowError``, ``TypeError``, ``ValueError``) for a value that does not fit its column."""
    return {
        table: pa.Table.from_pylist(list(table_rows), schema=pa.schema(TABLES[table]))
        for table, table_rows in rows.items()
    }


def failure_rows(failures: Iterable[Failure]) -> list[dict[str, Any]]:
    now = dt.datetime.now()
    failure_columns = RECORD_TABLES["failures"].columns()
    return [shapes.row(failure, failure_columns) | {"failed_at": now} for failure in failures]


def analysis_rows(analyses: Sequence[Analysis], model: str | None) -> dict[str, list[dict[str, Any]]]:
    """The rows of each table (``TABLES``) for the analyses: what the store holds of them."""
    rows: dict[str, list[dict[str, Any]]] = {table: [] for table in TABLES}
    now = dt.datetime.now()
    document_columns = RECORD_TABLES["documents"].columns()
    for analysis in analyses:
        key = analysis.document.hash
        rows["documents"].append(shapes.row(analysis.document, document_columns) | {"model": model, "loaded_at": now})
        for table in ANALYSIS_TABLES:
            table_columns = RECORD_TABLES[table].columns()
            rows[table] += [{"doc_hash": key} | shapes.row(item, table_columns) for item in getattr(analysis, table)]
    return rows


def unique_analyses(analyses: Sequence[Analysis]) -> list[Analysis]:
    """The analyses without a repeated document (the first of each hash is kept)."""
    first: dict[str, Analysis] = {}
    for analysis in analyses:
        first.setdefault(analysis.document.hash, analysis)
    return list(first.values())


def keep_documents(tables: Mapping[str, pa.Table], fresh: Sequence[str]) -> dict[str, pa.Table]:
    """The rows of the ``fresh`` documents, each document's once (the first in the batch)."""
    import pyarrow.compute as pc

    if not fresh:
        return {}
    keep = pa.array(list(fresh))
    kept: dict[str, pa.Table] = {}
    for table, arrow in tables.items():
        if table not in TABLES or not arrow.num_rows:
            continue
        if table == "documents":
            wanted, first = set(fresh), []
            for position, digest in enumerate(arrow.column("hash").to_pylist()):
                if digest in wanted:
                    wanted.discard(digest)
                    first.append(position)
            kept[table] = arrow.take(pa.array(first, type=pa.int64()))
        elif "doc_hash" in arrow.column_names and table not in ("copies",):
            kept[table] = arrow.filter(pc.is_in(arrow.column("doc_hash"), keep))
        else:
            kept[table] = arrow
    return kept


def concat_tables(tables: Mapping[str, pa.Table], more: Mapping[str, pa.Table]) -> dict[str, pa.Table]:
    joined = dict(tables)
    for table, arrow in more.items():
        joined[table] = pa.concat_tables([joined[table], arrow]) if table in joined else arrow
    return joined
