"""Helpers for the GUI tests: a small vault built through the core, and unlocking."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from influence_desk import crypto
from influence_desk.desk import Desk, NoteDraft
from influence_desk.model import EventKind, NoteKind, OrgType, Role, SourceIdentity
from influence_desk.vault.vault import Vault

PASSPHRASE = "lantern orchard velvet compass"
AUDITOR_PASSPHRASE = "granite meadow saffron tide"


@dataclass
class SampleVault:
    path: Path
    passphrase: str
    auditor_passphrase: str
    note_ids: list[str]
    source_pseudonym: str


def make_vault(folder: Path, *, notes: int = 3, auditor: bool = False) -> SampleVault:
    """A small vault built through the core, with cheap key slots."""
    vault = Vault.create(
        folder / "field-notes", label="Alex", passphrase=PASSPHRASE, kdf=crypto.floor_params()
    )
    try:
        desk = Desk(vault)
        event = desk.add_event(EventKind.TRADE_FAIR, "PolitTech Expo", city="Berlin")
        org = desk.add_organisation("VoterGraph GmbH", OrgType.DATA_BROKER)
        source = desk.register_source(
            SourceIdentity("Miriam Kessler", aliases=("Mimi",)), "sales lead, data broker", org.id
        )
        ids = []
        for i in range(notes):
            view = desk.add_note(
                NoteDraft(
                    NoteKind.BOOTH,
                    f"Booth visit {i}",
                    datetime(2026, 3, 10, 10, 30) + timedelta(hours=i),
                    body=f"Miriam Kessler showed the turnout model number {i}.",
                    event_id=event.id,
                    organisation_ids=(org.id,),
                    tags=("method:micro-targeting",),
                )
            )
            ids.append(view.note.id)
        if auditor:
            vault.add_slot(Role.AUDITOR, "Audrey", AUDITOR_PASSPHRASE, kdf=crypto.floor_params())
        return SampleVault(vault.path, PASSPHRASE, AUDITOR_PASSPHRASE, ids, source.pseudonym)
    finally:
        vault.close()


def unlock(qtbot, win, path: Path, passphrase: str) -> None:
    """Type the passphrase on the unlock screen and wait for the workspace."""
    win.show_unlock(path)
    page = win.unlock_page
    page.passphrase.clear()
    qtbot.keyClicks(page.passphrase, passphrase)
    qtbot.mouseClick(page.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.workspace is not None, timeout=15_000)
    qtbot.waitUntil(win.workspace.notes.list_ready, timeout=15_000)


def select_text(edit, needle: str) -> None:
    """Select the first occurrence of ``needle`` in a QPlainTextEdit (BMP text only)."""
    start = edit.toPlainText().index(needle)
    cursor = edit.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len(needle), QTextCursor.MoveMode.KeepAnchor)
    edit.setTextCursor(cursor)


def wait_saved(qtbot, editor, timeout: int = 5_000) -> None:
    """Until autosave has stored everything typed."""
    qtbot.waitUntil(lambda: not editor.dirty and not editor.autosave.isActive(), timeout=timeout)


def confirmation(qtbot, parent, name: str):
    """The open confirmation box ``name`` (ui/confirm.py) under ``parent``."""
    from PySide6.QtWidgets import QMessageBox

    def shown() -> list:
        return [b for b in parent.findChildren(QMessageBox, name) if b.isVisible()]

    qtbot.waitUntil(lambda: len(shown()) == 1)
    return shown()[0]


def confirm(qtbot, parent, name: str) -> None:
    """Choose the action's own button in the confirmation ``name``."""
    from PySide6.QtWidgets import QPushButton

    box = confirmation(qtbot, parent, name)
    box.findChild(QPushButton, "confirmAction").click()


def open_export_dialog(qtbot, win):
    """File › Export, waited for until the dialog shows."""
    ws = win.workspace
    ws.export_action.trigger()
    qtbot.waitUntil(lambda: ws.export_dialog is not None and ws.export_dialog.isVisible())
    return ws.export_dialog


def choose_data(combo, key: str) -> None:
    """Select the item of ``combo`` whose data is ``key``."""
    keys = [combo.itemData(i) for i in range(combo.count())]
    combo.setCurrentIndex(keys.index(key))
