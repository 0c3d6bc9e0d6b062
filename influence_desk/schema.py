"""The database schema: how each version is created, and the pin every open compares.

Whoever holds the data key (an auditor too) can add a trigger, view, table or index to
notes.db, alter one, change ``PRAGMA user_version`` or the FTS5 configuration. A trigger runs
inside the next writer's transaction, so the writer would sign what it did (DESIGN §6).

The pin is *derived*, not hand-kept: ``expected_schema(v)`` runs migrations 1..v on an empty
in-memory database with the same SQLite build the vault uses and reads back every object
of sqlite_master (type, name, tbl_name, sql), user_version and every FTS5 ``*_config`` row.
A table another module adds in a new migration is pinned by that alone, and the generated
FTS5 shadow tables are pinned exactly as this SQLite writes them. Comparing with a vault
names each difference; the digest of the snapshot is what history signs (genesis payload
``schema``, and one ``vault.migrate`` entry per migration).

Each migration takes the schema from version i to i + 1. Never edit a released one: vaults
at that version would no longer match and writers would refuse them. Add a migration.
"""

from __future__ import annotations

import functools
import hashlib
import re
import sqlite3
from dataclasses import dataclass
from typing import Any

import sqlcipher3

from influence_desk.canonical import canonical

MIGRATIONS: list[str] = [
    # 1: meta, history, events, organisations, sources, notes, search index
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
    -- events, organisations, sources, notes (DESIGN §4). Every free-text column holds
    -- pseudonymised text only, note text in textformat's stored form.
    CREATE TABLE events (
        id          TEXT PRIMARY KEY,
        kind        TEXT NOT NULL,
        name        TEXT NOT NULL,
        city        TEXT NOT NULL DEFAULT '',
        country     TEXT NOT NULL DEFAULT '',
        start_date  TEXT,
        end_date    TEXT,
        organiser   TEXT NOT NULL DEFAULT ''
    ) WITHOUT ROWID;
    CREATE TABLE organisations (
        id          TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        type        TEXT NOT NULL,
        aliases     TEXT NOT NULL DEFAULT '[]',
        countries   TEXT NOT NULL DEFAULT '[]',
        website     TEXT NOT NULL DEFAULT ''
    ) WITHOUT ROWID;
    CREATE TABLE sources (
        id               TEXT PRIMARY KEY,
        pseudonym        TEXT NOT NULL UNIQUE COLLATE NOCASE,
        role_description TEXT NOT NULL DEFAULT '',
        organisation_id  TEXT REFERENCES organisations(id),
        consent          TEXT NOT NULL,
        identity         BLOB NOT NULL,
        created_at       TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX sources_organisation ON sources(organisation_id);
    -- notes stays narrow (what the list sorts and filters on, ~100 bytes a row) so lookups
    -- by nid at 100,000 notes stay in the page cache; the long text lives in note_texts.
    CREATE TABLE notes (
        nid          INTEGER PRIMARY KEY,
        id           TEXT NOT NULL UNIQUE,
        kind         TEXT NOT NULL,
        title        TEXT NOT NULL,
        occurred_at  TEXT NOT NULL,
        event_id     TEXT REFERENCES events(id),
        created_at   TEXT NOT NULL,
        updated_at   TEXT NOT NULL
    );
    CREATE TABLE note_texts (
        nid       INTEGER PRIMARY KEY REFERENCES notes(nid) ON DELETE CASCADE,
        summary   TEXT NOT NULL DEFAULT '',
        body      TEXT NOT NULL DEFAULT '',
        surfaces  BLOB
    );
    CREATE INDEX notes_occurred ON notes(occurred_at, id);
    CREATE INDEX notes_updated ON notes(updated_at, id);
    CREATE INDEX notes_created ON notes(created_at, id);
    CREATE INDEX notes_title ON notes(title COLLATE NOCASE, id);
    CREATE INDEX notes_kind ON notes(kind, occurred_at, id);
    CREATE INDEX notes_event ON notes(event_id, occurred_at, id);
    CREATE TABLE note_organisations (
        nid     INTEGER NOT NULL REFERENCES notes(nid) ON DELETE CASCADE,
        org_id  TEXT NOT NULL REFERENCES organisations(id),
        PRIMARY KEY (nid, org_id)
    ) WITHOUT ROWID;
    CREATE INDEX note_organisations_org ON note_organisations(org_id, nid);
    CREATE TABLE note_sources (
        nid        INTEGER NOT NULL REFERENCES notes(nid) ON DELETE CASCADE,
        source_id  TEXT NOT NULL REFERENCES sources(id),
        explicit   INTEGER NOT NULL,
        PRIMARY KEY (nid, source_id)
    ) WITHOUT ROWID;
    CREATE INDEX note_sources_source ON note_sources(source_id, nid);
    CREATE TABLE note_tags (
        nid  INTEGER NOT NULL REFERENCES notes(nid) ON DELETE CASCADE,
        tag  TEXT NOT NULL,
        PRIMARY KEY (nid, tag)
    ) WITHOUT ROWID;
    CREATE INDEX note_tags_tag ON note_tags(tag, nid);
    CREATE VIRTUAL TABLE notes_fts USING fts5(
        title, summary, body, tags, tokenize = 'unicode61 remove_diacritics 2'
    );
    INSERT INTO notes_fts(notes_fts, rank) VALUES ('secure-delete', 1)
    ;
    INSERT INTO notes_fts(notes_fts, rank) VALUES ('rank', 'bm25(4.0, 2.0, 1.0, 2.0)')
    """,
    # 2: review decisions about people named in notes who are not registered (reviews.py).
    # ``key`` is a digest keyed with the identity key, never the name: a name reviewed here
    # and registered later must not stay readable beside its pseudonym.
    """
    CREATE TABLE name_reviews (
        key         TEXT PRIMARY KEY,
        state       TEXT NOT NULL,
        decided_at  TEXT NOT NULL
    ) WITHOUT ROWID
    """,
    # 3: every version of a note, keyed by the history entry that made it (versions.py):
    # ``content`` is exactly the canonical JSON that entry's content hash covers, so history
    # vouches for each row; ``surfaces`` the sealed original spellings of that version. A
    # note in the trash is a note with versions and no row in ``notes``.
    """
    CREATE TABLE note_versions (
        seq       INTEGER PRIMARY KEY,
        note_id   TEXT NOT NULL,
        content   TEXT NOT NULL,
        surfaces  BLOB
    );
    CREATE INDEX note_versions_note ON note_versions(note_id, seq)
    """,
    # 4: attachments (influence_desk/attachments/). Each row is an object signed in history
    # like a note (``attachment:<id>``); the stripped bytes live once per content in
    # ``attachment_contents`` (deduplicated by the SHA-256 of the stored bytes), as blobs in
    # this encrypted file: backups, rekey and page checks cover them. An attachment of a
    # source's sealed identity has ``source_id`` set and bytes sealed to the identity key.
    """
    CREATE TABLE attachment_contents (
        sha256  TEXT PRIMARY KEY,
        data    BLOB NOT NULL
    );
    CREATE TABLE attachments (
        id          TEXT PRIMARY KEY,
        note_id     TEXT,
        source_id   TEXT REFERENCES sources(id),
        kind        TEXT NOT NULL,
        mime        TEXT NOT NULL,
        audience    TEXT NOT NULL,
        sha256      TEXT NOT NULL REFERENCES attachment_contents(sha256),
        size        INTEGER NOT NULL,
        width       INTEGER,
        height      INTEGER,
        removed     TEXT NOT NULL DEFAULT '[]',
        text        TEXT NOT NULL DEFAULT '',
        created_at  TEXT NOT NULL,
        CHECK ((note_id IS NULL) <> (source_id IS NULL))
    ) WITHOUT ROWID;
    CREATE INDEX attachments_note ON attachments(note_id, created_at);
    CREATE INDEX attachments_source ON attachments(source_id, created_at);
    CREATE INDEX attachments_content ON attachments(sha256)
    """,
    # 5: history per replica (influence_desk/history.py); REPLICAS_SINCE finds it.
    # ``seq`` stays the local order; an entry's replica, its number on that replica, its
    # Lamport clock and the heads it had seen are what its v2 hash covers (an empty
    # ``heads`` marks a v1 entry).
    # ``local_replica``: this copy's replica id (one row, written by the first v2 entry).
    """
    ALTER TABLE history ADD COLUMN replica TEXT NOT NULL DEFAULT '';
    ALTER TABLE history ADD COLUMN rseq INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE history ADD COLUMN clock INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE history ADD COLUMN heads TEXT NOT NULL DEFAULT '';
    CREATE INDEX history_hash ON history(entry_hash);
    CREATE INDEX history_replica ON history(replica, rseq);
    CREATE TABLE local_replica (
        id  TEXT PRIMARY KEY
    ) WITHOUT ROWID
    """,
    # 6: the text read from attachments (OCR, already pseudonymised in attachments.text)
    # made searchable: derived data, one row per attachment with text, kept by the store
    # beside every attachment write and compared by verify (attachments/check.py). The
    # texts stored before this version are indexed here.
    """
    CREATE VIRTUAL TABLE attachments_fts USING fts5(
        attachment_id UNINDEXED, text, tokenize = 'unicode61 remove_diacritics 2'
    );
    INSERT INTO attachments_fts(attachments_fts, rank) VALUES ('secure-delete', 1);
    INSERT INTO attachments_fts(attachment_id, text)
        SELECT id, text FROM attachments WHERE text != '' ORDER BY id
    """,
    # 7: every version of a source, keyed by the history entry that made it, so replicas
    # and verify merge concurrent edits of a source field by field (sync/source_fields.py):
    # ``content`` the canonical JSON the entry signed (its role description re-encoded when
    # a name is registered later), ``identity`` the sealed identity that content names.
    """
    CREATE TABLE source_versions (
        seq        INTEGER PRIMARY KEY,
        source_id  TEXT NOT NULL,
        content    TEXT NOT NULL,
        identity   BLOB NOT NULL
    );
    CREATE INDEX source_versions_source ON source_versions(source_id, seq)
    """,
    # 8: every version of an event, organisation, attachment row, name review and the
    # settings table, keyed by the history entry that made it, so a removed person's void
    # change to one can be taken back on every replica (influence_desk/object_versions.py):
    # ``content`` the canonical JSON the entry signed (re-encoded when a name is
    # registered later, the new digest signed).
    """
    CREATE TABLE object_versions (
        seq        INTEGER PRIMARY KEY,
        object_id  TEXT NOT NULL,
        content    TEXT NOT NULL
    );
    CREATE INDEX object_versions_object ON object_versions(object_id, seq)
    """,
]
# The schema version whose history is per replica (found, so a rebase may renumber it).
REPLICAS_SINCE = next(i + 1 for i, m in enumerate(MIGRATIONS) if "COLUMN replica" in m)


def current_version() -> int:
    """The schema version this app creates and writes (read at call time, so a test can
    add a migration)."""
    return len(MIGRATIONS)


# --- snapshots ---------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class SchemaObject:
    """One row of sqlite_master (rootpage left out: it differs from file to file)."""

    type: str
    name: str
    tbl_name: str
    sql: str | None

    def describe(self) -> str:
        what = f"{_printable(self.type)} '{_printable(self.name)}'"
        if self.type in ("index", "trigger") and self.tbl_name != self.name:
            what += f" on {_printable(self.tbl_name)}"
        return what


@dataclass(frozen=True)
class SchemaSnapshot:
    """What a database's schema is: objects, user_version, FTS5 configuration rows."""

    version: int
    objects: tuple[SchemaObject, ...]
    # FTS5 table name -> its *_config rows (k, v), sorted; only for FTS5 tables whose
    # objects are as expected (an unexpected *_config might be a view: it is never read).
    fts_config: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...]

    @functools.cached_property
    def digest(self) -> str:
        """SHA-256 of the canonical snapshot: what history signs."""
        return hashlib.sha256(
            canonical(
                {
                    "version": self.version,
                    "objects": [[o.type, o.name, o.tbl_name, o.sql] for o in self.objects],
                    "fts_config": [[t, [list(r) for r in rows if r[0] != FTS5_VERSION_KEY]]
                                   for t, rows in self.fts_config],
                }
            )
        ).hexdigest()

    def signed_content(self) -> dict[str, Any]:
        """The schema as a history object (``vault:schema``)."""
        return {"version": self.version, "sha256": self.digest}


@dataclass(frozen=True)
class SchemaDifference:
    """One way a database differs from the schema this app makes; ``where`` names the
    object, ``what`` says what happened to it."""

    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.where} {self.what}"


