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
import os
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from influence_desk import crypto, killpoints, schema, search_index, versions
from influence_desk.canonical import content_hash
from influence_desk.crypto import KdfParams
from influence_desk.durable import fsync_path
from influence_desk.errors import BadInput, NotPermitted, SchemaChanged, VaultDamaged
from influence_desk.history import (
    MIGRATE_ACTION,
    SCHEMA_OBJECT,
    Entry,
    HistoryWriter,
    Problem,
    Replay,
    Signer,
    VerifyReport,
    read_entries,
    replay,
    signed_schema,
    slot_content,
)
from influence_desk.local_settings import SlotMemory
from influence_desk.model import PseudonymStyle, Role
from influence_desk.passphrase_policy import check_new_passphrase
from influence_desk.progress import CancelFlag, ProgressCallback, no_progress
from influence_desk.schema import SchemaDifference
from influence_desk.store import Store, probe_key, rekey_file
from influence_desk.taxonomy import load_taxonomy
from influence_desk.vault import slots as slotlib
from influence_desk.vault import unlocking
from influence_desk.vault.format import (
    VAULT_FILE,
    SlotRecord,
    VaultFile,
    read_vault_file,
    write_vault_file,
)
from influence_desk.vault.lock import WriterLock, vault_file_lock
from influence_desk.vault.unlocking import AttemptCallback

SUFFIX = ".idvault"
DB_NAME = "notes.db"
REKEY_NAME = "notes.db.rekey"
BACKUPS = "backups"
BACKUPS_KEPT = 10
# Reading every page costs ~6-20 ms per MB here: at open only while that stays small.
FULL_CHECK_BYTES = 8 * 1024 * 1024
# The tables Store.live_objects reads (verify reads them only when they are as this app
# makes them).
OBJECT_TABLES = ("meta", "events", "organisations", "sources", "notes", "note_texts",
                 "note_organisations", "note_sources", "note_tags", "name_reviews",
                 "note_versions")  # fmt: skip


