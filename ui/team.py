"""People with access to the vault (its key slots): who, which role, added by whom and when.

Leads add and remove people and rekey; everyone can change their own passphrase. Every key
derivation (Argon2id, about a second) and every rekey runs in a worker. The app says plainly
what removing a person does and does not take back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHeaderView,
    QMessageBox,
    QStyle,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from influence_desk.model import Role
from ui import labels
from ui.history_view import local_time
from ui.tablemodel import TableModel
from ui.tasks import Task, user_message
from ui.team_dialogs import (
    AddPersonDialog,
    ChangePassphraseDialog,
    role_explanation,
    wipe_passphrases,
)
from ui.widgets import Banner, BusyRow, InlineMessage, heading, make_action, muted, record_table

if TYPE_CHECKING:
    from collections.abc import Callable

    from influence_desk.crypto import KdfParams
    from influence_desk.vault.vault import SlotInfo
    from ui.session import Session

class TeamModel(TableModel):
    PERSON, ROLE, ADDED_BY, ADDED_ON = range(4)

    def __init__(self, parent=None) -> None:
        super().__init__(
            [self.tr("Person"), self.tr("Role"), self.tr("Added by"), self.tr("Added on")],
            parent,
        )

    @property
    def slots(self) -> list[SlotInfo]:
        return self.items

    def set_slots(self, slots: list[SlotInfo]) -> None:
        self.set_items(slots)

    def cell(self, row: int, column: int, role: int) -> Any:
        slot = self.items[row]
        if role == Qt.ItemDataRole.FontRole and slot.is_me and column == self.PERSON:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and column == self.ROLE:
            return role_explanation(Role(slot.role))
        return super().cell(row, column, role)

    def text(self, item: SlotInfo, column: int) -> str | None:
        if column == self.PERSON:
            return self.tr("{} (you)").format(item.label) if item.is_me else item.label
        if column == self.ROLE:
            return labels.role(item.role)
        if column == self.ADDED_BY:
            return item.added_by
        if column == self.ADDED_ON:
            return local_time(item.added_at) if item.added_at else ""
        return None


class TeamPage(QWidget):
    """The "People" tab."""

    def __init__(
        self,
        session: Session,
        kdf: Callable[[], KdfParams | None],
        on_changed: Callable[[], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("teamPage")
        self.session = session
        self._kdf = kdf
        self._on_changed = on_changed
        self._task: Task | None = None
        self.is_lead = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(heading(self.tr("People with access"), 1.25))
        self.explain = muted()
        layout.addWidget(self.explain)
        self.warning = Banner()
        self.warning.setObjectName("removalWarning")
        layout.addWidget(self.warning)

        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        ctx = Qt.ShortcutContext.WidgetWithChildrenShortcut
        self.add_action = make_action(
            self, self.tr("&Add a person…"), context=ctx,  # Ctrl+Shift+N registers a source
            icon=QStyle.StandardPixmap.SP_FileDialogNewFolder, slot=self.add_person,
            tip=self.tr("Give someone their own passphrase for this vault"),
        )  # fmt: skip
        self.remove_action = make_action(
            self, self.tr("&Remove…"), shortcut="Delete", context=ctx,
            icon=QStyle.StandardPixmap.SP_TrashIcon, slot=self.remove_person,
            tip=self.tr("Their passphrase stops opening this vault"),
        )  # fmt: skip
        self.rekey_action = make_action(
            self, self.tr("Re&key…"), icon=QStyle.StandardPixmap.SP_BrowserReload,
            slot=self.rekey,
            tip=self.tr("A new data key for the vault; everyone who still has access keeps it"),
        )  # fmt: skip
        self.passphrase_action = make_action(
            self, self.tr("Change &my passphrase…"), slot=self.change_passphrase,
            icon=QStyle.StandardPixmap.SP_DialogResetButton,
            tip=self.tr("Change the passphrase you unlock this vault with"),
        )  # fmt: skip
        for action in (self.add_action, self.remove_action, self.rekey_action):
            self.toolbar.addAction(action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.passphrase_action)
        layout.addWidget(self.toolbar)

        self.model = TeamModel(self)
        self.table = record_table(self.model, self.tr("People with access"), name="teamTable",
                                  row_pad=10)  # fmt: skip
        self.table.setShowGrid(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(TeamModel.PERSON, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(TeamModel.ROLE, 180)
        header.resizeSection(TeamModel.ADDED_BY, 200)
        header.resizeSection(TeamModel.ADDED_ON, 160)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        layout.addWidget(self.table, 1)

        self.busy = BusyRow()
        layout.addWidget(self.busy)
        self.message = InlineMessage()
        layout.addWidget(self.message)

    # --- showing -----------------------------------------------------------------------

    def refresh(self) -> None:
        try:
            with self.session.gui_admin(timeout=2.0) as admin:
                slots = admin.people()
                self.is_lead = admin.is_lead
        except Exception as exc:
            self.message.show_error(user_message(exc))
            return
        self.model.set_slots(slots)
        if self.is_lead:
            self.explain.setText(
                self.tr("Each person unlocks the vault with their own passphrase. As a lead you "
                        "add and remove people; every change is signed into the history.")
            )  # fmt: skip
        else:
            self.explain.setText(
                self.tr("Each person unlocks the vault with their own passphrase. Only a lead "
                        "can add or remove people; you can change your own passphrase.")
            )  # fmt: skip
        if self.is_lead:
            self.warning.show_message(
                Banner.WARNING,
                self.tr("Removing a person stops their passphrase from opening this vault. It "
                        "does not take back what they already read, copied or exported, nor "
                        "the data key they held."),
                [
                    self.tr("That key still opens any copy of the vault folder made while "
                            "they had access."),
                    self.tr("Rekey after removing someone: from then on the vault is "
                            "encrypted under a key they never saw."),
                ],
            )  # fmt: skip
        else:
            self.warning.clear()
        self._update_actions()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.session.is_open:
            self.refresh()

    def selected(self) -> SlotInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.slots[rows[0].row()] if rows else None

    def _update_actions(self) -> None:
        busy = self.busy_now
        chosen = self.selected()
        self.add_action.setEnabled(self.is_lead and not busy)
        self.remove_action.setEnabled(
            self.is_lead and not busy and chosen is not None and not chosen.is_me
        )
        self.rekey_action.setEnabled(self.is_lead and not busy)
        self.passphrase_action.setEnabled(not busy)
        for action in (self.add_action, self.remove_action, self.rekey_action):
            action.setVisible(self.is_lead)

    @property
    def busy_now(self) -> bool:
        return self._task is not None and self._task.running

    # --- work in a worker ----------------------------------------------------------------

    def _run(self, text: str, job, done: Callable[[Any], None]) -> None:
        if self.busy_now:
            return
        self.message.clear()
        self.busy.start(text)

        def finished(result: Any) -> None:
            self.busy.stop()
            self._update_actions()
            done(result)
            self.refresh()
            if self._on_changed is not None:
                self._on_changed()

        def failed(exc: BaseException) -> None:
            self.busy.stop()
            self._update_actions()
            self.message.show_error(user_message(exc))

        self._task = Task(job, on_done=finished, on_error=failed,
                          on_progress=self.busy.progress).start()  # fmt: skip
        self._update_actions()

    def add_person(self) -> None:
        if not self.is_lead:
            return
        dialog = AddPersonDialog({s.label for s in self.model.slots}, self)
        dialog.accepted.connect(lambda: self._add(dialog.role(), dialog.label(),
                                                  dialog.passphrase.passphrase()))  # fmt: skip
        dialog.finished.connect(lambda _c: dialog.passphrase.wipe())
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _add(self, role: Role, label: str, passphrase: str) -> None:
        session, kdf = self.session, self._kdf

        def job(_progress, _cancel) -> str:
            params = kdf()
            with session.worker_admin() as admin:
                admin.add_person(role, label, passphrase, kdf=params)
            return label

        self._run(
            self.tr("Deriving a key for {} (a few seconds)…").format(label), job,
            lambda who: self.message.show_info(
                self.tr("{} can now unlock this vault as {}.").format(who, labels.role(role))
            ),
        )  # fmt: skip

    def remove_person(self) -> None:
        chosen = self.selected()
        if not self.is_lead or chosen is None or chosen.is_me:
            return
        box = QMessageBox(self)
        box.setObjectName("removeConfirm")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Remove {}").format(chosen.label))
        box.setText(self.tr("Remove {} from this vault?").format(chosen.label))
        box.setInformativeText(
            self.tr("Their passphrase will no longer open it. This does not take back what "
                    "they have already seen, copied or exported, nor the data key they held: "
                    "a copy of the vault folder made while they had access still opens for "
                    "them. Rekey afterwards so the vault uses a key they never had.")
        )  # fmt: skip
        remove = box.addButton(self.tr("Remove"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        slot_id, label = chosen.id, chosen.label

        def answered() -> None:
            if box.clickedButton() is remove:
                self._remove(slot_id, label)

        box.finished.connect(lambda _c: answered())
        box.finished.connect(box.deleteLater)
        box.open()

    def _remove(self, slot_id: str, label: str) -> None:
        session = self.session

        def job(_progress, _cancel) -> str:
            with session.worker_admin() as admin:
                admin.remove_person(slot_id)
            return label

        self._run(
            self.tr("Removing {}…").format(label), job,
            lambda who: self.message.show_info(
                self.tr("{} was removed. Rekey now if they may have a copy of the vault "
                        "folder.").format(who)
            ),
        )  # fmt: skip

    def rekey(self) -> None:
        if not self.is_lead:
            return
        from ui.confirm import confirm

        self.rekey_confirm = confirm(
            self, name="rekeyConfirm", title=self.tr("Rekey the vault"),
            text=self.tr("Give the vault a new data key?"),
            informative=self.tr("Everyone still listed keeps access with their own passphrase; "
                                "the notes and backups are re-encrypted. A person already "
                                "removed can then no longer open new copies of the vault. This "
                                "takes a moment and cannot be cancelled once it starts."),
            action=self.tr("Rekey"), on_yes=self._rekey_now,
        )  # fmt: skip

    def _rekey_now(self) -> None:
        if not self.is_lead or not self.session.is_open:
            return
        session = self.session

        def job(progress, cancel) -> None:
            with session.worker_admin() as admin:
                admin.rekey(progress=progress, cancel=cancel)

        self._run(
            self.tr("Rekeying: re-encrypting the notes and backups…"), job,
            lambda _r: self.message.show_info(
                self.tr("Done: the vault has a new data key; every remaining person was "
                        "given it.")
            ),
        )  # fmt: skip

    def change_passphrase(self) -> None:
        dialog = ChangePassphraseDialog(self)
        dialog.passphrase.context = [self.session.label]
        dialog.accepted.connect(lambda: self._change(dialog.current.text(),
                                                     dialog.passphrase.passphrase()))  # fmt: skip
        dialog.finished.connect(lambda _c: wipe_passphrases(dialog))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _change(self, current: str, new: str) -> None:
        session, kdf = self.session, self._kdf

        def job(_progress, _cancel) -> None:
            with session.worker_admin() as admin:
                admin.check_my_passphrase(current)
            params = kdf()
            with session.worker_admin() as admin:
                admin.change_my_passphrase(new, kdf=params)

        self._run(
            self.tr("Deriving the key for your new passphrase…"), job,
            lambda _r: self.message.show_info(
                self.tr("Your passphrase was changed. Use the new one from now on.")
            ),
        )  # fmt: skip

    def stop(self) -> None:
        """Abandon what runs (a rekey past its start still finishes: it cannot be cut)."""
        if self._task is not None and self._task.running:
            self._task.abandon()

    def teardown(self) -> None:
        self.stop()
        self.model.clear()
