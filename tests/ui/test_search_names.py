"""Search by real name in the app (issue 11 item 6): a lead typing the surname of a
registered source finds her notes; the name typed into the search box is gone (text and undo)
the moment the vault locks, and the box is empty after unlocking. An auditor typing the same
name finds nothing."""

from __future__ import annotations

from uihelpers import unlock


def _search(qtbot, ws, text: str) -> int:
    ws.search_edit.setText(text)
    qtbot.waitUntil(lambda: ws.model.searching and ws.notes.search_idle(), timeout=10_000)
    return ws.model.rowCount()


def test_a_surname_finds_her_notes_and_leaves_the_box_on_lock(
    qtbot, window, sample_vault
) -> None:
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    ws = window.workspace
    assert _search(qtbot, ws, "Kessler") == len(sample_vault.note_ids)
    box = ws.search_edit
    window.lock()
    assert window.session is None
    assert box.text() == "" and not box.isUndoAvailable()  # scrubbed, not only hidden
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    assert window.workspace.search_edit.text() == ""


def test_an_auditor_typing_her_name_finds_nothing(qtbot, window, sample_vault) -> None:
    unlock(qtbot, window, sample_vault.path, sample_vault.auditor_passphrase)
    ws = window.workspace
    assert _search(qtbot, ws, "Miriam Kessler") == 0
    assert _search(qtbot, ws, sample_vault.source_pseudonym) == len(sample_vault.note_ids)
