"""The SQL of ``attachments`` and ``attachment_contents`` (schema version 4): the only place
that reads or writes those tables. What the rows mean is influence_desk/attachments/'s."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import astuple, dataclass
from typing import Any

from influence_desk.store.base import StoreBase
from influence_desk.store.records import NoteWhere

__all__ = [
    "ATTACHMENTS_SINCE",
    "ATTACHMENT_INDEX_SINCE",
    "AttachmentRecord",
    "AttachmentTables",
    "ContentCheck",
]

ATTACHMENTS_SINCE = 4  # the schema version that has the attachment tables
ATTACHMENT_INDEX_SINCE = 6  # ... and the one whose attachment texts are searchable
ATTACHMENT_COLUMNS = (
    "id, note_id, source_id, kind, mime, audience, sha256, size, width, height, removed, "
    "text, created_at"
)

# In the order they were attached: created_at has whole seconds only, so the seq of each
# one's first history entry decides (an indexed lookup per attachment: history_object).
_IN_ORDER = ("ORDER BY (SELECT min(seq) FROM history WHERE object_id = 'attachment:' || "
             "attachments.id), id")  # fmt: skip


@dataclass(frozen=True)
class AttachmentRecord:
    """One attachment's row. ``sha256`` names its bytes in attachment_contents (for a
    source's identity attachment: the sealed bytes); ``removed`` is a JSON list of what
    stripping took out."""

    id: str
    note_id: str | None
    source_id: str | None
    kind: str
    mime: str
    audience: str
    sha256: str
    size: int
    width: int | None
    height: int | None
    removed: str
    text: str
    created_at: str

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> AttachmentRecord:
        return cls(*row)

    def values(self) -> tuple[Any, ...]:
        return astuple(self)

    def content(self) -> dict[str, Any]:
        """What history signs of the attachment (its bytes by their SHA-256)."""
        try:
            removed: Any = json.loads(self.removed)
        except ValueError:
            removed = self.removed  # hashed as found: verify reports the edit
        return {
            "id": self.id, "note_id": self.note_id, "source_id": self.source_id,
            "kind": self.kind, "mime": self.mime, "audience": self.audience,
            "sha256": self.sha256, "size": self.size, "width": self.width,
            "height": self.height, "removed": removed, "text": self.text,
            "created_at": self.created_at,
        }  # fmt: skip


@dataclass(frozen=True)
class ContentCheck:
    """One stored content row as verify sees it: does its key name its bytes, how long."""

    sha256: str
    actual_sha256: str
    size: int


class AttachmentTables(StoreBase):
    @property
    def keeps_attachments(self) -> bool:
        """This database has the tables (a backup made before version 4 has not)."""
        return self.schema is not None and self.schema.version >= ATTACHMENTS_SINCE

    @property
    def indexes_attachment_texts(self) -> bool:
        """This database has attachments_fts (schema version 6 on)."""
        return self.schema is not None and self.schema.version >= ATTACHMENT_INDEX_SINCE

    def put_attachment(self, record: AttachmentRecord) -> None:
        """The row, and its text in the search index: every writer of attachment rows comes
        through here, so the index cannot be left behind."""
        marks = ",".join("?" * len(ATTACHMENT_COLUMNS.split(", ")))
        self._exec(
            f"INSERT OR REPLACE INTO attachments({ATTACHMENT_COLUMNS}) VALUES ({marks})",
            record.values(),
        )
        self._index_attachment_text(record.id, record.text)

    def _index_attachment_text(self, attachment_id: str, text: str) -> None:
        if not self.indexes_attachment_texts:
            return
        self._exec("DELETE FROM attachments_fts WHERE attachment_id = ?", (attachment_id,))
        if text:
            self._exec("INSERT INTO attachments_fts(attachment_id, text) VALUES (?, ?)",
                       (attachment_id, text))  # fmt: skip

    def put_attachment_content(self, sha256: str, data: bytes) -> None:
        """The bytes once per content (a second attachment of them adds no row)."""
        self._exec(
            "INSERT OR IGNORE INTO attachment_contents(sha256, data) VALUES (?, ?)",
            (sha256, data),
        )

    def has_attachment_content(self, sha256: str) -> bool:
        row = self._exec("SELECT 1 FROM attachment_contents WHERE sha256 = ?", (sha256,))
        return row.fetchone() is not None

    def attachment_ids_with_content(self, sha256: str) -> list[str]:
        """Every attachment whose bytes are ``sha256`` (sync: held before?)."""
        rows = self._exec("SELECT id FROM attachments WHERE sha256 = ? ORDER BY id", (sha256,))
        return [str(r[0]) for r in rows]

    def attachment_row(self, attachment_id: str) -> AttachmentRecord | None:
        row = self._exec(
            f"SELECT {ATTACHMENT_COLUMNS} FROM attachments WHERE id = ?", (attachment_id,)
        ).fetchone()
        return None if row is None else AttachmentRecord.from_row(row)

    def attachment_object(self, attachment_id: str) -> dict[str, Any] | None:
        record = self.attachment_row(attachment_id)
        return None if record is None else record.content()

    def attachment_rows_of_note(self, note_id: str) -> list[AttachmentRecord]:
        if not self.keeps_attachments:
            return []
        rows = self._exec(
            f"SELECT {ATTACHMENT_COLUMNS} FROM attachments WHERE note_id = ? {_IN_ORDER}",
            (note_id,),
        )
        return [AttachmentRecord.from_row(r) for r in rows]

    def attachment_rows_of_source(self, source_id: str) -> list[AttachmentRecord]:
        if not self.keeps_attachments:
            return []
        rows = self._exec(
            f"SELECT {ATTACHMENT_COLUMNS} FROM attachments WHERE source_id = ? {_IN_ORDER}",
            (source_id,),
        )
        return [AttachmentRecord.from_row(r) for r in rows]

    def attachment_rows_with_text(self) -> list[AttachmentRecord]:
        if not self.keeps_attachments:
            return []
        rows = self._exec(
            f"SELECT {ATTACHMENT_COLUMNS} FROM attachments WHERE text != '' ORDER BY id"
        )
        return [AttachmentRecord.from_row(r) for r in rows]

    def attachment_content(self, sha256: str) -> bytes | None:
        row = self._exec(
            "SELECT data FROM attachment_contents WHERE sha256 = ?", (sha256,)
        ).fetchone()
        if row is None or not isinstance(row[0], bytes | memoryview):
            return None
        return bytes(row[0])

    def delete_attachment(self, attachment_id: str) -> None:
        """The row, and its bytes when no other attachment shares them (secure_delete
        zeroes the freed pages)."""
        record = self.attachment_row(attachment_id)
        if record is None:
            return
        self._exec("DELETE FROM attachments WHERE id = ?", (attachment_id,))
        self._index_attachment_text(attachment_id, "")
        self._exec(
            "DELETE FROM attachment_contents WHERE sha256 = ? AND NOT EXISTS "
            "(SELECT 1 FROM attachments WHERE sha256 = ?)",
            (record.sha256, record.sha256),
        )

    def live_attachments(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """(object id, signed content) of every attachment, for verify."""
        if not self.keeps_attachments:
            return
        rows = self._exec(f"SELECT {ATTACHMENT_COLUMNS} FROM attachments ORDER BY id")
        for row in rows.fetchall():
            yield f"attachment:{row[0]}", AttachmentRecord.from_row(row).content()

    def attachment_content_checks(self) -> Iterator[ContentCheck]:
        """Every content row hashed, one at a time (bounded memory)."""
        if not self.keeps_attachments:
            return
        keys = [str(r[0]) for r in self._exec("SELECT sha256 FROM attachment_contents")]
        for key in sorted(keys):
            row = self._exec(
                "SELECT data FROM attachment_contents WHERE sha256 = ?", (key,)
            ).fetchone()
            if row is None:
                continue
            value = row[0]
            data = bytes(value) if isinstance(value, bytes | memoryview) else str(value).encode()
            yield ContentCheck(key, hashlib.sha256(data).hexdigest(), len(data))

    def attachment_references(self) -> dict[str, int]:
        """Content SHA-256 -> the size an attachment row says it has (for verify)."""
        if not self.keeps_attachments:
            return {}
        rows = self._exec("SELECT sha256, size FROM attachments")
        return {str(s): int(n) for s, n in rows}

    # --- search over attachment texts ------------------------------------------------

    def search_attachment_texts(
        self, match: str, where: NoteWhere, limit: int
    ) -> list[tuple[str, str, str, float]]:
        """Notes whose attachments' read text matches: (note id, title as indexed, snippet
        of the attachment text, bm25 rank), best first; notes in the trash have no notes
        row and are not found. ``match`` is a safe FTS5 expression (Store.search's)."""
        if not self.indexes_attachment_texts:
            return []
        clause, params = where.sql(joined=True)
        return self._search_rows(
            "SELECT n.id, (SELECT c0 FROM notes_fts_content WHERE id = n.nid), "
            "snippet(attachments_fts, 1, '[', ']', '…', 16), f.rank "
            "FROM attachments_fts f JOIN attachments a ON a.id = f.attachment_id "
            "JOIN notes n ON n.id = a.note_id "
            f"WHERE attachments_fts MATCH ? {clause} ORDER BY f.rank LIMIT ?",
            (match, *params, limit),
        )

    def attachment_index_differences(self, limit: int = 20) -> tuple[list[str], int]:
        """For verify (the index is derived): attachment ids whose text and index row differ
        (a row missing, changed, doubled, or for no attachment), at most ``limit``, and
        how many in all."""
        if not self.indexes_attachment_texts:
            return [], 0
        wrong = (
            "SELECT id FROM attachments a WHERE text != '' AND (SELECT count(*) FROM "
            "attachments_fts_content c WHERE c.c0 = a.id AND c.c1 IS a.text) != 1 "
            "UNION SELECT c0 FROM attachments_fts_content c WHERE NOT EXISTS (SELECT 1 FROM "
            "attachments a WHERE a.id = c.c0 AND a.text != '' AND a.text IS c.c1) "
            "UNION SELECT c0 FROM attachments_fts_content GROUP BY c0 HAVING count(*) > 1"
        )
        ids = [str(r[0]) for r in self._exec(f"{wrong} ORDER BY 1 LIMIT ?", (limit,))]
        total = int(self._exec(f"SELECT count(*) FROM ({wrong})").fetchone()[0])
        return ids, total
