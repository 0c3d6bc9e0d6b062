"""Test-only: named points where a kill campaign stops this process, exactly there.

The kill campaigns (tests/reliability) SIGKILL a child at random moments, and also at each
operation's commit point, just before and just after it, so both the old and the new state
are always seen, however fast or loaded the machine is. A child started with

    INFLUENCE_DESK_KILL_AT=rekey.after_commit        (or NAME@N: the N-th time it is reached)

kills itself (SIGKILL, as the campaign would: no cleanup, no flush) when the core reaches
that point. The variable is for the tests alone and is read once, at import. Unset, as it
always is outside the tests, every point is a comparison of one module constant with None:
nothing is counted, logged or written.

Every operation ``X`` in ``OPERATIONS`` has ``X.before_commit`` (everything is ready, the
step that makes it count has not run) and ``X.after_commit`` (it counts; nothing after it
has run). ``POINTS`` lists them all; a name that is not there is a typo and fails at import.
"""

from __future__ import annotations

import os
import signal

ENV = "INFLUENCE_DESK_KILL_AT"

OPERATIONS: tuple[str, ...] = (
    "passwd",  # vault.json with the new passphrase's slot replaces the old
    "rekey",  # vault.json with every shared layer resealed to the new data key
    "rekey.install",  # notes.db.rekey renamed over notes.db (after rekey's commit)
    "backup",  # the finished backup renamed into backups/
    "backup.rekey",  # a backup's re-encrypted copy renamed over it (rekey, then each backup)
    "backup.names",  # a backup's re-pseudonymised copy renamed over it (after registering)
    "note.save",  # the transaction of one note saved (added or updated)
    "import",  # the one transaction of a whole import
    "repseudonymise",  # registering or editing a source: every note naming them rewritten
    "export",  # the checked PDF renamed into place
    "export.record",  # the export's history entry
    "attach",  # an attachment's transaction (add, audience, text, remove)
    "sync.apply",  # one bundle of another replica merged (influence_desk/sync/run.py)
    "sync.slots",  # vault.json with the slots a bundle added or re-passphrased (sync/keys.py)
    "sync.rekey",  # vault.json resealed to a rekey another replica made (sync/keys.py)
)
MOMENTS = ("before_commit", "after_commit")
POINTS: frozenset[str] = frozenset(f"{op}.{moment}" for op in OPERATIONS for moment in MOMENTS)


def _parse(value: str | None) -> tuple[str | None, int]:
    if not value:
        return None, 0
    name, _, nth = value.partition("@")
    if name not in POINTS:
        raise RuntimeError(f"{ENV}={value!r} names no kill point (influence_desk/killpoints.py)")
    return name, int(nth or 1)


_target, _nth = _parse(os.environ.get(ENV))
_hits = 0


def before_commit(operation: str) -> None:
    """``operation`` is about to commit."""
    if _target is not None:
        _reached(f"{operation}.before_commit")


def after_commit(operation: str) -> None:
    """``operation`` has just committed."""
    if _target is not None:
        _reached(f"{operation}.after_commit")


def _reached(name: str) -> None:
    global _hits
    if name != _target:
        return
    _hits += 1
    if _hits == _nth:
        os.kill(os.getpid(), signal.SIGKILL)
