"""The Notes tab: sidebar, the notes list, the editor, and search; writing notes (new from a
template, delete, import) happens here."""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QSplitter,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from influence_desk.model import NoteKind
from ui.editor import NoteEditor
from ui.filter_panel import FilterPanel
from ui.first_steps import EditorArea, whole_vault
from ui.i18n import translate as _t
from ui.notes_list import NotesList
from ui.sidebar import Sidebar
from ui.tasks import Task, user_message
from ui.widgets import make_action

if TYPE_CHECKING:
    from collections.abc import Callable

    from influence_desk.desk import NoteFilter, SearchHit
    from ui.catalog import Catalog
    from ui.export_dialog import ScopeChoice
    from ui.long_work import LongWork
    from ui.session import Session

SEARCH_DEBOUNCE_MS = 200
SEARCH_LIMIT = 200


def typing_query(text: str) -> str:
    """While typing, the last word is a prefix: 'geotar' finds 'geotargeting'."""
    stripped = text.rstrip()
    if not stripped or text != stripped or stripped.endswith(('"', "*")):
        return stripped
    if re.search(r"\w$", stripped):
        return stripped + "*"
    return stripped


def _search_box(clear: Callable[[], None]) -> QLineEdit:
    """The search box; the window puts it beside the tabs, where every tab shows it. Escape
    in it calls ``clear``."""
    edit = QLineEdit()
    edit.setObjectName("searchBox")
    edit.setPlaceholderText(_t("NotesPage", "Search notes  (Ctrl+F)"))
    edit.setAccessibleName(_t("NotesPage", "Search notes"))
    edit.setToolTip(
        _t("NotesPage", 'Words match anywhere; "exact phrase"; OR between alternatives. '
                        "Identity holders may type a real name.")
    )  # fmt: skip
    edit.setClearButtonEnabled(True)
    edit.setMinimumWidth(220)  # the tabs beside it need the room on 1024 px
    edit.addAction(
        edit.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogContentsView),
        QLineEdit.ActionPosition.LeadingPosition,
    )
    action = QAction(_t("NotesPage", "Clear the search"), edit)
    action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
    action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    action.triggered.connect(clear)
    edit.addAction(action)
    return edit


