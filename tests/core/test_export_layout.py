"""Layout a reader notices: no heading alone at a page bottom, and nothing hidden on the
page that comes out when a passage is copied (the gate's check text is the visible
footer's checkpoint)."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pypdf
import pytest
from test_export_profiles import build_request

from influence_desk.errors import LeakDetected
from influence_desk.export import TEAM, ExportNote, Renderer, export_pdf
from influence_desk.export.formats.writing import make_canary
from influence_desk.export.textnorm import compact, fold
from influence_desk.model import EventKind, NoteKind

SENTENCE = "The vendor showed a dashboard of matched voter files and turnout models. "


def _many_groups() -> tuple[ExportNote, ...]:
    """Thirty events with notes of varied length: some group heading, note title or
    detail line would fall at a page bottom if nothing kept it with what follows."""
    notes = []
    start = datetime(2026, 1, 5, 9, 0)
    for i in range(30):
        for j in range(1 + i % 3):
            body = "\n\n".join(SENTENCE * (1 + (i * 7 + j * 3) % 9) for _ in range(1 + i % 2))
            notes.append(ExportNote(
                id=f"n{i:02d}{j}", kind=NoteKind.OBSERVATION, title=f"Finding {i:02d}-{j}",
                occurred_at=start + timedelta(days=i, hours=j),
                event_name=f"Expo {i:02d}", event_kind=EventKind.TRADE_FAIR,
                summary=f"Summary {i:02d}-{j}.", body=body,
            ))  # fmt: skip
    return tuple(notes)


def _poppler_pages(path: Path) -> list[str]:
    out = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode()
    return out.split("\f")[:-1]


def test_no_heading_is_left_alone_at_a_page_bottom(tmp_path: Path) -> None:
    request = build_request(TEAM, notes=_many_groups())
    result = export_pdf(request, tmp_path / "long.pdf")
    pages = _poppler_pages(result.out)
    assert result.pages == len(pages) > 10
    headings = {f"Expo {i:02d}" for i in range(30)}
    titles = {n.title for n in request.notes}
    checked = 0
    for number, text in enumerate(pages[2:], start=3):  # after the cover and contents
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        if "Verification" in lines or "Sources" in lines:
            break  # the notes are over
        last = lines[-1]
        assert last not in headings, f"event heading alone at the bottom of page {number}"
        assert last not in titles, f"note title alone at the bottom of page {number}"
        assert not last.startswith("Trade fair ·"), f"group line alone on page {number}"
        checked += 1
    assert checked > 5


def test_copied_text_holds_nothing_the_reader_cannot_see(tmp_path: Path) -> None:
    result = export_pdf(build_request(TEAM), tmp_path / "brief.pdf")
    check = make_canary(build_request(TEAM))
    reader = pypdf.PdfReader(str(result.out))
    sizes: list[float] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        if text.strip():
            sizes.append(size * (abs(tm[3] * cm[3]) or 1.0))

    for page in reader.pages:
        sizes.clear()
        page.extract_text(visitor_text=visit)
        # The old canary was white 1-point text; everything printed now is readable.
        assert sizes and min(sizes) >= 6, "text too small to see is on the page"
    for text in _poppler_pages(result.out):
        assert "zq" not in text  # the old hidden check string
        # The check text is the footer's checkpoint, printed where the reader sees it.
        assert f"checkpoint {check}…" in text


class _AlteredFooter(Renderer):
    def __init__(self, doc: Any, canary: str, **kw: Any) -> None:
        super().__init__(doc, canary[:-1] + ("0" if canary[-1] != "0" else "1"), **kw)


class _NoFooter(Renderer):
    def _footer(self, canv: Any, page: int) -> None:
        pass


@pytest.mark.parametrize("renderer", [_AlteredFooter, _NoFooter], ids=["altered", "missing"])
def test_gate_refuses_a_pdf_whose_check_text_is_altered_or_missing(
    tmp_path: Path, renderer: type[Renderer]
) -> None:
    with pytest.raises(LeakDetected) as caught:
        export_pdf(build_request(TEAM), tmp_path / "brief.pdf", renderer=renderer)
    assert "check text was not found" in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_check_text_is_long_enough_to_be_ours() -> None:
    request = build_request(TEAM)
    check = make_canary(request)
    assert check == "418:" + "9c" * 8
    assert compact(fold(check)) == check
    assert make_canary(replace(request, checkpoint="7:" + "ab" * 32)) != check
