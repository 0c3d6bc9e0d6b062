"""Export a redacted PDF: profile, which notes, title; then progress with Cancel; then the
file's preview (QtPdf) and what it holds. The leak gate runs inside the export: a file that
fails it is deleted and the dialog says so plainly, without the value it found."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ui import labels
from ui.export_folder import remember_folder, start_folder
from ui.export_format import (
    OPTIONS,
    allow_for_profile,
    ask_path,
    chosen,
    done_text,
    file_name,
    format_combo,
    open_text,
    remove_output,
)
from ui.export_profile_view import content_html, content_label
from ui.export_run import export_job, failure_message, summary_html
from ui.geometry import fit_dialog, scrolling
from ui.names_view import ExportNamesBox
from ui.pdf_preview import PdfPreview
from ui.tasks import Task, user_message
from ui.widgets import Banner, monospace, muted

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPdfWidgets import QPdfView

    from influence_desk.desk import NoteFilter
    from influence_desk.export import ExportResult
    from ui.session import Session

SCOPE_ALL, SCOPE_SEARCH, SCOPE_SELECTION = range(3)


@dataclass
class ScopeChoice:
    """What the main window can offer as "which notes"."""

    filter: NoteFilter | None = None
    filter_label: str = ""
    filter_count: int = 0
    query: str = ""
    query_count: int = 0
    selected_ids: list[str] = field(default_factory=list)


def default_file_name(profile_key: str, builtin: bool, today: date | None = None) -> str:
    """Never anything from a note, a source or a title: the profile and the date only."""
    return file_name(OPTIONS[0], profile_key, builtin, today)


def _remove_file(result: object) -> None:
    """An export that finished after the dialog was closed or the vault locked."""
    out = getattr(result, "out", None)
    if isinstance(out, Path):
        remove_output(out)


class ExportDialog(QDialog):
    def __init__(
        self,
        session: Session,
        scope: ScopeChoice,
        *,
        default_profile: str,
        documents: Path,
        copy_public: Callable[[str], None],
        on_exported: Callable[[], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle(self.tr("Export a redacted PDF"))
        self.session = session
        self.scope_choice = scope
        self.documents = documents
        self._copy_public = copy_public
        self._on_exported = on_exported
        self._task: Task | None = None
        self._cancel_requested = False
        self._profiles: dict[str, Any] = {}
        self._builtin: set[str] = set()
        self.export_result: ExportResult | None = None

        outer = QVBoxLayout(self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        outer.addWidget(self.splitter, 1)

        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 8, 0)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.profile_combo = QComboBox()
        self.profile_combo.setObjectName("exportProfile")
        self.profile_combo.setAccessibleName(self.tr("Export profile"))
        self.profile_combo.currentIndexChanged.connect(self._profile_changed)
        form.addRow(self.tr("&Profile:"), self.profile_combo)
        self.format_combo = format_combo()  # every format export --format offers
        self.format_combo.currentIndexChanged.connect(self._forget_result)
        form.addRow(self.tr("&Format:"), self.format_combo)
        self.profile_about = muted()
        self.profile_about.setMinimumWidth(320)
        form.addRow(self.profile_about)
        self.profile_content = content_label()  # printed / redacted / for whom, in plain words
        form.addRow(self.profile_content)
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("exportTitle")
        self.title_edit.setAccessibleName(self.tr("Title printed on the cover"))
        self.title_edit.setMaxLength(200)
        form.addRow(self.tr("&Title:"), self.title_edit)
        column.addLayout(form)

        scope_box = QGroupBox(self.tr("Which notes"))
        scope_layout = QVBoxLayout(scope_box)
        self.scope_group = QButtonGroup(self)
        self.scope_all = QRadioButton()
        self.scope_search = QRadioButton()
        self.scope_selection = QRadioButton()
        for number, button in enumerate((self.scope_all, self.scope_search, self.scope_selection)):
            self.scope_group.addButton(button, number)
            scope_layout.addWidget(button)
        column.addWidget(scope_box)
        self._fill_scope()
        self.scope_group.idToggled.connect(self._scope_toggled)
        self.names_box = ExportNamesBox(session)  # people named in these notes, to review
        column.addWidget(self.names_box)

        self.progress = QProgressBar()
        self.progress.setObjectName("exportProgress")
        self.progress.setAccessibleName(self.tr("Export progress"))
        self.progress.hide()
        self.progress_label = muted()
        self.progress_label.hide()
        column.addWidget(self.progress)
        column.addWidget(self.progress_label)

        self.banner = Banner()
        self.banner.setObjectName("exportBanner")
        column.addWidget(self.banner)

        self.summary = QFrame()
        self.summary.setObjectName("exportSummary")
        summary_layout = QVBoxLayout(self.summary)
        summary_layout.setContentsMargins(0, 0, 0, 0)
        self.summary_label = QLabel()
        self.summary_label.setObjectName("exportResult")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        summary_layout.addWidget(self.summary_label)
        cp_row = QHBoxLayout()
        cp_row.addWidget(QLabel(self.tr("Checkpoint:")))
        self.checkpoint_label = monospace(QLabel())
        self.checkpoint_label.setObjectName("exportCheckpoint")
        self.checkpoint_label.setWordWrap(True)
        self.checkpoint_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.checkpoint_label.setAccessibleName(self.tr("History checkpoint printed on the PDF"))
        cp_row.addWidget(self.checkpoint_label, 1)
        self.copy_button = QPushButton(self.tr("&Copy"))
        self.copy_button.setAccessibleName(self.tr("Copy the checkpoint"))
        self.copy_button.clicked.connect(self._copy_checkpoint)
        cp_row.addWidget(self.copy_button)
        summary_layout.addLayout(cp_row)
        self.open_button = QPushButton(self.tr("&Open in PDF viewer"))
        self.open_button.clicked.connect(self._open_file)
        summary_layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.summary.hide()
        column.addWidget(self.summary)
        column.addStretch(1)
        self.splitter.addWidget(scrolling(left))  # a small screen scrolls the form

        self.preview_holder = PdfPreview()
        self.splitter.addWidget(self.preview_holder)

        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(
            self.tr("&Export…"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.export_button.setObjectName("exportButton")
        self.export_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(
            self.tr("Cancel export"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.cancel_button.setObjectName("cancelExport")
        self.cancel_button.hide()
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.export_button.clicked.connect(self._export_clicked)
        self.cancel_button.clicked.connect(self.cancel_export)
        self.close_button.clicked.connect(self.reject)
        outer.addWidget(self.buttons)

        self._load_profiles(default_profile)
        self.setTabOrder(self.profile_combo, self.format_combo)
        self.setTabOrder(self.format_combo, self.title_edit)
        self.setTabOrder(self.title_edit, self.scope_all)
        self.resize(560, 420)

    # --- choices ----------------------------------------------------------------------------

    def _load_profiles(self, default_key: str) -> None:
        from influence_desk.export.profiles import BUILTIN_PROFILES
        from influence_desk.export.service import profiles

        try:
            with self.session.gui(timeout=2.0) as desk:
                found = profiles(desk)
        except Exception as exc:
            self.banner.show_message(Banner.PROBLEM, user_message(exc))
            found = dict(BUILTIN_PROFILES)
        if not self.session.can_reveal:
            # Without the identities the leak gate cannot look for names: audit report only.
            found = {k: p for k, p in found.items() if not p.include_note_text}
        self._profiles = found
        self._builtin = set(BUILTIN_PROFILES)
        self.profile_combo.blockSignals(True)
        for key, profile in found.items():
            self.profile_combo.addItem(labels.profile_name(key, profile.name), key)
        self.profile_combo.blockSignals(False)
        index = self.profile_combo.findData(default_key)
        self.profile_combo.setCurrentIndex(max(index, 0))
        self._profile_changed()

    def _profile_changed(self) -> None:
        key = self.profile_key()
        profile = self._profiles.get(key)
        if profile is None:
            return
        self._forget_result()
        self.profile_about.setText(labels.profile_description(key, profile.description))
        self.profile_content.setText(content_html(profile))
        allow_for_profile(self.format_combo, profile.include_note_text,
                          between_vaults=profile.between_vaults)
        self.title_edit.setPlaceholderText(
            self.tr("{}: field notes").format(labels.profile_name(key, profile.name))
        )
        self._review_names()

    def _review_names(self) -> None:
        profile = self._profiles.get(self.profile_key())
        if profile is not None and hasattr(self, "names_box"):
            self.names_box.show_for(profile, self.scope())

    def _fill_scope(self) -> None:
        s = self.scope_choice
        if s.filter_label:
            text = self.tr("All notes in “{}” ({})").format(s.filter_label, s.filter_count)
        else:
            text = self.tr("All notes ({})").format(s.filter_count)
        self.scope_all.setText(text)
        if s.query:
            self.scope_search.setText(
                self.tr("The current search “{}” ({} found)").format(s.query, s.query_count)
            )
        else:
            self.scope_search.setText(self.tr("The current search (type one first)"))
        self.scope_search.setEnabled(bool(s.query))
        count = len(s.selected_ids)
        self.scope_selection.setText(
            self.tr("The selected notes ({})").format(count) if count != 1
            else self.tr("The selected note")
        )  # fmt: skip
        self.scope_selection.setEnabled(count > 0)
        if s.query:
            self.scope_search.setChecked(True)
        elif count > 1:
            self.scope_selection.setChecked(True)
        else:
            self.scope_all.setChecked(True)

    def _scope_toggled(self, _id: int, checked: bool) -> None:
        if checked:
            self._forget_result()
            self._review_names()

    def profile_key(self) -> str:
        return str(self.profile_combo.currentData() or "")

    def scope(self) -> Any:
        from influence_desk.desk import NoteFilter
        from influence_desk.export.service import ExportScope

        s = self.scope_choice
        choice = self.scope_group.checkedId()
        if choice == SCOPE_SELECTION and s.selected_ids:
            return ExportScope(note_ids=tuple(s.selected_ids))
        note_filter = s.filter or NoteFilter()
        if choice == SCOPE_SEARCH and s.query:
            return ExportScope(query=s.query, filter=note_filter)
        return ExportScope(filter=note_filter)

    # --- exporting --------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._task is not None and self._task.running

    def _export_clicked(self) -> None:
        path = self.ask_path()
        if path is not None:
            self.start_export(path)

    def ask_path(self) -> Path | None:
        key = self.profile_key()
        option = chosen(self.format_combo)
        # The last export's folder, else documents or home: never the working folder.
        suggested = start_folder(self.documents) / file_name(option, key, key in self._builtin)
        path = ask_path(self, option, suggested)
        if path is None or not self.isVisible():
            return None  # cancelled, or the vault locked while the file dialog was open
        return path

    def start_export(self, out: Path) -> None:
        if self.running:
            return
        option = chosen(self.format_combo)
        job = export_job(self.session, self.profile_key(), out, self.scope(),
                         self.title_edit.text().strip(), export_format=option.export_format,
                         md_layout=option.md_layout)  # fmt: skip
        self._cancel_requested = False
        self.export_result = None
        self.banner.clear()
        self.summary.hide()
        self._close_preview()
        self._set_running(True)

        # The vault is held only to build the request and to record the export (export_run).
        self._task = Task(
            job, on_done=lambda r: self._done(r, out), on_error=self._failed,
            on_progress=self._progress, on_discard=_remove_file,
        ).start()  # fmt: skip

    def _set_running(self, running: bool) -> None:
        self.progress.setVisible(running)
        self.progress_label.setVisible(running)
        self.cancel_button.setVisible(running)
        self.cancel_button.setEnabled(running)
        self.export_button.setEnabled(not running)
        for w in (self.profile_combo, self.format_combo, self.title_edit, self.scope_all,
                  self.scope_search, self.scope_selection):  # fmt: skip
            w.setEnabled(not running)
        if not running:
            self._fill_scope_enabled()
        else:
            self.progress.setRange(0, 0)
            self.progress_label.setText(done_text(chosen(self.format_combo)))

    def _fill_scope_enabled(self) -> None:
        self.scope_search.setEnabled(bool(self.scope_choice.query))
        self.scope_selection.setEnabled(bool(self.scope_choice.selected_ids))

    def _progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def cancel_export(self) -> None:
        if self.running and self._task is not None:
            self._cancel_requested = True
            self._task.cancel.cancel()
            self.cancel_button.setEnabled(False)
            self.progress_label.setText(self.tr("Cancelling…"))

    def _done(self, result: ExportResult, out: Path) -> None:
        self._set_running(False)
        if self._cancel_requested:
            # It finished before the cancel reached it: the user asked for no file.
            remove_output(out)
            self.banner.show_message(Banner.INFO, self.tr("Cancelled; no file was written."))
            return
        self.export_result = result
        remember_folder(out)
        if self._on_exported is not None:
            self._on_exported()
        self._show_result(result)

    def _failed(self, exc: BaseException) -> None:
        from influence_desk.errors import UnreviewedNames

        self._set_running(False)
        self.banner.show_message(*failure_message(exc))
        if isinstance(exc, UnreviewedNames):
            self.names_box.reload()

    # --- the result -------------------------------------------------------------------------

    def _show_result(self, result: ExportResult) -> None:
        self.banner.show_message(
            Banner.OK,
            self.tr("Saved, and checked for leaks: nothing that must stay in the vault is in it."),
            [str(result.out)],
        )
        if result.unreviewed_names:
            self.banner.show_message(
                Banner.WARNING,
                self.tr("Saved. 1 person named in these notes is not reviewed yet: keep this "
                        "brief inside the team.")
                if result.unreviewed_names == 1
                else self.tr("Saved. {} people named in these notes are not reviewed yet: keep "
                             "this brief inside the team.").format(result.unreviewed_names),
                [str(result.out)],
            )  # fmt: skip
        self.summary_label.setText(summary_html(result))
        self.checkpoint_label.setText(result.checkpoint)
        self.open_button.setText(open_text(chosen(self.format_combo)))
        self.summary.show()
        if result.out.suffix.lower() == ".pdf":
            self._show_preview(result.out)

    def _show_preview(self, path: Path) -> None:
        self.preview_holder.show_file(path)
        if self.width() < 1000:
            fit_dialog(self, 1260, 820)  # never past the screen
            self.splitter.setSizes([460, 800])

    def _close_preview(self) -> None:
        self.preview_holder.close_file()

    @property
    def preview(self) -> QPdfView | None:
        return self.preview_holder.view

    @property
    def pdf(self) -> QPdfDocument | None:
        return self.preview_holder.pdf

    def _forget_result(self) -> None:
        """A changed choice makes the last result stale: its banner and preview go."""
        if self.running:
            return
        self.export_result = None
        self.banner.clear()
        self.summary.hide()
        self.summary_label.clear()
        self.checkpoint_label.clear()
        self._close_preview()

    def preview_pages(self) -> int:
        return self.preview_holder.pages()

    def _copy_checkpoint(self) -> None:
        if self.checkpoint_label.text():
            self._copy_public(self.checkpoint_label.text())

    def _open_file(self) -> None:
        if self.export_result is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.export_result.out)))

    # --- closing ----------------------------------------------------------------------------

    def done(self, code: int) -> None:
        """Closing (or a lock) stops a running export, which then leaves no file."""
        if self.running and self._task is not None:
            self._cancel_requested = True
            self._task.abandon()  # a file it finishes anyway is removed (_remove_file)
        self._close_preview()
        super().done(code)

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Cancel) and self.running:
            self.cancel_export()
            return
        super().keyPressEvent(event)
