"""Thumbnails made off the GUI thread: for each image or PDF attachment shown, a worker reads
its bytes from the vault and decodes them at thumbnail size (a 12-megapixel photo or a PDF
page takes a noticeable moment); the tile shows a placeholder until its picture arrives.

Nothing is written to disk: the bytes and the small QImage live in memory only, and the
picture is kept by the tile's icon alone. ``stop`` (another note, a lock) abandons every job
still running; what such a job delivers later is dropped, never shown."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor, QImage

from influence_desk.attachments import AttachmentInfo, AttachmentKind
from ui import attachment_images
from ui.tasks import Task

if TYPE_CHECKING:
    from influence_desk.progress import CancelFlag
    from ui.session import Session

Ready = Callable[[str, QImage], None]  # attachment id, its thumbnail (empty: none)


class ThumbnailLoader(QObject):
    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._tasks: list[Task] = []

    def load(self, infos: list[AttachmentInfo], ready: Ready) -> None:
        """One job per attachment that has a picture; ``ready`` runs on the GUI thread."""
        self.stop()
        edge = attachment_images.edge_colour()
        for info in infos:
            if info.kind == AttachmentKind.AUDIO:
                continue
            task = Task(
                self._job(info, edge),
                on_done=partial(self._done, info.id, ready=ready),
                on_error=partial(self._failed, info.id, ready=ready),
            )
            self._tasks.append(task.start())

    def _job(self, info: AttachmentInfo, edge: QColor) -> Callable[..., QImage]:
        session = self.session

        def job(_progress: object, cancel: CancelFlag) -> QImage:
            if cancel.cancelled:
                return QImage()
            with session.worker() as desk:
                data = desk.attachment_bytes(info.id)
            try:
                if cancel.cancelled:
                    return QImage()
                return attachment_images.thumbnail_image(info.kind, data, edge)
            finally:
                del data

        return job

    def _done(self, attachment_id: str, image: QImage, *, ready: Ready) -> None:
        self._tasks = [t for t in self._tasks if t.running]
        ready(attachment_id, image)

    def _failed(self, attachment_id: str, _exc: BaseException, *, ready: Ready) -> None:
        """A "?" on the tile: it could not be read (the viewer then says why)."""
        self._done(attachment_id, QImage(), ready=ready)

    def pending(self) -> int:
        """How many thumbnails are still being made."""
        return sum(1 for t in self._tasks if t.running)

    def stop(self) -> None:
        """Forget every job still running: what they deliver is dropped."""
        for task in self._tasks:
            task.abandon()
        self._tasks = []
