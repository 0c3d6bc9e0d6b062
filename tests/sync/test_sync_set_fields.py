"""A note's sets (tags, organisations, sources linked by hand) merge element by element
(DESIGN §11 "Merge", sync/three_way.py): researchers who add or remove different tags or
links of one note without seeing each other's change find every addition and every
removal on every replica, sorted the same way, with no conflict listed and `verify`
passing everywhere, whatever order they sync in."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path
from typing import Any

from sync_team import Team, desk_of, make_team, sync, verified

from influence_desk.desk import Desk, NoteDraft
from influence_desk.model import NoteKind, SourceIdentity

ORGS = ("Datapol", "Votewise", "Adtrack")
PEOPLE = ("Ortrud Quellmalz", "Baptiste Vireloup", "Selma Okonkwo")


def _register(desk: Desk) -> None:
    for name in ORGS:
        desk.add_organisation(name)
    for name in PEOPLE:
        desk.register_source(SourceIdentity(name))


def _save(team: Team, path: Path, note_id: str, **changes: Any) -> None:
    """The note saved as the editor saves it, ``changes`` replacing whole fields."""
    with desk_of(team, path) as desk:
        view = desk.note(note_id)
        n = view.note
        draft = NoteDraft(n.kind, n.title, n.occurred_at, body=n.body, summary=n.summary,
                          event_id=n.event_id, organisation_ids=n.organisation_ids,
                          source_ids=view.explicit_source_ids, tags=n.tags, marks=n.marks,
                          kept_refs=view.refs)  # fmt: skip
        desk.update_note(note_id, dataclasses.replace(draft, **changes))


def _team(tmp_path: Path, **start: Any) -> tuple[Team, str, dict[str, str], dict[str, str]]:
    """Lead, Rafa, Mira holding one note (``start``: its first links); organisations and
    sources by name."""
    team = make_team(tmp_path, 2, before=_register)
    with desk_of(team, team.lead) as desk:
        orgs = {o.name: o.id for o in desk.organisations()}
        people = {desk.reveal(s.id).real_name: s.id for s in desk.sources()}
        note = desk.add_note(NoteDraft(NoteKind.BOOTH, "Reception", datetime(2026, 11, 20, 14),
                                       body="first text", **start)).note.id  # fmt: skip
    _rounds(team, team.all)
    return team, note, orgs, people


def _rounds(team: Team, order: list[Path], times: int = 2) -> None:
    for _ in range(times):
        for path in order:
            assert sync(team, path).refused == []


def _everywhere(team: Team, note: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The note's tags, organisations and hand-linked sources, the same on every replica
    (in the order shown), with no conflict anywhere and `verify` passing."""
    seen = set()
    for path in team.all:
        with desk_of(team, path) as desk:
            view = desk.note(note)
            seen.add((view.note.tags, view.note.organisation_ids, view.explicit_source_ids))
            assert desk.conflicts() == []
        assert verified(team, path)
    assert len(seen) == 1, seen
    return seen.pop()


def test_tags_added_on_two_laptops_both_survive_everywhere_in_either_order(
    tmp_path: Path,
) -> None:
    results = set()
    for run, first in enumerate((1, 2)):
        team, note, _orgs, _people = _team(tmp_path / f"run{run}", tags=("booth",))
        lead, rafa, mira = team.all
        _save(team, rafa, note, tags=("booth", "fair"))
        _save(team, mira, note, tags=("ads", "booth"))
        _rounds(team, [team.all[first], team.all[3 - first], lead])
        tags, _o, _s = _everywhere(team, note)
        assert tags == ("ads", "booth", "fair")
        results.add(tags)
    assert len(results) == 1
    # An edit made on top of the merge (it saw both tags) stands as made, everywhere.
    _save(team, lead, note, tags=("fair",))
    _rounds(team, team.all)
    assert _everywhere(team, note)[0] == ("fair",)


def test_a_tag_removed_on_one_laptop_and_another_added_on_the_other(tmp_path: Path) -> None:
    team, note, _orgs, _people = _team(tmp_path, tags=("booth", "data"))
    _lead, rafa, mira = team.all
    _save(team, rafa, note, tags=("data",))  # removes "booth"
    _save(team, mira, note, tags=("booth", "data", "pricing"), title="Reception, 2nd day")
    _rounds(team, [mira, rafa, team.lead])
    assert _everywhere(team, note)[0] == ("data", "pricing")
    with desk_of(team, rafa) as desk:
        assert desk.note(note).note.title == "Reception, 2nd day"  # the other field merged


