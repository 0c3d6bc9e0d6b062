"""A full disk during a note save and during a backup: a plain error, nothing damaged.

The vault lives on a small tmpfs mounted for the test (the tests run as root; where mounting
is refused they fall back to RLIMIT_FSIZE in the CLI process, which makes writes past a
size fail the same way for that process). The disk is filled up to a little room, then the
CLI saves notes until one no longer fits, or makes a backup that does not fit. The user must
see one plain sentence saying the disk is full (exit code 1, no traceback), not "damaged";
the vault must open afterwards with every note saved before and none of the failed one,
``Vault.verify`` must pass, the earlier backup must be unchanged and no partial backup left;
once space is freed, the same command succeeds.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import resource
import secrets
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from killer import plaintext_in_vault

from influence_desk.desk import Desk, NoteDraft
from influence_desk.errors import DiskFull
from influence_desk.model import NoteKind
from influence_desk.vault.vault import Vault

LEAD = "lead: correct horse battery"
MARKER = f"DISKFULLMARK{secrets.token_hex(6)}"
DISK_BYTES = 4 * 1024 * 1024


@dataclass
class SmallDisk:
    path: Path
    how: str  # "tmpfs" or "rlimit"
    limit: int | None = None  # RLIMIT_FSIZE for CLI children (rlimit only)

    def fill(self, leave: int) -> Path:
        """Take all but ``leave`` bytes of the disk (tmpfs), or cap file sizes (rlimit)."""
        filler = self.path / "filler.bin"
        if self.how == "tmpfs":
            st = os.statvfs(self.path)
            free = st.f_bavail * st.f_frsize
            with filler.open("wb") as out:
                out.write(b"\0" * max(0, free - leave))
        else:
            biggest = max(p.stat().st_size for p in self.path.rglob("*") if p.is_file())
            self.limit = biggest + leave
        return filler

    def free(self, filler: Path) -> None:
        filler.unlink(missing_ok=True)
        self.limit = None

    def preexec(self) -> Callable[[], None] | None:
        if self.limit is None:
            return None
        limit = self.limit

        def cap() -> None:
            import signal

            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of a signal
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

        return cap


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[SmallDisk]:
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={DISK_BYTES},mode=0700", "tmpfs", str(mount_point)],
        capture_output=True,
    ).returncode == 0  # fmt: skip
    try:
        yield SmallDisk(mount_point, "tmpfs" if mounted else "rlimit")
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(mount_point)], check=False)


def cli(disk: SmallDisk, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "INFLUENCE_DESK_PASSPHRASE": LEAD, "INFLUENCE_DESK_NEW_PASSPHRASE": LEAD,
           "INFLUENCE_DESK_TEST_FAST_KDF": "1"}  # fmt: skip
    return subprocess.run(
        [sys.executable, "-m", "influence_desk", *argv], capture_output=True, text=True,
        env=env, timeout=120, stdin=subprocess.DEVNULL, preexec_fn=disk.preexec(),
    )  # fmt: skip


def _plain_disk_full_error(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == DiskFull.exit_code, (result.returncode, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert "disk is full" in lines[0].lower() and "damaged" not in lines[0].lower(), lines[0]


def _titles(vault_path: Path) -> list[str]:
    with Vault.open(vault_path, LEAD) as vault:
        desk = Desk(vault)
        report = vault.verify()
        assert report.ok, report.problems
        return sorted(r.title for r in desk.note_rows(desk.note_ids()))


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def test_disk_full_during_note_saves(small_disk: SmallDisk, tmp_path: Path) -> None:
    vault = small_disk.path / "full.idvault"
    assert cli(small_disk, "init", str(vault), "--label", "Lena").returncode == 0
    body = tmp_path / "body.txt"
    body.write_text(f"{MARKER} the broker's price list. " * 2000, encoding="utf-8")  # ~70 KB
    filler = small_disk.fill(leave=1_000_000)  # a ~70 KB note takes ~210 KB (its version kept too)

    saved: list[str] = []
    failed = None
    for i in range(60):
        result = cli(small_disk, "note", "add", str(vault), "--kind", "desk",
                     "--title", f"Price list {i:02d}", "--body-file", str(body))  # fmt: skip
        if result.returncode != 0:
            failed = result
            break
        saved.append(f"Price list {i:02d}")
    assert failed is not None, "the disk never filled up"
    assert saved, "not even one note fitted: the test would prove nothing"
    _plain_disk_full_error(failed)

    assert _titles(vault) == saved  # opens on the full disk, with its previous state
    if small_disk.how == "tmpfs":  # the core API names the error too
        with Vault.open(vault, LEAD) as opened:
            text = body.read_text(encoding="utf-8") * 3
            draft = NoteDraft(NoteKind.DESK, "Too big", datetime(2026, 5, 2), body=text)
            with pytest.raises(DiskFull):
                Desk(opened).add_note(draft)
    assert _titles(vault) == saved
    assert plaintext_in_vault(MARKER, vault) == []

    small_disk.free(filler)
    again = cli(small_disk, "note", "add", str(vault), "--kind", "desk", "--title", "After")
    assert again.returncode == 0, again.stderr
    assert _titles(vault) == sorted([*saved, "After"])


def test_disk_full_during_backup(small_disk: SmallDisk, tmp_path: Path) -> None:
    vault = small_disk.path / "full.idvault"
    assert cli(small_disk, "init", str(vault), "--label", "Lena").returncode == 0
    body = tmp_path / "body.txt"
    body.write_text(f"{MARKER} what the vendor showed. " * 1500, encoding="utf-8")  # ~55 KB
    for i in range(4):
        add = cli(small_disk, "note", "add", str(vault), "--kind", "desk", "--title",
                  f"Demo {i}", "--body-file", str(body))  # fmt: skip
        assert add.returncode == 0, add.stderr
    first = cli(small_disk, "backup", str(vault))
    assert first.returncode == 0, first.stderr
    backups = vault / "backups"
    before = _digests(backups)
    db_size = (vault / "notes.db").stat().st_size
    filler = small_disk.fill(leave=db_size // 3)

    result = cli(small_disk, "backup", str(vault))
    _plain_disk_full_error(result)
    assert _digests(backups) == before  # the earlier backup unchanged, no partial left
    assert _titles(vault) == [f"Demo {i}" for i in range(4)]

    small_disk.free(filler)
    with contextlib.suppress(FileNotFoundError):
        filler.unlink()
    again = cli(small_disk, "backup", str(vault))
    assert again.returncode == 0, again.stderr
    assert len(list(backups.iterdir())) == len(before) + 1
    assert plaintext_in_vault(MARKER, vault) == []
