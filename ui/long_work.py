"""Long work started from a page (registering a source, importing notes): one job at a time,
in a worker, behind a window-modal progress dialog with Cancel."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from ui.tasks import Task, user_message


class LongWork(QObject):
    failed = Signal(str)  # one sentence, for the status bar

    def __init__(self, parent: QWidget, before: Callable[[], bool]) -> None:
        """``before``: what must hold first (the open note saved); False stops the work."""
        super().__init__(parent)
        self._parent = parent
        self._before = before
        self._task: Task | None = None

    def run(self, text: str, job: Callable[..., Any], on_done: Callable[[Any], None]) -> None:
        if not self._before():
            return
        dialog = QProgressDialog(text, self.tr("Cancel"), 0, 0, self._parent)
        dialog.setWindowTitle(self.tr("Working"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)

        def progress(done: int, total: int) -> None:
            if total > 0:
                dialog.setMaximum(total)
                dialog.setValue(done)

        def finished(result: Any) -> None:
            dialog.close()
            dialog.deleteLater()
            on_done(result)

        def failed(exc: BaseException) -> None:
            dialog.close()
            dialog.deleteLater()
            self.failed.emit(user_message(exc))
            QMessageBox.warning(self._parent, self.tr("Not done"), user_message(exc))

        task = Task(job, on_done=finished, on_error=failed, on_progress=progress)
        dialog.canceled.connect(task.cancel.cancel)
        self._task = task.start()

    def running(self) -> bool:
        return self._task is not None and self._task.running

    def abandon(self) -> None:
        if self._task is not None and self._task.running:
            self._task.abandon()