class NotesPage(QWidget):
    show_requested = Signal()  # bring the Notes tab forward (a search, "show notes of …")
    catalog_stale = Signal()  # notes were added or removed: counts and names to read again
    status = Signal(str)  # what the status bar says

    def __init__(
        self, session: Session, catalog: Catalog, long_work: LongWork,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("notesTab")
        self.session = session
        self.catalog = catalog
        self._long_work = long_work
        self.note_filter: NoteFilter | None = None
        self._search_generation = 0
        self._search_task: Task | None = None
        self._torn_down = False
        self.import_dialog: QDialog | None = None  # File › Import notes, while open
        self._open_after_load: str | None = None
        self._select_after_load: str | None = None
        self._select_row_after_load: int | None = None
        self._first_load = False

        self.search_edit = _search_box(self._clear_search)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.sidebar = Sidebar()
        self.list = NotesList(session, catalog)
        self.model, self.table = self.list.model, self.list.table
        self.filters = FilterPanel(session)  # combined filters; saved searches
        list_layout = self.list.layout()
        if isinstance(list_layout, QVBoxLayout):
            list_layout.insertWidget(1, self.filters)
        self.editor = NoteEditor(session, catalog)
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.list)
        self.editor_area = EditorArea(self.editor)  # first steps while no note is open
        self.editor.note_open_changed.connect(self.editor_area.show_note)
        self.splitter.addWidget(self.editor_area)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setSizes([230, 560, 610])
        outer.addWidget(self.splitter)
        self._build_actions()

        self.sidebar.filter_changed.connect(self.filters.from_sidebar)
        self.sidebar.saved_chosen.connect(self.filters.choose_saved)
        self.filters.filter_changed.connect(self._filter_changed)
        self.filters.saved_changed.connect(self.sidebar.set_saved)
        self.filters.query_chosen.connect(self.search_edit.setText)
        self.filters.problem.connect(self.status)
        self.filters.current_query = lambda: self.search_edit.text().strip()
        self.filters.source_name = lambda sid: getattr(self.catalog.source(sid), "pseudonym", "")
        # Reading order: the filters sit between the list's head and the list.
        chain = [self.list.new_button, *self.filters.focus_chain(), self.table]
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.model.modelReset.connect(self._update_count)
        self.model.loaded.connect(self._list_loaded)
        self.model.load_failed.connect(self.status)
        self.search_edit.textChanged.connect(self._search_changed)
        self.search_edit.returnPressed.connect(self._search_now)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._search_timer.timeout.connect(self._run_search)

    # --- building ------------------------------------------------------------------------

    def _build_actions(self) -> None:
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
        self.trash_action = make_action(
            self, self.tr("&Trash…"), slot=self.open_trash,
            tip=self.tr("Deleted notes: restore one, or empty the trash"),
        )  # fmt: skip
        self.note_history_action = make_action(
            self, self.tr("Note &history…"), slot=self.open_note_history,
            tip=self.tr("Every version of the open note: what each change did, by whom, when"),
        )  # fmt: skip
        self.import_action = make_action(
            self, self.tr("&Import notes…"), shortcut="Ctrl+Shift+O", slot=self.import_notes,
            tip=self.tr("Import notes: JSON lines, CSV, Markdown notes or a REFI-QDA project"),
        )  # fmt: skip
        for action in self.edit_actions():
            action.setEnabled(self.session.can_write)
        menu = QMenu(self.list.new_button)
        menu.addAction(self.booth_action)
        menu.addAction(self.interview_action)
        self.list.new_button.setMenu(menu)
        self.list.new_button.setDefaultAction(self.new_action)
        self.list.new_button.setText(self.tr("New note"))

    def edit_actions(self) -> list[QAction]:
        return [self.new_action, self.booth_action, self.interview_action, self.delete_action,
                self.import_action, self.trash_action]  # fmt: skip

    # --- moving around -------------------------------------------------------------------

    def show_notes_for(self, key: tuple[str, str]) -> None:
        self.show_requested.emit()
        self.search_edit.clear()
        self.sidebar._select_key(key)

    def focus_search(self) -> None:
        self.show_requested.emit()
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def focus_list(self) -> None:
        self.show_requested.emit()
        self.table.setFocus()

    def focus_editor(self) -> None:
        self.show_requested.emit()
        if self.editor.body.isEnabled():
            self.editor.body.setFocus()

    def select_note(self, note_id: str, *, open_it: bool = True) -> None:
        self.list.select_note(note_id, open_it=open_it)

    # --- search --------------------------------------------------------------------------

    def _search_changed(self, text: str) -> None:
        self.show_requested.emit()
        if not text.strip():
            self._search_timer.stop()
            self._search_generation += 1
            self.reload_list()
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
            self.list.show_search_columns(True)
            if current:
                self.select_note(current, open_it=False)

        def failed(exc: BaseException) -> None:
            if generation == self._search_generation:
                self.status.emit(user_message(exc))

        self._search_task = Task(job, on_done=done, on_error=failed).start()

    def search_idle(self) -> bool:
        """No search waiting or running (for tests and benches)."""
        return not self._search_timer.isActive() and not (
            self._search_task is not None and self._search_task.running
        )

    # --- notes ---------------------------------------------------------------------------

    def new_note(self, kind: NoteKind, *, template: bool = False) -> None:
        if not self.session.can_write:
            return
        self.show_requested.emit()
        event_name = ""
        if self.note_filter is not None and self.note_filter.event_id:
            event = self.catalog.event(self.note_filter.event_id)
            event_name = event.name if event else ""
        elif template and self.editor.note_id is not None:
            event_name = self.editor.event_edit.text()
        self.table.selectionModel().clearSelection()
        self.editor.new_note(kind, template=template, event_name=event_name)

    def show_saved(self, note_id: str) -> None:
        """The editor stored ``note_id``: its row shows it, or the list finds it."""
        if self.model.row_of(note_id) < 0:
            if self.search_edit.text().strip():
                self._run_search()
            else:
                self.reload_list(select=note_id)
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
            informative=self.tr("It goes to the trash (File › Trash): out of every list, "
                                "search and export, and back with Restore until the trash is "
                                "emptied. This is a signed history entry."),
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
            self.status.emit(user_message(exc))
            return
        self.editor.clear()
        self._select_row_after_load = max(row, 0)
        self.reload_list()
        self.catalog_stale.emit()

    def open_note_history(self) -> None:
        note_id = self.editor.note_id
        if note_id is None or not self.editor.flush():
            return
        from ui.version_diff import open_note_history

        self.note_history_dialog = open_note_history(self.session, note_id, self)
        if self.note_history_dialog is not None:
            self.note_history_dialog.restored.connect(self._restored)

    def _restored(self, note_id: str) -> None:
        """An older version is the note again: the editor and its row show it."""
        if self.editor.note_id == note_id:
            self.editor.reload()
        self.model.refresh_note(note_id)

    def open_trash(self) -> None:
        from ui.trash_view import TrashDialog

        self.trash_dialog = TrashDialog(self.session, self)
        self.trash_dialog.changed.connect(self.reload_list)
        self.trash_dialog.changed.connect(self.catalog_stale.emit)
        self.trash_dialog.open()

    def import_notes(self, path: str | None = None) -> None:
        """All or nothing, in a worker with progress (ui/notes_import.py)."""
        from ui.notes_import import import_notes

        import_notes(self, path)

    def export_scope(self) -> ScopeChoice:
        """What an export can cover from here: the filter, the search, the selected notes."""
        from ui.export_dialog import ScopeChoice

        query = self.search_edit.text().strip() if self.model.searching else ""
        label = self.filters.label()  # the combined filters in words
        filtered = self.note_filter is not None and bool(label)
        try:
            with self.session.gui() as desk:
                from influence_desk.desk import NoteFilter

                count = desk.count_notes(self.note_filter or NoteFilter())
        except Exception:
            count = self.model.rowCount()
        return ScopeChoice(
            filter=self.note_filter, filter_label=str(label) if filtered else "",
            filter_count=count, query=typing_query(query) if query else "",
            query_count=self.model.rowCount() if query else 0,
            selected_ids=self.list.selected_ids(),
        )  # fmt: skip

    # --- the list ------------------------------------------------------------------------

    def start(self, resume_note: str | None) -> None:
        self.note_filter = self.filters.current_filter()
        self._first_load = True
        self.reload_list(select=resume_note)
        self._open_after_load = resume_note
        self.table.setFocus()

    def list_ready(self) -> bool:
        """The notes list shows what was last asked for (for tests and benches)."""
        return not self.model.loading

    def _filter_changed(self, note_filter: NoteFilter) -> None:
        self.note_filter = note_filter
        if self.search_edit.text().strip():
            self._run_search()
        else:
            self.reload_list()

    def reload_list(self, select: str | None = None) -> None:
        """Read the list again (in a worker); ``select`` that note when it arrives."""
        self._select_after_load = select or self.editor.note_id
        if not self.model.searching:
            self.list.list_count.setText(self.tr("loading…"))
        self.model.load(self.note_filter)

    def _list_loaded(self) -> None:
        self.list.show_search_columns(False)
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
        title, count = self.list.list_title, self.list.list_count
        if self.model.searching:
            title.setText(self.tr("Search results"))
            more = n >= SEARCH_LIMIT
            count.setText(
                self.tr("{}+ best matches").format(n) if more else self.tr("{} found").format(n)
            )
        else:
            title.setText(self.filters.label() or self.tr("All notes"))  # all the filters
            self.editor_area.steps.set_empty(n == 0 and whole_vault(self.note_filter))
            count.setText(self.tr("{} notes").format(n) if n != 1 else self.tr("1 note"))

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        note_id = self.model.note_id(current.row()) if current.isValid() else None
        if note_id and note_id != self.editor.note_id:
            self.editor.open_note(note_id)

    # --- locking -------------------------------------------------------------------------

    def stop(self) -> None:
        if self._search_task is not None and self._search_task.running:
            self._search_task.abandon()

    def teardown(self) -> None:
        self._torn_down = True
        self._search_timer.stop()
        self._search_generation += 1
        self.stop()
        self.editor.teardown()
        self.model.clear()
        self.sidebar.clear()
        self.search_edit.setText("")
