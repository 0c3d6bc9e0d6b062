"""Notes from a CSV file: one note per row, the columns mapped to note fields.

``--map title=Headline,body=Text,date=When,tags=Keywords`` says which column fills which
field; a field left unmapped is filled from a column of its own name (any case), if there
is one. List fields (tags, organisations, sources) are split on ``;`` (tags on ``,`` too),
or on the separator given. The delimiter (comma, semicolon or tab) is read from the header.
Errors name the line of the file where the bad row starts.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from influence_desk.desk.cleaning import MAX_TEXT
from influence_desk.desk.importing import FieldsToImport
from influence_desk.errors import BadInput
from influence_desk.importers.common import (
    LIST_FIELDS,
    NOTE_FIELDS,
    normalise_date,
    read_text,
    split_list,
)

MAX_ROWS = 1_000_000
MAX_FIELD = MAX_TEXT + 1  # a body may be as long as a note's text, and no longer


@dataclass(frozen=True)
class ColumnMap:
    """Note field -> CSV column header, as the user wrote it."""

    columns: Mapping[str, str]

    @classmethod
    def parse(cls, text: str) -> ColumnMap:
        """``title=Headline,body=Text``: one sentence for anything else."""
        columns: dict[str, str] = {}
        for part in (p for p in text.split(",") if p.strip()):
            fld, eq, column = part.partition("=")
            fld, column = fld.strip().lower(), column.strip()
            if not eq or not fld or not column:
                raise BadInput(f"The column mapping '{part.strip()}' must be written "
                               "field=Column.")  # fmt: skip
            if fld not in NOTE_FIELDS:
                raise BadInput(f"'{fld}' is not a note field; map one of: "
                               f"{', '.join(NOTE_FIELDS)}.")  # fmt: skip
            if fld in columns:
                raise BadInput(f"The note field '{fld}' is mapped twice.")
            columns[fld] = column
        return cls(columns)


def _dialect(sample: str) -> type[csv.Dialect] | csv.Dialect:
    header = sample.split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(header, delimiters=",;\t")
    except csv.Error:
        return csv.excel


def _columns(header: Sequence[str], mapping: ColumnMap) -> dict[str, int]:
    """Note field -> column index."""
    names = [h.strip() for h in header]
    folded = {n.casefold(): i for i, n in reversed(list(enumerate(names)))}
    out: dict[str, int] = {}
    for fld, column in mapping.columns.items():
        if column.casefold() not in folded:
            raise BadInput(f"The CSV file has no column '{column}' (mapped to {fld}).")
        out[fld] = folded[column.casefold()]
    for fld in NOTE_FIELDS:
        if fld not in out and fld in folded:
            out[fld] = folded[fld]
    if "title" not in out:
        raise BadInput("The CSV file has no title column; map one with --map title=COLUMN.")
    return out


def read_csv(
    path: Path,
    mapping: ColumnMap = ColumnMap({}),
    *,
    kind: str = "desk",
    separator: str | None = None,
) -> list[FieldsToImport]:
    """Every row of the CSV at ``path`` as the fields of a note (nothing is written)."""
    text = read_text(path, "CSV file")
    old_limit = csv.field_size_limit(MAX_FIELD)
    try:
        return _rows(text, mapping, kind, separator)
    finally:
        csv.field_size_limit(old_limit)


def _rows(text: str, mapping: ColumnMap, kind: str, separator: str | None) -> list[FieldsToImport]:
    reader = csv.reader(io.StringIO(text, newline=""), _dialect(text[:65536]))
    start = 1
    try:
        header = next(reader, None)
        if header is None or not any(h.strip() for h in header):
            raise BadInput("The CSV file is empty: it needs a header row and one row per note.")
        columns = _columns(header, mapping)
        items: list[FieldsToImport] = []
        start = reader.line_num + 1
        for row in reader:
            where = f"Line {start}"
            start = reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header):
                raise BadInput(f"{where} has more fields than the header.")
            if len(items) >= MAX_ROWS:
                raise BadInput(f"The CSV file has more than {MAX_ROWS:,} rows; split it.")
            items.append(FieldsToImport(where, _fields(row, columns, kind, separator)))
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise BadInput(f"Line {start}: a field is longer than a note may be "
                           f"({MAX_TEXT:,} characters).") from None  # fmt: skip
        raise BadInput(f"Line {start} is not valid CSV ({exc}).") from None
    if not items:
        raise BadInput("The CSV file has a header but no notes.")
    return items


def _fields(
    row: Sequence[str], columns: Mapping[str, int], kind: str, separator: str | None
) -> dict[str, Any]:
    def cell(fld: str) -> str:
        i = columns.get(fld)
        return row[i] if i is not None and i < len(row) else ""

    out: dict[str, Any] = {"kind": cell("kind").strip().lower() or kind,
                           "title": cell("title").strip()}  # fmt: skip
    for fld in ("body", "summary"):
        out[fld] = cell(fld)
    if cell("event").strip():
        out["event"] = cell("event").strip()
    if cell("date").strip():
        out["day"] = normalise_date(cell("date"))
    for fld in sorted(LIST_FIELDS):
        seps = [separator] if separator else ([";", ","] if fld == "tags" else [";"])
        out[fld] = split_list(cell(fld), seps)
    return out
