"""Unlocking a vault.json stuffed with costly key slots, with the real KDF (issue 12).

The tests (tests/core/test_slot_flood.py) count derivations and never time them; this
measures what a person waits, with a slot calibrated to about 1 s as ``init`` makes it and
hostile slots at the most the bounds allow (1 GiB x 5 passes, ``crypto.MAX_SLOT_WORK``):

- the issue's flood (255 such slots before the real one): refused, and how fast;
- as many as the slot cap allows: the right passphrase through the slot this computer
  remembers (about one derivation), refused when nothing is remembered, a wrong passphrase;
- the worst a wrong passphrase can cost: hostile slots up to the unlock budget
  (``unlocking.MAX_UNLOCK_WORK``), every one derived (skip with ``--no-worst``).

Baseline, in the same run: one derivation with the real slot's parameters, and opening the
same vault before it was flooded.

    .venv/bin/python bench/slot_flood.py [--no-worst]
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import secrets
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _report import result as report_figure

from influence_desk import crypto
from influence_desk.errors import VaultDamaged, WrongPassphrase
from influence_desk.local_settings import SlotMemory
from influence_desk.vault.format import MAX_SLOTS
from influence_desk.vault.unlocking import MAX_UNLOCK_WORK
from influence_desk.vault.vault import Vault

PASSPHRASE = "bench: quartz lantern migrates sideways"
WRONG = "bench: not anyone's passphrase at all"
# The most one slot may ask for: 1 GiB at 5 passes (as much work as 256 MiB at 20).
HOSTILE_KDF = {"memory_kib": crypto.MAX_MEMORY_KIB, "iterations": 5, "lanes": crypto.MAX_LANES}


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def hostile_slot(number: int) -> dict[str, Any]:
    """Well formed, at the bounds, opened by no passphrase (random check value)."""
    return {
        "id": secrets.token_hex(8), "label": f"Junk {number}", "role": "lead",
        "kdf": {"alg": "argon2id", **HOSTILE_KDF, "salt": _b64(secrets.token_bytes(16))},
        "check": _b64(secrets.token_bytes(16)), "nonce": _b64(secrets.token_bytes(12)),
        "ciphertext": _b64(secrets.token_bytes(120)), "public": _b64(secrets.token_bytes(32)),
        "shared": _b64(secrets.token_bytes(140)),
    }  # fmt: skip


def flooded(original: Path, folder: Path, count: int) -> Path:
    """A copy of the vault with ``count`` hostile slots before the real one."""
    target = folder / f"flood-{count}.idvault"
    shutil.copytree(original, target)
    doc = json.loads((target / "vault.json").read_text())
    doc["slots"] = [hostile_slot(i) for i in range(count)] + doc["slots"]
    (target / "vault.json").write_text(json.dumps(doc))
    return target


def timed(action: Callable[[], object]) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds of this process, and how it ended."""
    started, cpu = time.perf_counter(), time.process_time()
    try:
        outcome = action()
        ended = "opened" if isinstance(outcome, Vault) else "returned"
        if isinstance(outcome, Vault):
            outcome.close()
    except WrongPassphrase:
        ended = "wrong passphrase"
    except VaultDamaged as exc:
        ended = "refused: " + exc.message[:40]
    return time.perf_counter() - started, time.process_time() - cpu, ended


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--no-worst", action="store_true",
        help="skip the wrong passphrase at the full unlock budget (~30 s)",
    )  # fmt: skip
    args = parser.parse_args()
    load = os.getloadavg()[0]
    folder = Path(tempfile.mkdtemp(prefix="id-bench-flood-"))
    try:
        params = crypto.calibrate(1.0)  # what init writes on this machine
        original = folder / "real.idvault"
        Vault.create(original, label="Lena", passphrase=PASSPHRASE, kdf=params).close()
        doc = json.loads((original / "vault.json").read_text())
        memory = SlotMemory(folder / "config" / "settings.json")  # remembers the real slot
        memory.remember(doc["vault_id"], doc["slots"][0]["id"])
        forgetful = SlotMemory(folder / "elsewhere" / "settings.json")  # another computer
        one_kdf = min(timed(lambda: crypto.derive_passphrase_key(PASSPHRASE, params))[0]
                      for _ in range(2))  # fmt: skip
        plain = timed(lambda: Vault.open(original, PASSPHRASE))

        issue = flooded(original, folder, 255)
        capped = flooded(original, folder, MAX_SLOTS - 1)
        fits = (MAX_UNLOCK_WORK - params.work) // crypto.MAX_SLOT_WORK
        budget = flooded(original, folder, fits)
        rows: list[tuple[str, tuple[float, float, str], str]] = []

        def run(label: str, target: str, action: Callable[[], object]) -> None:
            rows.append((label, timed(action), target))

        run("255 slots at the bounds, slot remembered", "< 1 s",
            lambda: Vault.open(issue, PASSPHRASE, slot_memory=memory))  # fmt: skip
        run(f"{MAX_SLOTS - 1} at the bounds, nothing remembered", "< 1 s",
            lambda: Vault.open(capped, PASSPHRASE, slot_memory=forgetful))  # fmt: skip
        run(f"{MAX_SLOTS - 1} at the bounds, right passphrase, remembered", "~ 1 KDF",
            lambda: Vault.open(capped, PASSPHRASE, slot_memory=memory))  # fmt: skip
        run(f"{MAX_SLOTS - 1} at the bounds, wrong passphrase, remembered", "~ 1 KDF",
            lambda: Vault.open(capped, WRONG, slot_memory=memory))  # fmt: skip
        if not args.no_worst:
            run(f"{fits} at the bounds (the budget), wrong passphrase", "bounded (~30 s)",
                lambda: Vault.open(budget, WRONG))  # fmt: skip

        print(f"slot: m={params.memory_kib // 1024} MiB t={params.iterations} "
              f"p={params.lanes} ({params.work} MiB-passes); hostile: 1024 MiB x 5 x 8 lanes; "
              f"load average {load:.1f} at start on {os.cpu_count()} cores")  # fmt: skip
        print(f"{'case':<58}{'wall s':>8}{'cpu s':>8}  outcome")
        print(f"{'baseline: one derivation of the real slot':<58}{one_kdf:>8.2f}")
        print(f"{'baseline: open the same vault before the flood':<58}{plain[0]:>8.2f}"
              f"{plain[1]:>8.2f}  {plain[2]}")  # fmt: skip
        note = f"load average {load:.1f} at start" if load > 2.5 else ""
        for label, (wall, cpu, ended), target in rows:
            print(f"{label:<58}{wall:>8.2f}{cpu:>8.2f}  {ended}")
            extra = f"{ended}; CPU {cpu:.2f} s" + (f"; {note}" if note else "")
            report_figure(f"slot flood: {label}", wall, "s", target, baseline=one_kdf,
                          baseline_label="one derivation of the real slot", note=extra)  # fmt: skip
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
