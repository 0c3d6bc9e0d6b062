"""Quick capture, reveal, idle lock, clipboard and the error dialog."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox
from uihelpers import confirm, confirmation, unlock, wait_saved

from influence_desk import crypto
from influence_desk.history import read_entries
from influence_desk.model import NoteKind


def test_quick_booth_capture_starts_from_the_template(qtbot, window, sample_vault) -> None:
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    ws = window.workspace
    ws.notes.select_note(sample_vault.note_ids[0])
    qtbot.waitUntil(lambda: ws.editor.note_id == sample_vault.note_ids[0])
    ws.notes.booth_action.trigger()
    editor = ws.editor
    assert editor.note_id is None
    assert editor.kind_combo.currentData() == NoteKind.BOOTH
    assert editor.title_edit.hasFocus() or editor.title_edit.cursorPosition() > 0
    assert editor.title_edit.text().startswith("Booth")
    assert "People met:" in editor.body.toPlainText()
    assert editor.event_edit.text() == "PolitTech Expo"  # the event of the note before
    qtbot.keyClicks(editor.title_edit, "Voter file vendor, hall B")
    wait_saved(qtbot, editor)
    with ws.session.gui() as desk:
        note = desk.note(editor.note_id).note
    assert note.kind is NoteKind.BOOTH and note.title.endswith("hall B")
    assert note.event_id is not None
    qtbot.waitUntil(lambda: ws.model.rowCount() == 4)


def test_reveal_shows_an_identity_briefly_and_is_recorded(qtbot, window, sample_vault) -> None:
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    ws = window.workspace
    page = ws.sources_page
    ws.tabs.setCurrentWidget(page)
    page.table.selectRow(0)
    assert page.reveal_action.isEnabled()
    store = ws.session.vault.store
    before = sum(1 for _ in read_entries(store))
    page.reveal_action.trigger()
    # One click shows nothing: a confirmation first, naming the entry it writes, with
    # Cancel as the default button.
    box = confirmation(qtbot, page, "revealConfirm")
    assert not page.identity_shown()
    assert f"history entry {before + 1}, “Identity revealed”" in box.informativeText()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert not page.identity_shown()
    assert not any(e.action == "source.reveal" for e in read_entries(store))
    page.reveal_action.trigger()
    confirm(qtbot, page, "revealConfirm")
    assert page.identity_shown() and page.reveal_name.text() == "Miriam Kessler"
    assert any(e.action == "source.reveal" for e in read_entries(store))
    for _ in range(10):  # ten ticks of the one-second countdown
        page._tick()
    assert not page.identity_shown() and page.reveal_name.text() == ""


def test_idle_vault_locks_itself(qtbot, sample_vault) -> None:
    from ui.app import AppOptions, AppWindow

    win = AppWindow(AppOptions(kdf=crypto.floor_params, idle_lock_minutes=0.01))
    qtbot.addWidget(win)
    win.show()
    unlock(qtbot, win, sample_vault.path, sample_vault.passphrase)
    vault = win.session.vault
    qtbot.waitUntil(lambda: win.workspace is None, timeout=5_000)
    assert win.stack.currentWidget() is win.unlock_page
    assert not vault.is_open
    win.close()


def test_copied_note_text_is_cleared_from_the_clipboard(qtbot, window, sample_vault) -> None:
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    ws = window.workspace
    ws.notes.select_note(sample_vault.note_ids[0])
    qtbot.waitUntil(lambda: ws.editor.note_id == sample_vault.note_ids[0])
    ws.editor.body.setFocus()
    ws.editor.body.selectAll()
    ws.editor.body.copy()
    clipboard = QGuiApplication.clipboard()
    assert "turnout" in clipboard.text()
    assert window.clipboard_guard.timer.isActive()
    window.clipboard_guard.timer.timeout.emit()  # what happens after 10 s
    assert clipboard.text() == ""


def test_errors_reach_the_user_as_one_calm_sentence(qtbot, monkeypatch) -> None:
    from ui import launcher as app_main

    shown: list[tuple[str, str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "exec",
        lambda box: shown.append((box.text(), box.informativeText(), box.detailedText())) or 0,
    )  # fmt: skip
    try:
        raise ValueError("Miriam Kessler told us the client list")
    except ValueError as exc:
        app_main._excepthook(ValueError, exc, exc.__traceback__)
    assert len(shown) == 1
    text = " ".join(shown[0])
    assert "Miriam" not in text and "Traceback" not in text and "ValueError" not in text
    assert shown[0][2] == ""


def test_recent_list_holds_paths_only(qtbot, window, sample_vault, tmp_path: Path) -> None:
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    window.close_vault()
    recent_file = tmp_path / "config" / "recent.json"
    text = recent_file.read_text()
    assert str(sample_vault.path) in text
    assert "Miriam" not in text and "Booth" not in text
    assert window.welcome.recent_list.count() == 1
    item = window.welcome.recent_list.item(0)
    assert item.text().startswith("field-notes")
    window.welcome.recent_list.setCurrentRow(0)
    qtbot.mouseClick(window.welcome.open_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.unlock_page


def test_duplicate_organisations_are_merged(qtbot, window, sample_vault, monkeypatch) -> None:
    from ui.dialogs import MergeDialog, OrganisationDialog

    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    ws = window.workspace
    pane = ws.reference_page.organisations
    monkeypatch.setattr(OrganisationDialog, "exec", lambda d: d.name.setText("Votergraph") or 1)
    pane.add_action.trigger()
    assert {o.name for o in ws.catalog.organisations} == {"VoterGraph GmbH", "Votergraph"}
    pane.table.selectAll()
    assert pane.merge_action.isEnabled()
    monkeypatch.setattr(MergeDialog, "exec", lambda d: 1)
    pane.merge_action.trigger()
    assert len(ws.catalog.organisations) == 1
    with ws.session.gui() as desk:
        notes = [desk.note(i).note for i in sample_vault.note_ids]
    kept = ws.catalog.organisations[0].id
    assert all(n.organisation_ids == (kept,) for n in notes)


def test_import_runs_in_a_worker_and_lists_the_notes(qtbot, window, sample_vault, tmp_path) -> None:
    import json

    lines = [
        {"kind": "booth", "title": f"Imported {i}", "body": "Mimi pitched lookalike lists."}
        for i in range(30)
    ]
    file = tmp_path / "notes.jsonl"
    file.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    ws = window.workspace
    ws.notes.import_notes(str(file))
    qtbot.waitUntil(lambda: not ws.long_work.running(), timeout=10_000)
    qtbot.waitUntil(lambda: ws.model.rowCount() == 33, timeout=10_000)
    assert "Imported 30" in window.status_label.text()
    with ws.session.gui() as desk:
        hits = desk.search("lookalike")
        assert len(hits) == 30
        assert "Mimi" not in desk.note(hits[0].id).note.body  # an alias, pseudonymised
