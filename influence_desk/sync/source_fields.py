"""A source's fields merged from its concurrent versions (DESIGN §11 "Merge"), the way a
note's are (sync/three_way.py's DAG, over a source's own fields).

Every ``source.create`` / ``source.update`` keeps the content it signed and the sealed
identity that content names in ``source_versions`` (schema 7), on the replica that wrote it
and on every replica it reaches (a bundle carries each version). So what a source shows is a
pure function of its entries and kept versions: every replica and ``verify`` compute the
same, and nothing is written for a merge.

The fields: ``role_description``, ``organisation_id``, ``consent`` and ``identity`` (the
sealed names and aliases, compared by ``identity_sha256``; its value is never shown, not
even to identity holders: "identity (sealed)"). Edits of different fields on two replicas
both survive; the same field set to different values is a conflict listed beside the notes'
(``Conflict.kind == "source"``) until a person keeps one version: one signed
``source.update`` whose payload names the versions it saw (``resolves``) and the fields it
settles (``fields``). ``pseudonym`` merges too but is never a conflict: only the clash
renames of sync/sources.py move it, the same way on every replica. A source is never
deleted, only merged into another (``source.remove``); a removal stands against any edit
(its names went to the survivor), so it is no conflict.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Set
from typing import TYPE_CHECKING, Any

from influence_desk.canonical import content_hash
from influence_desk.errors import BadInput, VaultDamaged
from influence_desk.history import Entry
from influence_desk.store import ORGANISATIONS, SourceRecord, Store
from influence_desk.sync.conflicts import PREVIEW, Conflict, ConflictVersion, choose
from influence_desk.sync.three_way import (
    EXISTS,
    RESOLVE_FIELDS,
    RESOLVE_PAYLOAD,
    Kept,
    NoteDag,
    VersionMissing,
    changes,
    ends_object,
    linear,
    one_head,
    seen,
)

if TYPE_CHECKING:
    from influence_desk.desk import Desk
    from influence_desk.desk.context import DeskContext

SOURCE_PREFIX = "source:"
IDENTITY = "identity"
PSEUDONYM = "pseudonym"
# The fields a person edits, in the order the source dialog shows them.
FIELDS = ("role_description", "organisation_id", "consent", IDENTITY)
FIELD_NAMES = {"role_description": "role", "organisation_id": "organisation"}
_INTERNAL = {v: k for k, v in FIELD_NAMES.items()}
SEALED = "identity (sealed)"


def source_values(content: dict[str, Any]) -> dict[str, Any]:
    return {PSEUDONYM: content.get(PSEUDONYM), "role_description": content.get("role_description"),
            "organisation_id": content.get("organisation_id"), "consent": content.get("consent"),
            IDENTITY: content.get("identity_sha256"), EXISTS: True}  # fmt: skip


def kept_source(store: Store) -> Kept:
    """The content and sealed identity an entry gave its source: the kept version, or the
    source's row if it is still exactly that (a version from before schema 7)."""

    def kept(entry: Entry) -> tuple[dict[str, Any], Any] | None:
        source_id = entry.object_id[len(SOURCE_PREFIX) :]
        row = store.source_version_row(entry.seq) if store.keeps_source_versions else None
        if row is not None and str(row[1]) == source_id:
            return json.loads(str(row[2])), bytes(row[3])
        live = store.source_row(source_id)
        if live is not None and content_hash(live.content()) == entry.content_hash:
            return live.content(), bytes(live.identity)
        return None

    return kept


def source_entries(store: Store, source_id: str) -> list[Entry]:
    object_id = SOURCE_PREFIX + source_id
    return changes(store.history_of_objects(object_id), object_id)


def source_dag(store: Store, entries: list[Entry], void: int = 0) -> NoteDag:
    return NoteDag(entries, kept_source(store), source_values, void=void)


def merged_record(store: Store, entries: list[Entry]) -> SourceRecord | None:
    """The source merged from its open versions; None when the newest entry stands (one
    head, a removal, or a version the merge needs not kept here)."""
    if not entries or one_head(entries) or any(ends_object(e) for e in entries):
        return None
    try:
        return _dag_record(source_dag(store, entries))
    except (VersionMissing, VaultDamaged, KeyError):
        return None


def _dag_record(dag: NoteDag) -> SourceRecord:
    state = dag.final()
    shown = max(state.fields[IDENTITY], key=lambda c: c.index)
    content, blob = dag.content(shown.index)
    org = state.value("organisation_id")
    return SourceRecord(
        str(content["id"]), str(state.value(PSEUDONYM)), str(state.value("role_description")),
        None if org is None else str(org), str(state.value("consent")), bytes(blob),
        None if content.get("created_at") is None else str(content["created_at"]),
    )  # fmt: skip


