"""Keys travel (DESIGN §11): slot changes, passphrase changes and rekeys reach every replica
through bundles, and each replica updates its own vault.json from them.

What travels is what the signed entries carry (vault/key_material.py): a new slot as
vault.json stores it, a new personal layer, the new keys sealed to each remaining slot's
public key, the old data key sealed under the new one. Never a passphrase, never a key in
clear: whoever reads a bundle without a slot's private key learns nothing vault.json would
not tell them.

Applying, kill-safely:

* Slot additions, removals and passphrase changes are written to vault.json inside the
  bundle's transaction, just before it commits (``sync.keys`` is that write's kill point).
  Killed after the write and before the commit, vault.json is ahead of notes.db: the
  bundle is not held, so the next sync applies it again, and writing the same slots again
  changes nothing (each change is keyed by slot id: idempotent).
* A rekey is installed after the commit, as a lead's own rekey is (vault/maintenance.py):
  notes.db copied under the new key, vault.json with every shared layer resealed (the
  commit point, ``sync.rekey``), the copy renamed over notes.db. ``settle`` finishes a rekey
  that history holds but this copy's key does not have yet, so a sync killed anywhere in
  between is finished by the next one (opening finishes or discards the copy as for any
  rekey).

Bundle keys: a bundle is written under the data key its first entry was written under,
which is the key of the newest rekey that entry had seen (its own replica's earlier entries
or the heads it names); a rekey's own entry was written before it, so the bundle carrying a
rekey is under the old key, readable by every replica that has not rekeyed yet. A reader
keeps every key history gives it (the new key sealed to its slot, then each rekey's previous
key sealed under the new one), so bundles from before a rekey stay readable. A removed
person gets no new key: nothing written after the rekey opens for them.

Removals: a ``slot.remove`` records every chain's head as the lead's copy held it
(``accepted``). Entries signed by the removed person are accepted up to that point of their
replica and never beyond it, on every replica (``Trust``); beyond it they are held only
as void, changing nothing (sync/void.py). A removed person's own copy
refuses the bundle that removes its slot: it stops receiving there.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from influence_desk.desk.context import DeskContext
from influence_desk.durable import fsync_path
from influence_desk.errors import VaultDamaged
from influence_desk.history import Entry, HistoryWriter, Signer
from influence_desk.store import Store, rekey_file
from influence_desk.sync import bundle_format as fmt
from influence_desk.sync.changes import Carried
from influence_desk.vault import key_material as km
from influence_desk.vault import slots as slotlib
from influence_desk.vault import unlocking
from influence_desk.vault.database import install_rekeyed
from influence_desk.vault.format import SlotRecord, VaultFile
from influence_desk.vault.layout import BACKUPS, DB_NAME, REKEY_NAME

ADD, REMOVE, PASSPHRASE, REKEY = "slot.add", "slot.remove", "slot.passphrase", "vault.rekey"
_MATERIAL = {ADD: "record", REMOVE: "accepted", PASSPHRASE: "personal", REKEY: "sealed"}


def travels(entry: Entry) -> bool:
    """A key entry that carries what other replicas need (one made before keys travelled
    carries nothing and is refused as a change this version cannot merge)."""
    key = _MATERIAL.get(entry.action)
    return key is not None and key in entry.payload


# --- who may sign: trust now, and the accepted point of a removal ----------------------


def accepted_point(entry: Entry) -> dict[str, tuple[int, str]] | None:
    """What a ``slot.remove`` recorded as accepted: replica -> (number, hash) of the last
    entry of it taken in; None for an entry that is no such removal."""
    if entry.action != REMOVE or not isinstance(entry.payload.get("accepted"), dict):
        return None
    cut: dict[str, tuple[int, str]] = {}
    for replica, head in entry.payload["accepted"].items():
        if isinstance(head, list) and len(head) == 2 and type(head[0]) is int:
            cut[str(replica)] = (head[0], str(head[1]))
    return cut


class Trust:
    """Who this copy trusts for one bundle's entries, followed entry by entry (a lead's
    ``slot.add`` earlier in the bundle trusts the new person for the rest of it)."""

    def __init__(self, store: Store, trusted: Mapping[str, Signer], ever: Mapping[str, Signer],
                 admit_void: bool = False):  # fmt: skip
        self._admit_void = admit_void  # entries beyond the point, held void (sync/void.py)
        self._trusted = dict(trusted)
        self._ever = dict(ever)
        self._accepted: dict[str, dict[str, tuple[int, str]]] = {}  # slot id -> cut
        for row in store.history_of_objects("slot:"):
            self._note_removal(Entry.from_row(row))
        self.signers: dict[str, Signer] = {}  # entry hash -> who signed it

    def _note_removal(self, entry: Entry) -> None:
        cut = accepted_point(entry)
        if cut is not None:
            self._accepted[str(entry.payload.get("slot_id", ""))] = cut

    def signer(self, entry: Entry) -> Signer | None:
        """Who signed ``entry`` if this copy accepts them for it, else None."""
        signer = self._trusted.get(entry.actor)
        if signer is None:
            signer = self._ever.get(entry.actor)
            if signer is None:
                return None
            cut = self._accepted.get(signer.slot_id)
            point = None if cut is None else cut.get(entry.replica)
            if point is None or entry.rseq > point[0]:
                if cut is None or not self._admit_void:
                    return None  # beyond what the removal accepted: never applied
            elif entry.rseq == point[0] and entry.entry_hash != point[1]:
                return None  # another history under the accepted numbers
        self.signers[entry.entry_hash] = signer
        return signer

    def follow(self, entry: Entry) -> None:
        """What ``entry`` changes about trust (as history.replay does)."""
        by = self.signers.get(entry.entry_hash)
        if by is None or by.role != "lead":
            return
        payload = entry.payload
        if entry.action == ADD and payload.get("signing_key"):
            from influence_desk import crypto

            with contextlib.suppress(ValueError):
                public = bytes.fromhex(str(payload["signing_key"]))
                kid = crypto.key_id(public)
                self._trusted[kid] = self._ever[kid] = Signer(
                    public, str(payload.get("role", "")), str(payload.get("slot_id", "")),
                    str(payload.get("label", "")),
                )  # fmt: skip
        elif entry.action == REMOVE:
            slot_id = str(payload.get("slot_id", ""))
            for kid, signer in list(self._trusted.items()):
                if signer.slot_id == slot_id:
                    del self._trusted[kid]
            self._note_removal(entry)


def trust_of(ctx: DeskContext, admit_void: bool = False) -> Trust:
    """``admit_void``: a removed person's entries beyond their removal's point pass too
    (only for the heads a trusted entry named: sync/void.py ``witnessed``)."""
    vault = ctx.vault
    return Trust(ctx.store, vault.trusted_signers, vault.verify_signers(), admit_void)


# --- checking what a bundle carries -------------------------------------------------------


def check_material(ctx: DeskContext, trust: Trust, new: Iterable[Carried], shown: str) -> None:
    """Every key entry of a checked bundle: signed by whom it must be, its material whole,
    and nothing that would lock this copy's own person out. BundleRefused otherwise."""
    vault = ctx.vault
    for item in new:
        entry = item.entry
        if entry.action not in _MATERIAL:
            continue
        by = trust.signers.get(entry.entry_hash)
        slot_id = str(entry.payload.get("slot_id", ""))
        if entry.action == PASSPHRASE:
            if by is None or by.slot_id != slot_id:
                raise _refused(shown, "changes someone's passphrase without being them")
        elif by is None or by.role != "lead":
            raise _refused(shown, "changes who has access to this vault, signed by someone "
                           "who is not a lead")  # fmt: skip
        try:
            _check_shape(entry, slot_id)
        except km.MaterialDamaged:
            raise _refused(shown, "carries key slots that cannot be read") from None
        if entry.action == REMOVE and slot_id == vault.slot_id:
            raise fmt.BundleRefused(
                f"{shown} removes your key slot from this vault, so this copy no longer "
                "receives its changes; nothing of it was applied."
            )
        if entry.action == REKEY:
            _new_keys(ctx, entry, shown)  # must open with this copy's slot


