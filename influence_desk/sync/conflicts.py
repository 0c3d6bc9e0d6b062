"""Conflicts: one field of a note changed on two replicas without either having seen the
other's change (or a delete against an edit: the field ``note``).

Nothing is stored for a conflict: it is read from the signed history itself (the note's
fields merged by sync/three_way.py), so every replica that holds the same entries lists
the same conflicts, and a resolution travels as an ordinary entry. Changes to different
fields merge and are no conflict; so do the additions and removals of a note's tags,
organisations and sources (sets, merged element by element: three_way.SET_FIELDS).
Resolving writes one signed entry of this replica with the chosen value of each field
resolved (``mine``, ``theirs``, a version's number, or for a title, summary or body
``both``: the texts one after the other, the other's marked) and the payload ``resolves``
naming the versions it saw and ``fields`` the fields it settles; it has seen all of them,
so on every replica it reaches the field is settled by it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from influence_desk import textformat
from influence_desk.canonical import canonical
from influence_desk.desk.context import DeskContext
from influence_desk.errors import BadInput
from influence_desk.history import Entry, now_text
from influence_desk.store import EVENTS, ORGANISATIONS
from influence_desk.sync.changes import NOTE_PREFIX
from influence_desk.sync.merger import ends_object, note_entries, write_note
from influence_desk.sync.spellings import TEXT_FIELDS
from influence_desk.sync.three_way import (
    EXISTS,
    RESOLVE_PAYLOAD,
    SOURCES,
    Candidate,
    FieldConflict,
    NoteDag,
    VersionMissing,
    changes,
    kept_in,
    linear,
    seen,
)
from influence_desk.sync.void import void_mask

__all__ = ["RESOLVE_PAYLOAD", "Conflict", "ConflictVersion", "choose", "conflict_of",
           "conflicts", "conflicts_of", "open_versions", "resolve"]  # fmt: skip

# What ``conflicts`` calls a field (the content's own name where it differs).
FIELD_NAMES = {"event_id": "event"}
_INTERNAL = {v: k for k, v in FIELD_NAMES.items()}
# The order a person reads a note in (DESIGN §11: per field).
_ORDER = (EXISTS, "title", "kind", "occurred_at", "event_id", "organisations", SOURCES, "tags",
          "summary", "body")  # fmt: skip
PREVIEW = 240  # characters of a version's text shown in the list


@dataclass(frozen=True)
class ConflictVersion:
    version: int  # the local number of the entry that made it (what --keep names)
    replica: str
    actor: str
    at: str
    deleted: bool
    title: str  # the note's title in that version, pseudonymised, as everyone sees it
    mine: bool  # made on this replica
    text: str = ""  # that version's value of the field, pseudonymised (a preview)

    def to_json(self) -> dict[str, Any]:
        return {"version": self.version, "replica": self.replica, "actor": self.actor,
                "at": self.at, "deleted": self.deleted, "title": self.title,
                "mine": self.mine, "text": self.text}  # fmt: skip


@dataclass(frozen=True)
class Conflict:
    note_id: str
    shown: int  # the version whose value the note shows until it is resolved
    versions: tuple[ConflictVersion, ...]
    field: str = EXISTS  # title, summary, body, tags, event, …; "note": deleted or not
    # "source": ``note_id`` is a source's id, ``field`` role, organisation, consent or
    # identity, each version's ``title`` the pseudonym (sync/source_fields.py)
    kind: str = "note"

    @property
    def text_field(self) -> bool:
        """Both versions can be kept (``keep="both"``)."""
        return self.kind == "note" and self.field in TEXT_FIELDS

    def to_json(self) -> dict[str, Any]:
        return {"id": self.note_id, "kind": self.kind, "object": f"{self.kind}:{self.note_id}",
                "field": self.field, "shown": self.shown,
                "versions": [v.to_json() for v in self.versions]}  # fmt: skip


def open_versions(entries: list[Entry]) -> list[Entry]:
    """Entries no other of ``entries`` had seen."""
    return [e for e in entries if not any(seen(e, other) for other in entries)]


def _note_ids(ctx: DeskContext) -> list[str]:
    """Notes with entries from more than one replica (the only ones that can conflict)."""
    replicas: dict[str, set[str]] = {}
    for object_id, replica in ctx.store.replicas_of_objects(NOTE_PREFIX):
        replicas.setdefault(object_id[len(NOTE_PREFIX) :], set()).add(replica)
    return sorted(n for n, seen_by in replicas.items() if len(seen_by) > 1)


class _Reader:
    """One note's DAG and what a person sees of its versions."""

    def __init__(self, ctx: DeskContext, note_id: str, entries: list[Entry] | None = None) -> None:
        self.ctx = ctx
        self.note_id = note_id
        self.entries = note_entries(ctx, note_id) if entries is None else entries
        self.dag = NoteDag(self.entries, kept_in(ctx.store),
                           void=void_mask(ctx, self.entries))  # fmt: skip
        self.me = ctx.store.local_replica()

    def field_conflicts(self) -> list[FieldConflict]:
        found = self.dag.conflicts()
        return sorted(found, key=lambda c: _ORDER.index(c.field) if c.field in _ORDER else 99)

    def record(self, found: FieldConflict) -> Conflict:
        versions = tuple(self._version(found.field, c) for c in found.candidates)
        shown = self.entries[found.shown.index].seq
        return Conflict(self.note_id, shown, versions, FIELD_NAMES.get(found.field, found.field))

    def _version(self, name: str, candidate: Candidate) -> ConflictVersion:
        entry = self.entries[candidate.index]
        deleted = ends_object(entry)
        title = "" if deleted else self.public(str(self.dag.content(candidate.index)[0]["title"]))
        if name == EXISTS:
            text = "deleted" if deleted else title
        else:
            text = self.preview(name, candidate.value)
        return ConflictVersion(entry.seq, entry.replica, entry.actor, entry.at, deleted,
                               title, entry.replica == self.me, text)  # fmt: skip

    def public(self, stored: str) -> str:
        ctx = self.ctx
        return textformat.render(stored, lambda sid, _index: ctx.pseudonym_of(sid)).text

    def preview(self, name: str, value: Any) -> str:
        store = self.ctx.store
        if name in TEXT_FIELDS:
            text = self.public(str(value))
        elif name == "event_id":
            event = store.reference(EVENTS, str(value)) if value else None
            text = "" if event is None else str(event.name)
        elif name == "organisations":
            orgs = (store.reference(ORGANISATIONS, str(o)) for o in value)
            text = ", ".join(str(o.name) for o in orgs if o is not None)
        elif name == SOURCES:
            text = ", ".join(self.ctx.pseudonym_of(str(s)) for s in value)
        elif isinstance(value, list):
            text = ", ".join(str(v) for v in value)
        else:
            text = "" if value is None else str(value)
        return text if len(text) <= PREVIEW else text[: PREVIEW - 1] + "…"


