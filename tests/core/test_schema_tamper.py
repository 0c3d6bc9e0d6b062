"""The schema tamper suite: someone holding only the data key (an auditor's slot gives it)
opens notes.db with sqlcipher3 and changes the schema, user_version, the search index or
its configuration. For each: a writer refuses before writing anything (exit 3, naming the
object), a reader is warned, and ``verify`` fails naming it; or, for derived data (the
search index rows), ``verify`` fails naming the note.

The issue's scenario end to end: an auditor adds a trigger that makes every new source
"named"; the lead's off-the-record registration is refused, never signed as named."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
import sqlcipher3
from desk_support import DESK_AUDITOR, DESK_LEAD

from influence_desk import crypto, schema
from influence_desk.desk import Desk, NoteDraft
from influence_desk.errors import NewerVaultFormat, SchemaChanged, VaultDamaged
from influence_desk.model import Consent, NoteKind, Role, SourceIdentity
from influence_desk.vault.vault import Vault

TRIGGER = (
    "CREATE TRIGGER force_named AFTER INSERT ON sources "
    "BEGIN UPDATE sources SET consent = 'named' WHERE id = new.id; END"
)


@dataclass(frozen=True)
class Filled:
    path: Path
    data_key: bytes
    note_id: str
    nid: int


@pytest.fixture(scope="module")
def filled_template(tmp_path_factory: pytest.TempPathFactory) -> Filled:
    """A lead, a researcher and an auditor; a source and three notes, all verified."""
    folder = tmp_path_factory.mktemp("schema") / "desk.idvault"
    vault = Vault.create(folder, label="Lena", passphrase=DESK_LEAD, kdf=crypto.floor_params())
    try:
        vault.add_slot(Role.AUDITOR, "Ada", DESK_AUDITOR, crypto.floor_params())
        desk = Desk(vault)
        desk.register_source(SourceIdentity("Piotr Nowak"), "analyst")
        note = desk.add_note(NoteDraft(NoteKind.INTERVIEW, "Piotr Nowak talks",
                                       datetime(2024, 1, 1), body="Piotr Nowak sells lists.",
                                       tags=("lists",)))  # fmt: skip
        for i in range(2):
            desk.add_note(NoteDraft(NoteKind.DESK, f"desk note {i}", datetime(2024, 2, 1),
                                    body=f"geofence rally {i}"))  # fmt: skip
        assert vault.verify().ok
        nid = vault.store.note_row(note.note.id).nid  # type: ignore[union-attr]
    finally:
        vault.close()
    # Only the data key, as an auditor has it.
    auditor = Vault.open(folder, DESK_AUDITOR)
    try:
        key = auditor._shared().data_key
    finally:
        auditor.close()
    return Filled(folder, key, note.note.id, nid)


@pytest.fixture
def filled(filled_template: Filled, tmp_path: Path) -> Filled:
    target = tmp_path / "desk.idvault"
    shutil.copytree(filled_template.path, target)
    return Filled(target, filled_template.data_key, filled_template.note_id, filled_template.nid)


def _raw(path: Path, key: bytes) -> sqlcipher3.Connection:
    conn = sqlcipher3.connect(str(path / "notes.db"), isolation_level=None)
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    return conn


def tamper(vault: Filled, *statements: str) -> None:
    conn = _raw(vault.path, vault.data_key)
    try:
        for sql in statements:
            conn.execute(sql)
    finally:
        conn.close()


def _state(vault: Filled) -> tuple[str, int]:
    """notes.db's bytes (digest) and the number of history entries."""
    digest = hashlib.sha256((vault.path / "notes.db").read_bytes()).hexdigest()
    conn = _raw(vault.path, vault.data_key)
    try:
        return digest, int(conn.execute("SELECT count(*) FROM history").fetchone()[0])
    finally:
        conn.close()


def verify_problems(vault: Filled) -> list[str]:
    """verify as the lead, read-only (a writer would be refused)."""
    with Vault.open(vault.path, DESK_LEAD, read_only=True) as lead:
        report = lead.verify()
        assert report.ok == (not report.problems)
        return [str(p) for p in report.problems]


