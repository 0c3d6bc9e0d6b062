"""``export_pdf``: prepare, render to a temporary file beside the target, pass the leak
gate, then move the file into place. Nothing is left behind on failure or cancel; the
temporary file of an export whose process was killed is removed by the next export to
that folder."""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import stat
import tempfile
from pathlib import Path

from influence_desk import killpoints
from influence_desk.durable import fsync_path
from influence_desk.errors import BadInput
from influence_desk.export.document import ExportRequest, ExportResult
from influence_desk.export.gate import check_pdf
from influence_desk.export.layout import check_text
from influence_desk.export.prepare import prepare
from influence_desk.export.render import Renderer
from influence_desk.export.textnorm import NeedleSearch, compact, fold
from influence_desk.progress import CancelFlag, ProgressCallback, no_progress

TEMP_PREFIX = ".influence-desk-export-"
TEMP_SUFFIX = ".part"


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


def remove_stale_temp_files(folder: Path) -> int:
    """Delete the temporary files that killed exports left in ``folder``; how many went.

    A killed export leaves its partial (or complete but unchecked) PDF behind, note text
    the user never got as an export. An export holds an exclusive ``flock`` on its
    temporary file until it is renamed into place or deleted, and the kernel drops the lock
    when the process dies: a temporary file nobody holds is such a leftover. One a running
    export holds (another window, another vault) is left alone."""
    removed = 0
    for path in folder.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"):
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:
            continue  # a symlink, gone meanwhile, or not ours to read
        try:
            held = os.fstat(fd)
            if not stat.S_ISREG(held.st_mode):
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                continue  # a running export
            now = os.lstat(path)
            if (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino):
                path.unlink()
                removed += 1
        except OSError:
            continue
        finally:
            os.close(fd)
    if removed:
        fsync_path(folder, best_effort=True)
    return removed


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


def export_pdf(
    request: ExportRequest,
    out_path: str | os.PathLike[str],
    *,
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
    renderer: type[Renderer] = Renderer,
) -> ExportResult:
    """Write the PDF for ``request`` at ``out_path`` and return what it holds.

    Raises ``BadInput`` (bad request or file name), ``Cancelled``, or ``LeakDetected``
    (the gate found something, or could not read the file back). In every failure case no
    file is left at ``out_path`` from this call, a file that was there before is
    untouched, and the temporary file is gone. ``renderer`` exists for tests.
    """
    out = Path(out_path)
    if not out.name or out.is_dir():
        raise BadInput("The export needs a file name, not a folder.")
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
    rendered = 0
    to_render = sum(len(g.notes) for g in doc.groups)

    def on_note() -> None:
        nonlocal rendered
        if cancel is not None:
            cancel.check()
        rendered += 1
        scaled(units)(rendered, to_render)

    # The temporary file sits in the target's folder: os.replace is then a rename on one
    # file system, and no export text ever lands in a shared /tmp. Its lock (held on
    # ``fd`` until the file is in place or gone) tells a later export it is not a leftover.
    remove_stale_temp_files(out.parent)
    fd, tmp = _held_temp_file(out.parent)
    try:
        with os.fdopen(os.dup(fd), "wb") as fh:
            renderer(doc, canary, on_note=on_note).render(fh)
            fh.flush()
            os.fsync(fh.fileno())
        if cancel is not None:
            cancel.check()
        pages = check_pdf(
            tmp, doc.needles, canary, identities=doc.identities,
            progress=scaled(2 * units), cancel=cancel,
        )  # fmt: skip
        killpoints.before_commit("export")
        os.replace(tmp, out)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
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
