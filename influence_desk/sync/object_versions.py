"""The kept versions of events, organisations, attachment rows, name reviews and the
settings table (``object_versions``, schema 8), held to the signed history.

A removed person's void change to one of these is taken back on every replica
(sync/void_objects.py): the object goes back to what the newest entry of someone else made
of it, which is read from here. Each row is the canonical JSON its history entry signed
(a settings table only when a bundle carried it whole), or that content re-encoded for a
person registered later (``rewrite_kept``): no name stays readable in an old version.
Every such re-encoding signs the new digests in one ``object.versions`` entry per object
(object ``object-versions:ID``, no content, payload ``versions``: local number -> digest),
as sync/source_versions.py does for sources.
``verify`` reports a row altered or added outside the signed history
(``check_object_versions``); the merge never reads a row history does not vouch for.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from influence_desk.canonical import canonical, content_hash
from influence_desk.history import Entry, HistoryWriter, Problem

if TYPE_CHECKING:
    from influence_desk.store import Store

ACTION = "object.versions"
OVERRIDES = "object-versions:"  # object prefix of the signed digests of re-encoded versions
META_OBJECT = "vault:meta"
_PREFIXES = ("event:", "org:", "attachment:", "name:")

Overrides = dict[tuple[str, int], set[str]]


def is_kept(object_id: str) -> bool:
    """Whether versions of this object are kept here."""
    return object_id == META_OBJECT or object_id.startswith(_PREFIXES)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def record(store: Store, seq: int, object_id: str, content: Mapping[str, Any] | None) -> None:
    """Keep the content entry ``seq`` just gave a kept object (``HistoryWriter.append``)."""
    if content is not None and is_kept(object_id) and store.keeps_object_versions:
        store.put_object_version(seq, object_id, canonical(content).decode())


def overrides(store: Store) -> Overrides:
    """(object, seq) -> the digests ``object.versions`` entries signed for it."""
    from influence_desk.sync.source_versions import signed_overrides

    return signed_overrides(store, OVERRIDES, ACTION)


def vouched(entry: Entry, text: str, signed: Overrides) -> bool:
    """Whether ``text``, kept under ``entry``'s number, is exactly what that entry signed or
    a re-encoding of it signed since (a settings table is kept whole or not at all: a part
    of one would let a row with a value taken out pass as vouched)."""
    if not entry.content_hash:
        return False
    return digest(text) in {entry.content_hash, *signed.get((entry.object_id, entry.seq), ())}


def live_content(store: Store, object_id: str) -> dict[str, Any] | None:
    """What the object's stored row holds now (None: no row)."""
    from influence_desk.sync.changes import REFERENCES

    kind, _, key = object_id.partition(":")
    if object_id == META_OBJECT:
        return store.all_meta()
    if kind in REFERENCES:
        return store.reference_object(REFERENCES[kind], key)
    if kind == "attachment":
        return store.attachment_object(key) if store.keeps_attachments else None
    if kind == "name":
        return store.name_review_object(key)
    return None


def exact_content(
    store: Store, entry: Entry, signed: Overrides | None = None
) -> dict[str, Any] | None:
    """The content ``entry`` gave its object, as history vouches for it: its kept version,
    else the stored row if it is still that content; None if neither is here."""
    if not entry.content_hash:
        return None
    if store.keeps_object_versions:
        text = store.object_version_text(entry.seq, entry.object_id)
        signed = overrides(store) if signed is None else signed
        if text is not None and vouched(entry, text, signed):
            return dict(json.loads(text))
    current = live_content(store, entry.object_id)
    if current is not None and content_hash(current) == entry.content_hash:
        return current
    return None


def kept_tables(store: Store) -> list[dict[str, str]]:
    """Every vouched kept settings table."""
    if not store.keeps_object_versions:
        return []
    signed = overrides(store)
    entries = {int(r[0]): Entry.from_row(r) for r in store.history_of_objects(META_OBJECT)}
    out: list[dict[str, str]] = []
    for seq, text in store.object_version_texts(META_OBJECT).items():
        entry = entries.get(seq)
        if entry is not None and entry.object_id == META_OBJECT and vouched(entry, text, signed):
            out.append({str(k): str(v) for k, v in json.loads(text).items()})
    return out


