"""Importing notes from a JSON Lines file into the Notes page: all or nothing, in a worker
with progress; the error names the bad line. The texts keep the page's translation context."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ui.i18n import translate as _t

if TYPE_CHECKING:
    from ui.notes_page import NotesPage


def import_notes(page: NotesPage, path: str | None = None) -> None:
    """Asks for the file when ``path`` is not given; the page's list and catalogue follow."""
    if not page.session.can_write:
        return
    if not path:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(
            page, _t("NotesPage", "Import notes"), "",
            _t("NotesPage", "JSON Lines (*.jsonl);;All files (*)"),
        )  # fmt: skip
    if not path or page._torn_down:
        return
    session = page.session
    source = Path(path)

    def job(progress, cancel) -> int:
        try:
            lines = source.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            from influence_desk.errors import BadInput

            raise BadInput("That file cannot be read as UTF-8 text.") from exc
        with session.worker() as desk:
            return desk.import_jsonl(lines, progress=progress, cancel=cancel)

    def done(count: int) -> None:
        page.catalog_stale.emit()
        page.reload_list()
        page.status.emit(
            _t("NotesPage", "Imported {} notes.").format(count)
            if count != 1
            else _t("NotesPage", "Imported 1 note.")
        )

    page._long_work.run(_t("NotesPage", "Importing notes…"), job, done)