_FTS5_RE = re.compile(r"\s*CREATE\s+VIRTUAL\s+TABLE\s+.*?\s+USING\s+fts5\s*\(", re.I | re.S)


def _objects(conn: Any) -> tuple[SchemaObject, ...]:
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM main.sqlite_master").fetchall()
    return tuple(
        sorted(SchemaObject(str(t), str(n), str(tb), None if s is None else str(s))
               for t, n, tb, s in rows)
    )  # fmt: skip


def read_snapshot(
    conn: Any, expected: SchemaSnapshot | None, *, trust_all: bool = False
) -> SchemaSnapshot:
    """The schema of the database on ``conn``. FTS5 configuration is read only for FTS5
    tables whose objects match ``expected`` (none without it), or for all of them with
    ``trust_all`` (a database this module just built): a hostile file's "config table"
    might be a view that never ends."""
    version = int(conn.execute("PRAGMA main.user_version").fetchone()[0])
    objects = _objects(conn)
    if trust_all:
        trusted = set(objects)
    else:
        trusted = set(objects) & set(expected.objects) if expected else set()
    configs: list[tuple[str, tuple[tuple[str, Any], ...]]] = []
    for obj in objects:
        if obj.type != "table" or obj.sql is None or not _FTS5_RE.match(obj.sql):
            continue
        shadow = next((o for o in objects if o.name == f"{obj.name}_config"), None)
        if obj not in trusted or shadow is None or shadow not in trusted:
            continue
        quoted = '"' + shadow.name.replace('"', '""') + '"'
        # The name is the expected shadow table's, quoted: not attacker text.
        rows = conn.execute(f"SELECT k, v FROM main.{quoted} ORDER BY k").fetchall()  # noqa: S608
        configs.append((obj.name, tuple((str(k), v) for k, v in rows)))
    return SchemaSnapshot(version, objects, tuple(configs))


