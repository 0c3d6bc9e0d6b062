"""Who owns which key: every shortcut of a window (actions, QShortcuts, buttons) and every
Alt mnemonic of its menus and form labels, so clashes can be found (tests do, per language).

Two actions on one key make Qt call the key ambiguous and do nothing at all; two mnemonics on
one letter make Alt+letter land on whichever Qt finds first ("Art" instead of "Ansicht")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QLabel, QMenuBar, QToolButton, QWidget

_MNEMONIC = re.compile(r"&(?!&)(.)")


@dataclass(frozen=True)
class KeyOwner:
    keys: str  # portable text, e.g. "Ctrl+Shift+N"
    what: str  # the action's or button's text, without "&"


def mnemonic(text: str) -> str | None:
    """The Alt letter of "&File" (f), None for "Events && organisations"."""
    found = _MNEMONIC.search(text.replace("&&", ""))
    return found.group(1).casefold() if found else None


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def key_owners(window: QWidget) -> list[KeyOwner]:
    """Every key bound in the window and its children, visible or not (a page's actions
    count while another page shows: they are one tab away), each action once. Buttons
    count only while visible: Qt ignores a hidden button's shortcut."""
    owners: list[KeyOwner] = []
    seen: set[int] = set()
    for action in window.findChildren(QAction):
        if id(action) in seen:
            continue
        seen.add(id(action))
        for seq in action.shortcuts():
            if not seq.isEmpty():
                owners.append(KeyOwner(seq.toString(), _plain(action.text())))
    for shortcut in window.findChildren(QShortcut):
        keys = shortcut.keys()  # a QShortcut's key list, not a dict's
        owners += [
            KeyOwner(s.toString(), shortcut.objectName() or "shortcut")
            for s in keys
            if not s.isEmpty()
        ]
    for button in window.findChildren(QAbstractButton):
        seq = button.shortcut()
        from_action = isinstance(button, QToolButton) and button.defaultAction() is not None
        # A mnemonic (&Save) is a shortcut too, but those are checked as mnemonics.
        mnemonic_only = seq == QKeySequence.mnemonic(button.text())
        if button.isVisible() and not seq.isEmpty() and not from_action and not mnemonic_only:
            owners.append(KeyOwner(seq.toString(), _plain(button.text())))
    return owners


def key_clashes(owners: list[KeyOwner]) -> dict[str, list[str]]:
    by_key: dict[str, list[str]] = {}
    for owner in owners:
        by_key.setdefault(owner.keys, []).append(owner.what)
    return {k: v for k, v in by_key.items() if len(v) > 1}


def visible_mnemonics(window: QWidget) -> list[tuple[str, str]]:
    """(letter, text) of the top-level menus and of the visible labels that name a field."""
    found: list[tuple[str, str]] = []
    bar = window.findChild(QMenuBar)
    if bar is not None:
        for action in bar.actions():
            letter = mnemonic(action.text())
            if letter and action.isVisible():
                found.append((letter, _plain(action.text())))
    for label in window.findChildren(QLabel):
        letter = mnemonic(label.text())
        if letter and label.buddy() is not None and label.isVisible():
            found.append((letter, _plain(label.text())))
    return found


def mnemonic_clashes(found: list[tuple[str, str]]) -> dict[str, list[str]]:
    by_letter: dict[str, list[str]] = {}
    for letter, text in found:
        by_letter.setdefault(letter, []).append(text)
    return {k: v for k, v in by_letter.items() if len(v) > 1}
