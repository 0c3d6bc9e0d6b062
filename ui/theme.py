"""Light, dark, or as the system has it: the app's palette, chosen in the settings and applied
at once (no restart). Everything in ui/ draws with palette roles, so one palette is enough."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

THEMES = ("system", "light", "dark")

_R = QPalette.ColorRole
_DARK = {
    _R.Window: "#2b2d30", _R.WindowText: "#dfe1e5", _R.Base: "#1e1f22",
    _R.AlternateBase: "#26282b", _R.Text: "#dfe1e5", _R.Button: "#35373b",
    _R.ButtonText: "#dfe1e5", _R.BrightText: "#ffffff", _R.Highlight: "#2f65ca",
    _R.HighlightedText: "#ffffff", _R.Link: "#6ea8ff", _R.LinkVisited: "#b48cff",
    _R.PlaceholderText: "#9a9da3", _R.ToolTipBase: "#3c3f41", _R.ToolTipText: "#dfe1e5",
    _R.Light: "#4a4c50", _R.Midlight: "#3e4044", _R.Mid: "#45474b", _R.Dark: "#18191b",
    _R.Shadow: "#0e0f10",
}  # fmt: skip
_DISABLED_DARK = {_R.WindowText: "#7c7f85", _R.Text: "#7c7f85", _R.ButtonText: "#7c7f85"}


class _System:
    """What the app looked like before any choice: "system" goes back to it."""

    style: str | None = None
    palette: QPalette | None = None


def theme_names() -> list[tuple[str, str]]:
    """(key, label) for the settings."""
    t = QCoreApplication.translate
    return [("system", t("theme", "As the system")), ("light", t("theme", "Light")),
            ("dark", t("theme", "Dark"))]  # fmt: skip


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in _DARK.items():
        palette.setColor(role, QColor(colour))
    for role, colour in _DISABLED_DARK.items():
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(colour))
    return palette


def light_palette() -> QPalette:
    fusion = QStyleFactory.create("Fusion")
    return fusion.standardPalette() if fusion is not None else QPalette()


def apply_theme(name: str) -> str:
    """Apply ``name`` (anything unknown counts as "system"); returns what was applied."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return "system"
    if _System.palette is None:
        _System.style = app.style().name()
        _System.palette = QPalette(app.palette())
    choice = name if name in THEMES else "system"
    hints = QGuiApplication.styleHints()
    if choice == "system":
        hints.unsetColorScheme()
        if _System.style:
            app.setStyle(_System.style)
        app.setPalette(_System.palette)
        return choice
    # Fusion draws everything from the palette: a platform style might ignore part of it.
    app.setStyle("Fusion")
    dark = choice == "dark"
    hints.setColorScheme(Qt.ColorScheme.Dark if dark else Qt.ColorScheme.Light)
    app.setPalette(dark_palette() if dark else light_palette())
    return choice


def is_dark(palette: QPalette | None = None) -> bool:
    shown = palette or QGuiApplication.palette()
    return shown.color(QPalette.ColorRole.Window).lightness() < 128
