"""Importing attachments from a fair (issue 16): a 12-megapixel photo of a slide and a
20-page scanned brochure, each attached to a note (strip, read-back check, store, signed
entry), a thumbnail made of the photo, and the text read (OCR) and stored pseudonymised and
indexed: what the app does when a file is dropped onto the editor.

    .venv/bin/python bench/attachments_import.py [--pages 20] [--repeat 1]

Baselines in the same run, on the same bytes:
- a bare Pillow re-encode of the photo (open, decode, save as JPEG in memory);
- a bare Tesseract run: the tesseract CLI on the photo and on each page's image, given as
  files (what pytesseract does), with the same languages and one OpenMP thread like the
  app's, so the ratio is the app's own overhead (stripping, rendering, pipes, the vault).

Each figure is wall-clock time and CPU time (this process plus its Tesseract children);
the load average before and after is printed: the machine is shared.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _report import result as report_figure

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from influence_desk import crypto
from influence_desk.attachments import ocr
from influence_desk.desk import Desk, NoteDraft
from influence_desk.model import NoteKind
from influence_desk.resourcefiles import resource_path
from influence_desk.vault.vault import Vault

THUMBNAIL = 256  # px, longest side: what an editor strip shows
SLIDE_LINES = (
    "Voter file matching at scale",
    "Datapol GmbH - booth 14, hall 3",
    "0.12 EUR per record, 48 million records",
    "Contact: Katarzyna Wisniewska, +48 22 123 45 67",
)


@dataclass(frozen=True)
class Cost:
    wall: float
    cpu: float  # this process + its children (Tesseract)


def measured(work: Callable[[], Any]) -> tuple[Cost, Any]:
    before = os.times()
    start = time.perf_counter()
    value = work()
    wall = time.perf_counter() - start
    after = os.times()
    cpu = sum(getattr(after, f) - getattr(before, f)
              for f in ("user", "system", "children_user", "children_system"))  # fmt: skip
    return Cost(wall, cpu), value


def median(costs: list[Cost]) -> Cost:
    return Cost(statistics.median(c.wall for c in costs), statistics.median(c.cpu for c in costs))


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(resource_path("fonts", "DejaVuSans.ttf")), size)


def slide_photo() -> bytes:
    """4000 x 3000 (12 MP): a slide photographed at a booth, grain over grey, large text."""
    grain = Image.effect_noise((4000, 3000), 40).point(lambda v: 170 + v // 4)
    image = Image.merge("RGB", (grain, grain, grain))
    draw = ImageDraw.Draw(image)
    font = _font(110)
    for i, line in enumerate(SLIDE_LINES):
        draw.text((260, 500 + i * 420), line, font=font, fill=(25, 25, 40))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return out.getvalue()


def brochure_page(number: int) -> Image.Image:
    """A scanned A4 page at 200 dpi: a heading and body lines, no text layer."""
    page = Image.new("L", (1654, 2339), 250)
    draw = ImageDraw.Draw(page)
    draw.text((150, 160), f"Datapol brochure, page {number}", font=_font(56), fill=20)
    body = _font(34)
    for i in range(24):
        draw.text((150, 330 + i * 76), f"Line {i + 1}: audience segments, turnout models, "
                  f"{number * 100 + i} records", font=body, fill=30)  # fmt: skip
    return page


def scanned_pdf(pages: list[Image.Image]) -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    for page in pages:
        buffer = io.BytesIO()
        page.save(buffer, "PNG")
        pdf.drawImage(ImageReader(buffer), 0, 0, width=A4[0], height=A4[1])
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def bare_tesseract(folder: Path, images: list[Image.Image]) -> tuple[Cost, str]:
    """The tesseract CLI on image files (untimed writing), same languages, one thread."""
    paths = []
    for i, image in enumerate(images):
        path = folder / f"page{i:03d}.png"
        image.save(path)
        paths.append(path)
    langs = "+".join(ocr.languages())
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "OMP_THREAD_LIMIT": "1"}

    def run() -> str:
        return "".join(
            subprocess.run(["tesseract", str(p), "stdout", "-l", langs], capture_output=True,
                           env=env, check=True, text=True).stdout
            for p in paths
        )  # fmt: skip

    return measured(run)


def bare_reencode(data: bytes) -> Cost:
    def run() -> int:
        with Image.open(io.BytesIO(data)) as image:
            out = io.BytesIO()
            image.save(out, "JPEG", quality=92)
            return out.tell()

    return measured(run)[0]


def thumbnail(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        image.draft("RGB", (THUMBNAIL * 2, THUMBNAIL * 2))  # JPEG: decode at 1/8 scale
        small = image.convert("RGB")
        small.thumbnail((THUMBNAIL, THUMBNAIL))
        out = io.BytesIO()
        small.save(out, "JPEG", quality=85)
        return out.getvalue()


def in_a_vault(work: Callable[[Desk, str], Any]) -> Any:
    folder = Path(tempfile.mkdtemp(prefix="attach-import-bench-"))
    try:
        with Vault.create(folder / "b", label="Bench", passphrase="bench passphrase import x",
                          kdf=crypto.floor_params()) as vault:  # fmt: skip
            desk = Desk(vault)
            note = desk.add_note(NoteDraft(NoteKind.BOOTH, "Booth 14", datetime(2026, 1, 1)))
            return work(desk, note.note.id)
    finally:
        shutil.rmtree(folder)


def import_photo(desk: Desk, note_id: str, data: bytes) -> dict[str, Cost]:
    attach, info = measured(lambda: desk.attach(note_id, data, "slide.jpg"))
    thumb, _ = measured(lambda: thumbnail(desk.attachment_bytes(info.id)))
    read, done = measured(lambda: desk.read_attachment_text(info.id))
    assert "Datapol" in done.text, done.text
    assert desk.search("Datapol"), "the photo's text is not searchable"
    whole = Cost(attach.wall + thumb.wall + read.wall, attach.cpu + thumb.cpu + read.cpu)
    return {"attach": attach, "thumbnail": thumb, "ocr": read, "whole": whole}


def import_pdf(desk: Desk, note_id: str, data: bytes, pages: int) -> dict[str, Cost]:
    attach, info = measured(lambda: desk.attach(note_id, data, "brochure.pdf"))
    read, done = measured(lambda: desk.read_attachment_text(info.id))
    assert done.text.count("Datapol brochure") == pages, done.text[:400]
    return {"attach": attach, "ocr": read,
            "whole": Cost(attach.wall + read.wall, attach.cpu + read.cpu)}  # fmt: skip


def ms(cost: Cost) -> str:
    return f"wall {cost.wall:7.2f} s  cpu {cost.cpu:7.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    if not ocr.tesseract_available():
        raise SystemExit("Tesseract is not installed; this bench measures OCR.")
    load_before = os.getloadavg()
    photo = slide_photo()
    pages = [brochure_page(n + 1) for n in range(args.pages)]
    pdf = scanned_pdf(pages)
    photo_runs: list[dict[str, Cost]] = []
    pdf_runs: list[dict[str, Cost]] = []
    reencode: list[Cost] = []
    tess_photo: list[Cost] = []
    tess_pages: list[Cost] = []
    scratch = Path(tempfile.mkdtemp(prefix="attach-import-tess-"))
    try:
        with Image.open(io.BytesIO(photo)) as decoded:
            photo_image = decoded.convert("RGB")
        for _ in range(args.repeat):
            photo_runs.append(in_a_vault(lambda d, n: import_photo(d, n, photo)))
            reencode.append(bare_reencode(photo))
            tess_photo.append(bare_tesseract(scratch, [photo_image])[0])
            pdf_runs.append(in_a_vault(lambda d, n: import_pdf(d, n, pdf, args.pages)))
            tess_pages.append(bare_tesseract(scratch, pages)[0])
    finally:
        shutil.rmtree(scratch)
    load_after = os.getloadavg()
    load = f"load average {load_before[0]:.1f} before, {load_after[0]:.1f} after"
    p = {k: median([r[k] for r in photo_runs]) for k in photo_runs[0]}
    d = {k: median([r[k] for r in pdf_runs]) for k in pdf_runs[0]}
    bare_px, bare_tp, bare_tf = median(reencode), median(tess_photo), median(tess_pages)
    print(f"12-megapixel photo ({len(photo) / 2**20:.1f} MB JPEG), {load}")
    for key, cost in p.items():
        print(f"  {key:>10}: {ms(cost)}")
    print(f"  bare Pillow re-encode: {ms(bare_px)}; bare tesseract: {ms(bare_tp)}")
    print(f"{args.pages}-page scanned PDF ({len(pdf) / 2**20:.1f} MB)")
    for key, cost in d.items():
        print(f"  {key:>10}: {ms(cost)}")
    print(f"  bare tesseract on the {args.pages} page images: {ms(bare_tf)}")
    for label, cost, base, base_label in (
        ("12-MP photo: attach (strip, check, store, sign)", p["attach"], bare_px,
         "bare Pillow re-encode"),
        ("12-MP photo: thumbnail from the vault", p["thumbnail"], bare_px,
         "bare Pillow re-encode"),
        ("12-MP photo: OCR, pseudonymise, store, index", p["ocr"], bare_tp, "bare tesseract CLI"),
        ("12-MP photo: whole import", p["whole"], bare_tp, "bare tesseract CLI"),
        (f"{args.pages}-page scanned PDF: attach (strip, check, store, sign)", d["attach"],
         None, ""),
        (f"{args.pages}-page scanned PDF: OCR, pseudonymise, store, index", d["ocr"], bare_tf,
         "bare tesseract CLI per page"),
        (f"{args.pages}-page scanned PDF: whole import", d["whole"], bare_tf,
         "bare tesseract CLI per page"),
    ):  # fmt: skip
        for kind, value, baseline in (("wall", cost.wall, base.wall if base else None),
                                      ("CPU", cost.cpu, base.cpu if base else None)):  # fmt: skip
            report_figure(f"{label} ({kind})", value, "s", "—", baseline=baseline,
                          baseline_label=base_label, note=load)  # fmt: skip


if __name__ == "__main__":
    main()
