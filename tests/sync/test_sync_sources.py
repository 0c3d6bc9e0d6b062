"""Sources travel between replicas: a registration and its sealed identity, edits, what a
replica holding the identity key does with a name it learns, and what it refuses."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sync_team import (
    Team,
    add_note,
    close_all,
    desk_of,
    make_team,
    sync,
    titles,
    verified,
)

from influence_desk.canonical import canonical
from influence_desk.desk import Desk, NoteDraft
from influence_desk.errors import NotPermitted
from influence_desk.history import Entry
from influence_desk.model import NoteKind, SourceIdentity
from influence_desk.sync.bundle_format import encode_bundle, list_bundles, read_bundle

NAME = "Katarzyna Wiśniewska"
ALIAS = "Kasia"


@pytest.fixture(autouse=True)
def _close() -> Iterator[None]:
    yield
    close_all()


def register(team: Team, path: Path, name: str = NAME, alias: str = ALIAS) -> str:
    with desk_of(team, path) as desk:
        source = desk.register_source(SourceIdentity(name, aliases=(alias,)), "a consultant")
        return source.id


def linked_note(desk: Desk, source_id: str, title: str, body: str) -> str:
    draft = NoteDraft(NoteKind.INTERVIEW, title, datetime(2026, 11, 21, 10), body=body,
                      source_ids=(source_id,))  # fmt: skip
    return desk.add_note(draft).note.id


def rounds(team: Team, times: int = 3) -> None:
    for _ in range(times):
        for path in team.all:
            result = sync(team, path)
            assert result.refused == []


def test_a_source_registered_on_a_laptop_reaches_the_lead_with_its_note(tmp_path: Path) -> None:
    team = make_team(tmp_path, 1)
    laptop = team.laptops[0]
    source_id = register(team, laptop)
    with desk_of(team, laptop) as desk:
        pseudonym = desk.source(source_id).pseudonym
        note_id = linked_note(desk, source_id, "Coffee at the fair", f"{NAME} sells voter data")
    # The lead wrote the name before knowing it is a source.
    lead_note = add_note(team, team.lead, f"Dinner with {ALIAS}", f"{NAME} paid the bill")
    rounds(team)
    with desk_of(team, team.lead) as desk:
        assert [s.pseudonym for s in desk.sources()] == [pseudonym]
        assert desk.source(source_id).role_description == "a consultant"
        assert desk.note(note_id).explicit_source_ids == (source_id,)
        assert desk.reveal(source_id).real_name == NAME  # the lead holds the identity key
        assert desk.search(pseudonym)  # found by its pseudonym
    for path in team.all:
        shown = titles(team, path)
        assert shown[note_id] == f"Coffee at the fair | {pseudonym} sells voter data"
        # The lead's own note, written before the name came in, pseudonymised everywhere.
        assert shown[lead_note] == f"Dinner with {pseudonym} | {pseudonym} paid the bill"
        assert verified(team, path)


def test_a_replica_without_the_identity_key_holds_the_pseudonym_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    team = make_team(tmp_path, 2)
    writer, helper = team.laptops
    source_id = register(team, writer)
    with desk_of(team, writer) as desk:
        pseudonym = desk.source(source_id).pseudonym
        note_id = linked_note(desk, source_id, "At the stand", f"{NAME} hands out leaflets")
    with desk_of(team, helper) as desk:  # a slot whose shared layer holds no identity key
        monkeypatch.setattr(desk.vault, "_identity", None)
        assert not desk.can_reveal
    rounds(team)
    with desk_of(team, helper) as desk:
        assert [s.pseudonym for s in desk.sources()] == [pseudonym]
        with pytest.raises(NotPermitted):
            desk.reveal(source_id)
        assert NAME not in desk.known_names()
    assert titles(team, helper)[note_id] == f"At the stand | {pseudonym} hands out leaflets"
    for path in team.all:
        assert verified(team, path)


def _clash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, order: list[int]) -> None:
    """Two laptops register different people who both drew "Amber Heron"."""
    import influence_desk.desk.sources as registry

    monkeypatch.setattr(registry, "generate_pseudonym", lambda *a, **k: "Amber Heron")
    team = make_team(tmp_path, 2)
    first = register(team, team.laptops[0], "Jonas Lindqvist", "Jonny")
    second = register(team, team.laptops[1], "Priya Raman", "Pri")
    notes = {}
    for source_id, laptop in ((first, team.laptops[0]), (second, team.laptops[1])):
        with desk_of(team, laptop) as desk:
            notes[source_id] = linked_note(desk, source_id, "Met at the fair", "Amber Heron talked")
    paths = [team.all[i] for i in order]
    for _ in range(3):
        for path in paths:
            assert sync(team, path).refused == []
    seen = []
    for path in team.all:
        with desk_of(team, path) as desk:
            shown = {s.id: s.pseudonym for s in desk.sources()}
            seen.append(shown)
            for source_id, note_id in notes.items():  # notes follow the rename
                assert desk.note(note_id).note.body == f"{shown[source_id]} talked"
            assert desk.search("Amber Heron 2")
        assert verified(team, path)
    assert seen[0] == seen[1] == seen[2]
    assert sorted(seen[0].values()) == ["Amber Heron", "Amber Heron 2"]
    # The later registration in the deterministic order took the derived pseudonym.
    with desk_of(team, team.lead) as desk:
        created = {}
        for source_id in (first, second):
            rows = desk.store.history_of_objects(f"source:{source_id}")
            (entry,) = [e for e in map(Entry.from_row, rows) if e.action == "source.create"]
            created[source_id] = entry.order_key
    later = max(created, key=lambda s: created[s])
    assert seen[0][later] == "Amber Heron 2"
    close_all()


@pytest.mark.parametrize("order", [[0, 1, 2], [2, 1, 0], [1, 0, 2]])
def test_a_pseudonym_drawn_on_two_laptops_is_renamed_the_same_way_everywhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, order: list[int]
) -> None:
    _clash(tmp_path, monkeypatch, order)


def _forged_source(team: Team, change: Any) -> None:
    with desk_of(team, team.lead) as desk:
        key, vault_id = desk.vault._shared().data_key, desk.vault.vault_id
        lead_replica = desk.store.local_replica()
    (path,) = [b.path for b in list_bundles(team.folder) if b.replica_id != lead_replica]
    bundle = read_bundle(path, key, vault_id)
    body = json.loads(bundle.payload)
    (carried,) = [c for h, c in body["contents"].items()
                  if '"identity_sha256"' in c["content"]]  # fmt: skip
    change(carried)
    header = bundle.header
    path.write_bytes(encode_bundle(key, vault_id, header.replica_id, header.first, header.last,
                                   canonical(body)))  # fmt: skip


def _role(carried: dict[str, Any]) -> None:
    content = json.loads(carried["content"])
    content["role_description"] = "a harmless visitor"
    carried["content"] = canonical(content).decode()


def _identity(carried: dict[str, Any]) -> None:
    blob = bytearray(bytes.fromhex(carried["surfaces"]))
    blob[-1] ^= 0x01
    carried["surfaces"] = bytes(blob).hex()


@pytest.mark.parametrize("change", [_role, _identity])
def test_a_source_not_what_its_entry_signed_is_refused_and_nothing_applied(
    tmp_path: Path, change: Any
) -> None:
    team = make_team(tmp_path, 1)
    laptop = team.laptops[0]
    source_id = register(team, laptop)
    with desk_of(team, laptop) as desk:
        note_id = linked_note(desk, source_id, "Booth talk", f"{NAME} was there")
    sync(team, laptop)
    _forged_source(team, change)
    result = sync(team, team.lead)
    (sentence,) = result.refused
    assert "holds a source that its signed entry does not vouch for" in sentence
    assert sentence.endswith("nothing of it was applied.")
    assert sentence.count(".") == 1 + sentence.count(".idbundle")  # one sentence
    with desk_of(team, team.lead) as desk:
        assert desk.sources() == []
        assert note_id not in desk.note_ids()
    assert verified(team, team.lead)


def test_no_real_name_in_the_sync_folder(tmp_path: Path) -> None:
    team = make_team(tmp_path, 1)
    laptop = team.laptops[0]
    source_id = register(team, laptop)
    with desk_of(team, laptop) as desk:
        desk.update_source(desk.source(source_id),
                           SourceIdentity(NAME, aliases=(ALIAS, "Kasia W."),
                                          contact=("kasia@example.org", "+48 601 234 567"),
                                          common_given_name=True))  # fmt: skip
        linked_note(desk, source_id, "Phone call", f"{NAME} called from +48 601 234 567")
    add_note(team, team.lead, "Lunch", f"{ALIAS} ordered fish")
    rounds(team)
    with desk_of(team, team.lead) as desk:
        identity = desk.reveal(source_id)
        assert identity.contact == ("kasia@example.org", "+48 601 234 567")
        assert identity.common_given_name  # the switch travelled, sealed
    secrets = [NAME, "Wiśniewska", "Wisniewska", "Katarzyna", ALIAS, "kasia@example.org",
               "601 234 567", "601234567"]  # fmt: skip
    files = [p for p in team.folder.rglob("*") if p.is_file()]
    assert files
    for path in files:
        data = path.read_bytes()
        for secret in secrets:
            for encoded in (secret.encode(), secret.lower().encode(), secret.encode("utf-16-le")):
                assert encoded not in data, (path.name, secret)
