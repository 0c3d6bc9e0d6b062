"""Progress reporting and cancellation shared by every long operation.

The same functions run in the CLI and in a Qt worker thread: they take a callback
``progress(done, total)`` and a ``CancelFlag`` they poll between steps.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from influence_desk.errors import Cancelled

ProgressCallback = Callable[[int, int], None]


def no_progress(done: int, total: int) -> None:
    """Default callback: report nothing."""


class CancelFlag:
    """Thread-safe cancel request, set by the GUI thread and polled by the worker."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        """Raise ``Cancelled`` if cancellation was requested."""
        if self._event.is_set():
            raise Cancelled()
