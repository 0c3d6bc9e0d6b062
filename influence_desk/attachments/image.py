"""Images stripped by re-encoding from pixels: no EXIF, GPS, XMP, IPTC, maker notes, ICC
profile, comment, text chunks or embedded thumbnail survives, because nothing of the file
but its pixels (orientation applied first) reaches the new one. The result is read back and
checked before it is stored. HEIC comes in through pillow-heif and is stored as JPEG."""

from __future__ import annotations

import io
import warnings
from typing import Any

from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

from influence_desk.attachments.records import AttachmentKind, RemovalBuilder, Stripped
from influence_desk.errors import BadInput

__all__ = ["MAX_PIXELS", "strip_image"]

# A 64-megapixel photo decodes to ~190 MB; a hostile file claiming more is refused before
# any pixel is decoded.
MAX_PIXELS = 64_000_000

try:  # BSD-3: HEIC/HEIF as phones write them
    from pillow_heif import register_heif_opener

    register_heif_opener()
    HEIF = True
except ImportError:  # pragma: no cover - optional at run time
    HEIF = False

# format read -> (format written, mime)
_OUTPUT = {
    "JPEG": ("JPEG", "image/jpeg"),
    "PNG": ("PNG", "image/png"),
    "WEBP": ("WEBP", "image/webp"),
    "HEIF": ("JPEG", "image/jpeg"),
}
# What Pillow reports of a file it wrote itself from bare pixels (JFIF header, density).
_HARMLESS_INFO = frozenset({"jfif", "jfif_version", "jfif_unit", "jfif_density", "dpi",
                            "progressive", "progression", "loop", "background", "duration",
                            "timestamp"})  # fmt: skip

# EXIF tags named in what was removed (the rest are counted).
_GPS_IFD = 0x8825
_EXIF_IFD = 0x8769
_IFD1 = ExifTags.IFD.IFD1  # the embedded thumbnail's IFD
_NAMED_TAGS = {
    0xA431: "camera serial", 0xC62F: "camera serial", 0xA435: "lens serial",
    0xA430: "owner name", 0x013B: "owner name", 0x8298: "copyright",
    0x010F: "camera make and model", 0x0110: "camera make and model",
    0x927C: "maker notes", 0x9003: "time taken", 0x9004: "time taken", 0x0132: "time taken",
    0xA420: "unique image id", 0x9286: "comment", 0x010E: "description",
}  # fmt: skip
# Structure, not content: never counted as a removed field.
_STRUCTURE = frozenset({_EXIF_IFD, _GPS_IFD, 0xA005, 0x0112, 0x011A, 0x011B, 0x0128, 0x0213})


def strip_image(data: bytes) -> Stripped:
    image = _open(data)
    read_format = str(image.format)
    if read_format not in _OUTPUT:
        raise BadInput(f"Images in {read_format} format cannot be attached; use JPEG, PNG, "
                       "WebP or HEIC.")  # fmt: skip
    removed = RemovalBuilder()
    _note_metadata(image, removed)
    write_format, mime = _OUTPUT[read_format]
    try:
        if getattr(image, "n_frames", 1) > 1:
            removed.name("other frames of the animation")
        upright = ImageOps.exif_transpose(image)
        pixels = _plain_mode(upright, write_format)
        clean = Image.frombytes(pixels.mode, pixels.size, pixels.tobytes())
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise BadInput("The image could not be read: the file is damaged or truncated.") from exc
    out = io.BytesIO()
    options: dict[str, Any] = {"quality": 92} if write_format in ("JPEG", "WEBP") else {}
    clean.save(out, write_format, **options)
    result = out.getvalue()
    _check_clean(result, write_format, clean.size)
    return Stripped(result, AttachmentKind.IMAGE, mime, removed.build(), *clean.size)


def _open(data: bytes) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            width, height = image.size
            if width <= 0 or height <= 0 or width * height > MAX_PIXELS:
                raise BadInput(
                    f"The image is too large to attach ({width} x {height} pixels; at most "
                    f"{MAX_PIXELS // 1_000_000} megapixels)."
                )
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise BadInput("The image is too large to attach (it would decode to more "
                       f"than {MAX_PIXELS // 1_000_000} megapixels).") from exc  # fmt: skip
    except UnidentifiedImageError as exc:
        raise BadInput("The file could not be read as an image.") from exc
    except (OSError, ValueError, SyntaxError) as exc:
        raise BadInput("The image could not be read: the file is damaged or truncated.") from exc
    return image


def _note_metadata(image: Image.Image, removed: RemovalBuilder) -> None:
    """Name what the original carries, for the user; none of it is copied anyway."""
    try:
        exif = image.getexif()
        gps = exif.get_ifd(_GPS_IFD)
        inner = exif.get_ifd(_EXIF_IFD)
        thumbnail = exif.get_ifd(_IFD1)
    except Exception:
        removed.name("damaged EXIF data")
        exif, gps, inner, thumbnail = Image.Exif(), {}, {}, {}
    if gps:
        removed.name("GPS position")
    for tag in (*exif.keys(), *inner.keys()):
        if tag in _NAMED_TAGS:
            removed.name(_NAMED_TAGS[tag])
        elif tag not in _STRUCTURE:
            removed.other()
    if thumbnail or "thumbnail" in image.info:
        removed.name("embedded thumbnail")
    info = image.info
    if "xmp" in info or "XML:com.adobe.xmp" in info:
        removed.name("XMP metadata")
    if "photoshop" in info or any(m == "APP13" for m, _ in getattr(image, "applist", [])):
        removed.name("IPTC metadata")
    if info.get("icc_profile"):
        removed.name("colour profile")
    if info.get("comment"):
        removed.name("comment")
    text = getattr(image, "text", None) or {}
    text = {k: v for k, v in text.items() if k != "XML:com.adobe.xmp"}
    if text:
        removed.name("text fields")
    if read_mpf(image):
        removed.name("extra pictures")


def read_mpf(image: Image.Image) -> bool:
    return bool(image.info.get("mp")) or any(
        m == "APP2" and d.startswith(b"MPF") for m, d in getattr(image, "applist", [])
    )


def _plain_mode(image: Image.Image, write_format: str) -> Image.Image:
    """Pixels in a mode the output format stores plainly."""
    alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    if write_format == "JPEG":
        return image if image.mode in ("RGB", "L") else image.convert("RGB")
    if image.mode in ("RGB", "RGBA", "L", "LA") and not (image.mode == "LA" and write_format
                                                          == "WEBP"):
        return image
    return image.convert("RGBA" if alpha else "RGB")


def _check_clean(data: bytes, write_format: str, size: tuple[int, int]) -> None:
    """Read the result back: the right format and size, and nothing but pixels in it."""
    try:
        back = Image.open(io.BytesIO(data))
        back.load()
    except Exception as exc:
        raise BadInput("The image could not be cleaned of its metadata, so it was not "
                       "attached.") from exc  # fmt: skip
    left = set(back.info) - _HARMLESS_INFO
    text = getattr(back, "text", None) or {}
    if back.format != write_format or back.size != size or left or text or len(back.getexif()):
        raise BadInput("The image could not be cleaned of its metadata, so it was not attached.")
