"""Labels on a narrow column say that they are cut ("…", the whole text as a tooltip)."""

from __future__ import annotations

from uihelpers import unlock


def test_a_long_filter_summary_ends_in_an_ellipsis_with_the_whole_text_as_tooltip(
    qtbot, window, sample_vault
) -> None:
    from influence_desk.model import NoteKind

    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    panel = window.workspace.notes.filters
    panel.kind_box.setCurrentIndex(panel.kind_box.findData(NoteKind.BOOTH.value))
    panel.event_box.setCurrentIndex(1)
    whole = panel.summary.full_text()
    assert whole.startswith("Booth visit")
    panel.summary.resize(60, panel.summary.height())  # a 1024 px screen's list column, German
    shown = panel.summary.text()
    assert shown.endswith("…") and whole.startswith(shown[:-1])  # never cut mid-word silently
    assert panel.summary.toolTip() == whole
