"""The export dialog's preview of the file it wrote (QtPdf, loaded on first use)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ui.i18n import translate as _t
from ui.widgets import muted

if TYPE_CHECKING:
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPdfWidgets import QPdfView



class PdfPreview(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pdf: QPdfDocument | None = None  # once a file is shown
        self.view: QPdfView | None = None  # created on first use (QtPdf loads then)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.title = muted(_t("ExportDialog", "Preview of the exported file"), wrap=False)
        self.layout_.addWidget(self.title)
        self.hide()

    def show_file(self, path: Path) -> None:
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtPdfWidgets import QPdfView

        view = self.view
        if view is None:
            view = self.view = QPdfView(self)
            view.setObjectName("exportPreview")
            view.setAccessibleName(_t("ExportDialog", "Preview of the exported PDF"))
            view.setPageMode(QPdfView.PageMode.MultiPage)
            view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            view.setPageSpacing(12)
            self.layout_.addWidget(view, 1)
        if self.pdf is None:
            # One document for the view's life, loaded again for each export. QPdfView holds a
            # plain pointer to its document (not a QPointer): a document deleted while set on
            # the view left it dangling, and the next setDocument() crashed in QtCore. As the
            # view's child the document is deleted only after the view itself.
            self.pdf = QPdfDocument(view)
            view.setDocument(self.pdf)
        pdf = self.pdf
        pdf.load(str(path))
        view.pageNavigator().jump(0, QPointF(), 1.0)
        self.title.setText(_t("ExportDialog", "Preview — {} pages").format(pdf.pageCount()))
        self.show()

    def close_file(self) -> None:
        """Let go of the file shown (it may be overwritten next); the document stays."""
        if self.pdf is not None:
            self.pdf.close()
        self.hide()

    def pages(self) -> int:
        return self.pdf.pageCount() if self.pdf is not None else 0
