"""Signed, hash-chained history: every change is an entry, and ``verify`` replays them.

Canonical serialisation (used for entry hashes and object content hashes): JSON with keys
sorted, no whitespace (``separators=(",", ":")``), UTF-8 without ASCII escaping, no NaN, text
NFC-normalised by the writer before it reaches here. Bytes are hex strings, dates ISO 8601.

An entry's hash is SHA-256 over the canonical form of
``{"v": 1, "vault": vault_id, "seq", "at", "actor", "action", "object", "content", "prev",
"payload"}``; its signature is Ed25519 over the 32 raw bytes of that hash. Binding the vault
id stops entries being spliced in from another vault.

History per replica (DESIGN §11, schema ``REPLICAS_SINCE``): each replica appends to its own
chain. A v2 entry's hash covers ``{"v": 2, "vault", "replica", "rseq", "clock", "at",
"actor", "action", "object", "content", "prev", "heads", "payload"}``: ``rseq`` numbers it on
its replica, ``prev`` links to that replica's previous entry, ``heads`` names the newest
entry of every other replica it had seen (``{replica: [rseq, hash]}``) and ``clock`` is its
Lamport clock (1 + the largest clock of ``prev`` and the heads). The local ``seq`` is only
this copy's order and is not hashed. History is replayed in one deterministic order, the
same on every replica: by (clock, replica, rseq), a topological order of the DAG. A vault
made before is migrated as one replica: its v1 entries stay as they are (verifiable as v1),
and the migration's entry, the first v2 one, continues their chain.

Object state: an entry whose action ends in ``.delete`` or ``.remove`` ends its object; any
other entry with a non-empty content hash sets the object's current content; entries without
a content hash (reveals, exports, passphrase changes) are events only. Slot additions and
removals, and rekeys, count only when signed by a lead trusted at that point; the set of
trusted signers is derived from these entries alone, starting from genesis.
"""

from __future__ import annotations

import json
import secrets
import uuid
from collections.abc import Callable, Iterable, Mapping, Set
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from influence_desk import crypto
from influence_desk.canonical import canonical, content_hash
from influence_desk.errors import BadInput
from influence_desk.history_checks import (
    GENESIS_PREV,
    SIGNATURE_BATCH,
    Chains,
    PendingSignature,
    Problem,
    SignatureChecks,
    check_chain,
    local_order_problems,
)
from influence_desk.progress import CancelFlag, ProgressCallback, no_progress
from influence_desk.store import Row, Store

GENESIS_ACTION = "vault.create"
# The schema is signed: genesis names the version it created (payload "schema"; a vault
# made before that was at version 1), and each migration is one entry on "vault:schema".
MIGRATE_ACTION = "vault.migrate"
SCHEMA_OBJECT = "vault:schema"
LEAD_ONLY_ACTIONS = frozenset({"slot.add", "slot.remove", "vault.rekey"})


def now_text() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


Heads = dict[str, tuple[int, str]]  # replica -> (its number there, hash) of its newest entry


