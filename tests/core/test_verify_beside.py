"""``Vault.verify_beside``: the same verify on its own read-only connection (an export runs
it while the app goes on writing), naming a tampered row like ``verify`` does."""

from __future__ import annotations

from datetime import datetime

from desk_support import DeskVault, data_key_of, raw_connection

from influence_desk.desk import Desk, NoteDraft
from influence_desk.model import NoteKind, Role


def test_verify_beside_says_what_verify_says(desk_vault: DeskVault) -> None:
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        note = desk.add_note(NoteDraft(NoteKind.DESK, "A note", datetime(2024, 1, 1), body="x"))
        beside, direct = vault.verify_beside(), vault.verify()
        assert beside.ok and direct.ok
        assert (beside.entries, beside.head) == (direct.entries, direct.head)
        assert beside.head == vault.checkpoint()
        key = data_key_of(vault)
    conn = raw_connection(desk_vault.path, key)
    try:
        conn.execute("UPDATE notes SET title = 'edited' WHERE id = ?", (note.note.id,))
        conn.commit()
    finally:
        conn.close()
    for role in (Role.LEAD, Role.AUDITOR):
        with desk_vault.open(role) as vault:
            report = vault.verify_beside()
        assert not report.ok
        assert any(p.where == f"note:{note.note.id}" for p in report.problems)
