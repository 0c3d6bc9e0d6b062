"""note edit VAULT NOTE_ID [--title T] [--body-file F] [--summary S] [--tag T]... (DESIGN §9).

Only the fields given change; each edit is one signed history entry (desk/editing.py).
Registered names typed into a field are pseudonymised on save; a body file may mark spans
inline as in ``note add``. An unknown note exits 1, an auditor 4.
"""

from __future__ import annotations

import argparse
from typing import Any

from influence_desk.cli import emit
from influence_desk.cli.common import add_vault_arg, open_vault
from influence_desk.cli.note_commands import _read_body
from influence_desk.desk import Desk
from influence_desk.desk.editing import NoteEdit, edit_note


def register(note_actions: Any) -> None:
    p = note_actions.add_parser(
        "edit", help="change a note's title, body, summary or tags; names are pseudonymised"
    )
    add_vault_arg(p)
    p.add_argument("note_id", metavar="NOTE_ID")
    p.add_argument("--title")
    p.add_argument("--body-file", metavar="FILE",
                   help="the new body (UTF-8, inline [[internal: ]] / [[team: ]] marks); "
                        "'-' reads stdin")  # fmt: skip
    p.add_argument("--summary")
    p.add_argument("--tag", action="append", metavar="T",
                   help="the note's tags become these (repeatable)")  # fmt: skip
    p.set_defaults(handler=cmd_note_edit)


def cmd_note_edit(args: argparse.Namespace) -> int:
    body = _read_body(args.body_file) if args.body_file else None
    edit = NoteEdit(
        title=args.title,
        body=body,
        summary=args.summary,
        tags=tuple(args.tag) if args.tag is not None else None,
    )
    with open_vault(args) as vault:
        view = edit_note(Desk(vault), args.note_id, edit)
        note_id = view.note.id
        emit(args, {"id": note_id, "changed": list(edit.changed)},
             f"Changed {', '.join(edit.changed)} of note {note_id}.")  # fmt: skip
    return 0
