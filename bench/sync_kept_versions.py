"""Sending and applying events edited many times: every superseded version's kept content
travels (so each copy can go back to it when a removed person's change is taken back).

    .venv/bin/python bench/sync_kept_versions.py [--events 20] [--edits 100]

A researcher's replica adds E events and renames each K times (E x (K + 1) signed entries,
each with its kept version), then syncs once (send), and the lead's copy syncs once (check
and apply). The same is timed with 2K renames in the same run: sending reads one kept row
per entry, so twice the edits must cost about twice the time (the ratio shown; the first
version of this read every version of the object per entry, quadratic in the edits).
Afterwards both copies verify and the lead shows each event's last name.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _report import result as report_figure

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from influence_desk import crypto
from influence_desk.desk import Desk
from influence_desk.model import EventKind, Role
from influence_desk.sync.replica import make_replica
from influence_desk.vault.vault import Vault

LEAD = "lead passphrase for the kept versions bench"
RESEARCHER = "researcher passphrase for the kept bench"


def run(work: Path, events: int, edits: int) -> tuple[float, float, int]:
    """(send seconds, apply seconds, entries applied) for ``events`` x ``edits`` renames."""
    with Vault.create(work / "team", label="Lena", passphrase=LEAD,
                      kdf=crypto.floor_params()) as vault:  # fmt: skip
        vault.add_slot(Role.RESEARCHER, "Rafa", RESEARCHER, kdf=crypto.floor_params())
        laptop = make_replica(vault, work / "laptop").path
        lead = vault.path
    folder = work / "sync"
    folder.mkdir()
    with Vault.open(laptop, RESEARCHER) as vault:
        desk = Desk(vault)
        ids = [desk.add_event(EventKind.TRADE_FAIR, f"Expo {i}", "Berlin").id
               for i in range(events)]  # fmt: skip
        for round_ in range(edits):
            for event_id in ids:
                desk.update_event(replace(desk.event(event_id), name=f"Expo {event_id} {round_}"))
        start = time.perf_counter()
        sent = desk.sync(folder)
        send = time.perf_counter() - start
        assert sent.sent >= 1 and sent.refused == []
        assert vault.verify().ok
    with Vault.open(lead, LEAD) as vault:
        desk = Desk(vault)
        start = time.perf_counter()
        got = desk.sync(folder)
        apply = time.perf_counter() - start
        assert got.refused == [] and got.applied >= 1
        names = {e.id: e.name for e in desk.events()}
        assert all(names[i] == f"Expo {i} {edits - 1}" for i in ids)
        report = vault.verify()
        assert report.ok, report.problems[:3]
    return send, apply, got.entries


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=20)
    parser.add_argument("--edits", type=int, default=100)
    args = parser.parse_args()
    figures: list[tuple[int, float, float, int]] = []
    for edits in (2, args.edits, 2 * args.edits):  # (the first warms up: not reported)
        work = Path(tempfile.mkdtemp(prefix="kept-versions-bench-"))
        try:
            figures.append((edits, *run(work, args.events, edits)))
        finally:
            shutil.rmtree(work, ignore_errors=True)
    figures = figures[1:]
    for edits, send, apply, entries in figures:
        print(f"{args.events} events x {edits} renames: send {send:.2f} s, "
              f"apply {apply:.2f} s ({entries} entries)")  # fmt: skip
    (k, send_k, apply_k, _), (k2, send_2k, apply_2k, entries) = figures
    note = f"{entries} entries; apply {apply_2k:.2f} s against {apply_k:.2f} s"
    report_figure(f"sync: send {args.events} events x {k2} renames (kept versions)", send_2k,
                  "s", "about linear in the edits", baseline=send_k,
                  baseline_label=f"the same with {k} renames, same run", note=note)  # fmt: skip


if __name__ == "__main__":
    main()
