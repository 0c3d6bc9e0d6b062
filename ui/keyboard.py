"""Keyboard traps taken out: lists that Tab leaves, a date field that Tab leaves, and a Kind
field that typing does not change behind the writer's back."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QDateTimeEdit, QToolTip, QWidget

_TABS = (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)


def leave_lists_by_tab(root: QWidget) -> None:
    """Tab in a list or table moves on to the next field instead of from cell to cell
    (which changed the open note and never let go); arrows still move in the list."""
    for view in root.findChildren(QAbstractItemView):
        view.setTabKeyNavigation(False)


class _TabLeaves(QObject):
    """Tab leaves a date field at once: its parts are typed (or moved with the arrows)
    rather than tabbed through one by one."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in _TABS
            and isinstance(watched, QWidget)
        ):
            forward = event.key() == Qt.Key.Key_Tab and not (
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            )
            _focus_next(watched, forward)
            return True
        return False


def _focus_next(widget: QWidget, forward: bool) -> None:
    """What Tab would do if the widget did not keep it: the tab order its window sets."""
    reason = Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason
    current: QWidget | None = widget
    for _ in range(500):
        if current is None:
            return
        current = current.nextInFocusChain() if forward else current.previousInFocusChain()
        if current is None or current is widget:
            return
        if widget.isAncestorOf(current) or not _takes_tab_focus(current):
            continue  # the edit's own line edit, hidden or disabled fields
        current.setFocus(reason)
        return


def _takes_tab_focus(widget: QWidget) -> bool:
    return (
        bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
        and widget.isVisibleTo(widget.window())
        and widget.isVisible()
        and widget.isEnabled()
        and widget.focusProxy() is None
    )


def tab_leaves_date(edit: QDateTimeEdit) -> None:
    edit.installEventFilter(_TabLeaves(edit))


class _TypingDoesNotChoose(QObject):
    """A closed, non-editable combo box picks the first entry matching a typed letter: text
    meant for the title or the body changed the note's kind without a sign. Here letters
    do nothing but say how to choose; arrows, Alt+Down, F4 and Space still choose."""

    def __init__(self, combo: QComboBox, hint: str) -> None:
        super().__init__(combo)
        self.combo = combo
        self.hint = hint
        self.hinted = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            plain = not (
                event.modifiers()
                & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
            )
            if plain and event.text().strip() and event.text().isprintable():
                self.hinted = True
                below = self.combo.mapToGlobal(QPoint(0, self.combo.height()))
                QToolTip.showText(below, self.hint, self.combo)
                return True
        elif kind == QEvent.Type.Wheel and not self.combo.hasFocus():
            return True  # scrolling the editor past it does not change it either
        return False


def typing_does_not_choose(combo: QComboBox, hint: str) -> None:
    combo.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    combo.installEventFilter(_TypingDoesNotChoose(combo, hint))
