"""The leak gate catches what a broken renderer plants, and fails loudly when it cannot read.

Each broken renderer is a ``Renderer`` subclass that smuggles something forbidden into the
file the way a real bug could: white text, invisible text, text off the page, metadata, an
outline entry, an annotation. Every one must be caught: exit code 3, and no file left.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas
from test_export_profiles import (
    CONTACTS,
    INTERNAL_TEXT,
    OFF_RECORD_TITLE,
    STRAY_IBAN,
    build_request,
)

from influence_desk.errors import BadInput, LeakDetected
from influence_desk.export import PUBLIC, TEAM, ExportRequest, Renderer, export_pdf
from influence_desk.export import gate as gate_module
from influence_desk.export.textnorm import (
    NeedleSearch,
    compact,
    fold,
    fold_joined,
    fold_with_map,
)
from influence_desk.model import Mark, MarkLevel

NAME = "Katarzyna Wiśniewska"
LEAK_PAGE = 3

Draw = Callable[[Canvas], None]


def renderer_drawing(draw: Draw) -> type[Renderer]:
    class Broken(Renderer):
        def decorate_page(self, canv: Canvas, page_number: int) -> None:
            if page_number == LEAK_PAGE:
                canv.saveState()
                draw(canv)
                canv.restoreState()

    return Broken


def white_text(text: str) -> Draw:
    def draw(canv: Canvas) -> None:
        canv.setFillColor(colors.white)
        canv.setFont("DejaVuSans", 9)
        canv.drawString(120, 400, text)
    return draw


def invisible_text(canv: Canvas) -> None:
    t = canv.beginText(120, 420)
    t.setFont("DejaVuSans", 9)
    t.setTextRenderMode(3)  # neither fill nor stroke: invisible
    t.textOut(NAME)
    canv.drawText(t)


def off_page(canv: Canvas) -> None:
    canv.setFont("DejaVuSans", 9)
    canv.drawString(-500, -300, NAME)


def under_a_box(canv: Canvas) -> None:
    canv.setFont("DejaVuSans", 9)
    canv.drawString(120, 400, NAME)
    canv.setFillColor(colors.white)
    canv.rect(110, 390, 300, 30, stroke=0, fill=1)


def standard_font(canv: Canvas) -> None:
    canv.setFont("Helvetica", 9)  # not embedded: the text sits readable in the stream
    canv.drawString(120, 400, "Katarzyna Wisniewska")


def letter_spaced(canv: Canvas) -> None:
    t = canv.beginText(120, 400)
    t.setFont("DejaVuSans", 9)
    t.setCharSpace(6)
    t.textOut(NAME.upper())
    canv.drawText(t)


def split_over_lines(canv: Canvas) -> None:
    canv.setFont("DejaVuSans", 9)
    canv.drawString(120, 400, "Katarzyna")
    canv.drawString(120, 388, "Wiśniewska")


def zero_width(canv: Canvas) -> None:
    canv.setFont("DejaVuSans", 9)
    canv.drawString(120, 400, "Katarzyna Wiś\u200bniew\u00adska")


def outline_entry(canv: Canvas) -> None:
    canv.bookmarkPage("leak")
    canv.addOutlineEntry(NAME, "leak", level=0)


def text_annotation(canv: Canvas) -> None:
    canv.textAnnotation(f"Call {NAME} back", Rect=(100, 100, 120, 120))


def link_annotation(canv: Canvas) -> None:
    canv.linkURL(f"mailto:{CONTACTS[0]}", (100, 100, 200, 120))


def run_export(tmp_path: Path, renderer: type[Renderer], request: ExportRequest | None = None,
               ) -> LeakDetected:
    out = tmp_path / "brief.pdf"
    with pytest.raises(LeakDetected) as caught:
        export_pdf(request or build_request(TEAM), out, renderer=renderer)
    assert caught.value.exit_code == 3
    assert list(tmp_path.iterdir()) == [], "the leaky file (or its temp file) is still there"
    assert gc.isenabled(), "the collector stays paused after a stopped export"
    message = str(caught.value)
    assert fold(NAME) not in fold(message) and "Wi" not in message  # never the value
    return caught.value


@pytest.mark.parametrize(("draw", "where"), [
    (white_text(NAME), f"page {LEAK_PAGE}"),
    (invisible_text, f"page {LEAK_PAGE}"),
    (off_page, f"page {LEAK_PAGE}"),
    (under_a_box, f"page {LEAK_PAGE}"),
    (standard_font, f"page {LEAK_PAGE}"),
    (letter_spaced, f"page {LEAK_PAGE}"),
    (split_over_lines, f"page {LEAK_PAGE}"),
    (zero_width, f"page {LEAK_PAGE}"),
    (outline_entry, "outline"),
    (text_annotation, "annotation"),
])
def test_planted_real_name_is_caught(tmp_path: Path, draw: Draw, where: str) -> None:
    error = run_export(tmp_path, renderer_drawing(draw))
    assert "a source's real name" in str(error)
    assert where in str(error)


def test_contact_in_link_annotation_is_caught(tmp_path: Path) -> None:
    error = run_export(tmp_path, renderer_drawing(link_annotation))
    assert "a contact detail" in str(error) and "annotation" in str(error)


def test_real_name_in_metadata_is_caught(tmp_path: Path) -> None:
    class Broken(Renderer):
        def metadata(self) -> dict[str, str]:
            return {**super().metadata(), "Author": NAME, "Subject": "notes"}

    error = run_export(tmp_path, Broken)
    assert "a source's real name" in str(error) and "metadata" in str(error)


@pytest.mark.parametrize(("planted", "kind"), [
    (INTERNAL_TEXT, "a redacted span"),
    (OFF_RECORD_TITLE, "content of a note left out for consent"),
    (STRAY_IBAN, "a detected identifier"),
    (CONTACTS[1], "a contact detail"),
])
def test_other_leak_kinds_are_named(tmp_path: Path, planted: str, kind: str) -> None:
    error = run_export(tmp_path, renderer_drawing(white_text(planted)))
    assert kind in str(error) and f"page {LEAK_PAGE}" in str(error)


def test_short_redacted_span_is_searched_with_its_context(tmp_path: Path) -> None:
    base = build_request(PUBLIC)
    note = base.notes[0]
    summary = "The broker charged 42 cents per matched voter."
    start = summary.index("42")
    note = replace(note, summary=summary, summary_marks=(Mark(start, start + 2,
                                                               MarkLevel.TEAM),))
    request = replace(base, notes=(note, *base.notes[1:]))
    out = export_pdf(request, tmp_path / "ok.pdf").out  # the real renderer passes
    out.unlink()
    error = run_export(tmp_path, renderer_drawing(white_text("charged 42 cents per")), request)
    assert "a redacted span" in str(error)


def test_pseudonym_not_shown_by_profile_is_caught(tmp_path: Path) -> None:
    error = run_export(tmp_path, renderer_drawing(white_text("Amber Heron")),
                       build_request(PUBLIC))
    assert "pseudonym" in str(error)


# --- the gate must not pass silently -------------------------------------------------------


def _blank(extract: Callable[[Path], list[str]]) -> Callable[[Path], list[str]]:
    return lambda path: ["" for _ in extract(path)]


@pytest.mark.parametrize("extractor", ["extract_poppler_pages", "extract_pdfium_pages"])
def test_extractor_returning_nothing_fails_loudly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extractor: str
) -> None:
    monkeypatch.setattr(gate_module, extractor, _blank(getattr(gate_module, extractor)))
    with pytest.raises(LeakDetected) as caught:
        export_pdf(build_request(TEAM), tmp_path / "brief.pdf")
    assert "could not verify" in str(caught.value)
    # It fails on the canary: the check text each extractor must find on every page.
    assert "check text was not found" in str(caught.value)
    assert caught.value.exit_code == 3
    assert list(tmp_path.iterdir()) == []


def test_extractor_missing_pages_or_crashing_fails_loudly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = gate_module.extract_pdfium_pages
    monkeypatch.setattr(gate_module, "extract_pdfium_pages", lambda p: real(p)[:-1])
    with pytest.raises(LeakDetected, match="could not verify"):
        export_pdf(build_request(TEAM), tmp_path / "a.pdf")

    def crash(path: Path) -> list[str]:
        raise ValueError("boom")

    monkeypatch.setattr(gate_module, "extract_poppler_pages", crash)
    with pytest.raises(LeakDetected, match="could not verify"):
        export_pdf(build_request(TEAM), tmp_path / "b.pdf")
    assert list(tmp_path.iterdir()) == []


def test_canary_is_on_every_page_and_not_a_leak(tmp_path: Path) -> None:
    seen: dict[str, Any] = {}
    real = gate_module.check_pdf

    def spy(path: Path, needles: Any, canary: str, **kw: Any) -> int:
        seen["canary"] = canary
        seen["pages"] = gate_module.extract_poppler_pages(path)
        return real(path, needles, canary, **kw)

    import influence_desk.export.formats.pdf as pdf_format
    original = pdf_format.check_pdf
    pdf_format.check_pdf = spy  # type: ignore[assignment]
    try:
        result = export_pdf(build_request(TEAM), tmp_path / "brief.pdf")
    finally:
        pdf_format.check_pdf = original  # type: ignore[assignment]
    assert result.out.exists()
    assert len(seen["pages"]) == result.pages
    assert all(seen["canary"] in compact(fold(t)) for t in seen["pages"])


# --- file names ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [
    "Katarzyna_Wisniewska_interview.pdf",
    "KATARZYNAWIŚNIEWSKA.pdf",
    "notes-kasia-w.pdf",
    "giorgos-papadopoulos.pdf",
    "k.wisniewska@example.org.pdf",
])
def test_file_name_with_a_real_name_is_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(BadInput):
        export_pdf(build_request(TEAM), tmp_path / name)
    assert list(tmp_path.iterdir()) == []


def test_harmless_file_name_is_accepted(tmp_path: Path) -> None:
    assert export_pdf(build_request(TEAM), tmp_path / "ctе-2026-annual-brief.pdf").out.exists()


# --- folding ------------------------------------------------------------------------------------


def test_fold() -> None:
    assert fold("Łódź  Wiśniewska") == "lodz wisniewska"
    assert fold("ΣΟΦΊΑ Παπαδοπούλου") == fold("σοφια παπαδοπουλου")
    assert fold("Kowal\u200bski") == "kowalski"
    assert fold("Straße") == "strasse"
    assert fold("O’Brien") == "o'brien"
    assert fold("ﬁle") == "file"
    assert fold_joined("Müller-\nLüdenscheidt") == "mullerludenscheidt"


def test_needle_search_respects_word_boundaries() -> None:
    search = NeedleSearch([("ann", 0), ("katarzyna wisniewska", 1)])
    assert search.search(fold("annual report")) == []
    assert [h.tag for h in search.search(fold("Ann's notes"))] == [0]
    assert [h.tag for h in search.search_compact(compact(fold("K a t a r z y n a  W i ś")))
            ] == []
    assert [h.tag for h in search.search_compact("katarzynawisniewska")] == [1]


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
@settings(max_examples=300, deadline=None)
def test_fold_and_its_index_map_agree(text: str) -> None:
    folded, where = fold_with_map(text)
    assert folded == fold(text)  # the gate and the redaction pass fold alike
    assert len(where) == len(folded) and where == sorted(where)
    assert all(0 <= i < len(text) for i in where)


@given(st.sampled_from(["Katarzyna Wiśniewska", "Γιώργος Παπαδόπουλος", "Ó Súilleabháin"]),
       st.text(alphabet="abc ,.\n\u200b", max_size=15),
       st.text(alphabet="abc ,.\n", max_size=15))
@settings(max_examples=200, deadline=None)
def test_a_name_is_found_however_it_is_surrounded(name: str, before: str, after: str) -> None:
    search = NeedleSearch([(fold(name), 0)])
    text = f"{before} {name.upper()}'s {after}"
    assert search.search(fold(text)), "a name in the text was not found"
