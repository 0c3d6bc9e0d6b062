"""Importing REFI-QDA projects: our own export comes back as the same pseudonymised texts
(summary, body, team marks, tags, kind, event, organisations); another tool's project
gives notes with its codes as tags; a hostile project is one sentence and imports nothing."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from desk_support import DeskVault

from influence_desk import crypto
from influence_desk.desk import Desk, NoteDraft
from influence_desk.errors import BadInput
from influence_desk.export.service import run_export
from influence_desk.importers.dispatch import import_path
from influence_desk.model import (
    Event,
    EventKind,
    Mark,
    MarkLevel,
    NoteKind,
    Organisation,
    Role,
    SourceIdentity,
)
from influence_desk.vault.vault import Vault

NAME = "Katarzyna Wiśniewska"
TEXT_MEMBER = "sources/44444444-4444-4444-8444-444444444444.txt"
TEAM_PART = "the list price was 0.12 per record"


def source_texts(path: Path) -> dict[str, str]:
    """Each text source's text by its name, read with zipfile and the standard's paths."""
    from lxml import etree

    with zipfile.ZipFile(path) as zf:
        root = etree.fromstring(zf.read("project.qde"))
        ns = {"q": "urn:QDA-XML:project:1.0"}
        return {
            s.get("name"): zf.read(
                "sources/" + s.get("plainTextPath").removeprefix("internal://")
            ).decode("utf-8")
            for s in root.iterfind(".//q:TextSource", ns)
        }


def new_vault(folder: Path) -> Vault:
    return Vault.create(folder / "second.idvault", label="Second", passphrase="second vault pass",
                        kdf=crypto.floor_params())  # fmt: skip


def test_our_project_imports_into_a_new_vault_as_the_same_pseudonymised_texts(
    desk_vault: DeskVault, tmp_path: Path
) -> None:
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        src = desk.register_source(SourceIdentity(NAME))
        body = f"Met {NAME} at the booth; {TEAM_PART}. A literal [[ stays."
        start = body.index(TEAM_PART)
        desk.add_note(NoteDraft(
            NoteKind.BOOTH, "Datapol booth", datetime(2026, 3, 12, 14, 35),
            summary="Datapol sells voter-file matching.", body=body,
            marks=(Mark(start, start + len(TEAM_PART), MarkLevel.TEAM),),
            tags=("method:voter-files", "own tag"),
            new_event=Event("", EventKind.TRADE_FAIR, "Campaign Tech Europe"),
            new_organisations=(Organisation("", "Datapol"),),
        ))  # fmt: skip
        desk.add_note(NoteDraft(NoteKind.DESK, "Reading", datetime(2026, 3, 13, 9, 0),
                                body="Three reports on geofencing."))  # fmt: skip
        first = run_export(desk, "team", tmp_path / "a.qdpx", export_format="qdpx")
    with new_vault(tmp_path) as second:
        desk2 = Desk(second)
        assert import_path(desk2, first.out) == 2
        again = run_export(desk2, "team", tmp_path / "b.qdpx", export_format="qdpx")
        notes = {desk2.note(n).note.title: desk2.note(n).note for n in desk2.note_ids()}
        booth = notes["Datapol booth"]
        assert booth.summary == "Datapol sells voter-file matching."
        assert booth.body.startswith(f"Met {src.pseudonym} at the booth")
        assert NAME not in booth.body  # the name never reached the first export
        assert booth.marks == (Mark(booth.body.index(TEAM_PART),
                                    booth.body.index(TEAM_PART) + len(TEAM_PART),
                                    MarkLevel.TEAM),)  # fmt: skip
        assert booth.tags == ("method:voter-files", "own tag")
        assert booth.kind == "booth" and booth.occurred_at == datetime(2026, 3, 12, 14, 35)
        assert [e.name for e in desk2.events()] == ["Campaign Tech Europe"]
        assert [o.name for o in desk2.organisations()] == ["Datapol"]
        assert second.verify().ok
    assert source_texts(again.out) == source_texts(first.out)


QUALCODER = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Fieldwork" origin="QualCoder 3.5">
<CodeBook><Codes>
<Code guid="11111111-1111-4111-8111-111111111111" name="Geotargeting" isCodable="true"/>
<Code guid="22222222-2222-4222-8222-222222222222" name="Trust" isCodable="true">
<Code guid="33333333-3333-4333-8333-333333333333" name="Distrust" isCodable="true"/></Code>
</Codes></CodeBook>
<Sources>
<TextSource guid="44444444-4444-4444-8444-444444444444" name="Interview 7.docx"
 plainTextPath="internal://44444444-4444-4444-8444-444444444444.txt">
<PlainTextSelection guid="55555555-5555-4555-8555-555555555555" startPosition="0" endPosition="5">
<Coding guid="66666666-6666-4666-8666-666666666666">
<CodeRef targetGUID="11111111-1111-4111-8111-111111111111"/></Coding></PlainTextSelection>
<PlainTextSelection guid="77777777-7777-4777-8777-777777777777" startPosition="6" endPosition="20">
<Coding guid="88888888-8888-4888-8888-888888888888">
<CodeRef targetGUID="33333333-3333-4333-8333-333333333333"/></Coding></PlainTextSelection>
</TextSource>
<PDFSource guid="99999999-9999-4999-8999-999999999999" name="Brochure" path="internal://b.pdf"/>
</Sources></Project>
"""


