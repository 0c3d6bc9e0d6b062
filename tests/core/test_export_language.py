"""The PDF in the interface's language: German and English, every printed sentence and
label translated (taxonomy terms too), through the same redaction and gate."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pypdf
import pytest
from desk_support import DeskVault
from test_export_profiles import assert_nothing_forbidden, build_request, pdf_text

from influence_desk.cli import run as cli_run
from influence_desk.desk import Desk, NoteDraft
from influence_desk.errors import BadInput
from influence_desk.export import (
    AUDIT,
    PUBLIC,
    PUBLIC_TEXT,
    TEAM,
    ExportProfile,
    export_pdf,
    wording,
)
from influence_desk.export.furniture import FURNITURE_WORDS
from influence_desk.export.service import run_export
from influence_desk.export.textnorm import fold
from influence_desk.model import NoteKind, Role
from influence_desk.resourcefiles import resource_path

WORD = re.compile(r"[^\W\d_]+")


def _german(profile: ExportProfile, tmp_path: Path) -> str:
    out = export_pdf(replace(build_request(profile), language="de"), tmp_path / "de.pdf").out
    return " ".join(p.extract_text() for p in pypdf.PdfReader(str(out)).pages)


def test_a_german_team_brief_is_german(tmp_path: Path) -> None:
    text = _german(TEAM, tmp_path)
    for german in ("Seite 1 von", "Inhalt", "Notizen", "Quellen", "Was entfernt wurde",
                   "Prüfung", "Team-Briefing", "Standbesuch", "Messe", "12. März 2026",
                   "Organisationen:", "Schlagwörter:", "Namentlich",
                   "Fingerabdruck des Tresors", "Tresor 3f9a61c2d04b7e55 · Prüfpunkt 418:",
                   "Die Notizen sind nach Veranstaltung gruppiert", "[geschwärzt]"):
        assert german in text, german
    for english in ("Page 1 of", "Contents", "What was removed", "Booth visit", "Trade fair",
                    "March", "Organisations:", "[redacted]", "Sources appear"):
        assert english not in text, english
    assert_nothing_forbidden(fold(text))


@pytest.mark.parametrize("profile", [TEAM, PUBLIC, PUBLIC_TEXT, AUDIT], ids=lambda p: p.key)
def test_every_sentence_of_every_profile_has_its_german(
    tmp_path: Path, profile: ExportProfile, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: set[str] = set()
    real = wording.Wording.__call__

    def recording(self: wording.Wording, text: str) -> str:
        asked.add(text)
        return real(self, text)

    monkeypatch.setattr(wording.Wording, "__call__", recording)
    text = _german(profile, tmp_path)
    wording.describe(profile, "de")
    catalogue = json.loads(resource_path("translations", "export_de.json").read_text("utf-8"))
    assert asked and not asked - set(catalogue["text"])
    # And the gate knows the German words as the document's own (never refused alone).
    printed = {w.casefold() for w in WORD.findall(text)}
    data = {w.casefold() for w in WORD.findall(" ".join(
        [*(n.title + " " + n.summary + " " + n.body + " " + n.event_name + " "
           + " ".join(n.organisation_names + n.tags) for n in build_request().notes),
         *(f"{s.pseudonym} {s.role_description} {s.organisation_name}"
           for s in build_request().sources), build_request().title,
         *build_request().history_counts]))}  # fmt: skip
    assert not {w for w in printed - data - FURNITURE_WORDS if len(w) > 1}


def test_an_unknown_language_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match=r"en \(English\) or de \(German\)"):
        export_pdf(replace(build_request(TEAM), language="fr"), tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_taxonomy_labels_print_in_german_from_the_vault(
    desk_vault: DeskVault, tmp_path: Path
) -> None:
    with desk_vault.open(Role.RESEARCHER) as vault:
        desk = Desk(vault)
        desk.add_note(NoteDraft(
            NoteKind.BOOTH, "Stand", datetime(2026, 3, 12, 10, 0), summary="Kurz.",
            body="Listen und Karten.", tags=("method:voter-files", "method:geotargeting"),
        ))  # fmt: skip
        german = pdf_text(run_export(desk, "team", tmp_path / "de.pdf", language="de").out)
        english = pdf_text(run_export(desk, "team", tmp_path / "en.pdf").out)
    assert fold("Wählerverzeichnisse") in german and fold("Voter files") not in german
    assert fold("Team-Briefing: Feldnotizen") in german  # the default title
    assert fold("Voter files") in english and fold("Team brief: field notes") in english


def test_the_cli_prints_in_the_language_asked(
    desk_vault: DeskVault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with desk_vault.open(Role.RESEARCHER) as vault:
        Desk(vault).add_note(NoteDraft(NoteKind.BOOTH, "Stand", datetime(2026, 3, 12, 10, 0),
                                       summary="Kurz."))  # fmt: skip
    monkeypatch.setenv("INFLUENCE_DESK_PASSPHRASE", desk_vault.passphrase(Role.RESEARCHER))
    out = tmp_path / "de.pdf"
    code = cli_run(["export", str(desk_vault.path), "--profile", "team", "--out", str(out),
                     "--language", "de"])  # fmt: skip
    assert code == 0
    assert fold("Seite 1 von") in pdf_text(out)
