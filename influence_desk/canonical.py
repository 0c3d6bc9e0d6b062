"""Canonical serialisation for hashing: one byte string per value, everywhere.

JSON with keys sorted, no whitespace, UTF-8 without ASCII escaping, no NaN. Bytes are hex
strings and dates ISO 8601 before they reach here.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any


def canonical(obj: Any) -> bytes:
    return json.dumps(
        obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def content_hash(content: Mapping[str, Any] | None) -> str:
    """SHA-256 of an object's canonical content; empty for "no content"."""
    return "" if content is None else hashlib.sha256(canonical(content)).hexdigest()
