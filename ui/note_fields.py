"""The note's fields laid out (title, kind, when, event, organisations, sources, tags, summary,
body), what they hold as a ``NoteDraft``, and a stored note shown in them. The editor
(ui/editor.py) decides when to load and save; this only reads and writes the widgets."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtGui import QFont
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
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from influence_desk.model import Event, EventKind, NoteKind, Organisation
from ui import labels
from ui.body_edit import BodyEdit
from ui.keyboard import tab_leaves_date, typing_does_not_choose
from ui.widgets import TokenLineEdit, muted

if TYPE_CHECKING:
    from influence_desk.desk import NoteDraft, NoteView
    from influence_desk.model import Note
    from ui.catalog import Catalog


class NoteFields(QWidget):
    changed = Signal()  # the person edited a field or the body

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
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
        grid.addWidget(label(self.tr("Eve&nt"), self.event_edit), 1, 0)  # E is the Edit menu's
        grid.addWidget(self.event_edit, 1, 1, 1, 3)
        grid.addWidget(label(self.tr("&Organisations"), self.orgs_edit), 2, 0)
        grid.addWidget(self.orgs_edit, 2, 1, 1, 3)
        grid.addWidget(label(self.tr("Sou&rces"), self.sources_edit), 3, 0)  # S: Sources menu
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
        tab_leaves_date(self.when_edit)
        hint = self.tr(
            "Choose the kind with the arrow keys or Alt+Down; letters typed here are not used."
        )
        typing_does_not_choose(self.kind_combo, hint)

        def changed(*_args: object) -> None:
            self.changed.emit()

        for edit in (self.title_edit, self.event_edit, self.orgs_edit, self.sources_edit,
                     self.tags_edit):  # fmt: skip
            edit.textEdited.connect(changed)
        for edit in (self.event_edit, self.orgs_edit):  # a name being typed is finished
            edit.editingFinished.connect(changed)  # on leaving (ui.capture.naming_in_progress)
        self.summary_edit.textChanged.connect(changed)
        self.kind_combo.currentIndexChanged.connect(changed)
        self.when_edit.dateTimeChanged.connect(changed)
        self.body.edited.connect(changed)

    # --- choices ----------------------------------------------------------------------------

    def refresh_choices(self) -> None:
        from PySide6.QtCore import QStringListModel

        self.event_completer.setModel(
            QStringListModel([e.name for e in self.catalog.events], self.event_completer)
        )
        self.orgs_edit.set_choices([o.name for o in self.catalog.organisations])
        self.sources_edit.set_choices(self.catalog.pseudonyms())
        self.tags_edit.set_choices(self.catalog.tag_choices())

    def _pseudonym_of(self, source_id: str) -> str:
        source = self.catalog.source(source_id)
        return source.pseudonym if source else self.tr("unknown source")

    def _describe_source(self, source_id: str) -> str:
        source = self.catalog.source(source_id)
        if source is None:
            return ""
        bits = [source.role_description, labels.consent(source.consent)]
        return " · ".join(b for b in bits if b)

    # --- reading and writing the widgets ------------------------------------------------------

    def set_editable(self, has_note: bool, editable: bool) -> None:
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

    def clear_fields(self) -> None:
        self.title_edit.clear()
        self.event_edit.clear()
        self.orgs_edit.clear()
        self.sources_edit.clear()
        self.tags_edit.clear()
        self.summary_edit.clear()
        self.body.load("")
        self.field_warning.hide()

    def show_note(self, view: NoteView) -> None:
        note = view.note
        self.title_edit.setText(note.title)
        self.title_edit.setCursorPosition(0)
        index = self.kind_combo.findData(NoteKind(note.kind))
        self.kind_combo.setCurrentIndex(max(0, index))
        self.when_edit.setDateTime(qdatetime(note.occurred_at))
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

    def show_new(self, kind: NoteKind, title: str, body: str, event_name: str) -> None:
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(kind)))
        self.when_edit.setDateTime(QDateTime.currentDateTime())
        self.title_edit.setText(title)
        self.event_edit.setText(event_name)
        self.body.load(body)

    def show_saved(self, view: NoteView) -> None:
        """The note as stored (names now pseudonyms), disturbing the cursor as little as can be."""
        note: Note = view.note
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

    def show_stored_names(self, note: Note) -> None:
        """Event and organisations as stored, once the catalog knows them: a registered name
        typed there reads as its pseudonym (setText also drops the typed text's undo)."""
        event = self.catalog.event(note.event_id)
        name = event.name if event else ""
        if name.casefold() != self.event_edit.text().strip().casefold():
            self.event_edit.setText(name)
        orgs = [o.name for o in (self.catalog.organisation(i) for i in note.organisation_ids) if o]
        if [o.casefold() for o in orgs] != [t.casefold() for t in self.orgs_edit.tokens()]:
            self.orgs_edit.set_tokens(orgs)

    def draft(self, *, stored: bool) -> NoteDraft:
        """What the fields hold; ``stored``: the note exists (its references are kept).
        Sources that are not registered are named under the fields and left out."""
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
            occurred_at=pydatetime(self.when_edit.dateTime()),
            body=self.body.text(),
            summary=self.summary_edit.toPlainText(),
            event_id=event_obj.id if event_obj else None,
            organisation_ids=tuple(o.id for o in orgs if o),
            # Typed for the first time: created with the note, in its one transaction.
            new_event=(
                Event("", EventKind.DESK_RESEARCH, event) if event and not event_obj else None
            ),
            new_organisations=tuple(
                Organisation("", n)
                for o, n in zip(orgs, self.orgs_edit.tokens(), strict=True) if o is None
            ),
            source_ids=tuple(dict.fromkeys(sources)),
            tags=tuple(dict.fromkeys(self.catalog.tag_for(t) for t in self.tags_edit.tokens())),
            marks=self.body.marks(),
            kept_refs=self.body.refs() if stored else (),
        )


def qdatetime(moment: datetime) -> QDateTime:
    local = moment.astimezone() if moment.tzinfo is not None else moment
    return QDateTime(local.year, local.month, local.day, local.hour, local.minute, local.second)


def pydatetime(value: QDateTime) -> datetime:
    d, t = value.date(), value.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())  # local, like the CLI
