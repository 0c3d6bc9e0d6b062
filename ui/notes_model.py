"""The notes list: ids first (cheap), rows fetched page by page as the view asks for them.

With 100,000 notes the model holds 100,000 id strings and at most ``MAX_PAGES`` pages of
rows; scrolling fetches one page (``Desk.note_rows``) at a time. Sorting happens in the
core (``Desk.note_ids(sort=…)``), so no proxy model has to see every row.
"""

from __future__ import annotations

import html
import re
from collections import OrderedDict
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ui import labels
from ui.session import Busy
from ui.tablemodel import ITEM_ROLE, Index, TableModel
from ui.tasks import Task, user_message

if TYPE_CHECKING:
    from influence_desk.desk import NoteFilter, NoteRow, SearchHit
    from ui.session import Session

PAGE = 100
MAX_PAGES = 40
ID_ROLE = ITEM_ROLE  # a row's item is its note id
SNIPPET_ROLE = Qt.ItemDataRole.UserRole + 2

WHEN, KIND, TITLE, MATCH, EVENT, ORGS, SOURCES, TAGS = range(8)
SORT_KEYS = {WHEN: "occurred_at", KIND: "kind", TITLE: "title", EVENT: "event"}

_SLUG_RE = re.compile(r"(?<![\w:])(?:use|method):[\w\[\]-]+\s*")


def clean_snippet(snippet: str) -> str:
    """A snippet for reading: one line, without the tag slugs the index also holds."""
    return " ".join(_SLUG_RE.sub("", snippet).split())


def when_text(moment: datetime) -> str:
    local = moment.astimezone() if moment.tzinfo is not None else moment
    return local.strftime("%Y-%m-%d %H:%M")


