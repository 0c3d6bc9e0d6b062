"""One export from the dialog: the worker's job, and what the dialog says about how it ended.

The job holds the vault (the session's lock) only to build the request and, at the end, to
record the export in history; the verify the brief prints (on its own connection, used only
if nothing was written meanwhile, else run again while building), rendering and the leak
gate run without it, so autosave and every other short call go on meanwhile. A file whose
export cannot be recorded (the vault locked meanwhile) is deleted: no export leaves the
vault unrecorded.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ui import labels
from ui.export_format import remove_output
from ui.i18n import translate as _t
from ui.tasks import user_message
from ui.widgets import Banner

if TYPE_CHECKING:
    from influence_desk.export.document import ExportResult
    from influence_desk.progress import CancelFlag, ProgressCallback
    from ui.session import Session


def export_job(
    session: Session, key: str, out: Path, scope: Any, title: str, *,
    export_format: str = "pdf", md_layout: str = "single",
) -> Callable[[ProgressCallback, CancelFlag], ExportResult]:
    from influence_desk.errors import Cancelled, InfluenceDeskError, NotPermitted
    from influence_desk.export.service import (
        prepare_export,
        record_export,
        render_export,
        verify_for_export,
    )
    from ui.i18n import export_language

    def job(progress: ProgressCallback, cancel: CancelFlag) -> ExportResult:
        with session.worker_admin() as admin:
            before = admin.checkpoint()
        cancel.check()
        try:
            # Its own read-only connection, no lock: what the brief prints about the history.
            verified = verify_for_export(session.desk, before, cancel=cancel)
        except Cancelled:
            raise
        except InfluenceDeskError:
            verified = None  # prepare_export verifies, holding the vault, and says what failed
        with session.worker() as desk:
            cancel.check()
            prepared = prepare_export(
                desk, key, out, scope, title=title, language=export_language(),
                progress=progress, cancel=cancel, verified=verified,
                export_format=export_format, md_layout=md_layout,
            )  # fmt: skip
        result = render_export(prepared, progress=progress, cancel=cancel)
        try:
            with session.worker() as desk:
                cancel.check()
                if not session.is_open:  # locked while it rendered: it cannot be recorded
                    raise NotPermitted("The vault was locked; the export was not saved.")
                return record_export(desk, prepared, result)
        except BaseException:
            remove_output(out)
            raise

    return job


def summary_html(result: ExportResult) -> str:
    """Pages and notes, what was redacted and what consent left out, for the summary box
    (in the dialog's words: its translation context)."""
    if not result.pages:  # a format without pages (DOCX, ODT, Markdown, JSON lines)
        count = (_t("ExportFormat", "1 note.") if result.notes_exported == 1
                 else _t("ExportFormat", "{} notes.").format(result.notes_exported))
    elif result.notes_exported == 1:
        count = _t("ExportDialog", "{} pages, 1 note.").format(result.pages)
    else:
        count = _t("ExportDialog", "{} pages, {} notes.").format(result.pages,
                                                                 result.notes_exported)
    rows = ["<b>" + html.escape(count) + "</b>"]
    redactions = {k: v for k, v in result.redactions_by_reason.items() if v}
    if redactions:
        items = "".join(
            f"<li>{html.escape(labels.export_reason(k))}: {v}</li>"
            for k, v in sorted(redactions.items())
        )
        rows.append(
            html.escape(_t("ExportDialog", "Redacted:")) + f"<ul style='margin:2px'>{items}</ul>"
        )
    else:
        rows.append(html.escape(_t("ExportDialog", "Nothing needed redacting.")))
    left_out = {k: v for k, v in result.left_out_by_reason.items() if v}
    if left_out:
        items = "".join(
            f"<li>{html.escape(labels.export_reason(k))}: {v}</li>"
            for k, v in sorted(left_out.items())
        )
        rows.append(
            html.escape(_t("ExportDialog", "Left out for consent:"))
            + f"<ul style='margin:2px'>{items}</ul>"
        )
    else:
        rows.append(html.escape(_t("ExportDialog", "No note was left out for consent.")))
    return "<br>".join(rows)


def failure_message(exc: BaseException) -> tuple[str, str, list[str]]:
    """(banner level, sentence, details) for an export that stopped; nothing was saved."""
    from influence_desk.errors import Cancelled, LeakDetected, UnreviewedNames

    if isinstance(exc, Cancelled):
        return Banner.INFO, _t("ExportDialog", "Cancelled; no file was written."), []
    if isinstance(exc, UnreviewedNames) and exc.in_title:
        return (
            Banner.PROBLEM,
            _t("ExportDialog", "The title names a person not reviewed yet. Nothing was saved."),
            [_t("ExportDialog", "Change the title, or register that person as a source; "
                "then export again.")],
        )  # fmt: skip
    if isinstance(exc, UnreviewedNames):
        return (
            Banner.PROBLEM,
            _t("ExportDialog",
               "People named in these notes need a review first. Nothing was saved."),
            [_t("ExportDialog",
                "Register each as a source, or mark a public person or not a person, "
                "in the list “Names to review”; then export again.")],
        )  # fmt: skip
    if isinstance(exc, LeakDetected):
        # The core's sentence names what kind of thing was found and where, never the value.
        return (
            Banner.PROBLEM,
            _t("ExportDialog", "Export stopped by the leak gate. Nothing was saved."),
            [
                exc.message,
                _t("ExportDialog", "Check the marks and sources of the chosen notes, or choose "
                   "a stricter profile, then export again."),
            ],
        )  # fmt: skip
    return Banner.PROBLEM, user_message(exc), []
