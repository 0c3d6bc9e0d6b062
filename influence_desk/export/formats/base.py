"""What an export format is: a rendering of one prepared document, and a reader of its own
output that the leak gate searches.

Every format renders the same ``PreparedDocument`` (``export.prepare``): the selection,
redaction, consent rules, review of unregistered names and furniture are decided once, before
any format sees the notes. A format only lays out what may be printed. Its ``read_back``
must not share the writer's code: it reads the finished file the way a recipient's tool
would (zipfile and lxml for office files, plain text for Markdown and JSON lines), so a
writer that puts something somewhere unexpected is still read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol, runtime_checkable

from influence_desk.export.prepare import PreparedDocument
from influence_desk.progress import CancelFlag, ProgressCallback

#: A format writes one file, or a folder of files (Markdown, one file per note).
OutputKind = Literal["file", "folder"]


@dataclass(frozen=True)
class ReadPart:
    """One piece of text read back from the output, and where it was (for the finding)."""

    text: str
    where: str
    #: The gate's check text must appear in this part: proof the reader saw it.
    needs_check_text: bool = False


@dataclass(frozen=True)
class ReadBack:
    """Everything the gate searches in one output, and how many units (pages, notes,
    lines) the reader found: the writer's count must match it."""

    parts: tuple[ReadPart, ...]
    units: int


@dataclass(frozen=True)
class Rendered:
    """What a format wrote: the units the reader must find again."""

    units: int


class Format(Protocol):
    """One export format. ``name`` is the CLI's ``--format`` value, ``suffix`` what the
    output's name must end in (a folder output has none)."""

    name: str
    suffix: str
    label: str
    output: OutputKind

    def render(
        self,
        prepared: PreparedDocument,
        out_path: Path,
        progress: Callable[[], None],
        cancel: CancelFlag | None,
    ) -> Rendered:
        """Write the document at ``out_path`` (a temporary file, or an empty temporary
        folder for a folder output). ``progress()`` once per note written."""
        ...

    def read_back(self, path: Path) -> ReadBack:
        """Read what was written with a reader the writer does not share."""
        ...


@dataclass(frozen=True)
class Writing:
    """One rendering under way: the document, where it goes (a temporary file, or an empty
    temporary folder), and the export's tick per note written (it checks the cancel flag)."""

    prepared: PreparedDocument
    path: Path
    note_written: Callable[[], None]
    cancel: CancelFlag | None

    def check(self) -> None:
        if self.cancel is not None:
            self.cancel.check()

    def write_bytes(self, data: bytes) -> None:
        with open(self.path, "wb") as fh:
            fh.write(data)


class FormatBase:
    """What the formats share: ``render`` (the ``Format`` protocol's) hands ``write`` one
    ``Writing``; a format writes one file unless it says otherwise."""

    name: str
    suffix: str
    label: str
    output: OutputKind = "file"

    def render(
        self,
        prepared: PreparedDocument,
        out_path: Path,
        progress: Callable[[], None],
        cancel: CancelFlag | None,
    ) -> Rendered:
        return self.write(Writing(prepared, out_path, progress, cancel))

    def write(self, job: Writing) -> Rendered:
        raise NotImplementedError

    def read_back(self, path: Path) -> ReadBack:
        raise NotImplementedError


@runtime_checkable
class OwnGate(Protocol):
    """A format whose leak gate reads more than ``read_back`` returns (the PDF: two text
    extractors, metadata, outline, annotations, images, every object of the file)."""

    def gate(
        self,
        path: Path,
        prepared: PreparedDocument,
        canary: str,
        *,
        progress: ProgressCallback,
        cancel: CancelFlag | None,
    ) -> int:
        """Raise ``LeakDetected`` for anything forbidden at ``path``; the pages checked."""
        ...


__all__ = [
    "Format", "FormatBase", "OutputKind", "OwnGate", "ProgressCallback", "ReadBack", "ReadPart",
    "Rendered", "Writing",
]
