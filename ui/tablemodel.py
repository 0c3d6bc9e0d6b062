"""The one base of the app's table models (sources, events and organisations, people, history,
notes).

A model is a list of rows (``items``: records, or ids for the lazy notes list) and a header
per column; it is read-only and its rows are selectable. A subclass says what a cell shows
(``text``) or, for more than text (fonts, alignment, sort keys), answers ``cell`` itself.
The lazy models (history, notes) grow ``items`` with ``append_items`` or replace them with
``set_items``; the Qt scaffolding is written once, here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()
# The row's own record (a Source, an Event, ...) or id: what a page acts on.
ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
TEXT_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)


class TableModel(QAbstractTableModel):
    def __init__(self, headers: list[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers = headers
        self.items: list[Any] = []

    # --- rows ------------------------------------------------------------------------------

    def set_items(self, items: Iterable[Any]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def append_items(self, items: list[Any]) -> None:
        if not items:
            return
        first = len(self.items)
        self.beginInsertRows(ROOT, first, first + len(items) - 1)
        self.items.extend(items)
        self.endInsertRows()

    def clear(self) -> None:
        """No rows (a lock empties every model it finds: ui.scrub.scrub_models)."""
        self.set_items([])

    def item(self, row: int) -> Any:
        return self.items[row] if 0 <= row < len(self.items) else None

    def rows_changed(self) -> None:
        """Every shown row may read differently now (names of what they refer to changed)."""
        if self.items:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.items) - 1, self.columnCount() - 1)
            )

    # --- what a cell shows -------------------------------------------------------------------

    def text(self, item: Any, column: int) -> str | None:
        raise NotImplementedError

    def cell(self, row: int, column: int, role: int) -> Any:
        item = self.items[row]
        if role == ITEM_ROLE:
            return item
        if role in TEXT_ROLES:
            return self.text(item, column)
        return None

    def header_tip(self, section: int) -> str | None:
        return None

    # --- the Qt model interface ----------------------------------------------------------------

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.headers):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.header_tip(section)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        return self.cell(index.row(), index.column(), role)
