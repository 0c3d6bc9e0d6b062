"""SIGKILL while a rekey re-encrypts a backup: the backup stays whole under one key.

After its commit point a rekey re-encrypts every file in backups/ with ``rekey_file``. The
rekey campaign (test_kill_passwd_rekey.py) once caught a kill there leaving a backup that
opened with neither key: ``PRAGMA rekey`` rewrote the file in place. This campaign aims
every kill at that step: a child re-encrypts one backup-sized database and is killed at a
random moment spread over its measured duration. After each kill the file must open whole
(every page's MAC, the structure, every row) with the old or the new key, nothing but a
leftover partial copy may sit beside it, a retry (as the next rekey would make) leaves the
file under the new key and no partial copy, and no file holds the rows in plaintext.

The child is also killed the child exactly just before and just after the commit point
(POINTS), so both states are checked on every run of the suite, however loaded the machine.

Fast subset by default (10 kills); ``INFLUENCE_DESK_FULL_RELIABILITY=1`` (or pytest's
``--full-reliability``) runs 50.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest
import sqlcipher3
from killer import Outcome, kill_campaign, kill_runs, measure

from influence_desk.store import Store, rekey_file

pytestmark = pytest.mark.slow

# Where the child kills itself, exactly (influence_desk.killpoints), besides the random kills.
POINTS = (
    "backup.rekey.before_commit",
    "backup.rekey.after_commit",
)

OLD_KEY = bytes(range(32))
NEW_KEY = bytes(range(32, 64))
ROWS = 10_000
MARKER = f"REKEYMARK{secrets.token_hex(6)}"
NAME = "notes-20260101T000000000000Z.db"

CHILD = f"""
import sys, time
from pathlib import Path
from influence_desk.store import rekey_file

folder = Path(sys.argv[1])
print("ready", flush=True)
start = time.perf_counter()
rekey_file(folder / {NAME!r}, bytes(range(32)), bytes(range(32, 64)))
print(f"done {{time.perf_counter() - start:.6f}}", flush=True)
"""


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding one backup (``VACUUM INTO``, as ``Vault.backup`` makes them)."""
    folder = tmp_path_factory.mktemp("rekey-backup-template") / "backups"
    folder.mkdir()
    store = Store.open(folder.parent / "notes.db", OLD_KEY, read_only=False, create=True)
    try:
        with store.transaction():
            for i in range(ROWS):
                store.set_meta(f"row.{i:05d}", f"{MARKER} {i}: " + "voter file " * 25)
        store.vacuum_into(folder / NAME)
    finally:
        store.close()
    return folder


def _rows(path: Path, key: bytes) -> int | None:
    """Rows in the file under ``key`` if it opens whole with it, else None."""
    conn = sqlcipher3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        if conn.execute("PRAGMA cipher_integrity_check").fetchall():
            return None
        if conn.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
            return None
        return int(conn.execute("SELECT count(*) FROM meta").fetchone()[0])
    except sqlcipher3.DatabaseError:
        return None
    finally:
        conn.close()


def test_kill_while_a_backup_is_reencrypted(template: Path, tmp_path: Path) -> None:
    duration = measure(CHILD, template, tmp_path, [])
    states = {"old key": 0, "new key": 0}

    def check(folder: Path, outcome: Outcome, where: str) -> list[str]:
        path = folder / NAME
        under = [name for name, key in (("old key", OLD_KEY), ("new key", NEW_KEY))
                 if _rows(path, key) == ROWS]  # fmt: skip
        if len(under) != 1:
            return [f"{where}: the backup opens whole with {under or 'neither key'}"]
        states[under[0]] += 1
        if outcome.done_line and under != ["new key"]:
            return [f"{where}: finished, yet the backup is under the {under[0]}"]
        problems = []
        others = sorted(p.name for p in folder.iterdir() if p.name != NAME)
        if others not in ([], [f".{NAME}.rekey.partial"]):
            problems.append(f"{where}: beside the backup: {others}")
        if under == ["old key"]:
            rekey_file(path, OLD_KEY, NEW_KEY)  # the retry
            if _rows(path, NEW_KEY) != ROWS:
                problems.append(f"{where}: the retry did not leave the backup under the new key")
            left = sorted(p.name for p in folder.iterdir() if p.name != NAME)
            if left:
                problems.append(f"{where}: after the retry, beside the backup: {left}")
        return problems

    runs = kill_campaign(CHILD, template, tmp_path, [], duration, check, seed=20261127,
                         marker=MARKER, points=POINTS, what="backup re-encryption")  # fmt: skip
    assert runs.problems == []
    assert runs.killed >= kill_runs(), f"only {runs.killed} of {runs.attempts} runs killed mid-way"
    assert states["old key"] > 0 and states["new key"] > 0, states
