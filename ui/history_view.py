"""The vault's signed history: every change, newest first, and ``verify`` with its result.

The list is lazy: entries are read a page at a time as the view scrolls (a grown vault has
hundreds of thousands). Who did something is the label of the key that signed it, as the
history itself names it (``Vault.verify_signers``); objects are shown by what they are
(a note's title, a source's pseudonym), never by anything sealed.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui import labels
from ui.checkpoint_feedback import checkpoint_feedback, describe_checkpoint
from ui.i18n import translate as _t
from ui.tablemodel import ROOT, Index, TableModel
from ui.tasks import Task, user_message
from ui.widgets import Banner, heading, make_action, monospace, muted, record_table, with_shortcut

if TYPE_CHECKING:
    from collections.abc import Callable

    from influence_desk.checkpoints import CheckpointCheck
    from influence_desk.history import Entry, VerifyReport
    from ui.catalog import Catalog
    from ui.session import Session

PAGE = 200
SEQ, WHEN, ACTION, PERSON, OBJECT, REPLICA = range(6)




def action_label(action: str) -> str:
    return {
        "vault.create": _t("history", "Vault created"),
        "vault.settings": _t("history", "Vault settings changed"),
        "vault.export": _t("history", "Exported"),
        "vault.rekey": _t("history", "Vault rekeyed (new data key)"),
        "slot.add": _t("history", "Person added"),
        "slot.remove": _t("history", "Person removed"),
        "slot.passphrase": _t("history", "Passphrase changed"),
        "note.create": _t("history", "Note created"),
        "note.update": _t("history", "Note changed"),
        "note.delete": _t("history", "Note deleted"),
        "note.versions": _t("history", "Old versions re-pseudonymised"),
        "note.restore": _t("history", "Note restored from the trash"),
        "trash.empty": _t("history", "Trash emptied"),
        "note.reveal": _t("history", "Real names shown in a note"),
        "source.create": _t("history", "Source registered"),
        "source.update": _t("history", "Source changed"),
        "source.reveal": _t("history", "Identity revealed"),
        "event.create": _t("history", "Event added"),
        "event.update": _t("history", "Event changed"),
        "event.merge": _t("history", "Events merged"),
        "event.delete": _t("history", "Event removed"),
        "org.create": _t("history", "Organisation added"),
        "org.update": _t("history", "Organisation changed"),
        "org.merge": _t("history", "Organisations merged"),
        "org.delete": _t("history", "Organisation removed"),
        "source.remove": _t("history", "Source merged into another"),
        "attachment.add": _t("history", "Attachment added"),
        "attachment.remove": _t("history", "Attachment removed"),
        "attachment.audience": _t("history", "Attachment's audience changed"),
        "attachment.text": _t("history", "Attachment's text changed"),
        "vault.migrate": _t("history", "History kept per copy from here on"),
        "replica.create": _t("history", "Copy made for another laptop"),
        "history.seen": _t("history", "Changes from other copies taken in"),
    }.get(action, action)


def entry_label(entry: Entry) -> str:
    """The action as a person reads it, with what its payload says about it."""
    if entry.action == "note.delete" and entry.payload.get("trash"):
        return _t("history", "Note moved to the trash")
    if "restored_from" in entry.payload:
        return _t("history", "Note restored (version of entry {})").format(
            entry.payload["restored_from"]
        )
    return action_label(entry.action)


def local_time(stamp: str) -> str:
    """History times are UTC ('…Z'); people read them in their own time zone."""
    try:
        moment = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        return stamp
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


class HistoryModel(TableModel):
    """Entries newest first, fetched ``PAGE`` at a time (``canFetchMore``/``fetchMore``)."""

    def __init__(self, session: Session | None, catalog: Catalog | None, parent=None) -> None:
        super().__init__(
            [_t("history", "No."), _t("history", "When"), _t("history", "What"),
             _t("history", "Who"), _t("history", "Of what"), _t("history", "On which copy")],
            parent,
        )  # fmt: skip
        self.session = session
        self.catalog = catalog
        self._titles: dict[str, str] = {}
        self._in_trash: set[str] = set()  # restorable, not deleted
        self._total = 0
        self._signers: dict[str, Any] = {}
        self._slot_labels: dict[str, str] = {}
        self._replicas: dict[str, Any] = {}

    # --- loading -----------------------------------------------------------------------

    def reload(self) -> None:
        """Read the newest page again (after a change, or when the view is shown)."""
        if self.session is None:
            return
        session = self.session
        if not session.is_open:
            return
        with session.gui_admin(timeout=2.0) as admin:
            total = admin.history_total()
            signers = admin.signers()
            self._replicas = admin.replicas()
        self._titles = {}
        self._in_trash = set()
        self._total = total
        self._signers = signers
        self._slot_labels = {s.slot_id: s.label for s in signers.values()}
        self.set_items([])
        if self.canFetchMore(ROOT):
            self.fetchMore(ROOT)

    def canFetchMore(self, parent: Index = ROOT) -> bool:
        return not parent.isValid() and self.session is not None and len(self.items) < self._total

    def fetchMore(self, parent: Index = ROOT) -> None:
        if parent.isValid() or self.session is None or not self.session.is_open:
            return
        session = self.session
        try:
            with session.gui() as desk:
                entries = session.admin.history_page(len(self.items), PAGE)
                note_ids = [
                    e.object_id[5:] for e in entries
                    if e.object_id.startswith("note:") and e.object_id[5:] not in self._titles
                ]  # fmt: skip
                titles = {r.id: r.title for r in desk.note_rows(note_ids)} if note_ids else {}
                in_trash: dict[str, str] = {}
                if set(note_ids) - titles.keys():  # in the trash is not gone: say which note
                    in_trash = {t.id: t.title for t in desk.trashed_notes() if t.id in note_ids}
        except Exception:
            return  # busy or locked: the view asks again when it scrolls
        if not entries:
            self._total = len(self.items)
            return
        self._titles.update(titles)
        self._titles.update(in_trash)
        self._in_trash.update(in_trash)
        self.append_items(entries)

    def clear(self) -> None:
        self._titles = {}
        self._in_trash = set()
        self._total = 0
        self._signers = {}
        self._slot_labels = {}
        self._replicas = {}
        self.set_items([])
        self.session = None
        self.catalog = None

    @property
    def total(self) -> int:
        return self._total

    def entry(self, row: int) -> Entry | None:
        return self.item(row)

    # --- cells -------------------------------------------------------------------------

    def cell(self, row: int, column: int, role: int) -> Any:
        entry = self.items[row]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == SEQ:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == SEQ:
            return _t("history", "Entry hash: {}").format(entry.entry_hash)
        return super().cell(row, column, role)

    def text(self, item: Entry, column: int) -> str | None:
        if column == SEQ:
            return str(item.seq)
        if column == WHEN:
            return local_time(item.at)
        if column == ACTION:
            return entry_label(item)
        if column == PERSON:
            return self.person(item.actor)
        if column == OBJECT:
            return self.object_text(item)
        if column == REPLICA:
            from ui.sync_model import replica_label  # (it reads times as this page does)

            return replica_label(item.replica, self._replicas, self._signers)
        return None

    def person(self, actor: str) -> str:
        signer = self._signers.get(actor)
        if signer is None:
            return _t("history", "unknown key {}").format(actor[:8])
        return f"{signer.label} ({labels.role(signer.role)})" if signer.role else signer.label

    def object_text(self, entry: Entry) -> str:
        kind, _, object_id = entry.object_id.partition(":")
        catalog = self.catalog
        if kind == "note":
            title = self._titles.get(object_id)
            if object_id in self._in_trash:
                return _t("history", "Note “{}”, in the trash").format(title)
            return (
                _t("history", "Note “{}”").format(title)
                if title
                else _t("history", "A note since deleted")
            )
        if kind == "source":
            source = catalog.source(object_id) if catalog else None
            return (
                _t("history", "Source {}").format(source.pseudonym)
                if source
                else _t("history", "A source")
            )
        if kind == "event":
            event = catalog.event(object_id) if catalog else None
            return (
                _t("history", "Event “{}”").format(event.name)
                if event
                else _t("history", "An event since removed")
            )
        if kind == "org":
            org = catalog.organisation(object_id) if catalog else None
            return org.name if org else _t("history", "An organisation since removed")
        if kind == "slot":
            label = str(entry.payload.get("label") or self._slot_labels.get(object_id, ""))
            return (
                _t("history", "Key slot of {}").format(label)
                if label
                else _t("history", "A key slot")
            )
        if kind == "export":
            return _t("history", "Export: {}").format(labels.profile_name(object_id, object_id))
        if kind == "versions":
            title = self._titles.get(object_id)
            return _t("history", "Old versions of “{}”").format(title) if title else (
                _t("history", "Old versions of a note")
            )
        if entry.object_id == "vault:trash":
            return _t("history", "The trash")
        if entry.object_id == "vault:meta":
            return _t("history", "Vault settings")
        if entry.object_id == "vault:keys":
            return _t("history", "Every key slot")
        return entry.object_id


def describe_report(report: VerifyReport, limit: int = 12) -> tuple[str, str, list[str]]:
    """(banner level, sentence, details) for a verify result."""
    if report.ok:
        return (
            Banner.OK,
            _t(
                "history",
                "History verified: {} entries, every signature valid, every note, source and "
                "record exactly as the history says.",
            ).format(report.entries),
            [],
        )  # fmt: skip
    details = [f"{p.where}: {p.what}" for p in report.problems[:limit]]
    more = len(report.problems) - limit
    if more > 0:
        details.append(_t("history", "… and {} more").format(more))
    found = (
        _t("history", "Verification found 1 problem: something was changed outside the signed "
           "history, or the file is damaged.")
        if len(report.problems) == 1
        else _t("history", "Verification found {} problems: something was changed outside the "
                "signed history, or the file is damaged.").format(len(report.problems))
    )  # fmt: skip
    return Banner.PROBLEM, found, details


class HistoryPage(QWidget):
    """History tab: the entries, Verify (in a worker), the checkpoint with Copy."""

    verified = Signal(object)  # VerifyReport
    verify_failed = Signal(str)  # "" when cancelled
    show_requested = Signal()  # the Vault menu's Verify: bring this tab forward
    status = Signal(str)  # what the status bar says

    def __init__(
        self,
        session: Session,
        catalog: Catalog,
        copy_public: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("historyPage")
        self.session = session
        self._copy_public = copy_public
        self._task: Task | None = None
        self._checked: CheckpointCheck | None = None
        self.last_report: VerifyReport | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(8)
        top = QHBoxLayout()
        top.addWidget(heading(self.tr("History"), 1.25))
        top.addStretch(1)
        layout.addLayout(top)
        layout.addWidget(
            muted(
                self.tr(
                    "Every change is a signed entry chained to the one before. Verify replays "
                    "them all and compares every stored note, source and record with what the "
                    "history says; a change made outside the app, or by someone holding only "
                    "the data key, shows up here."
                )
            )
        )
        self.banner = Banner()
        self.banner.setObjectName("verifyBanner")
        layout.addWidget(self.banner)

        row = QHBoxLayout()
        self.verify_button = QPushButton(self.tr("&Verify history"))
        self.verify_button.setObjectName("verifyButton")
        self.verify_button.setToolTip(
            with_shortcut(self.tr("Check every signature and every stored object"), "Ctrl+Shift+Y")
        )
        self.verify_button.clicked.connect(lambda: self.verify())
        self.against_edit = QLineEdit()
        self.against_edit.setObjectName("againstCheckpoint")
        self.against_edit.setPlaceholderText(
            self.tr("Optional: a checkpoint printed on an earlier export, SEQ:HASH")
        )
        self.against_edit.setAccessibleName(self.tr("Earlier checkpoint to verify against"))
        self.against_edit.setClearButtonEnabled(True)
        self.against_edit.returnPressed.connect(lambda: self.verify())
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Verification progress"))
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        row.addWidget(self.verify_button)
        row.addWidget(self.against_edit, 1)
        row.addWidget(self.progress)
        row.addWidget(self.cancel_button)
        layout.addLayout(row)

        cp_row = QHBoxLayout()
        cp_title = QLabel(self.tr("Current checkpoint:"))
        self.checkpoint_label = monospace(QLabel())
        self.checkpoint_label.setObjectName("checkpoint")
        self.checkpoint_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.checkpoint_label.setAccessibleName(self.tr("Current checkpoint"))
        self.checkpoint_label.setToolTip(
            self.tr("The newest entry's number and hash. Keep it: verifying against it later "
                    "proves that nothing before it was rewritten.")
        )  # fmt: skip
        self.copy_button = QPushButton(self.tr("&Copy"))
        self.copy_button.setObjectName("copyCheckpoint")
        self.copy_button.setAccessibleName(self.tr("Copy the checkpoint"))
        self.copy_button.clicked.connect(self.copy_checkpoint)
        cp_row.addWidget(cp_title)
        cp_row.addWidget(self.checkpoint_label, 1)
        cp_row.addWidget(self.copy_button)
        layout.addLayout(cp_row)

        self.model = HistoryModel(session, catalog, self)
        self.table = record_table(self.model, self.tr("History entries, newest first"),
                                  name="historyTable")  # fmt: skip
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.resizeSection(SEQ, 64)
        header.resizeSection(WHEN, self.fontMetrics().horizontalAdvance("2026-03-10 10:40") + 24)
        header.resizeSection(ACTION, 230)
        header.resizeSection(PERSON, 200)
        header.resizeSection(OBJECT, 320)
        self.table.activated.connect(self.open_entry)  # Enter or double-click opens it
        self.table.setToolTip(self.tr("Enter or double-click: what this entry changed"))
        layout.addWidget(self.table, 1)
        self.count_label = muted(wrap=False)
        layout.addWidget(self.count_label)

        # The Vault menu's: work from every tab.
        self.verify_action = make_action(
            self, self.tr("&Verify history"), shortcut="Ctrl+Shift+Y", slot=self._verify_shown,
            tip=self.tr("Check every signature and every stored note against the history"),
        )  # fmt: skip
        self.copy_checkpoint_action = make_action(
            self, self.tr("Copy &checkpoint"), shortcut="Ctrl+Shift+K",
            slot=self.copy_current_checkpoint,
            tip=self.tr("Copy the history checkpoint (number and hash of the newest entry)"),
        )  # fmt: skip

    # --- showing -----------------------------------------------------------------------

    def refresh(self) -> None:
        try:
            self.model.reload()
            with self.session.gui_admin() as admin:
                checkpoint = admin.checkpoint()
        except Exception as exc:
            self.count_label.setText(user_message(exc))
            return
        self.checkpoint_label.setText(checkpoint)
        total = self.model.total
        self.count_label.setText(
            self.tr("{} entries").format(total) if total != 1 else self.tr("1 entry")
        )

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.model.session is not None:
            self.refresh()

    def copy_checkpoint(self) -> None:
        text = self.checkpoint_label.text()
        if text:
            self._copy_public(text)
            self.count_label.setText(self.tr("Checkpoint copied."))

    def copy_current_checkpoint(self) -> None:
        """The newest checkpoint, read now (the tab's label may not be shown yet)."""
        try:
            with self.session.gui_admin() as admin:
                checkpoint = admin.checkpoint()
        except Exception as exc:
            self.status.emit(user_message(exc))
            return
        self._copy_public(checkpoint)
        self.status.emit(self.tr("Checkpoint {} copied.").format(checkpoint))

    def open_entry(self, index: Index | None = None) -> None:
        """What the entry changed, side by side (ui/version_diff.py)."""
        index = index if index is not None else self.table.currentIndex()
        entry = self.model.entry(index.row()) if index.isValid() else None
        if entry is None or self.model.session is None:
            return
        from ui.version_diff import open_entry

        self.entry_dialog = open_entry(self.session, entry.seq, self.model.person, self)
        self.entry_dialog.restored.connect(lambda _id: self.refresh())

    # --- verify ------------------------------------------------------------------------

    def _verify_shown(self) -> None:
        self.show_requested.emit()
        self.verify()

    @property
    def verifying(self) -> bool:
        return self._task is not None and self._task.running

    def verify(self, *, automatic: bool = False) -> None:
        """Run ``Vault.verify`` in a worker; the result goes to the banner (and ``verified``)."""
        if self.verifying or self.model.session is None:
            return
        against = None
        self._checked = None
        text = self.against_edit.text().strip()
        if text and not automatic:
            checked = checkpoint_feedback(self.session, text)
            if isinstance(checked, str):
                self.banner.show_message(Banner.WARNING, checked)
                return
            if checked.against is None:  # malformed, unknown or contradicted: said as such
                self.banner.show_message(*describe_checkpoint(checked))
                return
            self._checked, against = checked, checked.against
        session = self.session

        def job(progress, cancel) -> VerifyReport:
            with session.worker_admin() as admin:
                return admin.verify(against, progress=progress, cancel=cancel)

        self.banner.show_message(
            Banner.INFO,
            self.tr("Verifying the history on open…") if automatic
            else self.tr("Verifying the history…"),
        )  # fmt: skip
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self.verify_button.setEnabled(False)
        self._task = Task(job, on_done=self._done, on_error=self._failed,
                          on_progress=self._progress).start()  # fmt: skip

    def _progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def _finish(self) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self.verify_button.setEnabled(True)

    def _done(self, report: VerifyReport) -> None:
        self._finish()
        self.last_report = report
        level, sentence, details = describe_report(report)
        if self._checked is not None and report.ok:
            sentence += " " + self._checked.message
        self.banner.show_message(level, sentence, details)
        self.checkpoint_label.setText(report.head)
        self.verified.emit(report)

    def _failed(self, exc: BaseException) -> None:
        self._finish()
        from influence_desk.errors import Cancelled

        if isinstance(exc, Cancelled):
            self.banner.show_message(Banner.INFO, self.tr("Verification cancelled."))
            self.verify_failed.emit("")
            return
        self.banner.show_message(Banner.PROBLEM, user_message(exc))
        self.verify_failed.emit(user_message(exc))

    def cancel(self) -> None:
        if self._task is not None and self._task.running:
            self._task.cancel.cancel()

    def stop(self) -> None:
        if self._task is not None and self._task.running:
            self._task.abandon()

    def teardown(self) -> None:
        self.stop()
        self.model.clear()
        self.banner.clear()
        self.checkpoint_label.clear()
