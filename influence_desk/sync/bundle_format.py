"""Sync bundle files: immutable, encrypted, named by ids only (DESIGN §11).

A bundle carries what one replica wrote (a range of its per-replica sequence numbers) to
the others through any folder: Syncthing, a shared drive, a USB stick. Whoever holds the
folder sees only this:

    <replica_id>-<first>-<last>.idbundle
    MAGIC (8 bytes) | header length (2 bytes, big endian) | header | nonce (12) | ciphertext

The header is canonical JSON of ids and numbers (format, vault id, replica id, range,
payload size, key id). It is the AEAD's associated data, so none of it can be changed
without the bundle failing to open, and the file name must say exactly what the header
says (a renamed bundle is refused). The ciphertext is AES-256-GCM of the zlib-compressed
payload under a key derived from the vault's data key by HKDF with a purpose label and the
vault id (never the data key itself, which also keys notes.db). The key id (HKDF of the
same key, another label) tells a bundle written under another data key, before or after a
rekey, from a damaged one.

Everything read here is hostile: sizes are checked before anything is read or inflated,
the header is parsed strictly, and every refusal is one sentence (exit 3, as for a damaged
vault) naming the file only when its name is one of ours.
"""

from __future__ import annotations

import errno
import json
import os
import re
import secrets
import stat
import uuid
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag

from influence_desk import crypto
from influence_desk.durable import fsync_path
from influence_desk.errors import BadInput, DiskFull, VaultDamaged

FORMAT_VERSION = 1
MAGIC = b"IDBNDL\x00\x01"
SUFFIX = ".idbundle"
MAX_HEADER_BYTES = 1024
# A bundle of 10,000 notes with their entries is tens of megabytes before compression; the
# caps keep a hostile file from exhausting memory (the inflated size is checked while
# inflating, never after).
MAX_PAYLOAD_BYTES = 512 * 1024 * 1024
MAX_SEQUENCE = 2**63 - 1
# Level 1: a 16 MB change set of 10,000 notes deflates to ~29 % in ~0.4 s; level 6 saves
# another 8 points for five times the time (bench/bundle_format.py).
_ZLIB_LEVEL = 1
_KEY_LABEL = b"influence-desk sync bundle key v1 "
_KEY_ID_LABEL = b"influence-desk sync bundle key id v1 "
_HEADER_FIELDS = frozenset({"format", "vault_id", "replica_id", "first", "last", "size", "key_id"})
_REPLICA_ID = re.compile(r"[0-9a-f](?:[0-9a-f-]{6,62})[0-9a-f]")
_NUMBER = re.compile(r"0|[1-9][0-9]{0,18}")
_KEY_ID = re.compile(r"[0-9a-f]{16}")
# Syncthing skips names with this prefix and suffix (its own temporary files), so a bundle
# being written never travels half-written; ours are told apart by the middle part.
TEMP_PREFIX = ".syncthing.idbundle-"
TEMP_SUFFIX = ".tmp"
_IGNORED_NAMES = frozenset({".stfolder", ".stignore", ".stversions"})
_SYNCTHING_CONFLICT = ".sync-conflict-"


class BundleRefused(VaultDamaged):
    """A bundle that cannot be trusted: truncated, altered, renamed, too big, not ours."""


class BundleOfAnotherVault(BundleRefused):
    """A bundle whose header names another vault: not for this vault at all."""


class BundleKeyUnknown(BundleRefused):
    """A bundle written under another data key of this vault (before or after a rekey)."""


@dataclass(frozen=True)
class BundleHeader:
    """What a bundle's header says; authenticated once read_bundle returned it."""

    format: int
    vault_id: str
    replica_id: str
    first: int
    last: int
    size: int  # the payload's length in bytes, before compression
    key_id: str

    @property
    def file_name(self) -> str:
        return bundle_name(self.replica_id, self.first, self.last)


@dataclass(frozen=True)
class Bundle:
    header: BundleHeader
    payload: bytes


@dataclass(frozen=True)
class BundleFile:
    """A file in the sync folder whose name is a bundle's (not yet opened or checked)."""

    path: Path
    replica_id: str
    first: int
    last: int


# --- names ------------------------------------------------------------------------------


