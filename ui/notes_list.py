"""The notes list panel: its title and count, the New note button, and the lazy table
(ui/notes_model.py) with the columns a person can show or hide."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui.layoutfit import ColumnFitter
from ui.notes_model import (
    EVENT,
    KIND,
    MATCH,
    ORGS,
    SOURCES,
    TAGS,
    TITLE,
    WHEN,
    NotesModel,
    TitleDelegate,
    when_text,
)
from ui.widgets import muted, record_table

if TYPE_CHECKING:
    from ui.catalog import Catalog
    from ui.session import Session


class NotesList(QWidget):
    def __init__(self, session: Session, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._event_hidden_by_user = False
        list_layout = QVBoxLayout(self)
        list_layout.setContentsMargins(6, 6, 0, 0)
        list_layout.setSpacing(4)
        head = QHBoxLayout()
        self.list_title = QLabel()
        self.list_title.setObjectName("listTitle")
        font = self.list_title.font()
        font.setBold(True)
        self.list_title.setFont(font)
        self.list_count = muted(wrap=False)
        self.new_button = QToolButton()
        self.new_button.setText(self.tr("New note"))
        self.new_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.new_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        head.addWidget(self.list_title)
        head.addWidget(self.list_count)
        head.addStretch(1)
        head.addWidget(self.new_button)
        list_layout.addLayout(head)

        self.model = NotesModel(session, self)
        self.model.asynchronous = True
        self.model.set_tag_labels(lambda t: catalog.tag_label(t))
        self.table = record_table(self.model, self.tr("Notes"), name="notesTable", multi=True)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(WHEN, Qt.SortOrder.DescendingOrder)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(60)
        header.resizeSection(WHEN, self.fontMetrics().horizontalAdvance("2026-03-10 10:40") + 16)
        header.resizeSection(KIND, 96)
        header.resizeSection(EVENT, 150)
        header.resizeSection(ORGS, 150)
        header.resizeSection(SOURCES, 130)
        header.resizeSection(TAGS, 150)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        for column in (KIND, MATCH, ORGS, SOURCES, TAGS):
            self.table.setColumnHidden(column, True)
        self.title_delegate = TitleDelegate(self.model, self.table)
        self.table.setItemDelegateForColumn(TITLE, self.title_delegate)
        self._row_height = self.fontMetrics().height() + 8
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        self.column_fitter = ColumnFitter(self.table, title=TITLE, when=WHEN,
                                          sample_date=when_text(datetime(2026, 12, 28, 23, 58)))
        list_layout.addWidget(self.table, 1)

    def selected_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [nid for nid in (self.model.note_id(r) for r in rows) if nid]

    def select_note(self, note_id: str, *, open_it: bool = True) -> None:
        """Make ``note_id`` the current row; ``open_it`` False: without opening it (the
        editor already shows it)."""
        row = self.model.row_of(note_id)
        if row < 0:
            return
        index = self.model.index(row, TITLE)
        sm = self.table.selectionModel()
        if not open_it:
            sm.blockSignals(True)
        sm.setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )  # fmt: skip
        if not open_it:
            sm.blockSignals(False)
            self.table.viewport().update()
        self.table.scrollTo(index)

    def show_search_columns(self, searching: bool) -> None:
        """Search results: title and snippet on two lines; the event column makes room."""
        self.table.setColumnHidden(EVENT, searching or self._event_hidden_by_user)
        if self.table.isSortingEnabled() == searching:
            self.table.setSortingEnabled(not searching)
        line = self.fontMetrics().lineSpacing()
        self.table.verticalHeader().setDefaultSectionSize(
            line * 2 + 10 if searching else self._row_height
        )

    def _header_menu(self, pos) -> None:
        menu = QMenu(self)
        for column in (KIND, EVENT, ORGS, SOURCES, TAGS):
            action = menu.addAction(self.model.headers[column])
            action.setCheckable(True)
            action.setChecked(not self.table.isColumnHidden(column))
            action.toggled.connect(lambda on, c=column: self._toggle_column(c, on))
        menu.exec(self.table.horizontalHeader().mapToGlobal(pos))

    def _toggle_column(self, column: int, shown: bool) -> None:
        if column == EVENT:
            self._event_hidden_by_user = not shown
        self.table.setColumnHidden(column, not shown)
