"""Undo and redo for redaction marks in the note text, in step with the text's own undo.

Marks live beside the text (BodyEdit keeps them as spans), so QTextDocument's undo stack
knows nothing of them and Ctrl+Z used to skip a mark just made. Each mark change is kept
here with the number of text undo steps at that moment; Ctrl+Z undoes the newest mark
change if no text edit came after it, and otherwise hands over to the text's own undo. A
mark change is always undone at the text state it was made in, so its spans fit the text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtGui import QTextDocument

from influence_desk.model import Mark


@dataclass(frozen=True)
class _Step:
    text_steps: int  # QTextDocument.availableUndoSteps() when the marks changed
    before: tuple[Mark, ...]
    after: tuple[Mark, ...]


class MarkHistory:
    def __init__(self, document: QTextDocument, apply: Callable[[tuple[Mark, ...]], None]) -> None:
        self._document = document
        self._apply = apply
        self._undo: list[_Step] = []
        self._redo: list[_Step] = []

    def clear(self) -> None:
        self._undo.clear()
        self._redo.clear()

    def record(self, before: Sequence[Mark], after: Sequence[Mark]) -> None:
        self._undo.append(
            _Step(self._document.availableUndoSteps(), tuple(before), tuple(after))
        )
        self._redo.clear()

    def text_edited(self) -> None:
        """Typing after an undo: what was undone cannot come back (as for the text)."""
        self._redo.clear()

    def _fresh(self, stack: list[_Step], steps: int) -> _Step | None:
        # Steps from a text state that is gone (its undo stack was cleared) are dropped.
        while stack and stack[-1].text_steps > self._document.availableUndoSteps() + steps:
            stack.pop()
        return stack[-1] if stack else None

    def can_undo(self) -> bool:
        top = self._fresh(self._undo, 0)
        return top is not None and top.text_steps == self._document.availableUndoSteps()

    def undo(self) -> bool:
        """Undo the newest mark change if it is the newest change; True if done."""
        if not self.can_undo():
            return False
        step = self._undo.pop()
        self._redo.append(step)
        self._apply(step.before)
        return True

    def redo(self) -> bool:
        top = self._redo[-1] if self._redo else None
        if top is None or top.text_steps != self._document.availableUndoSteps():
            return False
        self._redo.pop()
        self._undo.append(top)
        self._apply(top.after)
        return True
