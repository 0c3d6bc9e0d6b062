"""What an event, organisation, attachment, name review or the settings table shows when a
removed person's void entries are among its changes (sync/void.py): the same on every
replica that holds the same history, and what ``verify`` expects.

* No void entry: the usual rules (sync/merger.py, sync/attachments.py,
  sync/vault_objects.py).
* Only void entries made it: an attachment or a review is gone; an event or organisation
  stays as the removed person left it, on every copy, including one that never applied
  their entries (notes of others may point at it; the lead can delete it).
* Else the newest entry of someone else decides, whole: the content it signed (carried in
  the bundle, kept in ``object_versions``, or the stored row while it is still that), or
  gone if it ended the object. Someone who edited over a void version adopted it: their
  version stands. The settings are merged key by key without the void entries, as
  concurrent settings are (sync/settings_merge.py).
* A content this copy does not hold (a version from before schema 8) leaves the object as
  it is: nothing is guessed. An attachment whose bytes this copy deleted (it had applied
  the void removal) gets them from the folder's bundle that carried them (sync/run.py);
  found in none, it stays removed here and the sync says so (``SyncResult.not_back``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from influence_desk.canonical import content_hash
from influence_desk.history import Entry
from influence_desk.sync import object_versions, settings_merge
from influence_desk.sync.object_versions import META_OBJECT, Overrides, exact_content, is_kept
from influence_desk.sync.settings_merge import cut_point, signed_digests, table_of
from influence_desk.sync.three_way import ends_object

if TYPE_CHECKING:
    from influence_desk.desk.context import DeskContext
    from influence_desk.store import Store
    from influence_desk.sync.changes import Carried

_STAYS = ("event:", "org:")  # (kinds that stay when only void entries made them)


@dataclass(frozen=True)
class Target:
    """What a void-touched object must show: ``content`` (None: no object); ``known`` False
    when this copy cannot tell (it stays as it is)."""

    content: dict[str, Any] | None
    known: bool = True


AS_IS = Target(None, known=False)
GONE = Target(None)


def _changes(store: Store, object_id: str) -> list[Entry]:
    from influence_desk.sync.three_way import changes

    return changes(store.history_of_objects(object_id), object_id)


def target(
    store: Store,
    object_id: str,
    entries: list[Entry],
    void: Set[str],
    carried: Mapping[str, Carried] | None = None,
    signed: Overrides | None = None,
) -> Target | None:
    """What ``object_id`` (``entries``: its changes, in order) shows with the ``void``
    entries taken back; None when none of them is void."""
    if not any(e.entry_hash in void for e in entries):
        return None
    live = [e for e in entries if e.entry_hash not in void]
    if not live and not object_id.startswith(_STAYS):
        return GONE
    if object_id == META_OBJECT:
        return _settings(store, entries, void, carried or {})
    # (an event or organisation only void entries made stays on every copy as they left it,
    # so a copy that never applied them holds what notes of others point at)
    newest = live[-1] if live else entries[-1]
    if ends_object(newest):
        return GONE
    brought = (carried or {}).get(newest.entry_hash)
    content = None
    if brought is not None and brought.content is not None and (
        content_hash(brought.content) == newest.content_hash
    ):
        content = dict(brought.content)
    if content is None:
        content = exact_content(store, newest, signed)
    return AS_IS if content is None else Target(content)


def _bytes_gone(store: Store, object_id: str, found: Target) -> bool:
    """An attachment to bring back whose bytes this copy does not hold (it had applied the
    void removal): sync/run.py looks for them in the folder's bundles."""
    return (object_id.startswith("attachment:") and found.content is not None
            and not store.has_attachment_content(str(found.content.get("sha256", ""))))  # fmt: skip


def _blob(carried: Mapping[str, Carried], sha256: str) -> Any:
    """The attachment bytes named ``sha256`` that the bundle carries (None: not there)."""
    found = (c.blob for c in carried.values()
             if c.blob is not None and c.content is not None and c.content.get("sha256") == sha256)
    return next(found, None)


