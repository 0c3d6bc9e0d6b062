"""The notes tab on a narrow window: a sidebar that can be hidden, and list columns that keep
dates whole and titles readable (the list scrolls sideways before a title is cut to a few
letters)."""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHeaderView, QSplitter, QStyle, QTableView, QWidget

from ui.widgets import make_action

TITLE_MIN_CHARS = 24  # a title shorter than this on screen stops being recognisable
SIDEBAR_SHORTCUT = "F9"
NARROW_WIDTH = 1200  # below this the notes tab is laid out for a small screen


def date_column_width(table: QTableView, column: int, sample: str) -> int:
    """The width a date needs in full: the longest digits, the cell's margins, the header."""
    metrics = table.fontMetrics()
    widest = max(metrics.horizontalAdvance(re.sub(r"\d", d, sample)) for d in "0123456789")
    style = table.style()
    margin = 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1)
    label = table.horizontalHeader().sectionSizeFromContents(column).width()
    return max(widest + margin + 12, label)


class ColumnFitter(QObject):
    """Keeps the date column at its full width and gives the title what is left, but never
    less than TITLE_MIN_CHARS characters: below that the table scrolls sideways."""

    def __init__(self, table: QTableView, *, title: int, when: int, sample_date: str) -> None:
        super().__init__(table)
        self.table = table
        self.title = title
        self.when = when
        header = table.horizontalHeader()
        # Resize modes changed while sections are hidden kept the hidden widths in the
        # layout (a blank gap before the title): show them, change, hide them again.
        hidden = [c for c in range(header.count()) if header.isSectionHidden(c)]
        for column in hidden:
            header.setSectionHidden(column, False)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(title, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(when, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(when, date_column_width(table, when, sample_date))
        for column in hidden:
            header.setSectionHidden(column, True)
        self._busy = False
        # Never from inside the header's own signal: resizing a section while the header
        # hides another one left the hidden one's width as a blank gap before the title.
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(0)
        self._later.timeout.connect(self.fit)
        header.sectionResized.connect(self._section_resized)
        table.viewport().installEventFilter(self)
        self.fit()

    def title_minimum(self) -> int:
        return self.table.fontMetrics().averageCharWidth() * TITLE_MIN_CHARS

    def fit(self) -> None:
        if self._busy:
            return
        self._busy = True
        try:
            header = self.table.horizontalHeader()
            others = sum(
                header.sectionSize(c) for c in range(header.count())
                if c != self.title and not header.isSectionHidden(c)
            )  # fmt: skip
            room = self.table.viewport().width() - others
            header.resizeSection(self.title, max(room, self.title_minimum()))
        finally:
            self._busy = False

    def _section_resized(self, logical: int, _old: int, _new: int) -> None:
        if logical != self.title:
            self._later.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._later.start()
        return False


class SidebarToggle(QObject):
    """Hides and shows the sidebar (View menu, F9); the list and editor take its room."""

    def __init__(self, sidebar: QWidget, parent: QWidget, *, shown: bool = True) -> None:
        super().__init__(parent)
        self.sidebar = sidebar
        self.action: QAction = make_action(
            parent, self.tr("Show the &sidebar"), shortcut=SIDEBAR_SHORTCUT,
            tip=self.tr("Show or hide the filters beside the notes list"),
        )  # fmt: skip
        self.action.setCheckable(True)
        self.action.setChecked(shown)
        self.action.toggled.connect(self.set_shown)
        self.set_shown(shown)
        self._split_once = False
        splitter = sidebar.parentWidget()
        if isinstance(splitter, QSplitter):
            splitter.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """First layout of a narrow window: a slimmer sidebar and a wider list, instead of
        the fixed 230 px that left the list a third of a 1024 px screen."""
        if (
            not self._split_once
            and event.type() == QEvent.Type.Resize
            and isinstance(watched, QSplitter)
            and watched.isVisible()
        ):
            self._split_once = True
            sizes = watched.sizes()
            total = sum(sizes)
            # The window's width: the splitter's first size may be a passing one.
            if len(sizes) == 3 and watched.window().width() < NARROW_WIDTH:
                side = self.sidebar.minimumWidth() if self.sidebar.isVisible() else sizes[0]
                rest = total - side
                watched.setSizes([side, rest * 9 // 20, rest - rest * 9 // 20])
        return False

    def shown(self) -> bool:
        return self.action.isChecked()

    def set_shown(self, shown: bool) -> None:
        if self.action.isChecked() != shown:
            self.action.setChecked(shown)  # toggled comes back here
            return
        following = self.sidebar.nextInFocusChain()
        if not shown and self.sidebar.hasFocus() and following is not None:
            following.setFocus(Qt.FocusReason.OtherFocusReason)  # focus never left on a hidden list
        self.sidebar.setVisible(shown)
