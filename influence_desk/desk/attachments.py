"""Attachments through the Desk: attach (stripped, checked, deduplicated, signed in the same
transaction as its bytes), list, read, change the audience, set the read text, remove; and a
source's identity attachments, sealed to the identity key like the identity itself.

The text read from an image or PDF (OCR, ``read_text``) is stored pseudonymised like note
text, in the row history signs, and indexed for search by the store (attachments_fts).

Every change is a signed history entry (``attachment.add``, ``attachment.audience``,
``attachment.text``, ``attachment.remove``) whose content hash covers the row and, through
``sha256``, the bytes; verify compares both (influence_desk/attachments/check.py)."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

from influence_desk import crypto
from influence_desk.attachments.ocr import read_text, readable
from influence_desk.attachments.records import (
    AttachmentInfo,
    AttachmentKind,
    Audience,
    Stripped,
)
from influence_desk.attachments.strip import strip
from influence_desk.desk.cleaning import new_id
from influence_desk.desk.context import DeskContext
from influence_desk.errors import BadInput, NotPermitted
from influence_desk.history import now_text
from influence_desk.progress import CancelFlag, ProgressCallback, no_progress
from influence_desk.store import AttachmentRecord

__all__ = ["Attachments"]

OPERATION = "attach"  # the kill campaigns' name for an attachment's transaction
_NO_IDENTITY_KEY = ("Only researchers and leads can open a source's identity attachments; "
                    "this slot holds no identity key.")  # fmt: skip
_NO_IDENTITY_KEY_MOVE = ("Only researchers and leads can move an attachment into a source's "
                         "identity; this slot holds no identity key.")  # fmt: skip
_NO_SEALED_TEXT = ("Text read from a source's identity attachment is not stored beside it "
                   "in clear.")  # fmt: skip


class Attachments:
    def __init__(self, ctx: DeskContext) -> None:
        self.ctx = ctx

    # --- adding ---------------------------------------------------------------------

    def attach(self, note_id: str, data: bytes, audience: Audience | str) -> AttachmentInfo:
        """Strip ``data`` (read into memory by the caller, never copied to disk) and attach
        it to a note. The same content attached to the same note again is the attachment
        already there."""
        ctx = self.ctx
        ctx.vault.writer()  # auditors are refused before any work
        self._require_tables()
        chosen = _audience(audience)
        if ctx.store.note_row(note_id) is None:
            raise BadInput(f"This vault has no note {note_id}.")
        stripped = strip(bytes(data))
        sha256 = hashlib.sha256(stripped.data).hexdigest()
        for row in ctx.store.attachment_rows_of_note(note_id):
            if row.sha256 == sha256:
                return _info(row)
        record = _record(new_id(), stripped, sha256, chosen, note_id=note_id)
        return self._store_new(record, stripped.data)

    def attach_to_source(
        self, source_id: str, data: bytes, audience: Audience | str = Audience.INTERNAL
    ) -> AttachmentInfo:
        """A business card or a photo that identifies a person: part of the source's sealed
        identity. Sealed to the identity key, so only slots holding it can open the bytes;
        stored under the SHA-256 of the sealed bytes (no dedup across seals)."""
        ctx = self.ctx
        ctx.vault.writer()
        self._require_tables()
        chosen = _audience(audience)
        if ctx.store.source_row(source_id) is None:
            raise BadInput(f"This vault has no source {source_id}.")
        stripped = strip(bytes(data))
        attachment_id = new_id()
        sealed = ctx.seal(stripped.data, self._sealed_context(attachment_id))
        sha256 = hashlib.sha256(sealed).hexdigest()
        record = _record(attachment_id, stripped, sha256, chosen, source_id=source_id,
                         size=len(sealed))  # fmt: skip
        return self._store_new(record, sealed)

    def move_to_source(self, attachment_id: str, source_id: str) -> AttachmentInfo:
        """A business card first attached to a note, moved into the source's sealed
        identity: sealed to the identity key under a new id, internal, without the text read
        from it; the note's clear copy is removed (its bytes deleted unless another note
        shares them). One transaction, two signed entries (``attachment.remove``,
        ``attachment.add``). Only a slot holding the identity key may move one there."""
        ctx = self.ctx
        ctx.vault.writer()
        if not ctx.vault.can_reveal:
            raise NotPermitted(_NO_IDENTITY_KEY_MOVE)
        row = self._row(attachment_id)
        if row.source_id is not None:
            raise BadInput("That attachment is already part of a source's identity.")
        if ctx.store.source_row(source_id) is None:
            raise BadInput(f"This vault has no source {source_id}.")
        clear = self.data(attachment_id)
        moved_id = new_id()
        sealed = ctx.seal(clear, self._sealed_context(moved_id))
        del clear
        record = AttachmentRecord(
            moved_id, None, source_id, row.kind, row.mime, Audience.INTERNAL.value,
            hashlib.sha256(sealed).hexdigest(), len(sealed), row.width, row.height,
            row.removed, "", now_text(),
        )  # fmt: skip
        store = ctx.store
        with ctx.write(OPERATION) as writer:
            store.delete_attachment(row.id)
            writer.append("attachment.remove", f"attachment:{row.id}", None,
                          {"sha256": row.sha256})  # fmt: skip
            store.put_attachment_content(record.sha256, sealed)
            store.put_attachment(record)
            writer.append("attachment.add", f"attachment:{record.id}", record.content())
        store.checkpoint_wal()
        return _info(record)

    def _store_new(self, record: AttachmentRecord, data: bytes) -> AttachmentInfo:
        store = self.ctx.store
        with self.ctx.write(OPERATION) as writer:
            store.put_attachment_content(record.sha256, data)
            store.put_attachment(record)
            writer.append("attachment.add", f"attachment:{record.id}", record.content())
        return _info(record)

    # --- reading --------------------------------------------------------------------

    def of_note(self, note_id: str) -> list[AttachmentInfo]:
        return [_info(r) for r in self.ctx.store.attachment_rows_of_note(note_id)]

    def of_source(self, source_id: str) -> list[AttachmentInfo]:
        return [_info(r) for r in self.ctx.store.attachment_rows_of_source(source_id)]

    def get(self, attachment_id: str) -> AttachmentInfo:
        return _info(self._row(attachment_id))

    def data(self, attachment_id: str) -> bytes:
        """The stored (stripped) bytes; a source's identity attachment opened with the
        identity key (``NotPermitted`` without it)."""
        row = self._row(attachment_id)
        if row.source_id is not None and not self.ctx.vault.can_reveal:
            raise NotPermitted(_NO_IDENTITY_KEY)
        data = self.ctx.store.attachment_content(row.sha256)
        if data is None:
            raise BadInput("The attachment's content is missing from the vault; run verify.")
        if row.source_id is None:
            return data
        return crypto.open_sealed(
            self.ctx.vault.identity_key, data, self._sealed_context(row.id)
        )

    # --- changing -------------------------------------------------------------------

    def set_audience(self, attachment_id: str, audience: Audience | str) -> AttachmentInfo:
        chosen = _audience(audience)
        self.ctx.vault.writer()
        row = self._row(attachment_id)
        if row.audience == chosen.value:
            return _info(row)
        return self._update(row, audience=chosen.value, action="attachment.audience")

    def set_text(self, attachment_id: str, text: str) -> AttachmentInfo:
        """The text read from the attachment (OCR), with registered names replaced by their
        pseudonyms before it is stored (the caller's pseudonymising is not relied on)."""
        self.ctx.vault.writer()
        row = self._row(attachment_id)
        if row.source_id is not None:
            raise BadInput(_NO_SEALED_TEXT)
        stored = self.ctx.public(str(text))
        if row.text == stored:
            return _info(row)
        return self._update(row, text=stored, action="attachment.text")

    def read_text(
        self, attachment_id: str, progress: ProgressCallback = no_progress,
        cancel: CancelFlag | None = None,
    ) -> AttachmentInfo:  # fmt: skip
        """Read the text of an image or PDF attachment offline (Tesseract; a PDF page's own
        text layer where it has one) and store it pseudonymised, one signed entry.
        ``OcrUnavailable`` without Tesseract; ``Cancelled`` leaves the attachment as it was."""
        self.ctx.vault.writer()
        row = self._row(attachment_id)
        if not readable(row.kind):
            raise BadInput("Only images and PDFs have text to read; this attachment is audio.")
        if row.source_id is not None:
            raise BadInput(_NO_SEALED_TEXT)
        result = read_text(self.data(attachment_id), row.kind, progress=progress, cancel=cancel)
        if cancel is not None:
            cancel.check()
        return self.set_text(attachment_id, result.text)

    def _update(self, row: AttachmentRecord, *, action: str, audience: str | None = None,
                text: str | None = None) -> AttachmentInfo:  # fmt: skip
        new = AttachmentRecord(
            row.id, row.note_id, row.source_id, row.kind, row.mime,
            row.audience if audience is None else audience, row.sha256, row.size, row.width,
            row.height, row.removed, row.text if text is None else text, row.created_at,
        )  # fmt: skip
        store = self.ctx.store
        with self.ctx.write(OPERATION) as writer:
            store.put_attachment(new)
            writer.append(action, f"attachment:{row.id}", new.content())
        return _info(new)

    def remove(self, attachment_id: str) -> None:
        """Gone for good: the row, and its bytes unless another attachment shares them
        (freed pages are zeroed)."""
        self.ctx.vault.writer()
        row = self._row(attachment_id)
        store = self.ctx.store
        with self.ctx.write(OPERATION) as writer:
            store.delete_attachment(row.id)
            writer.append("attachment.remove", f"attachment:{row.id}", None,
                          {"sha256": row.sha256})  # fmt: skip
        store.checkpoint_wal()

    # --- helpers --------------------------------------------------------------------

    def _row(self, attachment_id: str) -> AttachmentRecord:
        row = None
        if self.ctx.store.keeps_attachments:
            row = self.ctx.store.attachment_row(str(attachment_id))
        if row is None:
            raise BadInput(f"This vault has no attachment {attachment_id}.")
        return row

    def _require_tables(self) -> None:
        if not self.ctx.store.keeps_attachments:
            raise BadInput("This vault's database predates attachments; open it as a "
                           "researcher or lead once to bring it up to date.")  # fmt: skip

    def _sealed_context(self, attachment_id: str) -> bytes:
        vault_id = self.ctx.vault.vault_id
        return f"influence-desk source attachment v1\x00{vault_id}\x00{attachment_id}".encode()


def _audience(value: Audience | str) -> Audience:
    try:
        return Audience(str(value))
    except ValueError:
        raise BadInput("An attachment's audience is internal, team or public.") from None


def _record(attachment_id: str, stripped: Stripped, sha256: str, audience: Audience, *,
            note_id: str | None = None, source_id: str | None = None,
            size: int | None = None) -> AttachmentRecord:  # fmt: skip
    return AttachmentRecord(
        attachment_id, note_id, source_id, stripped.kind.value, stripped.mime, audience.value,
        sha256, len(stripped.data) if size is None else size, stripped.width, stripped.height,
        json.dumps(stripped.removal.to_list(), ensure_ascii=False), "", now_text(),
    )  # fmt: skip


def _info(row: AttachmentRecord) -> AttachmentInfo:
    try:
        removed = tuple(str(r) for r in json.loads(row.removed))
    except (ValueError, TypeError):
        removed = ()
    return AttachmentInfo(
        id=row.id, note_id=row.note_id, source_id=row.source_id,
        kind=AttachmentKind(row.kind), mime=row.mime, audience=Audience(row.audience),
        sha256=row.sha256, size=int(row.size), width=row.width, height=row.height,
        removed=removed, text=row.text,
        created_at=datetime.fromisoformat(str(row.created_at).replace("Z", "+00:00")),
    )  # fmt: skip
