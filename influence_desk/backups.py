"""Backups re-pseudonymised when a source is registered or edited (DESIGN §5).

A backup made before a name was registered holds that name wherever it was typed, readable
by anyone with the data key (auditors included). So registering or editing a source rewrites
every backup in backups/ with the same re-pseudonymisation the live vault gets:

1. ``mark_pending`` (before the registration commits): an empty flag file in backups/. It
   says only "backups may be behind", nothing about who or what.
2. The registration commits in notes.db.
3. Each backup is copied to ``.<name>.names.partial``, opened with the data key through a
   ``Vault`` over that copy (its own history chain and signer set), and the changed sources
   are written into it (created, or their sealed identity updated) with
   ``repseudonymise_everything`` in one transaction. Every rewrite is a signed entry in the
   *backup's own chain*, signed by the person registering, so the backup still verifies
   as a vault of its own: its chain is the live chain up to the backup, then these entries.
4. The copy is compacted with ``VACUUM INTO`` (no free page keeps the old text), fsynced, and
   renamed over the backup; the folder is fsynced. A kill at any moment leaves the old backup
   or the new one, never a broken one; leftover partial copies are removed by the next run
   (and by ``Vault.backup``).
5. The flag is removed once every backup is done. A flag found later (a kill after step 2)
   makes the next writer's Desk finish the job for every source.

A backup made before the registering person was given access does not know their key: its
chain cannot carry entries they sign. Such a backup is not left holding the name: a fresh
backup of the (already pseudonymised) vault is made and the old one removed, and the result
says how many were replaced that way. A backup that does not open with the data key (say, a
damaged file) cannot be read by a key holder either; it is counted and left alone.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from influence_desk import killpoints
from influence_desk.durable import fsync_path
from influence_desk.errors import VaultDamaged
from influence_desk.progress import ProgressCallback, no_progress
from influence_desk.repseudonymise import repseudonymise_everything
from influence_desk.store import ORGANISATIONS, Store
from influence_desk.vault.vault import BACKUPS, DB_NAME

if TYPE_CHECKING:
    from influence_desk.desk import Desk

__all__ = ["BackupRewrite", "is_pending", "mark_pending", "rewrite_backups"]

PENDING_NAME = ".rewrite-pending"
_WORK_SUFFIX = ".names.partial"


@dataclass(frozen=True)
class BackupRewrite:
    """What happened to the backups: rewritten (they held a name), already clean, replaced
    by a fresh backup (made before the signer joined), unreadable with the data key."""

    rewritten: int = 0
    clean: int = 0
    replaced: int = 0
    unreadable: int = 0


def _folder(desk: Desk) -> Path:
    return desk.vault.path / BACKUPS


def _backup_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("notes-*.db"))


def is_pending(desk: Desk) -> bool:
    """Are the backups behind the live vault? (Never for a Desk over a backup's copy.)"""
    store = desk.vault.store
    if store is None or store.path != desk.vault.path / DB_NAME:
        return False
    return (_folder(desk) / PENDING_NAME).exists()


def mark_pending(desk: Desk) -> None:
    """Say, durably and before a registration commits, that the backups may be behind."""
    folder = _folder(desk)
    if not folder.is_dir() or not _backup_files(folder):
        return
    flag = folder / PENDING_NAME
    fd = os.open(flag, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    fsync_path(folder)


def _clear_pending(folder: Path) -> None:
    flag = folder / PENDING_NAME
    if flag.exists():
        flag.unlink()
        fsync_path(folder)


def _remove_leftovers(folder: Path) -> None:
    for leftover in folder.glob(f".notes-*{_WORK_SUFFIX}*"):
        leftover.unlink(missing_ok=True)


def rewrite_backups(
    desk: Desk, changed: Iterable[str] | None = None, progress: ProgressCallback = no_progress
) -> BackupRewrite:
    """Re-pseudonymise every backup for the ``changed`` sources (``None``: every source, as
    after an interrupted run). The live vault must already hold them."""
    folder = _folder(desk)
    if not folder.is_dir():
        return BackupRewrite()
    _remove_leftovers(folder)
    wanted = set(desk.store.pseudonyms()) if changed is None else set(changed)
    files = _backup_files(folder)
    counts = {"rewritten": 0, "clean": 0, "replaced": 0, "unreadable": 0}
    untrusted: list[Path] = []
    progress(0, len(files))
    for done, path in enumerate(files, start=1):
        outcome = _rewrite_one(desk, path, wanted)
        if outcome == "replaced":
            untrusted.append(path)
        counts[outcome] += 1
        progress(done, len(files))
    if untrusted:
        desk.vault.backup()  # of the live vault, where the names are already references
        for path in untrusted:
            path.unlink(missing_ok=True)
        fsync_path(folder)
    _clear_pending(folder)
    return BackupRewrite(**counts)


def _rewrite_one(desk: Desk, path: Path, changed: set[str]) -> str:
    from influence_desk.desk import Desk

    vault = desk.vault
    work = path.with_name(f".{path.name}{_WORK_SUFFIX}")
    final = path.with_name(f".{path.name}{_WORK_SUFFIX}.db")
    try:
        shutil.copyfile(path, work)
        os.chmod(work, 0o600)
        try:
            store = Store.open(work, vault._shared().data_key, read_only=False)
        except VaultDamaged:
            return "unreadable"
        copy = None
        try:
            if store.get_meta("vault_id") != vault.vault_id:
                return "unreadable"
            copy = vault.over_database(store)
            if not copy.signer_trusted:
                return "replaced"
            backup_desk = Desk(copy)
            with backup_desk.context.write() as writer:
                adopted = _adopt_sources(desk, backup_desk, changed)
                names = backup_desk.context.load_names(with_matcher=True)
                rewritten = repseudonymise_everything(
                    backup_desk, writer, names, changed, no_progress, None
                )
            if not rewritten and not adopted:
                return "clean"
            store.checkpoint_wal()
            store.vacuum_into(final)
        finally:
            if copy is not None:
                copy.close()  # closes the store and drops the names its Desk loaded
            else:
                store.close()
        fsync_path(final)
        killpoints.before_commit("backup.names")
        os.replace(final, path)
        fsync_path(path.parent)
        killpoints.after_commit("backup.names")
        return "rewritten"
    finally:
        for leftover in (work, final, *(work.with_name(work.name + s)
                                        for s in ("-wal", "-shm", "-journal"))):  # fmt: skip
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()


def _adopt_sources(live: Desk, backup: Desk, changed: set[str]) -> int:
    """Write the ``changed`` sources into the backup as the live vault holds them (created
    if the backup predates them, else their sealed identity updated), each a signed entry.
    An organisation the backup does not know is left off (the backup keeps its own set)."""
    writer = backup.vault.writer()
    store = backup.store
    adopted = 0
    for sid in sorted(changed):
        row = live.store.source_row(sid)
        if row is None:
            continue
        current = store.source_row(sid)
        if current is None:
            org = row.organisation_id
            if org is not None and store.reference(ORGANISATIONS, str(org)) is None:
                org = None
            store.put_source(replace(row, organisation_id=org))
            writer.append("source.create", f"source:{sid}", store.source_object(sid),
                          {"reason": "names registered"})  # fmt: skip
        elif bytes(current.identity) != bytes(row.identity):
            store.put_source(replace(current, identity=row.identity))
            writer.append("source.update", f"source:{sid}", store.source_object(sid),
                          {"reason": "names registered"})  # fmt: skip
        else:
            continue
        adopted += 1
    return adopted


