"""One sync: this replica's new entries out as a bundle, every other replica's bundles in.

Out: the entries of this replica numbered after the last bundle of it the folder holds,
as bundles of at most ``ENTRIES_PER_BUNDLE`` and of attachment bytes
(sync/attachments.py: bundle_chunks; bundle_format.py writes each atomically:
ciphertext under a temporary name Syncthing skips, fsync, rename). In: every bundle of
another replica, oldest first per replica; each checked whole (sync/incoming.py), then
merged in one transaction of its own (sync/merger.py), so a bundle is applied entirely or
not at all. A bundle naming heads this copy does not hold yet waits for another round in
the same sync (the bundle bringing them may be further down the list), else for the next
sync. A refused bundle is named in ``refused`` with its one sentence and the others still
apply. Running sync again changes nothing: held entries are recognised and skipped.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from influence_desk.desk.context import DeskContext
from influence_desk.errors import BadInput, NotPermitted
from influence_desk.progress import CancelFlag, ProgressCallback, no_progress
from influence_desk.sync import bundle_format as fmt
from influence_desk.sync import keys, void
from influence_desk.sync.attachments import (
    MissingBytes,
    bundle_chunks,
    find_blobs,
    removes_bytes,
)
from influence_desk.sync.changes import Carried, decode_changes, encode_changes, own_entries
from influence_desk.sync.incoming import check_bundle
from influence_desk.sync.merger import Merged, Merger
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
    conflicts: int = 0  # notes and sources in conflict after this sync
    refused: list[str] = field(default_factory=list)  # one sentence per refused bundle
    voided: int = 0  # a removed person's entries held void now (sync/void.py)
    not_back: int = 0  # attachments a void removal gave back whose bytes are in no bundle
    unreadable: dict[Path, str] = field(default_factory=dict, repr=False)  # (while receiving)

    def to_json(self) -> dict[str, Any]:
        return {"sent": self.sent, "received": self.received, "applied": self.applied,
                "entries": self.entries, "notes": len(self.notes), "waiting": self.waiting,
                "conflicts": self.conflicts, "refused": list(self.refused),
                "voided": self.voided, "not_back": self.not_back}  # fmt: skip


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
    keys.settle(ctx)  # what a sync killed half-way brought in (sync/keys.py)
    result = SyncResult()
    result.sent = _send(ctx, folder)
    _receive(desk if desk is not None else Desk(vault), folder, result, progress, cancel)
    result.conflicts = len({(c.kind, c.note_id) for c in conflicts(ctx)})
    return result


def _send(ctx: DeskContext, folder: Path) -> int:
    store = ctx.store
    me = store.local_replica()
    if me is None:
        return 0
    vault_id = ctx.vault.vault_id
    head = store.replica_head(me)
    if head is None:
        return 0
    written = _written(ctx, folder, me, head[0])
    entries = own_entries(store, me, written)
    sent = 0
    # Each bundle under the key its entries were written under (sync/keys.py), and cut so
    # attachment bytes stay within a bundle's share (sync/attachments.py).
    for keyed, data_key in keys.chunks(ctx, entries, ENTRIES_PER_BUNDLE):
        for chunk in bundle_chunks(store, keyed, ENTRIES_PER_BUNDLE):
            payload = encode_changes(store, chunk)
            fmt.write_bundle(folder, data_key, vault_id, me, chunk[0].rseq, chunk[-1].rseq,
                             payload)  # fmt: skip
            sent += 1
    return sent


def _written(ctx: DeskContext, folder: Path, me: str, head: int) -> int:
    """How far this replica's bundles in the folder carry its chain, without a gap from its
    first entry (a bundle someone deleted is written again). A name claiming more than it
    ever wrote is not its bundle, and neither is a file under a name it will write next,
    dropped there before it did: the newest is opened and must hold this copy's very
    entries, or it is not taken for sent (a hostile folder must not stop it sending). One
    that is no bundle of this replica at all is removed, so the real one can take its name."""
    start = (ctx.store.replica_first(me) or 1) - 1
    mine = sorted((b for b in fmt.list_bundles(folder) if b.replica_id == me and b.last <= head),
                  key=lambda b: (b.first, b.last))  # fmt: skip
    while True:
        reach, newest = start, None
        for item in mine:
            if item.first <= reach + 1 <= item.last:
                reach, newest = item.last, item
        if newest is None or _ours(ctx, newest, me):
            return reach
        mine.remove(newest)


def _ours(ctx: DeskContext, item: fmt.BundleFile, me: str) -> bool:
    """Whether the bundle opens and lists exactly this copy's entries of its range (their
    numbers and hashes: the receiver checks the rest; a quiet sync must stay cheap)."""
    try:
        body = json.loads(keys.open_bundle(ctx, item.path).payload)
        listed = [(e["replica"], e["rseq"], e["hash"]) for e in body["entries"]]
    except (fmt.BundleRefused, ValueError, KeyError, TypeError, RecursionError):
        item.path.unlink(missing_ok=True)  # (not a bundle this replica wrote)
        return False
    except BadInput:
        return False  # gone meanwhile, or unreadable: not counted
    numbers = list(range(item.first, item.last + 1))
    if [(r, n) for r, n, _h in listed] != [(me, n) for n in numbers]:
        item.path.unlink(missing_ok=True)
        return False
    hashes = [str(h) for _r, _n, h in listed]
    return ctx.store.held_hashes(hashes) == set(hashes)


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
    refused: list[tuple[fmt.BundleFile, str]] = []
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
            if outcome == "refused":
                refused.append((item, result.refused[-1]))
        if len(waiting) == len(pending):
            break  # nothing more can apply this round
        pending = waiting
    for item, sentence in refused:  # held since: void entries another bundle named
        head = desk.store.replica_head(item.replica_id)
        if head is not None and item.last <= head[0]:
            result.refused.remove(sentence)
    unreadable = [result.unreadable.pop(b.path) for b in pending if b.path in result.unreadable]
    result.refused += unreadable  # under a key this copy does not hold (sync/keys.py)
    result.waiting = len(pending) - len(unreadable)


def _merge(desk: Desk, folder: Path, shown: str, new: list[Carried]) -> Merged:
    """One transaction; once more with bytes found in the folder's other bundles if this
    copy had removed an attachment that bundle changed (sync/attachments.py)."""
    ctx = desk.context
    from_folder: dict[str, bytes | None] = {}  # (None: looked for, in no bundle there)
    for _attempt in range(8):  # each attempt brings the bytes the one before lacked
        try:
            return _merge_once(desk, shown, new, from_folder)
        except MissingBytes as missing:
            found = _in_folder(ctx, folder, missing.sha256s)
            if not missing.void and not all(sha in found for sha in missing.sha256s):
                raise
            from_folder.update({sha: found.get(sha) for sha in missing.sha256s})
    return _merge_once(desk, shown, new, from_folder)


def _in_folder(ctx: DeskContext, folder: Path, sha256s: Sequence[str]) -> dict[str, bytes]:
    """The attachment bytes named by ``sha256s`` from the folder's bundles, each opened
    under the key that wrote it (bundles from before a rekey are under an older one)."""
    paths = [b.path for b in fmt.list_bundles(folder)]
    return find_blobs(paths, lambda path: keys.open_bundle(ctx, path), sha256s)


def _merge_once(
    desk: Desk, shown: str, new: list[Carried], from_folder: Mapping[str, bytes | None]
) -> Merged:
    ctx = desk.context
    with names_in_memory(desk) as keep, ctx.write("sync.apply") as writer:
        merged = Merger(ctx, shown, from_folder).merge(new)
        keep.after(writer, merged.sources)  # sources: names matched, clashes renamed
        keys.write_removals(ctx, new)  # vault.json first, as for any removal
    return merged


def _apply_one(desk: Desk, item: fmt.BundleFile, result: SyncResult) -> str:
    """'applied', 'held' (nothing new), 'waiting' or 'refused' (named in the result)."""
    ctx = desk.context
    vault_id = ctx.vault.vault_id
    store = ctx.store
    head = store.replica_head(item.replica_id)
    if head is not None and item.last <= head[0]:
        return "held"  # applied before: every entry of that range is held, not reopened
    shown = fmt.shown_name(item.path)
    try:
        try:
            bundle = keys.open_bundle(ctx, item.path)
        except BadInput as unreadable:  # gone since it was listed, or unreadable: the others
            result.refused.append(str(unreadable))  # still apply (nothing of it was)
            return "refused"
        carried = decode_changes(bundle.payload, item.replica_id, item.first, item.last, shown)
        trust = keys.trust_of(ctx)
        checked = check_bundle(store, vault_id, trust, carried, shown)
        if checked.waiting:
            if _pull_void(desk, item.path.parent, checked.new, result):
                return _apply_one(desk, item, result)  # (it holds more of what it names)
            return "waiting"
        if not checked.new:
            return "held"
        keys.check_material(ctx, trust, checked.new, shown)
        merged = _merge(desk, item.path.parent, shown, checked.new)
        if removes_bytes(checked.new):
            store.checkpoint_wal()  # the deleted bytes must not linger in the WAL
        keys.after_apply(ctx, checked.new)  # trust, slots added, a rekey installed
    except fmt.BundleKeyUnknown as unknown:  # a rekey this copy may not have applied yet
        result.unreadable[item.path] = str(unknown)
        return "waiting"
    except fmt.BundleRefused as refused:
        result.refused.append(str(refused))
        return "refused"
    result.applied += 1
    result.voided += merged.voided
    result.not_back += merged.not_back
    result.entries += merged.entries
    listed = set(result.notes)  # (a set: a list tested per note is quadratic in the notes)
    result.notes += [n for n in merged.notes if n not in listed]
    return "applied"


def _pull_void(desk: Desk, folder: Path, new: list[Carried], result: SyncResult) -> bool:
    """A bundle waiting for heads of a removed person's chain beyond their removal's point:
    those entries, from that person's bundles in the folder, held void in a transaction of
    their own (sync/void.py). True if some were."""
    ctx = desk.context
    found = void.witnessed(ctx, folder, new, ctx.vault.trusted_signers)
    if found is None:
        return False
    trust = keys.trust_of(ctx, admit_void=True)
    try:
        checked = check_bundle(ctx.store, ctx.vault.vault_id, trust, found.carried, found.shown)
    except fmt.BundleRefused:
        return False
    if checked.waiting or not checked.new:
        return False
    merged = _merge(desk, folder, found.shown, checked.new)
    result.voided += merged.voided
    result.not_back += merged.not_back
    result.entries += merged.entries
    return True
