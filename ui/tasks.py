"""Long work off the GUI thread: a QRunnable per job, results relayed back as queued signals.

A worker never touches a widget. It runs a plain function that receives a progress callback
and a cancel flag (the same ones the core's long operations take); the result, the error or
the progress is delivered to callbacks that run on the GUI thread.
"""

from __future__ import annotations

import sys
import time
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, QRunnable, Qt, QThreadPool, Signal, Slot

from influence_desk.errors import InfluenceDeskError
from influence_desk.progress import CancelFlag

PROGRESS_INTERVAL_S = 0.05

Job = Callable[[Callable[[int, int], None], CancelFlag], Any]


# The core's fixed sentences, so that lupdate offers them for translation (the core never
# imports Qt; sentences with values in them stay in English).
_CORE_SENTENCES = (
    QT_TRANSLATE_NOOP("errors", "The passphrase is wrong for every key slot of this vault."),
    QT_TRANSLATE_NOOP("errors", "The vault is open elsewhere; close it there first."),
    QT_TRANSLATE_NOOP("errors", "Cancelled; nothing was changed."),
    QT_TRANSLATE_NOOP(
        "errors", "The disk is full; nothing was changed. Free some space and try again."
    ),
    QT_TRANSLATE_NOOP("errors", "The vault is locked."),
    QT_TRANSLATE_NOOP("errors", "Only a lead can manage who has access to this vault."),
    QT_TRANSLATE_NOOP("errors", "This vault is open read-only; auditors cannot change anything."),
    QT_TRANSLATE_NOOP("errors", "Only researchers and leads can see who a source really is."),
    QT_TRANSLATE_NOOP("errors", "Auditors can export only the audit report."),
    QT_TRANSLATE_NOOP("errors", "Your key slot has been removed from this vault."),
    QT_TRANSLATE_NOOP(
        "errors", "This passphrase is too easy to guess; use four or more unrelated words."
    ),
    QT_TRANSLATE_NOOP(
        "errors",
        "vault.json looks hostile or damaged: its key slots together would take far too long "
        "to try.",
    ),
    QT_TRANSLATE_NOOP(
        "errors",
        "vault.json looks hostile or damaged: it has more key slots than any real vault.",
    ),
    QT_TRANSLATE_NOOP(
        "errors",
        "The key slots together would make a wrong passphrase take too long to refuse; "
        "choose a shorter unlock time in the settings, or remove someone first.",
    ),
    QT_TRANSLATE_NOOP("errors", "A label is a short name for a person, 1 to 200 characters."),
    QT_TRANSLATE_NOOP(
        "errors", "That would leave the vault without a lead; add another lead first."
    ),
    QT_TRANSLATE_NOOP("errors", "The export needs a file name, not a folder."),
    QT_TRANSLATE_NOOP("errors", "The folder for the export does not exist."),
    QT_TRANSLATE_NOOP(
        "errors",
        "The file name contains a source's real name or contact detail; choose another.",
    ),
    QT_TRANSLATE_NOOP("errors", "An event cannot end before it starts."),
    QT_TRANSLATE_NOOP("errors", "A note needs a title."),
    QT_TRANSLATE_NOOP("errors", "That is not your current passphrase."),
    QT_TRANSLATE_NOOP(
        "errors", "A checkpoint is written SEQ:HASH, e.g. 42:3fa4… with a 64-digit hash."
    ),
    # What the issue-14 features (saved searches, trash, names review, marks) can refuse.
    QT_TRANSLATE_NOOP("errors", "There is no saved search of that name."),
    QT_TRANSLATE_NOOP("errors", "A search's date range ends before it starts."),
    QT_TRANSLATE_NOOP("errors", "A saved search needs a name."),
    QT_TRANSLATE_NOOP("errors", "A saved search's name or text is too long."),
    QT_TRANSLATE_NOOP("errors", "There is no such saved search."),
    QT_TRANSLATE_NOOP("errors", "That note is not in the trash."),
    QT_TRANSLATE_NOOP("errors", "That note's last version was not kept, so it cannot come back."),
    QT_TRANSLATE_NOOP(
        "errors",
        "No note names that person as a candidate; `influence-desk names VAULT` lists them.",
    ),
    QT_TRANSLATE_NOOP("errors", "Only a researcher or lead can review the people named in notes."),
    QT_TRANSLATE_NOOP("errors", "That tag is not part of the Influence Industry vocabulary."),
    QT_TRANSLATE_NOOP("errors", "A redaction mark opened with [[ is never closed with ]]."),
    QT_TRANSLATE_NOOP("errors", "Redaction marks cannot be nested; close the first with ]]."),
    QT_TRANSLATE_NOOP(
        "errors",
        "A redaction mark must start with [[internal: or [[team: (write \\[[ for a literal [[).",
    ),
    QT_TRANSLATE_NOOP("errors", "A note mentions too many different names."),
    # Moving a note's business card into a source's identity (issue 16).
    QT_TRANSLATE_NOOP("errors", "That attachment is already part of a source's identity."),
    QT_TRANSLATE_NOOP(
        "errors",
        "Only researchers and leads can move an attachment into a source's identity; this "
        "slot holds no identity key.",
    ),
    # What choosing a sync folder, syncing and resolving a conflict can refuse (issue 15).
    QT_TRANSLATE_NOOP("errors", "A sync folder is given as a full path."),
    QT_TRANSLATE_NOOP(
        "errors", "The sync folder does not exist; make it first (or let Syncthing)."
    ),
    QT_TRANSLATE_NOOP("errors", "The sync folder is a file, not a folder."),
    QT_TRANSLATE_NOOP("errors", "A sync folder cannot be the vault folder or inside it."),
    QT_TRANSLATE_NOOP(
        "errors",
        "The vault is inside that folder, so a sync tool would copy its live database; "
        "choose a folder outside it.",
    ),
    QT_TRANSLATE_NOOP("errors", "The sync folder cannot be written to."),
    QT_TRANSLATE_NOOP("errors", "An auditor's copy cannot sync; it is read-only."),
    QT_TRANSLATE_NOOP("errors", "More than one other version is open; name the version to keep."),
    QT_TRANSLATE_NOOP("errors", "That version is not kept in this vault; choose another."),
    # A copy for another laptop, and merging a source registered twice (issue 15).
    QT_TRANSLATE_NOOP("errors", "Only a lead can make a replica of this vault."),
    QT_TRANSLATE_NOOP("errors", "This vault needs an upgrade before it can have replicas."),
    QT_TRANSLATE_NOOP(
        "errors", "A source cannot be merged into itself; name two different sources."
    ),
)


