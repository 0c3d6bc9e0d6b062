"""init, slot, passwd, rekey, backup, verify, history."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from influence_desk.admin import Administration
from influence_desk.checkpoints import CheckpointState
from influence_desk.cli import emit, version_commands
from influence_desk.cli.common import (
    add_json_arg,
    add_vault_arg,
    kdf_for_new_slot,
    new_passphrase,
    open_vault,
)
from influence_desk.errors import BadInput, VerificationFailed
from influence_desk.history import Entry, parse_checkpoint
from influence_desk.local_settings import SlotMemory
from influence_desk.model import PseudonymStyle, Role
from influence_desk.vault.vault import Vault


def register(commands: Any) -> None:
    p = commands.add_parser("init", help="create a vault; its creator is a lead")
    p.add_argument("vault", metavar="VAULT")
    p.add_argument("--label", required=True, help="your name as the team knows it")
    p.add_argument(
        "--pseudonyms", choices=[s.value for s in PseudonymStyle], default="codename",
        help="codename (e.g. 'Amber Heron') or code (e.g. 'S-014')",
    )  # fmt: skip
    p.add_argument("--new-passphrase-file", metavar="FILE")
    add_json_arg(p)
    p.set_defaults(handler=cmd_init)

    slot = commands.add_parser("slot", help="people who can open the vault")
    slot_commands = slot.add_subparsers(dest="slot_command", metavar="ACTION", required=True)
    p = slot_commands.add_parser("add", help="add a person (lead)")
    add_vault_arg(p)
    p.add_argument("--role", required=True, choices=[r.value for r in Role])
    p.add_argument("--label", required=True)
    p.add_argument("--new-passphrase-file", metavar="FILE")
    p.set_defaults(handler=cmd_slot_add)
    p = slot_commands.add_parser("list", help="list the people who can open the vault")
    add_vault_arg(p)
    p.set_defaults(handler=cmd_slot_list)
    p = slot_commands.add_parser("remove", help="remove a person (lead)")
    add_vault_arg(p)
    p.add_argument("slot_id", metavar="SLOT_ID")
    p.set_defaults(handler=cmd_slot_remove)

    p = commands.add_parser("passwd", help="change the unlocking slot's passphrase")
    add_vault_arg(p)
    p.add_argument("--new-passphrase-file", metavar="FILE")
    p.set_defaults(handler=cmd_passwd)

    p = commands.add_parser("rekey", help="new data key, every remaining slot rewrapped (lead)")
    add_vault_arg(p)
    p.set_defaults(handler=cmd_rekey)

    p = commands.add_parser("backup", help="encrypted snapshot in backups/ (newest 10 kept)")
    add_vault_arg(p)
    p.set_defaults(handler=cmd_backup)

    p = commands.add_parser("verify", help="check history, signatures and every stored object")
    add_vault_arg(p)
    p.add_argument("--checkpoint", metavar="SEQ:HASH", help="must extend this earlier checkpoint")
    p.set_defaults(handler=cmd_verify)

    p = commands.add_parser("history", help="the signed history of changes")
    add_vault_arg(p)
    p.add_argument("--limit", type=int, default=0, help="only the newest N entries")
    version_commands.add_history_args(p)
    p.set_defaults(handler=cmd_history)


def cmd_init(args: argparse.Namespace) -> int:
    vault = Vault.create(
        Path(args.vault), label=args.label, passphrase=new_passphrase(args),
        pseudonym_style=PseudonymStyle(args.pseudonyms), kdf=kdf_for_new_slot(),
        slot_memory=SlotMemory(),
    )  # fmt: skip
    with vault:
        data = {
            "vault_id": vault.vault_id,
            "fingerprint": vault.fingerprint,
            "path": str(vault.path),
        }
        emit(args, data, f"Created {vault.path}\nFingerprint: {vault.fingerprint}")
    return 0


def cmd_slot_add(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        vault.require_lead()
        record = vault.add_slot(
            Role(args.role), args.label, new_passphrase(args), kdf_for_new_slot()
        )
        emit(args, {"slot_id": record.id, "role": record.role.value, "label": record.label},
             f"Added {record.label} ({record.role.value}) as slot {record.id}.")  # fmt: skip
    return 0


def cmd_slot_list(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        slots = vault.list_slots()
        data = {
            "fingerprint": vault.fingerprint,
            "slots": [
                {"slot_id": s.id, "label": s.label, "role": s.role.value, "added_by": s.added_by,
                 "added_at": s.added_at, "you": s.is_me}
                for s in slots
            ],
        }  # fmt: skip
        lines = [f"Vault fingerprint: {vault.fingerprint}"]
        lines += [
            f"{s.id}  {s.role.value:<10}  {s.label}{'  (you)' if s.is_me else ''}"
            f"  added by {s.added_by} {s.added_at}"
            for s in slots
        ]
        emit(args, data, "\n".join(lines))
    return 0


def cmd_slot_remove(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        vault.remove_slot(args.slot_id)
        emit(
            args,
            {"removed": args.slot_id},
            f"Removed slot {args.slot_id}. They can no longer unlock this vault, but anything "
            "they already saw, or a copy they kept, is not taken back; run 'rekey' so a kept "
            "copy of the old key stops opening new versions of notes.db.",
        )
    return 0


def cmd_passwd(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        vault.change_passphrase(new_passphrase(args), kdf_for_new_slot())
        emit(args, {"slot_id": vault.slot_id}, "Passphrase changed.")
    return 0


def cmd_rekey(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        vault.rekey()
        emit(
            args,
            {"rekeyed": True, "slots": len(vault.file.slots)},
            f"New data key; {len(vault.file.slots)} key slots rewrapped, backups re-encrypted. "
            "Removed people cannot open this vault any more, but what they saw before stays seen.",
        )
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        path = vault.backup()
        emit(args, {"backup": str(path)}, f"Backup written: {path}")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    checkpoint = parse_checkpoint(args.checkpoint) if args.checkpoint else None
    # Read-only: verify writes nothing, so it also runs beside the app, and on a vault whose
    # schema was changed (a writer would be refused that one).
    with open_vault(args, read_only=True) as vault:
        checked = Administration(vault).check_checkpoint(args.checkpoint) if checkpoint else None
        if checked is not None and checked.state is CheckpointState.MALFORMED:
            raise BadInput(checked.message)  # a typo is not a failed verification
        report = vault.verify(checkpoint)
        verdict = "OK" if report.ok else "FAILED"
        lines = [f"{verdict}: {report.entries} history entries, head {report.head}"]
        if checked is not None:
            lines.append(checked.message)
        lines += [f"  problem: {p}" for p in report.problems]
        data = report.to_json()
        if checked is not None:
            data["checkpoint"] = checked.to_json()
        emit(args, data, "\n".join(lines))
    if not report.ok:
        if not args.json:
            print("influence-desk: verification failed; see the problems above.", file=sys.stderr)
        return VerificationFailed.exit_code
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    if getattr(args, "entry", None) is not None:
        return version_commands.cmd_history_entry(args)
    if getattr(args, "note", None):
        return version_commands.cmd_history_note(args)
    with open_vault(args) as vault:
        assert vault.store is not None
        store = vault.store
        count = store.history_count()
        limit = args.limit if args.limit > 0 else count
        rows = store.history_rows(limit, newest_first=True)
        labels = {kid: s.label for kid, s in vault.verify_signers().items()}
        entries = [Entry.from_row(r) for r in reversed(rows)]
        data = {
            "entries": [
                {"seq": e.seq, "at": e.at, "action": e.action, "object": e.object_id,
                 "actor": labels.get(e.actor, e.actor)}
                for e in entries
            ]
        }  # fmt: skip
        text = "\n".join(
            f"{e.seq:>6}  {e.at}  {labels.get(e.actor, e.actor):<20}  {e.action:<16}  {e.object_id}"
            for e in entries
        )
        emit(args, data, text)
    return 0
