"""The only module that speaks SQL. Wraps one SQLCipher connection to notes.db.

notes.db is keyed with the vault's random 256-bit data key as a raw key (no PBKDF2 on open).
Writers open it read-write in WAL mode with ``synchronous=FULL`` (every acknowledged commit
survives a killed process); auditors open it with ``mode=ro`` so SQLite itself refuses writes.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import sqlcipher3

from influence_desk.errors import NotPermitted, VaultDamaged

Row = tuple[Any, ...]

# Each migration takes the schema from version i to i + 1. Never edit a released one.
MIGRATIONS: list[str] = [
    # 1: meta, history
    """
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE history (
        seq          INTEGER PRIMARY KEY,
        at           TEXT NOT NULL,
        actor        TEXT NOT NULL,
        action       TEXT NOT NULL,
        object_id    TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        prev_hash    TEXT NOT NULL,
        payload      TEXT NOT NULL,
        entry_hash   TEXT NOT NULL,
        signature    BLOB NOT NULL
    );
    CREATE INDEX history_object ON history(object_id, seq);
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


def _raw_key_pragma(key: bytes) -> str:
    if len(key) != 32:
        raise ValueError("data key must be 32 bytes")
    return f"PRAGMA key = \"x'{key.hex()}'\""


def _damaged(exc: Exception, what: str = "notes.db") -> VaultDamaged:
    text = str(exc).lower()
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return VaultDamaged(f"The vault is damaged: {what} cannot be read with the vault's key.")
    if "readonly" in text or "read-only" in text:
        return VaultDamaged(f"The vault is damaged: {what} could not be written.")
    return VaultDamaged(f"The vault is damaged: {what} failed ({exc.__class__.__name__}).")


