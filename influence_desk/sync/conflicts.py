"""Conflicts: a note changed on two replicas without either having seen the other's change.

Nothing is stored for a conflict: it is read from the signed history itself, so every
replica that holds the same entries lists the same conflicts, and a resolution travels as
an ordinary entry. A note's *open versions* are its entries that no later entry of the note
had seen (an entry has seen every entry of its own replica before it and, through its
heads, every entry of another replica up to the number it names). One open version: no
conflict. Two or more: a conflict, each version kept whole (``note_versions``); a delete
against an edit is one too. Resolving writes one signed entry of this replica with the
chosen version's content (or the delete); it has seen all the open versions, so it is the
only open one left, on every replica it reaches.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from influence_desk import textformat
from influence_desk.canonical import canonical
from influence_desk.desk.context import DeskContext
from influence_desk.errors import BadInput
from influence_desk.history import Entry
from influence_desk.sync.changes import NOTE_PREFIX
from influence_desk.sync.merger import ends_object, note_entries, write_note

RESOLVE_PAYLOAD = "resolves"


@dataclass(frozen=True)
class ConflictVersion:
    version: int  # the local number of the entry that made it (what --keep names)
    replica: str
    actor: str
    at: str
    deleted: bool
    title: str  # pseudonymised, as everyone sees it
    mine: bool  # made on this replica

    def to_json(self) -> dict[str, Any]:
        return {"version": self.version, "replica": self.replica, "actor": self.actor,
                "at": self.at, "deleted": self.deleted, "title": self.title,
                "mine": self.mine}  # fmt: skip


@dataclass(frozen=True)
class Conflict:
    note_id: str
    shown: int  # the version the note shows until it is resolved
    versions: tuple[ConflictVersion, ...]

    def to_json(self) -> dict[str, Any]:
        return {"id": self.note_id, "object": NOTE_PREFIX + self.note_id, "field": "note",
                "shown": self.shown, "versions": [v.to_json() for v in self.versions]}  # fmt: skip


def _seen(earlier: Entry, later: Entry) -> bool:
    """Had ``later`` seen ``earlier`` when it was written?"""
    if later is earlier:
        return False
    if earlier.version == 1:  # from before replicas: every replica holds it
        return later.version == 2 or earlier.seq < later.seq
    if later.version == 1:
        return False
    if earlier.replica == later.replica:
        return earlier.rseq < later.rseq
    return later.heads.get(earlier.replica, (0, ""))[0] >= earlier.rseq


def open_versions(entries: list[Entry]) -> list[Entry]:
    return [e for e in entries if not any(_seen(e, other) for other in entries)]


def _note_ids(ctx: DeskContext) -> list[str]:
    """Notes with entries from more than one replica (the only ones that can conflict)."""
    replicas: dict[str, set[str]] = {}
    for row in ctx.store.history_of_objects(NOTE_PREFIX):
        entry = Entry.from_row(row)
        if entry.version == 2:
            replicas.setdefault(entry.object_id[len(NOTE_PREFIX) :], set()).add(entry.replica)
    return sorted(n for n, seen in replicas.items() if len(seen) > 1)


def conflict_of(ctx: DeskContext, note_id: str) -> Conflict | None:
    entries = note_entries(ctx, note_id)
    heads = open_versions(entries)
    if len(heads) < 2:
        return None
    me = ctx.store.local_replica()
    versions = tuple(
        ConflictVersion(
            e.seq, e.replica, e.actor, e.at, ends_object(e), _title(ctx, e), e.replica == me
        )
        for e in heads
    )
    return Conflict(note_id, entries[-1].seq, versions)


def conflicts(ctx: DeskContext) -> list[Conflict]:
    found = (conflict_of(ctx, n) for n in _note_ids(ctx))
    return [c for c in found if c is not None]


def _title(ctx: DeskContext, entry: Entry) -> str:
    from influence_desk.versions import kept_content

    if ends_object(entry):
        return ""
    kept = kept_content(ctx.store, entry)
    if kept is None:
        return ""
    title = str(kept[0].get("title", ""))
    return textformat.render(title, lambda source_id, _index: ctx.pseudonym_of(source_id)).text


def resolve(ctx: DeskContext, note_id: str, keep: str) -> Conflict:
    """Keep one open version of a conflicting note (``mine``, ``theirs`` or its number) as
    one signed entry of this replica; returns the conflict resolved."""
    from influence_desk.versions import kept_content

    conflict = conflict_of(ctx, note_id)
    if conflict is None:
        raise BadInput(f"The note {note_id} has no conflict to resolve.")
    chosen = _choose(conflict, keep)
    entry = next(e for e in note_entries(ctx, note_id) if e.seq == chosen.version)
    content: dict[str, Any] | None = None
    surfaces: Any = None
    if not chosen.deleted:
        kept = kept_content(ctx.store, entry)
        if kept is None:
            raise BadInput("That version is not kept in this vault; choose another.")
        content, surfaces = json.loads(canonical(kept[0])), kept[1]
    resolved = open_versions(note_entries(ctx, note_id))
    payload: dict[str, Any] = {RESOLVE_PAYLOAD: sorted(e.entry_hash for e in resolved),
                               "kept": entry.entry_hash}  # fmt: skip
    if chosen.deleted and entry.payload.get("trash"):
        payload["trash"] = True  # the delete kept was into the trash: the note stays there
    with ctx.write("note.save") as writer:
        write_note(ctx, note_id, content, surfaces)
        if content is None:
            writer.append("note.delete", NOTE_PREFIX + note_id, None, payload)
        else:
            row = ctx.store.note_row(note_id)
            assert row is not None
            writer.append("note.update", NOTE_PREFIX + note_id, ctx.store.note_object(int(row.nid)),
                          payload)  # fmt: skip
    return conflict


def _choose(conflict: Conflict, keep: str) -> ConflictVersion:
    versions = conflict.versions
    if keep == "mine":
        found = [v for v in versions if v.mine]
    elif keep == "theirs":
        found = [v for v in versions if not v.mine]
        if len(found) > 1:
            raise BadInput("More than one other version is open; name the version to keep.")
    elif keep.isdigit():
        found = [v for v in versions if v.version == int(keep)]
    else:
        raise BadInput("Keep 'mine', 'theirs' or the number of a version `conflicts` lists.")
    if not found:
        raise BadInput(f"No open version of this note matches '{keep}'.")
    return found[0]
