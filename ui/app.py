"""The one window: welcome → (create) → unlock → workspace, and back to unlock on lock."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QToolTip,
)

from influence_desk.errors import WrongPassphrase
from influence_desk.vault.layout import display_name
from ui import geometry, recent
from ui.appsettings import AppSettings
from ui.clipboard import ClipboardGuard
from ui.scrub import scrub_widgets
from ui.sync_run import VaultCloser
from ui.syslock import SystemLockWatcher
from ui.tasks import Task, user_message
from ui.theme import apply_theme
from ui.unlock import UnlockPage
from ui.welcome import CreatePage, WelcomePage
from ui.widgets import make_action

if TYPE_CHECKING:
    from influence_desk.crypto import KdfParams
    from influence_desk.progress import CancelFlag
    from influence_desk.vault.unlocking import SlotAttempt
    from ui.session import Session
    from ui.workspace import Workspace


def idle_clock() -> float:
    """Seconds that keep counting while the computer sleeps (Linux: CLOCK_BOOTTIME), so a
    laptop that slept through its idle time is locked when it wakes."""
    boottime = getattr(time, "CLOCK_BOOTTIME", None)
    if boottime is not None:
        try:
            return time.clock_gettime(boottime)
        except OSError:
            pass
    return time.monotonic()


@dataclass
class AppOptions:
    """What tests and benches change: KDF cost, idle lock, clocks, buses, demo folder."""

    kdf: Callable[[], KdfParams | None] = lambda: None  # None: calibrate (settings' time)
    idle_lock_minutes: float | None = None  # None: the settings' idle time
    demo_dir: Path | None = None
    clock: Callable[[], float] = idle_clock
    watch_system_lock: bool = True
    system_bus: Any = None  # QDBusConnection; None: the real ones
    session_bus: Any = None
    extra: dict[str, Any] = field(default_factory=dict)


def open_session(
    path: Path,
    passphrase: str,
    on_attempt: Callable[[SlotAttempt], None] | None = None,
    cancel: CancelFlag | None = None,
) -> Session:
    """Runs in a worker: Argon2id (the slot last used here first), then the database."""
    from influence_desk.desk import Desk
    from influence_desk.local_settings import SlotMemory
    from influence_desk.vault.vault import Vault
    from ui.session import Session

    vault = Vault.open(
        path, passphrase, slot_memory=SlotMemory(), on_attempt=on_attempt, cancel=cancel
    )
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
    """Notes the time of every key press, click, wheel or touch anywhere in the application
    (modal dialogs included) and calls ``on_idle`` once ``minutes`` pass without one.

    Time comes from ``clock`` (tests pass a fake one); a timer only decides when to look
    again, at least every 30 s, so a clock that jumped (a suspend) is noticed soon."""

    _INPUT = frozenset(
        {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel,
         QEvent.Type.TouchBegin}
    )  # fmt: skip
    MAX_WAIT_S = 30.0

    def __init__(
        self,
        minutes: float,
        on_idle: Callable[[], None],
        parent: QObject,
        clock: Callable[[], float] = idle_clock,
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self.limit_s = max(0.05, minutes * 60)
        self.on_idle = on_idle
        self.active = False
        self.last_input = clock()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.check)

    def set_minutes(self, minutes: float) -> None:
        self.limit_s = max(0.05, minutes * 60)
        if self.active:
            self.check()

    def start(self) -> None:
        self.active = True
        self.last_input = self.clock()
        self._arm(self.limit_s)

    def stop(self) -> None:
        self.active = False
        self.timer.stop()

    def check(self) -> None:
        if not self.active:
            return
        idle = self.clock() - self.last_input
        if idle >= self.limit_s:
            self.stop()
            self.on_idle()
        else:
            self._arm(self.limit_s - idle)

    def _arm(self, seconds: float) -> None:
        self.timer.start(int(min(seconds, self.MAX_WAIT_S) * 1000) + 1)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.active and event.type() in self._INPUT:
            self.last_input = self.clock()
        return False


class LockKey(QObject):
    """Ctrl+L while a modal dialog is open: Qt blocks the window's own shortcut then, but a
    dialog must never keep the vault open, so the key press is caught on its way."""

    def __init__(self, on_lock: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self.on_lock = on_lock
        self.sequence = QKeySequence("Ctrl+L")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or QApplication.activeModalWidget() is None:
            return False
        combo = event.keyCombination()  # type: ignore[attr-defined]
        if QKeySequence(combo) == self.sequence:
            self.on_lock()
            return True
        return False


class AppWindow(QMainWindow):
    def __init__(self, options: AppOptions | None = None) -> None:
        super().__init__()
        self.options = options or AppOptions()
        self.setWindowTitle(self.tr("Influence Desk"))
        self.setObjectName("appWindow")
        self.settings = AppSettings.load()
        apply_theme(self.settings.theme)
        self.session: Session | None = None
        self.workspace: Workspace | None = None
        self._task: Task | None = None
        self._resume: tuple[Path, str] | None = None  # vault and note id to return to
        self.closer = VaultCloser()  # a locked vault closes after its sync on lock

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
        self.unlock_page.cancel_requested.connect(self._cancel_unlock)

        self.quit_action = make_action(
            self, self.tr("&Quit"), shortcut=QKeySequence.StandardKey.Quit, slot=self.close,
            tip=self.tr("Save, lock and quit"),
        )  # fmt: skip
        self.shortcuts_action = make_action(
            self, self.tr("&Keyboard shortcuts and protection"), shortcut="F1",
            slot=self.show_shortcuts,
        )  # fmt: skip
        self.settings_action = make_action(
            self, self.tr("Se&ttings…"), shortcut="Ctrl+,", slot=self.open_settings,
            tip=self.tr("Idle lock, language, key derivation, default export"),
        )  # fmt: skip
        self.about_action = make_action(self, self.tr("&About Influence Desk"), slot=self.about)
        self._build_menus()
        self.status_label = QLabel()
        self.status_label.setAccessibleName(self.tr("Status"))
        self.statusBar().addWidget(self.status_label, 1)

        minutes = self.options.idle_lock_minutes
        self.idle = IdleWatch(
            self.settings.idle_minutes if minutes is None else minutes, self._idle_lock, self,
            clock=self.options.clock,
        )  # fmt: skip
        app = QApplication.instance()
        self.lock_key = LockKey(lambda: self.lock() if self.session is not None else None, self)
        if app is not None:
            app.installEventFilter(self.idle)
            app.installEventFilter(self.lock_key)
        self.clipboard_guard = ClipboardGuard(self._copy_from_vault, self)
        self.system_lock = SystemLockWatcher(
            self, system_bus=self.options.system_bus, session_bus=self.options.session_bus
        )
        self.system_lock.lock_requested.connect(self._system_lock)
        if self.options.watch_system_lock:
            QTimer.singleShot(0, self.system_lock.start)  # after the first paint
        else:
            self.system_lock.status = self.tr("Not watched in this session.")
        self.show_welcome()
        self.placement = geometry.place_window(self)  # from the screen, or as last closed

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
        locked: bool = False,
    ) -> None:
        self.unlock_page.prepare(
            Path(path), demo_passphrase, note, demo_auditor_passphrase, locked=locked
        )
        self.stack.setCurrentWidget(self.unlock_page)
        self.setWindowTitle(
            self.tr("{} — Influence Desk").format(display_name(path))
        )

    # --- long work -----------------------------------------------------------------------

    def _start(self, job, on_done, on_error, on_progress=None) -> None:
        if self._task is not None and self._task.running and not self._task.abandoned:
            return  # an abandoned one (a cancelled unlock) finishes on its own, unheard
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

        trying: list[SlotAttempt] = []  # the worker appends; the GUI reads the last one

        def job(progress: Callable[[int, int], None], cancel: CancelFlag) -> Session:
            def attempt(now: SlotAttempt) -> None:
                trying.append(now)
                progress(now.number, now.total)

            self.closer.wait()  # the vault a sync on lock still holds
            return open_session(path, passphrase, attempt, cancel)

        def progressed(_number: int, _total: int) -> None:
            if trying:
                now = trying[-1]
                self.unlock_page.show_attempt(now.label, now.number, now.total)

        self._start(job, self._unlocked, failed, progressed)

    def _cancel_unlock(self) -> None:
        """The key derivation itself cannot be stopped: the worker stops before the next
        slot, and whatever it still delivers is dropped (an opened vault closed at once)."""
        if self._task is not None and self._task.running:
            self._task.abandon()
        self.unlock_page.show_cancelled()

    def _create(self, path: Path, label: str, passphrase: str, style: object) -> None:
        self.create_page.set_busy(
            self.tr("Measuring this computer and deriving the key (a few seconds)…")
        )
        kdf = self.kdf_params

        def job(_progress, _cancel) -> Session:
            from influence_desk.desk import Desk
            from influence_desk.local_settings import SlotMemory
            from influence_desk.model import PseudonymStyle
            from influence_desk.vault.vault import Vault
            from ui.session import Session

            vault = Vault.create(
                path, label=label, passphrase=passphrase,
                pseudonym_style=PseudonymStyle(str(style)), kdf=kdf(), slot_memory=SlotMemory(),
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

    def kdf_params(self) -> KdfParams:
        """Argon2id parameters for a new passphrase (runs in a worker: it may calibrate)."""
        from influence_desk import crypto

        return self.options.kdf() or crypto.calibrate(self.settings.kdf_seconds)

    def _unlocked(self, session: Session) -> None:
        from ui.workspace import Workspace

        self.session = session
        recent.remember(session.path)
        self.unlock_page.set_busy(False)
        self.unlock_page.passphrase.setText("")  # setText also forgets the undo history
        self.create_page.set_busy(None)
        for edit in (self.create_page.pass_edit, self.create_page.repeat_edit):
            edit.setText("")
        resume = self._resume if self._resume and self._resume[0] == session.path else None
        self._resume = None
        self.workspace = Workspace(session, self)
        self.workspace.lock_requested.connect(self.lock)
        self.workspace.close_requested.connect(self.close_vault)
        self.stack.addWidget(self.workspace)
        self.stack.setCurrentWidget(self.workspace)
        self._build_menus()
        self.setWindowTitle(self.tr("{} — Influence Desk").format(session.name))
        self.idle.start()
        self.system_lock.arm(True)
        self.workspace.start(resume_note=resume[1] if resume else None)

    def lock(self, reason: str = "") -> None:
        """Save what is being typed, close every dialog, drop the keys, forget what was on
        screen, and show the unlock screen. Only the open note's id is kept, to return to."""
        if self.session is None:
            return
        path = self.session.path
        note_id = self.workspace.current_note_id() if self.workspace is not None else None
        self._resume = (path, note_id) if note_id else None
        self._teardown()
        notes = {
            "idle": self.tr("Locked after a while without input."),
            "screen": self.tr("Locked because the screen locked."),
            "sleep": self.tr("Locked before the computer went to sleep."),
        }
        done = self.tr(
            "Your notes are saved; the keys are dropped and nothing is left on screen or on the "
            "clipboard."
        )
        why = notes.get(reason, self.tr("Locked."))
        self.show_unlock(path, note=f"{why} {done}", locked=True)

    def close_vault(self) -> None:
        self._resume = None
        self._teardown()
        self.show_welcome()

    def _idle_lock(self) -> None:
        if self.session is not None:
            self.lock("idle")

    def _system_lock(self, reason: str) -> None:
        if self.session is not None:
            self.lock(reason)

    def _close_transients(self) -> list[QDialog]:
        """Menus, tooltips and every dialog, modal or not: nothing may hold a lock open or
        keep note content on screen. Returns the dialogs, to be emptied too."""
        for _ in range(10):
            popup = QApplication.activePopupWidget()
            if popup is None:
                break
            popup.close()
        QToolTip.hideText()
        closed: list[QDialog] = []
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()
                widget.hide()
                closed.append(widget)
        return closed

    def _teardown(self) -> None:
        if self.session is None:
            return
        self.idle.stop()
        session, workspace = self.session, self.workspace
        final = None  # the sync on lock: in a worker, which then closes the vault
        if workspace is not None:
            workspace.stop_work()
            workspace.flush(timeout=30.0)  # what was typed is saved, even behind a worker
            final = workspace.sync_runner.final_job()
        dialogs = self._close_transients()
        if workspace is not None:
            workspace.teardown()
            scrub_widgets(workspace)
            self.stack.removeWidget(workspace)
            workspace.deleteLater()
        for dialog in dialogs:
            scrub_widgets(dialog)
        self.workspace = None
        self.session = None
        self.clipboard_guard.clear_now()
        self.closer.close(session, final)
        self.system_lock.arm(False)
        self._build_menus()
        self.status_label.clear()

    def _copy_from_vault(self) -> bool:
        """Did this clipboard change come from our window while a vault is open?"""
        if self.session is None:
            return False
        if QGuiApplication.clipboard().ownsClipboard():
            return True
        focus = QApplication.focusWidget()  # platforms that cannot say who owns it
        return focus is not None and (focus.window() is self or isinstance(focus.window(), QDialog))

    # --- menus -----------------------------------------------------------------------------

    def _build_menus(self) -> None:
        bar = self.menuBar()
        bar.clear()
        file_menu = bar.addMenu(self.tr("&File"))
        if self.workspace is not None:
            self.workspace.fill_menus(bar, file_menu)
            file_menu.addSeparator()
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self.about_action)

    def all_actions(self) -> list[Any]:
        actions = self.workspace.all_actions() if self.workspace else []
        return [*actions, self.settings_action, self.quit_action, self.shortcuts_action]

    def show_shortcuts(self) -> None:
        from ui.help import HelpDialog

        dialog = HelpDialog(
            self.all_actions(), idle_minutes=round(self.idle.limit_s / 60),
            lock_status=self.system_lock.status, parent=self,
        )  # fmt: skip
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def open_settings(self) -> None:
        from ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(
            self.settings, session=self.session, lock_status=self.system_lock.status, parent=self
        )
        dialog.accepted.connect(lambda: self.apply_settings(dialog.values()))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def apply_settings(self, new: AppSettings) -> None:
        from ui.i18n import apply_language

        language_changed = new.language != self.settings.language
        self.settings = new
        new.save()
        self.idle.set_minutes(new.idle_minutes)
        apply_theme(new.theme)  # at once, no restart
        if language_changed:
            apply_language(new.language)
            self.status_label.setText(
                self.tr("Language changed: restart Influence Desk to see every screen in it.")
            )

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
        sidebar = self.placement.sidebar if self.placement else True
        if self.workspace is not None:
            sidebar = self.workspace.sidebar_shown()
        geometry.remember_window(self, sidebar=sidebar)
        self._teardown()
        self.closer.finish()
        self.clipboard_guard.clear_now()
        self.clipboard_guard.detach()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.idle)
            app.removeEventFilter(self.lock_key)
        event.accept()
