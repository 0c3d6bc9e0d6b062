"""export: a redacted brief for an audience (PDF, DOCX, ODT, Markdown, JSON lines), checked
by the leak gate before it counts."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from influence_desk.cli import emit
from influence_desk.cli.common import add_vault_arg, open_vault
from influence_desk.cli.note_commands import add_filter_args, note_filter
from influence_desk.desk import Desk
from influence_desk.export import reason_label
from influence_desk.export.formats import DEFAULT_FORMAT, MD_LAYOUTS, format_names
from influence_desk.export.service import ExportScope, run_export
from influence_desk.export.wording import LANGUAGES
from influence_desk.reviews import unreviewed_message
from influence_desk.saved_searches import find_search


def register(commands: Any) -> None:
    p = commands.add_parser("export", help="a redacted summary (PDF or another format), "
                            "checked for leaks")  # fmt: skip
    add_vault_arg(p)
    p.add_argument("--profile", required=True,
                   help="team, public, public-text, audit, internal (JSON lines for "
                        "another vault of the team), or a custom profile")
    p.add_argument("--language", choices=LANGUAGES, default="en",
                   help="the language of the PDF's own words (en, de)")  # fmt: skip
    p.add_argument("--format", dest="export_format", choices=format_names(),
                   default=DEFAULT_FORMAT, help="the file format (default: pdf)")
    p.add_argument("--md-layout", choices=MD_LAYOUTS, default="single",
                   help="Markdown: one document, or a folder with one file per note")
    p.add_argument("--out", required=True, metavar="FILE",
                   help="the file (its ending must fit the format), or the new folder of "
                   "a Markdown export per note")  # fmt: skip
    p.add_argument("--title", default="", help="the title on the cover")
    p.add_argument("--query", default="", help="only notes matching this search")
    p.add_argument("--note", action="append", default=[], metavar="NOTE_ID", help="only these")
    p.add_argument("--saved", metavar="NAME",
                   help="only the notes of this saved search (its text and filters)")
    add_filter_args(p)
    p.set_defaults(handler=cmd_export)


def cmd_export(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        desk = Desk(vault)
        scope = ExportScope(tuple(args.note), args.query, note_filter(desk, args))
        if args.saved:
            saved = find_search(desk, args.saved)
            scope = ExportScope(tuple(args.note), saved.query, saved.filter)
        result = run_export(desk, args.profile, Path(args.out), scope, title=args.title,
                            language=args.language, export_format=args.export_format,
                            md_layout=args.md_layout)  # fmt: skip
        data = {
            "out": str(result.out),
            "format": args.export_format,
            "pages": result.pages,
            "notes": result.notes_exported,
            "checkpoint": result.checkpoint,
            "left_out": result.left_out_by_reason,
            "redactions": result.redactions_by_reason,
            "unreviewed_names": result.unreviewed_names,
        }
        where = f"on {result.pages} pages " if args.export_format == "pdf" else ""
        lines = [
            f"Exported {result.notes_exported} notes {where}to {result.out}",
            f"Checkpoint: {result.checkpoint}",
        ]
        for verb, counts in (("left out", result.left_out_by_reason),
                             ("redacted", result.redactions_by_reason)):  # fmt: skip
            lines += [f"  {verb}: {n} — {reason_label(r)}" for r, n in counts.items()]
        emit(args, data, "\n".join(lines))
        if result.unreviewed_names:
            print(f"influence-desk: warning: {unreviewed_message(result.unreviewed_names)}",
                  file=sys.stderr)  # fmt: skip
    return 0
