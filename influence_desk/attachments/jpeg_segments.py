"""A JPEG's application segments (APP1-APP13, APP15: EXIF, XMP, IPTC, ICC, maker data) and
comments cut out without decoding a pixel: for photos embedded in PDFs, whose pixels stay
exactly as they were. APP0 (JFIF) and APP14 (Adobe: how to read the colours) are kept."""

from __future__ import annotations

__all__ = ["strip_segments"]

_SOI, _SOS, _EOI = 0xD8, 0xDA, 0xD9
_KEEP_APP = frozenset({0xE0, 0xEE})


def strip_segments(data: bytes) -> tuple[bytes, int]:
    """(the JPEG without its metadata segments, how many were cut); the input unchanged
    (0 cut) when it is not a JPEG this can walk."""
    if len(data) < 4 or data[0] != 0xFF or data[1] != _SOI:
        return data, 0
    out = bytearray(data[:2])
    pos, cut = 2, 0
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            return data, 0
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker in (_SOS, _EOI):
            out += data[pos:]
            return bytes(out), cut
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        if length < 2 or pos + 2 + length > len(data):
            return data, 0
        segment = data[pos : pos + 2 + length]
        if (0xE1 <= marker <= 0xEF and marker not in _KEEP_APP) or marker == 0xFE:
            cut += 1
        else:
            out += segment
        pos += 2 + length
    return data, 0