def void_record(store: Store, entries: list[Entry], void: Set[str]) -> SourceRecord | None:
    """What a source with void entries among ``entries`` shows (sync/void.py): its
    non-void entries merged, each entry written over a void version keeping its own
    changes; None when the usual rules hold: no entry is void, a removal ends it (it
    stands against any edit), or only void entries gave it content (a source only a
    removed person registered stays as they left it: notes of others may name it)."""
    mask = sum(1 << i for i, e in enumerate(entries) if e.entry_hash in void)
    live = [e for e in entries if e.entry_hash not in void]
    if not mask or not any(e.content_hash for e in live) or any(ends_object(e) for e in entries):
        return None
    newest = live[-1]
    kept = kept_source(store)
    try:
        if one_head(live) and not any(seen(e, newest) for e in entries if e.entry_hash in void):
            found = kept(newest)  # the newest non-void version alone stands
            if found is None:
                raise VersionMissing
            content, blob = found
            org = content.get("organisation_id")
            return SourceRecord(
                str(content["id"]), str(content["pseudonym"]), str(content["role_description"]),
                None if org is None else str(org), str(content["consent"]), bytes(blob),
                None if content.get("created_at") is None else str(content["created_at"]),
            )  # fmt: skip
        return _dag_record(NoteDag(entries, kept, source_values, void=mask))
    except (VersionMissing, VaultDamaged, KeyError):
        return None  # (a version from before schema 7: the newest stands)


def void_sources(store: Store, void: Mapping[str, Entry]) -> dict[str, str | None]:
    """For ``verify``: each source a void entry touched that its non-void entries rebuild,
    and the content hash it must show."""
    out: dict[str, str | None] = {}
    for object_id in dict.fromkeys(e.object_id for e in void.values()):
        if object_id.startswith(SOURCE_PREFIX):
            entries = source_entries(store, object_id[len(SOURCE_PREFIX) :])
            record = void_record(store, entries, void.keys())
            if record is not None:
                out[object_id] = content_hash(record.content())
    return out


def merged_sources(store: Store) -> dict[str, str | None]:
    """For ``verify``: each source whose history has several open versions (or a removal),
    and the content hash it must show (None: removed)."""
    rows: dict[str, list[Any]] = {}
    for row in store.history_of_objects(SOURCE_PREFIX):
        rows.setdefault(str(row[4]), []).append(row)
    out: dict[str, str | None] = {}
    for object_id, held in rows.items():
        entries = changes(held, object_id)
        if any(ends_object(e) for e in entries):
            out[object_id] = None
            continue
        record = merged_record(store, entries) if len({e.replica for e in entries}) > 1 else None
        if record is not None:
            out[object_id] = content_hash(record.content())
    return out


# --- conflicts ----------------------------------------------------------------------------


class _Reader:
    """One source's DAG and what a person sees of its versions: the pseudonym, the field,
    each version's value (never the identity)."""

    def __init__(self, ctx: DeskContext, source_id: str) -> None:
        self.ctx = ctx
        self.source_id = source_id
        self.entries = source_entries(ctx.store, source_id)
        from influence_desk.sync.void import void_mask  # (it imports three_way)

        self.dag = source_dag(ctx.store, self.entries, void_mask(ctx, self.entries))
        self.me = ctx.store.local_replica()

    def conflicts(self) -> list[Conflict]:
        found = [c for c in self.dag.conflicts() if c.field in FIELDS]
        found.sort(key=lambda c: FIELDS.index(c.field))
        pseudonym = self.ctx.pseudonym_of(self.source_id)
        out = []
        for fc in found:
            versions = tuple(
                ConflictVersion(e.seq, e.replica, e.actor, e.at, False, pseudonym,
                                e.replica == self.me, self.preview(fc.field, c.value))
                for c in fc.candidates for e in (self.entries[c.index],)
            )  # fmt: skip
            shown = self.entries[fc.shown.index].seq
            name = FIELD_NAMES.get(fc.field, fc.field)
            out.append(Conflict(self.source_id, shown, versions, name, kind="source"))
        return out

    def preview(self, name: str, value: Any) -> str:
        if name == IDENTITY:
            return SEALED
        if name == "organisation_id":
            org = self.ctx.store.reference(ORGANISATIONS, str(value)) if value else None
            text = "" if org is None else str(org.name)  # ("": none)
        else:
            text = "" if value is None else str(value)
        return text if len(text) <= PREVIEW else text[: PREVIEW - 1] + "…"


def _source_ids(ctx: DeskContext) -> list[str]:
    """Sources with entries from more than one replica (the only ones that can conflict)."""
    replicas: dict[str, set[str]] = {}
    for row in ctx.store.history_of_objects(SOURCE_PREFIX):
        entry = Entry.from_row(row)
        if entry.version == 2:
            replicas.setdefault(entry.object_id[len(SOURCE_PREFIX) :], set()).add(entry.replica)
    return sorted(s for s, seen_by in replicas.items() if len(seen_by) > 1)


