"""What the Desk hands out and takes in: drafts, views, list rows, filters, search hits."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from influence_desk.model import (
    Detection,
    Event,
    Mark,
    Note,
    NoteKind,
    Organisation,
    SourceIdentity,
)
from influence_desk.pseudonyms import NameMatcher
from influence_desk.store import NoteWhere
from influence_desk.textformat import RefSpan

__all__ = ["NoteDraft", "NoteFilter", "NoteRow", "NoteView", "SearchHit"]


@dataclass(frozen=True)
class NoteDraft:
    """A note as the user typed it: real names allowed (they are replaced on save);
    ``marks`` are over ``body``.

    ``new_event`` and ``new_organisations`` are found by name, or created as given (ids
    ignored), with the note.
    ``kept_refs`` (optional) are the ``NoteView.refs`` an editor still holds after an edit,
    at their new positions in ``body``: the text under them is ignored and each keeps its
    source and original string. Without them, pseudonyms and names in the text are found
    again on save."""

    kind: NoteKind
    title: str
    occurred_at: datetime
    body: str = ""
    summary: str = ""
    event_id: str | None = None
    organisation_ids: tuple[str, ...] = ()
    source_ids: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    marks: tuple[Mark, ...] = ()
    kept_refs: tuple[RefSpan, ...] = ()
    # An event and organisations named for the first time (in the editor, an import line,
    # ``note add``): found by name or created in the note's own transaction, so a save that
    # fails leaves none of them behind.
    new_event: Event | None = None  # its id is ignored; found by name, or created as given
    new_organisations: tuple[Organisation, ...] = ()


@dataclass(frozen=True)
class NoteView:
    """A note rendered for a viewer: pseudonyms, or the exact original names when revealed.

    ``refs`` and ``detections`` are spans over ``note.body``; ``note.source_ids`` are the
    sources linked by hand and those mentioned in the text; ``explicit_source_ids`` only
    the ones linked by hand."""

    note: Note
    refs: tuple[RefSpan, ...] = ()
    detections: tuple[Detection, ...] = ()
    explicit_source_ids: tuple[str, ...] = ()
    revealed: bool = False


@dataclass(frozen=True)
class NoteRow:
    """One line of the notes list (title rendered with pseudonyms)."""

    id: str
    kind: NoteKind
    title: str
    occurred_at: datetime
    event_name: str
    organisation_names: tuple[str, ...]
    source_pseudonyms: tuple[str, ...]
    tags: tuple[str, ...]


def as_date(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


@dataclass(frozen=True)
class NoteFilter:
    kind: NoteKind | None = None
    event_id: str | None = None
    organisation_id: str | None = None
    source_id: str | None = None
    tag: str | None = None
    date_from: date | None = None  # inclusive
    date_to: date | None = None  # inclusive

    def where(self) -> NoteWhere:
        before = None
        if self.date_to is not None:
            before = (as_date(self.date_to) + timedelta(days=1)).isoformat()
        return NoteWhere(
            kind=NoteKind(self.kind).value if self.kind else None,
            event_id=self.event_id,
            organisation_id=self.organisation_id,
            source_id=self.source_id,
            tag=self.tag,
            occurred_from=as_date(self.date_from).isoformat() if self.date_from else None,
            occurred_before=before,
        )


@dataclass(frozen=True)
class SearchHit:
    """``snippet`` marks the matched terms with ``[`` and ``]``."""

    id: str
    title: str
    snippet: str
    rank: float


@dataclass
class Names:
    """What the Desk knows about sources in memory (identity holders only for names)."""

    pseudonyms: dict[str, str]  # source id -> pseudonym
    identities: dict[str, SourceIdentity] = field(default_factory=dict)
    matcher: NameMatcher | None = None  # names, aliases and pseudonyms -> source id


@dataclass
class Encoded:
    """A note's three text fields in stored form, their sealed-to-be surfaces, and the
    sources their references name."""

    title: str
    summary: str
    body: str
    surfaces: dict[str, list[str]]
    referenced: list[str]
