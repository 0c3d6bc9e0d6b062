"""Pictures of attachments made in memory from the vault's bytes: a thumbnail per attachment
and the pages of a PDF. Nothing is written to disk (no thumbnail cache, no temp copy): Qt
decodes from a QByteArray, QtPdf reads from a QBuffer that lives only as long as the page."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QApplication, QStyle

from influence_desk.attachments import AttachmentKind

THUMB = QSize(96, 72)


def decode_image(data: bytes) -> QImage:
    """The stored image as pixels (an empty QImage if Qt cannot read it)."""
    return QImage.fromData(QByteArray(data))


def pdf_page(data: bytes, page: int = 0, width: int = 800) -> QImage:
    """One page of a PDF rendered from memory (an empty QImage when it cannot be read)."""
    from PySide6.QtPdf import QPdfDocument

    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    try:
        document.load(buffer)
        if document.status() != QPdfDocument.Status.Ready or page >= document.pageCount():
            return QImage()
        size = document.pagePointSize(page)
        scale = width / max(size.width(), 1.0)
        return document.render(page, QSize(width, int(size.height() * scale)))
    finally:
        document.close()
        buffer.close()
        buffer.setData(QByteArray())


def thumbnail(kind: AttachmentKind, data: bytes) -> QPixmap:
    """A small picture of the attachment: the image itself, a PDF's first page, or an icon
    for audio (and for anything that does not decode)."""
    image = QImage()
    if kind == AttachmentKind.IMAGE:
        image = decode_image(data)
    elif kind == AttachmentKind.PDF:
        image = pdf_page(data, 0, THUMB.width() * 2)
    if image.isNull():
        icon = QStyle.StandardPixmap.SP_MediaVolume
        if kind != AttachmentKind.AUDIO:
            icon = QStyle.StandardPixmap.SP_FileIcon
        return QApplication.style().standardIcon(icon).pixmap(48, 48)
    return QPixmap.fromImage(
        image.scaled(THUMB, Qt.AspectRatioMode.KeepAspectRatio,
                     Qt.TransformationMode.SmoothTransformation)
    )  # fmt: skip