def conflicts_of(
    ctx: DeskContext, note_id: str, entries: list[Entry] | None = None
) -> list[Conflict]:
    """A note's conflicts, one per field, in reading order (``entries``: its entries as
    ``note_entries`` gives them, when the caller has read them)."""
    if entries is None:
        entries = note_entries(ctx, note_id)
    if len(entries) < 2 or (linear(entries) and not void_mask(ctx, entries)):
        return []  # (an edit over a void version may conflict with the version without it)
    try:
        reader = _Reader(ctx, note_id, entries)
        return [reader.record(c) for c in reader.field_conflicts()]
    except VersionMissing:  # (a version emptied from the trash: the note as a whole)
        return _whole_note(ctx, note_id, entries)


def _whole_note(ctx: DeskContext, note_id: str, entries: list[Entry]) -> list[Conflict]:
    heads = open_versions(entries)
    if len(heads) < 2:
        return []
    me = ctx.store.local_replica()
    versions = tuple(ConflictVersion(e.seq, e.replica, e.actor, e.at, ends_object(e), "",
                                     e.replica == me, "") for e in heads)  # fmt: skip
    return [Conflict(note_id, entries[-1].seq, versions)]


def conflict_of(ctx: DeskContext, note_id: str) -> Conflict | None:
    """The note's first conflict (see ``conflicts_of`` for every field)."""
    found = conflicts_of(ctx, note_id)
    return found[0] if found else None


