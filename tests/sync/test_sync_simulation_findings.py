"""What the team simulation (test_sync_simulation.py) found, each pinned by a small case:
events and organisations another replica made showing in a vault that stayed open across
the sync; the trash the same on every replica whatever order entries arrived in; and a
conflict resolved by keeping a delete leaving the note in the trash, not out of reach; and
a note deleted while another replica restored the version it already showed (an edit that
changes nothing) in the trash too, not in neither list."""

from __future__ import annotations

from pathlib import Path

from sync_team import add_note, desk_of, edit_note, make_team, sync, verified

from influence_desk.model import EventKind


def test_events_and_organisations_of_another_replica_show_in_an_open_vault(
    tmp_path: Path,
) -> None:
    team = make_team(tmp_path, 1)
    lead, laptop = team.all
    with desk_of(team, lead) as desk:
        assert desk.events() == [] and desk.organisations() == []  # read (and held) before
    with desk_of(team, laptop) as desk:
        event = desk.add_event(EventKind.TRADE_FAIR, "Campaign Tech Europe")
        org = desk.add_organisation("Datapol")
    sync(team, laptop)
    sync(team, lead)
    with desk_of(team, lead) as desk:
        assert desk.events() == [event]
        assert desk.organisations() == [org]
        # Named again on the lead, they are found, not made a second time.
        assert desk.find_or_create_event("Campaign Tech Europe") == event
        assert desk.find_or_create_organisation("Datapol") == org
        assert len(desk.events()) == 1 and len(desk.organisations()) == 1
    assert verified(team, lead)


def test_a_note_deleted_while_another_replica_read_it_is_in_the_trash_everywhere(
    tmp_path: Path,
) -> None:
    team = make_team(tmp_path, 1)
    lead, laptop = team.all
    note = add_note(team, lead, "Stand of Votewise", "leaflets")
    sync(team, lead)
    sync(team, laptop)
    with desk_of(team, laptop) as desk:
        desk.delete_note(note)
    with desk_of(team, lead) as desk:
        desk.note(note, reveal=True)  # a signed reveal, made before the delete was seen
    for path in (lead, laptop, lead):
        sync(team, path)
    for path in team.all:
        with desk_of(team, path) as desk:
            assert note not in desk.note_ids()
            assert [t.id for t in desk.trashed_notes()] == [note]
        assert verified(team, path)
    with desk_of(team, laptop) as desk:  # the laptop, which had the reveal come in last
        assert desk.restore_from_trash(note).note.title == "Stand of Votewise"


def test_keeping_the_delete_of_a_conflict_leaves_the_note_in_the_trash(tmp_path: Path) -> None:
    team = make_team(tmp_path, 1)
    lead, laptop = team.all
    note = add_note(team, lead, "Dinner", "before")
    sync(team, lead)
    sync(team, laptop)
    with desk_of(team, lead) as desk:
        desk.delete_note(note)
    edit_note(team, laptop, note, "Dinner", "edited on the laptop")
    for path in (lead, laptop, lead):
        sync(team, path)
    with desk_of(team, lead) as desk:
        (conflict,) = desk.conflicts()
        assert [v.deleted for v in conflict.versions if v.mine] == [True]
        desk.resolve_conflict(note, "mine")  # the lead's delete
    sync(team, lead)
    sync(team, laptop)
    for path in team.all:
        with desk_of(team, path) as desk:
            assert desk.conflicts() == []
            assert note not in desk.note_ids()
            assert [t.id for t in desk.trashed_notes()] == [note]
        assert verified(team, path)
    with desk_of(team, laptop) as desk:  # and it can come back, with the newest text
        assert desk.restore_from_trash(note).note.body == "edited on the laptop"


def test_a_delete_against_a_restore_that_changed_nothing_leaves_the_note_in_the_trash(
    tmp_path: Path,
) -> None:
    team = make_team(tmp_path, 1)
    lead, laptop = team.all
    note = add_note(team, laptop, "Stand of Votewise", "leaflets")
    sync(team, laptop)
    sync(team, lead)
    with desk_of(team, laptop) as desk:
        desk.delete_note(note)
    for n in range(3):  # the lead's clock runs ahead: its restore comes last in the order
        add_note(team, lead, f"Other note {n}")
    with desk_of(team, lead) as desk:
        (made,) = [v.seq for v in desk.note_history(note) if v.kept]
        desk.restore_version(note, made)  # the version it shows: no field changes
    for path in (lead, laptop, lead):
        sync(team, path)
    for path in team.all:
        with desk_of(team, path) as desk:
            assert note not in desk.note_ids()  # (the restore changed nothing: the delete stands)
            assert [t.id for t in desk.trashed_notes()] == [note]
        assert verified(team, path)
    with desk_of(team, laptop) as desk:
        assert desk.restore_from_trash(note).note.title == "Stand of Votewise"
