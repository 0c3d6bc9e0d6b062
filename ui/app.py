"""The one window: welcome → (create) → unlock → workspace, and back to unlock on lock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox, QStackedWidget

from influence_desk.errors import WrongPassphrase
from ui import recent
from ui.tasks import Task, user_message
from ui.unlock import UnlockPage
from ui.welcome import CreatePage, WelcomePage
from ui.widgets import make_action

if TYPE_CHECKING:
    from influence_desk.crypto import KdfParams
    from ui.session import Session
    from ui.workspace import Workspace


@dataclass
class AppOptions:
    """What tests and benches change: KDF cost, idle lock, where demo vaults go."""

    kdf: Callable[[], KdfParams | None] = lambda: None  # None: calibrate to about 1 s
    idle_lock_minutes: float = 5.0
    demo_dir: Path | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def open_session(path: Path, passphrase: str) -> Session:
    """Runs in a worker: Argon2id, then the database; returns the unlocked session."""
    from influence_desk.desk import Desk
    from influence_desk.vault.vault import Vault
    from ui.session import Session

    vault = Vault.open(path, passphrase)
    try:
        return Session(vault, Desk(vault))
    except BaseException:
        vault.close()
        raise


def _close_session(result: object) -> None:
    close = getattr(result, "close", None)
    if callable(close):
        close()


class IdleWatch(QObject):
    """Restarts a timer on every key press, click or wheel anywhere in the application."""

    _INPUT = frozenset(
        {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel,
         QEvent.Type.TouchBegin}
    )  # fmt: skip

    def __init__(self, minutes: float, on_idle: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(max(1, int(minutes * 60_000)))
        self.timer.timeout.connect(on_idle)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.timer.isActive() and event.type() in self._INPUT:
            self.timer.start()
        return False


class AppWindow(QMainWindow):
    def __init__(self, options: AppOptions | None = None) -> None:
        super().__init__()
        self.options = options or AppOptions()
        self.setWindowTitle(self.tr("Influence Desk"))
        self.setObjectName("appWindow")
        self.session: Session | None = None
        self.workspace: Workspace | None = None
        self._task: Task | None = None
        self._locking = False

        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.welcome = WelcomePage()
        self.create_page = CreatePage()
        self.unlock_page = UnlockPage()
        for page in (self.welcome, self.create_page, self.unlock_page):
            self.stack.addWidget(page)
        self.welcome.open_requested.connect(lambda p: self.show_unlock(p))
        self.welcome.create_requested.connect(self.show_create)
        self.welcome.demo_requested.connect(self.start_demo)
        self.create_page.back_requested.connect(self.show_welcome)
        self.create_page.create_requested.connect(self._create)
        self.unlock_page.unlock_requested.connect(self._unlock)
        self.unlock_page.back_requested.connect(self.show_welcome)

        self.quit_action = make_action(
            self, self.tr("&Quit"), shortcut=QKeySequence.StandardKey.Quit, slot=self.close,
            tip=self.tr("Save, lock and quit"),
        )  # fmt: skip
        self.shortcuts_action = make_action(
            self, self.tr("&Keyboard shortcuts"), shortcut="F1", slot=self.show_shortcuts
        )
        self.about_action = make_action(self, self.tr("&About Influence Desk"), slot=self.about)
        self._build_menus()
        self.status_label = QLabel()
        self.statusBar().addWidget(self.status_label, 1)

        self.idle = IdleWatch(self.options.idle_lock_minutes, self._idle_lock, self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle)
        self.show_welcome()

    # --- pages ---------------------------------------------------------------------------

    def show_welcome(self) -> None:
        self.welcome.refresh()
        self.welcome.set_busy(None)
        self.stack.setCurrentWidget(self.welcome)
        self.setWindowTitle(self.tr("Influence Desk"))

    def show_create(self) -> None:
        self.create_page.reset()
        self.stack.setCurrentWidget(self.create_page)

    def show_unlock(
        self,
        path: Path,
        demo_passphrase: str | None = None,
        note: str = "",
        demo_auditor_passphrase: str | None = None,
    ) -> None:
        self.unlock_page.prepare(Path(path), demo_passphrase, note, demo_auditor_passphrase)
        self.stack.setCurrentWidget(self.unlock_page)
        self.setWindowTitle(
            self.tr("{} — Influence Desk").format(Path(path).name.removesuffix(".idvault"))
        )

    # --- long work -----------------------------------------------------------------------

    def _start(self, job, on_done, on_error, on_progress=None) -> None:
        if self._task is not None and self._task.running:
            return
        self._task = Task(
            job, on_done=on_done, on_error=on_error, on_progress=on_progress,
            on_discard=_close_session,
        ).start()  # fmt: skip

    def _unlock(self, path: Path, passphrase: str) -> None:
        self.unlock_page.set_busy(True)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, WrongPassphrase):
                self.unlock_page.show_error(
                    self.tr("That passphrase does not open this vault. Check the keyboard "
                            "layout and Caps Lock, and try again.")
                )  # fmt: skip
            else:
                self.unlock_page.show_error(user_message(exc))

        self._start(lambda _p, _c: open_session(path, passphrase), self._unlocked, failed)

    def _create(self, path: Path, label: str, passphrase: str, style: object) -> None:
        self.create_page.set_busy(
            self.tr("Measuring this computer and deriving the key (a few seconds)…")
        )
        kdf = self.options.kdf

        def job(_progress, _cancel) -> Session:
            from influence_desk.desk import Desk
            from influence_desk.model import PseudonymStyle
            from influence_desk.vault.vault import Vault
            from ui.session import Session

            vault = Vault.create(
                path, label=label, passphrase=passphrase,
                pseudonym_style=PseudonymStyle(str(style)), kdf=kdf(),
            )  # fmt: skip
            try:
                return Session(vault, Desk(vault))
            except BaseException:
                vault.close()
                raise

        self._start(job, self._unlocked, lambda e: self.create_page.show_error(user_message(e)))

    def start_demo(self) -> None:
        """A fresh demo vault in the app's data folder, then its unlock screen."""
        self.stack.setCurrentWidget(self.welcome)
        self.welcome.set_busy(self.tr("Building the demo vault…"))
        folder = self.options.demo_dir or recent.data_dir()

        def job(progress, cancel) -> tuple[Path, str]:
            from influence_desk.demo import create_demo_vault

            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            return create_demo_vault(folder, progress=progress, cancel=cancel)

        def done(result: tuple[Path, str]) -> None:
            from influence_desk.demo import DEMO_AUDITOR_PASSPHRASE

            self.welcome.set_busy(None)
            path, passphrase = result
            self.show_unlock(path, passphrase, demo_auditor_passphrase=DEMO_AUDITOR_PASSPHRASE)

        def failed(exc: BaseException) -> None:
            self.welcome.set_busy(None)
            self.welcome.message.show_error(user_message(exc))

        self._start(job, done, failed, self.welcome.busy.progress)

    # --- the workspace ---------------------------------------------------------------------

    def _unlocked(self, session: Session) -> None:
        from ui.workspace import Workspace

        self.session = session
        recent.remember(session.path)
        self.unlock_page.set_busy(False)
        self.create_page.set_busy(None)
        self.workspace = Workspace(session, self)
        self.workspace.lock_requested.connect(self.lock)
        self.workspace.close_requested.connect(self.close_vault)
        self.stack.addWidget(self.workspace)
        self.stack.setCurrentWidget(self.workspace)
        self._build_menus()
        self.setWindowTitle(self.tr("{} — Influence Desk").format(session.name))
        self.idle.timer.start()
        self.workspace.start()

    def lock(self) -> None:
        """Save what is being typed, drop the keys, show the unlock screen again."""
        path = self.session.path if self.session else None
        self._teardown()
        if path is None:
            self.show_welcome()
        else:
            self.show_unlock(path, note=self.tr("Locked. Your notes are saved."))

    def close_vault(self) -> None:
        self._teardown()
        self.show_welcome()

    def _idle_lock(self) -> None:
        if self.session is not None:
            self.lock()

    def _teardown(self) -> None:
        if self.session is None:
            return
        self.idle.timer.stop()
        session, workspace = self.session, self.workspace
        if workspace is not None:
            workspace.flush()
            workspace.teardown()
            self.stack.removeWidget(workspace)
            workspace.deleteLater()
        self.workspace = None
        self.session = None
        session.close()
        self._build_menus()
        self.status_label.clear()

    # --- menus -----------------------------------------------------------------------------

    def _build_menus(self) -> None:
        bar = self.menuBar()
        bar.clear()
        file_menu = bar.addMenu(self.tr("&File"))
        if self.workspace is not None:
            self.workspace.fill_menus(bar, file_menu)
            file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self.about_action)

    def show_shortcuts(self) -> None:
        rows: list[tuple[str, str]] = []
        actions = self.workspace.all_actions() if self.workspace else []
        for action in [*actions, self.quit_action, self.shortcuts_action]:
            seq = action.shortcut()
            if not seq.isEmpty():
                rows.append(
                    (action.text().replace("&", ""),
                     seq.toString(QKeySequence.SequenceFormat.NativeText))
                )  # fmt: skip
        html = "".join(f"<tr><td>{a}</td><td>&nbsp;&nbsp;<b>{k}</b></td></tr>" for a, k in rows)
        box = QMessageBox(self)
        box.setWindowTitle(self.tr("Keyboard shortcuts"))
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(f"<table>{html}</table>")
        box.open()

    def about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Influence Desk"),
            self.tr(
                "<b>Influence Desk</b><br>Encrypted, pseudonymising field notes for research "
                "on the political-data industry. Offline; your notes never leave this "
                "computer unless you export them."
            ),
        )

    # --- closing ---------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._task is not None and self._task.running:
            self._task.abandon()
        self._teardown()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.idle)
        event.accept()
