"""REFI-QDA exports (.qdpx project, .qdc codebook): valid against the REFI-QDA schemas,
coded segments that cut out exactly the marked or tagged text, and nothing the profile
removes anywhere in the file. Every check reads the file with zipfile and lxml, not with
the app's own code."""

from __future__ import annotations

import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from test_export_profiles import (
    BACKGROUND_TEXT,
    CONTACTS,
    INTERNAL_TEXT,
    OFF_RECORD_BODY,
    PUBLIC_SUMMARY,
    REAL_NAMES,
    STRAY_EMAIL,
    TEAM_TEXT,
    assert_nothing_forbidden,
    build_request,
)

from influence_desk.errors import BadInput, LeakDetected
from influence_desk.export import AUDIT, PUBLIC, PUBLIC_TEXT, TEAM, ExportProfile
from influence_desk.export.document import ExportRequest, ExportResult
from influence_desk.export.formats import get_format, qdpx
from influence_desk.export.formats.qdpx_check import qdpx_texts
from influence_desk.export.formats.writing import export_document
from influence_desk.export.textnorm import fold

SCHEMAS = Path(__file__).resolve().parents[2] / "resources" / "refi-qda"
NS = {"q": "urn:QDA-XML:project:1.0", "c": "urn:QDA-XML:codebook:1.0"}


def export(
    request: ExportRequest, out: Path, kind: str = "qdpx", exporter: str = "lead 3fa2c1"
) -> ExportResult:
    """The export's own pipeline (prepare, render, read back, gate) in the REFI-QDA format."""
    return export_document(replace(request, exported_by=exporter), out, get_format(kind))


def schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def read_project(path: Path) -> tuple[Any, dict[str, str]]:
    """project.qde parsed, and each text source's text by its GUID."""
    with zipfile.ZipFile(path) as zf:
        root = etree.fromstring(zf.read("project.qde"))
        texts = {}
        for src in root.iterfind(".//q:TextSource", NS):
            member = "sources/" + src.get("plainTextPath").removeprefix("internal://")
            texts[src.get("guid")] = zf.read(member).decode("utf-8")
    return root, texts


def everything_in(path: Path) -> str:
    """Every member of the zip (names too), folded: what a recipient could read."""
    with zipfile.ZipFile(path) as zf:
        parts = [*zf.namelist()] + [zf.read(n).decode("utf-8") for n in zf.namelist()]
    return fold("\n".join(parts))


def code_named(root: Any, name: str) -> str:
    found = [c.get("guid") for c in root.iterfind(".//q:Code", NS) if c.get("name") == name]
    assert len(found) == 1, f"one code named {name!r}"
    return found[0]


def segments(root: Any, texts: dict[str, str], code_guid: str) -> list[str]:
    """The text each selection coded with ``code_guid`` cuts out of its source."""
    out = []
    for src in root.iterfind(".//q:TextSource", NS):
        text = texts[src.get("guid")]
        for sel in src.iterfind("q:PlainTextSelection", NS):
            refs = [r.get("targetGUID") for r in sel.iterfind("q:Coding/q:CodeRef", NS)]
            if code_guid in refs:
                out.append(text[int(sel.get("startPosition")) : int(sel.get("endPosition"))])
    return out


def test_a_team_project_is_valid_refi_qda_and_its_segments_cut_the_right_text(
    tmp_path: Path,
) -> None:
    out = export(build_request(TEAM), tmp_path / "team.qdpx")
    root, texts = read_project(out.out)
    schema("Project.xsd").assertValid(root.getroottree())
    with zipfile.ZipFile(out.out) as zf:
        assert zf.namelist()[0] == "project.qde"
        assert all(n.startswith("sources/") and n.endswith(".txt") for n in zf.namelist()[1:])
    # One text source per exported note; the off-the-record ones are not there.
    names = [s.get("name") for s in root.iterfind(".//q:TextSource", NS)]
    assert names == [
        "Datapol booth: voter-file matching", "Psychometrics: pitch versus practice",
        "DoorStep app permissions", "Geofencing at rallies: desk research",
    ]  # fmt: skip
    # A team-only passage, the summary and a redaction are coded where they are.
    assert segments(root, texts, code_named(root, "Team-only passage")) == [TEAM_TEXT]
    assert PUBLIC_SUMMARY in segments(root, texts, code_named(root, "Summary"))
    assert set(segments(root, texts, code_named(root, "Redacted passage"))) == {"[redacted]"}
    # A tag codes the note's whole text; vocabulary terms sit in the taxonomy's tree.
    booth = next(t for t in texts.values() if t.startswith(PUBLIC_SUMMARY))
    assert segments(root, texts, code_named(root, "Voter files")) == [booth]
    uses = next(c for c in root.iterfind("q:CodeBook/q:Codes/q:Code", NS)
                if c.get("name") == "Uses of data")  # fmt: skip
    assert uses.get("isCodable") == "false"
    assert "Voter files" in {c.get("name") for c in uses.iterfind(".//q:Code", NS)}
    # The pseudonym is printed as the team brief prints it; the exporter is a role and id.
    assert "Met Amber Heron at the Datapol booth." in booth
    users = [u.get("name") for u in root.iterfind(".//q:User", NS)]
    assert users == ["lead 3fa2c1"]
    # Event, organisation and kind as variables; events and organisations as cases too.
    values = {v.text for v in root.iterfind(".//q:TextValue", NS)}
    assert {"Booth visit", "Campaign Tech Europe", "Datapol"} <= values
    assert {"Campaign Tech Europe", "Datapol", "Berlin follow-up"} <= {
        c.get("name") for c in root.iterfind(".//q:Case", NS)
    }


