"""Applying one sync bundle of N new notes on another replica (influence_desk/sync/).

    .venv/bin/python bench/sync_apply.py [--notes 10000]

A lead's vault and one replica; the replica imports N notes (JSONL, one transaction: the
baseline, the same notes written by the ordinary save path in the same run), then `sync`
writes them into a folder as bundles (send), and the lead's `sync` checks every entry
(hash, signature, chain, heads, clock) and merges them (apply: history rows, versions, note
rows, links, search rows, one transaction per bundle). Target (DESIGN §10, issue 15): apply
a bundle of 10,000 notes under 10 s. The lead's verify must pass afterwards.

Each step is reported as wall and CPU seconds (``time.process_time``: every thread of this
process, plus any child it waited for), with ``uptime``'s load at the start: on a shared
machine the CPU figure is the one that speaks for the code. ``--profile FILE`` writes a
cProfile of the apply (the profiler slows it: its figures are not the bench's).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
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


class Timed:
    """Wall and CPU seconds of one step (CPU: this process's threads and waited children)."""

    def __enter__(self) -> Timed:
        self.load = os.getloadavg()[0]
        self._wall, self._cpu = time.perf_counter(), self._cpu_now()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.wall = time.perf_counter() - self._wall
        self.cpu = self._cpu_now() - self._cpu

    @staticmethod
    def _cpu_now() -> float:
        times = os.times()
        return time.process_time() + times.children_user + times.children_system

    def __str__(self) -> str:
        return f"{self.wall:.2f} s wall, {self.cpu:.2f} s CPU (load {self.load:.1f})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notes", type=int, default=10000)
    parser.add_argument("--profile", type=Path, help="write a cProfile of the apply here")
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
            with Timed() as imported:
                desk.import_jsonl(lines(args.notes))
            with Timed() as send:
                sent = desk.sync(folder)
        size = sum(p.stat().st_size for p in folder.iterdir())
        with Vault.open(lead, LEAD) as vault:
            desk = Desk(vault)
            profile = cProfile.Profile() if args.profile else None
            with Timed() as apply:
                if profile is not None:
                    profile.enable()
                came = desk.sync(folder)
                if profile is not None:
                    profile.disable()
            if profile is not None:
                profile.dump_stats(args.profile)
            assert came.refused == [] and desk.count_notes() == args.notes
            report = vault.verify()
            assert report.ok, report.problems[:3]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{args.notes} notes: import {imported}; send {send} ({sent.sent} bundle(s), "
          f"{size / 1e6:.1f} MB); apply {apply} ({came.entries} entries); "
          f"CPU apply/import x{apply.cpu / imported.cpu:.2f}")  # fmt: skip
    label = "the same notes imported (one transaction)"
    report_figure(f"sync: apply {args.notes} notes", apply.wall, "s", "< 10 s for 10,000 notes",
                  baseline=imported.wall, baseline_label=label,
                  met=apply.wall < 10 * args.notes / 10000,
                  note=f"CPU {apply.cpu:.2f} s vs {imported.cpu:.2f} s import "
                       f"(x{apply.cpu / imported.cpu:.2f}), load {apply.load:.1f}")  # fmt: skip
    report_figure(f"sync: send {args.notes} notes", send.wall, "s", "", baseline=imported.wall,
                  baseline_label=label, note=f"CPU {send.cpu:.2f} s")  # fmt: skip


if __name__ == "__main__":
    main()
