"""Syncing the open vault with its sync folder, always in a worker (the Sync panel's and the
automatic triggers'): one sync at a time, never beside another long write, errors as one
sentence (no dialog: an automatic sync that fails every ten minutes must not flood the
screen with them).

The folder and the switches are this computer's (``influence_desk.sync_settings``, by vault
id); so is the time of the last sync. The result of the last sync (what came in) is kept
only while the vault is unlocked. On lock ``final_job`` gives the window a job that syncs
once more and closes the vault in the worker, so the screen is cleared at once and the keys
go when the sync has finished or been cancelled (ui/app.py gives it a deadline).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from influence_desk.errors import Cancelled
from influence_desk.sync_settings import (
    SyncFolderMemory,
    SyncFolderSettings,
    SyncTrigger,
    check_sync_folder,
)
from ui.tasks import Task, user_message

if TYPE_CHECKING:
    from influence_desk.sync.run import SyncResult
    from ui.session import Session

TIMER_CHECK_MS = 60_000  # how often the timer looks whether a periodic sync is due
LOCK_SYNC_DEADLINE_S = 20.0  # a sync on lock is cancelled after this (between bundles)

FinalJob = Callable[[Callable[[int, int], None], Any], None]


def now_utc() -> datetime:
    return datetime.now(UTC)


class SyncRunner(QObject):
    started = Signal()
    progressed = Signal(int, int)
    finished = Signal(object)  # SyncResult
    failed = Signal(str)  # one sentence

    def __init__(
        self,
        session: Session,
        *,
        busy: Callable[[], bool] = lambda: False,
        before: Callable[[], bool] = lambda: True,
        memory: SyncFolderMemory | None = None,
        clock: Callable[[], datetime] = now_utc,
        parent: QObject | None = None,
    ) -> None:
        """``busy``: another long write runs (an automatic sync then waits for the next
        occasion); ``before``: what must hold first (the open note saved)."""
        super().__init__(parent)
        self.session = session
        self._busy = busy
        self._before = before
        self.memory = memory or SyncFolderMemory()
        self.clock = clock
        self.task: Task | None = None
        self.last_result: SyncResult | None = None
        self.last_error = ""
        self.runs = 0  # syncs started in this session (tests, the panel)
        self.timer = QTimer(self)
        self.timer.setInterval(TIMER_CHECK_MS)
        self.timer.timeout.connect(lambda: self.auto(SyncTrigger.TIMER))

    # --- settings ------------------------------------------------------------------------

    @property
    def allowed(self) -> bool:
        """Auditors' copies are read-only and never sync."""
        return self.session.can_write

    def settings(self) -> SyncFolderSettings:
        return self.memory.get(self.session.vault_id)

    def save_settings(self, settings: SyncFolderSettings) -> None:
        self.memory.set(self.session.vault_id, settings)

    def choose_folder(self, folder: Path) -> Path:
        """The folder checked as the core checks it (BadInput with its sentence), saved."""
        checked = check_sync_folder(folder, self.session.path)
        self.save_settings(replace(self.settings(), folder=checked))
        return checked

    def last_sync(self) -> datetime | None:
        return self.memory.last_sync(self.session.vault_id)

    # --- running -------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.task is not None and self.task.running

    def start(self) -> None:
        """Right after unlock: the timer, and the sync on unlock if it is wanted."""
        if not self.allowed:
            return
        self.timer.start()
        self.auto(SyncTrigger.UNLOCK)

    def auto(self, trigger: SyncTrigger) -> bool:
        """An automatic sync, if the settings say it is due and nothing else writes."""
        if not self.allowed or self.running or self._busy():
            return False
        if not self.settings().due(trigger, self.last_sync(), self.clock()):
            return False
        return self.sync_now()

    def sync_now(self) -> bool:
        if not self.allowed or self.running:
            return False
        folder = self.settings().folder
        if folder is None:
            self._failed_with(self.tr("Choose a sync folder first."))
            return False
        if self._busy():
            self._failed_with(self.tr("Another long task is running; sync when it is done."))
            return False
        if not self._before():
            return False
        session = self.session

        def job(progress: Callable[[int, int], None], cancel: Any) -> SyncResult:
            with session.worker() as desk:
                return desk.sync(folder, progress=progress, cancel=cancel)

        self.runs += 1
        self.task = Task(job, on_done=self._done, on_error=self._error,
                         on_progress=self.progressed.emit)  # fmt: skip
        self.task.start()
        self.started.emit()
        return True

    def ready_for_other_work(self) -> bool:
        """No sync running and the open note saved (before a copy for another laptop)."""
        if self.running:
            self._failed_with(self.tr("A sync is running; try again when it is done."))
            return False
        return self._before()

    def cancel(self) -> None:
        if self.running and self.task is not None:
            self.task.cancel.cancel()

    def _done(self, result: SyncResult) -> None:
        self.last_result = result
        self.last_error = ""
        self.memory.record_sync(self.session.vault_id, self.clock())
        self.finished.emit(result)

    def _error(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            self._failed_with(self.tr("Sync cancelled; what was applied before stays applied."))
        else:
            self._failed_with(user_message(exc))

    def _failed_with(self, sentence: str) -> None:
        self.last_error = sentence
        self.failed.emit(sentence)

    # --- locking -------------------------------------------------------------------------

    def stop(self) -> None:
        """Before a lock: no more timer; a sync running is asked to stop, its result dropped."""
        self.timer.stop()
        if self.task is not None and self.task.running:
            self.task.abandon()

    def final_job(self) -> FinalJob | None:
        """The sync on lock, as a job for the worker that then closes the vault; None when
        no sync is due on lock (the window closes the vault itself)."""
        if not self.allowed:
            return None
        settings = self.settings()
        if not settings.due(SyncTrigger.LOCK, self.last_sync(), self.clock()):
            return None
        folder = settings.folder
        assert folder is not None
        session, memory, clock = self.session, self.memory, self.clock

        def job(progress: Callable[[int, int], None], cancel: Any) -> None:
            try:
                with contextlib.suppress(Exception):  # locking goes on; the next sync retries
                    with session.worker() as desk:
                        desk.sync(folder, progress=progress, cancel=cancel)
                    memory.record_sync(session.vault_id, clock())
            finally:
                session.close()

        return job

    def forget(self) -> None:
        self.stop()
        self.last_result = None
        self.last_error = ""


class VaultCloser:
    """Closes a locked session's vault: at once, or after the sync on lock, in a worker.
    That sync is cancelled after ``deadline_s``; an unlock waits for the close (the vault's
    lock is still held until then), and quitting waits for it."""

    def __init__(self, deadline_s: float = LOCK_SYNC_DEADLINE_S) -> None:
        self.deadline_s = deadline_s
        self._closed = threading.Event()
        self._closed.set()
        self._task: Task | None = None

    def close(self, session: Session, final_job: FinalJob | None) -> None:
        if final_job is None:
            session.close()
            return
        closed = self._closed = threading.Event()

        def job(progress: Callable[[int, int], None], cancel: Any) -> None:
            try:
                final_job(progress, cancel)
            finally:
                closed.set()

        task = self._task = Task(job).start()
        QTimer.singleShot(int(self.deadline_s * 1000), task.cancel.cancel)

    @property
    def closing(self) -> bool:
        return not self._closed.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Until the last locked vault is closed (a worker may wait; the GUI only briefly)."""
        return self._closed.wait(timeout)

    def finish(self) -> None:
        """Quitting: let the sync on lock end within its deadline, then cancel it."""
        if self.closing and not self.wait(self.deadline_s) and self._task is not None:
            self._task.cancel.cancel()
            self.wait(5.0)
