"""The PDF's building blocks: fonts, styles, page geometry and the small flowables the
renderer places (anchors for the contents and outline, contents rows, note markers, rules).

Nothing here sees note text except as already prepared, printable markup.
"""

from __future__ import annotations

from datetime import date
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    KeepTogether,
)
from reportlab.platypus import Paragraph as _PlatypusParagraph

from influence_desk.resourcefiles import resource_path

FONTS_DIR = resource_path("fonts")
SANS = "DejaVuSans"
SANS_BOLD = "DejaVuSans-Bold"
SANS_ITALIC = "DejaVuSans-Oblique"
SANS_BOLD_ITALIC = "DejaVuSans-BoldOblique"
MONO = "DejaVuSansMono"
MONO_BOLD = "DejaVuSansMono-Bold"
CREATOR = "Influence Desk"

INK = colors.HexColor("#1f2328")
MUTED = colors.HexColor("#5b6169")
ACCENT = colors.HexColor("#1d4e89")
RULE = colors.HexColor("#c9ced6")
TEAM_TINT = "#fbefc6"  # background of team-only passages in the team brief
PLACEHOLDER_TINT = "#e6e8eb"

PAGE_W, PAGE_H = A4
MARGIN_X = 20 * mm
MARGIN_TOP = 24 * mm
MARGIN_BOTTOM = 22 * mm
TEXT_W = PAGE_W - 2 * MARGIN_X

_fonts_registered = False


class Paragraph(_PlatypusParagraph):  # type: ignore[misc]
    """A platypus paragraph that lays its lines out once per width.

    Platypus wraps a paragraph again whenever it asks for its height: ``KeepTogether``
    measures a note's heading, then the frame places each part and measures it again.
    The line breaking depends only on the width, so the second time reuses the first.
    """

    _wrapped_width: float | None = None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        # ``split`` may drop ``blPara`` (the lines) to force a fresh layout: then redo it.
        if avail_width == self._wrapped_width and "blPara" in self.__dict__:
            return self.width, self.height
        width, height = super().wrap(avail_width, avail_height)
        self._wrapped_width = avail_width if height != 0x7FFFFFFF else None
        return width, height


def register_fonts() -> None:
    """Register the shipped DejaVu fonts once (reportlab's registry is process-wide)."""
    global _fonts_registered
    if _fonts_registered:
        return
    from reportlab.lib.fonts import addMapping

    for name in (SANS, SANS_BOLD, SANS_ITALIC, SANS_BOLD_ITALIC, MONO, MONO_BOLD):
        pdfmetrics.registerFont(TTFont(name, str(FONTS_DIR / f"{name}.ttf")))
    pdfmetrics.registerFontFamily(
        SANS, normal=SANS, bold=SANS_BOLD, italic=SANS_ITALIC, boldItalic=SANS_BOLD_ITALIC
    )
    addMapping(MONO, 0, 0, MONO)
    addMapping(MONO, 1, 0, MONO_BOLD)
    addMapping(MONO, 0, 1, MONO)
    addMapping(MONO, 1, 1, MONO_BOLD)
    _fonts_registered = True


def make_styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle(
        "body", fontName=SANS, fontSize=9.5, leading=13.6, textColor=INK, alignment=TA_LEFT,
        spaceAfter=5,
    )
    return {
        "body": base,
        "cover_kicker": ParagraphStyle(
            "cover_kicker", parent=base, fontName=SANS_BOLD, fontSize=10, leading=14,
            textColor=ACCENT, spaceAfter=10,
        ),
        "cover_title": ParagraphStyle(
            "cover_title", parent=base, fontName=SANS_BOLD, fontSize=24, leading=30,
            spaceAfter=8,
        ),
        "cover_profile": ParagraphStyle(
            "cover_profile", parent=base, fontName=SANS, fontSize=15, leading=20,
            textColor=MUTED, spaceAfter=18,
        ),
        "h1": ParagraphStyle(
            "h1", parent=base, fontName=SANS_BOLD, fontSize=15, leading=20, spaceBefore=6,
            spaceAfter=2, textColor=INK,
        ),
        "group": ParagraphStyle(
            "group", parent=base, fontName=SANS_BOLD, fontSize=13, leading=17, spaceBefore=8,
            spaceAfter=1, textColor=ACCENT,
        ),
        "h1_detail": ParagraphStyle(
            "h1_detail", parent=base, fontSize=8.5, leading=11, textColor=MUTED, spaceAfter=10,
        ),
        "h2": ParagraphStyle(
            "h2", parent=base, fontName=SANS_BOLD, fontSize=11, leading=14.5, spaceBefore=4,
            spaceAfter=2,
        ),
        "meta": ParagraphStyle(
            "meta", parent=base, fontSize=8.3, leading=11.2, textColor=MUTED, spaceAfter=1,
        ),
        "summary": ParagraphStyle(
            "summary", parent=base, fontName=SANS_ITALIC, spaceBefore=3, spaceAfter=5,
        ),
        "small": ParagraphStyle(
            "small", parent=base, fontSize=8.3, leading=11.2, textColor=MUTED,
        ),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.6, leading=11.4, spaceAfter=0),
        "cell_head": ParagraphStyle(
            "cell_head", parent=base, fontName=SANS_BOLD, fontSize=8.6, leading=11.4,
            spaceAfter=0,
        ),
        "mono": ParagraphStyle(
            "mono", parent=base, fontName=MONO, fontSize=7.8, leading=11.4, spaceAfter=0,
        ),
        "command": ParagraphStyle(
            "command", parent=base, fontName=MONO, fontSize=8.6, leading=12,
            backColor=colors.HexColor("#f1f3f5"), borderPadding=(5, 6, 5, 6),
            spaceBefore=4, spaceAfter=10, leftIndent=6, rightIndent=6,
        ),
        "toc": ParagraphStyle("toc", parent=base, fontSize=10, leading=14, spaceAfter=0),
        "toc_sub": ParagraphStyle(
            "toc_sub", parent=base, fontSize=9, leading=12.5, spaceAfter=0, textColor=MUTED,
        ),
        "cell_num": ParagraphStyle(
            "cell_num", parent=base, fontSize=8.6, leading=11.4, spaceAfter=0, alignment=2,
        ),
        "cell_head_num": ParagraphStyle(
            "cell_head_num", parent=base, fontName=SANS_BOLD, fontSize=8.6, leading=11.4,
            spaceAfter=0, alignment=2,
        ),
        "notice": ParagraphStyle(
            "notice", parent=base, fontSize=9.5, leading=13.6, spaceAfter=0,
        ),
    }


