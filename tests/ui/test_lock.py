"""Locking: idle (with a mocked clock, through an open modal dialog), screen lock and sleep
over D-Bus; after a lock nothing of the vault is left in any widget, model, undo stack or on
the clipboard; unlocking returns to the same note. The clipboard rules."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator

import pytest
from PySide6.QtCore import ClassInfo, QAbstractItemModel, QObject, Qt, QTimer, Slot
from PySide6.QtDBus import QDBusUnixFileDescriptor
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from uihelpers import select_text, unlock, wait_saved

from influence_desk import crypto

TYPED = "The vendor quoted a retainer of 40k"  # typed into the note, then locked away
IN_DIALOG = "Hidden Summit Zurich"  # typed into a dialog that the lock must close


class FakeClock:
    def __init__(self) -> None:
        self.now = 10_000.0

    def __call__(self) -> float:
        return self.now


def _secrets(sample) -> list[str]:
    return [
        "Booth visit", "turnout", "Miriam", "Kessler", "Mimi", "PolitTech", "VoterGraph",
        sample.source_pseudonym, TYPED, IN_DIALOG, "retainer",
    ]  # fmt: skip


def _pages(win) -> tuple[QWidget, ...]:
    return (win.welcome, win.create_page, win.unlock_page)


def _inside(widget: QWidget | None, roots: tuple[QWidget, ...]) -> bool:
    while widget is not None:
        if widget in roots:
            return True
        widget = widget.parentWidget()
    return False


def _model_texts(model: QAbstractItemModel) -> Iterator[str]:
    for row in range(min(model.rowCount(), 200)):
        for column in range(model.columnCount()):
            value = model.index(row, column).data()
            if value is not None:
                yield str(value)


def assert_nothing_left(win, sample) -> None:
    """Every widget in the application: no vault content in any text, label, list or undo
    stack; every item model outside the welcome, create and unlock pages is empty."""
    secrets = _secrets(sample)
    pages = _pages(win)

    def clean(text: str, where: QWidget) -> None:
        for secret in secrets:
            assert secret not in text, (secret, type(where).__name__, where.objectName())

    for widget in QApplication.allWidgets():
        if isinstance(widget, QLineEdit):
            clean(widget.text(), widget)
            assert not widget.isUndoAvailable() and not widget.isRedoAvailable(), widget
        elif isinstance(widget, QPlainTextEdit | QTextEdit):
            clean(widget.toPlainText(), widget)
            document = widget.document()
            assert not document.isUndoAvailable() and not document.isRedoAvailable(), widget
        elif isinstance(widget, QLabel):
            clean(widget.text(), widget)
        elif isinstance(widget, QComboBox):
            clean(" ".join(widget.itemText(i) for i in range(widget.count())), widget)
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            clean(" ".join(_model_texts(model)), widget)
            if not _inside(widget, pages) and widget.isVisible():
                assert model.rowCount() == 0, widget.objectName()
        clean(widget.toolTip(), widget)
        clean(widget.windowTitle(), widget)
    for model in win.findChildren(QAbstractItemModel):
        parent = model.parent()
        if isinstance(parent, QWidget) and _inside(parent, pages):
            continue
        if model.rowCount() > 0:
            clean(" ".join(_model_texts(model)), win)
    visible_dialogs = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()
    ]
    assert visible_dialogs == []


@pytest.fixture
def clocked_window(qtbot) -> Iterator:
    from ui.app import AppOptions, AppWindow

    clock = FakeClock()
    win = AppWindow(
        AppOptions(kdf=crypto.floor_params, idle_lock_minutes=5, clock=clock,
                   watch_system_lock=False)
    )  # fmt: skip
    qtbot.addWidget(win)
    win.resize(1300, 820)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    win.fake_clock = clock
    yield win
    win.close()


def test_idle_lock_through_a_modal_dialog_leaves_nothing_behind(
    qtbot, clocked_window, sample_vault
) -> None:
    win, clock = clocked_window, clocked_window.fake_clock
    unlock(qtbot, win, sample_vault.path, sample_vault.passphrase)
    ws = win.workspace
    note_id = sample_vault.note_ids[1]
    ws.notes.select_note(note_id)
    qtbot.waitUntil(lambda: ws.editor.note_id == note_id)
    editor = ws.editor
    editor.body.setFocus()
    editor.body.moveCursor(editor.body.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor.body, " " + TYPED)  # an undo stack full of note text
    wait_saved(qtbot, editor)
    assert editor.body.document().isUndoAvailable()
    qtbot.keyClicks(ws.search_edit, "turnout")  # results, snippets, a search box with text
    qtbot.waitUntil(lambda: ws.model.searching and ws.notes.search_idle(), timeout=5_000)
    ws.tabs.setCurrentWidget(ws.history_page)  # the history lists note titles
    qtbot.waitUntil(lambda: ws.history_page.model.rowCount() > 0)
    ws.tabs.setCurrentIndex(0)
    select_text(editor.body, "turnout")
    editor.body.copy()
    assert "turnout" in QGuiApplication.clipboard().text()

    # Four minutes of activity keep it open; then five idle minutes pass while a modal
    # dialog waits in its own event loop, half filled in.
    clock.now += 4 * 60
    qtbot.keyClick(ws.table, "a")
    win.idle.check()
    assert win.session is not None
    seen: list[bool] = []

    def idle_inside_the_dialog() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, QDialog) and w.isVisible())  # fmt: skip
        dialog.name.setText(IN_DIALOG)
        clock.now += 5 * 60 + 1
        win.idle.timer.timeout.emit()  # the timer looking again: time is up
        seen.append(win.session is None)

    vault = win.session.vault
    QTimer.singleShot(50, idle_inside_the_dialog)
    ws.reference_page.edit_event(None)  # EventDialog.exec(): returns once the lock rejected it
    assert seen == [True]
    assert not vault.is_open
    assert win.workspace is None and win.stack.currentWidget() is win.unlock_page
    assert "without input" in win.unlock_page.message.text()
    assert win.unlock_page.lock_icon.isVisible()
    assert QGuiApplication.clipboard().text() == ""
    assert_nothing_left(win, sample_vault)  # before Qt deleted anything: scrubbed, not hidden
    qtbot.wait(50)  # and once the deferred deletions ran
    assert_nothing_left(win, sample_vault)

    # Unlocking returns to the same note, and nothing of the event dialog was saved.
    unlock(qtbot, win, sample_vault.path, sample_vault.passphrase)
    ws = win.workspace
    qtbot.waitUntil(lambda: ws.editor.note_id == note_id, timeout=5_000)
    assert TYPED in ws.editor.body.toPlainText()
    assert all(e.name != IN_DIALOG for e in ws.catalog.events)
    assert win.unlock_page.passphrase.text() == ""
    assert not win.unlock_page.passphrase.isUndoAvailable()


def test_lock_now_closes_every_dialog_and_the_export(qtbot, window, sample_vault) -> None:
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    ws = window.workspace
    ws.open_export()
    ws.team_page.change_passphrase()
    qtbot.waitUntil(lambda: ws.export_dialog is not None and ws.export_dialog.isVisible())
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None)
    dialog = QApplication.activeModalWidget()
    assert dialog is not window
    qtbot.keyClicks(dialog.current, "half a passphrase")  # typing in the modal dialog
    qtbot.keyClick(dialog.current, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.session is None
    assert [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QDialog) and w.isVisible()] == []  # fmt: skip
    assert_nothing_left(window, sample_vault)


# --- screen lock and sleep over D-Bus --------------------------------------------------------


@pytest.fixture
def private_bus() -> Iterator[str]:
    """A throwaway message bus standing in for the system and session buses."""
    # scripts/bootstrap.sh installs it (package dbus-daemon): missing is a setup failure.
    assert shutil.which("dbus-daemon"), "dbus-daemon is missing; run scripts/test to set up"
    proc = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        address = proc.stdout.readline().strip()
        assert address, "dbus-daemon did not start"
        yield address
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@ClassInfo({"D-Bus Interface": "org.freedesktop.login1.Manager"})
class FakeLogind(QObject):
    """logind's Manager.Inhibit: hands out a descriptor, as the real one does."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[str, str]] = []
        self.read_end, self.write_end = os.pipe()

    @Slot(str, str, str, str, result=QDBusUnixFileDescriptor)
    def Inhibit(self, what: str, _who: str, _why: str, mode: str) -> QDBusUnixFileDescriptor:
        self.calls.append((what, mode))
        return QDBusUnixFileDescriptor(self.write_end)


