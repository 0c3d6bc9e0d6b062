"""Deleting a note moves it to the trash: gone from lists, search, counts and exports, back
with restore; emptying the trash is a signed entry, and verify tells a signed emptying from
versions removed behind its back."""

from __future__ import annotations

from datetime import datetime

import pytest
from desk_support import DeskVault, data_key_of, raw_connection

from influence_desk.desk import Desk, NoteDraft
from influence_desk.errors import NotPermitted
from influence_desk.history import read_entries
from influence_desk.model import NoteKind, OrgType, Role

WHEN = datetime(2024, 5, 3, 10, 30)


def _two_notes(desk: Desk) -> tuple[str, str]:
    org = desk.add_organisation("VoterGraph GmbH", OrgType.DATA_BROKER)
    a = desk.add_note(NoteDraft(NoteKind.BOOTH, "Booth of VoterGraph", WHEN,
                                body="Turnout model for sale.", organisation_ids=(org.id,),
                                tags=("lists",)))  # fmt: skip
    b = desk.add_note(NoteDraft(NoteKind.DESK, "Desk research", WHEN, body="Other things."))
    return a.note.id, b.note.id


def test_delete_moves_to_the_trash_and_restore_brings_it_back(desk_vault: DeskVault) -> None:
    with desk_vault.open(Role.RESEARCHER) as vault:
        desk = Desk(vault)
        a, b = _two_notes(desk)
        desk.delete_note(a)
        assert desk.note_ids() == [b] and desk.count_notes() == 1
        assert desk.search("Turnout") == [] and ("lists", 1) not in desk.tags()
        trashed = desk.trashed_notes()
        assert [(t.id, t.title) for t in trashed] == [(a, "Booth of VoterGraph")]
        entry = list(read_entries(desk.store))[-1]
        assert (entry.action, entry.payload) == ("note.delete", {"trash": True})
        assert vault.verify().ok

        view = desk.restore_from_trash(a)
        assert view.note.title == "Booth of VoterGraph" and view.note.tags == ("lists",)
        assert desk.search("Turnout")[0].id == a and desk.trashed_notes() == []
        assert list(read_entries(desk.store))[-1].action == "note.restore"
        assert vault.verify().ok


def test_emptying_the_trash_is_signed_and_only_a_signed_emptying_verifies(
    desk_vault: DeskVault,
) -> None:
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        a, b = _two_notes(desk)
        desk.delete_note(a)
        desk.delete_note(b)
    with desk_vault.open(Role.AUDITOR) as vault:
        desk = Desk(vault)
        assert {t.id for t in desk.trashed_notes()} == {a, b}
        with pytest.raises(NotPermitted):
            desk.empty_trash()
        with pytest.raises(NotPermitted):
            desk.restore_from_trash(a)
    # Someone holding only the data key "empties" the trash of one note: caught.
    with desk_vault.open(Role.LEAD) as vault:
        key = data_key_of(vault)
    conn = raw_connection(desk_vault.path, key)
    conn.execute("DELETE FROM note_versions WHERE note_id = ?", (b,))
    conn.commit()
    conn.close()
    with desk_vault.open(Role.AUDITOR) as vault:
        problems = [str(p) for p in vault.verify().problems]
    assert problems and all("missing" in p for p in problems)
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        assert desk.empty_trash() == 1  # what is left: a
        entry = list(read_entries(desk.store))[-1]
        assert entry.action == "trash.empty" and entry.payload == {"notes": [a]}
        assert desk.trashed_notes() == []
        with pytest.raises(Exception, match="not in the trash"):
            desk.restore_from_trash(a)
        # b's versions were removed unsigned: still reported after a signed emptying.
        assert not vault.verify().ok
        key = data_key_of(vault)
    conn = raw_connection(desk_vault.path, key)
    texts = [str(r[0]) for r in conn.execute("SELECT content FROM note_versions")]
    conn.close()
    assert not any("Turnout model" in t for t in texts)


def test_a_signed_emptying_of_a_long_history_hides_no_unsigned_removal(
    desk_vault: DeskVault,
) -> None:
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        a, b = _two_notes(desk)
        for n in range(60):  # more entries than any page of missing versions
            desk.update_note(a, NoteDraft(NoteKind.DESK, f"Take {n}", WHEN))
        desk.delete_note(a)
        assert desk.empty_trash() == 1
        desk.update_note(b, NoteDraft(NoteKind.DESK, "Desk research, later", WHEN))
        assert vault.verify().ok
        key = data_key_of(vault)
        seq_b = max(v.seq for v in desk.note_history(b))
    conn = raw_connection(desk_vault.path, key)
    conn.execute("DELETE FROM note_versions WHERE seq = ?", (seq_b,))
    conn.commit()
    conn.close()
    with desk_vault.open(Role.AUDITOR) as vault:
        problems = [str(p) for p in vault.verify().problems]
    assert any(f"history entry {seq_b}" in p and "missing" in p for p in problems)
