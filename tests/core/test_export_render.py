"""Rendering: scripts, fonts, determinism, metadata, page furniture, cancel and atomic writes."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pypdf
import pytest
from test_export_profiles import (
    CYRILLIC_TEXT,
    GREEK_TEXT,
    POLISH_TEXT,
    build_request,
    pdf_text,
)

from influence_desk.errors import Cancelled, LeakDetected
from influence_desk.export import AUDIT, PUBLIC, TEAM, Renderer, export_pdf
from influence_desk.export.extract import extract_pdfium_pages, extract_poppler_pages
from influence_desk.export.textnorm import fold
from influence_desk.progress import CancelFlag


def extract_pypdf_pages(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in pypdf.PdfReader(str(path)).pages]


def test_greek_cyrillic_polish_round_trip(tmp_path: Path) -> None:
    out = export_pdf(build_request(TEAM), tmp_path / "scripts.pdf").out
    for extract in (extract_pypdf_pages, extract_poppler_pages, extract_pdfium_pages):
        text = fold(" ".join(extract(out)))
        for sample in (GREEK_TEXT, CYRILLIC_TEXT, POLISH_TEXT):
            assert fold(sample) in text, (extract.__name__, sample)
    # Not just folded: the exact letters come back (ł, ą, ё, accented Greek).
    raw = " ".join(" ".join(p.split()) for p in extract_pypdf_pages(out))
    for word in ("Zażółć", "gęślą", "jaźń", "lojalnościowych", "Θεσσαλονίκη", "продаёт"):
        assert word in raw


def test_fonts_embedded_are_dejavu(tmp_path: Path) -> None:
    out = export_pdf(build_request(TEAM), tmp_path / "fonts.pdf").out
    reader = pypdf.PdfReader(str(out))
    fonts: set[str] = set()
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            fonts.add(str(font["/BaseFont"]))
            assert "/FontFile2" in font["/FontDescriptor"].get_object()  # embedded
    assert fonts and all("DejaVuSans" in f for f in fonts), fonts


def test_same_request_gives_identical_bytes(tmp_path: Path) -> None:
    for profile in (TEAM, PUBLIC, AUDIT):
        a = export_pdf(build_request(profile), tmp_path / f"a-{profile.key}.pdf").out
        b = export_pdf(build_request(profile), tmp_path / f"b-{profile.key}.pdf").out
        assert a.read_bytes() == b.read_bytes()


def test_metadata_is_an_allow_list(tmp_path: Path) -> None:
    out = export_pdf(build_request(TEAM), tmp_path / "meta.pdf").out
    reader = pypdf.PdfReader(str(out))
    info = dict(reader.metadata or {})
    assert set(info) == {"/Title", "/Creator", "/Producer", "/CreationDate", "/ModDate"}
    assert info["/Title"] == "Influence Desk export: Team brief"
    assert info["/Creator"] == "Influence Desk"
    assert info["/CreationDate"] == "D:20260320"  # a date: no time, no zone
    assert reader.xmp_metadata is None
    assert b"anonymous" not in out.read_bytes()


def test_page_furniture_and_contents(tmp_path: Path) -> None:
    out = export_pdf(build_request(TEAM), tmp_path / "pages.pdf").out
    pages = [" ".join(t.split()) for t in extract_pypdf_pages(out)]
    n = len(pages)
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {n}" in text
        assert "3f9a61c2d04b7e55" in text  # fingerprint on every page
    for text in pages[1:]:
        assert "TEAM BRIEF" in text
    # The contents give the page on which each section starts.
    contents = pages[1]
    for section in ("Sources", "Verification"):
        listed = int(re.search(rf"{section} (\d+)", contents).group(1))  # type: ignore[union-attr]
        assert any(t.find(section) >= 0 for t in pages[listed - 1:listed])
        assert listed > 2
    reader = pypdf.PdfReader(str(out))
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "Sources" in titles and "Verification" in titles


def test_markup_in_note_text_is_printed_literally(tmp_path: Path) -> None:
    base = build_request(TEAM)
    tricky = "<font color='white'>hidden</font> & <b>bold</b> &amp; 5 < 6"
    note = replace(base.notes[-1], body=tricky, summary="")
    out = export_pdf(replace(base, notes=(*base.notes[:-1], note)), tmp_path / "m.pdf").out
    assert fold(tricky) in pdf_text(out)


def test_progress_reaches_the_end(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    export_pdf(build_request(TEAM), tmp_path / "p.pdf", progress=lambda d, t: seen.append((d, t)))
    done = [d for d, _ in seen]
    assert done == sorted(done) and seen[-1][0] == seen[-1][1]
    assert len(seen) > len(build_request(TEAM).notes)  # per note, and during the gate


@pytest.mark.parametrize("cancel_at", [1, 5, 9])
def test_cancel_leaves_no_file(tmp_path: Path, cancel_at: int) -> None:
    flag = CancelFlag()
    calls = 0

    def progress(done: int, total: int) -> None:
        nonlocal calls
        calls += 1
        if calls == cancel_at:
            flag.cancel()

    with pytest.raises(Cancelled):
        export_pdf(build_request(TEAM), tmp_path / "c.pdf", progress=progress, cancel=flag)
    assert list(tmp_path.iterdir()) == []


class _FailsMidway(Renderer):
    def decorate_page(self, canv: object, page_number: int) -> None:
        if page_number == 3:
            raise RuntimeError("disk full, say")


def test_failure_mid_render_leaves_previous_file_untouched(tmp_path: Path) -> None:
    target = tmp_path / "brief.pdf"
    target.write_bytes(b"previous export")
    with pytest.raises(RuntimeError):
        export_pdf(build_request(TEAM), target, renderer=_FailsMidway)
    assert target.read_bytes() == b"previous export"
    assert list(tmp_path.iterdir()) == [target]


def test_leak_leaves_previous_file_untouched(tmp_path: Path) -> None:
    class Leaky(Renderer):
        def metadata(self) -> dict[str, str]:
            return {**super().metadata(), "Subject": "Kasia W."}

    target = tmp_path / "brief.pdf"
    target.write_bytes(b"previous export")
    with pytest.raises(LeakDetected):
        export_pdf(build_request(TEAM), target, renderer=Leaky)
    assert target.read_bytes() == b"previous export"
    assert list(tmp_path.iterdir()) == [target]


def test_success_replaces_previous_file(tmp_path: Path) -> None:
    target = tmp_path / "brief.pdf"
    target.write_bytes(b"previous export")
    result = export_pdf(build_request(TEAM), target)
    assert result.out == target and target.read_bytes().startswith(b"%PDF-")
    assert list(tmp_path.iterdir()) == [target]
