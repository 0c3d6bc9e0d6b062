"""Attachments in sync bundles: their rows, their bytes, their audience, read text and
removal (DESIGN §11, §12).

Sending: an ``attachment.*`` entry carries the attachment's row content when the row is
still what that entry signed (an entry a later one superseded goes without it, like an
event's); a bundle that holds an attachment's ``attachment.add`` carries its bytes once
(``blobs``: SHA-256 -> base64), deduplicated by content hash: once per bundle, and not at
all when another attachment of the same bytes was held here before (sent or received
earlier: the receiver holds them). Later changes (audience, read text) never resend the
bytes: the receiver holds them since the add. The bytes are what the vault stores: a
note's attachment stripped, a source's identity attachment still sealed to the identity
key (they travel sealed; only slots holding that key can open them on any replica). The
read text (OCR) is in the row, pseudonymised as stored, and inside the bundle's encryption
like everything else.

Bundles are cut so that a bundle holds at most ``BLOB_BYTES_PER_BUNDLE`` of bytes (one
attachment bigger than that goes alone), and never right after an attachment entry whose
content travels only with a later entry of the same attachment.

Receiving: every blob must be named by the row content of an attachment entry of the same
bundle, whose content hash the signed entry vouches for, and hash to that name with the
size the row says; anything else refuses the bundle with one sentence before anything is
applied. The merger then brings each attachment touched to its newest entry in the
deterministic order: the row written (Store.put_attachment keeps attachments_fts), the bytes
stored unless this copy already holds them, or the row and its unused bytes deleted. Where
this copy removed an attachment that another replica changed later in the common order
without having seen the removal, the bytes are gone here: ``MissingBytes`` rolls the
bundle's transaction back and sync/run.py applies it again with the bytes found in the
folder's bundle that added them (``find_blobs``, passed in as ``from_folder``), else the
bundle is refused.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from influence_desk.canonical import content_hash
from influence_desk.errors import BadInput
from influence_desk.history import Entry
from influence_desk.store import AttachmentRecord, Store
from influence_desk.sync import object_versions
from influence_desk.sync.bundle_format import Bundle, BundleRefused

if TYPE_CHECKING:
    from influence_desk.desk.context import DeskContext
    from influence_desk.sync.changes import Carried

__all__ = [
    "BLOB_BYTES_PER_BUNDLE",
    "PREFIX",
    "MissingBytes",
    "attach_blobs",
    "bundle_chunks",
    "bytes_from_folder",
    "carried_content",
    "encode_blobs",
    "find_blobs",
    "is_attachment",
    "record_of",
    "removes_bytes",
    "settle_attachments",
]

PREFIX = "attachment:"
ADD = "attachment.add"
# A bundle is built, compressed and encrypted in memory (about five times its bytes at the
# peak, base64 included); 32 MB of attachments keeps that near 200 MB. A bigger attachment
# (an hour of audio: up to 200 MB) goes alone in its bundle.
BLOB_BYTES_PER_BUNDLE = 32 * 2**20
_FIELDS = ("id", "note_id", "source_id", "kind", "mime", "audience", "sha256", "size", "width",
           "height", "removed", "text", "created_at")  # fmt: skip


def is_attachment(entry: Entry) -> bool:
    return entry.object_id.startswith(PREFIX) and entry.action.startswith("attachment.")


def removes_bytes(carried: Iterable[Carried]) -> bool:
    """Whether applying these entries may delete attachment bytes or note versions (then
    the write-ahead log is checkpointed after the commit, as a removal here does)."""
    return any(c.entry.action in ("attachment.remove", "trash.empty") for c in carried)


def carried_content(store: Store, entry: Entry) -> dict[str, Any] | None:
    """The attachment's row content if it is still what ``entry`` signed."""
    if not entry.content_hash or not store.keeps_attachments:
        return None
    current = store.attachment_object(entry.object_id[len(PREFIX) :])
    if current is None or content_hash(current) != entry.content_hash:
        return None
    return current


# --- sending ----------------------------------------------------------------------------


def encode_blobs(
    store: Store, entries: Sequence[Entry], contents: Mapping[str, Any]
) -> dict[str, str]:
    """SHA-256 -> base64 of the bytes of every attachment these entries add whose row
    travels with them (each content once)."""
    added = {e.object_id for e in entries if e.action == ADD}
    blobs: dict[str, str] = {}
    for entry in entries:
        if entry.object_id not in added or entry.entry_hash not in contents:
            continue
        row = store.attachment_row(entry.object_id[len(PREFIX) :])
        sha256 = "" if row is None else row.sha256
        if not sha256 or sha256 in blobs or _held_before(store, sha256, entry, added):
            continue
        data = store.attachment_content(sha256)
        if data is not None:
            blobs[sha256] = base64.b64encode(data).decode("ascii")
    return blobs


