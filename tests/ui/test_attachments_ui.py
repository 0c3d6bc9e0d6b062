"""Attachments in the note editor: in through the Attach button, a drop and a paste; what
stripping removed is shown; the original is offered for deletion; thumbnails with their
audience; the viewer opens and zooms; nothing of it is left on screen after a lock."""

from __future__ import annotations

from pathlib import Path

from attachment_files import OWNER, SERIAL, opus_with_tags, pdf_with_metadata, photo, printed
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication, QImage, QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox, QToolButton
from uihelpers import confirm, unlock

from influence_desk.attachments import Audience
from influence_desk.desk import Desk
from influence_desk.vault.vault import Vault


def _open(qtbot, window, sample_vault):
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    ws = window.workspace
    ws.notes.select_note(sample_vault.note_ids[0])
    qtbot.waitUntil(lambda: ws.editor.note_id == sample_vault.note_ids[0])
    return ws.editor


def _attached(qtbot, editor, count: int) -> None:
    qtbot.waitUntil(lambda: len(editor.attachments.tiles) == count, timeout=30_000)


def _patch_dialog(monkeypatch, paths: list[Path]) -> None:
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        staticmethod(lambda *a, **k: ([str(p) for p in paths], "")))  # fmt: skip


def _attach_through_button(qtbot, editor, monkeypatch, files: dict[Path, bytes]) -> None:
    """The files written, the file dialog answered with them, Attach clicked; until their
    thumbnails show."""
    for path, data in files.items():
        path.write_bytes(data)
    _patch_dialog(monkeypatch, list(files))
    before = len(editor.attachments.tiles)
    editor.attachments.attach_button.click()
    _attached(qtbot, editor, before + len(files))


def _stored(sample_vault) -> list:
    with Vault.open(sample_vault.path, sample_vault.passphrase) as vault:
        desk = Desk(vault)
        return desk.attachments(sample_vault.note_ids[0])


def test_attach_button_strips_shows_what_was_removed_and_offers_to_delete(
    qtbot, window, sample_vault, tmp_path, monkeypatch
) -> None:
    editor = _open(qtbot, window, sample_vault)
    original = tmp_path / "IMG_0042.jpg"
    original.write_bytes(photo())
    _patch_dialog(monkeypatch, [original])
    qtbot.mouseClick(editor.attachments.attach_button, Qt.MouseButton.LeftButton)  # a click
    _attached(qtbot, editor, 1)
    report = editor.attachments.report.text()
    assert "IMG_0042.jpg: removed:" in report
    assert "GPS position" in report and "camera serial" in report
    tile = editor.attachments.tiles[0]
    assert not tile.thumb.icon().isNull()  # a thumbnail of the photo
    assert tile.audience.currentData() == Audience.INTERNAL
    # The offer to delete the original: confirmed, the file is gone.
    confirm(qtbot, editor.attachments, "deleteOriginalConfirm")
    qtbot.waitUntil(lambda: not original.exists())
    # Typing on in the note: the report has been read; the thumbnail's tip keeps it.
    editor.body.setFocus()
    qtbot.keyClicks(editor.body, " More.")
    assert editor.attachments.report.text() == ""
    assert "GPS position" in tile.thumb.toolTip()


def test_keeping_the_original_leaves_it_and_the_audience_is_stored(
    qtbot, window, sample_vault, tmp_path, monkeypatch
) -> None:
    from uihelpers import confirmation

    editor = _open(qtbot, window, sample_vault)
    original = tmp_path / "price-list.pdf"
    _attach_through_button(qtbot, editor, monkeypatch, {original: pdf_with_metadata()})
    assert "author" in editor.attachments.report.text()
    box = confirmation(qtbot, editor.attachments, "deleteOriginalConfirm")
    box.reject()
    assert original.exists()
    tile = editor.attachments.tiles[0]
    tile.audience.setCurrentIndex(tile.audience.findData(Audience.TEAM))
    assert "Team" in editor.state_label.text()
    window.lock()
    [info] = _stored(sample_vault)
    assert info.audience == Audience.TEAM and info.kind == "pdf"


