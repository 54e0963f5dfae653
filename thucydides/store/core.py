"""The :class:`Store`: opening and checking a store, and its one writer.

``Store.open(path, read_only=...)`` is the one check of a store, used by every command and the
web app:

- a missing file is refused read-only (``no such store``) and created for writing;
- a file that is not a DuckDB database, or a DuckDB database without the store's tables, is
  refused (``not a DuckDB file``, ``not a thucydides store``);
- a store cut short or overwritten is refused with :class:`StoreDamaged` (:meth:`Store.check`);
  damage the check cannot see is found by the read that reaches it, and inside
  :meth:`Store.reading` that read raises :class:`StoreDamaged` too (the web app answers it 503);
- a store written by an older release is brought up to date when opened for writing (its new
  columns are added, empty for the documents already stored); read-only, it is read as if it
  were (the columns it lacks read as NULL, through views of the connection; the file is untouched);
- a store written by a newer release (a higher ``SCHEMA_VERSION``) is refused with its version.

``Store.write(...)`` is the one writer, for ``analyze --db`` (analyses) and corpus runs (the
Arrow tables their workers made): a batch is written in one transaction, a document already in
the store (same hash of its cleaned text) is skipped, and a failure rolls the whole batch back,
so no document is ever half-written. A write the disk refuses (full, read-only) raises
:class:`StoreWriteError`; the batch is rolled back and the store keeps what it held.

The deduplication of corpus runs (``thucydides.dedup``) keeps its state in the store too:
``signatures`` and ``bands`` of the stored documents (written with them, ``extra_rows``) and the
``copies`` found (``record_copies``); its reads are methods here, so it holds no SQL.

The read methods give records and pages (``reads``) and the dyad and network counts
(``aggregates``); the exports' reads are in ``exported``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from ..errors import StoreDamaged, StoreError, StoreWriteError
from ..filters import EventFilter
from ..records import Analysis, Failure
from . import aggregates, exported, reads
from .files import HINT, cause, check_file, is_damage, is_write_refused
from .rows import analysis_rows, arrow_tables, concat_tables, failure_rows, keep_documents, unique_analyses
from .schema import OWNED_BY_DOCUMENT, READ_TABLES, SCHEMA_TABLE, SCHEMA_VERSION, TABLES, create_statement, sql_type

# Tables appended to only with rows not already there (the condition names an existing row
# like ``incoming``), so that re-running the same input adds nothing.
_ONLY_NEW = {
    "failures": "origin IS NOT DISTINCT FROM incoming.origin AND stage = incoming.stage AND reason = incoming.reason",
    "copies": "doc_hash = incoming.doc_hash AND document_id IS NOT DISTINCT FROM incoming.document_id "
    "AND origin IS NOT DISTINCT FROM incoming.origin",
}

# DuckDB's file layout: a file header and two database headers of 4 KiB each, then the blocks.
_HEADER_BYTES = 3 * 4096


@dataclass(frozen=True, slots=True)
class LoadReport:
    """What a ``write`` did: documents written, already in the store, repeated in the batch;
    ``rows`` written over all tables and recorded failures ``forgotten`` (documents retried)."""

    loaded: int
    skipped_existing: int
    skipped_duplicate: int = 0
    rows: int = field(default=0, compare=False)
    forgotten: int = field(default=0, compare=False)


class Store:
    """A DuckDB file holding analysed documents. Use as a context manager or call ``close``.

    ``Store(path)`` is ``Store.open(path)``. Raises :class:`StoreDamaged` for a file cut short or
    overwritten, :class:`StoreError` for one that is missing (read-only), is no store, is of a
    newer release, or cannot be opened otherwise (locked by another process)."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        import duckdb

        self.path = Path(path)
        self.read_only = read_only
        check_file(self.path, read_only)
        try:
            self.connection = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as exc:
            if is_damage(exc, self.path):
                raise StoreDamaged(self._damaged(exc)) from None
            raise StoreError(f"{self.path}: cannot open the DuckDB store: {exc}") from None
        try:
            self.check()
            self.present = self._present()
            self._check_schema()
            if not read_only:
                self._create()
                self.present = self._present()
            self._outdated = self._missing_columns()
            if self._outdated:
                self._read_as_current()
        except BaseException:
            self.connection.close()
            raise

    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = False) -> Store:
        """The store at ``path``, checked (see the module doc)."""
        return cls(path, read_only=read_only)

    def _present(self) -> dict[str, set[str]]:
        """Table -> its columns, as the store holds them."""
        present: dict[str, set[str]] = {}
        for table, column in self.connection.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_catalog = current_database() AND table_schema = 'main'"
        ).fetchall():
            present.setdefault(table, set()).add(column)
        return present

    def _check_schema(self) -> None:
        """Refuse a store of a newer release, a database that holds no store, and (read-only) a
        store of an older release that lacks columns the readers need."""
        version = self.version()
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: written by a newer thucydides (store schema {version}; this release reads "
                f"schema {SCHEMA_VERSION} and older); upgrade thucydides to read it"
            )
        present = self.present
        ours = [table for table in (*TABLES, SCHEMA_TABLE) if table in present]
        if self.read_only and (not present.get("documents") or not present.get("events")):
            raise StoreError(f"{self.path}: not a thucydides store (no documents or events table); {HINT}")
        if not self.read_only and present and not ours:
            shown = ", ".join(sorted(present)[:5])
            raise StoreError(f"{self.path}: not a thucydides store (it holds other tables: {shown}); {HINT}")

    def outdated(self) -> list[str]:
        """The columns (``table.column``) the store's file lacks, read as NULL (only a store of an
        older release opened read-only lacks any)."""
        return list(self._outdated)

    def _missing_columns(self) -> list[str]:
        return [
            f"{table}.{name}"
            for table in READ_TABLES
            for name, _ in TABLES[table]
            if table in self.present and name not in self.present[table]
        ]

    def _read_as_current(self) -> None:
        """Let an older store opened read-only be read as one of this release: each table that
        lacks columns is seen through a view (of this connection only) giving them as NULL."""
        database = self.connection.execute("SELECT current_database()").fetchone()[0]  # type: ignore[index]
        quoted = '"' + str(database).replace('"', '""') + '"'
        for table in READ_TABLES:
            have = self.present.get(table)
            if not have or all(name in have for name, _ in TABLES[table]):
                continue
            columns = ", ".join(
                f'"{name}"' if name in have else f'CAST(NULL AS {sql_type(kind)}) AS "{name}"'
                for name, kind in TABLES[table]
            )
            self.connection.execute(
                f'CREATE TEMP VIEW "{table}" AS SELECT rowid AS rowid, {columns} FROM {quoted}.main."{table}"'
            )
            self.present[table] = {name for name, _ in TABLES[table]}

    def version(self) -> int:
        """The store's schema version: 1 for a store written before versions were recorded."""
        if SCHEMA_TABLE not in self.present:
            return 1
        row = self.connection.execute(f"SELECT max(version) FROM {SCHEMA_TABLE}").fetchone()
        return int(row[0]) if row and row[0] is not None else 1

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

    def _damaged(self, why: BaseException | str) -> str:
        reason = cause(why) if isinstance(why, BaseException) else why
        return f"{self.path}: the store is damaged ({reason}); restore it from a copy, or run again into a new store"

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self.connection.close()

    def _create(self) -> None:
        """Create missing tables; a table from an older release gains its new columns (empty for
        the documents already stored), so an old store stays usable; record the schema version."""
        import duckdb

        try:
            for table, columns in TABLES.items():
                self.connection.execute(create_statement(table))
                present = self.present.get(table, set())
                for name, kind in columns:
                    if present and name not in present:
                        self.connection.execute(f'ALTER TABLE {table} ADD COLUMN "{name}" {sql_type(kind)}')
            if self.version() < SCHEMA_VERSION or SCHEMA_TABLE not in self.present:
                self.connection.execute(f"CREATE TABLE IF NOT EXISTS {SCHEMA_TABLE} (version INTEGER)")
                self.connection.execute(f"DELETE FROM {SCHEMA_TABLE}")
                self.connection.execute(f"INSERT INTO {SCHEMA_TABLE} VALUES (?)", [SCHEMA_VERSION])
        except duckdb.Error as exc:
            if is_write_refused(exc):
                raise StoreWriteError(f"{self.path}: cannot write ({cause(exc)}); the tables were not made") from None
            raise StoreError(f"{self.path}: cannot make the tables of the store: {cause(exc)}") from None

    # --- the writer ----------------------------------------------------------------------------

    def write(
        self,
        analyses: Sequence[Analysis] = (),
        *,
        tables: Mapping[str, pa.Table] | None = None,
        model: str | None = None,
        extra_rows: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
        forget_failures: Mapping[str, str] | None = None,
    ) -> LoadReport:
        """Write a batch in one transaction: ``analyses`` (``analyze --db``) or ``tables``, Arrow
        tables in ``TABLES``' columns (a corpus run's workers make them). Documents already stored
        or repeated in the batch are skipped, with their rows in every table.

        ``extra_rows`` ({table: rows}) are written in the same transaction: ``signatures`` and
        ``bands`` rows only for the documents this call stores (a document skipped keeps the rows
        it has), ``copies`` and ``failures`` rows only when not already recorded.
        ``forget_failures`` ({document hash: origin}): the failures recorded for the origins of
        the documents this call stores (a retried document) are deleted in the same transaction.
        """
        batch = dict(tables or {})
        if analyses:
            batch = concat_tables(batch, self._arrow(analysis_rows(unique_analyses(analyses), model)))
        hashes = batch["documents"].column("hash").to_pylist() if "documents" in batch else []
        known = self.known_hashes(hashes)
        fresh = list(dict.fromkeys(h for h in hashes if h not in known))
        existing = sum(1 for h in hashes if h in known)
        if analyses:
            existing = sum(1 for a in analyses if a.document.hash in known)
            duplicates = len(analyses) - existing - len(fresh)
        else:
            duplicates = len(hashes) - existing - len(fresh)
        written = keep_documents(batch, fresh)
        stored_now = set(fresh)
        for table, table_rows in (extra_rows or {}).items():
            if table not in TABLES:
                raise StoreError(f"{self.path}: extra rows for an unknown table {table!r}; known: {', '.join(TABLES)}")
            if table in OWNED_BY_DOCUMENT:
                table_rows = [row for row in table_rows if row.get("doc_hash") in stored_now]
            elif table == "copies":
                table_rows = self._new_copies(table_rows)
            if table_rows:
                written = concat_tables(written, self._arrow({table: table_rows}))
        forget = [origin for key, origin in (forget_failures or {}).items() if key in stored_now]
        if any(arrow.num_rows for arrow in written.values()) or forget:
            self._insert(written, forget_failures=forget)
        return LoadReport(
            loaded=len(fresh),
            skipped_existing=existing,
            skipped_duplicate=duplicates,
            rows=sum(arrow.num_rows for arrow in written.values()),
            forgotten=len(forget),
        )

    def load(
        self,
        analyses: Sequence[Analysis],
        *,
        model: str | None = None,
        extra_rows: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
    ) -> LoadReport:
        """``write(analyses, ...)``: the analyses and their extra rows in one transaction."""
        return self.write(analyses, model=model, extra_rows=extra_rows)

    def record_copies(self, rows: Sequence[Mapping[str, Any]]) -> int:
        """Record documents found to be copies (rows of ``copies``: ``dedup.copy_rows``); gives how
        many rows were new. A copy already recorded (same hash, document id and origin) is not
        recorded again, nor is a stored document read again (same hash, id and url: it is no copy
        of itself)."""
        fresh = self._new_copies(rows)
        if not fresh:
            return 0
        before = self.count("copies")
        self._insert(self._arrow({"copies": fresh}))
        return self.count("copies") - before

    def record_failures(self, failures: Sequence[Failure]) -> None:
        """Record failed documents; one already recorded (same origin, stage and reason) is
        not recorded again, so re-running the same input adds no rows."""
        if failures:
            self._insert(self._arrow({"failures": failure_rows(failures)}))

    def write_rows(self, rows: Mapping[str, Sequence[Mapping[str, Any]]]) -> None:
        """Insert rows of tables that belong to no new document (the signatures of documents
        already stored) in one transaction."""
        self._insert(self._arrow({table: table_rows for table, table_rows in rows.items() if table_rows}))

    def _new_copies(self, rows: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
        """``copies`` rows without repeats in the batch and without stored documents read again."""
        unique: dict[tuple[Any, ...], Mapping[str, Any]] = {}
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

    def _arrow(self, rows: Mapping[str, Sequence[Mapping[str, Any]]]) -> dict[str, pa.Table]:
        try:
            return arrow_tables(rows)
        except (pa.ArrowException, OverflowError, TypeError, ValueError) as exc:
            raise StoreError(
                f"{self.path}: batch not written (a value does not fit its column, nothing stored): {exc}"
            ) from None

    def _insert(self, tables: Mapping[str, pa.Table], *, forget_failures: Sequence[str] = ()) -> None:
        """Insert Arrow tables (in ``TABLES``' columns) in one transaction: all rows land, or none.
        A row of ``failures`` or ``copies`` already there is not added again; ``forget_failures``
        are origins whose recorded failures go in the same transaction."""
        connection = self.connection
        committing = False
        connection.execute("BEGIN TRANSACTION")
        try:
            for table, arrow in tables.items():
                if not arrow.num_rows:
                    continue
                columns = ", ".join(f'"{name}"' for name, _ in TABLES[table])
                condition = _ONLY_NEW.get(table)
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
            if committing or is_write_refused(exc):
                raise StoreWriteError(
                    f"{self.path}: cannot write ({cause(exc)}); the batch was rolled back, nothing of it is stored"
                ) from None
            raise StoreError(f"{self.path}: batch not written (rolled back): {exc}") from None

    def _rollback(self) -> None:
        import duckdb

        # A COMMIT that failed has rolled back already ("no transaction is active"); either way
        # the error to report is the one that stopped the batch, not this one.
        with contextlib.suppress(duckdb.Error):
            self.connection.execute("ROLLBACK")

    # --- what the writers ask before writing -----------------------------------------------------

    def known_hashes(self, hashes: Iterable[str]) -> set[str]:
        wanted = list(set(hashes))
        if not wanted:
            return set()
        rows = self.connection.execute("SELECT hash FROM documents WHERE list_contains(?, hash)", [wanted]).fetchall()
        return {row[0] for row in rows}

    def stored_ids(self, hashes: Iterable[str]) -> dict[str, str]:
        """Document hash -> the id it is stored under, for the hashes stored."""
        wanted = list(set(hashes))
        if not wanted:
            return {}
        rows = self.connection.execute("SELECT hash, id FROM documents WHERE list_contains(?, hash)", [wanted])
        return {digest: doc_id for digest, doc_id in rows.fetchall()}

    def failed_origins(self) -> set[str]:
        """The origins of the failures recorded."""
        rows = self.connection.execute("SELECT DISTINCT origin FROM failures WHERE origin IS NOT NULL").fetchall()
        return {row[0] for row in rows}

    def unsigned_documents(self, limit: int) -> list[tuple[str, str]]:
        """Up to ``limit`` (hash, text) of stored documents without a signature, oldest first."""
        return [
            (digest, text)
            for digest, text in self.connection.execute(
                "SELECT d.hash, d.text FROM documents d ANTI JOIN signatures s ON s.doc_hash = d.hash "
                "ORDER BY d.loaded_at, d.hash LIMIT ?",
                [limit],
            ).fetchall()
        ]

    def recorded_copies(self, hashes: Iterable[str]) -> dict[str, tuple[str, str, float]]:
        """Hash -> (canonical hash, method, similarity) of documents recorded as copies."""
        wanted = list(hashes)
        if not wanted:
            return {}
        rows = self.connection.execute(
            "SELECT doc_hash, canonical_hash, method, similarity FROM copies WHERE list_contains(?, doc_hash) "
            "ORDER BY seen_at",
            [wanted],
        ).fetchall()
        return {doc_hash: (canonical, method, float(similarity)) for doc_hash, canonical, method, similarity in rows}

    def band_matches(self, probe: pa.Table, scheme: str) -> list[tuple[int, str, list[int]]]:
        """(position, stored hash, signature) for each stored document of signature ``scheme``
        sharing a band with a probe row (columns ``position``, ``band``, ``value``)."""
        connection = self.connection
        connection.register("dedup_probe", probe)
        try:
            found = connection.execute(
                "WITH hits AS (SELECT DISTINCT p.position, b.doc_hash FROM dedup_probe p "
                "JOIN bands b ON b.band = p.band AND b.value = p.value) "
                "SELECT h.position, h.doc_hash, s.signature FROM hits h JOIN signatures s "
                "ON s.doc_hash = h.doc_hash WHERE s.scheme = ? AND s.signature IS NOT NULL",
                [scheme],
            ).fetchall()
        finally:
            connection.unregister("dedup_probe")
        return [(int(position), doc_hash, signature) for position, doc_hash, signature in found]

    def count(self, table: str) -> int:
        if table not in TABLES:
            raise StoreError(f"unknown table {table!r}; known: {', '.join(TABLES)}")
        return int(self.connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # type: ignore[index]

    # --- the readers ---------------------------------------------------------------------------

    @contextlib.contextmanager
    def reading(self) -> Iterator[Store]:
        """This store, for reads: a read that fails because the file is damaged (cut short,
        overwritten, or invalidated by an earlier failed read) raises :class:`StoreDamaged`, as the
        opening check does; the error of a wrong query (a bug) is left as it is. For reads only:
        an I/O error of a file a statement writes (``copy_to_parquet``) is not the store's."""
        import duckdb

        try:
            yield self
        except duckdb.Error as exc:
            if not is_damage(exc, self.path, reading=True):
                raise
            raise StoreDamaged(self._damaged(exc)) from None

    @contextlib.contextmanager
    def cursor(self) -> Iterator[Any]:
        """The connection, for one reader at a time: a store is used by one thread (the web app
        keeps a store per connection of its pool); the tables a reader registers are named
        uniquely and unregistered when it is done."""
        yield self.connection

    def analysis(self, doc_hash: str) -> Analysis | None:
        """The stored document's analysis as records (``to_json`` of it is the JSON ``analyze``
        printed for it); ``None`` for a hash not in the store."""
        with self.cursor() as cursor:
            return reads.analysis(cursor, doc_hash)

    def documents(self, q: str | None, page: reads.Page) -> dict[str, Any]:
        """A page of documents whose title or id holds ``q``, with their event and quote counts."""
        with self.cursor() as cursor:
            return reads.documents(cursor, q, page)

    def actors(self, q: str | None, page: reads.Page) -> dict[str, Any]:
        """A page of actor codes over the whole store, most mentioned first."""
        with self.cursor() as cursor:
            return reads.actors(cursor, q, page)

    def events(
        self, chosen: EventFilter, page: reads.Page, *, dates: list[str] | None = None, precisions: Mapping[str, str]
    ) -> dict[str, Any]:
        """A page of the events ``chosen`` with their document and sentence span; ``dates`` are the
        date values inside the filter's window (``EventFilter.dates_in_window``)."""
        with self.cursor() as cursor:
            return reads.events(cursor, chosen, page, dates=dates, precisions=precisions)

    def quotes(
        self, *, speaker: str | None, actor: str | None, anonymous: bool | None, doc: str | None, page: reads.Page
    ) -> dict[str, Any]:
        """A page of quotes with their document and sentence span."""
        with self.cursor() as cursor:
            return reads.quotes(cursor, speaker=speaker, actor=actor, anonymous=anonymous, doc=doc, page=page)

    def counts(self) -> dict[str, int]:
        """The numbers of documents and events."""
        with self.cursor() as cursor:
            return reads.counts(cursor)

    def date_values(self) -> list[str]:
        """The distinct event dates."""
        with self.cursor() as cursor:
            return reads.date_values(cursor)

    def dyad_counts(self, chosen: EventFilter, level: str, by: str) -> tuple[list[tuple[Any, ...]], dict[str, int]]:
        """The rows of a dyad series (``aggregates.dyad_rows``) and the count of each fate."""
        with self.cursor() as cursor:
            return aggregates.dyad_rows(cursor, chosen, level, by)

    def network_edges(self, chosen: EventFilter, level: str) -> tuple[list[tuple[Any, ...]], dict[str, int]]:
        """The edges of the actor network (``aggregates.edge_rows``) and the count of each fate."""
        with self.cursor() as cursor:
            return aggregates.edge_rows(cursor, chosen, level)

    def exported_events(self, chosen: EventFilter) -> Iterator[exported.StoredEvent]:
        """The events of the filter (its window aside) with what the exports need."""
        with self.cursor() as cursor:
            yield from exported.stored_events(cursor, self.present, chosen)

    def other_modalities(self, chosen: EventFilter) -> int:
        """How many events the filter leaves out for their modality alone."""
        with self.cursor() as cursor:
            return exported.count_other_modalities(cursor, chosen)

    def copy_to_parquet(self, table: str, path: Path) -> int:
        """Write the table (in store order; empty for a table the store lacks) as a Parquet file;
        gives its rows."""
        with self.cursor() as cursor:
            return exported.copy_to_parquet(cursor, self.present, table, path)