class NotesModel(TableModel):
    loaded = Signal()
    load_failed = Signal(str)

    def __init__(self, session: Session | None = None, parent=None) -> None:
        super().__init__(
            [self.tr("When"), self.tr("Kind"), self.tr("Title"), self.tr("Match"),
             self.tr("Event"), self.tr("Organisations"), self.tr("Sources"), self.tr("Tags")],
            parent,
        )  # fmt: skip
        self.session = session
        self._row_of: dict[str, int] | None = None
        self._pages: OrderedDict[int, dict[str, NoteRow]] = OrderedDict()
        self._snippets: dict[str, str] = {}
        self._filter: NoteFilter | None = None
        self._sort_column = WHEN
        self._descending = True
        self._searching = False
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(150)
        self._retry.timeout.connect(self._refresh_visible)
        self._tag_label = lambda tag: tag
        self.asynchronous = False
        self._load_generation = 0
        self._loading_task: Task | None = None

    # --- loading ---------------------------------------------------------------------

    def set_tag_labels(self, label_for) -> None:
        self._tag_label = label_for

    @property
    def searching(self) -> bool:
        return self._searching

    def load(self, note_filter: NoteFilter | None = None) -> None:
        """All notes matching ``note_filter``, in the current sort order.

        With ``asynchronous`` set (the window does), the ids are read in a worker and the
        list changes when they arrive (``loaded`` is emitted); until then the old rows stay.
        """
        from influence_desk.desk import NoteFilter

        if self.session is None:
            return
        self._filter = note_filter if note_filter is not None else NoteFilter()
        self._load_generation += 1
        generation = self._load_generation
        note_filter_now = self._filter
        sort = SORT_KEYS.get(self._sort_column, "occurred_at")
        descending = self._descending
        session = self.session
        if not self.asynchronous:
            with session.gui(timeout=10.0) as desk:
                ids = desk.note_ids(note_filter_now, sort=sort, descending=descending)
            self._replace(list(ids), {}, searching=False)
            self.loaded.emit()
            return

        def job(_progress, _cancel) -> list[str]:
            with session.worker() as desk:
                return list(desk.note_ids(note_filter_now, sort=sort, descending=descending))

        def done(ids: list[str]) -> None:
            if generation == self._load_generation and self.session is not None:
                self._replace(ids, {}, searching=False)
                self.loaded.emit()

        def failed(exc: BaseException) -> None:
            if generation == self._load_generation:
                self.load_failed.emit(user_message(exc))

        self._loading_task = Task(job, on_done=done, on_error=failed).start()

    @property
    def loading(self) -> bool:
        task = self._loading_task
        return task is not None and task.running

    def show_hits(self, hits: list[SearchHit]) -> None:
        """Search results in rank order, each with its snippet."""
        self._load_generation += 1  # a list still loading must not replace the results
        self._replace([h.id for h in hits], {h.id: h.snippet for h in hits}, searching=True)

    def clear(self) -> None:
        self._load_generation += 1
        if self._loading_task is not None and self._loading_task.running:
            self._loading_task.abandon()
        self._replace([], {}, searching=False)
        self.session = None

    def _replace(self, ids: list[str], snippets: dict[str, str], *, searching: bool) -> None:
        self._row_of = None
        self._pages.clear()
        self._snippets = snippets
        self._searching = searching
        self.set_items(ids)

    def refresh_note(self, note_id: str) -> None:
        """One note changed: drop its cached page and repaint its row."""
        row = self.row_of(note_id)
        if row < 0:
            return
        self._pages.pop(row // PAGE, None)
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def invalidate_rows(self) -> None:
        """Names of events, organisations or sources changed: refetch what is shown."""
        self._pages.clear()
        self.rows_changed()

    def ids(self) -> list[str]:
        return list(self.items)

    def note_id(self, row: int) -> str | None:
        return self.items[row] if 0 <= row < len(self.items) else None

    def row_of(self, note_id: str) -> int:
        if self._row_of is None:
            self._row_of = {nid: i for i, nid in enumerate(self.items)}
        return self._row_of.get(note_id, -1)

    # --- Qt model interface ---------------------------------------------------------------

    def header_tip(self, section: int) -> str | None:
        return None if section in SORT_KEYS else self.tr("This column cannot be sorted")

    def cell(self, row: int, column: int, role: int) -> Any:
        note_id = self.items[row]
        if role == ID_ROLE:
            return note_id
        if role == SNIPPET_ROLE:
            return self._snippets.get(note_id, "")
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                        Qt.ItemDataRole.AccessibleTextRole):  # fmt: skip
            return None
        if column == MATCH:
            snippet = self._snippets.get(note_id, "")
            return clean_snippet(snippet).replace("[", "").replace("]", "") if snippet else None
        stored = self._row(row)
        if stored is None:
            return "…" if role == Qt.ItemDataRole.DisplayRole else None
        if column == TITLE and role == Qt.ItemDataRole.ToolTipRole:
            hit = self._snippets.get(note_id, "")
            return f"{stored.title}\n{hit}" if hit else stored.title
        return self.text(stored, column)

    def text(self, item: NoteRow, column: int) -> str | None:
        if column == WHEN:
            return when_text(item.occurred_at)
        if column == KIND:
            return labels.note_kind(item.kind)
        if column == TITLE:
            return item.title
        if column == EVENT:
            return item.event_name
        if column == ORGS:
            return ", ".join(item.organisation_names)
        if column == SOURCES:
            return ", ".join(item.source_pseudonyms)
        if column == TAGS:
            return ", ".join(self._tag_label(t) for t in item.tags)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting happens in the core: the ids are read again in the new order."""
        if column not in SORT_KEYS:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (column, descending) == (self._sort_column, self._descending):
            return  # the view re-announces the sort it already has (e.g. enabling sorting)
        self._sort_column = column
        self._descending = descending
        if not self._searching and self.session is not None and self._filter is not None:
            self.load(self._filter)

    # --- pages ------------------------------------------------------------------------

    def _row(self, row: int) -> NoteRow | None:
        page_no = row // PAGE
        page = self._pages.get(page_no)
        if page is None:
            if self.session is None:
                return None
            ids = self.items[page_no * PAGE : (page_no + 1) * PAGE]
            try:
                with self.session.gui(timeout=0.05) as desk:
                    rows = desk.note_rows(ids)
            except Busy:
                self._retry.start()
                return None
            page = {r.id: r for r in rows}
            self._pages[page_no] = page
            while len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_no)
        return page.get(self.items[row])

    def _refresh_visible(self) -> None:
        self.rows_changed()

    def cached_pages(self) -> int:
        return len(self._pages)


class TitleDelegate(QStyledItemDelegate):
    """In search mode the title cell holds two lines: the title, and the snippet with the
    matched words in bold (the core marks them with ``[`` and ``]``)."""

    def __init__(self, model: NotesModel, parent=None) -> None:
        super().__init__(parent)
        self._model = model

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        snippet = index.data(SNIPPET_ROLE) if self._model.searching else ""
        if not snippet:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        title = opt.text
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorGroup.Normal
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        rect = opt.rect.adjusted(4, 2, -4, -2)
        line = opt.fontMetrics.lineSpacing()
        painter.save()
        bold = QFont(opt.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(opt.palette.color(group, text_role))
        top = rect.adjusted(0, 0, 0, -(rect.height() - line))
        elided = QFontMetrics(bold).elidedText(title, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(
            top, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), elided
        )
        doc = QTextDocument()
        doc.setDefaultFont(opt.font)
        doc.setDocumentMargin(0)
        if selected:
            colour = opt.palette.color(group, text_role)
        else:  # between text and background: secondary, in light and dark palettes alike
            text = opt.palette.color(group, QPalette.ColorRole.Text)
            base = opt.palette.color(group, QPalette.ColorRole.Base)
            colour = QColor(
                (text.red() * 3 + base.red() * 2) // 5,
                (text.green() * 3 + base.green() * 2) // 5,
                (text.blue() * 3 + base.blue() * 2) // 5,
            )
        body = html.escape(clean_snippet(snippet)).replace("[", "<b>").replace("]", "</b>")
        doc.setHtml(f'<span style="color:{colour.name()}">{body}</span>')
        doc.setTextWidth(10_000)  # one line; clipped at the cell's edge
        painter.translate(rect.left(), rect.top() + line)
        painter.setClipRect(0, 0, rect.width(), line + 2)
        doc.drawContents(painter)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        size = super().sizeHint(option, index)
        if self._model.searching:
            size.setHeight(option.fontMetrics.lineSpacing() * 2 + 8)
        return size
