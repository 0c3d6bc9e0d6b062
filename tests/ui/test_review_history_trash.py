"""An auditor reading the history sees which note went to the trash (it can come back),
not "a note since deleted"."""

from __future__ import annotations

from uihelpers import unlock

from influence_desk.desk import Desk


def test_a_trashed_note_is_named_in_the_history_as_in_the_trash(
    qtbot, window, sample_vault
) -> None:
    from influence_desk.vault.vault import Vault

    with Vault.open(sample_vault.path, sample_vault.passphrase) as vault:
        Desk(vault).delete_note(sample_vault.note_ids[0])
    unlock(qtbot, window, sample_vault.path, sample_vault.auditor_passphrase)
    ws = window.workspace
    ws.tabs.setCurrentWidget(ws.history_page)
    model = ws.history_page.model
    qtbot.waitUntil(lambda: model.rowCount() > 3)
    objects = [model.index(r, 4).data() for r in range(model.rowCount())]
    assert objects[0] == "Note “Booth visit 0”, in the trash"  # the newest entry: the move
    assert "A note since deleted" not in objects
