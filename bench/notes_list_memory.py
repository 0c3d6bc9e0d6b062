"""Resident memory of the app with the notes list over a 100,000-note vault, scrolled end to end.

    .venv/bin/python bench/notes_list_memory.py [--notes 100000]

Measured in one process (offscreen Qt): resident memory (VmRSS, and the peak VmHWM) after
unlocking the vault into the real window and scrolling the notes list from the first row
to the last, page by page, painting every page; also how long the scroll took and the
slowest single page.
Baselines (same run): the same process just before the window is built (Python, Qt, the
open vault), and, in a separate process, what an eager model would hold: every row of the
list fetched into memory at once (``Desk.note_rows`` over all ids).
Target (DESIGN §10): under 300 MB resident with 100,000 notes.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _report import result as report_figure  # noqa: E402

sys.path.insert(0, str(HERE.parent))


def rss_mb(field: str = "VmRSS") -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


EAGER = r"""
import sys
sys.path[:0] = [{here!r}, {root!r}]
from _vault100k import open_vault100k
from influence_desk.desk import Desk
from pathlib import Path
def rss(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
vault = open_vault100k({notes})
desk = Desk(vault)
before = rss("VmRSS")
rows = desk.note_rows(desk.note_ids())
print(len(rows), before, rss("VmRSS"), rss("VmHWM"))
vault.close()
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notes", type=int, default=100_000)
    args = parser.parse_args()

    from _vault100k import open_vault100k
    from PySide6.QtWidgets import QApplication

    from influence_desk.desk import Desk
    from ui import launcher as app_main
    from ui.app import AppOptions, AppWindow
    from ui.session import Session

    app = app_main.make_app()
    assert isinstance(app, QApplication)
    vault = open_vault100k(args.notes)
    session = Session(vault, Desk(vault))
    app.processEvents()
    baseline = rss_mb()

    started = time.perf_counter()
    window = AppWindow(AppOptions(idle_lock_minutes=600))
    window.resize(1400, 900)
    window.show()
    window._unlocked(session)
    ws = window.workspace
    assert ws is not None
    while not ws.notes.list_ready() or ws.model.rowCount() == 0:
        app.processEvents()
        time.sleep(0.005)
    app.processEvents()
    opened = time.perf_counter() - started
    rows = ws.model.rowCount()
    after_open = rss_mb()

    bar = ws.table.verticalScrollBar()
    slowest = 0.0
    scroll_started = time.perf_counter()
    pages = 0
    value = 0
    while True:
        t = time.perf_counter()
        bar.setValue(value)
        ws.table.viewport().repaint()
        app.processEvents()
        slowest = max(slowest, time.perf_counter() - t)
        pages += 1
        if value >= bar.maximum():
            break
        value = min(bar.maximum(), value + bar.pageStep())
    scrolled = time.perf_counter() - scroll_started
    last_title = ws.model.index(rows - 1, 2).data()
    final_rss, peak = rss_mb(), rss_mb("VmHWM")
    cached = ws.model.cached_pages()
    window.close()
    session.close()

    eager = subprocess.run(
        [sys.executable, "-c",
         EAGER.format(here=str(HERE), root=str(HERE.parent), notes=args.notes)],
        capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    eager_rows, eager_before, eager_after = int(eager[0]), float(eager[1]), float(eager[2])

    print(f"notes in the list: {rows:,} (last row: {last_title!r})")
    print(f"baseline, vault open, no window:        {baseline:7.1f} MB")
    print(f"window open on the notes list:          {after_open:7.1f} MB  ({opened * 1000:.0f} ms)")
    print(
        f"after scrolling all {rows:,} rows:       {final_rss:7.1f} MB  (peak {peak:.1f} MB; "
        f"{pages:,} pages in {scrolled:.1f} s, slowest page {slowest * 1000:.0f} ms)"
    )

    print(
        f"eager model, all {eager_rows:,} rows in memory: +{eager_after - eager_before:.1f} MB "
        f"for the rows alone (vs +{final_rss - baseline:.1f} MB for the whole lazy window)"
    )
    print(f"row pages cached at the end: {cached} of {rows // 100 + 1} (the rest is ids only)")
    print(f"ratio window / baseline: {final_rss / baseline:.2f}x")
    print(f"target < 300 MB resident: {'OK' if peak < 300 else 'OVER TARGET'}")
    report_figure(f"resident memory, notes list scrolled over {rows:,} notes (peak)", peak, "MB",
                  "< 300 MB", baseline=baseline, baseline_label="vault open, no window",
                  met=peak < 300 if rows >= 100_000 else None)  # fmt: skip


if __name__ == "__main__":
    main()
