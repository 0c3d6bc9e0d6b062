"""The keyboard on the Notes tab: Tab leaves the list, Tab follows the form, typing on Kind
does not change the kind, every listed shortcut reaches its action and no two actions share
a key, and Alt letters do not clash, in English and in German."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from uihelpers import unlock, wait_saved

from influence_desk import crypto
from influence_desk.model import NoteKind


def _new_window(qtbot):
    from ui.app import AppOptions, AppWindow

    win = AppWindow(
        AppOptions(kdf=crypto.floor_params, idle_lock_minutes=60, watch_system_lock=False)
    )
    qtbot.addWidget(win)
    win.resize(1300, 820)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    return win


def _open_note(qtbot, win, note_id: str):
    ws = win.workspace
    ws.notes.select_note(note_id)
    qtbot.waitUntil(lambda: ws.editor.note_id == note_id)
    return ws


def _press(qtbot, widget: QWidget, keys: QKeySequence | str) -> None:
    combo = QKeySequence(keys)[0]
    qtbot.keyClick(widget, combo.key(), combo.keyboardModifiers())


def test_tab_leaves_the_notes_list_without_changing_the_open_note(
    qtbot, window, sample_vault
) -> None:
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    ws = _open_note(qtbot, window, sample_vault.note_ids[1])
    ws.table.setFocus()
    qtbot.waitUntil(ws.table.hasFocus)
    for _ in range(3):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    focus = QApplication.focusWidget()
    assert focus is not ws.table and not ws.table.isAncestorOf(focus)
    assert ws.editor.note_id == sample_vault.note_ids[1]
    qtbot.keyClick(ws.table, Qt.Key.Key_Backtab)  # and back out the other way
    assert QApplication.focusWidget() is not ws.table


def test_tab_follows_the_form_and_typing_on_kind_does_not_change_it(
    qtbot, window, sample_vault
) -> None:
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    ws = _open_note(qtbot, window, sample_vault.note_ids[0])
    ed = ws.editor
    ed.title_edit.setFocus()
    qtbot.waitUntil(ed.title_edit.hasFocus)
    expected = [ed.kind_combo, ed.when_edit, ed.now_button, ed.event_edit, ed.orgs_edit,
                ed.sources_edit, ed.tags_edit, ed.summary_edit, ed.body]  # fmt: skip
    visited = []
    for _ in expected:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
    assert visited == expected

    ed.title_edit.setFocus()
    qtbot.keyClick(ed.title_edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is ed.kind_combo
    qtbot.keyClicks(ed.kind_combo, "Desk note, then more")  # meant for somewhere else
    assert ed.kind_combo.currentData() == NoteKind.BOOTH
    wait_saved(qtbot, ed)
    with ws.session.gui() as desk:
        assert desk.note(sample_vault.note_ids[0]).note.kind == NoteKind.BOOTH
    qtbot.keyClick(ed.kind_combo, Qt.Key.Key_Down)  # a deliberate choice still works
    assert ed.kind_combo.currentData() != NoteKind.BOOTH


class _Catch(QObject):
    """Takes the shortcut event meant for an action, so the action does not run."""

    def __init__(self) -> None:
        super().__init__()
        self.caught: list[QObject] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Shortcut:
            self.caught.append(watched)
            return True
        return False


def test_no_two_actions_share_a_key(qtbot, window, sample_vault) -> None:
    from ui.shortcuts import key_clashes, key_owners

    assert key_clashes(key_owners(window)) == {}  # the welcome screen
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    _open_note(qtbot, window, sample_vault.note_ids[0])
    owners = key_owners(window)
    assert len(owners) > 25  # actions of every tab, not only the Notes tab's
    assert key_clashes(owners) == {}


def test_every_listed_shortcut_reaches_its_action_from_the_notes_tab(
    qtbot, window, sample_vault
) -> None:
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    ws = _open_note(qtbot, window, sample_vault.note_ids[0])
    listed: list[QAction] = [a for a in window.all_actions() if not a.shortcut().isEmpty()]
    assert any(a.shortcut() == QKeySequence("Ctrl+Shift+N") for a in listed)
    catch = _Catch()
    for action in listed:
        action.installEventFilter(catch)
    try:
        for start in (ws.table, ws.editor.body):
            for action in listed:
                if not action.isEnabled():
                    continue
                start.setFocus()
                catch.caught.clear()
                _press(qtbot, start, action.shortcut())
                assert catch.caught == [action], action.text()
    finally:
        for action in listed:
            action.removeEventFilter(catch)


def test_ctrl_shift_n_registers_a_source_from_the_notes_tab(qtbot, window, sample_vault) -> None:
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    ws = _open_note(qtbot, window, sample_vault.note_ids[0])
    assert ws.tabs.currentIndex() == 0
    ws.table.setFocus()
    _press(qtbot, ws.table, "Ctrl+Shift+N")

    from ui.dialogs import SourceDialog

    def dialog():
        return next(
            (w for w in QApplication.topLevelWidgets()
             if isinstance(w, SourceDialog) and w.isVisible()), None,
        )  # fmt: skip

    qtbot.waitUntil(lambda: dialog() is not None)
    dialog().reject()


@pytest.fixture(params=["en", "de"])
def language(request) -> Iterator[str]:
    from ui.i18n import apply_language

    apply_language(request.param)
    yield request.param
    apply_language("en")


def test_alt_letters_do_not_clash_and_reach_their_field(qtbot, language, sample_vault) -> None:
    from ui.shortcuts import mnemonic, mnemonic_clashes, visible_mnemonics

    win = _new_window(qtbot)
    unlock(qtbot, win, sample_vault.path, sample_vault.passphrase)
    ws = _open_note(qtbot, win, sample_vault.note_ids[0])
    found = visible_mnemonics(win)
    menus = {text for _letter, text in found}
    assert ("Ansicht" if language == "de" else "View") in menus
    assert mnemonic_clashes(found) == {}
    # Alt+letter of each field label goes to its field (in German Alt+A was "Art", not
    # the menu "Ansicht"; now Art is Alt+R).
    for label in ws.editor.findChildren(QLabel):
        letter = mnemonic(label.text())
        if not letter or label.buddy() is None or not label.isVisible():
            continue
        ws.table.setFocus()
        qtbot.keyClick(ws.table, letter, Qt.KeyboardModifier.AltModifier)
        assert QApplication.focusWidget() is label.buddy(), label.text()
    win.close()


def test_tab_goes_round_the_window_in_reading_order(qtbot, window, sample_vault) -> None:
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    ws = _open_note(qtbot, window, sample_vault.note_ids[0])
    ws.tabs.tabBar().setFocus()
    qtbot.waitUntil(ws.tabs.tabBar().hasFocus)
    filters = ws.notes.filters  # between the list's head and the list (Clear: no filter yet)
    expected = [ws.search_edit, ws.lock_button, ws.sidebar, ws.notes.list.new_button,
                filters.toggle, filters.save_button, ws.table,
                ws.editor.fields.title_edit]  # fmt: skip
    visited = []
    for _ in expected:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
    assert visited == expected


def test_settings_dialog_alt_letters_do_not_clash(qtbot, language) -> None:
    from ui.shortcuts import mnemonic_clashes, visible_mnemonics

    win = _new_window(qtbot)
    win.settings_action.trigger()
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if w.objectName() == "settingsDialog" and w.isVisible())  # fmt: skip
    found = visible_mnemonics(dialog)
    assert len(found) >= 4
    assert mnemonic_clashes(found) == {}
    dialog.reject()
    win.close()
