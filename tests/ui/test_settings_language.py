"""Settings (this computer's in a JSON file without content, the vault's in the vault), the
German translation, and the F1 help."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication
from uihelpers import unlock

from influence_desk import crypto
from influence_desk.model import PseudonymStyle


def _dialog(name: str):
    return next(
        w for w in QApplication.topLevelWidgets() if w.objectName() == name and w.isVisible()
    )


def test_settings_are_saved_applied_and_hold_no_content(
    qtbot, window, sample_vault, tmp_path: Path
) -> None:
    from ui.i18n import apply_language

    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    window.settings_action.trigger()
    dialog = _dialog("settingsDialog")
    assert dialog.vault_box.isVisible() and dialog.style_combo.isEnabled()  # a lead
    dialog.idle_spin.setValue(7)
    dialog.kdf_spin.setValue(2.0)
    dialog.profile_combo.setCurrentIndex(dialog.profile_combo.findData("public"))
    dialog.style_combo.setCurrentIndex(dialog.style_combo.findData(PseudonymStyle.CODE))
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("de"))
    try:
        dialog._accept()
        assert window.idle.limit_s == 7 * 60
        saved = json.loads((tmp_path / "config" / "settings.json").read_text())
        # Beside the preferences only which key slot opened which vault (ids, no content).
        last_slots = saved.pop("last_slots")
        assert list(last_slots.values()) == [window.session.vault.slot_id]
        assert saved == {
            "idle_minutes": 7, "default_profile": "public", "kdf_seconds": 2.0,
            "language": "de", "theme": "system",
        }  # fmt: skip
        with window.session.gui() as desk:
            assert desk.pseudonym_style is PseudonymStyle.CODE  # the vault's, in the vault
        assert QCoreApplication.translate("AppWindow", "&File") == "&Datei"
        window.workspace.export_action.trigger()
        export = _dialog("exportDialog")
        assert export.profile_key() == "public"  # the default profile
        assert export.windowTitle() == "Geschwärztes PDF exportieren"  # opened after the switch
        export.reject()
    finally:
        apply_language("en")
    assert QCoreApplication.translate("AppWindow", "&File") == "&File"


def test_the_german_interface_is_shipped_and_loads(qtbot, sample_vault) -> None:
    from ui.app import AppOptions, AppWindow
    from ui.i18n import TRANSLATIONS, apply_language

    assert (TRANSLATIONS / "influence_desk_de.qm").is_file()
    try:
        assert apply_language("de")
        win = AppWindow(
            AppOptions(kdf=crypto.floor_params, idle_lock_minutes=60, watch_system_lock=False)
        )
        qtbot.addWidget(win)
        win.show()
        menus = [a.text() for a in win.menuBar().actions()]
        assert menus == ["&Datei", "&Hilfe"]
        assert win.welcome.create_button.text() == "Neuen Tresor &anlegen…"
        unlock(qtbot, win, sample_vault.path, sample_vault.passphrase)
        ws = win.workspace
        assert [ws.tabs.tabText(i) for i in range(ws.tabs.count())] == [
            "Notizen", "Quellen", "Veranstaltungen && Organisationen", "Historie", "Personen",
            "Namen prüfen", "Abgleich",
        ]  # fmt: skip
        assert ws.model.headerData(2, Qt.Orientation.Horizontal) == "Titel"
        assert ws.lock_button.text() == "Sperren"
        win.close()
    finally:
        apply_language("en")


def test_an_auditor_cannot_change_the_vault_settings(qtbot, window, sample_vault) -> None:
    unlock(qtbot, window, sample_vault.path, sample_vault.auditor_passphrase)
    window.settings_action.trigger()
    dialog = _dialog("settingsDialog")
    assert not dialog.style_combo.isEnabled()
    assert "Only a lead" in dialog.style_note.text()
    assert dialog.pseudonym_style() is None
    dialog.reject()


def test_f1_lists_the_shortcuts_and_what_locks_the_vault(qtbot, window, sample_vault) -> None:
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    window.shortcuts_action.trigger()
    dialog = _dialog("helpDialog")
    text = dialog.browser.toPlainText()
    for needed in ("Ctrl+L", "Ctrl+Shift+E", "Ctrl+Shift+Y", "Ctrl+F", "F1", "Ctrl+,",
                   "10 seconds", window.system_lock.status):  # fmt: skip
        assert needed in text, needed
    shortcuts = [keys for _what, keys in dialog.rows]
    assert len(shortcuts) == len(set(shortcuts))  # no key does two things
    dialog.reject()
