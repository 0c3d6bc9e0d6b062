"""People with access to the vault (its key slots): who, which role, added by whom and when.

Leads add and remove people and rekey; everyone can change their own passphrase. Every key
derivation (Argon2id, about a second) and every rekey runs in a worker. The app says plainly
what removing a person does and does not take back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QStyle,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from influence_desk.model import Role
from influence_desk.passphrase_policy import estimate
from ui import labels
from ui.history_view import local_time
from ui.tasks import Task, refusal, user_message
from ui.widgets import Banner, BusyRow, InlineMessage, heading, make_action, muted

if TYPE_CHECKING:
    from collections.abc import Callable

    from influence_desk.crypto import KdfParams
    from influence_desk.vault.vault import SlotInfo
    from ui.session import Session

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


def role_explanation(role: Role) -> str:
    from PySide6.QtCore import QCoreApplication

    def t(context: str, text: str) -> str:
        return QCoreApplication.translate(context, text)

    return {
        Role.RESEARCHER: t("team", "Writes notes and registers sources; can reveal real names."),
        Role.LEAD: t("team", "Like a researcher, and manages who has access."),
        Role.AUDITOR: t(
            "team",
            "Reads pseudonymised notes and verifies history; changes nothing and never "
            "learns who a source is.",
        ),
    }[role]


class TeamModel(QAbstractTableModel):
    PERSON, ROLE, ADDED_BY, ADDED_ON = range(4)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.slots: list[SlotInfo] = []
        self.headers = [self.tr("Person"), self.tr("Role"), self.tr("Added by"),
                        self.tr("Added on")]  # fmt: skip

    def set_slots(self, slots: list[SlotInfo]) -> None:
        self.beginResetModel()
        self.slots = list(slots)
        self.endResetModel()

    def clear(self) -> None:
        self.set_slots([])

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.slots)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.headers)
        ):
            return self.headers[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.slots):
            return None
        slot = self.slots[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.FontRole and slot.is_me and column == self.PERSON:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and column == self.ROLE:
            return role_explanation(Role(slot.role))
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if column == self.PERSON:
            return self.tr("{} (you)").format(slot.label) if slot.is_me else slot.label
        if column == self.ROLE:
            return labels.role(slot.role)
        if column == self.ADDED_BY:
            return slot.added_by
        if column == self.ADDED_ON:
            return local_time(slot.added_at) if slot.added_at else ""
        return None


class PassphraseFields(QWidget):
    """A new passphrase twice, with a strength estimate (zxcvbn) that must reach 'strong'."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.first = QLineEdit()
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.first.setAccessibleName(self.tr("New passphrase"))
        self.first.setPlaceholderText(self.tr("Several words they can type without looking"))
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat.setAccessibleName(self.tr("Repeat the new passphrase"))
        self.strength = QProgressBar()
        self.strength.setRange(0, 4)
        self.strength.setAccessibleName(self.tr("Passphrase strength"))
        self.strength.setFormat(self.tr("Strength: —"))
        self.hint = muted()
        form.addRow(self.tr("&Passphrase:"), self.first)
        form.addRow("", self.strength)
        form.addRow("", self.hint)
        form.addRow(self.tr("&Repeat:"), self.repeat)
        self.score = 0
        self.acceptable = False
        self.context: list[str] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.estimate)
        self.first.textChanged.connect(self._timer.start)

    def estimate(self) -> None:
        self._timer.stop()
        text = self.first.text()
        if not text:
            self.score = 0
            self.acceptable = False
            self.strength.setValue(0)
            self.strength.setFormat(self.tr("Strength: —"))
            self.hint.clear()
            return
        strength = estimate(text, self.context)
        score = strength.score
        self.score = score
        self.acceptable = strength.acceptable
        names = [self.tr("very weak"), self.tr("weak"), self.tr("fair"), self.tr("strong"),
                 self.tr("very strong")]  # fmt: skip
        self.strength.setValue(score)
        self.strength.setFormat(self.tr("Strength: {}").format(names[score]))
        self.hint.setText("" if strength.acceptable else self.tr("Add another word or two."))

    def problem(self) -> str | None:
        self.estimate()
        if not self.acceptable:
            return refusal()  # the core's sentence, the one the CLI prints
        if self.first.text() != self.repeat.text():
            return self.tr("The two passphrases differ.")
        return None

    def passphrase(self) -> str:
        return self.first.text()

    def wipe(self) -> None:
        self.first.setText("")
        self.repeat.setText("")


