"""What a user does with the window, end to end, offscreen."""

from __future__ import annotations

from dataclasses import astuple
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from uihelpers import PASSPHRASE, select_text, unlock, wait_saved

from influence_desk.model import Mark, MarkLevel


def _modal_dialogs() -> list:
    return [
        w for w in QApplication.topLevelWidgets()
        if isinstance(w, QDialog | QMessageBox) and w.isVisible()
    ]  # fmt: skip


def test_create_vault_add_note_and_find_it_by_search(qtbot, window, tmp_path: Path) -> None:
    qtbot.mouseClick(window.welcome.create_button, Qt.MouseButton.LeftButton)
    page = window.create_page
    assert window.stack.currentWidget() is page
    page.folder_edit.setText(str(tmp_path))
    qtbot.keyClicks(page.name_edit, "fair-notes")
    qtbot.keyClicks(page.label_edit, "Alex")
    qtbot.keyClicks(page.pass_edit, PASSPHRASE)
    qtbot.keyClicks(page.repeat_edit, PASSPHRASE)
    qtbot.waitUntil(page.create_button.isEnabled)
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=20_000)
    assert (tmp_path / "fair-notes.idvault" / "vault.json").is_file()

    ws = window.workspace
    qtbot.waitUntil(ws.notes.list_ready)
    assert ws.model.rowCount() == 0
    ws.notes.new_action.trigger()
    editor = ws.editor
    qtbot.keyClicks(editor.title_edit, "Stand of a canvassing-app vendor")
    editor.body.setFocus()
    qtbot.keyClicks(editor.body, "They claim geofenced canvassing lists for every district.")
    wait_saved(qtbot, editor)
    assert editor.note_id is not None
    qtbot.waitUntil(lambda: ws.model.rowCount() == 1)

    qtbot.keyClicks(ws.search_edit, "geofen")  # a prefix, as typed so far
    qtbot.waitUntil(lambda: ws.model.searching and ws.notes.search_idle(), timeout=5_000)
    assert ws.model.ids() == [editor.note_id]
    snippet = ws.model.index(0, 3).data()
    assert "geofenced" in snippet

    ws.search_edit.clear()
    qtbot.keyClicks(ws.search_edit, "nothing-like-this")
    qtbot.waitUntil(lambda: ws.model.searching and ws.notes.search_idle(), timeout=5_000)
    assert ws.model.rowCount() == 0


def test_registered_names_become_pseudonyms_in_editor_and_storage(
    qtbot, window, sample_vault
) -> None:
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    ws = window.workspace
    editor = ws.editor

    # A name already registered is replaced as soon as the note is saved.
    ws.notes.new_action.trigger()
    qtbot.keyClicks(editor.title_edit, "Coffee with a broker")
    editor.body.setFocus()
    qtbot.keyClicks(editor.body, "Miriam Kessler introduced Jonas Weber, who runs the lists.")
    wait_saved(qtbot, editor)
    note_id = editor.note_id
    assert "Miriam Kessler" not in editor.body.toPlainText()
    assert sample_vault.source_pseudonym in editor.body.toPlainText()

    # A new name: select it, register it, and it is replaced everywhere.
    select_text(editor.body, "Jonas Weber")
    editor.register_action.trigger()
    from ui.dialogs import SourceDialog

    qtbot.waitUntil(lambda: ws.findChild(SourceDialog) is not None)
    dialog = ws.findChild(SourceDialog)
    assert dialog.real_name.text() == "Jonas Weber"
    qtbot.keyClicks(dialog.role, "list manager, analytics firm")
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: not ws.long_work.running(), timeout=10_000)
    qtbot.waitUntil(lambda: "Jonas Weber" not in editor.body.toPlainText(), timeout=5_000)

    new_source = next(s for s in ws.catalog.sources if s.role_description.startswith("list"))
    assert new_source.pseudonym in editor.body.toPlainText()
    assert new_source.pseudonym in [
        ws.sources_page.model.index(r, 0).data() for r in range(ws.sources_page.model.rowCount())
    ]
    with ws.session.gui() as desk:
        view = desk.note(note_id)
        assert "Jonas" not in view.note.body and "Miriam" not in view.note.body
        assert {r.source_id for r in view.refs} >= {new_source.id}
        stored = ws.session.vault.store.note_row(note_id)
    assert not any("Jonas" in str(v) or "Miriam" in str(v) for v in astuple(stored))


