"""What a checkpoint typed by an auditor says about this vault's history, in four words.

A checkpoint (``SEQ:HASH``, printed on every export) is compared with the stored entry of
that number before anything is verified, so the answer tells apart what a person must treat
differently:

- ``malformed``: not a checkpoint at all, or one a character or two away from a real entry
  (a mistyped digit): ask the person to compare it with the printed one, never "tampering";
- ``unknown``: well formed, but this history has no entry of that number (the checkpoint is
  newer than this copy: an older copy, a rolled-back file, or another vault);
- ``confirmed``: the entry of that number is exactly the one the checkpoint names;
- ``contradicted``: the entry of that number is a different one (the history up to it was
  rewritten, or the checkpoint belongs to another vault).

On a copy that holds several replicas' chains (sync), a checkpoint's number is its entry's
number on the chain of the copy that printed it, so it is compared with every chain's entry
of that number. Where none is the one it names, the copy may simply not have received it
yet: it is ``unknown`` (sync, then check again), and ``contradicted`` only if an entry held
here names it as seen (it was there, and is gone or rewritten).

A near miss cannot be forged: finding an entry whose SHA-256 is one character away from a
given hash is as hard as a collision, so "mistyped" never hides a rewritten history.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from influence_desk.errors import BadInput
from influence_desk.history import parse_checkpoint

# Edits between what was typed and a real hash that still count as a typo (a wrong, a
# missing, an extra or two swapped characters, at most twice).
_TYPO_EDITS = 2

HashOf = Callable[[int], "str | None"]
"""The entry hash of a sequence number, or None if there is no such entry yet; "" for an
entry that was altered (its content does not give its stored hash, or rows are missing)."""

HashesOf = Callable[[int], "list[str]"]
"""On a copy with several chains: every chain's entry hash of that number (as ``HashOf``:
"" for an altered one); empty if no chain has such an entry."""


class CheckpointState(StrEnum):
    MALFORMED = "malformed"
    UNKNOWN = "unknown"
    CONFIRMED = "confirmed"
    CONTRADICTED = "contradicted"


@dataclass(frozen=True)
class CheckpointCheck:
    """The answer for one typed checkpoint: its state, one plain sentence, and the entry it
    was compared with (``seq`` None when nothing could be read)."""

    state: CheckpointState
    message: str
    seq: int | None = None
    digest: str = ""
    # Which sentence ``message`` is and the numbers in it, so an interface can say it in
    # its own language: "format", "length" (typed length), "hash_typo" (entry, typed
    # length), "number_typo" (entry, typed number), "confirmed" (seq), "unknown" (head,
    # seq), "contradicted" (seq).
    why: str = "format"
    figures: tuple[int, ...] = ()

    @property
    def against(self) -> tuple[int, str] | None:
        """What ``verify`` should check the chain extends (only for a confirmed one)."""
        if self.state is CheckpointState.CONFIRMED and self.seq is not None:
            return self.seq, self.digest
        return None

    def to_json(self) -> dict[str, object]:
        return {"state": self.state.value, "message": self.message, "seq": self.seq}


def _clean(text: str) -> str:
    return "".join(str(text).split())


def _distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (transpositions count once), cut at ``limit + 1``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return previous[-1]


def _near_numbers(text: str) -> Iterator[int]:
    """Numbers one keystroke away from ``text`` (a digit wrong, missing, extra, swapped)."""
    digits = "0123456789"
    seen: set[str] = {text}
    options: list[str] = []
    for i in range(len(text) + 1):
        options += [text[:i] + d + text[i:] for d in digits]
        if i < len(text):
            options.append(text[:i] + text[i + 1 :])
            options += [text[:i] + d + text[i + 1 :] for d in digits]
        if i + 1 < len(text):
            options.append(text[:i] + text[i + 1] + text[i] + text[i + 2 :])
    for option in options:
        if option and option not in seen and option.isdigit() and len(option) <= 18:
            seen.add(option)
            number = int(option)
            if number > 0:
                yield number


def check_checkpoint(text: str, hash_of: HashOf, head_seq: int) -> CheckpointCheck:
    """Classify ``text`` against this history (``hash_of`` reads one stored entry; the
    newest entry is ``head_seq``). Nothing is verified here: a confirmed checkpoint still
    needs ``verify`` to prove the chain up to the head."""

    def hashes_of(number: int) -> list[str] | None:
        found = hash_of(number) if 0 < number <= head_seq else None
        return None if found is None else [found]

    return _check(text, hashes_of, head_seq, None)


def check_replicated_checkpoint(
    text: str, hashes_of: HashesOf, named_here: Callable[[str], bool]
) -> CheckpointCheck:
    """As ``check_checkpoint`` on a copy holding several chains: ``hashes_of`` gives every
    chain's entry of a number, ``named_here`` says whether an entry held here names a hash
    as one it had seen."""
    return _check(text, lambda n: hashes_of(n) or None, 0, named_here)


def _check(
    text: str,
    hashes_of: Callable[[int], list[str] | None],
    head_seq: int,
    named_here: Callable[[str], bool] | None,
) -> CheckpointCheck:
    cleaned = _clean(text)
    seq_text, sep, typed_hash = cleaned.partition(":")
    typed_hash = typed_hash.lower()
    try:
        seq, digest = parse_checkpoint(cleaned)
    except BadInput as exc:
        near = _near_miss(seq_text, typed_hash, hashes_of) if sep and seq_text.isdigit() else None
        if near is not None:
            return near
        if sep and seq_text.isdigit() and typed_hash and len(typed_hash) != 64:
            return CheckpointCheck(
                CheckpointState.MALFORMED,
                f"This checkpoint's hash has {len(typed_hash)} characters; a checkpoint's hash "
                "has 64 (0-9, a-f). Compare it with the printed one.",
                why="length",
                figures=(len(typed_hash),),
            )
        return CheckpointCheck(CheckpointState.MALFORMED, exc.message)
    stored = hashes_of(seq) if seq > 0 else None
    if stored is not None and digest in stored:
        return CheckpointCheck(
            CheckpointState.CONFIRMED,
            f"Checkpoint {seq} is confirmed: entry {seq} of this history is exactly the one "
            "it names.",
            seq,
            digest,
            why="confirmed",
            figures=(seq,),
        )
    near = _near_miss(seq_text, digest, hashes_of)
    if near is not None:
        return near
    if named_here is not None and not named_here(digest):
        return CheckpointCheck(
            CheckpointState.UNKNOWN,
            f"No entry held here is checkpoint {seq}: it comes from a copy whose changes have "
            "not reached this one yet (sync, then check again), from an older or rolled-back "
            "copy, or from another vault.",
            seq,
            digest,
            why="unknown_copies",
            figures=(seq,),
        )
    if stored is None and named_here is None:
        return CheckpointCheck(
            CheckpointState.UNKNOWN,
            f"This history has {head_seq} entries, so checkpoint {seq} is unknown here: it "
            "comes from a newer copy of this vault (this one is older, or was rolled back) "
            "or from another vault.",
            seq,
            digest,
            why="unknown",
            figures=(head_seq, seq),
        )
    return CheckpointCheck(
        CheckpointState.CONTRADICTED,
        f"Checkpoint {seq} is contradicted: entry {seq} of this history is a different one. "
        "The history up to it was rewritten after the checkpoint was printed, or the "
        "checkpoint belongs to another vault.",
        seq,
        digest,
        why="contradicted",
        figures=(seq,),
    )


def _near_miss(
    seq_text: str, typed_hash: str, hashes_of: Callable[[int], list[str] | None]
) -> CheckpointCheck | None:
    """A checkpoint a typo or two away from a real entry, with where to look."""
    seq = int(seq_text) if seq_text.isdigit() and len(seq_text) <= 18 else 0
    stored = (hashes_of(seq) or []) if seq > 0 else []
    if any(_distance(typed_hash, h, _TYPO_EDITS) <= _TYPO_EDITS for h in stored if h):
        length = (
            f" (it has {len(typed_hash)} characters; a checkpoint's hash has 64)"
            if len(typed_hash) != 64
            else ""
        )
        return CheckpointCheck(
            CheckpointState.MALFORMED,
            f"This checkpoint looks mistyped: its hash is a character or two away from entry "
            f"{seq}'s{length}. Compare it with the printed one, character by character.",
            seq,
            why="hash_typo",
            figures=(seq, len(typed_hash)),
        )
    if len(typed_hash) == 64:
        for number in _near_numbers(seq_text):
            if typed_hash in (hashes_of(number) or []):
                return CheckpointCheck(
                    CheckpointState.MALFORMED,
                    f"This checkpoint looks mistyped: its hash is entry {number}'s, not entry "
                    f"{seq}'s. Check the number before the colon.",
                    number,
                    why="number_typo",
                    figures=(number, seq),
                )
    return None
