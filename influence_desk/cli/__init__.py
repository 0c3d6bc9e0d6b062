"""The command line: the same core as the app, scriptable (DESIGN.md §9).

Each command module registers its sub-commands; errors become one sentence on stderr and
the exit code of §9, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

from influence_desk import __version__
from influence_desk.errors import InfluenceDeskError

Handler = Callable[[argparse.Namespace], int]


class UsageError(Exception):
    """argparse errors, turned into exit code 1 instead of argparse's 2."""


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # No abbreviations: "--passphrase X" must not quietly mean "--passphrase-file X".
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> Any:  # type: ignore[override]
        if message.startswith("unrecognized arguments"):
            # Never echo what was typed: it may be a passphrase given where none belongs.
            message = "unrecognized arguments (not repeated here); see --help"
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    from influence_desk.cli import vault_commands

    parser = _Parser(
        prog="influence-desk",
        description="Encrypted, pseudonymising field notes. Without a command: the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"influence-desk {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    vault_commands.register(commands)
    for name in ("note_commands", "export_commands", "names_commands", "version_commands",
                 "attach_commands", "sync_commands"):
        try:
            module = __import__(f"influence_desk.cli.{name}", fromlist=["register"])
        except ModuleNotFoundError as exc:
            if exc.name != f"influence_desk.cli.{name}":
                raise
            continue
        module.register(commands)
    return parser


def command_names() -> frozenset[str]:
    """The sub-commands ("init", "note", …): the launcher tells a command from a vault by them."""
    for action in build_parser()._actions:  # argparse keeps the sub-commands as one action
        if action.dest == "command" and action.choices:
            return frozenset(action.choices)
    return frozenset()


def emit(args: argparse.Namespace, data: dict[str, Any], text: str) -> None:
    """Print ``data`` as JSON with --json, else the human sentence(s)."""
    if getattr(args, "json", False):
        print(json.dumps(data, ensure_ascii=False, indent=None))
    elif text:
        print(text)


def run(argv: Sequence[str] | None = None) -> int:
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        handler: Handler | None = getattr(args, "handler", None)
        if handler is None:
            parser.print_help(sys.stderr)
            return 1
        return handler(args)
    except UsageError as exc:
        print(f"influence-desk: {exc}", file=sys.stderr)
        return 1
    except InfluenceDeskError as exc:
        print(f"influence-desk: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("influence-desk: interrupted; nothing more was changed.", file=sys.stderr)
        return 1
    except OSError as exc:
        # No path or content in the message: the OS's reason is enough to act on.
        print(
            f"influence-desk: a file could not be read or written ({exc.strerror}).",
            file=sys.stderr,
        )
        return 1
    except Exception as exc:  # a bug: still no traceback, no content, to the user
        print(
            f"influence-desk: internal error ({exc.__class__.__name__}); nothing more was changed.",
            file=sys.stderr,
        )
        return 1


def main(argv: Sequence[str] | None = None) -> None:
    from influence_desk.hardening import harden_process

    harden_process()  # first: no core dump may ever hold the keys or the names
    sys.exit(run(argv))
