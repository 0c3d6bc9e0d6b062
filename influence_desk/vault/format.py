"""vault.json: the only plaintext file of a vault. Parsed as hostile input.

Layout (version 1)::

    {"format": "influence-desk-vault", "version": 1, "vault_id": "<uuid4>",
     "slots": [{"id": "<16 hex>", "label": "...", "role": "lead|researcher|auditor",
                "kdf": {"alg": "argon2id", "memory_kib": int, "iterations": int,
                        "lanes": int, "salt": "<base64>"},
                "check": "<base64, 16 bytes>", "nonce": "<base64, 12 bytes>",
                "ciphertext": "<base64>", "public": "<base64, 32 bytes>",
                "shared": "<base64>"}]}

Nothing secret is in it; everything in a slot is bound into its AEAD associated data, so any
edit makes that slot fail authentication instead of granting anything.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from influence_desk import killpoints
from influence_desk.crypto import KdfParams
from influence_desk.durable import fsync_path
from influence_desk.errors import NewerVaultFormat, VaultDamaged
from influence_desk.model import Role
from influence_desk.vault.lock import vault_file_lock

FORMAT_NAME = "influence-desk-vault"
FORMAT_VERSION = 1
MAX_VAULT_JSON_BYTES = 1024 * 1024
VAULT_FILE = "vault.json"  # the one plaintext file: what makes a folder a vault
# A team is a handful of people; each slot may cost a derivation on a wrong passphrase.
MAX_SLOTS = 64
MAX_LABEL_CHARS = 200
MAX_CIPHERTEXT_BYTES = 4096


@dataclass(frozen=True)
class SlotRecord:
    id: str
    label: str
    role: Role
    kdf: KdfParams
    check: bytes
    nonce: bytes
    ciphertext: bytes
    public: bytes  # the slot's X25519 public key
    shared: bytes  # the role's keys sealed to ``public``


@dataclass(frozen=True)
class VaultFile:
    vault_id: str
    slots: tuple[SlotRecord, ...]
    version: int = FORMAT_VERSION

    def slot(self, slot_id: str) -> SlotRecord | None:
        return next((s for s in self.slots if s.id == slot_id), None)


def _b64(value: Any, what: str, length: int | None = None, max_length: int = 4096) -> bytes:
    if not isinstance(value, str) or len(value) > max_length * 2:
        raise VaultDamaged(f"vault.json is damaged: {what} is not base64 text.")
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise VaultDamaged(f"vault.json is damaged: {what} is not valid base64.") from exc
    if length is not None and len(raw) != length:
        raise VaultDamaged(f"vault.json is damaged: {what} has the wrong length.")
    if len(raw) > max_length:
        raise VaultDamaged(f"vault.json is damaged: {what} is too long.")
    return raw


def _field(obj: dict[str, Any], key: str, kind: type, where: str) -> Any:
    if key not in obj:
        raise VaultDamaged(f"vault.json is damaged: {where} has no '{key}'.")
    value = obj[key]
    # bool is an int in Python; a hostile file must not sneak True in as a number.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise VaultDamaged(f"vault.json is damaged: '{key}' of {where} has the wrong type.")
    return value


def _parse_slot(raw: Any, index: int) -> SlotRecord:
    where = f"slot {index + 1}"
    if not isinstance(raw, dict):
        raise VaultDamaged(f"vault.json is damaged: {where} is not an object.")
    slot_id = _field(raw, "id", str, where)
    if len(slot_id) != 16 or any(c not in "0123456789abcdef" for c in slot_id):
        raise VaultDamaged(f"vault.json is damaged: {where} has a malformed id.")
    label = _field(raw, "label", str, where)
    if len(label) > MAX_LABEL_CHARS:
        raise VaultDamaged(f"vault.json is damaged: {where} has an overlong label.")
    role_text = _field(raw, "role", str, where)
    try:
        role = Role(role_text)
    except ValueError as exc:
        raise VaultDamaged(f"vault.json is damaged: {where} has an unknown role.") from exc
    kdf_raw = _field(raw, "kdf", dict, where)
    if kdf_raw.get("alg") != "argon2id":
        raise VaultDamaged(f"vault.json is damaged: {where} names an unknown KDF.")
    kdf = KdfParams(
        memory_kib=_field(kdf_raw, "memory_kib", int, where),
        iterations=_field(kdf_raw, "iterations", int, where),
        lanes=_field(kdf_raw, "lanes", int, where),
        salt=_b64(kdf_raw.get("salt"), f"the salt of {where}", 16),
    )
    kdf.check_bounds()  # before anyone derives anything from it
    return SlotRecord(
        id=slot_id,
        label=label,
        role=role,
        kdf=kdf,
        check=_b64(raw.get("check"), f"the check value of {where}", 16),
        nonce=_b64(raw.get("nonce"), f"the nonce of {where}", 12),
        ciphertext=_b64(
            raw.get("ciphertext"), f"the ciphertext of {where}", max_length=MAX_CIPHERTEXT_BYTES
        ),
        public=_b64(raw.get("public"), f"the public key of {where}", 32),
        shared=_b64(
            raw.get("shared"), f"the shared keys of {where}", max_length=MAX_CIPHERTEXT_BYTES
        ),
    )


def parse_vault_json(data: bytes) -> VaultFile:
    """Parse and validate; every problem is a ``VaultDamaged`` with one sentence."""
    if len(data) > MAX_VAULT_JSON_BYTES:
        raise VaultDamaged("vault.json is damaged: it is far larger than any real vault's.")
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        # ValueError, not only JSONDecodeError: an integer of thousands of digits trips
        # Python's int-conversion limit inside json.loads.
        raise VaultDamaged("vault.json is damaged: it is not valid JSON.") from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT_NAME:
        raise VaultDamaged("vault.json is damaged: it is not an Influence Desk vault file.")
    version = _field(doc, "version", int, "the file")
    if version > FORMAT_VERSION:
        raise NewerVaultFormat(
            f"This vault uses format {version}, made by a newer Influence Desk; "
            "update the app to open it."
        )
    if version < 1:
        raise VaultDamaged("vault.json is damaged: its format version is invalid.")
    vault_id = _field(doc, "vault_id", str, "the file")
    try:
        uuid.UUID(vault_id)
    except ValueError as exc:
        raise VaultDamaged("vault.json is damaged: the vault id is not a UUID.") from exc
    raw_slots = _field(doc, "slots", list, "the file")
    if not raw_slots:
        raise VaultDamaged("vault.json is damaged: it has no usable key slots.")
    if len(raw_slots) > MAX_SLOTS:
        raise VaultDamaged(
            "vault.json looks hostile or damaged: it has more key slots than any real vault."
        )
    slots = tuple(_parse_slot(raw, i) for i, raw in enumerate(raw_slots))
    if len({s.id for s in slots}) != len(slots):
        raise VaultDamaged("vault.json is damaged: two key slots share an id.")
    return VaultFile(vault_id=vault_id, slots=slots, version=version)


def dump_vault_json(vault: VaultFile) -> bytes:
    def enc(raw: bytes) -> str:
        return base64.b64encode(raw).decode("ascii")

    doc = {
        "format": FORMAT_NAME,
        "version": vault.version,
        "vault_id": vault.vault_id,
        "slots": [
            {
                "id": s.id,
                "label": s.label,
                "role": s.role.value,
                "kdf": {
                    "alg": "argon2id",
                    "memory_kib": s.kdf.memory_kib,
                    "iterations": s.kdf.iterations,
                    "lanes": s.kdf.lanes,
                    "salt": enc(s.kdf.salt),
                },
                "check": enc(s.check),
                "nonce": enc(s.nonce),
                "ciphertext": enc(s.ciphertext),
                "public": enc(s.public),
                "shared": enc(s.shared),
            }
            for s in vault.slots
        ],
    }
    return (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def read_vault_file(folder: Path) -> VaultFile:
    path = folder / VAULT_FILE
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_VAULT_JSON_BYTES + 1)
    except FileNotFoundError as exc:
        raise VaultDamaged(f"{folder.name} is not a vault: it has no vault.json.") from exc
    except IsADirectoryError as exc:
        raise VaultDamaged("vault.json is damaged: it is a folder.") from exc
    return parse_vault_json(data)


def write_atomically(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Write a temp file beside ``path`` (owner-only), fsync, rename, fsync the folder."""
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        os.fchmod(fd, mode)
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    fsync_path(path.parent)


def write_vault_file(folder: Path, vault: VaultFile) -> None:
    write_atomically(folder / VAULT_FILE, dump_vault_json(vault))


def update_vault_file(
    folder: Path,
    vault_id: str,
    change: Callable[[VaultFile], VaultFile],
    operation: str | None = None,
) -> VaultFile:
    """Apply ``change`` to vault.json as it is on disk now, not as it was when the vault was
    opened: writing a stale copy back could undo another person's passphrase change, or
    bring back a slot a lead removed. Writing it is ``operation``'s commit point
    (killpoints). Returns what was written."""
    with vault_file_lock(folder):
        current = read_vault_file(folder)
        if current.vault_id != vault_id:
            raise VaultDamaged("The vault is damaged: vault.json now names another vault.")
        new_file = change(current)
        if operation:
            killpoints.before_commit(operation)
        write_vault_file(folder, new_file)
        if operation:
            killpoints.after_commit(operation)
    return new_file
