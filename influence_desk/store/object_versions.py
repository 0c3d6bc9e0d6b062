"""The SQL of ``object_versions`` (schema version 8): the only place that reads or writes
that table. What the rows mean is ``influence_desk/object_versions.py``'s."""

from __future__ import annotations

from collections.abc import Iterable

from influence_desk.store.base import StoreBase
from influence_desk.store.records import Row

OBJECT_VERSIONS_SINCE = 8


class ObjectVersionTables(StoreBase):
    @property
    def keeps_object_versions(self) -> bool:
        """This database has the table (a backup made before version 8 has not)."""
        return self.schema is not None and self.schema.version >= OBJECT_VERSIONS_SINCE

    def put_object_version(self, seq: int, object_id: str, content: str) -> None:
        self._exec(
            "INSERT OR REPLACE INTO object_versions(seq, object_id, content) VALUES (?,?,?)",
            (seq, object_id, content),
        )

    def put_object_versions(self, rows: Iterable[tuple[int, str, str]]) -> None:
        """Many (seq, object_id, content), as ``put_object_version`` one by one."""
        self._exec_many(
            "INSERT OR REPLACE INTO object_versions(seq, object_id, content) VALUES (?,?,?)",
            list(rows),
        )

    def object_version_texts(self, object_id: str) -> dict[int, str]:
        """Local number of the entry -> the content it made, for one object."""
        rows = self._exec(
            "SELECT seq, content FROM object_versions WHERE object_id = ? ORDER BY seq",
            (object_id,),
        ).fetchall()
        return {int(r[0]): str(r[1]) for r in rows}

    def object_version_text(self, seq: int, object_id: str) -> str | None:
        """The content entry ``seq`` made of ``object_id``, if kept."""
        row = self._exec(
            "SELECT content FROM object_versions WHERE seq = ? AND object_id = ?",
            (seq, object_id),
        ).fetchone()
        return None if row is None else str(row[0])

    def object_version_checks(self) -> list[Row]:
        """(seq, object_id, content, entry object, entry content hash) of every kept object
        version, its history entry beside it (NULLs where there is none)."""
        return self._exec(
            "SELECT v.seq, v.object_id, v.content, h.object_id, h.content_hash "
            "FROM object_versions v LEFT JOIN history h ON h.seq = v.seq ORDER BY v.seq"
        ).fetchall()

    def delete_object_versions_of(self, object_id: str) -> int:
        cursor = self._exec("DELETE FROM object_versions WHERE object_id = ?", (object_id,))
        return int(cursor.rowcount)

    def delete_name_review(self, key: str) -> None:
        self._exec("DELETE FROM name_reviews WHERE key = ?", (key,))
