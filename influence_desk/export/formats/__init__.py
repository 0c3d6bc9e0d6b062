"""Export formats: each a rendering of the one prepared document (``export.prepare``),
read back by a reader the writer does not share and checked by the same leak gate.

``FORMATS`` names them as ``export --format`` does; ``get_format`` adds the options a format
takes (Markdown's layout). Every format, the default PDF included, goes through
``writing.export_document`` (``export_pdf`` is that path with ``PdfFormat``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from influence_desk.errors import BadInput
from influence_desk.export.formats.base import Format, ReadBack, ReadPart, Rendered

DEFAULT_FORMAT = "pdf"
MD_LAYOUTS: tuple[str, ...] = ("single", "per-note")

_Factory = Callable[[str], Format]


def _pdf(md_layout: str) -> Format:
    from influence_desk.export.formats.pdf import PdfFormat

    return PdfFormat()


def _docx(md_layout: str) -> Format:
    from influence_desk.export.formats.docx import DocxFormat

    return DocxFormat()


def _odt(md_layout: str) -> Format:
    from influence_desk.export.formats.odt import OdtFormat

    return OdtFormat()


def _md(md_layout: str) -> Format:
    from influence_desk.export.formats.markdown import MarkdownFormat

    return MarkdownFormat(per_note=md_layout == "per-note")


def _jsonl(md_layout: str) -> Format:
    from influence_desk.export.formats.jsonl import JsonlFormat

    return JsonlFormat()


def _qdpx(md_layout: str) -> Format:
    from influence_desk.export.formats.qdpx import QdpxFormat

    return QdpxFormat()


def _qdc(md_layout: str) -> Format:
    from influence_desk.export.formats.qdpx import QdcFormat

    return QdcFormat()


#: name -> factory, in the order the CLI and the app list them. Another module adds its
#: format with ``register_format`` (REFI-QDA: ``qdpx``, ``qdc``).
FORMATS: dict[str, _Factory] = {
    "pdf": _pdf,
    "docx": _docx,
    "odt": _odt,
    "md": _md,
    "jsonl": _jsonl,
    "qdpx": _qdpx,
    "qdc": _qdc,
}

#: What each format is called where a person chooses one (the app's list; English here,
#: the app translates).
FORMAT_LABELS: dict[str, str] = {
    "pdf": "PDF document",
    "docx": "Word document (DOCX)",
    "odt": "OpenDocument text (ODT)",
    "md": "Markdown",
    "jsonl": "JSON lines (for import into another vault)",
    "qdpx": "REFI-QDA project (QualCoder, MAXQDA, NVivo, ATLAS.ti)",
    "qdc": "REFI-QDA codebook",
}

#: The file name ending of each file format (a folder output has none).
SUFFIXES: dict[str, str] = {
    "pdf": ".pdf", "docx": ".docx", "odt": ".odt", "md": ".md", "jsonl": ".jsonl",
    "qdpx": ".qdpx", "qdc": ".qdc",
}


def register_format(name: str, factory: _Factory, *, label: str, suffix: str) -> None:
    FORMATS[name] = factory
    FORMAT_LABELS[name] = label
    SUFFIXES[name] = suffix


def format_names() -> tuple[str, ...]:
    return tuple(FORMATS)


def get_format(name: str, *, md_layout: str = "single") -> Format:
    if name not in FORMATS:
        raise BadInput(f"Unknown export format '{name}'; use one of: {', '.join(FORMATS)}.")
    if md_layout not in MD_LAYOUTS:
        raise BadInput("The Markdown layout is single or per-note.")
    return FORMATS[name](md_layout)


def check_out_path(fmt: Format, out: Path) -> None:
    """The output's name fits the format, before any work is done: one sentence if not."""
    from influence_desk.export.formats.writing import check_target

    check_target(fmt, out)


__all__ = [
    "DEFAULT_FORMAT",
    "FORMATS",
    "FORMAT_LABELS",
    "MD_LAYOUTS",
    "SUFFIXES",
    "Format",
    "ReadBack",
    "ReadPart",
    "Rendered",
    "check_out_path",
    "format_names",
    "get_format",
    "register_format",
]