def _drop(widget, paths: list[Path]) -> None:
    """What a file manager's drag does: enter, move, drop, with the files' URLs."""
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    pos = QPointF(widget.rect().center())
    args = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier)  # fmt: skip
    for event in (QDragEnterEvent(pos, *args), QDragMoveEvent(pos, *args),
                  QDropEvent(pos, *args)):  # fmt: skip
        QApplication.sendEvent(widget, event)


def test_a_file_dropped_on_the_body_is_attached_not_typed(
    qtbot, window, sample_vault, tmp_path
) -> None:
    editor = _open(qtbot, window, sample_vault)
    body_before = editor.body.toPlainText()
    memo = tmp_path / "memo.opus"
    memo.write_bytes(opus_with_tags())
    _drop(editor.body.viewport(), [memo])
    _attached(qtbot, editor, 1)
    assert editor.body.toPlainText() == body_before
    assert "memo.opus: removed:" in editor.attachments.report.text()
    assert editor.attachments.tiles[0].info.kind == "audio"


def test_an_image_pasted_into_the_body_becomes_an_attachment(qtbot, window, sample_vault) -> None:
    editor = _open(qtbot, window, sample_vault)
    image = QImage(120, 80, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkGreen)
    mime = QMimeData()
    mime.setImageData(image)
    QGuiApplication.clipboard().setMimeData(mime)
    editor.body.setFocus()
    editor.body.paste()
    _attached(qtbot, editor, 1)
    assert "pasted image:" in editor.attachments.report.text()
    assert not [
        b for b in editor.attachments.findChildren(QToolButton) if b.objectName() == "confirmAction"
    ]  # nothing on disk to delete
    QGuiApplication.clipboard().clear()


def test_the_viewer_opens_zooms_and_forgets_on_lock(
    qtbot, window, sample_vault, tmp_path, monkeypatch
) -> None:
    editor = _open(qtbot, window, sample_vault)
    shot = tmp_path / "booth.jpg"
    _attach_through_button(qtbot, editor, monkeypatch, {shot: photo(1600, 1000)})
    editor.attachments.tiles[0].thumb.click()
    viewer = editor.attachments.viewer
    qtbot.waitExposed(viewer)
    qtbot.waitUntil(lambda: viewer.image_ready)  # decoded in a worker
    assert "GPS position" in viewer.details.text()
    fitted = viewer.zoom()
    assert fitted < 1.0  # a big photo is fitted to the window, and says how much
    assert viewer.zoom_label.text() == f"{round(fitted * 100)} %"
    viewer.actual_button.click()
    assert viewer.zoom() == 1.0 and viewer.zoom_label.text() == "100 %"
    qtbot.keyClick(viewer, Qt.Key.Key_Plus)
    assert viewer.zoom() > 1.0
    image = viewer.content
    wheel = QWheelEvent(QPointF(10, 10), QPointF(10, 10), QPoint(0, 0), QPoint(0, -240),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)  # fmt: skip
    QApplication.sendEvent(image.viewport(), wheel)
    assert viewer.zoom() < 1.0
    viewer.fit_button.click()
    assert viewer.zoom() == fitted
    window.lock()
    assert image.pixmap.isNull() and image.label.pixmap().isNull()
    assert not viewer.isVisible()


def test_pdf_and_audio_in_the_viewer(qtbot, window, sample_vault, tmp_path, monkeypatch) -> None:
    editor = _open(qtbot, window, sample_vault)
    _attach_through_button(qtbot, editor, monkeypatch, {
        tmp_path / "brochure.pdf": pdf_with_metadata(), tmp_path / "memo.opus": opus_with_tags(),
    })  # fmt: skip
    pdf_tile, audio_tile = editor.attachments.tiles
    pdf_tile.thumb.click()
    viewer = editor.attachments.viewer
    assert viewer.zoom_label.text() == "Page width"
    assert viewer.content.pages() == 1
    viewer.actual_button.click()
    assert viewer.zoom() == 1.0
    qtbot.keyClick(viewer, Qt.Key.Key_Minus)
    assert viewer.zoom() < 1.0
    audio_tile.thumb.click()
    viewer = editor.attachments.viewer
    player = viewer.content
    # Played from the QBuffer in memory, never from a file: FFmpeg reads the opus note from
    # the buffer and knows its length (no sound device is needed for that).
    assert player.available and player.play_button.isEnabled()
    assert player.player.sourceDevice() is player.buffer
    qtbot.waitUntil(lambda: player.player.duration() > 0, timeout=30_000)
    assert player.player.error() == player.player.Error.NoError
    assert not viewer.fit_button.isVisible()