@dataclass(frozen=True)
class Entry:
    seq: int  # this copy's order
    at: str
    actor: str
    action: str
    object_id: str
    content_hash: str
    prev_hash: str
    payload: dict[str, Any]
    entry_hash: str
    signature: bytes
    replica: str = ""  # v2 only (a v1 entry belongs to the chain its migration continues)
    rseq: int = 0
    clock: int = 0
    heads: Heads = field(default_factory=dict)
    version: int = 1

    def computed_hash(self, vault_id: str) -> str:
        if self.version == 2:
            return entry_hash_v2(
                vault_id, self.replica, self.rseq, self.clock, self.at, self.actor, self.action,
                self.object_id, self.content_hash, self.prev_hash, self.heads, self.payload,
            )  # fmt: skip
        return entry_hash(
            vault_id, self.seq, self.at, self.actor, self.action, self.object_id,
            self.content_hash, self.prev_hash, self.payload,
        )  # fmt: skip

    @property
    def number(self) -> int:
        """The entry's number on its chain: what a checkpoint names (``rseq``; for a v1
        entry its ``seq``, which is the same number on a single chain)."""
        return self.rseq if self.version == 2 else self.seq

    @property
    def order_key(self) -> tuple[int, str, int, int]:
        """Where the deterministic replay puts it: (clock, replica, rseq); v1 entries first."""
        if self.version == 2:
            return (self.clock, self.replica, self.rseq, self.seq)
        return (self.seq, "", self.seq, self.seq)

    @property
    def checkpoint(self) -> str:
        return f"{self.number}:{self.entry_hash}"

    def parents(self) -> list[str]:
        """Hashes of the entries this one names (its replica's previous entry, the heads)."""
        out = [h for _, h in self.heads.values()]
        if self.prev_hash != GENESIS_PREV:
            out.append(self.prev_hash)
        return out

    @classmethod
    def from_row(cls, row: Row) -> Entry:
        seq, at, actor, action, object_id, chash, prev, payload, ehash, sig = row[:10]
        try:
            parsed = json.loads(payload)
        except (TypeError, ValueError):
            parsed = {"_unreadable": True}
        if not isinstance(parsed, dict):
            parsed = {"_unreadable": True}
        replica, rseq, clock, heads_text = row[10:14] if len(row) >= 14 else ("", 0, 0, "")
        version = 2 if heads_text else 1
        return cls(
            int(seq), str(at), str(actor), str(action), str(object_id), str(chash),
            str(prev), parsed, str(ehash), bytes(sig) if sig is not None else b"",
            str(replica), int(rseq or 0), int(clock or 0), _parse_heads(heads_text), version,
        )  # fmt: skip

    def row(self) -> Row:
        """The history row (``Store.HISTORY_COLUMNS``) for this entry."""
        heads = canonical(_heads_json(self.heads)).decode() if self.version == 2 else ""
        return (self.seq, self.at, self.actor, self.action, self.object_id, self.content_hash,
                self.prev_hash, canonical(self.payload).decode(), self.entry_hash,
                self.signature, self.replica, self.rseq, self.clock, heads)  # fmt: skip


def _heads_json(heads: Mapping[str, tuple[int, str]]) -> dict[str, list[Any]]:
    return {str(r): [int(n), str(h)] for r, (n, h) in heads.items()}


def _parse_heads(text: Any) -> Heads:
    """Heads as stored; anything unreadable becomes a head no history holds (reported)."""
    if not text:
        return {}
    try:
        parsed = json.loads(text)
        return {str(r): (int(v[0]), str(v[1])) for r, v in parsed.items()}
    except (TypeError, ValueError, AttributeError, IndexError, KeyError):
        return {"?": (0, "unreadable")}


def entry_hash(
    vault_id: str, seq: int, at: str, actor: str, action: str, object_id: str,
    chash: str, prev: str, payload: Mapping[str, Any],
) -> str:  # fmt: skip
    return crypto.sha256_hex(
        canonical(
            {
                "v": 1,
                "vault": vault_id,
                "seq": seq,
                "at": at,
                "actor": actor,
                "action": action,
                "object": object_id,
                "content": chash,
                "prev": prev,
                "payload": payload,
            }
        )
    )


def entry_hash_v2(
    vault_id: str, replica: str, rseq: int, clock: int, at: str, actor: str, action: str,
    object_id: str, chash: str, prev: str, heads: Mapping[str, tuple[int, str]],
    payload: Mapping[str, Any],
) -> str:  # fmt: skip
    return crypto.sha256_hex(
        canonical(
            {
                "v": 2,
                "vault": vault_id,
                "replica": replica,
                "rseq": rseq,
                "clock": clock,
                "at": at,
                "actor": actor,
                "action": action,
                "object": object_id,
                "content": chash,
                "prev": prev,
                "heads": _heads_json(heads),
                "payload": payload,
            }
        )
    )


def new_replica_id() -> str:
    return str(uuid.UUID(bytes=secrets.token_bytes(16), version=4))


def parse_checkpoint(text: str) -> tuple[int, str]:
    """``SEQ:HASH`` as printed on exports and by ``verify``."""
    seq_text, sep, digest = text.strip().partition(":")
    if (
        not sep
        or not seq_text.isdigit()
        or len(seq_text) > 18
        or len(digest) != 64
        or any(c not in "0123456789abcdef" for c in digest.lower())
    ):
        raise BadInput("A checkpoint is written SEQ:HASH, e.g. 42:3fa4… with a 64-digit hash.")
    return int(seq_text), digest.lower()


