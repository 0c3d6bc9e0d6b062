"""The export dialog's format choice: PDF (the default, with its preview), DOCX, ODT,
Markdown as one document or as a folder with one file per note, JSON lines for another
vault, a REFI-QDA project or its codebook alone for qualitative-analysis tools: every
format ``export --format`` offers (a test compares the two lists). The core decides
everything else (export.formats); this module only names the formats in the interface's
words, says what the save dialog asks for, and which formats a profile allows (JSON lines
and REFI-QDA need note text: not for the audit report)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QComboBox, QFileDialog, QWidget

from ui.i18n import translate as _t


@dataclass(frozen=True)
class FormatOption:
    key: str  # the combo's data: "pdf", "docx", …, "md-per-note", "jsonl", "qdpx", "qdc"
    export_format: str  # export --format
    md_layout: str
    suffix: str  # "" for a folder
    label: str  # source text, translated in context "ExportFormat"
    filter: str
    needs_note_text: bool = False


OPTIONS: tuple[FormatOption, ...] = (
    FormatOption("pdf", "pdf", "single", ".pdf",
                 str(QT_TRANSLATE_NOOP("ExportFormat", "PDF document")),
                 str(QT_TRANSLATE_NOOP("ExportFormat", "PDF files (*.pdf)"))),
    FormatOption("docx", "docx", "single", ".docx",
                 str(QT_TRANSLATE_NOOP("ExportFormat", "Word document (DOCX)")),
                 str(QT_TRANSLATE_NOOP("ExportFormat", "Word documents (*.docx)"))),
    FormatOption("odt", "odt", "single", ".odt",
                 str(QT_TRANSLATE_NOOP("ExportFormat", "OpenDocument text (ODT)")),
                 str(QT_TRANSLATE_NOOP("ExportFormat", "OpenDocument texts (*.odt)"))),
    FormatOption("md", "md", "single", ".md",
                 str(QT_TRANSLATE_NOOP("ExportFormat", "Markdown, one document")),
                 str(QT_TRANSLATE_NOOP("ExportFormat", "Markdown files (*.md)"))),
    FormatOption("md-per-note", "md", "per-note", "",
                 str(QT_TRANSLATE_NOOP(
                     "ExportFormat", "Markdown, a folder with one file per note")),
                 ""),
    FormatOption("jsonl", "jsonl", "single", ".jsonl",
                 str(QT_TRANSLATE_NOOP(
                     "ExportFormat", "JSON lines, to import into another vault")),
                 str(QT_TRANSLATE_NOOP("ExportFormat", "JSON lines (*.jsonl)")),
                 needs_note_text=True),
    FormatOption("qdpx", "qdpx", "single", ".qdpx",
                 str(QT_TRANSLATE_NOOP(
                     "ExportFormat", "REFI-QDA project (QualCoder, MAXQDA, NVivo, ATLAS.ti)")),
                 str(QT_TRANSLATE_NOOP("ExportFormat", "REFI-QDA projects (*.qdpx)")),
                 needs_note_text=True),
    FormatOption("qdc", "qdc", "single", ".qdc",
                 str(QT_TRANSLATE_NOOP("ExportFormat", "REFI-QDA codebook alone")),
                 str(QT_TRANSLATE_NOOP("ExportFormat", "REFI-QDA codebooks (*.qdc)")),
                 needs_note_text=True),
)
BY_KEY = {o.key: o for o in OPTIONS}


def format_combo() -> QComboBox:
    combo = QComboBox()
    combo.setObjectName("exportFormat")
    combo.setAccessibleName(_t("ExportFormat", "Export format"))
    for option in OPTIONS:
        combo.addItem(_t("ExportFormat", option.label), option.key)
    return combo


def chosen(combo: QComboBox) -> FormatOption:
    return BY_KEY.get(str(combo.currentData() or "pdf"), OPTIONS[0])


def allow_for_profile(combo: QComboBox, has_note_text: bool, *,
                      between_vaults: bool = False) -> None:  # fmt: skip
    """Formats a profile cannot fill are greyed out (JSON lines, REFI-QDA of the audit
    report); the internal profile, for another vault of the team, is JSON lines only."""
    model = combo.model()
    assert isinstance(model, QStandardItemModel)

    def allowed(option: FormatOption) -> bool:
        if between_vaults:
            return option.key == "jsonl"
        return has_note_text or not option.needs_note_text

    for row, option in enumerate(OPTIONS):
        item = model.item(row)
        if item is not None:
            item.setEnabled(allowed(option))
    if not allowed(chosen(combo)):
        first = next(row for row, option in enumerate(OPTIONS) if allowed(option))
        combo.setCurrentIndex(first)


def file_name(option: FormatOption, profile_key: str, builtin: bool,
              today: date | None = None) -> str:  # fmt: skip
    """Never anything from a note, a source or a title: the profile and the date only."""
    day = (today or date.today()).isoformat()
    kind = profile_key if builtin else "custom"
    return f"influence-desk-{kind}-{day}{option.suffix}"


def ask_path(parent: QWidget, option: FormatOption, suggested: Path) -> Path | None:
    """The save dialog for ``option``; the right ending added if it was left off."""
    title = _t("ExportFormat", "Save the export as")
    if not option.suffix:
        title = _t("ExportFormat", "Name a new folder for the notes")
    chosen_name, _ = QFileDialog.getSaveFileName(
        parent, title, str(suggested), _t("ExportFormat", option.filter) if option.filter else ""
    )
    if not chosen_name:
        return None
    path = Path(chosen_name)
    if option.suffix and path.suffix.lower() != option.suffix:
        path = path.with_name(path.name + option.suffix)
    return path


def done_text(option: FormatOption) -> str:
    """The progress line while it runs."""
    if option.key == "pdf":
        return _t("ExportDialog", "Building, rendering and checking the PDF for leaks…")
    return _t("ExportFormat", "Building, writing and checking the file for leaks…")


def open_text(option: FormatOption) -> str:
    if option.key == "pdf":
        return _t("ExportDialog", "&Open in PDF viewer")
    if not option.suffix:
        return _t("ExportFormat", "&Open the folder")
    return _t("ExportFormat", "&Open the file")


def remove_output(path: Path) -> None:
    """An export this dialog wrote and must not keep (cancelled late, not recorded): the
    file, or the folder of a Markdown export per note."""
    import contextlib
    import shutil

    with contextlib.suppress(OSError):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
