"""Notes from a folder of Markdown files: one note per ``.md`` file (sub-folders too).

A file may start with front matter between ``---`` lines::

    ---
    title: Datapol booth
    date: 2026-03-12 14:35
    kind: booth
    tags: [voter files, geotargeting]
    event: Campaign Tech Europe
    organisations:
      - Datapol
    sources: [Amber Heron]
    summary: Sells voter-file matching.
    ---
    The body: everything after the front matter.

Only this small part of YAML is read (``key: value``, quoted values, ``[a, b]`` lists and
``- item`` lists): anything else is refused with the file and line named. Without a title
in the front matter, a first ``# Heading`` line is the title, else the file's name. Links
(symbolic) are refused: an import reads the files in the folder, nothing they point to.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from influence_desk.desk.importing import FieldsToImport
from influence_desk.errors import BadInput
from influence_desk.importers.common import (
    LIST_FIELDS,
    MAX_NOTE_FILE_BYTES,
    NOTE_FIELDS,
    normalise_date,
    read_text,
    split_list,
)

MAX_FILES = 100_000
_KEY_RE = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)\s*:(?:\s+(.*)|\s*)$")
_ITEM_RE = re.compile(r"^\s+-\s+(.*)$|^-\s+(.*)$")
_HEADING_RE = re.compile(r"^#\s+(.+?)\s*#*\s*$")


def markdown_files(folder: Path) -> list[Path]:
    """The folder's ``.md`` files, sub-folders included, hidden ones (``.git``) not; a
    link to a file or folder is refused, never followed."""
    if not folder.is_dir():
        raise BadInput("The Markdown import needs a folder of .md files or one .md file.")
    found: list[Path] = []
    for top, dirs, files in os.walk(folder, followlinks=False):
        here = Path(top)
        for d in list(dirs):
            if d.startswith("."):
                dirs.remove(d)
            elif (here / d).is_symlink():
                rel = (here / d).relative_to(folder).as_posix()
                raise BadInput(f"{rel} is a link; import the folder itself.")
        for f in files:
            path = here / f
            if f.startswith(".") or path.suffix.lower() != ".md":
                continue
            if path.is_symlink():
                rel = path.relative_to(folder).as_posix()
                raise BadInput(f"{rel} is a link; import the file itself.")
            found.append(path)
            if len(found) > MAX_FILES:
                raise BadInput(f"The folder holds more than {MAX_FILES:,} notes; split it.")
    if not found:
        raise BadInput("The folder holds no .md files.")
    return sorted(found)


def _scalar(raw: str, where: str) -> str:
    value = raw.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        inner = value[1:-1]
        return inner.replace("''", "'") if value[0] == "'" else inner.replace('\\"', '"')
    if value[:1] in "{&*!|>":
        raise BadInput(f"{where}: only plain values and lists are read in the front matter.")
    return value


def _inline_list(raw: str, where: str) -> list[str]:
    inner = raw.strip()[1:-1]
    items: list[str] = []
    for m in re.finditer(r'\s*("(?:[^"\\]|\\.)*"|\'(?:[^\']|\'\')*\'|[^,]*)\s*(?:,|$)', inner):
        piece = m.group(1)
        if piece.strip():
            items.append(_scalar(piece, where))
        if m.end() >= len(inner):
            break
    return items


def parse_front_matter(lines: list[str], name: str) -> dict[str, Any]:
    """``key: value`` lines (from after the opening ``---`` to before the closing one)."""
    out: dict[str, Any] = {}
    current: str | None = None
    for number, line in enumerate(lines, start=2):
        where = f"{name}, line {number}"
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        item = _ITEM_RE.match(line)
        if item and current is not None and isinstance(out.get(current), list):
            out[current].append(_scalar(item.group(1) or item.group(2) or "", where))
            continue
        m = _KEY_RE.match(line)
        if m is None:
            raise BadInput(f"{where}: the front matter must be written key: value.")
        key, raw = m.group(1).lower(), (m.group(2) or "")
        if key == "organizations":
            key = "organisations"
        if key not in NOTE_FIELDS:
            raise BadInput(f"{where}: '{key}' is not a note field; use one of: "
                           f"{', '.join(NOTE_FIELDS)}.")  # fmt: skip
        if key in out:
            raise BadInput(f"{where}: '{key}' is given twice.")
        current = key
        if not raw.strip():
            out[key] = []  # a block list may follow; an empty value stays empty
        elif raw.strip().startswith("["):
            if not raw.strip().endswith("]"):
                raise BadInput(f"{where}: a list opened with [ must close with ] on its line.")
            out[key] = _inline_list(raw, where)
        else:
            out[key] = _scalar(raw, where)
    return out


def read_note(path: Path, name: str, *, kind: str) -> FieldsToImport:
    text = read_text(path, f"file {name}", limit=MAX_NOTE_FILE_BYTES)
    lines = text.replace("\r\n", "\n").split("\n")
    meta: dict[str, Any] = {}
    body_lines = lines
    if lines and lines[0].strip() == "---":
        try:
            end = next(i for i, line in enumerate(lines[1:], start=1)
                       if line.strip() in ("---", "..."))  # fmt: skip
        except StopIteration:
            raise BadInput(f"{name}: the front matter opened with --- is never closed.") from None
        meta = parse_front_matter(lines[1:end], name)
        body_lines = lines[end + 1 :]
    fields: dict[str, Any] = {}
    for key, value in meta.items():
        if key in LIST_FIELDS:
            fields[key] = value if isinstance(value, list) else split_list(value, [","])
        elif isinstance(value, list):
            if value:
                raise BadInput(f"{name}: '{key}' must be one value, not a list.")
        elif value:
            fields["day" if key == "date" else key] = (
                normalise_date(value) if key == "date" else value
            )
    title = fields.get("title", "").strip()
    while body_lines and not body_lines[0].strip():
        body_lines = body_lines[1:]
    if not title and body_lines and (heading := _HEADING_RE.match(body_lines[0])):
        title = heading.group(1)
        body_lines = body_lines[1:]
    fields["title"] = title or path.stem
    fields["kind"] = str(fields.get("kind") or kind).strip().lower()
    fields["body"] = "\n".join(body_lines).strip("\n")
    return FieldsToImport(name, fields)


def read_folder(folder: Path, *, kind: str = "desk") -> list[FieldsToImport]:
    """Every Markdown note in ``folder``, or the one note a ``.md`` file holds (nothing is
    written)."""
    if folder.is_file() and folder.suffix.lower() == ".md" and not folder.is_symlink():
        return [read_note(folder, folder.name, kind=kind)]
    return [read_note(p, p.relative_to(folder).as_posix(), kind=kind)
            for p in markdown_files(folder)]  # fmt: skip
