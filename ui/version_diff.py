"""One history entry opened: who did what and when, and for a note every field before and
after it side by side, with every other entry of that note a click away; restore an older
version (writers, after a confirmation naming the entry it writes).

Everything shown comes from ``Desk.entry_change`` / ``Desk.note_history``: pseudonyms only,
for every role, so an auditor or a slot without the identity key never sees a real name.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from ui import labels
from ui.geometry import fit_dialog
from ui.i18n import translate as _t
from ui.tasks import user_message
from ui.widgets import heading, muted

if TYPE_CHECKING:
    from collections.abc import Callable

    from influence_desk.admin import ReplicaInfo
    from influence_desk.history import Signer
    from influence_desk.versions import EntryChange, FieldChange, NoteVersion
    from ui.session import Session


def field_label(name: str) -> str:
    return {
        "title": _t("versions", "Title"),
        "kind": _t("versions", "Kind"),
        "occurred_at": _t("versions", "Date and time"),
        "event": _t("versions", "Event"),
        "organisations": _t("versions", "Organisations"),
        "sources": _t("versions", "Sources"),
        "tags": _t("versions", "Tags"),
        "summary": _t("versions", "Summary"),
        "body": _t("versions", "Text"),
    }.get(name, name)  # fmt: skip


def _shown_value(change: FieldChange, value: str) -> str:
    if change.name == "kind" and value:
        return labels.note_kind(value)
    return value


_REMOVED = QColor(255, 120, 120, 70)
_ADDED = QColor(90, 200, 110, 70)


def _shade_lines(edit: QPlainTextEdit, lines: list[int], colour: QColor) -> None:
    selections = []
    for number in lines:
        block = edit.document().findBlockByNumber(number)
        if not block.isValid():
            continue
        sel = QTextEdit.ExtraSelection()
        sel.format.setBackground(colour)
        sel.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        cursor = QTextCursor(block)
        # The whole paragraph: a bare cursor shaded only its first wrapped line, so a
        # changed paragraph looked as if one line of it had changed.
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
        sel.cursor = cursor
        selections.append(sel)
    edit.setExtraSelections(selections)


class VersionDiffDialog(QDialog):
    """Entry ``seq`` opened; the note's other entries in the list on the left."""

    restored = Signal(str)  # note id

    def __init__(
        self,
        session: Session,
        seq: int,
        person: Callable[[str], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("versionDiff")
        self.setWindowTitle(self.tr("History entry"))
        self.session = session
        self._person = person
        self._copy = copy_namer(session)
        self.change: EntryChange | None = None
        self._versions: list[NoteVersion] = []

        outer = QVBoxLayout(self)
        self.header = heading("", 1.15)
        self.header.setWordWrap(True)
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(self.header)
        self.subline = muted()
        outer.addWidget(self.subline)

        split = QSplitter(Qt.Orientation.Horizontal)
        self.entries = QListWidget()
        self.entries.setObjectName("noteEntries")
        self.entries.setAccessibleName(self.tr("Every history entry of this note"))
        self.entries.currentItemChanged.connect(self._entry_chosen)
        split.addWidget(self.entries)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.only_changed = QCheckBox(self.tr("Only fields that &changed"))
        self.only_changed.setChecked(True)
        self.only_changed.toggled.connect(lambda _on: self._fill())
        right_layout.addWidget(self.only_changed)
        self.fields_area = QScrollArea()
        self.fields_area.setWidgetResizable(True)
        right_layout.addWidget(self.fields_area, 1)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([220, 700])
        outer.addWidget(split, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.restore_button = QPushButton(self.tr("&Restore this version…"))
        self.restore_button.setObjectName("restoreVersion")
        self.restore_button.setToolTip(
            self.tr("Make the note read as it did after this entry (a new signed entry)")
        )
        self.restore_button.clicked.connect(self._confirm_restore)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        outer.addWidget(buttons)
        self.field_views: dict[str, tuple[QWidget, QWidget]] = {}
        fit_dialog(self, 980, 640)  # never past a 1024x600 screen
        self.show_entry(seq)

    # --- loading ----------------------------------------------------------------------

    def show_entry(self, seq: int) -> None:
        try:
            with self.session.gui() as desk:
                change = desk.entry_change(seq)
                versions = desk.note_history(change.note_id) if change.note_id else []
        except Exception as exc:
            self.header.setText(user_message(exc))
            self.restore_button.setEnabled(False)
            return
        self.change = change
        if [v.seq for v in versions] != [v.seq for v in self._versions]:
            self._versions = versions
            self.entries.blockSignals(True)
            self.entries.clear()
            for version in reversed(versions):
                text = self.tr("{} · {}").format(version.seq, self._action_text(version.action))
                if self._copy.several:  # on a team: which laptop each version came from
                    text = self.tr("{} · {}").format(text, self._copy(version.replica))
                item = QListWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, version.seq)
                if not version.kept:
                    item.setToolTip(self.tr("This version was not kept (made before versions "
                                            "were kept)"))  # fmt: skip
                self.entries.addItem(item)
            self.entries.blockSignals(False)
        for row in range(self.entries.count()):
            if self.entries.item(row).data(Qt.ItemDataRole.UserRole) == seq:
                self.entries.blockSignals(True)
                self.entries.setCurrentRow(row)
                self.entries.blockSignals(False)
        self.entries.setVisible(bool(versions))
        self._fill()

    @staticmethod
    def _action_text(action: str) -> str:
        from ui.history_view import action_label

        return action_label(action)

    def _entry_chosen(self, item: QListWidgetItem | None, _previous=None) -> None:
        if item is not None:
            self.show_entry(int(item.data(Qt.ItemDataRole.UserRole)))

    # --- showing ----------------------------------------------------------------------

    def _fill(self) -> None:
        change = self.change
        if change is None:
            return
        from ui.history_view import local_time

        entry = change.entry
        self.setWindowTitle(self.tr("History entry {}").format(entry.seq))
        self.header.setText(
            self.tr("Entry {}: {}").format(entry.seq, self._action_text(entry.action))
        )
        parts = [self.tr("by {}").format(self._person(entry.actor)),
                 self.tr("on {}").format(local_time(entry.at))]  # fmt: skip
        if self._copy.several:
            parts.append(self.tr("written on {}").format(self._copy(entry.replica)))
        restored = entry.payload.get("restored_from")
        if restored is not None:
            parts.append(self.tr("restoring the version of entry {}").format(restored))
        if change.note_id is not None:
            if change.before_seq is not None:
                parts.append(self.tr("compared with entry {}").format(change.before_seq))
            if change.before_seq is not None and not change.before_kept:
                parts.append(self.tr("the version before was not kept"))
            if entry.content_hash and not change.after_kept:
                parts.append(self.tr("the version it made was not kept"))
        self.subline.setText(" · ".join(parts))
        can_restore = (
            change.restorable and self.session.can_write
            and change.entry.seq != (self._versions[-1].seq if self._versions else None)
        )  # fmt: skip
        self.restore_button.setEnabled(can_restore)
        self.restore_button.setVisible(self.session.can_write and change.note_id is not None)
        self.only_changed.setVisible(change.note_id is not None)
        self.fields_area.setWidget(self._fields_widget(change))

    def _fields_widget(self, change: EntryChange) -> QWidget:
        box = QWidget()
        grid = QGridLayout(box)
        self.field_views = {}
        if change.note_id is None:
            grid.addWidget(muted(self.tr("This entry is not about a note; it records: {}")
                                 .format(change.entry.payload or "—")), 0, 0)  # fmt: skip
            return box
        before_title = (
            self.tr("Before (entry {})").format(change.before_seq)
            if change.before_seq is not None else self.tr("Before")
        )  # fmt: skip
        grid.addWidget(QLabel(f"<b>{before_title}</b>"), 0, 1)
        grid.addWidget(QLabel("<b>{}</b>".format(self.tr("After (entry {})").format(
            change.entry.seq))), 0, 2)  # fmt: skip
        shown = change.changed if self.only_changed.isChecked() else change.fields
        if not shown:
            grid.addWidget(muted(self.tr("No field a reader can see changed in this entry.")),
                           1, 0, 1, 3)  # fmt: skip
        for row, field in enumerate(shown, start=1):
            name = QLabel(field_label(field.name))
            name.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
            if field.changed:
                font = name.font()
                font.setBold(True)
                name.setFont(font)
            grid.addWidget(name, row, 0)
            before, after = self._pair(field)
            grid.addWidget(before, row, 1)
            grid.addWidget(after, row, 2)
            self.field_views[field.name] = (before, after)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        grid.setRowStretch(len(shown) + 1, 1)
        return box

    def _pair(self, field: FieldChange) -> tuple[QWidget, QWidget]:
        before_text = _shown_value(field, field.before)
        after_text = _shown_value(field, field.after)
        if field.name not in ("body", "summary"):
            out: list[QWidget] = []
            for text, colour in ((before_text, _REMOVED), (after_text, _ADDED)):
                label = QLabel(text or "—")
                label.setWordWrap(True)
                label.setTextFormat(Qt.TextFormat.PlainText)
                label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                if field.changed:
                    label.setAutoFillBackground(True)
                    palette = label.palette()
                    palette.setColor(label.backgroundRole(), colour)
                    label.setPalette(palette)
                out.append(label)
            return out[0], out[1]
        edits = []
        for text in (before_text, after_text):
            edit = QPlainTextEdit()
            edit.setReadOnly(True)
            edit.setPlainText(text)
            edit.setMinimumHeight(160)
            edit.setTabChangesFocus(True)
            edits.append(edit)
        removed, added = _changed_lines(before_text, after_text)
        _shade_lines(edits[0], removed, _REMOVED)
        _shade_lines(edits[1], added, _ADDED)
        return edits[0], edits[1]

    # --- restoring --------------------------------------------------------------------

    def _confirm_restore(self) -> None:
        change = self.change
        if change is None or change.note_id is None or not self.session.can_write:
            return
        from ui.confirm import confirm, entry_sentence

        self.restore_confirm = confirm(
            self, name="restoreConfirm", title=self.tr("Restore version"),
            text=self.tr("Make the note read as it did after entry {}?").format(change.entry.seq),
            informative=entry_sentence(self.session, self.tr("Note restored")),
            action=self.tr("Restore"), destructive=False,
            on_yes=lambda: self._restore(change.note_id or "", change.entry.seq),
        )  # fmt: skip

    def _restore(self, note_id: str, seq: int) -> None:
        try:
            with self.session.gui() as desk:
                desk.restore_version(note_id, seq)
                newest = desk.note_history(note_id)[-1].seq
        except Exception as exc:
            self.subline.setText(user_message(exc))
            return
        self.restored.emit(note_id)
        self.show_entry(newest)


def _changed_lines(before: str, after: str) -> tuple[list[int], list[int]]:
    """Line numbers removed from ``before`` and added in ``after``."""
    removed: list[int] = []
    added: list[int] = []
    matcher = difflib.SequenceMatcher(a=before.splitlines(), b=after.splitlines(), autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag in ("replace", "delete"):
            removed += range(a1, a2)
        if tag in ("replace", "insert"):
            added += range(b1, b2)
    return removed, added


def open_entry(
    session: Session, seq: int, person: Callable[[str], str], parent: QWidget
) -> VersionDiffDialog:
    dialog = VersionDiffDialog(session, seq, person, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog



def person_namer(session: Session) -> Callable[[str], str]:
    """Who signed, as the history names them (label and role), for a dialog opened
    without the history page."""
    try:
        with session.gui_admin() as admin:
            signers = admin.signers()
    except Exception:
        signers = {}

    def person(actor: str) -> str:
        signer = signers.get(actor)
        if signer is None:
            return _t("versions", "unknown key {}").format(actor[:8])
        return f"{signer.label} ({labels.role(signer.role)})" if signer.role else signer.label

    return person


class CopyNamer:
    """Which copy (laptop) an entry was written on, as the History tab's column names it;
    ``several`` once the vault has more than one replica (alone, it says nothing)."""

    def __init__(self, replicas: dict[str, ReplicaInfo], signers: dict[str, Signer]) -> None:
        self._replicas = replicas
        self._signers = signers
        self.several = len(replicas) > 1

    def __call__(self, replica_id: str) -> str:
        from ui.sync_model import replica_label

        return replica_label(replica_id, self._replicas, self._signers)


def copy_namer(session: Session) -> CopyNamer:
    try:
        with session.gui_admin() as admin:
            return CopyNamer(admin.replicas(), admin.signers())
    except Exception:
        return CopyNamer({}, {})


def open_note_history(
    session: Session, note_id: str, parent: QWidget
) -> VersionDiffDialog | None:
    """The open note's newest entry, its other entries in the list beside it."""
    try:
        with session.gui() as desk:
            entries = desk.note_history(note_id)
    except Exception:
        return None
    if not entries:
        return None
    return open_entry(session, entries[-1].seq, person_namer(session), parent)
