"""``export_pdf``: prepare, render to a temporary file beside the target, pass the leak
gate, then move the file into place. Nothing is left behind on failure or cancel."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from pathlib import Path

from influence_desk.errors import BadInput
from influence_desk.export.document import ExportRequest, ExportResult
from influence_desk.export.gate import check_pdf
from influence_desk.export.prepare import prepare
from influence_desk.export.render import Renderer
from influence_desk.export.textnorm import NeedleSearch, compact, fold
from influence_desk.progress import CancelFlag, ProgressCallback, no_progress

TEMP_PREFIX = ".influence-desk-export-"
TEMP_SUFFIX = ".part"


def make_canary(request: ExportRequest) -> str:
    """The gate's check text for this request.

    Derived from the request rather than drawn at random so that the same request gives
    the same bytes; it covers only non-identifying fields, so it reveals nothing, and at
    104 bits it cannot turn up in note text by accident.
    """
    h = hashlib.sha256(b"influence-desk export canary v1\0")
    for part in (
        request.title, request.profile.key, request.vault_fingerprint, request.checkpoint,
        request.generated_on.isoformat(), *sorted(n.id for n in request.notes),
    ):
        h.update(part.encode("utf-8") + b"\0")
    return "zq" + h.hexdigest()[:26]


def _words(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", fold(text)))


def check_file_name(request: ExportRequest, out: Path) -> None:
    """Refuse a file name that names a source: file names travel further than files.

    Punctuation is ignored on both sides, so "kasia-w.pdf" is refused for "Kasia W.".
    """
    name = _words(out.name)
    terms = [t for t in map(_words, request.forbidden.names) if len(t) >= 2]
    terms += [t for t in map(_words, request.forbidden.contacts) if len(t) >= 4]
    search = NeedleSearch((t, 0) for t in terms)
    if search.search(name) or search.search_compact(compact(name)):
        raise BadInput(
            "The file name contains a source's real name or contact detail; choose another."
        )


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return  # not every platform can open a directory; the rename is still atomic
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
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
    # file system, and no export text ever lands in a shared /tmp.
    fd, tmp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=out.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            renderer(doc, canary, on_note=on_note).render(fh)
            fh.flush()
            os.fsync(fh.fileno())
        if cancel is not None:
            cancel.check()
        pages = check_pdf(tmp, doc.needles, canary, progress=scaled(2 * units), cancel=cancel)
        os.replace(tmp, out)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    _fsync_dir(out.parent)
    progress(total, total)
    return ExportResult(
        out=out,
        pages=pages,
        notes_exported=doc.notes_exported,
        left_out_by_reason=dict(doc.left_out),
        redactions_by_reason=dict(doc.redactions),
        checkpoint=request.checkpoint,
    )
