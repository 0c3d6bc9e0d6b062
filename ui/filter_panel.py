"""Combined filters over the notes list (kind + event + organisation + tag + date range)
and saved searches (listed in the sidebar, stored inside the vault by the core's
``saved_searches``; never in settings.json, since a search may hold a name).

The sidebar's one-click choices set the panel (an event chosen there shows in the Event
box, the other boxes keep theirs); the panel's combination is the list's filter, the
search's filter and the export's scope.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from influence_desk.model import NoteKind
from ui import labels
from ui.tasks import user_message
from ui.widgets import ElidedLabel

if TYPE_CHECKING:
    from collections.abc import Callable

    from influence_desk.desk import NoteFilter
    from ui.catalog import Catalog
    from ui.session import Session


def _day(text: str) -> date | None:
    text = text.strip()
    return date.fromisoformat(text) if text else None


class FilterPanel(QWidget):
    filter_changed = Signal(object)  # NoteFilter
    query_chosen = Signal(str)  # a saved search's text, for the search box
    saved_changed = Signal(list)  # [SavedSearch]: the sidebar lists them
    problem = Signal(str)  # one sentence for the status bar

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterPanel")
        self.session = session
        self._source_id: str | None = None  # set from the sidebar only
        self._saved: list[Any] = []
        self.current_query: Callable[[], str] = lambda: ""  # the search box's text
        self.source_name: Callable[[str], str] = lambda _sid: ""  # a pseudonym
        self._quiet = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.toggle = QToolButton()
        self.toggle.setObjectName("filtersToggle")
        self.toggle.setText(self.tr("Filters"))
        self.toggle.setCheckable(True)
        self.toggle.setAccessibleName(self.tr("Show the filters"))
        # Never wider than the list column allows (1024 px screens, German words).
        self.summary = ElidedLabel()
        self.summary.setObjectName("filterSummary")
        self.clear_button = QToolButton()
        self.clear_button.setText(self.tr("Clear filters"))
        self.save_button = QToolButton()
        self.save_button.setText(self.tr("Save search…"))
        self.save_button.setObjectName("saveSearch")
        # A saved search is a signed entry: an auditor key writes nothing (it was refused
        # only after a name had been typed).
        self.save_button.setEnabled(session.can_write)
        row.addWidget(self.toggle)
        row.addWidget(self.summary, 1)
        row.addWidget(self.clear_button)
        row.addWidget(self.save_button)
        outer.addLayout(row)

        self.form = QWidget()
        grid = QGridLayout(self.form)
        grid.setContentsMargins(0, 0, 0, 0)
        self.kind_box = QComboBox()
        self.event_box = QComboBox()
        self.org_box = QComboBox()
        self.tag_box = QComboBox()
        self.date_from = QLineEdit()
        self.date_to = QLineEdit()
        for combo in (self.kind_box, self.event_box, self.org_box, self.tag_box):
            # Long event names must not widen the list column.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(3)  # 8 widened a 1024 px window (German labels)
        for edit in (self.date_from, self.date_to):
            edit.setPlaceholderText("YYYY-MM-DD")
            edit.setMaxLength(10)
        fields: list[tuple[str, QWidget]] = [
            (self.tr("Kind"), self.kind_box), (self.tr("Event"), self.event_box),
            (self.tr("Organisation"), self.org_box), (self.tr("Tag"), self.tag_box),
            (self.tr("From"), self.date_from), (self.tr("To"), self.date_to),
        ]  # fmt: skip
        for i, (text, widget) in enumerate(fields):
            widget.setAccessibleName(text)
            label = QLabel(text)
            label.setBuddy(widget)
            grid.addWidget(label, i // 2, (i % 2) * 2)
            grid.addWidget(widget, i // 2, (i % 2) * 2 + 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        outer.addWidget(self.form)
        self.form.setVisible(False)
        self.toggle.toggled.connect(self.form.setVisible)
        for combo in (self.kind_box, self.event_box, self.org_box, self.tag_box):
            combo.currentIndexChanged.connect(self._changed)
        for edit in (self.date_from, self.date_to):
            edit.editingFinished.connect(self._changed)
        self.clear_button.clicked.connect(self.clear)
        self.save_button.clicked.connect(self.ask_save)
        self._fill_kinds()
        self._update_summary()

    def focus_chain(self) -> list[QWidget]:
        return [self.toggle, self.kind_box, self.event_box, self.org_box, self.tag_box,
                self.date_from, self.date_to, self.clear_button, self.save_button]  # fmt: skip

    # --- choices ----------------------------------------------------------------------------

    def _fill_kinds(self) -> None:
        self.kind_box.addItem(self.tr("Any kind"), None)
        for kind in NoteKind:
            self.kind_box.addItem(labels.note_kind(kind), kind.value)

    def populate(self, catalog: Catalog) -> None:
        """The boxes' choices from the catalog, keeping what was chosen."""
        chosen = self.current_filter()
        self._quiet = True
        for combo, any_text, items in (
            (self.event_box, self.tr("Any event"), [(e.name, e.id) for e in catalog.events]),
            (self.org_box, self.tr("Any organisation"),
             [(o.name, o.id) for o in sorted(catalog.organisations,
                                             key=lambda o: o.name.casefold())]),
            (self.tag_box, self.tr("Any tag"),
             [(catalog.tag_label(t), t) for t, _ in catalog.tags]),
        ):  # fmt: skip
            combo.clear()
            combo.addItem(any_text, None)
            for text, value in items:
                combo.addItem(text, value)
        self._quiet = False
        self.set_filter(chosen, emit=False)
        self.reload_saved()

    def set_filter(self, f: NoteFilter, *, emit: bool = True) -> None:
        self._quiet = True
        for combo, value in ((self.kind_box, NoteKind(f.kind).value if f.kind else None),
                             (self.event_box, f.event_id), (self.org_box, f.organisation_id),
                             (self.tag_box, f.tag)):  # fmt: skip
            index = combo.findData(value) if value else 0
            if value and index < 0:  # not listed (yet): keep it chosen anyway
                combo.addItem(value, value)
                index = combo.count() - 1
            combo.setCurrentIndex(max(index, 0))
        self.date_from.setText(f.date_from.isoformat() if f.date_from else "")
        self.date_to.setText(f.date_to.isoformat() if f.date_to else "")
        self._source_id = f.source_id
        self._quiet = False
        if any((f.kind, f.event_id, f.organisation_id, f.tag, f.date_from, f.date_to)):
            self.toggle.setChecked(True)
        self._update_summary()
        if emit:
            self.filter_changed.emit(self.current_filter())

    def from_sidebar(self, f: NoteFilter) -> None:
        """A sidebar click: its one dimension replaces that box; "All notes" clears all."""
        from dataclasses import replace

        from influence_desk.desk import NoteFilter

        if f == NoteFilter():
            self.set_filter(f)
            return
        current = replace(self.current_filter(), source_id=None)
        changes = {k: v for k, v in vars(f).items() if v is not None}
        self.set_filter(replace(current, **changes))

    def current_filter(self) -> NoteFilter:
        from influence_desk.desk import NoteFilter

        kind = self.kind_box.currentData()
        try:
            start, end = _day(self.date_from.text()), _day(self.date_to.text())
        except ValueError:
            start = end = None
        return NoteFilter(
            kind=NoteKind(kind) if kind else None, event_id=self.event_box.currentData(),
            organisation_id=self.org_box.currentData(), source_id=self._source_id,
            tag=self.tag_box.currentData(), date_from=start, date_to=end,
        )  # fmt: skip

    def label(self) -> str:
        """The filter in words, for the export's "All notes in …"."""
        boxes = (self.kind_box, self.event_box, self.org_box, self.tag_box)
        parts = [c.currentText() for c in boxes if c.currentIndex() > 0]
        f = self.current_filter()
        if f.date_from or f.date_to:
            parts.append(f"{f.date_from or '…'} – {f.date_to or '…'}")
        if f.source_id:
            parts.append(self.source_name(f.source_id) or self.tr("one source"))
        return " · ".join(parts)

    def clear(self) -> None:
        from influence_desk.desk import NoteFilter

        self.set_filter(NoteFilter())

    def _changed(self) -> None:
        if self._quiet:
            return
        for edit in (self.date_from, self.date_to):
            try:
                _day(edit.text())
            except ValueError:
                self.problem.emit(self.tr("A date is written YYYY-MM-DD, e.g. 2026-03-12."))
                return
        f = self.current_filter()
        if f.date_from and f.date_to and f.date_from > f.date_to:
            self.problem.emit(self.tr("The date range ends before it starts."))
            return
        self._update_summary()
        self.filter_changed.emit(f)

    def _update_summary(self) -> None:
        text = self.label()
        self.summary.setText(text or self.tr("All notes"))
        self.clear_button.setEnabled(bool(text))

    # --- saved searches -------------------------------------------------------------------

    def reload_saved(self) -> list[Any]:
        from influence_desk.saved_searches import saved_searches

        try:
            with self.session.gui(timeout=2.0) as desk:
                found = saved_searches(desk)
        except Exception as exc:
            self.problem.emit(user_message(exc))
            return []
        self._saved = found
        self.saved_changed.emit(found)
        return found

    def choose_saved(self, search_id: str) -> None:
        """Apply a saved search: its filters, then its text in the search box."""
        search = next((s for s in self._saved if s.id == search_id), None)
        if search is None:
            return
        self.set_filter(search.filter)
        self.query_chosen.emit(search.query)

    def ask_save(self, query: str | None = None) -> None:
        name, ok = QInputDialog.getText(
            self, self.tr("Save search"), self.tr("Name of this search (kept in the vault):")
        )
        if ok and name.strip():
            self.save_as(name, self._query() if query is None else query)

    def _query(self) -> str:
        return self.current_query()

    def save_as(self, name: str, query: str) -> None:
        from influence_desk.saved_searches import SavedSearch, save_search

        try:
            with self.session.gui() as desk:
                save_search(desk, SavedSearch(name, query, self.current_filter()))
        except Exception as exc:
            self.problem.emit(user_message(exc))
            return
        self.reload_saved()
