"""Key slots: one per person, wrapping what that person's role may hold.

The payload is sealed with AES-256-GCM under a key derived from the person's passphrase.
Its associated data binds vault id, slot id, label, role and KDF parameters, so relabelling,
re-roling or swapping a slot makes it fail authentication. A separate check value (HKDF of
the same derived key) tells a wrong passphrase from a damaged slot.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag

from influence_desk import crypto
from influence_desk.crypto import KdfParams
from influence_desk.errors import VaultDamaged
from influence_desk.model import Role
from influence_desk.vault.format import SlotRecord


@dataclass(frozen=True)
class SlotPayload:
    """What unlocking a slot yields. Rights come from which keys are present."""

    data_key: bytes
    identity_key: bytes | None = None  # X25519 private key (raw): opens sealed identities
    signing_key: bytes | None = None  # Ed25519 private key (raw): signs history

    def __repr__(self) -> str:  # never print keys, not even in a traceback
        return "SlotPayload(<keys hidden>)"

    def to_bytes(self) -> bytes:
        doc = {
            "data_key": self.data_key.hex(),
            "identity_key": self.identity_key.hex() if self.identity_key else None,
            "signing_key": self.signing_key.hex() if self.signing_key else None,
        }
        return json.dumps(doc, sort_keys=True).encode()

    @classmethod
    def from_bytes(cls, raw: bytes) -> SlotPayload:
        try:
            doc = json.loads(raw)
            data_key = bytes.fromhex(doc["data_key"])
            identity = bytes.fromhex(doc["identity_key"]) if doc["identity_key"] else None
            signing = bytes.fromhex(doc["signing_key"]) if doc["signing_key"] else None
        except (ValueError, KeyError, TypeError) as exc:
            raise VaultDamaged("A key slot's payload is malformed.") from exc
        if len(data_key) != 32 or any(k is not None and len(k) != 32 for k in (identity, signing)):
            raise VaultDamaged("A key slot's payload holds keys of the wrong size.")
        return cls(data_key, identity, signing)

    def fits_role(self, role: Role) -> bool:
        if role is Role.AUDITOR:
            return self.identity_key is None and self.signing_key is None
        return self.identity_key is not None and self.signing_key is not None

    def for_role(self, role: Role, signing_key: bytes | None) -> SlotPayload:
        """The payload a new person of ``role`` gets: an auditor only the data key."""
        if role is Role.AUDITOR:
            return SlotPayload(self.data_key)
        return SlotPayload(self.data_key, self.identity_key, signing_key)


def new_slot_id() -> str:
    return secrets.token_hex(8)


def associated_data(vault_id: str, slot_id: str, label: str, role: Role, kdf: KdfParams) -> bytes:
    return json.dumps(
        ["influence-desk slot v1", vault_id, slot_id, label, role.value, kdf.describe().decode()],
        ensure_ascii=False,
    ).encode("utf-8")


def wrap_slot(
    vault_id: str,
    slot_id: str,
    label: str,
    role: Role,
    passphrase: str,
    payload: SlotPayload,
    kdf: KdfParams,
) -> SlotRecord:
    if not payload.fits_role(role):
        raise ValueError("payload does not fit the role")
    wrap_key, check = crypto.split_passphrase_key(crypto.derive_passphrase_key(passphrase, kdf))
    nonce, ciphertext = crypto.aead_seal(
        wrap_key, payload.to_bytes(), associated_data(vault_id, slot_id, label, role, kdf)
    )
    return SlotRecord(slot_id, label, role, kdf, check, nonce, ciphertext)


def passphrase_fits(record: SlotRecord, passphrase: str) -> tuple[bool, bytes]:
    """Derive once; say whether the passphrase is this slot's, and return the wrap key."""
    wrap_key, check = crypto.split_passphrase_key(
        crypto.derive_passphrase_key(passphrase, record.kdf)
    )
    return crypto.checks_equal(check, record.check), wrap_key


def unwrap_with_key(vault_id: str, record: SlotRecord, wrap_key: bytes) -> SlotPayload:
    """Open a slot whose passphrase fitted; any failure now means the slot was altered."""
    ad = associated_data(vault_id, record.id, record.label, record.role, record.kdf)
    try:
        raw = crypto.aead_open(wrap_key, record.nonce, record.ciphertext, ad)
    except InvalidTag as exc:
        raise VaultDamaged(
            f"Key slot '{record.label}' was altered: the passphrase fits but its contents "
            "fail authentication."
        ) from exc
    payload = SlotPayload.from_bytes(raw)
    if not payload.fits_role(record.role):
        raise VaultDamaged(f"Key slot '{record.label}' holds keys that do not fit its role.")
    return payload
