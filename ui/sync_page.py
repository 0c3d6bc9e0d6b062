"""The Sync tab: this computer's sync folder for the vault, Sync now (in a worker, with
progress and Cancel), what the last sync brought in, and the conflicts to resolve.

Syncing itself is ui/sync_run.py's (the automatic triggers use the same runner). Conflicts
are read in a worker (they are read from the whole history); resolving one is one signed
entry, a short write. An auditor's copy shows the panel greyed out with the reason.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.history_view import local_time
from ui.sync_model import ConflictModel, ConflictRow
from ui.sync_replica import ReplicaMaker
from ui.sync_run import SyncRunner
from ui.tasks import Task, user_message
from ui.widgets import BusyRow, ElidedLabel, InlineMessage, heading, muted, record_table

if TYPE_CHECKING:
    from influence_desk.sync.run import SyncResult
    from ui.session import Session


TEXT_FIELDS = ("title", "summary", "body")  # the fields whose two texts can both be kept


class SyncPage(QWidget):
    """The "Sync" tab."""

    changed = Signal()  # notes came in or a conflict was resolved: the other pages reread
    status = Signal(str)  # what the status bar says

    def __init__(self, session: Session, runner: SyncRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("syncPage")
        self.session = session
        self.runner = runner
        self._task: Task | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(6)
        layout.addWidget(heading(self.tr("Sync with the team"), 1.25))
        self.explain = muted(self.tr(
            "Your changes go to the sync folder as encrypted bundles and everyone else's come "
            "in from it. Point Syncthing, a shared drive or a USB stick at that folder; never "
            "at the vault itself."))  # fmt: skip
        layout.addWidget(self.explain)
        self.reason = InlineMessage()
        self.reason.setObjectName("syncReadOnly")
        layout.addWidget(self.reason)

        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        grid = QGridLayout()
        self.folder_label = ElidedLabel()
        self.folder_label.setObjectName("syncFolder")
        self.choose_button = QPushButton(self.tr("C&hoose folder…"))
        self.choose_button.setObjectName("chooseSyncFolder")
        self.choose_button.clicked.connect(self.choose_folder)
        grid.addWidget(QLabel(self.tr("Sync folder:")), 0, 0)
        grid.addWidget(self.folder_label, 0, 1)
        grid.addWidget(self.choose_button, 0, 2)
        self.last_label = muted()
        self.last_label.setObjectName("lastSync")
        grid.addWidget(QLabel(self.tr("Last sync:")), 1, 0)
        grid.addWidget(self.last_label, 1, 1, 1, 2)
        grid.setColumnStretch(1, 1)
        body.addLayout(grid)

        row = QHBoxLayout()
        self.sync_button = QPushButton(self.tr("S&ync now"))
        self.sync_button.setObjectName("syncNow")
        self.sync_button.setDefault(False)
        self.sync_button.clicked.connect(self.sync_now)
        self.cancel_button = QPushButton(self.tr("Cancel sync"))
        self.cancel_button.setObjectName("cancelSync")
        self.cancel_button.clicked.connect(runner.cancel)
        self.cancel_button.hide()
        self.busy = BusyRow()
        row.addWidget(self.sync_button)
        row.addWidget(self.busy, 1)
        row.addWidget(self.cancel_button)
        row.addStretch(0)
        body.addLayout(row)
        self.outcome = muted()
        self.outcome.setObjectName("syncOutcome")
        body.addWidget(self.outcome)
        self.message = InlineMessage()
        self.message.setObjectName("syncMessage")
        body.addWidget(self.message)
        self.replica = ReplicaMaker(session, sync_folder=lambda: runner.settings().folder,
                                    ready=runner.ready_for_other_work)  # fmt: skip
        self.replica.status.connect(self.status)
        self.replica.made.connect(lambda _path: self.changed.emit())
        body.addWidget(self.replica)

        body.addWidget(heading(self.tr("Conflicts"), 1.1))
        self.conflicts_note = muted()
        body.addWidget(self.conflicts_note)
        self.model = ConflictModel(self)
        self.table = record_table(self.model, self.tr("Conflicts to resolve"),
                                  name="conflictTable")  # fmt: skip
        self.table.setWordWrap(False)  # one line per version; the whole text as tooltip
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in ((0, 190), (1, 80), (2, 170), (3, 150), (4, 120)):
            header.resizeSection(column, width)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        body.addWidget(self.table, 1)
        keep = QHBoxLayout()
        self.keep_mine = QPushButton(self.tr("Keep &mine"))
        self.keep_theirs = QPushButton(self.tr("Keep &theirs"))
        self.keep_selected = QPushButton(self.tr("Keep the selected &version"))
        # Both texts, one after the other: for a conflict of one text field (a core that
        # names the field of a conflict and takes 'both'); hidden for a whole-note conflict.
        self.keep_both = QPushButton(self.tr("Keep &both texts"))
        self.keep_both.hide()
        for button, keep_what in ((self.keep_mine, "mine"), (self.keep_theirs, "theirs"),
                                  (self.keep_selected, ""), (self.keep_both, "both")):  # fmt: skip
            button.clicked.connect(lambda _=False, k=keep_what: self.keep(k))
            keep.addWidget(button)
        keep.addStretch(1)
        body.addLayout(keep)
        layout.addWidget(self.body, 1)

        runner.started.connect(self._started)
        runner.progressed.connect(self.busy.progress)
        runner.finished.connect(self._finished)
        runner.failed.connect(self._failed)
        self._update_buttons()

    # --- showing -----------------------------------------------------------------------

    def refresh(self) -> None:
        """The folder, the last sync and what it brought, then the conflicts (worker)."""
        runner = self.runner
        if not runner.allowed:
            self.reason.show_info(self.tr("An auditor's copy is read-only and never syncs."))
            self.body.setEnabled(False)
        settings = runner.settings()
        self.folder_label.setText(str(settings.folder) if settings.folder
                                  else self.tr("none chosen yet"))  # fmt: skip
        self._show_last(runner.last_result)
        self.load_conflicts()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self.session.is_open:
            self.refresh()

    def _show_last(self, result: SyncResult | None) -> None:
        when = self.runner.last_sync()
        self.last_label.setText(local_time(when.strftime("%Y-%m-%dT%H:%M:%SZ")) if when
                                else self.tr("never, on this computer"))  # fmt: skip
        if result is None:
            self.outcome.clear()
            return
        arrived = len(result.notes)
        lines = [
            (self.tr("1 note arrived or changed.") if arrived == 1
             else self.tr("{} notes arrived or changed.").format(arrived))
            + " " + self.tr("Bundles applied: {} of {} found; sent: {}.")
            .format(result.applied, result.received, result.sent)
        ]  # fmt: skip
        if result.waiting:
            lines.append(self.tr("Bundles waiting for another copy's bundle: {}.")
                         .format(result.waiting))  # fmt: skip
        if result.voided:
            lines.append(self.tr("Changes a removed person made after the point their removal "
                                 "accepted, held void here (they change nothing): {}.")
                         .format(result.voided))  # fmt: skip
        if result.not_back:
            lines.append(self.tr("Files a removed person had removed that could not come back "
                                 "here (no bundle of the folder holds them; attach them again "
                                 "from a copy that shows them): {}.")
                         .format(result.not_back))  # fmt: skip
        if result.refused:
            lines.append(self.tr("Bundles refused (nothing of them applied): {}.")
                         .format(len(result.refused)))  # fmt: skip
            lines += [f"• {sentence}" for sentence in result.refused]
        self.outcome.setText("\n".join(lines))

    def load_conflicts(self) -> None:
        if self._task is not None and self._task.running:
            return
        session = self.session

        def job(_progress: Any, _cancel: Any) -> tuple[Any, Any, Any]:
            with session.worker_admin() as admin:
                replicas, signers = admin.replicas(), admin.signers()
            with session.worker() as desk:
                return desk.conflicts(), replicas, signers

        def done(found: tuple[Any, Any, Any]) -> None:
            self.model.set_conflicts(*found)
            count, sources = len(self.model.note_ids()), len(self.model.source_ids())
            lines = [
                self.tr("No conflicts: every note reads the same on every copy that synced.")
                if count == 0 else
                self.tr("1 note was changed on two copies before either saw the other's "
                        "change. Both versions are kept; choose the one the note keeps.")
                if count == 1 else
                self.tr("{} notes were changed on two copies before either saw the other's "
                        "change. Both versions are kept; choose the one each note keeps.")
                .format(count)
            ]  # fmt: skip
            if sources:  # (a source's identity stays sealed in the list)
                lines = [] if count == 0 else lines
                lines.append(
                    self.tr("1 source was changed on two copies before either saw the other's "
                            "change. Both versions are kept; choose the one the source keeps.")
                    if sources == 1 else
                    self.tr("{} sources were changed on two copies before either saw the "
                            "other's change. Both versions are kept; choose the one each "
                            "source keeps.").format(sources)
                )  # fmt: skip
            self.conflicts_note.setText(" ".join(lines))
            self._update_buttons()

        self._task = Task(job, on_done=done, on_error=lambda e: self._failed(user_message(e)))
        self._task.start()

    @property
    def loading(self) -> bool:
        return self._task is not None and self._task.running

    # --- acting --------------------------------------------------------------------------

    def choose_folder(self, folder: str | None = None) -> None:
        if folder is None:
            start = self.runner.settings().folder
            folder = QFileDialog.getExistingDirectory(
                self, self.tr("Choose the sync folder"), str(start or Path.home())
            )
            if not folder:
                return
        try:
            chosen = self.runner.choose_folder(Path(folder))
        except Exception as exc:
            self.message.show_error(user_message(exc))
            return
        self.message.clear()
        self.folder_label.setText(str(chosen))

    def sync_now(self) -> None:
        self.message.clear()
        if self.replica.running:
            self.message.show_error(self.tr("A copy for another laptop is being made; sync "
                                            "when it is done."))  # fmt: skip
            return
        self.runner.sync_now()

    def _started(self) -> None:
        self.busy.start(self.tr("Syncing…"))
        self.cancel_button.show()
        self.sync_button.setEnabled(False)
        self.replica.update_state(sync_running=True)

    def _stopped(self) -> None:
        self.busy.stop()
        self.cancel_button.hide()
        self.sync_button.setEnabled(True)
        self.replica.update_state()

    def _finished(self, result: SyncResult) -> None:
        self._stopped()
        self._show_last(result)
        self.message.clear()
        self.status.emit(self.tr("Synced; notes that came in: {}.").format(len(result.notes)))
        if result.applied:
            self.changed.emit()
        self.load_conflicts()

    def _failed(self, sentence: str) -> None:
        self._stopped()
        self.message.show_error(sentence)
        self.status.emit(sentence)

    def selected(self) -> ConflictRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.item(rows[0].row()) if rows else None

    def _update_buttons(self, *_: Any) -> None:
        chosen = self.selected()
        for button in (self.keep_mine, self.keep_theirs):
            button.setEnabled(chosen is not None)
        self.keep_selected.setEnabled(chosen is not None)
        field = getattr(chosen.conflict, "field", None) if chosen is not None else None
        self.keep_both.setVisible(field in TEXT_FIELDS)

    def keep(self, keep: str) -> None:
        """Keep ``mine``, ``theirs`` or ("") the selected version of the selected note."""
        chosen = self.selected()
        if chosen is None:
            return
        what = keep or str(chosen.version.version)
        try:
            with self.session.gui(timeout=2.0) as desk:
                # Only the selected row's field: a note's other fields are decided on their own.
                desk.resolve_conflict(chosen.conflict.note_id, what,
                                      getattr(chosen.conflict, "field", None))  # fmt: skip
        except Exception as exc:
            self.message.show_error(user_message(exc))
            return
        self.message.show_info(self.tr("Resolved; the next sync takes it to the others."))
        self.changed.emit()
        self.load_conflicts()

    # --- locking -------------------------------------------------------------------------

    def stop(self) -> None:
        if self._task is not None and self._task.running:
            self._task.abandon()
        self.replica.stop()

    def teardown(self) -> None:
        self.stop()
        self.replica.teardown()
        self.model.clear()
        self.outcome.clear()
        self.message.clear()
        self.folder_label.clear()
