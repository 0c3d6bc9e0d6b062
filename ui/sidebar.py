"""Sidebar: all notes, kinds, events, organisations, sources (by pseudonym), tags.

Choosing an entry filters the notes list (and the search) by it.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QStyle, QTreeView, QWidget

from influence_desk.model import NoteKind
from ui import labels

if TYPE_CHECKING:
    from influence_desk.desk import NoteFilter
    from influence_desk.model import Event, Organisation, Source

FILTER_ROLE = Qt.ItemDataRole.UserRole + 1


class Sidebar(QTreeView):
    filter_changed = Signal(object)  # NoteFilter
    saved_chosen = Signal(str)  # the id of a saved search (ui/filter_panel.py applies it)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        self.setAccessibleName(self.tr("Filters"))
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.model_ = QStandardItemModel(self)
        self.setModel(self.model_)
        self.selectionModel().currentChanged.connect(self._current_changed)
        self._expanded: set[str] = {"kinds", "events", "tags", "tags:use"}
        self._current_key: tuple[str, str] = ("all", "")
        self._saved: list[tuple[str, str]] = []  # (id, name) of the vault's saved searches
        self.setMinimumWidth(170)

    def populate(
        self,
        total: int,
        events: list[Event],
        organisations: list[Organisation],
        sources: list[Source],
        source_counts: dict[str, int],
        tags: list[tuple[str, int]],
        taxonomy,
    ) -> None:
        """Rebuild, keeping what was chosen and what was open."""
        self._remember_expanded()
        self.blockSignals(True)
        self.model_.clear()
        root = self.model_.invisibleRootItem()
        style = self.style()
        folder = style.standardIcon(QStyle.StandardPixmap.SP_DirIcon)
        all_item = self._item(self.tr("All notes"), ("all", ""), total)
        all_item.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView))
        root.appendRow(all_item)

        kinds = self._section(self.tr("Kinds"), "kinds", folder)
        for kind in NoteKind:
            kinds.appendRow(self._item(labels.note_kind(kind), ("kind", kind.value)))
        root.appendRow(kinds)

        events_item = self._section(self.tr("Events"), "events", folder)
        newest_first = sorted(
            events, key=lambda e: (e.start_date or date.min, e.name.casefold()), reverse=True
        )
        for event in newest_first:
            item = self._item(event.name, ("event", event.id))
            where = ", ".join(x for x in (event.city, event.country) if x)
            item.setToolTip(
                f"{event.name}\n{labels.event_kind(event.kind)}{' — ' + where if where else ''}"
            )
            events_item.appendRow(item)
        root.appendRow(events_item)

        orgs_item = self._section(self.tr("Organisations"), "orgs", folder)
        for org in sorted(organisations, key=lambda o: o.name.casefold()):
            item = self._item(org.name, ("org", org.id))
            item.setToolTip(f"{org.name}\n{labels.org_type(org.type)}")
            orgs_item.appendRow(item)
        root.appendRow(orgs_item)

        sources_item = self._section(self.tr("Sources"), "sources", folder)
        for source in sorted(sources, key=lambda s: s.pseudonym.casefold()):
            item = self._item(source.pseudonym, ("source", source.id), source_counts.get(source.id))
            item.setToolTip(source.role_description or self.tr("No role description yet"))
            sources_item.appendRow(item)
        root.appendRow(sources_item)

        tags_item = self._section(self.tr("Tags"), "tags", folder)
        counts = dict(tags)
        for group_id, group_label in (("use", self.tr("Uses of data")),
                                      ("method", self.tr("Methods"))):  # fmt: skip
            group = self._section(group_label, f"tags:{group_id}", None)
            for term in taxonomy.in_group(group_id) if taxonomy is not None else ():
                item = self._item(term.label, ("tag", term.slug), counts.get(term.slug))
                item.setToolTip(f"{term.label}\n{term.description}")
                group.appendRow(item)
            tags_item.appendRow(group)
        free = [(t, n) for t, n in tags if taxonomy is None or t not in taxonomy]
        if free:
            group = self._section(self.tr("Free tags"), "tags:free", None)
            for tag, count in sorted(free, key=lambda tn: tn[0].casefold()):
                group.appendRow(self._item(tag, ("tag", tag), count))
            tags_item.appendRow(group)
        root.appendRow(tags_item)
        self._add_saved(root, folder)
        self._restore_expanded()
        self.blockSignals(False)
        self._select_key(self._current_key)

    def set_saved(self, searches: list) -> None:
        """The saved searches section (SavedSearch records), rebuilt in place."""
        self._saved = [(s.id, s.name) for s in searches]
        root = self.model_.invisibleRootItem()
        for row in range(root.rowCount()):
            if tuple(root.child(row).data(FILTER_ROLE) or ()) == ("section", "saved"):
                root.removeRow(row)
                break
        if root.rowCount():
            self._add_saved(root, self.style().standardIcon(QStyle.StandardPixmap.SP_DirIcon))
            self._restore_expanded()

    def _add_saved(self, root: QStandardItem, icon) -> None:
        if not self._saved:
            return
        section = self._section(self.tr("Saved searches"), "saved", icon)
        for search_id, name in self._saved:
            section.appendRow(self._item(name, ("saved", search_id)))
        root.appendRow(section)
        self._expanded.add("saved")

    def _item(self, text: str, key: tuple[str, str], count: int | None = None) -> QStandardItem:
        item = QStandardItem(f"{text}  ({count})" if count else text)
        item.setData(key, FILTER_ROLE)
        item.setAccessibleText(text)
        item.setEditable(False)
        return item

    def _section(self, text: str, key: str, icon) -> QStandardItem:
        item = QStandardItem(text)
        if icon is not None:
            item.setIcon(icon)
        item.setData(("section", key), FILTER_ROLE)
        item.setSelectable(False)
        item.setEditable(False)
        return item

    def _walk(self, parent: QStandardItem | None = None):
        parent = parent or self.model_.invisibleRootItem()
        for row in range(parent.rowCount()):
            child = parent.child(row)
            yield child
            yield from self._walk(child)

    def _remember_expanded(self) -> None:
        if self.model_.rowCount() == 0:
            return
        self._expanded = {
            item.data(FILTER_ROLE)[1]
            for item in self._walk()
            if item.hasChildren() and self.isExpanded(item.index())
        }

    def _restore_expanded(self) -> None:
        for item in self._walk():
            key = item.data(FILTER_ROLE)
            if item.hasChildren() and key and key[1] in self._expanded:
                self.setExpanded(item.index(), True)

    def _select_key(self, key: tuple[str, str]) -> None:
        for item in self._walk():
            if tuple(item.data(FILTER_ROLE) or ()) == key:
                self.setCurrentIndex(item.index())
                return
        self.setCurrentIndex(self.model_.index(0, 0))

    def select_all_notes(self) -> None:
        self._select_key(("all", ""))

    def current_filter(self) -> NoteFilter:
        return filter_for(self._current_key)

    def _current_changed(self, current, _previous) -> None:
        key = current.data(FILTER_ROLE) if current.isValid() else None
        if not key or key[0] == "section":
            return
        key = (str(key[0]), str(key[1]))
        if key[0] == "saved":
            self.saved_chosen.emit(key[1])  # every click applies it again
            return
        if key != self._current_key:
            self._current_key = key
            self.filter_changed.emit(filter_for(key))

    def clear(self) -> None:
        self.model_.clear()


def filter_for(key: tuple[str, str]) -> NoteFilter:
    from influence_desk.desk import NoteFilter

    kind, value = key
    if kind == "kind":
        return NoteFilter(kind=NoteKind(value))
    if kind == "event":
        return NoteFilter(event_id=value)
    if kind == "org":
        return NoteFilter(organisation_id=value)
    if kind == "source":
        return NoteFilter(source_id=value)
    if kind == "tag":
        return NoteFilter(tag=value)
    return NoteFilter()
