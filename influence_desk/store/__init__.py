"""The only package that speaks SQL: one SQLCipher connection to notes.db (base.py), the
rows of each table as typed records (records.py), split by concern: notes (notes.py),
everything else (objects.py), the kept versions (versions.py, object_versions.py), closed
files (files.py). The schema's DDL and its pin are in
influence_desk/schema.py."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from influence_desk.store.attachments import AttachmentRecord, AttachmentTables
from influence_desk.store.base import MIGRATIONS, StoreBase
from influence_desk.store.files import probe_key, rekey_file
from influence_desk.store.notes import NoteTables
from influence_desk.store.object_versions import ObjectVersionTables
from influence_desk.store.objects import ObjectTables
from influence_desk.store.records import (
    EVENTS,
    NAME_REVIEW_COLUMNS,
    NOTES_IN_NID_ORDER,
    ORGANISATIONS,
    SOURCE_COLUMNS,
    EventRecord,
    NoteLinks,
    NoteListRecord,
    NoteRecord,
    NoteWhere,
    OrganisationRecord,
    ReferenceTable,
    Row,
    SourceRecord,
    name_review_content,
)
from influence_desk.store.replicas import ReplicaTables
from influence_desk.store.versions import VersionTables

__all__ = [
    "EVENTS",
    "MIGRATIONS",
    "ORGANISATIONS",
    "AttachmentRecord",
    "EventRecord",
    "NoteListRecord",
    "NoteRecord",
    "NoteWhere",
    "OrganisationRecord",
    "ReferenceTable",
    "Row",
    "SourceRecord",
    "Store",
    "StoreBase",
    "probe_key",
    "rekey_file",
]


class Store(
    NoteTables, ObjectTables, VersionTables, ObjectVersionTables, AttachmentTables, ReplicaTables
):
    """One open notes.db. Not thread-safe: one thread uses a Store at a time."""

    def live_objects(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """Every object whose content history vouches for, as (object id, canonical content).

        Built by the same records' ``content()`` the Desk hashes at write time, so a row
        edited, deleted or added outside history shows up in ``Vault.verify``."""
        yield "vault:meta", self.all_meta()
        for table in (EVENTS, ORGANISATIONS):
            for row in self._exec(f"SELECT {table.columns} FROM {table.table} ORDER BY id"):
                yield f"{table.prefix}:{row[0]}", table.record(row).content()
        for row in self._exec(f"SELECT {SOURCE_COLUMNS} FROM sources ORDER BY id"):
            yield f"source:{row[0]}", SourceRecord.from_row(row).content()
        for row in self._exec(f"SELECT {NAME_REVIEW_COLUMNS} FROM name_reviews ORDER BY key"):
            yield f"name:{row[0]}", name_review_content(row)
        yield from self._live_notes()
        yield from self.live_attachments()

    def _live_notes(self, batch: int = 2000) -> Iterator[tuple[str, dict[str, Any]]]:
        for rows in self._batches(NOTES_IN_NID_ORDER, batch):
            links = self._links_between(rows[0][0], rows[-1][0])
            for row in rows:
                linked = links.get(row[0]) or NoteLinks.empty()
                yield f"note:{row[1]}", NoteRecord.from_row(row).content(*linked)
