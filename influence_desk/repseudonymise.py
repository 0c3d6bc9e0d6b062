"""Rewrite everything stored before some sources' names were known (DESIGN §5).

Registering a source, or editing who a source is (a new alias, a corrected name, a contact
detail), must leave no stored field holding one of those names: not a note's title, summary,
body or tags, not an event's name, city or organiser, not an organisation's name, aliases or
website, not a source's role description, not a setting (a custom export profile's name,
key and description). ``repseudonymise_everything`` does all of it inside the caller's
transaction, so the registration and every rewrite commit together or not at all; each
object rewritten gets its own signed history entry in that transaction.

Note text keeps references (textformat's stored form, the original spellings sealed). The
short fields hold pseudonymised text: each mention is encoded as a reference and rendered at
once with the pseudonym (see ``DeskContext.replace_names``), so what the matcher's placeholders
look like is decided in one place for notes and fields alike.

The same function rewrites a backup (``influence_desk.backups``): it is handed a Desk over
the backup's copy, whose history writer appends to the backup's own chain.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from influence_desk import versions
from influence_desk.attachments.upkeep import repseudonymise_attachment_texts
from influence_desk.history import HistoryWriter, now_text
from influence_desk.progress import CancelFlag, ProgressCallback

if TYPE_CHECKING:
    from influence_desk.desk import Desk
    from influence_desk.desk.records import Names

__all__ = ["map_setting", "repseudonymise_everything"]

_REASON = {"reason": "names registered"}
# Settings the Desk writes itself, never free text a person typed.
FIXED_SETTINGS = frozenset({"vault_id", "identity_public", "pseudonym_style"})


def map_setting(value: str, change: Any) -> str:
    """``value`` with ``change`` applied to its free text: every string inside it when it
    is JSON (a custom export profile), else the whole text. JSON stays valid JSON."""
    try:
        data = json.loads(value)
    except ValueError:
        return str(change(value))
    if not isinstance(data, dict | list):
        return str(change(value))
    fixed = _map_strings(data, change)
    return value if fixed == data else json.dumps(fixed, ensure_ascii=False)


def _map_strings(data: Any, change: Any) -> Any:
    if isinstance(data, str):
        return change(data)
    if isinstance(data, list):
        return [_map_strings(v, change) for v in data]
    if isinstance(data, dict):
        return {change(k) if isinstance(k, str) else k: _map_strings(v, change)
                for k, v in data.items()}  # fmt: skip
    return data


def repseudonymise_everything(
    desk: Desk,
    writer: HistoryWriter,
    names: Names,
    changed: set[str],
    progress: ProgressCallback,
    cancel: CancelFlag | None,
) -> int:
    """Rewrite every stored field that mentions one of the ``changed`` sources' names;
    returns how many objects were rewritten. Runs inside the caller's transaction."""
    from influence_desk.desk.cleaning import FIELD_JOIN, RESERVED_RE
    from influence_desk.desk.context import changed_matcher
    from influence_desk.desk.references import EVENT, ORGANISATION

    assert names.matcher is not None
    only_changed = changed_matcher(names, changed)
    if not only_changed:
        return 0

    def mentions(*texts: str) -> bool:
        return any(text and only_changed.find(text) for text in texts)

    def fix(text: str) -> str:
        return desk.context.replace_names(text, names)

    store = desk.store
    total = store.note_count_total()
    stamp = now_text()
    rewritten = 0
    progress(0, total)
    for done, row in enumerate(store.iter_notes(), start=1):
        if done % 200 == 0:
            progress(done, total)
            if cancel:
                cancel.check()
        stored = FIELD_JOIN.join(row.stored_fields().values())
        # No reference, mark or escape: the stored text is exactly what was typed, so
        # nothing needs unsealing to know whether the new names occur in it.
        if not RESERVED_RE.search(stored) and not only_changed.find(stored):
            continue
        fields, _surfaces = desk.notes.original_fields(row)
        original = FIELD_JOIN.join(text for text, _ in fields.values())
        if only_changed.find(original):
            desk.notes.rewrite_note(writer, row, fields, names, stamp)
            rewritten += 1
    rewritten += versions.rewrite_versions(desk, writer, names, only_changed)
    desk.references.forget()  # read afresh: another Desk may have written since
    for event in desk.events():
        if mentions(event.name, event.city, event.organiser):
            fixed = replace(event, name=fix(event.name), city=fix(event.city),
                            organiser=fix(event.organiser))  # fmt: skip
            desk.references.put(writer, EVENT, fixed, "update", _REASON)
            rewritten += 1
    for org in desk.organisations():
        if mentions(org.name, org.website, *org.aliases):
            fixed_org = replace(
                org, name=fix(org.name), aliases=tuple(fix(a) for a in org.aliases),
                website=fix(org.website),
            )  # fmt: skip
            desk.references.put(writer, ORGANISATION, fixed_org, "update", _REASON)
            rewritten += 1
    for source in store.source_rows():
        if mentions(str(source.role_description)):
            store.put_source(replace(source, role_description=fix(str(source.role_description))))
            writer.append("source.update", f"source:{source.id}", store.source_object(source.id),
                          {"reason": "names registered"})  # fmt: skip
            rewritten += 1
    from influence_desk.sync.source_versions import rewrite_kept_roles

    rewrite_kept_roles(store, writer, fix)  # (one source.versions entry per source)
    for tag, _count in store.tag_counts():
        if mentions(tag):
            for nid in store.nids_with_tag(tag):
                tags = store.note_links(nid).tags
                store.set_note_tags(nid, [fix(t) for t in tags])
                desk.notes.touch_note(writer, nid, stamp, reindex=True)
                rewritten += 1
    rewritten += _repseudonymise_settings(desk, writer, mentions, fix)
    rewritten += repseudonymise_attachment_texts(store, writer, mentions, fix)
    from influence_desk.sync.object_versions import rewrite_kept

    rewrite_kept(store, writer, fix)  # (after the rows: their new versions are kept as made)
    progress(total, total)
    if cancel:
        cancel.check()
    return rewritten


def _repseudonymise_settings(desk: Desk, writer: HistoryWriter, mentions: Any, fix: Any) -> int:
    store = desk.store
    meta = store.all_meta()
    changes: dict[str, tuple[str, str]] = {}
    for key, value in meta.items():
        if key in FIXED_SETTINGS or not mentions(key, value):
            continue
        changes[key] = (fix(key), map_setting(value, fix))
    if not changes:
        return 0
    for key, (new_key, new_value) in changes.items():
        if new_key != key:
            store.delete_meta(key)
        store.set_meta(new_key, new_value)
    from influence_desk.sync.settings_merge import digests

    table = store.all_meta()  # (digests signed for merges: sync/settings_merge.py)
    writer.append("vault.settings", "vault:meta", table,
                  {"reason": "names registered", "settings": len(changes),
                   "digests": digests(table)})  # fmt: skip
    return len(changes)
