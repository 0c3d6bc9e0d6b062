"""Audio stripped of its tags: WAV rewritten from its samples (only the format and the
sound survive), MP3 cut to its frames (ID3v2, ID3v1, APE tags gone), Ogg (Opus, Vorbis,
FLAC) with an empty comment block, M4A/AAC and FLAC without tags or pictures. Each result is
opened again with mutagen and must have no tag left before it is stored."""

from __future__ import annotations

import io
import re
import wave

import mutagen
from mutagen.flac import FLAC
from mutagen.mp3 import MP3
from mutagen.mp4 import MP4

from influence_desk.attachments.records import AttachmentKind, RemovalBuilder, Stripped
from influence_desk.errors import BadInput

__all__ = ["strip_audio"]

_NOT_CLEAN = BadInput("The audio file could not be cleaned of its tags, so it was not attached.")
_UNREADABLE = "The file could not be read as audio."
# Where an iPhone or a camera writes the place in an MP4 file, and a video track's handler.
_MP4_PLACE = (b"\xa9xyz", b"loci")
_MP4_VIDEO = re.compile(rb"hdlr.{8}vide", re.S)


def strip_audio(data: bytes, container: str) -> Stripped:
    """``container`` is what the file's first bytes say: wav, mp3, ogg, m4a or flac."""
    removed = RemovalBuilder()
    try:
        if container == "wav":
            return _wav(data, removed)
        if container == "mp3":
            return _mp3(data, removed)
        return _tagged(data, container, removed)
    except BadInput:
        raise
    except Exception as exc:
        raise BadInput(_UNREADABLE) from exc


def _wav(data: bytes, removed: RemovalBuilder) -> Stripped:
    chunks = _riff_chunks(data)
    for chunk in chunks - {b"fmt ", b"data", b"fact"}:
        removed.name("tags" if chunk in (b"LIST", b"id3 ", b"ID3 ") else "other data")
    try:
        with wave.open(io.BytesIO(data)) as source:
            params = source.getparams()
            frames = source.readframes(params.nframes)
    except (wave.Error, EOFError) as exc:
        raise BadInput("Only uncompressed (PCM) WAV files can be attached.") from exc
    out = io.BytesIO()
    with wave.open(out, "wb") as target:
        target.setparams(params)
        target.writeframes(frames)
    result = out.getvalue()
    if _riff_chunks(result) != {b"fmt ", b"data"}:
        raise _NOT_CLEAN
    return Stripped(result, AttachmentKind.AUDIO, "audio/wav", removed.build())


def _riff_chunks(data: bytes) -> set[bytes]:
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise BadInput(_UNREADABLE)
    found: set[bytes] = set()
    pos = 12
    while pos + 8 <= len(data):
        name = data[pos : pos + 4]
        size = int.from_bytes(data[pos + 4 : pos + 8], "little")
        found.add(name)
        pos += 8 + size + (size & 1)
    return found


def _mp3(data: bytes, removed: RemovalBuilder) -> Stripped:
    start, end = 0, len(data)
    while data[start : start + 3] == b"ID3" and start + 10 <= end:  # ID3v2, maybe several
        size = _synchsafe(data[start + 6 : start + 10])
        footer = 10 if data[start + 5] & 0x10 else 0
        start += 10 + size + footer
        removed.name("tags")
    changed = True
    while changed:
        changed = False
        if end - start >= 128 and data[end - 128 : end - 125] == b"TAG":  # ID3v1
            end -= 128
            removed.name("tags")
            changed = True
            if end - start >= 227 and data[end - 227 : end - 223] == b"TAG+":
                end -= 227
        if end - start >= 32 and data[end - 32 : end - 24] == b"APETAGEX":
            size = int.from_bytes(data[end - 20 : end - 16], "little")
            flags = int.from_bytes(data[end - 12 : end - 8], "little")
            header = 32 if flags & 0x80000000 else 0
            end = max(start, end - size - header)
            removed.name("tags")
            changed = True
        if end - start >= 15 and data[end - 15 : end - 6] == b"LYRICS200":
            size = int(data[end - 15 : end - 9].decode("ascii", "replace") or 0)
            end = max(start, end - 15 - size)
            removed.name("lyrics")
            changed = True
    result = data[start:end]
    if len(result) < 4 or result[0] != 0xFF or result[1] & 0xE0 != 0xE0:
        raise BadInput(_UNREADABLE)
    back = MP3(io.BytesIO(result))
    if back.tags:
        raise _NOT_CLEAN
    return Stripped(result, AttachmentKind.AUDIO, "audio/mpeg", removed.build())


def _synchsafe(raw: bytes) -> int:
    return (raw[0] & 0x7F) << 21 | (raw[1] & 0x7F) << 14 | (raw[2] & 0x7F) << 7 | (raw[3] & 0x7F)


_MIME = {"ogg": "audio/ogg", "m4a": "audio/mp4", "flac": "audio/flac"}


def _tagged(data: bytes, container: str, removed: RemovalBuilder) -> Stripped:
    if container == "m4a" and _MP4_VIDEO.search(data):
        raise BadInput("Video files cannot be attached; attach photos, PDFs or audio.")
    buffer = io.BytesIO(data)
    audio = mutagen.File(buffer)
    if audio is None:
        raise BadInput(_UNREADABLE)
    if audio.tags:
        removed.name("tags")
        removed.other(max(0, len(audio.tags.keys()) - 1))
    if isinstance(audio, FLAC) and audio.pictures:
        removed.name("pictures")
    buffer.seek(0)
    audio.delete(buffer)
    if isinstance(audio, FLAC):
        audio.clear_pictures()
        buffer.seek(0)
        audio.save(buffer)
    result = buffer.getvalue()
    back = mutagen.File(io.BytesIO(result))
    if back is None or back.tags or (isinstance(back, FLAC) and back.pictures):
        raise _NOT_CLEAN
    if isinstance(back, MP4) and any(place in result for place in _MP4_PLACE):
        raise _NOT_CLEAN
    return Stripped(result, AttachmentKind.AUDIO, _MIME[container], removed.build())
