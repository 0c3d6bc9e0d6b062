"""Sources travel between replicas: a registration and its sealed identity, edits, what a
replica holding the identity key does with a name it learns, and what it refuses."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from influence_desk.desk import Desk, NoteDraft
from influence_desk.model import NoteKind, SourceIdentity
from tests.sync.sync_team import (
    Team,
    add_note,
    close_all,
    desk_of,
    make_team,
    sync,
    titles,
    verified,
)

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
