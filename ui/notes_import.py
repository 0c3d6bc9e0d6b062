"""Importing notes into the Notes page: JSON lines, CSV (with a column mapping), a Markdown
note or folder, a REFI-QDA project, through the core's importers (the CLI's `import`). All
or nothing, in a worker with progress: the file is read and parsed there before the vault
is taken, and the error names the bad line or file. The texts keep the page's translation
context."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.i18n import translate as _t

if TYPE_CHECKING:
    from ui.import_dialog import ImportChoice
    from ui.notes_page import NotesPage


def import_notes(page: NotesPage, path: str | None = None) -> None:
    """Asks what to import (ui/import_dialog.py) when ``path`` is not given; a path given is
    imported as its name says (a folder: Markdown notes). The page's list and catalogue
    follow."""
    if not page.session.can_write:
        return
    if path:
        from pathlib import Path

        from ui.import_dialog import ImportChoice

        run_import(page, ImportChoice(Path(path), "", "desk"))
        return
    from ui.import_dialog import ImportDialog

    dialog = ImportDialog(page)
    page.import_dialog = dialog

    def chosen() -> None:
        choice = dialog.choice()
        if choice is not None:
            run_import(page, choice)

    dialog.accepted.connect(chosen)
    dialog.open()


def run_import(page: NotesPage, choice: ImportChoice) -> None:
    if page._torn_down:
        return
    session = page.session

    def job(progress, cancel) -> int:
        from influence_desk.importers.dispatch import read_import

        batch = read_import(choice.path, given=choice.format or None, mapping=choice.mapping,
                            kind=choice.kind)  # fmt: skip
        cancel.check()
        with session.worker() as desk:
            return batch.into(desk, progress=progress, cancel=cancel)

    def done(count: int) -> None:
        page.catalog_stale.emit()
        page.reload_list()
        page.status.emit(
            _t("NotesPage", "Imported {} notes.").format(count)
            if count != 1
            else _t("NotesPage", "Imported 1 note.")
        )

    page._long_work.run(_t("NotesPage", "Importing notes…"), job, done)