def _check_shape(entry: Entry, slot_id: str) -> None:
    payload = entry.payload
    if entry.action == ADD:
        record = km.record_of(payload["record"])
        said = (slot_id, payload.get("label"), payload.get("role"))
        if (record.id, record.label, record.role.value) != said:
            raise km.MaterialDamaged("the record is not the slot the entry adds")
    elif entry.action == PASSPHRASE:
        km.with_personal(_blank(slot_id), payload["personal"])
    elif entry.action == REKEY:
        km.sealed_of(payload["sealed"])
        if not isinstance(payload.get("previous"), str):
            raise km.MaterialDamaged("no previous key")
    elif not isinstance(payload["accepted"], dict):
        raise km.MaterialDamaged("no accepted point")


def _blank(slot_id: str) -> SlotRecord:
    from influence_desk.crypto import KdfParams
    from influence_desk.model import Role

    return SlotRecord(slot_id, "-", Role.RESEARCHER, KdfParams(0, 0, 0, b""), b"", b"", b"",
                      b"", b"")  # fmt: skip


def _refused(shown: str, why: str) -> fmt.BundleRefused:
    return fmt.BundleRefused(f"{shown} {why}; nothing of it was applied.")


def _new_keys(ctx: DeskContext, entry: Entry, shown: str) -> slotlib.SharedKeys:
    """The keys a rekey entry seals to this copy's slot."""
    vault = ctx.vault
    record = vault.file.slot(vault.slot_id)
    payload = vault._payload
    try:
        blob = km.sealed_of(entry.payload["sealed"]).get(vault.slot_id)
    except km.MaterialDamaged:
        blob = None
    if blob is None or record is None or payload is None:
        raise fmt.BundleRefused(
            f"{shown} rekeys the vault without your key slot, so this copy no longer receives "
            "its changes; nothing of it was applied."
        )
    try:
        keys = slotlib.open_shared(vault.vault_id, record, payload.slot_key, blob)
    except VaultDamaged:
        raise _refused(shown, "carries new keys that do not open with your key slot") from None
    if keys.identity_key != payload.shared.identity_key and record.role.value != "auditor":
        raise _refused(shown, "carries new keys that do not belong to this vault")
    return keys