def qdpx_file(path: Path, qde: str | bytes, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("project.qde", qde)
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_a_qualcoder_project_gives_notes_with_its_codes_as_tags(
    desk_vault: DeskVault, tmp_path: Path
) -> None:
    text = f"Geofences, said {NAME}, are everywhere."
    path = qdpx_file(tmp_path / "qc.qdpx", QUALCODER, {TEXT_MEMBER: text.encode()})
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        src = desk.register_source(SourceIdentity(NAME))
        assert import_path(desk, path, kind="interview") == 1
        (note,) = (desk.note(n).note for n in desk.note_ids())
        assert note.title == "Interview 7" and note.kind == "interview"
        assert note.body == f"Geofences, said {src.pseudonym}, are everywhere."
        assert note.tags == ("Distrust", "method:geotargeting")
        assert vault.verify().ok


def qdpx_bytes(qde: str, members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("project.qde", qde)
        for name, data in members.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("project.qde", QUALCODER)
        zf.writestr(TEXT_MEMBER, b"\0" * 8_000_000)
    return buffer.getvalue()


def traversal() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("project.qde", QUALCODER)
        zf.writestr("../../etc/cron.d/evil", b"* * * * * root true")
    return buffer.getvalue()


def entities() -> bytes:
    laughs = ('<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY a "aaaaaaaaaa">'
              '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
              '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
              '<Project xmlns="urn:QDA-XML:project:1.0" name="&c;"/>')  # fmt: skip
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("project.qde", laughs)
    return buffer.getvalue()


def linked() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("project.qde", QUALCODER.replace("internal://", "absolute:///etc/"))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (bomb(), r"unpacks to far more than it holds \(a zip bomb\?\)"),
        (traversal(), r"named '\.\./\.\./etc/cron\.d/evil', which points outside the project"),
        (entities(), r"declares a document type, which REFI-QDA never needs"),
        (linked(), r"^Text source 1 of the project keeps its text outside the project"),
        (b"PK\x03\x04 not really a zip", r"not a REFI-QDA project \(not a zip\)"),
        (b"", r"not a REFI-QDA project \(not a zip\)"),
        (qdpx_bytes(QUALCODER, {TEXT_MEMBER: "Café Wiśniewska".encode("latin-1", "replace")}),
         r"^Text source 1 of the project: its text is not UTF-8\.$"),
    ],
)  # fmt: skip
def test_a_hostile_project_is_one_sentence_and_imports_nothing(
    desk_vault: DeskVault, tmp_path: Path, data: bytes, message: str
) -> None:
    path = tmp_path / "hostile.qdpx"
    path.write_bytes(data)
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        with pytest.raises(BadInput, match=message) as caught:
            import_path(desk, path)
        assert "\n" not in str(caught.value)
        assert desk.count_notes() == 0
    assert not (tmp_path / "etc").exists()


def test_a_bad_segment_names_its_source_and_imports_nothing(
    desk_vault: DeskVault, tmp_path: Path
) -> None:
    qde = QUALCODER.replace('endPosition="20"', 'endPosition="2000"')
    path = qdpx_file(tmp_path / "qc.qdpx", qde, {TEXT_MEMBER: b"short text here"})
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        with pytest.raises(BadInput, match=r"^Text source 1 of the project: a coded segment lies"):
            import_path(desk, path)
        assert desk.count_notes() == 0