def source_conflicts_of(ctx: DeskContext, source_id: str) -> list[Conflict]:
    entries = source_entries(ctx.store, source_id)
    if len(entries) < 2 or linear(entries) or any(ends_object(e) for e in entries):
        return []
    if ctx.store.source_row(source_id) is None:
        return []
    try:
        return _Reader(ctx, source_id).conflicts()
    except VersionMissing:  # (a version from before schema 7: the newest stands)
        return []


def source_conflicts(ctx: DeskContext) -> list[Conflict]:
    return [c for s in _source_ids(ctx) for c in source_conflicts_of(ctx, s)]


def is_conflicting_source(ctx: DeskContext, object_id: str) -> str | None:
    """The source id ``object_id`` ("source:ID" or a source's id) names, if it has a
    conflict; None for anything else (a note's id)."""
    source_id = object_id.removeprefix(SOURCE_PREFIX)
    if ctx.store.source_row(source_id) is None or not source_conflicts_of(ctx, source_id):
        return None
    return source_id


def resolve_source(desk: Desk, source_id: str, keep: str, field: str | None = None) -> Conflict:
    """Keep ``mine``, ``theirs`` or a version's number for the source's ``field`` (None:
    every field in conflict): one signed ``source.update`` of this replica. A kept identity
    re-pseudonymises what this replica holds, as an edit of it does."""
    ctx = desk.context
    ctx.vault.writer()
    found = source_conflicts_of(ctx, source_id)
    if field is not None:
        found = [c for c in found if c.field == field]
    if not found:
        what = f" on its {field}" if field is not None else " to resolve"
        raise BadInput(f"The source {source_id} has no conflict{what}.")
    if keep == "both":
        raise BadInput("Both versions can be kept only of a note's title, summary or body; "
                       "keep one.")  # fmt: skip
    reader = _Reader(ctx, source_id)
    state = reader.dag.final()
    row = ctx.store.source_row(source_id)
    assert row is not None
    values: dict[str, Any] = {}
    blob = bytes(row.identity)
    resolves: set[str] = set()
    kept: set[str] = set()
    names: list[str] = []
    for conflict in found:
        (chosen,) = choose(conflict, keep)
        name = _INTERNAL.get(conflict.field, conflict.field)
        candidates = state.fields[name]
        picked = next(c for c in candidates if reader.entries[c.index].seq == chosen.version)
        resolves |= {reader.entries[c.index].entry_hash for c in candidates}
        kept.add(reader.entries[picked.index].entry_hash)
        names.append(name)
        if name == IDENTITY:
            blob = bytes(reader.dag.content(picked.index)[1])
        else:
            values[name] = picked.value
    record = SourceRecord(row.id, row.pseudonym, str(values.get("role_description",
                          row.role_description)), values.get("organisation_id",
                          row.organisation_id), str(values.get("consent", row.consent)), blob,
                          row.created_at)  # fmt: skip
    payload = {RESOLVE_PAYLOAD: sorted(resolves), "kept": sorted(kept),
               RESOLVE_FIELDS: sorted(names)}  # fmt: skip
    _write(desk, record, payload, identity_changed=blob != bytes(row.identity))
    return found[0]


def _write(desk: Desk, record: SourceRecord, payload: dict[str, Any], *,
           identity_changed: bool) -> None:  # fmt: skip
    from influence_desk import backups
    from influence_desk.progress import no_progress
    from influence_desk.repseudonymise import repseudonymise_everything
    from influence_desk.sync.sources import SourcesSettled, names_after

    ctx, store = desk.context, desk.context.store
    reveal = identity_changed and ctx.vault.can_reveal
    if record.organisation_id is not None and store.reference(ORGANISATIONS,
                                                              record.organisation_id) is None:
        raise BadInput("That version's organisation is not in this vault; keep the other.")
    behind = backups.is_pending(desk)
    if reveal:
        backups.mark_pending(desk)
    old = ctx.names
    with ctx.write("repseudonymise") as writer:
        store.put_source(record)
        writer.append("source.update", SOURCE_PREFIX + record.id, store.source_object(record.id),
                      payload)  # fmt: skip
        names = None
        if reveal:
            names = names_after(ctx, SourcesSettled(identities={record.id}), old)
            repseudonymise_everything(desk, writer, names, {record.id}, no_progress, None)
    ctx.names = names
    if reveal or behind:
        store.checkpoint_wal()
        desk.last_backup_rewrite = backups.rewrite_backups(desk, None if behind else {record.id})

