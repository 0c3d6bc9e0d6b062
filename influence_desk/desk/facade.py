"""Desk: the one object the CLI and the desktop app call, over the services of the package.

Every write runs in one store transaction that also appends the signed history entry, so a
change and its entry commit together or not at all. Auditors get ``NotPermitted`` on every
write (the vault refuses them a history writer). The services share one ``DeskContext``
(store, write transaction, names in memory); the Desk only wires them and keeps the public
API of docs/architecture.md.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from influence_desk import backups, textformat, trash, versions
from influence_desk.attachments.records import AttachmentInfo, Audience
from influence_desk.desk.attachments import Attachments
from influence_desk.desk.cleaning import new_id
from influence_desk.desk.context import DeskContext
from influence_desk.desk.importing import FieldsToImport, Importer
from influence_desk.desk.notes import Notes
from influence_desk.desk.records import NoteDraft, NoteFilter, NoteRow, NoteView, SearchHit
from influence_desk.desk.references import EVENT, ORGANISATION, References
from influence_desk.desk.saving import NoteSaver
from influence_desk.desk.search import Search
from influence_desk.desk.settings import Settings
from influence_desk.desk.sources import Sources
from influence_desk.desk.team import TeamWork
from influence_desk.errors import InfluenceDeskError
from influence_desk.model import (
    Consent,
    Event,
    EventKind,
    Organisation,
    OrgType,
    PseudonymStyle,
    Source,
    SourceIdentity,
)
from influence_desk.progress import CancelFlag, ProgressCallback, no_progress
from influence_desk.store import Store
from influence_desk.taxonomy import Taxonomy
from influence_desk.vault.vault import Vault

if TYPE_CHECKING:
    pass

__all__ = ["Desk"]

_EVERY_NOTE = NoteFilter()  # frozen: safe as a default


class Desk(TeamWork):
    """The notes, sources and search of one open vault (not thread-safe: one thread at a
    time, like the Store it uses)."""

    def __init__(self, vault: Vault) -> None:
        self.vault = vault
        self.context = DeskContext(vault)
        self.notes = Notes(self.context)
        self.references = References(self.context, self.notes)
        self.registry = Sources(self)
        self.finder = Search(self.context)
        self.saver = NoteSaver(self.context, self.notes, self.references)
        self.importer = Importer(self.context, self.saver, self.registry)
        self.settings = Settings(self.context)
        self.attachments_service = Attachments(self.context)
        self.last_backup_rewrite: backups.BackupRewrite | None = None
        if vault.is_open and vault.can_write and vault.can_reveal and backups.is_pending(self):
            # A registration committed but was cut off while rewriting the backups: finish.
            # Opening must not fail over it; the flag stays and the next writer tries again.
            with contextlib.suppress(InfluenceDeskError):
                self.finish_backup_rewrites()

    def finish_backup_rewrites(self) -> backups.BackupRewrite:
        """Re-pseudonymise every backup for every source (after an interrupted run)."""
        self.vault.writer()
        self.context.load_names(with_matcher=True)
        self.last_backup_rewrite = backups.rewrite_backups(self, None)
        return self.last_backup_rewrite

    @property
    def store(self) -> Store:
        return self.context.store

    @property
    def can_write(self) -> bool:
        return self.vault.can_write

    @property
    def can_reveal(self) -> bool:
        return self.vault.can_reveal

    def forget_names(self) -> None:
        """Drop every identity and the matcher from memory (they are rebuilt on need)."""
        self.context.names = None

    # --- reference data ----------------------------------------------------------------

    def events(self) -> list[Event]:
        return self.references.all(EVENT)

    def event(self, event_id: str) -> Event:
        return self.references.get(EVENT, event_id)

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
        event = Event(new_id(), EventKind(kind), name, city, country, start_date, end_date,
                      organiser)  # fmt: skip
        return self.references.add(EVENT, event)

    def update_event(self, event: Event) -> Event:
        return self.references.update(EVENT, event)

    def merge_events(self, keep_id: str, drop_id: str) -> None:
        self.references.merge(EVENT, keep_id, drop_id)

    def find_or_create_event(self, name: str) -> Event:
        with self.context.write() as writer:
            return self.references.find_or_create(writer, EVENT, name)

    def organisations(self) -> list[Organisation]:
        return self.references.all(ORGANISATION)

    def organisation(self, org_id: str) -> Organisation:
        return self.references.get(ORGANISATION, org_id)

    def add_organisation(
        self,
        name: str,
        type: OrgType = OrgType.OTHER,
        aliases: Iterable[str] = (),
        countries: Iterable[str] = (),
        website: str = "",
    ) -> Organisation:
        org = Organisation(new_id(), name, OrgType(type), tuple(aliases), tuple(countries),
                           website)  # fmt: skip
        return self.references.add(ORGANISATION, org)

    def update_organisation(self, org: Organisation) -> Organisation:
        return self.references.update(ORGANISATION, org)

    def merge_organisations(self, keep_id: str, drop_id: str) -> None:
        self.references.merge(ORGANISATION, keep_id, drop_id)

    def find_or_create_organisation(self, name: str) -> Organisation:
        with self.context.write() as writer:
            return self.references.find_or_create(writer, ORGANISATION, name)

    @property
    def taxonomy(self) -> Taxonomy:
        return self.context.taxonomy

    def tags(self) -> list[tuple[str, int]]:
        return self.notes.tags()

    # --- sources ------------------------------------------------------------------------

    def sources(self) -> list[Source]:
        return self.registry.all()

    def source(self, source_id: str) -> Source:
        return self.registry.get(source_id)

    def source_by_pseudonym(self, pseudonym: str) -> Source:
        return self.registry.by_pseudonym(pseudonym)

    @property
    def pseudonym_style(self) -> PseudonymStyle:
        return self.registry.pseudonym_style

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
        """Register a person; every stored mention of their names becomes a reference."""
        return self.registry.register(
            identity, role_description, organisation_id, consent, progress, cancel
        )

    def update_source(
        self,
        source: Source,
        identity: SourceIdentity | None = None,
        *,
        progress: ProgressCallback = no_progress,
        cancel: CancelFlag | None = None,
    ) -> Source:
        """Change role, organisation or consent, and (identity holders) the identity."""
        return self.registry.update(source, identity, progress, cancel)

    def reveal(self, source_id: str) -> SourceIdentity:
        """Who a source really is (identity holders only); each reveal goes into history."""
        return self.registry.reveal(source_id)

    def identity(self, source_id: str) -> SourceIdentity:
        """Names for matching in memory, without a reveal entry (not for display)."""
        return self.context.load_names(with_matcher=True).identities[source_id]

    def known_names(self) -> list[str]:
        return self.registry.known_names()

    def note_counts_by_source(self) -> dict[str, int]:
        return self.store.note_counts_by_source()

    # --- notes --------------------------------------------------------------------------

    def add_note(self, draft: NoteDraft) -> NoteView:
        return self.saver.add(draft)

    def update_note(self, note_id: str, draft: NoteDraft) -> NoteView:
        return self.saver.update(note_id, draft)

    def delete_note(self, note_id: str) -> None:
        """Into the trash (influence_desk.trash): restorable until the trash is emptied."""
        trash.move_to_trash(self, note_id)

    def note(self, note_id: str, *, reveal: bool = False) -> NoteView:
        """A note rendered with pseudonyms, or (identity holders, ``reveal``) exactly as it
        was typed; every reveal is written to history."""
        return self.notes.view(note_id, reveal=reveal)

    def note_ids(
        self,
        filter: NoteFilter = _EVERY_NOTE,
        sort: str = "occurred_at",
        descending: bool = True,
    ) -> list[str]:
        return self.notes.ids(filter, sort, descending)

    def note_rows(self, ids: Iterable[str]) -> list[NoteRow]:
        return self.notes.rows(ids)

    def count_notes(self, filter: NoteFilter = _EVERY_NOTE) -> int:
        return self.notes.count(filter)

    def rendered_fields(self, note_id: str) -> dict[str, textformat.Rendered]:
        return self.notes.rendered_fields(note_id)

    # --- search -------------------------------------------------------------------------

    def search_expression(self, query: str) -> str:
        return self.finder.expression(query)

    def searched_as(self, query: str) -> str:
        return self.finder.searched_as(query)

    def search(
        self, query: str, filter: NoteFilter = _EVERY_NOTE, limit: int = 50
    ) -> list[SearchHit]:
        return self.finder.search(query, filter, limit)

    # --- import -------------------------------------------------------------------------

    def import_jsonl(
        self,
        lines: Iterable[str],
        *,
        progress: ProgressCallback = no_progress,
        cancel: CancelFlag | None = None,
    ) -> int:
        """One note per line (DESIGN §9); all or nothing, ``BadInput`` names the line."""
        return self.importer.import_jsonl(lines, progress, cancel)

    def import_fields(
        self,
        items: Sequence[FieldsToImport],
        *,
        progress: ProgressCallback = no_progress,
        cancel: CancelFlag | None = None,
    ) -> int:
        """Notes an importer read (CSV, Markdown, REFI-QDA): all or nothing, in one
        transaction; ``BadInput`` names the line or file."""
        return self.importer.import_fields(items, progress, cancel)

    def add_note_from_fields(self, **fields: Any) -> NoteView:
        """``note add`` of the CLI: the fields of an import line (``draft_from_fields``'
        keywords: body with inline marks, event and organisations by name, found or
        created; sources by pseudonym), all in one transaction."""
        return self.note(self.importer.add_note_from_fields(**fields))

    def draft_from_fields(self, **fields: Any) -> NoteDraft:
        """The draft ``note add`` and import lines make (nothing is written: its event and
        organisations are names, found or created when the draft is saved)."""
        return self.importer.draft_from_fields(**fields)

    # --- settings and history facts ------------------------------------------------------

    def get_setting(self, key: str) -> str | None:
        return self.settings.get(key)

    def set_setting(self, key: str, value: str) -> None:
        self.settings.set(key, value)

    def settings_with_prefix(self, prefix: str) -> dict[str, str]:
        return self.settings.with_prefix(prefix)

    def history_action_counts(self) -> dict[str, int]:
        return self.settings.history_action_counts()

    def record_export(
        self,
        profile: str,
        *,
        notes: int,
        pages: int,
        checkpoint: str,
        left_out: Mapping[str, int] | None = None,
    ) -> None:
        """An export in history: profile, counts and the checkpoint printed on it, no text."""
        self.settings.record_export(profile, notes, pages, checkpoint, left_out)

    # --- versions of a note (influence_desk.versions) ---------------------------------

    def note_history(self, note_id: str) -> list[versions.NoteVersion]:
        return versions.note_history(self, note_id)

    def entry_change(self, seq: int) -> versions.EntryChange:
        """What history entry ``seq`` changed (each field before and after, pseudonymised)."""
        return versions.entry_change(self, seq)

    def restore_version(self, note_id: str, seq: int) -> NoteView:
        """The version entry ``seq`` made becomes the note's content (a new signed entry)."""
        return versions.restore(self, note_id, seq)

    # --- the trash (influence_desk.trash) -------------------------------------------------

    def trashed_notes(self) -> list[trash.TrashedNote]:
        return trash.trashed(self)

    def restore_from_trash(self, note_id: str) -> NoteView:
        return trash.restore_from_trash(self, note_id)

    def empty_trash(self) -> int:
        """Every note in the trash gone for good (one signed entry); how many."""
        return trash.empty_trash(self)

    # --- attachments (influence_desk/desk/attachments.py) -------------------------------

    def attach(
        self,
        note_id: str,
        data: bytes,
        filename: str = "",
        audience: Audience | str = Audience.INTERNAL,
    ) -> AttachmentInfo:
        """Attach a file's bytes to a note, stripped of metadata (``filename`` is not
        stored: a file name can name a person)."""
        return self.attachments_service.attach(note_id, data, audience)

    def attach_to_source(
        self,
        source_id: str,
        data: bytes,
        filename: str = "",
        audience: Audience | str = Audience.INTERNAL,
    ) -> AttachmentInfo:
        """A business card or identifying photo, sealed with the source's identity."""
        return self.attachments_service.attach_to_source(source_id, data, audience)

    def move_attachment_to_source(self, attachment_id: str, source_id: str) -> AttachmentInfo:
        """A note's business card or identifying photo into the source's sealed identity."""
        return self.attachments_service.move_to_source(attachment_id, source_id)

    def attachments(self, note_id: str) -> list[AttachmentInfo]:
        return self.attachments_service.of_note(note_id)

    def source_attachments(self, source_id: str) -> list[AttachmentInfo]:
        return self.attachments_service.of_source(source_id)

    def attachment(self, attachment_id: str) -> AttachmentInfo:
        return self.attachments_service.get(attachment_id)

    def attachment_bytes(self, attachment_id: str) -> bytes:
        return self.attachments_service.data(attachment_id)

    def set_attachment_audience(
        self, attachment_id: str, audience: Audience | str
    ) -> AttachmentInfo:
        return self.attachments_service.set_audience(attachment_id, audience)

    def set_attachment_text(self, attachment_id: str, text: str) -> AttachmentInfo:
        """Store text read from an attachment (pseudonymised here, one signed entry)."""
        return self.attachments_service.set_text(attachment_id, text)

    def read_attachment_text(
        self, attachment_id: str, *, progress: ProgressCallback = no_progress,
        cancel: CancelFlag | None = None,
    ) -> AttachmentInfo:  # fmt: skip
        """OCR an image or PDF attachment offline and store its text pseudonymised and
        searchable (a worker's job: seconds per page)."""
        return self.attachments_service.read_text(attachment_id, progress, cancel)

    def attachment_text(self, attachment_id: str) -> str:
        """The text read from an attachment, pseudonymised ("" until read), to show beside it."""
        return self.attachments_service.get(attachment_id).text

    def remove_attachment(self, attachment_id: str) -> None:
        self.attachments_service.remove(attachment_id)
