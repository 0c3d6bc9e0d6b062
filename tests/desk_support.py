"""Helpers for the notes, sources and search tests (tests/core and tests/cli): the vault
folder with its three people, and reading the decrypted notes.db directly."""

from __future__ import annotations

import contextlib
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlcipher3

from influence_desk import crypto, schema
from influence_desk.model import Role
from influence_desk.vault.vault import Vault

DESK_LEAD = "desk lead: amber quarry lantern"
DESK_RESEARCHER = "desk researcher: violet harbour crane"
DESK_AUDITOR = "desk auditor: silent meadow compass"
OLD_VAULT = "old vault lead passphrase"


@dataclass(frozen=True)
class DeskVault:
    """A closed vault with a lead, a researcher and an auditor."""

    path: Path

    def passphrase(self, role: Role) -> str:
        return {Role.LEAD: DESK_LEAD, Role.RESEARCHER: DESK_RESEARCHER,
                Role.AUDITOR: DESK_AUDITOR}[role]  # fmt: skip

    def open(self, role: Role = Role.LEAD) -> Vault:
        return Vault.open(self.path, self.passphrase(role))


@contextlib.contextmanager
def vault_at_version(
    path: Path, version: int, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Vault]:
    """A new vault (lead passphrase ``OLD_VAULT``) made by the first ``version`` migrations,
    as an older release made it; once closed, the app's migrations are back, so the next
    open migrates it."""
    released = list(schema.MIGRATIONS)
    monkeypatch.setattr(schema, "MIGRATIONS", released[:version])
    vault = Vault.create(path, label="L", passphrase=OLD_VAULT, kdf=crypto.floor_params())
    try:
        yield vault
    finally:
        vault.close()
        monkeypatch.setattr(schema, "MIGRATIONS", released)


# --- reading the decrypted database directly -------------------------------------------------


def fold(text: str) -> str:
    """Case, diacritics and whitespace folded, the way a reader hunting for a name would."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.replace("ı", "i").split())


def raw_connection(vault_path: Path, data_key: bytes) -> sqlcipher3.Connection:
    """notes.db of the vault folder ``vault_path``, or the database file itself (a backup)."""
    db = vault_path if vault_path.is_file() else vault_path / "notes.db"
    conn = sqlcipher3.connect(str(db))
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = \"x'{data_key.hex()}'\"")
    return conn


def every_value(conn: sqlcipher3.Connection) -> Iterator[tuple[str, str]]:
    """(table, folded text) for every value of every table, FTS shadow tables included;
    blobs are read as UTF-8 where they can be."""
    tables = [
        str(r[0])
        for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not str(r[0]).startswith("sqlite_")
    ]
    for table in tables:
        try:
            rows = conn.execute(f'SELECT * FROM "{table}"').fetchall()
        except sqlcipher3.OperationalError:
            continue  # a virtual table that cannot be scanned plainly
        for row in rows:
            for value in row:
                if isinstance(value, bytes):
                    yield table, fold(value.decode("utf-8", "ignore"))
                elif value is not None:
                    yield table, fold(str(value))


def index_terms(conn: sqlcipher3.Connection) -> set[str]:
    """Every term in the full-text index (as FTS5 stores it: folded, no diacritics)."""
    conn.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main, notes_fts, row)"
    )
    return {str(r[0]) for r in conn.execute("SELECT term FROM temp.vocab")}


def leaked_names(vault_path: Path, data_key: bytes, names: Iterable[str]) -> list[str]:
    """Which of ``names`` appear anywhere in notes.db (decrypted), as a human would search."""
    wanted = {fold(n): n for n in names}
    found: set[str] = set()
    conn = raw_connection(vault_path, data_key)
    try:
        for _table, text in every_value(conn):
            for key, name in wanted.items():
                if key in text:
                    found.add(name)
        terms = index_terms(conn)
        for key, name in wanted.items():
            if " " not in key and key in terms:
                found.add(name)
    finally:
        conn.close()
    return sorted(found)


def decrypted_pages(db: Path, data_key: bytes, page_size: int = 4096) -> bytes:
    """Every page of a SQLCipher 4 file decrypted, free pages and unused space included
    (AES-256-CBC under the raw key, the IV in each page's reserved tail): what someone with
    the data key can read, whatever SQLite still considers live."""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    data = db.read_bytes()
    reserve = 80  # IV (16) and HMAC-SHA512 (64)
    out = []
    for offset in range(0, len(data) - page_size + 1, page_size):
        page = data[offset : offset + page_size]
        start = 16 if offset == 0 else 0  # page 1 begins with the salt, in clear
        iv = page[page_size - reserve : page_size - reserve + 16]
        decryptor = Cipher(algorithms.AES(data_key), modes.CBC(iv)).decryptor()
        out.append(decryptor.update(page[start : page_size - reserve]) + decryptor.finalize())
    return b"".join(out)


def names_in_pages(db: Path, data_key: bytes, names: Iterable[str]) -> list[str]:
    """Which of ``names`` can be read anywhere in the decrypted pages of ``db`` (and of its
    -wal file, if one is there)."""
    text = decrypted_pages(db, data_key)
    folded = fold(text.decode("utf-8", "ignore"))
    return sorted(n for n in names if fold(n) in folded)


def vault_databases(vault_path: Path) -> list[Path]:
    """notes.db and every backup of the vault folder."""
    return [vault_path / "notes.db", *sorted((vault_path / "backups").glob("*.db"))]


def data_key_of(vault: Vault) -> bytes:
    """The data key, as anyone holding a slot has it (tests read notes.db directly)."""
    return vault._shared().data_key


def names_in_vault_files(
    vault_path: Path, data_key: bytes, names: Iterable[str]
) -> dict[str, list[str]]:
    """For notes.db and each backup (by file name), which of ``names`` can be read in it:
    any table or search index value, or any decrypted page. Empty lists when none leak."""
    wanted = list(names)
    found: dict[str, list[str]] = {}
    for db in vault_databases(vault_path):
        readable = set(leaked_names(db, data_key, wanted))
        found[db.name] = sorted(readable | set(names_in_pages(db, data_key, wanted)))
    return found