@pytest.mark.parametrize("signal", ["sleep", "session-lock", "screensaver"])
def test_screen_lock_and_suspend_lock_the_vault(
    qtbot, sample_vault, private_bus, monkeypatch, signal
) -> None:
    from PySide6.QtDBus import QDBusConnection, QDBusMessage

    from ui.app import AppOptions, AppWindow

    monkeypatch.setenv("XDG_SESSION_ID", "c7")
    bus = QDBusConnection.connectToBus(private_bus, f"watched-{signal}")
    logind = QDBusConnection.connectToBus(private_bus, f"logind-{signal}")
    manager = FakeLogind()
    assert logind.registerObject(
        "/org/freedesktop/login1", manager, QDBusConnection.RegisterOption.ExportAllSlots
    )
    assert logind.registerService("org.freedesktop.login1")
    assert logind.registerService("org.gnome.ScreenSaver")
    win = AppWindow(
        AppOptions(kdf=crypto.floor_params, idle_lock_minutes=60, system_bus=bus,
                   session_bus=bus)
    )  # fmt: skip
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: bool(win.system_lock.watching))
    assert win.system_lock.session_path == "/org/freedesktop/login1/session/c7"
    assert not win.system_lock.delaying_sleep  # nothing to protect yet
    unlock(qtbot, win, sample_vault.path, sample_vault.passphrase)
    # While a vault is open, logind is asked to hold a suspend until the vault is locked.
    qtbot.waitUntil(lambda: win.system_lock.delaying_sleep, timeout=5_000)
    assert manager.calls == [("sleep", "delay")]
    held_fd = win.system_lock._inhibitor.fileDescriptor()
    if signal == "sleep":
        message = QDBusMessage.createSignal(
            "/org/freedesktop/login1", "org.freedesktop.login1.Manager", "PrepareForSleep"
        )
        message.setArguments([True])
    elif signal == "session-lock":
        message = QDBusMessage.createSignal(
            "/org/freedesktop/login1/session/c7", "org.freedesktop.login1.Session", "Lock"
        )
    else:
        message = QDBusMessage.createSignal(
            "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver", "ActiveChanged"
        )
        message.setArguments([True])
    assert logind.send(message)
    qtbot.waitUntil(lambda: win.session is None, timeout=5_000)
    assert win.stack.currentWidget() is win.unlock_page
    assert not win.system_lock.delaying_sleep  # locked: the computer may sleep
    with pytest.raises(OSError):
        os.fstat(held_fd)  # our copy of logind's descriptor is closed
    win.close()
    os.close(manager.read_end)
    os.close(manager.write_end)
    QDBusConnection.disconnectFromBus(f"watched-{signal}")
    QDBusConnection.disconnectFromBus(f"logind-{signal}")


