"""The core's refusals that the issue-14 features can show (saved searches, trash, names
review, marks) read in German in a German interface, and every sentence listed for
translation is one the core really says (a reworded one would silently fall back)."""

from __future__ import annotations

import ast
from pathlib import Path

from influence_desk.errors import BadInput

ROOT = Path(__file__).resolve().parents[2]


def _core_literals() -> set[str]:
    """Every string the core (and the app's own raises) writes, tasks.py's list aside."""
    found: set[str] = set()
    paths = [*(ROOT / "influence_desk").rglob("*.py"), *(ROOT / "ui").glob("*.py")]
    for path in (p for p in paths if p.name != "tasks.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.add(node.value)
    return found


def test_every_listed_core_sentence_is_one_the_core_says() -> None:
    from ui.tasks import _CORE_SENTENCES

    literals = _core_literals()
    assert [s for s in _CORE_SENTENCES if s not in literals] == []


def test_a_saved_search_refusal_reads_in_german(qtbot) -> None:
    from ui.i18n import apply_language
    from ui.tasks import user_message

    try:
        assert apply_language("de")
        assert user_message(BadInput("A saved search needs a name.")) == (
            "Eine gespeicherte Suche braucht einen Namen."
        )
        assert user_message(BadInput("That note is not in the trash.")) == (
            "Diese Notiz ist nicht im Papierkorb."
        )
    finally:
        apply_language("en")
