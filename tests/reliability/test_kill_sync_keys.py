"""A sync killed (SIGKILL) while it applies a bundle that adds a person, removes one and
rekeys: at each commit point of vault.json (the slots it added, the shared layers resealed
to the new key), just before and just after. The replica still opens and verifies; the
next sync finishes what was cut short, so the new person opens it with their passphrase
and it holds the lead's new key and notes, as one never interrupted."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sync.sync_team import (
    RAFA,
    add_note,
    close_all,
    desk_of,
    make_team,
    passphrase_for,
    sync,
    titles,
    verified,
)

from influence_desk import crypto
from influence_desk.killpoints import ENV
from influence_desk.model import Role
from influence_desk.vault.vault import Vault

EXE = Path(sys.executable).with_name("influence-desk")
NORA = "nora's own passphrase for the team"


@pytest.fixture(autouse=True)
def _close_replicas() -> Iterator[None]:
    yield
    close_all()


@pytest.mark.parametrize(
    "kill_at",
    [
        "sync.apply.before_commit",  # the slot removed from vault.json, the bundle not held
        "sync.slots.before_commit",
        "sync.slots.after_commit",
        "sync.rekey.before_commit",
        "sync.rekey.after_commit",
    ],
)
def test_a_sync_killed_while_keys_apply_recovers(tmp_path: Path, kill_at: str) -> None:
    team = make_team(tmp_path, 1)
    lead, laptop = team.all
    first = add_note(team, lead, "Before the rekey", "old key")
    with desk_of(team, lead) as desk:
        desk.vault.add_slot(Role.RESEARCHER, "Nora", NORA, kdf=crypto.floor_params())
        mira = next(s for s in desk.vault.list_slots() if s.label == "Mira")
        desk.vault.remove_slot(mira.id)
        desk.vault.rekey()
        new_key = desk.vault._shared().data_key
    second = add_note(team, lead, "After the rekey", "new key")
    sync(team, lead)
    close_all()
    env = {k: v for k, v in os.environ.items() if not k.startswith("INFLUENCE_DESK_")}
    env["INFLUENCE_DESK_PASSPHRASE"] = passphrase_for(team, laptop)
    env[ENV] = kill_at
    done = subprocess.run([str(EXE), "sync", str(laptop), str(team.folder)], env=env,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          timeout=300)  # fmt: skip
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert verified(team, laptop)  # Rafa still opens it, and it verifies
    for _ in range(2):
        assert sync(team, laptop).refused == []
    assert {first, second} <= set(titles(team, laptop))
    assert verified(team, laptop)
    close_all()
    with Vault.open(laptop, NORA) as vault:
        assert vault._shared().data_key == new_key
        assert sorted(s.label for s in vault.file.slots) == ["Lena", "Nora", "Rafa"]
    with Vault.open(laptop, RAFA) as vault:
        assert vault.verify().ok
