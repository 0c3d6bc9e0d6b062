"""Every export format is a profile's rendering of the demo vault, read back here with
readers the app does not use for writing (zipfile + lxml for DOCX/ODT/REFI-QDA, the
REFI-QDA files validated against their schemas, plain text for Markdown and JSON lines): no
registered name or derived variant, no contact detail, no redacted span, nothing of an
off-the-record source's notes, in every profile (the internal one only as JSON lines); a
planted leak stops the export and leaves no file; JSON lines go back into a vault and come
out the same."""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from influence_desk.demo import DEMO_PASSPHRASE, create_demo_vault, load_demo_data
from influence_desk.desk import Desk
from influence_desk.errors import BadInput, Cancelled, LeakDetected
from influence_desk.export import service
from influence_desk.export.document import ExportResult
from influence_desk.export.formats import brief, docx, jsonl, odt
from influence_desk.model import SourceIdentity
from influence_desk.names.variants import Condition, identity_terms
from influence_desk.progress import CancelFlag
from influence_desk.vault.vault import Vault

DEMO = load_demo_data()
SOURCES = {s["key"]: s for s in DEMO["sources"]}
OFF_RECORD = {k for k, s in SOURCES.items() if s.get("consent") == "off-record"}
BACKGROUND = {k for k, s in SOURCES.items() if s.get("consent") == "background"}
FORMATS = ("docx", "odt", "md", "md-per-note", "jsonl")
SUFFIX = {"docx": ".docx", "odt": ".odt", "md": ".md", "md-per-note": "", "jsonl": ".jsonl",
          "qdpx": ".qdpx", "qdc": ".qdc"}  # fmt: skip
#: Formats that need note text (the audit report has none).
NOTES_ONLY = ("jsonl", "qdpx", "qdc")
SCHEMAS = Path(__file__).resolve().parents[2] / "resources" / "refi-qda"


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(text.split())


def identity(source: dict[str, Any]) -> SourceIdentity:
    who = source["identity"]
    return SourceIdentity(who["real_name"], tuple(who.get("aliases", ())),
                          tuple(who.get("contact", ())), who.get("notes", ""))  # fmt: skip


def spans(level: str) -> list[str]:
    """The text of every ``[[level: …]]`` span in the demo notes."""
    found = []
    for note in DEMO["notes"]:
        for text in (note.get("body", ""), note.get("summary", "")):
            found += re.findall(r"\[\[" + level + r":\s*(.*?)\]\]", text, flags=re.S)
    return [s for s in found if len(s) >= 8]


def notes_of(keys: set[str]) -> list[dict[str, Any]]:
    return [n for n in DEMO["notes"] if keys & set(n.get("sources", ()))]


# --- independent readers -----------------------------------------------------------------


def office_text(path: Path) -> str:
    """Every text node, attribute value and comment of every XML part of the package."""
    bits: list[str] = []
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            data = package.read(name)
            if not name.endswith((".xml", ".rels")):
                bits.append(data.decode("utf-8", errors="replace"))
                continue
            root = etree.fromstring(data)
            for el in root.iter():
                bits.extend(str(v) for v in el.attrib.values())
            bits.append("\n".join(root.itertext()))
    return "\n".join(bits)


def xml_text(data: bytes, schema: str) -> str:
    """A REFI-QDA XML part, validated against its schema: every text node, attribute value
    and comment."""
    root = etree.fromstring(data)
    etree.XMLSchema(etree.parse(str(SCHEMAS / schema))).assertValid(root.getroottree())
    bits: list[str] = []
    for el in root.iter():
        if isinstance(el, etree._Comment):
            bits.append(el.text or "")
            continue
        bits.extend(str(v) for v in el.attrib.values())
        bits.extend(t for t in (el.text, el.tail) if t)
    return "\n".join(bits)


def qdpx_text(path: Path) -> str:
    """The project (schema-valid) and every member of the zip, names included."""
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        assert names[0] == "project.qde"
        parts = [*names, xml_text(zf.read("project.qde"), "Project.xsd")]
        parts += [zf.read(n).decode("utf-8") for n in names[1:]]
    return "\n".join(parts)


def read_output(path: Path, fmt: str) -> str:
    if fmt in ("docx", "odt"):
        return office_text(path)
    if fmt == "qdpx":
        return qdpx_text(path)
    if fmt == "qdc":
        return xml_text(path.read_bytes(), "Codebook.xsd")
    if fmt == "jsonl":
        lines = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]

        def strings(v: Any) -> Iterator[str]:
            if isinstance(v, str):
                yield v
            elif isinstance(v, list):
                for x in v:
                    yield from strings(x)
            elif isinstance(v, dict):
                for x in v.values():
                    yield from strings(x)

        return "\n".join(s for line in lines for s in strings(line))
    files = sorted(path.iterdir()) if path.is_dir() else [path]
    raw = "\n".join(f.read_text("utf-8") for f in files)
    return raw + "\n" + re.sub(r"\\(.)", r"\1", raw)  # as written, and as a viewer shows it


