"""How long an export from the app holds the vault (the session's lock, which autosave waits
for): building the request and recording the export, not rendering and the leak gate.

    .venv/bin/python bench/export_lock.py [--extra 300] [--repeat 3]

The demo vault plus ``--extra`` notes made from its own (same text, new titles), exported
as a team brief. Measured (same run, same vault): what the app's export job runs under the
lock (ui/export_run.py): reading the checkpoint, ``prepare_export`` given the verify run
beside (``verify_for_export``), and ``record_export``. Baseline:
``run_export``, the whole export, which the dialog held the lock for before. Wall-clock,
median of ``--repeat``; CPU time beside it, as the machine may be shared.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _report import result as report_figure

from influence_desk.demo import DEMO_PASSPHRASE, create_demo_vault
from influence_desk.desk import Desk, NoteDraft
from influence_desk.export.service import (
    prepare_export,
    record_export,
    render_export,
    run_export,
    verify_for_export,
)
from influence_desk.vault.vault import Vault


def grow(desk: Desk, extra: int) -> None:
    views = [desk.note(i) for i in desk.note_ids()]
    for n in range(extra):
        note = views[n % len(views)].note
        desk.add_note(NoteDraft(
            note.kind, f"{note.title} ({n})", note.occurred_at, body=note.body,
            summary=note.summary, event_id=note.event_id,
            organisation_ids=tuple(note.organisation_ids), source_ids=tuple(note.source_ids),
            tags=tuple(note.tags), marks=tuple(note.marks),
        ))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--extra", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path, _ = create_demo_vault(folder)
        desk = Desk(Vault.open(path, DEMO_PASSPHRASE))
        grow(desk, args.extra)
        notes = len(desk.note_ids())
        whole, held, cpu_whole, cpu_held = [], [], [], []
        for i in range(args.repeat):
            start, cpu = time.perf_counter(), time.process_time()
            run_export(desk, "team", folder / f"whole{i}.pdf")
            whole.append(time.perf_counter() - start)
            cpu_whole.append(time.process_time() - cpu)

            # As the app's job: checkpoint (held), verify beside (free), prepare (held)
            start, cpu = time.perf_counter(), time.process_time()
            before = desk.vault.checkpoint()
            locked = time.perf_counter() - start
            locked_cpu = time.process_time() - cpu
            verified = verify_for_export(desk, before)
            start, cpu = time.perf_counter(), time.process_time()
            prepared = prepare_export(desk, "team", folder / f"split{i}.pdf", verified=verified)
            locked += time.perf_counter() - start
            locked_cpu += time.process_time() - cpu
            result = render_export(prepared)
            start, cpu = time.perf_counter(), time.process_time()
            record_export(desk, prepared, result)
            held.append(locked + time.perf_counter() - start)
            cpu_held.append(locked_cpu + time.process_time() - cpu)
        desk.vault.close()
    w, h = statistics.median(whole), statistics.median(held)
    print(f"{notes} notes, team brief, median of {args.repeat}")
    cw, ch = statistics.median(cpu_whole), statistics.median(cpu_held)
    print(f"  whole export (the lock held before):   {w:6.2f} s  (CPU {cw:.2f} s)")
    print(f"  lock held now (build + record):         {h:6.2f} s  (CPU {ch:.2f} s)")
    print(f"  free for autosave (verify, render, gate): {w - h:5.2f} s  ({(w - h) / w:.0%})")
    report_figure(
        f"export: vault lock held, {notes} notes", h, "s",
        "only to build the request and record it",
        baseline=w, baseline_label="whole export (held before)",
    )  # fmt: skip


if __name__ == "__main__":
    main()
