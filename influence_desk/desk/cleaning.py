"""Checks and conversions of what a person typed, and of what the store holds as text."""

from __future__ import annotations

import json
import re
import secrets
import unicodedata
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from influence_desk.canonical import canonical
from influence_desk.errors import BadInput, VaultDamaged
from influence_desk.model import SourceIdentity
from influence_desk.pseudonyms import fold

FIELDS = ("title", "summary", "body")
# Joins a note's fields for one scan: NUL is in no name (refused at registration), so no
# match can span two fields.
FIELD_JOIN = "\n\x00\n"
RESERVED_RE = re.compile("[\ue000-\ue00f]")
MAX_TITLE = 1_000
MAX_TEXT = 2_000_000


def new_id() -> str:
    return secrets.token_hex(8)


def time_text(value: datetime) -> str:
    if not isinstance(value, datetime):
        if isinstance(value, date):
            value = datetime(value.year, value.month, value.day)
        else:
            raise BadInput("A note needs a date and time.")
    return value.isoformat(timespec="seconds")


def parse_time(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError as exc:
        raise VaultDamaged("A stored note has an unreadable date.") from exc


def parse_day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise VaultDamaged("A stored event has an unreadable date.") from exc


def parse_stamp(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None


def clean_line(text: str, what: str, *, required: bool = False, limit: int = 500) -> str:
    if not isinstance(text, str):
        raise BadInput(f"The {what} must be text.")
    cleaned = " ".join(text.split())
    if required and not cleaned:
        raise BadInput(f"The {what} cannot be empty.")
    if len(cleaned) > limit:
        raise BadInput(f"The {what} is longer than {limit} characters.")
    return cleaned


def fold_key(text: str) -> str:
    """How names of events and organisations are compared (case and spacing ignored)."""
    return " ".join(text.casefold().split())


def overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def identity_json(identity: SourceIdentity) -> bytes:
    data: dict[str, Any] = {
        "real_name": identity.real_name,
        "aliases": list(identity.aliases),
        "contact": list(identity.contact),
        "notes": identity.notes,
    }
    if identity.common_given_name:  # absent in identities sealed before the switch existed
        data["common_given_name"] = True
    return canonical(data)


def identity_from_json(data: bytes) -> SourceIdentity:
    try:
        raw = json.loads(data)
        return SourceIdentity(
            real_name=str(raw["real_name"]),
            aliases=tuple(str(a) for a in raw["aliases"]),
            contact=tuple(str(c) for c in raw["contact"]),
            notes=str(raw["notes"]),
            common_given_name=raw.get("common_given_name", False) is True,
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise VaultDamaged("A sealed source identity is unreadable.") from exc


def matchable(identity: SourceIdentity) -> SourceIdentity:
    """The identity as the matcher takes it: contact details too short to find left out.
    From it the matcher derives every variant (influence_desk.names.variants)."""
    contact = tuple(c for c in identity.contact if len(fold(c)) >= 4)
    return identity if contact == identity.contact else replace(identity, contact=contact)


def check_identity(identity: SourceIdentity) -> SourceIdentity:
    real = clean_line(identity.real_name, "real name", required=True, limit=300)
    aliases = tuple(
        dict.fromkeys(
            a for a in (clean_line(x, "alias", limit=300) for x in identity.aliases) if a
        )
    )
    contact = tuple(c.strip() for c in identity.contact if c.strip())
    if any(unicodedata.category(ch) == "Cc" for n in (real, *aliases, *contact) for ch in n):
        raise BadInput("A name, alias or contact detail cannot hold control characters.")
    if any(len(fold(n)) < 2 for n in (real, *aliases)):
        raise BadInput("A name or alias needs at least two letters to be found in notes.")
    return SourceIdentity(real, aliases, contact, identity.notes, identity.common_given_name)
