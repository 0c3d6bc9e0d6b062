"""The unlocked vault's window body: banners, the tabs, the menus and the status bar.

Each tab is a page that owns its actions and its writing (ui/notes_page.py, sources.py,
reference.py, history_view.py, team.py, names_view.py); the shell places them, builds the
menus from their actions, and refreshes what every page shows when one of them changed data.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QMenuBar,
    QStyle,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui import labels
from ui.catalog import Catalog
from ui.first_steps import workspace_steps
from ui.history_view import HistoryPage
from ui.keyboard import leave_lists_by_tab
from ui.layoutfit import SidebarToggle
from ui.long_work import LongWork
from ui.names_view import NamesPage
from ui.notes_page import NotesPage
from ui.open_checks import OpenChecks
from ui.reference import ReferencePage
from ui.sources import SourcesPage
from ui.sync_page import SyncPage
from ui.sync_run import SyncRunner
from ui.tasks import user_message
from ui.team import TeamPage
from ui.widgets import Banner, make_action, muted, with_shortcut

if TYPE_CHECKING:
    from ui.export_dialog import ExportDialog
    from ui.session import Session

NOTES, SOURCES_TAB, REFERENCE, HISTORY, PEOPLE, NAMES, SYNC = range(7)


class Workspace(QWidget):
    lock_requested = Signal()
    close_requested = Signal()

    def __init__(self, session: Session, window) -> None:
        super().__init__()
        self.setObjectName("workspace")
        self.session = session
        self.window_ = window
        self.catalog = Catalog()
        self._torn_down = False
        self.export_dialog: ExportDialog | None = None

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

        self.long_work = LongWork(self, before=lambda: self.editor.flush())
        self.notes = NotesPage(session, self.catalog, self.long_work)
        # The notes tab's parts by their names, for the window, tests and benches.
        self.editor, self.model, self.table = self.notes.editor, self.notes.model, self.notes.table
        self.sidebar, self.search_edit = self.notes.sidebar, self.notes.search_edit
        self._build_corner()
        self.sources_page = SourcesPage(session, self.catalog, self.long_work)
        self.reference_page = ReferencePage(session)
        self.history_page = HistoryPage(session, self.catalog, window.clipboard_guard.copy_public)
        self.team_page = TeamPage(session, window.kdf_params,
                                  on_changed=lambda: self.history_page.model.reload())  # fmt: skip
        self.names_page = NamesPage(session)
        self.sync_runner = SyncRunner(session, busy=self.long_work.running, before=self.flush)
        self.sync_page = SyncPage(session, self.sync_runner)
        self.tabs.addTab(self.notes, self.tr("Notes"))
        self.tabs.addTab(self.sources_page, self.tr("Sources"))
        self.tabs.addTab(self.reference_page, self.tr("Events && organisations"))
        self.tabs.addTab(self.history_page, self.tr("History"))
        self.tabs.addTab(self.team_page, self.tr("People"))
        self.tabs.addTab(self.names_page, self.tr("Names to review"))
        self.tabs.addTab(self.sync_page, self.tr("Sync"))
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
        self.tabs.setTabToolTip(SYNC, with_shortcut(self.tr("Sync with the team"), "Ctrl+7"))

        self.checks = OpenChecks(session, self.status_banner, self.history_page, self)
        self._build_actions()
        placement = getattr(window, "placement", None)
        self.sidebar_toggle = SidebarToggle(
            self.sidebar, self, shown=placement.sidebar if placement else True
        )
        self._wire()
        self._build_status()
        leave_lists_by_tab(self)

    # --- building ----------------------------------------------------------------------------

    def _build_corner(self) -> None:
        corner = QWidget()
        row = QHBoxLayout(corner)
        row.setContentsMargins(0, 2, 6, 2)
        row.setSpacing(6)
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
        row.addWidget(self.search_edit)
        row.addWidget(self.lock_button)
        self.tabs.setCornerWidget(corner, Qt.Corner.TopRightCorner)

    def _build_actions(self) -> None:
        notes = self.notes
        self.find_action = make_action(
            self, self.tr("&Find in notes"), shortcut=QKeySequence.StandardKey.Find,
            slot=notes.focus_search,
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
                 self.tr("Names to re&view"), self.tr("S&ync")]
            )
        ]  # fmt: skip
        self.export_action = make_action(
            self, self.tr("&Export PDF…"), shortcut="Ctrl+Shift+E", slot=self.open_export,
            icon=QStyle.StandardPixmap.SP_DialogSaveButton,
            tip=self.tr("Export a redacted PDF summary, checked for leaks"),
        )  # fmt: skip
        self.focus_list_action = make_action(
            self, self.tr("Go to notes &list"), shortcut="Ctrl+Shift+L", slot=notes.focus_list
        )
        self.focus_editor_action = make_action(
            self, self.tr("Go to note &text"), shortcut="Ctrl+E", slot=notes.focus_editor
        )

    def _wire(self) -> None:
        status = self.window_.status_label.setText
        notes = self.notes
        notes.editor_area.steps.set_steps(workspace_steps(self), self.session.can_write)
        notes.show_requested.connect(lambda: self._show_tab(NOTES))
        notes.catalog_stale.connect(self.refresh_catalog)
        notes.status.connect(status)
        self.long_work.failed.connect(status)
        self.editor.saved.connect(self._note_saved)
        self.editor.register_requested.connect(self.sources_page.register_source)
        self.editor.register_with.connect(self.sources_page.register_source)
        review = self.names_page.review
        review.register_requested.connect(self.sources_page.register_source)
        review.changed.connect(self.editor.refresh_choices)
        review.pending_changed.connect(
            lambda n: self.tabs.setTabText(NAMES, NamesPage.tab_title(n))
        )
        self.sources_page.sources_changed.connect(self._sources_changed)
        self.sources_page.status.connect(status)
        self.sources_page.show_notes_requested.connect(
            lambda sid: notes.show_notes_for(("source", sid))
        )
        self.reference_page.changed.connect(self._data_changed)
        self.reference_page.show_notes_requested.connect(notes.show_notes_for)
        history = self.history_page
        history.show_requested.connect(lambda: self.tabs.setCurrentWidget(history))
        history.status.connect(status)
        self.sync_page.status.connect(status)
        self.sync_page.changed.connect(self._synced)

    def _show_tab(self, index: int) -> None:
        if self.tabs.currentIndex() != index:
            self.tabs.setCurrentIndex(index)

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
        notes = self.notes
        for action in (notes.new_action, notes.booth_action, notes.interview_action):
            file_menu.addAction(action)
        file_menu.addAction(notes.import_action)
        file_menu.addSeparator()
        file_menu.addAction(notes.delete_action)
        file_menu.addAction(notes.trash_action)
        file_menu.addAction(notes.note_history_action)
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
        vault = bar.addMenu(self.tr("Vaul&t"))  # V is View's
        vault.addAction(self.export_action)
        vault.addSeparator()
        vault.addAction(self.history_page.verify_action)
        vault.addAction(self.history_page.copy_checkpoint_action)
        vault.addSeparator()
        vault.addAction(self.view_actions[PEOPLE])
        team = self.team_page
        for action in (team.add_action, team.rekey_action):
            if action.isVisible():
                vault.addAction(action)
        vault.addAction(team.passphrase_action)

    def all_actions(self) -> list[Any]:
        notes, history = self.notes, self.history_page
        return [
            notes.new_action, notes.booth_action, notes.interview_action, notes.delete_action,
            notes.import_action, notes.trash_action, notes.note_history_action,
            self.find_action, self.export_action,
            history.verify_action,
            history.copy_checkpoint_action, self.lock_action, self.close_action,
            *self.view_actions, self.focus_list_action, self.focus_editor_action,
            self.sidebar_toggle.action, *self.editor.actions_for_menu(),
            self.sources_page.add_action, self.sources_page.reveal_action,
        ]  # fmt: skip

    def edit_actions(self) -> list[Any]:
        """Every action that changes the vault (all disabled for auditors)."""
        return [
            *self.notes.edit_actions(), *self.editor.edit_actions, self.sources_page.add_action,
            self.sources_page.edit_action, *self.reference_page.edit_actions(),
            self.team_page.add_action, self.team_page.remove_action, self.team_page.rekey_action,
        ]  # fmt: skip

    # --- starting -------------------------------------------------------------------------------

    def start(self, resume_note: str | None = None) -> None:
        """First load, right after unlock: reference data now, the notes list in a worker;
        auditors get a verify of the history, big vaults a check of every page (workers)."""
        self.refresh_catalog()
        self.team_page.refresh()
        self.window_._build_menus()  # the team's actions depend on who is a lead
        try:
            self.fingerprint_label.setText(self.tr("Vault {}").format(self.session.fingerprint()))
        except Exception:
            self.fingerprint_label.clear()
        self.notes.start(resume_note)
        self.checks.start()
        self.sync_runner.start()  # a sync on unlock, then the timer (in a worker)

    def sidebar_shown(self) -> bool:
        return self.sidebar_toggle.shown()

    # --- export ------------------------------------------------------------------------------

    def open_export(self) -> None:
        from ui.export_dialog import ExportDialog
        from ui.recent import documents_dir

        if self._torn_down or not self.editor.flush():
            return
        if self.export_dialog is not None and self.export_dialog.isVisible():
            self.export_dialog.raise_()
            self.export_dialog.activateWindow()
            return
        dialog = ExportDialog(
            self.session, self.notes.export_scope(),
            default_profile=self.window_.settings.default_profile,
            documents=documents_dir(), copy_public=self.window_.clipboard_guard.copy_public,
            on_exported=self._exported, parent=self,
        )  # fmt: skip
        dialog.finished.connect(dialog.deleteLater)
        self.export_dialog = dialog
        dialog.open()

    def _exported(self) -> None:
        if self.tabs.currentWidget() is self.history_page:
            self.history_page.refresh()

    # --- a page changed data: every page shows it -----------------------------------------------

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
        self.notes.filters.populate(self.catalog)
        self.editor.refresh_choices()
        self.sources_page.set_catalog(self.catalog)
        self.reference_page.set_catalog(self.catalog)
        self.editor.rebaseline()

    def _note_saved(self, note_id: str, structural: bool) -> None:
        self.names_page.mark_stale()
        if structural:
            self.refresh_catalog()
        self.notes.show_saved(note_id)

    def _data_changed(self, message: str = "") -> None:
        """Events, organisations or sources changed: names everywhere may read differently."""
        self.refresh_catalog()
        self.model.invalidate_rows()
        self.editor.reload()
        if message:
            self.window_.status_label.setText(message)

    def _synced(self) -> None:
        """Notes came in (or a conflict was resolved): reread them, once typing is saved."""
        saved = self.editor.flush(2.0)  # if it cannot be, the open note stays as typed
        self.refresh_catalog()
        self.model.invalidate_rows()
        if saved:
            self.editor.reload()
        self.notes.reload_list()
        self.history_page.model.reload()

    def _sources_changed(self, message: str, source_id: str) -> None:
        self.names_page.mark_stale()
        self.refresh_catalog()
        self.model.invalidate_rows()
        self.editor.reload()
        if source_id:
            self.sources_page.select(source_id)
        self.window_.status_label.setText(message)

    # --- locking ----------------------------------------------------------------------------------

    def current_note_id(self) -> str | None:
        return self.editor.note_id

    def flush(self, timeout: float = 0.25) -> bool:
        return self.editor.flush(timeout)

    def _close_export(self) -> None:
        if self.export_dialog is not None:
            with contextlib.suppress(RuntimeError):
                self.export_dialog.reject()
            self.export_dialog = None

    def stop_work(self) -> None:
        """Ask every worker to stop (before a lock saves the note and drops the keys)."""
        self.notes.stop()
        self.long_work.abandon()
        self.checks.stop()
        self.history_page.stop()
        self.team_page.stop()
        self.sync_page.stop()
        self.sync_runner.stop()
        self._close_export()

    def teardown(self) -> None:
        """Forget everything shown: models emptied, timers stopped, nothing left on screen.
        (The window then empties every remaining widget too: ``scrub_widgets``.)"""
        self._torn_down = True
        self.notes.stop()
        self.long_work.abandon()
        self.checks.stop()
        self._close_export()
        self.notes.teardown()
        self.sources_page.teardown()
        self.reference_page.teardown()
        self.history_page.teardown()
        self.team_page.teardown()
        self.sync_page.teardown()
        self.sync_runner.forget()
        self.names_page.review.clear()
        self.status_banner.clear()
        bar = self.window_.statusBar()
        for w in (self.role_label, self.fingerprint_label):
            bar.removeWidget(w)
            w.deleteLater()
