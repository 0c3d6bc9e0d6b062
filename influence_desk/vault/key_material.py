"""What a signed slot or rekey entry carries so that other replicas can update their own
vault.json (DESIGN §11: slot changes and rekeys travel in bundles).

Only what vault.json itself holds travels, never a passphrase or an unsealed key:

* ``slot.add`` payload ``record``: the new slot as vault.json stores it (label, role, KDF
  parameters, check value, the personal layer's nonce and ciphertext, public key, shared
  layer sealed to that public key).
* ``slot.passphrase`` payload ``personal``: the slot's new personal layer (KDF parameters,
  check value, nonce, ciphertext); the shared layer stays what the receiving copy holds.
* ``slot.remove`` payload ``accepted``: every replica's head as the lead's copy held it then
  (``{replica: [rseq, hash]}``): how far the removed person's chains were accepted.
* ``vault.rekey`` payload ``sealed``: ``{slot id: shared layer}``, the new keys sealed to
  each remaining slot's public key, and ``previous``: the old data key sealed under a key
  derived from the new one, so whoever holds the new key can still read bundles written
  before (and a removed person, who holds neither, can read nothing after).

The entry's signature covers the payload, so a slot nobody trusted signed never reaches a
vault.json. Everything here is parsed as hostile input (sync/keys.py checks it before a
bundle applies).
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from cryptography.exceptions import InvalidTag

from influence_desk import crypto
from influence_desk.crypto import KdfParams
from influence_desk.errors import VaultDamaged
from influence_desk.model import Role
from influence_desk.vault.format import MAX_CIPHERTEXT_BYTES, MAX_LABEL_CHARS, SlotRecord

_PREVIOUS_LABEL = b"influence-desk previous data key v1 "


class MaterialDamaged(ValueError):
    """Key material in an entry that does not have the shape it must have."""


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _unb64(value: Any, length: int | None = None) -> bytes:
    if not isinstance(value, str) or len(value) > MAX_CIPHERTEXT_BYTES * 2:
        raise MaterialDamaged("not base64 text")
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise MaterialDamaged("not base64") from None
    if (length is not None and len(raw) != length) or len(raw) > MAX_CIPHERTEXT_BYTES:
        raise MaterialDamaged("wrong length")
    return raw


def _kdf_json(kdf: KdfParams) -> dict[str, Any]:
    return {"memory_kib": kdf.memory_kib, "iterations": kdf.iterations, "lanes": kdf.lanes,
            "salt": _b64(kdf.salt)}  # fmt: skip


def _kdf_of(raw: Any) -> KdfParams:
    if not isinstance(raw, dict) or set(raw) != {"memory_kib", "iterations", "lanes", "salt"}:
        raise MaterialDamaged("no KDF parameters")
    numbers = [raw["memory_kib"], raw["iterations"], raw["lanes"]]
    if any(type(n) is not int for n in numbers):
        raise MaterialDamaged("KDF parameters are not numbers")
    kdf = KdfParams(numbers[0], numbers[1], numbers[2], _unb64(raw["salt"], 16))
    try:
        kdf.check_bounds()
    except (VaultDamaged, ValueError):
        raise MaterialDamaged("KDF parameters out of bounds") from None
    return kdf


def personal_json(record: SlotRecord) -> dict[str, Any]:
    """A slot's personal layer (what a passphrase change replaces)."""
    return {"kdf": _kdf_json(record.kdf), "check": _b64(record.check),
            "nonce": _b64(record.nonce), "ciphertext": _b64(record.ciphertext)}  # fmt: skip


def record_json(record: SlotRecord) -> dict[str, Any]:
    """A whole slot as vault.json holds it (what ``slot.add`` carries)."""
    return {"id": record.id, "label": record.label, "role": record.role.value,
            **personal_json(record), "public": _b64(record.public),
            "shared": _b64(record.shared)}  # fmt: skip


def with_personal(record: SlotRecord, raw: Any) -> SlotRecord:
    """``record`` with the personal layer ``raw`` (a ``slot.passphrase`` payload's)."""
    from dataclasses import replace

    if not isinstance(raw, dict) or set(raw) != {"kdf", "check", "nonce", "ciphertext"}:
        raise MaterialDamaged("no personal layer")
    return replace(
        record, kdf=_kdf_of(raw["kdf"]), check=_unb64(raw["check"], 16),
        nonce=_unb64(raw["nonce"], 12), ciphertext=_unb64(raw["ciphertext"]),
    )  # fmt: skip


def record_of(raw: Any) -> SlotRecord:
    """The slot a ``slot.add`` payload carries."""
    keys = {"id", "label", "role", "kdf", "check", "nonce", "ciphertext", "public", "shared"}
    if not isinstance(raw, dict) or set(raw) != keys:
        raise MaterialDamaged("no slot record")
    slot_id, label = raw["id"], raw["label"]
    if not isinstance(slot_id, str) or len(slot_id) != 16 or slot_id.strip("0123456789abcdef"):
        raise MaterialDamaged("malformed slot id")
    if not isinstance(label, str) or not label.strip() or len(label) > MAX_LABEL_CHARS:
        raise MaterialDamaged("malformed label")
    try:
        role = Role(raw["role"])
    except ValueError:
        raise MaterialDamaged("unknown role") from None
    blank = SlotRecord(slot_id, label, role, KdfParams(0, 0, 0, b""), b"", b"", b"",
                       _unb64(raw["public"], 32), _unb64(raw["shared"]))  # fmt: skip
    personal = {k: raw[k] for k in ("kdf", "check", "nonce", "ciphertext")}
    return with_personal(blank, personal)


def sealed_json(sealed: dict[str, bytes]) -> dict[str, str]:
    return {slot_id: _b64(blob) for slot_id, blob in sorted(sealed.items())}


def sealed_of(raw: Any) -> dict[str, bytes]:
    if not isinstance(raw, dict) or not raw:
        raise MaterialDamaged("no sealed keys")
    return {str(slot_id): _unb64(blob) for slot_id, blob in raw.items()}


def _previous_context(vault_id: str) -> bytes:
    return _PREVIOUS_LABEL + vault_id.encode("ascii")


def seal_previous(vault_id: str, new_key: bytes, old_key: bytes) -> str:
    """The old data key sealed under a key derived from the new one."""
    nonce, sealed = crypto.aead_seal(
        crypto.hkdf(new_key, _previous_context(vault_id)), old_key, _previous_context(vault_id)
    )
    return _b64(nonce + sealed)


def open_previous(vault_id: str, new_key: bytes, raw: Any) -> bytes:
    blob = _unb64(raw, crypto.NONCE_BYTES + 32 + 16)
    try:
        return crypto.aead_open(crypto.hkdf(new_key, _previous_context(vault_id)),
                                blob[: crypto.NONCE_BYTES], blob[crypto.NONCE_BYTES :],
                                _previous_context(vault_id))  # fmt: skip
    except InvalidTag:
        raise MaterialDamaged("the previous key does not open") from None