def assert_writer_refused(vault: Filled, *words: str) -> None:
    before = _state(vault)
    with pytest.raises(SchemaChanged) as caught:
        Vault.open(vault.path, DESK_LEAD)
    assert caught.value.exit_code == 3
    assert all(w in caught.value.message for w in words), caught.value.message
    assert caught.value.message.count(". ") == 0, "one sentence"
    assert _state(vault) == before, "the refused writer wrote something"


def assert_verify_names(vault: Filled, *words: str) -> None:
    problems = verify_problems(vault)
    text = " | ".join(problems)
    assert problems, "verify passed a tampered vault"
    assert all(w in text for w in words), text


def assert_reader_warned(vault: Filled, *words: str) -> None:
    with Vault.open(vault.path, DESK_AUDITOR) as auditor:
        text = " | ".join(auditor.schema_warnings)
    assert all(w in text for w in words), text


# --- schema objects ------------------------------------------------------------------------

SCHEMA_TAMPERS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # case: (statements, words naming the object)
    "trigger added": ((TRIGGER,), ("trigger 'force_named' on sources", "added")),
    "trigger added before insert": (
        ("CREATE TRIGGER quiet BEFORE INSERT ON history BEGIN SELECT 1; END",),
        ("trigger 'quiet' on history", "added"),
    ),
    "view added": (("CREATE VIEW named AS SELECT id FROM sources",), ("view 'named'", "added")),
    "table added": (("CREATE TABLE extra(x)",), ("table 'extra'", "added")),
    "statistics table added": (("ANALYZE",), ("table 'sqlite_stat1'", "added")),
    "table altered": (
        ("ALTER TABLE sources ADD COLUMN note TEXT",), ("table 'sources'", "altered")
    ),
    "column renamed": (
        ("ALTER TABLE notes RENAME COLUMN title TO headline",), ("table 'notes'", "altered")
    ),
    "table dropped": (("DROP TABLE note_organisations",), ("table 'note_organisations'",
                                                           "dropped")),
    "index added": (("CREATE INDEX sneaky ON notes(kind)",), ("index 'sneaky' on notes",
                                                             "added")),
    "index dropped": (("DROP INDEX notes_title",), ("index 'notes_title' on notes", "dropped")),
    "index altered": (
        ("DROP INDEX notes_kind", "CREATE INDEX notes_kind ON notes(kind)"),
        ("index 'notes_kind' on notes", "altered"),
    ),
    "check constraint written into sqlite_master": (
        (
            "PRAGMA writable_schema = ON",
            "UPDATE sqlite_master SET sql = replace(sql, 'consent          TEXT NOT NULL', "
            "'consent TEXT NOT NULL CHECK (consent = ''named'')') WHERE name = 'sources'",
            "PRAGMA writable_schema = OFF",
        ),
        ("table 'sources'", "altered"),
    ),
    "search rank changed": (
        ("INSERT INTO notes_fts(notes_fts, rank) VALUES ('rank', 'bm25(0.0, 0.0, 0.0, 9.0)')",),
        ("search index configuration of notes_fts", "'rank'"),
    ),
    "search config row edited": (
        ("UPDATE notes_fts_config SET v = 0 WHERE k = 'secure-delete'",),
        ("search index configuration of notes_fts", "'secure-delete'"),
    ),
    "search config row deleted": (
        ("DELETE FROM notes_fts_config WHERE k = 'secure-delete'",),
        ("search index configuration of notes_fts", "'secure-delete'"),
    ),
    "search config row added": (
        ("INSERT INTO notes_fts(notes_fts, rank) VALUES ('automerge', 2)",),
        ("search index configuration of notes_fts", "'automerge'"),
    ),
    "search tokenizer changed": (
        (
            "PRAGMA writable_schema = ON",
            "UPDATE sqlite_master SET sql = replace(sql, 'remove_diacritics 2', "
            "'remove_diacritics 0') WHERE name = 'notes_fts'",
            "PRAGMA writable_schema = OFF",
        ),
        ("table 'notes_fts'", "altered"),
    ),
}


@pytest.mark.parametrize("case", SCHEMA_TAMPERS)
def test_schema_change_refused_for_writers_warned_to_readers_and_verified(
    filled: Filled, case: str
) -> None:
    statements, words = SCHEMA_TAMPERS[case]
    tamper(filled, *statements)
    assert_writer_refused(filled, *words)
    assert_reader_warned(filled, *words)
    assert_verify_names(filled, *words)


