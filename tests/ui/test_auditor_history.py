"""Auditors: verify on open with its result shown, nothing that changes the vault enabled
anywhere (menus, shortcuts, toolbars, buttons, context menus), the audit report available.
The history view: newest first, who did what, Verify with its banner, the checkpoint."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QApplication
from uihelpers import unlock

# Everything an auditor may trigger: reading, moving around, checking, locking, copying,
# exporting the audit report, this computer's settings, and their own passphrase.
READ_ONLY = {
    "find in notes", "clear the search", "lock", "lock the vault", "close vault", "quit",
    "notes", "sources", "events and organisations", "history", "people with access",
    "names to review", "sync", "note history",
    "go to notes list", "go to note text", "show the sidebar", "show notes",
    "keyboard shortcuts and protection",
    "about influence desk", "export pdf", "filters", "verify history", "copy checkpoint", "copy",
    "settings", "change my passphrase", "show passphrase", "hide passphrase",
}  # fmt: skip


def _name(text: str) -> str:
    return text.split("\t")[0].replace("&", "").rstrip("…").strip().lower()


def test_an_auditor_sees_verify_on_open_and_can_change_nothing(
    qtbot, window, sample_vault, tmp_path: Path
) -> None:
    unlock(qtbot, window, sample_vault.path, sample_vault.auditor_passphrase)
    ws = window.workspace
    assert ws.banner.isVisible() and "Read-only" in ws.banner.text()
    qtbot.waitUntil(lambda: not ws.history_page.verifying, timeout=15_000)
    assert ws.status_banner.isVisible()
    assert "History verified" in ws.status_banner.text()
    assert ws.history_page.last_report is not None and ws.history_page.last_report.ok

    ws.notes.select_note(sample_vault.note_ids[0])
    qtbot.waitUntil(lambda: ws.editor.note_id == sample_vault.note_ids[0])
    for index in range(ws.tabs.count()):  # every page built and shown once
        ws.tabs.setCurrentIndex(index)
    ws.tabs.setCurrentIndex(0)

    in_menus = [
        a for m in window.menuBar().actions() if m.menu() for a in m.menu().actions()
    ]  # fmt: skip
    actions = [*window.findChildren(QAction), *in_menus]
    offending = sorted(
        {
            _name(a.text()) for a in actions
            if a.isEnabled() and a.isVisible() and not a.isSeparator() and a.menu() is None
            and _name(a.text()) and _name(a.text()) not in READ_ONLY
        }
    )  # fmt: skip
    assert offending == []
    buttons = [
        b for b in window.findChildren(QAbstractButton)
        if b.isVisible() and b.isEnabled() and _name(b.text())
    ]  # fmt: skip
    assert sorted({_name(b.text()) for b in buttons} - READ_ONLY) == []
    for action in ws.edit_actions():
        assert not action.isEnabled(), action.text()

    # The note's context menu offers copying, nothing that edits.
    body = ws.editor.body
    assert body.isReadOnly()
    menu = body.createStandardContextMenu()
    for action in body.extra_menu_actions:
        menu.addAction(action)
    enabled = {_name(a.text()) for a in menu.actions() if a.isEnabled() and not a.isSeparator()}
    assert enabled <= {"copy", "select all", "copy link location"}
    menu.deleteLater()

    # The audit report is the one export an auditor can make.
    ws.export_action.trigger()
    qtbot.waitUntil(lambda: ws.export_dialog is not None and ws.export_dialog.isVisible())
    dialog = ws.export_dialog
    keys = [dialog.profile_combo.itemData(i) for i in range(dialog.profile_combo.count())]
    assert keys == ["audit"]
    out = tmp_path / "audit.pdf"
    dialog.start_export(out)
    qtbot.waitUntil(lambda: not dialog.running, timeout=60_000)
    assert out.is_file() and dialog.preview_pages() > 0
    dialog.reject()


def test_history_lists_entries_newest_first_and_verify_reports(qtbot, window, sample_vault) -> None:
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    ws = window.workspace
    ws.view_actions[3].trigger()
    page = ws.history_page
    model = page.model
    qtbot.waitUntil(lambda: model.rowCount() > 0)
    seqs = [int(model.index(r, 0).data()) for r in range(model.rowCount())]
    assert seqs == sorted(seqs, reverse=True) and seqs[-1] == 1
    rows = [[model.index(r, c).data() for c in range(5)] for r in range(model.rowCount())]
    assert rows[-1][2] == "Vault created" and rows[-1][3] == "Alex (Lead)"
    assert rows[0][2:] == ["Person added", "Alex (Lead)", "Key slot of Audrey"]
    assert any(r[2] == "Note created" and r[4] == "Note “Booth visit 0”" for r in rows)
    assert any(r[2] == "Source registered" and sample_vault.source_pseudonym in r[4] for r in rows)
    assert not any("Miriam" in " ".join(r) for r in rows)
    assert page.checkpoint_label.text().startswith(f"{seqs[0]}:")

    ws.history_page.verify_action.trigger()
    qtbot.waitUntil(lambda: not page.verifying, timeout=15_000)
    assert page.banner.level == "ok" and f"{seqs[0]} entries" in page.banner.text()

    # Against the current checkpoint: fine. Against one this vault never had: a problem.
    page.against_edit.setText(page.checkpoint_label.text())
    page.verify_button.click()
    qtbot.waitUntil(lambda: not page.verifying, timeout=15_000)
    assert page.banner.level == "ok"
    page.against_edit.setText(f"{seqs[0]}:" + "ab" * 32)
    page.verify_button.click()
    qtbot.waitUntil(lambda: not page.verifying, timeout=15_000)
    assert page.banner.level == "problem" and "contradicted" in page.banner.text()
    page.against_edit.setText("not a checkpoint")
    page.verify_button.click()
    assert page.banner.level == "warning" and "SEQ:HASH" in page.banner.text()


def test_a_big_vault_gets_its_page_check_after_unlock(
    qtbot, window, sample_vault, monkeypatch
) -> None:
    from influence_desk.vault import vault as vault_module

    monkeypatch.setattr(vault_module, "FULL_CHECK_BYTES", 0)  # every vault counts as big
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    ws = window.workspace
    checks = ws.checks
    qtbot.waitUntil(lambda: checks._check_task is not None and not checks.page_check_running())
    assert not ws.status_banner.isVisible()  # nothing damaged, nothing said

    monkeypatch.setattr(
        type(ws.session.vault), "check_pages", lambda _self: ["page 7: HMAC check failed"]
    )
    ws.checks.check_pages_if_big()
    qtbot.waitUntil(lambda: not ws.checks.page_check_running())
    assert ws.status_banner.level == "problem"
    assert "damaged" in ws.status_banner.text() and "page 7" in ws.status_banner.text()
    assert QApplication.activeModalWidget() is None  # said in place, not in a pop-up


def test_enter_in_the_checkpoint_field_checks_it_and_a_typo_is_not_tampering(
    qtbot, window, sample_vault
) -> None:
    from PySide6.QtCore import Qt

    unlock(qtbot, window, sample_vault.path, sample_vault.auditor_passphrase)
    ws = window.workspace
    page = ws.history_page
    qtbot.waitUntil(lambda: not page.verifying, timeout=15_000)
    ws.tabs.setCurrentWidget(page)
    checkpoint = page.checkpoint_label.text()
    seq, digest = checkpoint.split(":")

    def enter(text: str) -> None:
        page.against_edit.setFocus()
        page.against_edit.setText(text)
        qtbot.keyClick(page.against_edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not page.verifying, timeout=15_000)

    enter(checkpoint)
    assert page.banner.level == "ok"
    assert "History verified" in page.banner.text() and f"Checkpoint {seq} is confirmed" in (
        page.banner.text()
    )
    typo = f"{seq}:{digest[:20]}{'0' if digest[20] != '0' else '1'}{digest[21:]}"
    enter(typo)
    assert page.banner.level == "warning" and "mistyped" in page.banner.text()
    assert "outside the signed history" not in page.banner.text()
    enter(f"{int(seq) + 40}:{'ab' * 32}")
    assert page.banner.level == "warning" and "unknown" in page.banner.text()