def keep_current(store: Store) -> int:
    """At the migration to schema 8: each kept object's stored content, kept under the
    newest entry that signed exactly it (the version a later void change goes back to,
    for objects made before versions were kept). Returns how many were kept."""
    signed: dict[tuple[str, str], Entry] = {}  # (object, content hash) -> newest entry
    for prefix in (*_PREFIXES, META_OBJECT):
        for row in store.history_of_objects(prefix):
            entry = Entry.from_row(row)
            if entry.content_hash and is_kept(entry.object_id):
                signed[entry.object_id, entry.content_hash] = entry
    rows: list[tuple[int, str, str]] = []
    for object_id in dict.fromkeys(o for o, _h in signed):
        current = live_content(store, object_id)
        maker = None if current is None else signed.get((object_id, content_hash(current)))
        if maker is not None and current is not None:
            rows.append((maker.seq, object_id, canonical(current).decode()))
    store.put_object_versions(rows)
    return len(rows)


def forget(store: Store, object_id: str) -> None:
    """The kept versions of an object gone for good (an attachment of an emptied note)."""
    if store.keeps_object_versions:
        store.delete_object_versions_of(object_id)


# --- names registered ----------------------------------------------------------------------


def _fixed(object_id: str, content: dict[str, Any], fix: Callable[[str], str]) -> dict[str, Any]:
    """``content`` with every field a person's name may be typed in re-encoded."""
    from influence_desk.repseudonymise import FIXED_SETTINGS, map_setting

    kind = object_id.partition(":")[0]
    out = dict(content)
    if object_id == META_OBJECT:
        return {(k if k in FIXED_SETTINGS else fix(k)): (v if k in FIXED_SETTINGS
                                                         else map_setting(str(v), fix))
                for k, v in content.items()}  # fmt: skip
    fields = {"event": ("name", "city", "organiser"), "org": ("name", "website"),
              "attachment": ("text",)}.get(kind, ())  # fmt: skip
    for name in fields:
        if isinstance(out.get(name), str):
            out[name] = fix(out[name])
    if kind == "org" and isinstance(out.get("aliases"), list):
        out["aliases"] = [fix(a) if isinstance(a, str) else a for a in out["aliases"]]
    return out


def rewrite_kept(store: Store, writer: HistoryWriter, fix: Callable[[str], str]) -> int:
    """After a registration: every kept version that names the new person holds it
    pseudonymised, its new digest signed (one ``object.versions`` entry per object). Only
    what history vouches for is rewritten: a row altered or planted outside it (verify
    names it) is never signed by a registration."""
    if not store.keeps_object_versions:
        return 0
    signed = overrides(store)
    rewritten: dict[str, dict[str, str]] = {}
    rows = store.object_version_checks()
    entries = _entries_by_seq(store, rows)
    for seq, object_id, text, *_rest in rows:
        entry = entries.get(int(seq))
        if entry is None or entry.object_id != object_id or not vouched(entry, str(text), signed):
            continue
        content = json.loads(str(text))
        new = canonical(_fixed(str(object_id), content, fix)).decode()
        if new != text:
            store.put_object_version(int(seq), str(object_id), new)
            rewritten.setdefault(str(object_id), {})[str(seq)] = digest(new)
    for object_id, digests in sorted(rewritten.items()):
        writer.append(ACTION, OVERRIDES + object_id, None,
                      {"reason": "names registered", "versions": dict(digests)})  # fmt: skip
    return sum(len(d) for d in rewritten.values())


def _entries_by_seq(store: Store, rows: list[Any]) -> dict[int, Entry]:
    """The history entries of the objects these kept versions are of, by local number."""
    objects = dict.fromkeys(str(r[1]) for r in rows)
    return {int(r[0]): Entry.from_row(r) for r in store.history_of_object_ids(objects)}


# --- verify ------------------------------------------------------------------------------


def check_object_versions(store: Store) -> list[Problem]:
    """For ``verify``: every kept object version belongs to an entry of its object and holds
    what that entry (or an ``object.versions`` entry) signed."""
    if not store.keeps_object_versions:
        return []
    problems: list[Problem] = []
    signed = overrides(store)
    rows = store.object_version_checks()
    entries = _entries_by_seq(store, rows)
    for seq, object_id, text, entry_object, _chash in rows:
        where = f"kept version of history entry {seq} ({object_id})"
        entry = entries.get(int(seq)) if entry_object == object_id else None
        if entry is None or not entry.content_hash:
            problems.append(Problem(where, "belongs to no history entry of that object "
                                    "(added outside the signed history)"))  # fmt: skip
        elif not vouched(entry, str(text), signed):
            problems.append(Problem(where, "differs from what history signed (altered)"))
    return problems