def user_message(exc: BaseException) -> str:
    """One plain sentence for the user. Never a traceback, never note content: the core's
    named errors are written to be shown; anything else is a bug and gets a generic line."""
    from PySide6.QtCore import QCoreApplication

    if isinstance(exc, InfluenceDeskError):
        return QCoreApplication.translate("errors", exc.message)
    return QCoreApplication.translate(
        "tasks", "Something went wrong inside Influence Desk; nothing was lost. Try again."
    )


def refusal() -> str:
    """The passphrase policy's one sentence, as the CLI prints it (translated)."""
    from PySide6.QtCore import QCoreApplication

    from influence_desk.passphrase_policy import REFUSAL

    return QCoreApplication.translate("errors", REFUSAL)


def report_bug(exc: BaseException) -> None:
    """For developers: where it happened, on stderr, without the message (it may hold content)."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = " <- ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno}" for f in reversed(frames))
    print(f"influence-desk: unexpected {type(exc).__name__} at {where}", file=sys.stderr)


class _Relay(QObject):
    """Lives on the GUI thread; the worker's signals reach it through queued connections."""

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, task: Task) -> None:
        super().__init__()
        self._task = task
        self.progressed.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self.succeeded.connect(self._on_done, Qt.ConnectionType.QueuedConnection)
        self.failed.connect(self._on_error, Qt.ConnectionType.QueuedConnection)

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        if self._task.on_progress is not None and not self._task.abandoned:
            self._task.on_progress(done, total)

    @Slot(object)
    def _on_done(self, result: object) -> None:
        self._task.finish()
        if self._task.abandoned:
            if self._task.on_discard is not None:
                self._task.on_discard(result)
        elif self._task.on_done is not None:
            self._task.on_done(result)

    @Slot(object)
    def _on_error(self, exc: object) -> None:
        self._task.finish()
        if self._task.abandoned:
            return
        assert isinstance(exc, BaseException)
        if not isinstance(exc, InfluenceDeskError):
            report_bug(exc)
        if self._task.on_error is not None:
            self._task.on_error(exc)


class _Runnable(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._task = task

    def run(self) -> None:
        relay = self._task.relay
        last = [0.0]

        def progress(done: int, total: int) -> None:
            # At most 20 reports a second reach the GUI: a bar cannot show more, and a
            # chatty job must not flood the event loop.
            now = time.monotonic()
            if done >= total or now - last[0] >= PROGRESS_INTERVAL_S:
                last[0] = now
                relay.progressed.emit(done, total)

        try:
            result = self._task.job(progress, self._task.cancel)
        except BaseException as exc:
            relay.failed.emit(exc)
        else:
            relay.succeeded.emit(result)


_running: set[Task] = set()


class Task:
    """One job on the global thread pool. Keep a reference, or don't: running tasks are held."""

    def __init__(
        self,
        job: Job,
        *,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int], None] | None = None,
        on_discard: Callable[[Any], None] | None = None,
    ) -> None:
        self.job = job
        self.on_discard = on_discard  # gets a result nobody wants any more (e.g. a Vault)
        self.on_done = on_done
        self.on_error = on_error
        self.on_progress = on_progress
        self.cancel = CancelFlag()
        self.abandoned = False
        self.running = False
        self.relay = _Relay(self)

    def start(self) -> Task:
        self.running = True
        _running.add(self)
        QThreadPool.globalInstance().start(_Runnable(self))
        return self

    def abandon(self) -> None:
        """Ask the job to stop and drop whatever it delivers (e.g. the window is locking)."""
        self.abandoned = True
        self.cancel.cancel()

    def finish(self) -> None:
        self.running = False
        _running.discard(self)


def run_task(
    job: Job,
    *,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> Task:
    return Task(job, on_done=on_done, on_error=on_error, on_progress=on_progress).start()


def running_tasks() -> int:
    return len(_running)
