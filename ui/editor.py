"""The note editor: structured fields, a body that shows sources, identifiers and redaction
marks, and autosave.

The body keeps two kinds of spans in Python string indices, moved along with every edit:
redaction marks (shaded by level) and references to registered sources (shown as their
pseudonyms). Identifiers (e-mail, phone, IBAN, …) are found by the core's detector while
typing and underlined; hovering says what they are.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDateTime, QEvent, QObject, Qt, QTimer, Signal
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
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QStyle,
    QTextEdit,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from influence_desk.model import Mark, MarkLevel, NoteKind
from influence_desk.reviews import ReviewState
from ui import labels
from ui.mark_undo import MarkHistory
from ui.names_view import EditorPeople, merge_people, prefill_from_line, state_label
from ui.session import Busy
from ui.tasks import user_message
from ui.textspans import diff, py_to_qt, qt_to_py, shift_mark, shift_ref, spans_at
from ui.widgets import TokenLineEdit, make_action, muted

if TYPE_CHECKING:
    from influence_desk.desk import NoteDraft, NoteView
    from influence_desk.model import Detection
    from ui.catalog import Catalog
    from ui.session import Session

AUTOSAVE_MS = 700


def _tr(context: str, text: str) -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate(context, text)


def templates() -> dict[NoteKind, tuple[str, str]]:
    """Quick-capture templates: a title to finish and a body of prompts."""
    return {
        NoteKind.BOOTH: (
            _tr("NoteEditor", "Booth: "),
            _tr(
                "NoteEditor",
                "Stand / company:\nPeople met:\nWhat they sell:\nClaims made:\n"
                "Clients or campaigns named:\nData sources mentioned:\nMaterials taken:\n"
                "Follow up:\n",
            ),
        ),
        NoteKind.INTERVIEW: (
            _tr("NoteEditor", "Interview: "),
            _tr(
                "NoteEditor",
                "Who / role:\nSetting and consent given:\nKey claims:\nEvidence offered:\n"
                "Names and organisations mentioned:\nQuotes (exact words):\nFollow up:\n",
            ),
        ),
    }


# --- the body ------------------------------------------------------------------------------


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


# --- the editor ------------------------------------------------------------------------------


class NoteEditor(QWidget):
    saved = Signal(str, bool)  # note id, newly created
    register_requested = Signal(str)  # the name to prefill
    register_with = Signal(object)  # ui.names_view.SourcePrefill: name, contacts, organisation
    save_state_changed = Signal(str)

    def __init__(self, session: Session, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noteEditor")
        self.session = session
        self.catalog = catalog
        self.note_id: str | None = None
        self.read_only = session.read_only
        self._loading = False
        self._dirty = False
        self._last_draft: NoteDraft | None = None
        self._revealed = False

        self.autosave = QTimer(self)
        self.autosave.setSingleShot(True)
        self.autosave.setInterval(AUTOSAVE_MS)
        self.autosave.timeout.connect(self.save)
        self._reveal_timer = QTimer(self)
        self._reveal_timer.setSingleShot(True)
        self._reveal_timer.setInterval(10_000)
        self._reveal_timer.timeout.connect(self.hide_names)

        self._build()
        self.people = EditorPeople(session)
        self.body.highlighter.people = self.people.pending_in
        self._build_actions()
        self.set_enabled_for_note(False)

    # --- layout ---------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(10, 6, 10, 6)
        outer.setSpacing(6)

        top = QHBoxLayout()
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("noteTitle")
        self.title_edit.setPlaceholderText(self.tr("Title"))
        self.title_edit.setAccessibleName(self.tr("Note title"))
        self.title_edit.setFrame(False)
        font = QFont(self.title_edit.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title_edit.setFont(font)
        self.state_label = muted(wrap=False)
        self.state_label.setObjectName("saveState")
        self.state_label.setAccessibleName(self.tr("Save state"))
        self.state_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(self.title_edit, 1)
        top.addWidget(self.state_label)
        outer.addLayout(top)

        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        self.kind_combo = QComboBox()
        for kind in NoteKind:
            self.kind_combo.addItem(labels.note_kind(kind), kind)
        self.kind_combo.setAccessibleName(self.tr("Kind of note"))
        self.when_edit = QDateTimeEdit()
        self.when_edit.setCalendarPopup(True)
        self.when_edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.when_edit.setAccessibleName(self.tr("Date and time"))
        self.now_button = QToolButton()
        self.now_button.setText(self.tr("Now"))
        self.now_button.setToolTip(self.tr("Set the date and time to now"))
        self.now_button.clicked.connect(
            lambda: self.when_edit.setDateTime(QDateTime.currentDateTime())
        )
        self.event_edit = QLineEdit()
        self.event_edit.setPlaceholderText(self.tr("Trade fair, conference, interview…"))
        self.event_edit.setAccessibleName(self.tr("Event"))
        self.event_completer = QCompleter([], self.event_edit)
        self.event_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.event_completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.event_edit.setCompleter(self.event_completer)
        self.orgs_edit = TokenLineEdit()
        self.orgs_edit.setPlaceholderText(self.tr("Organisations, comma-separated"))
        self.orgs_edit.setAccessibleName(self.tr("Organisations"))
        self.sources_edit = TokenLineEdit()
        self.sources_edit.setPlaceholderText(self.tr("Sources by pseudonym"))
        self.sources_edit.setAccessibleName(self.tr("Sources"))
        self.tags_edit = TokenLineEdit()
        self.tags_edit.setPlaceholderText(self.tr("Tags: vocabulary or your own"))
        self.tags_edit.setAccessibleName(self.tr("Tags"))

        def label(text: str, buddy: QWidget) -> QLabel:
            lab = QLabel(text)
            lab.setBuddy(buddy)
            lab.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return lab

        when_row = QHBoxLayout()
        when_row.setSpacing(4)
        when_row.addWidget(self.when_edit, 1)
        when_row.addWidget(self.now_button)
        grid.addWidget(label(self.tr("&Kind"), self.kind_combo), 0, 0)
        grid.addWidget(self.kind_combo, 0, 1)
        grid.addWidget(label(self.tr("&When"), self.when_edit), 0, 2)
        grid.addLayout(when_row, 0, 3)
        grid.addWidget(label(self.tr("&Event"), self.event_edit), 1, 0)
        grid.addWidget(self.event_edit, 1, 1, 1, 3)
        grid.addWidget(label(self.tr("&Organisations"), self.orgs_edit), 2, 0)
        grid.addWidget(self.orgs_edit, 2, 1, 1, 3)
        grid.addWidget(label(self.tr("&Sources"), self.sources_edit), 3, 0)
        grid.addWidget(self.sources_edit, 3, 1, 1, 3)
        grid.addWidget(label(self.tr("Ta&gs"), self.tags_edit), 4, 0)
        grid.addWidget(self.tags_edit, 4, 1, 1, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        outer.addLayout(grid)

        self.field_warning = muted(wrap=True)
        self.field_warning.hide()
        outer.addWidget(self.field_warning)

        self.summary_edit = QPlainTextEdit()
        self.summary_edit.setObjectName("noteSummary")
        self.summary_edit.setPlaceholderText(self.tr("Summary: one or two sentences"))
        self.summary_edit.setAccessibleName(self.tr("Summary"))
        self.summary_edit.setTabChangesFocus(True)
        line = self.summary_edit.fontMetrics().lineSpacing()
        self.summary_edit.setFixedHeight(int(line * 2.6) + 10)
        outer.addWidget(self.summary_edit)

        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setFrameShadow(QFrame.Shadow.Sunken)
        outer.addWidget(rule)

        self.body = BodyEdit()
        self.body.setPlaceholderText(
            self.tr("What happened, who said what. Names of registered sources become "
                    "pseudonyms when the note is saved.")
        )  # fmt: skip
        self.body.pseudonym_of = self._pseudonym_of
        self.body.describe_source = self._describe_source
        self.body.known_names = lambda: self.catalog.known_names
        self.body.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        outer.addWidget(self.body, 1)

        self.reveal_banner = QLabel()
        self.reveal_banner.setWordWrap(True)
        self.reveal_banner.hide()
        outer.addWidget(self.reveal_banner)

        self.setTabOrder(self.title_edit, self.kind_combo)
        self.setTabOrder(self.kind_combo, self.when_edit)
        self.setTabOrder(self.when_edit, self.now_button)
        self.setTabOrder(self.now_button, self.event_edit)
        self.setTabOrder(self.event_edit, self.orgs_edit)
        self.setTabOrder(self.orgs_edit, self.sources_edit)
        self.setTabOrder(self.sources_edit, self.tags_edit)
        self.setTabOrder(self.tags_edit, self.summary_edit)
        self.setTabOrder(self.summary_edit, self.body)

        for edit in (self.title_edit, self.event_edit, self.orgs_edit, self.sources_edit,
                     self.tags_edit):  # fmt: skip
            edit.textEdited.connect(self._changed)
        self.summary_edit.textChanged.connect(self._changed)
        self.kind_combo.currentIndexChanged.connect(self._changed)
        self.when_edit.dateTimeChanged.connect(self._changed)
        self.body.edited.connect(self._changed)

    def _build_actions(self) -> None:
        ctx = Qt.ShortcutContext.WindowShortcut
        self.mark_team_action = make_action(
            self, self.tr("Mark &team"), shortcut="Ctrl+M", context=ctx,
            tip=self.tr("Mark the selection: team briefs only"),
            slot=lambda: self._mark(MarkLevel.TEAM),
        )  # fmt: skip
        self.mark_internal_action = make_action(
            self, self.tr("Mark &internal"), shortcut="Ctrl+Shift+M", context=ctx,
            tip=self.tr("Mark the selection: never leaves the vault"),
            slot=lambda: self._mark(MarkLevel.INTERNAL),
        )  # fmt: skip
        self.unmark_action = make_action(
            self, self.tr("&Unmark"), shortcut="Ctrl+Alt+M", context=ctx,
            tip=self.tr("Remove redaction marks from the selection"), slot=lambda: self._mark(None),
        )  # fmt: skip
        self.register_action = make_action(
            self, self.tr("&Register as source…"), shortcut="Ctrl+R", context=ctx,
            tip=self.tr("Register the selected name as a source; it becomes a pseudonym"),
            slot=self._register_selection,
        )  # fmt: skip
        self.reveal_action = make_action(
            self, self.tr("Show &real names for 10 s"), shortcut="Ctrl+Shift+R", context=ctx,
            tip=self.tr("Show this note with real names, briefly; recorded in history"),
            slot=self.reveal_names, icon=QStyle.StandardPixmap.SP_MessageBoxWarning,
        )  # fmt: skip
        self.public_person_action = make_action(
            self, self.tr("&Public person"), context=ctx,
            tip=self.tr("The underlined name is a public figure: kept as written"),
            slot=lambda: self._decide_name(ReviewState.PUBLIC),
        )  # fmt: skip
        self.not_person_action = make_action(
            self, self.tr("&Not a person"), context=ctx,
            tip=self.tr("The underlined words are no person"),
            slot=lambda: self._decide_name(ReviewState.NOT_PERSON),
        )  # fmt: skip
        self.body.extra_menu_actions = [
            self.mark_team_action, self.mark_internal_action, self.unmark_action,
            self.register_action, self.public_person_action, self.not_person_action,
        ]  # fmt: skip
        self.edit_actions = [
            self.mark_team_action, self.mark_internal_action, self.unmark_action,
            self.register_action, self.public_person_action, self.not_person_action,
        ]  # fmt: skip

    def actions_for_menu(self) -> list[Any]:
        return [*self.edit_actions, self.reveal_action]

    # --- catalog --------------------------------------------------------------------------

    def refresh_choices(self) -> None:
        from PySide6.QtCore import QStringListModel

        self.event_completer.setModel(
            QStringListModel([e.name for e in self.catalog.events], self.event_completer)
        )
        self.orgs_edit.set_choices([o.name for o in self.catalog.organisations])
        self.sources_edit.set_choices(self.catalog.pseudonyms())
        self.tags_edit.set_choices(self.catalog.tag_choices())
        self.people.forget()
        self.body.highlighter.forget()
        self.body.highlighter.rehighlight()

    def _pseudonym_of(self, source_id: str) -> str:
        source = self.catalog.source(source_id)
        return source.pseudonym if source else self.tr("unknown source")

    def _describe_source(self, source_id: str) -> str:
        source = self.catalog.source(source_id)
        if source is None:
            return ""
        bits = [source.role_description, labels.consent(source.consent)]
        return " · ".join(b for b in bits if b)

    # --- loading --------------------------------------------------------------------------

    def set_enabled_for_note(self, has_note: bool) -> None:
        editable = has_note and not self.read_only and not self._revealed
        for w in (self.title_edit, self.event_edit, self.orgs_edit, self.sources_edit,
                  self.tags_edit):  # fmt: skip
            w.setReadOnly(not editable)
            w.setEnabled(has_note)
        self.summary_edit.setReadOnly(not editable)
        self.body.setReadOnly(not editable)
        self.summary_edit.setEnabled(has_note)
        self.body.setEnabled(has_note)
        self.kind_combo.setEnabled(editable)
        self.when_edit.setReadOnly(not editable)
        self.when_edit.setEnabled(has_note)
        self.now_button.setEnabled(editable)
        for action in self.edit_actions:
            action.setEnabled(editable)
        self.reveal_action.setEnabled(
            has_note and self.note_id is not None and self.session.can_reveal
            and not self._revealed
        )  # fmt: skip
        if not has_note:
            self.state_label.setText(self.tr("No note open"))
        elif self.read_only:
            self.state_label.setText(self.tr("Read-only"))

    def clear(self) -> None:
        self.autosave.stop()
        self._loading = True
        try:
            self.note_id = None
            self._last_draft = None
            self._dirty = False
            self.title_edit.clear()
            self.event_edit.clear()
            self.orgs_edit.clear()
            self.sources_edit.clear()
            self.tags_edit.clear()
            self.summary_edit.clear()
            self.body.load("")
            self.field_warning.hide()
        finally:
            self._loading = False
        self._revealed = False
        self.reveal_banner.hide()
        self.set_enabled_for_note(False)

    def open_note(self, note_id: str) -> bool:
        """Show a stored note; pending edits of the previous one are saved first."""
        if note_id == self.note_id and not self._revealed:
            return True
        if not self.flush():
            return False
        try:
            with self.session.gui() as desk:
                view = desk.note(note_id)
        except Exception as exc:
            self._set_state(user_message(exc))
            return False
        self._show_view(view)
        return True

    def _show_view(self, view: NoteView, revealed: bool = False) -> None:
        note = view.note
        self._loading = True
        try:
            self.note_id = note.id
            self._revealed = revealed
            self.title_edit.setText(note.title)
            self.title_edit.setCursorPosition(0)
            index = self.kind_combo.findData(NoteKind(note.kind))
            self.kind_combo.setCurrentIndex(max(0, index))
            self.when_edit.setDateTime(_qdatetime(note.occurred_at))
            event = self.catalog.event(note.event_id)
            self.event_edit.setText(event.name if event else "")
            self.orgs_edit.set_tokens(
                [o.name for o in (self.catalog.organisation(i) for i in note.organisation_ids) if o]
            )
            self.sources_edit.set_tokens(
                [s.pseudonym for s in (self.catalog.source(i) for i in note.source_ids) if s]
            )
            self.tags_edit.set_tokens([self.catalog.tag_label(t) for t in note.tags])
            self.summary_edit.setPlainText(note.summary)
            self.body.load(note.body, note.marks, view.refs)
            self.field_warning.hide()
        finally:
            self._loading = False
        self._dirty = False
        self._last_draft = None if revealed else self._draft()
        self.set_enabled_for_note(True)
        if not self.read_only and not revealed:
            self._set_state(self.tr("Saved"))

    def new_note(self, kind: NoteKind = NoteKind.OBSERVATION, *, template: bool = False,
                 event_name: str = "") -> None:  # fmt: skip
        """An empty note in the editor; it is stored once something is typed."""
        if self.read_only or not self.flush():
            return
        self.clear()
        title, body = templates().get(kind, ("", "")) if template else ("", "")
        self._loading = True
        try:
            self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(kind)))
            self.when_edit.setDateTime(QDateTime.currentDateTime())
            self.title_edit.setText(title)
            self.event_edit.setText(event_name)
            self.body.load(body)
        finally:
            self._loading = False
        self.set_enabled_for_note(True)
        self._last_draft = self._draft()  # an untouched template is not worth storing
        self._set_state(self.tr("New note — saved as you type"))
        self.title_edit.setFocus()
        self.title_edit.setCursorPosition(len(title))

    # --- saving ---------------------------------------------------------------------------

    def _changed(self) -> None:
        if self._loading or self.read_only or self._revealed:
            return
        if not self.title_edit.isEnabled():
            return
        self._dirty = True
        self._set_state(self.tr("Editing…"))
        self.autosave.start()

    def _set_state(self, text: str) -> None:
        self.state_label.setText(text)
        self.save_state_changed.emit(text)

    @property
    def dirty(self) -> bool:
        return self._dirty

    def flush(self, timeout: float = 0.25) -> bool:
        """Save now if anything is pending; False if it could not be saved. ``timeout``: how
        long to wait for a worker that holds the vault (locking waits longer)."""
        self.autosave.stop()
        if not self._dirty:
            return True
        return self.save(timeout)

    def _draft(self) -> NoteDraft:
        from influence_desk.desk import NoteDraft

        problems: list[str] = []
        event = self.event_edit.text().strip()
        event_obj = self.catalog.event_named(event) if event else None
        orgs = [self.catalog.organisation_named(n) for n in self.orgs_edit.tokens()]
        sources = []
        for pseudonym in self.sources_edit.tokens():
            source = self.catalog.source_by_pseudonym(pseudonym)
            if source is None:
                problems.append(pseudonym)
            else:
                sources.append(source.id)
        if problems:
            self.field_warning.setText(
                self.tr("Not a registered source: {}. Register it first (Sources tab), or "
                        "select the name in the text and press Ctrl+R.").format(", ".join(problems))
            )  # fmt: skip
            self.field_warning.show()
        else:
            self.field_warning.hide()
        title = self.title_edit.text().strip()
        kind = NoteKind(self.kind_combo.currentData())
        return NoteDraft(
            kind=kind,
            title=title,
            occurred_at=_pydatetime(self.when_edit.dateTime()),
            body=self.body.text(),
            summary=self.summary_edit.toPlainText(),
            event_id=event_obj.id if event_obj else (f"new:{event}" if event else None),
            organisation_ids=tuple(
                o.id if o else f"new:{n}"
                for o, n in zip(orgs, self.orgs_edit.tokens(), strict=True)
            ),
            source_ids=tuple(dict.fromkeys(sources)),
            tags=tuple(dict.fromkeys(self.catalog.tag_for(t) for t in self.tags_edit.tokens())),
            marks=self.body.marks(),
            kept_refs=self.body.refs() if self.note_id is not None else (),
        )

    def save(self, timeout: float = 0.25) -> bool:
        if self.read_only or self._revealed:
            return True
        self.autosave.stop()
        draft = self._draft()
        if draft == self._last_draft:
            self._dirty = False
            self._set_state(self.tr("Saved"))
            return True
        if self.note_id is None and not (draft.title or draft.body.strip() or draft.summary):
            self._dirty = False
            return True
        if not draft.title:
            from dataclasses import replace

            draft = replace(draft, title=self._fallback_title(draft))
        created_refs = False
        try:
            with self.session.gui(timeout) as desk:
                draft, created_refs = _resolve_new(desk, draft)
                if self.note_id is None:
                    view = desk.add_note(draft)
                    is_new = True
                else:
                    view = desk.update_note(self.note_id, draft)
                    is_new = False
        except Busy:
            self._set_state(self.tr("Waiting to save…"))
            self.autosave.start()
            return False
        except Exception as exc:
            self._set_state(self.tr("Not saved: {}").format(user_message(exc)))
            return False
        self.note_id = view.note.id
        self._apply_saved(view)
        self._dirty = False
        self._set_state(self.tr("Saved {}").format(datetime.now().strftime("%H:%M:%S")))
        self.reveal_action.setEnabled(self.session.can_reveal)
        self.saved.emit(view.note.id, is_new or created_refs)
        return True

    def _fallback_title(self, draft: NoteDraft) -> str:
        first = next((ln.strip() for ln in draft.body.splitlines() if ln.strip()), "")
        return first[:80] if first else labels.note_kind(draft.kind)

    def _apply_saved(self, view: NoteView) -> None:
        note = view.note
        self._loading = True
        try:
            if note.title != self.title_edit.text():
                pos = self.title_edit.cursorPosition()
                self.title_edit.setText(note.title)
                self.title_edit.setCursorPosition(min(pos, len(note.title)))
            if note.summary != self.summary_edit.toPlainText():
                cursor = self.summary_edit.textCursor()
                pos = cursor.position()
                self.summary_edit.setPlainText(note.summary)
                cursor = self.summary_edit.textCursor()
                cursor.setPosition(min(pos, len(note.summary)))
                self.summary_edit.setTextCursor(cursor)
            self.body.apply_rendered(note.body, note.marks, view.refs)
        finally:
            self._loading = False
        self._last_draft = self._draft()

    # --- marks, sources, reveal -------------------------------------------------------------

    def _mark(self, level: MarkLevel | None) -> None:
        if self.read_only or self._revealed or not self.body.isEnabled():
            return
        if not self.body.set_mark(level):
            start, end = self.body.selection()
            if start >= end:
                self._set_state(self.tr("Select some text of the note first"))

    def _register_selection(self) -> None:
        if self.read_only:
            return
        text = self.body.textCursor().selectedText().replace("\u2029", " ").strip()
        if not text:
            detection = self.body.detection_at_cursor()
            if detection is not None and detection.kind == "person":
                text = detection.text
        line = self.body.textCursor().block().text()
        orgs = [self.catalog.organisation_named(n) for n in self.orgs_edit.tokens()]
        prefill = prefill_from_line(text, line, [o.id for o in orgs if o is not None])
        if not self.flush():
            return
        self.register_with.emit(prefill)

    def _decide_name(self, state: ReviewState) -> None:
        """Public person / not a person, for the underlined name under the cursor."""
        detection = self.body.detection_at_cursor()
        if self.read_only or detection is None or detection.kind != "person":
            self._set_state(self.tr("Put the cursor on an underlined name first"))
            return
        if not self.flush():  # the decision is about the note as stored
            return
        problem = self.people.decide(detection.text, state)
        self._set_state(problem or self.tr("Recorded: {}.").format(state_label(state)))
        self.body.highlighter.forget()
        self.body.highlighter.rehighlight()

    def reveal_names(self) -> None:
        """Identity holders: real names in this note, for 10 s, read-only; recorded."""
        if not self.session.can_reveal or self.note_id is None or not self.flush():
            return
        try:
            with self.session.gui() as desk:
                view = desk.note(self.note_id, reveal=True)
        except Exception as exc:
            self._set_state(user_message(exc))
            return
        self._show_view(view, revealed=True)
        self.reveal_banner.setText(
            self.tr("Real names shown (recorded in history). Hidden again in 10 seconds.")
        )
        self.reveal_banner.show()
        self._set_state(self.tr("Real names shown — read-only"))
        self._reveal_timer.start()

    def hide_names(self) -> None:
        self._reveal_timer.stop()
        if not self._revealed or self.note_id is None:
            return
        note_id = self.note_id
        self._revealed = False
        self.reveal_banner.hide()
        try:
            with self.session.gui(timeout=2.0) as desk:
                view = desk.note(note_id)
        except Exception:
            self.clear()
            return
        self._show_view(view)

    def rebaseline(self) -> None:
        """Reference data was reloaded: what is on screen is what is stored."""
        if self.note_id is not None and not self._dirty and not self._revealed:
            self._last_draft = self._draft()

    def reload(self) -> None:
        """The stored note changed underneath (e.g. a source was registered)."""
        if self.note_id is None:
            return
        note_id, self.note_id = self.note_id, None
        self._dirty = False
        self.open_note(note_id)

    def teardown(self) -> None:
        self._reveal_timer.stop()
        self.autosave.stop()
        self.people.forget()  # registered names among the exclusions: not past a lock
        self.clear()


# --- helpers ---------------------------------------------------------------------------------


def _qdatetime(moment: datetime) -> QDateTime:
    local = moment.astimezone() if moment.tzinfo is not None else moment
    return QDateTime(local.year, local.month, local.day, local.hour, local.minute, local.second)


def _pydatetime(value: QDateTime) -> datetime:
    d, t = value.date(), value.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())  # local, like the CLI


def _resolve_new(desk, draft: NoteDraft) -> tuple[NoteDraft, bool]:
    """Create events and organisations typed for the first time (``new:NAME`` ids)."""
    from dataclasses import replace

    created = False
    event_id = draft.event_id
    if event_id and event_id.startswith("new:"):
        event_id = desk.find_or_create_event(event_id[4:]).id
        created = True
    org_ids = []
    for org_id in draft.organisation_ids:
        if org_id.startswith("new:"):
            org_id = desk.find_or_create_organisation(org_id[4:]).id
            created = True
        org_ids.append(org_id)
    if not created:
        return draft, False
    return replace(draft, event_id=event_id, organisation_ids=tuple(dict.fromkeys(org_ids))), True
