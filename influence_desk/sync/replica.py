"""``replica``: a copy of this vault for another laptop, with a replica id of its own.

Same vault id, same keys and slots (anyone with a slot opens it with their own passphrase),
the whole history; only the copy's ``local_replica`` differs, so its entries form a chain of
their own (DESIGN §11). The lead signs a ``replica.create`` entry first, so the history of
both copies says when the replica was made and by whom.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from influence_desk.durable import fsync_path
from influence_desk.errors import BadInput, Cancelled, NotPermitted
from influence_desk.history import new_replica_id
from influence_desk.progress import CancelFlag, ProgressCallback, no_progress
from influence_desk.store import Store
from influence_desk.vault.format import VAULT_FILE, read_vault_file, write_vault_file
from influence_desk.vault.layout import BACKUPS, DB_NAME, SUFFIX
from influence_desk.vault.vault import Vault, vault_path

REPLICA_ACTION = "replica.create"
REPLICA_STEPS = 4  # progress: signed, copied, given its id, in place
CANCELLED_COPY = "Cancelled; no copy was made."


@dataclass(frozen=True)
class ReplicaMade:
    path: Path
    replica_id: str

    def to_json(self) -> dict[str, str]:
        return {"path": str(self.path), "replica_id": self.replica_id}


def make_replica(
    vault: Vault,
    target: Path | str,
    *,
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
) -> ReplicaMade:
    """A replica of ``vault`` in the new folder ``target`` (lead only). ``cancel`` is
    looked at before anything is written and again before the copy is put in place (the
    database copy itself is one step): a copy cancelled then is removed, and only the
    signed ``replica.create`` of a replica that never writes stays in the history."""
    if not vault.is_lead or vault.history is None:
        raise NotPermitted("Only a lead can make a replica of this vault.")
    folder = vault_path(target)
    if folder.exists():
        raise BadInput(f"{folder} already exists; a replica goes into a new folder.")
    if not folder.parent.is_dir():
        raise BadInput(f"The folder {folder.parent} does not exist.")
    if folder.resolve() == vault.path.resolve():
        raise BadInput("A replica goes into a new folder, not the vault's own.")
    store = vault.store
    assert store is not None
    if not store.keeps_replicas:  # (opening as a writer migrates; a reader never gets here)
        raise NotPermitted("This vault needs an upgrade before it can have replicas.")
    if cancel is not None:
        cancel.check()
    progress(0, REPLICA_STEPS)
    replica_id = new_replica_id()
    with store.transaction("replica"):
        vault.writer().append(REPLICA_ACTION, f"replica:{replica_id}", None,
                              {"replica": replica_id})  # fmt: skip
    partial = folder.with_name(folder.name[: -len(SUFFIX)] + ".partial" + SUFFIX)
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(mode=0o700)
    try:
        (partial / BACKUPS).mkdir(mode=0o700)
        progress(1, REPLICA_STEPS)
        store.vacuum_into(partial / DB_NAME)
        progress(2, REPLICA_STEPS)
        copy = Store.open(partial / DB_NAME, vault._shared().data_key, read_only=False)
        try:
            with copy.transaction():
                copy.set_local_replica(replica_id)
            copy.checkpoint_wal()
        finally:
            copy.close()
        for leftover in (DB_NAME + "-wal", DB_NAME + "-shm"):
            (partial / leftover).unlink(missing_ok=True)
        write_vault_file(partial, read_vault_file(vault.path))
        fsync_path(partial)
        progress(3, REPLICA_STEPS)
        if cancel is not None and cancel.cancelled:
            raise Cancelled(CANCELLED_COPY)
        # vault.json last, then the rename: a half-made replica is never a vault.
        assert (partial / VAULT_FILE).is_file()
        os.replace(partial, folder)
        fsync_path(folder.parent)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    progress(REPLICA_STEPS, REPLICA_STEPS)
    return ReplicaMade(folder, replica_id)
