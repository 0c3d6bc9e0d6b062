"""SIGKILL during a backup: the vault and every earlier backup stay whole.

A child opens a vault of a few thousand notes that already has a backup, and runs
``Vault.backup``; it is killed at a random moment spread over the backup's measured
duration. After each kill the vault must open and pass ``Vault.verify``; the earlier backup
must be byte for byte unchanged; ``backups/`` holds either the old set of backups or the old
set and one new, complete backup (it opens with the data key, passes the page check and holds
every note); the next backup, made as a user would, succeeds and leaves no partial file
behind; and no file of the vault folder, nor any file the run left in the temp dir, may hold
note text in plaintext.

The child is also killed the child exactly just before and just after the commit point
(POINTS), so both states are checked on every run of the suite, however loaded the machine.

Fast subset by default (10 kills); ``INFLUENCE_DESK_FULL_RELIABILITY=1`` (or pytest's
``--full-reliability``) runs 50.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from pathlib import Path

import pytest
import sqlcipher3
from killer import Outcome, kill_campaign, kill_runs, measure, plaintext_in_temp, remember_kdf

from influence_desk import crypto
from influence_desk.desk import Desk
from influence_desk.vault.vault import Vault

pytestmark = pytest.mark.slow

# Where the child kills itself, exactly (influence_desk.killpoints), besides the random kills.
POINTS = (
    "backup.before_commit",
    "backup.after_commit",
)

LEAD = "lead: correct horse battery"
NOTES = 3_000
MARKER = f"BACKUPMARK{secrets.token_hex(6)}"

CHILD = """
import sys, time
from influence_desk.vault.vault import Vault

path, passphrase = sys.argv[1:3]
vault = Vault.open(path, passphrase)
print("ready", flush=True)
start = time.perf_counter()
vault.backup()
vault.close()
print(f"done {time.perf_counter() - start:.6f}", flush=True)
"""


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("backup-template") / "backup.idvault"
    with Vault.create(path, label="Lena", passphrase=LEAD, kdf=crypto.floor_params()) as lead:
        Desk(lead).import_jsonl(
            json.dumps({"kind": "desk", "title": f"Note {i}", "tags": ["consumer data"],
                        "body": f"{MARKER} {i}: the broker sells voter files by district."})
            for i in range(NOTES)
        )  # fmt: skip
        lead.backup()
    return path


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def _backup_notes(path: Path, key: bytes) -> int | str:
    """Notes in a backup file, or what is wrong with it."""
    conn = sqlcipher3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        bad = conn.execute("PRAGMA cipher_integrity_check").fetchall()
        if bad:
            return f"{len(bad)} bad pages"
        rows = conn.execute("PRAGMA integrity_check").fetchall()
        if rows != [("ok",)]:
            return f"structure: {rows[:3]}"
        return int(conn.execute("SELECT count(*) FROM notes").fetchone()[0])
    except sqlcipher3.DatabaseError as exc:
        return f"unreadable ({exc})"
    finally:
        conn.close()


def test_kill_during_backup(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    remember_kdf(monkeypatch)
    started = time.time()
    before = _digests(template / "backups")
    assert len(before) == 1
    duration = measure(CHILD, template, tmp_path, [LEAD])
    states = {"old": 0, "new": 0}

    def check(path: Path, outcome: Outcome, where: str) -> list[str]:
        problems = []
        after = _digests(path / "backups")
        for name, digest in before.items():
            if after.get(name) != digest:
                problems.append(f"{where}: the earlier backup {name} changed or went")
        finished = sorted(n for n in after if n.startswith("notes-") and n not in before)
        with Vault.open(path, LEAD) as vault:
            key = vault._shared().data_key
            for name in finished:
                held = _backup_notes(path / "backups" / name, key)
                if held != NOTES:
                    problems.append(f"{where}: the new backup {name} is not whole: {held}")
            if len(finished) > 1:
                problems.append(f"{where}: {len(finished)} new backups from one backup")
            states["new" if finished else "old"] += 1
            problems += [f"{where}: verify: {p}" for p in vault.verify().problems]
            vault.backup()  # the next backup, as the user would make it
        left = sorted(set(_digests(path / "backups")) - set(before))
        extra = [n for n in left if not n.startswith("notes-") or not n.endswith(".db")]
        if extra:
            problems.append(f"{where}: after the next backup, backups/ still holds {extra}")
        return problems

    runs = kill_campaign(CHILD, template, tmp_path, [LEAD], duration, check, seed=20260315,
                         marker=MARKER, points=POINTS)  # fmt: skip
    leftovers = plaintext_in_temp(MARKER, started)
    assert runs.problems == []
    assert leftovers == [], "plaintext note text left in the temp dir"
    assert runs.killed >= kill_runs(), f"only {runs.killed} of {runs.attempts} runs killed mid-way"
    assert states["old"] > 0 and states["new"] > 0, states
