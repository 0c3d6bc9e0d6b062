"""Thin wrappers over ``cryptography``: key derivation, sealing, signing.

Nothing here invents a primitive. Argon2id derives a passphrase key; HKDF splits it into a
wrapping key and a check value (so a wrong passphrase and a damaged slot can be told apart);
AES-256-GCM seals slot payloads and identities; X25519 + HKDF + AES-GCM seals identities to
the vault's identity key; Ed25519 signs history.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
import unicodedata
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as crypto_hmac
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from influence_desk.errors import BadInput, VaultDamaged

KEY_BYTES = 32
SALT_BYTES = 16
NONCE_BYTES = 12

# Never create a slot below this (DESIGN §3), never read one outside the bounds.
FLOOR_MEMORY_KIB = 64 * 1024
FLOOR_ITERATIONS = 3
FLOOR_LANES = 4
# The upper bounds are what a hostile vault.json may ask of this machine per slot. They sit
# above anything our calibration ever wrote (256 MiB, t <= 20, p = 4: a 5 s target on a fast
# machine), so every real slot, made on a fast desktop and opened on a slow laptop, fits:
# - memory <= 1 GiB: one derivation never takes more than a gigabyte (a 4 GB laptop survives);
# - iterations <= 20: earlier calibrations reached 20 at 256 MiB;
# - lanes <= 8: calibration always uses 4; more lanes only add threads;
# - work (MiB x iterations) <= 256 MiB x 20: the cost of one derivation (about 4.5 s on the
#   2-core reference machine, 0.9 ms per MiB-pass), so 1 GiB is allowed only with t <= 5.
MAX_MEMORY_KIB = 1024 * 1024
MAX_ITERATIONS = 20
MAX_LANES = 8
MAX_SLOT_WORK = 256 * 20


def _refused(what: str) -> VaultDamaged:
    # KDF parameters only ever come from vault.json: say which file is damaged.
    return VaultDamaged(f"vault.json is damaged: a key slot {what}.")


@dataclass(frozen=True)
class KdfParams:
    """Argon2id parameters of one key slot."""

    memory_kib: int
    iterations: int
    lanes: int
    salt: bytes

    def check_bounds(self) -> None:
        """Refuse parameters that could hang or exhaust the machine, before any derivation."""
        for name, value in (
            ("memory", self.memory_kib),
            ("iterations", self.iterations),
            ("lanes", self.lanes),
        ):
            if type(value) is not int:
                raise _refused(f"has a KDF {name} that is not a whole number")
        if not FLOOR_MEMORY_KIB <= self.memory_kib <= MAX_MEMORY_KIB:
            raise _refused("asks for KDF memory outside the safe range")
        if not FLOOR_ITERATIONS <= self.iterations <= MAX_ITERATIONS:
            raise _refused("asks for KDF iterations outside the safe range")
        if not 1 <= self.lanes <= MAX_LANES:
            raise _refused("asks for KDF lanes outside the safe range")
        if self.memory_kib < 8 * self.lanes:
            raise _refused("has KDF memory too small for its lanes")
        if self.work > MAX_SLOT_WORK:
            raise _refused("asks for more KDF work (memory times iterations) than any real slot")
        if len(self.salt) != SALT_BYTES:
            raise _refused("has a KDF salt of the wrong length")

    @property
    def work(self) -> int:
        """What one derivation costs, in MiB-passes (memory in MiB times iterations): time
        grows about linearly with each, whatever the lanes."""
        return self.memory_kib * self.iterations // 1024

    def describe(self) -> bytes:
        """Canonical bytes of the parameters, bound into the slot's associated data."""
        return (
            f"argon2id;m={self.memory_kib};t={self.iterations};p={self.lanes};s={self.salt.hex()}"
        ).encode()


def floor_params() -> KdfParams:
    """The cheapest parameters we allow: for tests and as calibration's starting point."""
    return KdfParams(FLOOR_MEMORY_KIB, FLOOR_ITERATIONS, FLOOR_LANES, secrets.token_bytes(16))


def normalise_passphrase(passphrase: str) -> bytes:
    """NFC, so the same passphrase typed on any keyboard or OS opens the same slot."""
    try:
        return unicodedata.normalize("NFC", passphrase).encode("utf-8")
    except UnicodeEncodeError as exc:  # bytes that were not UTF-8 (env, prompt, file)
        raise BadInput(
            "The passphrase is not valid UTF-8 text; check the terminal's encoding."
        ) from exc


def derive_passphrase_key(passphrase: str, params: KdfParams) -> bytes:
    params.check_bounds()
    kdf = Argon2id(
        salt=params.salt,
        length=KEY_BYTES,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    )
    return kdf.derive(normalise_passphrase(passphrase))


