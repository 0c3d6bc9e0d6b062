"""What the app's administration pages need from an open vault, behind one facade: the people
with access, your own passphrase, rekey, the signed history page by page, the checkpoint,
verify, and whether the database still needs its page check.

The UI calls this and the Desk, and nothing below them: it never sees the Store, vault.json
or the key slots (tests/ui/test_ui_boundary.py). Locking is the caller's: the app holds its
session lock around every call, as it does for the Desk.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from influence_desk.checkpoints import (
    CheckpointCheck,
    check_checkpoint,
    check_replicated_checkpoint,
)
from influence_desk.errors import NotPermitted, WrongPassphrase
from influence_desk.history import Entry, Signer, VerifyReport
from influence_desk.progress import CancelFlag, ProgressCallback, no_progress

if TYPE_CHECKING:
    from influence_desk.crypto import KdfParams
    from influence_desk.model import Role
    from influence_desk.store import Store
    from influence_desk.vault.vault import SlotInfo, Vault


@dataclass(frozen=True)
class ReplicaInfo:
    """One replica of the vault as its history names it: its id, the key id that signed
    its first entry (whose laptop it is, in practice), and whether it is this copy."""

    replica_id: str
    first_signer: str
    mine: bool

    @property
    def short_id(self) -> str:
        return self.replica_id[:8]


class Administration:
    def __init__(self, vault: Vault) -> None:
        self._vault = vault

    def _store(self) -> Store:
        store = self._vault.store
        if store is None:
            raise NotPermitted("The vault is locked.")
        return store

    # --- who you are ------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self._vault.is_open

    @property
    def is_lead(self) -> bool:
        return bool(self._vault.is_lead)

    @property
    def my_label(self) -> str:
        """The label of the key slot this vault was unlocked with ("" if it is gone)."""
        slot = self._vault.file.slot(self._vault.slot_id)
        return slot.label if slot is not None else ""

    @property
    def fingerprint(self) -> str:
        return self._vault.fingerprint

    # --- people with access -------------------------------------------------------------

    def people(self) -> list[SlotInfo]:
        return self._vault.list_slots()

    def add_person(
        self, role: Role, label: str, passphrase: str, kdf: KdfParams | None = None
    ) -> None:
        self._vault.add_slot(role, label, passphrase, kdf=kdf)

    def remove_person(self, slot_id: str) -> None:
        self._vault.remove_slot(slot_id)

    def rekey(
        self, progress: ProgressCallback = no_progress, cancel: CancelFlag | None = None
    ) -> None:
        self._vault.rekey(progress=progress, cancel=cancel)

    # --- your own passphrase ------------------------------------------------------------

    def check_my_passphrase(self, passphrase: str) -> None:
        """``WrongPassphrase`` unless ``passphrase`` opens your own key slot (one Argon2id
        derivation): asked before a change, so a borrowed unlocked laptop is not enough."""
        from influence_desk.vault import slots

        record = self._vault.file.slot(self._vault.slot_id)
        if record is None:
            raise NotPermitted("Your key slot has been removed from this vault.")
        if not slots.passphrase_fits(record, passphrase)[0]:
            raise WrongPassphrase("That is not your current passphrase.")

    def change_my_passphrase(self, new_passphrase: str, kdf: KdfParams | None = None) -> None:
        self._vault.change_passphrase(new_passphrase, kdf=kdf)

    # --- history ------------------------------------------------------------------------

    def checkpoint(self) -> str:
        return self._vault.checkpoint()

    def history_total(self) -> int:
        return self._store().history_count()

    def history_page(self, offset: int, limit: int) -> list[Entry]:
        """``limit`` entries from the ``offset``-th newest on, newest first."""
        rows = self._store().history_rows(limit, offset=offset, newest_first=True)
        return [Entry.from_row(row) for row in rows]

    def replicas(self) -> dict[str, ReplicaInfo]:
        """Every replica with an entry here, by replica id (history's ``Entry.replica``)."""
        store = self._store()
        me = store.local_replica()
        found: dict[str, ReplicaInfo] = {}
        for replica_id in store.replicas():
            found[replica_id] = ReplicaInfo(
                replica_id, store.replica_first_actor(replica_id) or "", replica_id == me
            )
        return found

    def check_checkpoint(self, text: str) -> CheckpointCheck:
        """Malformed, unknown, confirmed or contradicted: ``text`` against the stored entry
        of its number (influence_desk.checkpoints); nothing is verified yet."""
        store = self._store()
        head = store.history_head()
        vault_id = self._vault.vault_id

        def hash_of(seq: int) -> str | None:
            rows = store.history_rows(1, offset=seq - 1, newest_first=False)
            entry = Entry.from_row(rows[0]) if rows else None
            if entry is None and not (head and seq <= head[0]):
                return None  # newer than this history
            # Rows are numbered 1.. without gaps: a row missing or renumbered below the head,
            # or one whose content does not give its stored hash (whoever altered the file
            # wrote that), confirms nothing and makes no checkpoint "mistyped": it
            # contradicts (a tampered history is never a typo, nor an older copy).
            # A v2 entry's hash covers its chain number, not the row's: both must agree.
            if entry is None or entry.seq != seq or entry.number != seq:
                return ""
            return entry.entry_hash if entry.computed_hash(vault_id) == entry.entry_hash else ""

        if len(store.replicas()) > 1:  # several chains: its number is on the printer's

            def hashes_of(number: int) -> list[str]:
                found = []
                for row in store.rows_numbered(number):
                    entry = Entry.from_row(row)
                    intact = entry.computed_hash(vault_id) == entry.entry_hash
                    found.append(entry.entry_hash if intact else "")
                return found

            return check_replicated_checkpoint(text, hashes_of, store.names_as_seen)
        return check_checkpoint(text, hash_of, head[0] if head else 0)

    def signers(self) -> dict[str, Signer]:
        """Every key that ever signed validly, by key id (who did what)."""
        return self._vault.verify_signers()

    def verify(
        self,
        against: tuple[int, str] | None = None,
        *,
        progress: ProgressCallback = no_progress,
        cancel: CancelFlag | None = None,
    ) -> VerifyReport:
        return self._vault.verify(against, progress=progress, cancel=cancel)

    # --- the page check ---------------------------------------------------------------

    def page_check_pending(self) -> bool:
        """Opening skipped reading every page (a big database): run ``check_pages`` now."""
        from influence_desk.vault.vault import pages_checked_on_open

        return not pages_checked_on_open(self._store().path)

    def check_pages(self) -> list[str]:
        """Every page's MAC and the structure, on its own read-only connection (a worker may
        run it without the session lock; locking the vault interrupts it)."""
        return self._vault.check_pages()
