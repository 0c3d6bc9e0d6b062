"""A note's (or a source identity's) attachments as a row of thumbnails, each with its
audience, and the ways in: the Attach button, files dropped, an image pasted (the editor
hands those here). After an import the row says what stripping removed and offers to delete
the original files. Thumbnails are made in memory from the vault's bytes, in a worker
(ui/attachment_thumbs.py; a placeholder until each is ready), and forgotten with the row
(``clear``: on another note, on lock)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction, QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QMenu,
    QMessageBox,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from influence_desk.attachments import AttachmentInfo, AttachmentKind, Audience
from ui.attach_import import AttachImport, ImportReport, Incoming, Target, from_paths
from ui.attach_report import AttachReport
from ui.attachment_images import THUMB, placeholder
from ui.attachment_thumbs import ThumbnailLoader
from ui.attachment_words import audience_label, audience_tip, kind_label, removed_sentence
from ui.i18n import translate as _t
from ui.tasks import user_message
from ui.widgets import muted

if TYPE_CHECKING:
    from ui.attachment_viewer import AttachmentViewer
    from ui.session import Session

FILE_FILTER = "*.jpg *.jpeg *.png *.heic *.heif *.webp *.pdf *.ogg *.opus *.m4a *.aac *.wav *.mp3"


class AttachmentTile(QFrame):
    """One attachment: its thumbnail (click to view) and who it may be exported to."""

    def __init__(self, strip: AttachmentStrip, info: AttachmentInfo) -> None:
        super().__init__()
        self.info = info
        self.setObjectName("attachmentTile")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        self.thumb = QToolButton()
        self.thumb.setObjectName("attachmentThumb")
        self.thumb.setAutoRaise(True)
        self.thumb.setIconSize(THUMB)
        self.thumb.setIcon(placeholder(info.kind, waiting=info.kind != AttachmentKind.AUDIO))
        self.pictured = info.kind == AttachmentKind.AUDIO  # its picture is final
        self.thumb.setToolTip(
            f"{kind_label(info.kind)} · {_size(info.size)}\n{removed_sentence(info.removed)}"
        )
        self.thumb.setAccessibleName(
            _t("AttachmentStrip", "Open attachment: {}").format(kind_label(info.kind))
        )
        self.thumb.clicked.connect(lambda: strip.open_viewer(self.info))
        self.remove_action = QAction(_t("AttachmentStrip", "Remove attachment"), self)
        self.remove_action.triggered.connect(lambda: strip.ask_remove(self.info))
        self.move_action = QAction(
            _t("AttachmentStrip", "Move to a source's identity…"), self)  # fmt: skip
        self.move_action.setToolTip(_t("AttachmentStrip",
            "A business card or identifying photo: sealed with the source's identity"))  # fmt: skip
        self.move_action.triggered.connect(lambda: strip.ask_move(self.info))
        self.menu = QMenu(self.thumb)  # right-click; the viewer has them as buttons too
        self.menu.addAction(self.remove_action)
        self.menu.addAction(self.move_action)
        self.thumb.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.thumb.customContextMenuRequested.connect(self._menu)
        self.caption = muted(f"{kind_label(info.kind)} · {_size(info.size)}", wrap=False)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.audience = QComboBox()
        self.audience.setObjectName("attachmentAudience")
        self.audience.setAccessibleName(_t("AttachmentStrip", "Who may see this attachment"))
        for choice in Audience:
            self.audience.addItem(audience_label(choice), choice)
            self.audience.setItemData(self.audience.count() - 1, audience_tip(choice),
                                      Qt.ItemDataRole.ToolTipRole)  # fmt: skip
        self.audience.setCurrentIndex(list(Audience).index(info.audience))
        self.audience.currentIndexChanged.connect(
            lambda i: strip.set_audience(self, list(Audience)[i])
        )
        layout.addWidget(self.thumb, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.caption)
        layout.addWidget(self.audience, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)

    def show_picture(self, image: QImage) -> None:
        """The thumbnail made by the worker (a question mark if it did not decode)."""
        self.thumb.setIcon(placeholder(self.info.kind) if image.isNull()
                           else QPixmap.fromImage(image))  # fmt: skip
        self.pictured = True

    def enable(self, editable: bool, movable: bool) -> None:
        self.audience.setEnabled(editable)
        self.remove_action.setEnabled(editable)
        self.move_action.setVisible(movable and not self.info.sealed)
        self.move_action.setEnabled(editable)

    def _menu(self, at: QPoint) -> None:
        self.menu.popup(self.thumb.mapToGlobal(at))


class AttachmentStrip(QWidget):
    changed = Signal()  # an attachment came in, went, or changed its audience
    message = Signal(str)  # one sentence for the status line

    def __init__(self, session: Session, parent: QWidget | None = None, *,
                 before_attach: Callable[[], Target | None] | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("attachmentStrip")
        self.session = session
        self.target: Target | None = None
        self.before_attach = before_attach or (lambda: self.target)
        self.editable = not session.read_only
        self.tiles: list[AttachmentTile] = []
        self.viewer: AttachmentViewer | None = None
        self.importer = AttachImport(session, self)
        self.importer.finished.connect(self._imported)
        self.thumbnails = ThumbnailLoader(session, self)
        self.move_dialog: QDialog | None = None

        outer = self.outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        row = QHBoxLayout()
        row.setSpacing(6)
        self.attach_button = QToolButton()
        self.attach_button.setObjectName("attachButton")
        self.attach_button.setText(self.tr("Attach…"))
        self.attach_button.setToolTip(
            self.tr("Attach photos, PDFs or audio; their metadata is removed on the way in. "
                    "You can also drop files here or paste an image.")
        )  # fmt: skip
        self.attach_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.attach_button.setIcon(self.style().standardIcon(
            self.style().StandardPixmap.SP_FileDialogNewFolder))  # fmt: skip
        self.attach_button.clicked.connect(self.choose_files)
        row.addWidget(self.attach_button, 0, Qt.AlignmentFlag.AlignTop)
        self.scroller = QScrollArea()
        self.scroller.setObjectName("attachmentScroll")
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroller.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.holder = QWidget()
        self.tile_row = QHBoxLayout(self.holder)
        self.tile_row.setContentsMargins(0, 0, 0, 0)
        self.tile_row.setSpacing(4)
        self.tile_row.addStretch(1)
        self.scroller.setWidget(self.holder)
        self.scroller.hide()
        row.addWidget(self.scroller, 1)
        outer.addLayout(row)
        self.report = AttachReport()
        outer.addWidget(self.report)
        self._update_button()

    # --- what is shown ------------------------------------------------------------------

    def set_target(self, target: Target | None, editable: bool) -> None:
        if target != self.target:
            self.report.clear()
        self.target = target
        self.editable = editable and not self.session.read_only
        self.reload()

    def set_editable(self, editable: bool) -> None:
        self.editable = editable and not self.session.read_only
        for tile in self.tiles:
            tile.enable(self.editable, self.movable())
        self._update_button()

    def movable(self) -> bool:
        """A note's attachment can go to a source's identity: only with the identity key."""
        return self.session.can_reveal and self.target is not None and (
            self.target.note_id is not None)  # fmt: skip

    def reload(self) -> None:
        self._drop_tiles()
        target = self.target
        if target is None:
            self._update_button()
            return
        try:
            with self.session.gui() as desk:
                if target.source_id is not None:
                    infos = desk.source_attachments(target.source_id)
                else:
                    assert target.note_id is not None
                    infos = desk.attachments(target.note_id)
        except Exception as exc:
            self.report.show_error(user_message(exc))
            return
        for info in infos:
            tile = AttachmentTile(self, info)
            tile.enable(self.editable, self.movable())
            self.tiles.append(tile)
            self.tile_row.insertWidget(self.tile_row.count() - 1, tile)
        self.thumbnails.load(infos, self._picture_ready)
        self.scroller.setVisible(bool(self.tiles))
        self._fit_height()
        self._update_button()

    def _fit_height(self) -> None:
        """As tall as the tiles, plus the scroll bar only when they overflow the width (on a
        1024x600 screen every line of the note's body counts)."""
        if not self.tiles:
            return
        hint = self.holder.sizeHint()
        room = self.scroller.width() if self.scroller.width() > 0 else self.width()
        bar = self.scroller.horizontalScrollBar().sizeHint().height()
        extra = bar if hint.width() > room else 0
        self.scroller.setFixedHeight(hint.height() + extra + 2)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_height()

    def _picture_ready(self, attachment_id: str, image: QImage) -> None:
        for tile in self.tiles:
            if tile.info.id == attachment_id:
                tile.show_picture(image)

    def _drop_tiles(self) -> None:
        self.thumbnails.stop()  # a thumbnail still being made is dropped when it comes
        for tile in self.tiles:
            tile.thumb.setIcon(QToolButton().icon())  # the pixels go with the icon
            tile.setParent(None)
            tile.deleteLater()
        self.tiles = []
        self.scroller.hide()

    def clear(self) -> None:
        """Forget everything shown (another note, or a lock)."""
        self.importer.abandon()
        self._drop_tiles()
        self.report.clear()
        self.target = None
        self.close_viewer()
        dialog, self.move_dialog = self.move_dialog, None
        if dialog is not None:
            with contextlib.suppress(RuntimeError):
                dialog.reject()
        self._update_button()

    def _update_button(self) -> None:
        self.attach_button.setVisible(not self.session.read_only)
        self.attach_button.setEnabled(self.editable and not self.importer.running())

    # --- bringing things in -------------------------------------------------------------

    def choose_files(self) -> None:
        if not self.editable:
            return
        paths, _chosen = QFileDialog.getOpenFileNames(
            self, self.tr("Attach files"), "",
            self.tr("Photos, PDFs and audio ({})").format(FILE_FILTER),
        )  # fmt: skip
        if paths:
            self.attach(from_paths(paths))

    def attach_paths(self, paths: list[Path]) -> None:
        self.attach(from_paths(paths))

    def attach(self, items: list[Incoming]) -> None:
        if not self.editable or not items:
            if items:
                self.report.show_warning(self.tr("Nothing can be attached here right now."))
            return
        target = self.before_attach()
        if target is None:
            return
        self.target = target
        self.report.show_info(self.tr("Attaching {} …").format(", ".join(i.name for i in items)))
        self.importer.start(target, items)
        self._update_button()

    def _imported(self, report: ImportReport) -> None:
        self.report.show_report(report)
        self.reload()
        if report.done:
            self.changed.emit()
        originals = report.originals
        if originals:
            self._offer_delete(originals)

    def _offer_delete(self, originals: list[Path]) -> None:
        self.delete_confirm = offer_delete(self, originals, self.message.emit,
                                           self.report.show_warning)  # fmt: skip

    # --- changing -----------------------------------------------------------------------

    def set_audience(self, tile: AttachmentTile, audience: Audience) -> None:
        if audience == tile.info.audience:
            return
        try:
            with self.session.gui() as desk:
                tile.info = desk.set_attachment_audience(tile.info.id, audience)
        except Exception as exc:
            self.report.show_error(user_message(exc))
            with contextlib.suppress(RuntimeError):
                tile.audience.blockSignals(True)
                tile.audience.setCurrentIndex(list(Audience).index(tile.info.audience))
                tile.audience.blockSignals(False)
            return
        self.message.emit(self.tr("Attachment marked: {}.").format(audience_label(audience)))
        self.changed.emit()

    def ask_remove(self, info: AttachmentInfo) -> None:
        from ui.confirm import confirm

        self.remove_confirm = confirm(
            self, name="removeAttachmentConfirm", title=self.tr("Remove attachment"),
            text=self.tr("Remove this attachment from the vault?"),
            informative=self.tr("Its bytes are deleted; the removal is recorded in history."),
            action=self.tr("Remove"), on_yes=lambda: self._remove(info),
        )  # fmt: skip

    def ask_move(self, info: AttachmentInfo) -> None:
        from ui.attach_move import MoveToSourceDialog

        if not (self.editable and self.movable()):
            return
        try:
            dialog = MoveToSourceDialog(self.session, info, self, self._moved,
                                        self.report.show_error)  # fmt: skip
        except Exception as exc:
            self.report.show_error(user_message(exc))
            return
        self.move_dialog = dialog
        dialog.open()

    def _moved(self, moved: AttachmentInfo) -> None:
        self.close_viewer()
        self.reload()
        self.changed.emit()
        self.message.emit(self.tr("Moved into the source's sealed identity."))

    def _remove(self, info: AttachmentInfo) -> None:
        try:
            with self.session.gui() as desk:
                desk.remove_attachment(info.id)
        except Exception as exc:
            self.report.show_error(user_message(exc))
            return
        self.reload()
        self.changed.emit()

    # --- viewing ------------------------------------------------------------------------

    def open_viewer(self, info: AttachmentInfo) -> None:
        from ui.attachment_viewer import AttachmentViewer

        try:
            with self.session.gui() as desk:
                data = desk.attachment_bytes(info.id)
        except Exception as exc:
            self.report.show_error(user_message(exc))
            return
        self.close_viewer()
        viewer = AttachmentViewer(info, data, self.window())
        del data
        tile = next((t for t in self.tiles if t.info.id == info.id), None)
        if tile is not None:  # what the tile's menu offers, as buttons beside Close
            for action in (tile.move_action, tile.remove_action):
                if action.isVisible() and action.isEnabled():  # the viewer closes first
                    viewer.add_button(action.text(), partial(self._from_viewer, action),
                                      action.toolTip())  # fmt: skip
        viewer.finished.connect(lambda _code: viewer.forget())
        self.viewer = viewer
        viewer.show()

    def _from_viewer(self, action: QAction) -> None:
        self.close_viewer()
        action.trigger()

    def close_viewer(self) -> None:
        viewer, self.viewer = self.viewer, None
        if viewer is not None:
            with contextlib.suppress(RuntimeError):
                viewer.forget()
                viewer.close()
                viewer.deleteLater()


def offer_delete(parent: QWidget, originals: list[Path], said: Callable[[str], None],
                 failed: Callable[[str], None]) -> QMessageBox:  # fmt: skip
    """Now that the vault holds them without metadata: delete the originals? (confirmed;
    also after cards attached from the source dialog)."""
    from ui.confirm import confirm

    def delete() -> None:
        left = []
        for path in originals:
            try:
                path.unlink()
            except FileNotFoundError:
                continue
            except OSError:
                left.append(path.name)
        if left:
            failed(_t("AttachmentStrip", "Could not delete: {}").format(", ".join(left)))
        else:
            said(_t("AttachmentStrip", "Original deleted."))

    one = len(originals) == 1
    return confirm(
        parent, name="deleteOriginalConfirm",
        title=_t("AttachmentStrip", "Delete the original?"),
        text=_t("AttachmentStrip", "The vault now holds a copy without metadata. Delete the "
                                   "original file from this computer?") if one else
        _t("AttachmentStrip", "The vault now holds copies without metadata. Delete the {} "
                              "original files from this computer?").format(len(originals)),
        informative="\n".join(p.name for p in originals),
        action=_t("AttachmentStrip", "Delete original"), on_yes=delete,
    )  # fmt: skip


def _size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{max(1, size // 1024)} KB"
