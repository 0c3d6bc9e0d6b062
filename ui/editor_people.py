"""The note editor's actions on the people in a note: register the selected or underlined
name as a source, decide an underlined candidate (public person / not a person), and show
the real names for 10 seconds (identity holders, recorded). Functions of the
NoteEditor, which keeps one-line slots for them; their texts keep the "NoteEditor" context."""

from __future__ import annotations

from typing import TYPE_CHECKING

from influence_desk.reviews import ReviewState
from ui.i18n import translate as _tr
from ui.names_view import prefill_from_line, state_label
from ui.tasks import user_message

if TYPE_CHECKING:
    from ui.editor import NoteEditor


def register_selection(editor: NoteEditor) -> None:
    if editor.read_only:
        return
    text = editor.body.textCursor().selectedText().replace("\u2029", " ").strip()
    if not text:
        detection = editor.body.detection_at_cursor()
        if detection is not None and detection.kind == "person":
            text = detection.text
    line = editor.body.textCursor().block().text()
    if not editor.flush():
        return
    # After the save: an organisation typed just now exists only from here on.
    orgs = [editor.catalog.organisation_named(n) for n in editor.orgs_edit.tokens()]
    editor.register_with.emit(prefill_from_line(text, line, [o.id for o in orgs if o is not None]))


def decide_name(editor: NoteEditor, state: ReviewState) -> None:
    """Public person / not a person, for the underlined name under the cursor."""
    detection = editor.body.detection_at_cursor()
    if editor.read_only or detection is None or detection.kind != "person":
        editor._set_state(_tr("NoteEditor", "Put the cursor on an underlined name first"))
        return
    if not editor.flush():  # the decision is about the note as stored
        return
    problem = editor.people.decide(detection.text, state)
    editor._set_state(problem or _tr("NoteEditor", "Recorded: {}.").format(state_label(state)))
    editor.body.highlighter.forget()
    editor.body.highlighter.rehighlight()


def reveal_names(editor: NoteEditor) -> None:
    """Identity holders: real names in this note, for 10 s, read-only; recorded."""
    if not editor.session.can_reveal or editor.note_id is None or not editor.flush():
        return
    from ui.confirm import confirm, entry_sentence
    from ui.history_view import action_label

    note_id = editor.note_id
    editor.reveal_confirm = confirm(
        editor, name="revealNamesConfirm", title=_tr("NoteEditor", "Show real names"),
        text=_tr("NoteEditor", "Show the real names in this note for 10 seconds?"),
        informative=entry_sentence(editor.session, action_label("note.reveal")),
        action=_tr("NoteEditor", "Show names"), destructive=False,
        on_yes=lambda: reveal_now(editor, note_id),
    )  # fmt: skip


def reveal_now(editor: NoteEditor, note_id: str) -> None:
    if not editor.session.can_reveal or editor.note_id != note_id or not editor.flush():
        return
    try:
        with editor.session.gui() as desk:
            view = desk.note(note_id, reveal=True)
    except Exception as exc:
        editor._set_state(user_message(exc))
        return
    editor._show_view(view, revealed=True)
    editor.reveal_banner.setText(
        _tr("NoteEditor", "Real names shown (recorded in history). Hidden again in 10 seconds.")
    )
    editor.reveal_banner.show()
    editor._set_state(_tr("NoteEditor", "Real names shown — read-only"))
    editor._reveal_timer.start()


def hide_names(editor: NoteEditor) -> None:
    editor._reveal_timer.stop()
    if not editor._revealed or editor.note_id is None:
        return
    note_id = editor.note_id
    editor._revealed = False
    editor.reveal_banner.hide()
    try:
        with editor.session.gui(timeout=2.0) as desk:
            view = desk.note(note_id)
    except Exception:
        editor.clear()
        return
    editor._show_view(view)
