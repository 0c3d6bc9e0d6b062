"""names: people named in notes who are not registered, and review decisions (DESIGN §9).

    influence-desk names VAULT [--json]
    influence-desk names VAULT --public NAME | --not-person NAME

NAME is the name as listed, or the short ref printed beside it (so the name need not be
typed into a shell history).
"""

from __future__ import annotations

import argparse
from typing import Any

from influence_desk.cli import emit
from influence_desk.cli.common import add_vault_arg, open_vault
from influence_desk.desk import Desk
from influence_desk.reviews import ReviewState, candidates, decide

_STATE_WORDS = {
    ReviewState.PENDING: "pending",
    ReviewState.PUBLIC: "public person",
    ReviewState.NOT_PERSON: "not a person",
}


def register(commands: Any) -> None:
    p = commands.add_parser(
        "names", help="unregistered people named in notes, with their review state"
    )
    add_vault_arg(p)
    decision = p.add_mutually_exclusive_group()
    decision.add_argument(
        "--public", metavar="NAME", help="a public person: kept as written (a signed decision)"
    )
    decision.add_argument(
        "--not-person", metavar="NAME", help="not a person (a product, a venue; a signed decision)"
    )
    p.set_defaults(handler=cmd_names)


def cmd_names(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        desk = Desk(vault)
        if args.public is not None or args.not_person is not None:
            state = ReviewState.PUBLIC if args.public is not None else ReviewState.NOT_PERSON
            chosen = decide(desk, args.public if args.public is not None else args.not_person,
                            state)  # fmt: skip
            recorded = {"name": chosen.name, "ref": chosen.ref, "state": chosen.state.value,
                        "notes": list(chosen.note_ids)}  # fmt: skip
            emit(args, recorded, f"Recorded: {chosen.name} is {_STATE_WORDS[state]}.")
            return 0
        found = candidates(desk)
        data = {
            "candidates": [
                {"name": c.name, "ref": c.ref, "notes": list(c.note_ids), "state": c.state.value}
                for c in found
            ]
        }
        pending = sum(1 for c in found if c.state == ReviewState.PENDING)
        if not found:
            text = "No unregistered people are named in the notes."
        else:
            width = max(len(c.name) for c in found)
            lines = [
                f"{c.ref}  {_STATE_WORDS[c.state]:<13} {c.name:<{width}}  "
                f"{len(c.note_ids)} note{'s' if len(c.note_ids) != 1 else ''}: "
                + ", ".join(c.note_ids[:5]) + (" …" if len(c.note_ids) > 5 else "")
                for c in found
            ]
            lines.append(
                f"{pending} pending. Register a person as a source, or record a decision with "
                "--public NAME or --not-person NAME (NAME or the ref on the left)."
            )
            text = "\n".join(lines)
        emit(args, data, text)
    return 0
