"""Sync bundle files as the folder's other users see them: ids only, ciphertext only, and
every damaged, foreign, renamed or oversized file refused with one sentence (exit 3)."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import uuid
import zlib
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from influence_desk import crypto
from influence_desk.errors import BadInput, InfluenceDeskError
from influence_desk.sync import bundle_format as bf

VAULT_ID = str(uuid.UUID(int=0x1234_5678_9ABC_DEF0_1234_5678_9ABC_DEF0))
REPLICA = "3f2a9c1e7b604d58"
NOTE_TEXT = "Met the broker at booth 14: voter file of 2.1 million households, Wednesday."
SOURCE_NAME = "Katarzyna Wiśniewska"


def _payload() -> bytes:
    entries = [
        {"action": "note.update", "title": "Booth 14", "body": NOTE_TEXT, "who": SOURCE_NAME}
        for _ in range(40)
    ]
    return json.dumps(entries, ensure_ascii=False).encode("utf-8")


@pytest.fixture
def data_key() -> bytes:
    return secrets.token_bytes(32)


def _write(folder: Path, key: bytes, first: int = 1, last: int = 40) -> Path:
    return bf.write_bundle(folder, key, VAULT_ID, REPLICA, first, last, _payload())


def _refused(path: Path, key: bytes, vault_id: str = VAULT_ID) -> bf.BundleRefused:
    with pytest.raises(bf.BundleRefused) as caught:
        bf.read_bundle(path, key, vault_id)
    error = caught.value
    assert error.exit_code == 3
    text = str(error)
    assert text.endswith(".") and "\n" not in text and text.count(". ") == 0
    assert "nothing of it was applied" in text
    return error


def test_a_bundle_round_trips_and_is_named_by_ids_only(tmp_path: Path, data_key: bytes) -> None:
    path = _write(tmp_path, data_key, 7, 46)
    assert path.name == f"{REPLICA}-7-46.idbundle"
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no temp file left
    listed = bf.list_bundles(tmp_path)
    assert [(b.path, b.replica_id, b.first, b.last) for b in listed] == [(path, REPLICA, 7, 46)]
    bundle = bf.read_bundle(path, data_key, VAULT_ID)
    assert bundle.payload == _payload()
    assert (bundle.header.vault_id, bundle.header.replica_id) == (VAULT_ID, REPLICA)
    assert (bundle.header.first, bundle.header.last, bundle.header.size) == (7, 46, len(_payload()))


def test_no_plaintext_reaches_the_folder(tmp_path: Path, data_key: bytes) -> None:
    _write(tmp_path, data_key)
    control = tmp_path.parent / "control.txt"
    control.write_text(NOTE_TEXT, encoding="utf-8")
    needles = [NOTE_TEXT[:24], "Wiśniewska", "Katarzyna", "booth"]
    for needle in needles:
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            pattern = needle.encode(encoding)
            # grep, not the app's code, reads the folder; the control proves grep finds text
            hex_pattern = "".join(f"\\x{byte:02x}" for byte in pattern)
            found = subprocess.run(
                ["grep", "-rlaP", "-e", hex_pattern, str(tmp_path)],
                capture_output=True, env={**os.environ, "LC_ALL": "C"}, check=False,
            )  # fmt: skip
            assert found.returncode == 1, (needle, encoding, found.stdout)
    control_hex = "".join(f"\\x{byte:02x}" for byte in "Wiśniewska".encode())
    control.write_text(SOURCE_NAME, encoding="utf-8")
    seen = subprocess.run(
        ["grep", "-qaP", "-e", control_hex, str(control)],
        env={**os.environ, "LC_ALL": "C"}, check=False,
    )  # fmt: skip
    assert seen.returncode == 0
    # Not merely compressed: no zlib stream starts anywhere in the file.
    for file in tmp_path.iterdir():
        data = file.read_bytes()
        for offset in range(len(data)):
            try:
                inflated = zlib.decompressobj().decompress(data[offset:], 1 << 16)
            except zlib.error:
                continue
            assert b"booth" not in inflated and "Wiśniewska".encode() not in inflated


def test_the_raw_data_key_does_not_open_a_bundle(tmp_path: Path, data_key: bytes) -> None:
    data = _write(tmp_path, data_key).read_bytes()
    start = len(bf.MAGIC) + 2
    header_len = int.from_bytes(data[len(bf.MAGIC) : start], "big")
    header = data[start : start + header_len]
    nonce = data[start + header_len : start + header_len + 12]
    sealed = data[start + header_len + 12 :]
    with pytest.raises(InvalidTag):
        AESGCM(data_key).decrypt(nonce, sealed, header)
    assert bf.bundle_key(data_key, VAULT_ID) != data_key
    assert data_key.hex() not in data.hex()


def test_truncated_bundles_are_refused(tmp_path: Path, data_key: bytes) -> None:
    path = _write(tmp_path, data_key)
    whole = path.read_bytes()
    for length in (0, 5, len(bf.MAGIC) + 1, len(bf.MAGIC) + 2, 40, len(whole) // 2, len(whole) - 1):
        path.write_bytes(whole[:length])
        _refused(path, data_key)


def test_a_bundle_of_another_vault_is_refused_as_such(tmp_path: Path, data_key: bytes) -> None:
    other_vault = str(uuid.uuid4())
    path = bf.write_bundle(tmp_path, secrets.token_bytes(32), other_vault, REPLICA, 1, 2, b"x")
    error = _refused(path, data_key)
    assert isinstance(error, bf.BundleOfAnotherVault)
    assert "another vault" in str(error)


def test_a_bundle_under_another_data_key_is_told_apart(tmp_path: Path, data_key: bytes) -> None:
    path = bf.write_bundle(tmp_path, secrets.token_bytes(32), VAULT_ID, REPLICA, 1, 2, b"x")
    error = _refused(path, data_key)
    assert isinstance(error, bf.BundleKeyUnknown)
    assert "rekey" in str(error)


def test_every_altered_byte_is_refused(tmp_path: Path, data_key: bytes) -> None:
    path = _write(tmp_path, data_key)
    whole = path.read_bytes()
    for position in range(0, len(whole), max(1, len(whole) // 97)):
        altered = bytearray(whole)
        altered[position] ^= 0x01
        path.write_bytes(bytes(altered))
        _refused(path, data_key)
    path.write_bytes(whole)
    assert bf.read_bundle(path, data_key, VAULT_ID).payload == _payload()


def test_a_header_rewritten_to_claim_another_range_is_refused(
    tmp_path: Path, data_key: bytes
) -> None:
    path = _write(tmp_path, data_key, 1, 40)
    data = path.read_bytes()
    forged = data.replace(b'"last":40', b'"last":90')
    assert forged != data
    target = tmp_path / f"{REPLICA}-1-90.idbundle"
    target.write_bytes(forged)
    error = _refused(target, data_key)
    assert "damaged or was altered" in str(error)


def test_a_renamed_bundle_is_refused(tmp_path: Path, data_key: bytes) -> None:
    path = _write(tmp_path, data_key, 1, 40)
    for name in (f"{REPLICA}-41-80.idbundle", f"{'a' * 16}-1-40.idbundle"):
        renamed = tmp_path / name
        renamed.write_bytes(path.read_bytes())
        error = _refused(renamed, data_key)
        assert "renamed" in str(error)
    hostile = tmp_path / f"{SOURCE_NAME}.idbundle"
    hostile.write_bytes(path.read_bytes())
    error = _refused(hostile, data_key)
    assert SOURCE_NAME not in str(error) and "Katarzyna" not in str(error)


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path: Path, data_key: bytes) -> None:
    path = _write(tmp_path, data_key)
    with path.open("r+b") as handle:  # sparse: nothing of that size is written or read
        handle.truncate(bf.MAX_PAYLOAD_BYTES + 2 * 1024 * 1024)
    error = _refused(path, data_key)
    assert "larger than a bundle may be" in str(error)


def _sealed_with(data_key: bytes, declared_size: int, inner: bytes) -> bytes:
    """A bundle sealed with the right key whose header lies about the inflated size."""
    header = bf.BundleHeader(
        bf.FORMAT_VERSION, VAULT_ID, REPLICA, 1, 1, declared_size,
        bf.bundle_key_id(data_key, VAULT_ID),
    )  # fmt: skip
    raw = bf._encode_header(header)
    nonce, sealed = crypto.aead_seal(bf.bundle_key(data_key, VAULT_ID), inner, raw)
    return bf.MAGIC + len(raw).to_bytes(2, "big") + raw + nonce + sealed


def test_a_compression_bomb_is_refused_while_inflating(tmp_path: Path, data_key: bytes) -> None:
    path = tmp_path / f"{REPLICA}-1-1.idbundle"
    bomb = zlib.compress(b"\0" * (64 * 1024 * 1024), 9)  # 64 MiB from ~64 KB
    path.write_bytes(_sealed_with(data_key, 1000, bomb))
    assert "damaged inside" in str(_refused(path, data_key))
    path.write_bytes(_sealed_with(data_key, 1000, b"not zlib at all"))
    assert "damaged inside" in str(_refused(path, data_key))
    path.write_bytes(_sealed_with(data_key, bf.MAX_PAYLOAD_BYTES + 1, bomb))
    assert "larger than a bundle may be" in str(_refused(path, data_key))


def test_a_bundle_from_a_newer_app_says_so(tmp_path: Path, data_key: bytes) -> None:
    path = _write(tmp_path, data_key)
    path.write_bytes(path.read_bytes().replace(b'"format":1', b'"format":2'))
    assert "another version of the app" in str(_refused(path, data_key))


def test_listing_skips_syncthing_files_and_strangers(tmp_path: Path, data_key: bytes) -> None:
    kept = _write(tmp_path, data_key, 1, 3)
    (tmp_path / ".stfolder").mkdir()
    (tmp_path / ".stignore").write_text("// nothing\n")
    (tmp_path / ".stversions").mkdir()
    for name in (
        f"{REPLICA}-1-3.sync-conflict-20261202-101500-ABCDEFG.idbundle",
        f"~syncthing~{REPLICA}-4-5.idbundle.tmp",
        f".syncthing.{REPLICA}-4-5.idbundle.tmp",
        f"{REPLICA}-01-3.idbundle",  # not canonical
        f"{REPLICA}-5-3.idbundle",  # backwards range
        "notes.txt",
    ):
        (tmp_path / name).write_bytes(kept.read_bytes())
    (tmp_path / f"{REPLICA}-9-9.idbundle").mkdir()  # a folder, not a file
    assert [b.path for b in bf.list_bundles(tmp_path)] == [kept]


def test_list_bundles_of_a_missing_folder_is_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match=r"^The sync folder does not exist\.$"):
        bf.list_bundles(tmp_path / "nowhere")


def test_bundles_are_immutable(tmp_path: Path, data_key: bytes) -> None:
    path = _write(tmp_path, data_key)
    before = path.read_bytes()
    assert _write(tmp_path, data_key) == path  # the same content again: kept as it is
    assert path.read_bytes() == before
    with pytest.raises(BadInput, match="already in the sync folder"):
        bf.write_bundle(tmp_path, data_key, VAULT_ID, REPLICA, 1, 40, b"something else")
    assert path.read_bytes() == before


def test_a_failed_write_leaves_nothing(
    tmp_path: Path, data_key: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing_replace(src: object, dst: object) -> None:
        raise OSError(5, "I/O error")

    monkeypatch.setattr(bf.os, "replace", failing_replace)
    with pytest.raises(BadInput, match="cannot be written to"):
        _write(tmp_path, data_key)
    assert list(tmp_path.iterdir()) == []
    monkeypatch.undo()
    with pytest.raises(BadInput, match="does not exist"):
        _write(tmp_path / "missing", data_key)


@pytest.mark.parametrize(
    ("replica", "first", "last"),
    [
        ("UPPER0123", 1, 2),
        ("short", 1, 2),
        ("../../etc/x", 1, 2),
        (REPLICA, 5, 4),
        (REPLICA, -1, 2),
    ],
)
def test_bad_ids_are_refused_before_writing(
    tmp_path: Path, data_key: bytes, replica: str, first: int, last: int
) -> None:
    with pytest.raises(InfluenceDeskError) as caught:
        bf.write_bundle(tmp_path, data_key, VAULT_ID, replica, first, last, b"x")
    assert caught.value.exit_code == 1
    assert list(tmp_path.iterdir()) == []


def test_peek_header_reads_without_the_key(tmp_path: Path, data_key: bytes) -> None:
    path = _write(tmp_path, data_key, 2, 9)
    header = bf.peek_header(path)
    assert (header.vault_id, header.replica_id, header.first, header.last) == (
        VAULT_ID, REPLICA, 2, 9,
    )  # fmt: skip
    assert header.key_id == bf.bundle_key_id(data_key, VAULT_ID)


def test_a_fifo_or_a_symlink_named_as_a_bundle_is_refused_without_waiting(
    tmp_path: Path, data_key: bytes
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    real = _write(elsewhere, data_key)
    fifo = tmp_path / f"{REPLICA}-1-40.idbundle"
    os.mkfifo(fifo)  # opening it for reading would block until someone writes
    assert "not a plain file" in str(_refused(fifo, data_key))
    assert bf.list_bundles(tmp_path) == []
    fifo.unlink()
    fifo.symlink_to(real)
    assert "not a plain file" in str(_refused(fifo, data_key))
    assert bf.list_bundles(tmp_path) == []  # neither is listed
