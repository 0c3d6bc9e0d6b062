"""GUI tests run offscreen with cheap key slots; nothing touches the user's own folders."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything loads Qt

from collections.abc import Iterator
from pathlib import Path

import pytest
from uihelpers import SampleVault, make_vault

from influence_desk import crypto


@pytest.fixture(autouse=True)
def _private_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The recent list and demo vaults of tests go to the test's own folder."""
    monkeypatch.setenv("INFLUENCE_DESK_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("INFLUENCE_DESK_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture
def sample_vault(tmp_path: Path) -> SampleVault:
    return make_vault(tmp_path, auditor=True)


@pytest.fixture
def window(qtbot) -> Iterator:
    from ui.app import AppOptions, AppWindow

    win = AppWindow(
        AppOptions(kdf=crypto.floor_params, idle_lock_minutes=60, watch_system_lock=False)
    )
    qtbot.addWidget(win)
    win.resize(1300, 820)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    yield win
    win.close()
