"""The export dialog offers every format the CLI offers, REFI-QDA among them: a project and a
codebook exported from the dialog on the demo vault, read back here with zipfile and lxml
(not the app's reader), are valid against the REFI-QDA schemas and name no registered
person; the save dialog asks for their endings."""

from __future__ import annotations

import unicodedata
import zipfile
from pathlib import Path

from lxml import etree
from uihelpers import choose_data, open_export_dialog, unlock

from influence_desk.demo import DEMO_PASSPHRASE, create_demo_vault, load_demo_data

SCHEMAS = Path(__file__).resolve().parents[2] / "resources" / "refi-qda"
PROJECT_NS = {"q": "urn:QDA-XML:project:1.0"}


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _identities() -> list[str]:
    """Every registered real name, alias and contact detail of the demo (4 letters or more)."""
    found: list[str] = []
    for source in load_demo_data()["sources"]:
        who = source["identity"]
        found += [who["real_name"], *who.get("aliases", ()), *who.get("contact", ())]
    return [_fold(v) for v in found if len(v) >= 4]


def _export(qtbot, dialog, out: Path) -> None:
    dialog.start_export(out)
    qtbot.waitUntil(lambda: not dialog.running, timeout=90_000)
    assert dialog.export_result is not None, dialog.banner.text()
    assert dialog.export_result.out == out and out.is_file()


def test_the_dialog_offers_every_format_of_the_cli() -> None:
    from influence_desk.export.formats import FORMATS, get_format
    from ui.export_format import OPTIONS

    assert {o.export_format for o in OPTIONS} == set(FORMATS)
    for option in OPTIONS:
        fmt = get_format(option.export_format, md_layout=option.md_layout)
        assert option.suffix == ("" if fmt.output == "folder" else fmt.suffix)
        assert option.needs_note_text == bool(getattr(fmt, "notes_only", False))


def test_a_refi_qda_project_and_codebook_from_the_dialog(
    qtbot, window, tmp_path: Path, monkeypatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    asked: list[str] = []

    def fake_save(_parent, _caption, suggested, name_filter):
        asked.append(name_filter)
        return str(tmp_path / "picked"), name_filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_save)
    (tmp_path / "demo").mkdir()
    vault, _ = create_demo_vault(tmp_path / "demo")
    unlock(qtbot, window, vault, DEMO_PASSPHRASE)
    dialog = open_export_dialog(qtbot, window)
    labels = [dialog.format_combo.itemText(i) for i in range(dialog.format_combo.count())]
    assert any(label.startswith("REFI-QDA project") for label in labels)
    assert "REFI-QDA codebook alone" in labels
    choose_data(dialog.profile_combo, "team")
    identities = _identities()

    choose_data(dialog.format_combo, "qdpx")
    assert dialog.ask_path() == tmp_path / "picked.qdpx" and "*.qdpx" in asked[-1]
    project = tmp_path / "team.qdpx"
    _export(qtbot, dialog, project)
    with zipfile.ZipFile(project) as zf:
        root = etree.fromstring(zf.read("project.qde"))
        texts = [zf.read(n).decode("utf-8") for n in zf.namelist() if n.startswith("sources/")]
    etree.XMLSchema(etree.parse(str(SCHEMAS / "Project.xsd"))).assertValid(root.getroottree())
    assert len(texts) == dialog.export_result.notes_exported > 0
    everything = _fold("\n".join([etree.tostring(root, encoding="unicode"), *texts]))
    assert [v for v in identities if v in everything] == []
    assert dialog.open_button.text() == "&Open the file" and dialog.preview_pages() == 0

    choose_data(dialog.format_combo, "qdc")
    assert dialog.ask_path() == tmp_path / "picked.qdc" and "*.qdc" in asked[-1]
    codebook = tmp_path / "team.qdc"
    _export(qtbot, dialog, codebook)
    tree = etree.parse(str(codebook))
    etree.XMLSchema(etree.parse(str(SCHEMAS / "Codebook.xsd"))).assertValid(tree)
    codes = tree.findall(".//{urn:QDA-XML:codebook:1.0}Code")
    assert codes and [v for v in identities if v in _fold(codebook.read_text("utf-8"))] == []

    # The audit report has no note text: neither REFI-QDA format can be chosen for it.
    choose_data(dialog.profile_combo, "audit")
    model = dialog.format_combo.model()
    keys = [dialog.format_combo.itemData(i) for i in range(model.rowCount())]
    assert not model.item(keys.index("qdpx")).isEnabled()
    assert not model.item(keys.index("qdc")).isEnabled()