def test_without_a_bus_the_settings_say_what_is_not_watched(qtbot, monkeypatch) -> None:
    from PySide6.QtDBus import QDBusConnection

    from ui.syslock import SystemLockWatcher

    nowhere = QDBusConnection.connectToBus("unix:path=/nonexistent/bus", "no-bus")
    watcher = SystemLockWatcher(system_bus=nowhere, session_bus=nowhere)
    watcher.start()
    assert watcher.watching == []
    assert "Ctrl+L" in watcher.status and "idle" in watcher.status
    QDBusConnection.disconnectFromBus("no-bus")


# --- clipboard -------------------------------------------------------------------------------


def _copy_from_note(qtbot, ws, needle: str) -> None:
    ws.editor.body.setFocus()
    select_text(ws.editor.body, needle)
    ws.editor.body.copy()


def test_note_text_on_the_clipboard_is_marked_secret_and_cleared_if_unchanged(
    qtbot, window, sample_vault
) -> None:
    from ui.clipboard import HINT

    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    ws = window.workspace
    ws.notes.select_note(sample_vault.note_ids[0])
    qtbot.waitUntil(lambda: ws.editor.note_id == sample_vault.note_ids[0])
    clipboard = QGuiApplication.clipboard()
    guard = window.clipboard_guard

    _copy_from_note(qtbot, ws, "turnout model")
    assert clipboard.text() == "turnout model"
    assert bytes(clipboard.mimeData().data(HINT)) == b"secret"  # clipboard managers: skip it
    assert guard.timer.isActive() and guard.timer.interval() == 10_000
    guard.timer.timeout.emit()  # ten seconds later
    assert clipboard.text() == ""

    # Copied from a note, then the user copies something else elsewhere: left alone.
    _copy_from_note(qtbot, ws, "turnout model")
    other = QLineEdit("a shopping list")  # another window, not ours
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    other.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is other)
    other.selectAll()
    other.copy()
    assert not clipboard.mimeData().hasFormat(HINT)
    guard.timer.timeout.emit()
    assert clipboard.text() == "a shopping list"

    # A checkpoint is meant to travel: copied as it is, not cleared.
    window.activateWindow()
    ws.history_page.copy_current_checkpoint()
    checkpoint = clipboard.text()
    assert checkpoint.count(":") == 1 and not clipboard.mimeData().hasFormat(HINT)
    guard.timer.timeout.emit()
    assert clipboard.text() == checkpoint