def test_untouched_vault_opens_for_writing_and_verifies(filled: Filled) -> None:
    with Vault.open(filled.path, DESK_LEAD) as lead:
        assert lead.can_write and lead.schema_warnings == []
    assert verify_problems(filled) == []
    with Vault.open(filled.path, DESK_AUDITOR) as auditor:
        assert auditor.schema_warnings == []
        assert auditor.verify().ok


# --- user_version ----------------------------------------------------------------------------


def test_user_version_zeroed_is_refused(filled: Filled) -> None:
    tamper(filled, "PRAGMA user_version = 0")
    before = _state(filled)
    for passphrase in (DESK_LEAD, DESK_AUDITOR):
        with pytest.raises(VaultDamaged, match="user_version is 0") as caught:
            Vault.open(filled.path, passphrase)
        assert caught.value.exit_code == 3
    assert _state(filled) == before


def test_user_version_raised_is_refused(filled: Filled) -> None:
    tamper(filled, f"PRAGMA user_version = {schema.current_version() + 1}")
    before = _state(filled)
    with pytest.raises(NewerVaultFormat, match="user_version") as caught:
        Vault.open(filled.path, DESK_LEAD)
    assert caught.value.exit_code == 3
    assert _state(filled) == before


# --- the search index: derived data, rebuilt and compared by verify -------------------------


def test_index_row_edited(filled: Filled) -> None:
    tamper(filled, f"UPDATE notes_fts SET body = 'planted words' WHERE rowid = {filled.nid}")
    assert_verify_names(filled, f"search index of note:{filled.note_id}", "differs", "body")


def test_index_row_deleted(filled: Filled) -> None:
    tamper(filled, f"DELETE FROM notes_fts WHERE rowid = {filled.nid}")
    assert_verify_names(filled, f"search index of note:{filled.note_id}", "is missing")


def test_index_row_forged(filled: Filled) -> None:
    tamper(filled, "INSERT INTO notes_fts(rowid, title, summary, body, tags) "
           "VALUES (4242, 'forged', '', 'a note nobody wrote', '')")  # fmt: skip
    assert_verify_names(filled, "search index: holds a row (rowid 4242) for no note")


def assert_open_refused_or_verify_names(vault: Filled, *words: str) -> None:
    """Damage SQLite itself sees: the open's page and structure check may refuse the vault
    first (small vaults are checked whole at open); else verify names it."""
    try:
        problems = verify_problems(vault)
    except VaultDamaged as exc:
        assert exc.exit_code == 3
        problems = [exc.message]
    text = " | ".join(problems)
    assert problems and all(w in text for w in words), text


def test_index_content_edited_behind_the_index(filled: Filled) -> None:
    """The stored row changed but not the inverted index."""
    tamper(filled, f"UPDATE notes_fts_content SET c0 = 'other title' WHERE id = {filled.nid}")
    assert_open_refused_or_verify_names(filled, "notes_fts")


def test_index_terms_planted_without_a_row(filled: Filled) -> None:
    """Terms in the inverted index for a row that is not there: a search would find words
    no note holds. FTS5's integrity check (the index against its rows) names it."""
    tamper(
        filled,
        "INSERT INTO notes_fts(rowid, title, summary, body, tags) "
        "VALUES (4242, 'planted', '', 'a note nobody wrote', '')",
        "DELETE FROM notes_fts_content WHERE id = 4242",
        "DELETE FROM notes_fts_docsize WHERE id = 4242",
    )
    assert_open_refused_or_verify_names(filled, "notes_fts")


# Damage only SQLite's own checks see, in a vault too big for the open-time page check
# (over FULL_CHECK_BYTES the open skips it): verify itself must name it.
INVERTED_INDEX_TAMPERS: dict[str, tuple[str, ...]] = {
    "terms planted for no row": (
        "INSERT INTO notes_fts(rowid, title, summary, body, tags) "
        "VALUES (4242, 'planted', '', 'a note nobody wrote', '')",
        "DELETE FROM notes_fts_content WHERE id = 4242",
        "DELETE FROM notes_fts_docsize WHERE id = 4242",
    ),
    "a row's token counts edited": (
        "UPDATE notes_fts_docsize SET sz = x'01010101' WHERE id = (SELECT min(id) FROM "
        "notes_fts_docsize)",
    ),
    "the index's totals record edited": ("UPDATE notes_fts_data SET block = x'00' WHERE id = 1",),
}


