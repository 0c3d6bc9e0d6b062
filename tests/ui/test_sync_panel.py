"""The Sync tab: a folder chosen with the core's checks, two replicas synced through a plain
folder from the panel (the note written on the laptop in the lead's list), a conflict
resolved with a button (verify passes), the sync on unlock run once in a worker, the sync on
lock finished before the vault closes, the history naming each entry's copy, and an
auditor's panel greyed out with its reason."""

from __future__ import annotations

import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sync"))

from sync_team import (
    LEAD,
    Team,
    add_note,
    close_all,
    delete_bundles_carrying,
    desk_of,
    edit_note,
    make_team,
    passphrase_for,
    photo_removed_by_mira,
    sync,
    titles,
)
from uihelpers import unlock

from influence_desk.desk import Desk
from influence_desk.sync_settings import (
    SyncFolderMemory,
    SyncFolderSettings,
    SyncTrigger,
)


@pytest.fixture(autouse=True)
def _close_replicas():
    yield
    close_all()


def _vault_id(team: Team) -> str:
    with desk_of(team, team.lead) as desk:
        return str(desk.vault.vault_id)


def _settings(team: Team, *, on_unlock: bool = False, on_lock: bool = False) -> None:
    vault_id = _vault_id(team)
    close_all()  # the window opens the lead's vault itself
    SyncFolderMemory().set(
        vault_id,
        SyncFolderSettings(team.folder, on_unlock=on_unlock, every_minutes=None, on_lock=on_lock),
    )


def _note_titles(ws) -> list[str]:
    model = ws.model
    return [model.index(r, 2).data() for r in range(model.rowCount())]


def _sync_tab(qtbot, ws):
    ws.view_actions[6].trigger()
    page = ws.sync_page
    assert page.isVisible()
    qtbot.waitUntil(lambda: not page.loading, timeout=15_000)
    return page


def _synced(qtbot, ws) -> None:
    qtbot.waitUntil(lambda: not ws.sync_runner.running, timeout=30_000)
    qtbot.waitUntil(lambda: not ws.sync_page.loading and ws.notes.list_ready(), timeout=15_000)


def test_choosing_a_folder_checks_it_as_the_core_does(qtbot, window, tmp_path) -> None:
    team = make_team(tmp_path, 1)
    vault_id = _vault_id(team)
    close_all()
    unlock(qtbot, window, team.lead, LEAD)
    page = _sync_tab(qtbot, window.workspace)
    assert page.folder_label.full_text() == "none chosen yet"
    page.sync_now()
    assert page.message.text() == "Choose a sync folder first."
    page.choose_folder(str(team.lead / "backups"))
    assert page.message.text() == "A sync folder cannot be the vault folder or inside it."
    page.choose_folder(str(tmp_path))
    assert "The vault is inside that folder" in page.message.text()
    assert SyncFolderMemory().get(vault_id).folder is None
    page.choose_folder(str(team.folder))
    assert page.message.text() == ""
    assert page.folder_label.full_text() == str(team.folder.resolve())
    assert SyncFolderMemory().get(vault_id).folder == team.folder.resolve()


def test_a_note_from_the_laptop_arrives_in_the_leads_list(qtbot, window, tmp_path) -> None:
    team = make_team(tmp_path, 1)
    lead, laptop = team.all
    add_note(team, laptop, "Panel on lobbying at the fair", "Three speakers.")
    assert sync(team, laptop).sent == 1
    close_all()
    _settings(team)
    threads: list[bool] = []
    real_sync = Desk.sync

    def watched(self, *args, **kwargs):
        threads.append(threading.current_thread() is threading.main_thread())
        return real_sync(self, *args, **kwargs)

    Desk.sync = watched  # type: ignore[method-assign]
    try:
        unlock(qtbot, window, lead, LEAD)
        ws = window.workspace
        assert "Panel on lobbying at the fair" not in _note_titles(ws)
        page = _sync_tab(qtbot, ws)
        qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)
        _synced(qtbot, ws)
    finally:
        Desk.sync = real_sync  # type: ignore[method-assign]
    assert threads == [False]  # in a worker, never on the GUI thread
    assert "Panel on lobbying at the fair" in _note_titles(ws)
    assert page.outcome.text() == (
        "1 note arrived or changed. Bundles applied: 1 of 1 found; sent: 1."
    )
    assert page.last_label.text() != "never, on this computer"
    assert page.conflicts_note.text().startswith("No conflicts")
    # The history names the copy each entry was made on.
    ws.view_actions[3].trigger()
    history = ws.history_page.model
    qtbot.waitUntil(lambda: history.rowCount() > 0)
    copies = {history.index(r, 5).data() for r in range(history.rowCount())}
    assert any(c.startswith("this copy (") for c in copies)
    assert any(c.startswith("Rafa’s copy (") for c in copies)  # who first wrote on the laptop


