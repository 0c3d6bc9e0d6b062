"""Events and organisations merged on one replica, followed on every other (DESIGN §11).

``References.merge`` (desk/references.py) ends the dropped object with a signed
``{prefix}.delete`` whose payload names the survivor (``merged_into``). An object is merged
away when its newest entry in the deterministic order is such a delete; its survivor is
found by following ``merged_into`` until an object that lives (A into B, then B into C:
A's notes go to C). Inside the apply's transaction (sync/merger.py), before a merged object
goes:

- every note here still linking it (this replica's own, or one just written from the
  bundle) links the survivor instead: one signed ``note.update`` each through the apply's
  writer; sources at a merged organisation move the same way (``source.update``);
- a note (or source) coming in that links an object merged away here is stored as signed
  over a stand-in row, then follows the survivor as above and the stand-in goes.

Every replica does the same for the same entries, so they converge; concurrent follow-ups
of one note change the same link the same way and merge three-way without a conflict.

Merges that cross (A into B here, B into A there; any cycle): every object of the cycle
would be gone and its notes nowhere. The rule: the object whose ending delete is the
newest in the deterministic order (clock, replica, number) of the cycle's deletes lives on
(it is the one whose merge came "last", so the merge that came first stands), with the
content of its newest entry that had content; the replica that finds the cycle signs that
content again (``{prefix}.update``, payload ``reason: merges crossed``) so ``verify`` and
every other replica see it live. Every replica finding the cycle picks the same object and
the same content, and every other object of the cycle follows it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from influence_desk.canonical import content_hash
from influence_desk.desk.context import DeskContext
from influence_desk.history import Entry, now_text
from influence_desk.model import EventKind, OrgType
from influence_desk.store import EventRecord, OrganisationRecord
from influence_desk.sync.bundle_format import BundleRefused
from influence_desk.sync.changes import REFERENCES, Carried

CROSSED_REASON = "merges crossed"

Changes = Callable[[str], list[Entry]]  # object id -> its entries in the deterministic order


def merged_into(changes: Changes, object_id: str) -> str | None:
    """The object ``object_id`` was merged into, if its newest entry is a merge's delete."""
    entries = changes(object_id)
    if not entries or not entries[-1].action.endswith(".delete"):
        return None
    into = entries[-1].payload.get("merged_into")
    return into if isinstance(into, str) and into else None


def _chain(changes: Changes, kind: str, key: str) -> list[str]:
    """``key`` and every object its merges lead to, in order; a cycle ends the list with
    the first object it returns to."""
    chain = [key]
    while (into := merged_into(changes, f"{kind}:{chain[-1]}")) is not None:
        chain.append(into)
        if into in chain[:-1]:
            break
    return chain


def living_links(ctx: DeskContext, changes: Changes, content: dict[str, Any]) -> None:
    """A note's content about to be written by this replica (a conflict resolved to an
    older version): its event and organisations merged away since link their survivors;
    a link that leads nowhere living is dropped, as a restore from the trash drops it."""
    follow = ReferenceFollow(ctx, changes, {}, "")
    store = ctx.store
    event = content.get("event_id")
    if event is not None and store.reference(REFERENCES["event"], str(event)) is None:
        content["event_id"] = follow.survivor("event", str(event))
    orgs = []
    for org in content.get("organisations", []):
        if store.reference(REFERENCES["org"], str(org)) is None:
            org = follow.survivor("org", str(org))
        if org is not None:
            orgs.append(str(org))
    content["organisations"] = sorted(set(orgs))


def followed(ctx: DeskContext, content: Mapping[str, Any]) -> dict[str, Any]:
    """``content`` (a kept version a note comes back to: a restore) with ``living_links``."""
    from influence_desk.sync.merger import changes_of

    out = dict(content)
    living_links(ctx, lambda o: changes_of(ctx, o), out)
    return out


