"""The passphrase field's show/hide button is an eye, struck through while the passphrase
shows (it was Qt's file-list icon)."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QStyle


def _image(icon):
    return icon.pixmap(16, 16).toImage()


def test_the_show_passphrase_button_is_an_eye_that_changes_when_shown(qtbot, window) -> None:
    from ui.unlock import UnlockPage

    page = window.findChild(UnlockPage)
    file_list = window.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogContentsView)
    hidden = _image(page.show_action.icon())
    assert hidden != _image(file_list)
    assert not hidden.isNull() and hidden.pixelColor(8, 8).alpha() > 0  # the pupil is drawn
    page.show_action.trigger()
    assert page.passphrase.echoMode() == QLineEdit.EchoMode.Normal
    assert page.show_action.text() == "Hide passphrase"
    assert _image(page.show_action.icon()) != hidden  # struck through
