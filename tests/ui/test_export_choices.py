"""The export dialog says in plain words what a profile prints, redacts and is for; it
offers the public profile with body text; the save dialog starts in the last export's
folder (remembered as a path only), never in the folder the app was started from."""

from __future__ import annotations

import json
from pathlib import Path

from uihelpers import choose_data, open_export_dialog, unlock


def _choose(dialog, key: str) -> None:
    choose_data(dialog.profile_combo, key)


def test_the_dialog_says_what_each_profile_prints_and_redacts(
    qtbot, window, sample_vault
) -> None:
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    dialog = open_export_dialog(qtbot, window)
    _choose(dialog, "public")
    shown = dialog.profile_content.text()
    assert dialog.profile_content.isVisible()
    assert "For anyone: written to be published." in shown
    assert "Summaries only; the body text of the notes is not printed." in shown
    assert "Passages marked team-only." in shown and "Passages marked internal." in shown
    assert "Real names and contact details of every registered source." in shown
    _choose(dialog, "public-text")
    shown = dialog.profile_content.text()
    assert "Summaries and the full body text of the notes." in shown
    assert dialog.profile_combo.currentText() == "Public report with text"
    _choose(dialog, "team")
    shown = dialog.profile_content.text()
    assert "For the research team only: do not forward or publish." in shown
    assert "Passages marked team-only, highlighted." in shown


def test_the_save_dialog_starts_in_the_last_export_folder(
    qtbot, window, sample_vault, tmp_path: Path, monkeypatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    import ui.recent

    started_in = tmp_path / "started-here"
    started_in.mkdir()
    monkeypatch.chdir(started_in)
    monkeypatch.setattr(ui.recent, "documents_dir", lambda: tmp_path / "no-Documents")
    asked: list[Path] = []

    def fake_save(_parent, _caption, suggested, _filter):
        asked.append(Path(suggested))
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_save)
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    dialog = open_export_dialog(qtbot, window)
    dialog.export_button.click()
    # No documents folder: home, not the folder the app was started from.
    assert asked[-1].parent == Path.home() != started_in

    out = tmp_path / "exports" / "brief.pdf"
    out.parent.mkdir()
    _choose(dialog, "team")
    dialog.start_export(out)
    qtbot.waitUntil(lambda: not dialog.running, timeout=60_000)
    assert out.is_file()
    dialog.export_button.click()
    assert asked[-1].parent == out.parent
    assert asked[-1].name.startswith("influence-desk-team-")
    saved = json.loads((tmp_path / "config" / "settings.json").read_text())
    assert saved["export_folder"] == str(out.parent)  # the folder only, no file name
    assert "brief" not in json.dumps(saved)
    dialog.close()
    # A new dialog (or a new start of the app) remembers it too.
    dialog = open_export_dialog(qtbot, window)
    dialog.export_button.click()
    assert asked[-1].parent == out.parent


def test_a_german_interface_exports_a_german_pdf(
    qtbot, window, sample_vault, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    from ui.i18n import apply_language

    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    assert apply_language("de")
    try:
        dialog = open_export_dialog(qtbot, window)
        _choose(dialog, "public")
        assert "Für alle: zur Veröffentlichung bestimmt." in dialog.profile_content.text()
        _choose(dialog, "team")
        out = tmp_path / "de.pdf"
        dialog.start_export(out)
        qtbot.waitUntil(lambda: not dialog.running, timeout=60_000)
        text = " ".join(page.extract_text() for page in PdfReader(out).pages)
        assert "Seite 1 von" in text and "Inhalt" in text and "Team-Briefing" in text
        assert "Page 1 of" not in text and "Contents" not in text
    finally:
        apply_language("en")
