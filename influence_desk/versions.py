"""Every version of a note, what one history entry changed in it, and restoring an old one.

Each history entry that gives a note new content (create, change, restore, a rewrite after a
registration, a merge) also keeps that content in ``note_versions`` (schema version 3),
keyed by the entry's number: the exact canonical JSON the entry's content hash covers, and
the sealed original spellings. So history vouches for every kept version byte for byte, and
``check_versions`` (run by ``verify``) reports a version altered, added or removed outside
the signed history.

What is shown is always pseudonymised (references rendered as pseudonyms, never the sealed
spellings): an auditor, or anyone without the identity key, can read what changed, by whom
and when, and never learns a name.

A source registered later must not stay readable in an old version either: the
registration rewrites every kept version that mentions the new names, as it rewrites the
notes (``rewrite_versions``), and signs the new digests in one ``note.versions`` entry per
note (object ``versions:ID``, no content). ``check_versions`` takes a version's expected
digest from the newest such entry, else from the entry that made it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from influence_desk import textformat
from influence_desk.canonical import canonical, content_hash
from influence_desk.errors import BadInput
from influence_desk.history import MIGRATE_ACTION, SCHEMA_OBJECT, Entry, HistoryWriter, Problem
from influence_desk.store.versions import VERSIONS_SINCE
from influence_desk.sync import object_versions

if TYPE_CHECKING:
    from influence_desk.desk import Desk
    from influence_desk.desk.records import Names, NoteView
    from influence_desk.pseudonyms import NameMatcher
    from influence_desk.store import NoteRecord, Store

OVERRIDES = "versions:"  # object prefix of the signed digests of rewritten versions
TRASH_OBJECT = "vault:trash"  # trash.empty entries (influence_desk.trash)
RESTORE_PAYLOAD = "restored_from"

# The fields a version shows, in the order a person reads a note.
FIELD_ORDER = ("title", "kind", "occurred_at", "event", "organisations", "sources", "tags",
               "summary", "body")  # fmt: skip


@dataclass(frozen=True)
class FieldChange:
    """One field of a note before and after an entry, as shown (pseudonymised)."""

    name: str
    before: str
    after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


@dataclass(frozen=True)
class EntryChange:
    """What one history entry did: who, when, and for a note each field before and after.

    ``before_kept`` / ``after_kept``: whether that version's content is in the vault (a
    version older than schema version 3 was never kept; a note deleted has no "after")."""

    entry: Entry
    note_id: str | None
    before_seq: int | None
    fields: tuple[FieldChange, ...]
    before_kept: bool
    after_kept: bool
    restorable: bool

    @property
    def changed(self) -> tuple[FieldChange, ...]:
        return tuple(f for f in self.fields if f.changed)


@dataclass(frozen=True)
class NoteVersion:
    """One history entry of a note, newest last."""

    seq: int
    at: str
    actor: str
    action: str
    kept: bool
    replica: str = ""  # the copy it was written on ("" before replicas)


# --- writing ------------------------------------------------------------------------------


def record(store: Store, seq: int, object_id: str, content: Mapping[str, Any] | None) -> None:
    """Keep the version an entry just gave a note or a source (called by
    ``HistoryWriter.append``); an event, organisation, attachment, review or the settings
    are kept by sync/object_versions.py."""
    if object_versions.is_kept(object_id):
        object_versions.record(store, seq, object_id, content)
        return
    if content is not None and object_id.startswith("source:"):
        source = store.source_row(object_id[7:]) if store.keeps_source_versions else None
        if source is not None and source.content() == dict(content):
            store.put_source_version(seq, source.id, canonical(content).decode(),
                                     bytes(source.identity))  # fmt: skip
        return
    if content is None or not object_id.startswith("note:") or not store.keeps_versions:
        return
    note_id = object_id[5:]
    row = store.note_row(note_id)
    surfaces = row.surfaces if row is not None else None
    store.put_version(seq, note_id, canonical(content).decode(), surfaces)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _blob_digest(blob: Any) -> str:
    return "" if blob is None else hashlib.sha256(bytes(blob)).hexdigest()


def _overrides(store: Store, note_id: str | None = None) -> dict[tuple[str, int], set[str]]:
    """(note, seq) -> the digests ``note.versions`` entries signed for that rewritten
    version (a synced one names its own replica's numbers: one more digest allowed for
    that note's version under the number, never one less)."""
    out: dict[tuple[str, int], set[str]] = {}
    prefix = OVERRIDES + (f"{note_id}" if note_id else "")
    for row in store.history_of_objects(prefix):
        entry = Entry.from_row(row)
        if note_id and entry.object_id != OVERRIDES + note_id:
            continue
        versions = entry.payload.get("versions")
        if isinstance(versions, dict):
            for seq, digest in versions.items():
                if str(seq).isdigit():
                    key = (entry.object_id[len(OVERRIDES) :], int(seq))
                    out.setdefault(key, set()).add(str(digest))
    return out


def version_overrides(store: Store, note_id: str) -> dict[tuple[str, int], set[str]]:
    """The digests signed for rewritten versions of one note (for ``kept_content``)."""
    return _overrides(store, note_id)


def _signed(
    note_id: str, seq: int, content_hash: str, overrides: Mapping[tuple[str, int], set[str]]
) -> set[str]:
    """The digests a kept version may have: its entry's, or one a rewrite signed."""
    return {content_hash, *overrides.get((note_id, seq), ())}


def rewrite_versions(
    desk: Desk, writer: HistoryWriter, names: Names, only_changed: NameMatcher
) -> int:
    """After a registration: every kept version that mentions one of the new names encoded
    again (references, the spellings sealed), its new digest signed. Returns how many."""
    from influence_desk.desk.cleaning import FIELD_JOIN, RESERVED_RE

    store = desk.store
    if not store.keeps_versions:
        return 0
    rewritten: dict[str, dict[str, str]] = {}
    overrides = _overrides(store)
    for seq, note_id, content_text, surfaces, obj, chash in list(store.iter_version_checks()):
        # Only what history vouches for is rewritten: a row altered or planted outside it
        # (verify names it) is never parsed, so it cannot stop a registration.
        if obj != f"note:{note_id}" or _digest(str(content_text)) not in _signed(
            str(note_id), int(seq), chash, overrides
        ):
            continue
        content = json.loads(content_text)
        stored = FIELD_JOIN.join(str(content.get(f, "")) for f in ("title", "summary", "body"))
        tags = [str(t) for t in content.get("tags", [])]
        tags_named = any(only_changed.find(t) for t in tags)
        in_text = bool(RESERVED_RE.search(stored) or only_changed.find(stored))
        row = _as_note_row(content, surfaces)
        if in_text:
            fields, _ = desk.notes.original_fields(row)
            in_text = bool(only_changed.find(FIELD_JOIN.join(t for t, _ in fields.values())))
        if not in_text and not tags_named:
            continue
        new = dict(content)
        if in_text:
            enc, sealed = desk.notes.reencoded(row, fields, names)
            explicit = [[s, True] for s, e in content.get("sources", []) if e]
            referenced = [[s, False] for s in enc.referenced if [s, True] not in explicit]
            new.update(title=enc.title, summary=enc.summary, body=enc.body,
                       surfaces_sha256=_blob_digest(sealed),
                       sources=sorted(explicit + referenced))  # fmt: skip
            surfaces = sealed
        if tags_named:
            new["tags"] = sorted({desk.context.replace_names(t, names) for t in tags})
        text = canonical(new).decode()
        store.put_version(int(seq), str(note_id), text, surfaces)
        rewritten.setdefault(str(note_id), {})[str(seq)] = _digest(text)
    for note_id, digests in rewritten.items():
        writer.append("note.versions", OVERRIDES + note_id, None,
                      {"reason": "names registered", "versions": digests})  # fmt: skip
    return sum(len(d) for d in rewritten.values())


def _as_note_row(content: Mapping[str, Any], surfaces: Any) -> NoteRecord:
    """A version's content as a note record (nid 0), for the Desk's text readers."""
    from influence_desk.store import NoteRecord

    return NoteRecord(0, str(content.get("id")), str(content.get("kind")),
                      str(content.get("title", "")), str(content.get("occurred_at")),
                      content.get("event_id"), str(content.get("summary", "")),
                      str(content.get("body", "")), surfaces, str(content.get("created_at")),
                      str(content.get("updated_at")))  # fmt: skip


# --- checking (verify) ----------------------------------------------------------------


def _versions_start(store: Store) -> int:
    """The entry after which every note entry must have kept its version: the migration to
    version 3 (or 0 for a vault created at version 3 or later)."""
    genesis = store.history_entry_row(1)
    if genesis is not None:
        signed = Entry.from_row(genesis).payload.get("schema")
        version = signed.get("version") if isinstance(signed, dict) else None
        if isinstance(version, int) and version >= VERSIONS_SINCE:
            return 0
    for row in store.history_of_objects(SCHEMA_OBJECT):
        entry = Entry.from_row(row)
        if entry.action == MIGRATE_ACTION and entry.payload.get("to") == VERSIONS_SINCE:
            return entry.seq
    return 0


def emptied_notes(store: Store) -> set[str]:
    """Notes whose versions an emptying of the trash removed (signed ``trash.empty``)."""
    out: set[str] = set()
    for row in store.history_of_objects(TRASH_OBJECT):
        notes = Entry.from_row(row).payload.get("notes")
        if isinstance(notes, list):
            out.update(str(n) for n in notes)
    return out


def check_versions(store: Store) -> list[Problem]:
    """Every kept version against the digest history signed for it, and every note entry
    since version 3 with its version kept (unless the trash was emptied of it)."""
    if not store.keeps_versions:
        return []
    problems: list[Problem] = []
    overrides = _overrides(store)
    for seq, note_id, content, surfaces, object_id, chash in store.iter_version_checks():
        where = f"note version of history entry {seq}"
        if object_id != f"note:{note_id}":
            problems.append(Problem(where, "belongs to no history entry of that note "
                                    "(added outside the signed history)"))  # fmt: skip
            continue
        # As signed, or as a ``note.versions`` entry re-signed it. (Another replica's such
        # entry names that replica's local numbers: it travels, and must not make a version
        # kept here under the same number look altered.)
        if _digest(str(content)) not in _signed(str(note_id), int(seq), chash, overrides):
            problems.append(Problem(where, "differs from what history signed (altered)"))
        elif f'"surfaces_sha256":"{_blob_digest(surfaces)}"' not in str(content):
            problems.append(Problem(where, "its sealed names differ from what history signed"))
    missing = store.note_entries_without_version(_versions_start(store))
    if missing:
        emptied = emptied_notes(store)
        for seq, object_id in missing:
            if str(object_id)[5:] not in emptied:
                problems.append(Problem(
                    f"history entry {seq}",
                    "the note version it made is missing (removed outside the signed history)",
                ))  # fmt: skip
    return problems


# --- reading ------------------------------------------------------------------------------


def _entry(store: Store, seq: int) -> Entry:
    row = store.history_entry_row(seq) if isinstance(seq, int) and seq > 0 else None
    if row is None:
        raise BadInput(f"This vault's history has no entry {seq}.")
    return Entry.from_row(row)


def kept_content(
    store: Store,
    entry: Entry,
    overrides: Mapping[tuple[str, int], set[str]] | None = None,
) -> tuple[dict[str, Any], Any] | None:
    """The note content ``entry`` made, with its sealed spellings, if the vault kept it and
    it is what history signed; the live note stands in for its own latest entry.
    ``overrides``: ``version_overrides`` of its note, when the caller has read them."""
    row = store.version_row(entry.seq) if store.keeps_versions else None
    if row is not None:
        if overrides is None:
            overrides = _overrides(store, entry.object_id[5:])
        if _digest(str(row[2])) in _signed(
            entry.object_id[5:], entry.seq, entry.content_hash, overrides
        ):
            return json.loads(row[2]), row[3]
        return None
    note = store.note_row(entry.object_id[5:])
    if note is not None:
        content = store.note_object(int(note.nid))
        if content is not None and content_hash(content) == entry.content_hash:
            return content, note.surfaces
    return None


def note_history(desk: Desk, note_id: str) -> list[NoteVersion]:
    """Every history entry of a note, oldest first, and whether its version is kept."""
    store = desk.store
    out: list[NoteVersion] = []
    for row in store.history_of_objects(f"note:{note_id}"):
        entry = Entry.from_row(row)
        if entry.object_id != f"note:{note_id}":
            continue
        kept = bool(entry.content_hash) and kept_content(store, entry) is not None
        out.append(
            NoteVersion(entry.seq, entry.at, entry.actor, entry.action, kept, entry.replica)
        )
    return out


def entry_change(desk: Desk, seq: int) -> EntryChange:
    """What history entry ``seq`` changed: for a note, every field before and after it,
    pseudonymised; for anything else, only who and when."""
    store = desk.store
    entry = _entry(store, seq)
    if not entry.object_id.startswith("note:"):
        return EntryChange(entry, None, None, (), False, False, False)
    note_id = entry.object_id[5:]
    previous = [
        Entry.from_row(r) for r in store.history_of_objects(entry.object_id)
        if int(r[0]) < entry.seq and str(r[5])
    ]  # fmt: skip
    previous = [e for e in previous if e.object_id == entry.object_id]
    before_entry = previous[-1] if previous else None
    # A delete ends the note; a create follows nothing (or a deletion before it).
    ended = entry.action.endswith((".delete", ".remove"))
    after = kept_content(store, entry) if entry.content_hash else None
    before = kept_content(store, before_entry) if before_entry is not None else None
    if before_entry is not None and _ended_between(store, entry.object_id, before_entry.seq,
                                                   entry.seq) and not ended:  # fmt: skip
        before = None
    shown_before = _shown(desk, before[0]) if before else {}
    shown_after = _shown(desk, after[0]) if after else {}
    fields = tuple(
        FieldChange(name, shown_before.get(name, ""), shown_after.get(name, ""))
        for name in FIELD_ORDER
    )
    restorable = bool(after) and not ended and store.note_row(note_id) is not None
    return EntryChange(
        entry, note_id, before_entry.seq if before_entry else None, fields,
        before is not None, after is not None, restorable,
    )  # fmt: skip


def _ended_between(store: Store, object_id: str, first: int, last: int) -> bool:
    return any(
        str(r[3]).endswith((".delete", ".remove")) and first < int(r[0]) < last
        for r in store.history_of_objects(object_id)
    )


def _shown(desk: Desk, content: Mapping[str, Any]) -> dict[str, str]:
    """A version's fields as anyone may read them: references as pseudonyms."""

    def name_for(source_id: str, _index: int) -> str:
        return desk.context.pseudonym_of(source_id)

    def text(field: str) -> textformat.Rendered:
        return textformat.render(str(content.get(field) or ""), name_for)

    body = text("body")
    event_id = content.get("event_id")
    event = ""
    if event_id:
        try:
            event = desk.event(str(event_id)).name
        except BadInput:
            event = "(an event since removed)"
    orgs: list[str] = []
    for org_id in content.get("organisations", []):
        try:
            orgs.append(desk.organisation(str(org_id)).name)
        except BadInput:
            orgs.append("(an organisation since removed)")
    pseudonyms = [desk.context.pseudonym_of(str(s)) for s, _e in content.get("sources", [])]
    taxonomy = desk.taxonomy
    tags = []
    for tag in content.get("tags", []):
        term = taxonomy.find(str(tag))
        tags.append(term.label if term is not None else str(tag))
    return {
        "title": text("title").text,
        "kind": str(content.get("kind", "")),
        "occurred_at": str(content.get("occurred_at", "")).replace("T", " "),
        "event": event,
        "organisations": ", ".join(sorted(orgs)),
        "sources": ", ".join(sorted(pseudonyms)),
        "tags": ", ".join(sorted(tags)),
        "summary": text("summary").text,
        "body": textformat.format_inline(body.text, body.marks),
    }


# --- restoring ----------------------------------------------------------------------------


def restore(desk: Desk, note_id: str, seq: int) -> NoteView:
    """Make the version history entry ``seq`` gave ``note_id`` the note's content again:
    a new signed entry (payload ``restored_from``), through the usual save path, so names
    are pseudonymised as on any save. Links to what no longer exists are left out."""
    from influence_desk.desk.records import NoteDraft
    from influence_desk.model import NoteKind

    desk.vault.writer()  # auditors are refused before anything is read
    store = desk.store
    entry = _entry(store, seq)
    if entry.object_id != f"note:{note_id}" or not entry.content_hash:
        raise BadInput(f"History entry {seq} did not give this note a version.")
    kept = kept_content(store, entry)
    if kept is None:
        raise BadInput(f"The version of history entry {seq} was not kept in this vault.")
    existing = store.note_row(note_id)
    if existing is None:
        raise BadInput(f"This vault has no note {note_id}: restore it from the trash first.")
    from influence_desk.sync.reference_merge import followed

    content, surfaces = kept
    fields, _ = desk.notes.original_fields(_as_note_row(content, surfaces))
    content = followed(desk.context, content)  # merged events, organisations: survivors
    events = {e.id for e in desk.events()}
    orgs = {o.id for o in desk.organisations()}
    known_sources = {s.id for s in desk.sources()}
    event_id = content.get("event_id")
    draft = NoteDraft(
        kind=NoteKind(str(content["kind"])),
        title=fields["title"][0],
        occurred_at=datetime.fromisoformat(str(content["occurred_at"])),
        body=fields["body"][0],
        summary=fields["summary"][0],
        event_id=str(event_id) if event_id in events else None,
        organisation_ids=tuple(o for o in content.get("organisations", []) if o in orgs),
        source_ids=tuple(s for s, e in content.get("sources", []) if e and s in known_sources),
        tags=tuple(str(t) for t in content.get("tags", [])),
        marks=fields["body"][1].marks,
    )
    with desk.context.write("note.save") as writer:
        desk.notes.store_note(_Tagged(writer, {RESTORE_PAYLOAD: seq}), draft,  # type: ignore[arg-type]
                              existing=existing)  # fmt: skip
    return desk.note(note_id)


class _Tagged:
    """A history writer that adds ``extra`` to the payload of the note entry it appends."""

    def __init__(self, writer: HistoryWriter, extra: Mapping[str, Any]) -> None:
        self._writer = writer
        self._extra = dict(extra)
        self.actor = writer.actor

    def append(
        self,
        action: str,
        object_id: str,
        content: Mapping[str, Any] | None = None,
        payload: Mapping[str, Any] | None = None,
    ) -> Entry:
        if object_id.startswith("note:"):
            payload = {**(payload or {}), **self._extra}
        return self._writer.append(action, object_id, content, payload)


def changed_names(changes: Iterable[FieldChange]) -> list[str]:
    return [c.name for c in changes if c.changed]