class AddPersonDialog(QDialog):
    def __init__(self, taken: set[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("addPersonDialog")
        self.setWindowTitle(self.tr("Add a person"))
        self.taken = {t.casefold() for t in taken}
        layout = QVBoxLayout(self)
        layout.addWidget(
            muted(
                self.tr(
                    "They get their own passphrase. Tell it to them in person, never by "
                    "e-mail or chat."
                )
            )
        )
        form = QFormLayout()
        self.role_combo = QComboBox()
        self.role_combo.setAccessibleName(self.tr("Role"))
        for role in (Role.RESEARCHER, Role.AUDITOR, Role.LEAD):
            self.role_combo.addItem(labels.role(role), role)
        self.role_about = muted()
        self.role_combo.currentIndexChanged.connect(
            lambda: self.role_about.setText(role_explanation(self.role()))
        )
        self.label_edit = QLineEdit()
        self.label_edit.setAccessibleName(self.tr("Their name in this vault"))
        self.label_edit.setPlaceholderText(self.tr("How the team knows them, e.g. Sam"))
        self.label_edit.setMaxLength(200)
        form.addRow(self.tr("R&ole:"), self.role_combo)
        form.addRow("", self.role_about)
        form.addRow(self.tr("&Name:"), self.label_edit)
        layout.addLayout(form)
        self.passphrase = PassphraseFields()
        layout.addWidget(self.passphrase)
        self.message = InlineMessage()
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Add person"))
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.role_about.setText(role_explanation(self.role()))
        self.setMinimumWidth(480)
        self.label_edit.setFocus()

    def role(self) -> Role:
        return Role(self.role_combo.currentData())

    def label(self) -> str:
        return self.label_edit.text().strip()

    def _accept(self) -> None:
        self.passphrase.context = [self.label()]
        if not self.label():
            self.message.show_warning(self.tr("Say how the team knows this person."))
            return
        if self.label().casefold() in self.taken:
            self.message.show_warning(self.tr("Someone in this vault already has that name."))
            return
        problem = self.passphrase.problem()
        if problem:
            self.message.show_warning(problem)
            return
        self.accept()


class ChangePassphraseDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("changePassphraseDialog")
        self.setWindowTitle(self.tr("Change my passphrase"))
        layout = QVBoxLayout(self)
        layout.addWidget(
            muted(
                self.tr(
                    "Only your own passphrase changes; everyone else keeps theirs. The old "
                    "one stops working at once."
                )
            )
        )
        form = QFormLayout()
        self.current = QLineEdit()
        self.current.setEchoMode(QLineEdit.EchoMode.Password)
        self.current.setAccessibleName(self.tr("Current passphrase"))
        form.addRow(self.tr("&Current:"), self.current)
        layout.addLayout(form)
        self.passphrase = PassphraseFields()
        layout.addWidget(self.passphrase)
        self.message = InlineMessage()
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("Change passphrase")
        )
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self.current.setFocus()

    def _accept(self) -> None:
        if not self.current.text():
            self.message.show_warning(self.tr("Type your current passphrase first."))
            return
        problem = self.passphrase.problem()
        if problem:
            self.message.show_warning(problem)
            return
        if self.passphrase.passphrase() == self.current.text():
            self.message.show_warning(self.tr("The new passphrase is the old one."))
            return
        self.accept()


def _wipe(dialog: ChangePassphraseDialog) -> None:
    dialog.passphrase.wipe()
    dialog.current.setText("")


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
            self, self.tr("&Add a person…"), shortcut="Ctrl+Shift+N", context=ctx,
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
        self.table = QTableView()
        self.table.setObjectName("teamTable")
        self.table.setAccessibleName(self.tr("People with access"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
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
        answer = QMessageBox.question(
            self, self.tr("Rekey the vault"),
            self.tr("Give the vault a new data key? Everyone still listed keeps access with "
                    "their own passphrase; the notes and backups are re-encrypted. A person "
                    "already removed can then no longer open new copies of the vault. "
                    "This takes a moment and cannot be cancelled once it starts."),
        )  # fmt: skip
        if answer != QMessageBox.StandardButton.Yes or not self.session.is_open:
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
        dialog.finished.connect(lambda _c: _wipe(dialog))
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
