"""A removed person's changes beyond the removal's accepted point are void for sources as
for notes (issue 15, item 5): a copy that had applied such an edit before the removal
reached it takes it back, every replica shows the source as it was without it, and the
edits of others made on top of it stay."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sync_team import (
    Team,
    add_note,
    close_all,
    desk_of,
    make_team,
    remove_member,
    sync,
    titles,
    verified,
)

from influence_desk.model import Consent, SourceIdentity


@pytest.fixture(autouse=True)
def _close() -> Iterator[None]:
    yield
    close_all()


def _edit(team: Team, path: Path, source_id: str, **changes: Any) -> None:
    with desk_of(team, path) as desk:
        desk.update_source(replace(desk.source(source_id), **changes), None)


def _source(team: Team, path: Path, source_id: str) -> tuple[str, str]:
    with desk_of(team, path) as desk:
        shown = desk.source(source_id)
        return shown.role_description, shown.consent


def test_a_removed_persons_void_edit_of_a_source_is_taken_back_everywhere(
    tmp_path: Path,
) -> None:
    team = make_team(tmp_path, 2)
    lead, rafa, mira = team.all
    with desk_of(team, lead) as desk:
        source_id = desk.register_source(SourceIdentity("Katarzyna Wiśniewska"),
                                         "a consultant").id  # fmt: skip
    for path in (lead, rafa, mira, lead, rafa):
        sync(team, path)
    # Mira changes the source's role after the lead's last sync; Rafa's copy applies it
    # and he edits another field of it on top; the lead removes Mira, never having seen it.
    _edit(team, mira, source_id, role_description="Mira's void role")
    sync(team, mira)
    assert sync(team, rafa).refused == []
    assert _source(team, rafa, source_id)[0] == "Mira's void role"
    _edit(team, rafa, source_id, consent=Consent.NAMED)
    mine = add_note(team, rafa, "Rafa's note", "his own work")
    remove_member(team, "Mira")
    sync(team, lead)
    got = sync(team, rafa)
    assert got.refused == [] and got.voided == 1
    for _round in range(3):
        for path in (lead, rafa):
            assert sync(team, path).refused == []
    for path in (lead, rafa):
        assert _source(team, path, source_id) == ("a consultant", Consent.NAMED)
        assert mine in titles(team, path)
        assert verified(team, path)
    assert titles(team, lead) == titles(team, rafa)


def test_a_void_edit_of_a_source_made_beside_anothers_edit_is_no_conflict(
    tmp_path: Path,
) -> None:
    team = make_team(tmp_path, 2)
    lead, rafa, mira = team.all
    with desk_of(team, lead) as desk:
        source_id = desk.register_source(SourceIdentity("Katarzyna Wiśniewska"),
                                         "a consultant").id  # fmt: skip
    for path in (lead, rafa, mira, lead, rafa):
        sync(team, path)
    # Mira and Rafa change the same field without seeing each other (a conflict, while
    # Mira counts); then the lead removes Mira without having seen hers.
    _edit(team, mira, source_id, role_description="Mira's void role")
    sync(team, mira)
    _edit(team, rafa, source_id, role_description="Rafa's role")
    sync(team, rafa)
    with desk_of(team, rafa) as desk:
        assert [c.field for c in desk.conflicts() if c.kind == "source"] == ["role"]
    remove_member(team, "Mira")
    for _round in range(3):
        for path in (lead, rafa):
            sync(team, path)  # (the lead refuses Mira's own bundle: nobody named it)
    for path in (lead, rafa):
        assert _source(team, path, source_id)[0] == "Rafa's role"
        with desk_of(team, path) as desk:
            assert [c for c in desk.conflicts() if c.kind == "source"] == []
        assert verified(team, path)


def test_a_void_change_of_a_sources_identity_is_taken_back(tmp_path: Path) -> None:
    team = make_team(tmp_path, 2)
    lead, rafa, mira = team.all
    with desk_of(team, lead) as desk:
        source_id = desk.register_source(SourceIdentity("Katarzyna Wiśniewska"),
                                         "a consultant").id  # fmt: skip
    for path in (lead, rafa, mira, lead, rafa):
        sync(team, path)
    with desk_of(team, mira) as desk:
        desk.update_source(desk.source(source_id), SourceIdentity("Mira's void name"))
    sync(team, mira)
    sync(team, rafa)
    with desk_of(team, rafa) as desk:
        assert desk.identity(source_id) == SourceIdentity("Mira's void name")
    _edit(team, rafa, source_id, consent=Consent.NAMED)  # (names Mira's head)
    remove_member(team, "Mira")
    for _round in range(3):
        for path in (lead, rafa):
            sync(team, path)
    for path in (lead, rafa):
        with desk_of(team, path) as desk:
            assert desk.identity(source_id) == SourceIdentity("Katarzyna Wiśniewska")
            assert desk.source(source_id).consent == Consent.NAMED
        assert verified(team, path)
