"""Fuzzing attachment stripping (influence_desk.attachments.strip) with hostile files: real
JPEG, PNG, PDF, Opus, WAV and MP3 files with bytes flipped, inserted or cut. Each gives
stripped bytes that pass their own read-back check, or a one-sentence ``BadInput``; never
another exception, never a hang (the rule of fuzzing.py). A file that is accepted carries no
metadata a reader the app does not use can find: an image none of the planted texts at all
(only its pixels were kept); a PDF no Info, XMP, JavaScript or embedded file; audio no tag
that libsndfile reads. (Bytes a damaged file declares to be sound stay sound: a cut that
moves a tag inside the samples' declared length cannot be told from noise.)"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import exifread
import pytest
import soundfile
from fuzzing import examples, no_hang
from hypothesis import given
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from attachment_files import (
    assert_no_secret,
    mp3_with_tags,
    opus_with_tags,
    pdf_with_metadata,
    photo,
    png_with_text,
    wav_with_tags,
)

from influence_desk.attachments.strip import strip
from influence_desk.errors import BadInput

SEEDS = {name: make() for name, make in (
    ("jpeg", photo), ("png", png_with_text), ("pdf", pdf_with_metadata),
    ("opus", opus_with_tags), ("wav", wav_with_tags), ("mp3", mp3_with_tags),
)}  # fmt: skip


@st.composite
def damaged(draw: st.DrawFn, seed: bytes) -> bytes:
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 6))):
        how = draw(st.sampled_from(["flip", "insert", "cut", "truncate"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if how == "flip" and data:
            data[at] ^= draw(st.integers(1, 255))
        elif how == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif how == "cut":
            del data[at : at + draw(st.integers(1, 64))]
        else:
            del data[max(8, at):]
    return bytes(data)


def check_clean(kind: str, data: bytes) -> None:
    if kind in ("jpeg", "png"):
        assert_no_secret(data)
        assert exifread.process_file(io.BytesIO(data)) == {}
    elif kind == "pdf":
        # Names are looked for outside the streams: a compressed stream's bytes are random,
        # and "/JS" turns up in them by chance. (Metadata in a stream is /Metadata's, and
        # that name would be outside.)
        names = re.sub(rb"stream\r?\n.*?endstream", b"", data, flags=re.DOTALL)
        for marker in (b"/Author", b"/JavaScript", b"/JS", b"/EmbeddedFile", b"xmpmeta",
                       b"/OpenAction", b"/Metadata"):  # fmt: skip
            assert marker not in names, marker
    else:
        try:
            with soundfile.SoundFile(io.BytesIO(data)) as back:
                assert back.copy_metadata() == {}
        except soundfile.LibsndfileError:
            pass  # libsndfile cannot open it at all: no tag read either
        if kind == "mp3":
            assert data[:3] != b"ID3" and data[-128:-125] != b"TAG"
        if kind == "wav":
            assert b"LIST" not in data[:44] and data[36:40] == b"data"


@pytest.mark.parametrize("kind", sorted(SEEDS))
def test_damaged_files_are_cleaned_or_refused(kind: str) -> None:
    @examples(40)
    @given(damaged(SEEDS[kind]))
    def one(data: bytes) -> None:
        with no_hang(20):
            try:
                result = strip(data)
            except BadInput as exc:
                assert exc.message and "\n" not in exc.message
                return
        check_clean(kind, result.data)

    one()
