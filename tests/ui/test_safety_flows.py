"""What stops a slip from costing a note or outing a source: Ctrl+Z takes a redaction mark
back, Delete asks first with Cancel as the default."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from uihelpers import confirm, confirmation, select_text, unlock, wait_saved

from influence_desk.model import Mark, MarkLevel


def test_ctrl_z_undoes_a_mark_and_ctrl_shift_z_brings_it_back(qtbot, window, sample_vault) -> None:
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    ws = window.workspace
    note_id = sample_vault.note_ids[0]
    ws.notes.select_note(note_id)
    editor = ws.editor
    qtbot.waitUntil(lambda: editor.note_id == note_id)
    body = editor.body
    text = body.toPlainText()
    start = text.index("turnout model")
    body.setFocus()
    # Typed text first, then a mark: Ctrl+Z takes the mark back, the next one the typing.
    cursor = body.textCursor()
    cursor.setPosition(len(text))
    body.setTextCursor(cursor)
    qtbot.keyClicks(body, " More.")
    select_text(body, "turnout model")
    editor.mark_internal_action.trigger()
    marked = (Mark(start, start + len("turnout model"), MarkLevel.INTERNAL),)
    assert body.marks() == marked
    qtbot.keyClick(body, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert body.marks() == ()
    assert body.toPlainText().endswith(" More.")  # only the mark was undone
    qtbot.keyClick(
        body, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert body.marks() == marked
    qtbot.keyClick(body, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(body, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert body.marks() == () and body.toPlainText() == text
    wait_saved(qtbot, editor)
    with ws.session.gui() as desk:
        assert desk.note(note_id).note.marks == ()


def test_delete_asks_first_and_cancel_is_the_default(qtbot, window, sample_vault) -> None:
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    ws = window.workspace
    note_id = sample_vault.note_ids[0]
    ws.notes.select_note(note_id)
    qtbot.waitUntil(lambda: ws.editor.note_id == note_id)
    ws.notes.delete_action.trigger()
    box = confirmation(qtbot, ws, "deleteConfirm")
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    qtbot.keyClick(box, Qt.Key.Key_Return)  # Enter by habit: nothing is deleted
    with ws.session.gui() as desk:
        assert note_id in desk.note_ids()
    ws.notes.delete_action.trigger()
    confirm(qtbot, ws, "deleteConfirm")
    with ws.session.gui() as desk:
        assert note_id not in desk.note_ids()


def test_a_deleted_note_waits_in_the_trash_and_comes_back(qtbot, window, sample_vault) -> None:
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    ws = window.workspace
    note_id = sample_vault.note_ids[0]
    ws.notes.select_note(note_id)
    qtbot.waitUntil(lambda: ws.editor.note_id == note_id)
    ws.notes.delete_action.trigger()
    box = confirmation(qtbot, ws, "deleteConfirm")
    assert "trash" in box.informativeText()
    confirm(qtbot, ws, "deleteConfirm")
    qtbot.waitUntil(lambda: note_id not in ws.model.ids())
    ws.notes.trash_action.trigger()
    dialog = ws.notes.trash_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.list.count() == 1 and "Booth visit 0" in dialog.list.item(0).text()
    dialog.restore_button.click()
    assert dialog.list.count() == 0
    qtbot.waitUntil(lambda: note_id in ws.model.ids())
    # Emptying asks first, Cancel the default, and names the entry it writes.
    ws.notes.select_note(note_id)
    qtbot.waitUntil(lambda: ws.editor.note_id == note_id)
    ws.notes.delete_action.trigger()
    confirm(qtbot, ws, "deleteConfirm")
    dialog.reload()
    dialog.empty_button.click()
    box = confirmation(qtbot, dialog, "emptyTrashConfirm")
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    assert "“Trash emptied”" in box.informativeText()
    confirm(qtbot, dialog, "emptyTrashConfirm")
    assert dialog.list.count() == 0
    with ws.session.gui() as desk:
        assert desk.trashed_notes() == [] and note_id not in desk.note_ids()
    dialog.close()


def test_showing_real_names_in_a_note_asks_first_naming_the_entry(
    qtbot, window, sample_vault
) -> None:
    from influence_desk.history import read_entries

    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    ws = window.workspace
    note_id = sample_vault.note_ids[0]
    ws.notes.select_note(note_id)
    editor = ws.editor
    qtbot.waitUntil(lambda: editor.note_id == note_id)
    store = ws.session.vault.store
    count = sum(1 for _ in read_entries(store))
    editor.reveal_action.trigger()
    box = confirmation(qtbot, editor, "revealNamesConfirm")
    assert f"history entry {count + 1}, “Real names shown in a note”" in box.informativeText()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    assert "Miriam" not in editor.body.toPlainText()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert sum(1 for _ in read_entries(store)) == count
    editor.reveal_action.trigger()
    confirm(qtbot, editor, "revealNamesConfirm")
    assert "Miriam Kessler" in editor.body.toPlainText()
    assert list(read_entries(store))[-1].action == "note.reveal"
