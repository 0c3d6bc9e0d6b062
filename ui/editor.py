"""The note editor: when a note is loaded, saved (autosave), marked, revealed; its actions.

The fields and their layout are ui/note_fields.py; the body with its spans (redaction marks,
source references, underlined identifiers) is ui/body_edit.py.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QStyle, QVBoxLayout, QWidget

from influence_desk.model import MarkLevel, NoteKind
from influence_desk.reviews import ReviewState
from ui import editor_people, labels
from ui.attach_import import Target, from_paths, pasted_image
from ui.attachment_strip import AttachmentStrip
from ui.capture import OrgKindPrompt, naming_in_progress, resolve_new, unknown_kinds
from ui.file_drops import FileDrops
from ui.i18n import translate as _tr
from ui.names_view import EditorPeople
from ui.note_fields import NoteFields
from ui.session import Busy
from ui.tasks import user_message
from ui.widgets import make_action

if TYPE_CHECKING:
    from influence_desk.desk import NoteDraft, NoteView
    from ui.catalog import Catalog
    from ui.session import Session

AUTOSAVE_MS = 700


def templates() -> dict[NoteKind, tuple[str, str]]:
    """Quick-capture templates: a title to finish and a body of prompts."""
    return {
        NoteKind.BOOTH: (
            _tr("NoteEditor", "Booth: "),
            _tr(
                "NoteEditor",
                "Stand / hall:\nPeople met:\nWhat they sell:\nClaims made:\n"
                "Clients or campaigns named:\nData sources mentioned:\nMaterials taken:\n"
                "Follow up:\n",
            ),
        ),
        NoteKind.INTERVIEW: (
            _tr("NoteEditor", "Interview: "),
            _tr(
                "NoteEditor",
                "Who / role:\nSetting and consent given:\nKey claims:\nEvidence offered:\n"
                "Names and organisations mentioned:\nQuotes (exact words):\nFollow up:\n",
            ),
        ),
    }


# --- the editor ------------------------------------------------------------------------------


class NoteEditor(QWidget):
    saved = Signal(str, bool)  # note id, newly created
    register_requested = Signal(str)  # the name to prefill
    register_with = Signal(object)  # ui.names_view.SourcePrefill: name, contacts, organisation
    save_state_changed = Signal(str)
    note_open_changed = Signal(bool)  # a note (or a new one) is in the editor

    def __init__(self, session: Session, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noteEditor")
        self.session = session
        self.catalog = catalog
        self.note_id: str | None = None
        self.read_only = session.read_only
        self._loading = False
        self._dirty = False
        self._last_draft: NoteDraft | None = None
        self._revealed = False
        self.reveal_confirm: QMessageBox | None = None  # the open 'show real names?' question

        self.autosave = QTimer(self)
        self.autosave.setSingleShot(True)
        self.autosave.setInterval(AUTOSAVE_MS)
        self.autosave.timeout.connect(self._autosave_due)
        self._reveal_timer = QTimer(self)
        self._reveal_timer.setSingleShot(True)
        self._reveal_timer.setInterval(10_000)
        self._reveal_timer.timeout.connect(self.hide_names)

        self._build()
        self.people = EditorPeople(session)
        self.body.highlighter.people = self.people.pending_in
        self._build_actions()
        self.set_enabled_for_note(False)

    # --- layout ---------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.fields = NoteFields(self.catalog)
        layout.addWidget(self.fields)
        f = self.fields
        # The widgets by their names, for the window, the names review, tests and benches.
        self.title_edit, self.state_label = f.title_edit, f.state_label
        self.kind_combo, self.when_edit, self.now_button = f.kind_combo, f.when_edit, f.now_button
        self.event_edit, self.orgs_edit = f.event_edit, f.orgs_edit
        self.sources_edit, self.tags_edit = f.sources_edit, f.tags_edit
        self.summary_edit, self.body = f.summary_edit, f.body
        self.field_warning, self.reveal_banner = f.field_warning, f.reveal_banner
        f.changed.connect(self._changed)
        # Photos, PDFs, audio of the note: the button, files dropped anywhere on the editor,
        # an image pasted into the body.
        self.attachments = AttachmentStrip(self.session, self, before_attach=self._attach_target)
        self.attachments.message.connect(self._set_state)
        self.attachments.outer.setContentsMargins(10, 0, 10, 6)  # in line with the fields
        layout.addWidget(self.attachments)
        self.body.image_pasted.connect(
            lambda image: self.attachments.attach([pasted_image(image)])
        )
        self.file_drops = FileDrops(
            self, lambda paths: self.attachments.attach(from_paths(paths)),
            enabled=lambda: self.attachments.editable and self.title_edit.isEnabled(),
        )  # fmt: skip
        self.org_prompt = OrgKindPrompt(self.session)  # a new organisation's kind, asked
        self.org_prompt.changed.connect(
            lambda: self.saved.emit(self.note_id, True) if self.note_id else None
        )
        layout.addWidget(self.org_prompt)

    def _build_actions(self) -> None:
        ctx = Qt.ShortcutContext.WindowShortcut
        self.mark_team_action = make_action(
            self, self.tr("Mark &team"), shortcut="Ctrl+M", context=ctx,
            tip=self.tr("Mark the selection: team briefs only"),
            slot=lambda: self._mark(MarkLevel.TEAM),
        )  # fmt: skip
        self.mark_internal_action = make_action(
            self, self.tr("Mark &internal"), shortcut="Ctrl+Shift+M", context=ctx,
            tip=self.tr("Mark the selection: never leaves the vault"),
            slot=lambda: self._mark(MarkLevel.INTERNAL),
        )  # fmt: skip
        self.unmark_action = make_action(
            self, self.tr("&Unmark"), shortcut="Ctrl+Alt+M", context=ctx,
            tip=self.tr("Remove redaction marks from the selection"), slot=lambda: self._mark(None),
        )  # fmt: skip
        self.register_action = make_action(
            self, self.tr("&Register as source…"), shortcut="Ctrl+R", context=ctx,
            tip=self.tr("Register the selected name as a source; it becomes a pseudonym"),
            slot=self._register_selection,
        )  # fmt: skip
        self.reveal_action = make_action(
            self, self.tr("Show &real names for 10 s"), shortcut="Ctrl+Shift+R", context=ctx,
            tip=self.tr("Show this note with real names, briefly; recorded in history"),
            slot=self.reveal_names, icon=QStyle.StandardPixmap.SP_MessageBoxWarning,
        )  # fmt: skip
        self.public_person_action = make_action(
            self, self.tr("&Public person"), context=ctx,
            tip=self.tr("The underlined name is a public figure: kept as written"),
            slot=lambda: self._decide_name(ReviewState.PUBLIC),
        )  # fmt: skip
        self.not_person_action = make_action(
            self, self.tr("&Not a person"), context=ctx,
            tip=self.tr("The underlined words are no person"),
            slot=lambda: self._decide_name(ReviewState.NOT_PERSON),
        )  # fmt: skip
        self.body.extra_menu_actions = [
            self.mark_team_action, self.mark_internal_action, self.unmark_action,
            self.register_action, self.public_person_action, self.not_person_action,
        ]  # fmt: skip
        self.edit_actions = [
            self.mark_team_action, self.mark_internal_action, self.unmark_action,
            self.register_action, self.public_person_action, self.not_person_action,
        ]  # fmt: skip

    def actions_for_menu(self) -> list[Any]:
        return [*self.edit_actions, self.reveal_action]

    # --- catalog --------------------------------------------------------------------------

    def refresh_choices(self) -> None:
        self.fields.refresh_choices()
        self.people.forget()
        self.body.highlighter.forget()
        self.body.highlighter.rehighlight()

    # --- loading --------------------------------------------------------------------------

    def set_enabled_for_note(self, has_note: bool) -> None:
        editable = has_note and not self.read_only and not self._revealed
        self.fields.set_editable(has_note, editable)
        for action in self.edit_actions:
            action.setEnabled(editable)
        self.attachments.set_editable(editable)
        self.reveal_action.setEnabled(
            has_note and self.note_id is not None and self.session.can_reveal
            and not self._revealed
        )  # fmt: skip
        self.note_open_changed.emit(has_note)
        if not has_note:
            self.state_label.setText(self.tr("No note open"))
        elif self.read_only:
            self.state_label.setText(self.tr("Read-only"))

    def clear(self) -> None:
        self.autosave.stop()
        self._loading = True
        try:
            self.note_id = None
            self._last_draft = None
            self._dirty = False
            self.fields.clear_fields()
        finally:
            self._loading = False
        self._revealed = False
        self.reveal_banner.hide()
        self.attachments.clear()
        self.set_enabled_for_note(False)

    def open_note(self, note_id: str) -> bool:
        """Show a stored note; pending edits of the previous one are saved first."""
        if note_id == self.note_id and not self._revealed:
            return True
        if not self.flush():
            return False
        try:
            with self.session.gui() as desk:
                view = desk.note(note_id)
        except Exception as exc:
            self._set_state(user_message(exc))
            return False
        self._show_view(view)
        return True

    def _show_view(self, view: NoteView, revealed: bool = False) -> None:
        self._loading = True
        try:
            self.note_id = view.note.id
            self._revealed = revealed
            self.fields.show_note(view)
        finally:
            self._loading = False
        if self.attachments.target != Target(note_id=view.note.id):
            self.attachments.set_target(Target(note_id=view.note.id),
                                        editable=not self.read_only and not revealed)
        self._dirty = False
        self._last_draft = None if revealed else self._draft()
        self.set_enabled_for_note(True)
        if not self.read_only and not revealed:
            self._set_state(self.tr("Saved"))

    def new_note(self, kind: NoteKind = NoteKind.OBSERVATION, *, template: bool = False,
                 event_name: str = "") -> None:  # fmt: skip
        """An empty note in the editor; it is stored once something is typed."""
        if self.read_only or not self.flush():
            return
        self.clear()
        title, body = templates().get(kind, ("", "")) if template else ("", "")
        self._loading = True
        try:
            self.fields.show_new(kind, title, body, event_name)
        finally:
            self._loading = False
        self.set_enabled_for_note(True)
        self._last_draft = self._draft()  # an untouched template is not worth storing
        self._set_state(self.tr("New note — saved as you type"))
        self.title_edit.setFocus()
        self.title_edit.setCursorPosition(len(title))

    # --- saving ---------------------------------------------------------------------------

    def _changed(self) -> None:
        if self._loading or self.read_only or self._revealed:
            return
        if not self.title_edit.isEnabled():
            return
        self._dirty = True
        self.attachments.report.clear()  # read by now; each thumbnail's tip keeps it
        self._set_state(self.tr("Editing…"))
        self.autosave.start()

    def _set_state(self, text: str) -> None:
        self.state_label.setText(text)
        self.save_state_changed.emit(text)

    @property
    def dirty(self) -> bool:
        return self._dirty

    def flush(self, timeout: float = 0.25) -> bool:
        """Save now if anything is pending; False if it could not be saved. ``timeout``: how
        long to wait for a worker that holds the vault (locking waits longer)."""
        self.autosave.stop()
        if not self._dirty:
            return True
        return self.save(timeout)

    def _draft(self) -> NoteDraft:
        return self.fields.draft(stored=self.note_id is not None)

    def save(self, timeout: float = 0.25) -> bool:
        if self.read_only or self._revealed:
            return True
        self.autosave.stop()
        draft = self._draft()
        if draft == self._last_draft:
            self._dirty = False
            self._set_state(self.tr("Saved"))
            return True
        if self.note_id is None and not (draft.title or draft.body.strip() or draft.summary):
            self._dirty = False
            return True
        if not draft.title:
            from dataclasses import replace

            draft = replace(draft, title=self._fallback_title(draft))
        try:
            with self.session.gui(timeout) as desk:
                resolved = resolve_new(draft)  # ui.capture: defaults that fit
                draft = resolved.draft
                known = {o.id for o in desk.organisations()} if draft.new_organisations else None
                if self.note_id is None:
                    view = desk.add_note(draft)
                    is_new = True
                else:
                    view = desk.update_note(self.note_id, draft)
                    is_new = False
                unknown = unknown_kinds(desk, known) if known is not None else ()
        except Busy:
            self._set_state(self.tr("Waiting to save…"))
            self.autosave.start()
            return False
        except Exception as exc:
            self._set_state(self.tr("Not saved: {}").format(user_message(exc)))
            return False
        self.note_id = view.note.id
        if self.attachments.target is None:
            self.attachments.set_target(Target(note_id=view.note.id), editable=True)
        self._apply_saved(view)
        self._dirty = False
        self._set_state(self.tr("Saved {}").format(datetime.now().strftime("%H:%M:%S")))
        self.reveal_action.setEnabled(self.session.can_reveal)
        self.saved.emit(view.note.id, is_new or resolved.created)
        if resolved.created:  # the catalog was just reloaded with them
            self._loading = True
            try:
                self.fields.show_stored_names(view.note)
            finally:
                self._loading = False
            self._last_draft = self._draft()
        self.org_prompt.ask(unknown)
        return True

    def _attach_target(self) -> Target | None:
        """Attachments need a stored note: a new one is saved first."""
        if self.read_only or self._revealed:
            return None
        if not self.flush() or (self.note_id is None and not self.save()):
            return None
        if self.note_id is None:
            self._set_state(self.tr("Type a title or some text first; then attach"))
            return None
        return Target(note_id=self.note_id)

    def _autosave_due(self) -> None:
        """Not while a new event or organisation name is half typed ("Wahl" of "Wahlkampf
        Nord" would become one): saved once it is finished. A flush saves everything."""
        if naming_in_progress(self.fields):
            self.autosave.start()
            return
        self.save()

    def _fallback_title(self, draft: NoteDraft) -> str:
        first = next((ln.strip() for ln in draft.body.splitlines() if ln.strip()), "")
        return first[:80] if first else labels.note_kind(draft.kind)

    def _apply_saved(self, view: NoteView) -> None:
        self._loading = True
        try:
            self.fields.show_saved(view)
        finally:
            self._loading = False
        self._last_draft = self._draft()

    # --- marks, sources, reveal -------------------------------------------------------------

    def _mark(self, level: MarkLevel | None) -> None:
        if self.read_only or self._revealed or not self.body.isEnabled():
            return
        if not self.body.set_mark(level):
            start, end = self.body.selection()
            if start >= end:
                self._set_state(self.tr("Select some text of the note first"))

    def _register_selection(self) -> None:
        editor_people.register_selection(self)

    def _decide_name(self, state: ReviewState) -> None:
        editor_people.decide_name(self, state)

    def reveal_names(self) -> None:
        editor_people.reveal_names(self)

    def hide_names(self) -> None:
        editor_people.hide_names(self)

    def rebaseline(self) -> None:
        """Reference data was reloaded: what is on screen is what is stored."""
        if self.note_id is not None and not self._dirty and not self._revealed:
            self._last_draft = self._draft()

    def reload(self) -> None:
        """The stored note changed underneath (e.g. a source was registered)."""
        if self.note_id is None:
            return
        note_id, self.note_id = self.note_id, None
        self._dirty = False
        self.open_note(note_id)

    def teardown(self) -> None:
        self._reveal_timer.stop()
        self.autosave.stop()
        self.people.forget()  # registered names among the exclusions: not past a lock
        self.org_prompt.clear()
        self.attachments.clear()
        self.clear()
