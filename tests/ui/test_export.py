"""The export dialog: through to a checked PDF with its preview; cancel leaves no file; a
leak caught by the gate is told plainly, without the value; file names carry no names."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from uihelpers import unlock

from influence_desk.history import read_entries


def _open_dialog(qtbot, window):
    ws = window.workspace
    ws.export_action.trigger()
    qtbot.waitUntil(lambda: ws.export_dialog is not None and ws.export_dialog.isVisible())
    return ws.export_dialog


def test_export_runs_to_a_checked_pdf_with_preview_and_result(
    qtbot, window, sample_vault, tmp_path: Path
) -> None:
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    dialog = _open_dialog(qtbot, window)
    keys = [dialog.profile_combo.itemData(i) for i in range(dialog.profile_combo.count())]
    assert keys[:4] == ["team", "public", "public-text", "audit"]
    dialog.profile_combo.setCurrentIndex(keys.index("team"))
    assert dialog.scope_all.isChecked() and "(3)" in dialog.scope_all.text()
    assert not dialog.scope_search.isEnabled()  # no search typed
    dialog.title_edit.setText("Spring fair, team brief")
    out = tmp_path / "exports" / "brief.pdf"
    out.parent.mkdir()
    dialog.start_export(out)
    assert dialog.running and dialog.progress.isVisible() and dialog.cancel_button.isVisible()
    qtbot.waitUntil(lambda: not dialog.running, timeout=60_000)

    assert out.is_file()
    assert [p.name for p in out.parent.iterdir()] == ["brief.pdf"]  # no temporary left
    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Miriam" not in text and "Kessler" not in text and "Mimi" not in text
    assert sample_vault.source_pseudonym in text
    result = dialog.export_result
    assert result is not None and result.pages > 0 and result.notes_exported == 3
    shown = dialog.summary_label.text()
    assert f"{result.pages} pages, 3 notes" in shown
    assert "consent" in shown
    assert dialog.checkpoint_label.text() == result.checkpoint
    assert dialog.preview_pages() == result.pages > 0  # QPdfDocument loaded the file
    assert dialog.preview is not None and dialog.preview.isVisible()
    with window.workspace.session.gui():
        actions = [e.action for e in read_entries(window.workspace.session.vault.store)]
    assert actions[-1] == "vault.export"

    dialog.copy_button.click()
    from PySide6.QtGui import QGuiApplication

    assert QGuiApplication.clipboard().text() == result.checkpoint


def test_a_cancelled_export_leaves_no_file(qtbot, window, sample_vault, tmp_path: Path) -> None:
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    dialog = _open_dialog(qtbot, window)
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "public.pdf"
    session = window.workspace.session
    with session.lock:  # the worker waits for the vault: Cancel lands before it can finish
        dialog.start_export(out)
        assert dialog.running
        dialog.cancel_button.click()
    qtbot.waitUntil(lambda: not dialog.running, timeout=60_000)
    assert not out.exists()
    assert list(folder.iterdir()) == []
    assert "Cancelled" in dialog.banner.text()
    assert dialog.export_result is None and dialog.preview_pages() == 0

    # Closing the dialog while an export runs cancels it too.
    with session.lock:
        dialog.start_export(out)
        dialog.reject()
    qtbot.waitUntil(lambda: session.lock.acquire(blocking=False), timeout=60_000)
    session.lock.release()
    qtbot.wait(100)
    assert list(folder.iterdir()) == []


def test_a_leak_caught_by_the_gate_is_shown_without_the_value(
    qtbot, window, sample_vault, tmp_path: Path, monkeypatch
) -> None:
    from influence_desk.errors import LeakDetected
    from influence_desk.export import service

    def leaking(*_args, **_kwargs):
        raise LeakDetected(
            "The export was stopped and the file deleted: a source's real name appears on page 2."
        )

    monkeypatch.setattr(service, "render_export", leaking)
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    dialog = _open_dialog(qtbot, window)
    dialog.start_export(tmp_path / "leak.pdf")
    qtbot.waitUntil(lambda: not dialog.running, timeout=10_000)
    shown = dialog.banner.text()
    assert "leak gate" in shown and "real name appears on page 2" in shown
    assert "Nothing was saved" in shown
    assert dialog.banner.level == "problem"
    assert not dialog.summary.isVisible() and dialog.preview_pages() == 0
    assert not (tmp_path / "leak.pdf").exists()


def test_the_suggested_file_name_holds_no_name(qtbot, window, sample_vault, monkeypatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    from ui.export_dialog import default_file_name

    asked: list[str] = []

    def fake_save(_parent, _caption, suggested, _filter):
        asked.append(suggested)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_save)
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    dialog = _open_dialog(qtbot, window)
    dialog.title_edit.setText("Interview with Miriam Kessler")
    dialog.export_button.click()
    assert len(asked) == 1
    name = Path(asked[0]).name
    assert name.startswith("influence-desk-team-") and name.endswith(".pdf")
    assert "Miriam" not in asked[0] and "Interview" not in asked[0]
    assert default_file_name("funders-brief", builtin=False).startswith("influence-desk-custom-")
    assert not dialog.running


def test_two_exports_from_one_dialog_with_a_profile_change_between(
    qtbot, window, sample_vault, tmp_path: Path
) -> None:
    """The second export from the same dialog segfaulted in QtCore (the preview's document had
    been deleted while the view still pointed at it); a profile change left the old result."""
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    dialog = _open_dialog(qtbot, window)
    combo = dialog.profile_combo

    def export(key: str, title: str, name: str) -> Path:
        combo.setCurrentIndex(combo.findData(key))
        dialog.title_edit.setText(title)
        out = tmp_path / name
        dialog.start_export(out)
        qtbot.waitUntil(lambda: not dialog.running, timeout=60_000)
        qtbot.wait(50)  # deferred deletes and the preview's first paint run here
        assert dialog.banner.level == "ok" and str(out) in dialog.banner.text()
        return out

    first = export("team", "First brief", "first.pdf")
    assert dialog.pdf is not None
    assert "First brief" in dialog.pdf.getAllText(0).text()  # the cover shown is this file's

    combo.setCurrentIndex(combo.findData("audit"))
    assert dialog.banner.text() == ""  # "Saved, and checked" belonged to the team export
    assert not dialog.summary.isVisible() and not dialog.preview_holder.isVisible()
    assert dialog.export_result is None and dialog.preview_pages() == 0

    second = export("audit", "Second brief", "second.pdf")
    third = export("team", "Third brief", "first.pdf")  # the file shown before, overwritten
    assert third == first and second.is_file()
    result = dialog.export_result
    assert result is not None and result.out == first
    assert dialog.preview_pages() == result.pages == len(PdfReader(first).pages)
    assert "Third brief" in dialog.pdf.getAllText(0).text()
    assert dialog.preview is not None and dialog.preview.isVisible()
    dialog.reject()
    qtbot.wait(50)
    assert window.isVisible()
