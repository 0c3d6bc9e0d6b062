"""A -wal or -journal left by a crashed writer is applied, never thrown away.

* A writer commits a few notes (they live only in notes.db-wal: no checkpoint yet), starts
  an import of many more and is SIGKILLed mid-transaction. Reopened, the vault shows exactly
  the committed notes, and keeps showing them after it was closed again.
* The same folder copied elsewhere with the killed writer's -wal (without its -shm), as a
  user copying a vault after a crash would: the copy opens with the committed notes.
* A writer that had notes.db in rollback-journal mode is killed mid-transaction after
  overwriting pages of notes.db: the hot notes.db-journal is rolled back on open, so every
  note reads as it was committed, and ``Vault.verify`` passes.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3
from killer import remember_kdf

from influence_desk import crypto
from influence_desk.desk import Desk
from influence_desk.vault.vault import Vault

LEAD = "lead: correct horse battery"
COMMITTED = 5

WAL_CHILD = """
import json, sys, time
from datetime import datetime
from influence_desk.desk import Desk, NoteDraft
from influence_desk.model import NoteKind
from influence_desk.vault.vault import Vault

path, passphrase, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
vault = Vault.open(path, passphrase)
desk = Desk(vault)
for i in range(count):
    view = desk.add_note(NoteDraft(NoteKind.DESK, f"Committed {i}", datetime(2026, 5, 1)))
    print(view.note.id, flush=True)

def halfway(done, total):
    if done >= total // 2 > 0:
        print("mid-transaction", flush=True)
        time.sleep(600)

lines = [json.dumps({"kind": "desk", "title": f"Uncommitted {i}"}) for i in range(2000)]
if "--import" in sys.argv:
    desk.import_jsonl(lines, progress=halfway)
print("idle", flush=True)
time.sleep(600)
"""

JOURNAL_CHILD = """
import sys, time
import sqlcipher3

path, key = sys.argv[1], sys.argv[2]
conn = sqlcipher3.connect(path, isolation_level=None)
conn.execute("PRAGMA cipher_log_level = NONE")
conn.execute(f"PRAGMA key = \\"x'{key}'\\"")
assert conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0] == "delete"
conn.execute("PRAGMA cache_size = 5")  # changed pages spill into notes.db before commit
conn.execute("BEGIN")
conn.execute("UPDATE notes SET title = title || ' edited by a writer that never committed'")
conn.execute("DELETE FROM history WHERE seq > 1")
print("mid-transaction", flush=True)
time.sleep(600)
"""


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    path = tmp_path_factory.mktemp("journal-template") / "journal.idvault"
    with Vault.create(path, label="Lena", passphrase=LEAD, kdf=crypto.floor_params()) as lead:
        Desk(lead).import_jsonl(
            json.dumps({"kind": "desk", "title": f"Old {i}", "body": f"Old body {i} " * 40})
            for i in range(400)
        )
        key = lead._shared().data_key
        assert lead.store is not None
        lead.store.checkpoint_wal()
    return path, key


@pytest.fixture(autouse=True)
def _kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    remember_kdf(monkeypatch)


def _kill_at(script: str, args: list[str], word: str) -> list[str]:
    """Run ``script`` until it prints ``word``, SIGKILL it; the lines it printed before."""
    proc = subprocess.Popen([sys.executable, "-c", script, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)  # fmt: skip
    assert proc.stdout is not None
    lines = []
    try:
        for line in proc.stdout:
            if line.strip() == word:
                break
            lines.append(line.strip())
        else:
            raise AssertionError(f"child ended early: {proc.stderr.read() if proc.stderr else ''}")
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    return lines


def _read(db: Path, key: bytes, sql: str) -> list[tuple[Any, ...]]:
    """Rows of ``sql`` as a read-only connection to ``db`` sees them."""
    conn = sqlcipher3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _rows(db: Path, key: bytes) -> list[tuple[Any, ...]]:
    """Every note and history row."""
    notes = _read(db, key, "SELECT * FROM notes ORDER BY nid")
    return notes + _read(db, key, "SELECT * FROM history ORDER BY seq")


def _titles(path: Path) -> list[str]:
    with Vault.open(path, LEAD) as vault:
        desk = Desk(vault)
        report = vault.verify()
        assert report.ok, report.problems
        return sorted(r.title for r in desk.note_rows(desk.note_ids()))


def _copy_db_only(src: Path, dst: Path, with_files: tuple[str, ...] = ()) -> None:
    dst.mkdir()
    for name in ("vault.json", "notes.db", *with_files):
        shutil.copy2(src / name, dst / name)
    (dst / "backups").mkdir()


def test_kill_mid_transaction_keeps_what_the_wal_committed(
    template: tuple[Path, bytes], tmp_path: Path
) -> None:
    src, key = template
    path = tmp_path / "crashed.idvault"
    shutil.copytree(src, path)
    acked = _kill_at(WAL_CHILD, [str(path), LEAD, str(COMMITTED), "--import"], "mid-transaction")
    assert len(acked) == COMMITTED
    wal = path / "notes.db-wal"
    assert wal.exists() and wal.stat().st_size > 0
    # Without its -wal, notes.db alone does not hold the committed notes: they live there.
    bare = tmp_path / "bare.idvault"
    _copy_db_only(path, bare)
    assert _read(bare / "notes.db", key, "SELECT count(*) FROM notes") == [(400,)]

    expected = sorted([f"Old {i}" for i in range(400)] + [f"Committed {i}" for i in range(5)])
    assert _titles(path) == expected
    assert _titles(path) == expected  # still there after a close and a second open


def test_copied_wal_of_a_killed_writer_is_applied(
    template: tuple[Path, bytes], tmp_path: Path
) -> None:
    src, _ = template
    path = tmp_path / "crashed.idvault"
    shutil.copytree(src, path)
    acked = _kill_at(WAL_CHILD, [str(path), LEAD, str(COMMITTED)], "idle")
    assert len(acked) == COMMITTED
    expected = sorted([f"Old {i}" for i in range(400)] + [f"Committed {i}" for i in range(5)])
    for name, extra in (("wal-only", ("notes.db-wal",)),
                        ("wal-and-shm", ("notes.db-wal", "notes.db-shm"))):  # fmt: skip
        copy = tmp_path / f"{name}.idvault"
        _copy_db_only(path, copy, extra)
        assert _titles(copy) == expected, name
        assert _titles(copy) == expected, name
    assert _titles(path) == expected


def test_hot_rollback_journal_is_rolled_back(template: tuple[Path, bytes], tmp_path: Path) -> None:
    src, key = template
    path = tmp_path / "crashed.idvault"
    shutil.copytree(src, path)
    before = _rows(path / "notes.db", key)
    digest = hashlib.sha256((path / "notes.db").read_bytes()).hexdigest()
    _kill_at(JOURNAL_CHILD, [str(path / "notes.db"), key.hex()], "mid-transaction")
    journal = path / "notes.db-journal"
    assert journal.exists() and journal.stat().st_size > 0
    # The scenario is real: pages of notes.db were overwritten before the kill.
    assert hashlib.sha256((path / "notes.db").read_bytes()).hexdigest() != digest

    assert _titles(path) == sorted(f"Old {i}" for i in range(400))
    assert not journal.exists()
    assert _rows(path / "notes.db", key) == before
