"""Cards to a source's sealed identity. Moving a note's business card or identifying photo
there (the viewer's button, the thumbnail's menu: "Move to a source's identity…"): a small
dialog picks the source, the note's own sources first; the Desk seals the bytes to the
identity key and removes the note's clear copy and its read text. And attaching the cards
chosen in the source dialog once the source is saved (IdentityCards). Offered only to slots
holding the identity key."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from influence_desk.attachments import AttachmentInfo
from ui.tasks import user_message

if TYPE_CHECKING:
    from ui.attach_import import ImportReport
    from ui.session import Session


class MoveToSourceDialog(QDialog):
    """Which source the attachment shows; ``moved`` gets the new sealed attachment."""

    def __init__(self, session: Session, info: AttachmentInfo, parent: QWidget,
                 moved: Callable[[AttachmentInfo], None],
                 failed: Callable[[str], None]) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("moveToSourceDialog")
        self.setWindowTitle(self.tr("Move to a source's identity"))
        self.session, self.info = session, info
        self._moved, self._failed = moved, failed
        layout = QVBoxLayout(self)
        text = QLabel(self.tr(
            "A business card or a photo that identifies someone belongs to that source's "
            "sealed identity: only researchers and leads can open it there. It leaves the "
            "note, with the text read from it, and is never exported."))  # fmt: skip
        text.setWordWrap(True)
        layout.addWidget(text)
        self.sources = QComboBox()
        self.sources.setObjectName("moveToSource")
        self.sources.setAccessibleName(self.tr("Source"))
        layout.addWidget(self.sources)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.move_button = buttons.addButton(self.tr("Move"),
                                             QDialogButtonBox.ButtonRole.AcceptRole)  # fmt: skip
        self.move_button.setObjectName("moveToSourceButton")
        buttons.accepted.connect(self._move)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._fill()

    def _fill(self) -> None:
        with self.session.gui() as desk:
            sources = desk.sources()
            linked: tuple[str, ...] = ()
            if self.info.note_id is not None:
                linked = desk.note(self.info.note_id).note.source_ids
        sources = sorted(sources, key=lambda s: (s.id not in linked, s.pseudonym.casefold()))
        for source in sources:
            self.sources.addItem(source.pseudonym, source.id)
        self.move_button.setEnabled(bool(sources))
        if not sources:
            self.sources.setPlaceholderText(self.tr("Register the person as a source first"))

    def _move(self) -> None:
        source_id = self.sources.currentData()
        if source_id is None:
            return
        try:
            with self.session.gui() as desk:
                moved = desk.move_attachment_to_source(self.info.id, str(source_id))
        except Exception as exc:
            self.reject()
            self._failed(user_message(exc))
            return
        self.accept()
        self._moved(moved)


class IdentityCards(QObject):
    """Cards and photos chosen in the source dialog, attached to the sealed identity once
    the source is saved (the import's worker and progress; then one line saying what was
    removed, and the offer to delete the originals). ``refresh`` gets the source's id."""

    def __init__(
        self,
        session: Session,
        parent: QWidget,
        said: Callable[[str], None],
        warned: Callable[[str], None],
        refresh: Callable[[str], None],
    ) -> None:
        from ui.attach_import import AttachImport

        super().__init__(parent)
        self._parent, self._said, self._warned, self._refresh = parent, said, warned, refresh
        self.importer = AttachImport(session, parent)
        self.importer.finished.connect(self._done)
        self.source_id: str | None = None
        self.delete_confirm: QWidget | None = None

    def start(self, source_id: str, paths: list[Path]) -> None:
        from ui.attach_import import Target, from_paths

        if paths and self.importer.start(Target(source_id=source_id), from_paths(paths)):
            self.source_id = source_id

    def _done(self, report: ImportReport) -> None:
        from ui.attach_report import summary
        from ui.attachment_strip import offer_delete

        (self._warned if report.failed else self._said)(summary(report))
        if self.source_id is not None:
            self._refresh(self.source_id)
        if report.originals:
            self.delete_confirm = offer_delete(self._parent, report.originals, self._said,
                                               self._warned)  # fmt: skip

    def abandon(self) -> None:
        self.importer.abandon()
