"""Applying one sync bundle of N new notes on another replica (influence_desk/sync/).

    .venv/bin/python bench/sync_apply.py [--notes 10000]

A lead's vault and one replica; the replica imports N notes (JSONL, one transaction: the
baseline, the same notes written by the ordinary save path in the same run), then `sync`
writes them into a folder as bundles (send), and the lead's `sync` checks every entry
(hash, signature, chain, heads, clock) and merges them (apply: history rows, versions, note
rows, links, search rows, one transaction per bundle). Target (DESIGN §10, issue 15): apply
a bundle of 10,000 notes under 10 s. The lead's verify must pass afterwards.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _report import result as report_figure

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from influence_desk import crypto
from influence_desk.desk import Desk
from influence_desk.model import Role
from influence_desk.sync.replica import make_replica
from influence_desk.vault.vault import Vault

LEAD, RAFA = "lead passphrase for the sync bench", "researcher passphrase for the bench"
WORDS = (
    "voter file broker booth campaign data list household consent model score panel "
    "micro targeting geofence app canvass turnout survey segment audience"
).split()


def lines(notes: int, seed: int = 15) -> list[str]:
    rnd = random.Random(seed)
    return [json.dumps({"kind": "booth", "title": f"Booth {i}", "date": "2026-11-20",
                        "summary": " ".join(rnd.choice(WORDS) for _ in range(12)),
                        "body": " ".join(rnd.choice(WORDS) for _ in range(160)),
                        "tags": ["follow-up"]}) for i in range(notes)]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notes", type=int, default=10000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sync-bench-"))
    try:
        with Vault.create(work / "team", label="Lena", passphrase=LEAD,
                          kdf=crypto.floor_params()) as vault:  # fmt: skip
            vault.add_slot(Role.RESEARCHER, "Rafa", RAFA, kdf=crypto.floor_params())
            laptop = make_replica(vault, work / "laptop").path
            lead = vault.path
        folder = work / "sync"
        folder.mkdir()
        with Vault.open(laptop, RAFA) as vault:
            desk = Desk(vault)
            start = time.perf_counter()
            desk.import_jsonl(lines(args.notes))
            imported = time.perf_counter() - start
            start = time.perf_counter()
            sent = desk.sync(folder)
            send = time.perf_counter() - start
        size = sum(p.stat().st_size for p in folder.iterdir())
        with Vault.open(lead, LEAD) as vault:
            desk = Desk(vault)
            start = time.perf_counter()
            came = desk.sync(folder)
            apply = time.perf_counter() - start
            assert came.refused == [] and desk.count_notes() == args.notes
            report = vault.verify()
            assert report.ok, report.problems[:3]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{args.notes} notes: import {imported:.2f} s; send {send:.2f} s ({sent.sent} "
          f"bundle(s), {size / 1e6:.1f} MB); apply {apply:.2f} s ({came.entries} entries)")
    report_figure(f"sync: apply {args.notes} notes", apply, "s", "< 10 s for 10,000 notes",
                  baseline=imported, baseline_label="the same notes imported (one transaction)",
                  met=apply < 10 * args.notes / 10000)  # fmt: skip
    report_figure(f"sync: send {args.notes} notes", send, "s", "", baseline=imported,
                  baseline_label="the same notes imported (one transaction)")  # fmt: skip


if __name__ == "__main__":
    main()
