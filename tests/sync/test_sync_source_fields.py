"""A source edited on two replicas merges field by field, as a note does: different fields
both survive; one field set differently is a conflict that keeps both versions, listed on
every replica (the pseudonym and the field, never the identity) and resolved by a person
with one signed entry that travels; verify recomputes the merge."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sync_team import Team, close_all, desk_of, make_team, passphrase_for, sync, verified

from influence_desk import crypto
from influence_desk.canonical import canonical
from influence_desk.history import entry_hash_v2
from influence_desk.model import Consent, SourceIdentity
from influence_desk.sync.bundle_format import encode_bundle, list_bundles, read_bundle

NAME = "Katarzyna Wiśniewska"
EXE = Path(sys.executable).with_name("influence-desk")


@pytest.fixture(autouse=True)
def _close() -> Iterator[None]:
    yield
    close_all()


def rounds(team: Team, times: int = 2) -> None:
    for _ in range(times):
        for path in team.all:
            assert sync(team, path).refused == []


def shared_source(team: Team) -> str:
    """A source the lead registered, held by every replica."""
    with desk_of(team, team.lead) as desk:
        source_id = desk.register_source(SourceIdentity(NAME, aliases=("Kasia",)),
                                         "a consultant").id  # fmt: skip
    rounds(team)
    return source_id


def edit(team: Team, path: Path, source_id: str, **changes: Any) -> None:
    with desk_of(team, path) as desk:
        identity = changes.pop("identity", None)
        desk.update_source(replace(desk.source(source_id), **changes), identity)


def state(team: Team, path: Path, source_id: str) -> tuple[Any, ...]:
    with desk_of(team, path) as desk:
        s = desk.source(source_id)
        return (s.pseudonym, s.role_description, s.organisation_id, s.consent,
                desk.identity(source_id))  # fmt: skip


def source_conflicts(team: Team, path: Path) -> list[Any]:
    with desk_of(team, path) as desk:
        return [c for c in desk.conflicts() if c.kind == "source"]


def test_different_fields_of_a_source_edited_on_two_replicas_both_survive(
    tmp_path: Path,
) -> None:
    team = make_team(tmp_path, 1)
    lead, laptop = team.all
    source_id = shared_source(team)
    edit(team, lead, source_id, role_description="a lobbyist for the car industry")
    edit(team, laptop, source_id, consent=Consent.NAMED)
    rounds(team)
    for path in team.all:
        _pseudonym, role, _org, consent, _identity = state(team, path, source_id)
        assert (role, consent) == ("a lobbyist for the car industry", Consent.NAMED)
        assert source_conflicts(team, path) == []
        assert verified(team, path)
    assert state(team, lead, source_id) == state(team, laptop, source_id)


def test_one_field_edited_twice_is_a_conflict_listed_everywhere_then_resolved(
    tmp_path: Path,
) -> None:
    team = make_team(tmp_path, 2)
    lead, laptop, other = team.all
    source_id = shared_source(team)
    edit(team, lead, source_id, role_description="the lead's role")
    edit(team, laptop, source_id, role_description="the laptop's role", consent=Consent.NAMED)
    rounds(team)
    with desk_of(team, lead) as desk:
        pseudonym = desk.source(source_id).pseudonym
    for path in team.all:
        (conflict,) = source_conflicts(team, path)
        assert (conflict.note_id, conflict.field) == (source_id, "role")
        assert sorted(v.text for v in conflict.versions) == ["the laptop's role",
                                                              "the lead's role"]  # fmt: skip
        assert {v.title for v in conflict.versions} == {pseudonym}
        assert state(team, path, source_id)[3] == Consent.NAMED  # (the other field merged)
        assert verified(team, path)
    assert state(team, lead, source_id) == state(team, laptop, source_id)
    with desk_of(team, laptop) as desk:
        desk.resolve_conflict(source_id, "theirs")
        assert desk.source(source_id).role_description == "the lead's role"
    rounds(team)
    for path in team.all:
        assert source_conflicts(team, path) == []
        assert state(team, path, source_id)[1:4] == ("the lead's role", None, Consent.NAMED)
        assert verified(team, path)
    assert state(team, lead, source_id) == state(team, other, source_id)


def test_an_identity_edited_twice_is_a_sealed_conflict_and_keep_mine_travels(
    tmp_path: Path,
) -> None:
    team = make_team(tmp_path, 1)
    lead, laptop = team.all
    source_id = shared_source(team)
    edit(team, lead, source_id, identity=SourceIdentity(NAME, aliases=("Kasia", "Kate")))
    edit(team, laptop, source_id, identity=SourceIdentity(NAME, aliases=("Kasia", "Kat")))
    rounds(team)
    for path in team.all:
        (conflict,) = source_conflicts(team, path)
        assert conflict.field == "identity"
        shown = json.dumps([c.to_json() for c in source_conflicts(team, path)])
        for secret in (NAME, "Kasia", "Kate", "Kat\""):
            assert secret not in shown
        assert {v.text for v in conflict.versions} == {"identity (sealed)"}
    with desk_of(team, laptop) as desk:
        desk.resolve_conflict(source_id, "mine", "identity")
    rounds(team)
    for path in team.all:
        assert source_conflicts(team, path) == []
        assert state(team, path, source_id)[4].aliases == ("Kasia", "Kat")
        assert verified(team, path)


def test_the_cli_lists_a_source_conflict_by_pseudonym_and_resolves_it(tmp_path: Path) -> None:
    team = make_team(tmp_path, 1)
    lead, laptop = team.all
    source_id = shared_source(team)
    edit(team, lead, source_id, consent=Consent.NAMED)
    edit(team, laptop, source_id, consent=Consent.BACKGROUND)
    rounds(team)
    with desk_of(team, laptop) as desk:
        pseudonym = desk.source(source_id).pseudonym
    close_all()

    def cli(*args: str, json_out: bool = True) -> Any:
        env = {k: v for k, v in os.environ.items() if not k.startswith("INFLUENCE_DESK_")}
        env["INFLUENCE_DESK_PASSPHRASE"] = passphrase_for(team, laptop)
        done = subprocess.run([str(EXE), args[0], str(laptop), *args[1:],
                               *(["--json"] if json_out else [])], env=env,
                              capture_output=True, text=True, stdin=subprocess.DEVNULL,
                              timeout=300)  # fmt: skip
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout) if json_out else done.stdout

    (conflict,) = cli("conflicts")["conflicts"]
    assert (conflict["kind"], conflict["object"]) == ("source", f"source:{source_id}")
    assert sorted(v["text"] for v in conflict["versions"]) == ["background", "named"]
    listed = cli("conflicts", json_out=False)
    assert f"source {pseudonym} ({source_id}) consent: 2 versions" in listed
    assert NAME not in listed
    cli("conflicts", "--keep", source_id, "mine")
    assert cli("conflicts") == {"conflicts": []}
    rounds(team)
    assert state(team, lead, source_id)[3] == Consent.BACKGROUND
    assert source_conflicts(team, lead) == []


def test_a_source_resolution_signed_by_a_stranger_is_refused(tmp_path: Path) -> None:
    team = make_team(tmp_path, 1)
    lead, laptop = team.all
    source_id = shared_source(team)
    edit(team, lead, source_id, role_description="the lead's role")
    edit(team, laptop, source_id, role_description="the laptop's role")
    rounds(team)
    with desk_of(team, laptop) as desk:
        desk.resolve_conflict(source_id, "mine")
        me = desk.store.local_replica()
    assert sync(team, laptop).refused == []
    with desk_of(team, lead) as desk:
        key, vault_id = desk.vault._shared().data_key, desk.vault.vault_id
    path = max((b for b in list_bundles(team.folder) if b.replica_id == me),
               key=lambda b: b.last).path  # fmt: skip
    bundle = read_bundle(path, key, vault_id)
    body = json.loads(bundle.payload)
    (entry,) = [e for e in body["entries"] if "resolves" in e["payload"]]
    assert entry["object"] == f"source:{source_id}"
    stranger = crypto.new_signing_key()
    entry["actor"] = crypto.public_raw(stranger).hex()
    entry["hash"] = entry_hash_v2(
        vault_id, entry["replica"], entry["rseq"], entry["clock"], entry["at"], entry["actor"],
        entry["action"], entry["object"], entry["content"], entry["prev"],
        {r: (n, h) for r, (n, h) in entry["heads"].items()}, entry["payload"],
    )  # fmt: skip
    entry["signature"] = crypto.sign(stranger, bytes.fromhex(entry["hash"])).hex()
    old_hash = next(iter(h for h in body["contents"] if h not in {e["hash"] for e in
                                                                   body["entries"]}), None)
    assert old_hash is not None
    body["contents"][entry["hash"]] = body["contents"].pop(old_hash)
    header = bundle.header
    path.write_bytes(encode_bundle(key, vault_id, header.replica_id, header.first, header.last,
                                   canonical(body)))  # fmt: skip
    result = sync(team, lead)
    assert len(result.refused) == 1
    assert "signed by someone this vault does not trust" in result.refused[0]
    (conflict,) = source_conflicts(team, lead)  # still open: nothing of the forgery applied
    assert conflict.field == "role"
    assert verified(team, lead)
