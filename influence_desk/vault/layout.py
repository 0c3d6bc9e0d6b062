"""The files of a vault folder ``NAME.idvault/`` and the limits that go with them."""

from __future__ import annotations

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
