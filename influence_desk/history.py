"""Signed, hash-chained history: every change is an entry, and ``verify`` replays them.

Canonical serialisation (used for entry hashes and object content hashes): JSON with keys
sorted, no whitespace (``separators=(",", ":")``), UTF-8 without ASCII escaping, no NaN, text
NFC-normalised by the writer before it reaches here. Bytes are hex strings, dates ISO 8601.

An entry's hash is SHA-256 over the canonical form of
``{"v": 1, "vault": vault_id, "seq", "at", "actor", "action", "object", "content", "prev",
"payload"}``; its signature is Ed25519 over the 32 raw bytes of that hash. Binding the vault
id stops entries being spliced in from another vault.

Object state: an entry whose action ends in ``.delete`` or ``.remove`` ends its object; any
other entry with a non-empty content hash sets the object's current content; entries without
a content hash (reveals, exports, passphrase changes) are events only. Slot additions and
removals, and rekeys, count only when signed by a lead trusted at that point; the set of
trusted signers is derived from these entries alone, starting from genesis.
"""

from __future__ import annotations

import json
import os
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from influence_desk import crypto
from influence_desk.canonical import canonical, content_hash
from influence_desk.errors import BadInput
from influence_desk.progress import CancelFlag, ProgressCallback, no_progress
from influence_desk.store import Row, Store

GENESIS_PREV = "0" * 64
GENESIS_ACTION = "vault.create"
# The schema is signed: genesis names the version it created (payload "schema"; a vault
# made before that was at version 1), and each migration is one entry on "vault:schema".
MIGRATE_ACTION = "vault.migrate"
SCHEMA_OBJECT = "vault:schema"
LEAD_ONLY_ACTIONS = frozenset({"slot.add", "slot.remove", "vault.rekey"})


def now_text() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Entry:
    seq: int
    at: str
    actor: str
    action: str
    object_id: str
    content_hash: str
    prev_hash: str
    payload: dict[str, Any]
    entry_hash: str
    signature: bytes

    def computed_hash(self, vault_id: str) -> str:
        return entry_hash(
            vault_id, self.seq, self.at, self.actor, self.action, self.object_id,
            self.content_hash, self.prev_hash, self.payload,
        )  # fmt: skip

    @property
    def checkpoint(self) -> str:
        return f"{self.seq}:{self.entry_hash}"

    @classmethod
    def from_row(cls, row: Row) -> Entry:
        seq, at, actor, action, object_id, chash, prev, payload, ehash, sig = row
        try:
            parsed = json.loads(payload)
        except (TypeError, ValueError):
            parsed = {"_unreadable": True}
        if not isinstance(parsed, dict):
            parsed = {"_unreadable": True}
        return cls(
            int(seq), str(at), str(actor), str(action), str(object_id), str(chash),
            str(prev), parsed, str(ehash), bytes(sig) if sig is not None else b"",
        )  # fmt: skip


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
        if not self._store.in_transaction:
            raise RuntimeError("history entries are written inside the change's transaction")
        head = self._store.history_head()
        seq, prev = (1, GENESIS_PREV) if head is None else (head[0] + 1, head[1])
        at = now_text()
        chash = content_hash(content)
        body = dict(payload or {})
        ehash = entry_hash(
            self._vault_id, seq, at, self.actor, action, object_id, chash, prev, body
        )
        signature = crypto.sign(self._key, bytes.fromhex(ehash))
        self._store.insert_history(
            (seq, at, self.actor, action, object_id, chash, prev, canonical(body).decode(),
             ehash, signature)
        )  # fmt: skip
        from influence_desk import versions  # (it imports this module)

        versions.record(self._store, seq, object_id, content)
        return Entry(seq, at, self.actor, action, object_id, chash, prev, body, ehash, signature)


@dataclass(frozen=True)
class Signer:
    public: bytes
    role: str
    slot_id: str
    label: str


@dataclass
class Problem:
    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"


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


# A signature to check: (where, the signer's public key, the signature, the entry hash).
PendingSignature = tuple[str, bytes, bytes, bytes]


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


def replay(
    entries: Iterable[Entry],
    vault_id: str,
    *,
    checkpoint: tuple[int, str] | None = None,
    total: int = 0,
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
) -> Replay:
    state = Replay()
    with _SignatureChecks() as signatures:
        _replay_into(state, signatures, entries, vault_id, checkpoint, total, progress, cancel)
    state.problems += signatures.problems
    return state


