"""The same person registered on two replicas (DESIGN §11): found by a replica holding the
identity key, merged into one source by signed entries that travel (sync/sources.py).

``duplicate_sources``: sources whose real names or aliases fold to the same text (the one
fold of names: pseudonyms.fold), each pair offered with the earlier registration (the
deterministic order of their ``source.create``) as the survivor.

``merge_sources(survivor, other)``, one transaction: every note linking ``other`` (by hand
or by a reference in its text) rewritten to reference the survivor (signed note entries);
``other`` ended by ``source.remove`` with payload ``merged_into``; the survivor's identity
gains the other's real name, aliases, contact details and its pseudonym as aliases (a
``source.update``: typing the old pseudonym is a mention of the survivor). Nothing else is
rewritten here: every mention of the other's names was already a reference (now moved),
and a kept old version still names the merged source (shown as a source since removed). A
replica receiving the new identity re-pseudonymises for it as for any identity that comes
in (sync/sources.py). The survivor keeps its pseudonym. A replica applying the removal
repoints any note of its own still linking the merged source the same way, then drops it
(``follow_removals``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from influence_desk import crypto, textformat
from influence_desk.canonical import content_hash
from influence_desk.desk.cleaning import check_identity, identity_from_json, identity_json
from influence_desk.desk.context import build_matcher
from influence_desk.desk.records import Names
from influence_desk.errors import BadInput
from influence_desk.history import HistoryWriter, now_text
from influence_desk.model import SourceIdentity
from influence_desk.pseudonyms import fold
from influence_desk.store import NoteRecord, NoteWhere, Store
from influence_desk.sync.bundle_format import BundleRefused
from influence_desk.sync.sources import SOURCE_PREFIX, created_key
from influence_desk.sync.three_way import MOVED_PAYLOAD

if TYPE_CHECKING:
    from influence_desk.desk import Desk

MERGED_REASON = "sources merged"
Fields = dict[str, tuple[str, textformat.Rendered]]


@dataclass(frozen=True)
class DuplicateSources:
    """Two sources that are the same person (their names fold alike): pseudonyms only."""

    survivor_id: str
    survivor: str  # pseudonym kept
    other_id: str
    other: str  # pseudonym that becomes the survivor's alias


def duplicate_sources(desk: Desk) -> list[DuplicateSources]:
    """Sources registered more than once (identity holders only: it opens identities)."""
    names = desk.context.load_names(with_matcher=True)  # NotPermitted without the key
    store = desk.store
    by_name: dict[str, list[str]] = {}
    for source_id, identity in names.identities.items():
        for name in dict.fromkeys(fold(n) for n in identity.names() if fold(n)):
            by_name.setdefault(name, []).append(source_id)
    pairs: dict[tuple[str, str], None] = {}
    for ids in by_name.values():
        ordered = sorted(set(ids), key=lambda s: created_key(store, s))
        for other in ordered[1:]:
            pairs[(ordered[0], other)] = None
    return [
        DuplicateSources(s, names.pseudonyms[s], o, names.pseudonyms[o])
        for s, o in sorted(pairs, key=lambda p: (names.pseudonyms[p[0]], names.pseudonyms[p[1]]))
    ]


def _merged_identity(
    survivor: SourceIdentity, other: SourceIdentity, pseudonym: str
) -> SourceIdentity:
    names = [*survivor.aliases, *other.names(), pseudonym]
    seen = {fold(survivor.real_name)}
    aliases = []
    for name in names:
        if fold(name) not in seen:
            seen.add(fold(name))
            aliases.append(name)
    contact = tuple(dict.fromkeys((*survivor.contact, *other.contact)))
    notes = "\n".join(n for n in (survivor.notes, other.notes) if n)
    return check_identity(replace(survivor, aliases=tuple(aliases), contact=contact, notes=notes))


def merge_sources(desk: Desk, survivor_id: str, other_id: str) -> None:
    """Merge ``other`` into ``survivor`` (see the module's docstring): signed entries that
    travel to every replica."""
    ctx, store = desk.context, desk.store
    ctx.vault.writer()
    survivor, other = desk.source(survivor_id), desk.source(other_id)
    if survivor.id == other.id:
        raise BadInput("A source cannot be merged into itself; name two different sources.")
    if store.attachment_rows_of_source(other.id):
        raise BadInput(f"{other.pseudonym} has identity attachments; remove them before merging.")
    names = ctx.load_names(with_matcher=True)
    identity = _merged_identity(names.identities[survivor.id], names.identities[other.id],
                                other.pseudonym)  # fmt: skip
    new = _without(names, other.id, {survivor.id: identity})
    sealed = ctx.seal(identity_json(identity), ctx.identity_context(survivor.id))
    row = store.source_row(survivor.id)
    assert row is not None
    with ctx.write("repseudonymise") as writer:
        repoint_notes(desk, writer, other.id, survivor.id, new)
        store.delete_source(other.id)
        writer.append("source.remove", SOURCE_PREFIX + other.id, None,
                      {"merged_into": survivor.id, "pseudonym": other.pseudonym})  # fmt: skip
        store.put_source(replace(row, identity=sealed))
        writer.append("source.update", SOURCE_PREFIX + survivor.id,
                      store.source_object(survivor.id),
                      {"reason": MERGED_REASON, "merged": other.id})  # fmt: skip
    ctx.names = new


def _without(names: Names, gone: str, identities: dict[str, SourceIdentity] | None = None) -> Names:
    pseudonyms = {s: p for s, p in names.pseudonyms.items() if s != gone}
    kept = {s: i for s, i in names.identities.items() if s != gone}
    kept.update(identities or {})
    return Names(pseudonyms, kept, build_matcher(pseudonyms, kept, names.matcher))


def _names_without(desk: Desk, gone: str) -> Names:
    """Every source's names but ``gone``'s (whose row may be a stand-in: sync/sources.py)."""
    ctx = desk.context
    key = ctx.vault.identity_key
    pseudonyms, identities = {}, {}
    for row in desk.store.source_rows():
        source_id = str(row.id)
        if source_id == gone:
            continue
        pseudonyms[source_id] = str(row.pseudonym)
        sealed = crypto.open_sealed(key, bytes(row.identity), ctx.identity_context(source_id))
        identities[source_id] = identity_from_json(sealed)
    return Names(pseudonyms, identities, build_matcher(pseudonyms, identities))


def _moved_fields(fields: Fields, moves: Mapping[str, str]) -> Fields:
    """Text fields with their references to merged sources pointing at the survivors."""
    return {
        name: (text, replace(rendered, refs=tuple(
            replace(r, source_id=moves.get(r.source_id, r.source_id)) for r in rendered.refs)))
        for name, (text, rendered) in fields.items()
    }  # fmt: skip


def repoint_notes(
    desk: Desk, writer: HistoryWriter, other: str, survivor: str, names: Names
) -> int:
    """Every note linking ``other`` links (and its text references) ``survivor`` instead:
    one signed note entry each. ``names`` no longer hold ``other``."""
    stamp = now_text()
    moved = _move_links(desk.store, other, survivor)
    for row in moved.values():
        fields, _surfaces = desk.notes.original_fields(row)
        desk.notes.rewrite_note(writer, row, _moved_fields(fields, {other: survivor}), names,
                                stamp, moved_payload({other: survivor}))  # fmt: skip
    return len(moved)


def _move_links(store: Store, other: str, survivor: str) -> dict[str, NoteRecord]:
    """The notes linking ``other`` link ``survivor`` instead: note id -> its row."""
    rows: dict[str, NoteRecord] = {}
    for note_id in store.note_ids(NoteWhere(source_id=other), "occurred_at", False):
        row = store.note_row(note_id)
        if row is None:
            continue
        nid = int(row.nid)
        orgs, links, tags = store.note_links(nid)
        store.set_note_links(nid, orgs, _moved_links(links, other, survivor).items(), tags)
        rows[note_id] = row
    return rows


def follow_removals(desk: Desk, removed: dict[str, str]) -> dict[str, dict[str, str]]:
    """Sources merged into another on some replica: the links of notes here still naming
    them move to the survivor (signed by ``finish_moves``), then the merged sources go.
    Returns note id -> {merged source: survivor} for the notes moved."""
    store = desk.store
    moved: dict[str, dict[str, str]] = {}
    for other, survivor in removed.items():
        if store.source_row(other) is None:
            continue
        if store.source_row(survivor) is None or store.attachment_rows_of_source(other):
            raise BundleRefused(
                "A synced merge of two sources cannot be followed here; nothing was applied."
            )
        for note_id in _move_links(store, other, survivor):
            moved.setdefault(note_id, {})[other] = survivor
        store.delete_source(other)
    desk.context.names = None
    return moved


def moved_payload(moves: Mapping[str, str]) -> dict[str, object]:
    """A repointing entry's payload: the moves, so that a concurrent unlink of a merged
    source also unlinks its survivor when the note's sets merge (sync/three_way.py)."""
    return {"reason": MERGED_REASON, MOVED_PAYLOAD: dict(sorted(moves.items()))}


def _moved_links(links: Iterable[tuple[str, bool]], other: str, survivor: str) -> dict[str, bool]:
    out: dict[str, bool] = {}
    for source_id, hand in links:
        source_id = survivor if source_id == other else source_id
        out[source_id] = out.get(source_id, False) or bool(hand)
    return out


def finish_moves(
    desk: Desk, writer: HistoryWriter, moved: Mapping[str, Mapping[str, str]], names: Names
) -> None:
    """Each moved note the re-pseudonymisation did not rewrite: its references moved too,
    one signed entry."""
    from influence_desk.sync.merger import note_entries

    store = desk.store
    stamp = now_text()
    for note_id, moves in moved.items():
        row = store.note_row(note_id)
        entries = note_entries(desk.context, note_id)
        content = None if row is None else store.note_object(int(row.nid))
        if row is None or content is None or not entries:
            continue
        if content_hash(content) == entries[-1].content_hash:
            continue  # rewritten (and signed) already
        fields, _surfaces = desk.notes.original_fields(row)
        desk.notes.rewrite_note(writer, row, _moved_fields(fields, moves), names, stamp,
                                moved_payload(moves))  # fmt: skip
