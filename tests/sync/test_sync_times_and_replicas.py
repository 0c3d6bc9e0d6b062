"""When this computer last synced a vault (settings.json: a time only, an odd entry reads as
never), and each replica as the history names it (Administration.replicas: whose copy)."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from pathlib import Path

from sync_team import add_note, desk_of, make_team, sync

from influence_desk.admin import Administration
from influence_desk.sync_settings import SyncFolderMemory

VAULT = str(uuid.uuid4())


def test_the_last_sync_time_is_kept_per_vault_and_odd_entries_read_as_never(
    tmp_path: Path,
) -> None:
    file = tmp_path / "settings.json"
    memory = SyncFolderMemory(file)
    assert memory.last_sync(VAULT) is None
    when = datetime(2026, 12, 2, 22, 10, 5, tzinfo=UTC)
    memory.record_sync(VAULT, when)
    assert memory.last_sync(VAULT) == when
    other = str(uuid.uuid4())
    assert memory.last_sync(other) is None
    data = json.loads(file.read_text())
    data["sync_last"][VAULT] = "yesterday"
    file.write_text(json.dumps(data))
    assert memory.last_sync(VAULT) is None
    data["sync_last"][VAULT] = "2026-12-02T22:10:05"  # no time zone: not ours
    file.write_text(json.dumps(data))
    assert memory.last_sync(VAULT) is None
    data["sync_last"] = ["odd"]
    file.write_text(json.dumps(data))
    assert memory.last_sync(VAULT) is None


def test_each_replica_is_named_by_who_first_wrote_on_it(tmp_path: Path) -> None:
    team = make_team(tmp_path, 1)
    lead, laptop = team.all
    add_note(team, laptop, "On the laptop")
    sync(team, laptop)
    sync(team, lead)
    with desk_of(team, lead) as desk:
        admin = Administration(desk.vault)
        replicas = admin.replicas()
        signers = admin.signers()
    assert len(replicas) == 2
    mine = [r for r in replicas.values() if r.mine]
    theirs = [r for r in replicas.values() if not r.mine]
    assert len(mine) == 1 and len(theirs) == 1
    assert signers[mine[0].first_signer].label == "Lena"
    assert signers[theirs[0].first_signer].label == "Rafa"
    assert theirs[0].short_id == theirs[0].replica_id[:8]
