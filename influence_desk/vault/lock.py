"""One writer at a time, across processes: an advisory ``flock`` on a file in the vault.

The kernel releases the lock when the holder dies, so a crash never leaves a vault locked.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from influence_desk.errors import VaultInUse

LOCK_NAME = ".writer.lock"
FILE_LOCK_NAME = ".vault.json.lock"


class WriterLock:
    def __init__(self, folder: Path) -> None:
        self._path = folder / LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            os.close(fd)
            raise VaultInUse() from exc
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None


@contextlib.contextmanager
def vault_file_lock(folder: Path) -> Iterator[None]:
    """Held (blocking) for the milliseconds of one read-modify-write of vault.json.

    The writer lock is not enough: an auditor, who never holds it, may change their own
    passphrase while a lead is adding or removing people."""
    fd = os.open(folder / FILE_LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
