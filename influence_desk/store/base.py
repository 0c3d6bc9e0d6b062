"""The connection to notes.db: opening, the pinned schema, transactions, meta, whole-file work.

notes.db is keyed with the vault's random 256-bit data key as a raw key (no PBKDF2 on open).
Writers open it read-write in WAL mode with ``synchronous=FULL`` (every acknowledged commit
survives a killed process); auditors open it with ``mode=ro`` so SQLite itself refuses writes.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Self

import sqlcipher3

from influence_desk import killpoints, schema
from influence_desk.errors import (
    BadInput,
    Cancelled,
    DiskFull,
    NewerVaultFormat,
    NotPermitted,
    SchemaChanged,
    VaultDamaged,
)

# The schema (its DDL, each version's pin, the comparison) lives in schema.py.
MIGRATIONS = schema.MIGRATIONS


def raw_key_pragma(key: bytes) -> str:
    if len(key) != 32:
        raise ValueError("data key must be 32 bytes")
    return f"PRAGMA key = \"x'{key.hex()}'\""


def damaged(exc: Exception, what: str = "notes.db") -> VaultDamaged | DiskFull:
    text = str(exc).lower()
    if "disk is full" in text:  # SQLITE_FULL: the write failed, the vault is as it was
        return DiskFull()
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return VaultDamaged(f"The vault is damaged: {what} cannot be read with the vault's key.")
    if "readonly" in text or "read-only" in text:
        return VaultDamaged(f"The vault is damaged: {what} could not be written.")
    return VaultDamaged(f"The vault is damaged: {what} failed ({exc.__class__.__name__}).")



LEGACY_HISTORY_COLUMNS = (
    "seq, at, actor, action, object_id, content_hash, prev_hash, payload, entry_hash, signature"
)
# Since schema.REPLICAS_SINCE: the replica, the entry's number on it, the heads it had seen.
HISTORY_COLUMNS = LEGACY_HISTORY_COLUMNS + ", replica, rseq, clock, heads"


class StoreBase:
    """One open notes.db. Not thread-safe: one thread uses a Store at a time. The tables'
    reads and writes are in the mixins of ``influence_desk.store.Store``."""

    HISTORY_COLUMNS = HISTORY_COLUMNS

    @property
    def keeps_replicas(self) -> bool:
        """History is per replica in this database (a backup from before is not)."""
        return self.schema is None or self.schema.version >= schema.REPLICAS_SINCE

    @property
    def history_columns(self) -> str:
        """What to SELECT for a history row: always the 14 columns of ``HISTORY_COLUMNS``
        (an older database gives a v1 row's empty replica columns)."""
        if self.keeps_replicas:
            return HISTORY_COLUMNS
        return LEGACY_HISTORY_COLUMNS + ", '', 0, 0, ''"

    def __init__(self, conn: sqlcipher3.Connection, path: Path, read_only: bool) -> None:
        self._conn = conn
        self.path = path
        self.read_only = read_only
        self._depth = 0
        self._operation: str | None = None  # the outermost transaction's, for killpoints
        self._interrupted = False
        self.schema: schema.SchemaSnapshot | None = None
        self.schema_differences: list[schema.SchemaDifference] = []
        self._schema_cookie: tuple[int, int] | None = None

    # --- opening --------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, data_key: bytes, *, read_only: bool, create: bool = False) -> Self:
        if not create:
            if not path.is_file():
                raise VaultDamaged("The vault is damaged: notes.db is missing.")
            size = path.stat().st_size
            if size == 0 or size % 1024:
                raise VaultDamaged("The vault is damaged: notes.db is truncated.")
        if create and not path.exists():
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        try:
            if read_only:
                conn = sqlcipher3.connect(
                    f"file:{path}?mode=ro", uri=True, isolation_level=None, check_same_thread=False
                )
            else:
                conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
        except sqlcipher3.DatabaseError as exc:
            raise damaged(exc) from exc
        store = cls(conn, path, read_only)
        try:
            conn.execute("PRAGMA cipher_log_level = NONE")
            conn.execute(raw_key_pragma(data_key))
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA temp_store = MEMORY")  # temp b-trees never touch the disk
            # Freed pages are zeroed: text from before a name was registered (or a deleted
            # note) must not linger in free pages that anyone with the data key can read.
            conn.execute("PRAGMA secure_delete = ON")
            # The search index is read page by page on every query; decrypted pages stay cached.
            conn.execute("PRAGMA cache_size = -32768")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            # Before anything is written (the journal mode, a migration, a transaction):
            # a writer refuses a schema that differs from the one this app makes.
            fresh = create and store._is_empty()
            if not fresh:
                store._inspect_schema()
            if not read_only:
                mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                if str(mode).lower() != "wal":
                    raise VaultDamaged("The vault is damaged: notes.db refused its journal mode.")
                conn.execute("PRAGMA synchronous = FULL")
            if fresh:
                store._create_schema()
        except sqlcipher3.DatabaseError as exc:
            conn.close()
            raise damaged(exc) from exc
        except BaseException:
            conn.close()
            raise
        return store

    # --- the schema (schema.py): pinned, compared at open and at every transaction ----------

    def _is_empty(self) -> bool:
        version = int(self._conn.execute("PRAGMA user_version").fetchone()[0])
        objects = int(self._conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])
        return version == 0 and objects == 0

    def _inspect_schema(self) -> None:
        """Compare notes.db's schema with the one this app makes for its version.

        Writers get ``SchemaChanged`` (nothing has been written yet); readers keep the
        differences in ``schema_differences`` (a warning; ``verify`` reports them)."""
        version = int(self._conn.execute("PRAGMA user_version").fetchone()[0])
        newest = schema.current_version()
        if version > newest:
            raise NewerVaultFormat(
                f"This vault's database says schema version {version} (PRAGMA user_version) and "
                f"this app knows up to {newest}: it was made by a newer Influence Desk, or the "
                "version was changed outside the app; update the app."
            )
        if version <= 0:
            raise VaultDamaged(
                "The vault is damaged: notes.db holds no schema "
                f"(PRAGMA user_version is {version})."
            )
        expected = schema.expected_schema(version)
        snapshot = schema.read_snapshot(self._conn, expected)
        found = schema.differences(snapshot, expected)
        if version < newest and self.read_only and not found:
            # (With differences a reader still opens, warned, so verify can name them.)
            raise NotPermitted(
                "This vault needs an upgrade that only a researcher or lead can run."
            )
        if found and not self.read_only:
            raise SchemaChanged(
                f"The vault's database was changed outside Influence Desk "
                f"({schema.summary(found)}), so it is not opened for writing and nothing was "
                "written; run verify to see every difference."
            )
        self.schema = snapshot
        self.schema_differences = found
        self._schema_cookie = self._cookie()

    def _cookie(self) -> tuple[int, int]:
        """SQLite's schema cookie (bumped by every schema change) and user_version."""
        cookie = int(self._conn.execute("PRAGMA schema_version").fetchone()[0])
        return cookie, int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def _recheck_schema(self) -> None:
        """At the start of each write transaction (the write lock is held): if anyone changed
        the schema since it was compared, compare again before the change runs."""
        if self.schema is None:
            return
        if self._cookie() == self._schema_cookie and self._fts_config() == self.schema.fts_config:
            return
        expected = schema.expected_schema(self.schema.version)
        snapshot = schema.read_snapshot(self._conn, expected)
        found = schema.differences(snapshot, expected)
        if found:
            raise SchemaChanged(
                f"The vault's database was changed outside Influence Desk while it was open "
                f"({schema.summary(found)}); nothing was written. Run verify."
            )
        self.schema = snapshot
        self._schema_cookie = self._cookie()

    def _fts_config(self) -> tuple[tuple[str, tuple[tuple[str, Any], ...]], ...]:
        """The FTS5 configuration rows as they are now: writing them (turning secure-delete
        off, say) does not move the schema cookie. Only the tables compared at open are read,
        and the cookie has not moved since, so each is still that table."""
        rows = []
        for table, _ in self.schema.fts_config if self.schema else ():
            quoted = '"' + f"{table}_config".replace('"', '""') + '"'
            found = self._conn.execute(f"SELECT k, v FROM main.{quoted} ORDER BY k")
            rows.append((table, tuple((str(k), v) for k, v in found)))
        return tuple(rows)

    def _create_schema(self) -> None:
        """A new, empty notes.db: every migration in one transaction."""
        with self.transaction():
            for target in range(schema.current_version()):
                schema.apply_migration(self._conn, target)
        self._reread_schema()

    def _reread_schema(self) -> None:
        version = int(self._conn.execute("PRAGMA user_version").fetchone()[0])
        expected = schema.expected_schema(version)
        self.schema = schema.read_snapshot(self._conn, expected)
        self.schema_differences = schema.differences(self.schema, expected)
        self._schema_cookie = self._cookie()

    def pending_migrations(self) -> list[int]:
        """Migrations (0-based targets) this vault still needs; the Vault runs each with
        ``migrate`` inside a transaction that also signs a ``vault.migrate`` entry."""
        if self.schema is None or self.read_only:
            return []
        return list(range(self.schema.version, schema.current_version()))

    def migrate(self, target: int) -> schema.SchemaSnapshot:
        """Run one migration inside the caller's transaction; returns the new schema."""
        if not self.in_transaction or self.schema is None or self.schema.version != target:
            raise RuntimeError("a migration runs from its own version, inside a transaction")
        try:
            schema.apply_migration(self._conn, target)
        except sqlcipher3.DatabaseError as exc:
            raise damaged(exc) from exc
        self._reread_schema()
        if self.schema_differences:
            raise SchemaChanged(
                f"Upgrading the vault's database gave a different schema "
                f"({schema.summary(self.schema_differences)}); nothing was changed."
            )
        return self.schema

    def current_schema(self) -> schema.SchemaSnapshot:
        """The schema as it is in the file now (for ``verify``)."""
        version = int(self._conn.execute("PRAGMA user_version").fetchone()[0])
        known = 1 <= version <= schema.current_version()
        return schema.read_snapshot(self._conn, schema.expected_schema(version) if known else None)

    def close(self) -> None:
        with contextlib.suppress(sqlcipher3.Error):
            self._conn.close()

    def interruptible(self) -> None:
        """Let ``interrupt()`` stop statements that start after it too (SQLite's own
        interrupt only reaches a statement already running)."""
        self._interrupted = False
        self._conn.set_progress_handler(lambda: 1 if self._interrupted else 0, 10_000)

    def interrupt(self) -> None:
        """Stop a long statement on this connection, from another thread."""
        self._interrupted = True
        with contextlib.suppress(sqlcipher3.Error):
            self._conn.interrupt()

    # --- transactions ---------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self, operation: str | None = None) -> Iterator[None]:
        """One atomic write (nestable: inner blocks join the outer transaction).

        ``operation`` names it for the kill campaigns' test hook (influence_desk.killpoints):
        the points fire around the COMMIT of the outermost transaction."""
        if self.read_only:
            raise NotPermitted("This vault is open read-only; nothing can be changed.")
        if self._depth:
            self._depth += 1
            self._operation = self._operation or operation
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        self._operation = operation
        try:
            self._recheck_schema()
            yield
        except BaseException:
            self._depth = 0
            with contextlib.suppress(sqlcipher3.Error):
                self._conn.execute("ROLLBACK")
            raise
        self._depth = 0
        operation, self._operation = self._operation, None
        if operation:
            killpoints.before_commit(operation)
        try:
            self._conn.execute("COMMIT")
        except sqlcipher3.Error as exc:
            with contextlib.suppress(sqlcipher3.Error):
                self._conn.execute("ROLLBACK")
            raise damaged(exc) from exc
        if operation:
            killpoints.after_commit(operation)

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    def _exec(self, sql: str, params: tuple[Any, ...] = ()) -> sqlcipher3.Cursor:
        try:
            return self._conn.execute(sql, params)
        except sqlcipher3.DatabaseError as exc:
            raise damaged(exc) from exc

    def _exec_many(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        """``sql`` once per row, prepared once (many rows written in one call)."""
        try:
            self._conn.executemany(sql, rows)
        except sqlcipher3.DatabaseError as exc:
            raise damaged(exc) from exc

    def _batches(self, sql: str, batch: int, *params: Any) -> Iterator[list[Any]]:
        """The rows of ``sql`` in batches of ``batch``, memory bounded however many there
        are: keyset paging on the first column, so ``sql`` ends in ``WHERE key > ? ORDER BY
        key LIMIT ?`` (those two after ``params``)."""
        last = -(2**62)
        while rows := self._exec(sql, (*params, last, batch)).fetchall():
            yield rows
            last = rows[-1][0]

    def _search_rows(self, sql: str, params: tuple[Any, ...]) -> list[tuple[str, str, str, float]]:
        """A full-text query's (note id, title, snippet, rank) rows; one FTS5 cannot parse is
        the user's one sentence."""
        try:
            rows = self._conn.execute(sql, params).fetchall()
        except sqlcipher3.OperationalError as exc:
            raise BadInput("The search could not be understood; try plain words.") from exc
        except sqlcipher3.DatabaseError as exc:
            raise damaged(exc) from exc
        return [(str(i), str(t or ""), str(s), float(r)) for i, t, s, r in rows if i is not None]

    # --- meta -------------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        row = self._exec("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def all_meta(self) -> dict[str, str]:
        return {k: v for k, v in self._exec("SELECT key, value FROM meta ORDER BY key")}

    def set_meta(self, key: str, value: str) -> None:
        self._exec(
            "INSERT INTO meta(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def delete_meta(self, key: str) -> None:
        self._exec("DELETE FROM meta WHERE key = ?", (key,))

    # --- history ----------------------------------------------------------------------

    # --- whole-file operations ------------------------------------------------------------

    def integrity_problems(self, progress: Callable[[str], None] | None = None) -> list[str]:
        """SQLCipher's page MACs, SQLite's structure and every FTS5 index, all rows read."""
        problems: list[str] = []
        try:
            bad_pages = self._conn.execute("PRAGMA cipher_integrity_check").fetchall()
            problems += [f"notes.db page check: {row[0]}" for row in bad_pages]
            fts_tables = self._conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts5%'"
            ).fetchall()
            for (table,) in fts_tables:
                # FTS5 caches each index's segment list per connection, and integrity_check
                # uses that cache without noticing another connection's commits: an auditor
                # verifying again beside a writer got a false "checksum mismatch". A MATCH
                # query reloads the list first.
                quoted = '"' + str(table).replace('"', '""') + '"'
                with contextlib.suppress(sqlcipher3.DatabaseError):
                    self._conn.execute(
                        f"SELECT rowid FROM {quoted} WHERE {quoted} MATCH 'x' LIMIT 1"
                    ).fetchall()
            rows = self._conn.execute("PRAGMA integrity_check").fetchall()
            problems += [f"notes.db structure: {row[0]}" for row in rows if row[0] != "ok"]
            for (table,) in fts_tables:
                quoted = '"' + str(table).replace('"', '""') + '"'
                try:
                    # FTS5's integrity check is spelled as an INSERT but writes nothing.
                    self._conn.execute(
                        f"INSERT INTO {quoted}({quoted}, rank) VALUES ('integrity-check', 1)"
                    )
                except sqlcipher3.DatabaseError as exc:
                    if "readonly" in str(exc).lower():
                        continue
                    problems.append(f"search index {table}: {exc}")
        except sqlcipher3.DatabaseError as exc:
            problems.append(f"notes.db cannot be read through: {exc}")
        return problems

    def quick_problems(self) -> list[str]:
        """Fast open-time check: every page's MAC and the b-tree structure (no index checks)."""
        try:
            rows = self._conn.execute("PRAGMA quick_check").fetchall()
        except sqlcipher3.DatabaseError as exc:
            if "interrupt" in str(exc).lower():
                raise Cancelled() from exc
            return [f"notes.db cannot be read through ({exc})"]
        return [str(row[0]) for row in rows if row[0] != "ok"]

    def optimise_search_index(self) -> None:
        """Merge the full-text index into one segment (after large rewrites)."""
        self._exec("INSERT INTO notes_fts(notes_fts) VALUES ('optimize')")

    def checkpoint_wal(self) -> None:
        """Write the WAL back and truncate it, so superseded pages do not linger there."""
        with contextlib.suppress(sqlcipher3.Error):
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()

    def vacuum_into(self, target: Path) -> None:
        """A consistent encrypted snapshot under the same key (used for backups)."""
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
        try:
            self._conn.execute("VACUUM INTO ?", (str(target),))
        except sqlcipher3.DatabaseError as exc:
            raise damaged(exc) from exc

    def export_rekeyed(self, target: Path, new_key: bytes) -> None:
        """Copy the whole database into ``target`` encrypted under ``new_key``."""
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
        try:
            self._conn.execute(
                f"ATTACH DATABASE ? AS rekeyed KEY \"x'{new_key.hex()}'\"", (str(target),)
            )
            try:
                self._conn.execute("SELECT sqlcipher_export('rekeyed')").fetchall()
                version = self._conn.execute("PRAGMA user_version").fetchone()[0]
                self._conn.execute(f"PRAGMA rekeyed.user_version = {int(version)}")
            finally:
                self._conn.execute("DETACH DATABASE rekeyed")
        except sqlcipher3.DatabaseError as exc:
            raise damaged(exc) from exc
