"""Replicas of one team syncing through a plain folder: notes written on each reach all,
syncing again changes nothing, the result does not depend on who syncs first, concurrent
edits of one field of a note become one conflict keeping both, and its resolution travels
(tests/sync/test_sync_fields.py: fields merging, conflicts per field, keeping both)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sync_team import Team, add_note, desk_of, edit_note, make_team, sync, titles, verified

from influence_desk.desk import NoteDraft
from influence_desk.errors import Cancelled
from influence_desk.history import read_entries
from influence_desk.model import Event, EventKind, NoteKind, Organisation
from influence_desk.progress import CancelFlag


def _history_size(team: Team, path: Path) -> int:
    with desk_of(team, path) as desk:
        return len(list(read_entries(desk.store)))


def _settled(team: Team, note: str, shown: str) -> None:
    """Every replica shows ``shown`` for the note, lists no conflict and verifies."""
    for path in team.all:
        assert titles(team, path)[note] == shown
        with desk_of(team, path) as desk:
            assert desk.conflicts() == []
        assert verified(team, path)


def _shared_note(tmp_path: Path, title: str, body: str) -> tuple[Team, Path, Path, str]:
    """A lead and one laptop that both hold a note the lead wrote."""
    team = make_team(tmp_path, 1)
    lead, laptop = team.all
    note = add_note(team, lead, title, body)
    _round(team, [lead, laptop])
    return team, lead, laptop, note


def _round(team: Team, order: list[Path]) -> None:
    for path in order:
        sync(team, path)


def test_two_replicas_exchange_notes_and_a_second_sync_changes_nothing(tmp_path: Path) -> None:
    team = make_team(tmp_path, 1)
    lead, laptop = team.all
    on_lead = add_note(team, lead, "Booth of Acme at the fair", "Brochures on the table.")
    on_laptop = add_note(team, laptop, "Panel on lobbying", "Three speakers.")
    _round(team, [lead, laptop, lead])
    for path in team.all:
        shown = titles(team, path)
        assert shown == {on_lead: "Booth of Acme at the fair | Brochures on the table.",
                         on_laptop: "Panel on lobbying | Three speakers."}  # fmt: skip
        assert verified(team, path)
    before = {p: (_history_size(team, p), titles(team, p)) for p in team.all}
    files = sorted(f.name for f in team.folder.iterdir())
    for path in team.all:
        again = sync(team, path)
        assert (again.sent, again.applied, again.entries, again.refused) == (0, 0, 0, [])
    assert {p: (_history_size(team, p), titles(team, p)) for p in team.all} == before
    assert sorted(f.name for f in team.folder.iterdir()) == files


def test_three_replicas_converge_whatever_the_order(tmp_path: Path) -> None:
    results = []
    for number, order in enumerate(([0, 1, 2], [2, 1, 0])):
        team = make_team(tmp_path / f"run{number}", 2)
        written = {}
        for index, path in enumerate(team.all):
            written[index] = add_note(team, path, f"Note {index}", f"written on replica {index}")
        shared = written[0]
        edit_note(team, team.all[0], shared, "Note 0", "changed by the lead")
        paths = [team.all[i] for i in order]
        _round(team, paths)
        _round(team, paths)
        views = [titles(team, p) for p in team.all]
        assert views[0] == views[1] == views[2]
        assert sorted(views[0].values()) == ["Note 0 | changed by the lead",
                                             "Note 1 | written on replica 1",
                                             "Note 2 | written on replica 2"]  # fmt: skip
        for path in team.all:
            assert verified(team, path)
        results.append(sorted(views[0].values()))
    assert results[0] == results[1]


def test_concurrent_edits_are_one_conflict_keeping_both_and_the_resolution_travels(
    tmp_path: Path,
) -> None:
    team = make_team(tmp_path, 2)
    lead, rafa, mira = team.all
    note = add_note(team, lead, "Reception", "first text")
    _round(team, [lead, rafa, mira])
    edit_note(team, rafa, note, "Reception", "Rafa's account of the reception")
    edit_note(team, mira, note, "Reception (Mira)", "Mira's account of the reception")
    _round(team, [rafa, mira, lead, rafa, mira])
    shown = {titles(team, p)[note] for p in team.all}
    assert len(shown) == 1  # every replica shows the same version meanwhile
    for path in team.all:
        with desk_of(team, path) as desk:
            found = desk.conflicts()  # the body only: Mira's new title merges
            assert [(c.note_id, c.field) for c in found] == [(note, "body")]
            texts = set()
            for version in found[0].versions:
                change = desk.entry_change(version.version)
                texts |= {f.after for f in change.fields if f.name == "body"}
            assert texts == {"Rafa's account of the reception", "Mira's account of the reception"}
        assert verified(team, path)
    with desk_of(team, mira) as desk:
        desk.resolve_conflict(note, "theirs")  # Rafa's
    _round(team, [mira, lead, rafa])
    _settled(team, note, "Reception (Mira) | Rafa's account of the reception")


def test_a_delete_against_an_edit_is_a_conflict_and_the_edit_can_be_kept(tmp_path: Path) -> None:
    team, lead, laptop, note = _shared_note(tmp_path, "Stand", "before")
    with desk_of(team, lead) as desk:
        desk.delete_note(note)
    edit_note(team, laptop, note, "Stand", "edited on the laptop")
    _round(team, [lead, laptop, lead])
    with desk_of(team, lead) as desk:
        (conflict,) = desk.conflicts()
        assert sorted(v.deleted for v in conflict.versions) == [False, True]
        desk.resolve_conflict(note, "theirs")
    _round(team, [lead, laptop])
    _settled(team, note, "Stand | edited on the laptop")


def test_an_edit_after_seeing_the_other_is_no_conflict(tmp_path: Path) -> None:
    team, lead, laptop, note = _shared_note(tmp_path, "Dinner", "one")
    edit_note(team, laptop, note, "Dinner", "two")
    _round(team, [laptop, lead])
    edit_note(team, lead, note, "Dinner", "three")
    _round(team, [lead, laptop])
    _settled(team, note, "Dinner | three")


def test_a_note_with_a_new_event_and_organisation_arrives_with_them(tmp_path: Path) -> None:
    team = make_team(tmp_path, 1)
    lead, laptop = team.all
    with desk_of(team, laptop) as desk:
        event = Event("", EventKind.TRADE_FAIR, "Campaign Tech Europe")
        org = Organisation("", "Datapol")
        draft = NoteDraft(NoteKind.BOOTH, "Datapol booth", datetime(2026, 11, 20, 14),
                          new_event=event, new_organisations=(org,))  # fmt: skip
        note = desk.add_note(draft).note.id
        desk.add_organisation("Votewise")
    _round(team, [laptop, lead])
    with desk_of(team, lead) as desk:
        assert [e.name for e in desk.events()] == ["Campaign Tech Europe"]
        assert sorted(o.name for o in desk.organisations()) == ["Datapol", "Votewise"]
        row = desk.note_rows([note])[0]
        assert (row.event_name, row.organisation_names) == ("Campaign Tech Europe", ("Datapol",))
    assert verified(team, lead)


def test_a_reveal_travels_as_an_event_and_changes_no_note(tmp_path: Path) -> None:
    team, lead, laptop, note = _shared_note(tmp_path, "Lunch", "with the broker")
    with desk_of(team, laptop) as desk:
        desk.note(note, reveal=True)  # a signed note.reveal entry, no content
    result = sync(team, laptop)
    assert result.sent == 1
    came = sync(team, lead)
    assert (came.applied, came.entries, came.notes, came.refused) == (1, 1, [], [])
    _settled(team, note, "Lunch | with the broker")


def test_progress_counts_bundles_and_a_cancel_keeps_what_was_applied(tmp_path: Path) -> None:
    team = make_team(tmp_path, 2)
    lead, rafa, mira = team.all
    notes = {add_note(team, p, f"Note {i}", "text") for i, p in enumerate(team.all)}
    sync(team, rafa)
    sync(team, mira)
    seen: list[tuple[int, int]] = []
    flag = CancelFlag()

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        if done == 1:
            flag.cancel()  # stop after the first bundle

    with desk_of(team, lead) as desk, pytest.raises(Cancelled):
        desk.sync(team.folder, progress=progress, cancel=flag)
    assert seen == [(0, 2), (1, 2)]
    assert len(titles(team, lead)) == 2  # its own note and the first bundle's
    assert verified(team, lead)
    with desk_of(team, lead) as desk:
        result = desk.sync(team.folder, progress=lambda done, total: seen.append((done, total)))
    assert result.applied == 1 and seen[-1] == (2, 2)
    assert set(titles(team, lead)) == notes
