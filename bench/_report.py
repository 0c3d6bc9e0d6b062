"""One line per figure that `bench/run_all.py` collects into the results table.

A bench prints its own human-readable output as it likes, and calls ``result(...)`` for each
figure that has a target: the line starts with ``RESULT `` and carries JSON.
"""

from __future__ import annotations

import json
import sys


def result(
    figure: str,
    value: float,
    unit: str,
    target: str,
    *,
    baseline: float | None = None,
    baseline_label: str = "",
    baseline_unit: str = "",
    ratio: float | None = None,
    met: bool | None = None,
    note: str = "",
) -> None:
    """``ratio`` defaults to value / baseline when a baseline is given."""
    if ratio is None and baseline:
        ratio = value / baseline
    line = {
        "figure": figure, "value": value, "unit": unit, "target": target,
        "baseline": baseline, "baseline_label": baseline_label,
        "baseline_unit": baseline_unit or unit, "ratio": ratio,
        "met": met, "note": note,
    }  # fmt: skip
    print("RESULT " + json.dumps(line, ensure_ascii=False), flush=True)
    sys.stdout.flush()
