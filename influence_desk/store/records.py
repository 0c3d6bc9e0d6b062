"""Typed records of notes.db's rows, their columns, and the canonical content history signs.

Each record holds its columns exactly as SQLite returned them (no conversion), so the
content a record gives is the content ``verify`` rebuilds from the same row."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import astuple, dataclass
from typing import Any, Generic, NamedTuple, TypeVar

Row = tuple[Any, ...]

__all__ = [
    "EVENTS",
    "ORGANISATIONS",
    "EventRecord",
    "NoteListRecord",
    "NoteRecord",
    "NoteWhere",
    "OrganisationRecord",
    "ReferenceRecord",
    "ReferenceTable",
    "Row",
    "SourceRecord",
]

EVENT_COLUMNS = "id, kind, name, city, country, start_date, end_date, organiser"
ORG_COLUMNS = "id, name, type, aliases, countries, website"
SOURCE_COLUMNS = "id, pseudonym, role_description, organisation_id, consent, identity, created_at"
NAME_REVIEW_COLUMNS = "key, state, decided_at"
# A whole note is notes joined with note_texts; a missing text row reads as NULLs, so its
# content no longer matches history.
NOTE_COLUMNS = (
    "n.nid, n.id, n.kind, n.title, n.occurred_at, n.event_id, t.summary, t.body, t.surfaces, "
    "n.created_at, n.updated_at"
)
NOTE_FROM = "notes n LEFT JOIN note_texts t ON t.nid = n.nid"
# Whole notes in nid order, a batch after a nid at a time (``StoreBase._batches``).
NOTES_IN_NID_ORDER = (
    f"SELECT {NOTE_COLUMNS} FROM {NOTE_FROM} WHERE n.nid > ? ORDER BY n.nid LIMIT ?"
)

NOTE_SORTS = {
    "occurred_at": "n.occurred_at",
    "updated_at": "n.updated_at",
    "created_at": "n.created_at",
    "title": "n.title COLLATE NOCASE",
    "kind": "n.kind",
    "event": "(SELECT name FROM events WHERE id = n.event_id) COLLATE NOCASE",
}


def json_list(values: Iterable[str] | str) -> str:
    if isinstance(values, str):
        return values
    return json.dumps(list(values), ensure_ascii=False, separators=(",", ":"))


def _parse_list(text: Any) -> list[str]:
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return ["<unreadable>"]
    return [str(v) for v in value] if isinstance(value, list) else ["<unreadable>"]


def _blob_digest(blob: Any) -> str:
    return "" if blob is None else hashlib.sha256(bytes(blob)).hexdigest()


# --- records ---------------------------------------------------------------------------------
# ``content()`` is what history signs: the Desk hashes it at write time, ``live_objects``
# yields it for ``verify``. Any column that matters is in it, so editing it is caught.


@dataclass(frozen=True)
class EventRecord:
    id: str
    kind: str
    name: str
    city: str
    country: str
    start_date: str | None
    end_date: str | None
    organiser: str

    @classmethod
    def from_row(cls, row: Row) -> EventRecord:
        return cls(*row)

    def values(self) -> Row:
        return astuple(self)

    def content(self) -> dict[str, Any]:
        return dict(zip(EVENT_COLUMNS.split(", "), astuple(self), strict=True))


@dataclass(frozen=True)
class OrganisationRecord:
    """``aliases`` and ``countries`` are stored as canonical JSON lists (an unreadable list
    reads as ``("<unreadable>",)``, so it mismatches its history)."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    countries: tuple[str, ...]
    website: str

    @classmethod
    def from_row(cls, row: Row) -> OrganisationRecord:
        return cls(row[0], row[1], row[2], tuple(_parse_list(row[3])),
                   tuple(_parse_list(row[4])), row[5])  # fmt: skip

    def values(self) -> Row:
        return (self.id, self.name, self.type, json_list(self.aliases),
                json_list(self.countries), self.website)  # fmt: skip

    def content(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "aliases": list(self.aliases),
            "countries": list(self.countries),
            "website": self.website,
        }


ReferenceRecord = TypeVar("ReferenceRecord", EventRecord, OrganisationRecord)


@dataclass(frozen=True)
class ReferenceTable(Generic[ReferenceRecord]):
    """One table of reference objects (events, organisations): everything the one generic
    path in the store needs to read, write, hash and merge its rows."""

    table: str
    prefix: str  # of its history object ids ("event:ID") and actions ("event.create")
    columns: str
    order: str  # of the list the app shows
    record: Callable[[Row], ReferenceRecord]
    # How notes point at a row: notes' own column (one per note) or a link table (many).
    notes_column: str | None = None
    link_table: str | None = None
    link_column: str | None = None
    sources_column: str | None = None  # sources pointing at a row (merges move them too)


