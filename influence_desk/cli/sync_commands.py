"""replica, sync, conflicts (DESIGN §9, §11)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from influence_desk.cli import emit
from influence_desk.cli.common import add_vault_arg, open_vault


def register(commands: Any) -> None:
    p = commands.add_parser("replica", help="a replica of this vault for another laptop (lead)")
    add_vault_arg(p)
    p.add_argument("new_folder", metavar="NEW_FOLDER", help="where the replica goes (new)")
    p.set_defaults(handler=cmd_replica)


def cmd_replica(args: argparse.Namespace) -> int:
    from influence_desk.sync.replica import make_replica

    with open_vault(args) as vault:
        made = make_replica(vault, Path(args.new_folder))
        emit(args, made.to_json(),
             f"Replica {made.replica_id} written to {made.path}; anyone with a slot opens it "
             "with their own passphrase.")  # fmt: skip
    return 0
