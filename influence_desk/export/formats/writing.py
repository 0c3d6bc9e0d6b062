"""``export_document``: the one path of every export, PDF included. Prepare once, let the
format render into a temporary file (or folder) beside the target, pass the leak gate (the
format's own, or the search over what its reader returns), then move it into place.

Nothing is left behind on a failure or a cancel. A temporary file or folder holds an
exclusive ``flock`` until it is renamed into place or deleted, and the kernel drops the lock
when the process dies: one nobody holds is the leftover of a killed export, removed by the
next export to that folder."""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from influence_desk import killpoints
from influence_desk.durable import fsync_path
from influence_desk.errors import BadInput
from influence_desk.export.document import ExportRequest, ExportResult
from influence_desk.export.formats.base import Format, OwnGate, Rendered
from influence_desk.export.formats.textgate import check_read_back, unverifiable
from influence_desk.export.layout import check_text
from influence_desk.export.prepare import PreparedDocument, prepare
from influence_desk.export.textnorm import NeedleSearch, compact, fold
from influence_desk.names.derived import paused_gc
from influence_desk.progress import CancelFlag, ProgressCallback, no_progress

TEMP_PREFIX = ".influence-desk-export-"
TEMP_SUFFIX = ".part"
TEMP_DIR_SUFFIX = ".partdir"


def make_canary(request: ExportRequest) -> str:
    """The gate's check text for this request: the checkpoint as every page's footer prints
    it. It is visible on purpose. A hidden string (it used to be white 1-point text) came
    out of every copy-paste from the PDF; the footer's checkpoint is what a reader sees
    anyway, and with 64 bits of a hash it does not turn up in note text by accident."""
    return check_text(request.checkpoint)


def _words(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", fold(text)))


def check_file_name(request: ExportRequest, out: Path) -> None:
    """Refuse a file name that names a source: file names travel further than files.

    Punctuation is ignored on both sides, so "kasia-w.pdf" is refused for "Kasia W.".
    """
    name = _words(out.name)
    identities = request.forbidden.all_identities()
    terms = [t for i in identities for t in map(_words, i.names) if len(t) >= 2]
    terms += [t for i in identities for t in map(_words, i.contacts) if len(t) >= 4]
    search = NeedleSearch((t, 0) for t in terms)
    if search.search(name) or search.search_compact(compact(name)):
        raise BadInput(
            "The file name contains a source's real name or contact detail; choose another."
        )


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


# --- temporary files and folders -----------------------------------------------------------


def _unheld(folder: Path, suffix: str, flags: int) -> Iterator[tuple[Path, int]]:
    """The temporary entries ending in ``suffix`` that no running export holds, each with a
    descriptor holding its lock (closed when the caller asks for the next)."""
    for path in folder.glob(f"{TEMP_PREFIX}*{suffix}"):
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | flags)
        except OSError:
            continue  # a symlink, gone meanwhile, or not ours to read
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            continue  # a running export
        try:
            yield path, fd
        finally:
            os.close(fd)


def _removed(folder: Path, removed: int) -> int:
    if removed:
        fsync_path(folder, best_effort=True)
    return removed


def remove_stale_temp_files(folder: Path) -> int:
    """Delete the temporary files that killed exports left in ``folder``; how many went.

    A killed export leaves its partial (or complete but unchecked) output behind, note text
    the user never got as an export. One a running export holds (another window, another
    vault) is left alone."""
    removed = 0
    for path, fd in _unheld(folder, TEMP_SUFFIX, os.O_NONBLOCK):
        try:
            held = os.fstat(fd)
            now = os.lstat(path)
            if stat.S_ISREG(held.st_mode) and (now.st_dev, now.st_ino) == (
                held.st_dev, held.st_ino
            ):
                path.unlink()
                removed += 1
        except OSError:
            continue
    return _removed(folder, removed)


def remove_stale_temp_folders(folder: Path) -> int:
    """The folder outputs' leftovers of killed exports (as ``remove_stale_temp_files``)."""
    removed = 0
    for path, _ in _unheld(folder, TEMP_DIR_SUFFIX, os.O_DIRECTORY):
        try:
            shutil.rmtree(path)
            removed += 1
        except OSError:
            continue
    return _removed(folder, removed)


