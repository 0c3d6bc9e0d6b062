"""Checks of a replay (influence_desk.history): each replica's chain and the heads its
entries name, this copy's numbering, and the Ed25519 signatures on every core."""

from __future__ import annotations

import os
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from influence_desk import crypto

if TYPE_CHECKING:
    from influence_desk.history import Entry

GENESIS_PREV = "0" * 64

# A signature to check: (where, the signer's public key, the signature, the entry hash).
PendingSignature = tuple[str, bytes, bytes, bytes]


@dataclass
class Problem:
    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"



SIGNATURE_BATCH = 1024


def _verify_all(jobs: list[PendingSignature]) -> list[bool]:
    return [crypto.verify_signature(public, sig, digest) for _, public, sig, digest in jobs]


# Batches in flight at most: the replay runs ahead of the checks by this many batches.
SIGNATURES_AHEAD = 8


class SignatureChecks:
    """Ed25519 checks dominate verify. cryptography releases the GIL for them, so batches
    go to worker threads on every core while the replay reads and hashes the next entries
    (it waits only when ``SIGNATURES_AHEAD`` batches are in flight). Problems keep the order
    of the entries; ``finish`` waits for every batch."""

    def __init__(self) -> None:
        workers = max(1, min(4, os.cpu_count() or 1))
        self._pool = ThreadPoolExecutor(max_workers=workers) if workers > 1 else None
        self._in_flight: deque[tuple[list[PendingSignature], Future[list[bool]]]] = deque()
        self.problems: list[Problem] = []

    def __enter__(self) -> SignatureChecks:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            # On a cancel or an error, batches not started are dropped.
            self._pool.shutdown(wait=True, cancel_futures=True)

    def submit(self, jobs: list[PendingSignature]) -> None:
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


def local_order_problems(entries: list[Entry]) -> list[Problem]:
    """This copy's numbers run 1, 2, 3… in the order rows are kept (a row removed or
    inserted shows here even when the replay order is another)."""
    problems: list[Problem] = []
    expected = 1
    for entry in entries:
        if entry.seq != expected:
            problems.append(
                Problem(f"history entry {entry.seq}",
                        f"out of sequence (expected entry {expected}): entries were inserted, "
                        "removed or reordered")
            )  # fmt: skip
        expected = entry.seq + 1
    return problems


@dataclass
class Chains:
    """Each replica's chain as far as the replay has gone: (rseq, hash, clock)."""

    heads: dict[str, tuple[int, str, int]] = field(default_factory=dict)
    legacy: tuple[int, str] | None = None  # the v1 chain's end, until a replica adopts it
    # entry hash -> (replica, rseq, clock)
    known: dict[str, tuple[str, int, int]] = field(default_factory=dict)
    remember: bool = True  # keep ``known`` (several replicas: heads name other chains)


def check_chain(chains: Chains, entry: Entry, problems: list[Problem], where: str) -> None:
    """A v2 entry against its replica's chain and the heads it names."""
    own = chains.heads.get(entry.replica)
    if own is None:
        legacy = chains.legacy
        if legacy is not None and entry.prev_hash == legacy[1]:
            own = (legacy[0], legacy[1], legacy[0])
            chains.legacy = None
        else:
            own = (0, GENESIS_PREV, 0)
    if entry.rseq != own[0] + 1:
        problems.append(
            Problem(where, f"out of sequence on its replica (expected its entry {own[0] + 1}): "
                    "entries were inserted, removed or reordered")
        )  # fmt: skip
    if entry.prev_hash != own[1]:
        problems.append(Problem(where, "does not link to the entry before it (chain broken)"))
    clock = own[2]
    for replica, (rseq, digest) in sorted(entry.heads.items()):
        seen = chains.known.get(digest)
        if seen is None or seen[0] != replica or seen[1] != rseq or replica == entry.replica:
            problems.append(
                Problem(where, "names an entry of another replica that this history does "
                        "not hold before it (missing, or the chain was rewritten)")
            )  # fmt: skip
            continue
        clock = max(clock, seen[2])
    if entry.clock != clock + 1:
        problems.append(
            Problem(where, "its clock does not follow the entries it names (reordered)")
        )
    chains.heads[entry.replica] = (entry.rseq, entry.entry_hash, entry.clock)
    if chains.remember:
        chains.known[entry.entry_hash] = (entry.replica, entry.rseq, entry.clock)
