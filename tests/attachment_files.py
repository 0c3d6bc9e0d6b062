"""Real files with real metadata, made in memory for the attachment tests (tests/core and
tests/cli): each carries a name, a place and a device serial that must not survive import.
"""

from __future__ import annotations

import base64
import io
import struct

import numpy as np
import soundfile
from mutagen.id3 import ID3, TIT2, TPE1, TXXX
from mutagen.oggopus import OggOpus
from mutagen.wave import WAVE
from PIL import Image, PngImagePlugin
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    TextStringObject,
)
from reportlab.pdfgen import canvas

# What the files carry; none of it may be found in what the vault stores.
OWNER = "Katarzyna Wiśniewska"
SERIAL = "SN-4471-9920-QX"
PLACE_TEXT = "52.5200 N 13.4050 E"
COMMENT = "met her at booth 14"
XMP = (
    '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    f'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>{OWNER}</dc:creator>'
    '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
)
SECRETS = (OWNER, SERIAL, COMMENT, "Wisniewska", "EOS R6", "ns.adobe.com", "purl.org/dc")


def _exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "Canon"  # Make
    exif[0x0110] = "EOS R6"  # Model
    exif[0x0112] = orientation
    exif[0x013B] = OWNER  # Artist
    inner = exif.get_ifd(0x8769)
    inner[0xA431] = SERIAL  # BodySerialNumber
    inner[0xA430] = OWNER  # CameraOwnerName
    inner[0x9003] = "2026:11:20 14:03:11"  # DateTimeOriginal
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (52.0, 31.0, 12.0)
    gps[3] = "E"
    gps[4] = (13.0, 24.0, 18.0)
    return exif


def photo(width: int = 320, height: int = 200, orientation: int = 1) -> bytes:
    """A JPEG with GPS, a camera serial, the owner's name, XMP and a comment. The left
    half is red and the right half blue, so orientation can be checked by its pixels."""
    image = Image.new("RGB", (width, height), (220, 20, 20))
    image.paste((20, 20, 220), (width // 2, 0, width, height))
    out = io.BytesIO()
    image.save(out, "JPEG", exif=_exif(orientation), comment=COMMENT.encode(),
               xmp=XMP.encode(), quality=90)  # fmt: skip
    return out.getvalue()


def png_with_text() -> bytes:
    image = Image.new("RGBA", (64, 40), (10, 200, 10, 255))
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", OWNER)  # not Latin-1: Pillow writes it as iTXt
    info.add_text("Software", f"Scanner {SERIAL}")  # tEXt
    info.add_itxt("Comment", COMMENT)
    info.add_text("XML:com.adobe.xmp", XMP)
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info, exif=_exif())
    return out.getvalue()


def heic() -> bytes:
    from pillow_heif import register_heif_opener

    register_heif_opener()
    image = Image.new("RGB", (96, 64), (30, 120, 200))
    out = io.BytesIO()
    image.save(out, "HEIF", exif=_exif().tobytes())
    return out.getvalue()


PDF_TEXT = "Booth 14 price list"


def pdf_with_metadata() -> bytes:
    """A PDF with Info, XMP, JavaScript on opening, an embedded file and a link action."""
    page = io.BytesIO()
    drawing = canvas.Canvas(page)
    drawing.drawString(72, 720, PDF_TEXT)
    drawing.save()
    writer = PdfWriter(clone_from=io.BytesIO(page.getvalue()))
    writer.add_metadata({"/Author": OWNER, "/Title": f"Card of {OWNER}",
                         "/Creator": f"Scanner {SERIAL}", "/Keywords": COMMENT})  # fmt: skip
    script = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                               NameObject("/JS"): TextStringObject("app.alert('booth 14');")})
    action = writer._add_object(script)
    writer._root_object[NameObject("/OpenAction")] = action
    names = DictionaryObject({NameObject("/JavaScript"): DictionaryObject(
        {NameObject("/Names"): ArrayObject([TextStringObject("hello"), action])})})
    writer._root_object[NameObject("/Names")] = writer._add_object(names)
    writer.add_attachment("contacts.txt", f"{OWNER} +48 601 234 567".encode())
    stream = DecodedStreamObject()
    stream.set_data(XMP.encode())
    stream[NameObject("/Type")] = NameObject("/Metadata")
    stream[NameObject("/Subtype")] = NameObject("/XML")
    writer._root_object[NameObject("/Metadata")] = writer._add_object(stream)
    writer.add_uri(0, "https://example.org/track", [72, 700, 200, 730])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_with_photo() -> bytes:
    """A scan as phones make them: a page whose image is the camera's JPEG as it was, EXIF
    (GPS, serial) and all, behind an ASCII85 filter."""
    from reportlab.lib.utils import ImageReader

    page = io.BytesIO()
    drawing = canvas.Canvas(page)
    drawing.drawImage(ImageReader(io.BytesIO(photo())), 72, 400, 320, 200)
    drawing.drawString(72, 720, PDF_TEXT)
    drawing.save()
    writer = PdfWriter(clone_from=io.BytesIO(page.getvalue()))
    for ref in writer.pages[0]["/Resources"]["/XObject"].values():
        image = ref.get_object()
        image._data = base64.a85encode(photo()) + b"~>"  # the JPEG unchanged inside
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


