"""A note's history on a team names the copy (laptop) each of its versions was written on
(issue 15, item 8): the researcher's first version on their laptop, the lead's edit on the
lead's copy; alone on one laptop the dialog says nothing of copies. And the Sync tab says
how many of a removed person's changes a sync held void."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sync"))

from sync_team import LEAD, add_note, close_all, edit_note, make_team, sync
from uihelpers import unlock

from ui.version_diff import open_note_history


@pytest.fixture(autouse=True)
def _close_replicas():
    yield
    close_all()


def _items(dialog) -> list[str]:
    return [dialog.entries.item(r).text() for r in range(dialog.entries.count())]


def test_each_version_of_a_note_names_the_copy_it_was_written_on(qtbot, window, tmp_path):
    team = make_team(tmp_path, 1)
    lead, laptop = team.all
    note_id = add_note(team, laptop, "Booth of VoterGrid", "Lists per district.")
    sync(team, laptop)
    sync(team, lead)
    edit_note(team, lead, note_id, "Booth of VoterGrid (checked)", "Lists per district.")
    close_all()  # the window opens the lead's vault itself
    unlock(qtbot, window, lead, LEAD)
    ws = window.workspace
    dialog = open_note_history(ws.session, note_id, ws)
    assert dialog is not None
    items = _items(dialog)  # newest first
    assert len(items) == 2
    assert "Note changed · this copy (" in items[0]
    assert "Note created · Rafa’s copy (" in items[1]
    assert "written on this copy (" in dialog.subline.text()
    dialog.entries.setCurrentRow(1)
    qtbot.waitUntil(lambda: "written on Rafa’s copy (" in dialog.subline.text())
    dialog.close()


def test_alone_on_one_laptop_the_note_history_says_nothing_of_copies(qtbot, window, tmp_path):
    team = make_team(tmp_path, 0)
    note_id = add_note(team, team.lead, "Booth of VoterGrid", "Lists per district.")
    close_all()
    unlock(qtbot, window, team.lead, LEAD)
    ws = window.workspace
    dialog = open_note_history(ws.session, note_id, ws)
    assert dialog is not None
    assert _items(dialog) == [_items(dialog)[0]]
    assert "copy" not in _items(dialog)[0]
    assert "written on" not in dialog.subline.text()
    dialog.close()


def test_the_sync_tab_says_how_many_changes_of_a_removed_person_were_voided(
    qtbot, window, tmp_path
):
    from influence_desk.sync.run import SyncResult

    team = make_team(tmp_path, 0)
    close_all()
    unlock(qtbot, window, team.lead, LEAD)
    ws = window.workspace
    ws.view_actions[6].trigger()
    page = ws.sync_page
    page._show_last(SyncResult(received=1, applied=1, voided=2))
    assert "held void here (they change nothing): 2." in page.outcome.text()
    page._show_last(SyncResult(received=1, applied=1))
    assert "void" not in page.outcome.text()
