"""Well-formed key slots nobody can open, at the most work the bounds allow: the slot flood
of a hostile vault.json (tests/core/test_slot_flood.py, tests/cli)."""

from __future__ import annotations

import base64
import secrets
from typing import Any

# The most one slot may ask for now: 1 GiB at 5 passes (the same work as 256 MiB at 20).
HOSTILE_KDF = {"memory_kib": 1024 * 1024, "iterations": 5, "lanes": 8}


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def hostile_slot(number: int, **kdf: int) -> dict[str, Any]:
    return {
        "id": secrets.token_hex(8), "label": f"Junk {number}", "role": "lead",
        "kdf": {"alg": "argon2id", **(kdf or HOSTILE_KDF), "salt": _b64(secrets.token_bytes(16))},
        "check": _b64(secrets.token_bytes(16)), "nonce": _b64(secrets.token_bytes(12)),
        "ciphertext": _b64(secrets.token_bytes(120)), "public": _b64(secrets.token_bytes(32)),
        "shared": _b64(secrets.token_bytes(140)),
    }  # fmt: skip
