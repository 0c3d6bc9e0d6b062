"""SIGKILL while notes are being saved: no acknowledged save is ever lost.

A child opens the vault and saves notes one after another with ``Desk.add_note``, printing
each note's id (flushed) only after the call returned: that is an acknowledged save. The
child is killed at a random moment spread over the measured duration of the loop. After
each kill the vault must open, hold every acknowledged note (and at most the one in flight
besides), pass ``Vault.verify``, and no file of the vault folder, nor any file the run left
in the temp dir, may hold the note text in plaintext.

Fast subset by default (10 kills); ``INFLUENCE_DESK_FULL_RELIABILITY=1`` (or pytest's
``--full-reliability``) runs 50.
"""

from __future__ import annotations

import random
import secrets
import shutil
import textwrap
import time
from pathlib import Path

import pytest
from killer import (
    kill_runs,
    measure,
    plaintext_in_temp,
    plaintext_in_vault,
    remember_kdf,
    run_and_kill,
)

from influence_desk import crypto
from influence_desk.desk import Desk
from influence_desk.model import SourceIdentity
from influence_desk.vault.vault import Vault

pytestmark = pytest.mark.slow

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
    duration = measure(CHILD, template, tmp_path, [LEAD, marker, str(SAVES)])
    rng = random.Random(20260301)
    target = kill_runs()
    problems: list[str] = []
    killed = attempts = in_flight_kept = 0
    while killed < target and attempts < 2 * target:
        attempts += 1
        path = tmp_path / f"run{attempts:03d}.idvault"
        shutil.copytree(template, path)
        delay = rng.uniform(0, duration)
        outcome = run_and_kill(CHILD, [str(path), LEAD, marker, str(SAVES)], delay)
        where = f"run {attempts} (kill at {delay * 1000:.0f} ms of {duration * 1000:.0f})"
        acked = _acknowledged(outcome.stdout)
        if outcome.killed and not outcome.done_line:
            killed += 1
        elif outcome.returncode != 0:
            problems.append(f"{where}: child failed: {outcome.stderr[-500:]}")
            continue
        try:
            with Vault.open(path, LEAD) as vault:
                desk = Desk(vault)
                present = set(desk.note_ids())
                lost = [n for n in acked if n not in present]
                if lost:
                    problems.append(f"{where}: {len(lost)} acknowledged saves lost")
                extra = len(present) - len(acked)
                if extra not in (0, 1) or (outcome.done_line and extra):
                    problems.append(f"{where}: {extra} notes beyond the acknowledged ones")
                in_flight_kept += extra
                for note_id in acked[-1:]:  # the last acknowledged note reads back whole
                    if marker not in desk.note(note_id).note.body:
                        problems.append(f"{where}: the last acknowledged note is not whole")
                report = vault.verify()
                problems += [f"{where}: verify: {p}" for p in report.problems]
        except Exception as exc:  # what this test exists to catch
            problems.append(f"{where}: the vault does not open: {exc!r}")
        problems += [f"{where}: plaintext in {f}" for f in plaintext_in_vault(marker, path)]
        shutil.rmtree(path)
    problems += [f"plaintext left in {f}" for f in plaintext_in_temp(marker, started)]
    assert problems == []
    assert killed >= target, f"only {killed} of {attempts} runs were killed mid-way"