def test_a_conflict_is_resolved_with_a_button_and_verify_passes(qtbot, window, tmp_path) -> None:
    team = make_team(tmp_path, 1)
    lead, laptop = team.all
    note = add_note(team, lead, "Booth of Acme", "Brochures.")
    sync(team, lead)
    sync(team, laptop)
    # Only the title on both: one field in conflict (the body would merge on its own).
    edit_note(team, lead, note, "Booth of Acme (lead)", "Brochures.")
    edit_note(team, laptop, note, "Booth of Acme (laptop)", "Brochures.")
    sync(team, laptop)
    close_all()
    _settings(team)
    unlock(qtbot, window, lead, LEAD)
    ws = window.workspace
    page = _sync_tab(qtbot, ws)
    page.sync_now()
    _synced(qtbot, ws)
    model = page.model
    assert model.rowCount() == 2
    assert page.conflicts_note.text().startswith("1 note was changed on two copies")
    shown = {model.index(r, 6).data() for r in range(2)}
    assert shown == {"Booth of Acme (lead)", "Booth of Acme (laptop)"}
    mine = [model.index(r, 1).data() for r in range(2)]
    assert sum(m.endswith("(mine)") for m in mine) == 1
    assert not page.keep_theirs.isEnabled()  # nothing selected yet
    page.table.selectRow(0)
    qtbot.mouseClick(page.keep_theirs, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.loading, timeout=15_000)
    assert model.rowCount() == 0
    assert page.message.text() == "Resolved; the next sync takes it to the others."
    qtbot.waitUntil(ws.notes.list_ready, timeout=15_000)
    assert "Booth of Acme (laptop)" in _note_titles(ws)
    with window.session.gui_admin(timeout=5.0) as admin:
        assert admin.verify().ok
    window.lock()
    window.closer.wait(30)
    # The resolution travels: the laptop shows the kept version and no conflict.
    sync(team, lead)
    sync(team, laptop)
    assert titles(team, laptop)[note] == "Booth of Acme (laptop) | Brochures."
    with desk_of(team, laptop) as desk:
        assert desk.conflicts() == []
        assert desk.vault.verify().ok


def test_sync_on_unlock_runs_once_and_sync_on_lock_sends_before_closing(
    qtbot, window, tmp_path
) -> None:
    team = make_team(tmp_path, 1)
    lead, laptop = team.all
    add_note(team, laptop, "Written on the laptop", "")
    sync(team, laptop)
    close_all()
    _settings(team, on_unlock=True, on_lock=True)
    unlock(qtbot, window, lead, LEAD)
    ws = window.workspace
    runner = ws.sync_runner
    qtbot.waitUntil(lambda: runner.runs == 1 and not runner.running, timeout=30_000)
    qtbot.waitUntil(ws.notes.list_ready, timeout=15_000)
    assert "Written on the laptop" in _note_titles(ws)
    assert runner.auto(SyncTrigger.TIMER) is False
    assert runner.runs == 1  # no periodic sync asked for: the timer starts none
    # A note written now goes out with the sync on lock, before the vault closes.
    with window.session.gui(timeout=5.0) as desk:
        from datetime import datetime

        from influence_desk.desk import NoteDraft
        from influence_desk.model import NoteKind

        desk.add_note(NoteDraft(NoteKind.BOOTH, "Written by the lead", datetime(2026, 11, 21)))
    window.lock()
    assert window.workspace is None and window.unlock_page.isVisible()  # the screen at once
    assert window.closer.wait(30)
    got = sync(team, laptop)
    assert got.applied == 1
    assert "Written by the lead | " in titles(team, laptop).values()


