"""Which importer reads a path (``--from`` or the suffix; a folder is Markdown notes), and
the import itself through the Desk: all or nothing."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from influence_desk.desk import Desk
from influence_desk.desk.importing import FieldsToImport
from influence_desk.errors import BadInput
from influence_desk.importers.common import check_kind, read_text
from influence_desk.importers.csv_notes import ColumnMap, read_csv
from influence_desk.importers.markdown_notes import read_folder
from influence_desk.importers.qdpx_notes import read_qdpx
from influence_desk.progress import CancelFlag, ProgressCallback, no_progress

__all__ = ["ImportBatch", "ImportFormat", "detect_format", "import_path", "read_import",
           "read_items"]


class ImportFormat(StrEnum):
    JSONL = "jsonl"
    CSV = "csv"
    MARKDOWN = "markdown"
    QDPX = "qdpx"


_BY_SUFFIX = {
    ".jsonl": ImportFormat.JSONL,
    ".ndjson": ImportFormat.JSONL,
    ".csv": ImportFormat.CSV,
    ".qdpx": ImportFormat.QDPX,
    ".md": ImportFormat.MARKDOWN,
}


def detect_format(path: Path, given: str | None = None) -> ImportFormat:
    """The format named (``--from``), else a folder is Markdown notes, else the suffix."""
    if given:
        try:
            return ImportFormat(given.lower())
        except ValueError:
            raise BadInput("Import from jsonl, csv, markdown or qdpx.") from None
    if path.is_dir():
        return ImportFormat.MARKDOWN
    found = _BY_SUFFIX.get(path.suffix.lower())
    if found is None:
        raise BadInput("The import file must be .jsonl, .csv, .qdpx, .md or a folder of .md "
                       "files (or say which with --from).")  # fmt: skip
    return found


def read_items(
    path: Path,
    fmt: ImportFormat,
    *,
    mapping: str = "",
    kind: str = "desk",
    separator: str | None = None,
) -> list[FieldsToImport]:
    """The notes the file at ``path`` holds (not JSONL: the Desk reads that itself)."""
    kind = check_kind(kind)
    if fmt is ImportFormat.CSV:
        return read_csv(path, ColumnMap.parse(mapping), kind=kind, separator=separator or None)
    if mapping:
        raise BadInput("--map is for CSV files only.")
    if fmt is ImportFormat.MARKDOWN:
        return read_folder(path, kind=kind)
    if fmt is ImportFormat.QDPX:
        return read_qdpx(path, kind=kind)
    raise BadInput("JSON lines are imported line by line.")


@dataclass(frozen=True)
class ImportBatch:
    """What a path holds, read and parsed without the vault (the app reads it in a worker
    before it takes the vault): JSON lines as lines, anything else as notes."""

    lines: tuple[str, ...] = ()
    items: tuple[FieldsToImport, ...] = ()
    jsonl: bool = False

    def into(self, desk: Desk, *, progress: ProgressCallback = no_progress,
             cancel: CancelFlag | None = None) -> int:  # fmt: skip
        """Import every note (all or nothing); how many were imported."""
        if self.jsonl:
            return desk.import_jsonl(self.lines, progress=progress, cancel=cancel)
        return desk.import_fields(list(self.items), progress=progress, cancel=cancel)


def read_import(
    path: Path,
    *,
    given: str | None = None,
    mapping: str = "",
    kind: str = "desk",
    separator: str | None = None,
) -> ImportBatch:
    """The notes at ``path`` in the format named or found (``detect_format``)."""
    fmt = detect_format(path, given)
    if not path.exists():
        raise BadInput("The import file does not exist.")
    if fmt is ImportFormat.JSONL:
        if mapping:
            raise BadInput("--map is for CSV files only.")
        return ImportBatch(lines=tuple(read_text(path, "import file").splitlines()), jsonl=True)
    items = read_items(path, fmt, mapping=mapping, kind=kind, separator=separator)
    return ImportBatch(items=tuple(items))


def import_path(
    desk: Desk,
    path: Path,
    *,
    given: str | None = None,
    mapping: str = "",
    kind: str = "desk",
    separator: str | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
) -> int:
    """Import every note of ``path`` (all or nothing); how many were imported."""
    batch = read_import(path, given=given, mapping=mapping, kind=kind, separator=separator)
    return batch.into(desk, progress=progress, cancel=cancel)