SAMPLE_RATE = 48000


def _tone(seconds: float = 0.5) -> np.ndarray:
    t = np.arange(int(SAMPLE_RATE * seconds)) / SAMPLE_RATE
    return (0.3 * np.sin(2 * np.pi * 440 * t)).astype("float32")


def opus_with_tags() -> bytes:
    raw = io.BytesIO()
    soundfile.write(raw, _tone(), SAMPLE_RATE, format="OGG", subtype="OPUS")
    buffer = io.BytesIO(raw.getvalue())
    audio = OggOpus(buffer)
    audio["artist"] = OWNER
    audio["comment"] = COMMENT
    audio["location"] = PLACE_TEXT
    audio["encoder_serial"] = SERIAL
    buffer.seek(0)
    audio.save(buffer)
    return buffer.getvalue()


def wav_with_tags() -> bytes:
    raw = io.BytesIO()
    soundfile.write(raw, _tone(), SAMPLE_RATE, format="WAV", subtype="PCM_16")
    data = raw.getvalue()
    info = b"INFO" + _chunk(b"IART", OWNER.encode() + b"\0") + _chunk(b"ICMT", COMMENT.encode())
    data = data + _chunk(b"LIST", info)
    data = data[:4] + struct.pack("<I", len(data) - 8) + data[8:]
    buffer = io.BytesIO(data)
    audio = WAVE(buffer)
    audio.add_tags()
    audio.tags.add(TPE1(encoding=3, text=[OWNER]))
    audio.tags.add(TXXX(encoding=3, desc="serial", text=[SERIAL]))
    buffer.seek(0)
    audio.save(buffer)
    return buffer.getvalue()


def _chunk(name: bytes, body: bytes) -> bytes:
    pad = b"\0" if len(body) % 2 else b""
    return name + struct.pack("<I", len(body)) + body + pad


def mp3_with_tags() -> bytes:
    raw = io.BytesIO()
    soundfile.write(raw, _tone(), SAMPLE_RATE, format="MP3", subtype="MPEG_LAYER_III")
    buffer = io.BytesIO(raw.getvalue())
    tags = ID3()
    tags.add(TPE1(encoding=3, text=[OWNER]))
    tags.add(TIT2(encoding=3, text=[COMMENT]))
    tags.add(TXXX(encoding=3, desc="serial", text=[SERIAL]))
    tags.save(buffer)
    v1 = b"TAG" + OWNER.encode("latin-1", "replace")[:30].ljust(30, b"\0")
    return buffer.getvalue() + v1.ljust(128, b"\0")


def assert_no_secret(data: bytes) -> None:
    """None of the planted texts in the bytes, in UTF-8, Latin-1 or UTF-16."""
    for secret in SECRETS:
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            needle = secret.encode(encoding)
            assert needle not in data, f"{secret!r} ({encoding}) survived"
        latin = secret.encode("latin-1", "ignore")
        assert latin not in data, f"{secret!r} (latin-1) survived"


FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def printed(*lines: str, size: int = 30, fmt: str = "PNG") -> bytes:
    """An image with ``lines`` printed black on white (DejaVu), like a photographed business
    card or slide: what OCR must read back."""
    from PIL import ImageDraw, ImageFont

    font = ImageFont.truetype(FONT, size)
    width = max(int(font.getlength(line)) for line in lines) + 40
    image = Image.new("RGB", (width, 20 + len(lines) * (size + 16)), "white")
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((20, 10 + i * (size + 16)), line, font=font, fill="black")
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()