def split_sql(script: str) -> list[str]:
    """Statements of a migration, one by one (executescript would commit our transaction).

    Splits only where SQLite says a statement is complete, so triggers with ``;`` inside
    ``BEGIN … END`` stay whole. (Only sqlite3's statement parser: no database is opened.)"""
    statements: list[str] = []
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n\t;"):
                statements.append(pending.strip())
            pending = ""
    if pending.strip(" \n\t;"):
        statements.append(pending.strip())
    return statements


def apply_migration(conn: Any, target: int) -> None:
    """Run migration ``target`` (0-based: it makes version ``target + 1``) on ``conn``,
    inside the caller's transaction."""
    for statement in split_sql(MIGRATIONS[target]):
        conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {target + 1}")


def expected_schema(version: int) -> SchemaSnapshot:
    """The exact schema this app's migrations make at ``version`` (1..current)."""
    if not 1 <= version <= current_version():
        raise ValueError(f"no schema version {version}")
    return _built(tuple(MIGRATIONS[:version]))


@functools.lru_cache(maxsize=8)
def _built(migrations: tuple[str, ...]) -> SchemaSnapshot:
    # A plain in-memory database (no key) of the same SQLite build: the FTS5 shadow tables'
    # SQL and configuration rows are exactly what this library writes into a vault.
    conn = sqlcipher3.connect(":memory:", isolation_level=None)
    try:
        conn.execute("BEGIN")
        for target, script in enumerate(migrations):
            for statement in split_sql(script):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {target + 1}")
        conn.execute("COMMIT")
        return read_snapshot(conn, None, trust_all=True)
    finally:
        conn.close()


