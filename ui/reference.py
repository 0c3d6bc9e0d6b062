"""Events and organisations: list, add, edit, merge duplicates (the page does the writing)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QSplitter,
    QStyle,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ui import labels
from ui.dialogs import EventDialog, MergeDialog, OrganisationDialog
from ui.tablemodel import ITEM_ROLE, TableModel
from ui.tasks import user_message
from ui.widgets import heading, make_action, muted, record_table

if TYPE_CHECKING:
    from collections.abc import Callable

    from influence_desk.desk import Desk
    from influence_desk.model import Event, Organisation
    from ui.session import Session

class EventsModel(TableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(
            [self.tr("Event"), self.tr("Kind"), self.tr("Where"), self.tr("Dates")], parent
        )

    def text(self, item: Event, column: int) -> str:
        if column == 0:
            return item.name
        if column == 1:
            return labels.event_kind(item.kind)
        if column == 2:
            return ", ".join(x for x in (item.city, item.country) if x)
        if item.start_date is None:
            return ""
        if item.end_date and item.end_date != item.start_date:
            return f"{item.start_date.isoformat()} – {item.end_date.isoformat()}"
        return item.start_date.isoformat()


class OrganisationsModel(TableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(
            [self.tr("Organisation"), self.tr("Type"), self.tr("Countries"),
             self.tr("Also known as")],
            parent,
        )  # fmt: skip

    def text(self, item: Organisation, column: int) -> str:
        if column == 0:
            return item.name
        if column == 1:
            return labels.org_type(item.type)
        if column == 2:
            return ", ".join(item.countries)
        return ", ".join(item.aliases)


class _Pane(QWidget):
    add_requested = Signal()
    edit_requested = Signal(object)
    merge_requested = Signal(object, object)
    show_notes_requested = Signal(object)

    def __init__(self, title: str, model: TableModel, writable: bool, parent=None) -> None:
        super().__init__(parent)
        self.writable = writable
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading(title, 1.15))
        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        ctx = Qt.ShortcutContext.WidgetWithChildrenShortcut
        self.add_action = make_action(
            self, self.tr("&Add…"), context=ctx,
            icon=QStyle.StandardPixmap.SP_FileDialogNewFolder, slot=self.add_requested.emit,
        )  # fmt: skip
        self.edit_action = make_action(
            self, self.tr("&Edit…"), context=ctx,  # Return or a double click: activated
            icon=QStyle.StandardPixmap.SP_FileDialogDetailedView, slot=self._edit,
        )  # fmt: skip
        self.merge_action = make_action(
            self, self.tr("&Merge two…"), context=ctx,
            icon=QStyle.StandardPixmap.SP_ArrowDown, slot=self._merge,
            tip=self.tr("Select two duplicates (Ctrl+click) and merge them"),
        )  # fmt: skip
        self.notes_action = make_action(
            self, self.tr("Show &notes"), icon=QStyle.StandardPixmap.SP_FileDialogListView,
            slot=self._show_notes,
        )  # fmt: skip
        for action in (self.add_action, self.edit_action, self.merge_action, self.notes_action):
            self.toolbar.addAction(action)
        layout.addWidget(self.toolbar)
        self.model = model
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(model)
        self.proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.table = record_table(self.proxy, title, multi=True)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.activated.connect(lambda _i: self._edit())
        self.table.selectionModel().selectionChanged.connect(self.update_actions)
        layout.addWidget(self.table, 1)
        self.update_actions()

    def selected(self) -> list[Any]:
        rows = self.table.selectionModel().selectedRows()
        return [self.proxy.mapToSource(r).data(ITEM_ROLE) for r in rows]

    def update_actions(self) -> None:
        count = len(self.selected())
        self.add_action.setEnabled(self.writable)
        self.edit_action.setEnabled(self.writable and count == 1)
        self.merge_action.setEnabled(self.writable and count == 2)
        self.notes_action.setEnabled(count == 1)

    def _edit(self) -> None:
        items = self.selected()
        if self.writable and len(items) == 1:
            self.edit_requested.emit(items[0])

    def _merge(self) -> None:
        items = self.selected()
        if self.writable and len(items) == 2:
            self.merge_requested.emit(items[0], items[1])

    def _show_notes(self) -> None:
        items = self.selected()
        if len(items) == 1:
            self.show_notes_requested.emit(items[0])


class ReferencePage(QWidget):
    """The Events and organisations tab: adding, editing and merging them happen here."""

    changed = Signal(str)  # written; what the status bar says
    show_notes_requested = Signal(object)  # ("event" | "org", id)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("referencePage")
        self.session = session
        self._torn_down = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(
            muted(
                self.tr(
                    "Organisations are public actors and are shown by name. Select two "
                    "duplicates to merge them: the notes of one move to the other."
                )
            )
        )
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.events = _Pane(self.tr("Events"), EventsModel(self), session.can_write)
        self.organisations = _Pane(
            self.tr("Organisations"), OrganisationsModel(self), session.can_write
        )
        splitter.addWidget(self.events)
        splitter.addWidget(self.organisations)
        splitter.setSizes([10_000, 10_000])
        row = QHBoxLayout()
        row.addWidget(splitter)
        layout.addLayout(row, 1)
        self.events.add_requested.connect(lambda: self.edit_event(None))
        self.events.edit_requested.connect(self.edit_event)
        self.events.merge_requested.connect(self.merge_events)
        self.events.show_notes_requested.connect(
            lambda e: self.show_notes_requested.emit(("event", e.id))
        )
        orgs = self.organisations
        orgs.add_requested.connect(lambda: self.edit_organisation(None))
        orgs.edit_requested.connect(self.edit_organisation)
        orgs.merge_requested.connect(self.merge_organisations)
        orgs.show_notes_requested.connect(lambda o: self.show_notes_requested.emit(("org", o.id)))

    def set_catalog(self, catalog) -> None:
        self.events.model.set_items(catalog.events)
        self.organisations.model.set_items(catalog.organisations)
        self.events.update_actions()
        self.organisations.update_actions()

    def edit_actions(self) -> list[Any]:
        return [
            pane_action for pane in (self.events, self.organisations)
            for pane_action in (pane.add_action, pane.edit_action, pane.merge_action)
        ]  # fmt: skip

    # --- writing ----------------------------------------------------------------------------

    def _write(self, call: Callable[[Desk], object], message: str = "") -> bool:
        try:
            with self.session.gui(timeout=2.0) as desk:
                call(desk)
        except Exception as exc:
            QMessageBox.warning(self, self.tr("Not saved"), user_message(exc))
            return False
        self.changed.emit(message)
        return True

    def edit_event(self, event: Event | None) -> None:
        if not self.session.can_write:
            return
        dialog = EventDialog(event, self)
        if dialog.exec() != EventDialog.DialogCode.Accepted or self._torn_down:
            return
        values = dialog.values()
        if event is None:
            self._write(lambda d: d.add_event(**values), self.tr("Event added."))
        else:
            self._write(lambda d: d.update_event(replace(event, **values)), self.tr("Saved."))

    def edit_organisation(self, org: Organisation | None) -> None:
        if not self.session.can_write:
            return
        dialog = OrganisationDialog(org, self)
        if dialog.exec() != OrganisationDialog.DialogCode.Accepted or self._torn_down:
            return
        values = dialog.values()
        if org is None:
            self._write(lambda d: d.add_organisation(**values), self.tr("Organisation added."))
        else:
            self._write(lambda d: d.update_organisation(replace(org, **values)), self.tr("Saved."))

    def merge_events(self, first: Event, second: Event) -> None:
        dialog = MergeDialog(self.tr("events"), first.name, second.name, self)
        if dialog.exec() != MergeDialog.DialogCode.Accepted or self._torn_down:
            return
        keep, drop = (first, second) if dialog.keeps_first() else (second, first)
        self._write(lambda d: d.merge_events(keep.id, drop.id), self.tr("Events merged."))

    def merge_organisations(self, first: Organisation, second: Organisation) -> None:
        dialog = MergeDialog(self.tr("organisations"), first.name, second.name, self)
        if dialog.exec() != MergeDialog.DialogCode.Accepted or self._torn_down:
            return
        keep, drop = (first, second) if dialog.keeps_first() else (second, first)
        self._write(
            lambda d: d.merge_organisations(keep.id, drop.id), self.tr("Organisations merged.")
        )

    def teardown(self) -> None:
        self._torn_down = True
        self.events.model.set_items([])
        self.organisations.model.set_items([])
