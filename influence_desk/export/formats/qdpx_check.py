"""The leak gate for REFI-QDA files: read the written file back with zipfile and lxml (the
writer uses ElementTree), prove it is what the standard says, and search every string in it.

Read: every member name, every element text and attribute of ``project.qde`` (or of the
``.qdc``), and every source text, strictly as UTF-8. Proved: the document is valid against
the REFI-QDA schema (resources/refi-qda), every text source's ``internal://`` path leads to
a member and every member is led to, every selection lies inside its text, the number of
text sources is the number of notes exported, and the check text (the checkpoint, in the
project's description) is read back. Anything else stops the export like a leak: a file
the gate cannot read completely is a file it cannot vouch for.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from influence_desk.errors import BadInput, LeakDetected
from influence_desk.export.gate import Needle, _Searcher
from influence_desk.export.identities import IdentityCheck
from influence_desk.export.textnorm import compact, fold
from influence_desk.importers.qda_archive import (
    CODEBOOK_NS,
    PROJECT_NS,
    local,
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


def qdpx_texts(path: Path, expected_sources: int) -> list[tuple[str, str]]:
    """(where, text) for everything readable in the ``.qdpx`` at ``path``."""
    try:
        archive = open_qdpx(path)
    except BadInput as exc:
        raise _unverifiable("the written project could not be read back") from exc
    with archive:
        if schema_errors(archive.root, "Project.xsd"):
            raise _unverifiable("the project is not valid against the REFI-QDA schema")
        texts = [("in the names of the files in the project", "\n".join(archive.names)),
                 ("in project.qde", "\n".join(_strings(archive.root)))]  # fmt: skip
        led_to = {"project.qde"}
        sources = list(archive.root.iter(f"{{{PROJECT_NS}}}TextSource"))
        if len(sources) != expected_sources:
            raise _unverifiable("the project does not hold every exported note")
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
            texts.append((f"in the text of source {number}", text))
        if set(archive.names) != led_to:
            raise _unverifiable("the project holds a file no source refers to")
        raw = archive.read("project.qde").decode("utf-8", errors="replace")
        texts.append(("in project.qde", raw))
    return texts


def qdc_texts(path: Path) -> list[tuple[str, str]]:
    try:
        root = read_codebook(path.read_bytes())
    except (BadInput, OSError) as exc:
        raise _unverifiable("the written codebook could not be read back") from exc
    if local(root.tag) != "CodeBook" or root.tag != f"{{{CODEBOOK_NS}}}CodeBook":
        raise _unverifiable("the codebook is not a REFI-QDA codebook")
    if schema_errors(root, "Codebook.xsd"):
        raise _unverifiable("the codebook is not valid against the REFI-QDA schema")
    raw = path.read_bytes().decode("utf-8", errors="replace")
    return [("in the codebook", "\n".join(_strings(root))), ("in the codebook", raw)]


def check_texts(
    texts: list[tuple[str, str]],
    needles: tuple[Needle, ...],
    identities: IdentityCheck | None,
    canary: str | None,
) -> None:
    """``LeakDetected`` if a needle or a registered identity is in any text, or if the
    check text ``canary`` (when given) is in none of them."""
    if canary is not None and not any(
        fold(canary) in compact(fold(text)) or fold(canary) in fold(text) for _, text in texts
    ):
        raise _unverifiable("the check text was not read back")
    searcher = _Searcher(needles, canary or "\ue000", identities)
    for where, text in texts:
        searcher.scan(text, where)
    searcher.finish()
    if searcher.findings:
        first = searcher.findings[0]
        more = len(searcher.findings) - 1
        tail = f" (and {more} more finding{'s' if more != 1 else ''})" if more else ""
        raise LeakDetected(
            f"The export was stopped and the file deleted: {first.kind} appears "
            f"{first.where}{tail}."
        )
