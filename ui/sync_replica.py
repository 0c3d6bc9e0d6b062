"""The Sync tab's "Make a copy for another laptop…" (a lead's): the vault copied as a replica
with an id of its own (influence_desk.sync.replica, through ``Desk.make_replica``) into an
empty folder the lead chooses, in a worker with progress and Cancel; then one or two
sentences on what to hand over.

The copy goes *inside* the chosen folder, named like the vault (``team.idvault``), so the
folder handed over holds nothing else. Never inside the vault or its sync folder: a sync
tool would then carry a live database, which the whole design avoids.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from influence_desk.errors import Cancelled
from influence_desk.model import Role
from ui.tasks import Task, user_message
from ui.widgets import BusyRow, InlineMessage, heading, muted

if TYPE_CHECKING:
    from influence_desk.sync.replica import ReplicaMade
    from ui.session import Session


def _inside(path: Path, folder: Path | None) -> bool:
    if folder is None:
        return False
    path, folder = path.resolve(), folder.resolve()
    return path == folder or folder in path.parents


class ReplicaMaker(QWidget):
    """The button, its progress row with Cancel, and what to hand over."""

    made = Signal(str)  # the copy's folder: the history has a new entry
    status = Signal(str)  # what the status bar says

    def __init__(
        self,
        session: Session,
        *,
        sync_folder: Callable[[], Path | None],
        ready: Callable[[], bool],
        parent: QWidget | None = None,
    ) -> None:
        """``sync_folder``: this computer's sync folder (no copy goes there); ``ready``:
        what must hold first (the open note saved, no sync running)."""
        super().__init__(parent)
        self.setObjectName("replicaMaker")
        self.session = session
        self._sync_folder = sync_folder
        self._ready = ready
        self._task: Task | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(heading(self.tr("Another laptop"), 1.1))
        row = QHBoxLayout()
        self.make_button = QPushButton(self.tr("Make a copy for another &laptop…"))
        self.make_button.setObjectName("makeReplica")
        self.make_button.clicked.connect(lambda: self.make_copy())
        self.cancel_button = QPushButton(self.tr("Cancel copy"))
        self.cancel_button.setObjectName("cancelReplica")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        self.busy = BusyRow()
        self.explain = muted(self.tr(
            "A colleague who has access gets their own copy of this vault and syncs it "
            "through the same folder."))  # fmt: skip
        row.addWidget(self.make_button)
        row.addWidget(self.explain, 1)
        layout.addLayout(row)
        busy_row = QHBoxLayout()
        busy_row.addWidget(self.busy, 1)
        busy_row.addWidget(self.cancel_button)
        layout.addLayout(busy_row)
        self.message = InlineMessage()
        self.message.setObjectName("replicaMessage")
        layout.addWidget(self.message)
        self.update_state()

    @property
    def is_lead(self) -> bool:
        return self.session.role == Role.LEAD

    @property
    def running(self) -> bool:
        return self._task is not None and self._task.running

    def update_state(self, sync_running: bool = False) -> None:
        self.make_button.setEnabled(self.is_lead and not self.running and not sync_running)
        if self.session.role == Role.AUDITOR:
            tip = self.tr("An auditor's copy is read-only; only a lead makes copies.")
        elif not self.is_lead:
            tip = self.tr("Only a lead can make a copy for another laptop; ask your lead.")
        else:
            tip = self.tr("Copy this vault into an empty folder, for a colleague who has "
                          "access; they open it with their own passphrase.")  # fmt: skip
        self.make_button.setToolTip(tip)

    # --- making the copy -------------------------------------------------------------------

    def make_copy(self, folder: str | None = None) -> bool:
        """Into ``folder`` (asked for when None): False when nothing was started."""
        if not self.is_lead or self.running:
            return False
        if folder is None:
            folder = QFileDialog.getExistingDirectory(
                self, self.tr("Choose an empty folder for the copy"), str(Path.home())
            )
            if not folder:
                return False
        problem = self._problem(Path(folder))
        if problem:
            self.message.show_error(problem)
            return False
        if not self._ready():
            return False
        target = Path(folder) / self.session.name  # the core adds the vault folder's suffix
        session = self.session

        def job(progress: Callable[[int, int], None], cancel: Any) -> ReplicaMade:
            with session.worker() as desk:
                return desk.make_replica(target, progress=progress, cancel=cancel)

        self.message.clear()
        self.busy.start(self.tr("Copying the vault for another laptop…"))
        self.cancel_button.show()
        self._task = Task(job, on_done=self._done, on_error=self._failed,
                          on_progress=self.busy.progress).start()  # fmt: skip
        self.update_state()
        return True

    def _problem(self, folder: Path) -> str:
        if not folder.is_absolute():
            return self.tr("Choose the folder with its full path.")
        if not folder.is_dir():
            return self.tr("That folder does not exist; make it first.")
        if _inside(folder, self.session.path) or _inside(folder, self._sync_folder()):
            return self.tr("A copy cannot go inside the vault or its sync folder; choose a "
                           "folder elsewhere, such as a USB stick.")  # fmt: skip
        if any(folder.iterdir()):
            return self.tr("That folder is not empty; choose an empty one, so the copy is "
                           "all it holds.")  # fmt: skip
        return ""

    def cancel(self) -> None:
        if self.running and self._task is not None:
            self._task.cancel.cancel()

    def _stopped(self) -> None:
        self.busy.stop()
        self.cancel_button.hide()
        self.update_state()

    def _done(self, made: ReplicaMade) -> None:
        self._stopped()
        self.message.show_info(self.tr(
            "The copy is ready in {}. Hand that folder to your colleague (on a USB stick, "
            "say); they open it in Influence Desk with their own passphrase and choose the "
            "same sync folder.").format(made.path))  # fmt: skip
        self.status.emit(self.tr("Copy for another laptop made."))
        self.made.emit(str(made.path))

    def _failed(self, exc: BaseException) -> None:
        self._stopped()
        sentence = (
            self.tr("Cancelled; no copy was made.") if isinstance(exc, Cancelled)
            else user_message(exc)
        )  # fmt: skip
        self.message.show_error(sentence)
        self.status.emit(sentence)

    # --- locking -----------------------------------------------------------------------------

    def stop(self) -> None:
        if self.running and self._task is not None:
            self._task.abandon()
        self._stopped()

    def teardown(self) -> None:
        self.stop()
        self.message.clear()
