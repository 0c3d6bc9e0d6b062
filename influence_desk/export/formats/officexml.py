"""The gate's reader for office packages (DOCX, ODT): zipfile and lxml, sharing nothing
with python-docx or odfpy. Every member of the package is read: each XML part's text
nodes, attribute values and comments (a name could hide in a style name, a bookmark, a
comment, a field instruction or a custom property), and the bytes of any other member as
text (images excepted). A part that does not parse fails the gate: it could hide anything.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

from lxml import etree

from influence_desk.export.formats.base import ReadBack, ReadPart

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_IMAGES = (".png", ".jpeg", ".jpg", ".gif", ".emf", ".wmf", ".bmp", ".tif", ".tiff")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True,
                          remove_blank_text=False)  # fmt: skip
_PARAGRAPHS = {f"{{{W}}}p", f"{{{TEXT}}}p", f"{{{TEXT}}}h", f"{{{TEXT}}}list-item"}
_BREAKS = {f"{{{W}}}br", f"{{{W}}}tab", f"{{{W}}}cr", f"{{{TEXT}}}line-break",
           f"{{{TEXT}}}tab", f"{{{TEXT}}}s"}  # fmt: skip

Count = Callable[[etree._Element], int]


class UnreadablePart(Exception):
    pass


def text_of(root: etree._Element) -> str:
    """The text a word processor shows: paragraphs on their own lines, breaks and tabs
    as spaces, everything else run together as it is laid out."""
    out: list[str] = []

    def walk(el: etree._Element) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _BREAKS:
            out.append(" ")
        if el.text and tag not in _BREAKS:
            out.append(el.text)
        for child in el:
            walk(child)
        if tag in _PARAGRAPHS:
            out.append("\n")
        if el.tail:
            out.append(el.tail)

    walk(root)
    return "".join(out)


def everything_in(root: etree._Element) -> str:
    """Attribute values and comments: what a word processor may not show but keeps."""
    bits: list[str] = []
    for el in root.iter():
        if isinstance(el, etree._Comment):
            bits.append(str(el.text or ""))
            continue
        bits.extend(str(v) for v in el.attrib.values())
    return " \n ".join(bits)


def read_office(
    path: Path,
    *,
    main_parts: Sequence[str],
    check_parts: Sequence[str],
    count: Count,
) -> ReadBack:
    parts: list[ReadPart] = []
    units = 0
    with zipfile.ZipFile(path) as package:
        for info in package.infolist():
            name = info.filename
            data = package.read(info)
            where = f"in {name}"
            if name.lower().endswith(_IMAGES):
                continue
            if name.endswith((".xml", ".rels")) or name == "mimetype":
                if name == "mimetype":
                    parts.append(ReadPart(data.decode("utf-8", errors="replace"), where))
                    continue
                try:
                    root = etree.fromstring(data, _PARSER)
                except etree.XMLSyntaxError as exc:
                    raise UnreadablePart(name) from exc
                needs = any(name.startswith(p) for p in check_parts)
                parts.append(ReadPart(text_of(root), where, needs_check_text=needs))
                parts.append(ReadPart(everything_in(root), where))
                if name in main_parts:
                    units += count(root)
            else:
                parts.append(ReadPart(data.decode("utf-8", errors="replace"), where))
    return ReadBack(tuple(parts), units)


def count_docx_note_headings(root: etree._Element) -> int:
    styles = root.iterfind(f".//{{{W}}}pPr/{{{W}}}pStyle")
    return sum(1 for s in styles if s.get(f"{{{W}}}val") == "Heading3")


def count_odt_note_headings(root: etree._Element) -> int:
    return sum(1 for h in root.iter(f"{{{TEXT}}}h")
               if h.get(f"{{{TEXT}}}outline-level") == "3")  # fmt: skip
