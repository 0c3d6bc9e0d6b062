"""Void entries: what a removed person signed beyond the point of their chain that the
removal accepted (issue 15 item 5; DESIGN §11 "Keys travel").

A lead's ``slot.remove`` records every chain's head as the lead's copy held it
(``accepted``). An entry signed by the removed slot's key and numbered beyond that point of
its replica is *void*: a pure function of the history held, so every replica that holds the
removal and the entry calls it void. A void entry may be held (signed and verifiable, so the
entries of others that had seen it still name heads that resolve) but changes no note:

* A note shows what its non-void entries make of it (sync/three_way.py ``NoteDag`` with a
  void mask). An entry someone else made over a void version keeps its own changes, merged
  against the same state without the void entries (a field the void entry had changed too
  is a conflict between the two, listed and resolved as any); a note only void entries
  made is gone, unless someone else edited it before learning of the removal: they
  adopted it, and their version stands whole (nothing of their own work is lost).
* A replica that had applied such entries before the removal came in takes them back in
  the removal's own transaction (sync/merger.py re-settles every note they touched).
* A copy that never held them takes them in only as the witnessed heads of someone it
  trusts (``witnessed``; sync/run.py applies them): a bundle waiting for heads of a
  removed person's chain gets exactly those entries from that person's bundles in the
  folder, checked (hash, chain, signature by the removed key) and held as void in a
  transaction of their own. A bundle the removed person wrote is still refused as a
  whole: nothing named it.
* ``verify`` replays void entries as signed by a key it knew, and compares each note they
  touched with ``void_notes``.

Void covers every kind whose versions are kept, so each replica can rebuild it: notes,
sources (sync/source_fields.py ``void_record``), and events, organisations, attachments,
reviews and the settings (sync/void_objects.py, from the versions sync/object_versions.py
keeps).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from influence_desk import crypto
from influence_desk.canonical import content_hash
from influence_desk.errors import BadInput, VaultDamaged
from influence_desk.history import Entry, Signer, replay
from influence_desk.store import Store
from influence_desk.sync import bundle_format as fmt
from influence_desk.sync.changes import NOTE_PREFIX, Carried
from influence_desk.sync.keys import accepted_point, travels
from influence_desk.sync.three_way import (
    NoteDag,
    Settled,
    VersionMissing,
    changes,
    ends_object,
    kept_in,
    one_head,
    seen,
)

if TYPE_CHECKING:
    from influence_desk.desk.context import DeskContext



@dataclass(frozen=True)
class Cut:
    keys: frozenset[str]  # key ids of the removed slot
    accepted: Mapping[str, int]  # replica -> the last number of it the removal accepted


@dataclass(frozen=True)
class VoidedEntry:
    """A void entry held here, for the lead to see what was taken back."""

    seq: int  # its local number (``history``)
    object_id: str
    action: str
    by: str  # the removed person's label
    replica: str
    at: str


def _slot_entries(store: Store) -> list[Entry]:
    return [Entry.from_row(r) for r in store.history_of_objects("slot:")]


def cuts(store: Store, vault_id: str) -> list[Cut]:
    """Each lead-signed removal held, with the keys it removed and the point it accepted."""
    slots = _slot_entries(store)
    removals = [(e, cut) for e in slots if (cut := accepted_point(e)) is not None]
    if not removals:
        return []
    ever = _ever(store, vault_id, slots)
    out: list[Cut] = []
    for entry, cut in removals:
        if getattr(ever.get(entry.actor), "role", "") != "lead":
            continue  # (verify reports it; it removes nobody)
        slot_id = str(entry.payload.get("slot_id", ""))
        keys = frozenset(k for k, s in ever.items() if s.slot_id == slot_id)
        out.append(Cut(keys, {replica: head[0] for replica, head in cut.items()}))
    return out


def _ever(store: Store, vault_id: str, slots: list[Entry]) -> dict[str, Signer]:
    """Every key the slot entries (the genesis one first) ever trusted, as opening a vault
    replays them."""
    return dict(replay(slots, vault_id).ever)


def is_void(entry: Entry, found: Iterable[Cut]) -> bool:
    return entry.version == 2 and any(
        entry.actor in cut.keys and entry.rseq > cut.accepted.get(entry.replica, 0) for cut in found
    )


# The last answer, by database and history head: a pure function of the history held, asked
# for each note `conflicts` lists and twice per bundle applied.
_last: tuple[tuple[str, tuple[int, str] | None], dict[str, Entry]] | None = None


def void_entries(store: Store, vault_id: str) -> dict[str, Entry]:
    """Every void entry held here, by hash (nothing to look at without a removal)."""
    global _last
    key = (str(store.path), store.history_head())
    if _last is not None and _last[0] == key:
        return dict(_last[1])
    found = cuts(store, vault_id)
    out: dict[str, Entry] = {}
    if not found:
        _last = (key, out)
        return {}
    for replica in store.replicas():
        after = min(cut.accepted.get(replica, 0) for cut in found)
        for row in store.replica_rows(replica, after):
            entry = Entry.from_row(row)
            if is_void(entry, found):
                out[entry.entry_hash] = entry
    _last = (key, out)
    return dict(out)


# --- what a note shows --------------------------------------------------------------------


def settled_note(store: Store, entries: list[Entry], void: Set[str]) -> Settled | None:
    """What a note with void entries among ``entries`` (its changes, in the deterministic
    order) shows; None when none of them is void (the usual rules hold)."""
    from influence_desk.versions import kept_content

    mask = sum(1 << i for i, e in enumerate(entries) if e.entry_hash in void)
    if not mask:
        return None
    live = [e for e in entries if e.entry_hash not in void]
    if not live:
        return Settled(None, None)  # only void entries made it
    newest = live[-1]
    over_void = any(seen(e, newest) for e in entries if e.entry_hash in void)
    if not over_void and one_head(live):  # the newest non-void entry alone stands
        if ends_object(newest):
            return Settled(None, None)
        kept = kept_content(store, newest)
        if kept is not None:
            return Settled(dict(kept[0]), None if kept[1] is None else bytes(kept[1]))
    try:
        return NoteDag(entries, kept_in(store), void=mask).settled()
    except (VersionMissing, VaultDamaged):  # (a version emptied from the trash)
        kept = None if ends_object(newest) else kept_content(store, newest)
        if kept is None:
            return Settled(None, None)
        return Settled(dict(kept[0]), None if kept[1] is None else bytes(kept[1]))


def void_notes(store: Store, void: Mapping[str, Entry]) -> dict[str, str | None]:
    """For ``verify``: each note a void entry touched, and the content hash it must show
    (None: none)."""
    out: dict[str, str | None] = {}
    for object_id in dict.fromkeys(e.object_id for e in void.values()):
        if not object_id.startswith(NOTE_PREFIX):
            continue
        entries = changes(store.history_of_objects(object_id), object_id)
        result = settled_note(store, entries, void.keys())
        if result is not None:
            out[object_id] = None if result.content is None else content_hash(result.content)
    return out


def void_mask(ctx: DeskContext, entries: list[Entry]) -> int:
    """The bits of ``entries`` that are void (for sync/conflicts.py's NoteDag)."""
    void = void_entries(ctx.store, ctx.vault.vault_id)
    return sum(1 << i for i, e in enumerate(entries) if e.entry_hash in void)


def voided(ctx: DeskContext) -> list[VoidedEntry]:
    """Every void entry held here, oldest first, with whose it was."""
    store = ctx.store
    ever = ctx.vault.verify_signers()
    held = sorted(void_entries(store, ctx.vault.vault_id).values(), key=lambda e: e.seq)
    return [VoidedEntry(e.seq, e.object_id, e.action, getattr(ever.get(e.actor), "label", ""),
                        e.replica, e.at) for e in held]  # fmt: skip


# --- the witnessed heads of a removed person's chain --------------------------------------


@dataclass(frozen=True)
class Witnessed:
    """Entries of one removed person's replica that a trusted entry named as seen."""

    shown: str  # the bundle they came from
    carried: list[Carried]


def witnessed(
    ctx: DeskContext, folder: Path, carried: list[Carried], trust: Mapping[str, Signer]
) -> Witnessed | None:
    """The void entries the first waiting entry of ``carried`` names and this copy lacks,
    read from the folder's bundles of their replica; None if what it waits for is not void
    (another bundle brings it as usual) or not in the folder. ``trust``: who this copy
    trusts now (the naming entry must be signed by one of them)."""
    store = ctx.store
    vault_id = ctx.vault.vault_id
    found = cuts(store, vault_id)
    if not found:
        return None
    for item in carried:
        entry = item.entry
        if store.replica_entry_row(entry.replica, entry.rseq) is not None:
            continue
        lacking = [(r, h) for r, h in sorted(entry.heads.items())
                   if (store.replica_head(r) or (0,))[0] < h[0]]  # fmt: skip
        if not lacking:
            continue
        if not _signed_by(entry, vault_id, trust):
            return None
        for replica, (upto, digest) in lacking:
            taken = _named(ctx, folder, replica, upto, digest)
            if taken is not None and all(is_void(c.entry, found) and not travels(c.entry)
                                         for c in taken.carried):  # fmt: skip
                return taken  # (never a slot change or rekey: those would change trust)
        return None
    return None


def _named(ctx: DeskContext, folder: Path, replica: str, upto: int,
           digest: str) -> Witnessed | None:  # fmt: skip
    """That replica's entries after the ones held up to ``upto``, which must hash to
    ``digest``, from its bundles in the folder (None if they are not all there)."""
    from influence_desk.sync import keys
    from influence_desk.sync.changes import decode_changes

    start = (ctx.store.replica_head(replica) or (0,))[0] + 1
    taken: dict[int, Carried] = {}
    shown = ""
    for bundle in sorted(fmt.list_bundles(folder), key=lambda b: b.first):
        if bundle.replica_id != replica or bundle.last < start or bundle.first > upto:
            continue
        try:
            opened = keys.open_bundle(ctx, bundle.path)
            items = decode_changes(opened.payload, replica, bundle.first, bundle.last,
                                   fmt.shown_name(bundle.path))  # fmt: skip
        except (fmt.BundleRefused, BadInput):
            continue
        shown = shown or fmt.shown_name(bundle.path)
        for c in items:
            if start <= c.entry.rseq <= upto:
                taken.setdefault(c.entry.rseq, c)
    if sorted(taken) != list(range(start, upto + 1)) or taken[upto].entry.entry_hash != digest:
        return None
    return Witnessed(shown, [taken[n] for n in sorted(taken)])


def _signed_by(entry: Entry, vault_id: str, trust: Mapping[str, Signer]) -> bool:
    signer = trust.get(entry.actor)
    if signer is None or entry.computed_hash(vault_id) != entry.entry_hash:
        return False
    try:
        return crypto.verify_signature(signer.public, entry.signature,
                                       bytes.fromhex(entry.entry_hash))  # fmt: skip
    except ValueError:
        return False
