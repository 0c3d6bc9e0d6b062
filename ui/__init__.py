"""PySide6 widgets, item models and workers of the desktop app. Calls the core; no SQL."""

from __future__ import annotations

import platform
import sys


def _keep_none_alive() -> None:
    """Work around a PySide6 6.12.0 bug on CPython 3.11.

    Every PySide6 call that returns ``None`` (``widget.update()``, ``label.setText(…)``, a
    model's ``index.data()`` with nothing to say, …) hands back ``None`` without taking a
    reference to it, so ``None``'s reference count drops by one per call. From Python 3.12
    ``None`` is immortal and this is harmless; on 3.11 the count reaches zero after some
    thousands of calls and the interpreter aborts ("none_dealloc: deallocating None").
    A busy session makes that many calls in minutes. We give ``None`` the same treatment
    3.12 does: a reference count so large that no session can wear it down.

    ``Signal.emit()`` of a signal defined in Python does the same with ``True`` (it returns
    ``True`` without a reference): every progress report of a worker, every autosave, every
    list load drops one, and a verify of a large vault (one report per entry) aborted the
    interpreter ("bool_dealloc: deallocating True or False"). ``True`` and ``False`` get the
    same treatment. (tests/ui/test_pyside_none.py shows both leaks and that they are
    harmless here.)
    """
    if sys.version_info >= (3, 12) or platform.python_implementation() != "CPython":
        return
    import ctypes

    for singleton in (None, True, False):
        refcount = ctypes.c_ssize_t.from_address(id(singleton))  # ob_refcnt comes first
        if refcount.value < 1 << 40:
            refcount.value += 1 << 40


_keep_none_alive()
