"""Every printed field goes through detection and redaction: event names, organisations,
tags, role descriptions, the export's title, a custom profile's name and description. What
is removed from them is removed from the page text, the outline (bookmarks) and the
metadata alike. Read back with pypdf, which the gate does not use for text."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pypdf
import pytest
from test_export_profiles import build_request

from influence_desk.export import (
    PUBLIC,
    TEAM,
    ExportNote,
    ExportProfile,
    ExportSource,
    ForbiddenIdentity,
    export_pdf,
)
from influence_desk.export.textnorm import fold
from influence_desk.model import Consent, EventKind, NoteKind

ANNA = ForbiddenIdentity(("Anna Schmidt",), ("anna.schmidt@example.net", "+49 30 1234567"))
PHONES = ("+49 30 1234567", "030 1234567", "+49 171 2345678", "+48 601 234 567",
          "+49 30 7654321")  # fmt: skip
EMAILS = ("anna.schmidt@example.net", "press@schmidt-analytics.example.com",
          "ops@broker.example.org")  # fmt: skip


def request_with_fields(profile: ExportProfile):  # type: ignore[no-untyped-def]
    base = build_request(profile)
    source = ExportSource("s-field", "Teal Ibex", "analyst (mobile +49 171 2345678)",
                          "an industry insider", Consent.ANONYMOUS,
                          "ops@broker.example.org")  # fmt: skip
    note = ExportNote(
        id="n-fields", kind=NoteKind.OBSERVATION, title="Dinner notes",
        occurred_at=datetime(2026, 3, 18, 20, 0),
        event_name="Dinner with Anna Schmidt (anna.schmidt@example.net, +49 30 1234567)",
        event_kind=EventKind.CHANCE_ENCOUNTER,
        organisation_names=("Schmidt Analytics (press@schmidt-analytics.example.com)",),
        source_ids=("s-field",), tags=("+48 601 234 567", "030 1234567", "Voter files"),
        summary="A dinner about voter files.", body="A dinner about voter files.",
    )  # fmt: skip
    return replace(
        base,
        title="Brief on Anna Schmidt, +49 30 7654321",
        notes=(*base.notes, note),
        sources=(*base.sources, source),
        forbidden=replace(base.forbidden, identities=(ANNA,),
                          names=(*base.forbidden.names, *ANNA.names),
                          contacts=(*base.forbidden.contacts, *ANNA.contacts)),
    )  # fmt: skip


def outline_titles(reader: pypdf.PdfReader) -> list[str]:
    out: list[str] = []
    stack = list(reader.outline)
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        else:
            out.append(str(item.title))
    return out


def assert_clean(text: str, where: str) -> None:
    folded = fold(text)
    assert "schmidt" not in folded, f"a registered name is {where}"
    digits = re.sub(r"\D", "", text)
    for phone in PHONES:
        assert re.sub(r"\D", "", phone).lstrip("0") not in digits, f"a phone is {where}"
    for email in EMAILS:
        assert fold(email) not in folded, f"an e-mail address is {where}"
    assert "@" not in text, f"an address is {where}"


CUSTOM = ExportProfile(
    key="board", name="Board pack for Anna Schmidt", source_display="role",
    description="Questions to +49 30 7654321 or press@schmidt-analytics.example.com.",
    text="full",
)  # fmt: skip


@pytest.mark.parametrize("profile", [PUBLIC, TEAM, CUSTOM], ids=lambda p: p.key)
def test_identifiers_in_every_field_are_redacted_everywhere(tmp_path: Path,
                                                            profile: ExportProfile) -> None:
    result = export_pdf(request_with_fields(profile), tmp_path / "fields.pdf")
    reader = pypdf.PdfReader(str(result.out))
    pages = [page.extract_text() or "" for page in reader.pages]
    text = " ".join(pages)
    assert_clean(text, "in the page text")
    titles = outline_titles(reader)
    assert_clean(" ".join(titles), "in the outline")
    meta = " ".join(str(v) for v in (reader.metadata or {}).values())
    assert_clean(meta, "in the metadata")
    # The fields are printed, with the identifiers replaced by the placeholder.
    assert "Dinner with [redacted] ([redacted], [redacted])" in titles
    folded = fold(text)
    assert fold("Dinner with [redacted] ([redacted], [redacted])") in folded
    assert fold("[redacted] Analytics ([redacted])") in folded
    assert fold("Brief on [redacted], [redacted]") in folded
    assert "voter files" in folded
    r = result.redactions_by_reason
    assert r["source-name"] >= 2 and r["source-contact"] >= 2 and r["detected:phone"] >= 3
    if profile is CUSTOM:
        assert fold("Board pack for [redacted]") in folded
        assert "Influence Desk export: Board pack for [redacted]" in meta


def test_derived_variants_go_and_a_common_given_name_alone_stays(tmp_path: Path) -> None:
    # The team brief keeps unregistered people's names (public removes guessed names).
    base = build_request(TEAM)
    kasia = ForbiddenIdentity(("Katarzyna Wiśniewska",), ())
    anna = ForbiddenIdentity(("Anna Schmidt",), (), common_given_name=True)
    note = replace(
        base.notes[0], id="n-variants", title="Variants",
        summary="Notes of Katarzyny Wiśniewskiej; Anna Karenina chaired; Schmidt left early.",
        summary_marks=(), summary_refs=(),
    )  # fmt: skip
    request = replace(base, notes=(note,), forbidden=replace(
        base.forbidden, identities=(kasia, anna)))  # fmt: skip
    out = export_pdf(request, tmp_path / "variants.pdf").out
    text = fold(" ".join(p.extract_text() or "" for p in pypdf.PdfReader(str(out)).pages))
    # An inflected form the matcher derives (Polish genitive), and a surname alone, go.
    assert "wisniewsk" not in text and "katarzyn" not in text and "schmidt" not in text
    # The lead marked Anna too common to match alone: another Anna stays readable.
    assert "anna karenina chaired" in text
