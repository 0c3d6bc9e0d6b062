"""OCR offline with Tesseract through a pipe (issue 16 item 3): the printed words come back,
PDFs are read page by page (their text layer where they have one), a cancel stops Tesseract,
a missing Tesseract is one sentence, and Tesseract writes no file while it reads.

Images are drawn here with Pillow and DejaVu and kept small: about a second of Tesseract
each on this machine.
"""

from __future__ import annotations

import io
import os
import re
import threading
from pathlib import Path

import pytest
from attachment_files import printed as card
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from influence_desk.attachments import ocr
from influence_desk.errors import BadInput, Cancelled
from influence_desk.progress import CancelFlag

CARD = ("Katarzyna Wiśniewska", "Head of Data", "+48 22 123 45 67")


def test_the_words_on_a_business_card_are_read() -> None:
    result = ocr.ocr_image(card(*CARD))
    for line in CARD:
        assert line in result.text  # the Polish ś too: pol is among the languages
    assert result.pages[0].source is ocr.PageSource.OCR
    assert result.languages[:3] == ("pol", "deu", "eng")


def test_a_jpeg_photo_is_read_too() -> None:
    assert "Datapol" in ocr.ocr_image(card("Datapol booth 14", fmt="JPEG")).text


def test_a_pdf_is_read_from_its_text_layer_and_its_scanned_pages() -> None:
    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    pdf.drawString(72, 720, "Price list: voter file matching 0.12 euro per record")
    pdf.showPage()
    pdf.drawImage(ImageReader(io.BytesIO(card("Scanned brochure page"))), 72, 600,
                  width=300, height=50)  # fmt: skip
    pdf.showPage()
    pdf.save()
    seen: list[tuple[int, int]] = []
    result = ocr.ocr_pdf(out.getvalue(), progress=lambda d, t: seen.append((d, t)))
    first, second = result.pages
    assert first.source is ocr.PageSource.TEXT_LAYER
    assert "voter file matching" in first.text
    assert second.source is ocr.PageSource.OCR
    assert "Scanned brochure page" in second.text
    assert seen[-1] == (2, 2)


def test_not_an_image_is_one_sentence() -> None:
    with pytest.raises(BadInput, match="cannot be read"):
        ocr.ocr_image(b"not an image at all")
    with pytest.raises(BadInput, match="cannot be read"):
        ocr.ocr_pdf(b"%PDF-1.4 broken")


def test_without_tesseract_one_clear_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    ocr._tesseract.cache_clear()
    ocr.languages.cache_clear()
    try:
        assert not ocr.tesseract_available()
        with pytest.raises(ocr.OcrUnavailable) as caught:
            ocr.ocr_image(card("Booth"))
        assert caught.value.message.startswith("Text recognition needs Tesseract")
        assert caught.value.message.endswith(".") and caught.value.message.count(". ") == 0
    finally:
        monkeypatch.undo()
        ocr._tesseract.cache_clear()
        ocr.languages.cache_clear()


def _fake_tesseract(folder: Path, body: str) -> None:
    """A ``tesseract`` first on PATH: answers --list-langs like the real one, else ``body``."""
    script = folder / "tesseract"
    script.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = "--list-langs" ]; then exec /usr/bin/tesseract --list-langs; fi\n'
        + body
    )
    script.chmod(0o755)


def test_cancel_stops_tesseract(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A Tesseract that never finishes: only a cancel (or the hang guard) ends it.
    _fake_tesseract(tmp_path, f"echo $$ > {tmp_path}/pid\nexec sleep 600\n")
    monkeypatch.setenv("PATH", f"{tmp_path}:{os.environ['PATH']}")
    ocr._tesseract.cache_clear()
    ocr.languages.cache_clear()
    flag = CancelFlag()
    try:
        def cancel_once_running() -> None:
            for _ in range(600):
                if (tmp_path / "pid").exists():
                    break
                threading.Event().wait(0.05)
            flag.cancel()

        threading.Thread(target=cancel_once_running, daemon=True).start()
        with pytest.raises(Cancelled):
            ocr.ocr_image(card("Booth"), cancel=flag)
        pid = int((tmp_path / "pid").read_text())
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)  # killed and reaped, not left running
    finally:
        monkeypatch.undo()
        ocr._tesseract.cache_clear()
        ocr.languages.cache_clear()


_WRITES = re.compile(r"O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|^\d+\s+(creat|mkdir|rename|link|symlink)")


def test_tesseract_writes_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Read with strace (a tool the app does not use): every file the real Tesseract opens
    while reading a business card is opened for reading only."""
    log = tmp_path / "trace.log"
    _fake_tesseract(
        tmp_path,
        f'exec strace -f -qq -o {log} -e trace=open,openat,creat,mkdir,rename,renameat,'
        f'renameat2,link,symlink,unlink,unlinkat /usr/bin/tesseract "$@"\n',
    )
    monkeypatch.setenv("PATH", f"{tmp_path}:{os.environ['PATH']}")
    ocr._tesseract.cache_clear()
    ocr.languages.cache_clear()
    try:
        assert "Head of Data" in ocr.ocr_image(card(*CARD)).text
    finally:
        monkeypatch.undo()
        ocr._tesseract.cache_clear()
        ocr.languages.cache_clear()
    calls = [line for line in log.read_text().splitlines() if "ENOENT" not in line]
    assert any("eng.traineddata" in line for line in calls)  # the trace saw Tesseract work
    written = [line for line in calls if _WRITES.search(line) or "unlink" in line]
    assert written == []
