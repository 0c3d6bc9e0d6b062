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
from mutagen.id3 import ID3
from mutagen.id3 import error as id3_error
from mutagen.mp3 import MP3
from mutagen.mp4 import MP4

from influence_desk.attachments.audio_frames import mp3_frames, ogg_first_stream, wav_data_fits
from influence_desk.attachments.records import AttachmentKind, RemovalBuilder, Stripped
from influence_desk.errors import BadInput

__all__ = ["strip_audio"]

_NOT_CLEAN = BadInput("The audio file could not be cleaned of its tags, so it was not attached.")
_UNREADABLE = "The file could not be read as audio."
# Where an iPhone or a camera writes the place in an MP4 file, and a video track's handler.
_MP4_PLACE = (b"\xa9xyz", b"loci")
_MP4_VIDEO = re.compile(rb"hdlr.{8}vide", re.S)


# Tag keys (Vorbis comments, MP4 atoms, ID3 frames, RIFF INFO) named for the user; the rest
# are counted.
_TAG_NAMES = {
    "artist": "artist name", "performer": "artist name", "author": "artist name",
    "albumartist": "artist name", "\xa9art": "artist name", "aart": "artist name",
    "tpe1": "artist name", "tpe2": "artist name", "tcom": "artist name", "iart": "artist name",
    "location": "place", "geo_location": "place", "\xa9xyz": "place", "loci": "place",
    "comment": "comment", "description": "comment", "\xa9cmt": "comment", "comm": "comment",
    "icmt": "comment", "title": "title", "\xa9nam": "title", "tit2": "title", "inam": "title",
    "date": "recording date", "\xa9day": "recording date", "tdrc": "recording date",
    "tyer": "recording date", "icrd": "recording date", "apic": "embedded picture",
    "covr": "embedded picture", "metadata_block_picture": "embedded picture",
}  # fmt: skip


def _name_tags(keys: list[str], removed: RemovalBuilder) -> None:
    for key in keys:
        short = key.split(":", 1)[0].lower()
        if short in _TAG_NAMES:
            removed.name(_TAG_NAMES[short])
        else:
            removed.other()


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
    for chunk in sorted(chunks - {b"fmt ", b"data", b"fact"}):
        if chunk in (b"id3 ", b"ID3 "):
            removed.name("ID3 tag")
        elif chunk == b"LIST":
            _name_tags(_info_keys(data), removed)
        else:
            removed.other()
    if not wav_data_fits(data):
        raise BadInput("The WAV file is damaged: its sound data runs past the end of the file.")
    try:
        with wave.open(io.BytesIO(data)) as source:
            params = source.getparams()
            frames = source.readframes(params.nframes)
    except (wave.Error, EOFError) as exc:
        raise BadInput("Only uncompressed (PCM) WAV files can be attached.") from exc
    if len(frames) != params.nframes * params.nchannels * params.sampwidth:
        raise BadInput("The WAV file is damaged: it holds less sound than it says.")
    out = io.BytesIO()
    with wave.open(out, "wb") as target:
        target.setparams(params)
        target.writeframes(frames)
    result = out.getvalue()
    if _riff_chunks(result) != {b"fmt ", b"data"}:
        raise _NOT_CLEAN
    return Stripped(result, AttachmentKind.AUDIO, "audio/wav", removed.build())


def _info_keys(data: bytes) -> list[str]:
    """The sub-chunk names of a RIFF LIST/INFO block (IART, ICMT, ...)."""
    keys: list[str] = []
    pos = data.find(b"LIST")
    if pos < 0 or data[pos + 8 : pos + 12] != b"INFO":
        return ["list"]
    end = min(len(data), pos + 8 + int.from_bytes(data[pos + 4 : pos + 8], "little"))
    pos += 12
    while pos + 8 <= end:
        size = int.from_bytes(data[pos + 4 : pos + 8], "little")
        keys.append(data[pos : pos + 4].decode("latin-1"))
        pos += 8 + size + (size & 1)
    return keys


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
    if data[:3] == b"ID3":
        try:
            _name_tags([str(k) for k in ID3(io.BytesIO(data))], removed)
        except id3_error:
            removed.name("tags")
    while data[start : start + 3] == b"ID3" and start + 10 <= end:  # ID3v2, maybe several
        size = _synchsafe(data[start + 6 : start + 10])
        footer = 10 if data[start + 5] & 0x10 else 0
        start += 10 + size + footer
    changed = True
    while changed:
        changed = False
        if end - start >= 128 and data[end - 128 : end - 125] == b"TAG":  # ID3v1
            end -= 128
            removed.name("ID3v1 tag")
            changed = True
            if end - start >= 227 and data[end - 227 : end - 223] == b"TAG+":
                end -= 227
        if end - start >= 32 and data[end - 32 : end - 24] == b"APETAGEX":
            size = int.from_bytes(data[end - 20 : end - 16], "little")
            flags = int.from_bytes(data[end - 12 : end - 8], "little")
            header = 32 if flags & 0x80000000 else 0
            end = max(start, end - size - header)
            removed.name("APE tag")
            changed = True
        if end - start >= 15 and data[end - 15 : end - 6] == b"LYRICS200":
            size = int(data[end - 15 : end - 9].decode("ascii", "replace") or 0)
            end = max(start, end - 15 - size)
            removed.name("lyrics")
            changed = True
    result = mp3_frames(data[:end], start)
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
    if container == "ogg":
        data = ogg_first_stream(data)
    buffer = io.BytesIO(data)
    audio = mutagen.File(buffer)
    if audio is None:
        raise BadInput(_UNREADABLE)
    if audio.tags:
        keys = audio.tags.keys()  # Ogg comments iterate as (key, value) pairs
        _name_tags([str(k) for k in keys], removed)
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
