"""Checking another replica's entries before anything of them is applied.

Each entry must be what its hash says (the v2 hash over every field), signed by someone this
vault trusts now, continue its replica's chain exactly where this copy holds it, name only
heads this copy already holds, and carry the clock those imply. An entry this copy already
holds must be the very same entry (a second history under the same numbers is a fork, not
news). A bundle that names heads not held yet is not refused: it waits for the bundle that
brings them. Only changes this version can merge are accepted: notes (created, edited,
deleted, restored, resolved), events, organisations and sources (sync/sources.py),
attachments, name reviews, vault settings, the emptied trash, and entries that change no
object (a reveal, an export, a replica made, versions re-encoded: a closed list); anything
else is refused as a whole bundle, so nothing is half-applied.

Trust is checked against who is trusted now (sync/keys.py ``Trust``, followed through the
bundle): an entry signed by a member removed since is accepted only up to the point of its
replica that the signed removal recorded (``accepted``), never beyond it, on every replica
(beyond it only as void entries another's heads named: sync/void.py).
Slot changes and rekeys that carry their keys travel too (sync/keys.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from influence_desk import schema
from influence_desk.history import MIGRATE_ACTION, SCHEMA_OBJECT, Entry
from influence_desk.history_checks import (
    GENESIS_PREV,
    SIGNATURE_BATCH,
    PendingSignature,
    SignatureChecks,
)
from influence_desk.store import Store
from influence_desk.sync.attachments import is_attachment
from influence_desk.sync.bundle_format import BundleRefused
from influence_desk.sync.changes import NOTE_PREFIX, REFERENCES, Carried, object_kind
from influence_desk.sync.keys import Trust, travels
from influence_desk.sync.sources import is_source_change
from influence_desk.sync.vault_objects import emptied_in, is_vault_object

# Entries that record an event and change no object: they travel on any object. The schema
# does not travel. Slot changes and rekeys that carry their keys do (sync/keys.py), and so do
# sources, attachments, name reviews, settings and the emptied trash (sync/sources.py,
# sync/attachments.py, sync/vault_objects.py). A ``note.versions``, ``source.versions`` or
# ``object.versions`` entry (kept versions re-encoded for names known later) travels as an
# event: the numbers it names are its own replica's local ones (versions.py,
# sync/source_versions.py, sync/object_versions.py read it so).
_EVENTS_ONLY = frozenset({"source.reveal", "note.reveal", "vault.export", "replica.create",
                          "note.versions", "source.versions", "object.versions",
                          "history.seen"})  # fmt: skip


@dataclass(frozen=True)
class Checked:
    """What a bundle brings that this copy does not hold yet (``new``), or that it waits
    for heads not held (``waiting``)."""

    new: list[Carried]
    waiting: bool = False


def _mergeable(entry: Entry) -> bool:
    if travels(entry):  # slot changes and rekeys (sync/keys.py)
        return True
    if entry.action == MIGRATE_ACTION:
        return _known_migration(entry)
    if entry.action in _EVENTS_ONLY:
        return not entry.content_hash
    if is_attachment(entry) or is_vault_object(entry) or is_source_change(entry):
        return True
    kind = object_kind(entry.object_id)
    return (kind == "note" or kind in REFERENCES) and entry.action.startswith(kind + ".")


def _known_migration(entry: Entry) -> bool:
    """A replica's ``vault.migrate`` entry (it opened its copy with a newer release) travels
    as an event: each copy migrates its own database, to the same schema this version makes
    (history.schema_step takes the same migration by two replicas). One to a schema this
    version does not know is refused: a newer release wrote it."""
    payload = entry.payload
    target = payload.get("to")
    if entry.object_id != SCHEMA_OBJECT or type(target) is not int:
        return False
    if not 1 < target <= schema.current_version() or payload.get("from") != target - 1:
        return False
    return payload.get("schema_sha256") == schema.expected_schema(target).digest


def check_bundle(
    store: Store,
    vault_id: str,
    trusted: Trust,
    carried: list[Carried],
    shown: str,
) -> Checked:
    """The entries of one bundle not yet held, each checked; BundleRefused otherwise."""
    new: list[Carried] = []
    held_here = _Held(store, carried)
    for item in carried:
        entry = item.entry
        held = held_here.get(entry.replica, entry.rseq)
        if held is not None:
            if held.entry_hash != entry.entry_hash:
                raise BundleRefused(
                    f"{shown} rewrites entries this vault already holds (a forked or replayed "
                    "history); nothing of it was applied."
                )
            continue
        new.append(item)
    if not new:
        return Checked([])
    first = new[0].entry
    base = _chain_base(store, first)
    if base is None:
        if (store.replica_head(first.replica) or (0,))[0] + 1 < first.rseq:
            return Checked(new, waiting=True)  # an earlier bundle of that replica is missing
        raise _refused(shown, "does not continue its replica's chain")
    rseq, prev, clock = base
    known: dict[str, tuple[int, int]] = {}  # entries of this bundle: hash -> (rseq, clock)
    pending: list[PendingSignature] = []
    emptied = emptied_in(new)  # notes whose versions a trash.empty of the bundle removed
    with SignatureChecks() as signatures:  # on every core, as verify checks them
        for item in new:
            if _check_entry(held_here, vault_id, trusted, item, (rseq, prev, clock), known,
                            shown, pending, emptied):  # fmt: skip
                return Checked(new, waiting=True)
            entry = item.entry
            rseq, prev, clock = entry.rseq, entry.entry_hash, entry.clock
            known[entry.entry_hash] = (entry.rseq, entry.clock)
            if len(pending) >= SIGNATURE_BATCH:
                signatures.submit(pending)
                pending = []
        signatures.submit(pending)
        signatures.finish()
    if signatures.problems:
        raise _refused(shown, "carries a signature that does not match")
    return Checked(new)


def _check_entry(
    held: _Held,
    vault_id: str,
    trusted: Trust,
    item: Carried,
    base: tuple[int, str, int],
    known: Mapping[str, tuple[int, int]],
    shown: str,
    pending: list[PendingSignature],
    emptied: frozenset[str] = frozenset(),
) -> bool:
    """One new entry against the one before it; True if it names heads not held yet."""
    rseq, prev, clock = base
    entry = item.entry
    if entry.rseq != rseq + 1 or entry.prev_hash != prev:
        raise _refused(shown, "does not continue its replica's chain")
    heads_clock = _heads_clock(held, entry, known, shown)
    if heads_clock is None:
        return True
    if entry.clock != 1 + max(clock, heads_clock):
        raise _refused(shown, "holds an entry whose clock does not follow what it names")
    pending.append(_signed(entry, vault_id, trusted, shown))
    trusted.follow(entry)
    if not _mergeable(entry):
        raise BundleRefused(
            f"{shown} holds a change this version cannot merge; nothing of it was applied."
        )
    if (entry.object_id.startswith(NOTE_PREFIX) and entry.content_hash and item.content is None
            and entry.object_id not in emptied):  # fmt: skip
        raise _refused(shown, "lacks the content of a note it changes")
    source = is_source_change(entry) and entry.content_hash and item.content is not None
    if source and item.surfaces is None:  # (changes.py proved both against the entry)
        raise _refused(shown, "lacks the sealed identity of a source it changes")
    return False


def _refused(shown: str, why: str) -> BundleRefused:
    return BundleRefused(f"{shown} {why}; nothing of it was applied.")


class _Held:
    """Entries held here by (replica, number), each read once per bundle: the bundle's own
    range in one read, the heads its entries name (mostly the same few) as they come.
    Nothing is written while a bundle is checked, so what was read stays true."""

    def __init__(self, store: Store, carried: list[Carried]) -> None:
        self._store = store
        self._found: dict[tuple[str, int], Entry | None] = {}
        ranges: dict[str, tuple[int, int]] = {}
        for item in carried:
            replica, rseq = item.entry.replica, item.entry.rseq
            low, high = ranges.get(replica, (rseq, rseq))
            ranges[replica] = (min(low, rseq), max(high, rseq))
        for replica, (low, high) in ranges.items():
            if high - low >= len(carried):
                continue  # not one contiguous range (decode_changes makes it one): probes
            self._found.update(dict.fromkeys((replica, n) for n in range(low, high + 1)))
            for row in store.replica_entry_rows(replica, low, high):
                entry = Entry.from_row(row)
                self._found[(replica, entry.rseq)] = entry

    def get(self, replica: str, rseq: int) -> Entry | None:
        key = (replica, rseq)
        if key not in self._found:
            row = self._store.replica_entry_row(replica, rseq)
            self._found[key] = None if row is None else Entry.from_row(row)
        return self._found[key]


def _chain_base(store: Store, first: Entry) -> tuple[int, str, int] | None:
    """(rseq, hash, clock) the first new entry must follow, if it follows anything held."""
    head = store.replica_head(first.replica)
    if head is not None:
        return head if head[0] + 1 == first.rseq else None
    if first.rseq == 1 and first.prev_hash == GENESIS_PREV:
        return (0, GENESIS_PREV, 0)
    row = store.history_row_by_hash(first.prev_hash)  # continuing the v1 chain (a migration)
    if row is not None:
        legacy = Entry.from_row(row)
        if legacy.version == 1 and legacy.seq + 1 == first.rseq:
            return (legacy.seq, legacy.entry_hash, legacy.seq)
    return None


def _heads_clock(
    held_here: _Held, entry: Entry, known: Mapping[str, tuple[int, int]], shown: str
) -> int | None:
    """The largest clock among the heads ``entry`` names; None if one is not held yet."""
    clock = 0
    for replica, (rseq, digest) in entry.heads.items():
        if replica == entry.replica:
            raise _refused(shown, "holds an entry that names its own replica as another")
        held = held_here.get(replica, rseq)
        if held is None:
            if digest in known:
                raise _refused(shown, "holds an entry that names its own replica as another")
            return None
        if held.entry_hash != digest:
            raise _refused(shown, "names entries this vault holds differently (a forked history)")
        clock = max(clock, held.clock)
    return clock


def _signed(entry: Entry, vault_id: str, trusted: Trust, shown: str) -> PendingSignature:
    """The entry's hash checked now, its signature queued (SignatureChecks)."""
    if entry.computed_hash(vault_id) != entry.entry_hash:
        raise _refused(shown, "is damaged or was altered")
    signer = trusted.signer(entry)  # trusted now, or within a removal's accepted point
    if signer is None:
        raise _refused(shown, "is signed by someone this vault does not trust (now)")
    try:
        digest = bytes.fromhex(entry.entry_hash)
    except ValueError:
        raise _refused(shown, "is damaged or was altered") from None
    return (f"entry {entry.rseq}", signer.public, entry.signature, digest)
