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
    (tests/ui/test_pyside_none.py shows the leak and that it is harmless here.)
    """
    if sys.version_info >= (3, 12) or platform.python_implementation() != "CPython":
        return
    import ctypes

    refcount = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt is PyObject's first field
    if refcount.value < 1 << 40:
        refcount.value += 1 << 40


_keep_none_alive()
