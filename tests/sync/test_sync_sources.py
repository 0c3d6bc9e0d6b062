"""Sources travel between replicas: a registration and its sealed identity, edits, what a
replica holding the identity key does with a name it learns, and what it refuses."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
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
    passphrase_for,
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


def created_at(team: Team, source_id: str) -> tuple[int, str, int, int]:
    """Where a source's registration stands in the deterministic order."""
    with desk_of(team, team.lead) as desk:
        rows = desk.store.history_of_objects(f"source:{source_id}")
        (entry,) = [e for e in map(Entry.from_row, rows) if e.action == "source.create"]
        return entry.order_key


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
    later = max((first, second), key=lambda s: created_at(team, s))
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


def test_the_same_person_registered_on_two_replicas_is_merged_everywhere(tmp_path: Path) -> None:
    team = make_team(tmp_path, 1)
    laptop = team.laptops[0]
    first = register(team, team.lead, "Jonas Lindqvist", "Jonny")
    with desk_of(team, team.lead) as desk:
        lead_note = linked_note(desk, first, "Lobby lunch", "Jonas Lindqvist booked it")
    second = register(team, laptop, "JONAS LINDQVIST", "J. Lindqvist")
    with desk_of(team, laptop) as desk:
        laptop_note = linked_note(desk, second, "Fair", "J. Lindqvist runs the booth")
    rounds(team)
    earlier, later = sorted((first, second), key=lambda s: created_at(team, s))
    with desk_of(team, team.lead) as desk:
        (pair,) = desk.duplicate_sources()
        # The survivor: the registration earlier in the deterministic order.
        assert (pair.survivor_id, pair.other_id) == (earlier, later)
        survivor, old_pseudonym = pair.survivor, pair.other
        kept = desk.merge_sources(pair.survivor_id, pair.other_id)
        assert kept.pseudonym == survivor
        assert desk.duplicate_sources() == []
    rounds(team)
    for path in team.all:
        with desk_of(team, path) as desk:
            assert [s.pseudonym for s in desk.sources()] == [survivor]
            assert desk.note(laptop_note).explicit_source_ids == (earlier,)
            assert desk.note(lead_note).explicit_source_ids == (earlier,)
            assert desk.note(laptop_note).note.body == f"{survivor} runs the booth"
            assert desk.note(lead_note).note.body == f"{survivor} booked it"
            assert {"J. Lindqvist", "Jonny"} <= set(desk.reveal(earlier).aliases)
            # The merged pseudonym is an alias now: typed, it is a mention of the survivor.
            note = linked_note(desk, earlier, "Later", f"{old_pseudonym} called back")
            assert desk.note(note).note.body == f"{survivor} called back"
        assert verified(team, path)


