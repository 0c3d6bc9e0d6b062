"""Frozen dataclasses for everything the vault stores. No I/O here.

Text fields of notes (title, summary, body) are held in *stored form* inside the vault:
pseudonymised, with source references and redaction marks embedded (see
``influence_desk.textformat``). Objects handed to a viewer carry rendered text instead; which
one a field holds is said by the function that returns it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class Role(StrEnum):
    RESEARCHER = "researcher"
    LEAD = "lead"
    AUDITOR = "auditor"


class PseudonymStyle(StrEnum):
    CODENAME = "codename"  # readable, e.g. "Amber Heron"
    CODE = "code"  # e.g. "S-014"


class NoteKind(StrEnum):
    BOOTH = "booth"
    INTERVIEW = "interview"
    OBSERVATION = "observation"
    DESK = "desk"


class EventKind(StrEnum):
    TRADE_FAIR = "trade_fair"
    CONFERENCE = "conference"
    PANEL = "panel"
    SCHEDULED_INTERVIEW = "scheduled_interview"
    CHANCE_ENCOUNTER = "chance_encounter"
    DESK_RESEARCH = "desk_research"


class OrgType(StrEnum):
    DATA_BROKER = "data_broker"
    ANALYTICS = "analytics"  # analytics / research firm
    CONSULTANCY = "consultancy"
    AGENCY = "agency"  # ad / communications agency
    PLATFORM_VENDOR = "platform_vendor"  # app / CRM / platform vendor
    PARTY = "party"  # political party
    OTHER = "other"


class Consent(StrEnum):
    NAMED = "named"
    ANONYMOUS = "anonymous"  # may be quoted anonymously
    BACKGROUND = "background"  # background only: never quoted in public
    OFF_RECORD = "off-record"  # nothing attributable leaves the vault


class MarkLevel(StrEnum):
    INTERNAL = "internal"  # never leaves the vault
    TEAM = "team"  # team briefs only


@dataclass(frozen=True, order=True)
class Mark:
    """A redaction mark over ``[start, end)`` of a rendered text."""

    start: int
    end: int
    level: MarkLevel


@dataclass(frozen=True)
class Detection:
    """An identifier found in free text, over ``[start, end)``."""

    start: int
    end: int
    kind: str  # email, phone, iban, number, url, handle, ip, person
    text: str = field(repr=False, default="")


@dataclass(frozen=True)
class Event:
    id: str
    kind: EventKind
    name: str
    city: str = ""
    country: str = ""
    start_date: date | None = None
    end_date: date | None = None
    organiser: str = ""


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    type: OrgType = OrgType.OTHER
    aliases: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    website: str = ""


@dataclass(frozen=True)
class SourceIdentity:
    """Who a source really is. Only ever held in memory by identity-key holders."""

    real_name: str
    aliases: tuple[str, ...] = ()
    contact: tuple[str, ...] = ()  # e-mail addresses, phone numbers, handles
    notes: str = ""
    # The lead's "too common to match alone" switch: the given name is then matched only
    # beside the surname or after an honorific, not on its own (sealed with the identity).
    common_given_name: bool = False

    def names(self) -> tuple[str, ...]:
        """Every name the source may be mentioned by."""
        return tuple(n for n in (self.real_name, *self.aliases) if n.strip())


@dataclass(frozen=True)
class Source:
    id: str
    pseudonym: str
    role_description: str = ""
    organisation_id: str | None = None
    consent: Consent = Consent.ANONYMOUS
    created_at: datetime | None = None


@dataclass(frozen=True)
class Note:
    """A note as the viewer sees it: text fields rendered, marks over the rendered body."""

    id: str
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
    created_at: datetime | None = None
    updated_at: datetime | None = None
