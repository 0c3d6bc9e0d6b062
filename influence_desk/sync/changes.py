"""What a bundle carries: a run of one replica's signed entries and the note contents they
made (the plaintext inside a bundle's AEAD; bundle_format.py is the envelope).

    {"format": 1, "entries": [entry, ...], "contents": {entry hash: {"content", "surfaces"}}}

An entry is every field its v2 hash covers plus the hash and the signature; ``content`` is
the canonical JSON the entry's content hash covers and ``surfaces`` the sealed original
spellings (hex) that content names by digest (for a source: its sealed identity, named by
``identity_sha256``; sync/sources.py). Note, event, organisation and source contents
travel: they are what the receiving replica writes (sync/merger.py); so do attachment rows,
name reviews and the settings, and ``"blobs"`` carries the bytes of the attachments the
bundle adds (sync/attachments.py, sync/vault_objects.py). The payload is
authenticated by the bundle's AEAD, yet parsed strictly: whoever holds the data key could
still write one by hand.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from influence_desk.canonical import canonical, content_hash
from influence_desk.history import Entry
from influence_desk.store import EVENTS, ORGANISATIONS, ReferenceTable, Store
from influence_desk.sync import attachments, object_versions, vault_objects
from influence_desk.sync.bundle_format import BundleRefused
from influence_desk.sync.sources import blob_proven, encode_source, is_source_change, live_note

CHANGES_FORMAT = 1
NOTE_PREFIX = "note:"
# Events and organisations travel as the content each entry made: the stored row while it is
# that, else the version kept of it (sync/object_versions.py), so a replica can go back to it
# when a later entry is void; an entry whose content is not held here goes without it.
REFERENCES: dict[str, ReferenceTable[Any]] = {"event": EVENTS, "org": ORGANISATIONS}


def object_kind(object_id: str) -> str:
    """``note``, ``event``, ``org``, ... : what an object id's prefix says."""
    return object_id.partition(":")[0]


@dataclass(frozen=True)
class Carried:
    """One entry of a bundle with the note content it made (None for none); ``blob``: the
    bytes of the attachment whose row it carries (sync/attachments.py); ``text``: the
    content's canonical JSON, as its hash was checked (None: not computed yet)."""

    entry: Entry
    content: dict[str, Any] | None
    surfaces: bytes | None
    blob: bytes | None = None
    text: bytes | None = None

    def canonical_content(self) -> bytes:
        """``canonical(content)`` (of a carried content), computed once."""
        return self.text if self.text is not None else canonical(self.content)


def _entry_json(entry: Entry) -> dict[str, Any]:
    return {
        "replica": entry.replica, "rseq": entry.rseq, "clock": entry.clock, "at": entry.at,
        "actor": entry.actor, "action": entry.action, "object": entry.object_id,
        "content": entry.content_hash, "prev": entry.prev_hash,
        "heads": {r: [n, h] for r, (n, h) in entry.heads.items()},
        "payload": entry.payload, "hash": entry.entry_hash, "signature": entry.signature.hex(),
    }  # fmt: skip


def own_entries(store: Store, replica: str, after: int) -> list[Entry]:
    """This replica's entries numbered after ``after``, in its order."""
    return [Entry.from_row(row) for row in store.replica_rows(replica, after)]


def encode_changes(store: Store, entries: list[Entry]) -> bytes:
    """The payload for ``entries`` (one replica's, in order) with the note contents."""
    from influence_desk.versions import kept_content

    contents: dict[str, dict[str, Any]] = {}
    signed = object_versions.overrides(store)
    for entry in entries:
        kind, _, object_key = entry.object_id.partition(":")
        if entry.content_hash and is_source_change(entry):  # with its sealed identity
            source = encode_source(store, entry)
            if source is not None:
                contents[entry.entry_hash] = source
            continue
        if entry.content_hash and kind in REFERENCES:
            current = store.reference_object(REFERENCES[kind], object_key)
            if content_hash(current) != entry.content_hash:
                current = _kept(store, entry, signed)
            if current is not None:
                contents[entry.entry_hash] = {"content": canonical(current).decode(),
                                              "surfaces": None}  # fmt: skip
            continue
        travelling = _travelling_content(store, entry)
        if travelling is None and entry.content_hash and object_versions.is_kept(entry.object_id):
            travelling = _kept(store, entry, signed)
        if travelling is not None:
            contents[entry.entry_hash] = {"content": canonical(travelling).decode(),
                                          "surfaces": None}  # fmt: skip
            continue
        if not (entry.content_hash and kind == "note"):
            continue
        kept = kept_content(store, entry)
        if kept is not None and content_hash(kept[0]) != entry.content_hash:
            kept = live_note(store, entry)  # re-encoded since (names registered)
        if kept is None:  # a version from before versions were kept: the note cannot travel
            continue
        content, surfaces = kept
        contents[entry.entry_hash] = {
            "content": canonical(content).decode(),
            "surfaces": None if surfaces is None else bytes(surfaces).hex(),
        }
    body = {"format": CHANGES_FORMAT, "entries": [_entry_json(e) for e in entries],
            "contents": contents}  # fmt: skip
    blobs = attachments.encode_blobs(store, entries, contents)
    if blobs:
        body["blobs"] = blobs
    return canonical(body)


