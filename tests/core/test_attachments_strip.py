"""Metadata stripped on the way in, checked with readers the app does not use: exifread
for images, poppler (pdfinfo, pdfdetach, pdftotext) for PDFs, libsndfile (soundfile) for
audio, and the planted texts searched in the stored bytes. The file still opens as what it
was: the right size and orientation, the page's text, the sound."""

from __future__ import annotations

import io
import struct
import subprocess
from datetime import datetime
from pathlib import Path

import exifread
import pytest
import soundfile
from attachment_files import (
    PDF_TEXT,
    SECRETS,
    assert_no_secret,
    heic,
    mp3_with_tags,
    opus_with_tags,
    pdf_with_metadata,
    pdf_with_photo,
    photo,
    png_with_text,
    wav_with_tags,
)
from desk_support import DeskVault
from PIL import Image

from influence_desk.attachments.strip import strip
from influence_desk.desk import Desk, NoteDraft
from influence_desk.errors import BadInput
from influence_desk.model import NoteKind, Role


def _stored(desk_vault: DeskVault, data: bytes) -> tuple[bytes, tuple[str, ...]]:
    """Attach through the Desk and read back what the vault holds."""
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        note = desk.add_note(NoteDraft(NoteKind.BOOTH, "Fair", datetime(2026, 11, 20)))
        info = desk.attach(note.note.id, data, "file")
        return desk.attachment_bytes(info.id), info.removed


def _exif_tags(data: bytes) -> dict[str, object]:
    return dict(exifread.process_file(io.BytesIO(data), details=True))


def test_a_photo_keeps_nothing_but_its_pixels(desk_vault: DeskVault) -> None:
    original = photo()
    assert "GPS GPSLatitude" in _exif_tags(original)  # the reader sees what was planted
    stored, removed = _stored(desk_vault, original)
    assert _exif_tags(stored) == {}
    assert_no_secret(stored)
    assert b"\xff\xfe" not in stored.split(b"\xff\xda", 1)[0]  # no comment segment
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG" and image.size == (320, 200)
    for named in ("GPS position", "camera serial", "owner name", "XMP metadata", "comment"):
        assert named in removed


def test_orientation_is_applied_before_the_exif_goes(desk_vault: DeskVault) -> None:
    # Orientation 6: the camera was turned; viewers rotate 90° clockwise. The red left
    # half of the stored pixels must end up on top, as the user saw the photo.
    stored, _ = _stored(desk_vault, photo(320, 200, orientation=6))
    assert _exif_tags(stored) == {}
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (200, 320)
        top, bottom = image.convert("RGB").getpixel((100, 40)), image.getpixel((100, 280))
    assert top[0] > 150 and top[2] < 100, top  # red
    assert bottom[2] > 150 and bottom[0] < 100, bottom  # blue


def _png_chunks(data: bytes) -> list[bytes]:
    chunks, pos = [], 8
    while pos + 8 <= len(data):
        length, name = struct.unpack(">I4s", data[pos : pos + 8])
        chunks.append(name)
        pos += 12 + length
    return chunks


def test_a_png_loses_its_text_chunks_and_exif(desk_vault: DeskVault) -> None:
    original = png_with_text()
    assert {b"tEXt", b"iTXt", b"eXIf"} <= set(_png_chunks(original))
    stored, removed = _stored(desk_vault, original)
    assert set(_png_chunks(stored)) <= {b"IHDR", b"IDAT", b"IEND"}
    assert _exif_tags(stored) == {}
    assert_no_secret(stored)
    assert "text fields" in removed and "GPS position" in removed
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (64, 40) and image.mode == "RGBA"


def test_a_heic_photo_becomes_a_clean_jpeg(desk_vault: DeskVault) -> None:
    original = heic()
    stored, removed = _stored(desk_vault, original)
    assert stored[:3] == b"\xff\xd8\xff" and _exif_tags(stored) == {}
    assert_no_secret(stored)
    assert "GPS position" in removed
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (96, 64)


def _poppler(tool: str, *args: str, path: Path) -> str:
    return subprocess.run([tool, *args, str(path)], capture_output=True, text=True,
                          timeout=60, check=True).stdout  # fmt: skip


