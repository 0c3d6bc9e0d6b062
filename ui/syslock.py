"""Lock the vault when the screen locks or the computer suspends, where the platform says so.

On Linux, systemd-logind announces both on the system bus: ``Session.Lock`` on the session
object (``loginctl lock-session``, most lock screens) and ``Manager.PrepareForSleep(true)``
before a suspend or hibernation; its ``LockedHint`` property turns true when a lock screen
shows. Desktop screen savers also say ``ActiveChanged(true)`` on the session bus (KDE and
others as org.freedesktop.ScreenSaver, GNOME as org.gnome.ScreenSaver). Without a bus (a
container, Windows, macOS) nothing is subscribed and ``status`` says what is missing.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from PySide6.QtCore import SLOT, QObject, Signal, Slot

from ui.i18n import translate as _t

LOGIN1 = "org.freedesktop.login1"
LOGIN1_PATH = "/org/freedesktop/login1"
SESSION_PREFIX = "/org/freedesktop/login1/session/"
SCREEN_SAVERS = (
    ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver"),
    ("org.freedesktop.ScreenSaver", "/ScreenSaver", "org.freedesktop.ScreenSaver"),
    ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver"),
)


def _slot(signature: str) -> Any:
    """A slot for QDBusConnection.connect (PySide6 wants SLOT()'s string, its stubs say bytes)."""
    return SLOT(signature)


def bus_path_label(text: str) -> str:
    """sd-bus's escaping of a session id for an object path ("2" -> "_32")."""
    if not text:
        return "_"
    out = []
    for i, char in enumerate(text):
        plain = char.isascii() and char.isalnum() and not (i == 0 and char.isdigit())
        out.append(char if plain else "".join(f"_{b:02x}" for b in char.encode()))
    return "".join(out)


class SystemLockWatcher(QObject):
    """Emits ``lock_requested`` with a reason ("screen" or "sleep")."""

    lock_requested = Signal(str)

    def __init__(self, parent: QObject | None = None, *, system_bus=None, session_bus=None) -> None:
        super().__init__(parent)
        self._system_bus = system_bus
        self._session_bus = session_bus
        self.session_path = ""
        self.watching: list[str] = []  # what is subscribed, for the settings and tests
        self.status = ""
        self._bus: Any = None  # the system bus once logind is watched
        self._armed = False
        self._inhibitor: Any = None  # logind's "delay" lock: sleep waits until we locked
        self._pending: Any = None

    # --- subscribing -------------------------------------------------------------------

    def start(self) -> None:
        if not sys.platform.startswith("linux") and self._system_bus is None:
            self.status = _t(
                "syslock",
                "This system does not report screen locks or suspend to Influence Desk: "
                "lock with Ctrl+L, or rely on the idle timer.",
            )
            return
        try:
            from PySide6.QtDBus import QDBusConnection
        except ImportError:
            self.status = _t(
                "syslock",
                "Qt's D-Bus module is missing: the vault locks on Ctrl+L and after idle only.",
            )
            return
        system = self._system_bus if self._system_bus is not None else QDBusConnection.systemBus()
        session = (
            self._session_bus if self._session_bus is not None else QDBusConnection.sessionBus()
        )
        if system.isConnected():
            self._watch_login1(system)
        if session.isConnected():
            for service, path, interface in SCREEN_SAVERS:
                if session.connect(service, path, interface, "ActiveChanged", self,
                                   _slot("_screen_saver(bool)")):  # fmt: skip
                    self.watching.append(f"{service}{path}")
        if any(w.startswith("login1") for w in self.watching):
            self.status = _t(
                "syslock", "Locks when the screen locks and before the computer suspends."
            )
        elif self.watching:
            self.status = _t(
                "syslock",
                "Locks when the screen saver starts; suspend is not reported (no system bus).",
            )
        else:
            self.status = _t(
                "syslock",
                "No system bus here, so screen locks and suspend are not reported: the "
                "vault locks on Ctrl+L and after idle only.",
            )

    def _watch_login1(self, bus) -> None:
        if bus.connect(LOGIN1, LOGIN1_PATH, "org.freedesktop.login1.Manager", "PrepareForSleep",
                       self, _slot("_preparing_for_sleep(bool)")):  # fmt: skip
            self.watching.append("login1:PrepareForSleep")
            self._bus = bus
            if self._armed:
                self._take_delay_lock()
        path = self._session_object(bus)
        if not path:
            return
        self.session_path = path
        if bus.connect(LOGIN1, path, "org.freedesktop.login1.Session", "Lock", self,
                       _slot("_session_lock()")):  # fmt: skip
            self.watching.append("login1:Lock")
        if bus.connect(LOGIN1, path, "org.freedesktop.DBus.Properties", "PropertiesChanged",
                       self, _slot("_session_properties(QString,QVariantMap)")):  # fmt: skip
            self.watching.append("login1:LockedHint")

    def _session_object(self, bus) -> str:
        session_id = os.environ.get("XDG_SESSION_ID", "")
        if session_id:
            return SESSION_PREFIX + bus_path_label(session_id)
        try:
            from PySide6.QtDBus import QDBusMessage

            call = QDBusMessage.createMethodCall(
                LOGIN1, LOGIN1_PATH, "org.freedesktop.login1.Manager", "GetSessionByPID"
            )
            call.setArguments([os.getpid()])
            reply = bus.call(call, timeout=500)
            ok = reply.type() == QDBusMessage.MessageType.ReplyMessage
            args = reply.arguments() if ok else []
        except Exception:
            return ""
        if not args:
            return ""
        value = args[0]
        path = value.path() if hasattr(value, "path") else str(value)
        return path if path.startswith(SESSION_PREFIX) else ""

    # --- holding the suspend back until the vault is locked ------------------------------

    def arm(self, vault_open: bool) -> None:
        """While a vault is open, logind is asked (a "delay" inhibitor) to wait for us before
        it suspends, so the lock really happens before the lid closes; released at lock."""
        self._armed = vault_open
        if vault_open:
            self._take_delay_lock()
        else:
            self._release_delay_lock()

    @property
    def delaying_sleep(self) -> bool:
        return self._inhibitor is not None

    def _take_delay_lock(self) -> None:
        if self._bus is None or self._inhibitor is not None or self._pending is not None:
            return
        try:
            from PySide6.QtDBus import QDBusMessage, QDBusPendingCallWatcher

            call = QDBusMessage.createMethodCall(
                LOGIN1, LOGIN1_PATH, "org.freedesktop.login1.Manager", "Inhibit"
            )
            call.setArguments(
                ["sleep", "Influence Desk", "Lock the open vault before sleeping", "delay"]
            )
            watcher = QDBusPendingCallWatcher(self._bus.asyncCall(call, 2000), self)
        except Exception:
            return
        self._pending = watcher
        watcher.finished.connect(self._delay_lock_answered)

    def _delay_lock_answered(self, watcher) -> None:
        self._pending = None
        try:
            reply = watcher.reply()
            args = reply.arguments() if not watcher.isError() else []
        except Exception:
            args = []
        finally:
            watcher.deleteLater()
        if args and self._armed:
            self._inhibitor = args[0]  # a file descriptor: logind waits while it is open

    def _release_delay_lock(self) -> None:
        inhibitor, self._inhibitor = self._inhibitor, None
        if inhibitor is not None and hasattr(inhibitor, "swap"):
            from PySide6.QtDBus import QDBusUnixFileDescriptor

            inhibitor.swap(QDBusUnixFileDescriptor())  # closes our copy of the descriptor

    # --- signals -----------------------------------------------------------------------

    @Slot()
    def _session_lock(self) -> None:
        self.lock_requested.emit("screen")

    @Slot(bool)
    def _preparing_for_sleep(self, going: bool) -> None:
        if going:
            self.lock_requested.emit("sleep")
            self._release_delay_lock()  # locked: the computer may sleep now
        elif self._armed:
            self._take_delay_lock()

    @Slot(bool)
    def _screen_saver(self, active: bool) -> None:
        if active:
            self.lock_requested.emit("screen")

    @Slot(str, "QVariantMap")
    def _session_properties(self, interface: str, changed: dict) -> None:
        if interface == "org.freedesktop.login1.Session" and changed.get("LockedHint") is True:
            self.lock_requested.emit("screen")
