"""While an export renders and runs the leak gate, the vault is free: what the person types
is saved as usual, other short calls go through; the export still ends recorded in history.
A lock while it renders leaves no file."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtGui import QTextCursor
from uihelpers import unlock

from influence_desk.export import service


def _hold_rendering(monkeypatch) -> tuple[threading.Event, threading.Event]:
    """Rendering waits until the test lets it go (no timing: the test knows it is inside)."""
    rendering, release = threading.Event(), threading.Event()
    real = service.export_pdf

    def held(request, out, **kwargs):
        rendering.set()
        release.wait(60)
        return real(request, out, **kwargs)

    monkeypatch.setattr(service, "export_pdf", held)
    return rendering, release


def _start_export(qtbot, ws, out: Path):
    ws.export_action.trigger()
    qtbot.waitUntil(lambda: ws.export_dialog is not None and ws.export_dialog.isVisible())
    dialog = ws.export_dialog
    dialog.start_export(out)
    return dialog


def test_typing_is_saved_while_an_export_renders(
    qtbot, window, sample_vault, tmp_path: Path, monkeypatch
) -> None:
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    ws = window.workspace
    note_id = sample_vault.note_ids[0]
    ws.notes.select_note(note_id)
    qtbot.waitUntil(lambda: ws.editor.note_id == note_id)
    rendering, release = _hold_rendering(monkeypatch)
    out = tmp_path / "brief.pdf"
    dialog = _start_export(qtbot, ws, out)
    try:
        qtbot.waitUntil(rendering.is_set, timeout=60_000)
        assert dialog.running

        ws.editor.body.moveCursor(QTextCursor.MoveOperation.End)
        qtbot.keyClicks(ws.editor.body, " Typed while the export renders.")
        assert ws.editor.save()  # the autosave's own call: not "Waiting to save…"
        assert not ws.editor.dirty
        with ws.session.gui() as desk:  # any short call of the window
            stored = desk.note(note_id).note.body
        assert stored.endswith("Typed while the export renders.")
    finally:
        release.set()
    qtbot.waitUntil(lambda: not dialog.running, timeout=60_000)

    result = dialog.export_result
    assert result is not None and out.is_file()
    with ws.session.gui_admin() as admin:
        newest = admin.history_page(0, 2)
    assert newest[0].action == "vault.export"  # recorded after the note saved meanwhile
    assert newest[1].action == "note.update"


def test_a_lock_while_an_export_renders_leaves_no_file(
    qtbot, window, sample_vault, tmp_path: Path, monkeypatch
) -> None:
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    rendering, release = _hold_rendering(monkeypatch)
    folder = tmp_path / "exports"
    folder.mkdir()
    out = folder / "brief.pdf"
    _start_export(qtbot, window.workspace, out)
    qtbot.waitUntil(rendering.is_set, timeout=60_000)
    window.lock()  # not held by the export: the lock does not wait for the rendering
    assert window.session is None
    release.set()
    from ui.tasks import running_tasks

    qtbot.waitUntil(lambda: running_tasks() == 0, timeout=60_000)
    assert not out.exists()
    assert list(folder.iterdir()) == []  # no temporary either