def test_a_marked_span_stays_marked_after_reopening_the_vault(qtbot, window, sample_vault) -> None:
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    ws = window.workspace
    note_id = sample_vault.note_ids[0]
    ws.notes.select_note(note_id)
    editor = ws.editor
    qtbot.waitUntil(lambda: editor.note_id == note_id)
    text = editor.body.toPlainText()
    select_text(editor.body, "turnout model")
    editor.mark_team_action.trigger()
    start = text.index("turnout model")
    expected = (Mark(start, start + len("turnout model"), MarkLevel.TEAM),)
    assert editor.body.marks() == expected
    assert editor.body.extraSelections()  # shaded on screen
    wait_saved(qtbot, editor)

    vault = ws.session.vault
    ws.lock_action.trigger()
    assert window.workspace is None and window.session is None
    assert not vault.is_open
    assert window.stack.currentWidget() is window.unlock_page

    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    ws = window.workspace
    ws.notes.select_note(note_id)
    qtbot.waitUntil(lambda: ws.editor.note_id == note_id)
    assert ws.editor.body.marks() == expected
    assert "turnout model" in ws.editor.body.hint_at(start) or ws.editor.body.hint_at(start)


def test_wrong_passphrase_is_said_inline_and_the_window_stays_responsive(
    qtbot, window, sample_vault
) -> None:
    window.show_unlock(sample_vault.path)
    page = window.unlock_page
    ticks = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(page.busy.isVisible()))
    timer.start()
    qtbot.keyClicks(page.passphrase, "not the passphrase at all")
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    assert page.busy.isVisible()
    qtbot.waitUntil(page.message.isVisible, timeout=10_000)
    timer.stop()
    assert "passphrase" in page.message.text()
    assert sum(ticks) >= 3  # the event loop kept running while the key was derived
    assert _modal_dialogs() == []
    assert window.workspace is None
    assert page.passphrase.isEnabled() and page.unlock_button.isEnabled()
    assert page.passphrase.selectedText() == "not the passphrase at all"
    # Typing again clears the message, and the right passphrase opens the vault.
    page.passphrase.clear()
    qtbot.keyClicks(page.passphrase, sample_vault.passphrase)
    assert not page.message.isVisible()
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=10_000)


def test_auditor_reads_everything_and_can_change_nothing(qtbot, window, sample_vault) -> None:
    unlock(qtbot, window, sample_vault.path, sample_vault.auditor_passphrase)
    ws = window.workspace
    assert ws.banner.isVisible()
    assert "Auditor" in ws.role_label.text()

    # Everything readable.
    assert ws.model.rowCount() == 3
    assert ws.model.index(0, 2).data() == "Booth visit 2"
    ws.notes.select_note(sample_vault.note_ids[0])
    editor = ws.editor
    qtbot.waitUntil(lambda: editor.note_id == sample_vault.note_ids[0])
    assert sample_vault.source_pseudonym in editor.body.toPlainText()
    assert "Miriam" not in editor.body.toPlainText()
    assert ws.sources_page.model.rowCount() == 1

    # Nothing editable.
    for action in ws.edit_actions():
        assert not action.isEnabled(), action.text()
    assert not ws.sources_page.reveal_action.isEnabled()
    assert not editor.reveal_action.isEnabled()
    for field in (editor.title_edit, editor.event_edit, editor.orgs_edit, editor.sources_edit,
                  editor.tags_edit, editor.summary_edit, editor.body):  # fmt: skip
        assert field.isReadOnly()
    assert not editor.kind_combo.isEnabled()
    assert editor.when_edit.isReadOnly()
    before = editor.body.toPlainText()
    editor.body.setFocus()
    qtbot.keyClicks(editor.body, "tampering")
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert editor.body.toPlainText() == before
    assert editor.note_id == sample_vault.note_ids[0]
    assert not editor.autosave.isActive()

    # Every other action and button: tests/ui/test_auditor_history.py.


def test_the_demo_opens_from_the_welcome_screen(qtbot, window, tmp_path: Path) -> None:
    qtbot.mouseClick(window.welcome.demo_button, Qt.MouseButton.LeftButton)
    page = window.unlock_page
    qtbot.waitUntil(lambda: window.stack.currentWidget() is page, timeout=20_000)
    assert page.path is not None and page.path.parent == tmp_path / "data"
    assert page.demo_hint.isVisible() and page.passphrase.text()
    assert page.passphrase.text() in page.demo_hint.text()
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=10_000)
    ws = window.workspace
    qtbot.waitUntil(lambda: ws.model.rowCount() == 25)
    assert ws.sources_page.model.rowCount() == 8
    qtbot.waitUntil(lambda: ws.editor.note_id is not None)
    assert ws.editor.body.toPlainText()
