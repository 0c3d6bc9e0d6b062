"""Review finding: once a save turned a typed name into a pseudonym (the text's undo history
goes), no Ctrl+Z may put back marks from the text as it was before: their offsets belong
to a text that is gone, so a redaction mark would land on the wrong words."""

from __future__ import annotations

from PySide6.QtCore import Qt
from uihelpers import select_text, unlock, wait_saved


def test_ctrl_z_after_a_pseudonymising_save_leaves_marks_alone(
    qtbot, window, sample_vault
) -> None:
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    ws = window.workspace
    note_id = sample_vault.note_ids[0]
    ws.notes.select_note(note_id)
    editor = ws.editor
    qtbot.waitUntil(lambda: editor.note_id == note_id)
    body = editor.body
    words = body.toPlainText().split()
    other = next(w for w in words
                 if len(w) > 4 and w.isalpha() and w.islower() and w not in ("turnout", "model"))
    body.setFocus()
    select_text(body, "turnout model")
    editor.mark_internal_action.trigger()
    select_text(body, other)
    editor.mark_internal_action.trigger()
    # A registered name typed at the start: the save makes it the pseudonym.
    cursor = body.textCursor()
    cursor.setPosition(0)
    body.setTextCursor(cursor)
    qtbot.keyClicks(body, "Miriam Kessler says: ")
    wait_saved(qtbot, editor)
    assert "Kessler" not in body.toPlainText()
    marks = body.marks()
    text = body.toPlainText()
    assert {text[m.start:m.end] for m in marks} == {"turnout model", other}
    qtbot.keyClick(body, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    shown = body.toPlainText()
    assert {shown[m.start:m.end] for m in body.marks()} == {"turnout model", other}
