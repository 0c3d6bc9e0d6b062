"""attach VAULT NOTE_ID FILE [--audience internal|team|public] [--source PSEUDONYM] [--no-ocr]
(DESIGN §9, §12); what ``show`` lists of a note's attachments and prints of their text.

The file is read into memory and stripped there; it is never copied anywhere, and it is not
changed or deleted: the command says so, so the user can remove the original. The text of an
image or PDF attached to a note is then read (OCR, offline) and stored pseudonymised, a
second signed entry: the attachment is kept if reading fails or Tesseract is missing.

attach-move VAULT ATTACHMENT_ID --source PSEUDONYM: a business card first attached to a note
moved into that source's sealed identity (a slot with the identity key only)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from influence_desk.attachments import AttachmentInfo, Audience
from influence_desk.attachments.ocr import OcrFailed, OcrUnavailable, readable
from influence_desk.attachments.strip import MAX_BYTES
from influence_desk.cli import emit
from influence_desk.cli.common import add_vault_arg, open_vault
from influence_desk.desk import Desk
from influence_desk.errors import BadInput

__all__ = ["attachment_texts", "attachments_data", "register"]

NO_NOTE = "-"


def register(commands: Any) -> None:
    p = commands.add_parser(
        "attach", help="attach a photo, PDF or audio file to a note (metadata removed)"
    )
    add_vault_arg(p)
    p.add_argument("note_id", metavar="NOTE_ID",
                   help=f"the note; with --source, the note it came from or {NO_NOTE}")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--audience", choices=[a.value for a in Audience],
                   default=Audience.INTERNAL.value,
                   help="who an export may show it to (default: internal, never)")
    p.add_argument("--source", metavar="PSEUDONYM",
                   help="a business card or identifying photo: stored with this source's "
                        "sealed identity, not with the note")  # fmt: skip
    p.add_argument("--no-ocr", action="store_true",
                   help="do not read the text of an image or PDF (read by default, offline)")
    p.set_defaults(handler=cmd_attach)
    p = commands.add_parser(
        "attach-move", help="move a note's business card or identifying photo into a "
                            "source's sealed identity",
    )  # fmt: skip
    add_vault_arg(p)
    p.add_argument("attachment_id", metavar="ATTACHMENT_ID", help="as `show` lists it")
    p.add_argument("--source", metavar="PSEUDONYM", required=True,
                   help="the source whose identity it shows")  # fmt: skip
    p.set_defaults(handler=cmd_attach_move)


def read_file(name: str) -> bytes:
    """The whole file into memory (never copied), refused before reading when too large."""
    path = Path(name)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise BadInput("The file to attach was not found.") from None
    if path.is_dir():
        raise BadInput("The file to attach is a folder.")
    if size > MAX_BYTES:
        raise BadInput(f"The file is too large to attach (at most {MAX_BYTES // 2**20} MB).")
    with open(path, "rb", opener=lambda p, f: os.open(p, f | os.O_NOFOLLOW)) as handle:
        return handle.read(MAX_BYTES + 1)


def cmd_attach(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        desk = Desk(vault)
        vault.writer()  # an auditor is refused (exit 4) before the file is read
        if args.source:
            source = desk.source_by_pseudonym(args.source)
            if args.note_id != NO_NOTE:
                desk.note(args.note_id)  # a mistyped note is named, not ignored
            info = desk.attach_to_source(source.id, read_file(args.file), args.file,
                                         audience=args.audience)  # fmt: skip
            where = f"the identity of {source.pseudonym}"
        else:
            desk.note(args.note_id)
            info = desk.attach(args.note_id, read_file(args.file), args.file,
                               audience=args.audience)  # fmt: skip
            where = f"note {args.note_id}"
        read = ""
        if not args.source and not args.no_ocr and readable(info.kind):
            try:
                info = desk.read_attachment_text(info.id)
                read = (f" Text read: {len(info.text.split())} words (pseudonymised; "
                        "`show` prints it)." if info.text else " No text was found in it.")
            except (OcrUnavailable, OcrFailed) as exc:
                read = f" Its text was not read: {exc.message}"
        data = {
            "id": info.id, "sha256": info.sha256, "kind": info.kind.value,
            "removed": list(info.removed), "mime": info.mime, "audience": info.audience.value,
            "width": info.width, "height": info.height, "source": args.source or None,
            "text": info.text,
        }  # fmt: skip
        size = f", {info.width} x {info.height}" if info.width else ""
        emit(args, data, f"Attached {info.id} ({info.kind.value}{size}) to {where}; "
                         f"{info.removed_summary}. The original file was not changed; delete "
                         f"it if it should not stay on this computer.{read}")  # fmt: skip
    return 0


def cmd_attach_move(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        desk = Desk(vault)
        vault.writer()  # an auditor is refused (exit 4) before anything is looked up
        source = desk.source_by_pseudonym(args.source)
        before = desk.attachment(args.attachment_id)
        info = desk.move_attachment_to_source(args.attachment_id, source.id)
        data = {"id": info.id, "moved_from": before.id, "note": before.note_id,
                "source": source.pseudonym, "sha256": info.sha256}  # fmt: skip
        emit(args, data, f"Moved attachment {before.id} of note {before.note_id} into the "
                         f"identity of {source.pseudonym} as {info.id}: sealed, internal, "
                         "its read text removed.")  # fmt: skip
    return 0


def attachments_data(desk: Desk, note_id: str) -> list[dict[str, Any]]:
    """``show``'s ``attachments``: each with its audience and its (pseudonymised) text."""
    return [_item(a) for a in desk.attachments(note_id)]


def _item(info: AttachmentInfo) -> dict[str, Any]:
    return {"id": info.id, "kind": info.kind.value, "audience": info.audience.value,
            "text": info.text, "mime": info.mime}  # fmt: skip


def attachment_texts(shown: dict[str, Any]) -> list[str]:
    """``show``'s lines after the body: each attachment's read text (pseudonymised)."""
    lines: list[str] = []
    for item in shown["attachments"]:
        if item["text"]:
            lines += ["", f"text read from attachment {item['id']} ({item['kind']}):",
                      *(f"  {line}" for line in item["text"].splitlines())]  # fmt: skip
    return lines
