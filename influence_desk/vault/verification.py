"""``verify``: history replayed from genesis, every stored object compared with what history
signed, the schema against the pin, the search index rebuilt, every page checked."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from influence_desk import crypto, schema, search_index, versions
from influence_desk.attachments.check import content_problems, index_problems
from influence_desk.canonical import content_hash
from influence_desk.errors import VaultDamaged
from influence_desk.history import (
    SCHEMA_OBJECT,
    Entry,
    Problem,
    Replay,
    VerifyReport,
    read_entries,
    replay,
)
from influence_desk.progress import CancelFlag, ProgressCallback, no_progress
from influence_desk.store import Store
from influence_desk.sync.object_versions import check_object_versions
from influence_desk.sync.source_versions import check_source_versions
from influence_desk.taxonomy import load_taxonomy
from influence_desk.vault.layout import (
    OBJECT_TABLES,
)

if TYPE_CHECKING:
    from influence_desk.vault.vault import Vault


def verify(
    vault: Vault,
    checkpoint: tuple[int, str] | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
) -> VerifyReport:
    store = vault._store()
    total = store.history_count()
    # SQLite's page and structure checks, and the search index rebuilt from the stored
    # notes, run on read-only connections in threads (SQLite releases the GIL) while
    # history is replayed here.
    key = vault._shared().data_key
    with ThreadPoolExecutor(max_workers=2) as pool:
        integrity = pool.submit(_integrity_problems, store.path, key)
        derived = pool.submit(_index_problems, store.path, key, cancel)
        report = _verify_history(vault, store, checkpoint, total, progress, cancel)
        report.problems += derived.result()
        report.problems += [Problem("notes.db", p) for p in integrity.result()]
    report.ok = not report.problems
    return report


def _void_entries(store: Store, vault_id: str) -> dict[str, Entry]:
    """A removed person's entries held beyond their removal's point (sync/void.py)."""
    from influence_desk.sync.void import void_entries

    return void_entries(store, vault_id)


def _verify_history(
    vault: Vault,
    store: Store,
    checkpoint: tuple[int, str] | None,
    total: int,
    progress: ProgressCallback,
    cancel: CancelFlag | None,
) -> VerifyReport:
    # One replica (or none yet): local order is the replay order, so entries stream.
    single = len(store.replicas()) <= 1
    void = {} if single else _void_entries(store, vault.vault_id)
    state = replay(
        read_entries(store), vault.vault_id, checkpoint=checkpoint, total=total,
        progress=progress, cancel=cancel, in_order=single, void=frozenset(void),
    )  # fmt: skip
    problems = list(state.problems)
    actual = store.current_schema()
    problems += _schema_problems(actual, state)
    live_in_db: dict[str, str] = {}
    if not schema.intact(actual, OBJECT_TABLES):
        problems.append(Problem("stored objects", "were not compared: the tables that hold "
                                "them differ from the ones this app makes"))  # fmt: skip
        live_in_db = dict(state.live)  # named above; not each reported missing again
    else:
        if not single:  # notes, sources, settings with concurrent versions: merged
            from influence_desk.sync.settings_merge import merged_settings
            from influence_desk.sync.source_fields import merged_sources, void_sources
            from influence_desk.sync.three_way import merged_notes
            from influence_desk.sync.void import void_notes
            from influence_desk.sync.void_objects import void_objects

            merged = {**merged_notes(store), **merged_sources(store), **merged_settings(store)}
            merged.update(void_notes(store, void))  # the notes void entries touched
            merged.update(void_sources(store, void))  # ... and the sources
            merged.update(void_objects(store, void))  # ... events, attachments, settings ...
            for object_id, digest in merged.items():
                if digest is None:
                    state.live.pop(object_id, None)
                else:
                    state.live[object_id] = digest
        for object_id, content in store.live_objects():
            live_in_db[object_id] = content_hash(content)
        problems += versions.check_versions(store)
        problems += check_source_versions(store)
        problems += check_object_versions(store)
        problems += content_problems(store)
        problems += index_problems(store)
    if SCHEMA_OBJECT in state.live:
        live_in_db[SCHEMA_OBJECT] = content_hash(actual.signed_content())
    for object_id, digest in live_in_db.items():
        expected = state.live.get(object_id)
        if expected is None:
            problems.append(
                Problem(object_id, "exists but history never created it, or deleted it")
            )
        elif expected != digest:
            problems.append(Problem(object_id, "was changed outside the signed history"))
    for object_id in state.live:
        if object_id.startswith("slot:"):
            continue
        if object_id not in live_in_db:
            problems.append(Problem(object_id, "was deleted outside the signed history"))
    for record in vault.file.slots:
        if state.live.get(f"slot:{record.id}") is None:
            problems.append(
                Problem(
                    f"key slot '{record.label}'",
                    "is in vault.json but not in the signed history",
                )
            )
        elif state.slot_labels.get(record.id) != record.label:
            problems.append(Problem(f"key slot '{record.label}'", "was relabelled outside history"))
    if (
        vault._identity is not None
        and crypto.public_raw(vault._identity).hex() != state.identity_public
    ):
        problems.append(Problem("identity key", "does not match the one named at creation"))
    if cancel:
        cancel.check()
    own = store.own_head_row()  # what ``Vault.checkpoint`` names: this replica's head
    head = "0:" + "0" * 64 if own is None else Entry.from_row(own).checkpoint
    return VerifyReport(not problems, state.entries, head, problems, dict(state.trusted))


def _schema_problems(actual: schema.SchemaSnapshot, state: Replay) -> list[Problem]:
    """notes.db's schema against the one this app makes for its version, and against the
    version and digest history signed."""
    problems = [Problem(d.where, d.what) for d in schema.check(actual)]
    if actual.version != state.schema_version:
        problems.append(
            Problem("PRAGMA user_version",
                    f"is {actual.version} but the signed history says {state.schema_version}")
        )  # fmt: skip
    elif not problems and state.schema_digest and state.schema_digest != actual.digest:
        problems.append(
            Problem(f"schema version {actual.version}",
                    "as this app makes it differs from the one signed in history")
        )  # fmt: skip
    return problems


def _index_problems(path: Path, data_key: bytes, cancel: CancelFlag | None) -> list[Problem]:
    """The search index rebuilt from the stored notes and compared row by row."""
    try:
        reader = Store.open(path, data_key, read_only=True)
    except VaultDamaged as exc:
        return [Problem("search index", exc.message)]
    try:
        if reader.schema is None or not schema.intact(
            reader.schema, search_index.READS, search_index.READS_PREFIXED
        ):
            # A table it reads is not the one this app makes (it might even be a view that
            # never ends): named by the schema check, not read here.
            return [Problem("search index", "was not compared: the tables it is built from "
                            "differ from the ones this app makes")]  # fmt: skip
        found = search_index.check_index(
            reader.index_checks(), reader.index_rows_without_note(), reader.index_row_count(),
            reader.pseudonyms(), load_taxonomy(), cancel,
        )  # fmt: skip
        return [Problem(p.where, p.what) for p in found]
    except VaultDamaged as exc:
        return [Problem("search index", exc.message)]
    finally:
        reader.close()


def _integrity_problems(path: Path, data_key: bytes) -> list[str]:
    try:
        reader = Store.open(path, data_key, read_only=True)
    except VaultDamaged as exc:
        return [exc.message]
    try:
        return reader.integrity_problems()
    finally:
        reader.close()
