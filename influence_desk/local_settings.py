"""Settings of this computer (not of a vault): one small JSON file, nothing secret in it.

The app keeps its preferences in it (ui/appsettings.py); the core keeps which key slot last
opened each vault here, so that slot is tried first (a vault.json stuffed with costly slots
then still opens in one derivation). Vault ids and slot ids are in the vault's own plaintext
vault.json: the file says which vaults this computer opened, as the recent list does, and
nothing of their content.

The file lives where platformdirs says configuration goes (``user_config_dir``), or in
``INFLUENCE_DESK_CONFIG_DIR``. Every writer reads, changes its own keys and replaces the file
atomically, so the app and the CLI keep each other's keys.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

CONFIG_DIR_ENV = "INFLUENCE_DESK_CONFIG_DIR"
SETTINGS_NAME = "settings.json"
MAX_SETTINGS_BYTES = 256 * 1024
LAST_SLOTS_KEY = "last_slots"
MAX_REMEMBERED_VAULTS = 64
_SLOT_ID = re.compile(r"[0-9a-f]{16}")


def config_dir() -> Path:
    override = os.environ.get(CONFIG_DIR_ENV)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_config_dir("influence-desk", appauthor=False))


def settings_file() -> Path:
    return config_dir() / SETTINGS_NAME


def read_settings(path: Path | None = None) -> dict[str, Any]:
    """What is saved; an unreadable, odd or oversized file counts as empty."""
    target = path or settings_file()
    try:
        with target.open("rb") as handle:
            raw = handle.read(MAX_SETTINGS_BYTES + 1)
        data = json.loads(raw.decode("utf-8")) if len(raw) <= MAX_SETTINGS_BYTES else {}
    except (OSError, ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def update_settings(change: Callable[[dict[str, Any]], None], path: Path | None = None) -> None:
    """Read, let ``change`` edit the dict, write it back atomically. A settings file is a
    convenience: failing to write it never fails what the user was doing."""
    target = path or settings_file()
    data = read_settings(target)
    change(data)
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(data, indent=1, ensure_ascii=True), encoding="utf-8")
        os.replace(tmp, target)
    except OSError:
        tmp.unlink(missing_ok=True)


def _valid_vault_id(text: object) -> bool:
    if not isinstance(text, str):
        return False
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


class SlotMemory:
    """Which key slot last opened each vault on this computer."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path  # None: the settings file of this user (looked up when used)

    def slot_for(self, vault_id: str) -> str | None:
        remembered = read_settings(self.path).get(LAST_SLOTS_KEY)
        if not isinstance(remembered, dict):
            return None
        slot_id = remembered.get(vault_id)
        return slot_id if isinstance(slot_id, str) and _SLOT_ID.fullmatch(slot_id) else None

    def remember(self, vault_id: str, slot_id: str) -> None:
        if not _valid_vault_id(vault_id) or not _SLOT_ID.fullmatch(slot_id):
            return
        if self.slot_for(vault_id) == slot_id:
            return  # nothing to write: most opens change nothing here

        def change(data: dict[str, Any]) -> None:
            old = data.get(LAST_SLOTS_KEY)
            kept = {
                k: v for k, v in (old.items() if isinstance(old, dict) else ())
                if _valid_vault_id(k) and isinstance(v, str) and _SLOT_ID.fullmatch(v)
                and k != vault_id
            }  # fmt: skip
            kept[vault_id] = slot_id  # newest last; the oldest go first
            data[LAST_SLOTS_KEY] = dict(list(kept.items())[-MAX_REMEMBERED_VAULTS:])

        update_settings(change, self.path)
