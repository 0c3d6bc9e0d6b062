"""Desk: the service the CLI and the desktop app call (notes, sources, search, import).

Every write runs in one store transaction that also appends the signed history entry.
Auditors get ``NotPermitted`` on every write. See docs/architecture.md for the contract.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from influence_desk.model import (
    Consent,
    Detection,
    Event,
    EventKind,
    Mark,
    Note,
    NoteKind,
    Organisation,
    OrgType,
    Source,
    SourceIdentity,
)
from influence_desk.progress import CancelFlag, ProgressCallback, no_progress
from influence_desk.vault.vault import Vault

if TYPE_CHECKING:
    from influence_desk.textformat import RefSpan


@dataclass(frozen=True)
class NoteDraft:
    """A note as the user typed it: real names allowed (they are replaced on save);
    ``marks`` are over ``body``."""

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


@dataclass(frozen=True)
class NoteView:
    """A note rendered for a viewer (pseudonyms, or real names when revealed)."""

    note: Note
    refs: tuple[RefSpan, ...] = ()
    detections: tuple[Detection, ...] = ()


@dataclass(frozen=True)
class NoteRow:
    """One line of the notes list."""

    id: str
    kind: NoteKind
    title: str
    occurred_at: datetime
    event_name: str
    organisation_names: tuple[str, ...]
    source_pseudonyms: tuple[str, ...]
    tags: tuple[str, ...]


@dataclass(frozen=True)
class NoteFilter:
    kind: NoteKind | None = None
    event_id: str | None = None
    organisation_id: str | None = None
    source_id: str | None = None
    tag: str | None = None
    date_from: date | None = None
    date_to: date | None = None


@dataclass(frozen=True)
class SearchHit:
    """``snippet`` marks the matched terms with ``[`` and ``]``."""

    id: str
    title: str
    snippet: str
    rank: float


class Desk:
    def __init__(self, vault: Vault) -> None:
        self.vault = vault

    # --- reference data -------------------------------------------------------------

    def events(self) -> list[Event]:
        raise NotImplementedError

    def add_event(
        self,
        kind: EventKind,
        name: str,
        city: str = "",
        country: str = "",
        start_date: date | None = None,
        end_date: date | None = None,
        organiser: str = "",
    ) -> Event:
        raise NotImplementedError

    def update_event(self, event: Event) -> Event:
        raise NotImplementedError

    def merge_events(self, keep_id: str, drop_id: str) -> None:
        raise NotImplementedError

    def organisations(self) -> list[Organisation]:
        raise NotImplementedError

    def add_organisation(
        self,
        name: str,
        type: OrgType = OrgType.OTHER,
        aliases: Iterable[str] = (),
        countries: Iterable[str] = (),
        website: str = "",
    ) -> Organisation:
        raise NotImplementedError

    def update_organisation(self, org: Organisation) -> Organisation:
        raise NotImplementedError

    def merge_organisations(self, keep_id: str, drop_id: str) -> None:
        raise NotImplementedError

    def find_or_create_event(self, name: str) -> Event:
        raise NotImplementedError

    def find_or_create_organisation(self, name: str) -> Organisation:
        raise NotImplementedError

    def tags(self) -> list[tuple[str, int]]:
        raise NotImplementedError

    @property
    def taxonomy(self) -> Any:
        raise NotImplementedError

    # --- sources --------------------------------------------------------------------

    def sources(self) -> list[Source]:
        raise NotImplementedError

    def source(self, source_id: str) -> Source:
        raise NotImplementedError

    def source_by_pseudonym(self, pseudonym: str) -> Source:
        raise NotImplementedError

    def register_source(
        self,
        identity: SourceIdentity,
        role_description: str = "",
        organisation_id: str | None = None,
        consent: Consent = Consent.ANONYMOUS,
        *,
        progress: ProgressCallback = no_progress,
        cancel: CancelFlag | None = None,
    ) -> Source:
        raise NotImplementedError

    def update_source(
        self,
        source: Source,
        identity: SourceIdentity | None = None,
        *,
        progress: ProgressCallback = no_progress,
        cancel: CancelFlag | None = None,
    ) -> Source:
        raise NotImplementedError

    def reveal(self, source_id: str) -> SourceIdentity:
        raise NotImplementedError

    def note_counts_by_source(self) -> dict[str, int]:
        raise NotImplementedError

    # --- notes ----------------------------------------------------------------------

    def add_note(self, draft: NoteDraft) -> NoteView:
        raise NotImplementedError

    def update_note(self, note_id: str, draft: NoteDraft) -> NoteView:
        raise NotImplementedError

    def delete_note(self, note_id: str) -> None:
        raise NotImplementedError

    def note(self, note_id: str, *, reveal: bool = False) -> NoteView:
        raise NotImplementedError

    def note_ids(
        self, filter: NoteFilter = NoteFilter(),
        sort: str = "occurred_at", descending: bool = True,
    ) -> list[str]:  # fmt: skip
        raise NotImplementedError

    def note_rows(self, ids: Iterable[str]) -> list[NoteRow]:
        raise NotImplementedError

    def count_notes(self, filter: NoteFilter = NoteFilter()) -> int:
        raise NotImplementedError

    def search(
        self, query: str, filter: NoteFilter = NoteFilter(), limit: int = 50
    ) -> list[SearchHit]:
        raise NotImplementedError

    def import_jsonl(
        self,
        lines: Iterable[str],
        *,
        progress: ProgressCallback = no_progress,
        cancel: CancelFlag | None = None,
    ) -> int:
        raise NotImplementedError

    # --- settings -------------------------------------------------------------------

    @property
    def pseudonym_style(self) -> Any:
        raise NotImplementedError

    def get_setting(self, key: str) -> str | None:
        raise NotImplementedError

    def set_setting(self, key: str, value: str) -> None:
        raise NotImplementedError