class Store:
    """One open notes.db. Not thread-safe: one thread uses a Store at a time."""

    def __init__(self, conn: sqlcipher3.Connection, path: Path, read_only: bool) -> None:
        self._conn = conn
        self.path = path
        self.read_only = read_only
        self._depth = 0

    # --- opening --------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, data_key: bytes, *, read_only: bool, create: bool = False) -> Store:
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
            raise _damaged(exc) from exc
        store = cls(conn, path, read_only)
        try:
            conn.execute("PRAGMA cipher_log_level = NONE")
            conn.execute(_raw_key_pragma(data_key))
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA temp_store = MEMORY")  # temp b-trees never touch the disk
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            if not read_only:
                mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                if str(mode).lower() != "wal":
                    raise VaultDamaged("The vault is damaged: notes.db refused its journal mode.")
                conn.execute("PRAGMA synchronous = FULL")
            store._migrate(create)
        except sqlcipher3.DatabaseError as exc:
            conn.close()
            raise _damaged(exc) from exc
        except BaseException:
            conn.close()
            raise
        return store

    def _migrate(self, create: bool) -> None:
        version = int(self._conn.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            from influence_desk.errors import NewerVaultFormat

            raise NewerVaultFormat(
                "This vault's database was made by a newer Influence Desk; update the app."
            )
        if version == SCHEMA_VERSION:
            return
        if version == 0 and not create:
            raise VaultDamaged("The vault is damaged: notes.db holds no schema.")
        if self.read_only:
            raise NotPermitted(
                "This vault needs an upgrade that only a researcher or lead can run."
            )
        for target in range(version, SCHEMA_VERSION):
            with self.transaction():
                for statement in _split_sql(MIGRATIONS[target]):
                    self._conn.execute(statement)
                self._conn.execute(f"PRAGMA user_version = {target + 1}")

    def close(self) -> None:
        with contextlib.suppress(sqlcipher3.Error):
            self._conn.close()

    # --- transactions ---------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic write (nestable: inner blocks join the outer transaction)."""
        if self.read_only:
            raise NotPermitted("This vault is open read-only; nothing can be changed.")
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            with contextlib.suppress(sqlcipher3.Error):
                self._conn.execute("ROLLBACK")
            raise
        self._depth = 0
        try:
            self._conn.execute("COMMIT")
        except sqlcipher3.Error as exc:
            with contextlib.suppress(sqlcipher3.Error):
                self._conn.execute("ROLLBACK")
            raise _damaged(exc) from exc

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    def _exec(self, sql: str, params: tuple[Any, ...] = ()) -> sqlcipher3.Cursor:
        try:
            return self._conn.execute(sql, params)
        except sqlcipher3.DatabaseError as exc:
            raise _damaged(exc) from exc

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

    # --- history ----------------------------------------------------------------------

    HISTORY_COLUMNS = (
        "seq, at, actor, action, object_id, content_hash, prev_hash, payload, entry_hash, signature"
    )

    def insert_history(self, row: Row) -> None:
        self._exec(f"INSERT INTO history({self.HISTORY_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?)", row)

    def history_head(self) -> tuple[int, str] | None:
        row = self._exec("SELECT seq, entry_hash FROM history ORDER BY seq DESC LIMIT 1").fetchone()
        return None if row is None else (int(row[0]), str(row[1]))

    def history_count(self) -> int:
        return int(self._exec("SELECT count(*) FROM history").fetchone()[0])

    def iter_history(self, batch: int = 2000) -> Iterator[Row]:
        """Every entry in file order of seq; rows are read in batches to bound memory."""
        last = -(2**62)
        while True:
            rows = self._exec(
                f"SELECT {self.HISTORY_COLUMNS} FROM history WHERE seq > ? ORDER BY seq LIMIT ?",
                (last, batch),
            ).fetchall()
            if not rows:
                return
            yield from rows
            last = rows[-1][0]

    def history_rows(self, limit: int, offset: int = 0, newest_first: bool = True) -> list[Row]:
        order = "DESC" if newest_first else "ASC"
        return self._exec(
            f"SELECT {self.HISTORY_COLUMNS} FROM history ORDER BY seq {order} LIMIT ? OFFSET ?",
            (limit, offset),
        ).fetchall()

    # --- whole-file operations ------------------------------------------------------------

    def integrity_problems(self, progress: Callable[[str], None] | None = None) -> list[str]:
        """SQLCipher's page MACs, SQLite's structure and every FTS5 index, all rows read."""
        problems: list[str] = []
        try:
            bad_pages = self._conn.execute("PRAGMA cipher_integrity_check").fetchall()
            problems += [f"notes.db page check: {row[0]}" for row in bad_pages]
            rows = self._conn.execute("PRAGMA integrity_check").fetchall()
            problems += [f"notes.db structure: {row[0]}" for row in rows if row[0] != "ok"]
            fts_tables = self._conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts5%'"
            ).fetchall()
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
            return [f"notes.db cannot be read through ({exc})"]
        return [str(row[0]) for row in rows if row[0] != "ok"]

    def live_objects(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """Every object whose content history vouches for, as (object id, canonical content)."""
        yield "vault:meta", self.all_meta()

    def vacuum_into(self, target: Path) -> None:
        """A consistent encrypted snapshot under the same key (used for backups)."""
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
        try:
            self._conn.execute("VACUUM INTO ?", (str(target),))
        except sqlcipher3.DatabaseError as exc:
            raise _damaged(exc) from exc

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
            raise _damaged(exc) from exc


def _split_sql(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def rekey_file(path: Path, old_key: bytes, new_key: bytes) -> None:
    """Re-encrypt a closed database file in place (used for backups after a rekey)."""
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(_raw_key_pragma(old_key))
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.execute(f"PRAGMA rekey = \"x'{new_key.hex()}'\"")
    except sqlcipher3.DatabaseError as exc:
        raise _damaged(exc, path.name) from exc
    finally:
        conn.close()


def probe_key(path: Path, key: bytes) -> bool:
    """Does ``key`` open the database at ``path``? Read-only, changes nothing."""
    try:
        conn = sqlcipher3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlcipher3.Error:
        return False
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(_raw_key_pragma(key))
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlcipher3.Error:
        return False
    finally:
        conn.close()
