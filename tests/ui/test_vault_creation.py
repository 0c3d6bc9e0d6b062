"""Creating a vault: the folder is checked as it is typed and a missing one is offered to be
made; form labels show their mnemonic as an underline, never a literal "&"."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget
from uihelpers import PASSPHRASE


def _fill(qtbot, page, name: str = "fair-notes") -> None:
    qtbot.keyClicks(page.name_edit, name)
    qtbot.keyClicks(page.label_edit, "Alex")
    qtbot.keyClicks(page.pass_edit, PASSPHRASE)
    qtbot.keyClicks(page.repeat_edit, PASSPHRASE)
    page._strength_timer.stop()
    page._estimate()


def test_a_missing_documents_folder_is_offered_to_be_made(
    qtbot, window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    documents = tmp_path / "home" / "Documents"  # a fresh system: no ~/Documents yet
    monkeypatch.setattr("ui.recent.documents_dir", lambda: documents)
    from ui.welcome import CreatePage

    window.create_page.folder_edit.setText(str(documents))
    window.show_create()
    page = window.create_page
    assert isinstance(page, CreatePage)
    # Said at once, before anything else is filled in.
    assert page.folder_row_widget.isVisible()
    assert "does not exist yet" in page.folder_status.text()
    assert page.make_folder_button.isVisible()
    _fill(qtbot, page)
    assert not page.create_button.isEnabled()

    qtbot.mouseClick(page.make_folder_button, Qt.MouseButton.LeftButton)
    assert documents.is_dir()
    assert not page.folder_row_widget.isVisible()
    assert page.create_button.isEnabled()
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=20_000)
    assert (documents / "fair-notes.idvault" / "vault.json").is_file()


def test_the_folder_is_checked_as_it_is_typed(qtbot, window, tmp_path: Path) -> None:
    window.show_create()
    page = window.create_page
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x")
    page.folder_edit.setText(str(a_file))
    assert "is a file, not a folder" in page.folder_status.text()
    assert not page.make_folder_button.isVisible()
    page.folder_edit.setText("relative/path")
    assert "whole path" in page.folder_status.text()
    page.folder_edit.setText(str(tmp_path))
    assert not page.folder_row_widget.isVisible()
    (tmp_path / "taken.idvault").mkdir()
    (tmp_path / "taken.idvault" / "vault.json").write_text("{}")
    _fill(qtbot, page, "taken")
    assert "already a vault called “taken”" in page.folder_status.text()
    assert not page.create_button.isEnabled()
    qtbot.keyClicks(page.name_edit, "-2")
    assert not page.folder_row_widget.isVisible() and page.create_button.isEnabled()


def _literal_ampersands(root: QWidget) -> list[str]:
    return [
        label.text() for label in root.findChildren(QLabel)
        if "&" in label.text().replace("&&", "") and label.buddy() is None
        and label.textFormat() != Qt.TextFormat.RichText and not label.text().startswith("<")
    ]  # fmt: skip


def test_no_form_label_shows_a_literal_ampersand(qtbot, window) -> None:
    from ui.dialogs import EventDialog

    window.show_create()
    assert _literal_ampersands(window.create_page) == []
    dialog = EventDialog(parent=window)
    assert _literal_ampersands(dialog) == []
    dialog.deleteLater()


def test_the_folder_check_and_first_steps_speak_german(qtbot, tmp_path: Path) -> None:
    from influence_desk import crypto
    from ui.app import AppOptions, AppWindow
    from ui.folder_check import check_folder
    from ui.i18n import apply_language

    try:
        assert apply_language("de")
        assert check_folder(str(tmp_path / "neu")).message.endswith("gibt es noch nicht.")
        win = AppWindow(
            AppOptions(kdf=crypto.floor_params, idle_lock_minutes=60, watch_system_lock=False)
        )
        qtbot.addWidget(win)
        win.show()
        win.create_page.folder_edit.setText(str(tmp_path / "neu"))
        assert win.create_page.make_folder_button.text() == "Ordner an&legen"
        from ui.first_steps import FirstSteps

        steps = FirstSteps()
        qtbot.addWidget(steps)
        steps.set_steps([], writable=True)
        assert steps.title.text() == "Erste Schritte in diesem Tresor"
        win.close()
    finally:
        apply_language("en")
