"""Lay out a prepared document as a PDF with reportlab platypus.

The renderer only ever sees ``PreparedDocument``: text that may be printed, placeholders,
counts. It renders in one pass: page totals and the page numbers in the contents are form
XObjects referenced while the pages are drawn and defined when the last page is done, so
a 1,000-note export is laid out once, not twice as ``multiBuild`` would.

Output is byte-stable for the same input (reportlab invariant mode, a metadata allow-list,
dates without time or zone) so that an export can be reproduced and compared.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, BinaryIO, cast

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)

from influence_desk.export.layout import (
    ACCENT,
    CREATOR,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    PAGE_H,
    PAGE_W,
    RULE,
    SANS,
    SANS_BOLD,
    TEXT_W,
    ContentsRow,
    DocTemplate,
    Paragraph,
    esc,
    fit,
    make_styles,
    pdf_date,
    register_fonts,
    short,
)
from influence_desk.export.outline import Part, cover_rows, outline
from influence_desk.export.prepare import PreparedDocument
from influence_desk.export.sections import Sections
from influence_desk.export.wording import Wording


class Renderer(Sections):
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
        self.styles = make_styles()
        self.w = Wording(doc.request.language)
        self.anchor_pages: dict[str, int] = {}
        self._forms: dict[str, tuple[str, tuple[str, float, Any]]] = {}
        self._last_page = 0

    # -- hooks ------------------------------------------------------------------------------

    def metadata(self) -> dict[str, str]:
        """The whole Info dictionary: an allow-list, and a neutral title."""
        day = pdf_date(self.request.generated_on)
        return {
            "Title": self.w("Influence Desk export: {}").format(self.doc.profile_name),
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

    @property
    def pages(self) -> int:
        """How many pages ``render`` drew."""
        return self._last_page

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

    def _footer(self, canv: Canvas, page: int) -> None:
        # The checkpoint's first digits are the gate's check text (``canary``): visible,
        # so every extractor must return it on every page, and nothing hidden rides along
        # when someone copies a passage.
        more = "…" if len(self.request.checkpoint) > len(self.canary) else ""
        canv.saveState()
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        y = MARGIN_BOTTOM - 8 * mm
        canv.line(MARGIN_X, y + 10, PAGE_W - MARGIN_X, y + 10)
        canv.setFont(SANS, 8)
        canv.setFillColor(MUTED)
        label = self.w("Page {} of ").format(page)
        canv.drawString(MARGIN_X, y, label)
        canv.translate(MARGIN_X + pdfmetrics.stringWidth(label, SANS, 8), y)
        canv.doForm(self.page_form("__total__"))
        canv.restoreState()
        canv.saveState()
        canv.setFont(SANS, 8)
        canv.setFillColor(MUTED)
        canv.drawRightString(
            PAGE_W - MARGIN_X, y,
            self.w("Vault {} · checkpoint {}").format(
                short(self.request.vault_fingerprint, 24), self.canary + more
            ),
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
        title = fit(self.doc.title, SANS, 7.8, TEXT_W * 0.6)
        canv.drawRightString(PAGE_W - MARGIN_X, y, title)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(MARGIN_X, y - 4, PAGE_W - MARGIN_X, y - 4)
        canv.restoreState()
        self._footer(canv, page)
        self.decorate_page(canv, page)

    # -- story -----------------------------------------------------------------------------

    def render(self, fileobj: BinaryIO) -> None:
        template = DocTemplate(
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
        story.append(Paragraph(esc(self.w("Contents")), st["h1"]))
        story.append(Spacer(1, 6))
        for key, title, level, _ in sections:
            style = st["toc"] if level == 0 else st["toc_sub"]
            story.append(ContentsRow(self, key, title, style, indent=12 * level))
        story.append(PageBreak())
        for key, title, level, build in sections:
            if level == 0:
                story.append(CondPageBreak(60 * mm))
            story.extend(build(key, title))
        story.extend(self.extra_flowables())
        return story

    def sections(self) -> list[tuple[str, str, int, Callable[[str, str], list[Flowable]]]]:
        """``(key, title, level, builder)`` for every part of the document, in order."""
        return [(p.key, p.title, p.level, self._builder(p)) for p in outline(self.doc, self.w)]

    def _builder(self, part: Part) -> Callable[[str, str], list[Flowable]]:
        group = part.group
        if group is not None:
            return lambda key, title: self.group(key, group)
        return cast("Callable[[str, str], list[Flowable]]", getattr(self, part.kind))

    # -- cover -------------------------------------------------------------------------------

    def cover(self) -> list[Flowable]:
        st, w = self.styles, self.w
        r = self.request
        doc = self.doc
        out: list[Flowable] = [
            Spacer(1, 40 * mm),
            Paragraph(esc(doc.title), st["cover_title"]),
            Paragraph(f"{esc(doc.profile_name)} · {self.w.day(r.generated_on)}",
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
        out.append(self.kv_table(cover_rows(doc, w),
                                 mono_keys={w("Vault fingerprint"), w("History checkpoint")}))
        return out
