"""After autosave has turned a registered name into a pseudonym, no undo brings it back."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from uihelpers import unlock, wait_saved


def _undo_all(qtbot, widget, presses: int = 80) -> list[str]:
    """Press Ctrl+Z until nothing is left to undo; every text shown on the way."""
    seen = [widget.toPlainText() if hasattr(widget, "toPlainText") else widget.text()]
    widget.setFocus()
    for _ in range(presses):
        qtbot.keySequence(widget, QKeySequence.StandardKey.Undo)
        seen.append(widget.toPlainText() if hasattr(widget, "toPlainText") else widget.text())
    return seen


def test_ctrl_z_does_not_bring_back_a_pseudonymised_name(qtbot, window, sample_vault) -> None:
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    ws = window.workspace
    editor = ws.editor
    ws.notes.new_action.trigger()
    qtbot.keyClicks(editor.title_edit, "Lunch with Miriam Kessler")
    editor.summary_edit.setFocus()
    qtbot.keyClicks(editor.summary_edit, "Kessler on turnout.")
    editor.body.setFocus()
    qtbot.keyClicks(editor.body, "Then Miriam Kessler said the lists are bought.")
    wait_saved(qtbot, editor)
    assert "Kessler" not in editor.body.toPlainText()
    assert sample_vault.source_pseudonym in editor.body.toPlainText()

    for widget in (editor.body, editor.summary_edit, editor.title_edit):
        seen = _undo_all(qtbot, widget)
        assert not [t for t in seen if "Kessler" in t or "Miriam" in t], widget.objectName()
    assert not editor.body.document().isUndoAvailable()

    # Whatever the undo did is saved again without the name.
    editor.body.setFocus()
    qtbot.keyClicks(editor.body, " More.")
    wait_saved(qtbot, editor)
    with ws.session.gui() as desk:
        note = desk.note(editor.note_id).note
    assert "Kessler" not in note.body + note.title + note.summary
    # Typing goes on undoable as before: the words typed after the save undo.
    qtbot.keySequence(editor.body, QKeySequence.StandardKey.Undo)
    assert not editor.body.toPlainText().endswith("More.")


def test_a_name_typed_in_the_event_field_is_shown_as_stored(qtbot, window, sample_vault) -> None:
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    ws = window.workspace
    editor = ws.editor
    ws.notes.new_action.trigger()
    qtbot.keyClicks(editor.title_edit, "Dinner")
    qtbot.keyClicks(editor.event_edit, "Dinner with Miriam Kessler")
    wait_saved(qtbot, editor)
    assert editor.event_edit.text() == f"Dinner with {sample_vault.source_pseudonym}"
    seen = _undo_all(qtbot, editor.event_edit, presses=40)
    assert not [t for t in seen if "Kessler" in t]
    with ws.session.gui() as desk:
        events = [e.name for e in desk.events()]
    assert f"Dinner with {sample_vault.source_pseudonym}" in events
    assert not [e for e in events if "Kessler" in e]
