"""Attachments in an export (DESIGN §12, issue 16 item 6): which images an audience may see,
and how they are drawn after the note they belong to.

An attachment is marked for an audience (internal by default: never exported). A profile
that shows team-only passages (the team brief) may include images marked team or public; any
other profile with note text (the public summaries) only those marked public; the audit
report none. Audio and PDF attachments are never drawn into a PDF.

The image is drawn from fresh pixels: decoded, orientation applied, scaled to at most
``MAX_SIDE`` pixels, and encoded anew as a baseline JPEG without EXIF, ICC, XMP or comment
(only the JFIF header Pillow always writes). The leak gate then reads every image back out of
the written PDF, OCRs it and checks its metadata (``image_gate``): what the PDF holds is
what is checked, not what this module meant to write.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from PIL import Image, ImageOps
from reportlab.platypus import Flowable, Spacer
from reportlab.platypus import Image as PdfImage

from influence_desk.errors import BadInput
from influence_desk.export.profiles import ExportProfile
from influence_desk.model import MarkLevel
from influence_desk.progress import CancelFlag

__all__ = [
    "MAX_SIDE",
    "ExportImage",
    "audiences_for",
    "export_image",
    "image_flowables",
    "images_for_export",
]

# Pixels on the long side of an exported image: enough to read a slide or a badge when
# zoomed in, and a 12-megapixel photo does not make a 30 MB PDF.
MAX_SIDE = 1600
JPEG_QUALITY = 85
# The printed size at most (points): the text width, and about half a page high.
MAX_HEIGHT_PT = 360.0


@dataclass(frozen=True)
class ExportImage:
    """One image as the export draws it: fresh JPEG bytes and their size in pixels."""

    attachment_id: str
    jpeg: bytes = field(repr=False)
    width: int
    height: int


def audiences_for(profile: ExportProfile) -> frozenset[str]:
    """The attachment audiences (``Audience`` values) whose images ``profile`` may show."""
    if not profile.include_note_text:
        return frozenset()
    if profile.allows(MarkLevel.TEAM):
        return frozenset({"team", "public"})
    return frozenset({"public"})


def export_image(attachment_id: str, data: bytes) -> ExportImage:
    """``data`` (a stored, stripped image) as the export draws it: new pixels, new file."""
    try:
        source = Image.open(io.BytesIO(data))
        source.load()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise BadInput("An attachment marked for export cannot be read as an image.") from exc
    image = ImageOps.exif_transpose(source) or source
    if image.mode in ("RGBA", "LA", "P", "PA"):
        rgba = image.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(paper, rgba)
    rgb = image.convert("RGB")
    rgb.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    # From the bare pixels: nothing of the source's info dict (comments, ICC) can follow.
    fresh = Image.frombytes("RGB", rgb.size, rgb.tobytes())
    out = io.BytesIO()
    fresh.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return ExportImage(attachment_id, out.getvalue(), fresh.width, fresh.height)


def image_flowables(images: Sequence[ExportImage], max_width: float) -> list[Flowable]:
    """The images of one note, each fitted to the text width and ``MAX_HEIGHT_PT``."""
    out: list[Flowable] = []
    for image in images:
        scale = min(max_width / image.width, MAX_HEIGHT_PT / image.height, 1.0)
        out.append(Spacer(1, 6))
        out.append(
            PdfImage(io.BytesIO(image.jpeg), width=image.width * scale,
                     height=image.height * scale, hAlign="LEFT")
        )
    if out:
        out.append(Spacer(1, 6))
    return out


def chosen(attachments: Iterable[Any], profile: ExportProfile) -> list[str]:
    """Of a note's attachments (``AttachmentInfo``), the ids ``profile`` may show, in
    order: images only (never audio or PDFs), of an allowed audience."""
    allowed = audiences_for(profile)
    return [
        str(a.id) for a in attachments
        if str(a.kind) == "image" and str(a.audience) in allowed
    ]  # fmt: skip


class AttachmentReader(Protocol):
    """What the export asks of the Desk (the service hands the Desk itself)."""

    def attachments(self, note_id: str) -> Sequence[Any]: ...

    def attachment_bytes(self, attachment_id: str) -> bytes: ...


def images_for_export(
    desk: AttachmentReader,
    profile: ExportProfile,
    note_ids: Iterable[str],
    cancel: CancelFlag | None = None,
) -> dict[str, tuple[ExportImage, ...]]:
    """note id -> the images ``profile`` may show after it (none for the audit report)."""
    if not audiences_for(profile):
        return {}
    out: dict[str, tuple[ExportImage, ...]] = {}
    for note_id in note_ids:
        ids = chosen(desk.attachments(note_id), profile)
        if not ids:
            continue
        if cancel is not None:
            cancel.check()
        out[note_id] = tuple(export_image(aid, desk.attachment_bytes(aid)) for aid in ids)
    return out
