"""The core never imports Qt: the CLI, tests and headless machines use it without PySide6.
Nor does it import the app above it (main.py, ui/): the arrows point from the app down.

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
    "above = ('PySide6', 'ui', 'main')\n"
    "loaded = sorted(m for m in sys.modules if m.split('.')[0] in above)\n"
    "print(','.join(loaded))\n"
)


def test_the_core_is_discovered() -> None:
    modules = core_modules()
    for expected in ("influence_desk.crypto", "influence_desk.vault.vault", "influence_desk.cli"):
        assert expected in modules


@pytest.mark.parametrize("module", core_modules())
def test_importing_a_core_module_loads_no_qt_and_no_app(module: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHECK, module], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, f"{module} does not import: {result.stderr[-2000:]}"
    assert result.stdout.strip() == "", f"{module} pulled in {result.stdout.strip()}"


def test_no_core_module_names_the_app_even_in_a_function() -> None:
    """A lazy ``import main`` inside a function hides from the import check above."""
    import ast
    from pathlib import Path

    root = Path(influence_desk.__file__).parent
    reaches: list[str] = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                if name.split(".")[0] in ("PySide6", "ui", "main"):
                    reaches.append(f"{path.relative_to(root.parent)}:{node.lineno} imports {name}")
    assert not reaches, "the core reaches up to the app:\n" + "\n".join(reaches)
