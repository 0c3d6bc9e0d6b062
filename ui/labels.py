"""Translated names for the core's enums, and the colours of redaction marks."""

from __future__ import annotations

from PySide6.QtGui import QColor

from influence_desk.model import Consent, EventKind, MarkLevel, NoteKind, OrgType, Role
from ui.i18n import translate as _t


def note_kind(kind: NoteKind | str) -> str:
    return {
        NoteKind.BOOTH: _t("labels", "Booth visit"),
        NoteKind.INTERVIEW: _t("labels", "Interview"),
        NoteKind.OBSERVATION: _t("labels", "Observation"),
        NoteKind.DESK: _t("labels", "Desk note"),
    }.get(NoteKind(kind), str(kind))


def event_kind(kind: EventKind | str) -> str:
    return {
        EventKind.TRADE_FAIR: _t("labels", "Trade fair"),
        EventKind.CONFERENCE: _t("labels", "Conference"),
        EventKind.PANEL: _t("labels", "Panel"),
        EventKind.SCHEDULED_INTERVIEW: _t("labels", "Scheduled interview"),
        EventKind.CHANCE_ENCOUNTER: _t("labels", "Chance encounter"),
        EventKind.DESK_RESEARCH: _t("labels", "Desk research"),
    }.get(EventKind(kind), str(kind))


def org_type(kind: OrgType | str) -> str:
    return {
        OrgType.DATA_BROKER: _t("labels", "Data broker"),
        OrgType.ANALYTICS: _t("labels", "Analytics / research firm"),
        OrgType.CONSULTANCY: _t("labels", "Consultancy"),
        OrgType.AGENCY: _t("labels", "Ad / communications agency"),
        OrgType.PLATFORM_VENDOR: _t("labels", "App / CRM / platform vendor"),
        OrgType.PARTY: _t("labels", "Political party"),
        OrgType.OTHER: _t("labels", "Other"),
    }.get(OrgType(kind), str(kind))


def consent(value: Consent | str) -> str:
    return {
        Consent.NAMED: _t("labels", "Named"),
        Consent.ANONYMOUS: _t("labels", "Anonymous quote"),
        Consent.BACKGROUND: _t("labels", "Background only"),
        Consent.OFF_RECORD: _t("labels", "Off the record"),
    }.get(Consent(value), str(value))


def consent_explanation(value: Consent | str) -> str:
    return {
        Consent.NAMED: _t("labels", "May be named and quoted."),
        Consent.ANONYMOUS: _t("labels", "May be quoted, never named: shown by pseudonym or role."),
        Consent.BACKGROUND: _t(
            "labels", "Background only: guides research, never quoted in public."
        ),
        Consent.OFF_RECORD: _t("labels", "Off the record: nothing attributable leaves the vault."),
    }.get(Consent(value), "")


def role(value: Role | str) -> str:
    if value not in set(Role):
        return str(value)
    return {
        Role.RESEARCHER: _t("labels", "Researcher"),
        Role.LEAD: _t("labels", "Lead"),
        Role.AUDITOR: _t("labels", "Auditor (read-only)"),
    }.get(Role(value), str(value))


def mark_level(level: MarkLevel | str) -> str:
    return {
        MarkLevel.TEAM: _t("labels", "Team only"),
        MarkLevel.INTERNAL: _t("labels", "Internal"),
    }.get(MarkLevel(level), str(level))


def mark_explanation(level: MarkLevel | str) -> str:
    return {
        MarkLevel.TEAM: _t(
            "labels", "Marked team: appears in team briefs only, never in public exports."
        ),
        MarkLevel.INTERNAL: _t("labels", "Marked internal: never leaves the vault."),
    }.get(MarkLevel(level), "")


def detection_kind(kind: str) -> str:
    return {
        "email": _t("labels", "E-mail address"),
        "phone": _t("labels", "Phone number"),
        "iban": _t("labels", "IBAN"),
        "number": _t("labels", "Identifying number"),
        "url": _t("labels", "Web address"),
        "handle": _t("labels", "Social media handle"),
        "ip": _t("labels", "IP address"),
        "person": _t("labels", "Possible person name"),
    }.get(kind, kind)


def mark_colour(level: MarkLevel | str) -> QColor:
    """Translucent shades: they tint whatever the palette's base is, light or dark."""
    if MarkLevel(level) is MarkLevel.INTERNAL:
        return QColor(214, 60, 60, 90)
    return QColor(240, 170, 20, 90)


def profile_name(key: str, fallback: str) -> str:
    """Built-in export profiles by their translated names; custom ones as their owner named them."""
    return {
        "team": _t("labels", "Team brief"),
        "public": _t("labels", "Public summary"),
        "public-text": _t("labels", "Public report with text"),
        "audit": _t("labels", "Audit report"),
        "internal": _t("labels", "Between vaults of the team"),
    }.get(key, fallback)


def profile_description(key: str, fallback: str) -> str:
    return {
        "team": _t(
            "labels",
            "For members of the research team only. Shows team-only passages and source "
            "pseudonyms. Do not forward or publish.",
        ),
        "public": _t(
            "labels",
            "Publishable text only. Sources appear by role; notes from background-only and "
            "off-the-record sources are left out.",
        ),
        "public-text": _t(
            "labels",
            "Publishable text in full: summaries and body text, without team-only or internal "
            "passages. Sources appear by role; notes from background-only and off-the-record "
            "sources are left out.",
        ),
        "audit": _t(
            "labels",
            "For auditors and ethics review: vault integrity, history and consent records. "
            "Contains no note text.",
        ),
        "internal": _t(
            "labels",
            "JSON lines for another vault of the same team: internal and team-only passages "
            "travel as marks, sources as pseudonyms. Import it there; never forward it.",
        ),
    }.get(key, fallback)


def export_reason(reason: str) -> str:
    """Why something was redacted or left out of an export (the core's reason keys)."""
    from influence_desk.export import reason_label

    return {
        "off-record": _t("labels", "Notes left out: linked to an off-the-record source"),
        "background": _t("labels", "Notes left out: linked to a background-only source"),
        "mark:internal": _t("labels", "Passages marked internal"),
        "mark:team": _t("labels", "Passages marked team-only"),
        "source-name": _t("labels", "Real names of sources found in text"),
        "source-contact": _t("labels", "Contact details of sources found in text"),
        "detected:email": _t("labels", "Detected e-mail addresses"),
        "detected:phone": _t("labels", "Detected phone numbers"),
        "detected:handle": _t("labels", "Detected social-media handles"),
        "detected:url": _t("labels", "Detected web addresses"),
        "detected:iban": _t("labels", "Detected bank account numbers (IBAN)"),
        "detected:number": _t("labels", "Detected identity or card numbers"),
        "detected:ip": _t("labels", "Detected IP addresses"),
        "detected:person": _t("labels", "Likely names of unregistered people"),
    }.get(reason) or reason_label(reason)
