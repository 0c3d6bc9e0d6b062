"""vault.json is hostile input: anything wrong is "vault damaged", decided before any KDF runs.

Hostile KDF parameters must be refused without deriving (a vault.json must not be able to
hang or exhaust the machine): the ``no_kdf`` fixture fails the test if a key is derived.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from influence_desk import crypto
from influence_desk.errors import NewerVaultFormat, VaultDamaged
from influence_desk.model import Role
from influence_desk.vault import format as vault_format
from influence_desk.vault.format import (
    MAX_VAULT_JSON_BYTES,
    dump_vault_json,
    parse_vault_json,
    read_vault_file,
)
from influence_desk.vault.vault import Vault

if TYPE_CHECKING:
    from conftest import TeamVault

Doc = dict[str, Any]


def _doc(team: TeamVault) -> Doc:
    return json.loads((team.path / "vault.json").read_text())


def _write(team: TeamVault, doc: Any) -> None:
    (team.path / "vault.json").write_text(json.dumps(doc))


def _kdf(field: str, value: Any) -> Callable[[Doc], None]:
    def mutate(doc: Doc) -> None:
        doc["slots"][-1]["kdf"][field] = value  # the last slot; earlier ones are fine

    return mutate


def _drop(field: str) -> Callable[[Doc], None]:
    def mutate(doc: Doc) -> None:
        del doc["slots"][-1]["kdf"][field]

    return mutate


HOSTILE_KDF = {
    "memory 2^40 KiB": _kdf("memory_kib", 2**40),
    "memory 2 GiB (the old bound)": _kdf("memory_kib", 2 * 1024 * 1024),
    "memory just over 1 GiB": _kdf("memory_kib", 1024 * 1024 + 1),
    "1 GiB at 6 iterations (work over 256 MiB x 20)": lambda d: [
        _kdf("memory_kib", 1024 * 1024)(d),
        _kdf("iterations", 6)(d),
    ],
    "256 MiB at 21 iterations": lambda d: [
        _kdf("memory_kib", 256 * 1024)(d),
        _kdf("iterations", 21)(d),
    ],
    "memory below the floor": _kdf("memory_kib", 1024),
    "memory negative": _kdf("memory_kib", -65536),
    "memory as a string": _kdf("memory_kib", "65536"),
    "memory as a float": _kdf("memory_kib", 65536.0),
    "memory true": _kdf("memory_kib", True),
    "memory null": _kdf("memory_kib", None),
    "iterations 10^9": _kdf("iterations", 10**9),
    "iterations 21": _kdf("iterations", 21),
    "iterations zero": _kdf("iterations", 0),
    "iterations as a string": _kdf("iterations", "3"),
    "iterations false": _kdf("iterations", False),
    "lanes zero": _kdf("lanes", 0),
    "lanes negative": _kdf("lanes", -4),
    "lanes 2^24": _kdf("lanes", 2**24),
    "lanes 9": _kdf("lanes", 9),
    "lanes 16 (the old bound)": _kdf("lanes", 16),
    "lanes as a list": _kdf("lanes", [4]),
    "salt 15 bytes": _kdf("salt", "AAAAAAAAAAAAAAAAAAAA"),
    "salt 17 bytes": _kdf("salt", "AAAAAAAAAAAAAAAAAAAAAAA="),
    "salt not base64": _kdf("salt", "not base64 at all!"),
    "salt a number": _kdf("salt", 12345),
    "unknown algorithm": _kdf("alg", "scrypt"),
    "no memory": _drop("memory_kib"),
    "no iterations": _drop("iterations"),
    "no lanes": _drop("lanes"),
    "no salt": _drop("salt"),
    "no algorithm": _drop("alg"),
}


@pytest.mark.parametrize("case", list(HOSTILE_KDF))
def test_hostile_kdf_parameters_are_refused_before_any_derivation(
    team: TeamVault, no_kdf: None, case: str
) -> None:
    doc = _doc(team)
    HOSTILE_KDF[case](doc)
    _write(team, doc)
    with pytest.raises(VaultDamaged) as caught:
        Vault.open(team.path, team.passphrase(Role.LEAD))
    assert "vault.json is damaged" in str(caught.value)
    assert not isinstance(caught.value, NewerVaultFormat)


def test_a_huge_integer_is_damage_not_a_crash(team: TeamVault, no_kdf: None) -> None:
    text = (team.path / "vault.json").read_text()
    memory = str(crypto.FLOOR_MEMORY_KIB)
    (team.path / "vault.json").write_text(text.replace(memory, "9" * 5000, 1))
    with pytest.raises(VaultDamaged):
        Vault.open(team.path, team.passphrase(Role.LEAD))


def test_kdf_bounds_are_checked_again_right_before_deriving() -> None:
    params = crypto.KdfParams(2**40, 3, 4, bytes(16))
    with pytest.raises(VaultDamaged):
        crypto.derive_passphrase_key("any passphrase", params)


def _slot(field: str, value: Any) -> Callable[[Doc], None]:
    def mutate(doc: Doc) -> None:
        doc["slots"][0][field] = value

    return mutate


def _top(field: str, value: Any) -> Callable[[Doc], None]:
    def mutate(doc: Doc) -> None:
        doc[field] = value

    return mutate


def _without(field: str) -> Callable[[Doc], None]:
    def mutate(doc: Doc) -> None:
        del doc[field]

    return mutate


def _duplicate_slot(doc: Doc) -> None:
    doc["slots"].append(dict(doc["slots"][0]))


def _too_many_slots(doc: Doc) -> None:
    doc["slots"] = doc["slots"] * 100


DAMAGED_DOCS = {
    "wrong format name": _top("format", "something-else"),
    "no format": _without("format"),
    "no version": _without("version"),
    "version as a string": _top("version", "1"),
    "version true": _top("version", True),
    "version zero": _top("version", 0),
    "version negative": _top("version", -1),
    "vault id not a uuid": _top("vault_id", "../../etc/passwd"),
    "vault id a number": _top("vault_id", 7),
    "slots empty": _top("slots", []),
    "slots an object": _top("slots", {"a": 1}),
    "no slots": _without("slots"),
    "a slot is a string": _top("slots", ["slot"]),
    "duplicate slot ids": _duplicate_slot,
    "too many slots": _too_many_slots,
    "slot id malformed": _slot("id", "../notes.db"),
    "slot id uppercase": _slot("id", "ABCDEF0123456789"),
    "label too long": _slot("label", "x" * 201),
    "label a number": _slot("label", 5),
    "unknown role": _slot("role", "admin"),
    "role a list": _slot("role", ["lead"]),
    "kdf a string": _slot("kdf", "argon2id"),
    "check wrong length": _slot("check", "AAAA"),
    "nonce missing": _slot("nonce", None),
    "public key wrong length": _slot("public", "AAAA"),
    "ciphertext huge": _slot("ciphertext", "A" * 20000),
    "shared not base64": _slot("shared", "%%%"),
}


@pytest.mark.parametrize("case", list(DAMAGED_DOCS))
def test_damaged_vault_json_is_reported_as_damaged(
    team: TeamVault, no_kdf: None, case: str
) -> None:
    doc = _doc(team)
    DAMAGED_DOCS[case](doc)
    _write(team, doc)
    with pytest.raises(VaultDamaged) as caught:
        Vault.open(team.path, team.passphrase(Role.LEAD))
    assert not isinstance(caught.value, NewerVaultFormat)


RAW_DAMAGE = {
    "empty file": b"",
    "not json": b"this is not json",
    "binary garbage": bytes(range(256)) * 4,
    "not utf-8": b'{"format": "influence-desk-vault", "x": "\xff\xfe"}',
    "a json array": b"[1, 2, 3]",
    "a json string": b'"influence-desk-vault"',
    "deeply nested arrays": b"[" * 200_000 + b"]" * 200_000,
    "deeply nested objects": b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
    "truncated json": b'{"format": "influence-desk-vault", "version": 1, "slots": [',
    "NaN where a number goes": b'{"format": "influence-desk-vault", "version": NaN}',
}


@pytest.mark.parametrize("case", list(RAW_DAMAGE))
def test_unparseable_vault_json_is_damaged(team: TeamVault, no_kdf: None, case: str) -> None:
    (team.path / "vault.json").write_bytes(RAW_DAMAGE[case])
    with pytest.raises(VaultDamaged):
        Vault.open(team.path, team.passphrase(Role.LEAD))


def test_an_oversized_vault_json_is_not_even_parsed(team: TeamVault, no_kdf: None) -> None:
    doc = _doc(team)
    valid = json.dumps(doc)
    padded = valid[:-1] + " " * (MAX_VAULT_JSON_BYTES + 10) + "}"
    assert json.loads(padded) == doc  # still valid JSON: refused for its size alone
    (team.path / "vault.json").write_text(padded)
    with pytest.raises(VaultDamaged, match="larger"):
        Vault.open(team.path, team.passphrase(Role.LEAD))


def test_missing_or_folder_vault_json_is_damaged(team: TeamVault, no_kdf: None) -> None:
    (team.path / "vault.json").unlink()
    with pytest.raises(VaultDamaged, match=r"no vault\.json"):
        Vault.open(team.path, team.passphrase(Role.LEAD))
    (team.path / "vault.json").mkdir()
    with pytest.raises(VaultDamaged):
        Vault.open(team.path, team.passphrase(Role.LEAD))


def test_a_newer_format_version_says_so(team: TeamVault, no_kdf: None) -> None:
    doc = _doc(team)
    doc["version"] = 2
    doc["slots"] = "whatever version 2 keeps here"
    _write(team, doc)
    with pytest.raises(NewerVaultFormat) as caught:
        Vault.open(team.path, team.passphrase(Role.LEAD))
    assert "newer" in str(caught.value)
    assert caught.value.exit_code == 3


def test_parse_and_dump_round_trip(team: TeamVault) -> None:
    data = (team.path / "vault.json").read_bytes()
    parsed = parse_vault_json(data)
    assert parse_vault_json(dump_vault_json(parsed)) == parsed
    assert {s.role for s in parsed.slots} == set(Role)


def test_vault_json_holds_nothing_secret(team: TeamVault) -> None:
    with team.open(Role.LEAD) as vault:
        assert vault._payload is not None
        secrets = [vault._payload.data_key, vault._payload.slot_key]
        secrets += [vault._payload.identity_key or b"", vault._payload.signing_key or b""]
    import base64

    text = (team.path / "vault.json").read_text()
    for secret in secrets:
        assert secret.hex() not in text
        assert base64.b64encode(secret).decode() not in text
    for passphrase in (team.passphrase(r) for r in Role):
        assert passphrase not in text


# --- file modes and atomic replacement --------------------------------------------------


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_vault_files_are_owner_only(tmp_path: Path) -> None:
    umask = os.umask(0o022)  # the usual umask: files would be world-readable by default
    vault = Vault.create(
        tmp_path / "modes", label="Lena", passphrase="lead words here", kdf=crypto.floor_params()
    )
    try:
        assert _mode(vault.path) == 0o700
        assert _mode(vault.path / "vault.json") == 0o600
        assert _mode(vault.path / "notes.db") == 0o600
        vault.add_slot(Role.AUDITOR, "Ada", "auditor words", crypto.floor_params())
        assert _mode(vault.path / "vault.json") == 0o600
        backup = vault.backup()
        assert _mode(backup) == 0o600
        assert _mode(backup.parent) == 0o700
        vault.rekey()
        assert _mode(vault.path / "vault.json") == 0o600
        assert _mode(vault.path / "notes.db") == 0o600
        for extra in ("notes.db-wal", "notes.db-shm"):
            if (vault.path / extra).exists():
                assert _mode(vault.path / extra) == 0o600
    finally:
        vault.close()
        os.umask(umask)
    assert sorted(p.name for p in vault.path.iterdir() if p.name.endswith(".tmp")) == []


def test_vault_json_is_replaced_by_rename_after_fsync(
    team: TeamVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append("fsync-dir" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fsync-file")
        real_fsync(fd)

    def replace(src: Any, dst: Any) -> None:
        events.append(f"rename {Path(src).name} -> {Path(dst).name}")
        real_replace(src, dst)

    monkeypatch.setattr(vault_format.os, "fsync", fsync)
    monkeypatch.setattr(vault_format.os, "replace", replace)
    before = (team.path / "vault.json").stat().st_ino
    with team.open(Role.LEAD) as vault:
        vault.add_slot(Role.AUDITOR, "Second Auditor", "second auditor words",
                       crypto.floor_params())  # fmt: skip
    assert events == ["fsync-file", "rename .vault.json.tmp -> vault.json", "fsync-dir"]
    assert (team.path / "vault.json").stat().st_ino != before
    assert len(read_vault_file(team.path).slots) == 4


def test_a_failed_write_leaves_the_old_vault_json_whole(
    team: TeamVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = (team.path / "vault.json").read_bytes()

    def disk_full(src: Any, dst: Any) -> None:
        raise OSError(28, "No space left on device")

    with team.open(Role.LEAD) as vault:
        monkeypatch.setattr(vault_format.os, "replace", disk_full)
        with pytest.raises(OSError):
            vault.change_passphrase("a brand new passphrase", crypto.floor_params())
        monkeypatch.undo()
    assert (team.path / "vault.json").read_bytes() == original
    with team.open(Role.LEAD) as vault:
        assert vault.verify().ok
