"""One writer at a time, across processes; readers beside a writer see committed data.

A child process opens the vault as its lead and saves a note, then holds the vault open.
Meanwhile a second writer (the CLI, as the lead and as a researcher, and the core API) is
refused with exit code 5 and "open elsewhere" in one sentence, and nothing it tried is
saved; an auditor opened beside the writer (CLI and core API) reads the committed note, and
a note the writer commits later. Once the writer closes, the second writer gets in.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from influence_desk import crypto
from influence_desk.desk import Desk
from influence_desk.errors import VaultInUse
from influence_desk.model import Role
from influence_desk.vault.vault import Vault

LEAD = "lead: correct horse battery"
RESEARCHER = "researcher: staple mirror lagoon"
AUDITOR = "auditor: tranquil ochre kettle"

HOLDER = """
import sys
from datetime import datetime
from influence_desk.desk import Desk, NoteDraft
from influence_desk.model import NoteKind
from influence_desk.vault.vault import Vault

vault = Vault.open(sys.argv[1], sys.argv[2])
desk = Desk(vault)
for line in sys.stdin:  # each line: the title of a note to save, then its id is printed
    view = desk.add_note(NoteDraft(NoteKind.DESK, line.strip(), datetime(2026, 4, 2)))
    print(view.note.id, flush=True)
vault.close()
"""


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    path = tmp_path / "shared.idvault"
    with Vault.create(path, label="Lena", passphrase=LEAD, kdf=crypto.floor_params()) as lead:
        lead.add_slot(Role.RESEARCHER, "Rafa", RESEARCHER, crypto.floor_params())
        lead.add_slot(Role.AUDITOR, "Ada", AUDITOR, crypto.floor_params())
    return path


class Holder:
    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.proc = proc

    def save(self, title: str) -> str:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(title + "\n")
        self.proc.stdin.flush()
        note_id = self.proc.stdout.readline().strip()
        assert len(note_id) == 16, self.proc.stderr.read() if self.proc.stderr else ""
        return note_id

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        assert self.proc.wait(timeout=60) == 0


@pytest.fixture
def holder(vault_path: Path) -> Iterator[Holder]:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(vault_path), LEAD],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        yield Holder(proc)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def cli(*argv: str, passphrase: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "INFLUENCE_DESK_PASSPHRASE": passphrase}
    return subprocess.run(
        [sys.executable, "-m", "influence_desk", *argv],
        capture_output=True, text=True, env=env, timeout=120, stdin=subprocess.DEVNULL,
    )  # fmt: skip


def test_second_writer_is_refused_and_readers_see_committed_data(
    vault_path: Path, holder: Holder
) -> None:
    first = holder.save("Held by the first writer")
    vault = str(vault_path)

    for words in (LEAD, RESEARCHER):
        result = cli("note", "add", vault, "--kind", "desk", "--title", "Second", passphrase=words)
        assert result.returncode == 5, result.stderr
        assert "open elsewhere" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        assert "Traceback" not in result.stderr
    with pytest.raises(VaultInUse, match="open elsewhere"):
        Vault.open(vault_path, LEAD)

    shown = cli("show", vault, first, "--json", passphrase=AUDITOR)
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["title"] == "Held by the first writer"

    with Vault.open(vault_path, AUDITOR) as auditor:
        desk = Desk(auditor)
        assert desk.note(first).note.title == "Held by the first writer"
        later = holder.save("Committed while the auditor reads")
        assert desk.note(later).note.title == "Committed while the auditor reads"
        assert desk.count_notes() == 2
        report = auditor.verify()
        assert report.ok, report.problems

    holder.close()
    result = cli("note", "add", vault, "--kind", "desk", "--title", "Second", "--json",
                 passphrase=RESEARCHER)  # fmt: skip
    assert result.returncode == 0, result.stderr
    with Vault.open(vault_path, LEAD) as lead:
        titles = sorted(r.title for r in Desk(lead).note_rows(Desk(lead).note_ids()))
        assert titles == ["Committed while the auditor reads", "Held by the first writer",
                          "Second"]  # fmt: skip
        assert lead.verify().ok