@dataclass(frozen=True)
class SlotInfo:
    id: str
    label: str
    role: Role
    added_by: str
    added_at: str
    is_me: bool


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
        _check_label(label)
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
                    writer.append("vault.settings", "vault:meta", store.all_meta())
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
            db = _resolve_database(folder, payload.data_key, may_repair=not read_only)
            store = Store.open(db, payload.data_key, read_only=read_only)
        except BaseException:
            if lock:
                lock.release()
            raise
        try:
            _check_database_belongs(store, file, payload, check_pages)
            _check_signed_schema(store)
            vault = cls(folder, file, record, payload, store, lock)
        except BaseException:
            store.close()
            if lock:
                lock.release()
            raise
        try:
            vault._run_migrations()
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

    def _run_migrations(self) -> None:
        """Bring an older schema to this app's version: each migration in one transaction
        with its signed ``vault.migrate`` entry, so history says how the schema changed."""
        store = self._store()
        pending = store.pending_migrations()
        if not pending:
            return
        writer = self.writer()
        for target in pending:
            with store.transaction():
                new = store.migrate(target)
                writer.append(
                    MIGRATE_ACTION, SCHEMA_OBJECT, new.signed_content(),
                    {"from": target, "to": target + 1, "schema_sha256": new.digest},
                )  # fmt: skip

    def check_pages(self) -> list[str]:
        """Every page's MAC and the b-tree structure (what open skips for big vaults).

        Runs on its own read-only connection, so a worker can run it (seconds on a big
        vault) while the app keeps using the vault; ``close()`` interrupts it."""
        reader = Store.open(self._store().path, self._shared().data_key, read_only=True)
        reader.interruptible()
        self._readers.add(reader)
        try:
            return reader.quick_problems()
        finally:
            self._readers.discard(reader)
            reader.close()

    def verify_beside(
        self, progress: ProgressCallback = no_progress, cancel: CancelFlag | None = None
    ) -> VerifyReport:
        """``verify`` on its own read-only connection, so a worker can run it while the app
        goes on writing (an export does). It sees what was committed as it read: a caller
        that needs it to describe one state compares ``checkpoint()`` before and after (every
        commit appends a history entry). ``close()`` interrupts it."""
        reader = Store.open(self._store().path, self._shared().data_key, read_only=True)
        reader.interruptible()
        self._readers.add(reader)
        try:
            return self.over_database(reader).verify(progress=progress, cancel=cancel)
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
        head = self._store().history_head()
        return "0:" + "0" * 64 if head is None else f"{head[0]}:{head[1]}"

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

    # --- people -------------------------------------------------------------------------

    def list_slots(self) -> list[SlotInfo]:
        added: dict[str, tuple[str, str]] = {}
        labels = {s.slot_id: s.label for s in self._signers.ever.values()}
        for entry in self._slot_entries():
            if entry.action in ("vault.create", "slot.add"):
                by = self._signers.ever.get(entry.actor)
                added[str(entry.payload.get("slot_id", ""))] = (
                    labels.get(by.slot_id, by.label) if by else "unknown",
                    entry.at,
                )
        return [
            SlotInfo(s.id, s.label, s.role, *added.get(s.id, ("unknown", "")), s.id == self.slot_id)
            for s in self.file.slots
        ]

    def add_slot(
        self, role: Role, label: str, passphrase: str, kdf: KdfParams | None = None
    ) -> SlotRecord:
        self.require_lead()
        _check_label(label)
        check_new_passphrase(passphrase, [label])
        if any(s.label == label for s in self.file.slots):
            raise BadInput(
                f"Someone is already called '{label}' in this vault; pick another label."
            )
        signing = None if role is Role.AUDITOR else crypto.new_signing_key()
        signing_public = crypto.public_raw(signing) if signing else None
        slot_id = slotlib.new_slot_id()
        record = slotlib.wrap_slot(
            self.vault_id, slot_id, label, role, passphrase, self._shared(),
            crypto.private_raw(signing) if signing else None, kdf or crypto.calibrate(),
        )  # fmt: skip
        store = self._store()
        with store.transaction():
            self.writer().append(
                "slot.add",
                f"slot:{slot_id}",
                slot_content(slot_id, label, role.value, signing_public),
                {"slot_id": slot_id, "label": label, "role": role.value,
                 "signing_key": signing_public.hex() if signing_public else None},
            )  # fmt: skip

        def added(current: VaultFile) -> VaultFile:
            slots = (*current.slots, record)
            unlocking.check_room(slots)
            return replace(current, slots=slots)

        unlocking.check_room((*self.file.slots, record))  # before history records it
        self._update_file(added)
        self._signers = self._replay_signers()
        return record

    def remove_slot(self, slot_id: str) -> None:
        self.require_lead()
        if self.file.slot(slot_id) is None:
            raise BadInput(f"This vault has no key slot {slot_id}.")

        def without(current: VaultFile) -> VaultFile:
            remaining = tuple(s for s in current.slots if s.id != slot_id)
            if not any(s.role is Role.LEAD for s in remaining):
                raise BadInput("That would leave the vault without a lead; add another lead first.")
            return replace(current, slots=remaining)

        self._update_file(without)
        store = self._store()
        with store.transaction():
            self.writer().append("slot.remove", f"slot:{slot_id}", None, {"slot_id": slot_id})
        self._signers = self._replay_signers()

    def change_passphrase(self, new_passphrase: str, kdf: KdfParams | None = None) -> None:
        if self._payload is None:
            raise NotPermitted("The vault is locked.")
        old = self.file.slot(self.slot_id)
        if old is None:
            raise VaultDamaged("Your key slot is no longer in vault.json.")
        check_new_passphrase(new_passphrase, [old.label])
        record = slotlib.wrap_slot(
            self.vault_id, old.id, old.label, old.role, new_passphrase, self._shared(),
            self._payload.signing_key, kdf or crypto.calibrate(), slot_key=self._payload.slot_key,
        )  # fmt: skip
        unlocking.check_room(tuple(record if s.id == old.id else s for s in self.file.slots))
        if self.history is not None:
            store = self._store()
            with store.transaction():
                self.history.append("slot.passphrase", f"slot:{old.id}", None, {"slot_id": old.id})

        def swapped(current: VaultFile) -> VaultFile:
            mine = current.slot(old.id)
            if mine is None:
                raise NotPermitted("Your key slot has been removed from this vault.")
            # Keep the shared layer on disk: a lead may have rekeyed since we opened, and
            # ours would still hold the old data key.
            new = replace(record, shared=mine.shared)
            slots = tuple(new if s.id == old.id else s for s in current.slots)
            unlocking.check_room(slots)
            return replace(current, slots=slots)

        self._update_file(swapped, operation="passwd")

    def rekey(
        self, progress: ProgressCallback = no_progress, cancel: CancelFlag | None = None
    ) -> None:
        """New data key; every remaining slot resealed; old backups re-encrypted."""
        self.require_lead()
        store = self._store()
        old_key = self._shared().data_key
        new_shared = slotlib.SharedKeys(crypto.random_key(), self._shared().identity_key)
        backups = sorted((self.path / BACKUPS).glob("*.db"))
        total = 3 + len(backups)
        progress(0, total)
        target = self.path / REKEY_NAME
        target.unlink(missing_ok=True)
        with store.transaction():
            self.writer().append("vault.rekey", "vault:keys", None, {"slots": len(self.file.slots)})
        if cancel:
            cancel.check()
        store.export_rekeyed(target, new_shared.data_key)
        fsync_path(target)
        progress(1, total)
        store.close()
        self.store = None
        self._update_file(  # the commit point
            lambda current: replace(
                current,
                slots=tuple(
                    slotlib.reseal_shared(self.vault_id, s, new_shared) for s in current.slots
                ),
            ),
            operation="rekey",
        )
        killpoints.before_commit("rekey.install")
        _install_rekeyed(self.path)
        killpoints.after_commit("rekey.install")
        progress(2, total)
        assert self._payload is not None
        self._payload = slotlib.SlotPayload(
            new_shared, self._payload.signing_key, self._payload.slot_key
        )
        self.store = Store.open(self.path / DB_NAME, new_shared.data_key, read_only=False)
        if self._signing is not None:
            self.history = HistoryWriter(self.store, self.vault_id, self._signing)
        for done, backup in enumerate(backups, start=3):
            with contextlib.suppress(VaultDamaged):
                rekey_file(backup, old_key, new_shared.data_key)
            progress(done, total)
        progress(total, total)

    def backup(self, keep: int = BACKUPS_KEPT) -> Path:
        """An encrypted snapshot in backups/ (same data key); the newest ``keep`` are kept."""
        self.writer()
        store = self._store()
        folder = self.path / BACKUPS
        folder.mkdir(mode=0o700, exist_ok=True)
        # A backup killed mid-way leaves its partial copy (and SQLite's journal of it) behind;
        # we hold the writer lock, so no other backup is running and they are garbage.
        for stale in folder.glob(".notes-*.partial*"):
            stale.unlink(missing_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        final = folder / f"notes-{stamp}.db"
        partial = folder / f".notes-{stamp}.partial"
        try:
            store.vacuum_into(partial)
            fsync_path(partial)
            killpoints.before_commit("backup")
            os.replace(partial, final)
            fsync_path(folder)
            killpoints.after_commit("backup")
        finally:
            partial.unlink(missing_ok=True)
        for old in sorted(folder.glob("notes-*.db"))[:-keep]:
            old.unlink()
        return final

    # --- verification ---------------------------------------------------------------------

    def verify(
        self,
        checkpoint: tuple[int, str] | None = None,
        progress: ProgressCallback = no_progress,
        cancel: CancelFlag | None = None,
    ) -> VerifyReport:
        store = self._store()
        total = store.history_count()
        # SQLite's page and structure checks, and the search index rebuilt from the stored
        # notes, run on read-only connections in threads (SQLite releases the GIL) while
        # history is replayed here.
        key = self._shared().data_key
        with ThreadPoolExecutor(max_workers=2) as pool:
            integrity = pool.submit(_integrity_problems, store.path, key)
            derived = pool.submit(_index_problems, store.path, key, cancel)
            report = self._verify_history(store, checkpoint, total, progress, cancel)
            report.problems += derived.result()
            report.problems += [Problem("notes.db", p) for p in integrity.result()]
        report.ok = not report.problems
        return report

    def _verify_history(
        self,
        store: Store,
        checkpoint: tuple[int, str] | None,
        total: int,
        progress: ProgressCallback,
        cancel: CancelFlag | None,
    ) -> VerifyReport:
        state = replay(
            read_entries(store), self.vault_id, checkpoint=checkpoint, total=total,
            progress=progress, cancel=cancel,
        )  # fmt: skip
        problems = list(state.problems)
        actual = store.current_schema()
        problems += _schema_problems(actual, state)
        live_in_db: dict[str, str] = {}
        if not schema.intact(actual, OBJECT_TABLES):
            problems.append(Problem("stored objects", "were not compared: the tables that hold "
                                    "them differ from the ones this app makes"))  # fmt: skip
            live_in_db = dict(state.live)  # named above; not each reported missing again
        else:
            for object_id, content in store.live_objects():
                live_in_db[object_id] = content_hash(content)
            problems += versions.check_versions(store)
        if SCHEMA_OBJECT in state.live:
            live_in_db[SCHEMA_OBJECT] = content_hash(actual.signed_content())
        for object_id, digest in live_in_db.items():
            expected = state.live.get(object_id)
            if expected is None:
                problems.append(
                    Problem(object_id, "exists but history never created it, or deleted it")
                )
            elif expected != digest:
                problems.append(Problem(object_id, "was changed outside the signed history"))
        for object_id in state.live:
            if object_id.startswith("slot:"):
                continue
            if object_id not in live_in_db:
                problems.append(Problem(object_id, "was deleted outside the signed history"))
        for record in self.file.slots:
            if state.live.get(f"slot:{record.id}") is None:
                problems.append(
                    Problem(
                        f"key slot '{record.label}'",
                        "is in vault.json but not in the signed history",
                    )
                )
            elif state.slot_labels.get(record.id) != record.label:
                problems.append(
                    Problem(f"key slot '{record.label}'", "was relabelled outside history")
                )
        if (
            self._identity is not None
            and crypto.public_raw(self._identity).hex() != state.identity_public
        ):
            problems.append(Problem("identity key", "does not match the one named at creation"))
        if cancel:
            cancel.check()
        head = "0:" + "0" * 64 if state.head is None else f"{state.head[0]}:{state.head[1]}"
        return VerifyReport(not problems, state.entries, head, problems, dict(state.trusted))

    def _update_file(
        self, change: Callable[[VaultFile], VaultFile], operation: str | None = None
    ) -> None:
        """Apply ``change`` to vault.json as it is on disk now, not as it was when we opened:
        writing our stale copy back could undo another person's passphrase change, or bring
        back a slot a lead removed. Writing it is ``operation``'s commit point (killpoints)."""
        with vault_file_lock(self.path):
            current = read_vault_file(self.path)
            if current.vault_id != self.vault_id:
                raise VaultDamaged("The vault is damaged: vault.json now names another vault.")
            new_file = change(current)
            if operation:
                killpoints.before_commit(operation)
            write_vault_file(self.path, new_file)
            if operation:
                killpoints.after_commit(operation)
        self.file = new_file


# --- helpers ----------------------------------------------------------------------------


def _check_label(label: str) -> None:
    if not label.strip() or len(label) > 200:
        raise BadInput("A label is a short name for a person, 1 to 200 characters.")


def _resolve_database(folder: Path, data_key: bytes, *, may_repair: bool) -> Path:
    """notes.db, or finish a rekey that was interrupted after its commit point."""
    db = folder / DB_NAME
    pending = folder / REKEY_NAME
    if not pending.exists():
        return db
    if probe_key(pending, data_key) and not (db.exists() and probe_key(db, data_key)):
        if not may_repair:
            return pending
        _install_rekeyed(folder)
    elif may_repair:
        pending.unlink()  # a rekey that never reached its commit point: nothing uses it
    return db


def _install_rekeyed(folder: Path) -> None:
    """Past a rekey's commit point: notes.db.rekey becomes notes.db.

    The old database's -wal and -shm go first. They are left behind when someone (an
    auditor) still had the old file open; SQLite would otherwise read their old-key pages
    into the new file, and a checkpoint would write them there, wrecking it. Everything they
    held is already in the rekeyed copy."""
    for leftover in (DB_NAME + "-wal", DB_NAME + "-shm"):
        (folder / leftover).unlink(missing_ok=True)
    os.replace(folder / REKEY_NAME, folder / DB_NAME)
    fsync_path(folder)


def _check_database_belongs(
    store: Store, file: VaultFile, payload: slotlib.SlotPayload, check_pages: bool | None
) -> None:
    if store.get_meta("vault_id") != file.vault_id:
        raise VaultDamaged("The vault is damaged: notes.db belongs to a different vault.")
    if payload.identity_key is not None:
        derived = X25519PrivateKey.from_private_bytes(payload.identity_key).public_key()
        if derived.public_bytes_raw().hex() != store.get_meta("identity_public"):
            raise VaultDamaged("The vault is damaged: its identity key does not match notes.db.")
    if check_pages is None:
        check_pages = pages_checked_on_open(store.path)
    if check_pages:
        problems = store.quick_problems()
        if problems:
            raise VaultDamaged(f"The vault is damaged: {problems[0]}.")


def pages_checked_on_open(db: Path) -> bool:
    """Whether opening reads every page by default: databases up to ``FULL_CHECK_BYTES``
    (larger ones get the same check from ``check_pages`` after opening)."""
    return db.stat().st_size <= FULL_CHECK_BYTES


def _check_signed_schema(store: Store) -> None:
    """The schema version in the file must be the one history signed (an indexed read of
    genesis and the migration entries; ``verify`` checks their signatures)."""
    if store.schema is None:
        return
    genesis = store.history_rows(1, newest_first=False)
    entries = [Entry.from_row(r) for r in (*genesis, *store.history_of_objects(SCHEMA_OBJECT))]
    signed, _ = signed_schema(entries)
    actual = store.schema.version
    if actual == signed:
        return
    difference = SchemaDifference(
        "PRAGMA user_version", f"is {actual} but the signed history says {signed}"
    )
    if not store.read_only:
        raise SchemaChanged(
            f"The vault's database was changed outside Influence Desk ({difference}), so it "
            "is not opened for writing and nothing was written; run verify."
        )
    store.schema_differences = [*store.schema_differences, difference]


def _schema_problems(actual: schema.SchemaSnapshot, state: Replay) -> list[Problem]:
    """notes.db's schema against the one this app makes for its version, and against the
    version and digest history signed."""
    problems = [Problem(d.where, d.what) for d in schema.check(actual)]
    if actual.version != state.schema_version:
        problems.append(
            Problem("PRAGMA user_version",
                    f"is {actual.version} but the signed history says {state.schema_version}")
        )  # fmt: skip
    elif not problems and state.schema_digest and state.schema_digest != actual.digest:
        problems.append(
            Problem(f"schema version {actual.version}",
                    "as this app makes it differs from the one signed in history")
        )  # fmt: skip
    return problems


def _index_problems(path: Path, data_key: bytes, cancel: CancelFlag | None) -> list[Problem]:
    """The search index rebuilt from the stored notes and compared row by row."""
    try:
        reader = Store.open(path, data_key, read_only=True)
    except VaultDamaged as exc:
        return [Problem("search index", exc.message)]
    try:
        if reader.schema is None or not schema.intact(
            reader.schema, search_index.READS, search_index.READS_PREFIXED
        ):
            # A table it reads is not the one this app makes (it might even be a view that
            # never ends): named by the schema check, not read here.
            return [Problem("search index", "was not compared: the tables it is built from "
                            "differ from the ones this app makes")]  # fmt: skip
        found = search_index.check_index(
            reader.index_checks(), reader.index_rows_without_note(), reader.index_row_count(),
            reader.pseudonyms(), load_taxonomy(), cancel,
        )  # fmt: skip
        return [Problem(p.where, p.what) for p in found]
    except VaultDamaged as exc:
        return [Problem("search index", exc.message)]
    finally:
        reader.close()


def _integrity_problems(path: Path, data_key: bytes) -> list[str]:
    try:
        reader = Store.open(path, data_key, read_only=True)
    except VaultDamaged as exc:
        return [exc.message]
    try:
        return reader.integrity_problems()
    finally:
        reader.close()
