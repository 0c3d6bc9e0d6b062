"""On a 1024x600 screen the note's body stays writable after attaching several files: what
stripping removed is one line ("3 files attached without their metadata.") with Details
for the per-file lines and a button to dismiss it."""

from __future__ import annotations

from attachment_files import opus_with_tags, pdf_with_metadata, photo
from PySide6.QtCore import QRect
from test_attachments_ui import _attach_through_button, _open

SMALL = QRect(0, 0, 1024, 600)


def _lines(editor) -> float:
    """How many lines of the body can be read without scrolling."""
    return editor.body.viewport().height() / editor.body.fontMetrics().lineSpacing()


def test_three_files_report_in_one_line_with_details_and_the_body_keeps_its_lines(
    qtbot, window, sample_vault, tmp_path, monkeypatch
) -> None:
    import ui.geometry

    monkeypatch.setattr(ui.geometry, "available_geometry", lambda _w=None: QRect(SMALL))
    window.setGeometry(SMALL)
    editor = _open(qtbot, window, sample_vault)
    qtbot.waitUntil(lambda: window.size().height() <= 600)
    _attach_through_button(qtbot, editor, monkeypatch, {
        tmp_path / "booth.jpg": photo(), tmp_path / "brochure.pdf": pdf_with_metadata(),
        tmp_path / "memo.opus": opus_with_tags(),
    })  # fmt: skip
    report = editor.attachments.report
    qtbot.waitUntil(report.isVisible)
    assert report.text() == "3 files attached without their metadata."
    line = report.fontMetrics().lineSpacing()
    assert report.height() < 3 * line  # one line, not one per file
    assert _lines(editor) >= 5, _lines(editor)
    # Details: each file's line, as before.
    assert report.details_button.isVisible()
    report.details_button.click()
    shown = report.text()
    assert "booth.jpg: removed: GPS position" in shown and "camera serial" in shown
    assert "brochure.pdf: removed: author" in shown and "memo.opus: removed:" in shown
    report.details_button.click()
    assert "booth.jpg" not in report.text()
    # Dismissed, the line goes; each thumbnail's tip still says what was removed.
    report.dismiss_button.click()
    assert report.text() == "" and not report.isVisible()
    assert "GPS position" in editor.attachments.tiles[0].thumb.toolTip()


def test_one_file_is_its_own_line_without_details(
    qtbot, window, sample_vault, tmp_path, monkeypatch
) -> None:
    editor = _open(qtbot, window, sample_vault)
    _attach_through_button(qtbot, editor, monkeypatch, {tmp_path / "IMG_7.jpg": photo()})
    report = editor.attachments.report
    assert report.text().startswith("IMG_7.jpg: removed: GPS position")
    assert not report.details_button.isVisible()


def test_a_refused_file_is_named_in_the_line_and_its_reason_under_details(
    qtbot, window, sample_vault, tmp_path, monkeypatch
) -> None:
    editor = _open(qtbot, window, sample_vault)
    good, bad = tmp_path / "good.jpg", tmp_path / "notes.jpg"
    good.write_bytes(photo())
    bad.write_bytes(b"this is not a picture at all")
    from test_attachments_ui import _patch_dialog

    _patch_dialog(monkeypatch, [good, bad])
    editor.attachments.attach_button.click()
    report = editor.attachments.report
    qtbot.waitUntil(lambda: "of 2 files" in report.text(), timeout=30_000)
    assert report.text() == "1 of 2 files attached; the details say why not the others."
    report.expand()
    assert "notes.jpg: " in report.text() and "good.jpg: removed:" in report.text()
