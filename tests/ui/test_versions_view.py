"""History entries open: a note changed thirteen times shows what each change did, side by
side, pseudonymised for an auditor; a lead restores an older version after a confirmation
that names the entry it writes."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPlainTextEdit
from uihelpers import confirm, confirmation, unlock

from influence_desk.desk import Desk, NoteDraft
from influence_desk.model import NoteKind


def _thirteen_changes(sample_vault) -> str:
    from influence_desk.vault.vault import Vault

    note_id = sample_vault.note_ids[0]
    with Vault.open(sample_vault.path, sample_vault.passphrase) as vault:
        desk = Desk(vault)
        for n in range(1, 14):
            desk.update_note(note_id, NoteDraft(
                NoteKind.BOOTH, f"Booth visit, take {n}", datetime(2026, 3, 10, 10, 30),
                body=f"Miriam Kessler showed the turnout model, take {n}.",
            ))  # fmt: skip
    return note_id


def _dialog(qtbot, page):
    from ui.version_diff import VersionDiffDialog

    qtbot.waitUntil(lambda: any(
        isinstance(w, VersionDiffDialog) and w.isVisible() for w in QApplication.topLevelWidgets()
    ))  # fmt: skip
    return next(w for w in QApplication.topLevelWidgets()
                if isinstance(w, VersionDiffDialog) and w.isVisible())  # fmt: skip


def _texts(dialog) -> str:
    pieces = [w.text() for w in dialog.findChildren(QLabel)]
    pieces += [w.toPlainText() for w in dialog.findChildren(QPlainTextEdit)]
    pieces += [dialog.entries.item(i).text() for i in range(dialog.entries.count())]
    return "\n".join(pieces)


def test_an_auditor_opens_each_note_changed_entry_and_sees_what_changed(
    qtbot, window, sample_vault
) -> None:
    _thirteen_changes(sample_vault)
    unlock(qtbot, window, sample_vault.path, sample_vault.auditor_passphrase)
    ws = window.workspace
    page = ws.history_page
    ws.tabs.setCurrentWidget(page)
    model = page.model
    qtbot.waitUntil(lambda: model.rowCount() > 13)
    rows = [r for r in range(model.rowCount()) if model.index(r, 2).data() == "Note changed"]
    assert len(rows) == 13
    page.table.setFocus()
    page.table.setCurrentIndex(model.index(rows[0], 0))  # the newest change: take 13
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = _dialog(qtbot, page)
    seq = int(model.index(rows[0], 0).data())
    assert dialog.change.entry.seq == seq
    assert f"Entry {seq}: Note changed" in dialog.header.text()
    assert "by Alex (Lead)" in dialog.subline.text()
    assert dialog.entries.count() == 14  # created + 13 changes, each a click away
    before, after = dialog.field_views["title"]
    assert before.text() == "Booth visit, take 12" and after.text() == "Booth visit, take 13"
    body_before, body_after = dialog.field_views["body"]
    assert "take 12." in body_before.toPlainText() and "take 13." in body_after.toPlainText()
    assert sample_vault.source_pseudonym in body_after.toPlainText()
    assert not dialog.restore_button.isVisible()  # an auditor changes nothing
    dialog.entries.setCurrentRow(dialog.entries.count() - 2)  # the first change
    assert dialog.field_views["title"][1].text() == "Booth visit, take 1"
    text = _texts(dialog)
    assert "Miriam" not in text and "Kessler" not in text
    dialog.close()


def test_a_lead_restores_an_older_version_after_confirming(qtbot, window, sample_vault) -> None:
    note_id = _thirteen_changes(sample_vault)
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    ws = window.workspace
    page = ws.history_page
    ws.tabs.setCurrentWidget(page)
    model = page.model
    qtbot.waitUntil(lambda: model.rowCount() > 13)
    rows = [r for r in range(model.rowCount()) if model.index(r, 2).data() == "Note changed"]
    oldest_change = int(model.index(rows[-1], 0).data())
    page.open_entry(model.index(rows[-1], 0))
    dialog = _dialog(qtbot, page)
    assert dialog.restore_button.isEnabled()
    head = int(model.index(0, 0).data())
    dialog.restore_button.click()
    box = confirmation(qtbot, dialog, "restoreConfirm")
    assert f"history entry {head + 1}, “Note restored”" in box.informativeText()
    confirm(qtbot, dialog, "restoreConfirm")
    qtbot.waitUntil(lambda: dialog.change.entry.seq == head + 1)
    assert f"restoring the version of entry {oldest_change}" in dialog.subline.text()
    with ws.session.gui() as desk:
        assert desk.note(note_id).note.title == "Booth visit, take 1"
    qtbot.waitUntil(lambda: model.index(0, 2).data() ==
                    f"Note restored (version of entry {oldest_change})")  # fmt: skip
    dialog.close()


def test_the_open_note_shows_its_history_from_the_file_menu(qtbot, window, sample_vault) -> None:
    note_id = _thirteen_changes(sample_vault)
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    ws = window.workspace
    ws.notes.select_note(note_id)
    qtbot.waitUntil(lambda: ws.editor.note_id == note_id)
    ws.notes.note_history_action.trigger()
    dialog = _dialog(qtbot, ws)
    assert dialog.entries.count() == 14
    assert dialog.field_views["title"][1].text() == "Booth visit, take 13"
    # Restore take 5 from here: the editor shows it at once.
    dialog.entries.setCurrentRow(dialog.entries.count() - 6)
    assert dialog.field_views["title"][1].text() == "Booth visit, take 5"
    dialog.restore_button.click()
    confirm(qtbot, dialog, "restoreConfirm")
    qtbot.waitUntil(lambda: ws.editor.title_edit.text() == "Booth visit, take 5")
    dialog.close()


def test_a_changed_paragraph_is_shaded_whole_not_only_its_first_line(
    qtbot, window, sample_vault
) -> None:
    from influence_desk.vault.vault import Vault

    note_id = sample_vault.note_ids[0]
    long = "The stand showed a long list of turnout models, " * 12  # wraps over many lines
    with Vault.open(sample_vault.path, sample_vault.passphrase) as vault:
        Desk(vault).update_note(note_id, NoteDraft(
            NoteKind.BOOTH, "Booth visit 0", datetime(2026, 3, 10, 10, 30), body=long.strip(),
        ))  # fmt: skip
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    ws = window.workspace
    ws.tabs.setCurrentWidget(ws.history_page)
    model = ws.history_page.model
    qtbot.waitUntil(lambda: model.rowCount() > 3)
    row = next(r for r in range(model.rowCount()) if model.index(r, 2).data() == "Note changed")
    ws.history_page.table.setCurrentIndex(model.index(row, 0))
    ws.history_page.open_entry()
    dialog = _dialog(qtbot, ws.history_page)
    after = dialog.field_views["body"][1]
    shaded = after.extraSelections()
    assert shaded, "the changed paragraph is not shaded"
    assert shaded[0].cursor.selectedText() == after.toPlainText()  # every wrapped line of it
    dialog.close()
