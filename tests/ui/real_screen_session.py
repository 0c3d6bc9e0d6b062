"""Run by tests/ui/test_small_screens.py in a process of its own, whose offscreen platform has
one real 1024x600 screen (a platform config file): the window and its dialogs (help,
settings, export, register source) open on it, in English and in German, without any
stand-in for the screen's geometry. Prints one line per problem."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QDialog, QWidget


def _wait(app: QApplication, condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the app did not get there in time")
        app.processEvents()
        time.sleep(0.01)
    for _ in range(20):
        app.processEvents()


def main() -> int:
    app = QApplication(sys.argv[:1])
    from uihelpers import PASSPHRASE, make_vault

    from influence_desk import crypto
    from ui.app import AppOptions, AppWindow
    from ui.i18n import apply_language

    screen = app.primaryScreen().availableGeometry()
    problems = [] if screen.size().toTuple() == (1024, 600) else [f"screen is {screen}"]
    vault = make_vault(Path(tempfile.mkdtemp()))
    for language in ("en", "de"):
        apply_language(language)
        win = AppWindow(
            AppOptions(kdf=crypto.floor_params, idle_lock_minutes=60, watch_system_lock=False)
        )
        win.show()
        win.show_unlock(vault.path)
        win.unlock_page.passphrase.setText(PASSPHRASE)
        win.unlock_page.unlock_button.click()
        _wait(app, lambda w=win: w.workspace is not None and w.workspace.notes.list_ready())
        ws = win.workspace
        assert ws is not None
        ws.notes.filters.toggle.setChecked(True)  # the filter form open must not widen it
        _wait(app, lambda: True)
        if not screen.contains(win.frameGeometry()):
            problems.append(f"{language}: window {win.frameGeometry()} not on {screen}")
        widgets: list[QWidget] = [ws.search_edit, ws.lock_button, ws.editor, ws.table,
                                  win.statusBar()]  # fmt: skip
        for widget in widgets:
            rect = QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())
            if not widget.isVisible() or not screen.contains(rect):
                problems.append(f"{language}: {type(widget).__name__} at {rect}")
        ws.view_actions[6].trigger()  # the Sync tab: its buttons on screen, conflicts too
        sync = ws.sync_page
        _wait(app, lambda s=sync: not s.loading)
        for widget in (sync.replica.make_button, sync.sync_button, sync.keep_mine):
            rect = QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())
            if not widget.isVisible() or not screen.contains(rect):
                problems.append(f"{language}: Sync tab {type(widget).__name__} at {rect}")
        ws.view_actions[0].trigger()
        openers = {
            "help": win.shortcuts_action,
            "settings": win.settings_action,
            "export": ws.export_action,
            "register source": ws.sources_page.add_action,
            "note history": ws.notes.note_history_action,
            "trash": ws.notes.trash_action,
        }
        for name, action in openers.items():  # the dialogs fit too
            action.trigger()
            _wait(app, lambda: True)
            for dialog in QApplication.topLevelWidgets():
                if isinstance(dialog, QDialog) and dialog.isVisible():
                    if not screen.contains(dialog.frameGeometry()):
                        problems.append(f"{language}: {name} at {dialog.frameGeometry()}")
                    dialog.reject()
            _wait(app, lambda: True)
        win.close()
    print("\n".join(problems) or "fits")
    return 0


if __name__ == "__main__":
    sys.exit(main())
