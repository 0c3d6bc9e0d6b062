"""Vault settings merged key by key from concurrent changes (DESIGN §11 "Merge").

Each ``vault.settings`` entry signs the whole settings table (its content hash) and, in its
payload (``digests``), a digest of every key and value in it (SHA-256 of the canonical
``[key, value]``: never the text, which a person registered later must not be left in
history as). When the newest entry had seen every other, its table stands. When several
are open (two replicas changed settings without seeing each other), the tables are merged
three-way, key by key, against the table both had seen, exactly as a note's fields are
(sync/three_way.py ``NoteDag``, over the digests): a key changed on one side only takes
that side's value, a key removed on one side and untouched on the other is removed, and
the same key changed on both sides to different values takes the value of the later entry
in the deterministic order (clock, replica, number). Settings are not people's text, so no
conflict is kept for a person to resolve. The digests are a pure function of the entries,
so every replica and ``verify`` compute the same table; no entry is written for it.

The values come from this copy's table and from what a bundle carries for each settings
entry: the values of the sender's table that entry signed (key by key, by its digests),
since after a merge the sender's table is no single entry's. A value the merge needs that
neither holds refuses the bundle. An entry from before the digests were signed counts only
while it is the table stored here; a merge that needs one that is not falls back to the
newest table, as before.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Set
from typing import TYPE_CHECKING, Any

from influence_desk.canonical import canonical, content_hash
from influence_desk.history import Entry
from influence_desk.sync.three_way import NoteDag, changes, one_head, seen, shown

if TYPE_CHECKING:
    from influence_desk.store import Store

__all__ = [
    "DIGESTS_PAYLOAD",
    "META_OBJECT",
    "digests",
    "merge",
    "merged_digests",
    "merged_settings",
    "signed_digests",
    "table_of",
]

META_OBJECT = "vault:meta"
DIGESTS_PAYLOAD = "digests"
KEY_PREFIX = "s:"  # field names of the merge: keys prefixed (never a note field's name)


def digest(key: str, value: str) -> str:
    return hashlib.sha256(canonical([key, value])).hexdigest()


def digests(table: Mapping[str, str]) -> dict[str, str]:
    """What a settings entry's payload signs of its table, key by key."""
    return {str(k): digest(str(k), str(v)) for k, v in table.items()}


def signed_digests(entry: Entry, store: Store | None = None) -> dict[str, str] | None:
    """The per-key digests of the table ``entry`` signed: from its payload, or from the
    stored table if it is that one (an entry from before the digests)."""
    signed = entry.payload.get(DIGESTS_PAYLOAD)
    if isinstance(signed, dict) and all(isinstance(v, str) for v in signed.values()):
        return {str(k): v for k, v in signed.items()}
    if store is not None:
        current = store.all_meta()
        if content_hash(current) == entry.content_hash:
            return digests(current)
    return None


def cut_point(entries: list[Entry]) -> int:
    """The newest entry that had seen every one before it and that every later one had
    seen: what came before it is only its table (the merge starts there)."""
    for i in range(len(entries) - 1, 0, -1):
        if all(seen(entries[i], later) for later in entries[i + 1 :]) and all(
            seen(earlier, entries[i]) for earlier in entries[:i]
        ):
            return i
    return 0


def merged_digests(store: Store, entries: list[Entry]) -> dict[str, str] | None:
    """The per-key digests of the settings table of ``entries`` (the settings entries, in
    order) when several are open; None when the newest alone stands, or an entry the
    merge needs signed no digests (and is not the stored table)."""
    if not entries or one_head(entries):
        return None
    part = entries[cut_point(entries) :]
    tables: dict[str, dict[str, str]] = {}
    for entry in part:
        table = signed_digests(entry, store)
        if table is None:
            return None
        tables[entry.entry_hash] = table
    return merge(part, tables)


def merge(
    entries: list[Entry], tables: Mapping[str, dict[str, str]], void: Set[str] = frozenset()
) -> dict[str, str] | None:
    """The per-key digests ``entries`` merge to, each entry's table of digests in ``tables``
    (by entry hash), leaving out the ``void`` ones (sync/void_objects.py); None when every
    entry is void."""
    keys = sorted({k for t in tables.values() for k in t})
    mask = sum(1 << i for i, e in enumerate(entries) if e.entry_hash in void)

    def values(table: Mapping[str, Any]) -> dict[str, Any]:
        return {KEY_PREFIX + k: table.get(k) for k in keys}  # None: removed (or never there)

    dag = NoteDag(entries, lambda e: (tables[e.entry_hash], None), values, void=mask)
    state = dag.state((1 << len(entries)) - 1)
    if state is None:
        return None
    out = {name[len(KEY_PREFIX) :]: shown(name, fs) for name, fs in state.fields.items()}
    return {k: str(v) for k, v in sorted(out.items()) if v is not None}


def table_of(wanted: Mapping[str, str], held: Iterable[Mapping[str, Any]]) -> dict[str, str] | None:
    """The table whose per-key digests are ``wanted``, its values found in ``held`` (this
    copy's table, what a bundle carried); None if a value is in none of them."""
    pool = list(held)
    out: dict[str, str] = {}
    for key, want in wanted.items():
        found = next((str(t[key]) for t in pool
                      if key in t and digest(key, str(t[key])) == want), None)  # fmt: skip
        if found is None:
            return None
        out[key] = found
    return out


def merged_settings(store: Store) -> dict[str, str]:
    """For ``verify``: the content hash the settings table must have when concurrent
    settings entries are open (empty when the newest entry stands): the stored table's own
    if its every key and value is what the merge computes, else one it cannot have."""
    wanted = merged_digests(store, changes(store.history_of_objects(META_OBJECT), META_OBJECT))
    if wanted is None:
        return {}
    current = store.all_meta()
    return {META_OBJECT: content_hash(current) if digests(current) == wanted else "-"}