def _held_before(store: Store, sha256: str, entry: Entry, added: set[str]) -> bool:
    """Whether another attachment of these bytes was here before ``entry`` and did not come
    with it: every receiver applies that one's add first (the heads say so), so it holds
    the bytes (if it removed them since, the merger finds them in the folder: find_blobs)."""
    for other in store.attachment_ids_with_content(sha256):
        object_id = PREFIX + other
        if object_id in added:
            continue
        rows = (Entry.from_row(r) for r in store.history_of_objects(object_id))
        if any(e.object_id == object_id and e.seq < entry.seq for e in rows):
            return True
    return False


def bundle_chunks(store: Store, entries: Sequence[Entry], most: int) -> Iterator[list[Entry]]:
    """``entries`` (one replica's, in order) cut into bundles of at most ``most`` entries and
    ``BLOB_BYTES_PER_BUNDLE`` of attachment bytes, never where an attachment's content
    would travel only in a later bundle than one of its entries."""
    carried = {e.entry_hash for e in entries if is_attachment(e) and carried_content(store, e)}
    chunk: list[Entry] = []
    size = 0
    for entry in entries:
        adds = _blob_size(store, entry)
        full = len(chunk) >= most or (chunk and size + adds > BLOB_BYTES_PER_BUNDLE)
        if full and _may_cut(chunk, carried):
            yield chunk
            chunk, size = [], 0
        chunk.append(entry)
        size += adds
    if chunk:
        yield chunk


def _blob_size(store: Store, entry: Entry) -> int:
    if entry.action != ADD or not store.keeps_attachments:
        return 0
    row = store.attachment_row(entry.object_id[len(PREFIX) :])
    return 0 if row is None else int(row.size)


def _may_cut(chunk: Sequence[Entry], carried: set[str]) -> bool:
    """False if an attachment's last entry in ``chunk`` made content that travels only with
    a later entry (the receiver would get the change without the row it made)."""
    last: dict[str, Entry] = {}
    for entry in chunk:
        if is_attachment(entry):
            last[entry.object_id] = entry
    return all(not e.content_hash or e.entry_hash in carried for e in last.values())


# --- receiving --------------------------------------------------------------------------


def attach_blobs(carried: list[Carried], raw: Any, shown: str) -> list[Carried]:
    """Each blob of a bundle checked against the attachment row its signed entry vouches for
    and put beside that entry; BundleRefused (one sentence) for any other."""
    if raw is None:
        return carried
    altered = BundleRefused(
        f"{shown} holds attachment bytes that their signed entry does not vouch for; "
        "nothing of it was applied."
    )
    if not isinstance(raw, dict):
        raise altered
    named: dict[str, int] = {}  # sha256 -> index of the first carried row naming it
    for index, item in enumerate(carried):
        if item.content is not None and is_attachment(item.entry):
            named.setdefault(str(item.content.get("sha256")), index)
    out = list(carried)
    for sha256, text in raw.items():
        if not isinstance(text, str) or sha256 not in named:
            raise altered
        try:
            data = base64.b64decode(text.encode("ascii"), validate=True)
        except (binascii.Error, UnicodeEncodeError, ValueError):
            raise altered from None
        index = named[sha256]
        if hashlib.sha256(data).hexdigest() != sha256:
            raise altered
        content = out[index].content or {}
        if content.get("size") != len(data):
            raise altered
        out[index] = replace(out[index], blob=data)
    return out


def check_content(entry: Entry, content: Mapping[str, Any], shown: str) -> None:
    """An attachment row carried for ``entry``: the fields a row has, for that attachment."""
    if set(content) != set(_FIELDS) or entry.object_id != f"{PREFIX}{content.get('id')}":
        raise BundleRefused(
            f"{shown} holds an attachment that its signed entry does not vouch for; "
            "nothing of it was applied."
        )


