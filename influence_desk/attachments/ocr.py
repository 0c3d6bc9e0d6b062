"""Text in images and PDFs, read offline (DESIGN §12): Tesseract for pixels, PDFium for a
PDF's own text layer.

Nothing is written outside the vault in clear, so no temp file is ever made: the image is
decoded by Pillow in memory, handed to ``tesseract stdin stdout`` as a greyscale PGM on a
pipe, and the text read back from its stdout (pytesseract writes the image to a temp file
first, so it is not used). Tesseract runs with an empty environment except what it needs
(one OpenMP thread: two cores are shared with the rest of the app), a timeout as a hang
guard, and is killed when the user cancels. A PDF's pages are rendered by pypdfium2 in
memory; a page that has a text layer is read from it instead (quicker and exact).
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import IO

from PIL import Image, ImageOps

from influence_desk.attachments.records import AttachmentKind
from influence_desk.errors import BadInput, InfluenceDeskError
from influence_desk.progress import CancelFlag, ProgressCallback, no_progress

__all__ = [
    "OcrFailed",
    "OcrPage",
    "OcrResult",
    "OcrUnavailable",
    "PageSource",
    "languages",
    "ocr_image",
    "ocr_pdf",
    "ocr_pixels",
    "read_text",
    "readable",
    "tesseract_available",
]

# Tried first, in this order, when installed (the bootstrap installs all three); any other
# installed language is added after them. "osd" is orientation data, not a language.
PREFERRED = ("pol", "deu", "eng")
NOT_LANGUAGES = frozenset({"osd", "equ"})
# A hang guard, not a speed target: a 12-megapixel photo takes a few seconds here.
TIMEOUT_S = 300.0
# Pixels handed to Tesseract at most (larger images are scaled down first): beyond this
# Tesseract's memory grows with nothing more to read.
MAX_PIXELS = 40_000_000
# PDF pages without a text layer are rendered at this resolution for OCR.
PDF_DPI = 200
# A page whose text layer has fewer letters or digits than this is treated as a scan.
MIN_LAYER_CHARS = 8
_POLL_S = 0.2


class OcrUnavailable(InfluenceDeskError):
    """Tesseract (or a language for it) is not installed."""

    exit_code = 1

    def __init__(
        self,
        message: str = (
            "Text recognition needs Tesseract, which is not installed "
            "(on Debian: apt install tesseract-ocr tesseract-ocr-deu tesseract-ocr-pol)."
        ),
    ) -> None:
        super().__init__(message)


class OcrFailed(InfluenceDeskError):
    """Tesseract could not read an image (it said so, or it did not finish in time)."""

    exit_code = 1


class PageSource(StrEnum):
    OCR = "ocr"  # pixels read by Tesseract
    TEXT_LAYER = "text-layer"  # a PDF page's own text


@dataclass(frozen=True)
class OcrPage:
    number: int  # 1-based
    text: str
    source: PageSource


@dataclass(frozen=True)
class OcrResult:
    """What was read: the text of every page (one page for an image), and how."""

    pages: tuple[OcrPage, ...]
    languages: tuple[str, ...]

    @property
    def text(self) -> str:
        """All pages, separated by a blank line (each page's text stripped)."""
        return "\n\n".join(p.text for p in self.pages if p.text)


# --- tesseract ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _tesseract() -> str | None:
    return shutil.which("tesseract")


def tesseract_available() -> bool:
    return _tesseract() is not None and bool(languages())


def _environment() -> dict[str, str]:
    """Only what Tesseract needs: it writes nothing with stdout as its output base, and
    finds no config in HOME or the working folder to tell it otherwise."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "OMP_THREAD_LIMIT": "1",
        "LC_ALL": "C",
    }
    if "TESSDATA_PREFIX" in os.environ:
        env["TESSDATA_PREFIX"] = os.environ["TESSDATA_PREFIX"]
    return env


@functools.lru_cache(maxsize=1)
def languages() -> tuple[str, ...]:
    """Installed languages, the preferred ones first (empty without Tesseract)."""
    exe = _tesseract()
    if exe is None:
        return ()
    try:
        done = subprocess.run(
            [exe, "--list-langs"], capture_output=True, env=_environment(), timeout=60,
            check=False, stdin=subprocess.DEVNULL,
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return ()
    listed = done.stdout.decode("utf-8", "replace").splitlines()[1:]
    found = {line.strip() for line in listed if line.strip()} - NOT_LANGUAGES
    return tuple(lang for lang in PREFERRED if lang in found) + tuple(
        sorted(found - set(PREFERRED))
    )


def _run_tesseract(
    image: bytes, langs: Sequence[str], dpi: int | None, cancel: CancelFlag | None,
    timeout: float,
) -> str:  # fmt: skip
    exe = _tesseract()
    if exe is None or not langs:
        raise OcrUnavailable()
    args = [exe, "stdin", "stdout", "-l", "+".join(langs)]
    if dpi:
        args += ["--dpi", str(dpi)]
    try:
        proc = subprocess.Popen(
            args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env=_environment(), cwd="/",
        )  # fmt: skip
    except OSError as exc:
        raise OcrUnavailable() from exc
    # Python 3.11's communicate() cannot be retried with input after a timeout, and a
    # poll loop is needed for cancel: stdin is fed and both outputs drained by threads.
    out = bytearray()
    threads = [
        threading.Thread(target=_feed, args=(proc.stdin, image), daemon=True),
        threading.Thread(target=_drain, args=(proc.stdout, out), daemon=True),
        threading.Thread(target=_drain, args=(proc.stderr, bytearray()), daemon=True),
    ]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                proc.wait(timeout=_POLL_S)
                break
            except subprocess.TimeoutExpired:
                if cancel is not None:
                    cancel.check()
                if time.monotonic() >= deadline:
                    raise OcrFailed(
                        f"Text recognition did not finish within {int(timeout)} seconds."
                    ) from None
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for thread in threads:
            thread.join()
    if proc.returncode != 0:
        raise OcrFailed("Tesseract could not read this image.")
    return bytes(out).decode("utf-8", "replace")


def _feed(pipe: IO[bytes] | None, data: bytes) -> None:
    if pipe is None:
        return
    try:
        pipe.write(data)
    except (BrokenPipeError, ValueError):
        pass  # tesseract exited (or was killed) before reading it all: its code says why
    finally:
        with contextlib.suppress(BrokenPipeError):
            pipe.close()


def _drain(pipe: IO[bytes] | None, into: bytearray) -> None:
    if pipe is None:
        return
    with pipe:
        while chunk := pipe.read(65536):
            into += chunk


def _clean(text: str) -> str:
    """Tesseract's output: lines stripped, runs of blank lines kept to one, no form feed."""
    lines = [line.rstrip() for line in text.replace("\f", "\n").splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def _pgm(image: Image.Image) -> bytes:
    """A greyscale PGM of ``image`` (orientation applied, scaled under MAX_PIXELS)."""
    image = ImageOps.exif_transpose(image) or image
    if image.mode in ("RGBA", "LA", "P", "PA"):
        # Transparent pixels read as white paper, not black.
        rgba = image.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(paper, rgba)
    grey = image.convert("L")
    pixels = grey.width * grey.height
    if pixels > MAX_PIXELS:
        scale = (MAX_PIXELS / pixels) ** 0.5
        grey = grey.resize((max(1, int(grey.width * scale)), max(1, int(grey.height * scale))))
    header = f"P5\n{grey.width} {grey.height}\n255\n".encode("ascii")
    return header + grey.tobytes()


def ocr_pixels(
    image: Image.Image,
    *,
    dpi: int | None = None,
    cancel: CancelFlag | None = None,
    timeout: float = TIMEOUT_S,
) -> str:
    """The text Tesseract reads in a decoded image (for callers that hold pixels already:
    the export gate, PDF pages)."""
    langs = languages()
    if not langs:
        raise OcrUnavailable()
    if cancel is not None:
        cancel.check()
    return _clean(_run_tesseract(_pgm(image), langs, dpi, cancel, timeout))


def _open_image(data: bytes) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise BadInput("This image cannot be read (damaged, or not an image).") from exc
    return image


def ocr_image(
    data: bytes,
    *,
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
    timeout: float = TIMEOUT_S,
) -> OcrResult:
    """The text in an image file's bytes (any format Pillow opens; HEIC once pillow-heif's
    opener is registered)."""
    progress(0, 1)
    image = _open_image(data)
    text = ocr_pixels(image, cancel=cancel, timeout=timeout)
    progress(1, 1)
    return OcrResult((OcrPage(1, text, PageSource.OCR),), languages())


def ocr_pdf(
    data: bytes,
    *,
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
    timeout: float = TIMEOUT_S,
    dpi: int = PDF_DPI,
    max_pages: int = 500,
) -> OcrResult:
    """Every page's text: its text layer where it has one, else the page rendered in memory
    and read by Tesseract."""
    import pypdfium2 as pdfium  # only PDFs need it; keeps image OCR's import light

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise BadInput("This PDF cannot be read (damaged, encrypted, or not a PDF).") from exc
    pages: list[OcrPage] = []
    try:
        count = min(len(document), max_pages)
        progress(0, count)
        for index in range(count):
            if cancel is not None:
                cancel.check()
            page = document[index]
            try:
                textpage = page.get_textpage()
                try:
                    layer = textpage.get_text_bounded()
                finally:
                    textpage.close()
                if sum(c.isalnum() for c in layer) >= MIN_LAYER_CHARS:
                    pages.append(OcrPage(index + 1, _clean(layer), PageSource.TEXT_LAYER))
                else:
                    bitmap = page.render(scale=dpi / 72, grayscale=True)
                    try:  # the PIL image shares the bitmap's memory: read before closing
                        text = ocr_pixels(bitmap.to_pil(), dpi=dpi, cancel=cancel,
                                          timeout=timeout)  # fmt: skip
                    finally:
                        bitmap.close()
                    pages.append(OcrPage(index + 1, text, PageSource.OCR))
            finally:
                page.close()
            progress(index + 1, count)
    finally:
        document.close()
    return OcrResult(tuple(pages), languages())


def readable(kind: AttachmentKind | str) -> bool:
    """Has an attachment of this kind text to read (images and PDFs; audio has none)?"""
    return str(kind) in (AttachmentKind.IMAGE, AttachmentKind.PDF)


def read_text(
    data: bytes,
    kind: AttachmentKind | str,
    *,
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
) -> OcrResult:
    """The text of an attachment's stored bytes by its kind (nothing for audio). Needs no
    vault: the app runs it in a worker without holding the session, then stores the text
    with ``Desk.set_attachment_text`` (which pseudonymises it)."""
    if str(kind) == AttachmentKind.PDF:
        return ocr_pdf(data, progress=progress, cancel=cancel)
    if str(kind) == AttachmentKind.IMAGE:
        return ocr_image(data, progress=progress, cancel=cancel)
    return OcrResult((), languages())
