"""Unlock a vault: one passphrase field; the key derivation runs in a worker."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QKeySequence,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from influence_desk.vault.layout import display_name
from ui.welcome import _centred, _short
from ui.widgets import BusyRow, InlineMessage, eye_icon, heading, muted, with_shortcut


def padlock(colour: QColor, hole: QColor, size: int) -> QPixmap:
    """A closed padlock in the theme's accent colour (no icon font or file needed)."""
    from PySide6.QtCore import QRectF
    from PySide6.QtWidgets import QApplication

    ratio = QApplication.primaryScreen().devicePixelRatio() if QApplication.primaryScreen() else 1
    pixmap = QPixmap(int(size * ratio), int(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = float(size)
    pen = QPen(colour, s * 0.11)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    shackle = QPainterPath()
    shackle.moveTo(s * 0.30, s * 0.48)
    shackle.lineTo(s * 0.30, s * 0.32)
    shackle.arcTo(QRectF(s * 0.30, s * 0.10, s * 0.40, s * 0.44), 180, -180)
    shackle.lineTo(s * 0.70, s * 0.48)
    painter.drawPath(shackle)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawRoundedRect(QRectF(s * 0.16, s * 0.44, s * 0.68, s * 0.50), s * 0.08, s * 0.08)
    hole = QColor((colour.lightness() > 128 and "#202020") or "#ffffff")
    painter.setBrush(hole)
    painter.drawEllipse(QRectF(s * 0.45, s * 0.58, s * 0.10, s * 0.10))
    painter.drawRect(QRectF(s * 0.475, s * 0.64, s * 0.05, s * 0.14))
    painter.end()
    return pixmap


class UnlockPage(QWidget):
    unlock_requested = Signal(Path, str)
    back_requested = Signal()
    cancel_requested = Signal()  # while deriving: stop between slots, drop the late result

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unlock")
        self.path: Path | None = None
        inner = QWidget()
        column = QVBoxLayout(inner)
        column.setSpacing(10)
        self.lock_icon = QLabel()
        self.lock_icon.setObjectName("lockIcon")
        self.lock_icon.setAccessibleName(self.tr("Locked"))
        self.lock_icon.hide()
        column.addWidget(self.lock_icon)
        self.title = heading(self.tr("Unlock"))
        column.addWidget(self.title)
        self.where = muted(wrap=True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.where)
        column.addSpacing(6)

        self.demo_hint = QLabel()
        self.demo_hint.setWordWrap(True)
        self.demo_hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.demo_hint.hide()
        column.addWidget(self.demo_hint)

        pass_label = QLabel(self.tr("&Passphrase"))
        column.addWidget(pass_label)
        row = QHBoxLayout()
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(self.tr("Passphrase"))
        self.passphrase.setMinimumWidth(320)
        self.passphrase.returnPressed.connect(self._unlock)
        self.passphrase.textEdited.connect(self._edited)
        pass_label.setBuddy(self.passphrase)
        self.show_action = QAction(self.tr("Show passphrase"), self.passphrase)
        self.show_action.setCheckable(True)
        self._set_eye(shown=False)
        self.show_action.toggled.connect(self._toggle_echo)
        self.passphrase.addAction(self.show_action, QLineEdit.ActionPosition.TrailingPosition)
        self.unlock_button = QPushButton(self.tr("&Unlock"))
        self.unlock_button.setDefault(True)
        self.unlock_button.setToolTip(with_shortcut(self.tr("Unlock the vault"), "Return"))
        self.unlock_button.clicked.connect(self._unlock)
        row.addWidget(self.passphrase, 1)
        row.addWidget(self.unlock_button)
        column.addLayout(row)

        self.message = InlineMessage()
        self.message.setObjectName("unlockMessage")
        self.busy = BusyRow()
        column.addWidget(self.message)
        column.addWidget(self.busy)
        column.addSpacing(12)
        back_row = QHBoxLayout()
        self.back_button = QPushButton(self.tr("Choose another vault"))
        self.back_button.setFlat(True)
        self.back_button.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.back_button.setToolTip(with_shortcut(self.tr("Back to the start"), "Esc"))
        self.back_button.clicked.connect(self.back_requested)
        back_row.addWidget(self.back_button)
        self.cancel_button = QPushButton(self.tr("&Cancel"))
        self.cancel_button.setObjectName("unlockCancel")
        self.cancel_button.setToolTip(with_shortcut(self.tr("Stop unlocking"), "Esc"))
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.cancel_button.hide()
        back_row.addWidget(self.cancel_button)
        back_row.addStretch(1)
        column.addLayout(back_row)
        column.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(_centred(inner, 560))

    def prepare(
        self,
        path: Path,
        demo_passphrase: str | None = None,
        note: str = "",
        demo_auditor_passphrase: str | None = None,
        locked: bool = False,
    ) -> None:
        self.path = path
        name = display_name(path)
        if locked:
            self.title.setText(self.tr("“{}” is locked").format(name))
            self.lock_icon.setPixmap(
                padlock(
                    self.palette().color(QPalette.ColorRole.Highlight),
                    self.palette().color(QPalette.ColorRole.Window),
                    56,
                )
            )
        else:
            self.title.setText(self.tr("Unlock “{}”").format(name))
        self.lock_icon.setVisible(locked)
        self.where.setText(_short(path))
        self.passphrase.clear()
        self.show_action.setChecked(False)
        self._set_eye(shown=False)  # in the palette of now (the theme may have changed)
        self.message.clear()
        if note:
            self.message.show_info(note)
        if demo_passphrase:
            text = self.tr(
                "This is the demo vault: every person, organisation and number in it is "
                "fictional. Its passphrase is <b>{}</b> (filled in for you)."
            ).format(html.escape(demo_passphrase))
            if demo_auditor_passphrase:
                text += " " + self.tr(
                    "To see it as a read-only auditor, use <b>{}</b> instead."
                ).format(html.escape(demo_auditor_passphrase))
            self.demo_hint.setText(text)
            self.demo_hint.show()
            self.passphrase.setText(demo_passphrase)
        else:
            self.demo_hint.hide()
        self.set_busy(False)

    def set_busy(self, busy: bool) -> None:
        self.passphrase.setEnabled(not busy)
        self.unlock_button.setEnabled(not busy)
        self.back_button.setEnabled(not busy)
        self.back_button.setVisible(not busy)
        self.cancel_button.setVisible(busy)
        # One Esc at a time: back to the start, or (while deriving) cancel.
        escape = QKeySequence(Qt.Key.Key_Escape)
        self.back_button.setShortcut(QKeySequence() if busy else escape)
        self.cancel_button.setShortcut(escape if busy else QKeySequence())
        if busy:
            self.message.clear()
            self.busy.start(self.tr("Deriving the key from your passphrase…"))
            self.cancel_button.setFocus()
        else:
            self.busy.stop()

    def show_attempt(self, label: str, number: int, total: int) -> None:
        """Which key slot the worker is deriving now ("Trying Lena's key… 2 of 3")."""
        if not self.busy.isVisible():
            return  # cancelled meanwhile
        # The label is plain text from vault.json: shown as text, never as markup.
        self.busy.label.setTextFormat(Qt.TextFormat.PlainText)
        self.busy.label.setText(self.tr("Trying {}’s key… {} of {}").format(label, number, total))
        self.busy.progress(number - 1, total)

    def show_cancelled(self) -> None:
        self.set_busy(False)
        self.message.show_info(self.tr("Unlocking was cancelled; nothing was opened."))
        self.passphrase.setFocus()
        self.passphrase.selectAll()

    def show_error(self, text: str) -> None:
        self.set_busy(False)
        self.message.show_error(text)
        self.passphrase.setFocus()
        self.passphrase.selectAll()

    def _edited(self) -> None:
        if self.message.isVisible():
            self.message.clear()

    def _toggle_echo(self, shown: bool) -> None:
        self.passphrase.setEchoMode(
            QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        )
        self.show_action.setText(
            self.tr("Hide passphrase") if shown else self.tr("Show passphrase")
        )
        self._set_eye(shown=shown)

    def _set_eye(self, *, shown: bool) -> None:
        colour = self.palette().color(QPalette.ColorRole.Text)  # readable light and dark
        self.show_action.setIcon(eye_icon(colour, crossed=shown))

    def _unlock(self) -> None:
        if self.path is None or not self.unlock_button.isEnabled():
            return
        if not self.passphrase.text():
            self.message.show_warning(self.tr("Type the passphrase first."))
            return
        self.unlock_requested.emit(self.path, self.passphrase.text())

    def keyPressEvent(self, event) -> None:
        # Esc while deriving, wherever the focus is on this page (the shortcut may not reach
        # a button that only just appeared).
        if event.key() == Qt.Key.Key_Escape and self.cancel_button.isVisible():
            self.cancel_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self.passphrase.setFocus)
