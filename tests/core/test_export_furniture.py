"""The furniture list is complete: every word an export prints either comes from the data
or is listed in ``FURNITURE_WORDS``. A word the renderer prints without it being listed
would, if a source were called by it (a Mr Page, a Ms Booth), stop every export at the
footer or a label; the gate spares listed words only when they stand alone in the
extracted text, and the printed fields are cleaned of them all the same."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest
from test_export_profiles import build_request

from influence_desk.export import (
    AUDIT,
    PUBLIC,
    PUBLIC_TEXT,
    TEAM,
    ExportProfile,
    ExportRequest,
    export_pdf,
)
from influence_desk.export.furniture import FURNITURE_WORDS

WORD = re.compile(r"[^\W_]+")


def data_words(request: ExportRequest) -> set[str]:
    texts: list[str] = [request.title, request.vault_fingerprint, request.checkpoint,
                        request.profile.name, request.profile.description,
                        *request.history_counts]  # fmt: skip
    for note in request.notes:
        texts += [note.title, note.summary, note.body, note.event_name,
                  *note.organisation_names, *note.tags]  # fmt: skip
    for s in request.sources:
        texts += [s.pseudonym, s.role_description, s.generic_role, s.organisation_name]
    return {w.casefold() for t in texts for w in WORD.findall(t)}


@pytest.mark.parametrize("profile", [TEAM, PUBLIC, PUBLIC_TEXT, AUDIT], ids=lambda p: p.key)
def test_every_printed_word_is_data_or_furniture(tmp_path: Path, profile: ExportProfile
                                                 ) -> None:  # fmt: skip
    request = build_request(profile)
    out = export_pdf(request, tmp_path / "f.pdf").out
    text = " ".join(p.extract_text() or "" for p in pypdf.PdfReader(str(out)).pages)
    known = data_words(request) | FURNITURE_WORDS
    unknown = {
        w for w in (x.casefold() for x in WORD.findall(text))
        if w not in known and not w.isdigit() and not re.fullmatch(r"[0-9a-f]{6,}", w)
    }  # fmt: skip
    assert not unknown, f"printed but neither data nor listed furniture: {sorted(unknown)}"


def test_furniture_holds_no_name_like_word_that_is_not_printed() -> None:
    # Spot-check: ordinary furniture is there, person-like words are not.
    assert {"page", "notes", "sources", "booth", "interview", "verification"} <= FURNITURE_WORDS
    assert not {"anna", "schmidt", "kasia", "wisniewska"} & FURNITURE_WORDS
