"""The core never imports Qt: the CLI, tests and headless machines use it without PySide6.

Each module is imported in a fresh interpreter, so one module importing Qt cannot hide
behind another that was imported first.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import influence_desk


def core_modules() -> list[str]:
    names = [influence_desk.__name__]
    for info in pkgutil.walk_packages(influence_desk.__path__, prefix="influence_desk."):
        if info.name.rsplit(".", 1)[-1] == "__main__":
            continue  # running it starts the CLI; its imports are the cli package's
        names.append(info.name)
    return sorted(names)


CHECK = (
    "import importlib, sys\n"
    "importlib.import_module(sys.argv[1])\n"
    "loaded = sorted(m for m in sys.modules if m == 'PySide6' or m.startswith('PySide6.'))\n"
    "print(','.join(loaded))\n"
)


def test_the_core_is_discovered() -> None:
    modules = core_modules()
    for expected in ("influence_desk.crypto", "influence_desk.vault.vault", "influence_desk.cli"):
        assert expected in modules


@pytest.mark.parametrize("module", core_modules())
def test_importing_a_core_module_loads_no_qt(module: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHECK, module], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, f"{module} does not import: {result.stderr[-2000:]}"
    assert result.stdout.strip() == "", f"{module} pulled in {result.stdout.strip()}"
