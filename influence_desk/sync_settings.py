"""Where this computer syncs each vault, and when (settings.json, like local_settings).

A sync folder is a plain folder (a Syncthing folder, a shared drive, a USB stick) that
holds encrypted bundles only (influence_desk/sync/bundle_format.py). Which folder, and
whether the app syncs on unlock, every N minutes and on lock, is a preference of this
computer, kept by vault id under ``sync_folders``: a path and three switches, nothing of
the vault's content. The `sync` command and the app's Sync panel read it; a damaged or odd
entry reads as "no sync folder" (a settings file is a convenience and never fails a user).

``check_sync_folder`` is the rule for choosing one: an existing, writable folder that is
neither the vault, inside it, nor holding it. A vault inside a synced folder would have its
live notes.db copied by the sync tool, which is what bundles exist to avoid (DESIGN §11).
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

from influence_desk.errors import BadInput
from influence_desk.local_settings import read_settings, update_settings

SYNC_FOLDERS_KEY = "sync_folders"
LAST_SYNC_KEY = "sync_last"  # vault id -> when this computer last synced it (UTC, ISO)
MAX_REMEMBERED_VAULTS = 64
MAX_PATH_CHARS = 4096
MIN_INTERVAL_MINUTES = 1
MAX_INTERVAL_MINUTES = 24 * 60
DEFAULT_INTERVAL_MINUTES = 10


class SyncTrigger(StrEnum):
    """What may start an automatic sync."""

    UNLOCK = "unlock"
    TIMER = "timer"
    LOCK = "lock"


@dataclass(frozen=True)
class SyncFolderSettings:
    """One vault's sync folder on this computer; ``folder`` None: none chosen yet.
    ``every_minutes`` None: no periodic sync."""

    folder: Path | None = None
    on_unlock: bool = True
    every_minutes: int | None = DEFAULT_INTERVAL_MINUTES
    on_lock: bool = True

    def __post_init__(self) -> None:
        minutes = self.every_minutes
        if minutes is not None and not MIN_INTERVAL_MINUTES <= minutes <= MAX_INTERVAL_MINUTES:
            raise BadInput(
                f"Automatic sync runs every {MIN_INTERVAL_MINUTES} to {MAX_INTERVAL_MINUTES} "
                "minutes."
            )
        if self.folder is not None and not self.folder.is_absolute():
            raise BadInput("A sync folder is given as a full path.")

    def due(self, trigger: SyncTrigger, last_sync: datetime | None, now: datetime) -> bool:
        """Should ``trigger`` start a sync now? Never without a folder; the timer once
        ``every_minutes`` have passed since the last sync (or at once if there was none)."""
        if self.folder is None:
            return False
        if trigger is SyncTrigger.UNLOCK:
            return self.on_unlock
        if trigger is SyncTrigger.LOCK:
            return self.on_lock
        if self.every_minutes is None:
            return False
        return last_sync is None or now - last_sync >= timedelta(minutes=self.every_minutes)

    def as_json(self) -> dict[str, Any]:
        return {
            "folder": str(self.folder) if self.folder is not None else None,
            "on_unlock": self.on_unlock,
            "every_minutes": self.every_minutes,
            "on_lock": self.on_lock,
        }

    @classmethod
    def from_json(cls, data: object) -> SyncFolderSettings:
        """The stored entry, or the defaults when anything in it is odd."""
        if not isinstance(data, dict):
            return cls()
        folder, minutes = data.get("folder"), data.get("every_minutes")
        on_unlock, on_lock = data.get("on_unlock", True), data.get("on_lock", True)
        if folder is not None and not (isinstance(folder, str) and 0 < len(folder)
                                       <= MAX_PATH_CHARS and "\0" not in folder):  # fmt: skip
            return cls()
        if minutes is not None and type(minutes) is not int:
            return cls()
        if type(on_unlock) is not bool or type(on_lock) is not bool:
            return cls()
        try:
            return cls(Path(folder) if folder else None, on_unlock, minutes, on_lock)
        except BadInput:
            return cls()


def _valid_vault_id(text: object) -> bool:
    try:
        return isinstance(text, str) and str(uuid.UUID(text)) == text
    except ValueError:
        return False


class SyncFolderMemory:
    """Each vault's sync folder settings on this computer (settings.json)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path  # None: the settings file of this user (looked up when used)

    def get(self, vault_id: str) -> SyncFolderSettings:
        stored = read_settings(self.path).get(SYNC_FOLDERS_KEY)
        if not isinstance(stored, dict) or not _valid_vault_id(vault_id):
            return SyncFolderSettings()
        return SyncFolderSettings.from_json(stored.get(vault_id))

    def set(self, vault_id: str, settings: SyncFolderSettings) -> None:
        if not _valid_vault_id(vault_id):
            raise BadInput("A vault id must be a UUID.")
        self._change(vault_id, settings.as_json())

    def forget(self, vault_id: str) -> None:
        self._change(vault_id, None)

    def last_sync(self, vault_id: str) -> datetime | None:
        """When this computer last synced the vault (a time only; None: never, or odd)."""
        stored = read_settings(self.path).get(LAST_SYNC_KEY)
        text = stored.get(vault_id) if isinstance(stored, dict) else None
        if not isinstance(text, str) or len(text) > 64:
            return None
        try:
            when = datetime.fromisoformat(text)
        except ValueError:
            return None
        return when if when.tzinfo is not None else None

    def record_sync(self, vault_id: str, when: datetime) -> None:
        if not _valid_vault_id(vault_id):
            raise BadInput("A vault id must be a UUID.")

        def change(data: dict[str, Any]) -> None:
            old = data.get(LAST_SYNC_KEY)
            kept = {k: v for k, v in (old.items() if isinstance(old, dict) else ())
                    if _valid_vault_id(k) and isinstance(v, str) and k != vault_id}  # fmt: skip
            kept[vault_id] = when.isoformat(timespec="seconds")
            data[LAST_SYNC_KEY] = dict(list(kept.items())[-MAX_REMEMBERED_VAULTS:])

        update_settings(change, self.path)

    def _change(self, vault_id: str, entry: dict[str, Any] | None) -> None:
        def change(data: dict[str, Any]) -> None:
            old = data.get(SYNC_FOLDERS_KEY)
            kept = {
                k: v for k, v in (old.items() if isinstance(old, dict) else ())
                if _valid_vault_id(k) and isinstance(v, dict) and k != vault_id
            }  # fmt: skip
            if entry is not None:
                kept[vault_id] = entry  # newest last; the oldest go first
            data[SYNC_FOLDERS_KEY] = dict(list(kept.items())[-MAX_REMEMBERED_VAULTS:])

        update_settings(change, self.path)


def _within(inner: Path, outer: Path) -> bool:
    return inner == outer or outer in inner.parents


def check_sync_folder(folder: Path, vault_folder: Path) -> Path:
    """The folder, resolved, if it may serve as the vault's sync folder; else BadInput
    with one sentence saying why."""
    if not folder.is_absolute():
        raise BadInput("A sync folder is given as a full path.")
    if not folder.exists():
        raise BadInput("The sync folder does not exist; make it first (or let Syncthing).")
    if not folder.is_dir():
        raise BadInput("The sync folder is a file, not a folder.")
    resolved, vault = folder.resolve(), vault_folder.resolve()
    if _within(resolved, vault):
        raise BadInput("A sync folder cannot be the vault folder or inside it.")
    if _within(vault, resolved):
        raise BadInput(
            "The vault is inside that folder, so a sync tool would copy its live database; "
            "choose a folder outside it."
        )
    if not os.access(resolved, os.W_OK | os.X_OK):
        raise BadInput("The sync folder cannot be written to.")
    return resolved
