"""One desktop session with attachments, driven by tests/ui/test_attachment_disk_scan.py in a
fresh process whose HOME, TMPDIR and XDG folders are empty folders of that test. Not
collected on its own (the name does not start with test_).

The session: a photo with GPS and serial EXIF in ~/Pictures; unlock; attached to a note
through the Attach button (the file dialog answered), the original deleted when offered; an
image pasted; both viewed (zoomed); the photo marked for the team; a team export with its
preview; lock; unlock; close."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from attachment_files import photo
from marker_session import (
    EXPORT_ENV,
    PASSPHRASE,
    VAULT_ENV,
    session_window,
    team_export,
    unlock_by_typing,
)
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QFileDialog
from uihelpers import confirm

from influence_desk import crypto
from influence_desk.attachments import Audience
from influence_desk.desk import Desk, NoteDraft
from influence_desk.model import NoteKind
from influence_desk.vault.vault import Vault

ORIGINAL = "IMG_0042.jpg"


def test_a_session_with_attachments(qtbot, monkeypatch) -> None:
    monkeypatch.delenv("INFLUENCE_DESK_CONFIG_DIR", raising=False)
    monkeypatch.delenv("INFLUENCE_DESK_DATA_DIR", raising=False)
    vault_path = Path(os.environ[VAULT_ENV])
    export_path = Path(os.environ[EXPORT_ENV])
    with Vault.create(vault_path, label="Alex", passphrase=PASSPHRASE,
                      kdf=crypto.floor_params()) as vault:  # fmt: skip
        note = Desk(vault).add_note(NoteDraft(NoteKind.BOOTH, "Booth 14",
                                              datetime(2026, 3, 10, 10, 30), body="Slides."))
    original = Path(os.environ["HOME"]) / "Pictures" / ORIGINAL
    original.parent.mkdir()
    original.write_bytes(photo(1200, 800))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        staticmethod(lambda *a, **k: ([str(original)], "")))  # fmt: skip

    window = session_window(qtbot)

    def unlock() -> None:
        unlock_by_typing(qtbot, window, vault_path)

    unlock()
    ws = window.workspace
    ws.notes.select_note(note.note.id)
    qtbot.waitUntil(lambda: ws.editor.note_id == note.note.id)
    strip = ws.editor.attachments
    strip.attach_button.click()
    qtbot.waitUntil(lambda: len(strip.tiles) == 1, timeout=60_000)
    confirm(qtbot, strip, "deleteOriginalConfirm")
    qtbot.waitUntil(lambda: not original.exists())
    image = QImage(200, 120, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkCyan)
    mime = QMimeData()
    mime.setImageData(image)
    QGuiApplication.clipboard().setMimeData(mime)
    ws.editor.body.setFocus()
    ws.editor.body.paste()
    qtbot.waitUntil(lambda: len(strip.tiles) == 2, timeout=60_000)
    QGuiApplication.clipboard().clear()
    for tile in list(strip.tiles):
        tile.thumb.click()
        viewer = strip.viewer
        qtbot.waitExposed(viewer)
        viewer.actual_button.click()
        qtbot.keyClick(viewer, Qt.Key.Key_Plus)
        viewer.reject()
    photo_tile = next(t for t in strip.tiles if t.info.width == 1200)
    photo_tile.audience.setCurrentIndex(photo_tile.audience.findData(Audience.TEAM))
    # The team export, through to its preview.
    team_export(qtbot, ws, export_path)
    window.lock()
    unlock()
    window.close_vault()
    window.close()
