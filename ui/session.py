"""An unlocked vault as the window sees it: the Vault, its Desk, and who is using it.

The core's Store is one SQLCipher connection used by one thread at a time, so every call
into the Desk goes through ``session.lock``. Workers wait for it; the GUI thread only tries
briefly (``gui()``) and shows "busy" instead of freezing when a long job holds it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from influence_desk.errors import InfluenceDeskError
from influence_desk.model import Role

if TYPE_CHECKING:
    from influence_desk.desk import Desk
    from influence_desk.vault.vault import Vault


class Busy(InfluenceDeskError):
    """The vault is busy with long work; the GUI asks again later instead of waiting."""

    def __init__(self) -> None:
        super().__init__(
            QCoreApplication.translate("session", "Busy with a long task; try again in a moment.")
        )


class Session:
    def __init__(self, vault: Vault, desk: Desk) -> None:
        self.vault = vault
        self.desk = desk
        self.lock = threading.RLock()
        self.path = Path(vault.path)
        self.role = Role(vault.role)
        self.can_write = bool(vault.can_write)
        self.can_reveal = bool(vault.can_reveal)
        slot = vault.file.slot(vault.slot_id)
        self.label = slot.label if slot is not None else ""
        self._fingerprint: str | None = None

    @property
    def read_only(self) -> bool:
        return not self.can_write

    @property
    def name(self) -> str:
        stem = self.path.name
        return stem[: -len(".idvault")] if stem.endswith(".idvault") else stem

    @contextmanager
    def gui(self, timeout: float = 0.25) -> Iterator[Desk]:
        """The Desk for a short call on the GUI thread; ``Busy`` if a worker holds it."""
        if not self.lock.acquire(timeout=timeout):
            raise Busy()
        try:
            yield self.desk
        finally:
            self.lock.release()

    @contextmanager
    def worker(self) -> Iterator[Desk]:
        """The Desk for a worker thread: waits for the GUI's short calls to finish."""
        with self.lock:
            yield self.desk

    def fingerprint(self) -> str:
        if self._fingerprint is None:
            with self.gui() as _:
                self._fingerprint = self.vault.fingerprint
        return self._fingerprint

    def close(self) -> None:
        """Lock: every key this session holds is dropped (the Vault forgets them)."""
        with self.lock:
            self.vault.close()
