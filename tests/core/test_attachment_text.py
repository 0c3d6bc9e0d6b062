"""The text read from attachments (issue 16 item 3): a business card photographed at a fair is
read offline, its registered name and phone number stored as the pseudonym (in the row, its
signed history and the search index, read here with the data key), a printed word finds the
note, a name registered or edited later is replaced there too, and a public export of the
card is stopped by the gate.

The images are drawn here with Pillow and DejaVu; Tesseract reads each in about a second.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
import sqlcipher3
from attachment_files import pdf_with_metadata, printed, wav_with_tags
from desk_support import (
    OLD_VAULT,
    DeskVault,
    fold,
    leaked_names,
    raw_connection,
    vault_at_version,
)

from influence_desk import schema
from influence_desk.attachments import Audience
from influence_desk.desk import Desk, NoteDraft
from influence_desk.errors import BadInput, Cancelled, LeakDetected
from influence_desk.export.service import run_export
from influence_desk.model import NoteKind, Role, SourceIdentity
from influence_desk.progress import CancelFlag
from influence_desk.vault.vault import Vault

NAME = "Katarzyna Wiśniewska"
PHONE = "+48 22 123 45 67"
CARD = (NAME, "Head of Data, Datapol", PHONE)


def _note(desk: Desk, title: str = "Booth 14") -> str:
    return desk.add_note(NoteDraft(NoteKind.BOOTH, title, datetime(2026, 11, 20, 14))).note.id


def _fts_terms(conn: sqlcipher3.Connection) -> set[str]:
    """Every term the attachment text index holds (folded, as FTS5 stores it)."""
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.avocab "
                 "USING fts5vocab(main, attachments_fts, row)")  # fmt: skip
    return {str(r[0]) for r in conn.execute("SELECT term FROM temp.avocab")}


def test_a_business_card_is_read_and_stored_with_the_pseudonym(desk_vault: DeskVault) -> None:
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        source = desk.register_source(SourceIdentity(NAME, contact=(PHONE,)))
        note_id = _note(desk)
        info = desk.attach(note_id, printed(*CARD), "card.png", audience="public")
        assert desk.attachment_text(info.id) == ""  # nothing read until asked
        steps: list[tuple[int, int]] = []
        read = desk.read_attachment_text(info.id, progress=lambda d, t: steps.append((d, t)))
        assert steps[-1] == (1, 1)
        text = desk.attachment_text(info.id)
        assert text == read.text and "Head of Data, Datapol" in text
        assert source.pseudonym in text
        assert "Wiśniewska" not in text and "123 45 67" not in text
        # A printed word finds the note, with the attachment's words as the snippet.
        hits = desk.search("Datapol")
        assert [h.id for h in hits] == [note_id] and "[Datapol]" in hits[0].snippet
        assert hits[0].title == "Booth 14"
        # The real name typed into the search becomes the pseudonym: found too.
        assert [h.id for h in desk.search("Wiśniewska")] == [note_id]
        assert desk.history_action_counts().get("attachment.text") == 1
        assert vault.verify().problems == []
        key = vault._shared().data_key
    # Everything notes.db holds, history and the FTS shadow tables included.
    assert leaked_names(desk_vault.path, key, [NAME, "Wisniewska", "123 45 67"]) == []
    conn = raw_connection(desk_vault.path, key)
    try:
        terms = _fts_terms(conn)
        assert "datapol" in terms and "wisniewska" not in terms and "katarzyna" not in terms
        assert fold(source.pseudonym).split()[-1] in terms
    finally:
        conn.close()


def test_a_public_export_of_the_card_is_stopped_by_the_gate(
    desk_vault: DeskVault, tmp_path: Path
) -> None:
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        desk.register_source(SourceIdentity(NAME, contact=(PHONE,)))
        note_id = _note(desk)
        info = desk.attach(note_id, printed(*CARD), "card.png", audience=Audience.PUBLIC)
        desk.read_attachment_text(info.id)
        out = tmp_path / "public.pdf"
        with pytest.raises(LeakDetected) as caught:
            run_export(desk, "public", out)
        assert "image" in caught.value.message
        assert not out.exists()
        # Marked internal, the card stays out of the export, which then passes.
        desk.set_attachment_audience(info.id, Audience.INTERNAL)
        assert run_export(desk, "public", out).out.exists()


def test_a_name_registered_or_edited_later_is_replaced_in_the_text_and_index(
    desk_vault: DeskVault,
) -> None:
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        note_id = _note(desk)
        info = desk.attach(note_id, printed(NAME, "Ask Kasia Wolny", "Datapol"), "card.png")
        assert "Wiśniewska" in desk.read_attachment_text(info.id).text  # not registered yet
        backup = vault.backup()
        source = desk.register_source(SourceIdentity(NAME))
        text = desk.attachment_text(info.id)
        assert source.pseudonym in text and "Wiśniewska" not in text and "Wolny" in text
        desk.update_source(source, SourceIdentity(NAME, aliases=("Kasia Wolny",)))
        text = desk.attachment_text(info.id)
        assert "Wolny" not in text and text.count(source.pseudonym) == 2
        assert [h.id for h in desk.search(source.pseudonym)] == [note_id]
        assert [h.id for h in desk.search("Kasia Wolny")] == [note_id]  # as the pseudonym
        assert vault.verify().problems == []
        key = vault._shared().data_key
    assert leaked_names(desk_vault.path, key, ["Wisniewska", "Wolny"]) == []
    for db in (desk_vault.path, backup):
        conn = raw_connection(db, key)
        try:
            terms = _fts_terms(conn)
            assert "wisniewska" not in terms and "wolny" not in terms
            (stored,) = conn.execute("SELECT text FROM attachments").fetchone()
            assert "Wolny" not in stored and "Wiśniewska" not in stored
        finally:
            conn.close()


def test_a_pdf_is_read_and_a_note_in_the_trash_is_not_found(desk_vault: DeskVault) -> None:
    with desk_vault.open(Role.RESEARCHER) as vault:
        desk = Desk(vault)
        note_id = _note(desk)
        info = desk.attach(note_id, pdf_with_metadata(), "prices.pdf")
        assert "price list" in desk.read_attachment_text(info.id).text
        assert [h.id for h in desk.search("price list")] == [note_id]
        desk.delete_note(note_id)
        assert desk.search("price") == []
        desk.restore_from_trash(note_id)
        assert [h.id for h in desk.search("price")] == [note_id]
        assert vault.verify().problems == []


def test_audio_cancel_and_auditors(desk_vault: DeskVault) -> None:
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        note_id = _note(desk)
        audio = desk.attach(note_id, wav_with_tags(), "memo.wav")
        with pytest.raises(BadInput, match="audio"):
            desk.read_attachment_text(audio.id)
        card = desk.attach(note_id, printed("Datapol"), "card.png")
        before = desk.history_action_counts()
        cancel = CancelFlag()
        cancel.cancel()
        with pytest.raises(Cancelled):
            desk.read_attachment_text(card.id, cancel=cancel)
        assert desk.attachment_text(card.id) == "" and desk.history_action_counts() == before
        desk.read_attachment_text(card.id)
    with desk_vault.open(Role.AUDITOR) as vault:
        desk = Desk(vault)
        assert "Datapol" in desk.attachment_text(card.id)
        assert [h.id for h in desk.search("Datapol")] == [note_id]


def test_verify_names_a_changed_or_planted_index_row(desk_vault: DeskVault) -> None:
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        info = desk.attach(_note(desk), printed("Datapol"), "card.png")
        desk.read_attachment_text(info.id)
        key = vault._shared().data_key
    conn = raw_connection(desk_vault.path, key)
    try:
        conn.execute("UPDATE attachments_fts SET text = 'Planted words' WHERE attachment_id = ?",
                     (info.id,))  # fmt: skip
        conn.commit()
    finally:
        conn.close()
    with desk_vault.open(Role.LEAD) as vault:
        problems = vault.verify().problems
        assert any(p.where == f"search index of attachment:{info.id}" for p in problems)


def test_a_vault_from_before_the_text_index_migrates_and_finds_old_texts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with vault_at_version(tmp_path / "old", 5, monkeypatch) as vault:
        desk = Desk(vault)
        note_id = _note(desk)
        info = desk.attach(note_id, printed("Datapol"), "card.png")
        desk.set_attachment_text(info.id, "Datapol voter files")
        folder = vault.path
    with Vault.open(folder, OLD_VAULT) as vault:
        desk = Desk(vault)
        assert vault.store is not None and vault.store.schema is not None
        assert vault.store.schema.version == schema.current_version()
        assert desk.history_action_counts().get("vault.migrate") == schema.current_version() - 5
        assert [h.id for h in desk.search("voter")] == [note_id]
        assert vault.verify().problems == []
