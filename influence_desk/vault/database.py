"""notes.db as a vault opens it: a half-done rekey finished or discarded, the database
checked to belong to this vault, its schema version the one history signed."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from influence_desk.durable import fsync_path
from influence_desk.errors import SchemaChanged, VaultDamaged
from influence_desk.history import (
    MIGRATE_ACTION,
    SCHEMA_OBJECT,
    Entry,
    HistoryWriter,
    signed_schema,
)
from influence_desk.schema import SchemaDifference
from influence_desk.store import Store, probe_key
from influence_desk.store.object_versions import OBJECT_VERSIONS_SINCE
from influence_desk.sync import object_versions
from influence_desk.vault import slots as slotlib
from influence_desk.vault.format import VaultFile
from influence_desk.vault.layout import (
    DB_NAME,
    REKEY_NAME,
)


def resolve_database(folder: Path, data_key: bytes, *, may_repair: bool) -> Path:
    """notes.db, or finish a rekey that was interrupted after its commit point."""
    db = folder / DB_NAME
    pending = folder / REKEY_NAME
    if not pending.exists():
        return db
    if probe_key(pending, data_key) and not (db.exists() and probe_key(db, data_key)):
        if not may_repair:
            return pending
        install_rekeyed(folder)
    elif may_repair:
        pending.unlink()  # a rekey that never reached its commit point: nothing uses it
    return db


def install_rekeyed(folder: Path) -> None:
    """Past a rekey's commit point: notes.db.rekey becomes notes.db.

    The old database's -wal and -shm go first. They are left behind when someone (an
    auditor) still had the old file open; SQLite would otherwise read their old-key pages
    into the new file, and a checkpoint would write them there, wrecking it. Everything they
    held is already in the rekeyed copy."""
    for leftover in (DB_NAME + "-wal", DB_NAME + "-shm"):
        (folder / leftover).unlink(missing_ok=True)
    os.replace(folder / REKEY_NAME, folder / DB_NAME)
    fsync_path(folder)


def check_database_belongs(
    store: Store, file: VaultFile, payload: slotlib.SlotPayload, check_pages: bool
) -> None:
    if store.get_meta("vault_id") != file.vault_id:
        raise VaultDamaged("The vault is damaged: notes.db belongs to a different vault.")
    if payload.identity_key is not None:
        derived = X25519PrivateKey.from_private_bytes(payload.identity_key).public_key()
        if derived.public_bytes_raw().hex() != store.get_meta("identity_public"):
            raise VaultDamaged("The vault is damaged: its identity key does not match notes.db.")
    if check_pages:
        problems = store.quick_problems()
        if problems:
            raise VaultDamaged(f"The vault is damaged: {problems[0]}.")


def check_signed_schema(store: Store) -> None:
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


def run_migrations(store: Store, writer: Callable[[], HistoryWriter]) -> None:
    """Bring an older schema to this app's version: each migration in one transaction
    with its signed ``vault.migrate`` entry, so history says how the schema changed."""
    pending = store.pending_migrations()
    if not pending:
        return
    history = writer()
    for target in pending:
        with store.transaction():
            new = store.migrate(target)
            if target + 1 == OBJECT_VERSIONS_SINCE:  # (the base a void change goes back to)
                object_versions.keep_current(store)
            history.append(
                MIGRATE_ACTION, SCHEMA_OBJECT, new.signed_content(),
                {"from": target, "to": target + 1, "schema_sha256": new.digest},
            )  # fmt: skip
