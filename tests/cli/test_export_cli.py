"""`influence-desk export` end to end on the demo vault: what each audience's PDF holds,
what it never holds, consent, history, and a leak stopped by the gate."""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas

from influence_desk import cli
from influence_desk.demo import DEMO_AUDITOR_PASSPHRASE, DEMO_PASSPHRASE, create_demo_vault
from influence_desk.export import Renderer, export_pdf
from influence_desk.export import service as export_service
from influence_desk.resourcefiles import resource_path

DEMO = json.loads(resource_path("demo", "demo.json").read_text("utf-8"))


def fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path, _ = create_demo_vault(tmp_path_factory.mktemp("demo"))
    return path


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Path:
    target = tmp_path / demo_template.name
    shutil.copytree(demo_template, target)
    return target


def run(*args: str, passphrase: str = DEMO_PASSPHRASE) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "INFLUENCE_DESK_PASSPHRASE": passphrase}
    return subprocess.run(
        [sys.executable, "-m", "influence_desk", *args],
        capture_output=True, text=True, env=env, timeout=180, check=False,
    )  # fmt: skip


def export(vault: Path, profile: str, out: Path, *extra: str, passphrase: str = DEMO_PASSPHRASE
           ) -> dict[str, Any]:  # fmt: skip
    result = run("export", str(vault), "--profile", profile, "--out", str(out), "--json", *extra,
                 passphrase=passphrase)  # fmt: skip
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def pdf_text(path: Path) -> str:
    reader = PdfReader(str(path))
    return fold(" ".join(page.extract_text() or "" for page in reader.pages))


def identities() -> list[str]:
    out: list[str] = []
    for source in DEMO["sources"]:
        identity = source["identity"]
        out += [identity["real_name"], *identity["aliases"], *identity["contact"]]
    return out


def inline_spans(level: str) -> list[str]:
    """Texts of the demo notes' [[level: …]] marks."""
    spans: list[str] = []
    for note in DEMO["notes"]:
        body: str = note["body"]
        start = 0
        while (i := body.find(f"[[{level}: ", start)) >= 0:
            j = body.find("]]", i)
            spans.append(body[i + len(level) + 4 : j])
            start = j
    return spans


def titles_of_notes_with(consents: set[str]) -> list[str]:
    keys = {s["key"] for s in DEMO["sources"] if s["consent"] in consents}
    return [n["title"] for n in DEMO["notes"] if keys & set(n["sources"])]


