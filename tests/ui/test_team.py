"""People with access: a lead adds a person (who then unlocks with their role), removes
them (their passphrase stops working), rekeys; anyone changes their own passphrase; the
list is read-only for everyone else."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from uihelpers import confirm, confirmation, unlock

from influence_desk.errors import WrongPassphrase
from influence_desk.model import Role
from influence_desk.passphrase_policy import REFUSAL
from influence_desk.vault.vault import Vault

SAM = "quartz lantern hollow brisk"


def _people(page) -> list[str]:
    return [page.model.index(r, 0).data() for r in range(page.model.rowCount())]


def _wait_idle(qtbot, page) -> None:
    qtbot.waitUntil(lambda: not page.busy_now, timeout=20_000)


def test_a_lead_adds_and_removes_a_person(qtbot, window, sample_vault, monkeypatch) -> None:
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    ws = window.workspace
    ws.view_actions[4].trigger()
    page = ws.team_page
    assert page.isVisible() and page.is_lead
    assert _people(page) == ["Alex (you)", "Audrey"]
    assert page.warning.isVisible() and "does not take back" in page.warning.text()

    page.add_action.trigger()
    dialog = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "addPersonDialog")
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData(Role.RESEARCHER))
    dialog.label_edit.setText("Sam")
    dialog.passphrase.first.setText("short")
    dialog.passphrase.repeat.setText("short")
    dialog.buttons.accepted.emit()
    assert dialog.isVisible() and dialog.message.text() == REFUSAL  # the CLI's sentence
    dialog.passphrase.first.setText(SAM)
    dialog.passphrase.repeat.setText(SAM)
    dialog.buttons.accepted.emit()
    assert not dialog.isVisible()
    _wait_idle(qtbot, page)
    assert "Sam" in _people(page)
    sam = next(s for s in page.model.slots if s.label == "Sam")
    assert sam.role is Role.RESEARCHER and sam.added_by == "Alex"

    # Sam unlocks with their own passphrase, as a researcher.
    window.lock()
    unlock(qtbot, window, sample_vault.path, SAM)
    assert window.session.role is Role.RESEARCHER and window.session.can_write
    page = window.workspace.team_page
    window.workspace.view_actions[4].trigger()
    assert not page.is_lead
    assert not page.add_action.isEnabled() and not page.remove_action.isEnabled()
    assert not page.rekey_action.isEnabled() and page.passphrase_action.isEnabled()
    window.lock()

    # The lead removes Sam; Sam's passphrase no longer opens the vault.
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    page = window.workspace.team_page
    window.workspace.view_actions[4].trigger()
    page.table.selectRow([s.label for s in page.model.slots].index("Sam"))
    assert page.remove_action.isEnabled()

    def confirm(box: QMessageBox) -> None:
        assert "does not take back" in box.informativeText()
        box.button(QMessageBox.StandardButton.Cancel)  # it is there, but we mean it
        remove = next(b for b in box.buttons()
                      if box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole)  # fmt: skip
        remove.click()

    monkeypatch.setattr(QMessageBox, "open", lambda box: confirm(box))
    page.remove_action.trigger()
    _wait_idle(qtbot, page)
    assert "Sam" not in _people(page)
    assert "Rekey" in page.message.text()
    window.lock()
    with pytest.raises(WrongPassphrase):
        Vault.open(sample_vault.path, SAM)


def test_a_lead_rekeys_and_everyone_keeps_access(qtbot, window, sample_vault, monkeypatch) -> None:
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    page = window.workspace.team_page
    window.workspace.view_actions[4].trigger()
    page.rekey_action.trigger()
    box = confirmation(qtbot, page, "rekeyConfirm")  # Cancel the default: Enter rekeys nothing
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    confirm(qtbot, page, "rekeyConfirm")
    _wait_idle(qtbot, page)
    assert "new data key" in page.message.text()
    window.lock()
    with Vault.open(sample_vault.path, sample_vault.auditor_passphrase) as vault:
        assert vault.verify().ok


def test_anyone_changes_their_own_passphrase(qtbot, window, sample_vault) -> None:
    unlock(qtbot, window, sample_vault.path, sample_vault.auditor_passphrase)
    page = window.workspace.team_page
    window.workspace.view_actions[4].trigger()
    assert not page.is_lead and page.passphrase_action.isEnabled()
    page.passphrase_action.trigger()
    dialog = next(
        w for w in QApplication.topLevelWidgets() if w.objectName() == "changePassphraseDialog"
    )
    dialog.current.setText("not my passphrase at all")
    dialog.passphrase.first.setText(SAM)
    dialog.passphrase.repeat.setText(SAM)
    dialog.buttons.accepted.emit()
    _wait_idle(qtbot, page)
    assert "not your current passphrase" in page.message.text()

    page.passphrase_action.trigger()
    dialog = next(
        w for w in QApplication.topLevelWidgets()
        if w.objectName() == "changePassphraseDialog" and w.isVisible()
    )  # fmt: skip
    dialog.current.setText(sample_vault.auditor_passphrase)
    dialog.passphrase.first.setText(SAM)
    dialog.passphrase.repeat.setText(SAM)
    dialog.buttons.accepted.emit()
    assert dialog.current.text() == "" and dialog.passphrase.first.text() == ""  # wiped
    _wait_idle(qtbot, page)
    assert "was changed" in page.message.text()
    window.lock()
    with pytest.raises(WrongPassphrase):
        Vault.open(sample_vault.path, sample_vault.auditor_passphrase)
    with Vault.open(sample_vault.path, SAM) as vault:
        assert vault.role is Role.AUDITOR