# --- vault.json: slots added, removed, passphrases changed --------------------------------


def write_removals(ctx: DeskContext, new: Iterable[Carried]) -> None:
    """Inside the bundle's transaction, just before it commits: the slots it removes leave
    vault.json first (as a lead's own removal does: killed before the commit, the person
    can no longer unlock and history still lists them, which verify accepts; the next sync
    applies the bundle again, and removing an absent slot changes nothing)."""
    gone = {str(i.entry.payload.get("slot_id", "")) for i in new if i.entry.action == REMOVE}
    if gone & {s.id for s in ctx.vault.file.slots}:
        ctx.vault._update_file(
            lambda current: replace(
                current, slots=tuple(s for s in current.slots if s.id not in gone)
            )
        )


def after_apply(ctx: DeskContext, new: Iterable[Carried]) -> None:
    """After a bundle committed: who is trusted now, vault.json and the data key as history
    says they are."""
    if any(i.entry.action in _MATERIAL for i in new):
        ctx.vault._signers = ctx.vault._replay_signers()
        settle(ctx)


def _slots_as_history_says(ctx: DeskContext, current: VaultFile) -> VaultFile:
    """vault.json with every slot history added (and did not remove) present, every slot it
    removed gone, and each slot's personal layer its newest passphrase change's. Slots and
    layers history carries nothing of (made before keys travelled, an auditor's passphrase)
    stay as they are."""
    entries = [Entry.from_row(r) for r in ctx.store.history_of_objects("slot:")]
    entries += _rekeys(ctx)
    added: dict[str, SlotRecord] = {}
    removed: set[str] = set()
    personal: dict[str, Any] = {}
    ever = ctx.vault.verify_signers()
    for entry in sorted((e for e in entries if travels(e)), key=lambda e: e.order_key):
        payload = entry.payload
        slot_id = str(payload.get("slot_id", ""))
        by = ever.get(entry.actor)
        if by is None or (by.slot_id != slot_id if entry.action == PASSPHRASE
                          else by.role != "lead"):  # fmt: skip
            continue  # (as check_material refuses it from another replica)
        try:
            if entry.action == ADD:
                added[slot_id] = km.record_of(payload["record"])
            elif entry.action == REMOVE:
                removed.add(slot_id)
            elif entry.action == PASSPHRASE:
                personal[slot_id] = payload["personal"]
            else:  # a rekey: the slots added before it get its keys
                for sealed_id, blob in km.sealed_of(payload["sealed"]).items():
                    if sealed_id in added:
                        added[sealed_id] = replace(added[sealed_id], shared=blob)
        except km.MaterialDamaged:
            continue  # (checked when it came in; verify reports what history holds)
    slots = {s.id: s for s in current.slots if s.id not in removed}
    for slot_id, record in added.items():
        if slot_id not in removed:
            slots.setdefault(slot_id, record)
    for slot_id, layer in personal.items():
        if slot_id in slots:
            with contextlib.suppress(km.MaterialDamaged):
                slots[slot_id] = km.with_personal(slots[slot_id], layer)
    return replace(current, slots=tuple(slots.values()))


