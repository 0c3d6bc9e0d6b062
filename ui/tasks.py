"""Long work off the GUI thread: a QRunnable per job, results relayed back as queued signals.

A worker never touches a widget. It runs a plain function that receives a progress callback
and a cancel flag (the same ones the core's long operations take); the result, the error or
the progress is delivered to callbacks that run on the GUI thread.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

from influence_desk.errors import InfluenceDeskError
from influence_desk.progress import CancelFlag

Job = Callable[[Callable[[int, int], None], CancelFlag], Any]


def user_message(exc: BaseException) -> str:
    """One plain sentence for the user. Never a traceback, never note content: the core's
    named errors are written to be shown; anything else is a bug and gets a generic line."""
    if isinstance(exc, InfluenceDeskError):
        return exc.message
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate(
        "tasks", "Something went wrong inside Influence Desk; nothing was lost. Try again."
    )


def report_bug(exc: BaseException) -> None:
    """For developers: where it happened, on stderr, without the message (it may hold content)."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = " <- ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno}" for f in reversed(frames))
    print(f"influence-desk: unexpected {type(exc).__name__} at {where}", file=sys.stderr)


class _Relay(QObject):
    """Lives on the GUI thread; the worker's signals reach it through queued connections."""

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, task: Task) -> None:
        super().__init__()
        self._task = task
        self.progressed.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self.succeeded.connect(self._on_done, Qt.ConnectionType.QueuedConnection)
        self.failed.connect(self._on_error, Qt.ConnectionType.QueuedConnection)

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        if self._task.on_progress is not None and not self._task.abandoned:
            self._task.on_progress(done, total)

    @Slot(object)
    def _on_done(self, result: object) -> None:
        self._task.finish()
        if self._task.abandoned:
            if self._task.on_discard is not None:
                self._task.on_discard(result)
        elif self._task.on_done is not None:
            self._task.on_done(result)

    @Slot(object)
    def _on_error(self, exc: object) -> None:
        self._task.finish()
        if self._task.abandoned:
            return
        assert isinstance(exc, BaseException)
        if not isinstance(exc, InfluenceDeskError):
            report_bug(exc)
        if self._task.on_error is not None:
            self._task.on_error(exc)


class _Runnable(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._task = task

    def run(self) -> None:
        relay = self._task.relay
        try:
            result = self._task.job(relay.progressed.emit, self._task.cancel)
        except BaseException as exc:
            relay.failed.emit(exc)
        else:
            relay.succeeded.emit(result)


_running: set[Task] = set()


class Task:
    """One job on the global thread pool. Keep a reference, or don't: running tasks are held."""

    def __init__(
        self,
        job: Job,
        *,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int], None] | None = None,
        on_discard: Callable[[Any], None] | None = None,
    ) -> None:
        self.job = job
        self.on_discard = on_discard  # gets a result nobody wants any more (e.g. a Vault)
        self.on_done = on_done
        self.on_error = on_error
        self.on_progress = on_progress
        self.cancel = CancelFlag()
        self.abandoned = False
        self.running = False
        self.relay = _Relay(self)

    def start(self) -> Task:
        self.running = True
        _running.add(self)
        QThreadPool.globalInstance().start(_Runnable(self))
        return self

    def abandon(self) -> None:
        """Ask the job to stop and drop whatever it delivers (e.g. the window is locking)."""
        self.abandoned = True
        self.cancel.cancel()

    def finish(self) -> None:
        self.running = False
        _running.discard(self)


def run_task(
    job: Job,
    *,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> Task:
    return Task(job, on_done=on_done, on_error=on_error, on_progress=on_progress).start()


def running_tasks() -> int:
    return len(_running)