class HistoryWriter:
    """Appends signed entries inside the caller's transaction."""

    def __init__(self, store: Store, vault_id: str, signing_key: Ed25519PrivateKey) -> None:
        self._store = store
        self._vault_id = vault_id
        self._key = signing_key
        self.actor = crypto.key_id(crypto.public_raw(signing_key))

    def append(
        self,
        action: str,
        object_id: str,
        content: Mapping[str, Any] | None = None,
        payload: Mapping[str, Any] | None = None,
    ) -> Entry:
        store = self._store
        if not store.in_transaction:
            raise RuntimeError("history entries are written inside the change's transaction")
        head = store.history_head()
        seq, prev = (1, GENESIS_PREV) if head is None else (head[0] + 1, head[1])
        at = now_text()
        chash = content_hash(content)
        body = dict(payload or {})
        if store.keeps_replicas:
            entry = self._v2(seq, at, action, object_id, chash, body)
        else:  # a database from before replicas (the migration to them writes v2)
            ehash = entry_hash(
                self._vault_id, seq, at, self.actor, action, object_id, chash, prev, body
            )
            signature = crypto.sign(self._key, bytes.fromhex(ehash))
            entry = Entry(seq, at, self.actor, action, object_id, chash, prev, body, ehash,
                          signature)  # fmt: skip
        store.insert_history(entry.row() if entry.version == 2 else entry.row()[:10])
        from influence_desk import versions  # (it imports this module)

        versions.record(store, seq, object_id, content)
        return entry

    def _v2(
        self, seq: int, at: str, action: str, object_id: str, chash: str, body: dict[str, Any]
    ) -> Entry:
        store = self._store
        me = store.local_replica()
        if me is None:
            me = new_replica_id()
            store.set_local_replica(me)
        heads = store.replica_heads()
        own = heads.pop(me, None)
        if own is not None:
            rseq, prev, clock = own[0] + 1, own[1], own[2]
        else:
            # This replica's first entry: on a vault from before replicas it continues the
            # v1 chain (the migration's entry); on a new replica it starts its own chain.
            legacy = store.legacy_head()
            rseq, prev, clock = (legacy[0] + 1, legacy[1], legacy[0]) if legacy else (
                1, GENESIS_PREV, 0)  # fmt: skip
        clock = 1 + max([clock, *(h[2] for h in heads.values())])
        named = {r: (h[0], h[1]) for r, h in heads.items()}
        ehash = entry_hash_v2(self._vault_id, me, rseq, clock, at, self.actor, action,
                              object_id, chash, prev, named, body)  # fmt: skip
        signature = crypto.sign(self._key, bytes.fromhex(ehash))
        return Entry(seq, at, self.actor, action, object_id, chash, prev, body, ehash,
                     signature, me, rseq, clock, named, 2)  # fmt: skip


@dataclass(frozen=True)
class Signer:
    public: bytes
    role: str
    slot_id: str
    label: str


@dataclass
class VerifyReport:
    ok: bool
    entries: int
    head: str
    problems: list[Problem] = field(default_factory=list)
    signers: dict[str, Signer] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "entries": self.entries,
            "head": self.head,
            "problems": [str(p) for p in self.problems],
        }


@dataclass
class Replay:
    """What history says, after replaying it."""

    entries: int = 0
    head: tuple[int, str] | None = None
    live: dict[str, str] = field(default_factory=dict)  # object id -> content hash
    trusted: dict[str, Signer] = field(default_factory=dict)  # key id -> signer now trusted
    ever: dict[str, Signer] = field(default_factory=dict)  # key id -> every signer ever
    slot_labels: dict[str, str] = field(default_factory=dict)
    identity_public: str = ""
    problems: list[Problem] = field(default_factory=list)
    seen_checkpoint: bool = False
    schema_version: int = 1  # what history says the schema is (schema.py)
    schema_digest: str = ""  # its SHA-256 when signed; "" for a vault made before that
    pending: list[PendingSignature] = field(default_factory=list)
    void: Set[str] = frozenset()  # (replay's ``void``)


