"""Key slots: one per person, in two layers so a lead can rekey without anyone's passphrase.

* Personal layer: AES-256-GCM under a key derived (Argon2id) from the person's passphrase.
  It holds the slot's X25519 private key and, for writers, the person's Ed25519 signing key.
  Its associated data binds vault id, slot id, label, role, KDF parameters and the slot's
  public key, so relabelling, re-roling or swapping a slot makes it fail authentication.
  A separate check value (HKDF of the same derived key) tells a wrong passphrase from a
  damaged slot.
* Shared layer: the role's keys (data key; identity key for writers) sealed to the slot's
  X25519 public key (``crypto.seal_to``), bound to vault id, slot id, role and public key.
  A rekey reseals this layer for every remaining slot.

Rights come from which keys the layers hold, never from the label.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from influence_desk import crypto
from influence_desk.crypto import KdfParams
from influence_desk.errors import VaultDamaged
from influence_desk.model import Role
from influence_desk.vault.format import SlotRecord


@dataclass(frozen=True)
class SharedKeys:
    """The keys a role shares with everyone of that role."""

    data_key: bytes
    identity_key: bytes | None = None  # X25519 private (raw): opens sealed identities

    def __repr__(self) -> str:  # never print keys, not even in a traceback
        return "SharedKeys(<hidden>)"

    def for_role(self, role: Role) -> SharedKeys:
        return SharedKeys(self.data_key) if role is Role.AUDITOR else self


@dataclass(frozen=True)
class SlotPayload:
    """What unlocking a slot yields."""

    shared: SharedKeys
    signing_key: bytes | None  # Ed25519 private (raw): signs history
    slot_key: bytes  # X25519 private (raw) of the slot itself

    def __repr__(self) -> str:
        return "SlotPayload(<keys hidden>)"

    @property
    def data_key(self) -> bytes:
        return self.shared.data_key

    @property
    def identity_key(self) -> bytes | None:
        return self.shared.identity_key


def new_slot_id() -> str:
    return secrets.token_hex(8)


def _personal_ad(vault_id: str, record_id: str, label: str, role: Role, kdf: KdfParams,
                 public: bytes) -> bytes:  # fmt: skip
    return json.dumps(
        ["influence-desk slot v1", vault_id, record_id, label, role.value,
         kdf.describe().decode(), public.hex()],
        ensure_ascii=False,
    ).encode("utf-8")  # fmt: skip


def _shared_context(vault_id: str, record_id: str, role: Role, public: bytes) -> bytes:
    return json.dumps(
        ["influence-desk shared v1", vault_id, record_id, role.value, public.hex()]
    ).encode()


def _fits(role: Role, shared: SharedKeys, signing_key: bytes | None) -> bool:
    if role is Role.AUDITOR:
        return shared.identity_key is None and signing_key is None
    return shared.identity_key is not None and signing_key is not None


def seal_shared(
    vault_id: str, record_id: str, role: Role, public: bytes, shared: SharedKeys
) -> bytes:
    doc = {
        "data_key": shared.data_key.hex(),
        "identity_key": shared.identity_key.hex() if shared.identity_key else None,
    }
    return crypto.seal_to(
        X25519PublicKey.from_public_bytes(public),
        json.dumps(doc, sort_keys=True).encode(),
        _shared_context(vault_id, record_id, role, public),
    )


def wrap_slot(
    vault_id: str,
    slot_id: str,
    label: str,
    role: Role,
    passphrase: str,
    shared: SharedKeys,
    signing_key: bytes | None,
    kdf: KdfParams,
    slot_key: bytes | None = None,
) -> SlotRecord:
    """A new slot (or, with ``slot_key``, the same slot under a new passphrase)."""
    shared = shared.for_role(role)
    if not _fits(role, shared, signing_key):
        raise ValueError("keys do not fit the role")
    private = (
        X25519PrivateKey.from_private_bytes(slot_key) if slot_key else X25519PrivateKey.generate()
    )
    public = private.public_key().public_bytes_raw()
    personal = json.dumps(
        {"slot_key": private.private_bytes_raw().hex(),
         "signing_key": signing_key.hex() if signing_key else None},
        sort_keys=True,
    ).encode()  # fmt: skip
    wrap_key, check = crypto.split_passphrase_key(crypto.derive_passphrase_key(passphrase, kdf))
    nonce, ciphertext = crypto.aead_seal(
        wrap_key, personal, _personal_ad(vault_id, slot_id, label, role, kdf, public)
    )
    return SlotRecord(
        id=slot_id, label=label, role=role, kdf=kdf, check=check, nonce=nonce,
        ciphertext=ciphertext, public=public,
        shared=seal_shared(vault_id, slot_id, role, public, shared),
    )  # fmt: skip


def reseal_shared(vault_id: str, record: SlotRecord, shared: SharedKeys) -> SlotRecord:
    """The same slot with its shared layer resealed (rekey): no passphrase needed."""
    from dataclasses import replace

    sealed = seal_shared(
        vault_id, record.id, record.role, record.public, shared.for_role(record.role)
    )
    return replace(record, shared=sealed)


def passphrase_fits(record: SlotRecord, passphrase: str) -> tuple[bool, bytes]:
    """Derive once; say whether the passphrase is this slot's, and return the wrap key."""
    wrap_key, check = crypto.split_passphrase_key(
        crypto.derive_passphrase_key(passphrase, record.kdf)
    )
    return crypto.checks_equal(check, record.check), wrap_key


