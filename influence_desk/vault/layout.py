"""The files of a vault folder ``NAME.idvault/`` and the limits that go with them."""

from __future__ import annotations

from pathlib import Path

SUFFIX = ".idvault"
DB_NAME = "notes.db"
REKEY_NAME = "notes.db.rekey"
BACKUPS = "backups"
BACKUPS_KEPT = 10
# Reading every page costs ~6-20 ms per MB here: at open only while that stays small.
FULL_CHECK_BYTES = 8 * 1024 * 1024
# The tables Store.live_objects reads (verify reads them only when they are as this app
# makes them).
OBJECT_TABLES = ("meta", "events", "organisations", "sources", "notes", "note_texts",
                 "note_organisations", "note_sources", "note_tags", "name_reviews",
                 "note_versions", "attachments", "attachment_contents")  # fmt: skip


def display_name(path: Path | str) -> str:
    """The vault's name as people call it: its folder's name without the suffix."""
    return Path(path).name.removesuffix(SUFFIX)


def is_vault_name(text: str) -> bool:
    """Whether ``text`` is spelled like a vault folder (NAME.idvault)."""
    return text.endswith(SUFFIX)


def as_vault_folder(path: Path) -> Path:
    """``path`` with the suffix added when it names no existing folder and lacks it."""
    if not path.exists() and not is_vault_name(path.name):
        return path.with_name(path.name + SUFFIX)
    return path
