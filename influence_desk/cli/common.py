"""Shared by every CLI command: passphrases, opening a vault, common options."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from influence_desk.crypto import KdfParams, floor_params
from influence_desk.errors import BadInput
from influence_desk.local_settings import SlotMemory
from influence_desk.vault.vault import Vault

PASSPHRASE_ENV = "INFLUENCE_DESK_PASSPHRASE"
NEW_PASSPHRASE_ENV = "INFLUENCE_DESK_NEW_PASSPHRASE"
# Tests and benchmarks may create slots at the KDF floor; users get ~1 s calibration.
FAST_KDF_ENV = "INFLUENCE_DESK_TEST_FAST_KDF"


def add_vault_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("vault", metavar="VAULT", help="the vault folder (NAME.idvault)")
    parser.add_argument(
        "--passphrase-file", metavar="FILE", help="read the passphrase from the first line of FILE"
    )
    parser.add_argument("--json", action="store_true", help="machine-readable output on stdout")


def add_json_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="machine-readable output on stdout")


def _read_first_line(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.readline().rstrip("\r\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput("The passphrase file cannot be read.") from exc


def passphrase(args: argparse.Namespace, *, prompt: str = "Passphrase: ") -> str:
    """From --passphrase-file, the environment, or a prompt; never from an argument."""
    if getattr(args, "passphrase_file", None):
        return _read_first_line(args.passphrase_file)
    if PASSPHRASE_ENV in os.environ:
        return os.environ[PASSPHRASE_ENV]
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    raise BadInput(
        f"No passphrase: set {PASSPHRASE_ENV}, use --passphrase-file, or run in a terminal."
    )


def new_passphrase(args: argparse.Namespace) -> str:
    if getattr(args, "new_passphrase_file", None):
        return _read_first_line(args.new_passphrase_file)
    if NEW_PASSPHRASE_ENV in os.environ:
        return os.environ[NEW_PASSPHRASE_ENV]
    if sys.stdin.isatty():
        first = getpass.getpass("New passphrase: ")
        if getpass.getpass("Repeat it: ") != first:
            raise BadInput("The two passphrases differ; nothing was changed.")
        return first
    raise BadInput(
        f"No new passphrase: set {NEW_PASSPHRASE_ENV}, use --new-passphrase-file, "
        "or run in a terminal."
    )


def kdf_for_new_slot() -> KdfParams | None:
    """None means: calibrate to about a second on this machine."""
    return floor_params() if os.environ.get(FAST_KDF_ENV) == "1" else None


def open_vault(args: argparse.Namespace, *, read_only: bool = False) -> Vault:
    """The slot that last opened this vault here is tried first (see local_settings); a
    reader whose notes.db schema differs is warned on stderr (a writer is refused with
    exit 3 before anything is written)."""
    vault = Vault.open(
        Path(args.vault), passphrase(args), slot_memory=SlotMemory(), read_only=read_only
    )
    for warning in vault.schema_warnings[:3]:
        print(f"influence-desk: warning: the vault's database was changed outside "
              f"Influence Desk ({warning}); run verify.", file=sys.stderr)  # fmt: skip
    return vault
