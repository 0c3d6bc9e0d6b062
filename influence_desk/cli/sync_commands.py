"""replica, sync, conflicts (DESIGN §9, §11)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from influence_desk.cli import emit
from influence_desk.cli.common import add_vault_arg, open_vault
from influence_desk.errors import BadInput


def register(commands: Any) -> None:
    p = commands.add_parser("replica", help="a replica of this vault for another laptop (lead)")
    add_vault_arg(p)
    p.add_argument("new_folder", metavar="NEW_FOLDER", help="where the replica goes (new)")
    p.set_defaults(handler=cmd_replica)

    p = commands.add_parser("sync", help="this replica's new changes out to a folder as a "
                            "bundle; every other replica's bundle there in")  # fmt: skip
    add_vault_arg(p)
    p.add_argument("folder", metavar="FOLDER", nargs="?", help="the sync folder (full path)")
    p.add_argument("--folder", dest="folder_option", metavar="DIR", help="the same, as an option")
    p.set_defaults(handler=cmd_sync)

    p = commands.add_parser("conflicts", help="notes and sources changed on two "
                            "replicas at once; resolve one")  # fmt: skip
    add_vault_arg(p)
    p.add_argument("--keep", nargs=2, metavar=("ID", "KEEP"),
                   help="resolve the note or source ID keeping mine, theirs, both (a note's "
                   "title, summary, body) or a VERSION number")  # fmt: skip
    p.add_argument(
        "--field",
        metavar="F",
        help="only this field's conflict (title, summary, "
        "body, event, occurred_at, kind, note; tags and links merge as sets; of a source: "
        "role, organisation, consent, identity)",
    )
    p.set_defaults(handler=cmd_conflicts)


def cmd_replica(args: argparse.Namespace) -> int:
    from influence_desk.sync.replica import make_replica

    with open_vault(args) as vault:
        made = make_replica(vault, Path(args.new_folder))
        emit(args, made.to_json(),
             f"Replica {made.replica_id} written to {made.path}; anyone with a slot opens it "
             "with their own passphrase.")  # fmt: skip
    return 0


def _folder(args: argparse.Namespace, vault_id: str) -> Path:
    from influence_desk.sync_settings import SyncFolderMemory

    given = args.folder or args.folder_option
    if given:
        return Path(given).expanduser().absolute()
    folder = SyncFolderMemory().get(vault_id).folder
    if folder is None:
        raise BadInput("Name the sync folder (no sync folder is set for this vault here).")
    return folder


def cmd_sync(args: argparse.Namespace) -> int:
    from influence_desk.desk import Desk

    with open_vault(args) as vault:
        result = Desk(vault).sync(_folder(args, vault.vault_id))
    lines = [
        f"Sent {result.sent} bundle(s); applied {result.applied} of {result.received} "
        f"from other replicas ({result.entries} entries, {len(result.notes)} notes)."
    ]
    if result.waiting:
        lines.append(f"{result.waiting} bundle(s) wait for another replica's bundle.")
    if result.voided:
        lines.append(f"{result.voided} entries a removed person signed after the point their "
                     "removal accepted are held void here: they change nothing.")  # fmt: skip
    if result.not_back:
        lines.append(f"{result.not_back} file(s) a removed person had removed could not come "
                     "back here: no bundle of the sync folder holds them (attach them again "
                     "from a copy that shows them).")  # fmt: skip
    if result.conflicts:
        lines.append(f"{result.conflicts} note(s) or source(s) in conflict: see "
                     "`influence-desk conflicts`.")  # fmt: skip
    emit(args, result.to_json(), "\n".join(lines))
    for sentence in result.refused:  # (each names its bundle; nothing of it was applied)
        print(f"influence-desk: {sentence}", file=sys.stderr)
    return 3 if result.refused else 0


def cmd_conflicts(args: argparse.Namespace) -> int:
    from influence_desk.desk import Desk

    with open_vault(args) as vault:
        desk = Desk(vault)
        if args.keep:
            note_id, keep = args.keep
            kind = desk.resolve_conflict(note_id, keep, args.field).kind
            what = f"its {args.field}" if args.field else "every field in conflict"
            emit(args, {"resolved": note_id, "kept": keep, "field": args.field},
                 f"Conflict of {kind} {note_id} resolved (kept {keep} for {what}).")  # fmt: skip
            return 0
        found = desk.conflicts()
        if args.field:
            found = [c for c in found if c.field == args.field]
    lines = []
    for conflict in found:
        what = conflict.note_id
        if conflict.kind == "source":  # (named by its pseudonym, never its identity)
            what = f"source {conflict.versions[0].title} ({conflict.note_id})"
        lines.append(f"{what} {conflict.field}: {len(conflict.versions)} versions")
        for v in conflict.versions:
            what = "deleted" if v.deleted else v.text.replace("\n", " ") or "(none)"
            mine = " (mine)" if v.mine else ""
            lines.append(f"  version {v.version}{mine}, {v.at}, replica {v.replica[:8]}: {what}")
    emit(args, {"conflicts": [c.to_json() for c in found]},
         "\n".join(lines) if lines else "No conflicts.")  # fmt: skip
    return 0