# --- comparing ---------------------------------------------------------------------------


# FTS5 raises its 'version' row from 4 to 5 by itself at the first delete with
# secure-delete on; either is what this app makes (and the digest leaves the row out).
FTS5_VERSION_KEY = "version"
FTS5_VERSIONS = frozenset({4, 5})

_PRIORITY = {"trigger": 0, "table": 1, "view": 2, "index": 3}


def differences(actual: SchemaSnapshot, expected: SchemaSnapshot) -> list[SchemaDifference]:
    """Every way ``actual`` differs from ``expected``, each naming the object."""
    found: list[SchemaDifference] = []
    if actual.version != expected.version:
        found.append(
            SchemaDifference(
                "PRAGMA user_version",
                f"is {actual.version}, not {expected.version}",
            )
        )
    # Triggers first (they run code inside a writer's transaction), then tables, views and
    # indexes: the one-sentence refusal names the first.
    def first(obj: SchemaObject) -> tuple[int, str]:
        return _PRIORITY.get(obj.type, len(_PRIORITY)), obj.name

    mine = {(o.type, o.name): o for o in sorted(actual.objects, key=first)}
    pinned = {(o.type, o.name): o for o in sorted(expected.objects, key=first)}
    for key, obj in mine.items():
        want = pinned.get(key)
        if want is None:
            found.append(SchemaDifference(obj.describe(), "was added"))
        elif want != obj:
            found.append(SchemaDifference(obj.describe(), "was altered"))
    for key, want in pinned.items():
        if key not in mine:
            found.append(SchemaDifference(want.describe(), "was dropped"))
    have_config = dict(actual.fts_config)
    for table, rows in expected.fts_config:
        got = have_config.get(table)
        if got is None:
            continue  # its objects differ: already named above
        want_rows, got_rows = dict(rows), dict(got)
        if got_rows.get(FTS5_VERSION_KEY) in FTS5_VERSIONS:
            got_rows[FTS5_VERSION_KEY] = want_rows.get(FTS5_VERSION_KEY)
        if got_rows != want_rows:
            keys = sorted(k for k in set(want_rows) | set(got_rows)
                          if want_rows.get(k) != got_rows.get(k))  # fmt: skip
            named = ", ".join(f"'{_printable(k)}'" for k in keys[:4])
            found.append(
                SchemaDifference(
                    f"search index configuration of {table}", f"was changed ({named})"
                )
            )
    return found


