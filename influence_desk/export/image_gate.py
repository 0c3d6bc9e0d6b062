"""The leak gate's look at images (issue 16 item 6): every image in the PDF *as written* is
read back with pypdf (not the writer, reportlab), OCR'd with Tesseract, and its text and
metadata searched like page text.

What is searched, per image: the text Tesseract reads in its pixels; the strings of its
XMP ``/Metadata`` stream (the general object scan skips metadata streams); and for a JPEG
(DCTDecode) stream, every APPn and COM segment except the JFIF and Adobe headers (EXIF,
XMP, IPTC, ICC descriptions and comments: reportlab copies a JPEG's segments into the PDF
as they are). An image the gate cannot decode or OCR makes the export unverifiable, and
so refused: an image is never passed unread.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from influence_desk.errors import Cancelled, InfluenceDeskError, LeakDetected
from influence_desk.progress import CancelFlag

__all__ = ["jpeg_metadata_texts", "scan_images"]

Scan = Callable[[str, str], None]

# JPEG markers: APP0 (JFIF/JFXX) and APP14 (Adobe colour transform) carry no text.
_HEADER_MARKERS = frozenset({0xE0, 0xEE})
_SOS, _EOI = 0xDA, 0xD9


def _unverifiable(reason: str) -> LeakDetected:
    return LeakDetected(
        f"The leak gate could not verify the export ({reason}); the file was deleted."
    )


def jpeg_metadata_texts(data: bytes) -> Iterator[str]:
    """The payload of every metadata segment of a JPEG (APP1-APP13, APP15, COM) as text,
    up to the first scan. A stream that is not a JPEG yields nothing."""
    if not data.startswith(b"\xff\xd8"):
        return
    pos = 2
    n = len(data)
    while pos + 4 <= n:
        if data[pos] != 0xFF:
            return  # not at a marker: damaged; what the pixels show is OCR'd anyway
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1  # fill byte
            continue
        if marker in (_SOS, _EOI):
            return
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            pos += 2  # no length
            continue
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        payload = data[pos + 4 : pos + 2 + length]
        if (0xE1 <= marker <= 0xEF and marker not in _HEADER_MARKERS) or marker == 0xFE:
            for encoding in ("utf-8", "utf-16-be", "latin-1"):
                # Every reading a viewer might give: EXIF UserComment may be UCS-2.
                yield payload.decode(encoding, errors="replace")
        pos += 2 + length


def _filters(xobject: Any) -> list[str]:
    filters = xobject.get("/Filter")
    if filters is None:
        return []
    if isinstance(filters, list):
        return [str(f) for f in filters]
    return [str(filters)]


# An inline image (BI … ID … EI) in a content stream; a false hit only costs pypdf's walk.
_INLINE_IMAGE = re.compile(rb"(?:^|\s)BI\s")


def _has_image_xobject(resources: Any, seen: set[int], depth: int = 0) -> bool:
    xobjects = resources.get("/XObject") if resources is not None else None
    if xobjects is None or depth > 8:
        return False
    for ref in xobjects.get_object().values():
        key = getattr(ref, "idnum", None)
        if key is not None:
            if key in seen:
                continue
            seen.add(key)
        xobject = ref.get_object()
        subtype = xobject.get("/Subtype")
        if subtype == "/Image":
            return True
        if subtype == "/Form":
            inner = xobject.get("/Resources")
            if _has_image_xobject(inner.get_object() if inner is not None else None, seen,
                                  depth + 1):  # fmt: skip
                return True
            if _INLINE_IMAGE.search(xobject.get_data()):
                return True
    return False


def _has_images(page: Any) -> bool:
    """Does the page draw any image? Checked in its resources and content first: pypdf's
    ``page.images`` parses every content stream, too slow for a thousand pages of text."""
    resources = page.get("/Resources")
    if _has_image_xobject(resources.get_object() if resources is not None else None, set()):
        return True
    contents = page.get_contents()
    return contents is not None and bool(_INLINE_IMAGE.search(contents.get_data()))


def _page_images(page: Any) -> Iterator[tuple[Any, Any]]:
    """(pypdf ImageFile, its XObject or None for an inline image) of every image the page
    draws, images inside form XObjects included (pypdf's ``page.images`` walks them)."""
    if not _has_images(page):
        return
    for image_file in page.images:
        ref = getattr(image_file, "indirect_reference", None)
        yield image_file, (ref.get_object() if ref is not None else None)


def scan_images(reader: Any, scan: Scan, *, cancel: CancelFlag | None = None) -> int:
    """OCR every image of every page of ``reader`` (a pypdf PdfReader) and hand its text and
    metadata to ``scan(text, where)``; returns the number of images read. Each XObject is
    read once, however many pages draw it."""
    from influence_desk.attachments.ocr import ocr_pixels

    seen: set[int] = set()
    count = 0
    for number, page in enumerate(reader.pages, start=1):
        where = f"in an image on page {number}"
        try:
            images = list(_page_images(page))
        except Exception as exc:
            raise _unverifiable(f"the images on page {number} could not be read") from exc
        for image_file, xobject in images:
            ref = getattr(image_file, "indirect_reference", None)
            if ref is not None:
                if ref.idnum in seen:
                    continue
                seen.add(ref.idnum)
            if cancel is not None:
                cancel.check()
            try:
                pixels = image_file.image
            except Exception as exc:
                raise _unverifiable(f"an image on page {number} could not be decoded") from exc
            try:
                text = ocr_pixels(pixels, cancel=cancel)
            except Cancelled:
                raise
            except InfluenceDeskError as exc:
                # Tesseract missing or failing: the image cannot be proven clean.
                raise _unverifiable(f"text in an image on page {number} could not be read: "
                                    f"{exc.message.rstrip('.')}") from exc  # fmt: skip
            scan(text, where)
            if xobject is not None:
                _scan_metadata(xobject, scan, where, number)
            count += 1
    return count


def _scan_metadata(xobject: Any, scan: Scan, where: str, number: int) -> None:
    try:
        metadata = xobject.get("/Metadata")
        if metadata is not None:
            data = metadata.get_object().get_data()
            scan(data.decode("utf-8", errors="replace"), f"{where} (its XMP metadata)")
        if "/DCTDecode" in _filters(xobject):
            for text in jpeg_metadata_texts(xobject.get_data()):
                scan(text, f"{where} (its JPEG metadata)")
    except LeakDetected:
        raise
    except Exception as exc:
        raise _unverifiable(f"the metadata of an image on page {number} could not be read") \
            from exc