@pytest.mark.parametrize("case", INVERTED_INDEX_TAMPERS)
def test_inverted_index_tampered_is_named_by_verify_without_the_open_check(
    filled: Filled, case: str
) -> None:
    tamper(filled, *INVERTED_INDEX_TAMPERS[case])
    with Vault.open(filled.path, DESK_LEAD, read_only=True, check_pages=False) as lead:
        report = lead.verify()
    text = " | ".join(str(p) for p in report.problems)
    assert not report.ok and "notes_fts" in text, text


def test_index_rows_lost_in_number(filled: Filled) -> None:
    tamper(filled, "DELETE FROM notes_fts")
    problems = verify_problems(filled)
    assert any("holds 0 rows for 3 notes" in p for p in problems), problems


# --- while a writer has the vault open ------------------------------------------------------


def test_trigger_added_while_the_lead_is_working_is_refused_at_the_next_change(
    filled: Filled,
) -> None:
    with Vault.open(filled.path, DESK_LEAD) as lead:
        desk = Desk(lead)
        sources_before = len(desk.sources())
        entries_before = lead.store.history_count()  # type: ignore[union-attr]
        tamper(filled, TRIGGER)
        with pytest.raises(SchemaChanged, match="trigger 'force_named' on sources"):
            desk.register_source(SourceIdentity("Jan Kowalski"), consent=Consent.OFF_RECORD)
        assert len(desk.sources()) == sources_before
        assert lead.store.history_count() == entries_before  # type: ignore[union-attr]
    assert_verify_names(filled, "trigger 'force_named' on sources")


WHILE_WORKING: dict[str, tuple[str, tuple[str, ...]]] = {
    # case: (statement run beside the lead, words the refusal names)
    "trigger on notes": (
        "CREATE TRIGGER retitle AFTER INSERT ON notes "
        "BEGIN UPDATE notes SET title = 'retitled' WHERE nid = new.nid; END",
        ("trigger 'retitle' on notes",),
    ),
    "trigger on history": (
        "CREATE TRIGGER quiet BEFORE INSERT ON history BEGIN SELECT 1; END",
        ("trigger 'quiet' on history",),
    ),
    # FTS5 configuration rows change without moving SQLite's schema cookie.
    "search secure-delete turned off": (
        "UPDATE notes_fts_config SET v = 0 WHERE k = 'secure-delete'",
        ("search index configuration of notes_fts", "'secure-delete'"),
    ),
    "search rank changed": (
        "INSERT INTO notes_fts(notes_fts, rank) VALUES ('rank', 'bm25(0.0, 0.0, 0.0, 9.0)')",
        ("search index configuration of notes_fts", "'rank'"),
    ),
}


@pytest.mark.parametrize("case", WHILE_WORKING)
def test_a_change_beside_the_lead_is_refused_at_the_next_note_save_and_nothing_signed(
    filled: Filled, case: str
) -> None:
    statement, words = WHILE_WORKING[case]
    with Vault.open(filled.path, DESK_LEAD) as lead:
        desk = Desk(lead)
        notes_before = desk.count_notes()
        entries_before = lead.store.history_count()  # type: ignore[union-attr]
        tamper(filled, statement)
        with pytest.raises(SchemaChanged) as caught:
            desk.add_note(NoteDraft(NoteKind.DESK, "after the change", datetime(2024, 3, 1),
                                    body="geofence vendors"))  # fmt: skip
        assert all(w in caught.value.message for w in words), caught.value.message
        assert desk.count_notes() == notes_before
        assert lead.store.history_count() == entries_before  # type: ignore[union-attr]
    assert_verify_names(filled, *words)


# --- the scenario, end to end --------------------------------------------------------


