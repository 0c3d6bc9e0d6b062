"""File › Import notes takes what the CLI's `import` takes: a CSV with its column mapping, a
folder of Markdown notes, a REFI-QDA project (here one exported from this vault), each all
or nothing in a worker, names pseudonymised on the way in; a bad mapping is one sentence in
the dialog and nothing is read."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from uihelpers import unlock

from influence_desk.desk import Desk
from influence_desk.export import service
from influence_desk.vault.vault import Vault


def _open_import(qtbot, window):
    page = window.workspace.notes
    page.import_action.trigger()
    qtbot.waitUntil(lambda: page.import_dialog is not None and page.import_dialog.isVisible())
    return page.import_dialog


def _import(qtbot, window, dialog, rows: int) -> None:
    ws = window.workspace
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    qtbot.waitUntil(lambda: not ws.long_work.running(), timeout=30_000)
    qtbot.waitUntil(lambda: ws.model.rowCount() == rows, timeout=15_000)


def _bodies(window) -> list[str]:
    with window.workspace.session.gui() as desk:
        return [desk.note(i).note.body for i in desk.note_ids()]


def test_csv_markdown_and_refi_qda_through_the_import_dialog(
    qtbot, window, sample_vault, tmp_path: Path
) -> None:
    project = tmp_path / "team.qdpx"
    with Vault.open(sample_vault.path, sample_vault.passphrase) as v:
        service.run_export(Desk(v), "team", project, export_format="qdpx")
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        "Headline;Text;When;Keywords\n"
        "Stand talk;Miriam Kessler sold lookalike audiences.;2026-03-12;ads, lists\n"
        "Second stand;Nothing new;2026-03-13;\n",
        encoding="utf-8",
    )
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "a.md").write_text("---\ntitle: Panel notes\n---\nMimi spoke on the panel.\n",
                                 encoding="utf-8")  # fmt: skip
    (folder / "b.md").write_text("# Corridor\nA lobbyist's pitch.\n", encoding="utf-8")
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)

    # CSV: the mapping's syntax is checked before anything is read.
    dialog = _open_import(qtbot, window)
    dialog.path_edit.setText(str(sheet))
    assert "CSV" in dialog.format_label.text() and dialog.mapping_edit.isEnabled()
    dialog.mapping_edit.setText("headline")
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "field=Column" in dialog.banner.text()
    dialog.mapping_edit.setText("title=Headline, body=Text, date=When, tags=Keywords")
    _import(qtbot, window, dialog, 5)
    assert "Imported 2 notes" in window.status_label.text()
    assert not any("Kessler" in b for b in _bodies(window))
    assert any(sample_vault.source_pseudonym in b for b in _bodies(window))

    # A folder of Markdown notes, of the kind chosen for notes that name none.
    dialog = _open_import(qtbot, window)
    dialog.path_edit.setText(str(folder))
    assert "Markdown" in dialog.format_label.text() and not dialog.mapping_edit.isEnabled()
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("observation"))
    _import(qtbot, window, dialog, 7)
    with window.workspace.session.gui() as desk:
        panel = [desk.note(i).note for i in desk.note_ids()
                 if desk.note(i).note.title == "Panel notes"]  # fmt: skip
    assert len(panel) == 1 and panel[0].kind == "observation"
    assert "Mimi" not in panel[0].body  # an alias, pseudonymised on the way in

    # A REFI-QDA project: one note per text source.
    dialog = _open_import(qtbot, window)
    dialog.path_edit.setText(str(project))
    assert "REFI-QDA" in dialog.format_label.text()
    _import(qtbot, window, dialog, 10)
    assert not any("Kessler" in b or "Mimi" in b for b in _bodies(window))


def test_the_import_dialog_fits_a_small_screen_and_its_alt_letters_differ(qtbot) -> None:
    from PySide6.QtWidgets import QPushButton

    from ui.i18n import apply_language
    from ui.import_dialog import ImportDialog
    from ui.shortcuts import mnemonic, mnemonic_clashes, visible_mnemonics

    for language in ("en", "de"):
        apply_language(language)  # (English needs no catalogue: False)
        try:
            dialog = ImportDialog()
            qtbot.addWidget(dialog)
            dialog.path_edit.setText("sheet.csv")  # the mapping row shows for a CSV
            dialog.show()
            found = visible_mnemonics(dialog)
            found += [(letter, b.text()) for b in dialog.findChildren(QPushButton)
                      if (letter := mnemonic(b.text()))]  # fmt: skip
            assert len(found) >= 6 and mnemonic_clashes(found) == {}, language
            hint = dialog.sizeHint()
            assert hint.width() <= 1024 and hint.height() <= 600, language
            dialog.reject()
        finally:
            apply_language("en")
