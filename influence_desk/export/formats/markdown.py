"""Markdown: one document with the PDF's structure, or a folder with one file per note
(YAML front matter: title, kind, date, event, organisations, sources, tags, profile,
vault and checkpoint) beside ``index.md`` (cover, sources, what was removed,
verification).

Note text is data, never markup: every character Markdown or HTML could act on is
backslash-escaped (``[`` ``]`` ``!`` ``<`` ``>`` ``&`` ``*`` ``_`` …, a line's leading
``-`` ``+`` or ``1.``, ``://`` and ``www.`` so no link is made), so a note cannot inject a
link, an image or raw HTML. The reader (``read_back``) is plain text: the file as written,
and the same text with the escapes undone (what a Markdown viewer shows).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from influence_desk.export.formats.base import (
    FormatBase,
    OutputKind,
    ReadBack,
    ReadPart,
    Rendered,
    Writing,
)
from influence_desk.export.formats.brief import Block, Brief, NoteBlocks, Run

INDEX = "index.md"

_ALWAYS = re.compile(r"([\\`*_{}\[\]<>#!|~&^=$])")
_LINE_START = re.compile(r"^(\s*)([-+]|\d+[.)])", re.MULTILINE)
_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def escape(text: str) -> str:
    """``text`` as literal Markdown text (CommonMark backslash escapes)."""
    out = _ALWAYS.sub(r"\\\1", text)
    out = out.replace("://", "\\://").replace("www.", "www\\.")
    # A line's leading spaces would make a code block; only after a line break (a run
    # in the middle of a line keeps its space).
    first, *rest = out.split("\n")
    out = "\n".join([first, *(line.lstrip() for line in rest)])
    return _LINE_START.sub(lambda m: m.group(1) + _escape_marker(m.group(2)), out)


def _escape_marker(marker: str) -> str:
    if marker in ("-", "+"):
        return "\\" + marker
    return marker[:-1] + "\\" + marker[-1]


def unescape(text: str) -> str:
    return _UNESCAPE.sub(r"\1", text)


def _runs(runs: Sequence[Run]) -> str:
    out: list[str] = []
    for i, run in enumerate(runs):
        if run.kind == "redacted":
            out.append(f"`{run.text}`")
            continue
        raw = run.text.lstrip() if i == 0 else run.text
        text = escape(raw).replace("\n", "\\\n")
        core = text.strip()
        if not core or run.kind not in ("team", "label"):
            out.append(text)
            continue
        # Delimiters hug the text (``==a ==`` is not a highlight); spaces stay outside.
        lead, tail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()):]
        mark = "==" if run.kind == "team" else "**"
        out.append(f"{lead}{mark}{core}{mark}{tail}")
    return "".join(out)


def _cell(text: str) -> str:
    return escape(text).replace("\n", " ")


def _table(block: Block) -> list[str]:
    rows = list(block.rows)
    if not rows:
        return []
    width = max(len(r) for r in rows)
    if block.header:
        head, body = rows[0], rows[1:]
    else:
        head, body = ("",) * width, rows  # a key-value table: an empty header row
    lines = ["| " + " | ".join(_cell(c) for c in head) + " |",
             "|" + "---|" * width]  # fmt: skip
    lines += ["| " + " | ".join(_cell(c) for c in r) + " |" for r in body]
    return [*lines, ""]


_PREFIX = {"heading1": "## ", "heading2": "### ", "heading3": "#### ", "title": "# "}


def render_blocks(blocks: Iterable[Block]) -> tuple[list[str], int]:
    """Markdown lines for ``blocks``, and the number of note headings (level 4)."""
    lines: list[str] = []
    notes = 0
    for block in blocks:
        if block.kind == "table":
            lines += _table(block)
            continue
        text = _runs(block.runs)
        if block.kind in _PREFIX:
            notes += block.kind == "heading3"
            lines += [_PREFIX[block.kind] + text.replace("\\\n", " "), ""]
        elif block.kind == "subtitle":
            lines += [f"**{text}**", ""]
        elif block.kind == "notice":
            lines += [f"> {text}", ""]
        elif block.kind in ("detail", "small"):
            lines += [f"*{text}*", ""]
        elif block.kind == "meta":
            lines.append(text + "  ")  # meta lines stay together, one per line
        elif block.kind == "command":
            lines += [f"`{block.text}`", ""]
        else:
            if lines and lines[-1].endswith("  "):
                lines.append("")
            lines += [text, ""]
    return lines, notes


class MarkdownFormat(FormatBase):
    name = "md"
    suffix = ".md"
    label = "Markdown"

    def __init__(self, *, per_note: bool = False) -> None:
        self.per_note = per_note
        self.output: OutputKind = "folder" if per_note else "file"

    def write(self, job: Writing) -> Rendered:
        brief = Brief(job.prepared)
        if not self.per_note:
            blocks = [*brief.cover(), *brief.blocks()]
            lines, notes = render_blocks(blocks)
            lines += ["---", "", escape(brief.footer()), ""]
            job.path.write_text("\n".join(lines), encoding="utf-8")
            for _ in range(notes):
                job.note_written()
            return Rendered(units=notes)
        index = [*brief.cover()]
        for _, title, level, build in brief.sections():
            if level == 0 and title != brief.w("Notes"):
                index.append(Block("heading1", (Run("text", title),)))
                index.extend(build())
        lines, _ = render_blocks(index)
        (job.path / INDEX).write_text("\n".join([*lines, escape(brief.footer()), ""]),
                                      encoding="utf-8")  # fmt: skip
        files = 1
        for number, item in enumerate(brief.notes(), start=1):
            job.check()
            (job.path / self.file_name(number, item)).write_text(
                self.note_file(brief, item), encoding="utf-8")
            files += 1
            job.note_written()
        return Rendered(units=files)

    @staticmethod
    def file_name(number: int, item: NoteBlocks) -> str:
        """Never anything typed: the note's place, kind and day (file names travel)."""
        return f"{number:04d}-{prepared_kind(item)}-{item.note.occurred_at:%Y-%m-%d}.md"

    def note_file(self, brief: Brief, item: NoteBlocks) -> str:
        note = item.note
        r = brief.request
        front = {
            "title": "".join(run.text for run in item.blocks[0].runs),
            "kind": note.kind_label,
            "date": note.when,
            "event": note.event,
            "organisations": list(note.organisations),
            "sources": list(note.sources),
            "tags": list(note.tags),
            "group": item.group.heading,
            "profile": brief.doc.profile_name,
            "vault": r.vault_fingerprint,
            "checkpoint": r.checkpoint,
        }
        # JSON strings are YAML strings: quoted, escaped, never a YAML tag or anchor.
        head = ["---", *(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in front.items()),
                "---", ""]  # fmt: skip
        lines, _ = render_blocks(item.blocks)
        return "\n".join([*head, *lines])

    def read_back(self, path: Path) -> ReadBack:
        parts: list[ReadPart] = []
        units = 0
        for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
            if file.is_dir():
                continue
            raw = file.read_bytes().decode("utf-8", errors="replace")
            where = f"in {file.name}" if path.is_dir() else "in the document"
            parts.append(ReadPart(raw, where, needs_check_text=True))
            parts.append(ReadPart(unescape(raw), where))
            if path.is_dir():
                units += 1
            else:
                units += sum(1 for line in raw.split("\n") if line.startswith("#### "))
        return ReadBack(tuple(parts), units)


def prepared_kind(item: NoteBlocks) -> str:
    """A file-name-safe word for the note's kind (its label, ASCII letters only)."""
    word = re.sub(r"[^a-z]+", "-", item.note.kind_label.casefold()).strip("-")
    return word or "note"
