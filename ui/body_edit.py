"""The note's body: plain text whose redaction marks and source references are spans in
Python string indices, moved along with every edit; identifiers found by the core's detector
are underlined while typing, and hovering says what they are."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QFont,
    QKeyEvent,
    QKeySequence,
    QPalette,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

from influence_desk.model import Mark, MarkLevel
from ui import labels
from ui.mark_undo import MarkHistory
from ui.names_view import merge_people
from ui.textspans import diff, py_to_qt, qt_to_py, shift_mark, shift_ref, spans_at

if TYPE_CHECKING:
    from influence_desk.model import Detection


class DetectionHighlighter(QSyntaxHighlighter):
    """Underlines identifiers found by ``influence_desk.detect`` in each paragraph."""

    def __init__(self, document: QTextDocument, known_names: Callable[[], list[str]]) -> None:
        super().__init__(document)
        self._known_names = known_names
        self._cache: OrderedDict[str, tuple[Detection, ...]] = OrderedDict()
        self.enabled = True
        # Unregistered people, found with the vault's exclusions (ui.names_view.EditorPeople);
        # without it, detect's own guesses.
        self.people: Callable[[str], list[Detection]] | None = None

    def detections(self, text: str) -> tuple[Detection, ...]:
        found = self._cache.get(text)
        if found is None:
            from influence_desk.detect import detect_identifiers

            try:
                found = tuple(detect_identifiers(text, known_names=self._known_names(),
                                                 suggest_names=self.people is None))  # fmt: skip
                if self.people is not None:
                    found = merge_people(found, self.people(text))
            except Exception:
                found = ()
            self._cache[text] = found
            while len(self._cache) > 2000:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(text)
        return found

    def forget(self) -> None:
        self._cache.clear()

    def highlightBlock(self, text: str) -> None:
        if not self.enabled or not text.strip():
            return
        for d in self.detections(text):
            fmt = QTextCharFormat()
            if d.kind == "person":
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
                fmt.setUnderlineColor(QColor(40, 140, 220))
            else:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
                fmt.setUnderlineColor(QColor(230, 110, 20))
            start = py_to_qt(text, d.start)
            self.setFormat(start, py_to_qt(text, d.end) - start, fmt)


class BodyEdit(QPlainTextEdit):
    """Plain text with marks and source references kept as spans through every edit."""

    edited = Signal()
    image_pasted = Signal(object)  # a QImage from the clipboard: attached, not typed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noteBody")
        self.setAccessibleName(self.tr("Note text"))
        self.setTabChangesFocus(True)
        self._text = ""
        self._marks: list[Mark] = []
        self._refs: list[Any] = []  # influence_desk.textformat.RefSpan
        self._loading = False
        self.pseudonym_of: Callable[[str], str] = lambda source_id: source_id
        self.describe_source: Callable[[str], str] = lambda source_id: ""
        self.known_names: Callable[[], list[str]] = list
        self.extra_menu_actions: list[Any] = []
        self.highlighter = DetectionHighlighter(self.document(), self._known_names)
        self.document().contentsChange.connect(self._contents_change)
        self.mark_history = MarkHistory(self.document(), self._restore_marks)
        self.viewport().installEventFilter(self)
        self.viewport().setMouseTracking(True)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.08)
        self.setFont(font)

    def _known_names(self) -> list[str]:
        return self.known_names()

    # An image pasted (a screenshot, a photo copied from a viewer) becomes an attachment.
    def canInsertFromMimeData(self, source: Any) -> bool:
        return bool(source.hasImage()) or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: Any) -> None:
        if source.hasImage() and not source.hasText():
            self.image_pasted.emit(source.imageData())
            return
        super().insertFromMimeData(source)

    # --- content ----------------------------------------------------------------------

    def load(self, text: str, marks=(), refs=()) -> None:
        self._loading = True
        try:
            self.setPlainText(text)
        finally:
            self._loading = False
        self._text = text
        self._marks = [m for m in marks if 0 <= m.start < m.end <= len(text)]
        self._refs = [r for r in refs if 0 <= r.start < r.end <= len(text)]
        self.mark_history.clear()
        self._paint_spans()

    def text(self) -> str:
        return self._text

    def marks(self) -> tuple[Mark, ...]:
        return tuple(sorted(self._marks))

    def refs(self) -> tuple[Any, ...]:
        return tuple(sorted(self._refs, key=lambda r: r.start))

    def apply_rendered(self, text: str, marks=(), refs=()) -> None:
        """After a save: show the text as stored (names turned into pseudonyms) with as
        little disturbance as possible: only the changed stretch is replaced, the cursor
        stays where it was relative to the text around it."""
        if text != self._text:
            start, removed, added = diff(self._text, text)
            cursor = QTextCursor(self.document())
            cursor.beginEditBlock()
            cursor.setPosition(py_to_qt(self._text, start))
            cursor.setPosition(
                py_to_qt(self._text, start + removed), QTextCursor.MoveMode.KeepAnchor
            )
            self._loading = True
            try:
                cursor.insertText(text[start : start + added])
            finally:
                self._loading = False
            cursor.endEditBlock()
            self._text = text
            # The stretch replaced held what was typed (a real name): no undo may bring it
            # back into the editor, so the history before the save goes.
            self.document().clearUndoRedoStacks()
            # Mark changes belong to the text they were made on, which is gone too.
            self.mark_history.clear()
        self._marks = [m for m in marks if 0 <= m.start < m.end <= len(text)]
        self._refs = [r for r in refs if 0 <= r.start < r.end <= len(text)]
        self._paint_spans()

    def _contents_change(self, position: int, removed: int, added: int) -> None:
        new = self.toPlainText()
        old = self._text
        if new == old:
            return  # a format-only change
        hint = qt_to_py(new, position)
        start, gone, came = diff(old, new, hint=hint if not self._loading else None)
        self._text = new
        self._marks = [
            m for m in (shift_mark(m, start, gone, came) for m in self._marks) if m is not None
        ]
        self._refs = [
            r for r in (shift_ref(r, start, gone, came) for r in self._refs) if r is not None
        ]
        self._paint_spans()
        if not self._loading:
            self.mark_history.text_edited()
            self.edited.emit()

    # --- marks ------------------------------------------------------------------------

    def selection(self) -> tuple[int, int]:
        cursor = self.textCursor()
        a = qt_to_py(self._text, cursor.selectionStart())
        b = qt_to_py(self._text, cursor.selectionEnd())
        return a, b

    def set_mark(self, level: MarkLevel | None) -> bool:
        """Mark (or unmark, with ``None``) the selection; True if anything changed."""
        start, end = self.selection()
        if start >= end:
            return False
        kept: list[Mark] = []
        for m in self._marks:
            if m.end <= start or m.start >= end:
                kept.append(m)
                continue
            if m.start < start:
                kept.append(Mark(m.start, start, m.level))
            if m.end > end:
                kept.append(Mark(end, m.end, m.level))
        if level is not None:
            kept.append(Mark(start, end, level))
        merged: list[Mark] = []
        for m in sorted(kept):
            if merged and merged[-1].level == m.level and merged[-1].end >= m.start:
                last = merged.pop()
                m = Mark(last.start, max(last.end, m.end), m.level)
            merged.append(m)
        if merged == sorted(self._marks):
            return False
        self.mark_history.record(sorted(self._marks), merged)
        self._marks = merged
        self._paint_spans()
        self.edited.emit()
        return True

    def _restore_marks(self, marks: tuple[Mark, ...]) -> None:
        self._marks = [m for m in marks if 0 <= m.start < m.end <= len(self._text)]
        self._paint_spans()
        self.edited.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Ctrl+Z / Ctrl+Shift+Z take a mark change back when it is the newest change.
        if event.matches(QKeySequence.StandardKey.Undo) and self.mark_history.undo():
            event.accept()
            return
        if event.matches(QKeySequence.StandardKey.Redo) and self.mark_history.redo():
            event.accept()
            return
        super().keyPressEvent(event)

    def undo(self) -> None:  # type: ignore[override]
        if not self.mark_history.undo():
            super().undo()

    # --- painting and hints -----------------------------------------------------------

    def _paint_spans(self) -> None:
        selections = []
        text = self._text
        for mark in self._marks:
            sel = QTextEdit.ExtraSelection()
            sel.format.setBackground(labels.mark_colour(mark.level))
            cursor = QTextCursor(self.document())
            cursor.setPosition(py_to_qt(text, mark.start))
            cursor.setPosition(py_to_qt(text, mark.end), QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = cursor
            selections.append(sel)
        link = self.palette().color(QPalette.ColorRole.Link)
        for ref in self._refs:
            sel = QTextEdit.ExtraSelection()
            sel.format.setForeground(link)
            sel.format.setFontWeight(QFont.Weight.DemiBold)
            sel.format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            sel.format.setUnderlineColor(link)
            cursor = QTextCursor(self.document())
            cursor.setPosition(py_to_qt(text, ref.start))
            cursor.setPosition(py_to_qt(text, ref.end), QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = cursor
            selections.append(sel)
        self.setExtraSelections(selections)

    def hint_at(self, index: int) -> str:
        """What the text at ``index`` is: a source, an identifier, a marked stretch."""
        lines: list[str] = []
        for ref in spans_at(self._refs, index):
            about = self.describe_source(ref.source_id)
            lines.append(
                self.tr("Source {}").format(self.pseudonym_of(ref.source_id))
                + (f" — {about}" if about else "")
            )
        block = self.document().findBlock(py_to_qt(self._text, index))
        block_start = qt_to_py(self._text, block.position())
        for d in self.highlighter.detections(block.text()):
            if d.start <= index - block_start < d.end:
                if d.kind == "person":
                    lines.append(
                        self.tr("A person not reviewed yet: right-click to register as a "
                                "source, or to mark a public person or not a person.")
                    )  # fmt: skip
                else:
                    lines.append(
                        self.tr("{}: removed from exports that drop identifiers.").format(
                            labels.detection_kind(d.kind)
                        )
                    )
        for mark in spans_at(self._marks, index):
            lines.append(labels.mark_explanation(mark.level))
        return "\n".join(lines)

    def detection_at_cursor(self) -> Detection | None:
        cursor = self.textCursor()
        block = cursor.block()
        pos_in_block = qt_to_py(block.text(), cursor.positionInBlock())
        for d in self.highlighter.detections(block.text()):
            if d.start <= pos_in_block <= d.end:
                return d
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.viewport() and event.type() == QEvent.Type.ToolTip:
            pos = event.pos()  # type: ignore[attr-defined]
            cursor = self.cursorForPosition(pos)
            index = qt_to_py(self._text, cursor.position())
            hint = self.hint_at(index) or (self.hint_at(index - 1) if index > 0 else "")
            if hint:
                QToolTip.showText(event.globalPos(), hint, self.viewport())  # type: ignore[attr-defined]
            else:
                QToolTip.hideText()
            return True
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._paint_spans()  # source references follow the theme's link colour

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu(event.pos())
        undo = menu.findChild(QAction, "edit-undo")
        if undo is not None and self.mark_history.can_undo():
            undo.triggered.disconnect()
            undo.triggered.connect(self.undo)
            undo.setEnabled(True)
        if self.extra_menu_actions:
            menu.addSeparator()
            for action in self.extra_menu_actions:
                menu.addAction(action)
        menu.exec(event.globalPos())
        menu.deleteLater()
