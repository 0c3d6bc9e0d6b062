"""The people with access to a vault: their key slots, added and removed by leads, and each
person's own passphrase. Slot changes commit their signed history entry and vault.json in
the order the module docstring of vault.py gives."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from influence_desk import crypto
from influence_desk.crypto import KdfParams
from influence_desk.errors import BadInput, NotPermitted, VaultDamaged
from influence_desk.history import (
    slot_content,
)
from influence_desk.model import Role
from influence_desk.passphrase_policy import check_new_passphrase
from influence_desk.vault import key_material, unlocking
from influence_desk.vault import slots as slotlib
from influence_desk.vault.format import SlotRecord, VaultFile

if TYPE_CHECKING:
    from influence_desk.vault.vault import Vault


@dataclass(frozen=True)
class SlotInfo:
    id: str
    label: str
    role: Role
    added_by: str
    added_at: str
    is_me: bool


def check_label(label: str) -> None:
    if not label.strip() or len(label) > 200:
        raise BadInput("A label is a short name for a person, 1 to 200 characters.")


# --- people -------------------------------------------------------------------------


def list_slots(vault: Vault) -> list[SlotInfo]:
    added: dict[str, tuple[str, str]] = {}
    labels = {s.slot_id: s.label for s in vault._signers.ever.values()}
    for entry in vault._slot_entries():
        if entry.action in ("vault.create", "slot.add"):
            by = vault._signers.ever.get(entry.actor)
            added[str(entry.payload.get("slot_id", ""))] = (
                labels.get(by.slot_id, by.label) if by else "unknown",
                entry.at,
            )
    return [
        SlotInfo(s.id, s.label, s.role, *added.get(s.id, ("unknown", "")), s.id == vault.slot_id)
        for s in vault.file.slots
    ]


def add_slot(
    vault: Vault, role: Role, label: str, passphrase: str, kdf: KdfParams | None = None
) -> SlotRecord:
    vault.require_lead()
    check_label(label)
    check_new_passphrase(passphrase, [label])
    if any(s.label == label for s in vault.file.slots):
        raise BadInput(
            f"Someone is already called '{label}' in this vault; pick another label."
        )
    signing = None if role is Role.AUDITOR else crypto.new_signing_key()
    signing_public = crypto.public_raw(signing) if signing else None
    slot_id = slotlib.new_slot_id()
    record = slotlib.wrap_slot(
        vault.vault_id, slot_id, label, role, passphrase, vault._shared(),
        crypto.private_raw(signing) if signing else None, kdf or crypto.calibrate(),
    )  # fmt: skip
    store = vault._store()
    with store.transaction():
        vault.writer().append(
            "slot.add",
            f"slot:{slot_id}",
            slot_content(slot_id, label, role.value, signing_public),
            {"slot_id": slot_id, "label": label, "role": role.value,
             "signing_key": signing_public.hex() if signing_public else None,
             "record": key_material.record_json(record)},  # what other replicas add
        )  # fmt: skip

    def added(current: VaultFile) -> VaultFile:
        slots = (*current.slots, record)
        unlocking.check_room(slots)
        return replace(current, slots=slots)

    unlocking.check_room((*vault.file.slots, record))  # before history records it
    vault._update_file(added)
    vault._signers = vault._replay_signers()
    return record


def remove_slot(vault: Vault, slot_id: str) -> None:
    vault.require_lead()
    if vault.file.slot(slot_id) is None:
        raise BadInput(f"This vault has no key slot {slot_id}.")

    def without(current: VaultFile) -> VaultFile:
        remaining = tuple(s for s in current.slots if s.id != slot_id)
        if not any(s.role is Role.LEAD for s in remaining):
            raise BadInput("That would leave the vault without a lead; add another lead first.")
        return replace(current, slots=remaining)

    vault._update_file(without)
    store = vault._store()
    with store.transaction():
        # How far every chain (the removed person's among them) had been accepted here:
        # nothing of theirs beyond it is applied on any replica (sync/keys.py).
        accepted = {r: [n, h] for r, (n, h, _c) in sorted(store.replica_heads().items())}
        vault.writer().append("slot.remove", f"slot:{slot_id}", None,
                              {"slot_id": slot_id, "accepted": accepted})  # fmt: skip
    vault._signers = vault._replay_signers()


def change_passphrase(vault: Vault, new_passphrase: str, kdf: KdfParams | None = None) -> None:
    if vault._payload is None:
        raise NotPermitted("The vault is locked.")
    old = vault.file.slot(vault.slot_id)
    if old is None:
        raise VaultDamaged("Your key slot is no longer in vault.json.")
    check_new_passphrase(new_passphrase, [old.label])
    record = slotlib.wrap_slot(
        vault.vault_id, old.id, old.label, old.role, new_passphrase, vault._shared(),
        vault._payload.signing_key, kdf or crypto.calibrate(), slot_key=vault._payload.slot_key,
    )  # fmt: skip
    unlocking.check_room(tuple(record if s.id == old.id else s for s in vault.file.slots))
    if vault.history is not None:
        store = vault._store()
        with store.transaction():
            vault.history.append("slot.passphrase", f"slot:{old.id}", None,
                                 {"slot_id": old.id,
                                  "personal": key_material.personal_json(record)})  # fmt: skip

    def swapped(current: VaultFile) -> VaultFile:
        mine = current.slot(old.id)
        if mine is None:
            raise NotPermitted("Your key slot has been removed from this vault.")
        # Keep the shared layer on disk: a lead may have rekeyed since we opened, and
        # ours would still hold the old data key.
        new = replace(record, shared=mine.shared)
        slots = tuple(new if s.id == old.id else s for s in current.slots)
        unlocking.check_room(slots)
        return replace(current, slots=slots)

    vault._update_file(swapped, operation="passwd")
