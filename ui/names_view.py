"""People named in notes who are not registered: the "Names to review" tab, the review list
of the export dialog, and what the editor does with a candidate under the cursor.

Every candidate comes with the sentence it was found in (as the viewer sees it: pseudonyms
for registered sources) and three answers: register the person as a source (the dialog is
filled with the name, the contact details written on that line and the note's
organisation), a public person (kept as written), or not a person. Decisions are signed
history entries (``influence_desk.reviews``); a public export waits for all of them.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from influence_desk.candidates import Exclusions
from influence_desk.model import Detection
from influence_desk.reviews import (
    EVERYTHING,
    Printed,
    ReviewCandidate,
    ReviewState,
    StateBook,
    candidates,
    decide_key,
    exclusions_for,
    find_in_text,
    is_public_profile,
    printed_by,
    record_decision,
)
from ui.session import Session
from ui.tasks import Task, user_message
from ui.widgets import heading, muted

_CONTACT_KINDS = frozenset({"email", "phone", "handle"})


@dataclass(frozen=True)
class SourcePrefill:
    """What the register-source dialog starts with."""

    name: str = ""
    contacts: tuple[str, ...] = ()
    organisation_id: str | None = None


def contacts_in(text: str) -> tuple[str, ...]:
    """E-mail addresses, phone numbers and handles written in ``text``, in order."""
    from influence_desk.detect import detect_identifiers

    found = detect_identifiers(text, suggest_names=False)
    return tuple(dict.fromkeys(d.text for d in found if d.kind in _CONTACT_KINDS))


def apply_prefill(dialog: Any, prefill: SourcePrefill) -> None:
    """Fill a ``ui.dialogs.SourceDialog`` from ``prefill`` (its fields stay editable)."""
    if prefill.name:
        dialog.real_name.setText(prefill.name)
    if prefill.contacts:
        dialog.contact.setText(", ".join(prefill.contacts))
    if prefill.organisation_id:
        index = dialog.organisation.findData(prefill.organisation_id)
        if index >= 0:
            dialog.organisation.setCurrentIndex(index)


def state_label(state: ReviewState) -> str:
    return {
        ReviewState.PENDING: QCoreApplication.translate("NamesReview", "To review"),
        ReviewState.PUBLIC: QCoreApplication.translate("NamesReview", "Public person"),
        ReviewState.NOT_PERSON: QCoreApplication.translate("NamesReview", "Not a person"),
    }[state]


# --- the editor ----------------------------------------------------------------------------


class EditorPeople:
    """Candidates for one editor: found with the vault's exclusions (registered names,
    organisations, events, terms), pending ones underlined; the decision under the cursor."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._exclusions: Exclusions | None = None
        self._book: StateBook | None = None

    def forget(self) -> None:
        self._exclusions = None
        self._book = None

    def _load(self) -> bool:
        if self._exclusions is not None:
            return True
        if not self.session.can_reveal:
            return False
        try:
            with self.session.gui() as desk:
                self._exclusions = exclusions_for(desk)
                self._book = StateBook(desk)
        except Exception:  # busy or locked: no underlines this time, asked again later
            return False
        return True

    def pending_in(self, text: str) -> list[Detection]:
        """Pending candidates in one paragraph, as ``person`` detections."""
        if not self._load():
            return []
        assert self._exclusions is not None and self._book is not None
        found = find_in_text(text, self._exclusions)
        return [Detection(c.start, c.end, "person", c.name) for c in found
                if self._book.state(c.key) == ReviewState.PENDING]  # fmt: skip

    def decide(self, name: str, state: ReviewState) -> str:
        """Record a decision for ``name`` (a candidate under the cursor); "" or the reason
        it was not done."""
        try:
            with self.session.gui() as desk:
                record_decision(desk, name, state)
        except Exception as exc:
            return user_message(exc)
        self._book = None
        self._exclusions = None
        return ""