def test_the_panel_says_when_a_photo_given_back_has_no_bytes_anywhere(
    qtbot, window, tmp_path
) -> None:
    # A removed person's removal of a photo is void, but the bundle that carried its bytes
    # is gone from the folder: the photo stays removed on Rafa's copy and the panel says so.
    team = make_team(tmp_path, 2)
    _note, _attachment, data = photo_removed_by_mira(team)
    assert delete_bundles_carrying(team, data) == 1
    sync(team, team.lead)
    rafa = team.laptops[0]
    _settings(team)
    unlock(qtbot, window, rafa, passphrase_for(team, rafa))
    ws = window.workspace
    page = _sync_tab(qtbot, ws)
    qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)
    _synced(qtbot, ws)
    assert ("Files a removed person had removed that could not come back here (no bundle of "
            "the folder holds them; attach them again from a copy that shows them): "
            "1.") in page.outcome.text().splitlines()  # fmt: skip
    assert "refused" not in page.outcome.text()


def test_an_auditors_panel_is_greyed_out_with_the_reason(qtbot, window, sample_vault) -> None:
    unlock(qtbot, window, sample_vault.path, sample_vault.auditor_passphrase)
    page = _sync_tab(qtbot, window.workspace)
    assert not page.body.isEnabled()
    assert page.reason.text() == "An auditor's copy is read-only and never syncs."
    assert page.runner.sync_now() is False


def test_the_settings_dialog_sets_automatic_sync_for_this_vault(qtbot, window, tmp_path) -> None:
    from PySide6.QtWidgets import QApplication

    team = make_team(tmp_path, 1)
    _settings(team, on_unlock=True, on_lock=True)
    unlock(qtbot, window, team.lead, LEAD)
    runner = window.workspace.sync_runner
    qtbot.waitUntil(lambda: runner.runs == 1 and not runner.running, timeout=30_000)
    vault_id = window.session.vault_id
    window.settings_action.trigger()
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if w.objectName() == "settingsDialog" and w.isVisible())  # fmt: skip
    box = dialog.sync_box
    assert box.isEnabled() and box.on_unlock.isChecked() and not box.periodic.isChecked()
    assert not box.minutes.isEnabled()
    assert box.note.text() == f"Sync folder: {team.folder}"
    box.on_unlock.setChecked(False)
    box.periodic.setChecked(True)
    box.minutes.setValue(5)
    box.on_lock.setChecked(False)
    dialog._accept()
    stored = SyncFolderMemory().get(vault_id)
    assert (stored.folder, stored.on_unlock, stored.every_minutes, stored.on_lock) == (
        team.folder, False, 5, False,
    )  # fmt: skip
    # Every 5 minutes: the sync on unlock was just now, so the timer's check starts none;
    # six minutes later it starts one (in a worker).
    synced = runner.last_sync()
    assert synced is not None
    assert runner.auto(SyncTrigger.TIMER) is False
    runner.clock = lambda: synced + timedelta(minutes=6)
    assert runner.auto(SyncTrigger.TIMER) is True
    qtbot.waitUntil(lambda: not runner.running, timeout=30_000)
    assert runner.runs == 2 and runner.last_error == ""
    assert runner.auto(SyncTrigger.TIMER) is False


def test_what_was_typed_during_a_sync_is_saved_before_notes_are_reread(
    qtbot, window, sample_vault
) -> None:
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    ws = window.workspace
    note = sample_vault.note_ids[0]
    ws.notes.select_note(note)
    qtbot.waitUntil(lambda: ws.editor.note_id == note)
    ws.editor.title_edit.selectAll()
    qtbot.keyClicks(ws.editor.title_edit, "Typed while the sync ran")
    ws.sync_page.changed.emit()  # what a sync that brought notes says when it is done
    assert ws.editor.title_edit.text() == "Typed while the sync ran"
    with window.session.gui(timeout=5.0) as desk:
        assert desk.note(note).note.title == "Typed while the sync ran"


