"""``export_document``: prepare once, let the format render into a temporary file (or
folder) beside the target, read it back with the format's own reader, pass the leak gate,
then move it into place. As for the PDF (``export.pipeline``): nothing is left behind on a
failure or a cancel, and a temporary file or folder a killed export left is removed by the
next export to that folder (it is not locked by a running export any more)."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
from pathlib import Path

from influence_desk import killpoints
from influence_desk.durable import fsync_path
from influence_desk.errors import BadInput
from influence_desk.export.document import ExportRequest, ExportResult
from influence_desk.export.formats.base import Format
from influence_desk.export.formats.textgate import check_read_back, unverifiable
from influence_desk.export.pipeline import (
    TEMP_PREFIX,
    _held_temp_file,
    check_file_name,
    make_canary,
    remove_stale_temp_files,
)
from influence_desk.export.prepare import prepare
from influence_desk.progress import CancelFlag, ProgressCallback, no_progress

TEMP_DIR_SUFFIX = ".partdir"


def remove_stale_temp_folders(folder: Path) -> int:
    """The folder outputs' leftovers of killed exports (see ``remove_stale_temp_files``):
    a running export holds an exclusive ``flock`` on its folder until it is in place."""
    removed = 0
    for path in folder.glob(f"{TEMP_PREFIX}*{TEMP_DIR_SUFFIX}"):
        try:
            fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            continue  # a running export
        try:
            shutil.rmtree(path)
            removed += 1
        except OSError:
            pass
        finally:
            os.close(fd)
    if removed:
        fsync_path(folder, best_effort=True)
    return removed


def _fsync_output(path: Path) -> None:
    """What the format wrote reaches the disk before it is renamed into place."""
    files = sorted(path.rglob("*")) if path.is_dir() else [path]
    for file in files:
        if file.is_file():
            with open(file, "rb") as fh:
                os.fsync(fh.fileno())
    if path.is_dir():
        fsync_path(path, best_effort=True)


def check_target(fmt: Format, out: Path) -> None:
    """The output's name fits the format: one sentence otherwise."""
    if fmt.output == "folder":
        if out.exists() and (not out.is_dir() or any(out.iterdir())):
            raise BadInput(f"A {fmt.label} export is written into a new or empty folder; "
                           f"{out.name} is not one.")  # fmt: skip
        if not out.name:
            raise BadInput("The export needs a folder name.")
        return
    if not out.name or out.is_dir():
        raise BadInput("The export needs a file name, not a folder.")
    if out.suffix.lower() != fmt.suffix:
        raise BadInput(f"The export file name must end in {fmt.suffix}.")


def export_document(
    request: ExportRequest,
    out_path: str | os.PathLike[str],
    fmt: Format,
    *,
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
) -> ExportResult:
    """Write ``request`` in ``fmt`` at ``out_path``, checked by the leak gate.

    Raises ``BadInput``, ``Cancelled`` or ``LeakDetected``; in each case nothing is left at
    ``out_path`` from this call and the temporary file or folder is gone."""
    out = Path(out_path)
    check_target(fmt, out)
    if not out.parent.is_dir():
        raise BadInput("The folder for the export does not exist.")
    check_file_name(request, out)

    units = max(len(request.notes), 1)
    total = 3 * units + 1

    def scaled(base: int) -> ProgressCallback:
        def report(done: int, of: int) -> None:
            progress(base + (units * done) // max(of, 1), total)
        return report

    doc = prepare(request, progress=scaled(0), cancel=cancel)
    canary = make_canary(request)
    written = 0
    to_write = max(sum(len(g.notes) for g in doc.groups), 1)

    def on_note() -> None:
        nonlocal written
        if cancel is not None:
            cancel.check()
        written += 1
        scaled(units)(min(written, to_write), to_write)

    folder = fmt.output == "folder"
    if folder:
        remove_stale_temp_folders(out.parent)
        tmp = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX, suffix=TEMP_DIR_SUFFIX, dir=out.parent))
        fd = os.open(tmp, os.O_RDONLY | os.O_DIRECTORY)
        fcntl.flock(fd, fcntl.LOCK_EX)
    else:
        remove_stale_temp_files(out.parent)
        fd, tmp = _held_temp_file(out.parent)
    try:
        rendered = fmt.render(doc, tmp, on_note, cancel)
        _fsync_output(tmp)
        if cancel is not None:
            cancel.check()
        progress(2 * units, total)
        try:
            read = fmt.read_back(tmp)
        except Exception as exc:  # a reader that fails has proved nothing
            raise unverifiable("its reader could not read the file back") from exc
        check_read_back(read, rendered.units, doc.needles, canary,
                        identities=doc.identities, cancel=cancel)  # fmt: skip
        killpoints.before_commit("export")
        if folder and out.is_dir():
            out.rmdir()  # empty (checked above); rename replaces only an empty folder anyway
        os.replace(tmp, out)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            if folder:
                shutil.rmtree(tmp)
            else:
                tmp.unlink()
        raise
    finally:
        os.close(fd)
    fsync_path(out.parent, best_effort=True)
    killpoints.after_commit("export")
    progress(total, total)
    return ExportResult(
        out=out,
        pages=0,
        notes_exported=doc.notes_exported,
        left_out_by_reason=dict(doc.left_out),
        redactions_by_reason=dict(doc.redactions),
        checkpoint=request.checkpoint,
    )
