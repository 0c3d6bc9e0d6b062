"""Saved searches: a name, a search text and combined filters (kind, event, organisation,
source, tag, date range), kept INSIDE the vault.

A search may contain a person's name, so it is never written to this computer's
settings.json: each is a vault-level setting ``search.saved.<id>`` (JSON), signed in the
history like any setting and pseudonymised on the way in, so a real name typed into a
search is stored as the pseudonym (which is what the search looks for anyway). No new
table: the settings table (``meta``) already holds signed, pseudonymised free text.
Deleting writes an empty value (a signed entry too); empty values are not listed.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from influence_desk.desk import Desk, NoteFilter
from influence_desk.errors import BadInput
from influence_desk.model import NoteKind

PREFIX = "search.saved."
MAX_NAME = 80
MAX_QUERY = 500


@dataclass(frozen=True)
class SavedSearch:
    name: str
    query: str = ""
    filter: NoteFilter = field(default_factory=NoteFilter)
    id: str = ""


def filter_to_dict(f: NoteFilter) -> dict[str, str]:
    out = {
        "kind": NoteKind(f.kind).value if f.kind else "",
        "event_id": f.event_id or "",
        "organisation_id": f.organisation_id or "",
        "source_id": f.source_id or "",
        "tag": f.tag or "",
        "date_from": f.date_from.isoformat() if f.date_from else "",
        "date_to": f.date_to.isoformat() if f.date_to else "",
    }
    return {k: v for k, v in out.items() if v}


def _date(value: Any) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise BadInput("A saved search holds a date that is not YYYY-MM-DD.") from None


def filter_from_dict(data: Any) -> NoteFilter:
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise BadInput("A saved search's filters are damaged.")
    try:
        kind = NoteKind(data["kind"]) if data.get("kind") else None
    except ValueError:
        raise BadInput("A saved search names an unknown kind of note.") from None
    date_from, date_to = _date(data.get("date_from")), _date(data.get("date_to"))
    if date_from and date_to and date_from > date_to:
        raise BadInput("A search's date range ends before it starts.")
    return NoteFilter(
        kind=kind,
        event_id=data.get("event_id") or None,
        organisation_id=data.get("organisation_id") or None,
        source_id=data.get("source_id") or None,
        tag=data.get("tag") or None,
        date_from=date_from,
        date_to=date_to,
    )


def saved_searches(desk: Desk) -> list[SavedSearch]:
    """Every saved search of the vault, by name; a damaged one is skipped, not fatal."""
    found: list[SavedSearch] = []
    for key, value in desk.settings_with_prefix(PREFIX).items():
        if not value:
            continue  # deleted
        try:
            data = json.loads(value)
            found.append(SavedSearch(
                name=str(data["name"]), query=str(data.get("query", "")),
                filter=filter_from_dict(data.get("filter", {})), id=key[len(PREFIX):],
            ))  # fmt: skip
        except (ValueError, KeyError, TypeError, BadInput):
            continue
    return sorted(found, key=lambda s: (s.name.casefold(), s.id))


def save_search(desk: Desk, search: SavedSearch) -> SavedSearch:
    """Store ``search`` (a new one without an id; same name replaces). Writers only."""
    name = " ".join(search.name.split())
    if not name:
        raise BadInput("A saved search needs a name.")
    if len(name) > MAX_NAME or len(search.query) > MAX_QUERY:
        raise BadInput("A saved search's name or text is too long.")
    filter_from_dict(filter_to_dict(search.filter))  # the date range is checked
    same = [s for s in saved_searches(desk) if s.name.casefold() == name.casefold()]
    search_id = search.id or (same[0].id if same else secrets.token_hex(6))
    value = {"name": name, "query": search.query.strip(), "filter": filter_to_dict(search.filter)}
    desk.set_setting(PREFIX + search_id, json.dumps(value, ensure_ascii=False, sort_keys=True))
    return next(s for s in saved_searches(desk) if s.id == search_id)


def delete_search(desk: Desk, search_id: str) -> None:
    if not any(s.id == search_id for s in saved_searches(desk)):
        raise BadInput("There is no such saved search.")
    desk.set_setting(PREFIX + search_id, "")


def find_search(desk: Desk, name_or_id: str) -> SavedSearch:
    wanted = name_or_id.strip().casefold()
    for s in saved_searches(desk):
        if s.id == name_or_id or s.name.casefold() == wanted:
            return s
    raise BadInput("There is no saved search of that name.")
