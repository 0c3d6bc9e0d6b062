"""Verify 100,000 history entries (target: under 10 s on a 2-core machine).

Builds (once, cached under bench/_work/) a vault whose history holds N signed entries
(settings changes, written in one transaction through the real HistoryWriter), then times
``Vault.verify``. Baseline, in the same run: the bare primitives verify must at least pay
for — SHA-256 of each entry's canonical form and one Ed25519 signature check per entry — so
the ratio shows the overhead of reading, replaying and checking objects.

    .venv/bin/python bench/verify.py [--entries 100000]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _report import result as report_figure

from influence_desk import crypto
from influence_desk.canonical import canonical
from influence_desk.history import read_entries
from influence_desk.vault.vault import Vault

PASSPHRASE = "bench passphrase for verify"
# Built once and kept (git-ignored); bump BUILD when what is built changes.
WORK = Path(__file__).resolve().parent / "_work"
BUILD = "1"


def cached(entries: int) -> Path:
    folder = WORK / f"history-{entries}.idvault"
    marker = WORK / f"history-{entries}.complete"
    if not marker.exists() or marker.read_text() != BUILD:
        shutil.rmtree(folder, ignore_errors=True)
        WORK.mkdir(exist_ok=True)
        build(folder, entries)
        marker.write_text(BUILD)
    return folder


def build(folder: Path, entries: int) -> Path:
    vault = Vault.create(folder, label="Bench", passphrase=PASSPHRASE,
                         kdf=crypto.floor_params())  # fmt: skip
    store = vault.store
    assert store is not None
    writer = vault.writer()
    started = time.perf_counter()
    with store.transaction():
        for i in range(entries - store.history_count()):
            store.set_meta("bench.counter", str(i))
            writer.append("vault.settings", "vault:meta", store.all_meta())
    print(f"built {entries:,} entries in {time.perf_counter() - started:.1f} s")
    path = vault.path
    vault.close()
    return path


def baseline(path: Path) -> float:
    """SHA-256 + Ed25519 verify for every entry, nothing else."""
    vault = Vault.open(path, PASSPHRASE)
    assert vault.store is not None
    entries = list(read_entries(vault.store))
    public = bytes.fromhex(str(entries[0].payload["signing_key"]))
    started = time.perf_counter()
    for e in entries:
        crypto.sha256_hex(canonical([e.seq, e.at, e.actor, e.action, e.object_id, e.payload]))
        crypto.verify_signature(public, e.signature, bytes.fromhex(e.entry_hash))
    elapsed = time.perf_counter() - started
    vault.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=100_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="id-bench-verify-"))
    try:
        path = folder / "verify.idvault"
        shutil.copytree(cached(args.entries), path)  # verify's own open may write the WAL
        vault = Vault.open(path, PASSPHRASE)
        marks: list[tuple[int, float]] = []
        load = os.getloadavg()[0]
        started, cpu_started = time.perf_counter(), time.process_time()
        report = vault.verify(
            progress=lambda done, total: marks.append((done, time.perf_counter()))
        )
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        load_after = os.getloadavg()[0]
        vault.close()
        assert report.ok, report.problems
        base = baseline(path)
        halfway = next((t - started for d, t in marks if d >= args.entries // 2), float("nan"))
        print(f"{'figure':<44}{'value':>12}{'target':>12}")
        label = f"verify {args.entries:,} entries (s)"
        print(f"{label:<44}{elapsed:>12.2f}{'< 10':>12}")
        print(f"{'  its CPU time, all threads (s)':<44}{cpu:>12.2f}")
        print(f"{'  load average before / after':<44}{f'{load:.1f} / {load_after:.1f}':>12}")
        print(f"{'  of which: halfway progress reported at (s)':<44}{halfway:>12.2f}")
        print(f"{'baseline: sha256 + ed25519 per entry (s)':<44}{base:>12.2f}")
        print(f"{'ratio verify / baseline':<44}{elapsed / base:>12.2f}")
        print(f"{'entries per second':<44}{args.entries / elapsed:>12,.0f}")
        report_figure(f"verify {args.entries:,} history entries", elapsed, "s", "< 10 s",
               baseline=base, baseline_label="bare SHA-256 + Ed25519 per entry",
               met=elapsed < 10 if args.entries >= 100_000 else None,
               note=f"CPU {cpu:.1f} s; load {load:.1f} / {load_after:.1f}")  # fmt: skip
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
