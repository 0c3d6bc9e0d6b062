"""A sync round of a team: three replicas (the lead, two researchers) each with N changes of
its own, syncing through one folder until all three hold the same notes.

    .venv/bin/python bench/sync_round.py [--changes 1000]

Each replica imports N notes of its own (JSONL, one transaction: N signed note entries);
then the replicas sync in turn (lead, laptop 0, laptop 1, again ...) until a whole round
sends and applies nothing. Timed: every sync of those rounds (send, check, merge), until
all three converged. Baseline in the same run: the same 3 x N notes imported as JSONL in
one transaction into a fresh vault (a plain import of what each replica ends up holding).
Afterwards every replica must verify and hold the same 3 x N notes (issue 15: "a sync round
of three replicas x 1,000 changes").
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

LEAD = "lead passphrase for the sync round bench"
RESEARCHER = "researcher passphrase for the round bench"
WORDS = (
    "voter file broker booth campaign data list household consent model score panel "
    "micro targeting geofence app canvass turnout survey segment audience"
).split()


def lines(notes: int, who: int, seed: int = 15) -> list[str]:
    rnd = random.Random(seed + who)
    return [json.dumps({"kind": "booth", "title": f"Booth {who}-{i}", "date": "2026-11-20",
                        "summary": " ".join(rnd.choice(WORDS) for _ in range(12)),
                        "body": " ".join(rnd.choice(WORDS) for _ in range(160)),
                        "tags": ["follow-up"]}) for i in range(notes)]  # fmt: skip


def _passphrase(index: int) -> str:
    return LEAD if index == 0 else RESEARCHER


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--changes", type=int, default=1000)
    args = parser.parse_args()
    n = args.changes
    work = Path(tempfile.mkdtemp(prefix="sync-round-bench-"))
    try:
        with Vault.create(work / "team", label="Lena", passphrase=LEAD,
                          kdf=crypto.floor_params()) as vault:  # fmt: skip
            vault.add_slot(Role.RESEARCHER, "Rafa", RESEARCHER, kdf=crypto.floor_params())
            laptops = [make_replica(vault, work / f"laptop{i}").path for i in range(2)]
            replicas = [vault.path, *laptops]
        with Vault.create(work / "baseline", label="Lena", passphrase=LEAD,
                          kdf=crypto.floor_params()) as vault:  # fmt: skip
            everything = [line for who in range(3) for line in lines(n, who)]
            start = time.perf_counter()
            Desk(vault).import_jsonl(everything)
            baseline = time.perf_counter() - start
        folder = work / "sync"
        folder.mkdir()
        vaults = [Vault.open(path, _passphrase(i)) for i, path in enumerate(replicas)]
        try:
            desks = [Desk(v) for v in vaults]
            imports = 0.0
            for who, desk in enumerate(desks):
                start = time.perf_counter()
                desk.import_jsonl(lines(n, who))
                imports += time.perf_counter() - start
            rounds: list[float] = []
            entries = 0
            while True:
                start = time.perf_counter()
                results = [desk.sync(folder) for desk in desks]
                took = time.perf_counter() - start
                if all(r.sent == 0 and r.applied == 0 for r in results):
                    break  # the quiet round that shows nothing moves (not counted)
                rounds.append(took)
                entries += sum(r.entries for r in results)
                assert all(r.refused == [] for r in results), [r.refused for r in results]
            ids = [set(desk.note_ids()) for desk in desks]
            assert len(ids[0]) == 3 * n and ids[0] == ids[1] == ids[2]
            for vault in vaults:
                report = vault.verify()
                assert report.ok, report.problems[:3]
        finally:
            for vault in vaults:
                vault.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    total = sum(rounds)
    print(f"3 replicas x {n} changes: imported on the replicas in {imports:.2f} s; "
          f"converged in {len(rounds)} rounds, {total:.2f} s "
          f"({', '.join(f'{r:.2f}' for r in rounds)} s; {entries} entries applied); "
          f"baseline: {3 * n} notes imported in {baseline:.2f} s")  # fmt: skip
    report_figure(f"sync: a round of 3 replicas x {n} changes", total, "s", "",
                  baseline=baseline,
                  baseline_label=f"the same {3 * n} notes imported (one transaction)",
                  note=f"{len(rounds)} rounds until quiet")  # fmt: skip


if __name__ == "__main__":
    main()
