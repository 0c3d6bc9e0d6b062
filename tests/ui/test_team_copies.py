"""A lead's team work in the app (issue 15): a copy for another laptop made from the Sync tab
(in a worker; it opens with a member's own passphrase and holds the notes), refused to a
researcher with the reason; the same person registered on two copies offered in the Sources
tab after a sync, by pseudonym and role only, and merged from there into one source that
holds the notes of both."""

from __future__ import annotations

import sys
import threading
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sync"))

from sync_team import (
    LEAD,
    RAFA,
    Team,
    add_note,
    close_all,
    desk_of,
    make_team,
    sync,
)
from uihelpers import confirm, confirmation, unlock

from influence_desk.desk import Desk, NoteDraft
from influence_desk.model import NoteKind, SourceIdentity
from influence_desk.sync_settings import SyncFolderMemory, SyncFolderSettings
from influence_desk.vault.vault import Vault


@pytest.fixture(autouse=True)
def _close_replicas():
    yield
    close_all()


def _sync_tab(qtbot, ws):
    ws.view_actions[6].trigger()
    page = ws.sync_page
    qtbot.waitUntil(lambda: not page.loading, timeout=15_000)
    return page


def _use_folder(team: Team) -> None:
    with desk_of(team, team.lead) as desk:
        vault_id = str(desk.vault.vault_id)
    close_all()  # the window opens the vault itself
    SyncFolderMemory().set(
        vault_id,
        SyncFolderSettings(team.folder, on_unlock=False, every_minutes=None, on_lock=False),
    )


def test_the_lead_makes_a_copy_that_opens_with_a_members_passphrase(
    qtbot, window, tmp_path
) -> None:
    team = make_team(tmp_path, 0)
    add_note(team, team.lead, "Booth of Acme", "Brochures on the table.")
    _use_folder(team)
    unlock(qtbot, window, team.lead, LEAD)
    maker = _sync_tab(qtbot, window.workspace).replica
    assert maker.make_button.isEnabled()
    # Refused with one sentence, nothing written: a folder with something in it, the
    # sync folder (a sync tool would carry a live database).
    (tmp_path / "stick").mkdir()
    (tmp_path / "stick" / "photo.jpg").write_bytes(b"x")
    assert maker.make_copy(str(tmp_path / "stick")) is False
    assert maker.message.text().startswith("That folder is not empty")
    assert maker.make_copy(str(team.folder)) is False
    assert maker.message.text().startswith("A copy cannot go inside the vault or its sync")
    assert sorted(p.name for p in (tmp_path / "stick").iterdir()) == ["photo.jpg"]

    handover = tmp_path / "for-rafa"
    handover.mkdir()
    threads: list[bool] = []
    real = Desk.make_replica

    def watched(self, *args, **kwargs):
        threads.append(threading.current_thread() is threading.main_thread())
        return real(self, *args, **kwargs)

    Desk.make_replica = watched  # type: ignore[method-assign]
    try:
        assert maker.make_copy(str(handover)) is True
        qtbot.waitUntil(lambda: not maker.running, timeout=30_000)
    finally:
        Desk.make_replica = real  # type: ignore[method-assign]
    assert threads == [False]  # in a worker, never on the GUI thread
    copy = handover / "team.idvault"
    said = maker.message.text()
    assert said.startswith(f"The copy is ready in {copy}.")
    assert "their own passphrase" in said
    assert [p.name for p in handover.iterdir()] == ["team.idvault"]
    window.lock()
    window.closer.wait(30)
    with Vault.open(copy, RAFA) as vault:  # a member's own passphrase
        desk = Desk(vault)
        assert [desk.note(n).note.title for n in desk.note_ids()] == ["Booth of Acme"]
        assert vault.verify().ok


def test_a_cancelled_copy_leaves_nothing_behind(qtbot, window, tmp_path) -> None:
    team = make_team(tmp_path, 0)
    _use_folder(team)
    unlock(qtbot, window, team.lead, LEAD)
    maker = _sync_tab(qtbot, window.workspace).replica
    handover = tmp_path / "stick"
    handover.mkdir()
    real = Desk.make_replica

    def cancelled_meanwhile(self, *args, cancel=None, **kwargs):
        assert cancel is not None
        cancel.cancel()  # as Cancel copy does while the database is copied
        return real(self, *args, cancel=cancel, **kwargs)

    Desk.make_replica = cancelled_meanwhile  # type: ignore[method-assign]
    try:
        assert maker.make_copy(str(handover)) is True
        qtbot.waitUntil(lambda: not maker.running, timeout=30_000)
    finally:
        Desk.make_replica = real  # type: ignore[method-assign]
    assert maker.message.text() == "Cancelled; no copy was made."
    assert list(handover.iterdir()) == []
    assert maker.make_button.isEnabled()


