"""The kept source versions the field-by-field merge reads are held to the signed history:
one altered, or planted, with only the data key makes ``verify`` name it; a registration
that re-encodes a kept role description signs the new digest, on its replica and on every
replica the names reach, so verify still passes there; a source conflict merges, is listed
and is resolved as before."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sync_team import Team, close_all, desk_of, make_team, sync, verified

from influence_desk.canonical import canonical
from influence_desk.desk import Desk
from influence_desk.model import Consent, SourceIdentity
from influence_desk.sync.source_versions import OVERRIDES

NAME = "Katarzyna Wiśniewska"
LATER = "Piotr Zieliński"


@pytest.fixture(autouse=True)
def _close() -> Iterator[None]:
    yield
    close_all()


def rounds(team: Team, times: int = 2) -> None:
    for _ in range(times):
        for path in team.all:
            assert sync(team, path).refused == []


def shared_source(team: Team, role: str = "a consultant") -> str:
    with desk_of(team, team.lead) as desk:
        source_id = desk.register_source(SourceIdentity(NAME, aliases=("Kasia",)), role).id
    rounds(team)
    return source_id


def edit(team: Team, path: Path, source_id: str, **changes: Any) -> None:
    with desk_of(team, path) as desk:
        desk.update_source(replace(desk.source(source_id), **changes))


def role_conflict(team: Team) -> str:
    """A source whose role two replicas set differently, synced everywhere."""
    lead, laptop = team.all[:2]
    source_id = shared_source(team)
    edit(team, lead, source_id, role_description="the lead's role")
    edit(team, laptop, source_id, role_description="the laptop's role", consent=Consent.NAMED)
    rounds(team)
    return source_id


def kept(desk: Desk, source_id: str) -> list[tuple[Any, ...]]:
    """(seq, source_id, content, identity) of the source's kept versions, oldest first."""
    return [tuple(r) for r in desk.store.source_version_rows_of(source_id)]


def problems(desk: Desk) -> list[str]:
    report = desk.vault.verify()
    return [str(p) for p in report.problems]


def tamper(desk: Desk, sql: str, args: tuple[Any, ...]) -> None:
    store = desk.store
    with store.transaction():
        store._exec(sql, args)


def test_a_kept_base_version_altered_in_the_store_fails_verify(tmp_path: Path) -> None:
    team = make_team(tmp_path, 1)
    source_id = role_conflict(team)
    with desk_of(team, team.lead) as desk:
        base = kept(desk, source_id)[0]  # the version both sides edited from
        content = json.loads(base[2])
        content["role_description"] = "the laptop's role"  # (the laptop's edit would vanish)
        tamper(desk, "UPDATE source_versions SET content = ? WHERE seq = ?",
               (canonical(content).decode(), base[0]))  # fmt: skip
        found = problems(desk)
    assert any(f"source version of history entry {base[0]}" in p and "altered" in p
               for p in found), found  # fmt: skip


def test_a_kept_version_with_another_sealed_identity_fails_verify(tmp_path: Path) -> None:
    team = make_team(tmp_path, 1)
    source_id = role_conflict(team)
    with desk_of(team, team.lead) as desk:
        other = desk.register_source(SourceIdentity("Jan Kowalski"), "someone else").id
        their_blob = kept(desk, other)[-1][3]
        version = kept(desk, source_id)[-1]
        tamper(desk, "UPDATE source_versions SET identity = ? WHERE seq = ?",
               (their_blob, version[0]))  # fmt: skip
        found = problems(desk)
    assert any(f"source version of history entry {version[0]}" in p and "sealed identity" in p
               for p in found), found  # fmt: skip


def test_a_source_version_no_entry_made_fails_verify(tmp_path: Path) -> None:
    team = make_team(tmp_path, 1)
    source_id = role_conflict(team)
    with desk_of(team, team.lead) as desk:
        _seq, _sid, text, blob = kept(desk, source_id)[-1]
        planted = desk.store.history_count() + 50  # (a number no entry has)
        tamper(desk, "INSERT INTO source_versions(seq, source_id, content, identity) "
               "VALUES (?,?,?,?)", (planted, source_id, text, blob))  # fmt: skip
        found = problems(desk)
    assert any(f"source version of history entry {planted}" in p
               and "belongs to no history entry" in p for p in found), found  # fmt: skip


def test_a_registration_re_encoding_a_kept_role_still_verifies_everywhere(
    tmp_path: Path,
) -> None:
    team = make_team(tmp_path, 2)
    lead, laptop, _other = team.all
    source_id = shared_source(team, f"advises {LATER} on transport")
    # Offline on the laptop, an edit naming him too (kept on the lead once it arrives, its
    # role re-encoded there with the name the lead registered meanwhile).
    edit(team, laptop, source_id, role_description=f"works for {LATER}")
    with desk_of(team, lead) as desk:
        desk.register_source(SourceIdentity(LATER), "a civil servant")
        roles = [json.loads(r[2])["role_description"] for r in kept(desk, source_id)]
        assert roles and all(LATER not in r for r in roles)
        assert [str(r[3]) for r in desk.store.history_of_objects(OVERRIDES)] == [
            "source.versions"]  # (the kept create's role, re-encoded, signed)
        assert verified(team, lead)
    rounds(team)
    for path in team.all:
        with desk_of(team, path) as desk:
            for row in kept(desk, source_id):
                assert LATER not in json.loads(row[2])["role_description"]
            assert LATER not in desk.source(source_id).role_description
        assert verified(team, path)


def test_a_source_conflict_still_merges_lists_and_resolves_with_verify_passing(
    tmp_path: Path,
) -> None:
    team = make_team(tmp_path, 1)
    lead = team.lead
    source_id = role_conflict(team)
    for path in team.all:
        with desk_of(team, path) as desk:
            (conflict,) = [c for c in desk.conflicts() if c.kind == "source"]
            assert conflict.field == "role"
            assert sorted(v.text for v in conflict.versions) == ["the laptop's role",
                                                                  "the lead's role"]  # fmt: skip
            assert desk.source(source_id).consent == Consent.NAMED
        assert verified(team, path)
    with desk_of(team, lead) as desk:
        desk.resolve_conflict(source_id, "theirs")
    rounds(team)
    for path in team.all:
        with desk_of(team, path) as desk:
            assert [c for c in desk.conflicts() if c.kind == "source"] == []
            source = desk.source(source_id)
            assert (source.role_description, source.consent) == ("the laptop's role",
                                                                 Consent.NAMED)  # fmt: skip
        assert verified(team, path)
