"""Attachments follow what happens around them: a name registered later is replaced in
their read text (in the vault and in its backups), and emptying the trash removes the
attachments of the notes it deletes for good."""

from __future__ import annotations

from datetime import datetime

from attachment_files import photo
from desk_support import DeskVault, raw_connection

from influence_desk.desk import Desk, NoteDraft
from influence_desk.model import NoteKind, Role, SourceIdentity
from influence_desk.store import Store


def test_a_name_registered_later_leaves_no_attachment_text(desk_vault: DeskVault) -> None:
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        note_id = desk.add_note(NoteDraft(NoteKind.BOOTH, "Card", datetime(2026, 11, 20))).note.id
        info = desk.attach(note_id, photo(), "card.jpg")
        desk.set_attachment_text(info.id, "JONAS QUILL\nHead of Sales, Voterlytics")
        backup = vault.backup()
        source = desk.register_source(SourceIdentity("Jonas Quill"))
        text = desk.attachment(info.id).text
        assert "QUILL" not in text.upper() and source.pseudonym in text
        assert "Head of Sales" in text
        assert vault.verify().problems == []
        key = vault._shared().data_key
    reader = Store.open(backup, key, read_only=True)
    try:
        row = reader.attachment_row(info.id)
        assert row is not None and "QUILL" not in row.text.upper()
    finally:
        reader.close()


def test_emptying_the_trash_removes_the_notes_attachments(desk_vault: DeskVault) -> None:
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        note_id = desk.add_note(NoteDraft(NoteKind.BOOTH, "Fair", datetime(2026, 11, 20))).note.id
        kept_id = desk.add_note(NoteDraft(NoteKind.BOOTH, "Kept", datetime(2026, 11, 21))).note.id
        data = photo()
        info = desk.attach(note_id, data, "p.jpg")
        shared = desk.attach(kept_id, data, "same photo")
        only = desk.attach(note_id, photo(100, 60), "small.jpg")
        desk.delete_note(note_id)
        assert [a.id for a in desk.attachments(note_id)] == [info.id, only.id]  # restorable
        desk.restore_from_trash(note_id)
        desk.delete_note(note_id)
        assert desk.empty_trash() == 1
        assert desk.attachments(note_id) == []
        assert desk.attachment_bytes(shared.id)  # the same bytes, still used by another note
        assert desk.history_action_counts().get("attachment.remove") == 2
        assert vault.verify().problems == []
        key = vault._shared().data_key
    conn = raw_connection(desk_vault.path, key)
    try:
        stored = {r[0] for r in conn.execute("SELECT sha256 FROM attachment_contents")}
    finally:
        conn.close()
    assert stored == {shared.sha256}
