"""Temporary files of exports: a killed export's leftover goes, a running export's stays.

The kill campaign (tests/reliability/test_kill_export.py) shows a killed export leaving its
temporary PDF beside the target; these pin down what the next export removes.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from influence_desk.export.formats.writing import TEMP_PREFIX, TEMP_SUFFIX, remove_stale_temp_files


def test_leftovers_go_running_exports_and_other_files_stay(tmp_path: Path) -> None:
    stale = tmp_path / f"{TEMP_PREFIX}dead1234{TEMP_SUFFIX}"
    stale.write_bytes(b"%PDF-1.4 partial note text")
    running = tmp_path / f"{TEMP_PREFIX}busy5678{TEMP_SUFFIX}"
    running.write_bytes(b"%PDF-1.4 being written")
    mine = tmp_path / "brief.pdf"
    mine.write_bytes(b"%PDF-1.4 a finished export")
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("not an export")
    link = tmp_path / f"{TEMP_PREFIX}link0000{TEMP_SUFFIX}"
    link.symlink_to(elsewhere)
    held = os.open(running, os.O_RDONLY)  # another export, holding its lock
    try:
        fcntl.flock(held, fcntl.LOCK_EX)
        assert remove_stale_temp_files(tmp_path) == 1
    finally:
        os.close(held)
    assert not stale.exists()
    assert running.exists() and mine.exists() and elsewhere.exists() and link.is_symlink()
    # Once its holder is gone (a killed process), that one is a leftover too.
    assert remove_stale_temp_files(tmp_path) == 1
    assert not running.exists()
