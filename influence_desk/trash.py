"""The trash: deleting a note moves it there, it can come back, and emptying it is signed.

A note in the trash is a note whose versions are kept (``note_versions``) and which has no
row in ``notes``: it is gone from the notes list, search, exports and every count by
construction, and history treats its deletion like any other (``note.delete`` ends the
object; payload ``{"trash": true}``). Restoring it writes it back from its newest kept
version (``note.restore``, with content: the object is live again). Emptying deletes the
kept versions of every note in the trash and writes one ``trash.empty`` entry naming them,
so ``verify`` knows those versions were removed by a signed act, not behind its back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from influence_desk import search_index, textformat
from influence_desk.attachments.upkeep import remove_attachments_of_notes
from influence_desk.canonical import canonical
from influence_desk.errors import BadInput
from influence_desk.history import Entry, now_text
from influence_desk.store import NoteRecord
from influence_desk.versions import TRASH_OBJECT, kept_content

if TYPE_CHECKING:
    from influence_desk.desk import Desk
    from influence_desk.desk.records import NoteView


@dataclass(frozen=True)
class TrashedNote:
    """A note in the trash as anyone may see it (title with pseudonyms)."""

    id: str
    title: str
    trashed_at: str
    trashed_by: str  # key id of who moved it there
    entry: int  # the history entry that moved it


def move_to_trash(desk: Desk, note_id: str) -> None:
    """Delete a note into the trash (a signed ``note.delete`` entry, payload trash)."""
    desk.vault.writer()  # auditors are refused before anything is read
    store = desk.store
    row = store.note_row(note_id)
    if row is None:
        raise BadInput(f"This vault has no note {note_id}.")
    with desk.context.write() as writer:
        _keep_current_version(desk, note_id, int(row.nid), row.surfaces)
        store.delete_note(int(row.nid))
        writer.append("note.delete", f"note:{note_id}", None, {"trash": True})


def _keep_current_version(desk: Desk, note_id: str, nid: int, surfaces: object) -> None:
    """A note last saved before versions were kept gets its current version kept now,
    under the entry that made it (its content is exactly what that entry signed)."""
    store = desk.store
    entries = [Entry.from_row(r) for r in store.history_of_objects(f"note:{note_id}")]
    entries = [e for e in entries if e.object_id == f"note:{note_id}" and e.content_hash]
    if not entries or store.version_row(entries[-1].seq) is not None:
        return
    content = store.note_object(nid)
    if content is not None:
        store.put_version(entries[-1].seq, note_id, canonical(content).decode(), surfaces)


def _newest_entry(desk: Desk, note_id: str) -> tuple[Entry | None, Entry | None]:
    """(the note's newest entry that gave it content or ended it, its newest entry with
    content), newest in the deterministic order every replica replays (history.py): the
    order bundles arrived in differs between replicas, and an entry that changes nothing
    (a reveal) does not take a note out of the trash."""
    entries = [
        Entry.from_row(r) for r in desk.store.history_of_objects(f"note:{note_id}")
        if str(r[4]) == f"note:{note_id}"
    ]  # fmt: skip
    entries = sorted(
        (e for e in entries if e.content_hash or e.action.endswith((".delete", ".remove"))),
        key=lambda e: e.order_key,
    )
    with_content = [e for e in entries if e.content_hash]
    ends = [e for e in entries if not e.content_hash]
    last = entries[-1] if entries else None
    if last is not None and last.content_hash and ends and desk.store.note_row(note_id) is None:
        # Deleted, yet an entry comes after the delete: one made without seeing it that
        # changed no field (a version restored as it was shown), so the merge of the two
        # is the delete (sync/three_way.py). The delete is what put the note in the trash.
        last = ends[-1]
    return last, (with_content[-1] if with_content else None)


def trashed(desk: Desk) -> list[TrashedNote]:
    """The notes in the trash, most recently trashed first."""
    store = desk.store
    if not store.keeps_versions:
        return []
    out: list[TrashedNote] = []
    for note_id in store.trashed_note_ids():
        last, made = _newest_entry(desk, note_id)
        if last is None or made is None or not last.payload.get("trash"):
            continue
        kept = kept_content(store, made)
        title = ""
        if kept is not None:
            title = textformat.render(
                str(kept[0].get("title", "")), lambda sid, _i: desk.context.pseudonym_of(sid)
            ).text
        out.append(TrashedNote(note_id, title, last.at, last.actor, last.seq))
    return sorted(out, key=lambda t: t.entry, reverse=True)


def restore_from_trash(desk: Desk, note_id: str) -> NoteView:
    """The note back from the trash as it was (links to what no longer exists left out):
    a signed ``note.restore`` entry with its content."""
    desk.vault.writer()
    store = desk.store
    if note_id not in {t.id for t in trashed(desk)}:
        raise BadInput("That note is not in the trash.")
    _last, made = _newest_entry(desk, note_id)
    kept = kept_content(store, made) if made is not None else None
    if kept is None:
        raise BadInput("That note's last version was not kept, so it cannot come back.")
    from influence_desk.sync.reference_merge import followed

    content, surfaces = kept
    content = followed(desk.context, content)  # merged events, organisations: survivors
    events = {e.id for e in desk.events()}
    orgs = {o.id for o in desk.organisations()}
    sources = {s.id for s in desk.sources()}
    stamp = now_text()
    event_id = content.get("event_id") if content.get("event_id") in events else None
    tags = [str(t) for t in content.get("tags", [])]
    ctx = desk.context
    with ctx.write("note.save") as writer:
        nid = store.insert_note(NoteRecord(
            0, note_id, str(content["kind"]), str(content["title"]),
            str(content["occurred_at"]), event_id, str(content["summary"]),
            str(content["body"]), surfaces, str(content["created_at"]), stamp,
        ))  # fmt: skip
        store.set_note_links(
            nid, [o for o in content.get("organisations", []) if o in orgs],
            [(s, bool(e)) for s, e in content.get("sources", []) if s in sources], tags,
            fresh=True,
        )  # fmt: skip
        row = search_index.index_row(nid, str(content["title"]), str(content["summary"]),
                                     str(content["body"]), tags, ctx.pseudonym_of,
                                     ctx.taxonomy)  # fmt: skip
        store.index_note(nid, *row.columns(), fresh=True)
        writer.append("note.restore", f"note:{note_id}", store.note_object(nid),
                      {"from": "trash"})  # fmt: skip
    return desk.note(note_id)


def empty_trash(desk: Desk) -> int:
    """Every note in the trash gone for good: its kept versions deleted (secure-delete
    zeroes the pages), one signed ``trash.empty`` entry naming them. Returns how many."""
    desk.vault.writer()
    store = desk.store
    ids = [t.id for t in trashed(desk)]
    if not ids:
        return 0
    with desk.context.write() as writer:
        for note_id in ids:
            store.delete_versions_of(note_id)
        writer.append("trash.empty", TRASH_OBJECT, None, {"notes": sorted(ids)})
        remove_attachments_of_notes(store, writer, ids)
    store.checkpoint_wal()  # the deleted text must not linger in the write-ahead log
    return len(ids)