def test_the_same_tag_removed_on_both_laptops_stays_removed(tmp_path: Path) -> None:
    team, note, _orgs, _people = _team(tmp_path, tags=("booth", "data", "pricing"))
    _lead, rafa, mira = team.all
    _save(team, rafa, note, tags=("data", "pricing"))  # removes "booth"
    _save(team, mira, note, tags=("pricing", "follow-up"))  # "booth" and "data"; adds one
    _rounds(team, [rafa, mira, team.lead])
    assert _everywhere(team, note)[0] == ("follow-up", "pricing")


def test_three_replicas_each_changing_the_tags_converge(tmp_path: Path) -> None:
    team, note, _orgs, _people = _team(tmp_path, tags=("a", "b", "c"))
    lead, rafa, mira = team.all
    _save(team, lead, note, tags=("a", "b", "c", "lead"))
    _save(team, rafa, note, tags=("b", "c", "rafa"))  # "a" out
    _save(team, mira, note, tags=("a", "b", "mira"))  # "c" out
    _rounds(team, [mira, lead, rafa])
    assert _everywhere(team, note)[0] == ("b", "lead", "mira", "rafa")


def test_sources_linked_on_both_laptops_are_all_linked(tmp_path: Path) -> None:
    team, note, _orgs, people = _team(tmp_path)
    ortrud, baptiste, selma = (people[p] for p in PEOPLE)
    _save(team, team.lead, note, source_ids=(ortrud,))
    _rounds(team, team.all)
    _lead, rafa, mira = team.all
    _save(team, rafa, note, source_ids=(ortrud, baptiste))
    _save(team, mira, note, source_ids=(selma,))  # Ortrud unlinked, Selma linked
    _rounds(team, [rafa, team.lead, mira])
    assert set(_everywhere(team, note)[2]) == {baptiste, selma}


def test_organisations_linked_on_both_laptops_are_all_linked(tmp_path: Path) -> None:
    team, note, orgs, _people = _team(tmp_path)
    _save(team, team.lead, note, organisation_ids=(orgs["Datapol"],))
    _rounds(team, team.all)
    _lead, rafa, mira = team.all
    _save(team, rafa, note, organisation_ids=(orgs["Datapol"], orgs["Votewise"]))
    _save(team, mira, note, organisation_ids=(orgs["Adtrack"], orgs["Datapol"]))
    _rounds(team, [mira, rafa, team.lead])
    assert set(_everywhere(team, note)[1]) == set(orgs.values())


def _merged_pair(team: Team, note: str) -> tuple[str, str, str]:
    """Two registrations of one person (the second written on Rafa's laptop), the note
    linking the later one; (survivor, merged, pseudonym of the survivor)."""
    _lead, rafa, _mira = team.all
    with desk_of(team, team.lead) as desk:
        desk.register_source(SourceIdentity("Jonas Lindqvist"))
    with desk_of(team, rafa) as desk:
        desk.register_source(SourceIdentity("JONAS LINDQVIST"))
    _rounds(team, team.all)
    with desk_of(team, team.lead) as desk:
        (pair,) = desk.duplicate_sources()
    _save(team, team.lead, note, source_ids=(pair.other_id,))
    _rounds(team, team.all)
    return pair.survivor_id, pair.other_id, pair.survivor


def test_a_source_merged_while_another_laptop_links_one_more_keeps_both(
    tmp_path: Path,
) -> None:
    team, note, _orgs, people = _team(tmp_path)
    survivor, other, _name = _merged_pair(team, note)
    _lead, rafa, mira = team.all
    with desk_of(team, team.lead) as desk:
        desk.merge_sources(survivor, other)  # the note now links the survivor
    _save(team, mira, note, source_ids=(other, people["Selma Okonkwo"]))  # not seen it yet
    _rounds(team, [mira, team.lead, rafa])
    assert set(_everywhere(team, note)[2]) == {survivor, people["Selma Okonkwo"]}


def test_a_source_unlinked_while_another_replica_merges_it_stays_unlinked(
    tmp_path: Path,
) -> None:
    team, note, _orgs, people = _team(tmp_path)
    survivor, other, _name = _merged_pair(team, note)
    _lead, rafa, mira = team.all
    _save(team, mira, note, source_ids=(people["Ortrud Quellmalz"],))  # the person unlinked
    with desk_of(team, team.lead) as desk:
        desk.merge_sources(survivor, other)  # meanwhile: the note's link moves to the survivor
    _rounds(team, [team.lead, mira, rafa])
    # Not linked again as the survivor: the unlink is what Mira did to that person.
    assert _everywhere(team, note)[2] == (people["Ortrud Quellmalz"],)
