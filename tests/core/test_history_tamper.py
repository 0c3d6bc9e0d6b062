"""The tamper suite: each way someone could alter a vault after the fact is reported by
``verify`` with a message naming it, and the untouched vault passes."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlcipher3
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from influence_desk import crypto
from influence_desk.errors import Cancelled, VaultDamaged
from influence_desk.history import Entry, HistoryWriter, entry_hash, parse_checkpoint
from influence_desk.model import Role
from influence_desk.progress import CancelFlag
from influence_desk.store import Store
from influence_desk.vault.vault import Vault

LEAD = "lead passphrase for tests"
RESEARCHER = "researcher passphrase"
_MARKS = ",".join("?" * len(Store.HISTORY_COLUMNS.split(",")))


def _open(path: Path, passphrase: str = LEAD) -> Vault:
    return Vault.open(path, passphrase)


@pytest.fixture()
def vault_path(tmp_path: Path) -> Iterator[Path]:
    """A vault with a researcher who made changes, then a few more settings changes."""
    vault = Vault.create(tmp_path / "t", label="Lena", passphrase=LEAD, kdf=crypto.floor_params())
    vault.add_slot(Role.RESEARCHER, "Rafa", RESEARCHER, kdf=crypto.floor_params())
    vault.add_slot(Role.AUDITOR, "Audrey", "auditor passphrase", kdf=crypto.floor_params())
    _set_setting(vault, "export.default", "team")
    _set_setting(vault, "idle.minutes", "5")
    path = vault.path
    vault.close()
    yield path


def _set_setting(vault: Vault, key: str, value: str) -> None:
    store = vault.store
    assert store is not None
    with store.transaction():
        store.set_meta(key, value)
        vault.writer().append("vault.settings", "vault:meta", store.all_meta())


def _data_key(path: Path) -> bytes:
    vault = _open(path)
    try:
        return vault._shared().data_key
    finally:
        vault.close()


def _raw(path: Path, key: bytes) -> sqlcipher3.Connection:
    conn = sqlcipher3.connect(str(path / "notes.db"), isolation_level=None)
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    return conn


def _tamper(path: Path, *statements: tuple[str, tuple[object, ...]]) -> None:
    conn = _raw(path, _data_key(path))
    try:
        conn.execute("BEGIN")
        for sql, params in statements:
            conn.execute(sql, params)
        conn.execute("COMMIT")
    finally:
        conn.close()


def _rows(path: Path) -> list[tuple[object, ...]]:
    conn = _raw(path, _data_key(path))
    try:
        return conn.execute(f"SELECT {Store.HISTORY_COLUMNS} FROM history ORDER BY seq").fetchall()
    finally:
        conn.close()


def _replace_history(path: Path, rows: list[tuple[object, ...]]) -> None:
    _tamper(
        path,
        ("DELETE FROM history", ()),
        *[
            (f"INSERT INTO history({Store.HISTORY_COLUMNS}) VALUES ({_MARKS})", tuple(r))
            for r in rows
        ],
    )


def _problems(path: Path, checkpoint: str | None = None) -> list[str]:
    vault = _open(path)
    try:
        report = vault.verify(parse_checkpoint(checkpoint) if checkpoint else None)
        assert report.ok == (not report.problems)
        return [str(p) for p in report.problems]
    finally:
        vault.close()


def _assert_caught(path: Path, *words: str, checkpoint: str | None = None) -> None:
    problems = _problems(path, checkpoint)
    assert problems, "verify passed a tampered vault"
    text = " | ".join(problems)
    assert any(w in text for w in words), text


def test_untouched_vault_passes(vault_path: Path) -> None:
    assert _problems(vault_path) == []


def test_flipped_bit_in_an_entry(vault_path: Path) -> None:
    _tamper(vault_path, ("UPDATE history SET action = 'slot.adc' WHERE seq = 3", ()))
    _assert_caught(vault_path, "history entry 3: its content does not match its hash")


def test_flipped_bit_in_a_signature(vault_path: Path) -> None:
    sig = bytearray(_rows(vault_path)[3][9])  # type: ignore[arg-type]
    sig[5] ^= 0x01
    _tamper(vault_path, ("UPDATE history SET signature = ? WHERE seq = 4", (bytes(sig),)))
    _assert_caught(vault_path, "history entry 4: its signature is invalid")


def test_entry_removed(vault_path: Path) -> None:
    _tamper(vault_path, ("DELETE FROM history WHERE seq = 3", ()))
    _assert_caught(vault_path, "out of sequence")


def test_entry_inserted(vault_path: Path) -> None:
    rows = _rows(vault_path)
    copy = list(rows[1])
    rows.insert(2, tuple(copy))
    renumbered = [(i + 1, *r[1:]) for i, r in enumerate(rows)]
    _replace_history(vault_path, renumbered)
    _assert_caught(vault_path, "chain broken", "does not match its hash")


def test_entries_reordered(vault_path: Path) -> None:
    rows = _rows(vault_path)
    rows[3], rows[4] = (rows[4][0] - 1, *rows[4][1:]), (rows[3][0] + 1, *rows[3][1:])
    _replace_history(vault_path, rows)
    _assert_caught(vault_path, "chain broken", "out of sequence")


def test_entry_duplicated(vault_path: Path) -> None:
    rows = _rows(vault_path)
    last = rows[-1]
    _tamper(
        vault_path,
        (
            f"INSERT INTO history({Store.HISTORY_COLUMNS}) VALUES ({_MARKS})",
            (int(last[0]) + 1, *last[1:]),  # type: ignore[call-overload]
        ),
    )
    _assert_caught(vault_path, "chain broken")


def test_entry_signed_by_a_stranger(vault_path: Path) -> None:
    """Someone holding only the data key appends a well-formed entry with their own key."""
    key = _data_key(vault_path)
    vault_id = _open_id(vault_path)
    stranger = Ed25519PrivateKey.generate()
    store = Store.open(vault_path / "notes.db", key, read_only=False)
    try:
        with store.transaction():
            store.set_meta("pseudonym_style", "code")
            HistoryWriter(store, vault_id, stranger).append(
                "vault.settings", "vault:meta", store.all_meta()
            )
    finally:
        store.close()
    _assert_caught(vault_path, "signed by a key that is not trusted")


def test_entry_resigned_with_the_wrong_key(vault_path: Path) -> None:
    """The actor still names a trusted key, but the signature is someone else's."""
    wrong = Ed25519PrivateKey.generate()
    row = _rows(vault_path)[4]
    signature = crypto.sign(wrong, bytes.fromhex(str(row[8])))
    _tamper(vault_path, ("UPDATE history SET signature = ? WHERE seq = 5", (signature,)))
    _assert_caught(vault_path, "history entry 5: its signature is invalid")


