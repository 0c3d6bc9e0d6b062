"""The source dialog's "too common to match alone" switch for a given name: set when
registering, flipped later without retyping the identity; either way the notes follow."""

from __future__ import annotations

from PySide6.QtCore import Qt
from uihelpers import select_text, unlock, wait_saved

from ui.dialogs import SourceDialog

BODY = "Anna poured the coffee. Later Anna Kowalska showed the voter file."


def _dialog(qtbot, ws) -> SourceDialog:
    qtbot.waitUntil(lambda: ws.findChild(SourceDialog) is not None, timeout=10_000)
    return ws.findChild(SourceDialog)


def _accept(qtbot, ws, dialog: SourceDialog) -> None:
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: not ws.long_work.running(), timeout=20_000)
    qtbot.waitUntil(lambda: ws.findChild(SourceDialog) is None, timeout=10_000)


def test_common_given_name_switch_registers_and_edits(qtbot, window, sample_vault) -> None:
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    ws = window.workspace
    editor = ws.editor
    ws.notes.new_action.trigger()
    qtbot.keyClicks(editor.title_edit, "Coffee")
    editor.body.setFocus()
    qtbot.keyClicks(editor.body, BODY)
    wait_saved(qtbot, editor)
    note_id = editor.note_id

    ws.sources_page.register_source("Anna Kowalska")
    dialog = _dialog(qtbot, ws)
    assert dialog.common_given.isVisible() and not dialog.common_given.isChecked()
    dialog.common_given.setChecked(True)
    qtbot.keyClicks(dialog.role, "analyst")
    _accept(qtbot, ws, dialog)
    source = next(s for s in ws.catalog.sources if s.role_description == "analyst")
    qtbot.waitUntil(lambda: "Kowalska" not in editor.body.toPlainText(), timeout=10_000)
    shown = editor.body.toPlainText()
    assert shown.startswith("Anna poured the coffee.")  # the given name alone is left
    assert f"Later {source.pseudonym} showed" in shown
    with ws.session.gui() as desk:
        assert desk.identity(source.id).common_given_name is True

    # Editing: the switch shows as stored, the identity stays sealed (nothing revealed).
    ws.sources_page.edit_source(source)
    dialog = _dialog(qtbot, ws)
    assert dialog.common_given.isChecked() and dialog.common_given.isEnabled()
    assert dialog.real_name.text() == "" and not dialog.identity_box.isEnabled()
    dialog.common_given.setChecked(False)
    _accept(qtbot, ws, dialog)
    qtbot.waitUntil(lambda: "Anna" not in editor.body.toPlainText(), timeout=10_000)
    with ws.session.gui() as desk:
        identity = desk.identity(source.id)
        body = desk.note(note_id).note.body
    assert identity.real_name == "Anna Kowalska" and identity.common_given_name is False
    assert "Anna" not in body and "Kowalska" not in body
    assert editor.body.toPlainText().startswith(f"{source.pseudonym} poured the coffee.")


def test_the_switch_is_hidden_without_identity_access(qtbot, window, sample_vault) -> None:
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    ws = window.workspace
    dialog = SourceDialog(ws.catalog, can_edit_identity=False, parent=ws)
    assert dialog.common_given.isHidden()
    assert dialog.identity_edit().typed is None and dialog.identity_edit().common_given_name is None
    dialog.deleteLater()


def test_registering_a_selection_fills_the_dialog_from_the_line_and_a_new_org(
    qtbot, window, sample_vault
) -> None:
    """Typed just now, not saved yet: the organisation is new, the contacts on the name's line
    (not the next one) come along."""
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    ws = window.workspace
    editor = ws.editor
    ws.notes.new_action.trigger()
    qtbot.keyClicks(editor.title_edit, "Stand talk")
    qtbot.keyClicks(editor.orgs_edit, "Nordlicht Data")
    editor.body.setFocus()
    qtbot.keyClicks(editor.body, "Talked to Helga Brandt (h.brandt@nordlicht.example) today.")
    qtbot.keyClick(editor.body, Qt.Key.Key_Return)
    qtbot.keyClicks(editor.body, "Press: presse@other.example")
    select_text(editor.body, "Helga Brandt")
    editor.register_action.trigger()
    dialog = _dialog(qtbot, ws)
    assert dialog.real_name.text() == "Helga Brandt"
    assert dialog.contact.text() == "h.brandt@nordlicht.example"
    assert dialog.organisation.currentText() == "Nordlicht Data"
    dialog.reject()
