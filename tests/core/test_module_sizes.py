"""No module over 600 lines and no class over 400 in influence_desk/ or ui/ (docs/style.md):
a module that outgrows them holds more than one concern."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAX_MODULE_LINES = 600
MAX_CLASS_LINES = 400
#: Over the limit and being reworked on another branch right now (the export dialog's
#: format choice); each must still be over it, so the entry goes with the fix.
BEING_SPLIT = frozenset({"ui/export_dialog.py: class ExportDialog"})


def _oversized() -> list[str]:
    found: list[str] = []
    for package in ("influence_desk", "ui"):
        for path in sorted((ROOT / package).rglob("*.py")):
            source = path.read_text(encoding="utf-8")
            name = path.relative_to(ROOT).as_posix()
            lines = len(source.splitlines())
            if lines > MAX_MODULE_LINES:
                found.append(f"{name}: {lines} lines (at most {MAX_MODULE_LINES})")
            for node in ast.walk(ast.parse(source, filename=name)):
                if isinstance(node, ast.ClassDef):
                    size = (node.end_lineno or node.lineno) - node.lineno + 1
                    if size > MAX_CLASS_LINES:
                        found.append(f"{name}: class {node.name} has {size} lines "
                                     f"(at most {MAX_CLASS_LINES})")
    return found


def test_no_module_or_class_is_too_big() -> None:
    found = _oversized()
    assert [f for f in found if not f.startswith(tuple(BEING_SPLIT))] == []
    assert [b for b in sorted(BEING_SPLIT) if not any(f.startswith(b) for f in found)] == [], (
        "no longer over the limit: take it out of BEING_SPLIT"
    )