def settle_attachments(
    ctx: DeskContext,
    object_ids: Iterable[str],
    carried: Iterable[Carried],
    shown: str,
    from_folder: Mapping[str, bytes | None],
) -> int:
    """Every attachment touched brought to its newest entry; how many rows changed."""
    from influence_desk.attachments.upkeep import TRASH_EMPTIED
    from influence_desk.sync.merger import changes_of, ends_object

    items = {c.entry.entry_hash: c for c in carried}
    blobs = {str(c.content["sha256"]): c.blob for c in items.values()
             if c.blob is not None and c.content is not None}  # fmt: skip
    store = ctx.store
    changed = 0
    for object_id in dict.fromkeys(object_ids):
        entries = changes_of(ctx, object_id)
        if not entries or entries[-1].entry_hash not in items:
            continue  # still an entry this copy held: its row already shows it
        winner = entries[-1]
        key = object_id[len(PREFIX) :]
        if ends_object(winner):
            store.delete_attachment(key)
            if winner.payload.get("reason") == TRASH_EMPTIED:  # (its read text with it)
                object_versions.forget(store, object_id)
            changed += 1
            continue
        content = items[winner.entry_hash].content
        if content is None:
            raise _refused(shown, "changes an attachment without its newest content")
        record = record_of(content, shown)
        if record.source_id is not None and store.source_row(record.source_id) is None:
            raise _refused(shown, "holds an attachment of a source this replica does not hold")
        if not store.has_attachment_content(record.sha256):
            data = blobs.get(record.sha256) or bytes_from_folder(record, from_folder)
            if data is None:
                why = "lacks the bytes of an attachment this replica does not hold"
                if record.sha256 in from_folder:  # (looked for: in no bundle of the folder)
                    raise _refused(shown, why)
                raise MissingBytes(_refused(shown, why).message, [record.sha256])
            store.put_attachment_content(record.sha256, data)
        store.put_attachment(record)
        changed += 1
    return changed


class MissingBytes(BundleRefused):
    """A bundle whose newest row of an attachment names bytes neither it nor this copy
    holds: this copy removed that attachment while another replica, not having seen the
    removal, changed it later in the common order. ``sha256s`` names them. ``void``: they
    come back because a removed person's removals are taken back (sync/void_objects.py);
    found nowhere, they stay removed here and the bundle applies (else it is refused)."""

    def __init__(self, message: str, sha256s: Sequence[str], *, void: bool = False) -> None:
        super().__init__(message)
        self.sha256s = tuple(dict.fromkeys(sha256s))
        self.void = void


def bytes_from_folder(
    record: AttachmentRecord, from_folder: Mapping[str, bytes | None]
) -> bytes | None:
    """The bytes of ``record`` that sync/run.py found in the folder's bundles (checked
    against their name there), if they have the size the row says."""
    data = from_folder.get(record.sha256)
    return data if data is not None and len(data) == record.size else None


def find_blobs(
    paths: Iterable[Path], open_bundle: Callable[[Path], Bundle], sha256s: Iterable[str]
) -> dict[str, bytes]:
    """The bytes named by ``sha256s`` that some bundle in the folder carries (every bundle
    is kept there; the one that added the attachment holds them), each checked against its
    name; each bundle opened once, under the key that wrote it. A file that cannot be read
    (damaged, hostile, gone since it was listed) is passed over: it must not stop a sync
    that does not need it. Rare: read only after MissingBytes."""
    wanted = set(sha256s)
    found: dict[str, bytes] = {}
    for path in paths:
        if not wanted - found.keys():
            break
        try:
            body = json.loads(open_bundle(path).payload)
            blobs = body.get("blobs", {}) if isinstance(body, dict) else {}
            for sha256 in wanted - found.keys():
                text = blobs.get(sha256)
                data = base64.b64decode(text.encode("ascii"), validate=True) if text else None
                if data is not None and hashlib.sha256(data).hexdigest() == sha256:
                    found[sha256] = data
        except (BundleRefused, BadInput, OSError, ValueError, AttributeError, TypeError,
                RecursionError, binascii.Error):  # fmt: skip
            continue
    return found


def record_of(content: Mapping[str, Any], shown: str) -> AttachmentRecord:
    try:
        values = [content[f] for f in _FIELDS]
        values[_FIELDS.index("removed")] = json.dumps(content["removed"], ensure_ascii=False)
        record = AttachmentRecord(*values)
        same = record.content() == dict(content)
    except (KeyError, TypeError, ValueError):
        same = False
    if not same:
        raise _refused(shown, "holds an attachment that is not what was signed")
    return record


def _refused(shown: str, why: str) -> BundleRefused:
    return BundleRefused(f"{shown} {why}; nothing of it was applied.")
