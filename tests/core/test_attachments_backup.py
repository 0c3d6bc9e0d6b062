"""Attachments live inside notes.db: a backup holds them, a rekey re-encrypts them with
everything else, and both the vault and its backups read them back afterwards."""

from __future__ import annotations

from datetime import datetime

from attachment_files import pdf_with_metadata, photo
from desk_support import DeskVault

from influence_desk.desk import Desk, NoteDraft
from influence_desk.model import NoteKind, Role, SourceIdentity
from influence_desk.store import Store


def test_backup_and_rekey_keep_attachments_readable(desk_vault: DeskVault) -> None:
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        note_id = desk.add_note(NoteDraft(NoteKind.BOOTH, "Fair", datetime(2026, 11, 20))).note.id
        image = desk.attach(note_id, photo(), "p.jpg")
        brochure = desk.attach(note_id, pdf_with_metadata(), "b.pdf", audience="team")
        source = desk.register_source(SourceIdentity("Katarzyna Wiśniewska"))
        card = desk.attach_to_source(source.id, photo(200, 120), "card.jpg")
        before = {a.id: desk.attachment_bytes(a.id) for a in (image, brochure, card)}
        old_key = vault._shared().data_key
        backup = vault.backup()
        vault.rekey()
        new_key = vault._shared().data_key
        assert new_key != old_key
    with desk_vault.open(Role.RESEARCHER) as vault:
        desk = Desk(vault)
        assert {a.id: desk.attachment_bytes(a.id) for a in (image, brochure, card)} == before
        assert [a.id for a in desk.attachments(note_id)] == [image.id, brochure.id]
        assert vault.verify().problems == []
    # The backup was re-encrypted with the new key too, attachments and all.
    reader = Store.open(backup, new_key, read_only=True)
    try:
        assert reader.attachment_content(image.sha256) == before[image.id]
        assert reader.attachment_content(brochure.sha256) == before[brochure.id]
        row = reader.attachment_row(card.id)
        assert row is not None and row.source_id == source.id
    finally:
        reader.close()
