"""The DuckDB store: one table per record type, loaded idempotently and atomically.

``Store(path).load(analyses)`` writes a batch in one transaction through Arrow tables: a
document already in the store (same hash of its cleaned text) is skipped, and a failure rolls
the whole batch back, so no document is ever half-written.

The deduplication of corpus runs (``thucydides.dedup``) keeps its state here too: ``signatures``
and ``bands`` of the stored documents (written with them, through ``load(extra_rows=...)``) and
the ``copies`` found (``record_copies``).

Opening a store checks it (``Store.check``): a file cut short or overwritten is refused with
:class:`StoreDamaged` instead of failing later, in the middle of a run, an export or a request.
A write the disk refuses (full, read-only) raises :class:`StoreWriteError`; the batch is rolled
back and the store keeps what it held.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from .errors import StoreDamaged, StoreError, StoreWriteError
from .records import Analysis, Failure

if TYPE_CHECKING:
    from .dedup import Copy

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

# Tables whose rows belong to a stored document: written only with the document itself.
_OWNED_BY_DOCUMENT = frozenset({"signatures", "bands"})

# Tables appended to only with rows not already there (the condition names an existing row
# like ``incoming``), so that re-running the same input adds nothing.
_ONLY_NEW = {
    "failures": "origin IS NOT DISTINCT FROM incoming.origin AND stage = incoming.stage AND reason = incoming.reason",
    "copies": "doc_hash = incoming.doc_hash AND document_id IS NOT DISTINCT FROM incoming.document_id "
    "AND origin IS NOT DISTINCT FROM incoming.origin",
}


@dataclass(frozen=True, slots=True)
class LoadReport:
    """What a ``load`` did: documents written, already in the store, repeated in the batch."""

    loaded: int
    skipped_existing: int
    skipped_duplicate: int = 0


def _sql_type(arrow_type: pa.DataType) -> str:
    if pa.types.is_list(arrow_type):
        return _sql_type(arrow_type.value_type) + "[]"
    if pa.types.is_struct(arrow_type):
        fields = ", ".join(f'"{f.name}" {_sql_type(f.type)}' for f in arrow_type)
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


# DuckDB's file layout: a file header and two database headers of 4 KiB each, then the blocks.
_HEADER_BYTES = 3 * 4096

# Prefixes DuckDB puts before the message that says what happened.
_DUCKDB_PREFIXES = ("TransactionContext Error: ", "Failed to commit: ", "IO Error: ", "FATAL Error: ")


class Store:
    """A DuckDB file holding analysed documents. Use as a context manager or call ``close``.

    Raises :class:`StoreDamaged` for a file cut short or overwritten, :class:`StoreError` for one
    that cannot be opened otherwise (not a DuckDB file, locked by another process)."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        import duckdb

        self.path = Path(path)
        try:
            if read_only and not self.path.exists():
                raise StoreError(f"{self.path}: no such store")
            self.connection = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as exc:
            if _damage(exc, self.path):
                raise StoreDamaged(self._damaged(exc)) from None
            raise StoreError(f"{self.path}: cannot open the DuckDB store: {exc}") from None
        try:
            self.check()
            if not read_only:
                self._create()
        except BaseException:
            self.connection.close()
            raise

    def check(self) -> None:
        """Raise :class:`StoreDamaged` if the store cannot be read back; gives None when it can.

        A store cut short (a copy that did not finish, a disk that filled while copying) or
        overwritten in places often opens without complaint and fails only when a query reaches
        a missing block: mid-run, mid-export, or as an error page of ``serve``. So opening checks
        it, cheaply (metadata and two vectors a table, never a scan: ~10 ms for a 200 MB store):
        each table's row count, its first and last rows, and that the file is long enough for the
        blocks DuckDB counts as used. Cuts and overwrites in blocks those reads do not reach are
        still found only by the query that reaches them."""
        import duckdb

        connection = self.connection
        try:
            tables = [
                row[0]
                for row in connection.execute(
                    "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()"
                ).fetchall()
                if row[0] in TABLES
            ]
            for table in tables:
                rows, last = connection.execute(f"SELECT count(*), max(rowid) FROM {table}").fetchone() or (0, None)
                connection.execute(f"SELECT * FROM {table} LIMIT 1").fetchall()
                if rows:
                    connection.execute(f"SELECT * FROM {table} WHERE rowid = ?", [last]).fetchall()
            needed = self._bytes_needed()
        except duckdb.Error as exc:
            raise StoreDamaged(self._damaged(exc)) from None
        size = self.path.stat().st_size if needed and self.path.is_file() else None
        if size is not None and size < needed:
            raise StoreDamaged(
                self._damaged(f"the file is {size} bytes, its used blocks need {needed}: it was cut short")
            )

    def _bytes_needed(self) -> int:
        """The least the file's length can be: DuckDB's headers and a block for each block in use
        (blocks freed at the end may be cut off by DuckDB itself, so not all the blocks it counts);
        0 when this DuckDB does not tell."""
        import duckdb

        try:
            row = self.connection.execute(
                "SELECT block_size, used_blocks FROM pragma_database_size() WHERE database_name = current_database()"
            ).fetchone()
        except (duckdb.CatalogException, duckdb.BinderException):
            return 0
        block_size, used = row if row else (0, 0)
        return _HEADER_BYTES + used * block_size if used and block_size else 0

    def _damaged(self, cause: BaseException | str) -> str:
        reason = _cause(cause) if isinstance(cause, BaseException) else cause
        return f"{self.path}: the store is damaged ({reason}); restore it from a copy, or run again into a new store"

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self.connection.close()

    def _create(self) -> None:
        """Create missing tables; a table from an older release gains its new columns (empty for
        the documents already stored), so an old store stays usable."""
        import duckdb

        try:
            self._create_tables()
        except duckdb.Error as exc:
            if _write_refused(exc):
                raise StoreWriteError(f"{self.path}: cannot write ({_cause(exc)}); the tables were not made") from None
            raise StoreError(f"{self.path}: cannot make the tables of the store: {_cause(exc)}") from None

    def _create_tables(self) -> None:
        for table, columns in TABLES.items():
            body = ", ".join(f'"{name}" {_sql_type(kind)}' for name, kind in columns)
            key = ", PRIMARY KEY (hash)" if table == "documents" else ""
            self.connection.execute(f"CREATE TABLE IF NOT EXISTS {table} ({body}{key})")
            present = {
                row[0]
                for row in self.connection.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]
                ).fetchall()
            }
            for name, kind in columns:
                if name not in present:
                    self.connection.execute(f'ALTER TABLE {table} ADD COLUMN "{name}" {_sql_type(kind)}')

    def known_hashes(self, hashes: Iterable[str]) -> set[str]:
        wanted = list(set(hashes))
        if not wanted:
            return set()
        rows = self.connection.execute("SELECT hash FROM documents WHERE list_contains(?, hash)", [wanted]).fetchall()
        return {row[0] for row in rows}

    def load(
        self,
        analyses: Sequence[Analysis],
        *,
        model: str | None = None,
        extra_rows: dict[str, list[dict[str, Any]]] | None = None,
    ) -> LoadReport:
        """Write a batch in one transaction; documents already stored are skipped.

        ``extra_rows`` ({table: rows}) are written in the same transaction: ``signatures`` and
        ``bands`` rows only for the documents this call stores (a document skipped keeps the rows
        it has), ``copies`` and ``failures`` rows only when not already recorded.
        """
        known = self.known_hashes(a.document.hash for a in analyses)
        fresh: dict[str, Analysis] = {}
        existing = 0
        for analysis in analyses:
            if analysis.document.hash in known:
                existing += 1
            else:
                fresh.setdefault(analysis.document.hash, analysis)
        rows = _rows(list(fresh.values()), model) if fresh else {}
        for table, table_rows in (extra_rows or {}).items():
            if table not in TABLES:
                raise StoreError(f"{self.path}: extra rows for an unknown table {table!r}; known: {', '.join(TABLES)}")
            if table in _OWNED_BY_DOCUMENT:
                table_rows = [row for row in table_rows if row.get("doc_hash") in fresh]
            elif table == "copies":
                table_rows = self._new_copies(table_rows)
            rows[table] = [*rows.get(table, []), *table_rows]
        if any(rows.values()):
            self._insert(rows, only_new=_ONLY_NEW)
        duplicates = len(analyses) - existing - len(fresh)
        return LoadReport(loaded=len(fresh), skipped_existing=existing, skipped_duplicate=duplicates)

    def record_copies(self, copies: Sequence[Copy]) -> int:
        """Record documents found to be copies (``Deduplicator.check``); gives how many rows were
        new. A copy already recorded (same hash, document id and origin) is not recorded again,
        nor is a stored document read again (same hash, id and url: it is no copy of itself)."""
        from .dedup import copy_rows

        rows = self._new_copies(copy_rows(copies))
        if not rows:
            return 0
        before = self.count("copies")
        self._insert({"copies": rows}, only_new=_ONLY_NEW)
        return self.count("copies") - before

    def _new_copies(self, rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        """``copies`` rows without repeats in the batch and without stored documents read again."""
        unique: dict[tuple[Any, ...], dict[str, Any]] = {}
        for row in rows:
            unique.setdefault((row["doc_hash"], row.get("document_id"), row.get("origin")), row)
        exact = list({row["doc_hash"] for row in unique.values() if row["doc_hash"] == row["canonical_hash"]})
        stored: set[tuple[Any, ...]] = set()
        if exact:
            stored = {
                tuple(found)
                for found in self.connection.execute(
                    "SELECT hash, id, url FROM documents WHERE list_contains(?, hash)", [exact]
                ).fetchall()
            }
        return [
            row for row in unique.values() if (row["doc_hash"], row.get("document_id"), row.get("url")) not in stored
        ]

    def record_failures(self, failures: Sequence[Failure]) -> None:
        """Record failed documents; one already recorded (same origin, stage and reason) is
        not recorded again, so re-running the same input adds no rows."""
        if not failures:
            return
        now = dt.datetime.now()
        rows = [
            {"origin": f.origin, "document_id": f.document_id, "stage": f.stage, "reason": f.reason, "failed_at": now}
            for f in failures
        ]
        self._insert({"failures": rows}, only_new=_ONLY_NEW)

    def _insert(self, rows: dict[str, list[dict[str, Any]]], only_new: dict[str, str] | None = None) -> None:
        """Insert all tables in one transaction: all rows land, or none (the batch rolls back)."""
        try:
            tables = {
                table: pa.Table.from_pylist(table_rows, schema=pa.schema(TABLES[table]))
                for table, table_rows in rows.items()
                if table_rows
            }
        except (pa.ArrowException, OverflowError, TypeError, ValueError) as exc:
            raise StoreError(
                f"{self.path}: batch not written (a value does not fit its column, nothing stored): {exc}"
            ) from None
        self.insert_tables(tables, only_new=only_new)

    def insert_tables(
        self,
        tables: dict[str, pa.Table],
        *,
        only_new: dict[str, str] | None = None,
        forget_failures: Sequence[str] = (),
    ) -> None:
        """Insert Arrow tables (in ``TABLES``' columns) in one transaction: all rows land, or none.
        ``only_new`` gives, per table, the condition under which an incoming row is already there;
        ``forget_failures`` are origins whose recorded failures go in the same transaction."""
        connection = self.connection
        committing = False
        connection.execute("BEGIN TRANSACTION")
        try:
            for table, arrow in tables.items():
                columns = ", ".join(f'"{name}"' for name, _ in TABLES[table])
                condition = (only_new or {}).get(table)
                where = f" WHERE NOT EXISTS (SELECT 1 FROM {table} WHERE {condition})" if condition else ""
                connection.register("incoming", arrow)
                try:
                    connection.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM incoming{where}")
                finally:
                    connection.unregister("incoming")
            if forget_failures:
                connection.execute("DELETE FROM failures WHERE list_contains(?, origin)", [list(forget_failures)])
            committing = True
            connection.execute("COMMIT")
        except Exception as exc:
            self._rollback()
            if committing or _write_refused(exc):
                raise StoreWriteError(
                    f"{self.path}: cannot write ({_cause(exc)}); the batch was rolled back, nothing of it is stored"
                ) from None
            raise StoreError(f"{self.path}: batch not written (rolled back): {exc}") from None

    def _rollback(self) -> None:
        import duckdb

        # A COMMIT that failed has rolled back already ("no transaction is active"); either way
        # the error to report is the one that stopped the batch, not this one.
        with contextlib.suppress(duckdb.Error):
            self.connection.execute("ROLLBACK")

    def count(self, table: str) -> int:
        if table not in TABLES:
            raise StoreError(f"unknown table {table!r}; known: {', '.join(TABLES)}")
        return int(self.connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # type: ignore[index]


def _cause(exc: BaseException) -> str:
    """DuckDB's message without its class prefixes, on one line: what went wrong."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    for prefix in _DUCKDB_PREFIXES:  # in the order DuckDB nests them
        text = text.removeprefix(prefix)
    return text


def _damage(exc: Exception, path: Path) -> bool:
    """Whether DuckDB failed to open ``path`` because the file is cut short or overwritten (not
    because it is locked, of another DuckDB version, or no DuckDB file at all)."""
    import duckdb

    message = str(exc)
    if isinstance(exc, duckdb.SerializationException) or "Could not read enough bytes" in message:
        return True
    if "corrupt" in message.lower():
        return True
    # a file shorter than DuckDB's first header: a store cut off near its start
    return "not a valid DuckDB database" in message and path.is_file() and path.stat().st_size < 4096


def _write_refused(exc: Exception) -> bool:
    """Whether DuckDB failed because the file system refused a write (a full disk, a read-only
    file), not because of the rows written."""
    import duckdb

    return isinstance(exc, (duckdb.IOException, duckdb.FatalException)) or "Failed to commit" in str(exc)


def _spans(spans: Iterable[tuple[int, int]]) -> list[dict[str, int]]:
    return [{"start": start, "end": end} for start, end in spans]


def _rows(analyses: Sequence[Analysis], model: str | None) -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = {table: [] for table in TABLES}
    now = dt.datetime.now()
    for analysis in analyses:
        document = analysis.document
        key = document.hash
        rows["documents"].append(
            {
                "hash": key,
                "id": document.id,
                "title": document.title,
                "published": document.published,
                "source": document.source,
                "url": document.url,
                "text": document.text,
                "removed": list(document.removed),
                "model": model,
                "loaded_at": now,
            }
        )
        rows["sentences"] += [
            {"doc_hash": key, "sentence": s.index, "start": s.start, "end": s.end} for s in analysis.sentences
        ]
        rows["actors"] += [
            {
                "doc_hash": key,
                "actor": a.id,
                "name": a.name,
                "country": a.country,
                "sectors": list(a.sectors),
                "kind": a.kind,
                "mention_count": len(a.mentions),
            }
            for a in analysis.actors
        ]
        rows["mentions"] += [
            {
                "doc_hash": key,
                "start": m.start,
                "end": m.end,
                "text": m.text,
                "sentence": m.sentence,
                "kind": m.kind,
                "actor": m.actor,
                "person": m.person,
            }
            for m in analysis.mentions
        ]
        rows["people"] += [
            {
                "doc_hash": key,
                "person": p.id,
                "name": p.name,
                "title": p.title,
                "description": p.description,
                "country": p.country,
                "actor": p.actor,
                "coded_by": p.coded_by,
                "mentions": _spans(p.mentions),
            }
            for p in analysis.people
        ]
        rows["places"] += [
            {
                "doc_hash": key,
                "name": p.name,
                "country": p.country,
                "lat": p.lat,
                "lon": p.lon,
                "geonameid": p.geonameid,
                "kind": p.kind,
                "mentions": _spans(p.mentions),
            }
            for p in analysis.places
        ]
        for q in analysis.quotes:
            speaker = q.speaker
            rows["quotes"].append(
                {
                    "doc_hash": key,
                    "quote": q.id,
                    "kind": q.kind,
                    "content": q.content,
                    "spans": _spans(q.spans),
                    "cue_text": q.cue_text,
                    "cue_start": q.cue_span[0] if q.cue_span else None,
                    "cue_end": q.cue_span[1] if q.cue_span else None,
                    "cue_type": q.cue_type,
                    "speaker_start": speaker.span[0] if speaker and speaker.span else None,
                    "speaker_end": speaker.span[1] if speaker and speaker.span else None,
                    "about": list(q.about),
                    "speaker_text": speaker.text if speaker else None,
                    "speaker_name": speaker.name if speaker else None,
                    "speaker_person": speaker.person if speaker else None,
                    "speaker_actor": speaker.actor if speaker else None,
                    "speaker_anonymous": speaker.anonymous if speaker else None,
                    "speaker_description": speaker.description if speaker else None,
                    "sentence": q.sentence,
                }
            )
        for e in analysis.events:
            row: dict[str, Any] = {
                "doc_hash": key,
                "event": e.id,
                "cameo": e.cameo,
                "cameo_label": e.cameo_label,
                "plover": e.plover,
                "quad_class": e.quad_class,
                "goldstein": e.goldstein,
                "trigger_text": e.trigger_text,
                "trigger_start": e.trigger_span[0],
                "trigger_end": e.trigger_span[1],
                "sentence": e.sentence,
                "evidence": e.evidence,
                "modality": e.modality,
                "quote": e.quote,
                "date": e.date,
                "date_text": e.date_text,
                "place": e.place,
                "confidence": e.confidence,
                "date_precision": e.date_precision,
                "date_basis": e.date_basis,
                "place_country": e.place_country,
                "place_lat": e.place_lat,
                "place_lon": e.place_lon,
                "plover_mode": e.plover_mode,
            }
            for side, party in (("source", e.source), ("target", e.target)):
                row[f"{side}_actor"] = party.actor if party else None
                row[f"{side}_country"] = party.country if party else None
                row[f"{side}_text"] = party.text if party else None
                row[f"{side}_start"] = party.span[0] if party else None
                row[f"{side}_end"] = party.span[1] if party else None
                row[f"{side}_person"] = party.person if party else None
            rows["events"].append(row)
        rows["dates"] += [
            {
                "doc_hash": key,
                "text": d.text,
                "value": d.value,
                "precision": d.precision,
                "start": d.span[0],
                "end": d.span[1],
            }
            for d in analysis.dates
        ]
    return rows