def leaks(text: str, profile: str) -> list[str]:
    """What of the vault's secrets ``text`` shows (described, never the value)."""
    found: list[str] = []
    folded = fold(text)
    for key, source in SOURCES.items():
        for term in identity_terms(identity(source)):
            if len(term.text) < 4 or term.condition is Condition.CONTEXT:
                continue
            if term.condition is Condition.ANY:
                if fold(term.text) in folded:
                    found.append(f"a spelling of source {key} ({term.kind})")
            elif re.search(r"(?<!\w)" + re.escape(term.text) + r"(?!\w)", text):
                found.append(f"a capitalised spelling of source {key}")
        for contact in source["identity"].get("contact", ()):
            if fold(contact) in folded:
                found.append(f"a contact detail of source {key}")
    if profile != "internal":  # the one profile that keeps them, as marks, for another vault
        for span in spans("internal"):
            if fold(span) in folded:
                found.append("an internal span")
    if profile not in ("team", "internal"):
        for span in spans("team"):
            if fold(span) in folded:
                found.append("a team-only span")
    allows_background = profile in ("team", "internal")
    for note in notes_of(OFF_RECORD) + ([] if allows_background else notes_of(BACKGROUND)):
        for text in (note["title"], note.get("summary", "")):
            if len(text) > 12 and fold(text) in folded:
                found.append("a left-out note's text")
    return found


# --- the vault and the exports ----------------------------------------------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path, _ = create_demo_vault(tmp_path_factory.mktemp("demo"))
    return path