def _open_id(path: Path) -> str:
    vault = _open(path)
    try:
        return vault.vault_id
    finally:
        vault.close()


def _researcher_key(path: Path) -> Ed25519PrivateKey:
    vault = Vault.open(path, RESEARCHER)
    try:
        assert vault._signing is not None
        return vault._signing
    finally:
        vault.close()


def test_signer_no_longer_trusted(vault_path: Path) -> None:
    """A removed researcher who kept their keys and a copy of the data key writes anyway."""
    kept_key = _researcher_key(vault_path)
    data_key = _data_key(vault_path)
    lead = _open(vault_path)
    rafa = next(s for s in lead.list_slots() if s.label == "Rafa")
    lead.remove_slot(rafa.id)
    vault_id = lead.vault_id
    lead.close()
    store = Store.open(vault_path / "notes.db", data_key, read_only=False)
    try:
        with store.transaction():
            store.set_meta("idle.minutes", "500")
            HistoryWriter(store, vault_id, kept_key).append(
                "vault.settings", "vault:meta", store.all_meta()
            )
    finally:
        store.close()
    _assert_caught(vault_path, "no longer trusted")


def test_signer_not_yet_trusted(vault_path: Path) -> None:
    """An entry signed by the researcher placed before the lead added them."""
    researcher = _researcher_key(vault_path)
    vault_id = _open_id(vault_path)
    rows = _rows(vault_path)
    # Re-sign entry 2 (before 'slot.add' of Rafa at entry 3) as Rafa and relink the chain,
    # re-signing later entries with their real signers' keys where we hold them.
    forged = Entry.from_row(rows[1])
    actor = crypto.key_id(crypto.public_raw(researcher))
    digest = entry_hash(
        vault_id, forged.seq, forged.at, actor, forged.action, forged.object_id,
        forged.content_hash, forged.prev_hash, forged.payload,
    )  # fmt: skip
    signature = crypto.sign(researcher, bytes.fromhex(digest))
    new_row = (forged.seq, forged.at, actor, forged.action, forged.object_id,
               forged.content_hash, forged.prev_hash, rows[1][7], digest, signature)  # fmt: skip
    _tamper(
        vault_path,
        (
            "UPDATE history SET actor=?, entry_hash=?, signature=? WHERE seq = 2",
            (new_row[2], new_row[8], new_row[9]),
        ),
    )
    _assert_caught(vault_path, "history entry 2: signed by a key that is not trusted")