def _held_temp_file(folder: Path) -> tuple[int, Path]:
    """A new temporary file in ``folder`` and its descriptor, holding its ``flock``.

    Between creating the file and locking it, another export's clean-up may take it for a
    leftover and delete it: then the name no longer leads to our file and we make another."""
    while True:
        fd, name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=folder)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)  # a clean-up holds it for a moment at most
            mine = os.fstat(fd)
            now = os.lstat(name)
            if (now.st_dev, now.st_ino) == (mine.st_dev, mine.st_ino):
                return fd, Path(name)
        except FileNotFoundError:
            pass
        except BaseException:
            os.close(fd)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(name)
            raise
        os.close(fd)


def _held_temp(fmt: Format, folder: Path) -> tuple[int, Path]:
    """The temporary output beside the target (a rename on one file system, and no export
    text in a shared /tmp), leftovers of killed exports removed first."""
    if fmt.output == "file":
        remove_stale_temp_files(folder)
        return _held_temp_file(folder)
    remove_stale_temp_folders(folder)
    tmp = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX, suffix=TEMP_DIR_SUFFIX, dir=folder))
    fd = os.open(tmp, os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    return fd, tmp


def _fsync_output(path: Path) -> None:
    """What the format wrote reaches the disk before it is renamed into place."""
    files = sorted(path.rglob("*")) if path.is_dir() else [path]
    for file in files:
        if file.is_file():
            with open(file, "rb") as fh:
                os.fsync(fh.fileno())
    if path.is_dir():
        fsync_path(path, best_effort=True)


# --- the export ----------------------------------------------------------------------------


def _gate(
    fmt: Format,
    path: Path,
    doc: PreparedDocument,
    rendered: Rendered,
    progress: Callable[[int, int], None],
    cancel: CancelFlag | None,
) -> int:
    """The leak gate over the written output; the pages it checked (0 but for a PDF)."""
    canary = make_canary(doc.request)
    if isinstance(fmt, OwnGate):
        return fmt.gate(path, doc, canary, progress=progress, cancel=cancel)
    progress(0, 1)
    try:
        read = fmt.read_back(path)
    except Exception as exc:  # a reader that fails has proved nothing
        raise unverifiable("its reader could not read the file back") from exc
    check_read_back(read, rendered.units, doc.needles, canary,
                    identities=doc.identities, cancel=cancel)  # fmt: skip
    return 0


def export_document(
    request: ExportRequest,
    out_path: str | os.PathLike[str],
    fmt: Format,
    *,
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
) -> ExportResult:
    """Write ``request`` in ``fmt`` at ``out_path``, checked by the leak gate.

    Raises ``BadInput`` (bad request or file name), ``Cancelled`` or ``LeakDetected`` (the
    gate found something, or could not read the output back). In each case no file is left
    at ``out_path`` from this call, one that was there before is untouched, and the
    temporary file or folder is gone."""
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

    # The collector is paused for the export's steps: a collection walks every object of
    # the session's matcher (0.4-0.6 s CPU an export of 1,000 notes); the few cycles made
    # (pypdf's objects, reportlab's) go at the first collection after (see names.derived).
    with paused_gc():
        doc = prepare(request, progress=scaled(0), cancel=cancel)
    written = 0
    to_write = max(sum(len(g.notes) for g in doc.groups), 1)

    def on_note() -> None:
        nonlocal written
        if cancel is not None:
            cancel.check()
        written += 1
        scaled(units)(min(written, to_write), to_write)

    folder = fmt.output == "folder"
    fd, tmp = _held_temp(fmt, out.parent)  # its lock: not a leftover while it is held
    try:
        with paused_gc():  # reportlab's garbage waits for the next collection after it
            rendered = fmt.render(doc, tmp, on_note, cancel)
        _fsync_output(tmp)
        if cancel is not None:
            cancel.check()
        with paused_gc():
            pages = _gate(fmt, tmp, doc, rendered, scaled(2 * units), cancel)
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
        pages=pages,
        notes_exported=doc.notes_exported,
        left_out_by_reason=dict(doc.left_out),
        redactions_by_reason=dict(doc.redactions),
        checkpoint=request.checkpoint,
    )