def test_a_conflict_of_one_text_field_shows_its_field_and_keep_both(
    qtbot, window, sample_vault
) -> None:
    """A core that names each conflict's field (per-field conflicts) gets a Field column and
    Keep both texts for a text field; a whole-note conflict shows neither."""
    from influence_desk.sync.conflicts import Conflict, ConflictVersion

    versions = (
        ConflictVersion(7, "a" * 32, "key-a", "2026-11-20T14:00:00Z", False, "Mine", True),
        ConflictVersion(8, "b" * 32, "key-b", "2026-11-20T14:05:00Z", False, "Theirs", False),
    )
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    page = _sync_tab(qtbot, window.workspace)
    page.model.set_conflicts([Conflict("n1", 8, versions, "note")], {}, {})
    assert page.model.columnCount() == 7
    page.table.selectRow(0)
    assert not page.keep_both.isVisible()  # a delete against an edit: no two texts to keep
    page.model.set_conflicts([Conflict("n1", 8, versions, "body")], {}, {})
    assert page.model.columnCount() == 7
    assert page.model.headerData(5, Qt.Orientation.Horizontal) == "Field"
    assert page.model.index(0, 5).data() == "body"
    page.table.selectRow(1)
    assert page.keep_both.isVisible()


def test_a_sync_on_lock_that_does_not_end_is_cancelled_and_the_vault_still_closes(qtbot) -> None:
    """The deadline cancels the sync on lock (between bundles); the vault closes after it,
    and an unlock waiting for that close goes on."""
    from ui.sync_run import VaultCloser

    closed = threading.Event()

    class Session:
        def close(self) -> None:
            closed.set()

    def endless(_progress, cancel) -> None:  # a sync that would never finish on its own
        try:
            while not cancel.cancelled:
                cancel._event.wait(0.05)
        finally:
            Session().close()

    closer = VaultCloser(deadline_s=0.1)
    closer.close(Session(), endless)
    assert closer.closing
    qtbot.waitUntil(lambda: not closer.closing, timeout=20_000)  # the deadline's timer
    assert closed.is_set() and closer.wait(0)
    plain = threading.Event()

    class Plain:
        def close(self) -> None:
            plain.set()

    closer.close(Plain(), None)  # no sync on lock: closed at once, on the spot
    assert plain.is_set() and not closer.closing


def test_a_source_conflict_shows_its_pseudonym_and_never_the_identity(
    qtbot, window, tmp_path
) -> None:
    """Two copies changed one source's identity and its role: the Sync tab lists the source
    by pseudonym, the identity only as "identity (sealed)", and Keep theirs resolves it."""
    from dataclasses import replace

    from influence_desk.model import SourceIdentity

    name = "Ortrud Quellmalz"
    team = make_team(tmp_path, 1)
    lead, laptop = team.all
    with desk_of(team, lead) as desk:
        source_id = desk.register_source(SourceIdentity(name), "a consultant").id
        pseudonym = desk.source(source_id).pseudonym
    sync(team, lead)
    sync(team, laptop)
    for path, alias, role in ((lead, "Orti", "the lead's role"),
                              (laptop, "Trude", "the laptop's role")):  # fmt: skip
        with desk_of(team, path) as desk:
            source = replace(desk.source(source_id), role_description=role)
            desk.update_source(source, SourceIdentity(name, aliases=(alias,)))
    sync(team, laptop)
    close_all()
    _settings(team)
    unlock(qtbot, window, lead, LEAD)
    ws = window.workspace
    page = _sync_tab(qtbot, ws)
    page.sync_now()
    _synced(qtbot, ws)
    model = page.model
    assert model.rowCount() == 4  # two fields, two versions each
    assert page.conflicts_note.text().startswith("1 source was changed on two copies")
    cells = [model.index(r, c).data() or "" for r in range(4) for c in range(7)]
    assert f"Source {pseudonym}" in cells
    assert [model.index(r, 5).data() for r in range(4)] == ["role", "role", "identity",
                                                             "identity"]  # fmt: skip
    assert {model.index(r, 6).data() for r in (2, 3)} == {"identity (sealed)"}
    assert not any(secret in cell for cell in cells for secret in (name, "Orti", "Trude"))
    page.table.selectRow(2)
    qtbot.mouseClick(page.keep_theirs, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.loading, timeout=15_000)
    assert [model.index(r, 5).data() for r in range(model.rowCount())] == ["role", "role"]
    with window.session.gui_admin(timeout=5.0) as admin:
        assert admin.verify().ok
    window.lock()
    window.closer.wait(30)
    sync(team, lead)
    sync(team, laptop)
    with desk_of(team, laptop) as desk:
        assert [c.field for c in desk.conflicts()] == ["role"]
        assert desk.identity(source_id).aliases == ("Trude",)
        assert desk.vault.verify().ok
