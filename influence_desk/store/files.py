"""Work on closed database files: rekeying a backup, probing a key."""

from __future__ import annotations

import os
from pathlib import Path

import sqlcipher3

from influence_desk import killpoints
from influence_desk.durable import fsync_path
from influence_desk.store.base import damaged, raw_key_pragma

__all__ = ["probe_key", "rekey_file"]


def rekey_file(path: Path, old_key: bytes, new_key: bytes) -> None:
    """Re-encrypt a closed database file (a backup after a rekey) under ``new_key``.

    The copy under the new key is written beside it and renamed over it, so a process killed
    midway leaves the old file whole. (``PRAGMA rekey`` in place, killed midway, left a file
    half under each key that opened with neither.) A leftover copy of an earlier, killed
    run is replaced; ``Vault.backup`` removes any others."""
    partial = path.with_name(f".{path.name}.rekey.partial")
    for leftover in (partial, partial.with_name(partial.name + "-journal")):
        leftover.unlink(missing_ok=True)
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        try:
            conn = sqlcipher3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
        except sqlcipher3.DatabaseError as exc:
            raise damaged(exc, path.name) from exc
        try:
            conn.execute("PRAGMA cipher_log_level = NONE")
            conn.execute(raw_key_pragma(old_key))
            conn.execute("PRAGMA temp_store = MEMORY")
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            attach = f"ATTACH DATABASE ? AS rekeyed KEY \"x'{new_key.hex()}'\""
            conn.execute(attach, (str(partial),))
            # A scratch copy until the rename: nothing to roll back, so no journal beside it.
            conn.execute("PRAGMA rekeyed.journal_mode = OFF").fetchall()
            conn.execute("SELECT sqlcipher_export('rekeyed')").fetchall()
            conn.execute(f"PRAGMA rekeyed.user_version = {version}")
            conn.execute("DETACH DATABASE rekeyed")
        except sqlcipher3.DatabaseError as exc:
            raise damaged(exc, path.name) from exc
        finally:
            conn.close()
        fsync_path(partial)
        killpoints.before_commit("backup.rekey")
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    fsync_path(path.parent)
    killpoints.after_commit("backup.rekey")


def probe_key(path: Path, key: bytes) -> bool:
    """Does ``key`` open the database at ``path``? Read-only, changes nothing."""
    try:
        conn = sqlcipher3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlcipher3.Error:
        return False
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(raw_key_pragma(key))
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlcipher3.Error:
        return False
    finally:
        conn.close()

