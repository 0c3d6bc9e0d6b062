"""Bringing files into the vault: read, stripped and stored in a worker (the strip of a big
photo or PDF takes a while), behind a progress dialog with Cancel (checked between files);
then the person sees what stripping removed and is offered to delete the originals.

The files are read into memory by the worker and handed to the core as bytes: nothing is
copied anywhere on disk. A pasted image is encoded as PNG in memory."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, Qt, Signal
from PySide6.QtGui import QImage, QImageWriter
from PySide6.QtWidgets import QProgressDialog, QWidget

from influence_desk.attachments import AttachmentInfo, Audience, ocr
from influence_desk.attachments.strip import MAX_BYTES
from influence_desk.errors import BadInput, Cancelled
from ui.attachment_words import removed_sentence
from ui.i18n import translate as _t
from ui.tasks import Task, user_message

if TYPE_CHECKING:
    from influence_desk.desk import Desk
    from influence_desk.progress import CancelFlag
    from ui.session import Session


@dataclass(frozen=True)
class Target:
    """Where attachments go: a note, or a source's sealed identity."""

    note_id: str | None = None
    source_id: str | None = None


@dataclass(frozen=True)
class Incoming:
    """One thing to attach: a file on disk (``path``) or bytes pasted (``data``)."""

    name: str
    path: Path | None = None
    data: bytes | None = None


@dataclass
class ImportReport:
    done: list[tuple[Incoming, AttachmentInfo]] = field(default_factory=list)
    failed: list[tuple[Incoming, str]] = field(default_factory=list)
    unread: list[tuple[Incoming, str]] = field(default_factory=list)  # attached, text not read
    cancelled: bool = False

    @property
    def originals(self) -> list[Path]:
        """The files on disk that are now in the vault: the ones worth deleting."""
        return [item.path for item, _info in self.done if item.path is not None]

    def sentences(self) -> list[str]:
        """One line per file: what was removed, or why it was not attached."""
        lines = [f"{item.name}: {removed_sentence(info.removed)}" for item, info in self.done]
        lines += [f"{item.name}: {message}" for item, message in self.failed]
        lines += [
            _t("AttachImport", "{}: attached; its text was not read: {}").format(item.name, why)
            for item, why in self.unread
        ]  # fmt: skip
        return lines


def pasted_image(image: QImage) -> Incoming:
    """A clipboard image as PNG bytes, made in memory."""
    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    QImageWriter(buffer, QByteArray(b"PNG")).write(image)
    buffer.close()
    return Incoming(name=_t("AttachImport", "pasted image"), data=bytes(array.data()))


def from_paths(paths: list[str] | list[Path]) -> list[Incoming]:
    return [Incoming(name=Path(p).name, path=Path(p)) for p in paths]


def _read(item: Incoming) -> bytes:
    if item.data is not None:
        return item.data
    assert item.path is not None
    try:
        if not item.path.is_file():
            raise BadInput(_t("AttachImport", "That is not a file."))
        if item.path.stat().st_size > MAX_BYTES:
            raise BadInput(_t("AttachImport", "The file is too large to attach."))
        return item.path.read_bytes()
    except OSError:
        raise BadInput(_t("AttachImport", "The file could not be read.")) from None


def _read_text(session: Session, info: AttachmentInfo, cancel: CancelFlag) -> AttachmentInfo:
    """OCR the stored (stripped) bytes without holding the session, then store the text,
    which the Desk pseudonymises and indexes. Identity attachments are never read.

    The bytes are read back from the vault on purpose rather than handed over by the
    import: what is read (and later shown beside the image, searched and checked by the
    export gate) is then exactly what the vault stores under ``info.sha256`` — also when
    ``attach`` found the same content already attached and returned that attachment — and
    the file's own bytes, with their metadata, are never the ones read. The Desk's ``attach``
    returns the record only, so a stripped copy cannot be mistaken for the original. Reading
    a few MB back costs milliseconds against the seconds Tesseract takes."""
    with session.worker() as desk:
        stored = desk.attachment_bytes(info.id)
    result = ocr.read_text(stored, info.kind, cancel=cancel)
    del stored
    with session.worker() as desk:
        return desk.set_attachment_text(info.id, result.text)


def _attach(desk: Desk, target: Target, data: bytes) -> AttachmentInfo:
    if target.source_id is not None:
        return desk.attach_to_source(target.source_id, data, audience=Audience.INTERNAL)
    assert target.note_id is not None
    return desk.attach(target.note_id, data, audience=Audience.INTERNAL)


class AttachImport(QObject):
    """One import at a time; ``finished`` carries the ImportReport on the GUI thread."""

    finished = Signal(object)

    def __init__(self, session: Session, parent: QWidget) -> None:
        super().__init__(parent)
        self.session = session
        self._parent = parent
        self._task: Task | None = None
        self.dialog: QProgressDialog | None = None

    def running(self) -> bool:
        return self._task is not None and self._task.running

    def start(self, target: Target, items: list[Incoming]) -> bool:
        if self.running() or not items:
            return False
        session = self.session

        def job(progress, cancel: CancelFlag) -> ImportReport:
            report = ImportReport()
            for number, item in enumerate(items):
                if cancel.cancelled:
                    report.cancelled = True
                    break
                progress(number, len(items))
                data = b""
                try:
                    data = _read(item)
                    with session.worker() as desk:
                        info = _attach(desk, target, data)
                    report.done.append((item, info))
                except Exception as exc:  # one file refused, the others still come in
                    report.failed.append((item, user_message(exc)))
                    continue
                finally:
                    data = b""
                if target.note_id is None or not ocr.readable(info.kind) or info.text:
                    continue  # a sealed identity file, audio, or already read before
                try:
                    _read_text(session, info, cancel)
                except Cancelled:
                    report.cancelled = True
                    break
                except Exception as exc:  # the attachment stays; only its text is missing
                    report.unread.append((item, user_message(exc)))
            progress(len(items), len(items))
            return report

        dialog = self.dialog = QProgressDialog(
            self.tr("Removing metadata, reading the text and storing in the vault…"),
            self.tr("Cancel"), 0, len(items), self._parent,
        )  # fmt: skip
        dialog.setObjectName("attachProgress")
        dialog.setWindowTitle(self.tr("Attaching"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setValue(0)

        def done(report: ImportReport) -> None:
            self._close_dialog()
            self.finished.emit(report)

        def failed(exc: BaseException) -> None:
            self._close_dialog()
            report = ImportReport(failed=[(i, user_message(exc)) for i in items])
            self.finished.emit(report)

        task = Task(job, on_done=done, on_error=failed,
                    on_progress=lambda n, total: dialog.setValue(n))  # fmt: skip
        dialog.canceled.connect(task.cancel.cancel)
        self._task = task.start()
        return True

    def _close_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None

    def abandon(self) -> None:
        """Locking: the result is dropped (what was stored stays stored)."""
        if self._task is not None and self._task.running:
            self._task.abandon()
        self._close_dialog()
