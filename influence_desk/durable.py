"""The one fsync: a file's data, or a folder's entries (after a rename), flushed to the disk."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

__all__ = ["fsync_path"]


def fsync_path(path: Path, *, best_effort: bool = False) -> None:
    """Flush ``path`` (a file or a folder) to the disk. ``best_effort``: a folder this
    platform cannot open or flush is skipped (the rename before it is atomic all the same)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        if best_effort:
            return
        raise
    try:
        if best_effort:
            with contextlib.suppress(OSError):
                os.fsync(fd)
        else:
            os.fsync(fd)
    finally:
        os.close(fd)
