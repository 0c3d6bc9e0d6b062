"""The unlocked vault: sidebar, notes list, editor, search; sources; events and organisations."""

from __future__ import annotations

import contextlib
import re
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMenuBar,
    QMessageBox,
    QProgressDialog,
    QSplitter,
    QStyle,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from influence_desk.model import NoteKind
from ui import labels
from ui.catalog import Catalog
from ui.dialogs import (
    EventDialog,
    MergeDialog,
    OrganisationDialog,
    SourceDialog,
    stored_common_given_name,
)
from ui.editor import NoteEditor
from ui.history_view import HistoryPage, describe_report
from ui.layoutfit import ColumnFitter, SidebarToggle
from ui.names_view import NamesPage, SourcePrefill, apply_prefill
from ui.notes_model import (
    EVENT,
    KIND,
    MATCH,
    ORGS,
    SOURCES,
    TAGS,
    TITLE,
    WHEN,
    NotesModel,
    TitleDelegate,
    when_text,
)
from ui.reference import ReferencePage
from ui.sidebar import Sidebar
from ui.sources import SourcesPage
from ui.tasks import Task, user_message
from ui.team import TeamPage
from ui.widgets import Banner, make_action, muted, with_shortcut

if TYPE_CHECKING:
    from influence_desk.desk import NoteFilter, SearchHit
    from influence_desk.history import VerifyReport
    from ui.export_dialog import ExportDialog
    from ui.session import Session

SEARCH_DEBOUNCE_MS = 200
SEARCH_LIMIT = 200
NOTES, SOURCES_TAB, REFERENCE, HISTORY, PEOPLE, NAMES = range(6)


def typing_query(text: str) -> str:
    """While typing, the last word is a prefix: 'geotar' finds 'geotargeting'."""
    stripped = text.rstrip()
    if not stripped or text != stripped or stripped.endswith(('"', "*")):
        return stripped
    if re.search(r"\w$", stripped):
        return stripped + "*"
    return stripped


