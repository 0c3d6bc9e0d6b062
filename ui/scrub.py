"""Forget what a subtree of widgets shows: on lock, nothing of a note may stay in a widget,
an item model, a completer or an undo stack (the widgets are deleted afterwards, but Qt
deletes later, and memory is not wiped by deletion alone)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from PySide6.QtCore import QAbstractItemModel, QObject, QSortFilterProxyModel, QStringListModel
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextBrowser,
    QTextEdit,
    QWidget,
)


def scrub_models(root: QObject) -> None:
    for model in [root, *root.findChildren(QAbstractItemModel)]:
        if not isinstance(model, QAbstractItemModel) or isinstance(model, QSortFilterProxyModel):
            continue  # a proxy empties with its source
        if isinstance(model, QStandardItemModel):
            model.clear()
        elif isinstance(model, QStringListModel):
            model.setStringList([])
        else:
            clear = getattr(model, "clear", None)
            if callable(clear):
                with contextlib.suppress(RuntimeError, TypeError):
                    clear()


def scrub_widgets(root: QWidget) -> None:
    """Empty every text field, label, list and combo box under ``root`` (and ``root``)."""
    for widget in [root, *root.findChildren(QWidget)]:
        # Quietly: nothing may react to the emptying (an autosave of an empty note, a search).
        with _silenced(widget):
            _scrub_one(widget)
    scrub_models(root)


@contextlib.contextmanager
def _silenced(widget: QWidget) -> Iterator[None]:
    blocked = widget.blockSignals(True)
    try:
        yield
    finally:
        widget.blockSignals(blocked)


def _scrub_one(widget: QWidget) -> None:
    if isinstance(widget, QLineEdit):
        widget.setText("")  # unlike clear(), setText also drops the undo history
    elif isinstance(widget, QPlainTextEdit | QTextEdit | QTextBrowser):
        document = widget.document()
        document.clear()
        document.clearUndoRedoStacks()
    elif isinstance(widget, QLabel | QComboBox):
        widget.clear()
