"""Metadata stripped on the way in (DESIGN §12): the file's kind from its first bytes, then
image.py, pdf.py or audio.py, each of which reads its result back and checks it. The input is
bytes in memory: the original is never copied anywhere (no temporary file)."""

from __future__ import annotations

from influence_desk.attachments.audio import strip_audio
from influence_desk.attachments.image import strip_image
from influence_desk.attachments.pdf import strip_pdf
from influence_desk.attachments.records import Stripped
from influence_desk.errors import BadInput

__all__ = ["MAX_BYTES", "sniff", "strip"]

MAX_BYTES = 200 * 1024 * 1024  # an hour of WAV is ~600 MB: record memos compressed

_HEIF_BRANDS = (b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1",
                b"avif")  # fmt: skip
_M4A_BRANDS = (b"M4A ", b"M4B ", b"mp42", b"mp41", b"isom", b"iso2", b"dash", b"3gp4",
               b"3gp5")  # fmt: skip


def sniff(data: bytes) -> str:
    """What the first bytes say the file is: jpeg, png, webp, heif, pdf, wav, mp3, ogg, m4a,
    flac; or '' for anything else."""
    head = data[:32]
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "wav"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in _HEIF_BRANDS:
            return "heif"
        if brand in _M4A_BRANDS:
            return "m4a"
        return ""
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"OggS"):
        return "ogg"
    if head.startswith(b"fLaC"):
        return "flac"
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "mp3"
    return ""


def strip(data: bytes) -> Stripped:
    """The file without its metadata, checked; ``BadInput`` (one sentence) when it is not a
    kind that can be attached, is too large, or cannot be cleaned."""
    if not data:
        raise BadInput("The file is empty.")
    if len(data) > MAX_BYTES:
        raise BadInput(f"The file is too large to attach (at most {MAX_BYTES // 2**20} MB).")
    kind = sniff(data)
    if kind in ("jpeg", "png", "webp", "heif"):
        return strip_image(data)
    if kind == "pdf":
        return strip_pdf(data)
    if kind in ("wav", "mp3", "ogg", "m4a", "flac"):
        return strip_audio(data, kind)
    raise BadInput("This kind of file cannot be attached; attach photos (JPEG, PNG, WebP, "
                   "HEIC), PDFs or audio (Ogg/Opus, M4A, WAV, MP3).")  # fmt: skip
