"""Changing some fields of a stored note (``note edit``, DESIGN §9) through the one save
path, as the app's editor does: the fields not given stay as they are, one signed
``note.update`` entry per edit.

Fields left alone are handed back the way the editor hands them back: the pseudonymised
title and summary (a pseudonym is found again as its source's reference) and the body with
its marks and the references it holds, so no original spelling of a name is re-read or
re-matched. A field given is the user's text: registered names in it are pseudonymised on
save and a body may carry inline marks (``[[internal: …]]``, ``[[team: …]]``) as in
``note add``.
"""

from __future__ import annotations

from dataclasses import dataclass

from influence_desk import textformat
from influence_desk.desk.facade import Desk
from influence_desk.desk.records import NoteDraft, NoteView
from influence_desk.errors import BadInput

__all__ = ["NoteEdit", "edit_note"]


@dataclass(frozen=True)
class NoteEdit:
    """What to change; None keeps the field. ``body`` is in the inline-mark syntax;
    ``tags`` replaces every tag of the note (an empty tuple removes them all)."""

    title: str | None = None
    body: str | None = None
    summary: str | None = None
    tags: tuple[str, ...] | None = None

    @property
    def changed(self) -> tuple[str, ...]:
        given = (("title", self.title), ("body", self.body), ("summary", self.summary),
                 ("tags", self.tags))  # fmt: skip
        return tuple(name for name, value in given if value is not None)


def edit_note(desk: Desk, note_id: str, edit: NoteEdit) -> NoteView:
    """Save ``edit`` over the note; BadInput for an unknown note or an empty edit,
    NotPermitted (before anything is read) for anyone who may not write."""
    desk.vault.writer()
    if not edit.changed:
        raise BadInput("Nothing to change: give --title, --body-file, --summary or --tag.")
    current = desk.note(note_id)
    note = current.note
    if edit.body is None:
        body, marks, kept = note.body, note.marks, current.refs
    else:
        body, marks = textformat.parse_inline(edit.body)
        kept = ()
    draft = NoteDraft(
        kind=note.kind,
        title=note.title if edit.title is None else edit.title,
        occurred_at=note.occurred_at,
        body=body,
        summary=note.summary if edit.summary is None else edit.summary,
        event_id=note.event_id,
        organisation_ids=note.organisation_ids,
        source_ids=current.explicit_source_ids,
        tags=note.tags if edit.tags is None else edit.tags,
        marks=marks,
        kept_refs=kept,
    )
    return desk.update_note(note_id, draft)
