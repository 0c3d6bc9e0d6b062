"""Lay out a prepared document as a PDF with reportlab platypus.

The renderer only ever sees ``PreparedDocument``: text that may be printed, placeholders,
counts. It renders in one pass: page totals and the page numbers in the contents are form
XObjects referenced while the pages are drawn and defined when the last page is done, so
a 1,000-note export is laid out once, not twice as ``multiBuild`` would.

Output is byte-stable for the same input (reportlab invariant mode, a metadata allow-list,
dates without time or zone) so that an export can be reproduced and compared.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
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
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus import Paragraph as _PlatypusParagraph

from influence_desk.export.document import reason_label
from influence_desk.export.prepare import (
    CONSENT_LABELS,
    PLACEHOLDER,
    PreparedDocument,
    PreparedNote,
    Segment,
)
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


def _styles() -> dict[str, ParagraphStyle]:
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


def _pdf_date(day: date) -> str:
    return f"D:{day:%Y%m%d}"  # a date alone: no time of day, no time zone


class _AllowListInfo(pdfdoc.PDFInfo):
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


class _Anchor(Flowable):
    """Zero-size marker: records its page for the contents and adds a bookmark."""

    def __init__(self, renderer: Renderer, key: str, title: str, level: int) -> None:
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


class _ContentsRow(Flowable):
    """One line of the contents: a title, and its page number drawn from a form defined at
    the end of the build."""

    def __init__(self, renderer: Renderer, key: str, title: str, style: ParagraphStyle,
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


class _NoteStart(Flowable):
    """Zero-size marker after each note: lets the build report progress and cancel."""

    def __init__(self, renderer: Renderer) -> None:
        super().__init__()
        self.renderer = renderer

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


class _DocTemplate(BaseDocTemplate):
    def __init__(self, fileobj: BinaryIO, renderer: Renderer, **kw: Any) -> None:
        self.renderer = renderer
        super().__init__(fileobj, **kw)

    def _makeCanvas(self, filename: Any = None, canvasmaker: Any = Canvas) -> Any:
        canv = super()._makeCanvas(filename=filename, canvasmaker=canvasmaker)
        canv._doc.info = _AllowListInfo(self.renderer.metadata())
        return canv

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, _NoteStart):
            self.renderer.note_done()

    def _endBuild(self) -> None:
        self._doSave = 0
        super()._endBuild()
        self.renderer.define_forms(self.canv)
        self.canv.save()


class Renderer:
    """Lays out a ``PreparedDocument``. Tests subclass it to plant leaks on purpose
    (``decorate_page``, ``metadata``, ``extra_flowables``); nothing else should."""

    def __init__(
        self,
        doc: PreparedDocument,
        canary: str,
        *,
        on_note: Callable[[], None] = lambda: None,
    ) -> None:
        register_fonts()
        self.doc = doc
        self.request = doc.request
        self.profile = doc.request.profile
        self.canary = canary
        self.on_note = on_note
        self.styles = _styles()
        self.anchor_pages: dict[str, int] = {}
        self._forms: dict[str, tuple[str, tuple[str, float, Any]]] = {}
        self._last_page = 0

    # -- hooks ------------------------------------------------------------------------------

    def metadata(self) -> dict[str, str]:
        """The whole Info dictionary: an allow-list, and a neutral title."""
        day = _pdf_date(self.request.generated_on)
        return {
            "Title": f"Influence Desk export: {self.doc.profile_name}",
            "Creator": CREATOR,
            "Producer": CREATOR,
            "CreationDate": day,
            "ModDate": day,
        }

    def decorate_page(self, canv: Canvas, page_number: int) -> None:
        """Extra drawing on every page; nothing by default."""

    def extra_flowables(self) -> list[Flowable]:
        """Extra flowables at the end of the story; none by default."""
        return []

    def note_done(self) -> None:
        self.on_note()

    # -- page furniture ------------------------------------------------------------------------

    def page_form(self, key: str, style: ParagraphStyle | None = None) -> str:
        """Name of the form that will show the page of ``key`` (or the page total),
        right-aligned at its origin in ``style``'s font, or left-aligned for the total."""
        found = self._forms.get(key)
        if found is None:
            font = (style.fontName, style.fontSize, style.textColor) if style else (
                SANS, 8, MUTED)
            found = (f"IDpg{len(self._forms)}", font)
            self._forms[key] = found
        return found[0]

    def define_forms(self, canv: Canvas) -> None:
        total = str(self._last_page)
        for key, (name, (font, size, color)) in sorted(
            self._forms.items(), key=lambda kv: kv[1][0]
        ):
            canv.beginForm(name, lowerx=-60, lowery=-4, upperx=60, uppery=14)
            canv.setFont(font, size)
            canv.setFillColor(color)
            if key == "__total__":
                canv.drawString(0, 0, total)
            else:
                canv.drawRightString(0, 0, str(self.anchor_pages.get(key, "")))
            canv.endForm()

    def marking(self) -> str:
        return self.doc.profile_name.upper()

    def _draw_canary(self, canv: Canvas) -> None:
        # White 1-point text on its own line in the bottom margin: invisible on screen and
        # paper, but every extractor returns it, which is what the gate checks per page.
        canv.saveState()
        canv.setFillColor(colors.white)
        canv.setFont(SANS, 1)
        canv.drawString(MARGIN_X, 4 * mm, self.canary)
        canv.restoreState()

    def _footer(self, canv: Canvas, page: int) -> None:
        canv.saveState()
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        y = MARGIN_BOTTOM - 8 * mm
        canv.line(MARGIN_X, y + 10, PAGE_W - MARGIN_X, y + 10)
        canv.setFont(SANS, 8)
        canv.setFillColor(MUTED)
        label = f"Page {page} of "
        canv.drawString(MARGIN_X, y, label)
        canv.translate(MARGIN_X + pdfmetrics.stringWidth(label, SANS, 8), y)
        canv.doForm(self.page_form("__total__"))
        canv.restoreState()
        canv.saveState()
        canv.setFont(SANS, 8)
        canv.setFillColor(MUTED)
        canv.drawRightString(
            PAGE_W - MARGIN_X, y,
            f"Vault {_short(self.request.vault_fingerprint, 24)} · "
            f"checkpoint {_short_checkpoint(self.request.checkpoint)}",
        )
        canv.restoreState()

    def _on_cover(self, canv: Canvas, doc: Any) -> None:
        page = canv.getPageNumber()
        self._last_page = max(self._last_page, page)
        canv.saveState()
        canv.setFillColor(ACCENT)
        canv.rect(0, PAGE_H - 9 * mm, PAGE_W, 9 * mm, stroke=0, fill=1)
        canv.setFillColor(colors.white)
        canv.setFont(SANS_BOLD, 8.5)
        canv.drawString(MARGIN_X, PAGE_H - 6 * mm, f"INFLUENCE DESK  ·  {self.marking()}")
        canv.restoreState()
        self._footer(canv, page)
        self._draw_canary(canv)
        self.decorate_page(canv, page)

    def _on_page(self, canv: Canvas, doc: Any) -> None:
        page = canv.getPageNumber()
        self._last_page = max(self._last_page, page)
        canv.saveState()
        y = PAGE_H - MARGIN_TOP + 9 * mm
        canv.setFont(SANS_BOLD, 7.8)
        canv.setFillColor(ACCENT)
        canv.drawString(MARGIN_X, y, self.marking())
        canv.setFont(SANS, 7.8)
        canv.setFillColor(MUTED)
        title = _fit(self.doc.title, SANS, 7.8, TEXT_W * 0.6)
        canv.drawRightString(PAGE_W - MARGIN_X, y, title)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(MARGIN_X, y - 4, PAGE_W - MARGIN_X, y - 4)
        canv.restoreState()
        self._footer(canv, page)
        self._draw_canary(canv)
        self.decorate_page(canv, page)

    # -- story -----------------------------------------------------------------------------

    def render(self, fileobj: BinaryIO) -> None:
        template = _DocTemplate(
            fileobj,
            self,
            pagesize=A4,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            invariant=1,
            pageCompression=1,
            initialFontName=SANS,
            title="",
            author="",
            subject="",
            creator=CREATOR,
            producer=CREATOR,
        )
        frame = Frame(
            MARGIN_X, MARGIN_BOTTOM, TEXT_W, PAGE_H - MARGIN_TOP - MARGIN_BOTTOM,
            id="main", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
        )
        template.addPageTemplates([
            PageTemplate(id="cover", frames=[frame], onPage=self._on_cover),
            PageTemplate(id="body", frames=[frame], onPage=self._on_page),
        ])
        # Compressed streams stay binary: ASCII85 on top costs a Python encoding pass here
        # and a Python decoding pass in the gate's pypdf, for a file 25% larger.
        from reportlab import rl_config

        use_a85 = rl_config.useA85
        rl_config.useA85 = 0
        try:
            template.build(self.story())
        finally:
            rl_config.useA85 = use_a85

    def story(self) -> list[Flowable]:
        st = self.styles
        story: list[Flowable] = [*self.cover(), NextPageTemplate("body"), PageBreak()]
        sections = self.sections()
        story.append(Paragraph("Contents", st["h1"]))
        story.append(Spacer(1, 6))
        for key, title, level, _ in sections:
            style = st["toc"] if level == 0 else st["toc_sub"]
            story.append(_ContentsRow(self, key, title, style, indent=12 * level))
        story.append(PageBreak())
        for key, title, level, build in sections:
            if level == 0:
                story.append(CondPageBreak(60 * mm))
            story.extend(build(key, title))
        story.extend(self.extra_flowables())
        return story

    def sections(self) -> list[tuple[str, str, int, Callable[[str, str], list[Flowable]]]]:
        """``(key, title, level, builder)`` for every part of the document, in order."""
        out: list[tuple[str, str, int, Callable[[str, str], list[Flowable]]]] = []
        if self.profile.include_note_text:
            if self.doc.groups:
                out.append(("notes", "Notes", 0, self.notes_intro))
            for i, group in enumerate(self.doc.groups):
                def build(key: str, title: str, g: Any = group) -> list[Flowable]:
                    return self.group(key, g)
                out.append((f"g{i}", group.heading, 1, build))
            out.append(("sources", "Sources", 0, self.legend))
            out.append(("redactions", "What was removed", 0, self.redaction_summary))
        else:
            out.append(("contents", "Vault contents", 0, self.audit_contents))
            out.append(("history", "History", 0, self.audit_history))
            out.append(("consent", "Consent records", 0, self.audit_consent))
        out.append(("verification", "Verification", 0, self.verification))
        return out

    def heading(self, key: str, title: str, level: int = 0) -> list[Flowable]:
        return [_Anchor(self, key, title, level), Paragraph(esc(title), self.styles["h1"])]

    # -- cover -------------------------------------------------------------------------------

    def cover(self) -> list[Flowable]:
        st = self.styles
        r = self.request
        doc = self.doc
        out: list[Flowable] = [
            Spacer(1, 40 * mm),
            Paragraph(esc(doc.title), st["cover_title"]),
            Paragraph(f"{esc(doc.profile_name)} · {_long_date(r.generated_on)}",
                      st["cover_profile"]),
        ]
        if doc.profile_description:
            # The audience line sits in a tinted box: the first thing a recipient reads.
            box = Table([[Paragraph(esc(doc.profile_description), st["notice"])]],
                        colWidths=[TEXT_W], hAlign="LEFT")
            box.setStyle(TableStyle([
                ("FONTNAME", (0, 0), (-1, -1), SANS),
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#eef3fa")),
                ("LINEBEFORE", (0, 0), (0, -1), 2.5, ACCENT),
                ("LEFTPADDING", (0, 0), (-1, -1), 9),
                ("RIGHTPADDING", (0, 0), (-1, -1), 9),
                ("TOPPADDING", (0, 0), (-1, -1), 7),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ]))
            out.append(box)
        out.append(Spacer(1, 12 * mm))
        left_out = sum(doc.left_out.values())
        rows: list[tuple[str, str]] = []
        if self.profile.include_note_text:
            rows.append(("Notes in this document", str(doc.notes_exported)))
            rows.append(("Notes left out for consent", str(left_out)))
        else:
            rows.append(("Notes counted", str(doc.notes_exported)))
        rows += [
            ("Vault fingerprint", r.vault_fingerprint),
            ("History checkpoint", r.checkpoint),
            ("Verification", self.verify_line()),
        ]
        out.append(self.kv_table(rows, mono_keys={"Vault fingerprint", "History checkpoint"}))
        return out

    def verify_line(self) -> str:
        v = self.request.verify_summary
        entries = f"{v.entries:,} history entries"
        if v.ok:
            return f"passed: {entries}, no problems"
        return f"FAILED: {v.problems:,} problems in {entries}"

    def kv_table(self, rows: Sequence[tuple[str, str]], mono_keys: set[str] | None = None
                 ) -> Table:
        st = self.styles
        mono_keys = mono_keys or set()
        data = [
            [Paragraph(esc(k), st["cell_head"]),
             Paragraph(esc(v), st["mono"] if k in mono_keys else st["cell"])]
            for k, v in rows
        ]
        table = Table(data, colWidths=[50 * mm, TEXT_W - 50 * mm], hAlign="LEFT")
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), SANS),  # else reportlab names Helvetica
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ]))
        return table

    def grid(self, header: Sequence[str], rows: Sequence[Sequence[str]],
             widths: Sequence[float], *, numeric_last: bool = True, total: bool = False
             ) -> Table:
        """A table with a header row; the last column right-aligned when it holds counts,
        the last row set off as a total when ``total``."""
        st = self.styles
        last = len(header) - 1

        def cell(text: str, col: int, head: bool) -> Paragraph:
            num = numeric_last and col == last
            name = ("cell_head" if head else "cell") + ("_num" if num else "")
            return Paragraph(esc(text), st[name])

        data = [[cell(h, i, True) for i, h in enumerate(header)]]
        data += [[cell(c, i, False) for i, c in enumerate(row)] for row in rows]
        table = Table(data, colWidths=list(widths), repeatRows=1, hAlign="LEFT")
        extra = [("LINEABOVE", (0, -1), (-1, -1), 0.8, INK)] if total else []
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), SANS),  # else reportlab names Helvetica
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef1f5")),
            ("LINEBELOW", (0, 0), (-1, 0), 0.6, MUTED),
            ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 3.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            *extra,  # last, so the total's rule is drawn over the row rule
        ]))
        return table

    # -- notes -------------------------------------------------------------------------------

    def notes_intro(self, key: str, title: str) -> list[Flowable]:
        st = self.styles
        parts = [
            "Notes are grouped by " + ("event" if self.profile.group_by == "event"
                                       else "organisation") + ", oldest first.",
            f"Removed passages appear as <font name='{MONO}'>{esc(PLACEHOLDER)}</font>, "
            "the same width whatever was removed.",
        ]
        if self.profile.include_levels:
            parts.append(
                f"<font backColor='{TEAM_TINT}'>Highlighted passages</font> are marked "
                "team-only: they must not be quoted outside the team."
            )
        if self.profile.source_display == "pseudonym_and_role":
            parts.append("Sources appear by pseudonym; the Sources section gives their roles.")
        elif self.profile.source_display == "role":
            parts.append("Sources appear by role description, in square brackets.")
        else:
            parts.append("Sources appear by a generic role, in square brackets.")
        return [*self.heading(key, title), Paragraph(" ".join(parts), st["small"]),
                Spacer(1, 4)]

    def group(self, key: str, group: Any) -> list[Flowable]:
        st = self.styles
        out: list[Flowable] = [
            _Anchor(self, key, group.heading, 1),
            Paragraph(esc(group.heading), st["group"]),
            Paragraph(esc(group.detail), st["h1_detail"]),
        ]
        for i, note in enumerate(group.notes):
            out.extend(self.note(note, rule=i > 0))
            out.append(_NoteStart(self))
        return out

    def note(self, note: PreparedNote, rule: bool = False) -> list[Flowable]:
        st = self.styles
        meta = [f"{esc(note.kind_label)} · {esc(note.when)}"]
        if note.event and self.profile.group_by != "event":
            meta[0] += f" · {esc(note.event)}"
        lines = [" ".join(meta)]
        if note.organisations:
            lines.append("<b>Organisations:</b> " + esc(", ".join(note.organisations)))
        if note.sources:
            lines.append("<b>Sources:</b> " + esc("; ".join(note.sources)))
        if note.tags:
            lines.append("<b>Tags:</b> " + esc(", ".join(note.tags)))
        head: list[Flowable] = [_Rule()] if rule else []
        head.append(Paragraph(self.markup_inline(note.title), st["h2"]))
        # One paragraph for the meta lines: a thousand notes lay out 3,000 fewer.
        head.append(Paragraph("<br/>".join(lines), st["meta"]))
        head.append(Spacer(1, 4))
        text: list[Flowable] = []
        for para in self.markup_paragraphs(note.summary):
            text.append(Paragraph(para, st["summary"]))
        if self.profile.text == "summary" and not note.summary:
            text.append(Paragraph("No summary was written for this note.", st["small"]))
        for para in self.markup_paragraphs(note.body):
            text.append(Paragraph(para, st["body"]))
        # Keep the heading with the first lines of text; long bodies may still break.
        first = text[:1]
        return [KeepTogether(head + first), *text[1:]]

    def markup_segment(self, seg: Segment, text: str) -> str:
        if seg.kind == "redacted":
            return (f"<font name='{MONO}' size='8.3' color='#4a5058' "
                    f"backColor='{PLACEHOLDER_TINT}'>{esc(PLACEHOLDER)}</font>")
        body = esc(text).replace("\n", "<br/>")
        if seg.kind == "source":
            return f"<font color='#1d4e89'>{body}</font>"
        if seg.kind == "team" and body.strip():
            return f"<font backColor='{TEAM_TINT}'>{body}</font>"
        return body

    def markup_inline(self, segments: Sequence[Segment]) -> str:
        return "".join(self.markup_segment(s, s.text.replace("\n", " ")) for s in segments)

    def markup_paragraphs(self, segments: Sequence[Segment]) -> list[str]:
        """Split segments at blank lines into paragraph markup, closing tags per piece."""
        paras: list[list[str]] = [[]]
        for seg in segments:
            if seg.kind in ("redacted", "source"):
                paras[-1].append(self.markup_segment(seg, seg.text))
                continue
            pieces = seg.text.replace("\r\n", "\n").split("\n\n")
            for j, piece in enumerate(pieces):
                if j:
                    paras.append([])
                if piece:
                    paras[-1].append(self.markup_segment(seg, piece))
        out = []
        for p in paras:
            markup = "".join(p).strip()
            while markup.startswith("<br/>"):
                markup = markup[5:].lstrip()
            while markup.endswith("<br/>"):
                markup = markup[:-5].rstrip()
            if markup:
                out.append(markup)
        return out

    # -- sources and redactions ------------------------------------------------------------

    def legend(self, key: str, title: str) -> list[Flowable]:
        st = self.styles
        out = self.heading(key, title)
        entries = self.doc.legend
        if not entries:
            out.append(Paragraph("No source is linked to the notes in this document.",
                                 st["body"]))
            return out
        if self.profile.source_display == "pseudonym_and_role":
            out.append(Paragraph(
                "Each source is known here only by a pseudonym. Real names are kept sealed "
                "in the vault and are not part of this document.", st["small"]))
            rows: list[tuple[str, ...]] = [
                (e.shown_as, e.role, e.organisation, CONSENT_LABELS[e.consent], str(e.notes))
                for e in entries
            ]
            widths = [30 * mm, 55 * mm, 34 * mm, 37 * mm, TEXT_W - 156 * mm]
            out.append(self.grid(("Pseudonym", "Role", "Organisation", "Consent", "Notes"),
                                 rows, widths))
        else:
            out.append(Paragraph(
                "Sources are described, not named. Consent is recorded for each of them.",
                st["small"]))
            rows = [(e.shown_as, CONSENT_LABELS[e.consent], str(e.notes)) for e in entries]
            widths = [100 * mm, 40 * mm, TEXT_W - 140 * mm]
            out.append(self.grid(("Source", "Consent", "Notes"), rows, widths))
        return _keep(out)

    def redaction_summary(self, key: str, title: str) -> list[Flowable]:
        st = self.styles
        out = self.heading(key, title)
        out.append(Paragraph(
            f"Every removed passage is replaced by <font name='{MONO}'>{esc(PLACEHOLDER)}"
            "</font>, the same width whatever its length. Notes linked to an "
            "off-the-record source never leave the vault"
            + ("" if self.profile.allow_background else
               "; notes linked to a background-only source are not quoted here") + ".",
            st["small"]))
        rows = [(reason_label(k), str(v)) for k, v in self.doc.left_out.items()]
        rows += [(reason_label(k), str(v)) for k, v in self.doc.redactions.items()]
        if rows:
            out.append(self.grid(("Reason", "Count"), rows, [TEXT_W - 30 * mm, 30 * mm]))
        else:
            out.append(Paragraph("Nothing was removed and no note was left out.", st["body"]))
        return _keep(out)

    def verification(self, key: str, title: str) -> list[Flowable]:
        st = self.styles
        r = self.request
        out = self.heading(key, title)
        out.append(self.kv_table([
            ("Vault fingerprint", r.vault_fingerprint),
            ("History checkpoint", r.checkpoint),
            ("Verification at export", self.verify_line()),
        ], mono_keys={"Vault fingerprint", "History checkpoint"}))
        out.append(Spacer(1, 8))
        out.append(Paragraph(
            "The checkpoint is the sequence number and hash of the newest entry of the "
            "vault's signed history when this document was made. To check that the vault "
            "still extends it (nothing recorded before it was changed or removed), run:",
            st["body"]))
        out.append(Paragraph(
            esc(f"influence-desk verify VAULT --checkpoint {r.checkpoint}"), st["command"]))
        out.append(Paragraph(
            "Before release this file was read back with two independent PDF text "
            "extractors, and its metadata, outline and annotations were searched for the "
            "real names, aliases and contact details of the sources and for every removed "
            "passage. The file exists only because none was found.", st["small"]))
        return _keep(out)

    # -- audit -------------------------------------------------------------------------------

    def audit_contents(self, key: str, title: str) -> list[Flowable]:
        st = self.styles
        facts = self.doc.audit
        assert facts is not None
        out = self.heading(key, title)
        out.append(Paragraph(
            "Counts only: this report carries no note text, no real name and no contact "
            "detail.", st["small"]))
        half = [60 * mm, 25 * mm]
        for caption, rows in (
            ("Notes by kind", facts.notes_by_kind),
            ("Events by kind", facts.events_by_kind),
            ("Sources by consent", facts.sources_by_consent),
        ):
            data = [(k, f"{v:,}") for k, v in rows] or [("None", "0")]
            data.append(("Total", f"{sum(v for _, v in rows):,}"))
            out.append(KeepTogether([
                Paragraph(esc(caption), st["h2"]),
                self.grid(("Kind" if "kind" in caption else "Consent", "Count"),
                          data, half, total=True),
                Spacer(1, 6),
            ]))
        return out

    def audit_history(self, key: str, title: str) -> list[Flowable]:
        st = self.styles
        out = self.heading(key, title)
        counts = sorted(self.request.history_counts.items())
        out.append(Paragraph(
            "Signed history entries by action, up to the checkpoint of this report.",
            st["small"]))
        rows = [(k, f"{v:,}") for k, v in counts] or [("None", "0")]
        rows.append(("Total", f"{sum(v for _, v in counts):,}"))
        out.append(self.grid(("Action", "Entries"), rows, [85 * mm, 25 * mm], total=True))
        return _keep(out)

    def audit_consent(self, key: str, title: str) -> list[Flowable]:
        st = self.styles
        facts = self.doc.audit
        assert facts is not None
        out = self.heading(key, title)
        out.append(Paragraph(
            "The consent recorded for each source, by pseudonym, and how many notes are "
            "linked to it. Notes linked to an off-the-record source never leave the vault "
            "in any export.", st["small"]))
        rows = [(p, c, f"{n:,}") for p, c, n in facts.consent_records]
        if rows:
            out.append(self.grid(("Pseudonym", "Consent", "Linked notes"), rows,
                                 [60 * mm, 50 * mm, 30 * mm]))
        else:
            out.append(Paragraph("No source is registered.", st["body"]))
        return _keep(out)


class _Rule(Flowable):
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


def _keep(flowables: list[Flowable]) -> list[Flowable]:
    """Keep a short section (heading, note, table) on one page; let long ones flow, or a
    table of 300 sources would be pushed whole onto a page it cannot fit."""
    height = sum(f.wrap(TEXT_W, PAGE_H)[1] for f in flowables)
    return [KeepTogether(flowables)] if height <= KEEP_TOGETHER_MAX else flowables


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[:n] + "…"


def _short_checkpoint(checkpoint: str) -> str:
    seq, _, digest = checkpoint.partition(":")
    return f"{seq}:{_short(digest, 12)}"


def _fit(text: str, font: str, size: float, width: float) -> str:
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _long_date(day: date) -> str:
    months = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")
    return f"{day.day} {months[day.month - 1]} {day.year}"