def merge_people(identifiers: Sequence[Detection], people: Sequence[Detection]
                 ) -> tuple[Detection, ...]:  # fmt: skip
    """Identifiers and person candidates in one sorted tuple; an identifier wins an overlap."""
    kept = [p for p in people
            if not any(d.start < p.end and p.start < d.end for d in identifiers)]  # fmt: skip
    return tuple(sorted([*identifiers, *kept], key=lambda d: (d.start, d.end)))


def prefill_from_line(name: str, line: str, organisation_ids: Sequence[str]) -> SourcePrefill:
    """The register dialog's start: the name, the contacts on its line, the note's first
    organisation."""
    return SourcePrefill(
        name.strip(), contacts_in(line), organisation_ids[0] if organisation_ids else None
    )


# --- the review list -------------------------------------------------------------------------


class NamesReview(QWidget):
    """Candidates with their context and the three answers."""

    register_requested = Signal(object)  # SourcePrefill
    changed = Signal()  # a decision was recorded
    pending_changed = Signal(int)  # how many are still to review

    def __init__(self, session: Session, *, compact: bool = False,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("namesReview")
        self.session = session
        self.note_ids: Sequence[str] | None = None
        self.scope: Any = None
        self.printed: Printed = EVERYTHING
        self.found: list[ReviewCandidate] = []
        self._task: Task | None = None
        self._generation = 0

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.status = muted()
        layout.addWidget(self.status)
        splitter = QSplitter(Qt.Orientation.Vertical if compact else Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        self.list = QTreeWidget()
        self.list.setObjectName("namesList")
        self.list.setAccessibleName(self.tr("People named in notes"))
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setHeaderLabels([self.tr("Name"), self.tr("State"), self.tr("Notes")])
        header = self.list.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.list.currentItemChanged.connect(lambda *_: self._show_current())
        splitter.addWidget(self.list)

        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        self.context = QTextBrowser()
        self.context.setObjectName("namesContext")
        self.context.setAccessibleName(self.tr("Where the name appears"))
        self.context.setOpenLinks(False)
        detail_layout.addWidget(self.context, 1)
        buttons = QHBoxLayout()
        self.register_button = QPushButton(self.tr("&Register as source…"))
        self.register_button.setToolTip(
            self.tr("Register this person: the name becomes a pseudonym in every note")
        )
        self.public_button = QPushButton(self.tr("&Public person"))
        self.public_button.setToolTip(
            self.tr("A public figure (a minister, a keynote speaker): kept as written")
        )
        self.not_person_button = QPushButton(self.tr("&Not a person"))
        self.not_person_button.setToolTip(self.tr("A product, a venue, a word: no person"))
        for button in (self.register_button, self.public_button, self.not_person_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        detail_layout.addLayout(buttons)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 3 if not compact else 2)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)

        self.register_button.clicked.connect(self._register)
        self.public_button.clicked.connect(lambda: self._decide(ReviewState.PUBLIC))
        self.not_person_button.clicked.connect(lambda: self._decide(ReviewState.NOT_PERSON))
        self._show_current()

    # --- loading ----------------------------------------------------------------------------

    def load(self, note_ids: Sequence[str] | None = None, *, scope: Any = None,
             printed: Printed = EVERYTHING) -> None:  # fmt: skip
        """Find the candidates of these notes (all notes by default, or an export's
        ``ExportScope``, in what that export prints) in a worker."""
        self.note_ids = note_ids
        self.scope = scope
        self.printed = printed
        self._generation += 1
        generation = self._generation
        if not self.session.can_reveal:
            self._set_found([])
            self.status.setText(
                self.tr("Only researchers and leads can review the people named in notes.")
            )
            return
        session = self.session
        wanted = None if note_ids is None else list(note_ids)

        def job(progress, cancel) -> list[ReviewCandidate]:
            from influence_desk.export.service import chosen_note_ids

            with session.worker() as desk:
                ids = wanted if scope is None else chosen_note_ids(desk, scope)
                return candidates(desk, ids, printed=printed, progress=progress,
                                  cancel=cancel)  # fmt: skip

        def done(found: list[ReviewCandidate]) -> None:
            if generation == self._generation:
                self._set_found(found)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self.status.setText(user_message(exc))

        self.status.setText(self.tr("Looking for people named in the notes…"))
        if self._task is not None and self._task.running:
            self._task.abandon()
        self._task = Task(job, on_done=done, on_error=failed).start()

    @property
    def loading(self) -> bool:
        return self._task is not None and self._task.running

    def pending(self) -> list[ReviewCandidate]:
        return [c for c in self.found if c.state == ReviewState.PENDING]

    def _set_found(self, found: list[ReviewCandidate]) -> None:
        current = self.current()
        keep = current.key if current is not None else None
        self.found = found
        self.list.clear()
        for cand in found:
            item = QTreeWidgetItem(
                [cand.name, state_label(cand.state), str(len(cand.note_ids))]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, cand.key)
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.list.addTopLevelItem(item)
        row = next((i for i, c in enumerate(found) if c.key == keep), 0 if found else -1)
        if row >= 0:
            self.list.setCurrentItem(self._items()[row])
        self._update_status()
        self._show_current()

    def _update_status(self) -> None:
        pending = len(self.pending())
        if not self.found:
            self.status.setText(self.tr("No unregistered people are named in these notes."))
        elif pending == 1:
            self.status.setText(self.tr("1 person named in these notes is not reviewed yet."))
        elif pending:
            self.status.setText(
                self.tr("{} people named in these notes are not reviewed yet.").format(pending)
            )
        else:
            self.status.setText(self.tr("Every person named in these notes is reviewed."))
        self.pending_changed.emit(pending)

    def clear(self) -> None:
        self._generation += 1
        if self._task is not None and self._task.running:
            self._task.abandon()
        self.found = []
        self.list.clear()
        self.context.clear()
        self.status.clear()
        self.pending_changed.emit(0)

    # --- the current candidate ---------------------------------------------------------------

    def current(self) -> ReviewCandidate | None:
        item = self.list.currentItem()
        if item is None:
            return None
        key = item.data(0, Qt.ItemDataRole.UserRole)
        return next((c for c in self.found if c.key == key), None)

    def select(self, name: str) -> bool:
        for item in self._items():
            if item.text(0) == name:
                self.list.setCurrentItem(item)
                return True
        return False

    def _items(self) -> list[QTreeWidgetItem]:
        items = (self.list.topLevelItem(i) for i in range(self.list.topLevelItemCount()))
        return [item for item in items if item is not None]

    def _show_current(self) -> None:
        cand = self.current()
        writable = self.session.can_write and self.session.can_reveal
        for button in (self.register_button, self.public_button, self.not_person_button):
            button.setEnabled(cand is not None and writable)
        if cand is None:
            self.context.clear()
            return
        self.public_button.setEnabled(writable and cand.state != ReviewState.PUBLIC)
        self.not_person_button.setEnabled(writable and cand.state != ReviewState.NOT_PERSON)
        parts = []
        for mention in cand.mentions[:12]:
            s = mention.sentence
            parts.append(
                "<p><span style='color: palette(mid)'>" + html.escape(mention.note_title)
                + "</span><br>" + html.escape(s[: mention.name_start]) + "<b>"
                + html.escape(s[mention.name_start : mention.name_end]) + "</b>"
                + html.escape(s[mention.name_end :]) + "</p>"
            )  # fmt: skip
        more = len(cand.mentions) - 12
        if more > 0:
            parts.append("<p><i>" + html.escape(self.tr("…and {} more.").format(more)) + "</i></p>")
        self.context.setHtml("".join(parts))

    def _decide(self, state: ReviewState) -> None:
        cand = self.current()
        if cand is None:
            return
        session = self.session

        def job(_progress, _cancel) -> ReviewCandidate:
            with session.worker() as desk:
                return decide_key(desk, cand, state)

        def done(decided: ReviewCandidate) -> None:
            self.found = [decided if c.key == decided.key else c for c in self.found]
            for item in self._items():
                if item.data(0, Qt.ItemDataRole.UserRole) == decided.key:
                    item.setText(1, state_label(decided.state))
            self._update_status()
            self._show_current()
            self.changed.emit()

        def failed(exc: BaseException) -> None:
            self.status.setText(user_message(exc))

        Task(job, on_done=done, on_error=failed).start()

    def _register(self) -> None:
        cand = self.current()
        if cand is None or not cand.mentions:
            return
        mention = cand.mentions[0]
        session = self.session

        def job(_progress, _cancel) -> tuple[str, ...]:
            with session.worker() as desk:
                return tuple(desk.note(mention.note_id).note.organisation_ids)

        def done(orgs: tuple[str, ...]) -> None:
            self.register_requested.emit(prefill_from_line(cand.name, mention.sentence, orgs))

        Task(job, on_done=done, on_error=lambda exc: self.status.setText(user_message(exc))
             ).start()  # fmt: skip


class NamesPage(QWidget):
    """The "Names to review" tab: every candidate in the vault."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("namesPage")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        top = QHBoxLayout()
        top.addWidget(heading(self.tr("Names to review"), 1.25))
        top.addStretch(1)
        self.refresh_button = QPushButton(self.tr("Look a&gain"))
        self.refresh_button.setToolTip(self.tr("Look through every note again"))
        top.addWidget(self.refresh_button)
        layout.addLayout(top)
        layout.addWidget(muted(self.tr(
            "People named in the notes who are not registered as sources. A public export "
            "waits until each is reviewed: register the person (the name becomes a "
            "pseudonym everywhere), or say it is a public person or not a person."
        )))  # fmt: skip
        self.review = NamesReview(session)
        layout.addWidget(self.review, 1)
        self.refresh_button.clicked.connect(lambda: self.review.load())
        self.stale = True

    @staticmethod
    def tab_title(pending: int) -> str:
        if pending:
            return QCoreApplication.translate("NamesReview", "Names to review ({})").format(pending)
        return QCoreApplication.translate("NamesReview", "Names to review")

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self.stale:
            self.stale = False
            self.review.load()

    def mark_stale(self) -> None:
        """Notes or sources changed: look again when shown (now, if shown)."""
        if self.isVisible():
            self.stale = False
            self.review.load()
        else:
            self.stale = True




class ExportNamesBox(QGroupBox):
    """The export dialog's review list: the candidates of the notes about to be exported.
    A public export waits for them; a team brief only warns."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportNames")
        layout = QVBoxLayout(self)
        self.review = NamesReview(session, compact=True)
        # Small but whole: the dialog grows to fit it (three rows, two lines of context,
        # the buttons) rather than clipping the buttons on a small screen.
        self.review.list.setMinimumHeight(72)
        self.review.context.setMinimumHeight(52)
        layout.addWidget(self.review)
        self.hide()

    def show_for(self, profile: Any, scope: Any) -> None:
        """Look at what ``profile`` prints of the notes of ``scope``; hide for a report
        without note text."""
        if not profile.include_note_text:
            self.review.clear()
            self.hide()
            return
        public = is_public_profile(profile.include_note_text, profile.include_levels)
        self.setTitle(
            self.tr("Names to review before a public export") if public
            else self.tr("Names not reviewed (a team brief only warns)")
        )  # fmt: skip
        self.show()
        self.review.load(scope=scope, printed=printed_by(profile))

    def reload(self) -> None:
        if self.isVisible():
            self.review.load(scope=self.review.scope, printed=self.review.printed)
