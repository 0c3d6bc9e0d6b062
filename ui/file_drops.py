"""Files dropped on a widget and its children go to one handler (the editor's: attach them)
instead of being typed into a field as their paths. Only local files count."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject
from PySide6.QtWidgets import QAbstractScrollArea, QWidget


def local_files(mime: QMimeData | None) -> list[Path]:
    if mime is None or not mime.hasUrls():
        return []
    urls = mime.urls()
    if not urls or not all(u.isLocalFile() for u in urls):
        return []
    return [Path(u.toLocalFile()) for u in urls]


class FileDrops(QObject):
    """Installed on ``root`` and every widget under it (a text field's viewport too)."""

    def __init__(self, root: QWidget, on_drop: Callable[[list[Path]], None],
                 enabled: Callable[[], bool]) -> None:  # fmt: skip
        super().__init__(root)
        self.on_drop = on_drop
        self.enabled = enabled
        root.setAcceptDrops(True)
        for widget in [root, *root.findChildren(QWidget)]:
            widget.installEventFilter(self)
            if isinstance(widget, QAbstractScrollArea):
                widget.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            return False
        files = local_files(event.mimeData())  # type: ignore[attr-defined]
        if not files:
            return False
        if not self.enabled():
            event.ignore()
            return True
        event.acceptProposedAction()  # type: ignore[attr-defined]
        if kind == QEvent.Type.Drop:
            self.on_drop(files)
        return True
