"""The named kill points (influence_desk.killpoints): inert unless asked for, exact when asked
for, each one reached by the core, and each one aimed at by a kill campaign."""

from __future__ import annotations

import ast
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import influence_desk
from influence_desk import killpoints

REPO = Path(influence_desk.__file__).resolve().parents[1]
CHILD = (
    "from influence_desk import killpoints\n"
    "for n in range(3):\n"
    "    killpoints.before_commit('export'); print('passed', n, flush=True)\n"
)


def _run(kill_at: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != killpoints.ENV}
    if kill_at is not None:
        env[killpoints.ENV] = kill_at
    return subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True,
                          text=True, timeout=60)  # fmt: skip


def test_unset_nothing_happens() -> None:
    result = _run(None)
    assert result.returncode == 0 and result.stdout.count("passed") == 3


def test_the_named_point_kills_exactly_there() -> None:
    first = _run("export.before_commit")
    assert first.returncode == -signal.SIGKILL and first.stdout == ""
    third = _run("export.before_commit@3")
    assert third.returncode == -signal.SIGKILL
    assert third.stdout.splitlines() == ["passed 0", "passed 1"]


def test_another_point_is_not_this_one() -> None:
    result = _run("export.after_commit")
    assert result.returncode == 0 and result.stdout.count("passed") == 3


def test_a_misspelt_point_fails_instead_of_never_firing() -> None:
    result = _run("export.befor_commit")
    assert result.returncode == 1
    assert "names no kill point" in result.stderr


def _string_constants(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"), str(path))
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }


def test_the_core_names_every_operation() -> None:
    named: set[str] = set()
    for path in (REPO / "influence_desk").rglob("*.py"):
        if path.name != "killpoints.py":
            named |= _string_constants(path)
    missing = [op for op in killpoints.OPERATIONS if op not in named]
    assert missing == [], f"no core code reaches {missing}"


def test_every_point_is_aimed_at_by_a_campaign() -> None:
    aimed: set[str] = set()
    for path in (REPO / "tests" / "reliability").glob("test_kill_*.py"):
        for text in _string_constants(path):
            point = re.sub(r"@\d+$", "", text)
            if point in killpoints.POINTS:
                aimed.add(point)
    assert sorted(killpoints.POINTS - aimed) == []