def _settings(
    store: Store, entries: list[Entry], void: Set[str], carried: Mapping[str, Carried]
) -> Target:
    """The settings table merged key by key from the entries of others (their digests are
    in their payloads), its values from this copy's table and its kept ones. What came
    before the newest entry every other had seen (and that had seen all before it) is only
    its table, unless a void entry is among those."""
    cut = cut_point(entries)
    if not any(e.entry_hash in void for e in entries[: cut + 1]):
        entries = entries[cut:]
    tables: dict[str, dict[str, str]] = {}
    for entry in entries:
        table = signed_digests(entry, store)
        if table is None and entry.entry_hash not in void:
            return _newest_whole(store, entries, void)
        tables[entry.entry_hash] = table or {}
    wanted = settings_merge.merge(entries, tables, void)
    if wanted is None:
        return AS_IS
    held = [c.content for c in carried.values()
            if c.entry.object_id == META_OBJECT and c.content is not None]  # fmt: skip
    table = table_of(wanted, [store.all_meta(), *object_versions.kept_tables(store), *held])
    return AS_IS if table is None else Target(table)


def _newest_whole(store: Store, entries: list[Entry], void: Set[str]) -> Target:
    newest = [e for e in entries if e.entry_hash not in void][-1]
    content = exact_content(store, newest)
    return AS_IS if content is None else Target(content)


def void_objects(store: Store, void: Mapping[str, Entry]) -> dict[str, str | None]:
    """For ``verify``: each kept object a void entry touched that this copy can settle, and
    the content hash it must show (None: none)."""
    out: dict[str, str | None] = {}
    signed = object_versions.overrides(store)
    for object_id in dict.fromkeys(e.object_id for e in void.values()):
        if not is_kept(object_id):
            continue
        found = target(store, object_id, _changes(store, object_id), void.keys(), None, signed)
        if found is not None and found.known and not _bytes_gone(store, object_id, found):
            out[object_id] = None if found.content is None else content_hash(found.content)
    return out


def settle_void_objects(
    ctx: DeskContext,
    object_ids: Iterable[str],
    void: Set[str],
    carried: Mapping[str, Carried],
    shown_name: str,
    from_folder: Mapping[str, bytes | None],
) -> list[str]:
    """Attachments, reviews and the settings a void entry touched, brought to what they
    show without it (events and organisations: sync/merger.py ``_settle_reference``).
    Attachments to bring back whose bytes are neither here nor in the bundle raise one
    ``MissingBytes`` naming them all; sync/run.py applies the bundle again with
    ``from_folder`` holding them (None: found nowhere, it stays removed here).
    Returns the attachments that stay removed so."""
    from influence_desk.sync.attachments import MissingBytes, bytes_from_folder, record_of
    from influence_desk.sync.vault_objects import settle_meta

    wanted = dict.fromkeys(object_ids)
    if not wanted:
        return []  # (the usual bundle: no query for overrides)
    store = ctx.store
    not_back: list[str] = []  # attachments whose bytes are in no bundle of the folder
    gone: list[str] = []  # bytes of attachments to bring back that this copy lacks
    signed = object_versions.overrides(store)
    for object_id in wanted:
        if not is_kept(object_id) or object_id.startswith(_STAYS):
            continue
        found = target(store, object_id, _changes(store, object_id), void, carried, signed)
        if found is None or not found.known:
            continue
        current = object_versions.live_content(store, object_id)
        if current == found.content:
            continue
        key = object_id.partition(":")[2]
        if object_id == META_OBJECT:
            settle_meta(store, found.content or {}, shown_name)
        elif object_id.startswith("attachment:"):
            if found.content is None:
                store.delete_attachment(key)
            else:
                record = record_of(found.content, shown_name)
                if not store.has_attachment_content(record.sha256):
                    data = _blob(carried, record.sha256)
                    data = data or bytes_from_folder(record, from_folder)
                    if data is None:
                        if record.sha256 in from_folder:
                            not_back.append(object_id)  # (in no bundle of the folder either)
                        else:
                            gone.append(record.sha256)  # (to look for in the folder)
                        continue
                    store.put_attachment_content(record.sha256, data)
                store.put_attachment(record)
        elif found.content is None:
            store.delete_name_review(key)
        else:
            content = found.content
            store.put_name_review(str(content["key"]), str(content["state"]),
                                  str(content["decided_at"]))  # fmt: skip
    if gone:
        why = f"{shown_name} brings back an attachment whose bytes this copy no longer holds."
        raise MissingBytes(why, gone, void=True)
    return not_back