def test_audio_without_qt_multimedia_is_one_plain_sentence(qtbot, monkeypatch) -> None:
    import ui.attachment_viewer as viewer_module

    monkeypatch.setattr(viewer_module, "multimedia", lambda: None)
    player = viewer_module.AudioPlayer(opus_with_tags(), "audio/ogg")
    qtbot.addWidget(player)
    assert not player.available and not player.play_button.isEnabled()
    assert "Qt Multimedia" in player.status.text() and "safe in the vault" in player.status.text()


def test_after_a_lock_no_thumbnail_or_audience_is_left_and_auditors_only_view(
    qtbot, window, sample_vault, tmp_path, monkeypatch
) -> None:
    editor = _open(qtbot, window, sample_vault)
    shot = tmp_path / "card.jpg"
    _attach_through_button(qtbot, editor, monkeypatch, {shot: photo()})
    tile = editor.attachments.tiles[0]
    window.lock()
    assert tile.thumb.icon().isNull() and editor.attachments.tiles == []
    assert editor.attachments.report.text() == ""
    unlock(qtbot, window, sample_vault.path, sample_vault.auditor_passphrase)
    ws = window.workspace
    ws.notes.select_note(sample_vault.note_ids[0])
    qtbot.waitUntil(lambda: ws.editor.note_id == sample_vault.note_ids[0])
    strip = ws.editor.attachments
    assert len(strip.tiles) == 1 and not strip.attach_button.isVisible()
    assert not strip.tiles[0].audience.isEnabled()
    for secret in (OWNER, SERIAL):
        assert secret not in strip.tiles[0].thumb.toolTip()
    combos = strip.findChildren(QComboBox)
    assert all(not c.isEnabled() for c in combos)


def test_a_business_card_goes_to_the_sealed_identity_shown_only_while_revealed(
    qtbot, window, sample_vault, tmp_path, monkeypatch
) -> None:
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    ws = window.workspace
    page = ws.sources_page
    ws.tabs.setCurrentWidget(page)
    page.table.selectRow(0)
    strip = page.identity_files
    assert not strip.isVisibleTo(page)  # nothing of the identity before a reveal
    page.reveal_action.trigger()
    confirm(qtbot, page, "revealConfirm")
    assert strip.isVisible() and strip.attach_button.isEnabled()
    card = tmp_path / "card.jpg"
    card.write_bytes(photo())
    _patch_dialog(monkeypatch, [card])
    strip.attach_button.click()
    qtbot.waitUntil(lambda: len(strip.tiles) == 1, timeout=30_000)
    assert strip.tiles[0].info.sealed and "camera serial" in strip.report.text()
    page.hide_identity()
    assert strip.tiles == [] and not strip.isVisibleTo(page)
    window.lock()
    with Vault.open(sample_vault.path, sample_vault.passphrase) as vault:
        desk = Desk(vault)
        [info] = desk.source_attachments(desk.sources()[0].id)
        assert info.sealed
    with Vault.open(sample_vault.path, sample_vault.auditor_passphrase) as vault:
        import pytest

        from influence_desk.errors import NotPermitted

        with pytest.raises(NotPermitted):
            Desk(vault).attachment_bytes(info.id)


def test_in_german_the_removed_fields_are_named_in_german(
    qtbot, sample_vault, tmp_path, monkeypatch
) -> None:
    from influence_desk import crypto
    from ui.app import AppOptions, AppWindow
    from ui.i18n import apply_language

    apply_language("de")
    try:
        win = AppWindow(AppOptions(kdf=crypto.floor_params, idle_lock_minutes=60,
                                   watch_system_lock=False))  # fmt: skip
        qtbot.addWidget(win)
        win.show()
        editor = _open(qtbot, win, sample_vault)
        assert editor.attachments.attach_button.text() == "Anhängen …"
        shot = tmp_path / "foto.jpg"
        shot.write_bytes(photo())
        _patch_dialog(monkeypatch, [shot])
        editor.attachments.attach_button.click()
        _attached(qtbot, editor, 1)
        report = editor.attachments.report.text()
        assert "foto.jpg: entfernt: " in report
        assert "GPS-Position" in report and "Seriennummer der Kamera" in report
        assert editor.attachments.tiles[0].audience.currentText() == "Intern"
        win.lock()
        win.close()
    finally:
        apply_language("en")


