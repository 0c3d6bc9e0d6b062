"""The SQL of history per replica (schema ``REPLICAS_SINCE``): this copy's replica id, each
replica's newest entry, entries by hash. What the columns mean is influence_desk/sync/dag.py's.
"""

from __future__ import annotations

from collections.abc import Iterable

from influence_desk.store.base import StoreBase
from influence_desk.store.records import Row

__all__ = ["ReplicaTables"]

# Distinct replicas by a skip-scan of history_replica: one index probe per replica, not a
# scan of the whole history (an append names every replica's head).
_REPLICAS_SQL = """
WITH RECURSIVE r(id) AS (
    SELECT min(replica) FROM history WHERE replica > ''
    UNION ALL
    SELECT (SELECT min(replica) FROM history WHERE replica > r.id) FROM r WHERE r.id IS NOT NULL
)
SELECT id FROM r WHERE id IS NOT NULL
"""


class ReplicaTables(StoreBase):
    def local_replica(self) -> str | None:
        """This copy's replica id (None before its first per-replica entry)."""
        if not self.keeps_replicas:
            return None
        row = self._exec("SELECT id FROM local_replica LIMIT 1").fetchone()
        return None if row is None else str(row[0])

    def set_local_replica(self, replica_id: str) -> None:
        self._exec("DELETE FROM local_replica")
        self._exec("INSERT INTO local_replica(id) VALUES (?)", (replica_id,))

    def replicas(self) -> list[str]:
        """Every replica that has an entry here, sorted."""
        if not self.keeps_replicas:
            return []
        return [str(r[0]) for r in self._exec(_REPLICAS_SQL)]

    def replica_first_actor(self, replica_id: str) -> str | None:
        """The key id that signed that replica's first entry held here (who it was made
        for, in practice: the first person to write on that laptop)."""
        row = self._exec(
            "SELECT actor FROM history WHERE replica = ? ORDER BY rseq LIMIT 1", (replica_id,)
        ).fetchone()
        return None if row is None else str(row[0])

    def replica_head(self, replica_id: str) -> tuple[int, str, int] | None:
        """(number on its replica, hash, clock) of that replica's newest entry held here."""
        row = self._exec(
            "SELECT rseq, entry_hash, clock FROM history WHERE replica = ? "
            "ORDER BY rseq DESC LIMIT 1",
            (replica_id,),
        ).fetchone()
        return None if row is None else (int(row[0]), str(row[1]), int(row[2]))

    def replica_heads(self) -> dict[str, tuple[int, str, int]]:
        """Every replica's newest entry held here."""
        heads: dict[str, tuple[int, str, int]] = {}
        for replica_id in self.replicas():
            head = self.replica_head(replica_id)
            if head is not None:
                heads[replica_id] = head
        return heads

    def legacy_head(self) -> tuple[int, str] | None:
        """The last v1 entry, if no entry is per replica yet (the first per-replica entry,
        the migration's, continues that chain)."""
        if self._exec("SELECT 1 FROM history WHERE replica > '' LIMIT 1").fetchone():
            return None
        row = self._exec(
            "SELECT seq, entry_hash FROM history ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        return None if row is None else (int(row[0]), str(row[1]))

    def own_head_row(self) -> Row | None:
        """The newest entry of this copy's replica (else the newest entry held)."""
        me = self.local_replica()
        if me is not None:
            row = self._exec(
                f"SELECT {self.history_columns} FROM history WHERE replica = ? "
                "ORDER BY rseq DESC LIMIT 1",
                (me,),
            ).fetchone()
            if row is not None:
                return row  # type: ignore[no-any-return]
        return self._exec(  # type: ignore[no-any-return]
            f"SELECT {self.history_columns} FROM history ORDER BY seq DESC LIMIT 1"
        ).fetchone()

    def held_hashes(self, hashes: Iterable[str]) -> set[str]:
        """Which of ``hashes`` are entries held here."""
        found: set[str] = set()
        wanted = list(dict.fromkeys(hashes))
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._exec(
                f"SELECT entry_hash FROM history WHERE entry_hash IN ({marks})", tuple(chunk)
            )
            found.update(str(r[0]) for r in rows)
        return found

    def replica_rows(self, replica_id: str, after: int) -> list[Row]:
        """That replica's entries numbered after ``after``, in its order."""
        return self._exec(
            f"SELECT {self.history_columns} FROM history WHERE replica = ? AND rseq > ? "
            "ORDER BY rseq",
            (replica_id, after),
        ).fetchall()

    def replica_entry_rows(self, replica_id: str, first: int, last: int) -> list[Row]:
        """That replica's entries numbered ``first`` to ``last`` held here, in its order (one
        index range read where ``replica_entry_row`` would be one probe per number)."""
        return self._exec(
            f"SELECT {self.history_columns} FROM history WHERE replica = ? "
            "AND rseq BETWEEN ? AND ? ORDER BY rseq",
            (replica_id, first, last),
        ).fetchall()

    def replica_entry_row(self, replica_id: str, rseq: int) -> Row | None:
        """That replica's entry numbered ``rseq``, if held."""
        return self._exec(  # type: ignore[no-any-return]
            f"SELECT {self.history_columns} FROM history WHERE replica = ? AND rseq = ?",
            (replica_id, rseq),
        ).fetchone()

    def rows_numbered(self, number: int) -> list[Row]:
        """Every entry numbered ``number`` on its chain: one per replica that has it (the
        first replica's chain continues the v1 numbers, so a v1 entry is its own ``seq``)."""
        return self._exec(
            f"SELECT {self.history_columns} FROM history "
            "WHERE (replica > '' AND rseq = ?) OR (replica = '' AND seq = ?) ORDER BY seq",
            (number, number),
        ).fetchall()

    def names_as_seen(self, digest: str) -> bool:
        """Does an entry held here name ``digest`` as the entry before it or as a head it
        had seen (so that entry was in this history once)?"""
        row = self._exec(
            "SELECT 1 FROM history WHERE prev_hash = ? OR instr(heads, ?) > 0 LIMIT 1",
            (digest, digest),
        ).fetchone()
        return row is not None

    def history_row_by_hash(self, digest: str) -> Row | None:
        return self._exec(  # type: ignore[no-any-return]
            f"SELECT {self.history_columns} FROM history WHERE entry_hash = ?", (digest,)
        ).fetchone()

    def nids_of_source(self, source_id: str) -> list[int]:
        """Notes linked to a source (their search rows show its pseudonym)."""
        rows = self._exec("SELECT nid FROM note_sources WHERE source_id = ?", (source_id,))
        return [int(r[0]) for r in rows]
