"""Pictures of attachments made in memory from the vault's bytes: a thumbnail per attachment
and the pages of a PDF. Nothing is written to disk (no thumbnail cache, no temp copy): Qt
decodes from a QByteArray, QtPdf reads from a QBuffer that lives only as long as the page.
The decoding functions use QImage only, so a worker thread can run them; QPixmaps (the
placeholders) are made on the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QColor, QImage, QImageReader, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QApplication

from influence_desk.attachments import AttachmentKind

THUMB = QSize(96, 72)


def decode_image(data: bytes) -> QImage:
    """The stored image as pixels (an empty QImage if Qt cannot read it)."""
    return QImage.fromData(QByteArray(data))


def _decode_small(data: bytes, room: QSize) -> QImage:
    """Decoded straight at thumbnail size (JPEG decodes at 1/2, 1/4, 1/8 scale): a
    12-megapixel photo's thumbnail without its 48 MB of full-size pixels."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    try:
        reader = QImageReader(buffer)
        size = reader.size()
        if size.isValid() and (size.width() > room.width() or size.height() > room.height()):
            reader.setScaledSize(size.scaled(room, Qt.AspectRatioMode.KeepAspectRatio))
        return reader.read()
    finally:
        buffer.close()
        buffer.setData(QByteArray())


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


def thumbnail_image(kind: AttachmentKind, data: bytes, edge: QColor) -> QImage:
    """A small picture of an image or PDF attachment (a PDF's first page, its edge drawn in
    ``edge``), or an empty QImage for audio and for anything that does not decode. Only
    QImage and QPainter on a QImage: safe in a worker thread (ui/attachment_thumbs.py)."""
    image = QImage()
    if kind == AttachmentKind.IMAGE:
        image = _decode_small(data, THUMB * 2)
    elif kind == AttachmentKind.PDF:
        image = pdf_page(data, 0, THUMB.width() * 2)
    if image.isNull():
        return QImage()
    small = image.scaled(THUMB, Qt.AspectRatioMode.KeepAspectRatio,
                         Qt.TransformationMode.SmoothTransformation)  # fmt: skip
    if kind == AttachmentKind.PDF:  # a white page needs its edge to be seen
        small = small.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
        painter = QPainter(small)
        painter.setPen(edge)
        painter.drawRect(small.rect().adjusted(0, 0, -1, -1))
        painter.end()
    return small


def edge_colour() -> QColor:
    """The colour a PDF thumbnail's edge is drawn in (read on the GUI thread)."""
    return QApplication.palette().color(QPalette.ColorRole.Mid)


def placeholder(kind: AttachmentKind, waiting: bool = False) -> QPixmap:
    """What a tile shows without a picture: a note for audio, an ellipsis while the
    thumbnail is being made, a question mark when it could not be."""
    if kind == AttachmentKind.AUDIO:
        return _placeholder("\u266a")
    return _placeholder("\u2026" if waiting else "?")


def _placeholder(symbol: str) -> QPixmap:
    """A tile in the palette's colours with one big symbol (audio has no picture)."""
    palette = QApplication.palette()
    pixmap = QPixmap(THUMB)
    pixmap.fill(palette.color(QPalette.ColorRole.AlternateBase))
    painter = QPainter(pixmap)
    font = painter.font()
    font.setPixelSize(THUMB.height() // 2)
    painter.setFont(font)
    painter.setPen(palette.color(QPalette.ColorRole.Text))
    painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, symbol)
    painter.end()
    return pixmap