def unwrap_with_key(vault_id: str, record: SlotRecord, wrap_key: bytes) -> SlotPayload:
    """Open a slot whose passphrase fitted; any failure now means the slot was altered."""
    altered = VaultDamaged(
        f"Key slot '{record.label}' was altered: the passphrase fits but its contents fail "
        "authentication."
    )
    ad = _personal_ad(vault_id, record.id, record.label, record.role, record.kdf, record.public)
    try:
        personal = json.loads(crypto.aead_open(wrap_key, record.nonce, record.ciphertext, ad))
        slot_key = bytes.fromhex(personal["slot_key"])
        signing = bytes.fromhex(personal["signing_key"]) if personal["signing_key"] else None
    except (InvalidTag, ValueError, KeyError, TypeError) as exc:
        raise altered from exc
    private = X25519PrivateKey.from_private_bytes(slot_key)
    if private.public_key().public_bytes_raw() != record.public:
        raise altered
    context = _shared_context(vault_id, record.id, record.role, record.public)
    try:
        doc = json.loads(crypto.open_sealed(private, record.shared, context))
        data_key = bytes.fromhex(doc["data_key"])
        identity = bytes.fromhex(doc["identity_key"]) if doc["identity_key"] else None
    except (VaultDamaged, ValueError, KeyError, TypeError) as exc:
        raise altered from exc
    shared = SharedKeys(data_key, identity)
    if len(data_key) != 32 or (identity is not None and len(identity) != 32):
        raise altered
    if signing is not None and len(signing) != 32:
        raise altered
    if not _fits(record.role, shared, signing):
        raise VaultDamaged(f"Key slot '{record.label}' holds keys that do not fit its role.")
    return SlotPayload(shared, signing, slot_key)


def open_shared(vault_id: str, record: SlotRecord, slot_key: bytes, blob: bytes) -> SharedKeys:
    """The role's keys in ``blob``, a shared layer sealed to ``record``'s public key (a rekey
    entry's, from another replica), opened with the slot's own private key."""
    altered = VaultDamaged(f"The new keys for key slot '{record.label}' do not open.")
    private = X25519PrivateKey.from_private_bytes(slot_key)
    context = _shared_context(vault_id, record.id, record.role, record.public)
    try:
        doc = json.loads(crypto.open_sealed(private, blob, context))
        data_key = bytes.fromhex(doc["data_key"])
        identity = bytes.fromhex(doc["identity_key"]) if doc["identity_key"] else None
    except (VaultDamaged, ValueError, KeyError, TypeError) as exc:
        raise altered from exc
    if len(data_key) != 32 or (identity is not None and len(identity) != 32):
        raise altered
    return SharedKeys(data_key, identity)