def test_a_researcher_cannot_make_a_copy_and_is_told_why(qtbot, window, tmp_path) -> None:
    team = make_team(tmp_path, 1)
    close_all()
    unlock(qtbot, window, team.laptops[0], RAFA)
    maker = _sync_tab(qtbot, window.workspace).replica
    assert maker.make_button.isVisible() and not maker.make_button.isEnabled()
    assert maker.make_button.toolTip() == (
        "Only a lead can make a copy for another laptop; ask your lead."
    )
    (tmp_path / "empty").mkdir()
    assert maker.make_copy(str(tmp_path / "empty")) is False
    assert list((tmp_path / "empty").iterdir()) == []


def test_an_auditor_sees_the_copy_greyed_out_with_the_reason(qtbot, window, sample_vault) -> None:
    unlock(qtbot, window, sample_vault.path, sample_vault.auditor_passphrase)
    maker = _sync_tab(qtbot, window.workspace).replica
    assert not maker.make_button.isEnabled()
    assert maker.make_button.toolTip() == (
        "An auditor's copy is read-only; only a lead makes copies."
    )


def _register(team: Team, path: Path, name: str, role: str, title: str) -> str:
    with desk_of(team, path) as desk:
        source = desk.register_source(SourceIdentity(name), role)
        draft = NoteDraft(NoteKind.INTERVIEW, title, datetime(2026, 11, 21, 10),
                          body="Said so.", source_ids=(source.id,))  # fmt: skip
        desk.add_note(draft)
        return source.id


def test_a_person_registered_on_two_copies_is_merged_from_the_sources_tab(
    qtbot, window, tmp_path
) -> None:
    team = make_team(tmp_path, 1)
    laptop = team.laptops[0]
    _register(team, team.lead, "Jonas Lindqvist", "lobbyist", "Lobby lunch")
    _register(team, laptop, "Jonas Lindqvist", "booth host", "Fair booth")
    sync(team, laptop)
    _use_folder(team)
    unlock(qtbot, window, team.lead, LEAD)
    ws = window.workspace
    bar = ws.sources_page.duplicates
    qtbot.waitUntil(lambda: not bar.checking, timeout=15_000)
    assert not bar.isVisibleTo(ws.sources_page)  # one source here before the sync
    page = _sync_tab(qtbot, ws)
    page.sync_now()
    qtbot.waitUntil(lambda: not ws.sync_runner.running, timeout=30_000)
    qtbot.waitUntil(lambda: not bar.checking and bar.pairs != [], timeout=15_000)
    ws.view_actions[1].trigger()
    assert bar.isVisible()
    assert bar.label.text() == "1 person may be registered twice, for example on two laptops."
    qtbot.mouseClick(bar.review_button, Qt.MouseButton.LeftButton)
    dialog = bar.dialog
    assert dialog is not None and dialog.isVisible()
    (pair,) = dialog.model.pairs
    shown = [dialog.model.index(0, c).data() for c in range(2)]
    assert {s.split(" — ")[1] for s in shown} == {"lobbyist · 1 note", "booth host · 1 note"}
    texts = " ".join([*shown, dialog.keep_first.text(), dialog.keep_again.text()])
    assert "Jonas" not in texts and "Lindqvist" not in texts  # pseudonyms, never the name
    # The one registered again stays this time; the first becomes its alias.
    dialog.keep_again.setChecked(True)
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    box = confirmation(qtbot, dialog, "mergeConfirm")
    assert box.text() == f"Merge {pair.survivor} into {pair.other}?"
    assert box.informativeText().startswith(
        f"{pair.other} keeps its pseudonym; {pair.survivor} becomes its alias and its 1 "
        "note follows."
    )
    confirm(qtbot, dialog, "mergeConfirm")
    qtbot.waitUntil(lambda: not dialog.busy_now, timeout=30_000)
    assert dialog.message.text().startswith(f"{pair.survivor} merged into {pair.other}")
    assert dialog.model.rowCount() == 0
    qtbot.waitUntil(lambda: not bar.checking, timeout=15_000)
    assert not bar.isVisibleTo(ws.sources_page)
    sources = ws.sources_page.model
    assert [sources.index(r, 0).data() for r in range(sources.rowCount())] == [pair.other]
    assert sources.index(0, 4).data() == "2"
    with window.session.gui(timeout=5.0) as desk:
        (kept,) = desk.sources()
        linked = [desk.note(n) for n in desk.note_ids()]
        assert {n.note.title for n in linked} == {"Lobby lunch", "Fair booth"}
        assert all(n.explicit_source_ids == (kept.id,) for n in linked)
        assert desk.vault.verify().ok
