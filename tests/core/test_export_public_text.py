"""The public profile with the notes' text: body text printed, through the same
redaction, review of names and leak gate as every export; and each profile said in plain
words (what is printed, what is redacted, for whom)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from desk_support import DeskVault
from test_export_profiles import (
    BACKGROUND_TEXT,
    INTERNAL_TEXT,
    PUBLIC_SUMMARY,
    STRAY_EMAIL,
    TEAM_TEXT,
    assert_nothing_forbidden,
    build_request,
    pdf_text,
)

from influence_desk.desk import Desk, NoteDraft
from influence_desk.errors import UnreviewedNames
from influence_desk.export import AUDIT, PUBLIC, PUBLIC_TEXT, TEAM, export_pdf, get_profile
from influence_desk.export.service import run_export
from influence_desk.export.textnorm import fold
from influence_desk.export.wording import describe
from influence_desk.model import NoteKind, Role
from influence_desk.reviews import decide

BODY_ONLY = "Three vendors advertise geofences around rallies"  # in the desk note's body


def test_public_text_prints_body_text_and_still_redacts(tmp_path: Path) -> None:
    summary_only = pdf_text(export_pdf(build_request(PUBLIC), tmp_path / "s.pdf").out)
    full = pdf_text(export_pdf(build_request(PUBLIC_TEXT), tmp_path / "f.pdf").out)
    # The booth note's body sentence after the summary is printed only with body text.
    assert fold("Met [sales lead, voter-data broker, EU] at the Datapol booth") in full
    assert fold("at the Datapol booth") not in summary_only
    assert fold(PUBLIC_SUMMARY) in full
    # What no public export prints: team and internal passages, detected identifiers,
    # real names, notes of background-only and off-the-record sources.
    assert fold(TEAM_TEXT) not in full and fold(INTERNAL_TEXT) not in full
    assert fold(STRAY_EMAIL) not in full and fold(BACKGROUND_TEXT) not in full
    assert fold("Anna Schmidt") not in full  # a likely name of an unregistered person
    assert_nothing_forbidden(full)
    assert fold("Amber Heron") not in full  # pseudonyms are not shown in public
    assert get_profile("public-text") is PUBLIC_TEXT


def test_public_text_waits_for_the_review_of_names_in_bodies(
    desk_vault: DeskVault, tmp_path: Path
) -> None:
    with desk_vault.open(Role.RESEARCHER) as vault:
        desk = Desk(vault)
        desk.add_note(NoteDraft(
            NoteKind.BOOTH, "Demo", datetime(2026, 3, 12, 10, 0), summary="A demo.",
            body="Afterwards Joachim Vogelsang showed us the dashboard.",
        ))  # fmt: skip
        # The summary profile prints no body: nothing to review.
        run_export(desk, "public", tmp_path / "summary.pdf")
        with pytest.raises(UnreviewedNames):
            run_export(desk, "public-text", tmp_path / "full.pdf")
        assert not (tmp_path / "full.pdf").exists()
        decide(desk, "Joachim Vogelsang", "public")
        result = run_export(desk, "public-text", tmp_path / "full.pdf")
        assert fold("Joachim Vogelsang showed us the dashboard") in pdf_text(result.out)


def test_each_profile_says_what_it_prints_redacts_and_for_whom() -> None:
    public = describe(PUBLIC)
    assert public.audience == "For anyone: written to be published."
    assert "Summaries only; the body text of the notes is not printed." in public.printed
    assert "Sources by their role description, never by pseudonym." in public.printed
    assert {"Passages marked internal.", "Passages marked team-only.",
            "Notes linked to a background-only source.",
            "Likely names of people who are not registered sources."} <= set(public.removed)
    full = describe(PUBLIC_TEXT)
    assert "Summaries and the full body text of the notes." in full.printed
    assert full.removed == public.removed
    team = describe(TEAM)
    assert team.audience.startswith("For the research team only")
    assert "Passages marked team-only, highlighted." in team.printed
    assert "Passages marked team-only." not in team.removed
    assert "Notes linked to a background-only source." not in team.removed
    audit = describe(AUDIT)
    assert audit.removed == ("All note text: no title, summary or body is printed.",)
    german = describe(PUBLIC_TEXT, "de")
    assert german.audience == "Für alle: zur Veröffentlichung bestimmt."
    assert "Zusammenfassungen und der vollständige Text der Notizen." in german.printed
