"""One desktop session with marker strings, driven by tests/ui/test_marker_scan.py in a fresh
process whose HOME, TMPDIR and XDG folders are empty folders of that test (it then scans
them). Not collected on its own (the name does not start with test_).

The session: a vault whose one source's real name is NAME_MARKER; unlock; a note typed with
NOTE_MARKER and the name; a search for the marker; the name revealed; a team export with its
preview; lock; unlock again; close. Window titles are checked along the way.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from PySide6.QtCore import Qt
from uihelpers import confirm, wait_saved

from influence_desk import crypto
from influence_desk.desk import Desk
from influence_desk.model import OrgType, SourceIdentity
from influence_desk.vault.vault import Vault

NOTE_MARKER = "zirconquill7731marker"
NAME_MARKER = "Ottoline Wrexham-Szabo"
NAME_PART = "Wrexham"
PASSPHRASE = "marker session: amber willow gantry"
VAULT_ENV = "INFLUENCE_DESK_MARKER_VAULT"
EXPORT_ENV = "INFLUENCE_DESK_MARKER_EXPORT"


def _titles_clean(window) -> None:
    from PySide6.QtWidgets import QApplication

    for widget in [window, *QApplication.topLevelWidgets()]:
        title = widget.windowTitle()
        for marker in (NOTE_MARKER, NAME_PART):
            assert marker not in title, title


def session_window(qtbot):
    """The app's window as a person opens it (cheap key slots, no idle lock in the way)."""
    from ui.app import AppOptions, AppWindow

    window = AppWindow(
        AppOptions(kdf=crypto.floor_params, idle_lock_minutes=60, watch_system_lock=False)
    )
    qtbot.addWidget(window)
    window.resize(1300, 820)
    window.show()
    qtbot.waitExposed(window)
    return window


def unlock_by_typing(qtbot, window, vault_path: Path) -> None:
    """The passphrase typed and Return pressed; until the notes list is there."""
    window.show_unlock(vault_path)
    page = window.unlock_page
    page.passphrase.clear()
    qtbot.keyClicks(page.passphrase, PASSPHRASE)
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=30_000)
    qtbot.waitUntil(window.workspace.notes.list_ready, timeout=30_000)


def team_export(qtbot, ws, export_path: Path) -> None:
    """A team brief through the export dialog, to its preview."""
    ws.export_action.trigger()
    qtbot.waitUntil(lambda: ws.export_dialog is not None and ws.export_dialog.isVisible())
    dialog = ws.export_dialog
    keys = [dialog.profile_combo.itemData(i) for i in range(dialog.profile_combo.count())]
    dialog.profile_combo.setCurrentIndex(keys.index("team"))
    dialog.start_export(export_path)
    qtbot.waitUntil(lambda: not dialog.running, timeout=120_000)
    assert export_path.is_file() and dialog.preview_pages() > 0


def test_a_session_with_markers(qtbot, monkeypatch) -> None:
    # The app's own folders: where platformdirs puts them under this HOME and XDG_*.
    monkeypatch.delenv("INFLUENCE_DESK_CONFIG_DIR", raising=False)
    monkeypatch.delenv("INFLUENCE_DESK_DATA_DIR", raising=False)
    vault_path = Path(os.environ[VAULT_ENV])
    export_path = Path(os.environ[EXPORT_ENV])
    with Vault.create(vault_path, label="Alex", passphrase=PASSPHRASE,
                      kdf=crypto.floor_params()) as vault:  # fmt: skip
        desk = Desk(vault)
        org = desk.add_organisation("VoterGraph GmbH", OrgType.DATA_BROKER)
        desk.register_source(SourceIdentity(NAME_MARKER), "sales lead, data broker", org.id)

    window = session_window(qtbot)

    def unlock() -> None:
        unlock_by_typing(qtbot, window, vault_path)

    unlock()
    ws = window.workspace
    # Typing: a note whose title and body hold the marker and the source's real name.
    ws.notes.new_action.trigger()
    editor = ws.editor
    qtbot.keyClicks(editor.title_edit, f"Booth {NOTE_MARKER}")
    editor.body.setFocus()
    qtbot.keyClicks(editor.body, f"{NAME_MARKER} said {NOTE_MARKER} is their voter file.")
    wait_saved(qtbot, editor, timeout=30_000)
    _titles_clean(window)
    # Searching for it.
    qtbot.keyClicks(ws.search_edit, NOTE_MARKER)
    qtbot.waitUntil(lambda: ws.model.searching and ws.notes.search_idle(), timeout=30_000)
    assert ws.model.ids() == [editor.note_id]
    _titles_clean(window)
    # Revealing the source whose name is the marker.
    page = ws.sources_page
    ws.tabs.setCurrentWidget(page)
    page.table.selectRow(0)
    page.reveal_action.trigger()
    confirm(qtbot, page, "revealConfirm")
    assert page.reveal_name.text() == NAME_MARKER
    _titles_clean(window)
    # The export dialog, through to its preview.
    ws.tabs.setCurrentIndex(0)
    team_export(qtbot, ws, export_path)
    _titles_clean(window)
    # Lock, unlock, close.
    window.lock()
    assert window.session is None
    _titles_clean(window)
    unlock()
    window.close_vault()
    window.close()
    recent = Path(os.environ["XDG_CONFIG_HOME"]) / "influence-desk" / "recent.json"
    assert json.loads(recent.read_text())["vaults"] == [str(vault_path.resolve())]
