"""Possible duplicate sources (DESIGN §11): the same person registered on two laptops, found
by ``Desk.duplicate_sources`` (it opens identities, so only a copy holding the identity key
asks) and merged by ``Desk.merge_sources``.

The Sources tab shows a bar ("2 people may be registered twice") with Review…; the dialog
lists each pair by pseudonym, role and organisation only, never a real name: as everywhere
else, a name is seen only through Reveal identity, which the history records. The person
chooses the survivor (the earlier registration is proposed) and confirms; both the check and
the merge run in a worker (a merge rewrites every note that named the other source).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ui.geometry import fit_dialog
from ui.tablemodel import TableModel
from ui.tasks import Task, user_message
from ui.widgets import BusyRow, InlineMessage, muted, record_table

if TYPE_CHECKING:
    from influence_desk.sync.source_merge import DuplicateSources
    from ui.catalog import Catalog
    from ui.session import Session


def may_look(session: Session) -> bool:
    """Finding duplicates opens identities and merging writes: researchers and leads."""
    return bool(session.can_reveal and session.can_write)


class PairModel(TableModel):
    FIRST, AGAIN = range(2)

    def __init__(self, catalog: Catalog, parent=None) -> None:
        super().__init__([self.tr("Registered first"), self.tr("Registered again")], parent)
        self.catalog = catalog

    @property
    def pairs(self) -> list[DuplicateSources]:
        return self.items

    def text(self, item: DuplicateSources, column: int) -> str | None:
        if column == self.FIRST:
            return self.describe(item.survivor_id, item.survivor)
        if column == self.AGAIN:
            return self.describe(item.other_id, item.other)
        return None

    def describe(self, source_id: str, pseudonym: str) -> str:
        """Pseudonym and role only: "Amber Heron — campaign manager · VoterGraph · 3 notes"."""
        source = self.catalog.source(source_id)
        org = self.catalog.organisation(source.organisation_id) if source else None
        count = self.catalog.source_counts.get(source_id, 0)
        notes = self.tr("1 note") if count == 1 else self.tr("{} notes").format(count)
        parts = [source.role_description if source else "", org.name if org else "", notes]
        return f"{pseudonym} — " + " · ".join(p for p in parts if p)


def _find(session: Session) -> Any:
    def job(_progress: Any, _cancel: Any) -> list[DuplicateSources]:
        with session.worker() as desk:
            return list(desk.duplicate_sources())

    return job


class DuplicatesBar(QFrame):
    """The line "2 people may be registered twice." with Review…; hidden when none."""

    merged = Signal(str, str)  # what the status bar says, the survivor's id

    def __init__(self, session: Session, catalog: Catalog, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("duplicatesBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.session = session
        self.catalog = catalog
        self.pairs: list[DuplicateSources] = []
        self._task: Task | None = None
        self._again = False
        self.dialog: DuplicatesDialog | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.review_button = QPushButton(self.tr("Review &pairs…"))
        self.review_button.setObjectName("reviewDuplicates")
        self.review_button.clicked.connect(self.review)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.review_button)
        self.hide()

    @property
    def checking(self) -> bool:
        return self._task is not None and self._task.running

    def check(self) -> None:
        """Ask the core again (after every change of sources or a sync), in a worker."""
        if not may_look(self.session) or not self.session.is_open:
            self.hide()
            return
        if self.checking:
            self._again = True  # what changed meanwhile is looked at once this one ends
            return
        self._again = False
        self._task = Task(_find(self.session), on_done=self._found,
                          on_error=lambda _e: self.hide()).start()  # fmt: skip

    def _found(self, pairs: list[DuplicateSources]) -> None:
        if self._again:
            self.check()
            return
        self.pairs = pairs
        count = len(pairs)
        self.label.setText(
            self.tr("1 person may be registered twice, for example on two laptops.")
            if count == 1 else
            self.tr("{} people may be registered twice, for example on two laptops.")
            .format(count)
        )  # fmt: skip
        self.setVisible(count > 0)
        if self.dialog is not None:
            self.dialog.set_pairs(pairs)

    def review(self) -> None:
        if not self.pairs:
            return
        dialog = self.dialog = DuplicatesDialog(self.session, self.catalog, self)
        dialog.set_pairs(self.pairs)
        dialog.merged.connect(self.merged)
        dialog.finished.connect(lambda _c: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: DuplicatesDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def teardown(self) -> None:
        if self._task is not None and self._task.running:
            self._task.abandon()
        if self.dialog is not None:
            self.dialog.abandon()
            self.dialog.reject()
        self.pairs = []
        self.label.clear()
        self.hide()


class DuplicatesDialog(QDialog):
    """The pairs, which one stays, Merge…."""

    merged = Signal(str, str)  # what the status bar says, the survivor's id

    def __init__(self, session: Session, catalog: Catalog, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("duplicatesDialog")
        self.setWindowTitle(self.tr("Possible duplicate sources"))
        self.session = session
        self._task: Task | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(muted(self.tr(
            "Each pair may be one person registered twice, for example on two laptops. They "
            "are compared by their names, which stay hidden here; reveal each in the Sources "
            "tab to check (the history records it).")))  # fmt: skip
        self.model = PairModel(catalog, self)
        self.table = record_table(self.model, self.tr("Possible duplicates"),
                                  name="duplicatesTable")  # fmt: skip
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._pair_chosen)
        layout.addWidget(self.table, 1)
        layout.addWidget(QLabel(self.tr("Which one stays? Its pseudonym is kept:")))
        self.keep_first = QRadioButton()
        self.keep_first.setObjectName("keepFirst")
        self.keep_again = QRadioButton()
        self.keep_again.setObjectName("keepAgain")
        self.keep = QButtonGroup(self)
        for button in (self.keep_first, self.keep_again):
            self.keep.addButton(button)
            layout.addWidget(button)
        self.busy = BusyRow()
        layout.addWidget(self.busy)
        self.message = InlineMessage()
        self.message.setObjectName("duplicatesMessage")
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.merge_button = self.buttons.addButton(
            self.tr("&Merge…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.merge_button.setObjectName("mergeSources")
        self.merge_button.clicked.connect(self.ask_merge)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        fit_dialog(self, 760, 420)
        self._pair_chosen()

    # --- showing ---------------------------------------------------------------------------

    def set_pairs(self, pairs: list[DuplicateSources]) -> None:
        chosen = self.selected()
        self.model.set_items(pairs)
        if not pairs:
            self.message.show_info(self.tr("No more possible duplicates."))
        keys = [(p.survivor_id, p.other_id) for p in pairs]
        if chosen is not None and (chosen.survivor_id, chosen.other_id) in keys:
            self.table.selectRow(keys.index((chosen.survivor_id, chosen.other_id)))
        elif pairs:
            self.table.selectRow(0)
        self._pair_chosen()

    def selected(self) -> DuplicateSources | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.item(rows[0].row()) if rows else None

    def _pair_chosen(self, *_: Any) -> None:
        pair = self.selected()
        for button, text in ((self.keep_first, pair and pair.survivor),
                             (self.keep_again, pair and pair.other)):  # fmt: skip
            button.setText(self.tr("Keep {}").format(text) if text else "")
            button.setVisible(pair is not None)
        if pair is not None:
            self.keep_first.setChecked(True)  # the earlier registration, as the core proposes
        self.merge_button.setEnabled(pair is not None and not self.busy_now)

    @property
    def busy_now(self) -> bool:
        return self._task is not None and self._task.running

    def survivor_and_other(self) -> tuple[str, str, str, str] | None:
        """(survivor id, its pseudonym, other id, its pseudonym) as chosen."""
        pair = self.selected()
        if pair is None:
            return None
        first = (pair.survivor_id, pair.survivor)
        again = (pair.other_id, pair.other)
        keep, merge = (first, again) if self.keep_first.isChecked() else (again, first)
        return (*keep, *merge)

    # --- merging -----------------------------------------------------------------------------

    def ask_merge(self) -> None:
        chosen = self.survivor_and_other()
        if chosen is None or self.busy_now:
            return
        survivor_id, survivor, other_id, other = chosen
        from ui.confirm import confirm

        count = self.model.catalog.source_counts.get(other_id, 0)
        follow = (self.tr("its 1 note follows") if count == 1
                  else self.tr("its {} notes follow").format(count))  # fmt: skip
        self.merge_confirm = confirm(
            self, name="mergeConfirm", title=self.tr("Merge two sources"),
            text=self.tr("Merge {} into {}?").format(other, survivor),
            informative=self.tr(
                "{0} keeps its pseudonym; {1} becomes its alias and {2}. The merge is signed "
                "into the history and reaches the other copies with the next sync; it "
                "cannot be undone.").format(survivor, other, follow),
            action=self.tr("Merge"),
            on_yes=lambda: self.merge(survivor_id, other_id),
        )  # fmt: skip

    def merge(self, survivor_id: str, other_id: str) -> None:
        if self.busy_now:
            return
        session = self.session

        def job(_progress: Any, _cancel: Any) -> tuple[str, str, list[DuplicateSources]]:
            with session.worker() as desk:
                other = desk.source(other_id).pseudonym
                kept = desk.merge_sources(survivor_id, other_id)
                return other, kept.pseudonym, list(desk.duplicate_sources())

        self.message.clear()
        self.busy.start(self.tr("Merging: the notes move to the source that stays…"))
        self._task = Task(job, on_done=lambda r: self._merged(survivor_id, *r),
                          on_error=self._failed).start()  # fmt: skip
        self._pair_chosen()

    def _merged(self, survivor_id: str, other: str, kept: str,
                pairs: list[DuplicateSources]) -> None:  # fmt: skip
        self.busy.stop()
        said = self.tr("{} merged into {}; its notes follow. The next sync takes it to the "
                       "other copies.").format(other, kept)  # fmt: skip
        self.merged.emit(said, survivor_id)  # the catalog is reread before the list
        self.set_pairs(pairs)
        self.message.show_info(said if pairs else said + " " + self.tr(
            "No more possible duplicates."))  # fmt: skip

    def _failed(self, exc: BaseException) -> None:
        self.busy.stop()
        self.message.show_error(user_message(exc))
        self._pair_chosen()

    def abandon(self) -> None:
        if self._task is not None and self._task.running:
            self._task.abandon()
