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
    if value not in set(Role):
        return str(value)
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


def profile_name(key: str, fallback: str) -> str:
    """Built-in export profiles by their translated names; custom ones as their owner named them."""
    return {
        "team": _t("Team brief"),
        "public": _t("Public summary"),
        "audit": _t("Audit report"),
    }.get(key, fallback)


def profile_description(key: str, fallback: str) -> str:
    return {
        "team": _t(
            "For members of the research team only. Shows team-only passages and source "
            "pseudonyms. Do not forward or publish."
        ),
        "public": _t(
            "Publishable text only. Sources appear by role; notes from background-only and "
            "off-the-record sources are left out."
        ),
        "audit": _t(
            "For auditors and ethics review: vault integrity, history and consent records. "
            "Contains no note text."
        ),
    }.get(key, fallback)


def export_reason(reason: str) -> str:
    """Why something was redacted or left out of an export (the core's reason keys)."""
    from influence_desk.export import reason_label

    return {
        "off-record": _t("Notes left out: linked to an off-the-record source"),
        "background": _t("Notes left out: linked to a background-only source"),
        "mark:internal": _t("Passages marked internal"),
        "mark:team": _t("Passages marked team-only"),
        "source-name": _t("Real names of sources found in text"),
        "source-contact": _t("Contact details of sources found in text"),
        "detected:email": _t("Detected e-mail addresses"),
        "detected:phone": _t("Detected phone numbers"),
        "detected:handle": _t("Detected social-media handles"),
        "detected:url": _t("Detected web addresses"),
        "detected:iban": _t("Detected bank account numbers (IBAN)"),
        "detected:number": _t("Detected identity or card numbers"),
        "detected:ip": _t("Detected IP addresses"),
        "detected:person": _t("Likely names of unregistered people"),
    }.get(reason) or reason_label(reason)
