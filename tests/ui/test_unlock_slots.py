"""Unlocking says which key it is trying and can be cancelled; the slot that opened the vault
on this computer goes first next time; new passphrases meet the core's policy, refused in
the same sentence the CLI prints.

Derivations are held at a gate (``crypto.derive_passphrase_key`` wrapped), so the test
decides when each one finishes instead of racing it.
"""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from influence_desk import crypto
from influence_desk.local_settings import SlotMemory
from influence_desk.passphrase_policy import REFUSAL

REAL_DERIVE = crypto.derive_passphrase_key


class Gate:
    """Each derivation waits until the test lets one through."""

    def __init__(self) -> None:
        self.passes = threading.Semaphore(0)
        self.started = 0
        self.finished = 0

    def __call__(self, passphrase: str, params: crypto.KdfParams) -> bytes:
        self.started += 1
        assert self.passes.acquire(timeout=60), "the test never let the derivation through"
        try:
            return REAL_DERIVE(passphrase, params)
        finally:
            self.finished += 1

    def let_through(self, count: int = 1) -> None:
        for _ in range(count):
            self.passes.release()


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch):
    held = Gate()
    monkeypatch.setattr(crypto, "derive_passphrase_key", held)
    yield held
    held.let_through(10)  # never leave a worker waiting


def _type_and_unlock(qtbot, window, path, passphrase: str):
    window.show_unlock(path)
    page = window.unlock_page
    qtbot.keyClicks(page.passphrase, passphrase)
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    return page


def test_unlock_names_each_key_it_tries_and_remembers_the_one_that_fitted(
    qtbot, window, sample_vault, gate
) -> None:
    page = _type_and_unlock(qtbot, window, sample_vault.path, sample_vault.auditor_passphrase)
    qtbot.waitUntil(lambda: page.busy.label.text() == "Trying Alex’s key… 1 of 2")
    assert page.cancel_button.isVisible() and not page.unlock_button.isEnabled()
    gate.let_through()
    qtbot.waitUntil(lambda: page.busy.label.text() == "Trying Audrey’s key… 2 of 2")
    gate.let_through()
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=15_000)
    assert gate.started == 2
    # Next time on this computer, Audrey's slot is tried first: one derivation.
    window.lock()
    started = gate.started
    page = _type_and_unlock(qtbot, window, sample_vault.path, sample_vault.auditor_passphrase)
    qtbot.waitUntil(lambda: page.busy.label.text() == "Trying Audrey’s key… 1 of 2")
    gate.let_through()
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=15_000)
    assert gate.started - started == 1
    import json

    vault_id = json.loads((sample_vault.path / "vault.json").read_text())["vault_id"]
    assert SlotMemory().slot_for(vault_id) is not None


def test_cancel_returns_at_once_and_the_late_result_is_dropped(
    qtbot, window, sample_vault, gate
) -> None:
    page = _type_and_unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    qtbot.waitUntil(lambda: gate.started == 1)
    assert page.cancel_button.isVisible()
    assert page.cancel_button.shortcut() == QKeySequence(Qt.Key.Key_Escape)  # Esc, while busy
    assert page.back_button.shortcut().isEmpty()
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    assert not page.busy.isVisible()
    assert "cancelled" in page.message.text()
    assert page.passphrase.isEnabled() and page.unlock_button.isEnabled()
    assert window.stack.currentWidget() is page
    # The derivation the worker was in finishes (it fits), but nothing is opened.
    gate.let_through()
    qtbot.waitUntil(lambda: gate.finished == 1)
    qtbot.wait(200)
    assert window.workspace is None and window.session is None
    # Trying again works, and the vault was not left locked by the abandoned attempt.
    page.passphrase.clear()
    qtbot.keyClicks(page.passphrase, sample_vault.passphrase)
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    gate.let_through()
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=15_000)


def test_a_wrong_passphrase_tries_each_key_once_then_says_so(
    qtbot, window, sample_vault, gate
) -> None:
    page = _type_and_unlock(qtbot, window, sample_vault.path, "not anyone's passphrase here")
    gate.let_through(2)
    qtbot.waitUntil(page.message.isVisible, timeout=15_000)
    assert gate.started == 2
    assert "passphrase does not open this vault" in page.message.text()


def test_create_refuses_a_guessable_passphrase_with_the_cli_sentence(
    qtbot, window, tmp_path
) -> None:
    window.show_create()
    page = window.create_page
    page.folder_edit.setText(str(tmp_path))  # not ~/Documents: it need not exist here
    qtbot.keyClicks(page.name_edit, "fair-research")
    qtbot.keyClicks(page.label_edit, "Lena")
    for edit in (page.pass_edit, page.repeat_edit):
        qtbot.keyClicks(edit, "12345678")
    qtbot.keyClick(page.repeat_edit, Qt.Key.Key_Return)
    assert page.message.text() == REFUSAL
    assert not page.create_button.isEnabled()
    for edit in (page.pass_edit, page.repeat_edit):
        edit.clear()
        qtbot.keyClicks(edit, "quiet lantern orchard fog")
    page._estimate()
    assert page.create_button.isEnabled()


def test_people_dialogs_refuse_a_guessable_passphrase_with_the_cli_sentence(qtbot) -> None:
    from ui.team import AddPersonDialog, ChangePassphraseDialog

    add = AddPersonDialog(set())
    qtbot.addWidget(add)
    add.show()
    add.label_edit.setText("Sam")
    add.passphrase.first.setText("12345678")
    add.passphrase.repeat.setText("12345678")
    add._accept()
    assert add.message.text() == REFUSAL and add.result() == 0
    change = ChangePassphraseDialog()
    qtbot.addWidget(change)
    change.show()
    change.current.setText("my current words are these")
    change.passphrase.first.setText("password1")
    change.passphrase.repeat.setText("password1")
    change._accept()
    assert change.message.text() == REFUSAL
