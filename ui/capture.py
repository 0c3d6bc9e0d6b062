"""Capture defaults: what the editor makes of an event or organisation typed for the first
time. A booth visit's new event is a trade fair on the note's day (a new note: today); an
interview's is a scheduled interview; a new organisation's kind is inferred from its name,
and asked for (inline, never a modal in the middle of typing) when the name does not say."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from influence_desk.model import EventKind, NoteKind, Organisation, OrgType
from ui import labels

if TYPE_CHECKING:
    from influence_desk.desk import Desk, NoteDraft
    from ui.note_fields import NoteFields
    from ui.session import Session

# The name says what kind of event it is, whatever the note is. A word ending in "*" is a
# stem found anywhere (compounds: "Datenanalyse", "PolitTech"); others are whole words.
_EVENT_WORDS: tuple[tuple[EventKind, tuple[str, ...]], ...] = (
    (EventKind.TRADE_FAIR, ("expo*", "messe*", "fair", "fairs", "salon", "feria", "fiera",
                            "beurs", "targi", "veletrh", "trade show", "exhibition*",
                            "ausstellung*")),
    (EventKind.PANEL, ("panel*", "podium*", "roundtable", "round table")),
    (EventKind.CONFERENCE, ("conference*", "konferenz*", "summit*", "gipfel*", "forum",
                            "congress*", "kongress*", "symposium*", "tagung*", "convention*",
                            "camp", "days", "week")),
)  # fmt: skip
_EVENT_FOR_NOTE = {
    NoteKind.BOOTH: EventKind.TRADE_FAIR,
    NoteKind.INTERVIEW: EventKind.SCHEDULED_INTERVIEW,
    NoteKind.OBSERVATION: EventKind.CONFERENCE,
    NoteKind.DESK: EventKind.DESK_RESEARCH,
}

# Order matters: "Data Analytics" is an analytics firm, "Campaign Tech" a vendor.
_ORG_WORDS: tuple[tuple[OrgType, tuple[str, ...]], ...] = (
    (OrgType.PARTY, ("party", "partei", "parti", "partido", "partito", "partij", "partia",
                     "cdu", "csu", "spd", "fdp", "afd", "grüne", "labour", "tories",
                     "democrats", "republicans", "conservatives")),
    (OrgType.ANALYTICS, ("analytic*", "analyse*", "analysis", "research*", "insight*",
                         "polling", "survey*", "umfrage*", "demoskop*", "forschung*",
                         "metrics", "statistic*")),
    (OrgType.CONSULTANCY, ("consult*", "beratung*", "berater*", "advisory", "advisors",
                           "strateg*", "public affairs", "lobby*")),
    (OrgType.AGENCY, ("agency", "agentur*", "agence", "agencia", "media", "communication*",
                      "kommunikation*", "advertis*", "werbung*", "creative*", "pr")),
    (OrgType.PLATFORM_VENDOR, ("software*", "platform*", "plattform*", "app", "apps", "crm",
                               "cloud*", "tech*", "labs", "systems", "solutions", "io")),
    (OrgType.DATA_BROKER, ("data*", "daten*", "broker*", "voter file*", "lists",
                           "adressen*")),
)  # fmt: skip


def _has(words: tuple[str, ...], name: str) -> bool:
    folded = name.casefold()
    tokens = set(re.findall(r"\w+", folded))
    for word in words:
        if word.endswith("*"):
            if word[:-1] in folded:
                return True
        elif (" " in word and word in folded) or word in tokens:
            return True
    return False


def event_kind_for(name: str, note_kind: NoteKind) -> EventKind:
    for kind, words in _EVENT_WORDS:
        if _has(words, name):
            return kind
    return _EVENT_FOR_NOTE.get(note_kind, EventKind.DESK_RESEARCH)


def infer_org_type(name: str) -> OrgType | None:
    """The kind an organisation's name says it is, or None (then the user is asked)."""
    for kind, words in _ORG_WORDS:
        if _has(words, name):
            return kind
    return None