def esc(text: str) -> str:
    return escape(text)


def pdf_date(day: date) -> str:
    return f"D:{day:%Y%m%d}"  # a date alone: no time of day, no time zone


class AllowListInfo(pdfdoc.PDFInfo):
    """Document information holding only what we decide: no author, user, host or zone."""

    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__()
        self._fields = dict(fields)

    def digest(self, md5object: Any) -> None:
        for key in sorted(self._fields):
            md5object.update(f"{key}={self._fields[key]}".encode())

    def format(self, document: Any) -> Any:
        return pdfdoc.PDFDictionary(
            {k: pdfdoc.PDFString(v) for k, v in sorted(self._fields.items())}
        ).format(document)


class Anchor(Flowable):
    """Zero-size marker: records its page for the contents and adds a bookmark."""

    def __init__(self, renderer: Any, key: str, title: str, level: int) -> None:
        super().__init__()
        self.renderer, self.key, self.title, self.level = renderer, key, title, level
        self.width = self.height = 0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        canv = self.canv
        self.renderer.anchor_pages[self.key] = canv.getPageNumber()
        canv.bookmarkPage(self.key)
        canv.addOutlineEntry(self.title, self.key, level=self.level, closed=self.level == 0)


class ContentsRow(Flowable):
    """One line of the contents: a title, and its page number drawn from a form defined at
    the end of the build."""

    def __init__(self, renderer: Any, key: str, title: str, style: ParagraphStyle,
                 indent: float = 0) -> None:
        super().__init__()
        self.renderer, self.key, self.indent, self.style = renderer, key, indent, style
        self.para = Paragraph(f'<a href="#{key}">{esc(title)}</a>', style)
        self._w = 0.0
        self._h = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._w = avail_width
        _, h = self.para.wrap(avail_width - self.indent - 18 * mm, avail_height)
        self._h = h + 4
        return avail_width, self._h

    def draw(self) -> None:
        canv = self.canv
        self.para.drawOn(canv, self.indent, 2)
        canv.saveState()
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.4)
        canv.line(self.indent, 0.5, self._w, 0.5)
        # On the baseline of the title's first line (Paragraph puts it one font size down).
        canv.translate(self._w, 2 + self._h - 4 - self.style.fontSize)
        canv.doForm(self.renderer.page_form(self.key, self.style))
        canv.restoreState()


class NoteStart(Flowable):
    """Zero-size marker after each note: lets the build report progress and cancel."""

    def __init__(self, renderer: Any) -> None:
        super().__init__()
        self.renderer = renderer

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


class DocTemplate(BaseDocTemplate):
    def __init__(self, fileobj: BinaryIO, renderer: Any, **kw: Any) -> None:
        self.renderer = renderer
        super().__init__(fileobj, **kw)

    def _makeCanvas(self, filename: Any = None, canvasmaker: Any = Canvas) -> Any:
        canv = super()._makeCanvas(filename=filename, canvasmaker=canvasmaker)
        canv._doc.info = AllowListInfo(self.renderer.metadata())
        return canv

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, NoteStart):
            self.renderer.note_done()

    def _endBuild(self) -> None:
        self._doSave = 0
        super()._endBuild()
        self.renderer.define_forms(self.canv)
        self.canv.save()



class Rule(Flowable):
    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._w = avail_width
        return avail_width, 12

    def draw(self) -> None:
        doc = getattr(self.canv, "_doctemplate", None)
        frame = getattr(doc, "frame", None)
        if getattr(frame, "_atTop", 0):
            return  # a separator at the top of a page separates nothing
        self.canv.setStrokeColor(RULE)
        self.canv.setLineWidth(0.4)
        self.canv.line(0, 6, self._w * 0.25, 6)


KEEP_TOGETHER_MAX = 320.0  # points: a section shorter than this never splits over pages


def keep(flowables: list[Flowable]) -> list[Flowable]:
    """Keep a short section (heading, note, table) on one page; let long ones flow, or a
    table of 300 sources would be pushed whole onto a page it cannot fit."""
    height = sum(f.wrap(TEXT_W, PAGE_H)[1] for f in flowables)
    return [KeepTogether(flowables)] if height <= KEEP_TOGETHER_MAX else flowables


def short(text: str, n: int) -> str:
    return text if len(text) <= n else text[:n] + "…"


CHECK_DIGITS = 16  # hex digits of the checkpoint's hash in the footer: 64 bits


def check_text(checkpoint: str) -> str:
    """What the footer prints of the checkpoint on every page (``418:9c9c…``, without the
    ellipsis): the leak gate's check text, which each extractor must find on each page."""
    seq, _, digest = checkpoint.partition(":")
    return f"{seq}:{digest[:CHECK_DIGITS]}"


def fit(text: str, font: str, size: float, width: float) -> str:
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"