@pytest.fixture(scope="module")
def demo(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("vault") / template.name
    shutil.copytree(template, target)
    return target


def export(vault: Path, profile: str, fmt: str, out: Path, **kw: Any) -> ExportResult:
    name, layout = ("md", "per-note") if fmt == "md-per-note" else (fmt, "single")
    with Vault.open(vault, DEMO_PASSPHRASE) as v:
        return service.run_export(Desk(v), profile, out, export_format=name,
                                  md_layout=layout, **kw)  # fmt: skip


@pytest.fixture(scope="module")
def reviewed(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo with its one unregistered person (a flyer's contact) reviewed as public,
    so a profile that prints bodies in public may export it."""
    from influence_desk import reviews

    target = tmp_path_factory.mktemp("reviewed") / template.name
    shutil.copytree(template, target)
    with Vault.open(target, DEMO_PASSPHRASE) as v:
        desk = Desk(v)
        for candidate in reviews.candidates(desk):
            reviews.decide(desk, candidate.ref, "public")
    return target


@pytest.mark.parametrize("fmt", (*FORMATS, "qdpx", "qdc"))
@pytest.mark.parametrize("profile", ["team", "public", "public-text", "audit", "internal"])
def test_every_format_and_profile_reads_back_clean(demo: Path, reviewed: Path, tmp_path: Path,
                                                   fmt: str, profile: str) -> None:  # fmt: skip
    vault = reviewed if profile == "public-text" else demo
    out = tmp_path / f"brief-{profile}{SUFFIX[fmt]}"
    refusal = ("only as JSON lines" if profile == "internal" and fmt != "jsonl"
               else "no notes to write" if profile == "audit" and fmt in NOTES_ONLY
               else None)  # fmt: skip
    if refusal is not None:
        with pytest.raises(BadInput, match=refusal):
            export(vault, profile, fmt, out)
        assert not out.exists()
        return
    result = export(vault, profile, fmt, out)
    assert out.exists() and result.out == out
    text = read_output(out, fmt)
    assert leaks(text, profile) == []
    if profile == "audit":
        assert result.notes_exported == len(DEMO["notes"])
        assert not any(fold(n["title"]) in fold(text) for n in DEMO["notes"])
        return
    if fmt != "qdc":  # the codebook alone holds codes, no note
        shown = [n for n in DEMO["notes"] if fold(n["title"]) in fold(text)]
        assert len(shown) == result.notes_exported > 0  # every exported note is there
    if fmt != "jsonl":
        assert result.checkpoint in text  # the cover's checkpoint, as in the PDF
    if fmt in FORMATS and fmt != "jsonl":  # a brief's structure: what was removed, said
        assert "[redacted]" in text
    if profile in ("team", "internal") and fmt != "qdc":
        assert any(fold(s) in fold(text) for s in spans("team"))


def test_docx_properties_and_dates_are_neutral(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "team.docx"
    export(demo, "team", "docx", out)
    with zipfile.ZipFile(out) as package:
        core = package.read("docProps/core.xml").decode()
        app = package.read("docProps/app.xml").decode()
        stamps = {info.date_time for info in package.infolist()}
    assert "python-docx" not in core + app and "Microsoft" not in app
    root = etree.fromstring(core.encode())
    ns = {"dc": "http://purl.org/dc/elements/1.1/", "dcterms": "http://purl.org/dc/terms/",
          "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"}
    assert (root.findtext("dc:creator", namespaces=ns) or "") == ""
    assert (root.findtext("cp:lastModifiedBy", namespaces=ns) or "") == ""
    created = root.findtext("dcterms:created", namespaces=ns) or ""
    assert created.endswith("T00:00:00Z")  # the day only, as the PDF's Info
    assert len(stamps) == 1 and next(iter(stamps))[3:] == (0, 0, 0)


def test_docx_carries_no_picture_or_part_of_the_template(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "public.docx"
    export(demo, "public", "docx", out)
    with zipfile.ZipFile(out) as package:
        names = package.namelist()
        types = package.read("[Content_Types].xml").decode()
        rels = package.read("_rels/.rels").decode() + package.read(
            "word/_rels/document.xml.rels").decode()
    # A preview picture would show a blank template page, with its own EXIF, to every viewer.
    assert not [n for n in names if n.startswith(("docProps/thumbnail", "customXml/"))]
    assert "thumbnail" not in rels and "customXml" not in rels and "customXml" not in types
    assert not [n for n in names if n.lower().endswith((".jpeg", ".jpg", ".png", ".emf"))]


def test_odt_meta_names_no_tool_author_or_time(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "team.odt"
    export(demo, "team", "odt", out)
    with zipfile.ZipFile(out) as package:
        assert package.namelist()[0] == "mimetype"
        meta = package.read("meta.xml").decode()
    assert "odfpy" not in meta.casefold() and "creator" not in meta
    assert "T00:00:00" in meta and "initial-creator" not in meta


# (Web addresses would be removed as detected identifiers: these are relative targets.)
HOSTILE = ("![pixel](p.png) [click](javascript:alert) <img src=x> <b>bold</b> *stars* `code`"
           "\n\n    indented <script>x</script>")


def test_markdown_note_text_cannot_make_links_images_or_html(template: Path,
                                                             tmp_path: Path) -> None:  # fmt: skip
    from markdown_it import MarkdownIt

    vault = tmp_path / template.name
    shutil.copytree(template, vault)
    with Vault.open(vault, DEMO_PASSPHRASE) as v:
        Desk(v).import_jsonl([json.dumps({"kind": "desk", "title": "Hostile <b>title</b> [x](y)",
                                          "body": HOSTILE, "summary": HOSTILE})])
    for fmt in ("md", "md-per-note"):
        out = tmp_path / f"brief{SUFFIX[fmt]}"
        export(vault, "team", fmt, out)
        files = sorted(out.iterdir()) if out.is_dir() else [out]
        texts = [f.read_text("utf-8") for f in files]
        if fmt == "md-per-note":
            # Front matter is YAML for the viewer's metadata, not Markdown: each value a
            # quoted string or list (JSON is YAML), the title exactly as exported.
            fronts = [t.split("\n---\n", 1)[0].removeprefix("---\n") for t in texts[:-1]]
            values = [json.loads(line.split(": ", 1)[1]) for f in fronts for line in
                      f.splitlines()]  # fmt: skip
            assert "Hostile <b>title</b> [x](y)" in values
            texts = [t.split("\n---\n", 1)[1] for t in texts[:-1]] + texts[-1:]
        html = "".join(MarkdownIt("commonmark").enable("table").render(t) for t in texts)
        assert "<a " not in html and "<img" not in html and "<b>" not in html
        assert "<code>code</code>" not in html  # note text makes no code span either
        assert "<script>" not in html and "<pre>" not in html
        assert "![pixel](p.png) [click](javascript:alert)" in html  # shown, literally
        assert "&lt;img src=x&gt;" in html and "*stars* `code`" in html


# --- planted leaks ---------------------------------------------------------------------------

REAL = SOURCES["kasia"]["identity"]["real_name"]


def _plant_in_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    original = brief.Brief.note_meta

    def note_meta(self: brief.Brief, note: Any) -> Any:
        return [*original(self, note), (brief.Run("text", f"met {REAL} again"),)]

    monkeypatch.setattr(brief.Brief, "note_meta", note_meta)


def _plant_docx_author(monkeypatch: pytest.MonkeyPatch) -> None:
    original = docx.DocxFormat.scrub

    def scrub(document: Any, b: brief.Brief) -> None:
        original(document, b)
        document.core_properties.author = REAL

    monkeypatch.setattr(docx.DocxFormat, "scrub", staticmethod(scrub))


def _plant_odt_style(monkeypatch: pytest.MonkeyPatch) -> None:
    original = odt.OdtFormat.make_styles

    def make_styles(doc: Any, b: brief.Brief, title: str) -> dict[str, Any]:
        from odf.style import Style

        doc.styles.addElement(Style(name=REAL.replace(" ", "_"), family="paragraph"))
        return original(doc, b, title)

    monkeypatch.setattr(odt.OdtFormat, "make_styles", staticmethod(make_styles))


def _plant_jsonl(monkeypatch: pytest.MonkeyPatch) -> None:
    original = jsonl.JsonlFormat.line

    def line(*args: Any) -> dict[str, Any]:
        data = original(*args)
        return {**data, "tags": [*data["tags"], REAL.upper()]}

    monkeypatch.setattr(jsonl.JsonlFormat, "line", staticmethod(line))


PLANTS = [
    ("docx", _plant_in_blocks), ("docx", _plant_docx_author),
    ("odt", _plant_in_blocks), ("odt", _plant_odt_style),
    ("md", _plant_in_blocks), ("md-per-note", _plant_in_blocks),
    ("jsonl", _plant_jsonl),
]


@pytest.mark.parametrize(("fmt", "plant"), PLANTS, ids=[f"{f}-{p.__name__}" for f, p in PLANTS])
def test_a_planted_real_name_is_caught_and_no_file_is_left(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, plant: Any
) -> None:
    plant(monkeypatch)
    out = tmp_path / f"brief{SUFFIX[fmt]}"
    with pytest.raises(LeakDetected, match="real name"):
        export(demo, "team", fmt, out)
    assert list(tmp_path.iterdir()) == []  # neither the file nor a temporary one


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_cancelled_export_leaves_nothing(demo: Path, tmp_path: Path, fmt: str) -> None:
    cancel = CancelFlag()
    seen = 0

    def progress(done: int, total: int) -> None:
        nonlocal seen
        seen += 1
        if done * 2 > total:  # half way: while the notes are being written
            cancel.cancel()

    with pytest.raises(Cancelled):
        export(demo, "team", fmt, tmp_path / f"brief{SUFFIX[fmt]}", progress=progress,
               cancel=cancel)  # fmt: skip
    assert seen and list(tmp_path.iterdir()) == []


def test_the_file_name_must_fit_the_format(demo: Path, tmp_path: Path) -> None:
    with pytest.raises(BadInput, match=r"must end in \.docx"):
        export(demo, "team", "docx", tmp_path / "brief.pdf")
    with pytest.raises(BadInput, match=r"must end in \.pdf"):
        export(demo, "team", "pdf", tmp_path / "brief.docx")
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine")
    with pytest.raises(BadInput, match="new or empty folder"):
        export(demo, "team", "md-per-note", tmp_path / "full")
    assert (tmp_path / "full" / "keep.txt").read_text() == "mine"


# --- JSON lines round trip ---------------------------------------------------------------------


def _lines(path: Path) -> list[str]:
    return sorted(path.read_text("utf-8").splitlines())


def test_team_jsonl_round_trips_through_a_vault_with_the_same_sources(
    template: Path, tmp_path: Path
) -> None:
    source = tmp_path / "a" / template.name
    target = tmp_path / "b" / template.name
    shutil.copytree(template, source)
    shutil.copytree(template, target)  # the team's other vault: the same sources, no notes
    with Vault.open(target, DEMO_PASSPHRASE) as v:
        desk = Desk(v)
        for note_id in desk.note_ids():
            desk.delete_note(note_id)
        desk.empty_trash()
        assert desk.count_notes() == 0
    first = tmp_path / "first.jsonl"
    export(source, "team", "jsonl", first)
    with Vault.open(target, DEMO_PASSPHRASE) as v:
        imported = Desk(v).import_jsonl(first.read_text("utf-8").splitlines())
    second = tmp_path / "second.jsonl"
    export(target, "team", "jsonl", second)
    assert imported == len(_lines(first)) > 0
    assert _lines(second) == _lines(first)
    assert any("[[team: " in line for line in _lines(first))  # the marks travelled


def test_public_jsonl_round_trips_through_a_new_vault(template: Path, tmp_path: Path) -> None:
    from influence_desk import crypto

    first = tmp_path / "first.jsonl"
    export(template, "public", "jsonl", first)
    fresh = tmp_path / "new.idvault"
    with Vault.create(fresh, label="Elsewhere", passphrase=DEMO_PASSPHRASE,
                      kdf=crypto.floor_params()) as v:  # fmt: skip
        Desk(v).import_jsonl(first.read_text("utf-8").splitlines())
    second = tmp_path / "second.jsonl"
    export(fresh, "public", "jsonl", second)
    assert _lines(second) == _lines(first) and len(_lines(first)) > 0
    assert all(json.loads(line)["sources"] == [] for line in _lines(first))
