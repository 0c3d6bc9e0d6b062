"""A business card attached to a note moves into the source's sealed identity from the
thumbnail's menu: gone from the note, shown with the identity on the Sources tab once
revealed; an auditor (no identity key) is not offered it."""

from __future__ import annotations

from attachment_files import photo
from test_attachments_ui import _attach_through_button, _open
from uihelpers import confirm, confirmation, unlock

from influence_desk.desk import Desk
from influence_desk.vault.vault import Vault


def test_a_note_s_card_is_moved_into_the_source_s_identity(
    qtbot, window, sample_vault, tmp_path, monkeypatch
) -> None:
    editor = _open(qtbot, window, sample_vault)
    strip = editor.attachments
    _attach_through_button(qtbot, editor, monkeypatch, {tmp_path / "card.jpg": photo()})
    confirmation(qtbot, strip, "deleteOriginalConfirm").reject()
    tile = strip.tiles[0]
    assert tile.move_action in tile.menu.actions()  # its right-click menu
    assert tile.move_action.isVisible() and tile.move_action.isEnabled()
    # Looking at it in the viewer, the card is recognised as one: moved from there.
    tile.thumb.click()
    viewer = strip.viewer
    qtbot.waitExposed(viewer)
    [move] = [b for b in viewer.extra_buttons if b.text() == "Move to a source's identity…"]
    move.click()
    assert strip.viewer is None and not viewer.isVisible()
    dialog = strip.move_dialog
    qtbot.waitExposed(dialog)
    assert dialog.sources.findText(sample_vault.source_pseudonym) >= 0
    dialog.sources.setCurrentIndex(dialog.sources.findText(sample_vault.source_pseudonym))
    dialog.move_button.click()
    qtbot.waitUntil(lambda: strip.tiles == [])
    assert "sealed identity" in editor.state_label.text()
    # On the Sources tab, with the identity revealed, the card is there, sealed.
    ws = window.workspace
    page = ws.sources_page
    ws.tabs.setCurrentWidget(page)
    model = page.table.model()
    names = [model.index(r, 0).data() for r in range(model.rowCount())]
    row = names.index(sample_vault.source_pseudonym)
    page.table.selectRow(row)
    page.reveal_action.trigger()
    confirm(qtbot, page, "revealConfirm")
    files = page.identity_files
    qtbot.waitUntil(lambda: len(files.tiles) == 1)
    assert files.tiles[0].info.sealed
    assert not files.tiles[0].move_action.isVisible()  # already there
    page.hide_identity()
    window.lock()
    with Vault.open(sample_vault.path, sample_vault.passphrase) as vault:
        desk = Desk(vault)
        assert desk.attachments(sample_vault.note_ids[0]) == []
        assert vault.verify().problems == []


def test_an_auditor_is_not_offered_the_move(
    qtbot, window, sample_vault, tmp_path, monkeypatch
) -> None:
    with Vault.open(sample_vault.path, sample_vault.passphrase) as vault:
        Desk(vault).attach(sample_vault.note_ids[0], photo())
    unlock(qtbot, window, sample_vault.path, sample_vault.auditor_passphrase)
    ws = window.workspace
    ws.notes.select_note(sample_vault.note_ids[0])
    qtbot.waitUntil(lambda: ws.editor.note_id == sample_vault.note_ids[0])
    [tile] = ws.editor.attachments.tiles
    assert not tile.move_action.isVisible()
    tile.thumb.click()
    assert ws.editor.attachments.viewer.extra_buttons == []  # no Move, no Remove
    ws.editor.attachments.close_viewer()
    ws.editor.attachments.ask_move(tile.info)  # even asked directly: nothing opens
    assert ws.editor.attachments.move_dialog is None


def test_a_card_chosen_in_the_source_dialog_goes_to_the_new_source_s_identity(
    qtbot, window, sample_vault, tmp_path, monkeypatch
) -> None:
    from test_source_dialog import _accept, _dialog

    from ui.dialogs import SourceDialog

    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    ws = window.workspace
    card = tmp_path / "card-kowalska.jpg"
    card.write_bytes(photo())
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        staticmethod(lambda *a, **k: ([str(card)], "")))  # fmt: skip
    before = {s.id for s in ws.catalog.sources}
    ws.sources_page.register_source("Anna Kowalska")
    dialog: SourceDialog = _dialog(qtbot, ws)
    assert dialog.cards_button.isVisible()
    dialog.cards_button.click()
    assert dialog.cards_label.text() == "card-kowalska.jpg"
    _accept(qtbot, ws, dialog)
    page = ws.sources_page
    said = window.status_label
    qtbot.waitUntil(lambda: "card-kowalska.jpg: removed: GPS position" in said.text(),
                    timeout=30_000)  # fmt: skip
    confirm(qtbot, page, "deleteOriginalConfirm")  # the original offered for deletion
    qtbot.waitUntil(lambda: not card.exists())
    [source] = [s for s in ws.catalog.sources if s.id not in before]
    with ws.session.gui() as desk:
        [stored] = desk.source_attachments(source.id)
    assert stored.sealed and stored.note_id is None


def test_the_source_dialog_offers_no_cards_without_the_identity_key(
    qtbot, window, sample_vault
) -> None:
    from ui.dialogs import SourceDialog

    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    dialog = SourceDialog(window.workspace.catalog, can_edit_identity=False)
    qtbot.addWidget(dialog)
    assert dialog.cards_button.isHidden() and dialog.cards() == []
