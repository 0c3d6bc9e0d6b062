"""The only module that speaks SQL. Wraps one SQLCipher connection to notes.db.

notes.db is keyed with the vault's random 256-bit data key as a raw key (no PBKDF2 on open).
Writers open it read-write in WAL mode with ``synchronous=FULL`` (every acknowledged commit
survives a killed process); auditors open it with ``mode=ro`` so SQLite itself refuses writes.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
from influence_desk.search_index import IndexCheck

Row = tuple[Any, ...]

# The schema (its DDL, each version's pin, the comparison) lives in schema.py.
MIGRATIONS = schema.MIGRATIONS


def _raw_key_pragma(key: bytes) -> str:
    if len(key) != 32:
        raise ValueError("data key must be 32 bytes")
    return f"PRAGMA key = \"x'{key.hex()}'\""


def _damaged(exc: Exception, what: str = "notes.db") -> VaultDamaged | DiskFull:
    text = str(exc).lower()
    if "disk is full" in text:  # SQLITE_FULL: the write failed, the vault is as it was
        return DiskFull()
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
        self._operation: str | None = None  # the outermost transaction's, for killpoints
        self._interrupted = False
        self.schema: schema.SchemaSnapshot | None = None
        self.schema_differences: list[schema.SchemaDifference] = []
        self._schema_cookie: tuple[int, int] | None = None

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
            raise _damaged(exc) from exc
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
            raise _damaged(exc) from exc
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
            raise _damaged(exc) from exc
        if operation:
            killpoints.after_commit(operation)

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

    def delete_meta(self, key: str) -> None:
        self._exec("DELETE FROM meta WHERE key = ?", (key,))

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

    def history_action_counts(self) -> dict[str, int]:
        rows = self._exec("SELECT action, count(*) FROM history GROUP BY action ORDER BY action")
        return {str(a): int(n) for a, n in rows}

    def history_rows(self, limit: int, offset: int = 0, newest_first: bool = True) -> list[Row]:
        order = "DESC" if newest_first else "ASC"
        return self._exec(
            f"SELECT {self.HISTORY_COLUMNS} FROM history ORDER BY seq {order} LIMIT ? OFFSET ?",
            (limit, offset),
        ).fetchall()

    def history_of_objects(self, prefix: str) -> list[Row]:
        """Entries whose object id starts with ``prefix`` (e.g. ``slot:``), oldest first.

        Served by the history_object index: the cost follows those entries, not the whole
        history (opening a vault replays only its slot entries)."""
        if not prefix:
            raise ValueError("prefix must not be empty")
        upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        return self._exec(
            f"SELECT {self.HISTORY_COLUMNS} FROM history "
            "WHERE object_id >= ? AND object_id < ? ORDER BY seq",
            (prefix, upper),
        ).fetchall()

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

    def live_objects(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """Every object whose content history vouches for, as (object id, canonical content).

        Built by the same ``*_content`` functions the Desk hashes at write time, so a row
        edited, deleted or added outside history shows up in ``Vault.verify``."""
        yield "vault:meta", self.all_meta()
        for row in self._exec(f"SELECT {EVENT_COLUMNS} FROM events ORDER BY id"):
            yield f"event:{row[0]}", event_content(row)
        for row in self._exec(f"SELECT {ORG_COLUMNS} FROM organisations ORDER BY id"):
            yield f"org:{row[0]}", organisation_content(row)
        for row in self._exec(f"SELECT {SOURCE_COLUMNS} FROM sources ORDER BY id"):
            yield f"source:{row[0]}", source_content(row)
        for row in self._exec(f"SELECT {NAME_REVIEW_COLUMNS} FROM name_reviews ORDER BY key"):
            yield f"name:{row[0]}", name_review_content(row)
        yield from self._live_notes()

    def _live_notes(self, batch: int = 2000) -> Iterator[tuple[str, dict[str, Any]]]:
        last = -(2**62)
        while True:
            rows = self._exec(
                f"SELECT {NOTE_COLUMNS} FROM {NOTE_FROM} WHERE n.nid > ? ORDER BY n.nid LIMIT ?",
                (last, batch),
            ).fetchall()
            if not rows:
                return
            links = self._links_between(rows[0][0], rows[-1][0])
            for row in rows:
                orgs, sources, tags = links.get(row[0], ([], [], []))
                yield f"note:{row[1]}", note_content(row, orgs, sources, tags)
            last = rows[-1][0]

    # --- events and organisations ------------------------------------------------------------

    def put_event(self, row: Row) -> None:
        """Insert or replace an event; ``row`` in ``EVENT_COLUMNS`` order."""
        self._exec(f"INSERT OR REPLACE INTO events({EVENT_COLUMNS}) VALUES (?,?,?,?,?,?,?,?)", row)

    def event_rows(self) -> list[Row]:
        return self._exec(
            f"SELECT {EVENT_COLUMNS} FROM events ORDER BY start_date DESC, name COLLATE NOCASE"
        ).fetchall()

    def event_row(self, event_id: str) -> Row | None:
        return self._exec(  # type: ignore[no-any-return]
            f"SELECT {EVENT_COLUMNS} FROM events WHERE id = ?", (event_id,)
        ).fetchone()

    def delete_event(self, event_id: str) -> None:
        self._exec("DELETE FROM events WHERE id = ?", (event_id,))

    def event_object(self, event_id: str) -> dict[str, Any] | None:
        row = self.event_row(event_id)
        return None if row is None else event_content(row)

    def put_organisation(self, row: Row) -> None:
        """Insert or replace an organisation; ``row`` in ``ORG_COLUMNS`` order (lists as
        Python tuples: they are stored as canonical JSON)."""
        values = (*row[:3], _json_list(row[3]), _json_list(row[4]), row[5])
        self._exec(
            f"INSERT OR REPLACE INTO organisations({ORG_COLUMNS}) VALUES (?,?,?,?,?,?)", values
        )

    def organisation_rows(self) -> list[Row]:
        return self._exec(
            f"SELECT {ORG_COLUMNS} FROM organisations ORDER BY name COLLATE NOCASE"
        ).fetchall()

    def organisation_row(self, org_id: str) -> Row | None:
        return self._exec(  # type: ignore[no-any-return]
            f"SELECT {ORG_COLUMNS} FROM organisations WHERE id = ?", (org_id,)
        ).fetchone()

    def delete_organisation(self, org_id: str) -> None:
        self._exec("DELETE FROM organisations WHERE id = ?", (org_id,))

    def organisation_object(self, org_id: str) -> dict[str, Any] | None:
        row = self.organisation_row(org_id)
        return None if row is None else organisation_content(row)

    # --- sources ------------------------------------------------------------------------

    def put_source(self, row: Row) -> None:
        """Insert or replace a source; ``row`` in ``SOURCE_COLUMNS`` order."""
        self._exec(f"INSERT OR REPLACE INTO sources({SOURCE_COLUMNS}) VALUES (?,?,?,?,?,?,?)", row)

    def source_rows(self) -> list[Row]:
        return self._exec(
            f"SELECT {SOURCE_COLUMNS} FROM sources ORDER BY pseudonym COLLATE NOCASE"
        ).fetchall()

    def source_row(self, source_id: str) -> Row | None:
        return self._exec(  # type: ignore[no-any-return]
            f"SELECT {SOURCE_COLUMNS} FROM sources WHERE id = ?", (source_id,)
        ).fetchone()

    def source_row_by_pseudonym(self, pseudonym: str) -> Row | None:
        return self._exec(  # type: ignore[no-any-return]
            f"SELECT {SOURCE_COLUMNS} FROM sources WHERE pseudonym = ? COLLATE NOCASE",
            (pseudonym,),
        ).fetchone()

    def source_object(self, source_id: str) -> dict[str, Any] | None:
        row = self.source_row(source_id)
        return None if row is None else source_content(row)

    def pseudonyms(self) -> dict[str, str]:
        """Source id -> pseudonym, for every source."""
        return {str(i): str(p) for i, p in self._exec("SELECT id, pseudonym FROM sources")}

    def source_ids_of_organisation(self, org_id: str) -> list[str]:
        rows = self._exec("SELECT id FROM sources WHERE organisation_id = ?", (org_id,))
        return [str(r[0]) for r in rows]

    def note_counts_by_source(self) -> dict[str, int]:
        rows = self._exec("SELECT source_id, count(*) FROM note_sources GROUP BY source_id")
        return {str(s): int(n) for s, n in rows}

    # --- review decisions about unregistered people ----------------------------------------

    def put_name_review(self, key: str, state: str, decided_at: str) -> None:
        self._exec(
            f"INSERT OR REPLACE INTO name_reviews({NAME_REVIEW_COLUMNS}) VALUES (?,?,?)",
            (key, state, decided_at),
        )

    def name_review_states(self) -> dict[str, str]:
        """Keyed digest of a folded name -> decision."""
        return {str(k): str(s) for k, s in self._exec("SELECT key, state FROM name_reviews")}

    def name_review_object(self, key: str) -> dict[str, Any] | None:
        row = self._exec(
            f"SELECT {NAME_REVIEW_COLUMNS} FROM name_reviews WHERE key = ?", (key,)
        ).fetchone()
        return None if row is None else name_review_content(row)

    # --- notes --------------------------------------------------------------------------

    def insert_note(self, row: Row) -> int:
        """A new note; ``row`` in ``NOTE_COLUMNS`` order without ``nid``. Returns the nid."""
        note_id, kind, title, occurred, event_id, summary, body, surfaces, created, updated = row
        cursor = self._exec(
            "INSERT INTO notes(id, kind, title, occurred_at, event_id, created_at, updated_at) "
            "VALUES (?,?,?,?,?,?,?)",
            (note_id, kind, title, occurred, event_id, created, updated),
        )
        nid = int(cursor.lastrowid)
        self._exec(
            "INSERT INTO note_texts(nid, summary, body, surfaces) VALUES (?,?,?,?)",
            (nid, summary, body, surfaces),
        )
        return nid

    def update_note(self, nid: int, row: Row) -> None:
        """Replace every column but ``nid``, ``id`` and ``created_at``; ``row`` is
        (kind, title, occurred_at, event_id, summary, body, surfaces, updated_at)."""
        kind, title, occurred, event_id, summary, body, surfaces, updated = row
        self._exec(
            "UPDATE notes SET kind = ?, title = ?, occurred_at = ?, event_id = ?, updated_at = ? "
            "WHERE nid = ?",
            (kind, title, occurred, event_id, updated, nid),
        )
        self._exec(
            "INSERT OR REPLACE INTO note_texts(nid, summary, body, surfaces) VALUES (?,?,?,?)",
            (nid, summary, body, surfaces),
        )

    def delete_note(self, nid: int) -> None:
        self._exec("DELETE FROM notes_fts WHERE rowid = ?", (nid,))
        self._exec("DELETE FROM note_organisations WHERE nid = ?", (nid,))
        self._exec("DELETE FROM note_sources WHERE nid = ?", (nid,))
        self._exec("DELETE FROM note_tags WHERE nid = ?", (nid,))
        self._exec("DELETE FROM note_texts WHERE nid = ?", (nid,))
        self._exec("DELETE FROM notes WHERE nid = ?", (nid,))

    def set_note_links(
        self,
        nid: int,
        org_ids: Iterable[str],
        sources: Iterable[tuple[str, bool]],
        tags: Iterable[str],
        *,
        fresh: bool = False,
    ) -> None:
        """Replace a note's organisations, sources ((id, explicitly linked)) and tags.
        ``fresh``: the note was just inserted, there is nothing to delete."""
        if not fresh:
            self._exec("DELETE FROM note_organisations WHERE nid = ?", (nid,))
            self._exec("DELETE FROM note_sources WHERE nid = ?", (nid,))
            self._exec("DELETE FROM note_tags WHERE nid = ?", (nid,))
        conn = self._conn
        try:
            conn.executemany(
                "INSERT INTO note_organisations(nid, org_id) VALUES (?, ?)",
                [(nid, o) for o in dict.fromkeys(org_ids)],
            )
            conn.executemany(
                "INSERT INTO note_sources(nid, source_id, explicit) VALUES (?, ?, ?)",
                [(nid, s, int(e)) for s, e in dict(sources).items()],
            )
            conn.executemany(
                "INSERT INTO note_tags(nid, tag) VALUES (?, ?)",
                [(nid, t) for t in dict.fromkeys(tags)],
            )
        except sqlcipher3.IntegrityError as exc:
            raise BadInput(
                "A note refers to an organisation or source that does not exist."
            ) from exc
        except sqlcipher3.DatabaseError as exc:
            raise _damaged(exc) from exc

    def index_note(
        self, nid: int, title: str, summary: str, body: str, tags: str, *, fresh: bool = False
    ) -> None:
        """(Re)index a note for full-text search: text already rendered with pseudonyms."""
        if not fresh:
            self._exec("DELETE FROM notes_fts WHERE rowid = ?", (nid,))
        self._exec(
            "INSERT INTO notes_fts(rowid, title, summary, body, tags) VALUES (?, ?, ?, ?, ?)",
            (nid, title, summary, body, tags),
        )

    def note_row(self, note_id: str) -> Row | None:
        return self._exec(  # type: ignore[no-any-return]
            f"SELECT {NOTE_COLUMNS} FROM {NOTE_FROM} WHERE n.id = ?", (note_id,)
        ).fetchone()

    def note_links(self, nid: int) -> tuple[list[str], list[tuple[str, bool]], list[str]]:
        """(organisation ids, sources as (id, explicitly linked), tags), each sorted."""
        return self._links_between(nid, nid).get(nid, ([], [], []))

    def _links_between(
        self, first: int, last: int
    ) -> dict[int, tuple[list[str], list[tuple[str, bool]], list[str]]]:
        links: dict[int, tuple[list[str], list[tuple[str, bool]], list[str]]] = {}

        def entry(nid: int) -> tuple[list[str], list[tuple[str, bool]], list[str]]:
            found = links.get(nid)
            if found is None:
                found = links[nid] = ([], [], [])
            return found

        span = (first, last)
        for nid, org in self._exec(
            "SELECT nid, org_id FROM note_organisations WHERE nid BETWEEN ? AND ? "
            "ORDER BY nid, org_id",
            span,
        ):
            entry(nid)[0].append(str(org))
        for nid, source, explicit in self._exec(
            "SELECT nid, source_id, explicit FROM note_sources WHERE nid BETWEEN ? AND ? "
            "ORDER BY nid, source_id",
            span,
        ):
            entry(nid)[1].append((str(source), bool(explicit)))
        for nid, tag in self._exec(
            "SELECT nid, tag FROM note_tags WHERE nid BETWEEN ? AND ? ORDER BY nid, tag", span
        ):
            entry(nid)[2].append(str(tag))
        return links

    def note_object(self, nid: int) -> dict[str, Any] | None:
        row = self._exec(
            f"SELECT {NOTE_COLUMNS} FROM {NOTE_FROM} WHERE n.nid = ?", (nid,)
        ).fetchone()
        if row is None:
            return None
        return note_content(row, *self.note_links(nid))

    def iter_notes(self, batch: int = 500) -> Iterator[Row]:
        """Every note row (``NOTE_COLUMNS``), in nid order, read in batches."""
        last = -(2**62)
        while True:
            rows = self._exec(
                f"SELECT {NOTE_COLUMNS} FROM {NOTE_FROM} WHERE n.nid > ? ORDER BY n.nid LIMIT ?",
                (last, batch),
            ).fetchall()
            if not rows:
                return
            yield from rows
            last = rows[-1][0]

    def note_count_total(self) -> int:
        return int(self._exec("SELECT count(*) FROM notes").fetchone()[0])

    def note_ids(self, where: NoteWhere, sort: str, descending: bool) -> list[str]:
        if sort not in NOTE_SORTS:
            raise BadInput(f"Notes cannot be sorted by '{sort}'.")
        clause, params = where.sql()
        order = "DESC" if descending else "ASC"
        rows = self._exec(
            f"SELECT n.id FROM notes n {clause} ORDER BY {NOTE_SORTS[sort]} {order}, n.nid {order}",
            params,
        )
        return [str(r[0]) for r in rows]

    def count_notes(self, where: NoteWhere) -> int:
        clause, params = where.sql()
        return int(self._exec(f"SELECT count(*) FROM notes n {clause}", params).fetchone()[0])

    def note_list_rows(
        self, note_ids: Sequence[str]
    ) -> list[tuple[Row, list[str], list[str], list[str]]]:
        """For the notes list: ((nid, id, kind, title, occurred_at, event name), organisation
        names, source pseudonyms, tags) per id found, in the order of ``note_ids``."""
        out: dict[str, tuple[Row, list[str], list[str], list[str]]] = {}
        for start in range(0, len(note_ids), 500):
            chunk = list(note_ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            rows = self._exec(
                "SELECT n.nid, n.id, n.kind, n.title, n.occurred_at, coalesce(e.name, '') "
                f"FROM notes n LEFT JOIN events e ON e.id = n.event_id WHERE n.id IN ({marks})",
                tuple(chunk),
            ).fetchall()
            by_nid: dict[int, tuple[Row, list[str], list[str], list[str]]] = {}
            for row in rows:
                by_nid[int(row[0])] = out[str(row[1])] = (row, [], [], [])
            if not by_nid:
                continue
            nids = tuple(by_nid)
            nid_marks = ",".join("?" * len(nids))
            for nid, name in self._exec(
                "SELECT no.nid, o.name FROM note_organisations no JOIN organisations o "
                f"ON o.id = no.org_id WHERE no.nid IN ({nid_marks}) ORDER BY o.name",
                nids,
            ):
                by_nid[nid][1].append(str(name))
            for nid, pseudonym in self._exec(
                "SELECT ns.nid, s.pseudonym FROM note_sources ns JOIN sources s "
                f"ON s.id = ns.source_id WHERE ns.nid IN ({nid_marks}) ORDER BY s.pseudonym",
                nids,
            ):
                by_nid[nid][2].append(str(pseudonym))
            for nid, tag in self._exec(
                f"SELECT nid, tag FROM note_tags WHERE nid IN ({nid_marks}) ORDER BY tag", nids
            ):
                by_nid[nid][3].append(str(tag))
        return [out[i] for i in note_ids if i in out]

    def tag_counts(self) -> list[tuple[str, int]]:
        rows = self._exec("SELECT tag, count(*) FROM note_tags GROUP BY tag ORDER BY tag")
        return [(str(t), int(n)) for t, n in rows]

    def nids_with_event(self, event_id: str) -> list[int]:
        rows = self._exec("SELECT nid FROM notes WHERE event_id = ?", (event_id,))
        return [int(r[0]) for r in rows]

    def nids_with_organisation(self, org_id: str) -> list[int]:
        rows = self._exec("SELECT nid FROM note_organisations WHERE org_id = ?", (org_id,))
        return [int(r[0]) for r in rows]

    def move_notes_to_event(self, drop_id: str, keep_id: str) -> None:
        self._exec("UPDATE notes SET event_id = ? WHERE event_id = ?", (keep_id, drop_id))

    def move_notes_to_organisation(self, drop_id: str, keep_id: str) -> None:
        self._exec(
            "INSERT OR IGNORE INTO note_organisations(nid, org_id) "
            "SELECT nid, ? FROM note_organisations WHERE org_id = ?",
            (keep_id, drop_id),
        )
        self._exec("DELETE FROM note_organisations WHERE org_id = ?", (drop_id,))
        self._exec(
            "UPDATE sources SET organisation_id = ? WHERE organisation_id = ?", (keep_id, drop_id)
        )

    def touch_note(self, nid: int, stamp: str) -> None:
        self._exec("UPDATE notes SET updated_at = ? WHERE nid = ?", (stamp, nid))

    def nid_id(self, nid: int) -> str:
        return str(self._exec("SELECT id FROM notes WHERE nid = ?", (nid,)).fetchone()[0])

    def set_note_tags(self, nid: int, tags: Iterable[str]) -> None:
        self._exec("DELETE FROM note_tags WHERE nid = ?", (nid,))
        self._conn.executemany(
            "INSERT INTO note_tags(nid, tag) VALUES (?, ?)", [(nid, t) for t in dict.fromkeys(tags)]
        )

    def nids_with_tag(self, tag: str) -> list[int]:
        return [int(r[0]) for r in self._exec("SELECT nid FROM note_tags WHERE tag = ?", (tag,))]

    # --- search -------------------------------------------------------------------------

    def search(self, match: str, where: NoteWhere, limit: int) -> list[tuple[str, str, str, float]]:
        """(note id, title as indexed, snippet with [ ] around hits, bm25 rank), best first.

        ``match`` must already be a safe FTS5 expression (the Desk builds it from quoted
        terms). ``ORDER BY rank`` lets FTS5 rank inside the index (weights configured in the
        schema) and hand rows over best first, so snippets are made for the returned rows
        only; filters are checked per hit by primary key.
        """
        clause, params = where.sql(joined=True)
        exists = (
            f"AND EXISTS (SELECT 1 FROM notes n WHERE n.nid = f.rowid {clause})" if clause else ""
        )
        try:
            rows = self._conn.execute(
                "SELECT (SELECT id FROM notes WHERE nid = f.rowid), title, "
                "snippet(notes_fts, -1, '[', ']', '…', 16), rank "
                f"FROM notes_fts f WHERE notes_fts MATCH ? {exists} ORDER BY rank LIMIT ?",
                (match, *params, limit),
            ).fetchall()
        except sqlcipher3.OperationalError as exc:
            raise BadInput("The search could not be understood; try plain words.") from exc
        except sqlcipher3.DatabaseError as exc:
            raise _damaged(exc) from exc
        return [(str(i), str(t), str(s), float(r)) for i, t, s, r in rows if i is not None]

    def index_checks(self, batch: int = 5000) -> Iterator[IndexCheck]:
        """Every note beside its full-text index row, in nid order (``search_index``).

        notes_fts_content is the index's own copy of its rows (FTS5's integrity-check ties
        the inverted index to it); reading it directly skips the FTS5 module per row, and
        SQLite compares the long texts without handing them to Python."""
        last = -(2**62)
        reserved = "*[\ue000-\ue00f]*"
        while True:
            rows = self._exec(
                "SELECT n.nid, n.id, t.nid IS NOT NULL, c.id IS NOT NULL, (n.title GLOB ?1 OR "
                "coalesce(t.summary, '') GLOB ?1 OR coalesce(t.body, '') GLOB ?1), "
                "n.title IS c.c0, t.summary IS c.c1, t.body IS c.c2, c.c3 FROM notes n "
                "LEFT JOIN note_texts t ON t.nid = n.nid "
                "LEFT JOIN notes_fts_content c ON c.id = n.nid "
                "WHERE n.nid > ?2 ORDER BY n.nid LIMIT ?3",
                (reserved, last, batch),
            ).fetchall()
            if not rows:
                return
            span = (rows[0][0], rows[-1][0])
            tags: dict[int, list[str]] = {}
            for nid, tag in self._exec(
                "SELECT nid, tag FROM note_tags WHERE nid BETWEEN ? AND ? ORDER BY nid, tag", span
            ):
                tags.setdefault(int(nid), []).append(str(tag))
            # Only notes with references or marks need both texts in Python.
            texts: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = {}
            rendered = [int(r[0]) for r in rows if r[4] and r[2] and r[3]]
            for start in range(0, len(rendered), 500):
                chunk = rendered[start : start + 500]
                for nid, *values in self._exec(
                    "SELECT n.nid, n.title, t.summary, t.body, c.c0, c.c1, c.c2 FROM notes n "
                    "JOIN note_texts t ON t.nid = n.nid JOIN notes_fts_content c ON c.id = n.nid "
                    f"WHERE n.nid IN ({','.join('?' * len(chunk))})",
                    tuple(chunk),
                ):
                    strings = tuple(str(v or "") for v in values)
                    texts[int(nid)] = (strings[:3], strings[3:])
            for nid, note_id, has_text, indexed, needs, same0, same1, same2, held_tags in rows:
                stored, held = texts.get(int(nid), (None, None))
                yield IndexCheck(
                    int(nid), str(note_id), bool(has_text), bool(indexed), bool(needs),
                    (bool(same0), bool(same1), bool(same2)),
                    stored, held,  # type: ignore[arg-type]
                    tuple(tags.get(int(nid), ())), None if held_tags is None else str(held_tags),
                )  # fmt: skip
            last = rows[-1][0]

    def index_rows_without_note(self, limit: int = 20) -> list[int]:
        rows = self._exec(
            "SELECT id FROM notes_fts_content WHERE id NOT IN (SELECT nid FROM notes) "
            "ORDER BY id LIMIT ?",
            (limit,),
        )
        return [int(r[0]) for r in rows]

    def index_row_count(self) -> int:
        return int(self._exec("SELECT count(*) FROM notes_fts_content").fetchone()[0])

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


# --- events, organisations, sources, notes: columns and canonical content ------------------

EVENT_COLUMNS = "id, kind, name, city, country, start_date, end_date, organiser"
ORG_COLUMNS = "id, name, type, aliases, countries, website"
SOURCE_COLUMNS = "id, pseudonym, role_description, organisation_id, consent, identity, created_at"
NAME_REVIEW_COLUMNS = "key, state, decided_at"
# A whole note is notes joined with note_texts; a missing text row reads as NULLs, so its
# content no longer matches history.
NOTE_COLUMNS = (
    "n.nid, n.id, n.kind, n.title, n.occurred_at, n.event_id, t.summary, t.body, t.surfaces, "
    "n.created_at, n.updated_at"
)
NOTE_FROM = "notes n LEFT JOIN note_texts t ON t.nid = n.nid"

NOTE_SORTS = {
    "occurred_at": "n.occurred_at",
    "updated_at": "n.updated_at",
    "created_at": "n.created_at",
    "title": "n.title COLLATE NOCASE",
    "kind": "n.kind",
    "event": "(SELECT name FROM events WHERE id = n.event_id) COLLATE NOCASE",
}


def _json_list(values: Iterable[str] | str) -> str:
    if isinstance(values, str):
        return values
    return json.dumps(list(values), ensure_ascii=False, separators=(",", ":"))


def _parse_list(text: Any) -> list[str]:
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return ["<unreadable>"]
    return [str(v) for v in value] if isinstance(value, list) else ["<unreadable>"]


def _blob_digest(blob: Any) -> str:
    return "" if blob is None else hashlib.sha256(bytes(blob)).hexdigest()


# One function per table: the Desk hashes these at write time, ``live_objects`` yields them
# for ``verify``. Any column that matters is in the content, so editing it is caught.


def event_content(row: Row) -> dict[str, Any]:
    keys = ("id", "kind", "name", "city", "country", "start_date", "end_date", "organiser")
    return dict(zip(keys, row, strict=True))


def organisation_content(row: Row) -> dict[str, Any]:
    return {
        "id": row[0],
        "name": row[1],
        "type": row[2],
        "aliases": _parse_list(row[3]),
        "countries": _parse_list(row[4]),
        "website": row[5],
    }


def source_content(row: Row) -> dict[str, Any]:
    """A source as history records it: never the identity itself, only its sealed digest."""
    return {
        "id": row[0],
        "pseudonym": row[1],
        "role_description": row[2],
        "organisation_id": row[3],
        "consent": row[4],
        "identity_sha256": _blob_digest(row[5]),
        "created_at": row[6],
    }


def name_review_content(row: Row) -> dict[str, Any]:
    return {"key": row[0], "state": row[1], "decided_at": row[2]}


def note_content(
    row: Row, org_ids: Sequence[str], sources: Sequence[tuple[str, bool]], tags: Sequence[str]
) -> dict[str, Any]:
    """Text fields in stored form (pseudonymised); the sealed surfaces only as a digest."""
    _nid, note_id, kind, title, occurred, event_id, summary, body, surfaces, created, updated = row
    return {
        "id": note_id,
        "kind": kind,
        "title": title,
        "occurred_at": occurred,
        "event_id": event_id,
        "summary": summary,
        "body": body,
        "surfaces_sha256": _blob_digest(surfaces),
        "organisations": sorted(org_ids),
        "sources": sorted([s, bool(e)] for s, e in sources),
        "tags": sorted(tags),
        "created_at": created,
        "updated_at": updated,
    }


@dataclass(frozen=True)
class NoteWhere:
    """Filters of the notes list and search, as SQL over ``notes n``."""

    kind: str | None = None
    event_id: str | None = None
    organisation_id: str | None = None
    source_id: str | None = None
    tag: str | None = None
    occurred_from: str | None = None  # inclusive, ISO text
    occurred_before: str | None = None  # exclusive, ISO text

    def sql(self, *, joined: bool = False) -> tuple[str, tuple[Any, ...]]:
        parts: list[str] = []
        params: list[Any] = []
        for column, value in (("n.kind = ?", self.kind), ("n.event_id = ?", self.event_id),
                              ("n.occurred_at >= ?", self.occurred_from),
                              ("n.occurred_at < ?", self.occurred_before)):  # fmt: skip
            if value is not None:
                parts.append(column)
                params.append(value)
        for table, column, value in (
            ("note_organisations", "org_id", self.organisation_id),
            ("note_sources", "source_id", self.source_id),
            ("note_tags", "tag", self.tag),
        ):
            if value is not None:
                parts.append(f"n.nid IN (SELECT nid FROM {table} WHERE {column} = ?)")
                params.append(value)
        if not parts:
            return "", ()
        return ("AND " if joined else "WHERE ") + " AND ".join(parts), tuple(params)


def rekey_file(path: Path, old_key: bytes, new_key: bytes) -> None:
    """Re-encrypt a closed database file (a backup after a rekey) under ``new_key``.

    The copy under the new key is written beside it and renamed over it, so a process killed
    midway leaves the old file whole. (``PRAGMA rekey`` in place, killed midway, left a file
    half under each key that opened with neither.) A leftover copy of an earlier, killed
    run is replaced; ``Vault.backup`` removes any others."""
    partial = path.with_name(f".{path.name}.rekey.partial")
    for leftover in (partial, partial.with_name(partial.name + "-journal")):
        leftover.unlink(missing_ok=True)
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        try:
            conn = sqlcipher3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
        except sqlcipher3.DatabaseError as exc:
            raise _damaged(exc, path.name) from exc
        try:
            conn.execute("PRAGMA cipher_log_level = NONE")
            conn.execute(_raw_key_pragma(old_key))
            conn.execute("PRAGMA temp_store = MEMORY")
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            attach = f"ATTACH DATABASE ? AS rekeyed KEY \"x'{new_key.hex()}'\""
            conn.execute(attach, (str(partial),))
            # A scratch copy until the rename: nothing to roll back, so no journal beside it.
            conn.execute("PRAGMA rekeyed.journal_mode = OFF").fetchall()
            conn.execute("SELECT sqlcipher_export('rekeyed')").fetchall()
            conn.execute(f"PRAGMA rekeyed.user_version = {version}")
            conn.execute("DETACH DATABASE rekeyed")
        except sqlcipher3.DatabaseError as exc:
            raise _damaged(exc, path.name) from exc
        finally:
            conn.close()
        _fsync(partial)
        killpoints.before_commit("backup.rekey")
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    _fsync(path.parent)
    killpoints.after_commit("backup.rekey")


def _fsync(path: Path) -> None:
    """Flush a file, or a folder's entries, to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


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
