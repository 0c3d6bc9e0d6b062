"""Review finding: a checkpoint of a history that was tampered with is never taken for a
typo. The stored hash column is what an attacker writes: a "mistyped" answer must come
from an entry that really hashes to it, else verify is never run (CLI) or shown (app)."""

from __future__ import annotations

from pathlib import Path

from test_history_tamper import _open, _replace_history, _rows, _tamper, vault_path

from influence_desk.admin import Administration
from influence_desk.checkpoints import CheckpointState

__all__ = ["vault_path"]  # the fixture


def _checkpoint_of(path: Path, seq: int) -> str:
    rows = _rows(path)
    row = next(r for r in rows if r[0] == seq)
    return f"{row[0]}:{row[8]}"


def _check(path: Path, text: str) -> CheckpointState:
    vault = _open(path)
    try:
        return Administration(vault).check_checkpoint(text).state
    finally:
        vault.close()


def test_an_entry_removed_and_the_rest_renumbered_contradicts(vault_path: Path) -> None:
    rows = _rows(vault_path)
    assert len(rows) >= 5
    printed = _checkpoint_of(vault_path, 5)  # what an export printed before the tampering
    assert _check(vault_path, printed) is CheckpointState.CONFIRMED
    kept = [r for r in rows if r[0] != 3]
    _replace_history(vault_path, [(i + 1, *r[1:]) for i, r in enumerate(kept)])
    # Entry 4 now holds the hash printed for 5: tampering, not "check the number".
    assert _check(vault_path, printed) is CheckpointState.CONTRADICTED


def test_a_stored_hash_set_near_the_printed_one_contradicts(vault_path: Path) -> None:
    printed = _checkpoint_of(vault_path, 4)
    seq, digest = printed.split(":")
    near = digest[:10] + ("0" if digest[10] != "0" else "1") + digest[11:]
    _tamper(vault_path, ("UPDATE history SET entry_hash = ? WHERE seq = ?", (near, int(seq))))
    assert _check(vault_path, printed) is CheckpointState.CONTRADICTED


def test_an_entry_removed_below_the_checkpoint_contradicts(vault_path: Path) -> None:
    printed = _checkpoint_of(vault_path, 5)
    _tamper(vault_path, ("DELETE FROM history WHERE seq = 3", ()))
    # Not "unknown: from a newer copy" (the head is past 5): entries were removed.
    assert _check(vault_path, printed) is CheckpointState.CONTRADICTED
