"""Counts of one read as one: no "Mentioned in 1 notes", no "1 problem(s)" (issue 14)."""

from __future__ import annotations

from pathlib import Path

from uihelpers import make_vault, unlock

from influence_desk.history import Problem, VerifyReport


def _report(problems: int) -> VerifyReport:
    found = [Problem(f"entry {n}", "signature does not match") for n in range(problems)]
    return VerifyReport(ok=False, entries=9, head="9:ab", problems=found)


def test_one_verify_problem_is_one_problem_in_english_and_german(qtbot) -> None:
    from ui.history_view import describe_report
    from ui.i18n import apply_language

    assert describe_report(_report(1))[1].startswith("Verification found 1 problem: ")
    assert describe_report(_report(2))[1].startswith("Verification found 2 problems: ")
    try:
        assert apply_language("de")
        assert describe_report(_report(1))[1].startswith("Die Prüfung fand 1 Problem: ")
        assert describe_report(_report(3))[1].startswith("Die Prüfung fand 3 Probleme: ")
    finally:
        apply_language("en")


def test_a_source_named_in_one_note_is_mentioned_in_1_note(qtbot, window, tmp_path: Path) -> None:
    sample = make_vault(tmp_path, notes=1)
    unlock(qtbot, window, sample.path, sample.passphrase)
    page = window.workspace.sources_page
    window.workspace.tabs.setCurrentWidget(page)
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: "Mentioned in" in page.details.text())
    assert "Mentioned in 1 note;" in page.details.text()
    assert "1 notes" not in page.details.text()
