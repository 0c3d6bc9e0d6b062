"""The export dialog's sentence when the typed title, not the notes, names a person who is
not reviewed: the user is told to change the title, not sent to the names list."""

from __future__ import annotations

from influence_desk.errors import UnreviewedNames
from ui.export_run import failure_message


def test_a_person_in_the_title_is_told_to_change_the_title() -> None:
    _, sentence, details = failure_message(UnreviewedNames("…", 1, in_title=True))
    assert sentence == "The title names a person not reviewed yet. Nothing was saved."
    assert details and "Change the title" in details[0]
    _, in_notes, _ = failure_message(UnreviewedNames("…", 2))
    assert in_notes.startswith("People named in these notes need a review first")
