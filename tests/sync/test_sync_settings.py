"""This computer's sync folder per vault (settings.json): what the app's Sync panel and the
sync command keep, what a damaged file reads as, and which folders are refused."""

from __future__ import annotations

import json
import os
import uuid
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from influence_desk.errors import BadInput
from influence_desk.local_settings import SlotMemory
from influence_desk.sync_settings import (
    SyncFolderMemory,
    SyncFolderSettings,
    SyncTrigger,
    check_sync_folder,
)

VAULT = str(uuid.uuid4())


def test_settings_are_kept_per_vault_beside_other_settings(tmp_path: Path) -> None:
    file = tmp_path / "settings.json"
    SlotMemory(file).remember(VAULT, "0123456789abcdef")
    memory = SyncFolderMemory(file)
    assert memory.get(VAULT) == SyncFolderSettings()  # nothing chosen: no folder
    chosen = SyncFolderSettings(tmp_path / "team-sync", on_unlock=True, every_minutes=5,
                                on_lock=False)  # fmt: skip
    memory.set(VAULT, chosen)
    other = str(uuid.uuid4())
    memory.set(other, SyncFolderSettings(tmp_path / "other", every_minutes=None))
    assert SyncFolderMemory(file).get(VAULT) == chosen
    assert SyncFolderMemory(file).get(other).every_minutes is None
    assert SlotMemory(file).slot_for(VAULT) == "0123456789abcdef"  # other keys kept
    stored = json.loads(file.read_text("utf-8"))["sync_folders"][VAULT]
    assert stored == {"folder": str(tmp_path / "team-sync"), "on_unlock": True,
                      "every_minutes": 5, "on_lock": False}  # fmt: skip
    memory.forget(VAULT)
    assert memory.get(VAULT).folder is None and memory.get(other).folder == tmp_path / "other"


@pytest.mark.parametrize(
    "entry",
    [
        "a string",
        {"folder": "relative/path"},
        {"folder": 42},
        {"folder": "/x", "every_minutes": 0},
        {"folder": "/x", "every_minutes": "5"},
        {"folder": "/x", "every_minutes": 10**9},
        {"folder": "/x", "on_lock": "yes"},
        {"folder": "/x\0y"},
    ],
)
def test_an_odd_entry_reads_as_no_sync_folder(tmp_path: Path, entry: object) -> None:
    file = tmp_path / "settings.json"
    file.write_text(json.dumps({"sync_folders": {VAULT: entry}}), "utf-8")
    assert SyncFolderMemory(file).get(VAULT) == SyncFolderSettings()


def test_bad_choices_are_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="every 1 to 1440 minutes"):
        SyncFolderSettings(tmp_path, every_minutes=0)
    with pytest.raises(BadInput, match="full path"):
        SyncFolderSettings(Path("relative"))
    with pytest.raises(BadInput, match="UUID"):
        SyncFolderMemory(tmp_path / "s.json").set("not-a-vault", SyncFolderSettings())


def test_when_an_automatic_sync_is_due(tmp_path: Path) -> None:
    now = datetime(2026, 12, 2, 10, 30)
    settings = SyncFolderSettings(tmp_path, on_unlock=True, every_minutes=10, on_lock=False)
    assert settings.due(SyncTrigger.UNLOCK, None, now)
    assert not settings.due(SyncTrigger.LOCK, None, now)
    assert settings.due(SyncTrigger.TIMER, None, now)
    assert not settings.due(SyncTrigger.TIMER, now - timedelta(minutes=9), now)
    assert settings.due(SyncTrigger.TIMER, now - timedelta(minutes=10), now)
    never = SyncFolderSettings(tmp_path, on_unlock=False, every_minutes=None, on_lock=True)
    assert not never.due(SyncTrigger.TIMER, None, now)
    assert not never.due(SyncTrigger.UNLOCK, None, now) and never.due(SyncTrigger.LOCK, None, now)
    assert not SyncFolderSettings().due(SyncTrigger.UNLOCK, None, now)  # no folder, no sync


def test_a_sync_folder_must_be_outside_the_vault(tmp_path: Path) -> None:
    vault = tmp_path / "work" / "field.idvault"
    (vault / "backups").mkdir(parents=True)
    sync = tmp_path / "Sync"
    sync.mkdir()
    assert check_sync_folder(sync, vault) == sync.resolve()
    for folder, why in (
        (vault, "cannot be the vault folder or inside it"),
        (vault / "backups", "cannot be the vault folder or inside it"),
        (tmp_path / "work", "would copy its live database"),
        (tmp_path, "would copy its live database"),
        (tmp_path / "missing", "does not exist"),
        (Path("Sync"), "full path"),
    ):
        with pytest.raises(BadInput, match=why) as caught:
            check_sync_folder(folder, vault)
        assert str(caught.value).count(". ") == 0 and str(caught.value).endswith(".")
    file = tmp_path / "a-file"
    file.write_text("x")
    with pytest.raises(BadInput, match="a file, not a folder"):
        check_sync_folder(file, vault)
    link = tmp_path / "link-into-vault"
    os.symlink(vault / "backups", link)
    with pytest.raises(BadInput, match="inside it"):
        check_sync_folder(link, vault)