def _source_cli(team: Team, path: Path, *args: str) -> Any:
    env = {k: v for k, v in os.environ.items() if not k.startswith("INFLUENCE_DESK_")}
    env["INFLUENCE_DESK_PASSPHRASE"] = passphrase_for(team, path)
    exe = Path(sys.executable).with_name("influence-desk")
    done = subprocess.run([str(exe), "source", args[0], str(path), *args[1:], "--json"], env=env,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_source_duplicates_and_merge_commands(tmp_path: Path) -> None:
    team = make_team(tmp_path, 1)
    laptop = team.laptops[0]
    register(team, team.lead, "Ana Sousa", "Ana S.")
    register(team, laptop, "Ana Sousa", "A. Sousa")
    rounds(team)
    close_all()  # (the CLI opens the vault itself)
    (pair,) = _source_cli(team, team.lead, "duplicates")["duplicates"]
    merged = _source_cli(team, team.lead, "merge", pair["survivor"], pair["other"])
    assert merged == {"id": pair["survivor_id"], "pseudonym": pair["survivor"],
                      "merged": pair["other_id"]}  # fmt: skip
    assert _source_cli(team, team.lead, "duplicates") == {"duplicates": []}
    rounds(team)
    for path in team.all:
        with desk_of(team, path) as desk:
            assert [s.pseudonym for s in desk.sources()] == [pair["survivor"]]
        assert verified(team, path)


def test_a_note_linking_the_merged_source_written_meanwhile_follows_the_survivor(
    tmp_path: Path,
) -> None:
    team = make_team(tmp_path, 1)
    laptop = team.laptops[0]
    first = register(team, team.lead, "Ana Sousa", "Ana S.")
    second = register(team, laptop, "Ana Sousa", "A. Sousa")
    rounds(team)
    with desk_of(team, team.lead) as desk:
        (pair,) = desk.duplicate_sources()
        desk.merge_sources(pair.survivor_id, pair.other_id)
    assert {pair.survivor_id, pair.other_id} == {first, second}
    with desk_of(team, laptop) as desk:  # has not seen the merge yet
        meanwhile = linked_note(desk, pair.other_id, "Late", "A. Sousa phoned")
    sync(team, laptop)  # sends the note (linking the merged source) before it hears of it
    rounds(team)
    for path in team.all:
        with desk_of(team, path) as desk:
            assert [s.id for s in desk.sources()] == [pair.survivor_id]
            assert desk.note(meanwhile).explicit_source_ids == (pair.survivor_id,)
            assert desk.note(meanwhile).note.body == f"{pair.survivor} phoned"
        assert verified(team, path)


@pytest.mark.parametrize("kill_at", ["sync.apply.before_commit@1", "sync.apply.after_commit@1"])
def test_a_sync_killed_while_a_source_comes_in_loses_nothing(tmp_path: Path, kill_at: str) -> None:
    from influence_desk.killpoints import ENV

    team = make_team(tmp_path, 1)
    laptop = team.laptops[0]
    source_id = register(team, laptop)
    lead_note = add_note(team, team.lead, "Dinner", f"{NAME} paid the bill")
    sync(team, team.lead)
    sync(team, laptop)
    close_all()
    env = {k: v for k, v in os.environ.items() if not k.startswith("INFLUENCE_DESK_")}
    env["INFLUENCE_DESK_PASSPHRASE"] = passphrase_for(team, team.lead)
    env[ENV] = kill_at  # the laptop's bundle: the source, re-pseudonymising the lead's note
    exe = Path(sys.executable).with_name("influence-desk")
    done = subprocess.run([str(exe), "sync", str(team.lead), str(team.folder)], env=env,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          timeout=300)  # fmt: skip
    assert done.returncode == -signal.SIGKILL
    assert verified(team, team.lead)
    with desk_of(team, team.lead) as desk:  # all of the bundle, or none of it
        held = [s.id for s in desk.sources()]
        assert held in ([], [source_id])
        body = desk.note(lead_note).note.body
        pseudonym = desk.source(source_id).pseudonym if held else None
        assert body == (f"{pseudonym} paid the bill" if held else f"{NAME} paid the bill")
    rounds(team)
    with desk_of(team, laptop) as desk:
        pseudonym = desk.source(source_id).pseudonym
    for path in team.all:
        assert titles(team, path)[lead_note] == f"Dinner | {pseudonym} paid the bill"
        assert verified(team, path)


def test_an_edit_made_before_the_rename_arrived_keeps_pseudonyms_unique(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import influence_desk.desk.sources as registry

    monkeypatch.setattr(registry, "generate_pseudonym", lambda *a, **k: "Amber Heron")
    team = make_team(tmp_path, 2)
    one, two = team.laptops
    first = register(team, one, "Jonas Lindqvist", "Jonny")
    second = register(team, two, "Priya Raman", "Pri")
    sync(team, one)
    sync(team, two)  # the clash is met (and renamed) here first
    for laptop, source_id in ((one, first), (two, second)):
        with desk_of(team, laptop) as desk:  # each edits its own, not knowing of the other
            source = desk.source(source_id)
            desk.update_source(replace(source, role_description="lobbyist"))
    rounds(team)
    seen = []
    for path in team.all:
        with desk_of(team, path) as desk:
            seen.append({s.id: (s.pseudonym, s.role_description) for s in desk.sources()})
        assert verified(team, path)
    assert seen[0] == seen[1] == seen[2]
    assert sorted(p for p, _role in seen[0].values()) == ["Amber Heron", "Amber Heron 2"]
    assert {r for _p, r in seen[0].values()} == {"lobbyist"}
