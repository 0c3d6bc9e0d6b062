"""One sync: this replica's new entries out as a bundle, every other replica's bundles in.

Out: the entries of this replica numbered after the last bundle of it the folder holds,
as bundles of at most ``ENTRIES_PER_BUNDLE`` (bundle_format.py writes each atomically:
ciphertext under a temporary name Syncthing skips, fsync, rename). In: every bundle of
another replica, oldest first per replica; each checked whole (sync/incoming.py), then
merged in one transaction of its own (sync/merger.py), so a bundle is applied entirely or
not at all. A bundle naming heads this copy does not hold yet waits for another round in
the same sync (the bundle bringing them may be further down the list), else for the next
sync. A refused bundle is named in ``refused`` with its one sentence and the others still
apply. Running sync again changes nothing: held entries are recognised and skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from influence_desk.desk.context import DeskContext
from influence_desk.errors import NotPermitted
from influence_desk.progress import CancelFlag, ProgressCallback, no_progress
from influence_desk.sync import bundle_format as fmt
from influence_desk.sync.changes import decode_changes, encode_changes, own_entries
from influence_desk.sync.incoming import check_bundle
from influence_desk.sync.merger import Merger
from influence_desk.sync.sources import names_in_memory
from influence_desk.sync_settings import check_sync_folder

if TYPE_CHECKING:
    from influence_desk.desk import Desk

ENTRIES_PER_BUNDLE = 5000


@dataclass
class SyncResult:
    sent: int = 0  # bundles written
    received: int = 0  # bundles of other replicas found
    applied: int = 0  # bundles applied now
    entries: int = 0  # entries applied now
    notes: list[str] = field(default_factory=list)  # notes whose content came in (ids)
    waiting: int = 0  # bundles waiting for another replica's bundle
    conflicts: int = 0  # notes in conflict after this sync
    refused: list[str] = field(default_factory=list)  # one sentence per refused bundle

    def to_json(self) -> dict[str, Any]:
        return {"sent": self.sent, "received": self.received, "applied": self.applied,
                "entries": self.entries, "notes": len(self.notes), "waiting": self.waiting,
                "conflicts": self.conflicts, "refused": list(self.refused)}  # fmt: skip


def sync_folder(
    ctx: DeskContext,
    folder: Path,
    *,
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
    desk: Desk | None = None,
) -> SyncResult:
    """``desk``: the Desk over ``ctx`` (sources that come in re-pseudonymise through it)."""
    from influence_desk.desk import Desk
    from influence_desk.sync.conflicts import conflicts

    vault = ctx.vault
    if not vault.can_write:
        raise NotPermitted("An auditor's copy cannot sync; it is read-only.")
    folder = check_sync_folder(folder, vault.path)
    result = SyncResult()
    result.sent = _send(ctx, folder)
    _receive(desk if desk is not None else Desk(vault), folder, result, progress, cancel)
    result.conflicts = len(conflicts(ctx))
    return result


def _keys(ctx: DeskContext) -> tuple[bytes, str]:
    vault = ctx.vault
    return vault._shared().data_key, vault.vault_id


def _send(ctx: DeskContext, folder: Path) -> int:
    store = ctx.store
    me = store.local_replica()
    if me is None:
        return 0
    data_key, vault_id = _keys(ctx)
    head = store.replica_head(me)
    if head is None:
        return 0
    # A name claiming more than this replica ever wrote is not its bundle (a hostile folder
    # must not be able to stop it sending).
    written = max((b.last for b in fmt.list_bundles(folder)
                   if b.replica_id == me and b.last <= head[0]), default=0)  # fmt: skip
    entries = own_entries(store, me, written)
    sent = 0
    for start in range(0, len(entries), ENTRIES_PER_BUNDLE):
        chunk = entries[start : start + ENTRIES_PER_BUNDLE]
        payload = encode_changes(store, chunk)
        fmt.write_bundle(folder, data_key, vault_id, me, chunk[0].rseq, chunk[-1].rseq, payload)
        sent += 1
    return sent


def _receive(
    desk: Desk,
    folder: Path,
    result: SyncResult,
    progress: ProgressCallback,
    cancel: CancelFlag | None,
) -> None:
    me = desk.store.local_replica()
    pending = [b for b in fmt.list_bundles(folder) if b.replica_id != me]
    result.received = len(pending)
    total, done = len(pending), 0
    progress(0, total)
    while pending:
        waiting: list[fmt.BundleFile] = []
        for item in pending:
            if cancel:
                cancel.check()
            outcome = _apply_one(desk, item, result)
            if outcome == "waiting":
                waiting.append(item)
            else:
                done += 1
                progress(done, total)
        if len(waiting) == len(pending):
            break  # nothing more can apply this round
        pending = waiting
    result.waiting = len(pending)


def _apply_one(desk: Desk, item: fmt.BundleFile, result: SyncResult) -> str:
    """'applied', 'held' (nothing new), 'waiting' or 'refused' (named in the result)."""
    ctx = desk.context
    data_key, vault_id = _keys(ctx)
    store = ctx.store
    head = store.replica_head(item.replica_id)
    if head is not None and item.last <= head[0]:
        return "held"  # applied before: every entry of that range is held, not reopened
    shown = fmt.shown_name(item.path)
    try:
        bundle = fmt.read_bundle(item.path, data_key, vault_id)
        carried = decode_changes(bundle.payload, item.replica_id, item.first, item.last, shown)
        checked = check_bundle(store, vault_id, ctx.vault.trusted_signers, carried, shown)
        if checked.waiting:
            return "waiting"
        if not checked.new:
            return "held"
        with names_in_memory(desk) as keep, ctx.write("sync.apply") as writer:
            merged = Merger(ctx, shown).merge(checked.new)
            keep.after(writer, merged.sources)  # sources: names matched, clashes renamed
    except fmt.BundleRefused as refused:
        result.refused.append(str(refused))
        return "refused"
    result.applied += 1
    result.entries += merged.entries
    result.notes += [n for n in merged.notes if n not in result.notes]
    return "applied"
