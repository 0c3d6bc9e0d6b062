"""Capture defaults that fit the kind of note: a booth visit's new event is a trade fair
dated today, a new organisation gets a kind from its name or is asked for, the booth
template does not repeat the Organisations field, tag suggestions open at their field."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPoint, Qt
from uihelpers import unlock, wait_saved

from influence_desk.model import EventKind, NoteKind, OrgType
from ui.capture import event_kind_for, infer_org_type


def _booth(qtbot, window, sample_vault):
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    ws = window.workspace
    ws.notes.booth_action.trigger()
    return ws, ws.editor


def test_a_booth_visits_new_event_is_a_trade_fair_of_today(qtbot, window, sample_vault) -> None:
    ws, editor = _booth(qtbot, window, sample_vault)
    assert "company" not in editor.body.toPlainText().casefold()  # Organisations says it
    assert editor.body.toPlainText().startswith("Stand / hall:")
    editor.event_edit.clear()
    qtbot.keyClicks(editor.event_edit, "Wahlkampf Nord 2026")
    qtbot.keyClicks(editor.title_edit, "Canvassing vendor")
    wait_saved(qtbot, editor)
    with ws.session.gui() as desk:
        note = desk.note(editor.note_id).note
        event = desk.event(note.event_id)
    assert event.name == "Wahlkampf Nord 2026"
    assert event.kind == EventKind.TRADE_FAIR
    assert event.start_date == event.end_date == date.today()


def test_a_new_organisation_gets_a_kind_or_is_asked_for(qtbot, window, sample_vault) -> None:
    ws, editor = _booth(qtbot, window, sample_vault)
    qtbot.keyClicks(editor.title_edit, "Two stands")
    qtbot.keyClicks(editor.orgs_edit, "Datenwerk Analytics, Nordlicht GmbH")
    wait_saved(qtbot, editor)
    with ws.session.gui() as desk:
        kinds = {o.name: o.type for o in desk.organisations()}
    assert kinds["Datenwerk Analytics"] == OrgType.ANALYTICS  # the name says it
    assert kinds["Nordlicht GmbH"] == OrgType.OTHER  # the name does not: asked, not silent
    prompt = editor.org_prompt
    assert prompt.isVisible() and "Nordlicht GmbH" in prompt.label.text()
    prompt.kind.setCurrentIndex(prompt.kind.findData(OrgType.AGENCY))
    qtbot.mouseClick(prompt.set_button, Qt.MouseButton.LeftButton)
    assert not prompt.isVisible()
    with ws.session.gui() as desk:
        assert {o.name: o.type for o in desk.organisations()}["Nordlicht GmbH"] == OrgType.AGENCY
    qtbot.waitUntil(
        lambda: any(o.name == "Nordlicht GmbH" and o.type == OrgType.AGENCY
                    for o in ws.catalog.organisations), timeout=5_000,
    )  # fmt: skip


def test_defaults_read_from_names() -> None:
    assert event_kind_for("Campaign Tech Summit", NoteKind.BOOTH) == EventKind.CONFERENCE
    assert event_kind_for("Coffee at the hotel", NoteKind.INTERVIEW) == (
        EventKind.SCHEDULED_INTERVIEW
    )
    assert event_kind_for("Reading annual reports", NoteKind.DESK) == EventKind.DESK_RESEARCH
    assert infer_org_type("Sozialdemokratische Partei") == OrgType.PARTY
    assert infer_org_type("CampaignTech Software") == OrgType.PLATFORM_VENDOR
    assert infer_org_type("Blue Line Strategies") == OrgType.CONSULTANCY
    assert infer_org_type("VoterGraph GmbH") is None


def test_tag_suggestions_open_at_their_field(qtbot, window, sample_vault) -> None:
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    ws = window.workspace
    qtbot.waitUntil(lambda: ws.editor.note_id is not None)
    tags = ws.editor.tags_edit
    tags.setFocus()
    tags.end(False)
    qtbot.keyClicks(tags, ", micro")
    popup = tags._completer.popup()
    assert popup.isVisible()
    field = tags.mapToGlobal(QPoint(0, 0))
    shown = popup.geometry()
    assert shown.width() == tags.width()  # the field's width, under the field
    # At the field's left edge, unless the screen ends first (the test screen is small).
    screen_right = tags.screen().availableGeometry().right()
    assert abs(shown.left() - min(field.x(), screen_right - shown.width() + 1)) <= 2
    assert -2 <= shown.top() - (field.y() + tags.height()) <= 4


def test_a_half_typed_new_event_or_organisation_is_not_created(qtbot, window, sample_vault) -> None:
    ws, editor = _booth(qtbot, window, sample_vault)
    qtbot.keyClicks(editor.title_edit, "Slow typing")
    editor.event_edit.setFocus()
    editor.event_edit.clear()
    qtbot.keyClicks(editor.event_edit, "Wahl")  # a pause here: autosave comes due
    assert editor.event_edit.hasFocus()
    editor.autosave.timeout.emit()
    assert editor.autosave.isActive()  # waits for the name to be finished
    qtbot.keyClicks(editor.event_edit, "kampf Nord")
    editor.orgs_edit.setFocus()  # leaving the field finishes the name
    qtbot.keyClicks(editor.orgs_edit, "Nord")
    editor.autosave.timeout.emit()
    assert editor.autosave.isActive()
    qtbot.keyClicks(editor.orgs_edit, "licht Data, ")  # a comma finishes it too
    wait_saved(qtbot, editor)
    with ws.session.gui() as desk:
        events = [e.name for e in desk.events()]
        orgs = [o.name for o in desk.organisations()]
        note = desk.note(editor.note_id).note
    assert "Wahl" not in events and events.count("Wahlkampf Nord") == 1
    assert "Nord" not in orgs and "Nordlicht Data" in orgs
    assert note.title == "Booth: Slow typing" and note.event_id is not None
