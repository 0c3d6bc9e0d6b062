"""Reference objects: events and organisations (public actors, shown by name)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from influence_desk.desk.cleaning import clean_line, fold_key, new_id, parse_day
from influence_desk.desk.context import DeskContext
from influence_desk.desk.notes import Notes
from influence_desk.errors import BadInput
from influence_desk.history import HistoryWriter, now_text
from influence_desk.model import Event, EventKind, Organisation, OrgType
from influence_desk.store import Row

__all__ = ["References"]


class References:
    """Events and organisations of one open vault."""

    def __init__(self, ctx: DeskContext, notes: Notes) -> None:
        self.ctx = ctx
        self._notes = notes
        self._events_cache: list[Event] | None = None
        self._orgs_cache: list[Organisation] | None = None
        self._event_keys: dict[str, Event] | None = None  # folded name -> event
        self._org_keys: dict[str, Organisation] | None = None  # folded name or alias -> org
        ctx.on_rollback(self.forget)

    def forget(self) -> None:
        self._events_cache = self._orgs_cache = None
        self._event_keys = self._org_keys = None

    # --- events -----------------------------------------------------------------------

    @staticmethod
    def event_from_row(row: Row) -> Event:
        return Event(
            id=str(row[0]), kind=EventKind(row[1]), name=str(row[2]), city=str(row[3]),
            country=str(row[4]), start_date=parse_day(row[5]), end_date=parse_day(row[6]),
            organiser=str(row[7]),
        )  # fmt: skip

    def events(self) -> list[Event]:
        if self._events_cache is None:
            self._events_cache = [self.event_from_row(r) for r in self.ctx.store.event_rows()]
        return list(self._events_cache)

    def event(self, event_id: str) -> Event:
        row = self.ctx.store.event_row(event_id)
        if row is None:
            raise BadInput(f"This vault has no event {event_id}.")
        return self.event_from_row(row)

    def _event_row(self, event: Event) -> Row:
        if event.start_date and event.end_date and event.end_date < event.start_date:
            raise BadInput("An event cannot end before it starts.")
        public = self.ctx.public
        return (
            event.id, EventKind(event.kind).value,
            public(clean_line(event.name, "event name", required=True)),
            public(clean_line(event.city, "city")), clean_line(event.country, "country"),
            event.start_date.isoformat() if event.start_date else None,
            event.end_date.isoformat() if event.end_date else None,
            public(clean_line(event.organiser, "organiser")),
        )  # fmt: skip

    def put_event(
        self, writer: HistoryWriter, event: Event, action: str,
        payload: Mapping[str, Any] | None = None,
    ) -> Event:  # fmt: skip
        store = self.ctx.store
        store.put_event(self._event_row(event))
        writer.append(action, f"event:{event.id}", store.event_object(event.id), payload)
        self._events_cache = self._event_keys = None
        return self.event(event.id)

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
        with self.ctx.write() as writer:
            return self.put_event(writer, event, "event.create")

    def update_event(self, event: Event) -> Event:
        self.event(event.id)
        with self.ctx.write() as writer:
            return self.put_event(writer, event, "event.update")

    def merge_events(self, keep_id: str, drop_id: str) -> None:
        if keep_id == drop_id:
            raise BadInput("An event cannot be merged into itself.")
        self.event(keep_id)
        self.event(drop_id)
        store = self.ctx.store
        with self.ctx.write() as writer:
            moved = store.nids_with_event(drop_id)
            store.move_notes_to_event(drop_id, keep_id)
            stamp = now_text()
            for nid in moved:
                self._notes.touch_note(writer, nid, stamp)
            writer.append("event.merge", f"event:{keep_id}", store.event_object(keep_id),
                          {"merged": drop_id, "notes": len(moved)})  # fmt: skip
            store.delete_event(drop_id)
            writer.append("event.delete", f"event:{drop_id}", None, {"merged_into": keep_id})
        self._events_cache = self._event_keys = None

    def find_or_create_event(self, writer: HistoryWriter, name: str) -> Event:
        cleaned = self.ctx.public(clean_line(name, "event name", required=True))
        if self._event_keys is None:
            self._event_keys = {}
            for event in reversed(self.events()):
                self._event_keys[fold_key(event.name)] = event
        found = self._event_keys.get(fold_key(cleaned))
        if found is not None:
            return found
        kind = EventKind.DESK_RESEARCH
        return self.put_event(writer, Event(new_id(), kind, cleaned), "event.create")

    # --- organisations ----------------------------------------------------------------

    @staticmethod
    def organisation_from_row(row: Row) -> Organisation:
        return Organisation(
            id=str(row[0]), name=str(row[1]), type=OrgType(row[2]),
            aliases=tuple(json.loads(row[3])), countries=tuple(json.loads(row[4])),
            website=str(row[5]),
        )  # fmt: skip

    def organisations(self) -> list[Organisation]:
        if self._orgs_cache is None:
            rows = self.ctx.store.organisation_rows()
            self._orgs_cache = [self.organisation_from_row(r) for r in rows]
        return list(self._orgs_cache)

    def organisation(self, org_id: str) -> Organisation:
        row = self.ctx.store.organisation_row(org_id)
        if row is None:
            raise BadInput(f"This vault has no organisation {org_id}.")
        return self.organisation_from_row(row)

    def _org_row(self, org: Organisation) -> Row:
        public = self.ctx.public
        aliases = [public(clean_line(a, "alias")) for a in org.aliases]
        countries = [clean_line(c, "country") for c in org.countries]
        return (
            org.id, public(clean_line(org.name, "organisation name", required=True)),
            OrgType(org.type).value, [a for a in dict.fromkeys(aliases) if a],
            [c for c in dict.fromkeys(countries) if c],
            public(clean_line(org.website, "website")),
        )  # fmt: skip

    def put_organisation(
        self, writer: HistoryWriter, org: Organisation, action: str,
        payload: Mapping[str, Any] | None = None,
    ) -> Organisation:  # fmt: skip
        store = self.ctx.store
        store.put_organisation(self._org_row(org))
        writer.append(action, f"org:{org.id}", store.organisation_object(org.id), payload)
        self._orgs_cache = self._org_keys = None
        return self.organisation(org.id)

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
        with self.ctx.write() as writer:
            return self.put_organisation(writer, org, "org.create")

    def update_organisation(self, org: Organisation) -> Organisation:
        self.organisation(org.id)
        with self.ctx.write() as writer:
            return self.put_organisation(writer, org, "org.update")

    def merge_organisations(self, keep_id: str, drop_id: str) -> None:
        if keep_id == drop_id:
            raise BadInput("An organisation cannot be merged into itself.")
        self.organisation(keep_id)
        self.organisation(drop_id)
        store = self.ctx.store
        with self.ctx.write() as writer:
            moved = store.nids_with_organisation(drop_id)
            sources = store.source_ids_of_organisation(drop_id)
            store.move_notes_to_organisation(drop_id, keep_id)
            stamp = now_text()
            for nid in moved:
                self._notes.touch_note(writer, nid, stamp)
            for sid in sources:
                writer.append("source.update", f"source:{sid}", store.source_object(sid))
            writer.append("org.merge", f"org:{keep_id}", store.organisation_object(keep_id),
                          {"merged": drop_id, "notes": len(moved)})  # fmt: skip
            store.delete_organisation(drop_id)
            writer.append("org.delete", f"org:{drop_id}", None, {"merged_into": keep_id})
        self._orgs_cache = self._org_keys = None

    def find_or_create_organisation(self, writer: HistoryWriter, name: str) -> Organisation:
        cleaned = self.ctx.public(clean_line(name, "organisation name", required=True))
        if self._org_keys is None:
            self._org_keys = {}
            for org in reversed(self.organisations()):
                for alias in org.aliases:
                    self._org_keys[fold_key(alias)] = org
            for org in reversed(self.organisations()):
                self._org_keys[fold_key(org.name)] = org  # a name wins over another's alias
        found = self._org_keys.get(fold_key(cleaned))
        if found is not None:
            return found
        return self.put_organisation(writer, Organisation(new_id(), cleaned), "org.create")
