"""The kept source versions (``source_versions``, schema 7) held to the signed history, as
``versions.check_versions`` holds the notes' (DESIGN §11 "Merge").

The field-by-field merge of a source (sync/source_fields.py) decides from these rows which
side changed which field, so a row altered with only the data key would steer it. Each row
is the content its ``source.create`` / ``source.update`` entry signed, or that content with
its role description re-encoded for a name known later: after a registration here
(``rewrite_kept_roles``) or as a bundle's version is kept by a replica that knew the name
(sync/merger.py). Every such re-encoding signs the new digests in one ``source.versions``
entry per source (object ``source-versions:ID``, no content, payload ``versions``: local
number -> digest). That entry travels as an event: the numbers it names are its own
replica's, so elsewhere it allows one more digest under a number, never one less.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from influence_desk.canonical import canonical
from influence_desk.history import Entry, HistoryWriter, Problem

if TYPE_CHECKING:
    from influence_desk.store import Store

ACTION = "source.versions"
OVERRIDES = "source-versions:"  # object prefix of the signed digests of re-encoded versions
SOURCE_PREFIX = "source:"


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def overrides(store: Store) -> dict[tuple[str, int], set[str]]:
    """(source, seq) -> the digests ``source.versions`` entries signed for it."""
    return signed_overrides(store, OVERRIDES, ACTION)


def signed_overrides(store: Store, prefix: str, action: str) -> dict[tuple[str, int], set[str]]:
    """(object, seq) -> the digests the ``action`` entries of objects ``prefix``ID signed
    for re-encoded kept versions (payload ``versions``: local number -> digest)."""
    out: dict[tuple[str, int], set[str]] = {}
    for row in store.history_of_objects(prefix):
        entry = Entry.from_row(row)
        signed = entry.payload.get("versions")
        if entry.action != action or not isinstance(signed, dict):
            continue
        for seq, value in signed.items():
            if str(seq).isdigit():
                key = (entry.object_id[len(prefix) :], int(seq))
                out.setdefault(key, set()).add(str(value))
    return out


def _vouched(row: tuple[Any, ...], signed: Mapping[tuple[str, int], set[str]]) -> bool:
    """Whether a ``source_version_checks`` row belongs to an entry of its source and holds
    the content it signed or a re-encoding signed since."""
    seq, source_id, text, _identity, object_id, chash = row
    if object_id != SOURCE_PREFIX + str(source_id) or not chash:
        return False
    return digest(str(text)) in {chash, *signed.get((str(source_id), int(seq)), ())}


def sign(writer: HistoryWriter, rewritten: Mapping[str, Mapping[str, str]], reason: str) -> None:
    """One ``source.versions`` entry per source whose kept versions were re-encoded."""
    for source_id, digests in sorted(rewritten.items()):
        writer.append(ACTION, OVERRIDES + source_id, None,
                      {"reason": reason, "versions": dict(digests)})  # fmt: skip


def rewrite_kept_roles(store: Store, writer: HistoryWriter, fix: Callable[[str], str]) -> int:
    """After a registration: kept source versions whose role description names the new
    person hold it pseudonymised too (no name stays readable in an old version), their new
    digests signed. Only what history vouches for is rewritten: a row altered or planted
    outside it (verify names it) is never signed by a registration."""
    if not store.keeps_source_versions:  # (a backup from before schema 7)
        return 0
    signed = overrides(store)
    rewritten: dict[str, dict[str, str]] = {}
    for row in store.source_version_checks():
        seq, source_id, text, identity = row[:4]
        if not _vouched(row, signed):
            continue
        content = json.loads(str(text))
        role = str(content.get("role_description", ""))
        fixed = fix(role)
        if fixed != role:
            content["role_description"] = fixed
            new = canonical(content).decode()
            store.put_source_version(int(seq), str(source_id), new, bytes(identity))
            rewritten.setdefault(str(source_id), {})[str(seq)] = digest(new)
    sign(writer, rewritten, "names registered")
    for source_id in rewritten:
        _resettle(store, source_id)
    return sum(len(d) for d in rewritten.values())


def _resettle(store: Store, source_id: str) -> None:
    """A source with open versions shows their merge, which a re-encoded base may settle
    differently now (its role no longer differs from a side's pseudonymised one): the role
    the replicas that kept the base re-encoded already show."""
    from influence_desk.sync.source_fields import merged_record, source_entries

    live = store.source_row(source_id)
    record = None if live is None else merged_record(store, source_entries(store, source_id))
    if live is not None and record is not None and record.role_description != live.role_description:
        store.put_source(replace(live, role_description=record.role_description))


def check_source_versions(store: Store) -> list[Problem]:
    """For ``verify``: every kept source version belongs to an entry of its source, holds
    what that entry (or a ``source.versions`` entry) signed, and the sealed identity it
    names by digest."""
    if not store.keeps_source_versions:
        return []
    problems: list[Problem] = []
    signed = overrides(store)
    for row in store.source_version_checks():
        seq, source_id, text, identity, object_id = row[:5]
        where = f"source version of history entry {seq} (source {source_id})"
        if object_id != SOURCE_PREFIX + str(source_id) or not row[5]:
            problems.append(Problem(where, "belongs to no history entry of that source "
                                    "(added outside the signed history)"))  # fmt: skip
        elif not _vouched(row, signed):
            problems.append(Problem(where, "differs from what history signed (altered)"))
        elif json.loads(str(text)).get("identity_sha256") != hashlib.sha256(
            bytes(identity or b"")
        ).hexdigest():
            problems.append(Problem(where, "its sealed identity differs from what history "
                                    "signed"))  # fmt: skip
    return problems
