"""source duplicates, source merge (DESIGN §11): the same person registered twice."""

from __future__ import annotations

import argparse
from typing import Any

from influence_desk.cli import emit
from influence_desk.cli.common import add_vault_arg, open_vault


def register(actions: Any) -> None:
    """Under ``source`` (cli/note_commands.py)."""
    p = actions.add_parser("duplicates", help="sources that are the same person registered "
                           "twice (e.g. on two laptops)")  # fmt: skip
    add_vault_arg(p)
    p.set_defaults(handler=cmd_source_duplicates)
    p = actions.add_parser("merge", help="merge OTHER into SURVIVOR: notes follow, OTHER's "
                           "pseudonym becomes an alias")  # fmt: skip
    add_vault_arg(p)
    p.add_argument("survivor", metavar="SURVIVOR", help="pseudonym that stays")
    p.add_argument("other", metavar="OTHER", help="pseudonym merged into it")
    p.set_defaults(handler=cmd_source_merge)


def cmd_source_duplicates(args: argparse.Namespace) -> int:
    from influence_desk.desk import Desk

    with open_vault(args) as vault:
        found = Desk(vault).duplicate_sources()
    items = [{"survivor": d.survivor, "other": d.other, "survivor_id": d.survivor_id,
              "other_id": d.other_id} for d in found]  # fmt: skip
    lines = [f"{d.other} is {d.survivor} registered again: influence-desk source merge VAULT "
             f'"{d.survivor}" "{d.other}"' for d in found]  # fmt: skip
    emit(
        args, {"duplicates": items}, "\n".join(lines) if lines else "No source is registered twice."
    )
    return 0


def cmd_source_merge(args: argparse.Namespace) -> int:
    from influence_desk.desk import Desk

    with open_vault(args) as vault:
        desk = Desk(vault)
        survivor = desk.source_by_pseudonym(args.survivor)
        other = desk.source_by_pseudonym(args.other)
        kept = desk.merge_sources(survivor.id, other.id)
    emit(args, {"id": kept.id, "pseudonym": kept.pseudonym, "merged": other.id},
         f"{other.pseudonym} merged into {kept.pseudonym}; its notes follow (sync to tell "
         "the other replicas).")  # fmt: skip
    return 0