def check(actual: SchemaSnapshot) -> list[SchemaDifference]:
    """Differences from the schema this app makes for ``actual``'s own version (versions it
    does not know are the caller's to refuse)."""
    if not 1 <= actual.version <= current_version():
        return [SchemaDifference("PRAGMA user_version", f"is {actual.version}, which this app "
                                 f"does not make (it makes 1 to {current_version()})")]  # fmt: skip
    return differences(actual, expected_schema(actual.version))


def intact(
    actual: SchemaSnapshot, names: tuple[str, ...], prefixes: tuple[str, ...] = ()
) -> bool:
    """Are the tables ``names`` (and those starting with one of ``prefixes``: an FTS5 table
    and its shadow tables) exactly as this app makes them, no view in their place? Then reading
    them means what the app thinks (a trigger or an index never changes what a read gives;
    a view in a table's place might never end)."""
    if not 1 <= actual.version <= current_version():
        return False

    def concerned(objects: tuple[SchemaObject, ...]) -> set[SchemaObject]:
        return {o for o in objects if o.type in ("table", "view")
                and (o.name in names or o.name.startswith(prefixes or (chr(0),)))}  # fmt: skip

    return concerned(actual.objects) == concerned(expected_schema(actual.version).objects)


def summary(found: list[SchemaDifference]) -> str:
    """The first difference, and how many more: for a one-sentence error."""
    if not found:
        return ""
    more = f" and {len(found) - 1} more difference{'s' if len(found) > 2 else ''}"
    return str(found[0]) + (more if len(found) > 1 else "")


def _printable(text: str, limit: int = 60) -> str:
    """Object names come from whoever changed the file: no control characters, bounded."""
    cleaned = "".join(c if c.isprintable() else "?" for c in text)
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + "…"
