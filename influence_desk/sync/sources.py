"""Sources travelling between replicas (DESIGN §11): registrations, edits, the sealed
identity, pseudonym clashes and the same person registered twice.

A ``source.create`` / ``source.update`` entry signs the source's content, which names the
sealed identity by its digest (``identity_sha256``), never the identity itself. A bundle
carries the content and the sealed blob (changes.py's ``surfaces`` slot); both are proven:
the content by the entry's hash, the blob by the digest inside it. The blob stays sealed to
the vault's identity key: a replica that holds the key opens it (and re-pseudonymises what
it holds so the new names are matched, inside the same transaction as the apply); one that
does not stores it sealed, as it stores every identity.

Pseudonyms stay unique across replicas: when two sources come to share one (compared as the
store compares them, case-insensitively), the one whose ``source.create`` comes later in the
deterministic order (clock, replica, rseq) is renamed to the first free "<pseudonym> N"
(N = 2, 3, ...) by a signed ``source.update`` (payload ``reason: pseudonym taken``). Every
replica holding both does the same rename to the same content, so they converge whatever
order the bundles came in.

A source merged into another (``merge_sources``) ends with a signed ``source.remove`` whose
payload names the survivor (``merged_into``); the notes linking it are rewritten by the
replica that merged (signed note entries, travelling as notes do) and the survivor's
identity gains the other's names as aliases. A replica receiving the removal moves any
note of its own still linking the merged source (sync/source_merge.py); a note arriving
after the removal that still links it is stored as signed over a stand-in row that goes in
the same transaction, once the note has followed the survivor (``stand_in``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Set
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from influence_desk import backups, crypto
from influence_desk.canonical import canonical, content_hash
from influence_desk.desk.cleaning import identity_from_json
from influence_desk.desk.context import DeskContext, build_matcher
from influence_desk.desk.records import Names
from influence_desk.history import Entry, HistoryWriter
from influence_desk.pseudonyms import fold
from influence_desk.store import ORGANISATIONS, SourceRecord, Store
from influence_desk.sync.bundle_format import BundleRefused

if TYPE_CHECKING:
    from influence_desk.desk import Desk
    from influence_desk.sync.changes import Carried

SOURCE_PREFIX = "source:"
SOURCE_CHANGES = frozenset({"source.create", "source.update", "source.remove"})
TAKEN_REASON = "pseudonym taken"


def is_source_change(entry: Entry) -> bool:
    """A change of a source that travels (a reveal travels as an event, not here)."""
    return entry.object_id.startswith(SOURCE_PREFIX) and entry.action in SOURCE_CHANGES


def encode_source(store: Store, entry: Entry) -> dict[str, Any] | None:
    """What a bundle carries for a source entry: the content and sealed identity it gave
    the source (its kept version, else the source as it is now if that is what the entry
    signed; a version re-encoded since, or superseded before versions were kept, goes
    without)."""
    if not entry.content_hash or not is_source_change(entry):
        return None
    kept = store.source_version_row(entry.seq) if store.keeps_source_versions else None
    if kept is not None and content_hash(json.loads(str(kept[2]))) == entry.content_hash:
        return {"content": str(kept[2]), "surfaces": bytes(kept[3]).hex()}
    row = store.source_row(entry.object_id[len(SOURCE_PREFIX) :])
    if row is None:
        return None
    content = row.content()
    if content_hash(content) != entry.content_hash:
        return None
    return {"content": canonical(content).decode(), "surfaces": bytes(row.identity).hex()}


def live_note(store: Store, entry: Entry) -> tuple[dict[str, Any], Any] | None:
    """The live note, if it is what ``entry`` made: for the entry a registration's rewrite
    made, whose kept version the same rewrite re-encoded again (sealed afresh)."""
    row = store.note_row(entry.object_id.partition(":")[2])
    content = None if row is None else store.note_object(int(row.nid))
    if row is None or content is None or content_hash(content) != entry.content_hash:
        return None
    return content, row.surfaces


def blob_proven(entry: Entry, content: Mapping[str, Any], blob: bytes | None) -> bool:
    """Is ``blob`` the sealed identity the source ``content`` (already proven by the
    entry's hash) names by digest?"""
    if not is_source_change(entry) or blob is None:
        return False
    return content.get("identity_sha256") == hashlib.sha256(blob).hexdigest()


def _record(content: Mapping[str, Any], blob: bytes, shown: str) -> SourceRecord:
    try:
        record = SourceRecord(
            str(content["id"]), str(content["pseudonym"]), str(content["role_description"]),
            None if content["organisation_id"] is None else str(content["organisation_id"]),
            str(content["consent"]), blob, str(content["created_at"]),
        )  # fmt: skip
    except KeyError:
        record = None
    if record is None or record.content() != dict(content):
        raise BundleRefused(
            f"{shown} holds a source that its signed entry does not vouch for; nothing of it "
            "was applied."
        )
    return record


def _changes(store: Store, object_id: str) -> list[Entry]:
    entries = (Entry.from_row(r) for r in store.history_of_objects(object_id))
    return sorted(
        (e for e in entries if e.object_id == object_id and (e.content_hash or _ends(e))),
        key=lambda e: e.order_key,
    )


def _ends(entry: Entry) -> bool:
    return entry.action.endswith((".delete", ".remove"))


@dataclass
class SourcesSettled:
    """What settling the sources of one bundle did."""

    identities: set[str] = field(default_factory=set)  # sources whose identity is new here
    renamed: set[str] = field(default_factory=set)  # sources given a new pseudonym
    removed: dict[str, str] = field(default_factory=dict)  # merged source -> survivor

    @property
    def any(self) -> bool:
        return bool(self.identities or self.renamed or self.removed)


def settle_sources(
    ctx: DeskContext, items: Iterable[Carried], shown: str,
    org_stand_in: Callable[[str], bool] = lambda _org: False,
    void: Set[str] = frozenset(), voided: Iterable[str] = (),
) -> SourcesSettled:  # fmt: skip
    """Bring every source the bundle changed to its newest entry (inside the apply's
    transaction, after events and organisations, before notes). ``org_stand_in``: an
    organisation merged away here gets a stand-in row (sync/reference_merge.py). ``void``:
    the void entries held (sync/void.py); ``voided``: sources whose entries became void in
    this apply (taken back here: rebuilt from their non-void entries)."""
    from influence_desk.sync.source_fields import merged_record, void_record

    store = ctx.store
    carried = {i.entry.entry_hash: i for i in items}
    objects = dict.fromkeys([*(i.entry.object_id for i in carried.values()), *voided])
    settled = SourcesSettled()
    for object_id in objects:
        entries = _changes(store, object_id)
        source_id = object_id[len(SOURCE_PREFIX) :]
        removal = next((e for e in entries if _ends(e)), None)
        if removal is not None:  # a removal stands against any edit (source_fields.py)
            if removal.entry_hash in carried:
                into = removal.payload.get("merged_into")
                settled.removed[source_id] = str(into) if isinstance(into, str) else ""
            continue  # removed after the notes moved (sync/source_merge.py)
        record = void_record(store, entries, void)  # (None: no void entry counts)
        if record is None:
            record = merged_record(store, entries)  # several versions open: field by field
        if record is None:
            if not entries or entries[-1].entry_hash not in carried:
                continue  # still an entry this copy held: its row already shows it
            winner = carried[entries[-1].entry_hash]
            if winner.content is None or winner.surfaces is None:
                raise BundleRefused(
                    f"{shown} changes a source without its newest content; nothing of it "
                    "was applied."
                )
            record = _record(winner.content, winner.surfaces, shown)
        org = record.organisation_id
        if (org is not None and store.reference(ORGANISATIONS, org) is None
                and not org_stand_in(org)):  # fmt: skip
            raise BundleRefused(
                f"{shown} holds a source at an organisation this replica does not hold; "
                "nothing of it was applied."
            )
        before = store.source_row(source_id)
        if before is None or bytes(before.identity) != bytes(record.identity):
            settled.identities.add(source_id)
        _put_unique(ctx, record, settled)
    return settled


def _put_unique(ctx: DeskContext, record: SourceRecord, settled: SourcesSettled) -> None:
    """Store ``record``; if another source holds its pseudonym, the later-created of the
    two is renamed (a signed entry), the same way on every replica."""
    store = ctx.store
    other = store.source_row_by_pseudonym(record.pseudonym)
    if other is None or str(other.id) == record.id:
        store.put_source(record)
        return
    mine, theirs = created_key(store, record.id), created_key(store, str(other.id))
    # (never both under one pseudonym: INSERT OR REPLACE would drop the other row)
    if mine > theirs:  # the incoming source came later: it takes the derived pseudonym
        loser = replace(record, pseudonym=derived_pseudonym(store, record.pseudonym, record.id))
        store.put_source(loser)
        _signed_rename(ctx, loser, record.pseudonym)
        settled.renamed.add(record.id)
        return
    loser = replace(other, pseudonym=derived_pseudonym(store, str(other.pseudonym), str(other.id)))
    store.put_source(loser)
    _signed_rename(ctx, loser, str(other.pseudonym))
    settled.renamed.add(str(other.id))
    store.put_source(record)


def created_key(store: Store, source_id: str) -> tuple[int, str, int, int]:
    entries = _changes(store, SOURCE_PREFIX + source_id)
    return entries[0].order_key if entries else (0, "", 0, 0)


def derived_pseudonym(store: Store, pseudonym: str, source_id: str) -> str:
    """The first of "<pseudonym> 2", "<pseudonym> 3", ... no other source holds (the
    source's own current one is free to keep: an edit made before the rename had arrived
    lands on the same name again)."""
    taken = {fold(p) for s, p in store.pseudonyms().items() if s != source_id}
    number = 2
    while fold(f"{pseudonym} {number}") in taken:
        number += 1
    return f"{pseudonym} {number}"


def _signed_rename(ctx: DeskContext, record: SourceRecord, was: str) -> None:
    writer = ctx.vault.writer()
    writer.append("source.update", SOURCE_PREFIX + record.id, record.content(),
                  {"reason": TAKEN_REASON, "was": was})  # fmt: skip


def merged_into(store: Store, source_id: str) -> str | None:
    """The source ``source_id`` was merged into, if a signed ``source.remove`` says so and
    this copy holds it."""
    for row in store.history_of_objects(SOURCE_PREFIX + source_id):
        entry = Entry.from_row(row)
        if entry.object_id == SOURCE_PREFIX + source_id and entry.action == "source.remove":
            into = entry.payload.get("merged_into")
            if isinstance(into, str) and store.source_row(into) is not None:
                return into
    return None


def stand_in(ctx: DeskContext, source_id: str, settled: SourcesSettled) -> bool:
    """A note coming in that links a source merged away here (written before its replica
    saw the merge): a stand-in row for the note to be stored as signed, then the note
    follows the survivor and the stand-in goes, in the same transaction (follow_removals).
    False if ``source_id`` was never merged (or this copy cannot open the note's text)."""
    into = merged_into(ctx.store, source_id)
    if into is None or not ctx.vault.can_reveal:
        return False
    ctx.store.put_source(SourceRecord(source_id, f"merged source {source_id}", "", None,
                                      "anonymous", b"", ""))  # fmt: skip
    settled.removed[source_id] = into
    return True


def names_after(ctx: DeskContext, settled: SourcesSettled, old: Names | None) -> Names:
    """The names in memory after ``settled``: the store's pseudonyms, and for identity
    holders every identity (the new ones opened from their sealed blobs)."""
    store = ctx.store
    pseudonyms = store.pseudonyms()
    if not ctx.vault.can_reveal:
        return Names(pseudonyms)
    if old is None or old.matcher is None:
        old = ctx.load_names(with_matcher=True)  # (from the store as it is now)
    key = ctx.vault.identity_key
    identities = {s: i for s, i in old.identities.items() if s in pseudonyms}
    for source_id in settled.identities | (set(pseudonyms) - set(identities)):
        row = store.source_row(source_id)
        if row is None:
            continue
        sealed = crypto.open_sealed(key, bytes(row.identity), ctx.identity_context(source_id))
        identities[source_id] = identity_from_json(sealed)
    return Names(pseudonyms, identities, build_matcher(pseudonyms, identities, old.matcher))


def after_sources(desk: Desk, writer: HistoryWriter, settled: SourcesSettled) -> Names | None:
    """Inside the apply's transaction, after the notes: what the new or changed sources
    mean for what this replica holds. Returns the names to keep in memory once it commits
    (None: nothing about sources changed)."""
    from influence_desk.progress import no_progress
    from influence_desk.repseudonymise import repseudonymise_everything
    from influence_desk.sync.source_merge import finish_moves, follow_removals

    if not settled.any:
        return None
    ctx = desk.context
    old = ctx.names
    ctx.names = None  # read afresh (pseudonym_of), whatever commits
    # Links of notes still naming a merged source move first (its row goes); their text
    # follows with the re-pseudonymisation for the survivor's names, and any note that did
    # not is rewritten after it (never twice: a version re-encoded and then superseded in
    # one transaction could not be sent).
    moved = follow_removals(desk, settled.removed)
    _reindex(ctx, settled.renamed)
    names = names_after(ctx, settled, old)
    changed = {s for s in settled.identities if s in names.identities}
    if changed:
        repseudonymise_everything(desk, writer, names, changed, no_progress, None)
    finish_moves(desk, writer, moved, names)
    return names


def _reindex(ctx: DeskContext, renamed: set[str]) -> None:
    """Notes linking a renamed source: their search rows hold its pseudonym."""
    from influence_desk import search_index
    from influence_desk.store import NoteWhere

    store = ctx.store
    for source_id in renamed:
        for note_id in store.note_ids(NoteWhere(source_id=source_id), "occurred_at", False):
            row = store.note_row(note_id)
            if row is None:
                continue
            nid = int(row.nid)
            tags = store.note_links(nid).tags
            index = search_index.index_row(nid, row.title, row.summary, row.body, tags,
                                           ctx.pseudonym_of, ctx.taxonomy)  # fmt: skip
            store.index_note(nid, *index.columns(), fresh=False)


class NamesKept:
    """What one apply did to the names: kept in memory once it commits (names_in_memory)."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.names: Names | None = None
        self.identities: set[str] = set()

    def after(self, writer: HistoryWriter, settled: SourcesSettled) -> None:
        if settled.identities and self.desk.vault.can_reveal:
            backups.mark_pending(self.desk)  # before the commit, as a registration does
        self.names = after_sources(self.desk, writer, settled)
        self.identities = set(settled.identities)


@contextmanager
def names_in_memory(desk: Desk) -> Iterator[NamesKept]:
    """Around an apply's transaction: after it commits, the new names are the ones in
    memory (a new note naming a source that came in is pseudonymised at once) and the
    backups are re-pseudonymised for the new identities; after a rollback, the names are
    read afresh on need."""
    keep = NamesKept(desk)
    try:
        yield keep
    except BaseException:
        if keep.names is not None:
            desk.context.names = None
        raise
    if keep.names is None:
        return
    desk.context.names = keep.names
    if keep.identities and desk.vault.can_reveal:
        desk.store.checkpoint_wal()
        desk.last_backup_rewrite = backups.rewrite_backups(desk, keep.identities)
