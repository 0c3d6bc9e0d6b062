"""Text copied out of an unlocked vault: marked as secret for clipboard managers, cleared
again after 10 seconds if it is still there, and cleared on lock and on exit.

Whatever our window copies while a vault is open counts (a note's text, a revealed name, a
search): a copy from any widget, menu or shortcut passes through ``QClipboard.dataChanged``,
where it is put back at once with the hints below, before a clipboard manager can ask for
it. Hints are conventions, not guarantees, which is why the text is also taken back.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable

from PySide6.QtCore import QMimeData, QObject, QTimer
from PySide6.QtGui import QClipboard, QGuiApplication

CLEAR_SECONDS = 10

_WINDOWS_MIME = 'application/x-qt-windows-mime;value="{}"'
_DWORD_ZERO = b"\x00\x00\x00\x00"


def secret_hints() -> dict[str, bytes]:
    """MIME hints that ask clipboard managers and clipboard histories not to keep the text."""
    if sys.platform == "win32":
        # Windows 10+: kept out of clipboard history and cloud clipboard; monitors skip it.
        return {
            _WINDOWS_MIME.format("ExcludeClipboardContentFromMonitorProcessing"): b"\x01",
            _WINDOWS_MIME.format("CanIncludeInClipboardHistory"): _DWORD_ZERO,
            _WINDOWS_MIME.format("CanUploadToCloudClipboard"): _DWORD_ZERO,
            _WINDOWS_MIME.format("Clipboard Viewer Ignore"): b"",
        }
    # KDE's Klipper, CopyQ, wl-clipboard (CLIPBOARD_STATE=sensitive), GPaste, clipman and
    # most Wayland/X11 managers honour the KDE hint; some GTK tools look for it with a
    # type prefix. (macOS would need org.nspasteboard.ConcealedType, which Qt cannot set.)
    return {
        "x-kde-passwordManagerHint": b"secret",
        "text/x-kde-passwordManagerHint": b"secret",
    }


HINT = (
    "x-kde-passwordManagerHint"
    if sys.platform != "win32"
    else _WINDOWS_MIME.format("ExcludeClipboardContentFromMonitorProcessing")
)


def secret_mime(text: str) -> QMimeData:
    data = QMimeData()
    data.setText(text)
    for mime, value in secret_hints().items():
        data.setData(mime, value)
    return data


class ClipboardGuard(QObject):
    """Owned by the window. ``from_vault`` says whether a change came from our unlocked
    window; ``copy_public`` puts text there that is meant to travel (a checkpoint)."""

    def __init__(self, from_vault: Callable[[], bool], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._from_vault = from_vault
        self._secret: str | None = None
        self._public: str | None = None
        self._rewriting = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(CLEAR_SECONDS * 1000)
        self.timer.timeout.connect(self.expire)
        QGuiApplication.clipboard().dataChanged.connect(self._changed)

    @property
    def holding(self) -> bool:
        """Secret text of ours is (as far as we know) on the clipboard."""
        return self._secret is not None

    def copy_public(self, text: str) -> None:
        """Text without any secret in it (checkpoints, fingerprints): kept, not hinted."""
        self._public = text
        QGuiApplication.clipboard().setText(text)

    def copy_secret(self, text: str) -> None:
        self._rewriting = True
        try:
            QGuiApplication.clipboard().setMimeData(secret_mime(text))
        finally:
            self._rewriting = False
        self._secret = text
        self.timer.start()

    def _changed(self) -> None:
        if self._rewriting:
            return
        clipboard = QGuiApplication.clipboard()
        text = clipboard.text()
        if not text:
            return
        if self._public is not None and text == self._public:
            return
        self._public = None
        if not self._from_vault():
            self._secret = None  # something else now: ours is gone, nothing to clear
            self.timer.stop()
            return
        data = clipboard.mimeData()
        if data is None or not data.hasFormat(HINT):
            self._rewriting = True
            try:
                clipboard.setMimeData(secret_mime(text))
            finally:
                self._rewriting = False
        self._secret = text
        self.timer.start()

    def expire(self) -> None:
        """Clear what we put there, unless something else was copied since."""
        self.timer.stop()
        secret, self._secret = self._secret, None
        clipboard = QGuiApplication.clipboard()
        if secret is not None and clipboard.text() == secret:
            clipboard.clear(QClipboard.Mode.Clipboard)

    def clear_now(self) -> None:
        """On lock and on exit."""
        self.expire()

    def detach(self) -> None:
        self.timer.stop()
        with contextlib.suppress(RuntimeError, TypeError):
            QGuiApplication.clipboard().dataChanged.disconnect(self._changed)
