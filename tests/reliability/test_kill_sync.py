"""A sync killed (SIGKILL) while applying bundles, just before and just after a bundle's
commit: the replica verifies, and the next sync brings it to the same notes as one never
interrupted (each bundle is one transaction: all of it or none)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sync.sync_team import add_note, close_all, make_team, passphrase_for, sync, titles, verified

from influence_desk.killpoints import ENV

EXE = Path(sys.executable).with_name("influence-desk")


@pytest.fixture(autouse=True)
def _close_replicas() -> Iterator[None]:
    yield
    close_all()


@pytest.mark.parametrize("kill_at", ["sync.apply.before_commit@2", "sync.apply.after_commit@2"])
def test_a_sync_killed_mid_apply_loses_nothing_and_converges(tmp_path: Path, kill_at: str) -> None:
    team = make_team(tmp_path, 2)
    lead, rafa, mira = team.all
    notes = {add_note(team, p, f"Note from replica {i}", "text") for i, p in enumerate(team.all)}
    sync(team, rafa)
    sync(team, mira)
    close_all()
    env = {k: v for k, v in os.environ.items() if not k.startswith("INFLUENCE_DESK_")}
    env["INFLUENCE_DESK_PASSPHRASE"] = passphrase_for(team, lead)
    env[ENV] = kill_at  # the second of the two bundles to apply
    done = subprocess.run([str(EXE), "sync", str(lead), str(team.folder)], env=env,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          timeout=300)  # fmt: skip
    assert done.returncode == -signal.SIGKILL
    assert verified(team, lead)
    for _ in range(2):
        for path in team.all:
            assert sync(team, path).refused == []
    for path in team.all:
        assert set(titles(team, path)) == notes
        assert verified(team, path)
