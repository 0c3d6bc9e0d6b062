"""Images in an export, checked by the leak gate from the PDF as written (issue 16 item 6).

The images are drawn here with Pillow and DejaVu; what the PDF holds is counted with
poppler's ``pdfimages -list`` (it lists, writes nothing), a tool the export does not use.
Each image is small: Tesseract takes about a second per image on this machine.
"""

from __future__ import annotations

import io
import subprocess
from dataclasses import replace
from pathlib import Path

import pypdf
import pytest
from attachment_files import printed as card
from PIL import Image
from reportlab.pdfgen import canvas
from reportlab.platypus import Flowable
from reportlab.platypus import Image as PdfImage
from test_export_profiles import build_request

from influence_desk.errors import LeakDetected
from influence_desk.export import PUBLIC, TEAM, export_pdf
from influence_desk.export.image_gate import jpeg_metadata_texts, scan_images
from influence_desk.export.images import export_image
from influence_desk.export.render import Renderer


def images_in(pdf: Path) -> int:
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True,
                             text=True, check=True, timeout=60).stdout  # fmt: skip
    return len(listing.splitlines()) - 2  # two header lines


def test_a_registered_name_printed_on_an_image_stops_the_export(tmp_path: Path) -> None:
    image = export_image("a-card", card("Katarzyna Wiśniewska", "Head of Data"))
    request = build_request(PUBLIC, images={"n-booth": (image,)})
    out = tmp_path / "public.pdf"
    with pytest.raises(LeakDetected) as caught:
        export_pdf(request, out)
    assert "in an image on page" in caught.value.message
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []  # no temporary file left either


def test_a_contact_detail_printed_on_an_image_stops_the_export(tmp_path: Path) -> None:
    image = export_image("a-card", card("Call +44 20 7946 0321"))
    with pytest.raises(LeakDetected, match="contact detail appears in an image"):
        export_pdf(build_request(TEAM, images={"n-booth": (image,)}), tmp_path / "team.pdf")
    assert list(tmp_path.iterdir()) == []


def test_a_harmless_image_is_drawn_after_its_note(tmp_path: Path) -> None:
    slide = export_image("a-slide", card("Voter files at scale"))
    result = export_pdf(build_request(PUBLIC, images={"n-booth": (slide,)}),
                        tmp_path / "public.pdf")  # fmt: skip
    assert images_in(result.out) == 1


class _CommentedImage(Renderer):
    """Plants a JPEG whose COM segment names a source (reportlab copies JPEG segments)."""

    def extra_flowables(self) -> list[Flowable]:
        out = io.BytesIO()
        Image.open(io.BytesIO(card("Booth 14"))).save(
            out, "JPEG", comment="photo of Katarzyna Wiśniewska".encode()
        )
        return [PdfImage(io.BytesIO(out.getvalue()), width=120, height=40)]


def test_image_metadata_is_searched_like_page_text(tmp_path: Path) -> None:
    with pytest.raises(LeakDetected, match="JPEG metadata"):
        export_pdf(build_request(TEAM), tmp_path / "team.pdf", renderer=_CommentedImage)
    assert list(tmp_path.iterdir()) == []


def test_the_export_writes_fresh_pixels_without_metadata() -> None:
    out = io.BytesIO()
    Image.open(io.BytesIO(card("Booth 14"))).save(out, "JPEG", comment=b"secret comment")
    fresh = export_image("a", out.getvalue())
    assert list(jpeg_metadata_texts(fresh.jpeg)) == []
    assert Image.open(io.BytesIO(fresh.jpeg)).info.get("comment") is None


def test_without_tesseract_an_image_cannot_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from influence_desk.attachments import ocr

    monkeypatch.setattr(ocr, "languages", lambda: ())
    slide = export_image("a-slide", card("Voter files"))
    with pytest.raises(LeakDetected, match=r"could not verify.*Tesseract"):
        export_pdf(replace(build_request(PUBLIC), images={"n-booth": (slide,)}),
                   tmp_path / "public.pdf")  # fmt: skip
    assert list(tmp_path.iterdir()) == []


def test_an_inline_image_is_read_too() -> None:
    """An image drawn inside a page's own content stream (BI … ID … EI), not as an object."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    pdf.drawString(72, 720, "Page one")
    pdf.showPage()
    pdf.drawInlineImage(Image.open(io.BytesIO(card("Katarzyna Wiśniewska"))), 60, 600,
                        width=300, height=40)  # fmt: skip
    pdf.showPage()
    pdf.save()
    found: list[tuple[str, str]] = []
    count = scan_images(pypdf.PdfReader(io.BytesIO(out.getvalue())),
                        lambda text, where: found.append((text, where)))  # fmt: skip
    assert count == 1
    assert any("Katarzyna" in text and where == "in an image on page 2" for text, where in found)