def calibrate(target_seconds: float = 1.0) -> KdfParams:
    """Parameters that take about ``target_seconds`` here, never below the floor.

    Memory is what makes Argon2id expensive to attack, so we pick the largest of
    256/128/64 MiB that fits the budget at t=3, then spend what is left on iterations
    (time grows about linearly with t at fixed memory)."""
    for memory in (256 * 1024, 128 * 1024, FLOOR_MEMORY_KIB):
        probe = KdfParams(memory, FLOOR_ITERATIONS, FLOOR_LANES, secrets.token_bytes(SALT_BYTES))
        started = time.perf_counter()
        derive_passphrase_key("calibration", probe)
        elapsed = max(time.perf_counter() - started, 1e-3)
        if elapsed <= target_seconds or memory == FLOOR_MEMORY_KIB:
            break
    iterations = round(FLOOR_ITERATIONS * target_seconds / elapsed)
    most = min(MAX_ITERATIONS, MAX_SLOT_WORK * 1024 // memory)  # a slot we would open again
    iterations = max(FLOOR_ITERATIONS, min(most, iterations))
    return KdfParams(memory, iterations, FLOOR_LANES, secrets.token_bytes(SALT_BYTES))


def hkdf(key: bytes, info: bytes, length: int = KEY_BYTES) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=info).derive(key)


def split_passphrase_key(derived: bytes) -> tuple[bytes, bytes]:
    """(wrapping key, check value). The check value only says whether the passphrase fits."""
    return hkdf(derived, b"influence-desk slot wrap v1"), hkdf(
        derived, b"influence-desk slot check v1", 16
    )


def checks_equal(a: bytes, b: bytes) -> bool:
    return hmac.compare_digest(a, b)


def random_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def aead_seal(key: bytes, plaintext: bytes, associated: bytes) -> tuple[bytes, bytes]:
    """AES-256-GCM with a fresh random nonce; returns (nonce, ciphertext+tag)."""
    nonce = secrets.token_bytes(NONCE_BYTES)
    return nonce, AESGCM(key).encrypt(nonce, plaintext, associated)


def aead_open(key: bytes, nonce: bytes, ciphertext: bytes, associated: bytes) -> bytes:
    """Raises ``InvalidTag`` when the key is wrong or anything was altered."""
    return AESGCM(key).decrypt(nonce, ciphertext, associated)


# --- sealing to the vault's identity key (X25519 + HKDF + AES-GCM) ------------------------

_SEAL_INFO = b"influence-desk identity seal v1"


def seal_to(recipient: X25519PublicKey, plaintext: bytes, context: bytes) -> bytes:
    """Anyone with the public key can seal; only the private key opens. Layout:
    ephemeral public key (32) || nonce (12) || AES-GCM ciphertext. ``context`` is bound as
    associated data, so a sealed blob cannot be moved to another object."""
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes_raw()
    shared = ephemeral.exchange(recipient)
    key = hkdf(shared, _SEAL_INFO + ephemeral_public + recipient.public_bytes_raw())
    nonce, ciphertext = aead_seal(key, plaintext, context)
    return ephemeral_public + nonce + ciphertext


def open_sealed(recipient: X25519PrivateKey, blob: bytes, context: bytes) -> bytes:
    if len(blob) < 32 + NONCE_BYTES + 16:
        raise VaultDamaged("A sealed identity is too short to be valid.")
    ephemeral_public = blob[:32]
    nonce = blob[32 : 32 + NONCE_BYTES]
    shared = recipient.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
    key = hkdf(shared, _SEAL_INFO + ephemeral_public + recipient.public_key().public_bytes_raw())
    try:
        return aead_open(key, nonce, blob[32 + NONCE_BYTES :], context)
    except InvalidTag as exc:
        raise VaultDamaged("A sealed identity failed its integrity check.") from exc


# --- signatures -------------------------------------------------------------------------


def new_signing_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def new_identity_key() -> X25519PrivateKey:
    return X25519PrivateKey.generate()


def public_raw(key: Ed25519PrivateKey | X25519PrivateKey) -> bytes:
    return key.public_key().public_bytes_raw()


def private_raw(key: Ed25519PrivateKey | X25519PrivateKey) -> bytes:
    return key.private_bytes_raw()


def key_id(public: bytes) -> str:
    """Short, stable id of a public key: 16 hex chars of its SHA-256."""
    return hashlib.sha256(public).hexdigest()[:16]


def sign(key: Ed25519PrivateKey, message: bytes) -> bytes:
    return key.sign(message)


def verify_signature(public: bytes, signature: bytes, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def keyed_digest(key: bytes, message: bytes) -> str:
    """HMAC-SHA256 of ``message`` under ``key``, as hex: a lookup key that only holders of
    ``key`` can compute or test a guess against."""
    mac = crypto_hmac.HMAC(key, hashes.SHA256())
    mac.update(message)
    return mac.finalize().hex()
