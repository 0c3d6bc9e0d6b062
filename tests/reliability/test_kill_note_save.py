"""SIGKILL while notes are being saved: no acknowledged save is ever lost.

A child opens the vault and saves notes one after another with ``Desk.add_note``, printing
each note's id (flushed) only after the call returned: that is an acknowledged save. The
child is killed at a random moment spread over the measured duration of the loop. After
each kill the vault must open, hold every acknowledged note (and at most the one in flight
besides), pass ``Vault.verify``, and no file of the vault folder, nor any file the run left
in the temp dir, may hold the note text in plaintext.

The child is also killed exactly just before and just after the commit of its fifth save
(POINTS): four acknowledged notes, and the fifth absent or whole.

Fast subset by default (10 kills); ``INFLUENCE_DESK_FULL_RELIABILITY=1`` (or pytest's
``--full-reliability``) runs 50.
"""

from __future__ import annotations

import secrets
import textwrap
import time
from pathlib import Path

import pytest
from killer import Outcome, kill_campaign, kill_runs, measure, plaintext_in_temp, remember_kdf

from influence_desk import crypto
from influence_desk.desk import Desk
from influence_desk.model import SourceIdentity
from influence_desk.vault.vault import Vault

pytestmark = pytest.mark.slow

# Where the child kills itself, exactly (influence_desk.killpoints), besides the random kills.
POINTS = (
    "note.save.before_commit@5",
    "note.save.after_commit@5",
)

LEAD = "lead: correct horse battery"
SAVES = 150

CHILD = textwrap.dedent(
    """
    import sys, time
    from datetime import datetime
    from influence_desk.desk import Desk, NoteDraft
    from influence_desk.model import NoteKind
    from influence_desk.vault.vault import Vault

    path, passphrase, marker, count = sys.argv[1:5]
    vault = Vault.open(path, passphrase)
    desk = Desk(vault)
    print("ready", flush=True)
    start = time.perf_counter()
    for i in range(int(count)):
        view = desk.add_note(NoteDraft(
            NoteKind.INTERVIEW, f"Booth talk {i}", datetime(2026, 3, 1, 9, 30),
            body=f"{marker} {i}: Jonas Quill says the voter file is for sale.",
            tags=("voter files",),
        ))
        print(view.note.id, flush=True)
    vault.close()
    print(f"done {time.perf_counter() - start:.6f}", flush=True)
    """
)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("save-template") / "saves.idvault"
    with Vault.create(path, label="Lena", passphrase=LEAD, kdf=crypto.floor_params()) as lead:
        Desk(lead).register_source(SourceIdentity("Jonas Quill"))
    return path


def _acknowledged(stdout: str) -> list[str]:
    return [w for w in stdout.split() if len(w) == 16 and all(c in "0123456789abcdef" for c in w)]


def test_kill_during_note_saves(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    remember_kdf(monkeypatch)
    started = time.time()
    marker = f"NOTEMARK{secrets.token_hex(6)}"
    args = [LEAD, marker, str(SAVES)]
    duration = measure(CHILD, template, tmp_path, args)
    in_flight = {0: 0, 1: 0}  # killed runs: the save in flight absent, or there (not acked)

    def check(path: Path, outcome: Outcome, where: str) -> list[str]:
        problems = []
        acked = _acknowledged(outcome.stdout)
        with Vault.open(path, LEAD) as vault:
            desk = Desk(vault)
            present = set(desk.note_ids())
            lost = [n for n in acked if n not in present]
            if lost:
                problems.append(f"{where}: {len(lost)} acknowledged saves lost")
            extra = len(present) - len(acked)
            if extra not in (0, 1) or (outcome.done_line and extra):
                problems.append(f"{where}: {extra} notes beyond the acknowledged ones")
            elif not outcome.done_line:
                in_flight[extra] += 1
            for note_id in acked[-1:]:  # the last acknowledged note reads back whole
                if marker not in desk.note(note_id).note.body:
                    problems.append(f"{where}: the last acknowledged note is not whole")
            problems += [f"{where}: verify: {p}" for p in vault.verify().problems]
        return problems

    runs = kill_campaign(CHILD, template, tmp_path, args, duration, check, seed=20260301,
                         marker=marker, points=POINTS)  # fmt: skip
    leftovers = plaintext_in_temp(marker, started)
    assert runs.problems == []
    assert leftovers == [], "plaintext note text left in the temp dir"
    assert runs.killed >= kill_runs(), f"only {runs.killed} of {runs.attempts} runs killed mid-way"
    assert in_flight[0] > 0 and in_flight[1] > 0, in_flight
