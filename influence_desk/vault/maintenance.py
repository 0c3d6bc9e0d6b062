"""Rekey (a new data key, every slot resealed, backups re-encrypted) and backups."""

from __future__ import annotations

import contextlib
import os
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from influence_desk import crypto, killpoints
from influence_desk.durable import fsync_path
from influence_desk.errors import VaultDamaged
from influence_desk.history import (
    HistoryWriter,
)
from influence_desk.progress import CancelFlag, ProgressCallback, no_progress
from influence_desk.store import Store, rekey_file
from influence_desk.vault import key_material
from influence_desk.vault import slots as slotlib
from influence_desk.vault.database import install_rekeyed
from influence_desk.vault.layout import (
    BACKUPS,
    BACKUPS_KEPT,
    DB_NAME,
    REKEY_NAME,
)

if TYPE_CHECKING:
    from influence_desk.vault.vault import Vault


def rekey(
    vault: Vault, progress: ProgressCallback = no_progress, cancel: CancelFlag | None = None
) -> None:
    """New data key; every remaining slot resealed; old backups re-encrypted."""
    vault.require_lead()
    store = vault._store()
    old_key = vault._shared().data_key
    new_shared = slotlib.SharedKeys(crypto.random_key(), vault._shared().identity_key)
    backups = sorted((vault.path / BACKUPS).glob("*.db"))
    total = 3 + len(backups)
    progress(0, total)
    target = vault.path / REKEY_NAME
    target.unlink(missing_ok=True)
    # The new keys sealed to every remaining slot (what vault.json gets, and what the rekey
    # entry carries to the other replicas), the old data key sealed under the new one.
    sealed = {s.id: slotlib.reseal_shared(vault.vault_id, s, new_shared).shared
              for s in vault.file.slots}  # fmt: skip
    with store.transaction():
        vault.writer().append(
            "vault.rekey", "vault:keys", None,
            {"slots": len(vault.file.slots), "sealed": key_material.sealed_json(sealed),
             "previous": key_material.seal_previous(vault.vault_id, new_shared.data_key,
                                                    old_key)},
        )  # fmt: skip
    if cancel:
        cancel.check()
    store.export_rekeyed(target, new_shared.data_key)
    fsync_path(target)
    progress(1, total)
    store.close()
    vault.store = None
    vault._update_file(  # the commit point
        lambda current: replace(
            current,
            slots=tuple(
                replace(s, shared=sealed[s.id])
                if s.id in sealed
                else slotlib.reseal_shared(vault.vault_id, s, new_shared)
                for s in current.slots
            ),
        ),
        operation="rekey",
    )
    killpoints.before_commit("rekey.install")
    install_rekeyed(vault.path)
    killpoints.after_commit("rekey.install")
    progress(2, total)
    assert vault._payload is not None
    vault._payload = slotlib.SlotPayload(
        new_shared, vault._payload.signing_key, vault._payload.slot_key
    )
    vault.store = Store.open(vault.path / DB_NAME, new_shared.data_key, read_only=False)
    if vault._signing is not None:
        vault.history = HistoryWriter(vault.store, vault.vault_id, vault._signing)
    for done, backup in enumerate(backups, start=3):
        with contextlib.suppress(VaultDamaged):
            rekey_file(backup, old_key, new_shared.data_key)
        progress(done, total)
    progress(total, total)


def backup(vault: Vault, keep: int = BACKUPS_KEPT) -> Path:
    """An encrypted snapshot in backups/ (same data key); the newest ``keep`` are kept."""
    vault.writer()
    store = vault._store()
    folder = vault.path / BACKUPS
    folder.mkdir(mode=0o700, exist_ok=True)
    # A backup killed mid-way leaves its partial copy (and SQLite's journal of it) behind;
    # we hold the writer lock, so no other backup is running and they are garbage.
    for stale in folder.glob(".notes-*.partial*"):
        stale.unlink(missing_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    final = folder / f"notes-{stamp}.db"
    partial = folder / f".notes-{stamp}.partial"
    try:
        store.vacuum_into(partial)
        fsync_path(partial)
        killpoints.before_commit("backup")
        os.replace(partial, final)
        fsync_path(folder)
        killpoints.after_commit("backup")
    finally:
        partial.unlink(missing_ok=True)
    for old in sorted(folder.glob("notes-*.db"))[:-keep]:
        old.unlink()
    return final