def test_a_pdf_loses_metadata_javascript_files_and_actions(
    desk_vault: DeskVault, tmp_path: Path
) -> None:
    original = tmp_path / "original.pdf"
    original.write_bytes(pdf_with_metadata())
    assert "Wiśniewska" in _poppler("pdfinfo", path=original)
    assert "app.alert" in _poppler("pdfinfo", "-js", path=original)
    stored_bytes, removed = _stored(desk_vault, original.read_bytes())
    stored = tmp_path / "stored.pdf"
    stored.write_bytes(stored_bytes)
    info = _poppler("pdfinfo", path=stored)
    for field in ("Author:", "Title:", "Creator:", "Producer:", "Keywords:", "CreationDate:"):
        assert field not in info, info
    assert "JavaScript:      no" in info and "Metadata Stream: no" in info
    assert _poppler("pdfinfo", "-meta", path=stored).strip() == ""
    assert "app.alert" not in _poppler("pdfinfo", "-js", path=stored)
    assert "0 embedded files" in _poppler("pdfdetach", "-list", path=stored)
    text = subprocess.run(["pdftotext", str(stored), "-"], capture_output=True, text=True,
                          timeout=60, check=True).stdout  # fmt: skip
    assert PDF_TEXT in text
    assert_no_secret(stored_bytes)
    for named in ("author", "XMP metadata", "JavaScript", "embedded files",
                  "an action on opening"):  # fmt: skip
        assert named in removed


def test_a_scanned_pdf_loses_the_exif_of_its_photo(desk_vault: DeskVault, tmp_path: Path
                                                   ) -> None:  # fmt: skip
    original = tmp_path / "scan.pdf"
    original.write_bytes(pdf_with_photo())
    subprocess.run(["pdfimages", "-j", str(original), str(tmp_path / "before")], check=True,
                   timeout=60)  # fmt: skip
    assert "GPS GPSLatitude" in _exif_tags((tmp_path / "before-000.jpg").read_bytes())
    stored_bytes, removed = _stored(desk_vault, original.read_bytes())
    stored = tmp_path / "stored.pdf"
    stored.write_bytes(stored_bytes)
    subprocess.run(["pdfimages", "-j", str(stored), str(tmp_path / "after")], check=True,
                   timeout=60)  # fmt: skip
    photo_after = (tmp_path / "after-000.jpg").read_bytes()
    assert _exif_tags(photo_after) == {}
    assert_no_secret(photo_after)
    with Image.open(io.BytesIO(photo_after)) as image:
        assert image.size == (320, 200)  # the same pixels, not re-encoded
    assert "EXIF and other data of embedded photos" in removed


@pytest.mark.parametrize("make, mime", [
    (opus_with_tags, "audio/ogg"), (wav_with_tags, "audio/wav"), (mp3_with_tags, "audio/mpeg"),
], ids=["opus", "wav", "mp3"])  # fmt: skip
def test_audio_loses_its_tags_and_still_plays(make: object, mime: str) -> None:
    original = make()  # type: ignore[operator]
    clean = strip(original)
    assert clean.mime == mime and "artist name" in clean.removal.named
    assert_no_secret(clean.data)
    with soundfile.SoundFile(io.BytesIO(clean.data)) as back:
        assert back.copy_metadata() == {}
        assert back.samplerate == 48000 and back.frames > 20000
    if mime == "audio/wav":
        assert b"LIST" not in clean.data and b"id3 " not in clean.data
    if mime == "audio/mpeg":
        assert clean.data[:3] != b"ID3" and clean.data[-128:-125] != b"TAG"


def test_the_planted_secrets_are_really_in_the_originals() -> None:
    """The checks above would pass on a file that never had metadata: each original does."""
    for make in (photo, png_with_text, pdf_with_metadata, opus_with_tags, wav_with_tags,
                 mp3_with_tags):  # fmt: skip
        data = make()
        assert any(s.encode() in data or s.encode("latin-1", "ignore") in data
                   for s in SECRETS), make.__name__  # fmt: skip


def test_a_decompression_bomb_is_refused_before_decoding() -> None:
    out = io.BytesIO()
    Image.new("1", (12000, 12000)).save(out, "PNG")  # 144 megapixels in a few kilobytes
    assert len(out.getvalue()) < 100_000
    with pytest.raises(BadInput, match="too large to attach"):
        strip(out.getvalue())


@pytest.mark.parametrize("damaged", [
    photo()[:600], pdf_with_metadata()[:300], b"OggS" + b"\x00" * 60, b"RIFF\x10\x00\x00\x00WAVE",
], ids=["jpeg", "pdf", "ogg", "wav"])  # fmt: skip
def test_a_damaged_file_is_refused_in_one_sentence(damaged: bytes) -> None:
    with pytest.raises(BadInput) as refused:
        strip(damaged)
    message = refused.value.message
    assert message.endswith(".") and message.count(".") == 1, message
