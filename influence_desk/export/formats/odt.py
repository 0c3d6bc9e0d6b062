"""ODT (odfpy): the PDF's structure as an OpenDocument text for LibreOffice and others.

The same blocks as the DOCX (``brief``): headings with outline levels 1-3, metadata lines,
summary and body paragraphs, the placeholder in grey monospace, team-only text on the PDF's
yellow, tables; the marking in the page header and the footer line (vault, checkpoint) in
the page footer. odfpy names itself in ``meta.xml`` (``ODFPY/1.4.1``): the meta part is
replaced by one holding only the title, the app's name and the day of the export (no time
of day, no author), and every zip entry is dated that day.

The reader (``officexml.read_office``) is zipfile and lxml over every part.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from influence_desk.export.formats import officexml
from influence_desk.export.formats.base import FormatBase, ReadBack, Rendered, Writing
from influence_desk.export.formats.brief import Block, Brief
from influence_desk.export.formats.docx import MONO_FONT, neutral_zip
from influence_desk.export.layout import CREATOR, TEAM_TINT

_LEVEL = {"title": 1, "heading1": 1, "heading2": 2, "heading3": 3}


def _meta_xml(title: str, day: str) -> bytes:
    return (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        '<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.2"><office:meta>'
        f"<meta:generator>{CREATOR}</meta:generator><dc:title>{xml_escape(title)}</dc:title>"
        f"<meta:creation-date>{day}</meta:creation-date><dc:date>{day}</dc:date>"
        "</office:meta></office:document-meta>"
    ).encode()


class OdtFormat(FormatBase):
    name = "odt"
    suffix = ".odt"
    label = "ODT"

    def write(self, job: Writing) -> Rendered:
        from odf.opendocument import OpenDocumentText

        prepared = job.prepared
        brief = Brief(prepared)
        doc = OpenDocumentText()
        self.styles = self.make_styles(doc, brief, prepared.title)
        notes = brief.lay_out(job, functools.partial(self.block, doc),
                              lambda: self.block(doc, Block("body"), page_break=True))
        buffer = io.BytesIO()
        doc.write(buffer)
        day = prepared.request.generated_on
        job.write_bytes(neutral_zip(buffer.getvalue(), day, {
            "meta.xml": _meta_xml(brief.metadata_title(), f"{day:%Y-%m-%d}T00:00:00"),
        }))  # fmt: skip
        return Rendered(units=notes)

    @staticmethod
    def make_styles(doc: Any, brief: Brief, title: str) -> dict[str, Any]:
        from odf.style import (
            Footer,
            Header,
            MasterPage,
            PageLayout,
            PageLayoutProperties,
            ParagraphProperties,
            Style,
            TextProperties,
        )
        from odf.text import P

        def para(name: str, size: str = "11pt", bold: bool = False, italic: bool = False,
                 family_font: str = "", color: str = "#1f2328", space: str = "0.12cm",
                 breaks: bool = False, outline: int = 0) -> Any:  # fmt: skip
            style = Style(name=name, family="paragraph")
            if outline:
                style.setAttribute("defaultoutlinelevel", str(outline))
            props = {"marginbottom": space}
            if breaks:
                props["breakbefore"] = "page"
            style.addElement(ParagraphProperties(**props))
            text = {"fontsize": size, "color": color}
            if bold:
                text["fontweight"] = "bold"
            if italic:
                text["fontstyle"] = "italic"
            if family_font:
                text["fontfamily"] = family_font
            style.addElement(TextProperties(**text))
            doc.styles.addElement(style)
            return style

        def span(name: str, **text: str) -> Any:
            style = Style(name=name, family="text")
            style.addElement(TextProperties(**text))
            doc.automaticstyles.addElement(style)
            return style

        styles = {
            "title": para("Title", "24pt", bold=True, space="0.4cm", outline=1),
            "heading1": para("Heading_20_1", "16pt", bold=True, color="#1d4e89", outline=1),
            "heading2": para("Heading_20_2", "13pt", bold=True, outline=2),
            "heading3": para("Heading_20_3", "11.5pt", bold=True, outline=3),
            "subtitle": para("Subtitle", "12pt", color="#5b6169"),
            "detail": para("Detail", "9pt", color="#5b6169"),
            "notice": para("Notice", "10pt", italic=True),
            "small": para("Small", "9pt", color="#5b6169"),
            "meta": para("Meta", "9pt", color="#5b6169", space="0cm"),
            "summary": para("Summary", "11pt", italic=True),
            "body": para("Text_20_body", "11pt"),
            "command": para("Command", "9pt", family_font=MONO_FONT),
            "break": para("PageBreak", "11pt", breaks=True),
            "redacted": span("Redacted", fontfamily=MONO_FONT, color="#4a5058",
                             backgroundcolor="#e8eaee"),
            "team": span("TeamOnly", backgroundcolor=TEAM_TINT),
            "source": span("Source", color="#1d4e89"),
            "label": span("Label", fontweight="bold"),
            "cell": para("TableCell", "9.5pt", space="0cm"),
            "cell_head": para("TableHead", "9.5pt", bold=True, space="0cm"),
        }
        layout = PageLayout(name="Page")
        layout.addElement(PageLayoutProperties(pagewidth="21cm", pageheight="29.7cm",
                                               margin="2cm", printorientation="portrait"))
        doc.automaticstyles.addElement(layout)
        master = MasterPage(name="Standard", pagelayoutname=layout)
        header, footer = Header(), Footer()
        header.addElement(P(stylename=styles["small"], text=f"{brief.marking()}    {title}"))
        footer.addElement(P(stylename=styles["small"], text=brief.footer()))
        master.addElement(header)
        master.addElement(footer)
        doc.masterstyles.addElement(master)
        return styles

    def block(self, doc: Any, block: Block, *, page_break: bool = False) -> None:
        from odf import teletype
        from odf.text import H, P, Span

        st = self.styles
        if block.kind == "table":
            self.table(doc, block)
            return
        if page_break:
            doc.text.addElement(P(stylename=st["break"]))
            return
        if block.kind in _LEVEL:
            el = H(outlinelevel=_LEVEL[block.kind], stylename=st[block.kind])
        else:
            el = P(stylename=st[block.kind])
        for run in block.runs:
            if run.kind == "text" or (run.kind == "team" and not run.text.strip()):
                teletype.addTextToElement(el, run.text)
            else:
                piece = Span(stylename=st[run.kind])
                teletype.addTextToElement(piece, run.text)
                el.addElement(piece)
        doc.text.addElement(el)

    def table(self, doc: Any, block: Block) -> None:
        from odf import teletype
        from odf.table import Table, TableCell, TableColumn, TableRow
        from odf.text import P

        width = max(len(r) for r in block.rows)
        table = Table()
        table.addElement(TableColumn(numbercolumnsrepeated=width))
        for number, row in enumerate(block.rows):
            tr = TableRow()
            for text in (*row, *("",) * (width - len(row))):
                cell = TableCell(valuetype="string")
                head = block.header and number == 0
                p = P(stylename=self.styles["cell_head" if head else "cell"])
                teletype.addTextToElement(p, text)
                cell.addElement(p)
                tr.addElement(cell)
            table.addElement(tr)
        doc.text.addElement(table)
        doc.text.addElement(P(stylename=self.styles["meta"]))

    def read_back(self, path: Path) -> ReadBack:
        return officexml.read_office(
            path,
            main_parts=("content.xml",),
            check_parts=("content.xml", "styles.xml"),
            count=officexml.count_odt_note_headings,
        )
