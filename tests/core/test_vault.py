"""The vault as its users meet it: open, lock, people, passphrases, rekey, backups, damage."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import sqlcipher3

from influence_desk import crypto
from influence_desk.errors import (
    BadInput,
    NewerVaultFormat,
    NotPermitted,
    VaultDamaged,
    VaultInUse,
    WrongPassphrase,
)
from influence_desk.model import Role
from influence_desk.vault import format as vault_format
from influence_desk.vault import maintenance
from influence_desk.vault.format import read_vault_file
from influence_desk.vault.vault import BACKUPS_KEPT, Vault

if TYPE_CHECKING:
    from conftest import TeamVault

PAGE = 4096


def raw_connect(path: Path, key: bytes, *, read_only: bool = True) -> sqlcipher3.Connection:
    """sqlcipher3 directly, as someone holding only a data key would."""
    conn = (
        sqlcipher3.connect(f"file:{path}?mode=ro", uri=True)
        if read_only
        else sqlcipher3.connect(str(path))
    )
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    return conn


def key_opens(path: Path, key: bytes) -> bool:
    conn = raw_connect(path, key)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlcipher3.DatabaseError:
        return False
    finally:
        conn.close()


def data_key_of(vault: Vault) -> bytes:
    assert vault._payload is not None
    return vault._payload.data_key


def healthy(vault: Vault) -> bool:
    assert vault.store is not None
    return vault.store.integrity_problems() == [] and vault.verify().ok


# --- create, open, lock ------------------------------------------------------------------


def test_a_new_vault_opens_with_its_passphrase_and_verifies(tmp_path: Path) -> None:
    vault = Vault.create(
        tmp_path / "field", label="Lena", passphrase="lead words here", kdf=crypto.floor_params()
    )
    assert vault.path.name == "field.idvault"
    assert {"backups", "notes.db", "vault.json"} <= {p.name for p in vault.path.iterdir()}
    assert re.fullmatch(r"[0-9A-F]{4}( [0-9A-F]{4}){3}", vault.fingerprint)
    fingerprint = vault.fingerprint
    assert vault.is_lead and vault.can_write and vault.can_reveal
    report = vault.verify()
    assert report.ok and report.entries == 2 and report.problems == []
    vault.close()
    with Vault.open(vault.path, "lead words here") as again:
        assert again.fingerprint == fingerprint
        assert again.vault_id == vault.vault_id


def test_create_refuses_an_existing_folder_and_a_short_passphrase(
    team: TeamVault, tmp_path: Path
) -> None:
    floor = crypto.floor_params()
    with pytest.raises(BadInput):
        Vault.create(team.path, label="x", passphrase="long enough words", kdf=floor)
    with pytest.raises(BadInput):
        Vault.create(tmp_path / "new", label="x", passphrase="short", kdf=floor)
    with pytest.raises(BadInput):
        Vault.create(tmp_path / "new", label="  ", passphrase="long enough", kdf=floor)


def test_after_close_the_vault_holds_no_keys(team: TeamVault) -> None:
    vault = team.open(Role.LEAD)
    assert vault.identity_key is not None
    vault.close()
    assert not vault.is_open
    assert vault.store is None and vault.history is None
    assert not vault.can_write and not vault.can_reveal and not vault.is_lead
    with pytest.raises(NotPermitted):
        _ = vault.identity_key
    with pytest.raises(NotPermitted):
        vault.verify()
    with pytest.raises(NotPermitted):
        vault.writer()
    with pytest.raises(NotPermitted):
        vault.change_passphrase("some new passphrase", crypto.floor_params())
    vault.close()  # twice is harmless


def test_wrong_passphrase_changes_nothing_on_disk(
    team: TeamVault, folder_digest: Callable[[Path], dict[str, str]]
) -> None:
    before = folder_digest(team.path)
    for attempt in ("lead: correct horse batterY", "", "auditor: tranquil ochre kettl"):
        with pytest.raises(WrongPassphrase) as caught:
            Vault.open(team.path, attempt)
        assert caught.value.exit_code == 2
    assert folder_digest(team.path) == before


def test_each_role_gets_its_rights_from_its_keys(team: TeamVault) -> None:
    with team.open(Role.LEAD) as lead:
        assert (lead.can_write, lead.can_reveal, lead.is_lead) == (True, True, True)
    with team.open(Role.RESEARCHER) as researcher:
        assert (researcher.can_write, researcher.can_reveal, researcher.is_lead) == (
            True, True, False,
        )  # fmt: skip
        assert researcher.identity_key is not None
    with team.open(Role.AUDITOR) as auditor:
        assert (auditor.can_write, auditor.can_reveal, auditor.is_lead) == (False, False, False)
        with pytest.raises(NotPermitted):
            _ = auditor.identity_key
        with pytest.raises(NotPermitted):
            auditor.writer()
        assert auditor.verify().ok  # auditors can check everything


def test_unlocking_takes_any_slot_without_a_hint(team: TeamVault) -> None:
    for role in Role:
        with Vault.open(team.path, team.passphrase(role)) as vault:
            assert vault.role is role and vault.slot_id == team.slot_id(role)


# --- people -----------------------------------------------------------------------------


def test_lead_adds_lists_and_removes_people(team: TeamVault) -> None:
    with team.open(Role.LEAD) as lead:
        new = lead.add_slot(Role.RESEARCHER, "Noor", "noor's own words", crypto.floor_params())
        slots = {s.id: s for s in lead.list_slots()}
        assert set(slots) == {team.lead_id, team.researcher_id, team.auditor_id, new.id}
        assert slots[new.id].role is Role.RESEARCHER and slots[new.id].label == "Noor"
        assert slots[new.id].added_by == "Lena Lead"
        assert slots[team.lead_id].is_me and not slots[new.id].is_me
        with pytest.raises(BadInput):
            lead.add_slot(Role.AUDITOR, "Noor", "another person", crypto.floor_params())
        assert lead.verify().ok
    with Vault.open(team.path, "noor's own words", slot_hint=new.id) as noor:
        assert noor.can_write and not noor.is_lead
    with team.open(Role.LEAD) as lead:
        lead.remove_slot(new.id)
        assert new.id not in {s.id for s in lead.list_slots()}
        assert lead.verify().ok
    with pytest.raises(WrongPassphrase):
        Vault.open(team.path, "noor's own words")


@pytest.mark.parametrize("role", [Role.RESEARCHER, Role.AUDITOR])
def test_only_a_lead_manages_people(team: TeamVault, role: Role) -> None:
    before = (team.path / "vault.json").read_bytes()
    with team.open(role) as vault:
        with pytest.raises(NotPermitted) as caught:
            vault.add_slot(Role.LEAD, "Usurper", "usurper words", crypto.floor_params())
        assert caught.value.exit_code == 4
        with pytest.raises(NotPermitted):
            vault.remove_slot(team.lead_id)
        with pytest.raises(NotPermitted):
            vault.rekey()
    assert (team.path / "vault.json").read_bytes() == before


def test_the_last_lead_cannot_be_removed(team: TeamVault) -> None:
    with team.open(Role.LEAD) as lead:
        with pytest.raises(BadInput):
            lead.remove_slot(team.lead_id)
        with pytest.raises(BadInput):
            lead.remove_slot("0123456789abcdef")
    assert len(read_vault_file(team.path).slots) == 3


def test_lead_rights_come_from_signed_history(team: TeamVault) -> None:
    with team.open(Role.LEAD) as lead:
        second = lead.add_slot(Role.LEAD, "Second Lead", "second lead words", crypto.floor_params())
        store = lead.store
        assert store is not None
        with store.transaction():  # plenty of history that is not about people
            for i in range(50):
                store.set_meta("test.counter", str(i))
                lead.writer().append("vault.settings", "vault:meta", store.all_meta())
    with Vault.open(team.path, "second lead words", slot_hint=second.id) as other:
        assert other.is_lead
        other.remove_slot(team.lead_id)
    with Vault.open(team.path, "second lead words", slot_hint=second.id) as other:
        assert other.is_lead and other.verify().ok
        assert [s.label for s in other.list_slots()] == [
            "Rafa Researcher", "Ada Auditor", "Second Lead",
        ]  # fmt: skip


def test_a_lead_slot_made_by_a_researcher_is_no_lead(team: TeamVault) -> None:
    # A researcher holds every key a lead's slot needs except trust: they can write a
    # well-formed "lead" slot into vault.json, but history never made its key a lead.
    from dataclasses import replace

    from influence_desk.vault import slots as slotlib
    from influence_desk.vault.format import write_vault_file

    with team.open(Role.RESEARCHER) as researcher:
        assert researcher._payload is not None
        forged = slotlib.wrap_slot(
            team.vault_id, slotlib.new_slot_id(), "Self-made Lead", Role.LEAD,
            "self made lead words", researcher._payload.shared,
            crypto.private_raw(crypto.new_signing_key()), crypto.floor_params(),
        )  # fmt: skip
    current = read_vault_file(team.path)
    write_vault_file(team.path, replace(current, slots=(*current.slots, forged)))
    with Vault.open(team.path, "self made lead words") as fake:
        assert fake.role is Role.LEAD and not fake.is_lead
        with pytest.raises(NotPermitted):
            fake.add_slot(Role.LEAD, "Another", "another lead words", crypto.floor_params())
        with pytest.raises(NotPermitted):
            fake.rekey()
    with team.open(Role.AUDITOR) as auditor:
        assert not auditor.verify().ok  # the unsigned slot is reported


# --- passphrases ------------------------------------------------------------------------


def _slot_docs(team: TeamVault) -> dict[str, Any]:
    doc = json.loads((team.path / "vault.json").read_text())
    return {s["id"]: s for s in doc["slots"]}


@pytest.mark.parametrize("role", list(Role))
def test_change_passphrase_old_fails_new_works_others_untouched(
    team: TeamVault, role: Role
) -> None:
    before = _slot_docs(team)
    with team.open(role) as vault:
        vault.change_passphrase("a fresh passphrase for me", crypto.floor_params())
    after = _slot_docs(team)
    mine = team.slot_id(role)
    assert after[mine] != before[mine] and after[mine]["public"] == before[mine]["public"]
    assert {k: v for k, v in after.items() if k != mine} == {
        k: v for k, v in before.items() if k != mine
    }
    with pytest.raises(WrongPassphrase):
        Vault.open(team.path, team.passphrase(role), slot_hint=mine)
    with Vault.open(team.path, "a fresh passphrase for me") as vault:
        assert vault.role is role and vault.slot_id == mine
        assert healthy(vault)
    for other in Role:
        if other is not role:
            with team.open(other) as vault:
                assert vault.role is other


def test_a_removed_slot_stays_removed_when_an_auditor_changes_passphrase(
    team: TeamVault,
) -> None:
    # The auditor read vault.json before the lead removed the researcher; writing that
    # stale copy back would let the removed researcher in again.
    auditor = team.open(Role.AUDITOR)
    with team.open(Role.LEAD) as lead:
        lead.remove_slot(team.researcher_id)
    auditor.change_passphrase("auditor's new passphrase", crypto.floor_params())
    auditor.close()
    with pytest.raises(WrongPassphrase):
        Vault.open(team.path, team.passphrase(Role.RESEARCHER))
    with Vault.open(team.path, "auditor's new passphrase") as again:
        assert again.role is Role.AUDITOR


def test_a_lead_change_keeps_an_auditors_new_passphrase(team: TeamVault) -> None:
    lead = team.open(Role.LEAD)
    with team.open(Role.AUDITOR) as auditor:
        auditor.change_passphrase("auditor's new passphrase", crypto.floor_params())
    lead.add_slot(Role.RESEARCHER, "Noor", "noor's own words", crypto.floor_params())
    lead.close()
    with pytest.raises(WrongPassphrase):
        Vault.open(team.path, team.passphrase(Role.AUDITOR), slot_hint=team.auditor_id)
    with Vault.open(team.path, "auditor's new passphrase", slot_hint=team.auditor_id) as a:
        assert a.role is Role.AUDITOR


def test_a_removed_auditor_cannot_put_their_slot_back(team: TeamVault) -> None:
    auditor = team.open(Role.AUDITOR)
    with team.open(Role.LEAD) as lead:
        lead.remove_slot(team.auditor_id)
    with pytest.raises(NotPermitted):
        auditor.change_passphrase("auditor's new passphrase", crypto.floor_params())
    auditor.close()
    assert read_vault_file(team.path).slot(team.auditor_id) is None


def test_passphrase_change_after_someone_elses_rekey_keeps_the_new_data_key(
    team: TeamVault,
) -> None:
    auditor = team.open(Role.AUDITOR)
    with team.open(Role.LEAD) as lead:
        lead.rekey()
    auditor.change_passphrase("auditor's new passphrase", crypto.floor_params())
    auditor.close()
    with Vault.open(team.path, "auditor's new passphrase") as again:
        assert healthy(again)


# --- rekey ------------------------------------------------------------------------------


def test_rekey_every_slot_opens_and_the_old_key_is_useless(team: TeamVault) -> None:
    with team.open(Role.LEAD) as lead:
        first = lead.backup()
        second = lead.backup()
        old_key = data_key_of(lead)
        lead.rekey()
        new_key = data_key_of(lead)
        assert new_key != old_key
        assert healthy(lead)
        assert lead.store is not None
        assert lead.store.history_rows(1)[0][3] == "vault.rekey"
    db = team.path / "notes.db"
    assert not key_opens(db, old_key)
    assert key_opens(db, new_key)
    for backup in (first, second):
        assert not key_opens(backup, old_key)
        conn = raw_connect(backup, new_key)
        assert conn.execute("SELECT count(*) FROM history").fetchone()[0] >= 4
        conn.close()
    for role in Role:
        with team.open(role) as vault:
            assert data_key_of(vault) == new_key
            assert healthy(vault)
    assert not (team.path / "notes.db.rekey").exists()


def test_after_remove_and_rekey_the_removed_persons_key_opens_nothing_new(
    team: TeamVault,
) -> None:
    with team.open(Role.RESEARCHER) as researcher:
        kept_key = data_key_of(researcher)  # what a departing researcher could have kept
    with team.open(Role.LEAD) as lead:
        lead.remove_slot(team.researcher_id)
        lead.rekey()
    assert not key_opens(team.path / "notes.db", kept_key)


def test_rekey_while_an_auditor_has_the_vault_open(team: TeamVault) -> None:
    auditor = team.open(Role.AUDITOR)
    assert auditor.verify().ok
    with team.open(Role.LEAD) as lead:
        lead.rekey()
        assert healthy(lead)
    auditor.close()
    for role in Role:
        with team.open(role) as vault:
            assert healthy(vault)


class Crash(BaseException):
    """Stands in for the process dying at this point."""


def _crash(*args: object, **kwargs: object) -> None:
    raise Crash()


def _abandon(vault: Vault) -> None:
    """What the kernel does to a killed process: drop its lock and its connection."""
    if vault.store is not None:
        vault.store.close()
        vault.store = None
    if vault._lock is not None:
        vault._lock.release()


@pytest.mark.parametrize("auditor_open", [False, True])
@pytest.mark.parametrize("point", ["before commit", "after commit"])
def test_an_interrupted_rekey_leaves_a_vault_that_opens(
    team: TeamVault, monkeypatch: pytest.MonkeyPatch, point: str, auditor_open: bool
) -> None:
    auditor = team.open(Role.AUDITOR) if auditor_open else None
    lead = team.open(Role.LEAD)
    old_key = data_key_of(lead)
    module, target = (
        (vault_format, "write_vault_file") if point == "before commit"
        else (maintenance, "install_rekeyed")
    )  # fmt: skip
    with monkeypatch.context() as patch:
        patch.setattr(module, target, _crash)
        with pytest.raises(Crash):
            lead.rekey()
    _abandon(lead)
    assert (team.path / "notes.db.rekey").exists()
    if auditor is not None:
        auditor.close()
    for role in (Role.LEAD, Role.RESEARCHER, Role.AUDITOR):
        with team.open(role) as vault:
            assert healthy(vault)
            assert (data_key_of(vault) == old_key) == (point == "before commit")
    assert not (team.path / "notes.db.rekey").exists()


# --- backups ----------------------------------------------------------------------------


def test_backups_are_encrypted_snapshots_and_the_newest_ten_are_kept(team: TeamVault) -> None:
    with team.open(Role.LEAD) as lead:
        key = data_key_of(lead)
        made = [lead.backup() for _ in range(BACKUPS_KEPT + 2)]
        entries = lead.verify().entries
    folder = team.path / "backups"
    kept = sorted(folder.glob("notes-*.db"))
    assert kept == sorted(made)[-BACKUPS_KEPT:]
    assert not any(p.name.startswith(".") for p in folder.iterdir())
    newest = kept[-1]
    assert not newest.read_bytes().startswith(b"SQLite format 3")
    conn = raw_connect(newest, key)
    assert conn.execute("SELECT count(*) FROM history").fetchone()[0] == entries
    assert conn.execute("PRAGMA cipher_integrity_check").fetchall() == []
    conn.close()
    assert not key_opens(newest, crypto.random_key())


def test_an_auditor_cannot_make_backups(team: TeamVault) -> None:
    with team.open(Role.AUDITOR) as auditor, pytest.raises(NotPermitted):
        auditor.backup()
    assert list((team.path / "backups").iterdir()) == []


# --- one writer at a time ---------------------------------------------------------------

HOLDER = textwrap.dedent(
    """
    import sys, time
    from influence_desk.vault.vault import Vault
    vault = Vault.open(sys.argv[1], sys.argv[2])
    print("open", flush=True)
    time.sleep(60)
    """
)
TRY_OPEN = textwrap.dedent(
    """
    import sys
    from influence_desk.errors import InfluenceDeskError
    from influence_desk.vault.vault import Vault
    try:
        with Vault.open(sys.argv[1], sys.argv[2]) as vault:
            print("opened", vault.role.value, vault.verify().ok)
    except InfluenceDeskError as exc:
        print(type(exc).__name__, exc.exit_code, exc)
    """
)


def _other_process(team: TeamVault, role: Role) -> str:
    result = subprocess.run(
        [sys.executable, "-c", TRY_OPEN, str(team.path), team.passphrase(role)],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    return result.stdout.strip()


@pytest.fixture
def writer_elsewhere(team: TeamVault) -> Any:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(team.path), team.passphrase(Role.LEAD)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
    yield holder
    holder.kill()
    holder.wait()


def test_a_second_writer_is_told_the_vault_is_open_elsewhere(
    team: TeamVault, writer_elsewhere: subprocess.Popen[str]
) -> None:
    assert _other_process(team, Role.RESEARCHER).startswith("VaultInUse 5 ")
    with pytest.raises(VaultInUse) as caught:
        team.open(Role.LEAD)
    assert "open elsewhere" in str(caught.value)


def test_an_auditor_reads_next_to_a_writer(
    team: TeamVault, writer_elsewhere: subprocess.Popen[str]
) -> None:
    assert _other_process(team, Role.AUDITOR) == "opened auditor True"


def test_a_killed_writer_leaves_no_lock_behind(
    team: TeamVault, writer_elsewhere: subprocess.Popen[str]
) -> None:
    writer_elsewhere.send_signal(signal.SIGKILL)
    writer_elsewhere.wait()
    with team.open(Role.RESEARCHER) as vault:
        assert healthy(vault)


def test_a_second_writer_in_the_same_process_is_refused(team: TeamVault) -> None:
    with team.open(Role.LEAD):
        with pytest.raises(VaultInUse):
            team.open(Role.RESEARCHER)
        with team.open(Role.AUDITOR) as auditor:
            assert auditor.verify().ok
    with team.open(Role.RESEARCHER):
        pass


# --- auditors are read-only all the way down --------------------------------------------


def test_an_auditor_cannot_write_through_the_store_or_sqlcipher(
    team: TeamVault, folder_digest: Callable[[Path], dict[str, str]]
) -> None:
    before = folder_digest(team.path)
    with team.open(Role.AUDITOR) as auditor:
        store = auditor.store
        assert store is not None and store.read_only
        with pytest.raises(NotPermitted), store.transaction():
            store.set_meta("pseudonym_style", "code")
        conn = store._conn
        conn.execute("PRAGMA query_only = OFF")
        with pytest.raises(sqlcipher3.OperationalError, match="readonly"):
            conn.execute("UPDATE meta SET value = 'code' WHERE key = 'pseudonym_style'")
        with pytest.raises(sqlcipher3.OperationalError, match="readonly"):
            conn.execute("DELETE FROM history")
    after = folder_digest(team.path)
    assert after["notes.db"] == before["notes.db"]


# --- notes.db damage --------------------------------------------------------------------


def _flip(db: Path, offset: int) -> None:
    data = bytearray(db.read_bytes())
    data[offset] ^= 0x01
    db.write_bytes(bytes(data))


def _pages(db: Path) -> int:
    return db.stat().st_size // PAGE


DAMAGE = {
    "missing": lambda db: db.unlink(),
    "empty": lambda db: os.truncate(db, 0),
    "partial page cut": lambda db: os.truncate(db, db.stat().st_size - 1000),
    "half a page cut": lambda db: os.truncate(db, db.stat().st_size - PAGE // 2),
    "last page cut": lambda db: os.truncate(db, db.stat().st_size - PAGE),
    "three pages cut": lambda db: os.truncate(db, db.stat().st_size - 3 * PAGE),
    "all but page one cut": lambda db: os.truncate(db, PAGE),
    "byte flipped in the salt": lambda db: _flip(db, 5),
    "byte flipped in page 1": lambda db: _flip(db, 200),
    "byte flipped in page 2": lambda db: _flip(db, PAGE + 300),
    "byte flipped in a middle page": lambda db: _flip(db, (_pages(db) // 2) * PAGE + 1234),
    "byte flipped in the last page": lambda db: _flip(db, db.stat().st_size - 1),
    "replaced by zeros": lambda db: db.write_bytes(bytes(db.stat().st_size)),
    "replaced by a plain sqlite file": lambda db: _plain_sqlite(db),
    "a folder": lambda db: (db.unlink(), db.mkdir()),
}


def _plain_sqlite(db: Path) -> None:
    import sqlite3

    db.unlink()
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT)")
    conn.commit()
    conn.close()


def test_the_template_has_pages_to_damage(team: TeamVault) -> None:
    assert _pages(team.path / "notes.db") >= 12


@pytest.mark.parametrize("role", [Role.LEAD, Role.AUDITOR])
@pytest.mark.parametrize("case", list(DAMAGE))
def test_a_damaged_notes_db_is_reported(team: TeamVault, case: str, role: Role) -> None:
    DAMAGE[case](team.path / "notes.db")
    with pytest.raises(VaultDamaged) as caught:
        team.open(role)
    assert caught.value.exit_code == 3
    assert "damaged" in str(caught.value)


def test_a_notes_db_from_a_newer_app_is_refused(team: TeamVault) -> None:
    with team.open(Role.LEAD) as lead:
        key = data_key_of(lead)
    conn = raw_connect(team.path / "notes.db", key, read_only=False)
    conn.execute("PRAGMA user_version = 999")
    conn.commit()
    conn.close()
    with pytest.raises(NewerVaultFormat, match="newer"):
        team.open(Role.LEAD)


def test_notes_db_of_another_vault_is_refused(team: TeamVault, tmp_path: Path) -> None:
    other = Vault.create(tmp_path / "other", label="Olga", passphrase="other lead words",
                         kdf=crypto.floor_params())  # fmt: skip
    other.close()
    (team.path / "notes.db").write_bytes((other.path / "notes.db").read_bytes())
    with pytest.raises(VaultDamaged):
        team.open(Role.LEAD)


def test_page_check_runs_beside_the_open_vault_and_stops_at_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """check_pages has its own read-only connection: the vault stays usable while it runs,
    and locking interrupts it instead of waiting (seconds on a big vault)."""
    import threading

    from influence_desk.errors import Cancelled
    from influence_desk.store import Store

    vault = Vault.create(tmp_path / "pages", label="Lena", passphrase="pages passphrase",
                         kdf=crypto.floor_params())  # fmt: skip
    assert vault.check_pages() == []
    reader_started = threading.Event()
    outcome: list[object] = []
    def slow_quick(self: Store) -> list[str]:
        reader_started.set()
        # A statement that runs until interrupted stands in for a page check of a big vault.
        try:
            self._conn.execute(
                "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
                "SELECT count(*) FROM c"
            ).fetchall()
        except Exception as exc:
            if "interrupt" in str(exc).lower():
                raise Cancelled() from exc
            raise
        return []

    def job() -> None:
        try:
            outcome.append(vault.check_pages())
        except Cancelled as exc:
            outcome.append(exc)

    monkeypatch.setattr(Store, "quick_problems", slow_quick)
    worker = threading.Thread(target=job)
    worker.start()
    assert reader_started.wait(10)
    assert vault.store is not None and vault.store.history_count() >= 2  # still usable
    vault.close()
    worker.join(10)
    assert not worker.is_alive()
    assert len(outcome) == 1 and isinstance(outcome[0], Cancelled)
