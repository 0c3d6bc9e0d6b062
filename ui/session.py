"""An unlocked vault as the window sees it: the Vault, its Desk, its Administration (people,
passphrases, history, verify), and who is using it. Only this module holds the Vault; the
pages call the Desk and the Administration (tests/ui/test_ui_boundary.py).

The core's Store is one SQLCipher connection used by one thread at a time, so every call
into the Desk or the Administration goes through ``session.lock``. Workers wait for it; the
GUI thread only tries briefly (``gui()``) and shows "busy" instead of freezing when a long
job holds it.
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
    from influence_desk.admin import Administration
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
        from influence_desk.admin import Administration

        self.vault = vault
        self.desk = desk
        self.admin: Administration = Administration(vault)
        self.lock = threading.RLock()
        self.path = Path(vault.path)
        self.vault_id = str(vault.vault_id)  # this computer's sync settings are kept by it
        self.role = Role(vault.role)
        self.can_write = bool(vault.can_write)
        self.can_reveal = bool(vault.can_reveal)
        self.label = self.admin.my_label
        self._fingerprint: str | None = None

    @property
    def is_open(self) -> bool:
        """False once locked (the keys are gone)."""
        return bool(self.vault.is_open)

    @property
    def read_only(self) -> bool:
        return not self.can_write

    @property
    def name(self) -> str:
        from influence_desk.vault.layout import display_name

        return display_name(self.path)

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

    @contextmanager
    def gui_admin(self, timeout: float = 0.25) -> Iterator[Administration]:
        """The Administration for a short call on the GUI thread; ``Busy`` as ``gui()``."""
        with self.gui(timeout):
            yield self.admin

    @contextmanager
    def worker_admin(self) -> Iterator[Administration]:
        """The Administration for a worker thread (waits like ``worker()``)."""
        with self.lock:
            yield self.admin

    def fingerprint(self) -> str:
        if self._fingerprint is None:
            with self.gui_admin() as admin:
                self._fingerprint = admin.fingerprint
        return self._fingerprint

    def close(self) -> None:
        """Lock: every key this session holds is dropped (the Vault forgets them)."""
        with self.lock:
            self.vault.close()