def replay(
    entries: Iterable[Entry],
    vault_id: str,
    *,
    checkpoint: tuple[int, str] | None = None,
    total: int = 0,
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
    in_order: bool = False,
    void: Set[str] = frozenset(),
) -> Replay:
    """Replay ``entries`` (in local order) in the deterministic order: sorted by
    ``Entry.order_key``. ``in_order``: the caller knows they already are (one replica:
    local order is that order), so they stream instead of being held and sorted.
    ``void``: hashes of entries a removed person signed beyond their removal's point
    (sync/void.py): checked against the key that signed them, wherever they sort."""
    state = Replay(void=void)
    if not in_order:
        held = list(entries)
        state.problems += local_order_problems(held)
        entries = sorted(held, key=lambda e: e.order_key)
    with SignatureChecks() as signatures:
        _replay_into(state, signatures, entries, vault_id, checkpoint, total, progress, cancel,
                     in_order)  # fmt: skip
    state.problems += signatures.problems
    return state


def _replay_into(
    state: Replay,
    signatures: SignatureChecks,
    entries: Iterable[Entry],
    vault_id: str,
    checkpoint: tuple[int, str] | None,
    total: int,
    progress: ProgressCallback,
    cancel: CancelFlag | None,
    in_order: bool,
) -> None:
    problems = state.problems
    expected_prev = GENESIS_PREV
    expected_seq = 1
    chains = Chains(remember=not in_order)
    per_replica = False
    for entry in entries:
        where = f"history entry {entry.seq}"
        if in_order and entry.seq != expected_seq:
            problems.append(
                Problem(where, f"out of sequence (expected entry {expected_seq}): entries were "
                        "inserted, removed or reordered")
            )  # fmt: skip
        if entry.version == 2:
            if not per_replica:
                per_replica = True
                chains.legacy = state.head
            check_chain(chains, entry, problems, where)
        elif per_replica:
            problems.append(Problem(where, "a v1 entry after the history became per replica "
                                    "(spliced or altered)"))  # fmt: skip
        elif entry.prev_hash != expected_prev:
            problems.append(Problem(where, "does not link to the entry before it (chain broken)"))
        if entry.computed_hash(vault_id) != entry.entry_hash:
            problems.append(Problem(where, "its content does not match its hash (altered)"))
        if checkpoint and entry.number == checkpoint[0] and entry.entry_hash == checkpoint[1]:
            state.seen_checkpoint = True
        _check_signer(state, entry, where, first=state.entries == 0)
        _apply(state, entry)
        expected_prev = entry.entry_hash
        expected_seq = entry.seq + 1
        state.entries += 1
        state.head = (entry.number, entry.entry_hash)
        if len(state.pending) >= SIGNATURE_BATCH:
            signatures.submit(state.pending)
            state.pending = []
        if state.entries % 1000 == 0:
            progress(state.entries, total)
            if cancel:
                cancel.check()
    signatures.submit(state.pending)
    state.pending = []
    signatures.finish()
    progress(state.entries, total)
    if state.entries == 0:
        problems.append(Problem("history", "is empty: the vault's genesis entry is missing"))
    if checkpoint and not state.seen_checkpoint:
        problems.append(
            Problem("history", f"does not extend checkpoint {checkpoint[0]}:{checkpoint[1][:12]}… "
                    "(rolled back, or a different history)")
        )  # fmt: skip


def _check_signer(state: Replay, entry: Entry, where: str, *, first: bool) -> None:
    if first:
        if entry.action != GENESIS_ACTION:
            state.problems.append(Problem(where, "the first entry is not the vault's genesis"))
            return
        try:
            public = bytes.fromhex(str(entry.payload.get("signing_key", "")))
        except ValueError:
            public = b""
        if crypto.key_id(public) != entry.actor or not crypto.verify_signature(
            public, entry.signature, bytes.fromhex(entry.entry_hash)
        ):
            state.problems.append(Problem(where, "the genesis signature is invalid"))
            return
        signer = Signer(
            public,
            "lead",
            str(entry.payload.get("slot_id", "")),
            str(entry.payload.get("label", "")),
        )
        state.trusted[entry.actor] = signer
        state.ever[entry.actor] = signer
        state.identity_public = str(entry.payload.get("identity_public", ""))
        return
    if entry.action == GENESIS_ACTION:
        state.problems.append(Problem(where, "a second genesis entry (forked or spliced history)"))
    current = state.trusted.get(entry.actor)
    if current is None and entry.entry_hash in state.void:
        current = state.ever.get(entry.actor)  # held void: its effect is sync/void.py's
    if current is None:
        when = "no longer" if entry.actor in state.ever else "not"
        state.problems.append(
            Problem(where, f"signed by a key that is {when} trusted at that point")
        )
        return
    try:
        digest = bytes.fromhex(entry.entry_hash)
    except ValueError:
        digest = b""
    # Checked in batches on every core while the replay goes on (SignatureChecks).
    state.pending.append((where, current.public, entry.signature, digest))
    if entry.action in LEAD_ONLY_ACTIONS and current.role != "lead":
        state.problems.append(
            Problem(where, f"'{entry.action}' signed by someone who is not a lead")
        )


