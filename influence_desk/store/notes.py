"""Notes: their rows, links (organisations, sources, tags), the notes list, full-text search
and the index checks of ``verify``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import sqlcipher3

from influence_desk.errors import BadInput
from influence_desk.search_index import IndexCheck
from influence_desk.store.base import StoreBase, damaged
from influence_desk.store.records import (
    NOTE_COLUMNS,
    NOTE_FROM,
    NOTE_SORTS,
    NoteLinks,
    NoteListRecord,
    NoteRecord,
    NoteWhere,
    Row,
)

__all__ = ["NoteTables"]

class NoteTables(StoreBase):
    # --- notes --------------------------------------------------------------------------

    def insert_note(self, note: NoteRecord) -> int:
        """A new note (``note.nid`` is ignored: SQLite assigns it). Returns the nid."""
        cursor = self._exec(
            "INSERT INTO notes(id, kind, title, occurred_at, event_id, created_at, updated_at) "
            "VALUES (?,?,?,?,?,?,?)",
            (note.id, note.kind, note.title, note.occurred_at, note.event_id, note.created_at,
             note.updated_at),
        )  # fmt: skip
        nid = int(cursor.lastrowid)
        self._exec(
            "INSERT INTO note_texts(nid, summary, body, surfaces) VALUES (?,?,?,?)",
            (nid, note.summary, note.body, note.surfaces),
        )
        return nid

    def update_note(self, note: NoteRecord) -> None:
        """Replace every column of note ``note.nid`` but its ``id`` and ``created_at``."""
        self._exec(
            "UPDATE notes SET kind = ?, title = ?, occurred_at = ?, event_id = ?, updated_at = ? "
            "WHERE nid = ?",
            (note.kind, note.title, note.occurred_at, note.event_id, note.updated_at, note.nid),
        )
        self._exec(
            "INSERT OR REPLACE INTO note_texts(nid, summary, body, surfaces) VALUES (?,?,?,?)",
            (note.nid, note.summary, note.body, note.surfaces),
        )

    def delete_note(self, nid: int) -> None:
        self._exec("DELETE FROM notes_fts WHERE rowid = ?", (nid,))
        self._exec("DELETE FROM note_organisations WHERE nid = ?", (nid,))
        self._exec("DELETE FROM note_sources WHERE nid = ?", (nid,))
        self._exec("DELETE FROM note_tags WHERE nid = ?", (nid,))
        self._exec("DELETE FROM note_texts WHERE nid = ?", (nid,))
        self._exec("DELETE FROM notes WHERE nid = ?", (nid,))

    def set_note_links(
        self,
        nid: int,
        org_ids: Iterable[str],
        sources: Iterable[tuple[str, bool]],
        tags: Iterable[str],
        *,
        fresh: bool = False,
    ) -> None:
        """Replace a note's organisations, sources ((id, explicitly linked)) and tags.
        ``fresh``: the note was just inserted, there is nothing to delete."""
        if not fresh:
            self._exec("DELETE FROM note_organisations WHERE nid = ?", (nid,))
            self._exec("DELETE FROM note_sources WHERE nid = ?", (nid,))
            self._exec("DELETE FROM note_tags WHERE nid = ?", (nid,))
        conn = self._conn
        try:
            conn.executemany(
                "INSERT INTO note_organisations(nid, org_id) VALUES (?, ?)",
                [(nid, o) for o in dict.fromkeys(org_ids)],
            )
            conn.executemany(
                "INSERT INTO note_sources(nid, source_id, explicit) VALUES (?, ?, ?)",
                [(nid, s, int(e)) for s, e in dict(sources).items()],
            )
            conn.executemany(
                "INSERT INTO note_tags(nid, tag) VALUES (?, ?)",
                [(nid, t) for t in dict.fromkeys(tags)],
            )
        except sqlcipher3.IntegrityError as exc:
            raise BadInput(
                "A note refers to an organisation or source that does not exist."
            ) from exc
        except sqlcipher3.DatabaseError as exc:
            raise damaged(exc) from exc

    def index_note(
        self, nid: int, title: str, summary: str, body: str, tags: str, *, fresh: bool = False
    ) -> None:
        """(Re)index a note for full-text search: text already rendered with pseudonyms."""
        if not fresh:
            self._exec("DELETE FROM notes_fts WHERE rowid = ?", (nid,))
        self._exec(
            "INSERT INTO notes_fts(rowid, title, summary, body, tags) VALUES (?, ?, ?, ?, ?)",
            (nid, title, summary, body, tags),
        )

    def note_row(self, note_id: str) -> NoteRecord | None:
        row = self._exec(
            f"SELECT {NOTE_COLUMNS} FROM {NOTE_FROM} WHERE n.id = ?", (note_id,)
        ).fetchone()
        return None if row is None else NoteRecord.from_row(row)

    def note_links(self, nid: int) -> NoteLinks:
        """What the note is linked to (``NoteLinks``), each sorted."""
        return self._links_between(nid, nid).get(nid) or NoteLinks.empty()

    def _links_between(
        self, first: int, last: int
    ) -> dict[int, NoteLinks]:
        links: dict[int, NoteLinks] = {}

        def entry(nid: int) -> NoteLinks:
            found = links.get(nid)
            if found is None:
                found = links[nid] = NoteLinks.empty()
            return found

        span = (first, last)
        for nid, org in self._exec(
            "SELECT nid, org_id FROM note_organisations WHERE nid BETWEEN ? AND ? "
            "ORDER BY nid, org_id",
            span,
        ):
            entry(nid).organisations.append(str(org))
        for nid, source, explicit in self._exec(
            "SELECT nid, source_id, explicit FROM note_sources WHERE nid BETWEEN ? AND ? "
            "ORDER BY nid, source_id",
            span,
        ):
            entry(nid).sources.append((str(source), bool(explicit)))
        for nid, tag in self._exec(
            "SELECT nid, tag FROM note_tags WHERE nid BETWEEN ? AND ? ORDER BY nid, tag", span
        ):
            entry(nid).tags.append(str(tag))
        return links

    def note_object(self, nid: int) -> dict[str, Any] | None:
        row = self._exec(
            f"SELECT {NOTE_COLUMNS} FROM {NOTE_FROM} WHERE n.nid = ?", (nid,)
        ).fetchone()
        if row is None:
            return None
        return NoteRecord.from_row(row).content(*self.note_links(nid))

    def iter_notes(self, batch: int = 500) -> Iterator[NoteRecord]:
        """Every note row (``NOTE_COLUMNS``), in nid order, read in batches."""
        last = -(2**62)
        while True:
            rows = self._exec(
                f"SELECT {NOTE_COLUMNS} FROM {NOTE_FROM} WHERE n.nid > ? ORDER BY n.nid LIMIT ?",
                (last, batch),
            ).fetchall()
            if not rows:
                return
            yield from (NoteRecord.from_row(r) for r in rows)
            last = rows[-1][0]

    def note_count_total(self) -> int:
        return int(self._exec("SELECT count(*) FROM notes").fetchone()[0])

    def note_ids(self, where: NoteWhere, sort: str, descending: bool) -> list[str]:
        if sort not in NOTE_SORTS:
            raise BadInput(f"Notes cannot be sorted by '{sort}'.")
        clause, params = where.sql()
        order = "DESC" if descending else "ASC"
        rows = self._exec(
            f"SELECT n.id FROM notes n {clause} ORDER BY {NOTE_SORTS[sort]} {order}, n.nid {order}",
            params,
        )
        return [str(r[0]) for r in rows]

    def count_notes(self, where: NoteWhere) -> int:
        clause, params = where.sql()
        return int(self._exec(f"SELECT count(*) FROM notes n {clause}", params).fetchone()[0])

    def note_list_rows(
        self, note_ids: Sequence[str]
    ) -> list[NoteListRecord]:
        """For the notes list: each note found (with its event's name, organisation names,
        source pseudonyms and tags), in the order of ``note_ids``."""
        out: dict[str, tuple[Row, list[str], list[str], list[str]]] = {}
        for start in range(0, len(note_ids), 500):
            chunk = list(note_ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            rows = self._exec(
                "SELECT n.nid, n.id, n.kind, n.title, n.occurred_at, coalesce(e.name, '') "
                f"FROM notes n LEFT JOIN events e ON e.id = n.event_id WHERE n.id IN ({marks})",
                tuple(chunk),
            ).fetchall()
            by_nid: dict[int, tuple[Row, list[str], list[str], list[str]]] = {}
            for row in rows:
                by_nid[int(row[0])] = out[str(row[1])] = (row, [], [], [])
            if not by_nid:
                continue
            nids = tuple(by_nid)
            nid_marks = ",".join("?" * len(nids))
            for nid, name in self._exec(
                "SELECT no.nid, o.name FROM note_organisations no JOIN organisations o "
                f"ON o.id = no.org_id WHERE no.nid IN ({nid_marks}) ORDER BY o.name",
                nids,
            ):
                by_nid[nid][1].append(str(name))
            for nid, pseudonym in self._exec(
                "SELECT ns.nid, s.pseudonym FROM note_sources ns JOIN sources s "
                f"ON s.id = ns.source_id WHERE ns.nid IN ({nid_marks}) ORDER BY s.pseudonym",
                nids,
            ):
                by_nid[nid][2].append(str(pseudonym))
            for nid, tag in self._exec(
                f"SELECT nid, tag FROM note_tags WHERE nid IN ({nid_marks}) ORDER BY tag", nids
            ):
                by_nid[nid][3].append(str(tag))
        found = (out[i] for i in note_ids if i in out)
        return [
            NoteListRecord(
                int(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4]), str(r[5]),
                tuple(orgs), tuple(pseudonyms), tuple(tags),
            )
            for r, orgs, pseudonyms, tags in found
        ]

    def tag_counts(self) -> list[tuple[str, int]]:
        rows = self._exec("SELECT tag, count(*) FROM note_tags GROUP BY tag ORDER BY tag")
        return [(str(t), int(n)) for t, n in rows]

    def touch_note(self, nid: int, stamp: str) -> None:
        self._exec("UPDATE notes SET updated_at = ? WHERE nid = ?", (stamp, nid))

    def nid_id(self, nid: int) -> str:
        return str(self._exec("SELECT id FROM notes WHERE nid = ?", (nid,)).fetchone()[0])

    def set_note_tags(self, nid: int, tags: Iterable[str]) -> None:
        self._exec("DELETE FROM note_tags WHERE nid = ?", (nid,))
        self._conn.executemany(
            "INSERT INTO note_tags(nid, tag) VALUES (?, ?)", [(nid, t) for t in dict.fromkeys(tags)]
        )

    def nids_with_tag(self, tag: str) -> list[int]:
        return [int(r[0]) for r in self._exec("SELECT nid FROM note_tags WHERE tag = ?", (tag,))]

    # --- search -------------------------------------------------------------------------

    def search(self, match: str, where: NoteWhere, limit: int) -> list[tuple[str, str, str, float]]:
        """(note id, title as indexed, snippet with [ ] around hits, bm25 rank), best first.

        ``match`` must already be a safe FTS5 expression (the Desk builds it from quoted
        terms). ``ORDER BY rank`` lets FTS5 rank inside the index (weights configured in the
        schema) and hand rows over best first, so snippets are made for the returned rows
        only; filters are checked per hit by primary key.
        """
        clause, params = where.sql(joined=True)
        exists = (
            f"AND EXISTS (SELECT 1 FROM notes n WHERE n.nid = f.rowid {clause})" if clause else ""
        )
        return self._search_rows(
            "SELECT (SELECT id FROM notes WHERE nid = f.rowid), title, "
            "snippet(notes_fts, -1, '[', ']', '…', 16), rank "
            f"FROM notes_fts f WHERE notes_fts MATCH ? {exists} ORDER BY rank LIMIT ?",
            (match, *params, limit),
        )

    def index_checks(self, batch: int = 5000) -> Iterator[IndexCheck]:
        """Every note beside its full-text index row, in nid order (``search_index``).

        notes_fts_content is the index's own copy of its rows (FTS5's integrity-check ties
        the inverted index to it); reading it directly skips the FTS5 module per row, and
        SQLite compares the long texts without handing them to Python."""
        last = -(2**62)
        reserved = "*[\ue000-\ue00f]*"
        while True:
            rows = self._exec(
                "SELECT n.nid, n.id, t.nid IS NOT NULL, c.id IS NOT NULL, (n.title GLOB ?1 OR "
                "coalesce(t.summary, '') GLOB ?1 OR coalesce(t.body, '') GLOB ?1), "
                "n.title IS c.c0, t.summary IS c.c1, t.body IS c.c2, c.c3 FROM notes n "
                "LEFT JOIN note_texts t ON t.nid = n.nid "
                "LEFT JOIN notes_fts_content c ON c.id = n.nid "
                "WHERE n.nid > ?2 ORDER BY n.nid LIMIT ?3",
                (reserved, last, batch),
            ).fetchall()
            if not rows:
                return
            span = (rows[0][0], rows[-1][0])
            tags: dict[int, list[str]] = {}
            for nid, tag in self._exec(
                "SELECT nid, tag FROM note_tags WHERE nid BETWEEN ? AND ? ORDER BY nid, tag", span
            ):
                tags.setdefault(int(nid), []).append(str(tag))
            # Only notes with references or marks need both texts in Python.
            texts: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = {}
            rendered = [int(r[0]) for r in rows if r[4] and r[2] and r[3]]
            for start in range(0, len(rendered), 500):
                chunk = rendered[start : start + 500]
                for nid, *values in self._exec(
                    "SELECT n.nid, n.title, t.summary, t.body, c.c0, c.c1, c.c2 FROM notes n "
                    "JOIN note_texts t ON t.nid = n.nid JOIN notes_fts_content c ON c.id = n.nid "
                    f"WHERE n.nid IN ({','.join('?' * len(chunk))})",
                    tuple(chunk),
                ):
                    strings = tuple(str(v or "") for v in values)
                    texts[int(nid)] = (strings[:3], strings[3:])
            for nid, note_id, has_text, indexed, needs, same0, same1, same2, held_tags in rows:
                stored, held = texts.get(int(nid), (None, None))
                yield IndexCheck(
                    int(nid), str(note_id), bool(has_text), bool(indexed), bool(needs),
                    (bool(same0), bool(same1), bool(same2)),
                    stored, held,  # type: ignore[arg-type]
                    tuple(tags.get(int(nid), ())), None if held_tags is None else str(held_tags),
                )  # fmt: skip
            last = rows[-1][0]

    def index_rows_without_note(self, limit: int = 20) -> list[int]:
        rows = self._exec(
            "SELECT id FROM notes_fts_content WHERE id NOT IN (SELECT nid FROM notes) "
            "ORDER BY id LIMIT ?",
            (limit,),
        )
        return [int(r[0]) for r in rows]

    def index_row_count(self) -> int:
        return int(self._exec("SELECT count(*) FROM notes_fts_content").fetchone()[0])
