"""Time from starting the desktop app to its first window on screen.

    .venv/bin/python bench/app_start.py [--repeat 7]

Measured: ``python main.py`` as a fresh process (the app start ``influence-desk`` runs),
until the window's first paint (ui/launcher.py prints a marker when
INFLUENCE_DESK_BENCH_FIRST_WINDOW is set, then quits). Baseline (same run): a bare PySide6
program that shows an empty QMainWindow the same way: the cost of Python + Qt alone.
Target (DESIGN §10): first window under 1.5 s.
Runs offscreen unless a DISPLAY is set.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _report import result as report_figure

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

BASELINE = r"""
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() in (QEvent.Type.Paint, QEvent.Type.Expose):
            print("first-window", flush=True)
            app.removeEventFilter(self)
            QTimer.singleShot(0, app.quit)
        return False
watcher = FirstPaint(app)
app.installEventFilter(watcher)
window = QMainWindow()
window.resize(1360, 860)
window.show()
app.exec()
"""


def time_to_marker(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    proc = subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, cwd=ROOT
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.strip() == "first-window":
            elapsed = time.perf_counter() - started
            break
    else:
        proc.wait()
        raise RuntimeError(f"{argv} never showed a window")
    proc.wait(timeout=30)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="id-bench-start-") as home:
        env = dict(os.environ)
        env.setdefault("QT_QPA_PLATFORM", "xcb" if env.get("DISPLAY") else "offscreen")
        env["INFLUENCE_DESK_BENCH_FIRST_WINDOW"] = "1"
        env["INFLUENCE_DESK_CONFIG_DIR"] = str(Path(home) / "config")
        env["INFLUENCE_DESK_DATA_DIR"] = str(Path(home) / "data")
        # One warm-up each, so both measure a warm file cache.
        time_to_marker([PYTHON, "-c", BASELINE], env)
        time_to_marker([PYTHON, str(ROOT / "main.py")], env)
        app_times, base_times = [], []
        for _ in range(args.repeat):
            base_times.append(time_to_marker([PYTHON, "-c", BASELINE], env))
            app_times.append(time_to_marker([PYTHON, str(ROOT / "main.py")], env))
    app_ms = statistics.median(app_times) * 1000
    base_ms = statistics.median(base_times) * 1000
    print(f"platform: {env['QT_QPA_PLATFORM']}, {args.repeat} runs each, medians")
    print(f"bare PySide6 window (baseline): {base_ms:7.0f} ms")
    print(
        f"Influence Desk first window:    {app_ms:7.0f} ms   (max {max(app_times) * 1000:.0f} ms)"
    )
    print(f"ratio app / baseline: {app_ms / base_ms:.2f}x   overhead: {app_ms - base_ms:.0f} ms")
    verdict = "OK" if app_ms < 1500 else "OVER TARGET"
    print(f"target first window < 1500 ms: {verdict}")
    report_figure("first window after start", app_ms, "ms", "< 1500 ms", baseline=base_ms,
                  baseline_label="bare PySide6 window", met=app_ms < 1500)  # fmt: skip


if __name__ == "__main__":
    main()