def test_team_brief_holds_team_text_and_no_identity(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "brief.pdf"
    data = export(demo, "team", out)
    assert set(data) >= {"out", "pages", "notes", "checkpoint"}
    assert data["out"] == str(out) and out.is_file() and data["pages"] >= 3
    text = pdf_text(out)
    for value in identities():
        assert fold(value) not in text, "a source's identity is in the team brief"
    for span in inline_spans("internal"):
        assert fold(span)[:40] not in text
    team_spans = [s for s in inline_spans("team") if "[[" not in s]
    assert any(fold(s)[:40] in text for s in team_spans), "team-marked text missing"
    for title in titles_of_notes_with({"off-record"}):
        assert fold(title) not in text, "a note of an off-the-record source was exported"
    assert data["left_out"].get("off-record", 0) >= 1
    assert "[redacted]" in text


def test_public_summary_leaves_out_team_text_background_and_pseudonyms(
    demo: Path, tmp_path: Path
) -> None:
    out = tmp_path / "public.pdf"
    # The demo names one unregistered person, in a note's body: a public summary does not
    # print bodies, so that name does not hold this export up.
    data = export(demo, "public", out)
    text = pdf_text(out)
    for value in identities():
        assert fold(value) not in text
    for span in inline_spans("team") + inline_spans("internal"):
        assert fold(span)[:40] not in text
    for title in titles_of_notes_with({"off-record", "background"}):
        assert fold(title) not in text
    assert data["left_out"].get("background", 0) >= 1
    listed = run("source", "list", str(demo), "--json")
    pseudonyms = [s["pseudonym"] for s in json.loads(listed.stdout)["sources"]]
    assert pseudonyms and not [p for p in pseudonyms if fold(p) in text]


def test_export_is_recorded_and_extends_its_checkpoint(demo: Path, tmp_path: Path) -> None:
    data = export(demo, "team", tmp_path / "brief.pdf")
    history = json.loads(run("history", str(demo), "--json").stdout)["entries"]
    assert history[-1]["action"] == "vault.export"
    verified = run("verify", str(demo), "--checkpoint", data["checkpoint"], "--json")
    assert verified.returncode == 0, verified.stdout
    assert json.loads(verified.stdout)["ok"] is True


def test_auditor_gets_the_audit_report_but_nothing_with_note_text(
    demo: Path, tmp_path: Path
) -> None:
    audit = tmp_path / "audit.pdf"
    data = export(demo, "audit", audit, passphrase=DEMO_AUDITOR_PASSPHRASE)
    text = pdf_text(audit)
    assert data["notes"] == len(DEMO["notes"])
    for note in DEMO["notes"]:
        assert fold(note["summary"])[:50] not in text
    refused = run("export", str(demo), "--profile", "team", "--out", str(tmp_path / "t.pdf"),
                  passphrase=DEMO_AUDITOR_PASSPHRASE)  # fmt: skip
    assert refused.returncode == 4
    assert not (tmp_path / "t.pdf").exists()
    assert refused.stderr.count("\n") == 1 and "Traceback" not in refused.stderr


def test_a_query_narrows_the_export(demo: Path, tmp_path: Path) -> None:
    everything = export(demo, "team", tmp_path / "all.pdf")
    narrowed = export(demo, "team", tmp_path / "few.pdf", "--query", "geofences")
    assert 1 <= narrowed["notes"] < everything["notes"]


def test_a_file_name_with_a_real_name_is_refused(demo: Path, tmp_path: Path) -> None:
    name = DEMO["sources"][0]["identity"]["real_name"].replace(" ", "_")
    out = tmp_path / f"notes_{name}.pdf"
    result = run("export", str(demo), "--profile", "team", "--out", str(out))
    assert result.returncode == 1
    assert not out.exists()
    assert name.casefold() not in result.stderr.casefold()


@pytest.mark.parametrize("file_name", [
    "brief_wisniewska.pdf",  # the surname alone, in lower case, without its diacritics
    "Wiśniewskiej-notes.pdf",  # a Polish case form
    "K_Wisniewska2026.pdf",  # initial and surname, a year glued on
    "kowalczyk.pdf",  # one part of a double surname
    "papadopoulos.pdf",  # a Greek name as Latin text writes it
])
def test_a_file_name_with_a_derived_spelling_is_refused(
    demo: Path, tmp_path: Path, file_name: str
) -> None:
    out = tmp_path / file_name
    result = run("export", str(demo), "--profile", "team", "--out", str(out))
    assert result.returncode == 1, result.stderr
    assert "file name contains a source's real name" in result.stderr
    assert not out.exists()


def test_a_pseudonym_or_plain_words_are_a_fine_file_name(demo: Path, tmp_path: Path) -> None:
    listed = json.loads(run("source", "list", str(demo), "--json").stdout)["sources"]
    pseudonym = listed[0]["pseudonym"].replace(" ", "_")
    for name in (f"{pseudonym}.md", "post-election-brief_2026.md"):
        result = run("export", str(demo), "--profile", "team", "--format", "md",
                     "--out", str(tmp_path / name))  # fmt: skip
        assert result.returncode == 0, result.stderr


class _LeakyRenderer(Renderer):
    """A renderer with a bug: it writes a source's real name in white on page 2."""

    def decorate_page(self, canv: Canvas, page_number: int) -> None:
        super().decorate_page(canv, page_number)
        if page_number == 2:
            canv.saveState()
            canv.setFillColor(colors.white)
            canv.setFont("DejaVuSans", 8)
            canv.drawString(100, 300, DEMO["sources"][0]["identity"]["real_name"])
            canv.restoreState()


def test_a_leak_fails_the_export_loudly_and_leaves_no_file(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("INFLUENCE_DESK_PASSPHRASE", DEMO_PASSPHRASE)
    monkeypatch.setattr(
        export_service, "export_pdf", functools.partial(export_pdf, renderer=_LeakyRenderer)
    )
    out = tmp_path / "brief.pdf"
    code = cli.run(["export", str(demo), "--profile", "team", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 3
    assert not out.exists() and not list(tmp_path.glob("*.pdf*"))
    assert "real name" in err
    assert DEMO["sources"][0]["identity"]["real_name"] not in err