def _check_ids(replica_id: str, first: int, last: int) -> None:
    if not isinstance(replica_id, str) or not _REPLICA_ID.fullmatch(replica_id):
        raise BadInput("A replica id must be 8 to 64 lower-case hex digits or hyphens.")
    for number in (first, last):
        if type(number) is not int or not 0 <= number <= MAX_SEQUENCE:
            raise BadInput("A bundle's sequence numbers must be whole numbers from 0.")
    if first > last:
        raise BadInput("A bundle's first sequence number must not be after its last.")


def bundle_name(replica_id: str, first: int, last: int) -> str:
    _check_ids(replica_id, first, last)
    return f"{replica_id}-{first}-{last}{SUFFIX}"


def parse_bundle_name(name: str) -> tuple[str, int, int] | None:
    """(replica id, first, last) of a canonical bundle name, else None."""
    if not name.endswith(SUFFIX):
        return None
    parts = name[: -len(SUFFIX)].rsplit("-", 2)
    if len(parts) != 3 or not _REPLICA_ID.fullmatch(parts[0]):
        return None
    if not (_NUMBER.fullmatch(parts[1]) and _NUMBER.fullmatch(parts[2])):
        return None
    first, last = int(parts[1]), int(parts[2])
    if first > last or last > MAX_SEQUENCE:
        return None
    return parts[0], first, last


def _shown(path: Path) -> str:
    # A file's name goes into a message only when it is one of ours (ids only): a hostile
    # folder may hold a file named after anyone.
    return f"The sync bundle {path.name}" if parse_bundle_name(path.name) else "A sync bundle"


def shown_name(path: Path) -> str:
    """How a message names this bundle file (its name only when it is one of ours)."""
    return _shown(path)


def is_ignored(name: str) -> bool:
    """Syncthing's own files, its conflict copies and temporary files, and ours."""
    return (
        name in _IGNORED_NAMES
        or _SYNCTHING_CONFLICT in name
        or name.startswith(("~syncthing~", ".syncthing."))
    )


def list_bundles(folder: Path) -> list[BundleFile]:
    """Every file in ``folder`` named as a bundle, by replica and range; everything else
    (Syncthing's files, conflict copies, temporary files, other files) is left alone."""
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        raise BadInput("The sync folder does not exist.") from None
    except NotADirectoryError:
        raise BadInput("The sync folder is not a folder.") from None
    except OSError:
        raise BadInput("The sync folder cannot be read.") from None
    found: list[BundleFile] = []
    for entry in entries:
        if is_ignored(entry.name):
            continue
        parsed = parse_bundle_name(entry.name)
        if parsed is None:
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
        except OSError:
            continue
        found.append(BundleFile(Path(entry.path), *parsed))
    found.sort(key=lambda b: (b.replica_id, b.first, b.last))
    return found


# --- keys and header --------------------------------------------------------------------


def _check_vault_id(vault_id: str) -> None:
    try:
        canonical = str(uuid.UUID(vault_id))
    except (ValueError, TypeError, AttributeError):
        raise BadInput("A vault id must be a UUID.") from None
    if canonical != vault_id:
        raise BadInput("A vault id must be a UUID in its canonical form.")


def bundle_key(data_key: bytes, vault_id: str) -> bytes:
    return crypto.hkdf(data_key, _KEY_LABEL + vault_id.encode("ascii"))


def bundle_key_id(data_key: bytes, vault_id: str) -> str:
    """A short public tag of the bundle key: which data key wrote a bundle."""
    return crypto.hkdf(data_key, _KEY_ID_LABEL + vault_id.encode("ascii"), 8).hex()


def _encode_header(header: BundleHeader) -> bytes:
    fields = {
        "format": header.format,
        "vault_id": header.vault_id,
        "replica_id": header.replica_id,
        "first": header.first,
        "last": header.last,
        "size": header.size,
        "key_id": header.key_id,
    }
    return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode("ascii")


