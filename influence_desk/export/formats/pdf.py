"""PDF: the reportlab brief (``export.render``) through the one export path
(``writing.export_document``), with the PDF's own gate (``export.gate.check_pdf``: two text
extractors, metadata, outline, annotations, images and every object of the file).
``export_pdf`` is that path with this format; its ``renderer`` exists for tests."""

from __future__ import annotations

import os
from pathlib import Path

from influence_desk.export import extract
from influence_desk.export.document import ExportRequest, ExportResult
from influence_desk.export.formats.base import FormatBase, ReadBack, ReadPart, Rendered, Writing
from influence_desk.export.formats.writing import export_document, make_canary
from influence_desk.export.gate import check_pdf
from influence_desk.export.prepare import PreparedDocument
from influence_desk.export.render import Renderer
from influence_desk.progress import CancelFlag, ProgressCallback, no_progress


class PdfFormat(FormatBase):
    name = "pdf"
    suffix = ".pdf"
    label = "PDF"

    def __init__(self, renderer: type[Renderer] = Renderer) -> None:
        self.renderer = renderer

    def write(self, job: Writing) -> Rendered:
        canary = make_canary(job.prepared.request)
        renderer = self.renderer(job.prepared, canary, on_note=job.note_written)
        with open(job.path, "wb") as fh:
            renderer.render(fh)
        return Rendered(units=renderer.pages)

    def read_back(self, path: Path) -> ReadBack:
        """Page text by PDFium; the gate (``gate``) reads far more."""
        pages = extract.extract_pdfium_pages(path)
        return ReadBack(
            tuple(ReadPart(text, f"on page {i}", needs_check_text=True)
                  for i, text in enumerate(pages, start=1)),
            units=len(pages),
        )  # fmt: skip

    def gate(
        self,
        path: Path,
        prepared: PreparedDocument,
        canary: str,
        *,
        progress: ProgressCallback,
        cancel: CancelFlag | None,
    ) -> int:
        return check_pdf(path, prepared.needles, canary, identities=prepared.identities,
                         progress=progress, cancel=cancel)  # fmt: skip


def export_pdf(
    request: ExportRequest,
    out_path: str | os.PathLike[str],
    *,
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
    renderer: type[Renderer] = Renderer,
) -> ExportResult:
    """Write the PDF for ``request`` at ``out_path`` and return what it holds (its pages
    as the gate counted them). Raises and cleans up as ``export_document`` does."""
    return export_document(request, out_path, PdfFormat(renderer), progress=progress,
                           cancel=cancel)  # fmt: skip