def test_forked_history_is_caught(vault_path: Path, tmp_path: Path) -> None:
    """Two copies diverge; the other copy's tail spliced in is caught by the objects it
    no longer matches, and by a checkpoint of the real head."""
    fork = tmp_path / "fork.idvault"
    shutil.copytree(vault_path, fork)
    for path, value in ((vault_path, "12"), (fork, "99")):
        vault = _open(path)
        _set_setting(vault, "idle.minutes", value)
        vault.close()
    real_head = _open_head(vault_path)
    _replace_history(vault_path, _rows(fork))
    _assert_caught(vault_path, "vault:meta: was changed outside the signed history")
    _assert_caught(vault_path, "does not extend checkpoint", checkpoint=real_head)


def _open_head(path: Path) -> str:
    vault = _open(path)
    try:
        return vault.checkpoint()
    finally:
        vault.close()


def test_object_row_edited_with_only_the_data_key(vault_path: Path) -> None:
    _tamper(vault_path, ("UPDATE meta SET value = 'code' WHERE key = 'pseudonym_style'", ()))
    _assert_caught(vault_path, "vault:meta: was changed outside the signed history")


def test_object_row_deleted_with_only_the_data_key(vault_path: Path) -> None:
    _tamper(vault_path, ("DELETE FROM meta WHERE key = 'export.default'", ()))
    _assert_caught(vault_path, "vault:meta: was changed outside the signed history")


def test_slot_added_outside_history_is_reported(vault_path: Path) -> None:
    """Someone with the data key can add a slot to vault.json; history never vouched for it."""
    from dataclasses import replace

    from influence_desk.vault import slots as slotlib
    from influence_desk.vault.format import read_vault_file, write_vault_file

    file = read_vault_file(vault_path)
    sneaky = slotlib.wrap_slot(
        file.vault_id, slotlib.new_slot_id(), "Sneaky", Role.AUDITOR, "sneaky passphrase",
        slotlib.SharedKeys(_data_key(vault_path)), None, crypto.floor_params(),
    )  # fmt: skip
    write_vault_file(vault_path, replace(file, slots=(*file.slots, sneaky)))
    _assert_caught(vault_path, "is in vault.json but not in the signed history")


def _snapshot(path: Path) -> bytes:
    return (path / "notes.db").read_bytes()


