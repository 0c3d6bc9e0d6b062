"""What every importer shares: reading a file that may be hostile (size, encoding), the
note fields an import may fill, dates written the ways spreadsheets write them, lists."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from influence_desk.desk.cleaning import MAX_TEXT
from influence_desk.errors import BadInput

#: The fields of ``note add`` / an import line (DESIGN §9).
NOTE_FIELDS = ("kind", "title", "body", "summary", "date", "event", "organisations",
               "sources", "tags")  # fmt: skip
LIST_FIELDS = frozenset({"organisations", "sources", "tags"})
NOTE_KINDS = ("booth", "interview", "observation", "desk")
#: One file of an import (a CSV, one Markdown note): a note's text is at most MAX_TEXT.
MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_NOTE_FILE_BYTES = 4 * MAX_TEXT + 64 * 1024  # UTF-8 takes up to 4 bytes a character

_DATE_TIME_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(:\d{2})?$")


def read_text(path: Path, what: str, *, limit: int = MAX_FILE_BYTES) -> str:
    """The file as text: UTF-8 (a byte-order mark is dropped), within ``limit`` bytes.
    A byte that is not UTF-8 is named by its line."""
    try:
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
    except IsADirectoryError:
        raise BadInput(f"The {what} is a folder, not a file.") from None
    except OSError:
        raise BadInput(f"The {what} cannot be read.") from None
    if len(data) > limit:
        raise BadInput(f"The {what} is larger than {limit // (1024 * 1024)} MB; split it.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise BadInput(
            f"The {what} is not UTF-8 text (line {line}); save it as UTF-8 and import again."
        ) from None


def normalise_date(value: str) -> str:
    """``2026-03-12 14:35`` (as spreadsheets write it) as ``2026-03-12T14:35``; other
    spellings are left for the note's own check to refuse."""
    value = value.strip()
    m = _DATE_TIME_RE.match(value)
    if m:
        return f"{m.group(1)}T{m.group(2)}{m.group(3) or ''}"
    return value


def split_list(value: str, separators: Sequence[str]) -> list[str]:
    parts = [value]
    for sep in separators:
        parts = [piece for part in parts for piece in part.split(sep)]
    return [p.strip() for p in parts if p.strip()]


def check_kind(value: str) -> str:
    kind = value.strip().lower()
    if kind not in NOTE_KINDS:
        raise BadInput("The kind of the imported notes must be booth, interview, observation "
                       "or desk.")  # fmt: skip
    return kind
