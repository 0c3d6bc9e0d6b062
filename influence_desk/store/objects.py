"""History rows, reference objects (events and organisations through one generic path),
sources and name-review decisions."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from influence_desk.store.base import HISTORY_COLUMNS, LEGACY_HISTORY_COLUMNS, StoreBase
from influence_desk.store.records import (
    NAME_REVIEW_COLUMNS,
    SOURCE_COLUMNS,
    Row,
    SourceRecord,
    name_review_content,
)
from influence_desk.store.records import (
    ReferenceRecord as R,
)
from influence_desk.store.records import (
    ReferenceTable as Table,
)

__all__ = ["ObjectTables"]


class ObjectTables(StoreBase):
    """Everything in notes.db but the notes themselves."""

    # --- history ----------------------------------------------------------------------

    def insert_history(self, row: Row) -> None:
        """A row of ``HISTORY_COLUMNS`` (a v1 row of 10 values on a vault before replicas)."""
        columns = HISTORY_COLUMNS if len(row) == 14 else LEGACY_HISTORY_COLUMNS
        marks = ",".join("?" * len(row))
        self._exec(f"INSERT INTO history({columns}) VALUES ({marks})", row)

    def insert_history_rows(self, rows: list[Row]) -> None:
        """Many rows of ``HISTORY_COLUMNS`` in order (as ``insert_history`` one by one)."""
        if rows:
            marks = ",".join("?" * len(HISTORY_COLUMNS.split(", ")))
            self._exec_many(f"INSERT INTO history({HISTORY_COLUMNS}) VALUES ({marks})", rows)

    def history_head(self) -> tuple[int, str] | None:
        row = self._exec("SELECT seq, entry_hash FROM history ORDER BY seq DESC LIMIT 1").fetchone()
        return None if row is None else (int(row[0]), str(row[1]))

    def history_count(self) -> int:
        return int(self._exec("SELECT count(*) FROM history").fetchone()[0])

    def iter_history(self, batch: int = 2000) -> Iterator[Row]:
        """Every entry in file order of seq; rows are read in batches to bound memory."""
        for rows in self._batches(
            f"SELECT {self.history_columns} FROM history WHERE seq > ? ORDER BY seq LIMIT ?", batch
        ):
            yield from rows

    def history_action_counts(self) -> dict[str, int]:
        rows = self._exec("SELECT action, count(*) FROM history GROUP BY action ORDER BY action")
        return {str(a): int(n) for a, n in rows}

    def history_rows(self, limit: int, offset: int = 0, newest_first: bool = True) -> list[Row]:
        order = "DESC" if newest_first else "ASC"
        return self._exec(
            f"SELECT {self.history_columns} FROM history ORDER BY seq {order} LIMIT ? OFFSET ?",
            (limit, offset),
        ).fetchall()

    def history_of_objects(self, prefix: str) -> list[Row]:
        """Entries whose object id starts with ``prefix`` (e.g. ``slot:``), oldest first.

        Served by the history_object index: the cost follows those entries, not the whole
        history (opening a vault replays only its slot entries)."""
        if not prefix:
            raise ValueError("prefix must not be empty")
        upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        return self._exec(
            f"SELECT {self.history_columns} FROM history "
            "WHERE object_id >= ? AND object_id < ? ORDER BY seq",
            (prefix, upper),
        ).fetchall()

    def replicas_of_objects(self, prefix: str) -> list[tuple[str, str]]:
        """(object id, replica) of each per-replica entry whose object id starts with
        ``prefix``, each pair once (what ``history_of_objects`` would give, unparsed)."""
        if not prefix:
            raise ValueError("prefix must not be empty")
        if not self.keeps_replicas:
            return []
        upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        rows = self._exec(
            "SELECT DISTINCT object_id, replica FROM history "
            "WHERE object_id >= ? AND object_id < ? AND heads != ''",
            (prefix, upper),
        )
        return [(str(o), str(r)) for o, r in rows]

    def history_of_object_ids(self, object_ids: Iterable[str]) -> list[Row]:
        """Entries of exactly these objects, oldest first (one read per 500 objects, where
        ``history_of_objects`` would be one per object)."""
        wanted = list(dict.fromkeys(object_ids))
        rows: list[Row] = []
        for start in range(0, len(wanted), 500):
            chunk = tuple(wanted[start : start + 500])
            marks = ",".join("?" * len(chunk))
            rows += self._exec(
                f"SELECT {self.history_columns} FROM history WHERE object_id IN ({marks})", chunk
            ).fetchall()
        return sorted(rows, key=lambda r: int(r[0]))

    # --- reference objects: one path for events and organisations ---------------------

    def put_reference(self, table: Table[R], record: R) -> None:
        """Insert or replace a row of ``table``."""
        marks = ",".join("?" * len(table.columns.split(", ")))
        self._exec(
            f"INSERT OR REPLACE INTO {table.table}({table.columns}) VALUES ({marks})",
            record.values(),
        )

    def references(self, table: Table[R]) -> list[R]:
        rows = self._exec(f"SELECT {table.columns} FROM {table.table} ORDER BY {table.order}")
        return [table.record(row) for row in rows]

    def reference(
        self, table: Table[R], ref_id: str
    ) -> R | None:
        row = self._exec(
            f"SELECT {table.columns} FROM {table.table} WHERE id = ?", (ref_id,)
        ).fetchone()
        return None if row is None else table.record(row)

    def reference_object(
        self, table: Table[R], ref_id: str
    ) -> dict[str, Any] | None:
        record = self.reference(table, ref_id)
        return None if record is None else record.content()

    def delete_reference(self, table: Table[R], ref_id: str) -> None:
        self._exec(f"DELETE FROM {table.table} WHERE id = ?", (ref_id,))

    def nids_with_reference(self, table: Table[R], ref_id: str) -> list[int]:
        if table.notes_column:
            sql = f"SELECT nid FROM notes WHERE {table.notes_column} = ?"
        else:
            sql = f"SELECT nid FROM {table.link_table} WHERE {table.link_column} = ?"
        return [int(r[0]) for r in self._exec(sql, (ref_id,))]

    def move_notes(self, table: Table[R], drop_id: str, keep_id: str) -> None:
        """Every note (and source) pointing at ``drop_id`` points at ``keep_id`` instead."""
        if table.notes_column:
            col = table.notes_column
            self._exec(f"UPDATE notes SET {col} = ? WHERE {col} = ?", (keep_id, drop_id))
        else:
            link, linked = table.link_table, table.link_column
            self._exec(
                f"INSERT OR IGNORE INTO {link}(nid, {linked}) "
                f"SELECT nid, ? FROM {link} WHERE {linked} = ?",
                (keep_id, drop_id),
            )
            self._exec(f"DELETE FROM {link} WHERE {linked} = ?", (drop_id,))
        if table.sources_column:
            column = table.sources_column
            self._exec(f"UPDATE sources SET {column} = ? WHERE {column} = ?", (keep_id, drop_id))

    # --- sources ------------------------------------------------------------------------

    def put_source(self, record: SourceRecord) -> None:
        """Insert or replace a source."""
        self._exec(
            f"INSERT OR REPLACE INTO sources({SOURCE_COLUMNS}) VALUES (?,?,?,?,?,?,?)",
            record.values(),
        )

    def source_rows(self) -> list[SourceRecord]:
        rows = self._exec(f"SELECT {SOURCE_COLUMNS} FROM sources ORDER BY pseudonym COLLATE NOCASE")
        return [SourceRecord.from_row(r) for r in rows]

    def source_row(self, source_id: str) -> SourceRecord | None:
        row = self._exec(f"SELECT {SOURCE_COLUMNS} FROM sources WHERE id = ?", (source_id,))
        found = row.fetchone()
        return None if found is None else SourceRecord.from_row(found)

    def source_row_by_pseudonym(self, pseudonym: str) -> SourceRecord | None:
        found = self._exec(
            f"SELECT {SOURCE_COLUMNS} FROM sources WHERE pseudonym = ? COLLATE NOCASE",
            (pseudonym,),
        ).fetchone()
        return None if found is None else SourceRecord.from_row(found)

    def delete_source(self, source_id: str) -> None:
        """A source merged into another (no note may link it any more)."""
        self._exec("DELETE FROM sources WHERE id = ?", (source_id,))

    def source_object(self, source_id: str) -> dict[str, Any] | None:
        record = self.source_row(source_id)
        return None if record is None else record.content()

    def pseudonyms(self) -> dict[str, str]:
        """Source id -> pseudonym, for every source."""
        return {str(i): str(p) for i, p in self._exec("SELECT id, pseudonym FROM sources")}

    def source_ids_of_organisation(self, org_id: str) -> list[str]:
        rows = self._exec("SELECT id FROM sources WHERE organisation_id = ?", (org_id,))
        return [str(r[0]) for r in rows]

    def note_counts_by_source(self) -> dict[str, int]:
        rows = self._exec("SELECT source_id, count(*) FROM note_sources GROUP BY source_id")
        return {str(s): int(n) for s, n in rows}

    # --- review decisions about unregistered people ----------------------------------------

    def put_name_review(self, key: str, state: str, decided_at: str) -> None:
        self._exec(
            f"INSERT OR REPLACE INTO name_reviews({NAME_REVIEW_COLUMNS}) VALUES (?,?,?)",
            (key, state, decided_at),
        )

    def name_review_states(self) -> dict[str, str]:
        """Keyed digest of a folded name -> decision."""
        return {str(k): str(s) for k, s in self._exec("SELECT key, state FROM name_reviews")}

    def name_review_object(self, key: str) -> dict[str, Any] | None:
        row = self._exec(
            f"SELECT {NAME_REVIEW_COLUMNS} FROM name_reviews WHERE key = ?", (key,)
        ).fetchone()
        return None if row is None else name_review_content(row)
