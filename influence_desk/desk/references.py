"""Reference objects: events and organisations (public actors, shown by name), through one
generic path. What differs between the two is data in a ``ReferenceKind``: its table, how a
model object becomes a cleaned record, and which names find it."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Generic, TypeVar, cast

from influence_desk.desk.cleaning import clean_line, fold_key, new_id, parse_day
from influence_desk.desk.context import DeskContext
from influence_desk.desk.notes import Notes
from influence_desk.errors import BadInput
from influence_desk.history import HistoryWriter, now_text
from influence_desk.model import Event, EventKind, Organisation, OrgType
from influence_desk.store import (
    EVENTS,
    ORGANISATIONS,
    EventRecord,
    OrganisationRecord,
    ReferenceTable,
)

__all__ = ["EVENT", "ORGANISATION", "ReferenceKind", "References"]

T = TypeVar("T", Event, Organisation)
R = TypeVar("R", EventRecord, OrganisationRecord)


@dataclass(frozen=True)
class ReferenceKind(Generic[T, R]):
    table: ReferenceTable[R]
    noun: str  # in messages: "This vault has no event …"
    to_model: Callable[[R], T]
    # The record to store: every field checked, free text with registered names replaced.
    to_record: Callable[[T, Callable[[str], str]], R]
    # Folded name -> object, for finding one by a name as typed.
    keys: Callable[[Sequence[T]], dict[str, T]]
    new: Callable[[str, str], T]  # (id, cleaned name) -> a fresh object


def _event(record: EventRecord) -> Event:
    return Event(
        id=str(record.id), kind=EventKind(record.kind), name=str(record.name),
        city=str(record.city), country=str(record.country),
        start_date=parse_day(record.start_date), end_date=parse_day(record.end_date),
        organiser=str(record.organiser),
    )  # fmt: skip


def _event_record(event: Event, public: Callable[[str], str]) -> EventRecord:
    if event.start_date and event.end_date and event.end_date < event.start_date:
        raise BadInput("An event cannot end before it starts.")
    return EventRecord(
        event.id, EventKind(event.kind).value,
        public(clean_line(event.name, "event name", required=True)),
        public(clean_line(event.city, "city")), clean_line(event.country, "country"),
        event.start_date.isoformat() if event.start_date else None,
        event.end_date.isoformat() if event.end_date else None,
        public(clean_line(event.organiser, "organiser")),
    )  # fmt: skip


def _event_keys(events: Sequence[Event]) -> dict[str, Event]:
    return {fold_key(e.name): e for e in reversed(events)}


def _organisation(record: OrganisationRecord) -> Organisation:
    return Organisation(
        id=str(record.id), name=str(record.name), type=OrgType(record.type),
        aliases=record.aliases, countries=record.countries, website=str(record.website),
    )  # fmt: skip


def _organisation_record(org: Organisation, public: Callable[[str], str]) -> OrganisationRecord:
    aliases = [public(clean_line(a, "alias")) for a in org.aliases]
    countries = [clean_line(c, "country") for c in org.countries]
    return OrganisationRecord(
        org.id, public(clean_line(org.name, "organisation name", required=True)),
        OrgType(org.type).value, tuple(a for a in dict.fromkeys(aliases) if a),
        tuple(c for c in dict.fromkeys(countries) if c),
        public(clean_line(org.website, "website")),
    )  # fmt: skip


def _organisation_keys(orgs: Sequence[Organisation]) -> dict[str, Organisation]:
    keys: dict[str, Organisation] = {}
    for org in reversed(orgs):
        for alias in org.aliases:
            keys[fold_key(alias)] = org
    for org in reversed(orgs):
        keys[fold_key(org.name)] = org  # a name wins over another's alias
    return keys


EVENT: ReferenceKind[Event, EventRecord] = ReferenceKind(
    EVENTS, "event", _event, _event_record, _event_keys,
    lambda ref_id, name: Event(ref_id, EventKind.DESK_RESEARCH, name),
)  # fmt: skip
ORGANISATION: ReferenceKind[Organisation, OrganisationRecord] = ReferenceKind(
    ORGANISATIONS, "organisation", _organisation, _organisation_record, _organisation_keys,
    lambda ref_id, name: Organisation(ref_id, name),
)  # fmt: skip


class References:
    """Events and organisations of one open vault."""

    def __init__(self, ctx: DeskContext, notes: Notes) -> None:
        self.ctx = ctx
        self._notes = notes
        self._lists: dict[str, list[Any]] = {}  # table -> objects in the app's order
        self._keys: dict[str, dict[str, Any]] = {}  # table -> folded name -> object
        ctx.on_rollback(self.forget)

    def forget(self, kind: ReferenceKind[Any, Any] | None = None) -> None:
        if kind is None:
            self._lists.clear()
            self._keys.clear()
        else:
            self._lists.pop(kind.table.table, None)
            self._keys.pop(kind.table.table, None)

    def all(self, kind: ReferenceKind[T, R]) -> list[T]:
        found = self._lists.get(kind.table.table)
        if found is None:
            records = self.ctx.store.references(kind.table)
            found = self._lists[kind.table.table] = [kind.to_model(r) for r in records]
        return list(cast("list[T]", found))

    def get(self, kind: ReferenceKind[T, R], ref_id: str) -> T:
        record = self.ctx.store.reference(kind.table, ref_id)
        if record is None:
            raise BadInput(f"This vault has no {kind.noun} {ref_id}.")
        return kind.to_model(record)

    def put(
        self, writer: HistoryWriter, kind: ReferenceKind[T, R], obj: T, action: str,
        payload: Mapping[str, Any] | None = None,
    ) -> T:  # fmt: skip
        """Store ``obj`` (cleaned) and sign it as ``PREFIX.action`` inside the caller's
        transaction."""
        store, prefix = self.ctx.store, kind.table.prefix
        store.put_reference(kind.table, kind.to_record(obj, self.ctx.public))
        writer.append(f"{prefix}.{action}", f"{prefix}:{obj.id}",
                      store.reference_object(kind.table, obj.id), payload)  # fmt: skip
        self.forget(kind)
        return self.get(kind, obj.id)

    def add(self, kind: ReferenceKind[T, R], obj: T) -> T:
        with self.ctx.write() as writer:
            return self.put(writer, kind, obj, "create")

    def update(self, kind: ReferenceKind[T, R], obj: T) -> T:
        self.get(kind, obj.id)
        with self.ctx.write() as writer:
            return self.put(writer, kind, obj, "update")

    def merge(self, kind: ReferenceKind[T, R], keep_id: str, drop_id: str) -> None:
        """Notes (and sources) of ``drop_id`` move to ``keep_id``; ``drop_id`` goes."""
        if keep_id == drop_id:
            raise BadInput(f"An {kind.noun} cannot be merged into itself.")
        self.get(kind, keep_id)
        self.get(kind, drop_id)
        store, table, prefix = self.ctx.store, kind.table, kind.table.prefix
        with self.ctx.write() as writer:
            moved = store.nids_with_reference(table, drop_id)
            sources = store.source_ids_of_organisation(drop_id) if table.sources_column else []
            store.move_notes(table, drop_id, keep_id)
            stamp = now_text()
            for nid in moved:
                self._notes.touch_note(writer, nid, stamp)
            for sid in sources:
                writer.append("source.update", f"source:{sid}", store.source_object(sid))
            writer.append(f"{prefix}.merge", f"{prefix}:{keep_id}",
                          store.reference_object(table, keep_id),
                          {"merged": drop_id, "notes": len(moved)})  # fmt: skip
            store.delete_reference(table, drop_id)
            writer.append(f"{prefix}.delete", f"{prefix}:{drop_id}", None,
                          {"merged_into": keep_id})  # fmt: skip
        self.forget(kind)

    def find_or_create(
        self, writer: HistoryWriter, kind: ReferenceKind[T, R], name: str,
        template: T | None = None,
    ) -> T:  # fmt: skip
        """The object called ``name`` (by name or alias, case-folded), else a new one (as
        ``template`` says, with a new id), inside the caller's transaction."""
        cleaned = self.ctx.public(clean_line(name, f"{kind.noun} name", required=True))
        keys = self._keys.get(kind.table.table)
        if keys is None:
            keys = self._keys[kind.table.table] = kind.keys(self.all(kind))
        found = keys.get(fold_key(cleaned))
        if found is not None:
            return cast("T", found)
        if template is None:
            return self.put(writer, kind, kind.new(new_id(), cleaned), "create")
        return self.put(writer, kind, replace(template, id=new_id(), name=cleaned), "create")
