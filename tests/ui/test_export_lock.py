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


def test_the_verify_a_brief_prints_runs_beside_typing_and_describes_what_is_exported(
    qtbot, window, sample_vault, tmp_path: Path, monkeypatch
) -> None:
    """The verify (most of building the request on a big vault) runs on its own connection
    while the person types; the brief then prints the verify of the state it exports."""
    from pypdf import PdfReader

    from influence_desk.vault.vault import Vault

    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    ws = window.workspace
    note_id = sample_vault.note_ids[0]
    ws.notes.select_note(note_id)
    qtbot.waitUntil(lambda: ws.editor.note_id == note_id)
    verifying, release = threading.Event(), threading.Event()
    real_beside, real_verify = Vault.verify_beside, Vault.verify
    held_verifies: list[bool] = []

    def beside(self, *args, **kwargs):
        verifying.set()
        release.wait(60)
        return real_beside(self, *args, **kwargs)

    def verify(self, *args, **kwargs):
        held_verifies.append(not self.store.read_only)  # on the app's own connection
        return real_verify(self, *args, **kwargs)

    monkeypatch.setattr(Vault, "verify_beside", beside)
    monkeypatch.setattr(Vault, "verify", verify)
    out = tmp_path / "brief.pdf"
    dialog = _start_export(qtbot, ws, out)
    try:
        qtbot.waitUntil(verifying.is_set, timeout=60_000)
        ws.editor.body.moveCursor(QTextCursor.MoveOperation.End)
        qtbot.keyClicks(ws.editor.body, " Typed while the history is verified.")
        assert ws.editor.save()  # not "Waiting to save…"
    finally:
        release.set()
    qtbot.waitUntil(lambda: not dialog.running, timeout=60_000)

    result = dialog.export_result
    assert result is not None
    with ws.session.gui_admin() as admin:
        exported, saved = admin.history_page(0, 2)
    assert (exported.action, saved.action) == ("vault.export", "note.update")
    assert result.checkpoint == f"{saved.seq}:{saved.entry_hash}"  # with the note typed
    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    assert f"passed: {saved.seq:,} history entries" in " ".join(text.split())
    assert held_verifies == [False, True]  # the first, beside, saw an older vault: run again

    # Nothing typed meanwhile: the verify beside is the one printed, none holds the vault.
    held_verifies.clear()
    monkeypatch.setattr(Vault, "verify_beside", real_beside)
    dialog.start_export(tmp_path / "again.pdf")
    qtbot.waitUntil(lambda: not dialog.running, timeout=60_000)
    assert dialog.export_result is not None and held_verifies == [False]
