"""The ``influence-desk`` command and the desktop app's start: arguments, QApplication,
error dialog, then the window.

``console()`` is the installed command: a CLI command goes to the core's CLI
(influence_desk.cli, no Qt); no command, ``--demo`` or a vault path starts the app. The
choice is made here, on top, so the core never imports the app. main.py at the top of the
repository is a thin launcher over ``main()`` for a checkout.

Kept small so the first window appears fast: Qt and the core's heavy parts (cryptography,
the database, detection) load when they are first needed, mostly in worker threads.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
from types import TracebackType
from typing import Any


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="influence-desk",
        description="Encrypted, pseudonymising field notes (desktop app).",
    )
    parser.add_argument("--demo", action="store_true", help="open a fresh demo vault")
    parser.add_argument("--gui", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("vault", nargs="?", help="a vault folder to unlock")
    args, _qt_args = parser.parse_known_args(argv)
    return args


_showing_error = False


def _excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """Any error that escapes: one calm sentence in a dialog, never a traceback or content."""
    global _showing_error
    from ui.tasks import report_bug, user_message

    exc.__traceback__ = tb
    from influence_desk.errors import InfluenceDeskError

    if not isinstance(exc, InfluenceDeskError):
        report_bug(exc)
    if isinstance(exc, KeyboardInterrupt):
        sys.__excepthook__(kind, exc, None)
        return
    if _showing_error:
        return
    from PySide6.QtWidgets import QApplication, QMessageBox

    if QApplication.instance() is None:
        print(f"influence-desk: {user_message(exc)}", file=sys.stderr)
        return
    _showing_error = True
    try:
        box = QMessageBox()
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(QApplication.translate("main", "Influence Desk"))
        box.setText(user_message(exc))
        box.setInformativeText(
            QApplication.translate(
                "main", "Your vault is safe: every saved change is on disk. You can carry on."
            )
        )
        box.exec()
    finally:
        _showing_error = False


def _thread_excepthook(args: Any) -> None:
    from ui.tasks import report_bug

    if args.exc_value is not None:
        report_bug(args.exc_value)


def _install_translations(app: Any) -> None:
    """The language chosen in the settings (or the system's): our catalogue and Qt's own."""
    from ui.appsettings import AppSettings
    from ui.i18n import apply_language

    apply_language(AppSettings.load().language)


def make_app() -> Any:
    """The QApplication with our names, translations and error dialog (once per process)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    import ui  # noqa: F401 - first: it works around a PySide6 reference-count bug

    existing = QApplication.instance()
    if existing is not None:
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication([sys.argv[0] if sys.argv else "influence-desk"])
    app.setApplicationName("influence-desk")
    app.setApplicationDisplayName("Influence Desk")
    app.setOrganizationName("influence-desk")
    app.setDesktopFileName("influence-desk")
    _install_translations(app)
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook
    return app


def main(argv: list[str] | None = None) -> int:
    from influence_desk.hardening import harden_process

    harden_process()  # first: no core dump may ever hold the keys or the names
    args = _parse(list(sys.argv[1:] if argv is None else argv))
    from PySide6.QtCore import QEvent, QObject

    app = make_app()

    from ui.app import AppWindow

    window = AppWindow()  # sized from the screen, or as it was last closed

    if os.environ.get("INFLUENCE_DESK_BENCH_FIRST_WINDOW"):
        # bench/app_start.py: report the first paint of the window, then quit.
        class FirstPaint(QObject):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:
                if event.type() in (QEvent.Type.Paint, QEvent.Type.Expose):
                    print("first-window", flush=True)
                    app.removeEventFilter(self)
                    from PySide6.QtCore import QTimer

                    QTimer.singleShot(0, app.quit)
                return False

        watcher = FirstPaint(app)
        app.installEventFilter(watcher)

    window.show()
    if args.demo:
        window.start_demo()
    elif args.vault:
        from ui.recent import vault_folder

        window.show_unlock(vault_folder(args.vault))
    code = app.exec()
    window.close()
    return int(code)


def _starts_the_app(args: list[str]) -> bool:
    """No command, ``--demo``/``--gui``, or a vault where a command would be."""
    if not args or args[0].startswith("--demo") or args == ["--gui"]:
        return True
    first = args[0]
    if first.startswith("-"):
        return False  # --help, --version: the CLI's
    from influence_desk.vault.layout import is_vault_name

    if "/" in first or is_vault_name(first):
        return True  # a path is never a command; the app says if no vault is there
    from influence_desk.cli import command_names

    if first in command_names():
        return False
    from ui.recent import vault_folder

    return vault_folder(first).is_dir()


def console() -> None:
    """The installed ``influence-desk`` command."""
    from influence_desk.hardening import harden_process

    harden_process()  # before anything else runs, app or CLI
    args = sys.argv[1:]
    if _starts_the_app(args):
        sys.exit(main(args))
    from influence_desk.cli import main as cli_main

    cli_main(args)
