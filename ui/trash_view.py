"""The trash: deleted notes (titles with pseudonyms), each restorable; emptying it asks
first (Cancel the default) and names the history entry it writes. What it calls is
``Desk.trashed_notes`` / ``restore_from_trash`` / ``empty_trash`` (influence_desk.trash)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.tasks import user_message
from ui.widgets import heading, muted

if TYPE_CHECKING:
    from ui.session import Session


class TrashDialog(QDialog):
    changed = Signal()  # a note came back, or the trash was emptied

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trashDialog")
        self.setWindowTitle(self.tr("Trash"))
        self.session = session
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Trash"), 1.2))
        layout.addWidget(muted(self.tr(
            "Deleted notes wait here: they are in no list, search or export. Restore brings "
            "one back as it was; emptying the trash removes them for good (a signed entry).",
        )))  # fmt: skip
        self.list = QListWidget()
        self.list.setObjectName("trashList")
        self.list.setAccessibleName(self.tr("Notes in the trash"))
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.list.itemActivated.connect(lambda _item: self.restore_selected())
        layout.addWidget(self.list, 1)
        self.state = muted()
        layout.addWidget(self.state)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.restore_button = QPushButton(self.tr("&Restore"))
        self.restore_button.setObjectName("restoreFromTrash")
        self.restore_button.clicked.connect(self.restore_selected)
        self.empty_button = QPushButton(self.tr("&Empty trash…"))
        self.empty_button.setObjectName("emptyTrash")
        self.empty_button.clicked.connect(self.confirm_empty)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.empty_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        layout.addWidget(buttons)
        self.resize(560, 420)
        self.reload()

    def reload(self) -> None:
        from ui.history_view import local_time

        self.list.clear()
        try:
            with self.session.gui() as desk:
                items = desk.trashed_notes()
        except Exception as exc:
            self.state.setText(user_message(exc))
            items = []
        for note in items:
            item = QListWidgetItem(self.tr("{} — deleted {}").format(
                note.title or self.tr("(untitled)"), local_time(note.trashed_at)))  # fmt: skip
            item.setData(Qt.ItemDataRole.UserRole, note.id)
            self.list.addItem(item)
        if items:
            self.list.setCurrentRow(0)
        else:
            self.state.setText(self.tr("The trash is empty."))
        self._update_buttons()

    def _update_buttons(self) -> None:
        writable = self.session.can_write
        self.restore_button.setEnabled(writable and self.list.currentItem() is not None)
        self.empty_button.setEnabled(writable and self.list.count() > 0)

    def restore_selected(self) -> None:
        item = self.list.currentItem()
        if item is None or not self.session.can_write:
            return
        try:
            with self.session.gui() as desk:
                view = desk.restore_from_trash(str(item.data(Qt.ItemDataRole.UserRole)))
        except Exception as exc:
            self.state.setText(user_message(exc))
            return
        self.reload()
        self.state.setText(self.tr("“{}” is back among the notes.").format(view.note.title))
        self.changed.emit()

    def confirm_empty(self) -> None:
        if not self.session.can_write or self.list.count() == 0:
            return
        from ui.confirm import confirm, entry_sentence
        from ui.history_view import action_label

        count = self.list.count()
        self.empty_confirm = confirm(
            self, name="emptyTrashConfirm", title=self.tr("Empty trash"),
            text=self.tr("Remove the {} notes in the trash for good?").format(count)
            if count != 1 else self.tr("Remove the note in the trash for good?"),
            informative=entry_sentence(self.session, action_label("trash.empty"))
            + " " + self.tr("Their text cannot be brought back."),
            action=self.tr("Empty trash"), on_yes=self._empty_now,
        )  # fmt: skip

    def _empty_now(self) -> None:
        try:
            with self.session.gui() as desk:
                gone = desk.empty_trash()
        except Exception as exc:
            self.state.setText(user_message(exc))
            return
        self.reload()
        self.state.setText(
            self.tr("{} notes removed for good.").format(gone) if gone != 1
            else self.tr("1 note removed for good.")
        )  # fmt: skip
        self.changed.emit()