def test_whole_database_rolled_back(vault_path: Path) -> None:
    """An older copy of notes.db is self-consistent: it passes alone, but not against a
    checkpoint printed later."""
    old = _snapshot(vault_path)
    vault = _open(vault_path)
    _set_setting(vault, "idle.minutes", "30")
    newer_head = vault.checkpoint()
    vault.close()
    (vault_path / "notes.db").write_bytes(old)
    assert _problems(vault_path) == []
    _assert_caught(vault_path, "does not extend checkpoint", checkpoint=newer_head)


PAGE_SIZE = 4096  # SQLCipher 4 default


def test_page_replaced_by_an_older_copy(vault_path: Path) -> None:
    """SQLCipher's page MAC does not bind the page version: only history catches this."""
    old = _snapshot(vault_path)
    vault = _open(vault_path)
    for minutes in ("7", "8", "9"):
        _set_setting(vault, "idle.minutes", minutes)
    vault.close()
    new = _snapshot(vault_path)
    size = PAGE_SIZE
    changed = [
        i
        for i in range(min(len(old), len(new)) // size)
        if old[i * size : (i + 1) * size] != new[i * size : (i + 1) * size]
    ]
    assert changed, "the changes touched no page?"
    caught = 0
    for page in changed:
        spliced = bytearray(new)
        spliced[page * size : (page + 1) * size] = old[page * size : (page + 1) * size]
        (vault_path / "notes.db").write_bytes(bytes(spliced))
        try:
            if _problems(vault_path):
                caught += 1
        except VaultDamaged:
            caught += 1
    (vault_path / "notes.db").write_bytes(new)
    assert caught == len(changed), f"{len(changed) - caught} of {len(changed)} old pages passed"


def test_byte_flipped_in_each_page(vault_path: Path) -> None:
    original = _snapshot(vault_path)
    size = PAGE_SIZE
    pages = len(original) // size
    assert pages >= 3
    for page in range(pages):
        damaged = bytearray(original)
        damaged[page * size + size // 2] ^= 0x40
        (vault_path / "notes.db").write_bytes(bytes(damaged))
        try:
            problems = _problems(vault_path)
        except VaultDamaged:
            continue
        assert problems, f"a flipped byte in page {page + 1} went unnoticed"
    (vault_path / "notes.db").write_bytes(original)
    assert _problems(vault_path) == []


def test_signatures_checked_while_the_replay_runs_ahead_are_each_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Signature batches go to worker threads while the replay reads on; with small batches
    and few in flight, a long history passes through every path (inline, queued, waited
    for), and each bad signature is named once, in entry order."""
    from influence_desk import history

    monkeypatch.setattr(history, "SIGNATURE_BATCH", 300)
    from influence_desk import history_checks

    monkeypatch.setattr(history_checks, "SIGNATURES_AHEAD", 2)
    vault = Vault.create(tmp_path / "long", label="Lena", passphrase=LEAD,
                         kdf=crypto.floor_params())  # fmt: skip
    store = vault.store
    assert store is not None
    with store.transaction():
        for i in range(2_000):
            store.set_meta("counter", str(i))
            vault.writer().append("vault.settings", "vault:meta", store.all_meta())
    path = vault.path
    vault.close()
    assert _problems(path) == []
    rows = _rows(path)
    forged = []
    for seq in (7, 1_234, 1_990):
        sig = bytearray(rows[seq - 1][9])  # type: ignore[arg-type]
        sig[0] ^= 0x40
        forged.append(("UPDATE history SET signature = ? WHERE seq = ?", (bytes(sig), seq)))
    _tamper(path, *forged)
    assert _problems(path) == [
        f"history entry {seq}: its signature is invalid" for seq in (7, 1_234, 1_990)
    ]
    # Cancelled half way: verify stops and leaves no checking thread behind.
    threads = threading.active_count()
    cancel = CancelFlag()
    with _open(path) as vault, pytest.raises(Cancelled):
        vault.verify(progress=lambda done, _total: done >= 1_000 and cancel.cancel(),
                     cancel=cancel)  # fmt: skip
    assert threading.active_count() == threads