@dataclass(frozen=True)
class Resolved:
    draft: NoteDraft
    created: bool  # an event or organisation was named for the first time


def resolve_new(draft: NoteDraft) -> Resolved:
    """The defaults above for an event and organisations typed for the first time. Nothing
    is written here: the draft carries them (``new_event``, ``new_organisations``) and the
    core finds each by name or creates it as given, in the note's own transaction."""
    event = draft.new_event
    if event is not None:
        kind = event_kind_for(event.name, draft.kind)
        day = draft.occurred_at.date() if kind != EventKind.DESK_RESEARCH else None
        event = replace(event, kind=kind, start_date=day, end_date=day)
    orgs = tuple(
        replace(o, type=infer_org_type(o.name) or OrgType.OTHER) for o in draft.new_organisations
    )
    if event is None and not orgs:
        return Resolved(draft, False)
    return Resolved(replace(draft, new_event=event, new_organisations=orgs), True)


def unknown_kinds(desk: Desk, known: set[str]) -> tuple[Organisation, ...]:
    """Organisations a save just created whose name says no kind: the ones to ask about."""
    return tuple(o for o in desk.organisations() if o.id not in known and o.type == OrgType.OTHER)


def naming_in_progress(fields: NoteFields) -> bool:
    """The cursor is in the event or organisations field on a name the vault does not know
    yet and that is not finished (no comma after it, the field not left)."""
    event = fields.event_edit
    text = event.text().strip()
    if event.hasFocus() and text and fields.catalog.event_named(text) is None:
        return True
    orgs = fields.orgs_edit
    if orgs.hasFocus():
        text, at = orgs.text(), orgs.cursorPosition()
        start = text.rfind(",", 0, at) + 1
        end = text.find(",", at)
        token = text[start : len(text) if end < 0 else end].strip()
        if token and end < 0 and fields.catalog.organisation_named(token) is None:
            return True
    return False


class OrgKindPrompt(QFrame):
    """Under the fields: "New organisation X — what kind is it?" with a choice and Set."""

    changed = Signal()  # an organisation's kind was set

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("orgKindPrompt")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.session = session
        self._queue: list[Organisation] = []
        column = QVBoxLayout(self)  # the question on its own line, the answers below it
        column.setContentsMargins(8, 4, 8, 4)
        column.setSpacing(4)
        row = QHBoxLayout()
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.kind = QComboBox()
        self.kind.setAccessibleName(self.tr("Kind of organisation"))
        for kind in OrgType:
            self.kind.addItem(labels.org_type(kind), kind)
        self.set_button = QPushButton(self.tr("Set"))
        self.set_button.clicked.connect(self._set)
        self.later_button = QPushButton(self.tr("Leave as Other"))
        self.later_button.clicked.connect(self._next)
        column.addWidget(self.label)
        column.addLayout(row)
        row.addWidget(self.kind)
        row.addWidget(self.set_button)
        row.addWidget(self.later_button)
        row.addStretch(1)
        self.hide()

    def ask(self, orgs: tuple[Organisation, ...]) -> None:
        self._queue.extend(o for o in orgs if all(q.id != o.id for q in self._queue))
        self._show_first()

    def clear(self) -> None:
        self._queue.clear()
        self.hide()

    def current(self) -> Organisation | None:
        return self._queue[0] if self._queue else None

    def _show_first(self) -> None:
        org = self.current()
        if org is None:
            self.hide()
            return
        self.label.setText(self.tr("New organisation “{}”: what kind is it?").format(org.name))
        self.kind.setCurrentIndex(self.kind.findData(OrgType.OTHER))
        self.show()

    def _next(self) -> None:
        if self._queue:
            self._queue.pop(0)
        self._show_first()

    def _set(self) -> None:
        org = self.current()
        if org is None:
            return
        try:
            with self.session.gui() as desk:
                desk.update_organisation(replace(org, type=OrgType(self.kind.currentData())))
        except Exception as exc:
            from ui.tasks import user_message

            self.label.setText(user_message(exc))
            return
        self.changed.emit()
        self._next()
