"""Translated names for the core's enums, and the colours of redaction marks."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from influence_desk.model import Consent, EventKind, MarkLevel, NoteKind, OrgType, Role


def _t(text: str) -> str:
    return QCoreApplication.translate("labels", text)


def note_kind(kind: NoteKind | str) -> str:
    return {
        NoteKind.BOOTH: _t("Booth visit"),
        NoteKind.INTERVIEW: _t("Interview"),
        NoteKind.OBSERVATION: _t("Observation"),
        NoteKind.DESK: _t("Desk note"),
    }.get(NoteKind(kind), str(kind))


def event_kind(kind: EventKind | str) -> str:
    return {
        EventKind.TRADE_FAIR: _t("Trade fair"),
        EventKind.CONFERENCE: _t("Conference"),
        EventKind.PANEL: _t("Panel"),
        EventKind.SCHEDULED_INTERVIEW: _t("Scheduled interview"),
        EventKind.CHANCE_ENCOUNTER: _t("Chance encounter"),
        EventKind.DESK_RESEARCH: _t("Desk research"),
    }.get(EventKind(kind), str(kind))


def org_type(kind: OrgType | str) -> str:
    return {
        OrgType.DATA_BROKER: _t("Data broker"),
        OrgType.ANALYTICS: _t("Analytics / research firm"),
        OrgType.CONSULTANCY: _t("Consultancy"),
        OrgType.AGENCY: _t("Ad / communications agency"),
        OrgType.PLATFORM_VENDOR: _t("App / CRM / platform vendor"),
        OrgType.PARTY: _t("Political party"),
        OrgType.OTHER: _t("Other"),
    }.get(OrgType(kind), str(kind))


def consent(value: Consent | str) -> str:
    return {
        Consent.NAMED: _t("Named"),
        Consent.ANONYMOUS: _t("Anonymous quote"),
        Consent.BACKGROUND: _t("Background only"),
        Consent.OFF_RECORD: _t("Off the record"),
    }.get(Consent(value), str(value))


def consent_explanation(value: Consent | str) -> str:
    return {
        Consent.NAMED: _t("May be named and quoted."),
        Consent.ANONYMOUS: _t("May be quoted, never named: shown by pseudonym or role."),
        Consent.BACKGROUND: _t("Background only: guides research, never quoted in public."),
        Consent.OFF_RECORD: _t("Off the record: nothing attributable leaves the vault."),
    }.get(Consent(value), "")


def role(value: Role | str) -> str:
    return {
        Role.RESEARCHER: _t("Researcher"),
        Role.LEAD: _t("Lead"),
        Role.AUDITOR: _t("Auditor (read-only)"),
    }.get(Role(value), str(value))


def mark_level(level: MarkLevel | str) -> str:
    return {
        MarkLevel.TEAM: _t("Team only"),
        MarkLevel.INTERNAL: _t("Internal"),
    }.get(MarkLevel(level), str(level))


def mark_explanation(level: MarkLevel | str) -> str:
    return {
        MarkLevel.TEAM: _t("Marked team: appears in team briefs only, never in public exports."),
        MarkLevel.INTERNAL: _t("Marked internal: never leaves the vault."),
    }.get(MarkLevel(level), "")


def detection_kind(kind: str) -> str:
    return {
        "email": _t("E-mail address"),
        "phone": _t("Phone number"),
        "iban": _t("IBAN"),
        "number": _t("Identifying number"),
        "url": _t("Web address"),
        "handle": _t("Social media handle"),
        "ip": _t("IP address"),
        "person": _t("Possible person name"),
    }.get(kind, kind)


def mark_colour(level: MarkLevel | str) -> QColor:
    """Translucent shades: they tint whatever the palette's base is, light or dark."""
    if MarkLevel(level) is MarkLevel.INTERNAL:
        return QColor(214, 60, 60, 90)
    return QColor(240, 170, 20, 90)
