"""What the editor's place shows while no note is open: first steps on an empty vault, a
hint otherwise; never a greyed-out empty form."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import translate as _tr
from ui.widgets import heading, muted, with_shortcut


@dataclass(frozen=True)
class Step:
    """One first step: what to do, why, and the action that does it."""

    action: QAction
    why: str


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").removesuffix("…")


class FirstSteps(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstSteps")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 24, 24, 24)
        self.title = heading("", 1.3)
        self.title.setObjectName("firstStepsTitle")
        self.intro = muted()
        outer.addWidget(self.title)
        outer.addWidget(self.intro)
        self.grid = QGridLayout()
        self.grid.setVerticalSpacing(10)
        self.grid.setHorizontalSpacing(12)
        self.grid.setColumnStretch(1, 1)
        outer.addLayout(self.grid)
        self.tip = muted()
        outer.addWidget(self.tip)
        outer.addStretch(1)
        self.buttons: list[QPushButton] = []
        self._steps: list[Step] = []
        self._rows: list[tuple[QPushButton, QLabel]] = []
        self._empty = True
        self._writable = True

    def set_steps(self, steps: Sequence[Step], writable: bool) -> None:
        self._steps = list(steps)
        self._writable = writable
        for button, label in self._rows:
            button.deleteLater()
            label.deleteLater()
        self._rows = []
        for row, step in enumerate(self._steps):
            button = QPushButton(_plain(step.action.text()))
            shortcut = step.action.shortcut()
            button.setToolTip(
                with_shortcut(
                    step.action.toolTip() or button.text(),
                    shortcut if not shortcut.isEmpty() else None,
                )
            )
            button.clicked.connect(step.action.trigger)
            button.setEnabled(step.action.isEnabled())
            step.action.changed.connect(lambda b=button, a=step.action: b.setEnabled(a.isEnabled()))
            label = muted(step.why)
            label.setBuddy(button)
            self.grid.addWidget(button, row, 0)
            self.grid.addWidget(label, row, 1)
            self._rows.append((button, label))
        self.buttons = [b for b, _ in self._rows]
        self._update()

    def set_empty(self, empty: bool) -> None:
        if empty != self._empty:
            self._empty = empty
            self._update()

    def _update(self) -> None:
        empty, writable = self._empty, self._writable
        if empty and writable:
            self.title.setText(self.tr("First steps in this vault"))
            self.intro.setText(
                self.tr("Nothing is in it yet. Everything you add stays encrypted on this "
                        "computer; names of registered sources become pseudonyms as you save.")
            )  # fmt: skip
        elif empty:
            self.title.setText(self.tr("This vault has no notes yet"))
            self.intro.setText(self.tr("Notes appear here as the team writes them."))
        else:
            self.title.setText(self.tr("No note open"))
            self.intro.setText(
                self.tr("Select a note in the list, or start a new one.")
                if writable else self.tr("Select a note in the list to read it.")
            )  # fmt: skip
        for i, (button, label) in enumerate(self._rows):
            shown = writable and (empty or i == 0)  # a new note is always worth offering
            button.setVisible(shown)
            label.setVisible(shown)
        self.tip.setText(
            self.tr("Ctrl+L locks the vault when you step away; it also locks itself when idle.")
            if empty else ""
        )  # fmt: skip
        self.tip.setVisible(empty)


class EditorArea(QStackedWidget):
    """The editor while a note is open (or a new one is being written), else first steps."""

    def __init__(self, editor: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.steps = FirstSteps()
        self.addWidget(self.steps)
        self.addWidget(editor)
        self.setCurrentWidget(self.steps)

    def show_note(self, open_: bool) -> None:
        self.setCurrentWidget(self.editor if open_ else self.steps)


def workspace_steps(ws) -> list[Step]:  # ui.workspace.Workspace (not imported: no cycle)
    """The first steps, in the order a new researcher needs them; the first one (a new note)
    is offered whenever no note is open."""
    return [
        Step(ws.notes.new_action, _tr("FirstSteps", "Write down what you saw or heard; it is "
                                                    "saved as you type.")),
        Step(ws.notes.booth_action, _tr("FirstSteps", "At a fair: a note with the prompts of "
                                                      "a booth visit.")),
        Step(ws.sources_page.add_action, _tr("FirstSteps", "Register the people you talk to: "
                                             "their names become pseudonyms in every note.")),
        Step(ws.notes.import_action, _tr("FirstSteps", "Bring notes you already have (JSON "
                                                       "lines, CSV, Markdown, REFI-QDA).")),
    ]  # fmt: skip


def whole_vault(note_filter: object) -> bool:
    """The list shows every note (no filter narrows it), so an empty list is an empty vault."""
    from influence_desk.desk import NoteFilter

    return note_filter is None or note_filter == NoteFilter()