def test_nothing_a_profile_removes_is_anywhere_in_the_project(tmp_path: Path) -> None:
    team = everything_in(export(build_request(TEAM), tmp_path / "t.qdpx").out)
    assert_nothing_forbidden(team, OFF_RECORD_BODY)
    assert fold(INTERNAL_TEXT) not in team and fold(STRAY_EMAIL) not in team

    public = export(build_request(PUBLIC), tmp_path / "p.qdpx").out
    text = everything_in(public)
    assert_nothing_forbidden(text, OFF_RECORD_BODY, TEAM_TEXT, BACKGROUND_TEXT, "Amber Heron")
    root, texts = read_project(public)
    schema("Project.xsd").assertValid(root.getroottree())
    # Summaries only, as the public PDF: the booth note's text is its summary.
    assert PUBLIC_SUMMARY in texts.values()
    assert not any("Datapol booth." in t for t in texts.values())


def test_a_codebook_alone_is_valid_and_carries_no_forbidden_tag(tmp_path: Path) -> None:
    request = build_request(TEAM)
    tagged = replace(request.notes[0], tags=(*request.notes[0].tags, "met Kasia W. twice"))
    request = replace(request, notes=(tagged, *request.notes[1:]))
    out = export(request, tmp_path / "codes.qdc", "qdc").out
    root = etree.parse(str(out))
    schema("Codebook.xsd").assertValid(root)
    names = {c.get("name") for c in root.iterfind(".//c:Code", NS)}
    assert {"Voter files", "Psychometric profiling", "met [redacted] twice"} <= names
    raw = fold(out.read_text("utf-8"))
    for term in (*REAL_NAMES, *CONTACTS):
        assert fold(term) not in raw


def test_re_exports_are_byte_identical(tmp_path: Path) -> None:
    a = export(build_request(TEAM), tmp_path / "a.qdpx").out
    b = export(build_request(TEAM), tmp_path / "b.qdpx").out
    assert a.read_bytes() == b.read_bytes()


def test_the_gate_deletes_a_project_that_would_show_a_real_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = qdpx.build_project

    def leaky(*args: Any, **kwargs: Any) -> qdpx.QdaProject:
        project = real(*args, **kwargs)
        first = replace(project.sources[0], name="Notes with Katarzyna Wisniewska")
        return replace(project, sources=(first, *project.sources[1:]))

    monkeypatch.setattr(qdpx, "build_project", leaky)
    with pytest.raises(LeakDetected, match="real name"):
        export(build_request(TEAM), tmp_path / "leak.qdpx")
    assert list(tmp_path.iterdir()) == []


def test_the_gate_refuses_a_project_it_cannot_validate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = qdpx.project_xml
    monkeypatch.setattr(qdpx, "project_xml",
                        lambda p: real(p).replace(b"<Users>", b"<Strangers/><Users>"))  # fmt: skip
    with pytest.raises(LeakDetected, match="could not verify the export"):
        export(build_request(TEAM), tmp_path / "bad.qdpx")
    assert list(tmp_path.iterdir()) == []
    # What the reader said: the schema refused it.
    monkeypatch.undo()
    good = export(build_request(TEAM), tmp_path / "good.qdpx").out
    bad = tmp_path / "bad.qdpx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            dst.writestr(name, data.replace(b"<Users>", b"<Strangers/><Users>"))
    with pytest.raises(LeakDetected, match="not valid against the REFI-QDA schema"):
        qdpx_texts(bad)


def test_the_audit_report_and_wrong_names_are_refused(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="audit report has no note text"):
        export(build_request(AUDIT), tmp_path / "audit.qdpx")
    with pytest.raises(BadInput, match=r"must end in \.qdpx"):
        export(build_request(TEAM), tmp_path / "team.zip")
    with pytest.raises(BadInput, match="real name"):
        export(build_request(TEAM), tmp_path / "kasia-w.qdpx")
    assert list(tmp_path.iterdir()) == []


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    from influence_desk.demo import create_demo_vault

    return create_demo_vault(tmp_path_factory.mktemp("demo"))


@pytest.mark.parametrize("profile", [TEAM, PUBLIC, PUBLIC_TEXT], ids=lambda p: p.key)
def test_the_demo_vault_as_a_project_and_a_codebook_in_each_profile(
    demo: tuple[Path, str], tmp_path: Path, profile: ExportProfile
) -> None:
    from influence_desk.demo import load_demo_data
    from influence_desk.desk import Desk
    from influence_desk.export.service import build_request as request_from_vault
    from influence_desk.vault.vault import Vault

    path, passphrase = demo
    data = load_demo_data()
    with Vault.open(path, passphrase) as vault:
        desk = Desk(vault)
        request = request_from_vault(desk, profile)
        off_record = [desk.note(n).note for n in desk.note_ids()
                      if any(desk.source(s).consent == "off-record"
                             for s in desk.note(n).note.source_ids)]  # fmt: skip
    project = export(request, tmp_path / "demo.qdpx").out
    codebook = export(request, tmp_path / "demo.qdc", "qdc").out
    root, texts = read_project(project)
    schema("Project.xsd").assertValid(root.getroottree())
    schema("Codebook.xsd").assertValid(etree.parse(str(codebook)))
    assert texts and all(texts.values())
    everything = everything_in(project) + fold(codebook.read_text("utf-8"))
    for source in data["sources"]:
        identity = source["identity"]
        for term in (identity["real_name"], *identity.get("aliases", []),
                     *identity.get("contact", [])):  # fmt: skip
            assert fold(term) not in everything, "a registered identity is in the export"
    for note in off_record:
        assert fold(note.title) not in everything
