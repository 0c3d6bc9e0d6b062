"""F1: every keyboard shortcut, and what protects the notes on this computer (locking,
clipboard), including what this platform cannot do."""

from __future__ import annotations

import html
import sys

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from ui.clipboard import CLEAR_SECONDS
from ui.geometry import fit_dialog


def shortcut_rows(actions: list[QAction]) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for action in actions:
        seq = action.shortcut()
        if seq.isEmpty():
            continue
        row = (action.text().replace("&", "").rstrip("…").strip(),
               seq.toString(QKeySequence.SequenceFormat.NativeText))  # fmt: skip
        if row not in seen:
            seen.add(row)
            rows.append(row)
    return rows


class HelpDialog(QDialog):
    def __init__(
        self,
        actions: list[QAction],
        *,
        idle_minutes: int,
        lock_status: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("helpDialog")
        self.setWindowTitle(self.tr("Keyboard shortcuts and protection"))
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setObjectName("helpText")
        self.browser.setAccessibleName(self.tr("Help"))
        self.browser.setOpenExternalLinks(False)
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.rows = shortcut_rows(actions)
        self.browser.setHtml(self._html(idle_minutes, lock_status))
        fit_dialog(self, 620, 640)  # never taller than a 1024x600 screen

    def _html(self, idle_minutes: int, lock_status: str) -> str:
        e = html.escape
        table = "".join(
            f"<tr><td style='padding:2px 18px 2px 0'>{e(what)}</td>"
            f"<td style='padding:2px 0'><b>{e(keys)}</b></td></tr>"
            for what, keys in self.rows
        )
        if sys.platform.startswith("linux"):
            platform_note = self.tr(
                "On Linux the app listens to systemd-logind and the desktop's screen saver "
                "over D-Bus."
            )
        else:
            platform_note = self.tr(
                "On Windows and macOS the app is not told when the screen locks or the "
                "computer sleeps: lock with Ctrl+L before you walk away, and keep the idle "
                "timer short."
            )
        lock_now = self.tr(
            "Ctrl+L locks at once: the keys are dropped and nothing of your notes stays on screen."
        )
        idle = self.tr(
            "After {} minutes without a key press or click the vault locks itself "
            "(Settings, Ctrl+,)."
        ).format(idle_minutes)
        screen = self.tr("When the screen locks or the computer suspends:")
        resume = self.tr("Unlocking again returns to the note you had open.")
        clipboard = self.tr(
            "Text you copy while a vault is open is marked as secret for clipboard managers "
            "and removed again after {} seconds, unless you copied something else since; "
            "locking and quitting remove it at once. Some clipboard managers ignore the mark."
        ).format(CLEAR_SECONDS)
        items = "".join(
            f"<li>{item}</li>"
            for item in (
                e(lock_now), e(idle), f"{e(screen)} {e(lock_status)} {e(platform_note)}",
                e(resume),
            )
        )  # fmt: skip
        return (
            f"<h3>{e(self.tr('Keyboard shortcuts'))}</h3><table>{table}</table>"
            f"<h3>{e(self.tr('Locking'))}</h3><ul>{items}</ul>"
            f"<h3>{e(self.tr('Clipboard'))}</h3><p>{e(clipboard)}</p>"
        )