def test_cancel_stops_before_the_next_file_and_says_so(
    qtbot, window, sample_vault, tmp_path, monkeypatch
) -> None:
    import threading

    import ui.attach_import as attach_import

    editor = _open(qtbot, window, sample_vault)
    files = [tmp_path / f"shot-{n}.jpg" for n in range(3)]
    for n, path in enumerate(files):
        path.write_bytes(photo(300 + n, 200))
    reading, release = threading.Event(), threading.Event()
    real_read = attach_import._read

    def slow_read(item):  # the first file takes until the person has pressed Cancel
        reading.set()
        release.wait(30)
        return real_read(item)

    monkeypatch.setattr(attach_import, "_read", slow_read)
    _patch_dialog(monkeypatch, files)
    editor.attachments.attach_button.click()
    qtbot.waitUntil(reading.is_set)
    from PySide6.QtWidgets import QPushButton

    editor.attachments.importer.dialog.findChild(QPushButton).click()  # its Cancel
    release.set()
    _attached(qtbot, editor, 1)
    assert "Cancelled; the rest was not attached." in editor.attachments.report.text()
    assert len(_stored_after_lock(window, sample_vault)) == 1


def _stored_after_lock(window, sample_vault) -> list:
    window.lock()
    return _stored(sample_vault)


def test_removing_an_attachment_asks_first_then_it_is_gone(
    qtbot, window, sample_vault, tmp_path, monkeypatch
) -> None:
    from uihelpers import confirmation

    editor = _open(qtbot, window, sample_vault)
    shot = tmp_path / "wrong.jpg"
    _attach_through_button(qtbot, editor, monkeypatch, {shot: photo()})
    confirmation(qtbot, editor.attachments, "deleteOriginalConfirm").reject()
    editor.attachments.tiles[0].remove_action.trigger()
    box = confirmation(qtbot, editor.attachments, "removeAttachmentConfirm")
    from PySide6.QtWidgets import QMessageBox

    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    confirm(qtbot, editor.attachments, "removeAttachmentConfirm")
    _attached(qtbot, editor, 0)
    assert _stored_after_lock(window, sample_vault) == []


def test_a_card_s_text_is_read_in_the_worker_shown_by_pseudonym_and_found_by_search(
    qtbot, window, sample_vault, tmp_path, monkeypatch
) -> None:
    """Attached from the editor, a business card is OCR'd off the GUI thread; the viewer
    shows its text beside the image with the registered person as their pseudonym, and the
    search box finds the note by a word printed on the card."""
    editor = _open(qtbot, window, sample_vault)
    card = tmp_path / "card.png"
    _attach_through_button(qtbot, editor, monkeypatch, {
        card: printed("Miriam Kessler", "Quillfeather Analytics"),
    })  # fmt: skip
    qtbot.waitUntil(lambda: not editor.attachments.importer.running(), timeout=60_000)
    with editor.attachments.session.gui() as desk:
        stored = desk.attachments(sample_vault.note_ids[0])[0]
    assert "Quillfeather" in stored.text and "Kessler" not in stored.text
    assert sample_vault.source_pseudonym in stored.text
    editor.attachments.reload()
    editor.attachments.tiles[0].thumb.click()
    shown = editor.attachments.viewer.text
    assert shown.isVisible() and shown.isReadOnly()
    assert "Quillfeather" in shown.toPlainText() and "Miriam" not in shown.toPlainText()
    editor.attachments.close_viewer()
    assert shown.toPlainText() == ""  # dropped with the viewer
    ws = window.workspace
    ws.search_edit.setText("Quillfeather")
    qtbot.waitUntil(lambda: ws.model.searching and ws.notes.search_idle(), timeout=30_000)
    assert ws.model.ids() == [sample_vault.note_ids[0]]
