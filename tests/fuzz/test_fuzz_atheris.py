"""Each atheris target (tests/fuzz/atheris_targets.py) for a short coverage-guided run.

libFuzzer exits non-zero on any exception other than a named error, or on a hang (-timeout).
Needs the atheris package (a test extra in pyproject.toml); a few thousand runs by default,
many more with
``INFLUENCE_DESK_FULL_RELIABILITY=1``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import atheris  # noqa: F401  - a test extra: its absence is a failure, not a skip
import pytest
from fuzzing import FULL

TARGETS = ["vault_json", "inline", "stored", "checkpoint"]
HARNESS = Path(__file__).with_name("atheris_targets.py")


@pytest.mark.parametrize("target", TARGETS)
def test_atheris_target(target: str, tmp_path: Path) -> None:
    runs = 200_000 if FULL else 3_000
    result = subprocess.run(
        [sys.executable, str(HARNESS), target, f"-runs={runs}", "-timeout=10",
         "-max_len=4096", f"-artifact_prefix={tmp_path}/"],
        capture_output=True, text=True, timeout=1800, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
