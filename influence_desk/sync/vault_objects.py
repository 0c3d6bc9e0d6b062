"""Name reviews, vault settings and the emptied trash in sync bundles (DESIGN §11).

- ``name.review`` (object ``name:<digest>``): a decision about an unregistered person, by
  the keyed digest of the folded name (never the name; every replica derives the same key
  from the shared identity key). It travels with its row; the newest decision in the
  deterministic order is what every replica holds, so a public export refused on one
  replica for a pending candidate is refused or allowed the same on the others.
- ``vault.settings`` (object ``vault:meta``): history signs the whole settings table; the
  newest entry decides it when it had seen every other, and concurrent changes are merged
  key by key against the table both had seen (sync/settings_merge.py: different keys both
  survive; the same key on both, the later entry in the deterministic order wins). The
  vault id and the identity's public key can never change this way.
- ``trash.empty`` (object ``vault:trash``, no content): the kept versions of the notes it
  names are deleted here too, for each note that is in this copy's trash after the merge
  (a note restored meanwhile on another replica keeps its versions). Note entries whose
  versions were emptied before they were sent travel without content, which the
  ``trash.empty`` of the same bundle explains.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from influence_desk.history import Entry
from influence_desk.store import Store
from influence_desk.sync.bundle_format import BundleRefused
from influence_desk.sync.settings_merge import (
    META_OBJECT,
    digest,
    merged_digests,
    signed_digests,
    table_of,
)
from influence_desk.versions import TRASH_OBJECT

if TYPE_CHECKING:
    from influence_desk.desk.context import DeskContext
    from influence_desk.sync.changes import Carried

__all__ = [
    "META_OBJECT",
    "carried_content",
    "check_content",
    "emptied_in",
    "is_vault_object",
    "settle_meta",
    "settle_vault_objects",
]

NAME_PREFIX = "name:"
_FIXED = ("vault_id", "identity_public")
_STATES = frozenset({"public", "not-person"})


def is_vault_object(entry: Entry) -> bool:
    if entry.action == "name.review":
        return entry.object_id.startswith(NAME_PREFIX) and bool(entry.content_hash)
    if entry.action == "vault.settings":
        return entry.object_id == META_OBJECT and bool(entry.content_hash)
    return entry.action == "trash.empty" and entry.object_id == TRASH_OBJECT


def carried_content(store: Store, entry: Entry) -> dict[str, Any] | None:
    """The object's content as stored, if it is still what ``entry`` signed; for settings
    with per-key digests, the stored values that entry signed (after a merge the stored
    table is no single entry's: sync/settings_merge.py)."""
    from influence_desk.canonical import content_hash

    if not entry.content_hash:
        return None
    if entry.object_id == META_OBJECT:
        signed = signed_digests(entry)
        current = store.all_meta()
        if signed is not None:
            part = {k: v for k, v in current.items() if signed.get(k) == digest(k, v)}
            return part or None
        return current if content_hash(current) == entry.content_hash else None
    review = store.name_review_object(entry.object_id[len(NAME_PREFIX) :])
    if review is None or content_hash(review) != entry.content_hash:
        return None
    return review


def proven(entry: Entry, content: Mapping[str, Any]) -> bool | None:
    """Whether carried settings are values ``entry`` signed key by key (None: not such an
    entry; its content must hash to what it signed)."""
    if entry.object_id != META_OBJECT or entry.action != "vault.settings":
        return None
    signed = signed_digests(entry)
    if signed is None:
        return None
    return all(isinstance(k, str) and isinstance(v, str) and signed.get(k) == digest(k, v)
               for k, v in content.items())  # fmt: skip


def check_content(entry: Entry, content: Mapping[str, Any], shown: str) -> None:
    """A carried settings table or review row: the shape that object has."""
    if entry.object_id == META_OBJECT:
        fine = all(isinstance(k, str) and isinstance(v, str) for k, v in content.items())
    else:
        fine = (
            set(content) == {"key", "state", "decided_at"}
            and entry.object_id == f"{NAME_PREFIX}{content['key']}"
            and content["state"] in _STATES
            and isinstance(content["decided_at"], str)
        )
    if not fine:
        raise BundleRefused(
            f"{shown} holds a setting or review that its signed entry does not vouch for; "
            "nothing of it was applied."
        )


def emptied_in(carried: Iterable[Carried]) -> frozenset[str]:
    """The note objects (``note:<id>``) a bundle's ``trash.empty`` entries name."""
    out: set[str] = set()
    for item in carried:
        entry = item.entry
        if entry.action == "trash.empty" and entry.object_id == TRASH_OBJECT:
            notes = entry.payload.get("notes")
            if isinstance(notes, list):
                out.update(f"note:{n}" for n in notes if isinstance(n, str))
    return frozenset(out)


def settle_vault_objects(
    ctx: DeskContext, object_ids: Iterable[str], carried: Iterable[Carried], shown: str
) -> None:
    """Reviews and settings brought to their newest entry; then the trash emptied."""
    from influence_desk.sync.merger import changes_of

    items = list(carried)
    by_hash = {c.entry.entry_hash: c for c in items}
    store = ctx.store
    for object_id in dict.fromkeys(object_ids):
        if object_id == TRASH_OBJECT:
            continue
        entries = changes_of(ctx, object_id)
        if object_id == META_OBJECT and _settle_settings(store, entries, by_hash, shown):
            continue
        if not entries or entries[-1].entry_hash not in by_hash:
            continue  # this copy's own entry is the newest: its row shows it
        content = by_hash[entries[-1].entry_hash].content
        if content is None:
            raise BundleRefused(
                f"{shown} changes a setting or review without its newest content; "
                "nothing of it was applied."
            )
        if object_id == META_OBJECT:
            settle_meta(store, content, shown)
        else:
            store.put_name_review(str(content["key"]), str(content["state"]),
                                  str(content["decided_at"]))  # fmt: skip
    for note_object in sorted(emptied_in(items)):
        note_id = note_object[len("note:") :]
        if store.note_row(note_id) is None:
            store.delete_versions_of(note_id)


def _settle_settings(
    store: Store, entries: list[Entry], by_hash: Mapping[str, Carried], shown: str
) -> bool:
    """The settings table merged key by key, or the newest entry's, from the values this
    copy and the bundle hold (sync/settings_merge.py). False: an entry from before the
    per-key digests decides, whose whole table the bundle carries (the caller settles it)."""
    wanted = merged_digests(store, entries)
    if wanted is None:
        if not entries or entries[-1].entry_hash not in by_hash:
            return True  # this copy's own entry is the newest: its table shows it
        wanted = signed_digests(entries[-1])
        if wanted is None:
            return False
    held = [c.content for c in by_hash.values()
            if c.entry.object_id == META_OBJECT and c.content is not None]  # fmt: skip
    table = table_of(wanted, [store.all_meta(), *held])
    if table is None:
        raise BundleRefused(
            f"{shown} changes a setting without its newest content; nothing of it was applied."
        )
    settle_meta(store, table, shown)
    return True


def settle_meta(store: Store, content: Mapping[str, Any], shown: str) -> None:
    current = store.all_meta()
    if any(content.get(k) != current.get(k) for k in _FIXED):
        raise BundleRefused(
            f"{shown} changes what names this vault (its id or identity key); "
            "nothing of it was applied."
        )
    for key in set(current) - set(content):
        store.delete_meta(key)
    for key, value in content.items():
        if current.get(key) != value:
            store.set_meta(str(key), str(value))