def _kept(store: Store, entry: Entry, signed: object_versions.Overrides) -> dict[str, Any] | None:
    """The kept content ``entry`` signed, if exactly that (a re-encoded one does not travel:
    its entry would not vouch for it)."""
    kept = object_versions.exact_content(store, entry, signed)
    return kept if kept is not None and content_hash(kept) == entry.content_hash else None


def _travelling_content(store: Store, entry: Entry) -> dict[str, Any] | None:
    """An attachment's row, a review or the settings, if still what ``entry`` signed."""
    if attachments.is_attachment(entry):
        return attachments.carried_content(store, entry)
    if vault_objects.is_vault_object(entry):
        return vault_objects.carried_content(store, entry)
    return None


def decode_changes(
    payload: bytes, replica: str, first: int, last: int, shown: str
) -> list[Carried]:
    """The entries of a bundle's payload, checked for shape and against its header (the
    replica and the range); signatures and chains are checked by sync/incoming.py."""
    damaged = BundleRefused(
        f"{shown} holds changes that cannot be read; nothing of it was applied."
    )
    try:
        body = json.loads(payload.decode("utf-8"))
        if not isinstance(body, dict) or body.get("format") != CHANGES_FORMAT:
            raise damaged
        raw_entries, raw_contents = body["entries"], body["contents"]
        raw_blobs = body.get("blobs")
        if not isinstance(raw_entries, list) or not isinstance(raw_contents, dict):
            raise damaged
        entries = [_parse_entry(item) for item in raw_entries]
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError,
            IndexError, RecursionError):  # fmt: skip
        raise damaged from None
    numbers = [e.rseq for e in entries]
    if numbers != list(range(first, last + 1)) or any(e.replica != replica for e in entries):
        raise BundleRefused(f"{shown} does not hold what its name says; nothing of it was applied.")
    out: list[Carried] = []
    for entry in entries:
        content, surfaces, text = _content_of(entry, raw_contents.get(entry.entry_hash), shown)
        out.append(Carried(entry, content, surfaces, text=text))
    return attachments.attach_blobs(out, raw_blobs, shown)


def _parse_entry(item: Any) -> Entry:
    heads_raw = item["heads"]
    if not isinstance(heads_raw, dict) or not isinstance(item["payload"], dict):
        raise ValueError("not an entry")
    heads = {str(r): (_number(v[0]), _text(v[1])) for r, v in heads_raw.items()}
    signature = bytes.fromhex(_text(item["signature"]))
    return Entry(0, _text(item["at"]), _text(item["actor"]), _text(item["action"]),
                 _text(item["object"]), _text(item["content"]), _text(item["prev"]),
                 item["payload"], _text(item["hash"]), signature, _text(item["replica"]),
                 _number(item["rseq"]), _number(item["clock"]), heads, 2)  # fmt: skip


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("not text")
    return value


def _number(value: Any) -> int:
    if type(value) is not int or value < 0:
        raise TypeError("not a number")
    return value


def _content_of(
    entry: Entry, raw: Any, shown: str
) -> tuple[dict[str, Any] | None, bytes | None, bytes | None]:
    """The note content carried for ``entry``, proven by the entry's own content hash, its
    sealed spellings and its canonical JSON (kept: the merge stores it as the version)."""
    if raw is None:
        return None, None, None
    what = "source" if is_source_change(entry) else "note"
    altered = BundleRefused(
        f"{shown} holds a {what} that its signed entry does not vouch for; nothing of it was "
        "applied."
    )
    try:
        content = json.loads(raw["content"])
        surfaces = None if raw["surfaces"] is None else bytes.fromhex(raw["surfaces"])
    except (ValueError, KeyError, TypeError):
        raise altered from None
    if not isinstance(content, dict):
        raise altered
    text = canonical(content)  # (what content_hash hashes)
    by_key = vault_objects.proven(entry, content)  # (settings: signed key by key)
    whole = hashlib.sha256(text).hexdigest() == entry.content_hash
    if by_key is False or (by_key is None and not whole):
        raise altered
    digest = "" if surfaces is None else hashlib.sha256(surfaces).hexdigest()
    if entry.object_id.startswith(NOTE_PREFIX) and content.get("surfaces_sha256") != digest:
        raise altered
    if is_source_change(entry) and not blob_proven(entry, content, surfaces):
        raise altered  # the sealed identity, proven by the digest the content signs
    note = entry.object_id.startswith(NOTE_PREFIX)
    if not note and surfaces is not None and not is_source_change(entry):
        raise altered
    if attachments.is_attachment(entry):
        attachments.check_content(entry, content, shown)
    elif vault_objects.is_vault_object(entry):
        vault_objects.check_content(entry, content, shown)
    elif entry.object_id != f"{object_kind(entry.object_id)}:{content.get('id')}":
        raise altered
    return content, surfaces, text
