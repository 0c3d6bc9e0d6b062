"""File › Import notes: what to import (a JSON lines, CSV or REFI-QDA file, one Markdown
note, or a folder of Markdown notes), the kind for notes that do not say theirs, and a CSV's
column mapping (as ``import --map`` takes it). Only the choice is checked here (the format
from the name, the mapping's syntax); the file is read in the worker (ui/notes_import.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui import labels
from ui.geometry import fit_dialog
from ui.widgets import Banner, muted


@dataclass(frozen=True)
class ImportChoice:
    path: Path
    format: str  # influence_desk.importers.dispatch.ImportFormat's value
    kind: str
    mapping: str = ""


class ImportDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        from influence_desk.model import NoteKind

        super().__init__(parent)
        self.setObjectName("importDialog")
        self.setWindowTitle(self.tr("Import notes"))
        self._choice: ImportChoice | None = None
        outer = QVBoxLayout(self)
        form = QFormLayout()
        row = QHBoxLayout()
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("importPath")
        self.path_edit.setAccessibleName(self.tr("File or folder to import"))
        self.path_edit.textChanged.connect(self._path_changed)
        row.addWidget(self.path_edit, 1)
        self.file_button = QPushButton(self.tr("Choose a &file…"))
        self.file_button.clicked.connect(self._choose_file)
        row.addWidget(self.file_button)
        self.folder_button = QPushButton(self.tr("Choose a f&older…"))
        self.folder_button.clicked.connect(self._choose_folder)
        row.addWidget(self.folder_button)
        label = QLabel(self.tr("&Notes from:"))
        label.setBuddy(self.path_edit)  # Alt+N reaches the field, not the row's buttons
        form.addRow(label, row)
        self.format_label = muted()
        self.format_label.setObjectName("importFormat")
        form.addRow(self.format_label)
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("importKind")
        self.kind_combo.setAccessibleName(self.tr("Kind of the notes that name none"))
        for kind in NoteKind:
            self.kind_combo.addItem(labels.note_kind(kind), kind.value)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(NoteKind.DESK.value))
        form.addRow(self.tr("&Kind, where a note names none:"), self.kind_combo)
        self.mapping_edit = QLineEdit()
        self.mapping_edit.setObjectName("importMapping")
        self.mapping_edit.setAccessibleName(self.tr("CSV column mapping"))
        self.mapping_edit.setPlaceholderText("title=Headline, body=Text, date=When, tags=Keywords")
        form.addRow(self.tr("Column &mapping (CSV):"), self.mapping_edit)
        self.mapping_hint = muted(self.tr(
            "Note field=CSV column, separated by commas; fields: kind, title, body, summary, "
            "date, event, organisations, sources, tags. Empty: columns named like the fields."))
        form.addRow(self.mapping_hint)
        outer.addLayout(form)
        self.banner = Banner()
        self.banner.setObjectName("importBanner")
        outer.addWidget(self.banner)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = buttons.addButton(self.tr("&Import"),
                                               QDialogButtonBox.ButtonRole.AcceptRole)  # fmt: skip
        self.import_button.setObjectName("importButton")
        self.import_button.setDefault(True)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        self._path_changed()
        fit_dialog(self, 640, 300)

    def choice(self) -> ImportChoice | None:
        """What was chosen, once Import was pressed and the choice made sense."""
        return self._choice

    def _format_text(self, fmt: str) -> str:
        return {
            "jsonl": self.tr("JSON lines: one note per line, as another vault exports them."),
            "csv": self.tr("CSV: one note per row, columns mapped below."),
            "markdown": self.tr("Markdown: one note per file, front matter read."),
            "qdpx": self.tr("REFI-QDA project: one note per text source, codes as tags."),
        }[fmt]

    def _detected(self) -> str | None:
        from influence_desk.errors import BadInput
        from influence_desk.importers.dispatch import detect_format

        text = self.path_edit.text().strip()
        if not text:
            return None
        try:
            return str(detect_format(Path(text)))
        except BadInput:
            return None

    def _path_changed(self) -> None:
        fmt = self._detected()
        self.format_label.setText(self._format_text(fmt) if fmt else "")
        csv = fmt == "csv"
        self.mapping_edit.setEnabled(csv)
        self.mapping_hint.setVisible(csv)
        self.kind_combo.setEnabled(fmt not in (None, "jsonl"))
        self.banner.clear()

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import notes from a file"), self.path_edit.text(),
            self.tr("Notes (*.jsonl *.ndjson *.csv *.qdpx *.md);;All files (*)"),
        )  # fmt: skip
        if path:
            self.path_edit.setText(path)

    def _choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(
            self, self.tr("Import a folder of Markdown notes"), self.path_edit.text()
        )
        if path:
            self.path_edit.setText(path)

    def _accept(self) -> None:
        from influence_desk.errors import BadInput
        from influence_desk.importers.csv_notes import ColumnMap
        from influence_desk.importers.dispatch import detect_format
        from ui.tasks import user_message

        text = self.path_edit.text().strip()
        if not text:
            self.banner.show_message(Banner.PROBLEM, self.tr("Choose a file or a folder first."))
            return
        path = Path(text)
        try:
            fmt = str(detect_format(path))
            if not path.exists():
                raise BadInput("The import file does not exist.")
            mapping = self.mapping_edit.text().strip() if fmt == "csv" else ""
            ColumnMap.parse(mapping)  # its sentence now, not after the file was read
        except BadInput as exc:
            self.banner.show_message(Banner.PROBLEM, user_message(exc))
            return
        self._choice = ImportChoice(path, fmt, str(self.kind_combo.currentData()), mapping)
        self.accept()