def test_auditor_trigger_never_gets_an_off_the_record_source_signed_as_named(
    filled: Filled,
) -> None:
    tamper(filled, TRIGGER)  # the auditor, with the data key from their own slot
    before = _state(filled)
    with pytest.raises(SchemaChanged) as caught:
        Desk(Vault.open(filled.path, DESK_LEAD)).register_source(
            SourceIdentity("Jan Kowalski"), consent=Consent.OFF_RECORD
        )
    assert "trigger 'force_named' on sources" in caught.value.message
    assert _state(filled) == before
    # Nothing signed the trigger's effect: no source entry beyond the first, no 'named'.
    conn = _raw(filled.path, filled.data_key)
    try:
        consents = [r[0] for r in conn.execute("SELECT consent FROM sources")]
        source_entries = conn.execute(
            "SELECT count(*) FROM history WHERE action LIKE 'source.%'"
        ).fetchone()[0]
    finally:
        conn.close()
    assert consents == [Consent.ANONYMOUS.value] and source_entries == 1
    # The trigger cannot travel into a backup or survive a rekey: both need a writer.
    assert not list((filled.path / "backups").glob("*.db"))
    assert_verify_names(filled, "trigger 'force_named' on sources", "added")


# --- through the CLI -------------------------------------------------------------------------


def cli(*args: str, passphrase: str = DESK_LEAD) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "INFLUENCE_DESK_TEST_FAST_KDF": "1",
           "INFLUENCE_DESK_PASSPHRASE": passphrase}  # fmt: skip
    return subprocess.run(
        [sys.executable, "-m", "influence_desk", *args],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("case", "command"),
    [
        ("trigger added", ("source", "add", "--name", "Jan Kowalski", "--consent", "off-record")),
        ("index dropped", ("note", "add", "--kind", "desk", "--title", "t", "--date",
                           "2024-03-01")),
        ("search rank changed", ("backup",)),
    ],
)
def test_cli_writer_exits_3_naming_the_object_and_writes_nothing(
    filled: Filled, case: str, command: tuple[str, ...]
) -> None:
    statements, words = SCHEMA_TAMPERS[case]
    tamper(filled, *statements)
    before = _state(filled)
    where = command.index("add") + 1 if "add" in command else len(command)
    args = (*command[:where], str(filled.path), *command[where:])
    result = cli(*args)
    assert result.returncode == 3, result.stderr
    assert all(w in result.stderr for w in words), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert _state(filled) == before
    verified = cli("verify", str(filled.path))
    assert verified.returncode == 3
    assert all(w in verified.stdout for w in words), verified.stdout


def test_cli_reader_is_warned(filled: Filled) -> None:
    tamper(filled, TRIGGER)
    result = cli("search", str(filled.path), "geofence", passphrase=DESK_AUDITOR)
    assert result.returncode == 0, result.stderr
    assert "warning" in result.stderr and "trigger 'force_named' on sources" in result.stderr


# --- migrations: the only way the schema changes, each a signed entry ------------------------

TEST_MIGRATION = """
    CREATE TABLE review_marks (
        id    TEXT PRIMARY KEY,
        state TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE VIEW open_reviews AS SELECT id FROM review_marks WHERE state = 'open';
    CREATE TRIGGER meta_id_fixed BEFORE DELETE ON meta WHEN old.key = 'vault_id'
    BEGIN SELECT RAISE(ABORT, 'vault_id is fixed'); END;
"""


NEXT = schema.current_version() + 1  # the test migration's version


@pytest.fixture
def migrated(filled: Filled, monkeypatch: pytest.MonkeyPatch) -> Iterator[Filled]:
    """The vault at the current version, opened by a lead with an app that knows one more."""
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, TEST_MIGRATION])
    with pytest.raises(Exception, match="upgrade"):
        Vault.open(filled.path, DESK_AUDITOR)  # a reader cannot migrate
    with Vault.open(filled.path, DESK_LEAD) as lead:
        assert lead.store.schema.version == NEXT  # type: ignore[union-attr]
    yield filled