class ReferenceFollow:
    """Following merges of events and organisations inside one apply (sync/merger.py)."""

    def __init__(
        self, ctx: DeskContext, changes: Changes, carried: Mapping[str, Carried], shown: str,
    ) -> None:  # fmt: skip
        self._ctx = ctx
        self._changes = changes
        self._carried = carried  # entry hash -> what the bundle brought
        self._shown = shown
        self._stand_ins: dict[str, None] = {}  # object ids given a stand-in row

    def survivor(self, kind: str, key: str) -> str | None:
        """The living object ``key`` was merged into (through a chain); None if ``key`` was
        not merged away or its merges lead nowhere that lives here."""
        chain = _chain(self._changes, kind, key)
        last = chain[-1]
        if len(chain) == 1 or last in chain[:-1]:
            return None
        return last if self._ctx.store.reference(REFERENCES[kind], last) is not None else None

    def stand_in(self, kind: str, key: str) -> bool:
        """A note or source coming in links ``key``, merged away here: a stand-in row for
        it to be stored as signed; it follows the survivor and the row goes (``follow``)."""
        if self.survivor(kind, key) is None:
            return False
        if kind == "event":
            record: Any = EventRecord(key, EventKind.DESK_RESEARCH.value, f"merged event {key}",
                                      "", "", None, None, "")  # fmt: skip
        else:
            record = OrganisationRecord(key, f"merged organisation {key}", OrgType.OTHER.value,
                                        (), (), "")  # fmt: skip
        self._ctx.store.put_reference(REFERENCES[kind], record)
        self._stand_ins[f"{kind}:{key}"] = None
        return True

    def break_cycles(self, ends: list[str]) -> list[str]:
        """Objects ending in a cycle of merges: the one the rule keeps (module docstring)
        lives on, signed again; returns the ends still to go."""
        kept: set[str] = set()
        for object_id in ends:
            kind, _, key = object_id.partition(":")
            chain = _chain(self._changes, kind, key)
            if chain[-1] not in chain[:-1]:
                continue
            cycle = chain[chain.index(chain[-1]) : -1]
            newest = max(cycle, key=lambda k: self._changes(f"{kind}:{k}")[-1].order_key)
            self._revive(kind, newest)
            kept.add(f"{kind}:{newest}")
        return [o for o in ends if o not in kept]

    def _revive(self, kind: str, key: str) -> None:
        object_id, table, store = f"{kind}:{key}", REFERENCES[kind], self._ctx.store
        with_content = [e for e in self._changes(object_id) if e.content_hash]
        if not with_content:
            raise self._refused()
        newest = with_content[-1]
        held = store.reference_object(table, key)
        if held is None or content_hash(held) != newest.content_hash:
            brought = self._carried.get(newest.entry_hash)
            content = None if brought is None else brought.content
            if content is None:
                raise self._refused()
            from influence_desk.sync.merger import reference_record

            store.put_reference(table, reference_record(kind, content))
        self._ctx.vault.writer().append(f"{table.prefix}.update", object_id,
                                        store.reference_object(table, key),
                                        {"reason": CROSSED_REASON})  # fmt: skip

    def follow(self, ends: list[str]) -> list[str]:
        """Every note and source linking a merged object (or a stand-in) links its
        survivor, signed; then those objects go. Returns the notes moved."""
        store = self._ctx.store
        writer = self._ctx.vault.writer()
        notes: dict[int, None] = {}
        sources: dict[str, None] = {}
        gone = list(dict.fromkeys([*ends, *self._stand_ins]))
        for object_id in gone:
            kind, _, key = object_id.partition(":")
            table = REFERENCES[kind]
            linked = store.nids_with_reference(table, key)
            at = store.source_ids_of_organisation(key) if table.sources_column else []
            if linked or at:
                survivor = self.survivor(kind, key)
                if survivor is None:
                    raise self._refused()
                store.move_notes(table, key, survivor)
                notes.update(dict.fromkeys(linked))
                sources.update(dict.fromkeys(at))
            store.delete_reference(table, key)
        stamp = now_text()
        moved = []
        for nid in notes:
            store.touch_note(nid, stamp)
            note_id = store.nid_id(nid)
            writer.append("note.update", f"note:{note_id}", store.note_object(nid))
            moved.append(note_id)
        for source_id in sources:
            writer.append("source.update", f"source:{source_id}", store.source_object(source_id))
        return moved

    def _refused(self) -> BundleRefused:
        return BundleRefused(
            f"{self._shown} merges events or organisations in a way this replica cannot "
            "follow; nothing of it was applied."
        )
