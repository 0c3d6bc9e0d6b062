"""PDF: the reportlab brief (``export.render``) with its own pipeline and gate
(``export.pipeline.export_pdf``: two text extractors, metadata, outline, annotations and
every object of the file). This entry puts it in the registry beside the other formats."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from influence_desk.export import extract
from influence_desk.export.formats.base import OutputKind, ReadBack, ReadPart, Rendered
from influence_desk.export.pipeline import make_canary
from influence_desk.export.prepare import PreparedDocument
from influence_desk.export.render import Renderer
from influence_desk.progress import CancelFlag


class PdfFormat:
    name = "pdf"
    suffix = ".pdf"
    label = "PDF"
    output: OutputKind = "file"

    def render(
        self,
        prepared: PreparedDocument,
        out_path: Path,
        progress: Callable[[], None],
        cancel: CancelFlag | None,
    ) -> Rendered:
        with open(out_path, "wb") as fh:
            Renderer(prepared, make_canary(prepared.request), on_note=progress).render(fh)
        return Rendered(units=len(extract.extract_poppler_pages(out_path)))

    def read_back(self, path: Path) -> ReadBack:
        """Page text by PDFium; the export pipeline's gate (``check_pdf``) reads far more."""
        pages = extract.extract_pdfium_pages(path)
        return ReadBack(
            tuple(ReadPart(text, f"on page {i}", needs_check_text=True)
                  for i, text in enumerate(pages, start=1)),
            units=len(pages),
        )  # fmt: skip