def _decode_header(raw: bytes, shown: str) -> BundleHeader:
    damaged = BundleRefused(f"{shown} has a damaged header; nothing of it was applied.")
    try:
        fields = json.loads(raw.decode("ascii"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise damaged from None
    if not isinstance(fields, dict) or set(fields) != _HEADER_FIELDS:
        raise damaged
    if fields["format"] != FORMAT_VERSION or type(fields["format"]) is not int:
        raise BundleRefused(
            f"{shown} was written by another version of the app; nothing of it was applied."
        )
    text_fields = (fields["vault_id"], fields["replica_id"], fields["key_id"])
    if not all(isinstance(value, str) for value in text_fields):
        raise damaged
    size = fields["size"]
    if type(size) is not int or not 0 <= size <= MAX_PAYLOAD_BYTES:
        raise BundleRefused(f"{shown} is larger than a bundle may be; nothing of it was applied.")
    try:
        _check_vault_id(fields["vault_id"])
        _check_ids(fields["replica_id"], fields["first"], fields["last"])
    except BadInput:
        raise damaged from None
    if not _KEY_ID.fullmatch(fields["key_id"]):
        raise damaged
    header = BundleHeader(
        FORMAT_VERSION,
        fields["vault_id"],
        fields["replica_id"],
        fields["first"],
        fields["last"],
        size,
        fields["key_id"],
    )
    if _encode_header(header) != raw:  # one spelling only: the name, header and AD agree
        raise damaged
    return header


# --- writing ----------------------------------------------------------------------------


def encode_bundle(
    data_key: bytes, vault_id: str, replica_id: str, first: int, last: int, payload: bytes
) -> bytes:
    """The bytes of a bundle file (a fresh random nonce each time)."""
    _check_vault_id(vault_id)
    _check_ids(replica_id, first, last)
    if len(payload) > MAX_PAYLOAD_BYTES:
        raise BadInput("This change set is too large for one bundle; sync in smaller steps.")
    header = BundleHeader(
        FORMAT_VERSION,
        vault_id,
        replica_id,
        first,
        last,
        len(payload),
        bundle_key_id(data_key, vault_id),
    )
    raw_header = _encode_header(header)
    nonce, sealed = crypto.aead_seal(
        bundle_key(data_key, vault_id), zlib.compress(payload, _ZLIB_LEVEL), raw_header
    )
    return MAGIC + len(raw_header).to_bytes(2, "big") + raw_header + nonce + sealed


def write_bundle(
    folder: Path,
    data_key: bytes,
    vault_id: str,
    replica_id: str,
    first: int,
    last: int,
    payload: bytes,
) -> Path:
    """Write a bundle into ``folder`` atomically and return its path.

    The file appears whole or not at all: a temporary file in the same folder (ciphertext
    only, a name Syncthing does not carry), flushed, renamed, the folder flushed. Bundles are
    immutable: if one of that name is already there and opens to the same payload, it is
    kept and returned; if it holds something else, nothing is written and BadInput says so.
    """
    blob = encode_bundle(data_key, vault_id, replica_id, first, last, payload)
    target = folder / bundle_name(replica_id, first, last)
    if target.exists():
        return _existing(target, data_key, vault_id, payload)
    tmp = folder / f"{TEMP_PREFIX}{secrets.token_hex(8)}{TEMP_SUFFIX}"
    try:
        with open(tmp, "xb") as handle:
            handle.write(blob)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except OSError as error:
        tmp.unlink(missing_ok=True)
        if error.errno == errno.ENOSPC:
            raise DiskFull("The sync folder's disk is full; no bundle was written.") from None
        if isinstance(error, FileNotFoundError):
            raise BadInput("The sync folder does not exist.") from None
        raise BadInput("The sync folder cannot be written to; no bundle was written.") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_path(folder, best_effort=True)
    return target


def _existing(target: Path, data_key: bytes, vault_id: str, payload: bytes) -> Path:
    try:
        same = read_bundle(target, data_key, vault_id).payload == payload
    except BundleRefused:
        same = False
    if not same:
        raise BadInput(
            f"A different bundle named {target.name} is already in the sync folder; "
            "nothing was written."
        )
    return target


# --- reading ----------------------------------------------------------------------------


def _read_bounded(path: Path, shown: str) -> bytes:
    limit = len(MAGIC) + 2 + MAX_HEADER_BYTES + crypto.NONCE_BYTES + 16
    limit += MAX_PAYLOAD_BYTES + MAX_PAYLOAD_BYTES // 1000 + 1024  # zlib's worst case
    not_a_file = BundleRefused(f"{shown} is not a plain file; nothing of it was applied.")
    too_big = BundleRefused(f"{shown} is larger than a bundle may be; nothing of it was applied.")
    # No symlink followed, no FIFO or device waited on: a hostile folder may hold either.
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise BadInput(f"{shown} is no longer in the sync folder.") from None
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.EISDIR):
            raise not_a_file from None
        raise BadInput(f"{shown} cannot be read.") from None
    try:
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise not_a_file
            if info.st_size > limit:
                raise too_big
            # As large as the file says (read(limit) would allocate the whole cap first).
            data = handle.read(info.st_size + 1)
    except OSError:
        raise BadInput(f"{shown} cannot be read.") from None
    if len(data) > limit:
        raise too_big
    return data


def _split(data: bytes, shown: str) -> tuple[bytes, bytes, bytes]:
    """(raw header, nonce, sealed) of a bundle file's bytes."""
    truncated = BundleRefused(f"{shown} is truncated or not a bundle; nothing of it was applied.")
    if len(data) < len(MAGIC) + 2 or data[: len(MAGIC)] != MAGIC:
        raise truncated
    start = len(MAGIC) + 2
    length = int.from_bytes(data[len(MAGIC) : start], "big")
    if not 0 < length <= MAX_HEADER_BYTES:
        raise BundleRefused(f"{shown} has a damaged header; nothing of it was applied.")
    body = start + length
    if len(data) < body + crypto.NONCE_BYTES + 16:
        raise truncated
    return (
        data[start:body],
        data[body : body + crypto.NONCE_BYTES],
        data[body + crypto.NONCE_BYTES :],
    )


def peek_header(path: Path) -> BundleHeader:
    """The header as the file states it, NOT authenticated: for choosing a key or skipping
    another vault's bundle early. Trust only what read_bundle returns."""
    shown = _shown(path)
    raw_header, _nonce, _sealed = _split(_read_bounded(path, shown), shown)
    return _decode_header(raw_header, shown)


def read_bundle(path: Path, data_key: bytes, vault_id: str) -> Bundle:
    """Open and check a bundle file: every refusal is BundleRefused (exit 3), one sentence."""
    shown = _shown(path)
    raw_header, nonce, sealed = _split(_read_bounded(path, shown), shown)
    header = _decode_header(raw_header, shown)
    if header.vault_id != vault_id:
        raise BundleOfAnotherVault(f"{shown} belongs to another vault; nothing of it was applied.")
    if header.key_id != bundle_key_id(data_key, vault_id):
        raise BundleKeyUnknown(
            f"{shown} was written under another data key of this vault (before or after a "
            "rekey); nothing of it was applied."
        )
    if path.name != header.file_name:
        raise BundleRefused(
            f"{shown} was renamed: its name does not say what it holds; nothing of it was applied."
        )
    try:
        compressed = crypto.aead_open(bundle_key(data_key, vault_id), nonce, sealed, raw_header)
    except InvalidTag:
        raise BundleRefused(
            f"{shown} is damaged or was altered; nothing of it was applied."
        ) from None
    return Bundle(header, _inflate(compressed, header.size, shown))


def _inflate(compressed: bytes, size: int, shown: str) -> bytes:
    # Authenticated data, yet inflated within the declared size: a bundle whose writer held
    # the data key must still not be able to exhaust this machine's memory.
    wrong = BundleRefused(f"{shown} is damaged inside; nothing of it was applied.")
    inflater = zlib.decompressobj()
    try:
        payload = inflater.decompress(compressed, size + 1)
    except zlib.error:
        raise wrong from None
    if len(payload) != size or not inflater.eof or inflater.unconsumed_tail:
        raise wrong
    if inflater.unused_data:
        raise wrong
    return payload


def read_bundles(files: Iterable[BundleFile], data_key: bytes, vault_id: str) -> list[Bundle]:
    """Each file opened and checked, in order; the first refusal stops (raises)."""
    return [read_bundle(item.path, data_key, vault_id) for item in files]
