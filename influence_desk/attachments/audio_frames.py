"""Audio kept to its sound, whatever a file carries around it: an MP3 cut to its run of
MPEG frames from the first one (tags anywhere else, junk and trailing data dropped); an Ogg
file cut to the pages of its first logical stream up to its last page (other streams, e.g.
a cover picture, and anything after it dropped); a WAV's data chunk bounded by the file (a
chunk claiming more would turn the tags after it into "samples")."""

from __future__ import annotations

import io

from mutagen.ogg import OggPage

from influence_desk.errors import BadInput

__all__ = ["mp3_frames", "ogg_first_stream", "wav_data_fits"]

# kbit/s by [version is MPEG-1][layer 1..3][index]; MPEG-2/2.5 share one table per layer.
_BITRATES = {
    (True, 1): (0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448),
    (True, 2): (0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384),
    (True, 3): (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    (False, 1): (0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256),
    (False, 2): (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
    (False, 3): (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}  # fmt: skip
_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}
_UNREADABLE = "The file could not be read as audio."


def _frame_length(header: bytes) -> int:
    """Bytes of the MPEG audio frame starting with ``header`` (4 bytes), or 0."""
    if len(header) < 4 or header[0] != 0xFF or header[1] & 0xE0 != 0xE0:
        return 0
    version = (header[1] >> 3) & 3  # 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5
    layer = 4 - ((header[1] >> 1) & 3)  # 1, 2, 3 (4 is reserved)
    bitrate_index = header[2] >> 4
    rate_index = (header[2] >> 2) & 3
    if version == 1 or layer == 4 or bitrate_index in (0, 15) or rate_index == 3:
        return 0
    mpeg1 = version == 3
    bitrate = _BITRATES[(mpeg1, layer)][bitrate_index] * 1000
    rate = _RATES[version][rate_index]
    padding = (header[2] >> 1) & 1
    if layer == 1:
        return (12 * bitrate // rate + padding) * 4
    if layer == 3 and not mpeg1:
        return 72 * bitrate // rate + padding
    return 144 * bitrate // rate + padding


def mp3_frames(data: bytes, start: int) -> bytes:
    """The consecutive MPEG frames from ``start``; at least two, else unreadable."""
    pos, count = start, 0
    while pos + 4 <= len(data):
        length = _frame_length(data[pos : pos + 4])
        if length < 5 or pos + length > len(data):
            break
        pos += length
        count += 1
    if count < 2:
        raise BadInput(_UNREADABLE)
    return data[start:pos]


def ogg_first_stream(data: bytes) -> bytes:
    """The pages of the first logical stream, from its first page to its last."""
    source = io.BytesIO(data)
    out = bytearray()
    serial: int | None = None
    while True:
        try:
            page = OggPage(source)
        except Exception:  # the end, or junk: nothing after it is kept
            break
        if serial is None:
            serial = page.serial
        if page.serial != serial:
            continue
        out += page.write()
        if page.last:
            break
    if serial is None:
        raise BadInput(_UNREADABLE)
    return bytes(out)


def wav_data_fits(data: bytes) -> bool:
    """Does the data chunk end inside the file?"""
    pos = 12
    while pos + 8 <= len(data):
        size = int.from_bytes(data[pos + 4 : pos + 8], "little")
        if data[pos : pos + 4] == b"data":
            return pos + 8 + size <= len(data)
        pos += 8 + size + (size & 1)
    return False
