"""The one save path of a note: its new event and organisations (typed by name for the first
time) found or created in the note's own transaction, so a save that fails leaves nothing
behind. The editor (and its quick-capture templates), ``note add`` and import all end here."""

from __future__ import annotations

from dataclasses import replace

from influence_desk.desk.context import DeskContext
from influence_desk.desk.notes import Notes
from influence_desk.desk.records import NoteDraft, NoteView
from influence_desk.desk.references import EVENT, ORGANISATION, References
from influence_desk.errors import BadInput
from influence_desk.history import HistoryWriter
from influence_desk.store import NoteRecord

__all__ = ["NoteSaver"]


class NoteSaver:
    def __init__(self, ctx: DeskContext, notes: Notes, references: References) -> None:
        self.ctx = ctx
        self._notes = notes
        self._references = references

    def _resolve(self, writer: HistoryWriter, draft: NoteDraft) -> NoteDraft:
        """The draft with its new names turned into ids (found, or created here)."""
        if draft.new_event is None and not draft.new_organisations:
            return draft
        if draft.new_event is not None and draft.event_id is not None:
            raise BadInput("A note has one event: an existing one or a new name, not both.")
        refs = self._references
        event_id = draft.event_id
        if draft.new_event is not None:
            new = draft.new_event
            event_id = refs.find_or_create(writer, EVENT, new.name, new).id
        created = [
            refs.find_or_create(writer, ORGANISATION, o.name, o).id
            for o in draft.new_organisations
        ]
        org_ids = tuple(dict.fromkeys((*draft.organisation_ids, *created)))
        return replace(draft, event_id=event_id, organisation_ids=org_ids, new_event=None,
                       new_organisations=())  # fmt: skip

    def save(
        self, writer: HistoryWriter, draft: NoteDraft, existing: NoteRecord | None = None
    ) -> str:
        """Write the note and its new reference objects inside the caller's transaction;
        returns the note's id."""
        _, note_id = self._notes.store_note(writer, self._resolve(writer, draft), existing=existing)
        return note_id

    def add(self, draft: NoteDraft) -> NoteView:
        with self.ctx.write("note.save") as writer:
            note_id = self.save(writer, draft)
        return self._notes.view(note_id)

    def update(self, note_id: str, draft: NoteDraft) -> NoteView:
        ctx = self.ctx
        ctx.vault.writer()
        existing = ctx.store.note_row(note_id)
        if existing is None:
            raise BadInput(f"This vault has no note {note_id}.")
        with ctx.write("note.save") as writer:
            self.save(writer, draft, existing)
        return self._notes.view(note_id)
