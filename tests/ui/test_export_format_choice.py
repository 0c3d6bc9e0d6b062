"""The export dialog's format choice: a DOCX, a Markdown folder, JSON lines, each checked
by the leak gate like the PDF; the save dialog asks for the format's ending; the audit
report cannot be JSON lines; the German interface names the formats in German."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from lxml import etree
from uihelpers import choose_data, open_export_dialog, unlock


def _docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        return "\n".join("".join(etree.fromstring(package.read(n)).itertext())
                         for n in package.namelist() if n.endswith(".xml"))  # fmt: skip


def test_a_docx_export_from_the_dialog(qtbot, window, sample_vault, tmp_path: Path) -> None:
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    dialog = open_export_dialog(qtbot, window)
    formats = [dialog.format_combo.itemText(i) for i in range(dialog.format_combo.count())]
    assert formats[0] == "PDF document" and "Word document (DOCX)" in formats
    choose_data(dialog.profile_combo, "team")
    choose_data(dialog.format_combo, "docx")
    out = tmp_path / "brief.docx"
    dialog.start_export(out)
    assert not dialog.format_combo.isEnabled()  # no change of mind half way
    qtbot.waitUntil(lambda: not dialog.running, timeout=60_000)
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".docx"] == ["brief.docx"]
    text = _docx_text(out)
    assert "Miriam" not in text and "Kessler" not in text and "Mimi" not in text
    assert sample_vault.source_pseudonym in text
    result = dialog.export_result
    assert result is not None and result.pages == 0 and result.notes_exported == 3
    assert "3 notes." in dialog.summary_label.text() and "pages" not in dialog.summary_label.text()
    assert dialog.open_button.text() == "&Open the file"
    assert dialog.preview_pages() == 0  # the preview is for PDFs only
    assert dialog.format_combo.isEnabled()


def test_the_save_dialog_asks_for_the_format_and_adds_its_ending(
    qtbot, window, sample_vault, tmp_path: Path, monkeypatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    asked: list[tuple[str, str]] = []

    def fake_save(_parent, _caption, suggested, name_filter):
        asked.append((suggested, name_filter))
        return str(tmp_path / "notes"), name_filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_save)
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    dialog = open_export_dialog(qtbot, window)
    choose_data(dialog.format_combo, "jsonl")
    assert dialog.ask_path() == tmp_path / "notes.jsonl"
    assert asked[-1][0].endswith(".jsonl") and "*.jsonl" in asked[-1][1]
    choose_data(dialog.format_combo, "md-per-note")
    assert dialog.ask_path() == tmp_path / "notes"  # a folder: no ending
    dialog.start_export(tmp_path / "notes")
    qtbot.waitUntil(lambda: not dialog.running, timeout=60_000)
    files = sorted(p.name for p in (tmp_path / "notes").iterdir())
    assert len(files) == 4 and files[-1] == "index.md"  # three notes and the index
    assert dialog.open_button.text() == "&Open the folder"


def test_jsonl_exports_import_lines_and_audit_cannot_choose_it(
    qtbot, window, sample_vault, tmp_path: Path
) -> None:
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    dialog = open_export_dialog(qtbot, window)
    choose_data(dialog.profile_combo, "team")
    choose_data(dialog.format_combo, "jsonl")
    out = tmp_path / "notes.jsonl"
    dialog.start_export(out)
    qtbot.waitUntil(lambda: not dialog.running, timeout=60_000)
    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert len(lines) == 3 and {"kind", "title", "body", "sources"} <= set(lines[0])
    assert not any("Kessler" in json.dumps(line, ensure_ascii=False) for line in lines)
    choose_data(dialog.profile_combo, "audit")
    model = dialog.format_combo.model()
    row = [dialog.format_combo.itemData(i) for i in range(model.rowCount())].index("jsonl")
    assert not model.item(row).isEnabled()
    assert dialog.format_combo.currentData() == "pdf"  # moved off the format it cannot use


def test_the_internal_profile_is_json_lines_only(
    qtbot, window, sample_vault, tmp_path: Path
) -> None:
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    dialog = open_export_dialog(qtbot, window)
    choose_data(dialog.format_combo, "docx")
    choose_data(dialog.profile_combo, "internal")
    assert dialog.profile_combo.currentText() == "Between vaults of the team"
    model = dialog.format_combo.model()
    keys = [dialog.format_combo.itemData(i) for i in range(model.rowCount())]
    assert [k for i, k in enumerate(keys) if model.item(i).isEnabled()] == ["jsonl"]
    assert dialog.format_combo.currentData() == "jsonl"  # moved off the DOCX it cannot be
    assert "another vault of the same team" in dialog.profile_content.text()
    out = tmp_path / "for-the-team.jsonl"
    dialog.start_export(out)
    qtbot.waitUntil(lambda: not dialog.running, timeout=60_000)
    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert len(lines) == 3 and lines[0]["sources"] == [sample_vault.source_pseudonym]
    assert not any("Kessler" in json.dumps(line, ensure_ascii=False) for line in lines)
    choose_data(dialog.profile_combo, "team")
    assert all(model.item(i).isEnabled() for i in range(model.rowCount()))


def test_the_format_names_are_german_in_the_german_interface(qtbot) -> None:
    from ui.export_format import format_combo
    from ui.i18n import apply_language

    assert apply_language("de")
    try:
        combo = format_combo()
        texts = [combo.itemText(i) for i in range(combo.count())]
        assert "PDF-Dokument" in texts and "Word-Dokument (DOCX)" in texts
        assert any("mit einer Datei je Notiz" in t for t in texts)
        assert any(t.startswith("REFI-QDA-Projekt") for t in texts)
        assert "Nur das REFI-QDA-Codebuch" in texts
    finally:
        apply_language("en")