class Workspace(QWidget):
    lock_requested = Signal()
    close_requested = Signal()

    def __init__(self, session: Session, window) -> None:
        super().__init__()
        self.setObjectName("workspace")
        self.session = session
        self.window_ = window
        self.catalog = Catalog()
        self.note_filter: NoteFilter | None = None
        self._search_generation = 0
        self._search_task: Task | None = None
        self._long_task: Task | None = None
        self._event_hidden_by_user = False
        self._torn_down = False
        self._open_after_load: str | None = None
        self._check_task: Task | None = None
        self.export_dialog: ExportDialog | None = None
        self._select_after_load: str | None = None
        self._select_row_after_load: int | None = None
        self._first_load = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)

        self.banner = QLabel()
        self.banner.setObjectName("readOnlyBanner")
        self.banner.setWordWrap(True)
        self.banner.setAutoFillBackground(True)
        self.banner.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        self.banner.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.banner.setContentsMargins(12, 6, 12, 6)
        self.banner.setText(
            self.tr(
                "<b>Read-only.</b> You opened this vault with an auditor key: every note can "
                "be read, nothing can be changed, and identities of sources stay sealed."
            )
        )
        self.banner.setAccessibleName(self.tr("Read-only"))
        self.banner.setVisible(session.read_only)
        layout.addWidget(self.banner)
        self.status_banner = Banner()  # verify on open, damaged pages
        self.status_banner.setObjectName("statusBanner")
        layout.addWidget(self.status_banner)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setObjectName("mainTabs")
        layout.addWidget(self.tabs, 1)

        self._build_corner()
        self._build_notes_tab()
        self.sources_page = SourcesPage(session)
        self.reference_page = ReferencePage(session)
        self.history_page = HistoryPage(session, self.catalog, window.clipboard_guard.copy_public)
        self.team_page = TeamPage(session, window.kdf_params,
                                  on_changed=lambda: self.history_page.model.reload())  # fmt: skip
        self.tabs.addTab(self.notes_tab, self.tr("Notes"))
        self.tabs.addTab(self.sources_page, self.tr("Sources"))
        self.tabs.addTab(self.reference_page, self.tr("Events && organisations"))
        self.tabs.addTab(self.history_page, self.tr("History"))
        self.tabs.addTab(self.team_page, self.tr("People"))
        self.names_page = NamesPage(session)
        self.tabs.addTab(self.names_page, self.tr("Names to review"))
        self.tabs.setTabToolTip(NOTES, with_shortcut(self.tr("Notes"), "Ctrl+1"))
        self.tabs.setTabToolTip(SOURCES_TAB, with_shortcut(self.tr("Sources"), "Ctrl+2"))
        self.tabs.setTabToolTip(
            REFERENCE, with_shortcut(self.tr("Events and organisations"), "Ctrl+3")
        )
        self.tabs.setTabToolTip(
            HISTORY, with_shortcut(self.tr("History of every change, and Verify"), "Ctrl+4")
        )
        self.tabs.setTabToolTip(
            PEOPLE, with_shortcut(self.tr("People with access to this vault"), "Ctrl+5")
        )
        self.tabs.setTabToolTip(
            NAMES, with_shortcut(self.tr("Unregistered people named in notes"), "Ctrl+6")
        )

        self._build_actions()
        placement = getattr(window, "placement", None)
        self.sidebar_toggle = SidebarToggle(self.sidebar, self,
                                            shown=placement.sidebar if placement else True)
        self._wire()
        self._build_status()

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._search_timer.timeout.connect(self._run_search)
        self.history_page.verified.connect(self._history_verified)
        self.history_page.verify_failed.connect(self._verify_failed)

    # --- building ----------------------------------------------------------------------------

    def _build_corner(self) -> None:
        corner = QWidget()
        row = QHBoxLayout(corner)
        row.setContentsMargins(0, 2, 6, 2)
        row.setSpacing(6)
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("searchBox")
        self.search_edit.setPlaceholderText(self.tr("Search notes  (Ctrl+F)"))
        self.search_edit.setAccessibleName(self.tr("Search notes"))
        self.search_edit.setToolTip(
            self.tr('Words match anywhere; "exact phrase"; OR between alternatives. '
                    "Identity holders may type a real name.")
        )  # fmt: skip
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(320)
        self.search_edit.addAction(
            self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogContentsView),
            QLineEdit.ActionPosition.LeadingPosition,
        )
        self.lock_button = QToolButton()
        self.lock_button.setObjectName("lockButton")
        self.lock_button.setText(self.tr("Lock"))
        self.lock_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.lock_button.setIcon(
            self.style().standardIcon(QStyle.StandardPixmap.SP_DialogCloseButton)
        )
        self.lock_button.setToolTip(with_shortcut(self.tr("Lock the vault now"), "Ctrl+L"))
        self.lock_button.setAccessibleName(self.tr("Lock the vault"))
        self.lock_button.clicked.connect(self.lock_requested)
        clear = QAction(self.tr("Clear the search"), self.search_edit)
        clear.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        clear.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        clear.triggered.connect(self._clear_search)
        self.search_edit.addAction(clear)
        row.addWidget(self.search_edit)
        row.addWidget(self.lock_button)
        self.tabs.setCornerWidget(corner, Qt.Corner.TopRightCorner)

    def _build_notes_tab(self) -> None:
        self.notes_tab = QWidget()
        self.notes_tab.setObjectName("notesTab")
        outer = QHBoxLayout(self.notes_tab)
        outer.setContentsMargins(0, 0, 0, 0)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.sidebar = Sidebar()

        list_panel = QWidget()
        list_layout = QVBoxLayout(list_panel)
        list_layout.setContentsMargins(6, 6, 0, 0)
        list_layout.setSpacing(4)
        head = QHBoxLayout()
        self.list_title = QLabel()
        self.list_title.setObjectName("listTitle")
        font = self.list_title.font()
        font.setBold(True)
        self.list_title.setFont(font)
        self.list_count = muted(wrap=False)
        self.new_button = QToolButton()
        self.new_button.setText(self.tr("New note"))
        self.new_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.new_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        head.addWidget(self.list_title)
        head.addWidget(self.list_count)
        head.addStretch(1)
        head.addWidget(self.new_button)
        list_layout.addLayout(head)

        self.model = NotesModel(self.session, self)
        self.model.asynchronous = True
        self.model.set_tag_labels(lambda t: self.catalog.tag_label(t))
        self.table = QTableView()
        self.table.setObjectName("notesTable")
        self.table.setAccessibleName(self.tr("Notes"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(WHEN, Qt.SortOrder.DescendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(60)
        header.resizeSection(WHEN, self.fontMetrics().horizontalAdvance("2026-03-10 10:40") + 16)
        header.resizeSection(KIND, 96)
        header.resizeSection(EVENT, 150)
        header.resizeSection(ORGS, 150)
        header.resizeSection(SOURCES, 130)
        header.resizeSection(TAGS, 150)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        for column in (KIND, MATCH, ORGS, SOURCES, TAGS):
            self.table.setColumnHidden(column, True)
        self.title_delegate = TitleDelegate(self.model, self.table)
        self.table.setItemDelegateForColumn(TITLE, self.title_delegate)
        self._row_height = self.fontMetrics().height() + 8
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        self.column_fitter = ColumnFitter(self.table, title=TITLE, when=WHEN,
                                          sample_date=when_text(datetime(2026, 12, 28, 23, 58)))
        list_layout.addWidget(self.table, 1)

        self.editor = NoteEditor(self.session, self.catalog)
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(list_panel)
        self.splitter.addWidget(self.editor)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setSizes([230, 560, 610])
        outer.addWidget(self.splitter)

    def _build_actions(self) -> None:
        writable = self.session.can_write
        self.new_action = make_action(
            self, self.tr("&New note"), shortcut=QKeySequence.StandardKey.New,
            icon=QStyle.StandardPixmap.SP_FileIcon,
            slot=lambda: self.new_note(NoteKind.OBSERVATION),
        )  # fmt: skip
        self.booth_action = make_action(
            self, self.tr("Quick &booth visit"), shortcut="Ctrl+Shift+B",
            tip=self.tr("New booth-visit note from the template, at the current event"),
            slot=lambda: self.new_note(NoteKind.BOOTH, template=True),
        )  # fmt: skip
        self.interview_action = make_action(
            self, self.tr("Quick &interview"), shortcut="Ctrl+Shift+I",
            tip=self.tr("New interview note from the template"),
            slot=lambda: self.new_note(NoteKind.INTERVIEW, template=True),
        )  # fmt: skip
        self.delete_action = make_action(
            self, self.tr("&Delete note…"), shortcut="Ctrl+Delete",
            icon=QStyle.StandardPixmap.SP_TrashIcon, slot=self.delete_note,
        )  # fmt: skip
        self.import_action = make_action(
            self, self.tr("&Import notes…"), shortcut="Ctrl+Shift+O", slot=self.import_notes,
            tip=self.tr("Import notes from a JSON Lines file (one note per line)"),
        )  # fmt: skip
        self.find_action = make_action(
            self, self.tr("&Find in notes"), shortcut=QKeySequence.StandardKey.Find,
            slot=self.focus_search,
        )  # fmt: skip
        self.lock_action = make_action(
            self, self.tr("&Lock"), shortcut="Ctrl+L", slot=self.lock_requested.emit,
            tip=self.tr("Lock the vault now: keys dropped, passphrase needed again"),
        )  # fmt: skip
        self.close_action = make_action(
            self, self.tr("&Close vault"), shortcut="Ctrl+W", slot=self.close_requested.emit
        )
        self.view_actions = [
            make_action(self, text, shortcut=f"Ctrl+{i + 1}",
                        slot=lambda _=False, i=i: self.tabs.setCurrentIndex(i))
            for i, text in enumerate(
                [self.tr("&Notes"), self.tr("&Sources"), self.tr("&Events and organisations"),
                 self.tr("&History"), self.tr("&People with access"),
                 self.tr("Names to re&view")]
            )
        ]  # fmt: skip
        self.export_action = make_action(
            self, self.tr("&Export PDF…"), shortcut="Ctrl+Shift+E", slot=self.open_export,
            icon=QStyle.StandardPixmap.SP_DialogSaveButton,
            tip=self.tr("Export a redacted PDF summary, checked for leaks"),
        )  # fmt: skip
        self.verify_action = make_action(
            self, self.tr("&Verify history"), shortcut="Ctrl+Shift+Y", slot=self.verify_history,
            tip=self.tr("Check every signature and every stored note against the history"),
        )  # fmt: skip
        self.copy_checkpoint_action = make_action(
            self, self.tr("Copy &checkpoint"), shortcut="Ctrl+Shift+K",
            slot=self.copy_checkpoint,
            tip=self.tr("Copy the history checkpoint (number and hash of the newest entry)"),
        )  # fmt: skip
        self.focus_list_action = make_action(
            self, self.tr("Go to notes &list"), shortcut="Ctrl+Shift+L", slot=self.focus_list
        )
        self.focus_editor_action = make_action(
            self, self.tr("Go to note &text"), shortcut="Ctrl+E", slot=self.focus_editor
        )
        for action in (self.new_action, self.booth_action, self.interview_action,
                       self.delete_action, self.import_action):  # fmt: skip
            action.setEnabled(writable)
        menu = QMenu(self.new_button)
        menu.addAction(self.booth_action)
        menu.addAction(self.interview_action)
        self.new_button.setMenu(menu)
        self.new_button.setDefaultAction(self.new_action)
        self.new_button.setText(self.tr("New note"))

    def _wire(self) -> None:
        self.sidebar.filter_changed.connect(self._filter_changed)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.model.modelReset.connect(self._update_count)
        self.model.loaded.connect(self._list_loaded)
        self.model.load_failed.connect(self.window_.status_label.setText)
        self.search_edit.textChanged.connect(self._search_changed)
        self.search_edit.returnPressed.connect(self._search_now)
        self.editor.saved.connect(self._note_saved)
        self.editor.register_requested.connect(self.register_source)
        self.editor.register_with.connect(self.register_source)
        self.names_page.review.register_requested.connect(self.register_source)
        self.names_page.review.changed.connect(self.editor.refresh_choices)
        self.names_page.review.pending_changed.connect(
            lambda n: self.tabs.setTabText(NAMES, NamesPage.tab_title(n))
        )
        self.sources_page.add_requested.connect(lambda: self.register_source(""))
        self.sources_page.edit_requested.connect(self.edit_source)
        self.sources_page.show_notes_requested.connect(
            lambda sid: self.show_notes_for(("source", sid))
        )
        ref = self.reference_page
        ref.events.add_requested.connect(lambda: self.edit_event(None))
        ref.events.edit_requested.connect(self.edit_event)
        ref.events.merge_requested.connect(self.merge_events)
        ref.events.show_notes_requested.connect(lambda e: self.show_notes_for(("event", e.id)))
        ref.organisations.add_requested.connect(lambda: self.edit_organisation(None))
        ref.organisations.edit_requested.connect(self.edit_organisation)
        ref.organisations.merge_requested.connect(self.merge_organisations)
        ref.organisations.show_notes_requested.connect(lambda o: self.show_notes_for(("org", o.id)))

    def _build_status(self) -> None:
        s = self.session
        self.role_label = QLabel(
            self.tr("{} · {}").format(s.label, labels.role(s.role)) if s.label
            else labels.role(s.role)
        )  # fmt: skip
        self.role_label.setObjectName("roleLabel")
        self.role_label.setToolTip(self.tr("Who you are in this vault, and what you may do"))
        self.fingerprint_label = muted(wrap=False)
        self.fingerprint_label.setToolTip(
            self.tr("Vault fingerprint: printed on every export, to tell vaults apart")
        )
        bar = self.window_.statusBar()
        bar.addPermanentWidget(self.fingerprint_label)
        bar.addPermanentWidget(self.role_label)

    def fill_menus(self, bar: QMenuBar, file_menu: QMenu) -> None:
        for action in (self.new_action, self.booth_action, self.interview_action):
            file_menu.addAction(action)
        file_menu.addAction(self.import_action)
        file_menu.addSeparator()
        file_menu.addAction(self.delete_action)
        file_menu.addSeparator()
        file_menu.addAction(self.lock_action)
        file_menu.addAction(self.close_action)
        edit = bar.addMenu(self.tr("&Edit"))
        edit.addAction(self.find_action)
        edit.addSeparator()
        for action in self.editor.actions_for_menu():
            edit.addAction(action)
        view = bar.addMenu(self.tr("&View"))
        for action in self.view_actions:
            view.addAction(action)
        view.addSeparator()
        view.addAction(self.focus_list_action)
        view.addAction(self.focus_editor_action)
        view.addAction(self.sidebar_toggle.action)
        sources = bar.addMenu(self.tr("&Sources"))
        sources.addAction(self.sources_page.add_action)
        sources.addAction(self.sources_page.edit_action)
        sources.addAction(self.sources_page.reveal_action)
        sources.addAction(self.view_actions[NAMES])
        vault = bar.addMenu(self.tr("&Vault"))
        vault.addAction(self.export_action)
        vault.addSeparator()
        vault.addAction(self.verify_action)
        vault.addAction(self.copy_checkpoint_action)
        vault.addSeparator()
        vault.addAction(self.view_actions[PEOPLE])
        team = self.team_page
        for action in (team.add_action, team.rekey_action):
            if action.isVisible():
                vault.addAction(action)
        vault.addAction(team.passphrase_action)

    def all_actions(self) -> list[Any]:
        return [
            self.new_action, self.booth_action, self.interview_action, self.delete_action,
            self.import_action, self.find_action, self.export_action, self.verify_action,
            self.copy_checkpoint_action, self.lock_action, self.close_action, *self.view_actions,
            self.focus_list_action, self.focus_editor_action, self.sidebar_toggle.action,
            *self.editor.actions_for_menu(),
            self.sources_page.add_action, self.sources_page.reveal_action,
        ]  # fmt: skip

    def edit_actions(self) -> list[Any]:
        """Every action that changes the vault (all disabled for auditors)."""
        ref = self.reference_page
        return [
            self.new_action, self.booth_action, self.interview_action, self.delete_action,
            self.import_action, *self.editor.edit_actions, self.sources_page.add_action,
            self.sources_page.edit_action,
            ref.events.add_action, ref.events.edit_action, ref.events.merge_action,
            ref.organisations.add_action, ref.organisations.edit_action,
            ref.organisations.merge_action, self.team_page.add_action,
            self.team_page.remove_action, self.team_page.rekey_action,
        ]  # fmt: skip

    # --- starting -------------------------------------------------------------------------------

    def start(self, resume_note: str | None = None) -> None:
        """First load, right after unlock: reference data now, the notes list in a worker;
        auditors get a verify of the history, big vaults a check of every page (workers)."""
        self.refresh_catalog()
        self.team_page.refresh()
        self.window_._build_menus()  # the team's actions depend on who is a lead
        self.note_filter = self.sidebar.current_filter()
        self._first_load = True
        self._reload_list(select=resume_note)
        self._open_after_load = resume_note
        try:
            self.fingerprint_label.setText(self.tr("Vault {}").format(self.session.fingerprint()))
        except Exception:
            self.fingerprint_label.clear()
        self.table.setFocus()
        if self.session.read_only:
            self.status_banner.show_message(
                Banner.INFO,
                self.tr("Verifying the history on open: every signature and every stored note…"),
            )
            self.history_page.verify(automatic=True)
        self._check_pages_if_big()

    def sidebar_shown(self) -> bool:
        return self.sidebar_toggle.shown()

    def current_note_id(self) -> str | None:
        return self.editor.note_id

    def _check_pages_if_big(self) -> None:
        """Opening skipped the full page check (a big database): run it now, in a worker."""
        from influence_desk.errors import NotPermitted

        session = self.session
        try:
            # A file's size, no SQL: no need to hold the session for it.
            if not session.admin.page_check_pending():
                return
        except (OSError, NotPermitted):
            return  # locked again meanwhile: the next unlock asks again

        def job(_progress, _cancel) -> list[str]:
            # Its own read-only connection: no need to hold the session (the GUI would
            # stall for seconds on a big vault waiting for it).
            return session.admin.check_pages()

        def done(problems: list[str]) -> None:
            if problems:
                self.status_banner.show_message(
                    Banner.PROBLEM,
                    self.tr("This vault's database file is damaged. Stop adding notes, copy "
                            "the whole vault folder somewhere safe, and restore the newest "
                            "backup from its backups folder."),
                    problems[:5],
                )  # fmt: skip

        def failed(exc: BaseException) -> None:
            self.status_banner.show_message(Banner.PROBLEM, user_message(exc))

        self._check_task = Task(job, on_done=done, on_error=failed).start()

    def page_check_running(self) -> bool:
        return self._check_task is not None and self._check_task.running

    def _verify_failed(self, text: str) -> None:
        if text:
            self.status_banner.show_message(Banner.PROBLEM, text)
        elif self.status_banner.level == Banner.INFO:
            self.status_banner.clear()  # the verify on open was cancelled

    def _history_verified(self, report: VerifyReport) -> None:
        """Auditors see the result of the verify on open above everything."""
        if self.session.read_only or not report.ok:
            level, sentence, details = describe_report(report, limit=5)
            self.status_banner.show_message(level, sentence, details)

    # --- export and verify ------------------------------------------------------------------

    def open_export(self) -> None:
        from ui.export_dialog import ExportDialog, ScopeChoice
        from ui.recent import documents_dir

        if self._torn_down or not self.editor.flush():
            return
        if self.export_dialog is not None and self.export_dialog.isVisible():
            self.export_dialog.raise_()
            self.export_dialog.activateWindow()
            return
        query = self.search_edit.text().strip() if self.model.searching else ""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        selected = [nid for nid in (self.model.note_id(r) for r in rows) if nid]
        index = self.sidebar.currentIndex()
        label = index.data(Qt.ItemDataRole.AccessibleTextRole) if index.isValid() else None
        filtered = self.note_filter is not None and label and label != self.tr("All notes")
        try:
            with self.session.gui() as desk:
                from influence_desk.desk import NoteFilter

                count = desk.count_notes(self.note_filter or NoteFilter())
        except Exception:
            count = self.model.rowCount()
        scope = ScopeChoice(
            filter=self.note_filter, filter_label=str(label) if filtered else "",
            filter_count=count, query=typing_query(query) if query else "",
            query_count=self.model.rowCount() if query else 0, selected_ids=selected,
        )  # fmt: skip
        dialog = ExportDialog(
            self.session, scope, default_profile=self.window_.settings.default_profile,
            documents=documents_dir(), copy_public=self.window_.clipboard_guard.copy_public,
            on_exported=self._exported, parent=self,
        )  # fmt: skip
        dialog.finished.connect(dialog.deleteLater)
        self.export_dialog = dialog
        dialog.open()

    def _exported(self) -> None:
        if self.tabs.currentWidget() is self.history_page:
            self.history_page.refresh()

    def verify_history(self) -> None:
        self.tabs.setCurrentWidget(self.history_page)
        self.history_page.verify()

    def copy_checkpoint(self) -> None:
        try:
            with self.session.gui_admin() as admin:
                checkpoint = admin.checkpoint()
        except Exception as exc:
            self.window_.status_label.setText(user_message(exc))
            return
        self.window_.clipboard_guard.copy_public(checkpoint)
        self.window_.status_label.setText(self.tr("Checkpoint {} copied.").format(checkpoint))

    def list_ready(self) -> bool:
        """The notes list shows what was last asked for (for tests and benches)."""
        return not self.model.loading

    def refresh_catalog(self) -> None:
        try:
            self.catalog.__dict__.update(Catalog.load(self.session).__dict__)
        except Exception as exc:
            self.window_.status_label.setText(user_message(exc))
            return
        self.sidebar.populate(
            self.catalog.total_notes, self.catalog.events, self.catalog.organisations,
            self.catalog.sources, self.catalog.source_counts, self.catalog.tags,
            self.catalog.taxonomy,
        )  # fmt: skip
        self.editor.refresh_choices()
        self.sources_page.set_catalog(self.catalog)
        self.reference_page.set_catalog(self.catalog)
        self.editor.rebaseline()

    # --- the list --------------------------------------------------------------------------------

    def _filter_changed(self, note_filter: NoteFilter) -> None:
        self.note_filter = note_filter
        if self.search_edit.text().strip():
            self._run_search()
        else:
            self._reload_list()

    def _reload_list(self, select: str | None = None) -> None:
        """Read the list again (in a worker); ``select`` that note when it arrives."""
        self._select_after_load = select or self.editor.note_id
        if not self.model.searching:
            self.list_count.setText(self.tr("loading…"))
        self.model.load(self.note_filter)

    def _list_loaded(self) -> None:
        self._show_search_columns(False)
        select, self._select_after_load = self._select_after_load, None
        row, self._select_row_after_load = self._select_row_after_load, None
        resume, self._open_after_load = self._open_after_load, None
        if select and self.model.row_of(select) >= 0:
            self.select_note(select, open_it=select == resume)
        elif row is not None and self.model.rowCount() > 0:
            self.table.selectRow(min(row, self.model.rowCount() - 1))
        elif self._first_load and self.model.rowCount() > 0:
            self.table.selectRow(0)
        self._first_load = False
        self._update_count()

    def _update_count(self) -> None:
        n = self.model.rowCount()
        if self.model.searching:
            self.list_title.setText(self.tr("Search results"))
            more = n >= SEARCH_LIMIT
            self.list_count.setText(
                self.tr("{}+ best matches").format(n) if more else self.tr("{} found").format(n)
            )
        else:
            index = self.sidebar.currentIndex()
            title = index.data(Qt.ItemDataRole.AccessibleTextRole) if index.isValid() else None
            self.list_title.setText(title or self.tr("All notes"))
            self.list_count.setText(self.tr("{} notes").format(n) if n != 1 else self.tr("1 note"))

    def _show_search_columns(self, searching: bool) -> None:
        """Search results: title and snippet on two lines; the event column makes room."""
        self.table.setColumnHidden(EVENT, searching or self._event_hidden_by_user)
        if self.table.isSortingEnabled() == searching:
            self.table.setSortingEnabled(not searching)
        line = self.fontMetrics().lineSpacing()
        self.table.verticalHeader().setDefaultSectionSize(
            line * 2 + 10 if searching else self._row_height
        )

    def _header_menu(self, pos) -> None:
        menu = QMenu(self)
        for column in (KIND, EVENT, ORGS, SOURCES, TAGS):
            action = menu.addAction(self.model.headers[column])
            action.setCheckable(True)
            action.setChecked(not self.table.isColumnHidden(column))
            action.toggled.connect(lambda on, c=column: self._toggle_column(c, on))
        menu.exec(self.table.horizontalHeader().mapToGlobal(pos))

    def _toggle_column(self, column: int, shown: bool) -> None:
        if column == EVENT:
            self._event_hidden_by_user = not shown
        self.table.setColumnHidden(column, not shown)

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        note_id = self.model.note_id(current.row()) if current.isValid() else None
        if note_id and note_id != self.editor.note_id:
            self.editor.open_note(note_id)

    def select_note(self, note_id: str, *, open_it: bool = True) -> None:
        row = self.model.row_of(note_id)
        if row < 0:
            return
        index = self.model.index(row, TITLE)
        sm = self.table.selectionModel()
        if not open_it:
            sm.blockSignals(True)
        sm.setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )  # fmt: skip
        if not open_it:
            sm.blockSignals(False)
            self.table.viewport().update()
        self.table.scrollTo(index)

    def show_notes_for(self, key: tuple[str, str]) -> None:
        self.tabs.setCurrentIndex(0)
        self.search_edit.clear()
        self.sidebar._select_key(key)

    # --- search ---------------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def focus_list(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.table.setFocus()

    def focus_editor(self) -> None:
        self.tabs.setCurrentIndex(0)
        if self.editor.body.isEnabled():
            self.editor.body.setFocus()

    def _search_changed(self, text: str) -> None:
        if self.tabs.currentIndex() != 0:
            self.tabs.setCurrentIndex(0)
        if not text.strip():
            self._search_timer.stop()
            self._search_generation += 1
            self._reload_list()
            return
        self._search_timer.start()

    def _clear_search(self) -> None:
        self.search_edit.clear()
        self.table.setFocus()

    def _search_now(self) -> None:
        self._search_timer.stop()
        self._run_search()
        if self.model.rowCount():
            self.table.setFocus()

    def _run_search(self) -> None:
        text = self.search_edit.text()
        query = typing_query(text)
        if not query:
            return
        self._search_generation += 1
        generation = self._search_generation
        note_filter = self.note_filter
        session = self.session

        def job(_progress, _cancel) -> list[SearchHit]:
            from influence_desk.desk import NoteFilter

            with session.worker() as desk:
                return desk.search(query, note_filter or NoteFilter(), limit=SEARCH_LIMIT)

        def done(hits: list[SearchHit]) -> None:
            if generation != self._search_generation:
                return  # the user typed on; a newer search is on its way
            current = self.editor.note_id
            self.model.show_hits(hits)
            self._show_search_columns(True)
            if current:
                self.select_note(current, open_it=False)

        def failed(exc: BaseException) -> None:
            if generation == self._search_generation:
                self.window_.status_label.setText(user_message(exc))

        self._search_task = Task(job, on_done=done, on_error=failed).start()

    def search_idle(self) -> bool:
        """No search waiting or running (for tests and benches)."""
        return not self._search_timer.isActive() and not (
            self._search_task is not None and self._search_task.running
        )

    # --- notes ----------------------------------------------------------------------------------

    def new_note(self, kind: NoteKind, *, template: bool = False) -> None:
        if not self.session.can_write:
            return
        self.tabs.setCurrentIndex(0)
        event_name = ""
        if self.note_filter is not None and self.note_filter.event_id:
            event = self.catalog.event(self.note_filter.event_id)
            event_name = event.name if event else ""
        elif template and self.editor.note_id is not None:
            event_name = self.editor.event_edit.text()
        self.table.selectionModel().clearSelection()
        self.editor.new_note(kind, template=template, event_name=event_name)

    def _note_saved(self, note_id: str, structural: bool) -> None:
        self.names_page.mark_stale()
        if structural:
            self.refresh_catalog()
        if self.model.row_of(note_id) < 0:
            if self.search_edit.text().strip():
                self._run_search()
            else:
                self._reload_list(select=note_id)
        else:
            self.model.refresh_note(note_id)

    def delete_note(self) -> None:
        note_id = self.editor.note_id
        if note_id is None or not self.session.can_write:
            return
        from ui.confirm import confirm

        self.delete_confirm = confirm(
            self, name="deleteConfirm", title=self.tr("Delete note"),
            text=self.tr("Delete the note “{}”?").format(self.editor.title_edit.text()),
            informative=self.tr("Its history entry stays; the text is gone."),
            action=self.tr("Delete"), on_yes=lambda: self._delete_now(note_id),
        )  # fmt: skip

    def _delete_now(self, note_id: str) -> None:
        if self._torn_down or not self.session.can_write:
            return
        row = self.model.row_of(note_id)
        try:
            with self.session.gui() as desk:
                desk.delete_note(note_id)
        except Exception as exc:
            self.window_.status_label.setText(user_message(exc))
            return
        self.editor.clear()
        self._select_row_after_load = max(row, 0)
        self._reload_list()
        self.refresh_catalog()

    def import_notes(self, path: str | None = None) -> None:
        """All or nothing, in a worker with progress; the error names the bad line."""
        if not self.session.can_write:
            return
        if not path:
            from PySide6.QtWidgets import QFileDialog

            path, _ = QFileDialog.getOpenFileName(
                self, self.tr("Import notes"), "", self.tr("JSON Lines (*.jsonl);;All files (*)")
            )
        if not path or self._torn_down:
            return
        session = self.session
        source = Path(path)

        def job(progress, cancel) -> int:
            try:
                lines = source.read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError) as exc:
                from influence_desk.errors import BadInput

                raise BadInput("That file cannot be read as UTF-8 text.") from exc
            with session.worker() as desk:
                return desk.import_jsonl(lines, progress=progress, cancel=cancel)

        def done(count: int) -> None:
            self.refresh_catalog()
            self._reload_list()
            self.window_.status_label.setText(self.tr("Imported {} notes.").format(count))

        self._run_long(self.tr("Importing notes…"), job, done)

    # --- sources ----------------------------------------------------------------------------------

    def register_source(self, name: str | SourcePrefill = "") -> None:
        if not self.session.can_write:
            return
        prefill = name if isinstance(name, SourcePrefill) else SourcePrefill(name)
        dialog = SourceDialog(self.catalog, name=prefill.name,
                              can_edit_identity=self.session.can_reveal, parent=self)  # fmt: skip
        apply_prefill(dialog, prefill)
        dialog.accepted.connect(lambda: self._register(dialog))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _register(self, dialog: SourceDialog) -> None:
        identity = dialog.identity()
        role, org_id, consent = dialog.fields()
        if identity is None:
            return
        session = self.session

        def job(progress, cancel):
            with session.worker() as desk:
                return desk.register_source(
                    identity, role, org_id, consent, progress=progress, cancel=cancel
                )

        self._run_long(
            self.tr("Registering the source and pseudonymising existing notes…"), job,
            lambda source: self._sources_changed(
                self.tr("Registered as {}.").format(source.pseudonym), source.id
            ),
        )  # fmt: skip

    def edit_source(self, source) -> None:
        common = False
        if self.session.can_reveal:
            with self.session.gui() as desk:
                common = stored_common_given_name(desk, source.id)
        dialog = SourceDialog(self.catalog, source=source, common_given_name=common,
                              can_edit_identity=self.session.can_reveal, parent=self)  # fmt: skip
        dialog.accepted.connect(lambda: self._update_source(dialog, source))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _update_source(self, dialog: SourceDialog, source) -> None:
        from dataclasses import replace

        role, org_id, consent = dialog.fields()
        edit = dialog.identity_edit()
        changed = replace(source, role_description=role, organisation_id=org_id, consent=consent)
        session = self.session

        def job(progress, cancel):
            with session.worker() as desk:
                identity = edit.resolve(desk, source.id)
                return desk.update_source(changed, identity, progress=progress, cancel=cancel)

        self._run_long(
            self.tr("Saving the source…"), job,
            lambda s: self._sources_changed(self.tr("Saved {}.").format(s.pseudonym), s.id),
        )  # fmt: skip

    def _sources_changed(self, message: str, source_id: str | None = None) -> None:
        self.names_page.mark_stale()
        self.refresh_catalog()
        self.model.invalidate_rows()
        self.editor.reload()
        if source_id:
            self.sources_page.select(source_id)
        self.window_.status_label.setText(message)

    def _run_long(self, text: str, job, on_done) -> None:
        """Long work with a modal progress dialog and a Cancel button."""
        if not self.editor.flush():
            return
        dialog = QProgressDialog(text, self.tr("Cancel"), 0, 0, self)
        dialog.setWindowTitle(self.tr("Working"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)

        def progress(done: int, total: int) -> None:
            if total > 0:
                dialog.setMaximum(total)
                dialog.setValue(done)

        def finished(result: Any) -> None:
            dialog.close()
            dialog.deleteLater()
            on_done(result)

        def failed(exc: BaseException) -> None:
            dialog.close()
            dialog.deleteLater()
            self.window_.status_label.setText(user_message(exc))
            QMessageBox.warning(self, self.tr("Not done"), user_message(exc))

        task = Task(job, on_done=finished, on_error=failed, on_progress=progress)
        dialog.canceled.connect(task.cancel.cancel)
        self._long_task = task.start()

    def long_task_running(self) -> bool:
        return self._long_task is not None and self._long_task.running

    # --- events and organisations --------------------------------------------------------------

    def _write(self, call, message: str = "") -> bool:
        try:
            with self.session.gui(timeout=2.0) as desk:
                call(desk)
        except Exception as exc:
            QMessageBox.warning(self, self.tr("Not saved"), user_message(exc))
            return False
        self.refresh_catalog()
        self.model.invalidate_rows()
        self.editor.reload()
        if message:
            self.window_.status_label.setText(message)
        return True

    def edit_event(self, event) -> None:
        if not self.session.can_write:
            return
        dialog = EventDialog(event, self)
        if dialog.exec() != EventDialog.DialogCode.Accepted or self._torn_down:
            return
        values = dialog.values()
        if event is None:
            self._write(lambda d: d.add_event(**values), self.tr("Event added."))
        else:
            from dataclasses import replace

            self._write(lambda d: d.update_event(replace(event, **values)), self.tr("Saved."))

    def edit_organisation(self, org) -> None:
        if not self.session.can_write:
            return
        dialog = OrganisationDialog(org, self)
        if dialog.exec() != OrganisationDialog.DialogCode.Accepted or self._torn_down:
            return
        values = dialog.values()
        if org is None:
            self._write(lambda d: d.add_organisation(**values), self.tr("Organisation added."))
        else:
            from dataclasses import replace

            self._write(lambda d: d.update_organisation(replace(org, **values)), self.tr("Saved."))

    def merge_events(self, first, second) -> None:
        dialog = MergeDialog(self.tr("events"), first.name, second.name, self)
        if dialog.exec() != MergeDialog.DialogCode.Accepted or self._torn_down:
            return
        keep, drop = (first, second) if dialog.keeps_first() else (second, first)
        self._write(lambda d: d.merge_events(keep.id, drop.id), self.tr("Events merged."))

    def merge_organisations(self, first, second) -> None:
        dialog = MergeDialog(self.tr("organisations"), first.name, second.name, self)
        if dialog.exec() != MergeDialog.DialogCode.Accepted or self._torn_down:
            return
        keep, drop = (first, second) if dialog.keeps_first() else (second, first)
        self._write(
            lambda d: d.merge_organisations(keep.id, drop.id), self.tr("Organisations merged.")
        )

    # --- locking ----------------------------------------------------------------------------------

    def flush(self, timeout: float = 0.25) -> bool:
        return self.editor.flush(timeout)

    def stop_work(self) -> None:
        """Ask every worker to stop (before a lock saves the note and drops the keys)."""
        for task in (self._search_task, self._long_task, self._check_task):
            if task is not None and task.running:
                task.abandon()
        self.history_page.stop()
        self.team_page.stop()
        if self.export_dialog is not None:
            with contextlib.suppress(RuntimeError):
                self.export_dialog.reject()
            self.export_dialog = None

    def teardown(self) -> None:
        """Forget everything shown: models emptied, timers stopped, nothing left on screen.
        (The window then empties every remaining widget too: ``scrub_widgets``.)"""
        self._torn_down = True
        self._search_timer.stop()
        self._search_generation += 1
        for task in (self._search_task, self._long_task, self._check_task):
            if task is not None and task.running:
                task.abandon()
        if self.export_dialog is not None:
            with contextlib.suppress(RuntimeError):
                self.export_dialog.reject()
            self.export_dialog = None
        self.editor.teardown()
        self.model.clear()
        self.sidebar.clear()
        self.sources_page.teardown()
        self.reference_page.teardown()
        self.history_page.teardown()
        self.team_page.teardown()
        self.names_page.review.clear()
        self.status_banner.clear()
        self.search_edit.setText("")
        bar = self.window_.statusBar()
        for w in (self.role_label, self.fingerprint_label):
            bar.removeWidget(w)
            w.deleteLater()