# --- rekeys -------------------------------------------------------------------------------


def _rekeys(ctx: DeskContext) -> list[Entry]:
    """The rekey entries that carry keys and a lead signed, in the deterministic order."""
    ever = ctx.vault.verify_signers()
    entries = (Entry.from_row(r) for r in ctx.store.history_of_objects("vault:keys"))
    leads = (e for e in entries if travels(e) and getattr(ever.get(e.actor), "role", "") == "lead")
    return sorted(leads, key=lambda e: e.order_key)


def settle(ctx: DeskContext) -> None:
    """vault.json and this copy's data key as history says they are: the slot changes a
    bundle brought (``sync.slots``, after its commit, as a lead's own slot.add), and a rekey
    this copy's key does not have yet. Idempotent: a sync killed anywhere in between is
    finished by the next one."""
    vault = ctx.vault
    if not vault.is_open:
        return
    if _slots_as_history_says(ctx, vault.file) != vault.file:

        def as_history_says(current: VaultFile) -> VaultFile:
            wanted = _slots_as_history_says(ctx, current)
            unlocking.check_room(wanted.slots)
            return wanted

        vault._update_file(as_history_says, "sync.slots")
    rekeys = _rekeys(ctx)
    if not rekeys:
        return
    newest = rekeys[-1]
    try:
        keys = _new_keys(ctx, newest, "A rekey")
    except fmt.BundleRefused:
        return  # not for this slot (a removed person's copy never gets here)
    if keys.data_key == vault._shared().data_key:
        return
    _install(ctx, keys, km.sealed_of(newest.payload["sealed"]))


