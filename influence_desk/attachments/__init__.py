"""Attachments: photos, scans, PDFs and audio notes of a note (or of a source's sealed
identity), stripped of their metadata on the way in (strip.py and its per-format modules),
stored as encrypted blobs in notes.db (store/attachments.py), signed in history, checked by
verify (check.py). The Desk's API for them is influence_desk/desk/attachments.py."""

from influence_desk.attachments.records import (
    AttachmentInfo,
    AttachmentKind,
    Audience,
    Removal,
    Stripped,
)

__all__ = ["AttachmentInfo", "AttachmentKind", "Audience", "Removal", "Stripped"]