def _replay_into(
    state: Replay,
    signatures: _SignatureChecks,
    entries: Iterable[Entry],
    vault_id: str,
    checkpoint: tuple[int, str] | None,
    total: int,
    progress: ProgressCallback,
    cancel: CancelFlag | None,
) -> None:
    problems = state.problems
    expected_prev = GENESIS_PREV
    expected_seq = 1
    for entry in entries:
        where = f"history entry {entry.seq}"
        if entry.seq != expected_seq:
            problems.append(
                Problem(where, f"out of sequence (expected entry {expected_seq}): "
                        "entries were inserted, removed or reordered")
            )  # fmt: skip
        if entry.prev_hash != expected_prev:
            problems.append(Problem(where, "does not link to the entry before it (chain broken)"))
        if entry.computed_hash(vault_id) != entry.entry_hash:
            problems.append(Problem(where, "its content does not match its hash (altered)"))
        if checkpoint and entry.seq == checkpoint[0]:
            state.seen_checkpoint = entry.entry_hash == checkpoint[1]
        _check_signer(state, entry, where, first=expected_seq == 1)
        _apply(state, entry)
        expected_prev = entry.entry_hash
        expected_seq = entry.seq + 1
        state.entries += 1
        state.head = (entry.seq, entry.entry_hash)
        if len(state.pending) >= SIGNATURE_BATCH:
            signatures.submit(state)
        if state.entries % 1000 == 0:
            progress(state.entries, total)
            if cancel:
                cancel.check()
    signatures.submit(state)
    signatures.finish()
    progress(state.entries, total)
    if state.entries == 0:
        problems.append(Problem("history", "is empty: the vault's genesis entry is missing"))
    if checkpoint and not state.seen_checkpoint:
        problems.append(
            Problem("history", f"does not extend checkpoint {checkpoint[0]}:{checkpoint[1][:12]}… "
                    "(rolled back, or a different history)")
        )  # fmt: skip


SIGNATURE_BATCH = 1024


def _verify_all(jobs: list[PendingSignature]) -> list[bool]:
    return [crypto.verify_signature(public, sig, digest) for _, public, sig, digest in jobs]


# Batches in flight at most: the replay runs ahead of the checks by this many batches.
SIGNATURES_AHEAD = 8


class _SignatureChecks:
    """Ed25519 checks dominate verify. cryptography releases the GIL for them, so batches
    go to worker threads on every core while the replay reads and hashes the next entries
    (it waits only when ``SIGNATURES_AHEAD`` batches are in flight). Problems keep the order
    of the entries; ``finish`` waits for every batch."""

    def __init__(self) -> None:
        workers = max(1, min(4, os.cpu_count() or 1))
        self._pool = ThreadPoolExecutor(max_workers=workers) if workers > 1 else None
        self._in_flight: deque[tuple[list[PendingSignature], Future[list[bool]]]] = deque()
        self.problems: list[Problem] = []

    def __enter__(self) -> _SignatureChecks:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            # On a cancel or an error, batches not started are dropped.
            self._pool.shutdown(wait=True, cancel_futures=True)

    def submit(self, state: Replay) -> None:
        jobs, state.pending = state.pending, []
        if not jobs:
            return
        if self._pool is None or (len(jobs) < 256 and not self._in_flight):
            self._record(jobs, _verify_all(jobs))  # a short history: no thread needed
            return
        while len(self._in_flight) >= SIGNATURES_AHEAD:
            self._collect_oldest()
        self._in_flight.append((jobs, self._pool.submit(_verify_all, jobs)))

    def finish(self) -> None:
        while self._in_flight:
            self._collect_oldest()

    def _collect_oldest(self) -> None:
        jobs, results = self._in_flight.popleft()
        self._record(jobs, results.result())

    def _record(self, jobs: list[PendingSignature], results: list[bool]) -> None:
        for (where, *_), ok in zip(jobs, results, strict=True):
            if not ok:
                self.problems.append(Problem(where, "its signature is invalid"))


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
    # Checked in batches on every core while the replay goes on (_SignatureChecks).
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