def test_migration_is_a_signed_entry_and_verifies(migrated: Filled) -> None:
    conn = _raw(migrated.path, migrated.data_key)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        entry = conn.execute(
            "SELECT action, object_id, payload FROM history ORDER BY seq DESC LIMIT 1"
        ).fetchone()
    finally:
        conn.close()
    assert version == NEXT
    assert entry[0] == "vault.migrate" and entry[1] == "vault:schema"
    assert f'"from":{NEXT - 1}' in entry[2] and f'"to":{NEXT}' in entry[2]
    assert verify_problems(migrated) == []
    with Vault.open(migrated.path, DESK_AUDITOR) as auditor:
        assert auditor.schema_warnings == [] and auditor.verify().ok


def test_migrated_trigger_dropped(migrated: Filled) -> None:
    tamper(migrated, "DROP TRIGGER meta_id_fixed")
    assert_writer_refused(migrated, "trigger 'meta_id_fixed' on meta", "dropped")
    assert_verify_names(migrated, "trigger 'meta_id_fixed' on meta", "dropped")


def test_migrated_trigger_altered(migrated: Filled) -> None:
    tamper(migrated, "DROP TRIGGER meta_id_fixed",
           "CREATE TRIGGER meta_id_fixed BEFORE DELETE ON meta BEGIN SELECT 1; END")
    assert_writer_refused(migrated, "trigger 'meta_id_fixed' on meta", "altered")
    assert_verify_names(migrated, "trigger 'meta_id_fixed' on meta", "altered")


def test_migrated_view_dropped_and_altered(migrated: Filled) -> None:
    tamper(migrated, "DROP VIEW open_reviews")
    assert_writer_refused(migrated, "view 'open_reviews'", "dropped")
    tamper(migrated, "CREATE VIEW open_reviews AS SELECT id FROM review_marks")
    assert_writer_refused(migrated, "view 'open_reviews'", "altered")
    assert_verify_names(migrated, "view 'open_reviews'", "altered")


def test_user_version_set_back_below_the_signed_migration(migrated: Filled) -> None:
    tamper(migrated, f"PRAGMA user_version = {NEXT - 1}")
    assert_writer_refused(migrated, "trigger 'meta_id_fixed' on meta", "added")
    assert_verify_names(migrated, "PRAGMA user_version", f"signed history says {NEXT}")


def test_migration_done_by_hand_is_not_signed(
    filled: Filled, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Someone with the data key runs the migration's SQL and bumps user_version: the
    schema is exactly version 2's, but history never signed a migration."""
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, TEST_MIGRATION])
    tamper(filled, *schema.split_sql(TEST_MIGRATION), f"PRAGMA user_version = {NEXT}")
    assert_writer_refused(
        filled, f"PRAGMA user_version is {NEXT} but the signed history says {NEXT - 1}"
    )
    assert_verify_names(filled, "PRAGMA user_version", f"signed history says {NEXT - 1}")


# --- released versions stay as they were ------------------------------------------------------

# The SHA-256 of each released version's schema snapshot. Vaults at that version exist: if
# this changes (a released migration edited, or a SQLite build that writes other FTS5
# shadow tables), every one of them would be refused for writing. Add a migration instead.
RELEASED = {
    1: "7b45cf944dd612ad0f4308b9be8dc319e275731ffa2e834e338bf1dd098afb6d",
    2: "8f65e3f44e188b0b6a98e4169f02fa31ceba6885e863014b8c34d2db9cc9d7ee",
    3: "67edd21b571efb42327dc1969811fcc91cf47e1b7b9d392bc20e3855d0267b8e",  # note_versions
    4: "8a9507369cf2827179510932ee40d1805d1fa2d04edcc18a75724e35e8f07d7a",  # attachments
}


@pytest.mark.parametrize("version", sorted(RELEASED))
def test_released_schema_versions_are_unchanged(version: int) -> None:
    assert schema.expected_schema(version).digest == RELEASED[version], (
        f"schema version {version} is no longer what vaults at that version hold"
    )


def test_new_vault_signs_the_schema_it_was_created_with(filled: Filled) -> None:
    conn = _raw(filled.path, filled.data_key)
    try:
        payload = conn.execute("SELECT payload FROM history WHERE seq = 1").fetchone()[0]
    finally:
        conn.close()
    newest = schema.expected_schema(schema.current_version())
    assert f'"schema":{{"sha256":"{newest.digest}","version":{newest.version}}}' in payload
