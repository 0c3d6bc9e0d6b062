"""The theme setting: light, dark or as the system has it, applied at once and remembered."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from influence_desk import crypto


def _settings_dialog(window):
    window.settings_action.trigger()
    return next(
        w for w in QApplication.topLevelWidgets()
        if w.objectName() == "settingsDialog" and w.isVisible()
    )  # fmt: skip


def _window_colour() -> int:
    return QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness()


def _text_colour() -> int:
    return QGuiApplication.palette().color(QPalette.ColorRole.WindowText).lightness()


def test_dark_and_light_apply_at_once_and_are_remembered(qtbot, window, tmp_path: Path) -> None:
    from ui.app import AppOptions, AppWindow

    system = QPalette(QGuiApplication.palette())
    try:
        dialog = _settings_dialog(window)
        dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData("dark"))
        dialog._accept()
        assert _window_colour() < 80 and _text_colour() > 180  # light text on dark
        saved = json.loads((tmp_path / "config" / "settings.json").read_text())
        assert saved["theme"] == "dark"

        dialog = _settings_dialog(window)
        assert dialog.theme_combo.currentData() == "dark"
        dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData("light"))
        dialog._accept()
        assert _window_colour() > 180 and _text_colour() < 80

        # The next start applies what was chosen.
        again = AppWindow(AppOptions(kdf=crypto.floor_params, idle_lock_minutes=60,
                                     watch_system_lock=False))  # fmt: skip
        qtbot.addWidget(again)
        assert again.settings.theme == "light" and _window_colour() > 180

        dialog = _settings_dialog(window)
        dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData("system"))
        dialog._accept()
        shown = QGuiApplication.palette()
        assert shown.color(QPalette.ColorRole.Window) == system.color(QPalette.ColorRole.Window)
    finally:
        from ui.theme import apply_theme

        apply_theme("system")


def test_a_banner_shown_before_the_switch_stays_readable_in_dark(qtbot) -> None:
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from ui.theme import apply_theme
    from ui.widgets import Banner

    holder = QWidget()
    qtbot.addWidget(holder)
    banner = Banner()
    QVBoxLayout(holder).addWidget(banner)
    try:
        apply_theme("light")
        banner.show_message(Banner.WARNING, "Saved; 1 person named here is not reviewed yet.")
        holder.show()
        apply_theme("dark")
        qtbot.wait(10)
        palette = banner.palette()
        back = palette.color(QPalette.ColorRole.Window).lightness()
        text = palette.color(QPalette.ColorRole.WindowText).lightness()
        assert back < 100 and text - back > 100
        apply_theme("light")  # and back
        qtbot.wait(10)
        palette = banner.palette()
        back = palette.color(QPalette.ColorRole.Window).lightness()
        text = palette.color(QPalette.ColorRole.WindowText).lightness()
        assert back > 150 and back - text > 100
    finally:
        apply_theme("system")
