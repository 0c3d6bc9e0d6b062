"""Export profiles: what each audience sees, read back from the real PDF.

The dataset has a named, an anonymous, a background-only and an off-the-record source;
contact details typed into notes without a registered source; internal and team marks; a
real name the pseudonymiser missed. Other export tests import ``build_request`` and
``pdf_text`` from here.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pypdf
import pytest

from influence_desk.errors import BadInput
from influence_desk.export import (
    AUDIT,
    BUILTIN_PROFILES,
    PUBLIC,
    TEAM,
    ExportNote,
    ExportProfile,
    ExportRequest,
    ExportSource,
    ForbiddenTerms,
    VerifySummary,
    export_pdf,
    get_profile,
    profile_from_dict,
    profile_to_dict,
)
from influence_desk.export.textnorm import fold
from influence_desk.model import Consent, EventKind, Mark, MarkLevel, NoteKind

# --- the dataset ----------------------------------------------------------------------------

REAL_NAMES = (
    "Katarzyna Wiśniewska", "Kasia W.",  # anonymous source, and her alias
    "Γιώργος Παπαδόπουλος", "Giorgos Papadopoulos",  # named source
    "Jürgen Müller-Lüdenscheidt",  # background-only source
    "Sophie Marchetti", "Soph",  # off-the-record source
)
CONTACTS = (
    "k.wisniewska@example.org", "+44 20 7946 0321", "@kasia_datapol",
    "giorgos.p@example.net", "juergen.ml@example.com", "sophie.m@example.org",
)
# Typed into a note; nobody registered them. Detection must remove them.
STRAY_EMAIL = "bookings@votermatch.example.org"
STRAY_PHONE = "+44 20 7946 0958"
STRAY_IBAN = "DE89 3704 0044 0532 0130 00"

TEAM_TEXT = "The list price quoted was 0.12 euro per matched record."
INTERNAL_TEXT = "My badge said I was a procurement officer from a regional party."
OFF_RECORD_TITLE = "Late dinner with a whistleblower about the Balkan contract"
OFF_RECORD_BODY = (
    "She described how the consultancy moved raw polling microdata across the border "
    "on encrypted laptops before the 2025 vote, and named the intermediary."
)
BACKGROUND_TEXT = "Their canvassing app silently uploads the full phone book of every volunteer."
PUBLIC_SUMMARY = "Datapol sells voter-file matching against loyalty-card data to parties."
GREEK_TEXT = "Η εταιρεία πουλά ψυχομετρικά προφίλ ψηφοφόρων στην Αθήνα και τη Θεσσαλονίκη."
CYRILLIC_TEXT = "Компания продаёт геотаргетинг у митингов в Москве и Киеве."
POLISH_TEXT = "Zażółć gęślą jaźń: firma łączy rejestry wyborców z danymi z kart lojalnościowych."


def _with_ref(template: str, pseudonym: str, source_id: str) -> tuple[str, tuple]:
    """Put ``pseudonym`` where ``{}`` is and return the text with its RefSpan."""
    start = template.index("{}")
    text = template.replace("{}", pseudonym, 1)
    return text, ((start, start + len(pseudonym), source_id),)


def _mark(text: str, part: str, level: MarkLevel) -> Mark:
    start = text.index(part)
    return Mark(start, start + len(part), level)


def build_sources() -> tuple[ExportSource, ...]:
    return (
        ExportSource("s-anon", "Amber Heron", "sales lead, voter-data broker, EU",
                     "an industry insider", Consent.ANONYMOUS, "Datapol"),
        ExportSource("s-named", "Cobalt Wren", "head of analytics, campaign consultancy",
                     "an industry insider", Consent.NAMED, "Vox Strategies"),
        ExportSource("s-bg", "Slate Otter", "product manager, canvassing-app vendor",
                     "a vendor employee", Consent.BACKGROUND, "DoorStep"),
        ExportSource("s-off", "S-014", "former data engineer, consultancy",
                     "a former employee", Consent.OFF_RECORD, "Vox Strategies"),
    )


def build_notes() -> tuple[ExportNote, ...]:
    booth_body, booth_refs = _with_ref(
        "Met {} at the Datapol booth. " + PUBLIC_SUMMARY + " " + TEAM_TEXT + " "
        + INTERNAL_TEXT + f" Bookings go to {STRAY_EMAIL} or {STRAY_PHONE}; invoices to "
        f"{STRAY_IBAN}. Kasia W. will send the deck.",
        "Amber Heron", "s-anon",
    )
    booth = ExportNote(
        id="n-booth", kind=NoteKind.BOOTH, title="Datapol booth: voter-file matching",
        occurred_at=datetime(2026, 3, 12, 14, 35), event_name="Campaign Tech Europe",
        event_kind=EventKind.TRADE_FAIR, organisation_names=("Datapol",),
        source_ids=("s-anon",), tags=("Voter files", "Consumer data"),
        summary=PUBLIC_SUMMARY, body=booth_body,
        marks=(_mark(booth_body, TEAM_TEXT, MarkLevel.TEAM),
               _mark(booth_body, INTERNAL_TEXT, MarkLevel.INTERNAL)),
        body_refs=booth_refs,
    )
    interview_body, interview_refs = _with_ref(
        "{} explained psychometric segments. " + GREEK_TEXT + " " + CYRILLIC_TEXT + " "
        + POLISH_TEXT, "Cobalt Wren", "s-named",
    )
    interview_summary, summary_refs = _with_ref(
        "{} says psychometric targeting is mostly a sales pitch.", "Cobalt Wren", "s-named"
    )
    interview = ExportNote(
        id="n-interview", kind=NoteKind.INTERVIEW, title="Psychometrics: pitch versus practice",
        occurred_at=datetime(2026, 3, 13, 10, 0), event_name="Campaign Tech Europe",
        event_kind=EventKind.TRADE_FAIR, organisation_names=("Vox Strategies",),
        source_ids=("s-named",), tags=("Psychometric profiling",),
        summary=interview_summary, summary_refs=summary_refs,
        body=interview_body, body_refs=interview_refs,
    )
    background = ExportNote(
        id="n-bg", kind=NoteKind.INTERVIEW, title="DoorStep app permissions",
        occurred_at=datetime(2026, 3, 14, 16, 0), event_name="Berlin follow-up",
        event_kind=EventKind.SCHEDULED_INTERVIEW, organisation_names=("DoorStep",),
        source_ids=("s-bg",), tags=("Canvassing apps",),
        summary=BACKGROUND_TEXT, body=BACKGROUND_TEXT,
    )
    off = ExportNote(
        id="n-off", kind=NoteKind.INTERVIEW, title=OFF_RECORD_TITLE,
        occurred_at=datetime(2026, 3, 15, 21, 0), event_name="Berlin follow-up",
        event_kind=EventKind.SCHEDULED_INTERVIEW, organisation_names=("Vox Strategies",),
        source_ids=("s-off",), summary=OFF_RECORD_BODY, body=OFF_RECORD_BODY,
    )
    # Links the off-record source only through a reference in the text.
    mention_body, mention_refs = _with_ref(
        "Cross-checked the border story with {} later; it holds up in every detail.",
        "S-014", "s-off",
    )
    mention = ExportNote(
        id="n-mention", kind=NoteKind.DESK, title="Cross-check of the border story",
        occurred_at=datetime(2026, 3, 16, 9, 0), summary="Cross-check done.",
        body=mention_body, body_refs=mention_refs,
    )
    desk = ExportNote(
        id="n-desk", kind=NoteKind.DESK, title="Geofencing at rallies: desk research",
        occurred_at=datetime(2026, 3, 17, 11, 0), tags=("Geotargeting",),
        summary="Three vendors advertise geofences around rallies.",
        body="Three vendors advertise geofences around rallies. Unregistered contact: "
             "Dr. Anna Schmidt of the party office.",
    )
    return booth, interview, background, off, mention, desk


def build_request(profile: ExportProfile = TEAM, **changes: object) -> ExportRequest:
    request = ExportRequest(
        title="Campaign Tech Europe 2026: field notes",
        profile=profile,
        notes=build_notes(),
        sources=build_sources(),
        vault_fingerprint="3f9a61c2d04b7e55",
        checkpoint="418:" + "9c" * 32,
        verify_summary=VerifySummary(ok=True, entries=418, problems=0),
        history_counts={"note.add": 25, "note.update": 40, "source.add": 8, "export": 3},
        generated_on=date(2026, 3, 20),
        forbidden=ForbiddenTerms(names=REAL_NAMES, contacts=CONTACTS),
    )
    return replace(request, **changes) if changes else request  # type: ignore[arg-type]


def pdf_text(path: Path) -> str:
    """Folded text of every page, as pypdf extracts it."""
    reader = pypdf.PdfReader(str(path))
    return fold("\n".join(page.extract_text() for page in reader.pages))


def assert_nothing_forbidden(text: str, *extra: str) -> None:
    for term in (*REAL_NAMES, *CONTACTS, STRAY_EMAIL, STRAY_PHONE, STRAY_IBAN,
                 INTERNAL_TEXT, OFF_RECORD_TITLE, "S-014", *extra):
        assert fold(term) not in text, "a forbidden term is in the export"
    assert fold("balkan contract") not in text
    assert fold("polling microdata") not in text


# --- profiles as data -----------------------------------------------------------------------


def test_builtin_profiles() -> None:
    assert set(BUILTIN_PROFILES) == {"team", "public", "public-text", "audit", "internal"}
    assert TEAM.name == "Team brief" and PUBLIC.name == "Public summary"
    assert AUDIT.name == "Audit report" and not AUDIT.include_note_text
    assert TEAM.include_levels == {MarkLevel.TEAM} and PUBLIC.include_levels == frozenset()
    assert get_profile("public") is PUBLIC
    with pytest.raises(BadInput):
        get_profile("press")


@pytest.mark.parametrize("profile", [TEAM, PUBLIC, AUDIT])
def test_profile_round_trip(profile: ExportProfile) -> None:
    assert profile_from_dict(profile_to_dict(profile)) == profile


def test_custom_profile_from_dict() -> None:
    custom = profile_from_dict({
        "key": "funder", "name": "Funder update", "source_display": "generic",
        "include_levels": [], "text": "summary",
    })
    assert custom.source_display == "generic" and custom.remove_detected
    assert not custom.allow_background


@pytest.mark.parametrize("bad", [
    {"key": "x", "name": "X", "include_levels": ["internal"]},
    {"key": "x", "name": "X", "include_levels": ["secret"]},
    {"key": "x", "name": "X", "source_display": "real_name"},
    {"key": "x", "name": "X", "text": "everything"},
    {"key": "x", "name": "X", "remove_detected": "no"},
    {"key": "x", "name": "X", "show_real_names": True},
    {"key": "", "name": "X"},
])
def test_bad_profile_refused(bad: dict) -> None:
    with pytest.raises(BadInput):
        profile_from_dict(bad)


# --- what each audience sees ----------------------------------------------------------------


def test_team_brief(tmp_path: Path) -> None:
    result = export_pdf(build_request(TEAM), tmp_path / "team.pdf")
    text = pdf_text(result.out)
    assert_nothing_forbidden(text)
    # Allowed content is there: team-only text, pseudonyms with roles, background note.
    for present in (TEAM_TEXT, PUBLIC_SUMMARY, BACKGROUND_TEXT, "Amber Heron",
                    "Cobalt Wren", "Slate Otter", "sales lead, voter-data broker, EU",
                    "[redacted]", "Team brief", "12 March 2026, 14:35"):
        assert fold(present) in text, present
    assert result.left_out_by_reason == {"off-record": 2}
    assert result.notes_exported == 4
    r = result.redactions_by_reason
    assert r["mark:internal"] == 1 and "mark:team" not in r
    assert r["detected:email"] == 1 and r["detected:phone"] == 1 and r["detected:iban"] == 1
    assert r["source-name"] == 1  # "Kasia W." slipped past pseudonymisation
    assert "detected:person" not in r  # the team brief does not guess at names
    assert fold("Dr. Anna Schmidt") in text


def test_public_summary(tmp_path: Path) -> None:
    result = export_pdf(build_request(PUBLIC), tmp_path / "public.pdf")
    text = pdf_text(result.out)
    assert_nothing_forbidden(text)
    assert fold(TEAM_TEXT) not in text
    assert fold(BACKGROUND_TEXT) not in text  # background-only: never quoted in public
    for pseudonym in ("Amber Heron", "Cobalt Wren", "Slate Otter"):
        assert fold(pseudonym) not in text
    assert fold("[head of analytics, campaign consultancy] says psychometric") in text
    assert fold(PUBLIC_SUMMARY) in text
    assert fold("Public summary") in text
    assert fold("14:35") not in text and fold("12 March 2026") in text
    assert result.left_out_by_reason == {"off-record": 2, "background": 1}
    assert result.notes_exported == 3


def test_public_summary_full_text_profile_removes_guessed_names(tmp_path: Path) -> None:
    profile = replace(PUBLIC, key="public-full", name="Public full text", text="full")
    result = export_pdf(build_request(profile), tmp_path / "public-full.pdf")
    text = pdf_text(result.out)
    assert_nothing_forbidden(text, "Anna Schmidt")
    assert fold(GREEK_TEXT) in text and fold(TEAM_TEXT) not in text
    assert result.redactions_by_reason["mark:team"] == 1
    assert result.redactions_by_reason["detected:person"] >= 1


def test_generic_display(tmp_path: Path) -> None:
    profile = replace(PUBLIC, key="generic", name="Generic", source_display="generic")
    text = pdf_text(export_pdf(build_request(profile), tmp_path / "g.pdf").out)
    assert fold("[an industry insider] says psychometric") in text
    assert fold("head of analytics") not in text


def test_audit_report(tmp_path: Path) -> None:
    result = export_pdf(build_request(AUDIT), tmp_path / "audit.pdf")
    text = pdf_text(result.out)
    assert_nothing_forbidden(text.replace(fold("S-014"), ""))  # pseudonyms are listed
    for absent in (TEAM_TEXT, PUBLIC_SUMMARY, BACKGROUND_TEXT, "Datapol booth"):
        assert fold(absent) not in text
    for present in ("Audit report", "Consent records", "Off the record", "S-014",
                    "Amber Heron", "note.update", "418:" + "9c" * 32, "3f9a61c2d04b7e55",
                    "influence-desk verify VAULT --checkpoint"):
        assert fold(present) in text, present
    assert result.notes_exported == 6


def test_every_profile_prints_the_verification_block(tmp_path: Path) -> None:
    for profile in (TEAM, PUBLIC, AUDIT):
        text = pdf_text(export_pdf(build_request(profile), tmp_path / f"{profile.key}.pdf").out)
        assert fold("influence-desk verify VAULT --checkpoint 418:" + "9c" * 32) in text
        assert fold("passed: 418 history entries") in text


def test_unknown_source_refused(tmp_path: Path) -> None:
    request = build_request(TEAM, sources=build_sources()[:3])  # the off-record one missing
    with pytest.raises(BadInput):
        export_pdf(request, tmp_path / "x.pdf")
    assert list(tmp_path.iterdir()) == []
