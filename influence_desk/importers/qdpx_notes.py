"""Notes from a REFI-QDA project (``.qdpx``: QualCoder, MAXQDA, NVivo, ATLAS.ti, ours).

Each text source becomes a note: its name the title, its plain text the body. Codings become
tags: a code named like an Influence Industry term (its label in English or German, or its
slug) is that term, any other code a free tag of its name. Variables named Kind, Date,
Event or Organisations (any case; German too) fill those fields. A project we exported
also says which characters are the summary and which passages are team-only: those come
back as the summary and as team marks; its structural codes (summary, redaction) are not
tags. Other kinds of source (PDF, picture, audio, video) are skipped; a text kept outside
the project (a linked file) is refused, never read from the disk.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from influence_desk import textformat
from influence_desk.desk.importing import FieldsToImport
from influence_desk.errors import BadInput
from influence_desk.export.formats.qda_project import ORIGIN, PART_BREAK, SUMMARY
from influence_desk.export.prepare import NOTE_KIND_LABELS
from influence_desk.export.wording import LANGUAGES, Wording
from influence_desk.importers.common import normalise_date
from influence_desk.importers.qda_archive import PROJECT_NS, open_qdpx
from influence_desk.model import Mark, MarkLevel
from influence_desk.taxonomy import Taxonomy, load_taxonomy

MAX_SOURCES = 100_000
DOCUMENT_ENDINGS = frozenset({"txt", "docx", "doc", "odt", "rtf", "md", "html", "htm"})
_Q = f"{{{PROJECT_NS}}}"


def _words(*english: str) -> set[str]:
    """Each English word and its printed form in every export language, case folded."""
    return {Wording(lang)(e).casefold() for e in english for lang in LANGUAGES}


SUMMARY_NAMES = _words(SUMMARY)
TEAM_NAMES = _words("Team-only passage")
STRUCTURAL_NAMES = _words("Redacted passage") | SUMMARY_NAMES | TEAM_NAMES
VARIABLES = {
    "kind": _words("Kind"),
    "date": _words("Date"),
    "event": _words("Event"),
    "organisations": _words("Organisations", "Organisation") | {"organizations"},
}


@dataclass(frozen=True)
class _Code:
    name: str
    codable: bool


class _Reader:
    def __init__(self, root: Any, taxonomy: Taxonomy) -> None:
        self.ours = root.get("origin", "") == ORIGIN
        self.codes: dict[str, _Code] = {}
        for el in root.iter(f"{_Q}Code"):
            self.codes[el.get("guid", "").upper()] = _Code(
                el.get("name", "").strip(), el.get("isCodable", "true") == "true"
            )
        self.variables: dict[str, str] = {}
        for el in root.iter(f"{_Q}Variable"):
            name = el.get("name", "").strip().casefold()
            for key, names in VARIABLES.items():
                if name in names:
                    self.variables[el.get("guid", "").upper()] = key
        self.kinds: dict[str, str] = {}
        for lang in LANGUAGES:
            w = Wording(lang)
            for kind, label in NOTE_KIND_LABELS.items():
                self.kinds[w(label).casefold()] = kind.value
                self.kinds[kind.value] = kind.value
        # German labels of vocabulary terms: the note's own cleaning knows only English.
        self.terms: dict[str, str] = {}
        for lang in LANGUAGES:
            w = Wording(lang)
            for t in taxonomy:
                self.terms[w.tag(t.slug, t.label).casefold()] = t.slug

    def tag(self, code: _Code) -> str | None:
        if self.ours and code.name.casefold() in STRUCTURAL_NAMES:
            return None
        return self.terms.get(code.name.casefold(), code.name) or None


def _codings(el: Any) -> Iterator[str]:
    for ref in el.iterfind(f"{_Q}Coding/{_Q}CodeRef"):
        yield ref.get("targetGUID", "").upper()


def _value(el: Any) -> str:
    for child in el:
        if isinstance(child.tag, str) and child.tag.startswith(_Q) and child.tag.endswith("Value"):
            return (child.text or "").strip()
    return ""


def read_qdpx(path: Path, *, kind: str = "desk", taxonomy: Taxonomy | None = None
              ) -> list[FieldsToImport]:  # fmt: skip
    """Every text source of the project at ``path`` as the fields of a note."""
    items: list[FieldsToImport] = []
    with open_qdpx(path) as archive:
        reader = _Reader(archive.root, taxonomy or load_taxonomy())
        sources = list(archive.root.iter(f"{_Q}TextSource"))
        if len(sources) > MAX_SOURCES:
            raise BadInput(f"The project has more than {MAX_SOURCES:,} text sources; split it.")
        for number, src in enumerate(sources, start=1):
            where = f"Text source {number} of the project"
            text = _source_text(archive, src, where)
            items.append(FieldsToImport(where, _fields(reader, src, text, kind, where)))
    if not items:
        raise BadInput("The project has no text sources to import.")
    return items


def _source_text(archive: Any, src: Any, where: str) -> str:
    content = src.find(f"{_Q}PlainTextContent")
    if content is not None:
        return content.text or ""
    path = src.get("plainTextPath", "")
    if not path.startswith("internal://"):
        raise BadInput(f"{where} keeps its text outside the project (a linked file); "
                       "export the project with its texts inside.")  # fmt: skip
    name = path[len("internal://"):]
    member = next((m for m in (f"sources/{name}", name) if archive.has(m)), f"sources/{name}")
    try:
        return str(archive.read(member).decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise BadInput(f"{where}: its text is not UTF-8.") from None


def _title(name: str) -> str:
    """A source's name as a note's title: QualCoder and others name a source after the file
    it came from ("interview 3.docx"); the ending says nothing."""
    name = name.strip()
    stem, dot, ending = name.rpartition(".")
    if dot and stem.strip() and ending.lower() in DOCUMENT_ENDINGS:
        return stem.strip()
    return name


def _fields(reader: _Reader, src: Any, text: str, kind: str, where: str) -> dict[str, Any]:
    tags: list[str] = []
    summary_end = 0
    team: list[tuple[int, int]] = []
    for code_guid in _codings(src):
        code = reader.codes.get(code_guid)
        if code is not None and (tag := reader.tag(code)):
            tags.append(tag)
    for sel in src.iterfind(f"{_Q}PlainTextSelection"):
        try:
            start, end = int(sel.get("startPosition", "")), int(sel.get("endPosition", ""))
        except ValueError:
            raise BadInput(f"{where}: a coded segment has no valid position.") from None
        if not 0 <= start <= end <= len(text):
            raise BadInput(f"{where}: a coded segment lies outside its text.")
        for code_guid in _codings(sel):
            code = reader.codes.get(code_guid)
            if code is None:
                continue
            name = code.name.casefold()
            if reader.ours and name in SUMMARY_NAMES and start == 0:
                summary_end = max(summary_end, end)
            elif reader.ours and name in TEAM_NAMES:
                team.append((start, end))
            elif tag := reader.tag(code):
                tags.append(tag)
    summary, body, offset = "", text, 0
    # Only a body holds marks: a team passage in the summary keeps the text whole, so that
    # the passage stays marked (unmarked, a public export would print it).
    if summary_end and not any(a < summary_end + len(PART_BREAK) for a, _ in team):
        summary = text[:summary_end]
        rest = text[summary_end:]
        offset = summary_end + (len(PART_BREAK) if rest.startswith(PART_BREAK) else 0)
        body = text[offset:]
    marks = [Mark(a - offset, b - offset, MarkLevel.TEAM) for a, b in team if a >= offset]
    fields: dict[str, Any] = {
        "kind": kind, "title": _title(src.get("name", "")) or where,
        "summary": summary, "body": textformat.format_inline(body, marks),
        "tags": list(dict.fromkeys(tags)),
    }  # fmt: skip
    for vv in src.iterfind(f"{_Q}VariableValue"):
        ref = vv.find(f"{_Q}VariableRef")
        key = reader.variables.get(ref.get("targetGUID", "").upper()) if ref is not None else None
        value = _value(vv)
        if key is None or not value:
            continue
        if key == "kind":
            fields["kind"] = reader.kinds.get(value.casefold(), kind)
        elif key == "date":
            fields["day"] = normalise_date(value)
        elif key == "event":
            fields["event"] = value
        elif key == "organisations":
            fields["organisations"] = [o.strip() for o in value.split(";") if o.strip()]
    return fields