def _install(ctx: DeskContext, keys: slotlib.SharedKeys, sealed: Mapping[str, bytes]) -> None:
    vault = ctx.vault
    store = ctx.store
    payload = vault._payload
    assert payload is not None
    old_key = payload.data_key
    target = vault.path / REKEY_NAME
    target.unlink(missing_ok=True)
    store.export_rekeyed(target, keys.data_key)
    fsync_path(target)
    store.close()
    vault.store = None
    try:
        vault._update_file(  # the commit point
            lambda current: replace(current, slots=tuple(
                replace(s, shared=sealed[s.id]) if s.id in sealed else s for s in current.slots
            )),
            operation="sync.rekey",
        )  # fmt: skip
    except BaseException:
        target.unlink(missing_ok=True)
        vault.store = Store.open(vault.path / DB_NAME, old_key, read_only=False)
        raise
    install_rekeyed(vault.path)
    vault._payload = slotlib.SlotPayload(keys.for_role(vault.role), payload.signing_key,
                                         payload.slot_key)  # fmt: skip
    vault.store = Store.open(vault.path / DB_NAME, keys.data_key, read_only=False)
    if vault._signing is not None:
        vault.history = HistoryWriter(vault.store, vault.vault_id, vault._signing)
    for backup in sorted((vault.path / BACKUPS).glob("*.db")):
        with contextlib.suppress(VaultDamaged):
            rekey_file(backup, old_key, keys.data_key)


# --- which key a bundle is written and read under -----------------------------------------


@dataclass(frozen=True)
class _Key:
    after: Entry | None  # the rekey that made it (None: the key before every rekey)
    data_key: bytes


def _keys_in_order(ctx: DeskContext) -> list[_Key]:
    """Every data key history gives this copy, oldest first (one per rekey it can open)."""
    vault = ctx.vault
    current = vault._shared().data_key
    out: list[_Key] = []
    for entry in _rekeys(ctx):
        try:
            new = _new_keys(ctx, entry, "A rekey").data_key
        except fmt.BundleRefused:
            continue
        if not out:
            with contextlib.suppress(km.MaterialDamaged):
                out.append(_Key(None, km.open_previous(vault.vault_id, new,
                                                       entry.payload["previous"])))  # fmt: skip
        out.append(_Key(entry, new))
    return out or [_Key(None, current)]


def keyring(ctx: DeskContext) -> dict[str, bytes]:
    """Bundle key id -> data key, for every key this copy can read bundles under."""
    vault_id = ctx.vault.vault_id
    ring = {fmt.bundle_key_id(k.data_key, vault_id): k.data_key for k in _keys_in_order(ctx)}
    current = ctx.vault._shared().data_key
    ring[fmt.bundle_key_id(current, vault_id)] = current
    return ring


def open_bundle(ctx: DeskContext, path: Path) -> fmt.Bundle:
    """Read a bundle under whichever of this copy's keys wrote it (BundleKeyUnknown if none:
    written after a rekey this copy does not hold yet, or will never hold)."""
    vault_id = ctx.vault.vault_id
    header = fmt.peek_header(path)
    key = keyring(ctx).get(header.key_id, ctx.vault._shared().data_key)
    return fmt.read_bundle(path, key, vault_id)


def _saw(entry: Entry, rekey: Entry) -> bool:
    if entry.version != 2:
        return False
    if entry.replica == rekey.replica:
        return entry.rseq > rekey.rseq
    return entry.heads.get(rekey.replica, (0, ""))[0] >= rekey.rseq


def chunks(
    ctx: DeskContext, entries: list[Entry], size: int
) -> Iterator[tuple[list[Entry], bytes]]:
    """This replica's entries in bundles of at most ``size``, each with the data key its
    entries were written under (a bundle never spans a rekey)."""
    keys = _keys_in_order(ctx)
    current = ctx.vault._shared().data_key

    def key_of(entry: Entry) -> bytes:
        seen = [k for k in keys if k.after is None or _saw(entry, k.after)]
        return seen[-1].data_key if seen else current

    start = 0
    while start < len(entries):
        key = key_of(entries[start])
        end = start + 1
        while end < len(entries) and end - start < size and key_of(entries[end]) == key:
            end += 1
        yield entries[start:end], key
        start = end
