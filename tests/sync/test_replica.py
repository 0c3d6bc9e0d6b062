"""``replica``: a copy for another laptop with its own replica id, which anyone with a slot
opens with their own passphrase, and whose own entries verify as a chain of their own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from influence_desk import crypto
from influence_desk.errors import NotPermitted
from influence_desk.history import read_entries
from influence_desk.model import Role
from influence_desk.sync.replica import make_replica
from influence_desk.vault.vault import Vault

LEAD = "lead passphrase for replicas"
RESEARCHER = "researcher passphrase for replicas"
EXE = Path(sys.executable).with_name("influence-desk")


@pytest.fixture
def team(tmp_path: Path) -> Path:
    with Vault.create(tmp_path / "team", label="Lena", passphrase=LEAD,
                      kdf=crypto.floor_params()) as vault:  # fmt: skip
        vault.add_slot(Role.RESEARCHER, "Rafa", RESEARCHER, kdf=crypto.floor_params())
        return vault.path


def _setting(vault: Vault, key: str, value: str) -> None:
    store = vault.store
    assert store is not None
    with store.transaction():
        store.set_meta(key, value)
        vault.writer().append("vault.settings", "vault:meta", store.all_meta())


def test_replica_opens_with_each_persons_passphrase_and_has_its_own_chain(
    team: Path, tmp_path: Path
) -> None:
    with Vault.open(team, LEAD) as lead:
        origin = lead.store.local_replica()  # type: ignore[union-attr]
        made = make_replica(lead, tmp_path / "laptop")
        assert made.replica_id != origin
    assert made.path.name == "laptop.idvault"
    with Vault.open(made.path, RESEARCHER) as rafa:
        assert rafa.store.local_replica() == made.replica_id  # type: ignore[union-attr]
        _setting(rafa, "idle.minutes", "4")
        last = list(read_entries(rafa.store))[-1]  # type: ignore[arg-type]
        assert (last.replica, last.rseq, last.prev_hash) == (made.replica_id, 1, "0" * 64)
        assert origin in last.heads  # it names what it had seen of the lead's chain
        assert rafa.checkpoint() == f"1:{last.entry_hash}"
        report = rafa.verify()
        assert report.ok, report.problems
    with Vault.open(team, LEAD) as lead:
        assert any(e.action == "replica.create" for e in read_entries(lead.store))  # type: ignore[arg-type]
        assert lead.verify().ok


def test_only_a_lead_makes_a_replica(team: Path, tmp_path: Path) -> None:
    with Vault.open(team, RESEARCHER) as rafa, pytest.raises(NotPermitted):
        make_replica(rafa, tmp_path / "nope")
    assert not (tmp_path / "nope.idvault").exists()


def _cli(*args: str, passphrase: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("INFLUENCE_DESK_")}
    env["INFLUENCE_DESK_PASSPHRASE"] = passphrase
    return subprocess.run([str(EXE), *args], env=env, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=300)  # fmt: skip


def test_replica_command(team: Path, tmp_path: Path) -> None:
    done = _cli("replica", str(team), str(tmp_path / "copy"), "--json", passphrase=LEAD)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["path"].endswith("copy.idvault") and len(data["replica_id"]) == 36
    refused = _cli("replica", str(team), str(tmp_path / "copy2"), passphrase=RESEARCHER)
    assert refused.returncode == 4
    assert refused.stderr.count("\n") == 1 and "lead" in refused.stderr
    again = _cli("replica", str(team), str(tmp_path / "copy"), passphrase=LEAD)
    assert again.returncode == 1 and "already exists" in again.stderr


def test_a_copy_cancelled_before_it_is_in_place_leaves_no_folder(team: Path) -> None:
    from influence_desk.errors import Cancelled
    from influence_desk.progress import CancelFlag

    cancel = CancelFlag()
    steps: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        steps.append((done, total))
        if done == 2:  # the database is copied: Cancel pressed meanwhile
            cancel.cancel()

    with Vault.open(team, LEAD) as vault:
        with pytest.raises(Cancelled, match="no copy was made"):
            make_replica(vault, team.parent / "laptop", progress=progress, cancel=cancel)
        assert steps == [(0, 4), (1, 4), (2, 4), (3, 4)]
        assert sorted(p.name for p in team.parent.iterdir()) == [team.name]
        made = make_replica(vault, team.parent / "laptop", progress=progress)
    with Vault.open(made.path, RESEARCHER) as copy:
        assert copy.verify().ok
