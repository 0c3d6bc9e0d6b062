"""An empty vault shows first steps where the editor would be (not a greyed form dated
2000-01-01); the recent list lists vaults created and opened, by path only."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from uihelpers import PASSPHRASE, unlock, wait_saved


def _create(qtbot, window, folder: Path, name: str) -> None:
    window.show_create()
    page = window.create_page
    page.folder_edit.setText(str(folder))
    qtbot.keyClicks(page.name_edit, name)
    qtbot.keyClicks(page.label_edit, "Alex")
    qtbot.keyClicks(page.pass_edit, PASSPHRASE)
    qtbot.keyClicks(page.repeat_edit, PASSPHRASE)
    qtbot.waitUntil(page.create_button.isEnabled)
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=20_000)
    qtbot.waitUntil(window.workspace.notes.list_ready, timeout=15_000)


def test_an_empty_vault_shows_first_steps(qtbot, window, tmp_path: Path) -> None:
    _create(qtbot, window, tmp_path, "empty-desk")
    ws = window.workspace
    area = ws.notes.editor_area
    steps = area.steps
    qtbot.waitUntil(lambda: steps.title.text() == "First steps in this vault", timeout=5_000)
    assert area.currentWidget() is steps and steps.isVisible()
    assert not ws.editor.isVisible()  # no greyed form, no 2000-01-01
    labels = [b.text() for b in steps.buttons if b.isVisible()]
    assert labels == ["New note", "Quick booth visit", "Register source", "Import notes"]
    assert all(b.isEnabled() for b in steps.buttons)

    # A step does what it says: a new note opens in the editor, and stays once saved.
    qtbot.mouseClick(steps.buttons[0], Qt.MouseButton.LeftButton)
    assert area.currentWidget() is ws.editor and ws.editor.title_edit.hasFocus()
    qtbot.keyClicks(ws.editor.title_edit, "First note")
    wait_saved(qtbot, ws.editor)
    qtbot.waitUntil(lambda: ws.model.rowCount() == 1)
    assert area.currentWidget() is ws.editor
    assert not steps.title.text().startswith("First steps")


def test_no_note_open_in_a_full_vault_is_a_hint(qtbot, window, sample_vault) -> None:
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    ws = window.workspace
    qtbot.waitUntil(lambda: ws.editor.note_id is not None, timeout=5_000)
    assert ws.notes.editor_area.currentWidget() is ws.editor
    ws.editor.clear()  # e.g. after a delete, before the next note is selected
    steps = ws.notes.editor_area.steps
    assert ws.notes.editor_area.currentWidget() is steps
    assert steps.title.text() == "No note open"
    assert [b.text() for b in steps.buttons if b.isVisible()] == ["New note"]


def test_the_recent_list_keeps_created_and_opened_vaults(qtbot, window, tmp_path: Path,
                                                          sample_vault) -> None:  # fmt: skip
    _create(qtbot, window, tmp_path, "made-here")
    window.close_vault()
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    window.close_vault()
    names = [window.welcome.recent_list.item(i).text().split("\n")[0]
             for i in range(window.welcome.recent_list.count())]  # fmt: skip
    assert names == ["field-notes", "made-here"]  # the last opened first
    text = (tmp_path / "config" / "recent.json").read_text()
    assert "Miriam" not in text and "Booth" not in text and "Alex" not in text

    # A new start of the app finds them again.
    from ui.welcome import WelcomePage

    fresh = WelcomePage()
    qtbot.addWidget(fresh)
    assert fresh.recent_list.count() == 2 and fresh.open_button.isEnabled()
    assert "demo" in fresh.empty_label.text()  # said where the list stays empty on purpose
