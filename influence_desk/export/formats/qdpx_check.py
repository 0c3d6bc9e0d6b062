"""The reader the leak gate uses for REFI-QDA files: read the written file back with zipfile
and lxml (the writer uses ElementTree), prove it is what the standard says, and return every
string in it for the gate (``textgate.check_read_back``) to search.

Read: every member name, every element text and attribute of ``project.qde`` (or of the
``.qdc``), and every source text, strictly as UTF-8. Proved: the document is valid against
the REFI-QDA schema (resources/refi-qda), every text source's ``internal://`` path leads to
a member and every member is led to, every selection lies inside its text; the gate then
checks that there are as many text sources as notes written and that the check text (the
checkpoint, in the project's description or the codebook's comment) was read. Anything
else stops the export like a leak: a file the gate cannot read completely is a file it
cannot vouch for.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from influence_desk.errors import BadInput, LeakDetected
from influence_desk.importers.qda_archive import (
    PROJECT_NS,
    open_qdpx,
    read_codebook,
    schema_errors,
)

INTERNAL = "internal://"


def _unverifiable(reason: str) -> LeakDetected:
    return LeakDetected(
        f"The leak gate could not verify the export ({reason}); the file was deleted."
    )


def _strings(root: Any) -> Iterator[str]:
    """Every attribute value and text of the document, comments included."""
    for el in root.iter():
        if isinstance(el.tag, str):
            yield from el.attrib.values()
        if el.text:
            yield el.text
        if el.tail and el.tail.strip():
            yield el.tail


@dataclass(frozen=True)
class ReadText:
    """One text read back, where it was, and whether the check text must be in it."""

    where: str
    text: str
    carries_check: bool = False


@dataclass(frozen=True)
class QdaReadBack:
    texts: tuple[ReadText, ...]
    units: int  # text sources of a project; 1 for a codebook


def qdpx_texts(path: Path) -> QdaReadBack:
    """Everything readable in the ``.qdpx`` at ``path``."""
    try:
        archive = open_qdpx(path)
    except BadInput as exc:
        raise _unverifiable("the written project could not be read back") from exc
    with archive:
        if schema_errors(archive.root, "Project.xsd"):
            raise _unverifiable("the project is not valid against the REFI-QDA schema")
        texts = [ReadText("in the names of the files in the project", "\n".join(archive.names)),
                 ReadText("in project.qde", "\n".join(_strings(archive.root)), True)]  # fmt: skip
        led_to = {"project.qde"}
        sources = list(archive.root.iter(f"{{{PROJECT_NS}}}TextSource"))
        for number, src in enumerate(sources, start=1):
            where = src.get("plainTextPath", "")
            if not where.startswith(INTERNAL):
                raise _unverifiable(f"text source {number} has no text inside the project")
            member = "sources/" + where[len(INTERNAL):]
            led_to.add(member)
            try:
                text = archive.read(member).decode("utf-8")
            except (BadInput, UnicodeDecodeError) as exc:
                raise _unverifiable(f"the text of source {number} could not be read") from exc
            for sel in src.iter(f"{{{PROJECT_NS}}}PlainTextSelection"):
                start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
                if not 0 <= start <= end <= len(text):
                    raise _unverifiable(f"a coded segment lies outside source {number}")
            texts.append(ReadText(f"in the text of source {number}", text))
        if set(archive.names) != led_to:
            raise _unverifiable("the project holds a file no source refers to")
        raw = archive.read("project.qde").decode("utf-8", errors="replace")
        texts.append(ReadText("in project.qde", raw))
    return QdaReadBack(tuple(texts), len(sources))


def qdc_texts(path: Path) -> QdaReadBack:
    """Everything readable in the ``.qdc`` at ``path`` (comments included)."""
    try:
        data = path.read_bytes()
        root = read_codebook(data)
    except (BadInput, OSError) as exc:
        raise _unverifiable("the written codebook could not be read back") from exc
    if schema_errors(root, "Codebook.xsd"):
        raise _unverifiable("the codebook is not valid against the REFI-QDA schema")
    raw = data.decode("utf-8", errors="replace")
    return QdaReadBack((ReadText("in the codebook", "\n".join(_strings(root)), True),
                        ReadText("in the codebook", raw)), 1)  # fmt: skip
