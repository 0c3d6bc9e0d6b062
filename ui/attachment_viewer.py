"""The attachment viewer: an image with zoom (fit, 100 %, Ctrl+wheel, + and -), a PDF's
pages (QtPdf, read from a QBuffer), or an audio note played from memory with QtMultimedia
(PySide6-Addons; where it is missing the viewer says so); beside an image or PDF, the text
read from it (pseudonymised, as stored). The bytes stay in this process: no temp copy, no
other program."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, Signal
from PySide6.QtGui import QImage, QKeyEvent, QPixmap, QWheelEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from influence_desk.attachments import AttachmentInfo, AttachmentKind
from ui import attachment_images
from ui.attachment_words import kind_label, removed_sentence
from ui.geometry import fit_dialog
from ui.tasks import Task
from ui.widgets import muted

if TYPE_CHECKING:
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPdfWidgets import QPdfView

ZOOM_STEP = 1.25
ZOOM_RANGE = (0.05, 16.0)


def multimedia() -> Any | None:
    """PySide6.QtMultimedia, or None where it is not installed."""
    try:
        return importlib.import_module("PySide6.QtMultimedia")
    except ImportError:
        return None


class ImageView(QScrollArea):
    """A picture at a zoom factor; ``fit`` follows the window's size."""

    zoomed = Signal()

    def __init__(self, pixmap: QPixmap, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attachmentImage")
        self.pixmap = pixmap
        self.label = QLabel()
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWidget(self.label)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.fit = True
        self.factor = 1.0
        self._apply()

    def set_pixmap(self, pixmap: QPixmap) -> None:
        """The picture, once decoded (in a worker: ``AttachmentViewer``)."""
        self.pixmap = pixmap
        self.label.setText("")
        self._apply()

    def fit_factor(self) -> float:
        if self.pixmap.isNull():
            return 1.0
        room = self.viewport().size()
        return max(ZOOM_RANGE[0], min(1.0, room.width() / self.pixmap.width(),
                                      room.height() / self.pixmap.height()))  # fmt: skip

    def zoom_to_fit(self) -> None:
        self.fit = True
        self._apply()

    def zoom_to(self, factor: float) -> None:
        self.fit = False
        self.factor = max(ZOOM_RANGE[0], min(ZOOM_RANGE[1], factor))
        self._apply()

    def zoom_by(self, step: float) -> None:
        self.zoom_to(self.current() * step)

    def current(self) -> float:
        return self.fit_factor() if self.fit else self.factor

    def _apply(self) -> None:
        if self.pixmap.isNull():
            return
        factor = self.current()
        size = self.pixmap.size() * factor
        self.label.setPixmap(
            self.pixmap.scaled(
                size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        )
        self.label.resize(size)
        self.zoomed.emit()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if self.fit:
            self._apply()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.zoom_by(ZOOM_STEP**steps)
            event.accept()
            return
        super().wheelEvent(event)

    def forget(self) -> None:
        self.pixmap = QPixmap()
        self.label.clear()


class PdfPages(QWidget):
    """A PDF from memory in a QPdfView; zoom like the image (fit = fit to width)."""

    def __init__(self, data: bytes, parent: QWidget | None = None) -> None:
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtPdfWidgets import QPdfView

        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.view: QPdfView = QPdfView(self)
        self.view.setObjectName("attachmentPdf")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        layout.addWidget(self.view)
        self.buffer = QBuffer(self)
        self.buffer.setData(QByteArray(data))
        self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        # The view's child: deleted after the view (see ui/pdf_preview.py for why).
        self.document: QPdfDocument = QPdfDocument(self.view)
        self.document.load(self.buffer)
        self.view.setDocument(self.document)
        self.factor = 1.0
        self.zoomed = self.view.zoomFactorChanged

    def pages(self) -> int:
        return int(self.document.pageCount())

    def zoom_to_fit(self) -> None:
        from PySide6.QtPdfWidgets import QPdfView

        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.zoomed.emit(self.current())

    def fitted(self) -> bool:
        from PySide6.QtPdfWidgets import QPdfView

        return bool(self.view.zoomMode() == QPdfView.ZoomMode.FitToWidth)

    def zoom_to(self, factor: float) -> None:
        from PySide6.QtPdfWidgets import QPdfView

        self.factor = max(ZOOM_RANGE[0], min(ZOOM_RANGE[1], factor))
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(self.factor)

    def zoom_by(self, step: float) -> None:
        self.zoom_to(self.current() * step)

    def current(self) -> float:
        return float(self.view.zoomFactor())

    def forget(self) -> None:
        self.document.close()
        self.buffer.close()
        self.buffer.setData(QByteArray())


class AudioPlayer(QWidget):
    """Play and pause an audio note from a QBuffer; a clear sentence where QtMultimedia is
    missing (``available`` False)."""

    def __init__(self, data: bytes, mime: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.status = QLabel()
        self.status.setObjectName("audioStatus")
        self.status.setWordWrap(True)
        self.play_button = QPushButton(self.tr("&Play"))
        self.play_button.setObjectName("audioPlay")
        layout.addWidget(self.status)
        layout.addWidget(self.play_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self.buffer = QBuffer(self)
        self.player: Any = None
        media = multimedia()
        self.available = media is not None
        if media is None:
            self.status.setText(self.tr(
                "Audio cannot be played here: Qt Multimedia (in PySide6-Addons) is not "
                "installed. The recording is safe in the vault."))  # fmt: skip
            self.play_button.setEnabled(False)
            return
        self.buffer.setData(QByteArray(data))
        self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.output = media.QAudioOutput(self)
        self.player = media.QMediaPlayer(self)
        self.player.setAudioOutput(self.output)
        self.player.setSourceDevice(self.buffer)
        self.player.errorOccurred.connect(
            lambda *_a: self.status.setText(self.tr("This recording cannot be played here."))
        )
        self.play_button.clicked.connect(self.toggle)
        self.status.setText(self.tr("Audio note ({})").format(mime))

    def toggle(self) -> None:
        if self.player is None:
            return
        playing = self.player.playbackState() == self.player.PlaybackState.PlayingState
        if playing:
            self.player.pause()
            self.play_button.setText(self.tr("&Play"))
        else:
            self.player.play()
            self.play_button.setText(self.tr("&Pause"))

    def forget(self) -> None:
        if self.player is not None:
            self.player.stop()
            self.player.setSourceDevice(None)
        self.buffer.close()
        self.buffer.setData(QByteArray())


class AttachmentViewer(QDialog):
    def __init__(self, info: AttachmentInfo, data: bytes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attachmentViewer")
        self.info = info
        self.extra_buttons: list[QPushButton] = []
        self.setWindowTitle(self.tr("{} — attachment").format(kind_label(info.kind)))
        layout = QVBoxLayout(self)
        self.details = muted(removed_sentence(info.removed), wrap=True)
        self.details.setObjectName("attachmentRemoved")
        layout.addWidget(self.details)
        self.content: ImageView | PdfPages | AudioPlayer
        self.image_ready = info.kind != AttachmentKind.IMAGE
        self._decoding: Task | None = None
        if info.kind == AttachmentKind.IMAGE:  # a 12-megapixel photo decodes in ~0.2 s
            self.content = ImageView(QPixmap())
            self.content.label.setText(self.tr("Opening the picture…"))
            self._decoding = Task(partial(_decode, data), on_done=self.show_image).start()
        elif info.kind == AttachmentKind.PDF:
            self.content = PdfPages(data)
        else:
            self.content = AudioPlayer(data, info.mime)
        self.text = QPlainTextEdit()
        self.text.setObjectName("attachmentText")
        self.text.setReadOnly(True)
        self.text.setPlainText(info.text)
        self.text.setPlaceholderText(self.tr("No text was read from it."))
        self.text.setToolTip(self.tr(
            "The text read from it, as the vault stores it: registered people appear by "
            "pseudonym. A search finds the note by these words."))  # fmt: skip
        self.text.setVisible(info.kind != AttachmentKind.AUDIO)
        panes = QSplitter(Qt.Orientation.Horizontal)
        panes.addWidget(self.content)
        panes.addWidget(self.text)
        panes.setStretchFactor(0, 3)
        panes.setStretchFactor(1, 1)
        # Three quarters for the picture, one for its text, whatever their first size hints
        # (a photo still being decoded has none); Qt scales these to the width it has.
        panes.setSizes([3000, 1000])
        layout.addWidget(panes, 1)
        buttons = QHBoxLayout()
        self.zoom_label = muted(wrap=False)
        self.fit_button = QPushButton(self.tr("&Fit"))
        self.actual_button = QPushButton(self.tr("&100 %"))
        self.close_button = QPushButton(self.tr("Close"))
        self.fit_button.clicked.connect(lambda: self._zoom("fit"))
        self.actual_button.clicked.connect(lambda: self._zoom("actual"))
        self.close_button.clicked.connect(self.reject)
        zoomable = not isinstance(self.content, AudioPlayer)
        for button in (self.fit_button, self.actual_button):
            button.setVisible(zoomable)
            buttons.addWidget(button)
        buttons.addWidget(self.zoom_label, 1)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.button_row = buttons
        if not isinstance(self.content, AudioPlayer):
            self.content.zoomed.connect(self._show_zoom)
        fit_dialog(self, 900, 700)
        self._show_zoom()

    def add_button(self, text: str, act: Callable[[], object], tip: str = "") -> QPushButton:
        """A button before Close that does what the thumbnail's menu does (Remove, Move to a
        source's identity): the viewer is where a card is recognised as one."""
        button = QPushButton(text)
        button.setToolTip(tip)
        button.clicked.connect(lambda: act())
        self.button_row.insertWidget(self.button_row.count() - 1, button)
        self.extra_buttons.append(button)
        return button

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """+ and - zoom, with or without Ctrl (the buttons do not take them)."""
        steps = {Qt.Key.Key_Plus: ZOOM_STEP, Qt.Key.Key_Equal: ZOOM_STEP,
                 Qt.Key.Key_Minus: 1 / ZOOM_STEP}  # fmt: skip
        step = steps.get(Qt.Key(event.key()))
        if step is not None and not isinstance(self.content, AudioPlayer):
            self._zoom(step)
            event.accept()
            return
        super().keyPressEvent(event)

    def _zoom(self, how: str | float) -> None:
        content = self.content
        if isinstance(content, AudioPlayer):
            return
        if how == "fit":
            content.zoom_to_fit()
        elif how == "actual":
            content.zoom_to(1.0)
        else:
            content.zoom_by(float(how))
        self._show_zoom()

    def _show_zoom(self, *_args: object) -> None:
        if not self.image_ready:
            self.zoom_label.setText("")
        elif isinstance(self.content, PdfPages) and self.content.fitted():
            self.zoom_label.setText(self.tr("Page width"))
        elif not isinstance(self.content, AudioPlayer):
            self.zoom_label.setText(f"{round(self.content.current() * 100)} %")

    def show_image(self, image: QImage) -> None:
        """The photo decoded by the worker; a sentence if it does not decode."""
        self._decoding = None
        if not isinstance(self.content, ImageView):
            return
        if image.isNull():
            self.content.label.setText(self.tr("This picture cannot be shown."))
        else:
            self.content.set_pixmap(QPixmap.fromImage(image))
        self.image_ready = True
        self._show_zoom()

    def zoom(self) -> float:
        return 1.0 if isinstance(self.content, AudioPlayer) else self.content.current()

    def forget(self) -> None:
        """Drop the decoded pixels and the buffered bytes (closed, or the vault locks); a
        picture still being decoded is dropped when it comes."""
        if self._decoding is not None:
            self._decoding.abandon()
            self._decoding = None
        self.content.forget()
        self.text.clear()
        self.details.clear()
        self.zoom_label.clear()


def _decode(data: bytes, _progress: object, _cancel: object) -> QImage:
    """In a worker: the stored photo as pixels (QImage only, no QPixmap off the GUI
    thread)."""
    return attachment_images.decode_image(data)
