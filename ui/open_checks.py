"""What opening a vault checks once the window shows, in workers, and says in the banner
above the tabs: an auditor's verify of the whole history, a big vault's check of every page
(opening skipped it), and a verify that found something."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from ui.history_view import describe_report
from ui.tasks import Task, user_message
from ui.widgets import Banner

if TYPE_CHECKING:
    from influence_desk.history import VerifyReport
    from ui.history_view import HistoryPage
    from ui.session import Session


class OpenChecks(QObject):
    def __init__(
        self, session: Session, banner: Banner, history: HistoryPage, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.banner = banner
        self.history = history
        self._check_task: Task | None = None
        history.verified.connect(self._history_verified)
        history.verify_failed.connect(self._verify_failed)

    def start(self) -> None:
        if self.session.read_only:
            self.banner.show_message(
                Banner.INFO,
                self.tr("Verifying the history on open: every signature and every stored note…"),
            )
            self.history.verify(automatic=True)
        self.check_pages_if_big()

    def check_pages_if_big(self) -> None:
        """Opening skipped the full page check (a big database): run it now, in a worker."""
        from influence_desk.errors import NotPermitted

        session = self.session
        try:
            # A file's size, no SQL: no need to hold the session for it.
            if not session.admin.page_check_pending():
                return
        except (OSError, NotPermitted):
            return  # locked again meanwhile: the next unlock asks again

        def job(_progress, _cancel) -> list[str]:
            # Its own read-only connection: no need to hold the session (the GUI would
            # stall for seconds on a big vault waiting for it).
            return session.admin.check_pages()

        def done(problems: list[str]) -> None:
            if problems:
                self.banner.show_message(
                    Banner.PROBLEM,
                    self.tr("This vault's database file is damaged. Stop adding notes, copy "
                            "the whole vault folder somewhere safe, and restore the newest "
                            "backup from its backups folder."),
                    problems[:5],
                )  # fmt: skip

        def failed(exc: BaseException) -> None:
            self.banner.show_message(Banner.PROBLEM, user_message(exc))

        self._check_task = Task(job, on_done=done, on_error=failed).start()

    def page_check_running(self) -> bool:
        return self._check_task is not None and self._check_task.running

    def _verify_failed(self, text: str) -> None:
        if text:
            self.banner.show_message(Banner.PROBLEM, text)
        elif self.banner.level == Banner.INFO:
            self.banner.clear()  # the verify on open was cancelled

    def _history_verified(self, report: VerifyReport) -> None:
        """Auditors see the result of the verify on open above everything."""
        if self.session.read_only or not report.ok:
            level, sentence, details = describe_report(report, limit=5)
            self.banner.show_message(level, sentence, details)

    def stop(self) -> None:
        if self._check_task is not None and self._check_task.running:
            self._check_task.abandon()
