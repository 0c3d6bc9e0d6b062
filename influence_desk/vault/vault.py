"""Create, open, lock and administer a vault folder ``NAME.idvault/``.

The order of writes is what makes a killed process harmless:

* create: notes.db (with genesis) first, vault.json last — no vault.json, no vault.
* add slot / change passphrase: the signed history entry commits first, then vault.json is
  replaced atomically (temp file, fsync, rename), the new slot written before the old goes.
* remove slot: vault.json first (the person can no longer unlock), then the history entry.
* rekey: the history entry, then a full copy of notes.db under the new key
  (``notes.db.rekey``), then vault.json with every slot's shared layer resealed (the commit
  point), then the rename. Opening finishes or discards a half-done rekey by trying keys.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from influence_desk import crypto
from influence_desk.crypto import KdfParams
from influence_desk.errors import BadInput, NotPermitted
from influence_desk.history import (
    Entry,
    HistoryWriter,
    Replay,
    Signer,
    VerifyReport,
    replay,
    slot_content,
)
from influence_desk.local_settings import SlotMemory
from influence_desk.model import PseudonymStyle, Role
from influence_desk.passphrase_policy import check_new_passphrase
from influence_desk.progress import CancelFlag, ProgressCallback, no_progress
from influence_desk.store import Store
from influence_desk.vault import maintenance, people, unlocking, verification
from influence_desk.vault import slots as slotlib
from influence_desk.vault.database import (
    check_database_belongs,
    check_signed_schema,
    resolve_database,
    run_migrations,
)
from influence_desk.vault.format import (
    VAULT_FILE,
    SlotRecord,
    VaultFile,
    read_vault_file,
    update_vault_file,
    write_vault_file,
)
from influence_desk.vault.layout import (
    BACKUPS,
    BACKUPS_KEPT,
    DB_NAME,
    FULL_CHECK_BYTES,
    OBJECT_TABLES,
    REKEY_NAME,
    SUFFIX,
)
from influence_desk.vault.lock import WriterLock
from influence_desk.vault.people import SlotInfo, check_label
from influence_desk.vault.unlocking import AttemptCallback

# Names other modules import from here (the folder's layout, the slot list's rows).
__all__ = [
    "BACKUPS",
    "BACKUPS_KEPT",
    "DB_NAME",
    "FULL_CHECK_BYTES",
    "OBJECT_TABLES",
    "REKEY_NAME",
    "SUFFIX",
    "SlotInfo",
    "Vault",
    "is_vault",
    "pages_checked_on_open",
    "vault_path",
]

def pages_checked_on_open(db: Path) -> bool:
    """Whether opening reads every page by default: databases up to ``FULL_CHECK_BYTES``
    (larger ones get the same check from ``check_pages`` after opening)."""
    return db.stat().st_size <= FULL_CHECK_BYTES


def vault_path(path: Path | str) -> Path:
    """Vault folders end in .idvault; add it when the user left it off."""
    p = Path(path).expanduser()
    return p if p.name.endswith(SUFFIX) else p.with_name(p.name + SUFFIX)


def is_vault(folder: Path) -> bool:
    """Whether ``folder`` holds a vault (its vault.json), before anything is read from it."""
    return (folder / VAULT_FILE).is_file()


def _fingerprint(genesis_hash: str) -> str:
    short = genesis_hash[:16].upper()
    return " ".join(short[i : i + 4] for i in range(0, 16, 4))


class Vault:
    """An unlocked vault. ``close()`` drops every key this object holds."""

    def __init__(
        self,
        path: Path,
        file: VaultFile,
        slot: SlotRecord,
        payload: slotlib.SlotPayload,
        store: Store,
        lock: WriterLock | None,
    ) -> None:
        self.path = path
        self.file = file
        self.slot_id = slot.id
        self.role = slot.role
        self._payload: slotlib.SlotPayload | None = payload
        self.store: Store | None = store
        self._lock = lock
        self._signing = (
            Ed25519PrivateKey.from_private_bytes(payload.signing_key)
            if payload.signing_key
            else None
        )
        self._identity = (
            X25519PrivateKey.from_private_bytes(payload.identity_key)
            if payload.identity_key
            else None
        )
        self.history = HistoryWriter(store, file.vault_id, self._signing) if self._signing else None
        self._signers = self._replay_signers()
        self._readers: set[Store] = set()
        # What holds plaintext the keys opened in memory (the Desk's names): gone at lock.
        self._on_close: set[Callable[[Vault], None]] = set()

    # --- creating and opening ---------------------------------------------------------

    @classmethod
    def create(
        cls,
        path: Path | str,
        *,
        label: str,
        passphrase: str,
        pseudonym_style: PseudonymStyle = PseudonymStyle.CODENAME,
        kdf: KdfParams | None = None,
        slot_memory: SlotMemory | None = None,
    ) -> Vault:
        folder = vault_path(path)
        check_label(label)
        check_new_passphrase(passphrase, [label, folder.name.removesuffix(SUFFIX)])
        if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
            raise BadInput(f"{folder} already exists; choose a new name for the vault.")
        if not folder.parent.is_dir():
            raise BadInput(f"The folder {folder.parent} does not exist.")
        folder.mkdir(mode=0o700, exist_ok=True)
        (folder / BACKUPS).mkdir(mode=0o700, exist_ok=True)
        lock = WriterLock(folder)
        lock.acquire()
        try:
            vault_id = str(uuid.uuid4())
            signing = crypto.new_signing_key()
            identity = crypto.new_identity_key()
            shared = slotlib.SharedKeys(crypto.random_key(), crypto.private_raw(identity))
            slot_id = slotlib.new_slot_id()
            record = slotlib.wrap_slot(
                vault_id, slot_id, label, Role.LEAD, passphrase, shared,
                crypto.private_raw(signing), kdf or crypto.calibrate(),
            )  # fmt: skip
            store = Store.open(folder / DB_NAME, shared.data_key, read_only=False, create=True)
            try:
                writer = HistoryWriter(store, vault_id, signing)
                signing_public = crypto.public_raw(signing)
                assert store.schema is not None  # a new notes.db: the current schema
                with store.transaction():
                    writer.append(
                        "vault.create",
                        f"slot:{slot_id}",
                        slot_content(slot_id, label, Role.LEAD.value, signing_public),
                        {
                            "vault_id": vault_id,
                            "slot_id": slot_id,
                            "label": label,
                            "role": Role.LEAD.value,
                            "signing_key": signing_public.hex(),
                            "identity_public": crypto.public_raw(identity).hex(),
                            "schema": store.schema.signed_content(),
                        },
                    )
                    store.set_meta("vault_id", vault_id)
                    store.set_meta("identity_public", crypto.public_raw(identity).hex())
                    store.set_meta("pseudonym_style", PseudonymStyle(pseudonym_style).value)
                    from influence_desk.sync.settings_merge import digests

                    table = store.all_meta()  # (digests signed for merges: sync/settings_merge.py)
                    writer.append("vault.settings", "vault:meta", table,
                                  {"digests": digests(table)})  # fmt: skip
            finally:
                store.close()
            write_vault_file(folder, VaultFile(vault_id, (record,)))
        finally:
            lock.release()
        return cls.open(folder, passphrase, slot_hint=slot_id, slot_memory=slot_memory)

    @classmethod
    def open(
        cls,
        path: Path | str,
        passphrase: str,
        *,
        slot_hint: str | None = None,
        check_pages: bool | None = None,
        slot_memory: SlotMemory | None = None,
        on_attempt: AttemptCallback | None = None,
        cancel: CancelFlag | None = None,
        read_only: bool = False,
    ) -> Vault:
        """Unlock with ``passphrase``. ``check_pages``: read every page of notes.db now
        (MACs and structure). ``None`` (the default) does so for databases up to
        ``FULL_CHECK_BYTES``; larger ones open at once and get the same check from
        ``check_pages()`` (the app runs it in a worker right after unlock) and ``verify``.

        ``slot_memory``: try the slot that last opened this vault here first (unless
        ``slot_hint`` names one), and remember the one that opens it. ``on_attempt`` hears of
        each slot before its derivation; ``cancel`` is checked between them.

        ``read_only``: open as a reader even with a writer's slot (``verify`` does: a vault
        whose schema was changed is refused for writing but can still be verified).
        A writer whose vault's schema differs from the one this app makes gets
        ``SchemaChanged`` before anything is written; a reader gets ``schema_warnings``.
        A writer upgrades an older schema, each migration a signed history entry."""
        folder = Path(path).expanduser()
        if not folder.is_dir():
            raise BadInput(f"There is no vault at {folder}.")
        file = read_vault_file(folder)
        if slot_hint is None and slot_memory is not None:
            slot_hint = slot_memory.slot_for(file.vault_id)
        record, payload = unlocking.unlock(file, passphrase, slot_hint, on_attempt, cancel)
        if slot_memory is not None:
            slot_memory.remember(file.vault_id, record.id)
        lock: WriterLock | None = None
        read_only = read_only or record.role is Role.AUDITOR
        if not read_only:
            lock = WriterLock(folder)
            lock.acquire()
        try:
            db = resolve_database(folder, payload.data_key, may_repair=not read_only)
            store = Store.open(db, payload.data_key, read_only=read_only)
        except BaseException:
            if lock:
                lock.release()
            raise
        try:
            if check_pages is None:
                check_pages = pages_checked_on_open(store.path)
            check_database_belongs(store, file, payload, check_pages)
            check_signed_schema(store)
            vault = cls(folder, file, record, payload, store, lock)
        except BaseException:
            store.close()
            if lock:
                lock.release()
            raise
        try:
            run_migrations(store, vault.writer)
            return vault
        except BaseException:
            store.close()
            if lock:
                lock.release()
            raise

    @property
    def schema_warnings(self) -> list[str]:
        """How notes.db's schema differs from the one this app makes (readers only: a
        writer would have been refused). Each names the object; ``verify`` reports them."""
        store = self._store()
        return [str(d) for d in store.schema_differences]

    def check_pages(self) -> list[str]:
        """Every page's MAC and the b-tree structure (what open skips for big vaults).

        Runs on its own read-only connection, so a worker can run it (seconds on a big
        vault) while the app keeps using the vault; ``close()`` interrupts it."""
        with self._beside() as reader:
            return reader.quick_problems()

    def verify_beside(
        self, progress: ProgressCallback = no_progress, cancel: CancelFlag | None = None
    ) -> VerifyReport:
        """``verify`` on its own read-only connection, so a worker can run it while the app
        goes on writing (an export does). It sees what was committed as it read: a caller
        that needs it to describe one state compares ``checkpoint()`` before and after (every
        commit appends a history entry). ``close()`` interrupts it."""
        with self._beside() as reader:
            return self.over_database(reader).verify(progress=progress, cancel=cancel)

    @contextlib.contextmanager
    def _beside(self) -> Iterator[Store]:
        """A read-only connection of its own, in ``_readers`` (``close()`` interrupts it)."""
        reader = Store.open(self._store().path, self._shared().data_key, read_only=True)
        reader.interruptible()
        self._readers.add(reader)
        try:
            yield reader
        finally:
            self._readers.discard(reader)
            reader.close()

    def close(self) -> None:
        """Lock: close notes.db, release the writer lock, forget every key."""
        for reader in list(self._readers):
            reader.interrupt()  # a page check in a worker stops at once
        if self.store is not None:
            self.store.close()
            self.store = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None
        self._payload = None
        self._signing = None
        self._identity = None
        self.history = None
        for forget in list(self._on_close):
            forget(self)
        self._on_close.clear()

    def on_close(self, forget: Callable[[Vault], None]) -> None:
        """``forget(vault)`` runs at lock: what was read with the keys and kept in memory
        (real names, the matcher) must not outlive them, whoever still holds this object."""
        self._on_close.add(forget)

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- what this person may do ----------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self._payload is not None

    @property
    def vault_id(self) -> str:
        return self.file.vault_id

    @property
    def can_write(self) -> bool:
        read_only = self.store is not None and self.store.read_only
        return self._signing is not None and self.role is not Role.AUDITOR and not read_only

    @property
    def can_reveal(self) -> bool:
        return self._identity is not None

    @property
    def is_lead(self) -> bool:
        """A lead is whoever history trusts as one, never whoever a label says."""
        if self._signing is None:
            return False
        signer = self._signers.trusted.get(crypto.key_id(crypto.public_raw(self._signing)))
        return signer is not None and signer.role == Role.LEAD.value

    @property
    def identity_key(self) -> X25519PrivateKey:
        if self._identity is None:
            raise NotPermitted("Only researchers and leads can see who a source really is.")
        return self._identity

    @property
    def identity_public(self) -> bytes:
        return bytes.fromhex(self._signers.identity_public)

    @property
    def fingerprint(self) -> str:
        genesis = self._store().history_rows(1, newest_first=False)
        return _fingerprint(Entry.from_row(genesis[0]).entry_hash) if genesis else "unknown"

    def checkpoint(self) -> str:
        """``SEQ:HASH`` of this replica's newest entry (its number on this replica): its hash
        covers the heads of every replica it had seen, so it names all of that history."""
        head = self._store().own_head_row()
        return "0:" + "0" * 64 if head is None else Entry.from_row(head).checkpoint

    def writer(self) -> HistoryWriter:
        """The history writer; refuses anyone who holds no signing key."""
        if self.history is None or self._store().read_only:
            raise NotPermitted("This vault is open read-only; auditors cannot change anything.")
        return self.history

    @property
    def signer_trusted(self) -> bool:
        """Does this vault's own history trust my signing key (now)?"""
        if self._signing is None:
            return False
        return crypto.key_id(crypto.public_raw(self._signing)) in self._signers.trusted

    @property
    def trusted_signers(self) -> dict[str, Signer]:
        """Who history trusts now, by key id (sync refuses entries signed by anyone else)."""
        return dict(self._signers.trusted)

    def over_database(self, store: Store) -> Vault:
        """My keys over another database of this vault (a backup's working copy), with that
        database's own history and signers and no writer lock (the caller holds this
        vault's). Closing it closes ``store`` only."""
        record = self.file.slot(self.slot_id)
        if self._payload is None or record is None:
            raise NotPermitted("The vault is locked.")
        return Vault(self.path, self.file, record, self._payload, store, None)

    def require_lead(self) -> None:
        self.writer()
        if not self.is_lead:
            raise NotPermitted("Only a lead can manage who has access to this vault.")

    def _store(self) -> Store:
        if self.store is None:
            raise NotPermitted("The vault is locked.")
        return self.store

    def _shared(self) -> slotlib.SharedKeys:
        if self._payload is None:
            raise NotPermitted("The vault is locked.")
        return self._payload.shared

    def verify_signers(self) -> dict[str, Signer]:
        """Every key that ever signed validly, by key id (for showing who did what)."""
        return dict(self._signers.ever)

    def _replay_signers(self) -> Replay:
        """Who is trusted now. Only slot entries (genesis, slot.add, slot.remove, ...) change
        that, so only they are replayed: replaying every entry made each open cost ~0.15 ms
        per history entry (seconds on a grown vault). ``verify`` still replays everything."""
        return replay(self._slot_entries(), self.file.vault_id)

    def _slot_entries(self) -> Iterator[Entry]:
        return (Entry.from_row(row) for row in self._store().history_of_objects("slot:"))

    # --- people (vault/people.py) -------------------------------------------------------

    def list_slots(self) -> list[SlotInfo]:
        return people.list_slots(self)

    def add_slot(
        self, role: Role, label: str, passphrase: str, kdf: KdfParams | None = None
    ) -> SlotRecord:
        return people.add_slot(self, role, label, passphrase, kdf)

    def remove_slot(self, slot_id: str) -> None:
        people.remove_slot(self, slot_id)

    def change_passphrase(self, new_passphrase: str, kdf: KdfParams | None = None) -> None:
        people.change_passphrase(self, new_passphrase, kdf)

    # --- keys and copies (vault/maintenance.py) ---------------------------------------

    def rekey(
        self, progress: ProgressCallback = no_progress, cancel: CancelFlag | None = None
    ) -> None:
        """New data key; every remaining slot resealed; old backups re-encrypted."""
        maintenance.rekey(self, progress, cancel)

    def backup(self, keep: int = BACKUPS_KEPT) -> Path:
        """An encrypted snapshot in backups/ (same data key); the newest ``keep`` are kept."""
        return maintenance.backup(self, keep)

    # --- verification (vault/verification.py) -----------------------------------------

    def verify(
        self,
        checkpoint: tuple[int, str] | None = None,
        progress: ProgressCallback = no_progress,
        cancel: CancelFlag | None = None,
    ) -> VerifyReport:
        return verification.verify(self, checkpoint, progress, cancel)

    def _update_file(
        self, change: Callable[[VaultFile], VaultFile], operation: str | None = None
    ) -> None:
        """vault.json changed as it is on disk now (``format.update_vault_file``)."""
        self.file = update_vault_file(self.path, self.vault_id, change, operation)
