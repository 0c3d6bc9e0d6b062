"""The SQL of ``note_versions`` (schema version 3): the only place that reads or writes
that table. What the rows mean is ``influence_desk/versions.py``'s."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from influence_desk.store.base import StoreBase

Row = tuple[Any, ...]
VERSIONS_SINCE = 3  # the schema version that has note_versions
SOURCE_VERSIONS_SINCE = 7  # ... and source_versions


class VersionTables(StoreBase):
    @property
    def keeps_versions(self) -> bool:
        """This database has the table (a backup made before version 3 has not)."""
        return self.schema is not None and self.schema.version >= VERSIONS_SINCE

    @property
    def keeps_source_versions(self) -> bool:
        return self.schema is not None and self.schema.version >= SOURCE_VERSIONS_SINCE

    def put_source_version(self, seq: int, source_id: str, content: str, identity: bytes) -> None:
        self._exec(
            "INSERT OR REPLACE INTO source_versions(seq, source_id, content, identity) "
            "VALUES (?,?,?,?)",
            (seq, source_id, content, identity),
        )

    def source_version_row(self, seq: int) -> Row | None:
        """(seq, source_id, content, identity) of the source version entry ``seq`` made."""
        return self._exec(  # type: ignore[no-any-return]
            "SELECT seq, source_id, content, identity FROM source_versions WHERE seq = ?",
            (seq,),
        ).fetchone()

    def source_version_rows_of(self, source_id: str) -> list[Row]:
        return self._exec(
            "SELECT seq, source_id, content, identity FROM source_versions "
            "WHERE source_id = ? ORDER BY seq",
            (source_id,),
        ).fetchall()

    def all_source_version_rows(self) -> list[Row]:
        return self._exec(
            "SELECT seq, source_id, content, identity FROM source_versions ORDER BY seq"
        ).fetchall()

    def put_version(self, seq: int, note_id: str, content: str, surfaces: Any) -> None:
        self._exec(
            "INSERT OR REPLACE INTO note_versions(seq, note_id, content, surfaces) "
            "VALUES (?,?,?,?)",
            (seq, note_id, content, surfaces),
        )

    def put_versions(self, rows: list[tuple[int, str, str, Any]]) -> None:
        """Many (seq, note_id, content, surfaces), as ``put_version`` one by one."""
        self._exec_many(
            "INSERT OR REPLACE INTO note_versions(seq, note_id, content, surfaces) "
            "VALUES (?,?,?,?)",
            rows,
        )

    def version_row(self, seq: int) -> Row | None:
        """(seq, note_id, content, surfaces) of the version history entry ``seq`` made."""
        return self._exec(  # type: ignore[no-any-return]
            "SELECT seq, note_id, content, surfaces FROM note_versions WHERE seq = ?", (seq,)
        ).fetchone()

    def version_rows_of(self, note_id: str) -> list[Row]:
        return self._exec(
            "SELECT seq, note_id, content, surfaces FROM note_versions WHERE note_id = ? "
            "ORDER BY seq",
            (note_id,),
        ).fetchall()

    def delete_versions_of(self, note_id: str) -> int:
        cursor = self._exec("DELETE FROM note_versions WHERE note_id = ?", (note_id,))
        return int(cursor.rowcount)

    def history_entry_row(self, seq: int) -> Row | None:
        """One history row by its number (``Store.HISTORY_COLUMNS`` order)."""
        return self._exec(  # type: ignore[no-any-return]
            f"SELECT {self.history_columns} FROM history WHERE seq = ?",
            (seq,),
        ).fetchone()

    def iter_version_checks(self, batch: int = 2000) -> Iterator[Row]:
        """(seq, note_id, content, surfaces, entry object, entry content hash) of every
        version, its history entry beside it (NULLs where there is none)."""
        last = -1
        while True:
            rows = self._exec(
                "SELECT v.seq, v.note_id, v.content, v.surfaces, h.object_id, h.content_hash "
                "FROM note_versions v LEFT JOIN history h ON h.seq = v.seq "
                "WHERE v.seq > ? ORDER BY v.seq LIMIT ?",
                (last, batch),
            ).fetchall()
            if not rows:
                return
            yield from rows
            last = int(rows[-1][0])

    def note_entries_without_version(self, after: int) -> list[Row]:
        """(seq, object_id) of every note entry with content after ``after`` that has no
        version row (all of them: the caller exempts the notes a signed emptying named)."""
        return self._exec(
            "SELECT h.seq, h.object_id FROM history h "
            "LEFT JOIN note_versions v ON v.seq = h.seq "
            "WHERE h.object_id >= 'note:' AND h.object_id < 'note;' AND h.content_hash != '' "
            "AND h.seq > ? AND v.seq IS NULL ORDER BY h.seq",
            (after,),
        ).fetchall()

    def trashed_note_ids(self) -> list[str]:
        """Notes with kept versions and no row in ``notes``: the trash."""
        return [
            str(r[0])
            for r in self._exec(
                "SELECT DISTINCT note_id FROM note_versions "
                "WHERE note_id NOT IN (SELECT id FROM notes) ORDER BY note_id"
            )
        ]
