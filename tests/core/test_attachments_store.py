"""Attachments in the vault: stored stripped and encrypted, deduplicated, every change a
signed history entry, what each role may do, and a vault from before attachments migrated
with a signed entry."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from pathlib import Path

import pytest
from attachment_files import assert_no_secret, photo, png_with_text
from desk_support import OLD_VAULT, DeskVault, raw_connection, vault_at_version

from influence_desk import schema
from influence_desk.attachments import AttachmentKind, Audience
from influence_desk.desk import Desk, NoteDraft
from influence_desk.errors import BadInput, NotPermitted
from influence_desk.model import NoteKind, Role, SourceIdentity
from influence_desk.vault.vault import Vault


def _note(desk: Desk, title: str = "Booth 14") -> str:
    return desk.add_note(NoteDraft(NoteKind.BOOTH, title, datetime(2026, 11, 20, 14))).note.id


def _data_key(vault: Vault) -> bytes:
    return vault._shared().data_key


def test_attach_stores_the_stripped_photo_and_lists_it(desk_vault: DeskVault) -> None:
    with desk_vault.open(Role.RESEARCHER) as vault:
        desk = Desk(vault)
        note_id = _note(desk)
        info = desk.attach(note_id, photo(), "IMG_0042.jpg", audience="team")
        assert info.kind is AttachmentKind.IMAGE and info.audience is Audience.TEAM
        assert (info.width, info.height) == (320, 200)
        assert "GPS position" in info.removed and "camera serial" in info.removed
        assert info.removed_summary.startswith("removed: GPS position")
        stored = desk.attachment_bytes(info.id)
        assert hashlib.sha256(stored).hexdigest() == info.sha256
        assert_no_secret(stored)
        assert [a.id for a in desk.attachments(note_id)] == [info.id]
        assert vault.verify().problems == []
        key = _data_key(vault)
    conn = raw_connection(desk_vault.path, key)
    try:
        rows = conn.execute("SELECT * FROM attachments").fetchall()
        assert "IMG_0042" not in repr(rows)  # the file name is not kept: it can name someone
    finally:
        conn.close()


def test_the_same_content_is_stored_once(desk_vault: DeskVault) -> None:
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        first, second = _note(desk, "one"), _note(desk, "two")
        data = photo()
        a = desk.attach(first, data, "a.jpg")
        again = desk.attach(first, data, "copy of a.jpg")
        b = desk.attach(second, data, "b.jpg")
        assert again.id == a.id and b.id != a.id and b.sha256 == a.sha256
        desk.remove_attachment(a.id)
        assert desk.attachments(first) == []
        assert desk.attachment_bytes(b.id)  # still there for the other note
        key = _data_key(vault)
        assert vault.verify().problems == []
    conn = raw_connection(desk_vault.path, key)
    try:
        assert conn.execute("SELECT count(*) FROM attachment_contents").fetchone()[0] == 1
    finally:
        conn.close()


def test_every_change_is_a_signed_entry(desk_vault: DeskVault) -> None:
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        info = desk.attach(_note(desk), png_with_text(), "chart.png")
        desk.set_attachment_audience(info.id, Audience.PUBLIC)
        desk.set_attachment_text(info.id, "PRICE LIST 2027")
        assert desk.attachment(info.id).text == "PRICE LIST 2027"
        desk.remove_attachment(info.id)
        counts = desk.history_action_counts()
        for action in ("attachment.add", "attachment.audience", "attachment.text",
                       "attachment.remove"):  # fmt: skip
            assert counts.get(action) == 1, action
        assert vault.verify().problems == []
        with pytest.raises(BadInput, match="no attachment"):
            desk.attachment_bytes(info.id)


def test_read_text_is_pseudonymised_before_it_is_stored(desk_vault: DeskVault) -> None:
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        source = desk.register_source(SourceIdentity("Katarzyna Wiśniewska"))
        info = desk.attach(_note(desk), photo(), "card.jpg")
        stored = desk.set_attachment_text(info.id, "Katarzyna Wiśniewska, Sales Lead")
        assert "Wiśniewska" not in stored.text and source.pseudonym in stored.text


def test_an_auditor_can_read_but_not_attach(desk_vault: DeskVault) -> None:
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        note_id = _note(desk)
        info = desk.attach(note_id, photo(), "p.jpg")
    with desk_vault.open(Role.AUDITOR) as vault:
        desk = Desk(vault)
        assert desk.attachment_bytes(info.id) == desk.attachment_bytes(info.id)
        with pytest.raises(NotPermitted) as refused:
            desk.attach(note_id, photo(), "p.jpg")
        assert refused.value.exit_code == 4
        for change in (lambda: desk.remove_attachment(info.id),
                       lambda: desk.set_attachment_audience(info.id, "public")):  # fmt: skip
            with pytest.raises(NotPermitted):
                change()


def test_a_source_attachment_opens_only_with_the_identity_key(desk_vault: DeskVault) -> None:
    with desk_vault.open(Role.RESEARCHER) as vault:
        desk = Desk(vault)
        source = desk.register_source(SourceIdentity("Katarzyna Wiśniewska"))
        data = photo()
        card = desk.attach_to_source(source.id, data, "card.jpg")
        assert card.sealed and card.note_id is None
        clear = desk.attachment_bytes(card.id)
        assert_no_secret(clear)
        assert [a.id for a in desk.source_attachments(source.id)] == [card.id]
        key = _data_key(vault)
        assert vault.verify().problems == []
    conn = raw_connection(desk_vault.path, key)
    try:
        (blob,) = conn.execute("SELECT data FROM attachment_contents").fetchone()
    finally:
        conn.close()
    assert clear[:64] not in bytes(blob)  # what the data key opens is sealed once more
    with desk_vault.open(Role.AUDITOR) as vault:
        desk = Desk(vault)
        with pytest.raises(NotPermitted, match="identity key") as refused:
            desk.attachment_bytes(card.id)
        assert refused.value.exit_code == 4


def test_a_card_attached_to_a_note_moves_into_the_source_s_sealed_identity(
    desk_vault: DeskVault,
) -> None:
    with desk_vault.open(Role.RESEARCHER) as vault:
        desk = Desk(vault)
        source = desk.register_source(SourceIdentity("Katarzyna Wiśniewska"))
        note_id = _note(desk)
        card = desk.attach(note_id, photo(), "card.jpg", audience="team")
        desk.set_attachment_text(card.id, "Quillfeather Analytics, Head of Data")
        assert [h.id for h in desk.search("Quillfeather")] == [note_id]
        clear = desk.attachment_bytes(card.id)
        counts = desk.history_action_counts()
        moved = desk.move_attachment_to_source(card.id, source.id)
        assert moved.sealed and moved.source_id == source.id and moved.note_id is None
        assert moved.audience is Audience.INTERNAL and moved.text == ""  # never exported
        assert moved.removed == card.removed and moved.kind is AttachmentKind.IMAGE
        assert desk.attachments(note_id) == []
        assert [a.id for a in desk.source_attachments(source.id)] == [moved.id]
        assert desk.attachment_bytes(moved.id) == clear
        assert desk.search("Quillfeather") == []  # its read text went with the note's copy
        after = desk.history_action_counts()
        for action in ("attachment.remove", "attachment.add"):
            assert after.get(action, 0) == counts.get(action, 0) + 1
        with pytest.raises(BadInput, match="no attachment"):
            desk.attachment_bytes(card.id)
        with pytest.raises(BadInput, match="already part of a source"):
            desk.move_attachment_to_source(moved.id, source.id)
        assert vault.verify().problems == []
        key = _data_key(vault)
    conn = raw_connection(desk_vault.path, key)
    try:
        blobs = [bytes(b) for (b,) in conn.execute("SELECT data FROM attachment_contents")]
    finally:
        conn.close()
    assert len(blobs) == 1 and clear[:64] not in blobs[0]  # no clear copy is left
    with desk_vault.open(Role.AUDITOR) as vault:
        desk = Desk(vault)
        with pytest.raises(NotPermitted):
            desk.move_attachment_to_source(moved.id, source.id)
        with pytest.raises(NotPermitted, match="identity key"):
            desk.attachment_bytes(moved.id)


def test_only_a_slot_with_the_identity_key_moves_a_card_to_a_source(
    desk_vault: DeskVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    with desk_vault.open(Role.RESEARCHER) as vault:
        desk = Desk(vault)
        source = desk.register_source(SourceIdentity("Katarzyna Wiśniewska"))
        card = desk.attach(_note(desk), photo(), "card.jpg")
        monkeypatch.setattr(type(vault), "can_reveal", property(lambda _self: False))
        with pytest.raises(NotPermitted, match="identity key") as refused:
            desk.move_attachment_to_source(card.id, source.id)
        assert refused.value.exit_code == 4
        assert [a.id for a in desk.attachments(card.note_id or "")] == [card.id]


@pytest.mark.parametrize("bad, sentence", [
    (b"", "empty"),
    (b"MZ\x90\x00 not a photo", "cannot be attached"),
    (b"\xff\xd8\xff\xe0" + b"\x00" * 40, "could not be read"),
    (b"%PDF-1.7\n garbage", "could not be read as a PDF"),
])  # fmt: skip
def test_a_file_that_cannot_be_cleaned_is_refused_in_one_sentence(
    desk_vault: DeskVault, bad: bytes, sentence: str
) -> None:
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        note_id = _note(desk)
        before = desk.history_action_counts()
        with pytest.raises(BadInput, match=sentence) as refused:
            desk.attach(note_id, bad, "x")
        assert refused.value.message.count(". ") == 0 and refused.value.exit_code == 1
        assert desk.attachments(note_id) == [] and desk.history_action_counts() == before


def test_a_vault_from_before_attachments_migrates_with_a_signed_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with vault_at_version(tmp_path / "old", 3, monkeypatch) as vault:
        Desk(vault).add_note(NoteDraft(NoteKind.DESK, "before", datetime(2025, 1, 1)))
        folder = vault.path
    with Vault.open(folder, OLD_VAULT) as vault:
        desk = Desk(vault)
        assert vault.store is not None and vault.store.schema is not None
        # 3 -> 4 (attachments) and whatever later versions add: one signed entry each.
        assert vault.store.schema.version == schema.current_version()
        migrations = schema.current_version() - 3
        assert desk.history_action_counts().get("vault.migrate") == migrations
        info = desk.attach(desk.note_ids()[0], photo(), "p.jpg")
        assert desk.attachments(info.note_id or "")[0].id == info.id
        assert vault.verify().problems == []


def test_removed_is_stored_as_a_list(desk_vault: DeskVault) -> None:
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        info = desk.attach(_note(desk), photo(), "p.jpg")
        key = _data_key(vault)
    conn = raw_connection(desk_vault.path, key)
    try:
        (removed,) = conn.execute("SELECT removed FROM attachments WHERE id = ?",
                                  (info.id,)).fetchone()  # fmt: skip
    finally:
        conn.close()
    assert json.loads(removed) == list(info.removed)