def schema_step(version: int, digest: str, entry: Entry) -> tuple[int, str, str]:
    """The signed schema (version, digest) after ``entry``, and a problem ("" if none)."""
    payload = entry.payload
    if entry.action == GENESIS_ACTION:
        signed = payload.get("schema")
        if signed is None:
            return 1, "", ""
        if not isinstance(signed, dict) or not isinstance(signed.get("version"), int):
            return version, digest, "the genesis entry's schema record is unreadable"
        return int(signed["version"]), str(signed.get("sha256", "")), ""
    if entry.action != MIGRATE_ACTION:
        return version, digest, ""
    start, end = payload.get("from"), payload.get("to")
    if (entry.object_id == SCHEMA_OBJECT and entry.version == 2 and end == version
            and start == version - 1 and str(payload.get("schema_sha256", "")) == digest):
        return version, digest, ""  # another replica ran the same migration concurrently
    if entry.object_id != SCHEMA_OBJECT or start != version or end != version + 1:
        problem = f"a migration from {start} to {end} does not follow version {version}"
        return version, digest, problem
    return version + 1, str(payload.get("schema_sha256", "")), ""


def signed_schema(entries: Iterable[Entry]) -> tuple[int, str]:
    """The schema version and digest history signs, from the genesis entry and the
    migration entries (oldest first; what opening a vault reads, unverified)."""
    version, digest = 1, ""
    for entry in entries:
        version, digest, _ = schema_step(version, digest, entry)
    return version, digest


def _apply(state: Replay, entry: Entry) -> None:
    if entry.action in (GENESIS_ACTION, MIGRATE_ACTION):
        state.schema_version, state.schema_digest, problem = schema_step(
            state.schema_version, state.schema_digest, entry
        )
        if problem:
            state.problems.append(Problem(f"history entry {entry.seq}", problem))
    if entry.action.endswith((".delete", ".remove")):
        state.live.pop(entry.object_id, None)
    elif entry.content_hash:
        state.live[entry.object_id] = entry.content_hash
    payload = entry.payload
    if entry.action in (GENESIS_ACTION, "slot.add"):
        slot_id = str(payload.get("slot_id", ""))
        state.slot_labels[slot_id] = str(payload.get("label", ""))
    if entry.action == "slot.add" and payload.get("signing_key"):
        try:
            public = bytes.fromhex(str(payload["signing_key"]))
        except ValueError:
            return
        kid = crypto.key_id(public)
        if entry.actor in state.trusted and state.trusted[entry.actor].role == "lead":
            signer = Signer(public, str(payload.get("role", "")), str(payload.get("slot_id", "")),
                            str(payload.get("label", "")))  # fmt: skip
            state.trusted[kid] = signer
            state.ever[kid] = signer
    elif entry.action == "slot.remove":
        actor = state.trusted.get(entry.actor)
        if actor is not None and actor.role == "lead":
            slot_id = str(payload.get("slot_id", ""))
            for kid, signer in list(state.trusted.items()):
                if signer.slot_id == slot_id:
                    del state.trusted[kid]


def slot_content(
    slot_id: str, label: str, role: str, signing_public: bytes | None
) -> dict[str, Any]:
    """What history records of a person's slot (never any secret)."""
    return {
        "slot_id": slot_id,
        "label": label,
        "role": role,
        "signing_key": signing_public.hex() if signing_public else None,
    }


def read_entries(store: Store) -> Iterable[Entry]:
    return (Entry.from_row(row) for row in store.iter_history())


LiveObjects = Callable[[], Iterable[tuple[str, str]]]
