"""A note's sealed spellings when its text fields come from different versions.

A note's original spellings ("surfaces", textformat) are sealed to the identity key, one
blob per saved version. A note merged field by field (sync/three_way.py) shows, say, the
title of one version and the body of another: its spellings are those versions' blobs put
side by side, never opened and sealed again (no identity key is needed to merge, and the
result is the same bytes on every replica). A *composite* is::

    MAGIC, u32 header length, header (canonical JSON), then each part: u32 length, bytes

The header names, per text field, its segments ``[part, field, count]``: that field's list
from the part (a sealed blob, or another composite) cut to ``count`` entries (-1: all),
the segments joined in order. A sealed blob begins with a random X25519 key, so MAGIC
starting one by chance is a 2^-64 event. Opening needs the identity key (desk/notes.py).
"""

from __future__ import annotations

import json
import struct
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from influence_desk.canonical import canonical
from influence_desk.errors import VaultDamaged

MAGIC = b"IDSPELL\x01"
TEXT_FIELDS = ("title", "summary", "body")
_MAX_DEPTH = 64


@dataclass(frozen=True)
class Segment:
    blob: bytes | None  # a sealed blob or a composite; None: no spellings
    field: str  # which of its fields
    count: int = -1  # how many of its entries (-1: all)


def is_composite(blob: bytes | None) -> bool:
    return blob is not None and bytes(blob[: len(MAGIC)]) == MAGIC


def compose(fields: Mapping[str, Sequence[Segment]]) -> bytes | None:
    """The composite of ``fields`` (each text field's segments); one whole blob when every
    field takes all of its own list from the same blob; None when no segment has one."""
    blobs = {s.blob for segs in fields.values() for s in segs if s.blob is not None}
    if not blobs:
        return None
    whole = all(len(segs) == 1 and segs[0].field == f and segs[0].count == -1
                for f, segs in fields.items())  # fmt: skip
    if whole and len(blobs) == 1 and all(segs[0].blob is not None for segs in fields.values()):
        return bytes(next(iter(blobs)))
    parts = sorted(bytes(b) for b in blobs)
    index = {b: i for i, b in enumerate(parts)}
    header = {f: [[None if s.blob is None else index[bytes(s.blob)], s.field, s.count]
                  for s in segs] for f, segs in sorted(fields.items())}  # fmt: skip
    head = canonical(header)
    out = [MAGIC, struct.pack(">I", len(head)), head]
    for part in parts:
        out += [struct.pack(">I", len(part)), part]
    return b"".join(out)


def open_composite(
    blob: bytes, open_sealed: Callable[[bytes], dict[str, list[str]]], depth: int = 0
) -> dict[str, list[str]]:
    """Each text field's spellings of a composite (``open_sealed`` opens a sealed part)."""
    if depth > _MAX_DEPTH:
        raise VaultDamaged("A note's sealed name list is unreadable.")
    try:
        pos = len(MAGIC)
        (size,) = struct.unpack(">I", blob[pos : pos + 4])
        header = json.loads(blob[pos + 4 : pos + 4 + size])
        pos += 4 + size
        parts: list[bytes] = []
        while pos < len(blob):
            (length,) = struct.unpack(">I", blob[pos : pos + 4])
            parts.append(bytes(blob[pos + 4 : pos + 4 + length]))
            pos += 4 + length
        cache: dict[int, dict[str, list[str]]] = {}
        out: dict[str, list[str]] = {f: [] for f in TEXT_FIELDS}
        for name in TEXT_FIELDS:
            for part, field, count in header.get(name, []):
                if part is None:
                    continue
                if part not in cache:
                    raw = parts[part]
                    cache[part] = (open_composite(raw, open_sealed, depth + 1)
                                   if is_composite(raw) else open_sealed(raw))  # fmt: skip
                taken = cache[part][str(field)]
                out[name] += taken if count < 0 else taken[:count]
        return out
    except (ValueError, KeyError, TypeError, IndexError, struct.error) as exc:
        raise VaultDamaged("A note's sealed name list is unreadable.") from exc