def test_the_clipboard_is_cleared_on_lock_and_on_exit(qtbot, window, sample_vault) -> None:
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    ws = window.workspace
    ws.notes.select_note(sample_vault.note_ids[0])
    qtbot.waitUntil(lambda: ws.editor.note_id == sample_vault.note_ids[0])
    _copy_from_note(qtbot, ws, "turnout")
    window.lock()
    assert QGuiApplication.clipboard().text() == ""
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    ws = window.workspace
    qtbot.waitUntil(lambda: ws.editor.note_id == sample_vault.note_ids[0])
    _copy_from_note(qtbot, ws, "turnout")
    window.close()
    assert QGuiApplication.clipboard().text() == ""


def test_lock_saves_what_was_typed_even_while_a_worker_holds_the_vault(
    qtbot, window, sample_vault
) -> None:
    import threading

    from influence_desk.desk import Desk
    from influence_desk.vault.vault import Vault

    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    ws = window.workspace
    note_id = sample_vault.note_ids[0]
    ws.notes.select_note(note_id)
    qtbot.waitUntil(lambda: ws.editor.note_id == note_id)
    ws.editor.body.setFocus()
    ws.editor.body.moveCursor(ws.editor.body.textCursor().MoveOperation.End)
    qtbot.keyClicks(ws.editor.body, " Typed just before the lock.")
    assert ws.editor.dirty  # not saved yet: autosave waits for a pause
    session = window.session
    held, release = threading.Event(), threading.Event()

    def worker() -> None:  # a long job (an export, a verify) holding the vault
        with session.lock:
            held.set()
            release.wait(10)

    thread = threading.Thread(target=worker)
    thread.start()
    held.wait(5)
    threading.Timer(0.3, release.set).start()
    window.lock()
    thread.join(10)
    assert window.session is None
    with Vault.open(sample_vault.path, sample_vault.passphrase) as vault:
        assert "Typed just before the lock." in Desk(vault).note(note_id).note.body
