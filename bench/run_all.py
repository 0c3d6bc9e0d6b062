"""Run every benchmark and print one table: figure, target, baseline, ratio.

    .venv/bin/python bench/run_all.py [--quick] [--only NAME ...]

Each bench runs in its own process (so memory and start-up figures are honest) and reports
its figures through ``bench/_report.result``. The 100,000-note vault is built once and
cached under bench/_work/. The table is also written to bench/RESULTS.md with the machine
it ran on. ``--quick`` uses smaller sizes to check the runner itself (figures then do not
speak to the targets).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

# name, script arguments (full run), arguments for --quick
BENCHES: list[tuple[str, list[str], list[str]]] = [
    ("vault_open", [], ["--repeat", "1"]),
    ("pseudonymise", ["--mb", "50"], ["--mb", "2"]),
    ("note_save", ["--notes", "100000"], ["--notes", "2000", "--saves", "20"]),
    ("search", ["--notes", "100000"], ["--notes", "2000", "--repeat", "5"]),
    ("verify", ["--entries", "100000"], ["--entries", "2000"]),
    ("verify_vault", ["--notes", "100000"], ["--notes", "2000"]),
    ("slot_flood", [], ["--no-worst"]),
    ("export", ["--notes", "1000"], ["--notes", "50"]),
    ("register", [], ["--notes", "50", "--sources", "10", "--backups", "1"]),
    ("export_lock", ["--extra", "1000", "--repeat", "1"], ["--extra", "50", "--repeat", "1"]),
    ("app_start", [], ["--repeat", "2"]),
    ("notes_list_memory", ["--notes", "100000"], ["--notes", "2000"]),
    ("search_typing", ["--notes", "100000"], ["--notes", "2000"]),
    ("name_candidates", [], []),
    ("name_false_positives", [], []),
    ("bundle_format", ["--notes", "10000"], ["--notes", "500", "--repeat", "1"]),
    ("sync_apply", ["--notes", "10000"], ["--notes", "200"]),
    ("sync_fields", ["--notes", "1000"], ["--notes", "100"]),
    ("sync_attachments", [], []),
    ("sync_round", ["--changes", "1000"], ["--changes", "50"]),
    ("sync_kept_versions", [], ["--events", "5", "--edits", "5"]),
    ("attachments_store", [], ["--small", "100", "--repeat", "1"]),
    ("attachments_import", [], ["--pages", "2"]),
    ("attachment_thumbnail", [], ["--repeat", "1"]),
    ("export_qdpx", ["--notes", "1000"], ["--notes", "50", "--sources", "20"]),
]


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (f"{platform.system()} {platform.release()}, {os.cpu_count()} cores ({cpu}){mem}, "
            f"Python {platform.python_version()}")  # fmt: skip


def run_bench(name: str, args: list[str]) -> tuple[list[dict[str, object]], str, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, str(HERE / f"{name}.py"), *args],
        capture_output=True, text=True, env=env, cwd=ROOT, check=False,
    )  # fmt: skip
    elapsed = time.perf_counter() - started
    rows = [json.loads(line[7:]) for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
    error = "" if proc.returncode == 0 else (proc.stderr.strip().splitlines() or ["failed"])[-1]
    return rows, error, elapsed


def fmt(value: object, unit: str = "") -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        text = f"{value:,.3f}" if abs(value) < 10 else f"{value:,.1f}"
    else:
        text = str(value)
    return f"{text} {unit}".strip()


def main() -> None:
    parser = argparse.ArgumentParser(description="Run every benchmark; one table.")
    parser.add_argument("--quick", action="store_true", help="small sizes (checks the runner)")
    parser.add_argument("--only", nargs="*", default=[], help="bench names to run")
    parser.add_argument("--out", default=str(HERE / "RESULTS.md"))
    args = parser.parse_args()
    header = ["bench", "figure", "value", "target", "baseline (same run)", "ratio", "met", "note"]
    table: list[list[str]] = []
    failures: list[str] = []
    for name, full, quick in BENCHES:
        if args.only and name not in args.only:
            continue
        print(f"== {name}", flush=True)
        rows, error, elapsed = run_bench(name, quick if args.quick else full)
        if error:
            failures.append(f"{name}: {error}")
        for r in rows:
            baseline = fmt(r.get("baseline"), str(r.get("baseline_unit") or r.get("unit", "")))
            if r.get("baseline_label"):
                baseline = f"{baseline} ({r['baseline_label']})"
            met = r.get("met")
            table.append([
                name, str(r["figure"]), fmt(r["value"], str(r["unit"])), str(r["target"]),
                baseline, fmt(r.get("ratio"), "×") if r.get("ratio") is not None else "—",
                "—" if met is None else ("yes" if met else "**no**"), str(r.get("note") or ""),
            ])  # fmt: skip
            print(f"   {r['figure']}: {fmt(r['value'], str(r['unit']))} (target {r['target']})")
        print(f"   ({elapsed:.0f} s)", flush=True)
    lines = [
        "# Benchmark results",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine()}.",
        f"Command: `.venv/bin/python bench/run_all.py{' --quick' if args.quick else ''}`.",
        "",
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in table]
    if failures:
        lines += ["", "Benches that failed to run:", ""] + [f"- {f}" for f in failures]
    text = "\n".join(lines) + "\n"
    print()
    print(text)
    if not args.quick or args.out != str(HERE / "RESULTS.md"):
        Path(args.out).write_text(text, encoding="utf-8")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