EVENTS: ReferenceTable[EventRecord] = ReferenceTable(
    "events", "event", EVENT_COLUMNS, "start_date DESC, name COLLATE NOCASE", EventRecord.from_row,
    notes_column="event_id",
)  # fmt: skip
ORGANISATIONS: ReferenceTable[OrganisationRecord] = ReferenceTable(
    "organisations", "org", ORG_COLUMNS, "name COLLATE NOCASE", OrganisationRecord.from_row,
    link_table="note_organisations", link_column="org_id", sources_column="organisation_id",
)  # fmt: skip


@dataclass(frozen=True)
class SourceRecord:
    """A source's row; ``identity`` is the sealed blob (history signs only its digest)."""

    id: str
    pseudonym: str
    role_description: str
    organisation_id: str | None
    consent: str
    identity: bytes
    created_at: str | None

    @classmethod
    def from_row(cls, row: Row) -> SourceRecord:
        return cls(*row)

    def values(self) -> Row:
        return astuple(self)

    def content(self) -> dict[str, Any]:
        """A source as history records it: never the identity itself, only its sealed digest."""
        return {
            "id": self.id,
            "pseudonym": self.pseudonym,
            "role_description": self.role_description,
            "organisation_id": self.organisation_id,
            "consent": self.consent,
            "identity_sha256": _blob_digest(self.identity),
            "created_at": self.created_at,
        }


def name_review_content(row: Row) -> dict[str, Any]:
    return {"key": row[0], "state": row[1], "decided_at": row[2]}


@dataclass(frozen=True)
class NoteRecord:
    """A whole note's row (``NOTE_COLUMNS``): text fields in stored form (textformat),
    ``surfaces`` the sealed original spellings."""

    nid: int
    id: str
    kind: str
    title: str
    occurred_at: str
    event_id: str | None
    summary: str
    body: str
    surfaces: bytes | None
    created_at: str
    updated_at: str

    @classmethod
    def from_row(cls, row: Row) -> NoteRecord:
        return cls(*row)

    def stored_fields(self) -> dict[str, str]:
        """Title, summary and body in stored form."""
        return {"title": str(self.title), "summary": str(self.summary), "body": str(self.body)}

    def content(
        self, org_ids: Sequence[str], sources: Sequence[tuple[str, bool]], tags: Sequence[str]
    ) -> dict[str, Any]:
        """Text fields in stored form (pseudonymised); the sealed surfaces only as a digest."""
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "occurred_at": self.occurred_at,
            "event_id": self.event_id,
            "summary": self.summary,
            "body": self.body,
            "surfaces_sha256": _blob_digest(self.surfaces),
            "organisations": sorted(org_ids),
            "sources": sorted([s, bool(e)] for s, e in sources),
            "tags": sorted(tags),
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }


@dataclass(frozen=True)
class NoteListRecord:
    """One line of the notes list as stored (title in stored form)."""

    nid: int
    id: str
    kind: str
    title: str
    occurred_at: str
    event_name: str
    organisation_names: tuple[str, ...]
    source_pseudonyms: tuple[str, ...]
    tags: tuple[str, ...]


@dataclass(frozen=True)
class NoteWhere:
    """Filters of the notes list and search, as SQL over ``notes n``."""

    kind: str | None = None
    event_id: str | None = None
    organisation_id: str | None = None
    source_id: str | None = None
    tag: str | None = None
    occurred_from: str | None = None  # inclusive, ISO text
    occurred_before: str | None = None  # exclusive, ISO text

    def sql(self, *, joined: bool = False) -> tuple[str, tuple[Any, ...]]:
        parts: list[str] = []
        params: list[Any] = []
        for column, value in (("n.kind = ?", self.kind), ("n.event_id = ?", self.event_id),
                              ("n.occurred_at >= ?", self.occurred_from),
                              ("n.occurred_at < ?", self.occurred_before)):  # fmt: skip
            if value is not None:
                parts.append(column)
                params.append(value)
        for table, column, value in (
            ("note_organisations", "org_id", self.organisation_id),
            ("note_sources", "source_id", self.source_id),
            ("note_tags", "tag", self.tag),
        ):
            if value is not None:
                parts.append(f"n.nid IN (SELECT nid FROM {table} WHERE {column} = ?)")
                params.append(value)
        if not parts:
            return "", ()
        return ("AND " if joined else "WHERE ") + " AND ".join(parts), tuple(params)


class NoteLinks(NamedTuple):
    """What a note is linked to, each sorted: organisation ids, sources as (id, explicitly
    linked), tags."""

    organisations: list[str]
    sources: list[tuple[str, bool]]
    tags: list[str]

    @classmethod
    def empty(cls) -> NoteLinks:
        return cls([], [], [])
