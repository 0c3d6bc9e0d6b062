"""Page text of a PDF as two independent engines read it: poppler and PDFium.

The leak gate reads every page twice, with the two PDF engines a recipient's tools are
most likely built on: poppler (``pdftotext``, the Debian package poppler-utils, run as a
child process) and PDFium (Chrome's engine, through ``pypdfium2``). They share no code,
so a character that one of them maps or orders wrongly is still seen by the other. Both
return text that is white, under a box or drawn invisibly (render mode 3); PDFium also
returns text placed off the page, which poppler drops.

They are fast (a 300-page export in a fraction of a second each, against several seconds
for the pure-Python extractors) and run at the same time: ``pdftotext`` is started first
and works in its own process while PDFium reads the file in this one.

Nothing is written to disk: ``pdftotext`` prints to a pipe, PDFium reads the file itself.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

PageTexts = list[str]

PDFTOTEXT_TIMEOUT = 300.0  # seconds: a 100,000-note export is far below this


class ExtractorMissing(RuntimeError):
    """An extractor's program or library is not installed."""


def pdftotext_path() -> str:
    found = shutil.which("pdftotext")
    if found is None:
        raise ExtractorMissing("pdftotext (poppler-utils) is not installed")
    return found


@dataclass
class PopplerRun:
    """A running ``pdftotext``; ``pages()`` waits for it and splits its output by page."""

    process: subprocess.Popen[bytes]

    def pages(self) -> PageTexts:
        try:
            out, _ = self.process.communicate(timeout=PDFTOTEXT_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.communicate()
            raise RuntimeError("pdftotext took too long") from None
        if self.process.returncode != 0:
            raise RuntimeError(f"pdftotext failed with exit code {self.process.returncode}")
        # pdftotext ends every page with a form feed, the last one included.
        texts = out.decode("utf-8", errors="replace").split("\f")
        if texts and texts[-1].strip() == "":
            texts.pop()
        return texts

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.communicate()


def start_poppler(path: Path) -> PopplerRun:
    """Start ``pdftotext`` on ``path``: raw content order (no layout guessing that could
    reorder a name's parts), UTF-8, every page, to standard output."""
    argv = [pdftotext_path(), "-q", "-raw", "-enc", "UTF-8", str(path), "-"]
    process = subprocess.Popen(  # fixed argv, no shell
        argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    return PopplerRun(process)


def extract_poppler_pages(path: Path) -> PageTexts:
    """Text of each page according to poppler's ``pdftotext``."""
    return start_poppler(path).pages()


def extract_pdfium_pages(path: Path) -> PageTexts:
    """Text of each page according to PDFium (every character on the page's text layer,
    wherever it is drawn)."""
    try:
        import pypdfium2 as pdfium
    except ImportError as exc:
        raise ExtractorMissing("pypdfium2 is not installed") from exc

    pdf = pdfium.PdfDocument(str(path))
    texts: PageTexts = []
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            try:
                texts.append(textpage.get_text_range())
            finally:
                textpage.close()
                page.close()
    finally:
        pdf.close()
    return texts


Extractor = Callable[[Path], PageTexts]
