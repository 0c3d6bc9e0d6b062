"""The "Names to review" tab and the editor's candidates: the three answers change the state,
registering from the editor fills the dialog (name, contacts on the line, organisation)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtGui import QTextCursor
from uihelpers import SampleVault, make_vault, unlock

from influence_desk.desk import Desk, NoteDraft
from influence_desk.model import NoteKind
from influence_desk.reviews import ReviewState, candidates
from influence_desk.vault.vault import Vault

LINE = ("Afterwards Joachim Vogelsang (j.vogelsang@example.org, +49 30 901820) showed us "
        "the dashboard.")  # fmt: skip
SECOND = "The keynote by Angela Merkel was cancelled. Penny Lane was the venue's bar."


@pytest.fixture
def named_vault(tmp_path: Path) -> tuple[SampleVault, str]:
    sample = make_vault(tmp_path)
    with Vault.open(sample.path, sample.passphrase) as vault:
        desk = Desk(vault)
        org = next(o for o in desk.organisations() if o.name == "VoterGraph GmbH")
        first = desk.add_note(NoteDraft(
            NoteKind.BOOTH, "Dashboard demo", datetime(2026, 3, 11, 9, 0), body=LINE,
            organisation_ids=(org.id,),
        )).note.id  # fmt: skip
        # In the summary too, which is what a public summary prints.
        desk.add_note(NoteDraft(NoteKind.OBSERVATION, "Keynote", datetime(2026, 3, 11, 11, 0),
                                body=SECOND, summary=SECOND))  # fmt: skip
    return sample, first


def states(window) -> dict[str, str]:
    with window.workspace.session.gui() as desk:
        return {c.name: c.state.value for c in candidates(desk)}


def open_names_tab(qtbot, window):
    from ui.workspace import NAMES

    ws = window.workspace
    ws.tabs.setCurrentIndex(NAMES)
    review = ws.names_page.review
    qtbot.waitUntil(lambda: not review.loading and bool(review.found), timeout=20_000)
    return review


def test_the_review_tab_buttons_change_the_state(qtbot, window, named_vault) -> None:
    sample, _ = named_vault
    unlock(qtbot, window, sample.path, sample.passphrase)
    review = open_names_tab(qtbot, window)
    shown = {review.list.topLevelItem(i).text(0) for i in range(review.list.topLevelItemCount())}
    assert shown == {"Joachim Vogelsang", "Angela Merkel", "Penny Lane"}
    assert "not reviewed yet" in review.status.text()

    assert review.select("Angela Merkel")
    assert "keynote by" in review.context.toPlainText()
    review.public_button.click()
    qtbot.waitUntil(lambda: states(window)["Angela Merkel"] == "public", timeout=10_000)
    qtbot.waitUntil(lambda: review.current().state == ReviewState.PUBLIC, timeout=5_000)
    assert review.list.currentItem().text(1) == "Public person"
    assert not review.public_button.isEnabled()

    assert review.select("Penny Lane")
    review.not_person_button.click()
    qtbot.waitUntil(lambda: states(window)["Penny Lane"] == "not-person", timeout=10_000)

    # Register as source…: the dialog comes filled; once registered the name is gone.
    from ui.dialogs import SourceDialog

    assert review.select("Joachim Vogelsang")
    review.register_button.click()
    ws = window.workspace
    qtbot.waitUntil(lambda: ws.findChild(SourceDialog) is not None, timeout=10_000)
    dialog = ws.findChild(SourceDialog)
    assert dialog.real_name.text() == "Joachim Vogelsang"
    assert dialog.contact.text() == "j.vogelsang@example.org, +49 30 901820"
    assert dialog.organisation.currentText() == "VoterGraph GmbH"
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: not ws.long_work.running(), timeout=20_000)
    qtbot.waitUntil(lambda: not review.loading and "Joachim Vogelsang" not in
                    [c.name for c in review.found], timeout=20_000)  # fmt: skip
    assert "Every person named in these notes is reviewed." in review.status.text()
    with ws.session.gui() as desk:
        assert desk.vault.verify().ok


def test_registering_from_the_editor_fills_the_dialog(qtbot, window, named_vault) -> None:
    sample, first = named_vault
    unlock(qtbot, window, sample.path, sample.passphrase)
    ws = window.workspace
    ws.notes.select_note(first)
    editor = ws.editor
    qtbot.waitUntil(lambda: editor.note_id == first, timeout=5_000)
    body = editor.body
    # The candidate is underlined (a person detection), the identifiers too, differently.
    kinds = [d.kind for d in body.highlighter.detections(body.toPlainText())]
    assert kinds == ["person", "email", "phone"]
    cursor = body.textCursor()
    cursor.setPosition(body.toPlainText().index("Vogelsang") + 3)  # inside, nothing selected
    body.setTextCursor(cursor)
    editor.register_action.trigger()
    from ui.dialogs import SourceDialog

    qtbot.waitUntil(lambda: ws.findChild(SourceDialog) is not None, timeout=10_000)
    dialog = ws.findChild(SourceDialog)
    assert dialog.real_name.text() == "Joachim Vogelsang"
    assert dialog.contact.text() == "j.vogelsang@example.org, +49 30 901820"
    assert dialog.organisation.currentText() == "VoterGraph GmbH"
    dialog.reject()


def test_the_editor_context_actions_record_decisions(qtbot, window, named_vault) -> None:
    sample, _ = named_vault
    unlock(qtbot, window, sample.path, sample.passphrase)
    ws = window.workspace
    ws.notes.new_action.trigger()
    editor = ws.editor
    qtbot.keyClicks(editor.title_edit, "Panel")
    editor.body.setFocus()
    qtbot.keyClicks(editor.body, "The minister Robert Habermann opened the summit.")
    body = editor.body
    qtbot.waitUntil(lambda: any(d.kind == "person" for d in
                                body.highlighter.detections(body.toPlainText())))  # fmt: skip
    cursor = body.textCursor()
    cursor.setPosition(body.toPlainText().index("Habermann"))
    cursor.movePosition(QTextCursor.MoveOperation.Right)
    body.setTextCursor(cursor)
    assert editor.public_person_action in body.extra_menu_actions
    editor.public_person_action.trigger()
    assert states(window)["Robert Habermann"] == "public"
    # Once decided it is no longer underlined as a name to review.
    assert not [d for d in body.highlighter.detections(body.toPlainText()) if d.kind == "person"]


def test_screenshot_of_the_review_tab(qtbot, window, named_vault, tmp_path: Path) -> None:
    sample, _ = named_vault
    window.resize(1024, 600)
    unlock(qtbot, window, sample.path, sample.passphrase)
    review = open_names_tab(qtbot, window)
    review.select("Joachim Vogelsang")
    qtbot.wait(50)
    shot = Path(__import__("os").environ.get("NAMES_SCREENSHOT", tmp_path / "names.png"))
    assert window.grab().save(str(shot))
    assert review.register_button.isVisible() and review.context.isVisible()


def test_the_export_dialog_lists_names_to_review_before_a_public_export(
    qtbot, window, named_vault, tmp_path: Path
) -> None:
    sample, _ = named_vault
    unlock(qtbot, window, sample.path, sample.passphrase)
    ws = window.workspace
    ws.export_action.trigger()
    qtbot.waitUntil(lambda: ws.export_dialog is not None and ws.export_dialog.isVisible())
    dialog = ws.export_dialog
    keys = [dialog.profile_combo.itemData(i) for i in range(dialog.profile_combo.count())]
    dialog.profile_combo.setCurrentIndex(keys.index("public"))
    box = dialog.names_box
    review = box.review
    # Only what a public summary prints: the summary with two names, not the body of the
    # other note.
    qtbot.waitUntil(lambda: not review.loading and len(review.found) == 2, timeout=20_000)
    assert box.isVisible() and "public export" in box.title()
    assert {c.name for c in review.found} == {"Angela Merkel", "Penny Lane"}

    # Refused while any is pending: told plainly, nothing written.
    out = tmp_path / "public.pdf"
    dialog.start_export(out)
    qtbot.waitUntil(lambda: not dialog.running, timeout=60_000)
    assert "need a review first" in dialog.banner.text() and not out.exists()

    for name, button in (("Angela Merkel", review.public_button),
                         ("Penny Lane", review.not_person_button)):  # fmt: skip
        qtbot.waitUntil(lambda: not review.loading, timeout=20_000)
        assert review.select(name)
        button.click()
        qtbot.waitUntil(lambda n=name: states(window)[n] != "pending", timeout=10_000)
    qtbot.waitUntil(lambda: not review.pending(), timeout=10_000)
    dialog.start_export(out)
    qtbot.waitUntil(lambda: not dialog.running, timeout=60_000)
    assert out.is_file(), dialog.banner.text()

    # The audit report has no note text: no list.
    dialog.profile_combo.setCurrentIndex(keys.index("audit"))
    assert not box.isVisible()
