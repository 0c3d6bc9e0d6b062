"""What other changes do to attachments, inside those changes' transactions: registering a
source rewrites the read text (OCR) that names them, as every other stored field is
rewritten (repseudonymise.py); emptying the trash removes the attachments of the notes it
deletes for good, each with its signed ``attachment.remove`` entry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from influence_desk.history import HistoryWriter
from influence_desk.store import Store
from influence_desk.sync import object_versions

TRASH_EMPTIED = "trash emptied"  # (the reason an attachment.remove gives: its versions go)

__all__ = ["remove_attachments_of_notes", "repseudonymise_attachment_texts"]


def repseudonymise_attachment_texts(
    store: Store,
    writer: HistoryWriter,
    mentions: Callable[..., bool],
    fix: Callable[[str], str],
) -> int:
    """Every attachment text that mentions a newly registered name, rewritten; how many."""
    rewritten = 0
    for row in store.attachment_rows_with_text():
        if not mentions(row.text):
            continue
        new = replace(row, text=fix(row.text))
        store.put_attachment(new)
        writer.append("attachment.text", f"attachment:{row.id}", new.content(),
                      {"reason": "names registered"})  # fmt: skip
        rewritten += 1
    return rewritten


def remove_attachments_of_notes(store: Store, writer: HistoryWriter, note_ids: list[str]) -> int:
    """The attachments of notes deleted for good; how many."""
    removed = 0
    for note_id in note_ids:
        for row in store.attachment_rows_of_note(note_id):
            store.delete_attachment(row.id)
            object_versions.forget(store, f"attachment:{row.id}")  # (its read text with it)
            writer.append("attachment.remove", f"attachment:{row.id}", None,
                          {"sha256": row.sha256, "reason": TRASH_EMPTIED})  # fmt: skip
            removed += 1
    return removed
