"""history --entry / --note (what an entry changed, a note's versions), restore, trash.

What is printed is pseudonymised for everyone, as the app's version view shows it: an
auditor answers "what changed in entry 67, by whom, when" without learning a name.
"""

from __future__ import annotations

import argparse
import difflib
from typing import Any

from influence_desk import versions
from influence_desk.cli import emit
from influence_desk.cli.common import add_vault_arg, open_vault
from influence_desk.desk import Desk
from influence_desk.history import Signer

FIELD_LABELS = {
    "title": "Title", "kind": "Kind", "occurred_at": "Date", "event": "Event",
    "organisations": "Organisations", "sources": "Sources", "tags": "Tags",
    "summary": "Summary", "body": "Text",
}  # fmt: skip


def register(commands: Any) -> None:
    p = commands.add_parser("restore", help="make an older version of a note current again")
    add_vault_arg(p)
    p.add_argument("note_id", metavar="NOTE_ID")
    p.add_argument("--entry", type=int, required=True, metavar="SEQ",
                   help="the history entry that made the version to restore")  # fmt: skip
    p.set_defaults(handler=cmd_restore)

    p = commands.add_parser("trash", help="deleted notes: list, restore one, or empty the trash")
    add_vault_arg(p)
    group = p.add_mutually_exclusive_group()
    group.add_argument("--restore", metavar="NOTE_ID", help="bring this note back")
    group.add_argument("--empty", action="store_true",
                       help="remove every note in the trash for good (a signed entry)")
    p.set_defaults(handler=cmd_trash)


def add_history_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--entry", type=int, metavar="SEQ",
                        help="what this entry changed: who, when, each field before and after")
    parser.add_argument("--note", metavar="NOTE_ID", help="every history entry of one note")


def _who(signers: dict[str, Signer], actor: str) -> str:
    signer = signers.get(actor)
    if signer is None:
        return f"unknown key {actor[:8]}"
    return f"{signer.label} ({signer.role})" if signer.role else signer.label


def _field_lines(change: versions.FieldChange) -> list[str]:
    label = FIELD_LABELS.get(change.name, change.name)
    if "\n" not in change.before + change.after and len(change.before + change.after) < 160:
        before, after = change.before or "—", change.after or "—"
        return [f"{label}:", f"  before: {before}", f"  after:  {after}"]
    diff = difflib.unified_diff(
        change.before.splitlines(), change.after.splitlines(), "before", "after", lineterm="", n=1
    )
    return [f"{label}:", *(f"  {line}" for line in list(diff)[2:])]


def cmd_history_entry(args: argparse.Namespace) -> int:
    with open_vault(args, read_only=True) as vault:
        desk = Desk(vault)
        change = versions.entry_change(desk, args.entry)
        entry = change.entry
        who = _who(vault.verify_signers(), entry.actor)
        data: dict[str, Any] = {
            "seq": entry.seq, "at": entry.at, "actor": who, "action": entry.action,
            "object": entry.object_id, "payload": entry.payload,
            "before_entry": change.before_seq, "before_kept": change.before_kept,
            "after_kept": change.after_kept,
            "changes": [{"field": c.name, "before": c.before, "after": c.after}
                        for c in change.changed],
        }  # fmt: skip
        lines = [f"Entry {entry.seq}: {entry.action} of {entry.object_id}, by {who}, at {entry.at}"]
        if entry.payload:
            lines.append(f"Recorded with it: {entry.payload}")
        if change.note_id is not None:
            if change.before_seq is not None:
                kept = "" if change.before_kept else " (that version was not kept)"
                lines.append(f"Compared with entry {change.before_seq}{kept}.")
            if not change.after_kept and entry.content_hash:
                lines.append("The version this entry made was not kept in this vault.")
            names = [FIELD_LABELS.get(c.name, c.name) for c in change.changed]
            lines.append("Changed: " + (", ".join(names) if names else "nothing readable"))
            for field_change in change.changed:
                lines += _field_lines(field_change)
        emit(args, data, "\n".join(lines))
    return 0


def cmd_history_note(args: argparse.Namespace) -> int:
    with open_vault(args, read_only=True) as vault:
        desk = Desk(vault)
        signers = vault.verify_signers()
        rows = versions.note_history(desk, args.note)
        data = {"note": args.note, "entries": [
            {"seq": v.seq, "at": v.at, "action": v.action, "actor": _who(signers, v.actor),
             "kept": v.kept} for v in rows
        ]}  # fmt: skip
        text = "\n".join(
            f"{v.seq:>6}  {v.at}  {_who(signers, v.actor):<20}  {v.action:<14}"
            f"{'' if v.kept else '  (version not kept)'}"
            for v in rows
        ) or f"No history entry is about note {args.note}."
        emit(args, data, text)
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        desk = Desk(vault)
        view = versions.restore(desk, args.note_id, args.entry)
        entry = int(vault.checkpoint().split(":")[0])
        emit(args, {"id": view.note.id, "restored_from": args.entry, "entry": entry},
             f"Restored note {view.note.id} to the version of entry {args.entry} "
             f"(history entry {entry}).")  # fmt: skip
    return 0


def cmd_trash(args: argparse.Namespace) -> int:
    with open_vault(args, read_only=not (args.restore or args.empty)) as vault:
        desk = Desk(vault)
        if args.restore:
            view = desk.restore_from_trash(args.restore)
            emit(args, {"restored": view.note.id}, f"Restored note {view.note.id}.")
            return 0
        if args.empty:
            gone = desk.empty_trash()
            said = f"{gone} notes" if gone != 1 else "1 note"
            emit(args, {"emptied": gone}, f"Removed {said} from the trash for good.")
            return 0
        items = desk.trashed_notes()
        signers = vault.verify_signers()
        data = {"trash": [{"id": t.id, "title": t.title, "deleted_at": t.trashed_at,
                           "by": _who(signers, t.trashed_by), "entry": t.entry}
                          for t in items]}  # fmt: skip
        text = "\n".join(f"{t.id}  {t.trashed_at}  {t.title}" for t in items) or (
            "The trash is empty."
        )
        emit(args, data, text)
    return 0
