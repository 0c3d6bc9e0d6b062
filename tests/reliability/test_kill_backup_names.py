"""SIGKILL while the backups are re-pseudonymised after a source was registered.

The template vault holds notes naming "Jonas Quill", two backups made before he was
registered (both hold his name), and his registration committed with the backups left
behind (the flag in backups/ set, as a kill right after the commit leaves it). A child opens
the vault as the lead; its Desk finishes the rewrite of the backups (copy, re-pseudonymise
as signed entries in the backup's own chain, VACUUM INTO, fsync, rename) and it is killed at
a random moment spread over the measured duration. After each kill every backup must open
whole with the data key and be either the old one (exactly as before) or the new one (his
name nowhere in it, and it verifies as a vault of its own); beside the backups only the flag
and partial copies may be left; opening the vault again finishes the job and leaves nothing
but the rewritten backups.

Fast subset by default (10 kills); ``INFLUENCE_DESK_FULL_RELIABILITY=1`` (or pytest's
``--full-reliability``) runs 50.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import shutil
from pathlib import Path

import pytest
import sqlcipher3
from desk_support import leaked_names
from killer import Outcome, kill_campaign, kill_runs, measure, remember_kdf

from influence_desk import backups, crypto
from influence_desk.desk import Desk
from influence_desk.model import Role, SourceIdentity
from influence_desk.vault.vault import Vault

pytestmark = pytest.mark.slow

LEAD = "lead: correct horse battery"
AUDITOR = "auditor: quiet reading lamp"
NOTES = 300
MARKER = f"BACKUPNAMEMARK{secrets.token_hex(6)}"
NAMES = ["Jonas Quill", "J. Quill"]
# Where the child kills itself, exactly (influence_desk.killpoints), besides the random kills:
# around the first backup's rename and around the second's.
POINTS = (
    "backup.names.before_commit",
    "backup.names.after_commit",
    "backup.names.before_commit@2",
    "backup.names.after_commit@2",
)

CHILD = """
import sys, time
from influence_desk.desk import Desk
from influence_desk.vault.vault import Vault

path, passphrase = sys.argv[1:3]
vault = Vault.open(path, passphrase)
print("ready", flush=True)
start = time.perf_counter()
Desk(vault)  # finds the flag and rewrites the backups
vault.close()
print(f"done {time.perf_counter() - start:.6f}", flush=True)
"""


def _line(i: int) -> str:
    name = ("Jonas Quill", "J. Quill")[i % 2]
    body = f"{MARKER} {i}: {name} explained how [[team: the voter file]] is matched."
    return json.dumps({"kind": "interview", "title": f"Talk {i} with {name}", "body": body,
                       "tags": [f"{name} files"]})  # fmt: skip


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("backup-names-template") / "names.idvault"
    with Vault.create(path, label="Lena", passphrase=LEAD, kdf=crypto.floor_params()) as lead:
        lead.add_slot(Role.AUDITOR, "Ada", AUDITOR, crypto.floor_params())
        desk = Desk(lead)
        desk.import_jsonl(_line(i) for i in range(NOTES))
        lead.backup()
        desk.import_jsonl(_line(i) for i in range(NOTES, NOTES + 50))
        lead.backup()
        real = backups.rewrite_backups
        backups.rewrite_backups = lambda *a, **k: backups.BackupRewrite()  # type: ignore[assignment]
        try:
            desk.register_source(SourceIdentity("Jonas Quill", ("J. Quill",)))
        finally:
            backups.rewrite_backups = real  # type: ignore[assignment]
    assert (path / "backups" / backups.PENDING_NAME).exists()
    return path


def _whole(db: Path, key: bytes) -> bool:
    conn = sqlcipher3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        return (not conn.execute("PRAGMA cipher_integrity_check").fetchall()
                and conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)])  # fmt: skip
    except sqlcipher3.DatabaseError:
        return False
    finally:
        conn.close()


def _verifies(vault_folder: Path, db: Path, scratch: Path) -> list[str]:
    """Problems of ``db`` restored as the vault's notes.db, verified by the auditor."""
    restored = scratch / "restored.idvault"
    shutil.rmtree(restored, ignore_errors=True)
    restored.mkdir()
    shutil.copy(vault_folder / "vault.json", restored / "vault.json")
    (restored / "backups").mkdir()
    shutil.copyfile(db, restored / "notes.db")
    try:
        with Vault.open(restored, AUDITOR) as vault:
            return [str(p) for p in vault.verify().problems]
    finally:
        shutil.rmtree(restored, ignore_errors=True)


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.glob("notes-*.db"))}  # fmt: skip


def test_kill_while_the_backups_are_rewritten(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    remember_kdf(monkeypatch)
    with Vault.open(template, AUDITOR) as vault:
        key = vault._shared().data_key
    before = _digests(template / "backups")
    assert len(before) == 2
    assert all(leaked_names(template / "backups" / n, key, NAMES) for n in before)
    duration = measure(CHILD, template, tmp_path, [LEAD])
    states = {"old": 0, "new": 0}
    scratch = tmp_path / "scratch"
    scratch.mkdir()

    def check(path: Path, outcome: Outcome, where: str) -> list[str]:
        problems: list[str] = []
        folder = path / "backups"
        now = _digests(folder)
        if now.keys() != before.keys():
            return [f"{where}: backups came or went: {sorted(now)}"]
        for name, digest in now.items():
            db = folder / name
            if not _whole(db, key):
                problems.append(f"{where}: {name} does not open whole")
            elif digest == before[name]:
                states["old"] += 1
            else:
                states["new"] += 1
                if leaked_names(db, key, NAMES):
                    problems.append(f"{where}: {name} was changed but still holds the name")
                problems += [f"{where}: {name}: {p}" for p in _verifies(path, db, scratch)]
        allowed = {backups.PENDING_NAME, *now}
        beside = [p.name for p in folder.iterdir()
                  if p.name not in allowed and ".names.partial" not in p.name]  # fmt: skip
        if beside:
            problems.append(f"{where}: beside the backups: {sorted(beside)}")
        if outcome.done_line and (folder / backups.PENDING_NAME).exists():
            problems.append(f"{where}: finished, yet the flag is still set")
        with Vault.open(path, LEAD) as vault:  # the next writer finishes the job
            Desk(vault)
        left = sorted(p.name for p in folder.iterdir())
        if left != sorted(now):
            problems.append(f"{where}: after the retry, in backups/: {left}")
        for name in left:
            if leaked_names(folder / name, key, NAMES):
                problems.append(f"{where}: after the retry {name} still holds the name")
        return problems

    runs = kill_campaign(
        CHILD, template, tmp_path, [LEAD], duration, check, seed=20261201, marker=MARKER,
        points=POINTS, what="backup re-pseudonymisation",
    )  # fmt: skip
    assert runs.problems == []
    assert runs.killed >= kill_runs(), f"only {runs.killed} of {runs.attempts} runs killed mid-way"
    assert states["old"] > 0 and states["new"] > 0, states
