"""Name reviews, vault settings and the emptied trash travel between replicas: a public
export the lead's copy refuses for a person not reviewed yet is allowed there once the
researcher's decision came in; a setting made on a laptop shows on the lead's copy; a note
a researcher deleted and whose trash she emptied (with its photo) is gone everywhere, and
verify passes on every copy."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from attachment_files import photo
from sync_team import add_note, desk_of, make_team, sync, titles, verified

from influence_desk.desk import NoteDraft
from influence_desk.errors import UnreviewedNames
from influence_desk.export.profiles import PUBLIC
from influence_desk.model import NoteKind
from influence_desk.reviews import decide, require_reviewed_names

TEXT = "Afterwards Joachim Vogelsang showed us the dashboard."


def test_a_review_decision_changes_the_other_replicas_export_refusal(tmp_path: Path) -> None:
    team = make_team(tmp_path, 1)
    lead, laptop = team.all
    with desk_of(team, laptop) as desk:
        note = desk.add_note(NoteDraft(NoteKind.BOOTH, "Demo", datetime(2026, 11, 20, 14),
                                       summary=TEXT, body=TEXT)).note.id  # fmt: skip
    sync(team, laptop)
    sync(team, lead)
    with desk_of(team, lead) as desk, pytest.raises(UnreviewedNames):
        require_reviewed_names(desk, PUBLIC, [note])
    with desk_of(team, laptop) as desk:
        decide(desk, "Joachim Vogelsang", "public")
        assert require_reviewed_names(desk, PUBLIC, [note]) == 0
    sync(team, laptop)
    result = sync(team, lead)
    assert result.refused == [] and result.applied == 1
    with desk_of(team, lead) as desk:
        assert require_reviewed_names(desk, PUBLIC, [note]) == 0  # allowed here too
    # The lead changes her mind; the laptop holds her decision after its next sync.
    with desk_of(team, lead) as desk:
        decide(desk, "Joachim Vogelsang", "not-person")
    sync(team, lead)
    sync(team, laptop)
    with desk_of(team, lead) as desk:
        decided = desk.store.name_review_states()
        assert list(decided.values()) == ["not-person"]
    with desk_of(team, laptop) as desk:
        assert desk.store.name_review_states() == decided
    assert verified(team, lead) and verified(team, laptop)


def test_a_setting_travels(tmp_path: Path) -> None:
    team = make_team(tmp_path, 1)
    lead, laptop = team.all
    with desk_of(team, laptop) as desk:
        desk.set_setting("export.footer", "Prepared for the newsroom")
    sync(team, laptop)
    sync(team, lead)
    with desk_of(team, lead) as desk:
        assert desk.get_setting("export.footer") == "Prepared for the newsroom"
    assert verified(team, lead)


def test_a_note_deleted_and_its_trash_emptied_is_gone_everywhere(tmp_path: Path) -> None:
    team = make_team(tmp_path, 1)
    lead, laptop = team.all
    kept = add_note(team, laptop, "Kept", "stays")
    shared = add_note(team, laptop, "Shared first", "the lead saw this one")
    with desk_of(team, laptop) as desk:
        info = desk.attach(shared, photo(), "booth.jpg")
    sync(team, laptop)
    sync(team, lead)
    assert shared in titles(team, lead)
    # Deleted and emptied before the next sync; another note made and emptied before it
    # was ever sent (its versions are gone before they could travel).
    unsent = add_note(team, laptop, "Never sent", "written and thrown away")
    with desk_of(team, laptop) as desk:
        desk.delete_note(shared)
        desk.delete_note(unsent)
        assert desk.empty_trash() == 2
    sync(team, laptop)
    result = sync(team, lead)
    assert result.refused == []
    assert set(titles(team, lead)) == {kept}
    with desk_of(team, lead) as desk:
        assert desk.trashed_notes() == []
        assert desk.store.attachment_row(info.id) is None
        assert desk.store.attachment_content(info.sha256) is None
    assert verified(team, lead) and verified(team, laptop)


def test_a_note_restored_from_the_trash_comes_back_on_the_other_replica(tmp_path: Path) -> None:
    team = make_team(tmp_path, 1)
    lead, laptop = team.all
    note = add_note(team, laptop, "Back again", "it was deleted by mistake")
    with desk_of(team, laptop) as desk:
        desk.delete_note(note)
    sync(team, laptop)
    sync(team, lead)
    assert note not in titles(team, lead)
    with desk_of(team, lead) as desk:
        assert [t.id for t in desk.trashed_notes()] == [note]
    with desk_of(team, laptop) as desk:
        desk.restore_from_trash(note)
    sync(team, laptop)
    sync(team, lead)
    assert titles(team, lead)[note] == "Back again | it was deleted by mistake"
    assert verified(team, lead)