def conflicts(ctx: DeskContext) -> list[Conflict]:
    """Every note's conflicts, then every source's (sync/source_fields.py)."""
    from influence_desk.sync.source_fields import source_conflicts

    found: list[Conflict] = []
    note_ids = _note_ids(ctx)
    for start in range(0, len(note_ids), 500):  # their entries in one read per 500 notes
        chunk = note_ids[start : start + 500]
        rows: dict[str, list[Any]] = {}
        for row in ctx.store.history_of_object_ids(NOTE_PREFIX + n for n in chunk):
            rows.setdefault(str(row[4]), []).append(row)
        for note_id in chunk:
            object_id = NOTE_PREFIX + note_id
            found += conflicts_of(ctx, note_id, changes(rows.get(object_id, []), object_id))
    return found + source_conflicts(ctx)


# --- resolving ----------------------------------------------------------------------------


def resolve(ctx: DeskContext, note_id: str, keep: str, field: str | None = None) -> Conflict:
    """Resolve the note's conflict on ``field`` (None: every field in conflict) keeping
    ``mine``, ``theirs``, a version's number, or ``both`` (title, summary, body): one signed
    entry of this replica. Returns the (first) conflict resolved."""
    from influence_desk.sync.resolving import Resolution

    found = conflicts_of(ctx, note_id)
    if not found:
        raise BadInput(f"The note {note_id} has no conflict to resolve.")
    if field is not None:
        found = [c for c in found if c.field == field]
        if not found:
            raise BadInput(f"The note {note_id} has no conflict on its {field}.")
    if keep == "both" and any(not c.text_field for c in found):
        raise BadInput("Both versions can be kept only of a title, summary or body; name "
                       "that field.")  # fmt: skip
    try:
        reader = _Reader(ctx, note_id)
    except VersionMissing:  # (listed as the note as a whole: see conflicts_of)
        return _resolve_whole(ctx, found[0], keep)
    resolution = Resolution(ctx, reader.entries, reader.dag)
    for conflict in found:
        resolution.keep(_INTERNAL.get(conflict.field, conflict.field), choose(conflict, keep))
    resolution.write()
    return found[0]


def _resolve_whole(ctx: DeskContext, conflict: Conflict, keep: str) -> Conflict:
    """A whole-note conflict of versions not all kept: the chosen version as it is."""
    from influence_desk.versions import kept_content

    (chosen,) = choose(conflict, keep)
    entries = note_entries(ctx, conflict.note_id)
    entry = next(e for e in entries if e.seq == chosen.version)
    content: dict[str, Any] | None = None
    surfaces: Any = None
    if not chosen.deleted:
        kept = kept_content(ctx.store, entry)
        if kept is None:
            raise BadInput("That version is not kept in this vault; choose another.")
        content, surfaces = json.loads(canonical(kept[0])), kept[1]
        content["updated_at"] = now_text()
    payload = {RESOLVE_PAYLOAD: sorted(e.entry_hash for e in open_versions(entries)),
               "kept": entry.entry_hash}  # fmt: skip
    object_id = NOTE_PREFIX + conflict.note_id
    with ctx.write("note.save") as writer:
        write_note(ctx, conflict.note_id, content, surfaces)
        if content is None:
            writer.append("note.delete", object_id, None, {**payload, "trash": True})
        else:
            row = ctx.store.note_row(conflict.note_id)
            assert row is not None
            writer.append("note.update", object_id, ctx.store.note_object(int(row.nid)),
                          payload)  # fmt: skip
    return conflict


def choose(conflict: Conflict, keep: str) -> tuple[ConflictVersion, ...]:
    """The versions kept: one, or for ``both`` every one (mine first, else the shown)."""
    versions = conflict.versions
    if keep == "both":
        first = [v for v in versions if v.mine] or [v for v in versions if v.version ==
                                                     conflict.shown]  # fmt: skip
        head = first[-1] if first else versions[-1]
        return (head, *(v for v in versions if v is not head))
    if keep == "mine":
        found = [v for v in versions if v.mine][-1:]
    elif keep == "theirs":
        found = [v for v in versions if not v.mine]
        if len(found) > 1:
            raise BadInput("More than one other version is open; name the version to keep.")
    elif keep.isdigit():
        found = [v for v in versions if v.version == int(keep)]
    else:
        raise BadInput("Keep 'mine', 'theirs', 'both' or the number of a version `conflicts` "
                       "lists.")  # fmt: skip
    if not found:
        raise BadInput(f"No version of this {conflict.kind}'s {conflict.field} matches '{keep}'.")
    return (found[0],)
