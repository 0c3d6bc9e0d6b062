"""Small shared widgets: inline messages, busy rows, headings, token line edits, tables of
records."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QSize, QStringListModel, Qt
from PySide6.QtGui import QAction, QColor, QFont, QIcon, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QSizePolicy,
    QStyle,
    QTableView,
    QWidget,
)


def record_table(
    model: QAbstractItemModel, accessible_name: str, *, name: str = "", multi: bool = False,
    row_pad: int = 8,
) -> QTableView:
    """A page's table of records: whole rows selected (one, or several with ``multi``),
    alternate row colours, no row numbers, rows a text line and ``row_pad`` pixels high."""
    table = QTableView()
    if name:
        table.setObjectName(name)
    table.setAccessibleName(accessible_name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(
        QAbstractItemView.SelectionMode.ExtendedSelection if multi
        else QAbstractItemView.SelectionMode.SingleSelection
    )  # fmt: skip
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + row_pad)
    return table


def heading(text: str, scale: float = 1.6, bold: bool = True) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(bold)
    label.setFont(font)
    label.setAccessibleName(text)
    return label


def muted(text: str = "", *, wrap: bool = True) -> QLabel:
    """Secondary text in the palette's placeholder colour (works light and dark)."""
    label = QLabel(text)
    label.setWordWrap(wrap)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def with_shortcut(text: str, shortcut: QKeySequence | str | None) -> str:
    """A tooltip that names the shortcut, e.g. 'Lock the vault (Ctrl+L)'."""
    if not shortcut:
        return text
    seq = shortcut if isinstance(shortcut, QKeySequence) else QKeySequence(shortcut)
    return f"{text} ({seq.toString(QKeySequence.SequenceFormat.NativeText)})"


def make_action(
    parent: QWidget,
    text: str,
    *,
    shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    tip: str = "",
    icon: QStyle.StandardPixmap | None = None,
    slot=None,
    context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut,
) -> QAction:
    action = QAction(text, parent)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(context)
    seq = action.shortcut()
    plain = text.replace("&", "")
    action.setToolTip(with_shortcut(tip or plain, seq if not seq.isEmpty() else None))
    action.setStatusTip(tip or plain)
    if icon is not None:
        action.setIcon(parent.style().standardIcon(icon))
    if slot is not None:
        action.triggered.connect(slot)
    parent.addAction(action)
    return action


class InlineMessage(QFrame):
    """A one-line message shown in place (never a dialog): error, warning or info."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        self._icon = QLabel()
        self._icon.setFixedSize(QSize(18, 18))
        self._text = QLabel()
        self._text.setWordWrap(True)
        self._text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self._icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self._text, 1)
        self.setAccessibleName(self.tr("Message"))
        self.hide()

    def show_error(self, text: str) -> None:
        self._show(text, QStyle.StandardPixmap.SP_MessageBoxCritical)

    def show_warning(self, text: str) -> None:
        self._show(text, QStyle.StandardPixmap.SP_MessageBoxWarning)

    def show_info(self, text: str) -> None:
        self._show(text, QStyle.StandardPixmap.SP_MessageBoxInformation)

    def _show(self, text: str, pixmap: QStyle.StandardPixmap) -> None:
        icon: QIcon = self.style().standardIcon(pixmap)
        self._icon.setPixmap(icon.pixmap(16, 16))
        self._text.setText(text)
        self.setAccessibleDescription(text)
        self.show()

    def text(self) -> str:
        return self._text.text() if self.isVisible() else ""

    def clear(self) -> None:
        self._text.clear()
        self.hide()


class BusyRow(QWidget):
    """An indeterminate (or counted) progress bar with a line of text beside it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.bar.setTextVisible(False)
        self.bar.setFixedWidth(140)
        self.bar.setMaximumHeight(12)
        self.bar.setAccessibleName(self.tr("Working"))
        self.label = muted(wrap=False)
        layout.addWidget(self.bar)
        layout.addWidget(self.label, 1)
        self.hide()

    def start(self, text: str) -> None:
        self.bar.setRange(0, 0)
        self.label.setText(text)
        self.show()

    def progress(self, done: int, total: int) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(done)

    def stop(self) -> None:
        self.hide()


class TokenLineEdit(QLineEdit):
    """Comma-separated values with a completer that completes the token under the cursor."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = QStringListModel(self)
        self._completer = QCompleter(self._model, self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self._completer.setWidget(self)
        self._completer.activated.connect(self._insert)
        self.textEdited.connect(self._complete)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_choices(self, choices: list[str]) -> None:
        self._model.setStringList(sorted(set(choices), key=str.casefold))

    def _hide_popup(self) -> None:
        popup = self._completer.popup()
        if popup is not None:
            popup.hide()

    def tokens(self) -> list[str]:
        seen: dict[str, None] = {}
        for part in self.text().split(","):
            part = part.strip()
            if part and part.casefold() not in {s.casefold() for s in seen}:
                seen[part] = None
        return list(seen)

    def set_tokens(self, tokens: list[str]) -> None:
        self.setText(", ".join(tokens))

    def _current_token(self) -> tuple[int, str]:
        text = self.text()[: self.cursorPosition()]
        start = text.rfind(",") + 1
        return start, text[start:].lstrip()

    def _complete(self) -> None:
        _, token = self._current_token()
        if not token:
            self._hide_popup()
            return
        self._completer.setCompletionPrefix(token)
        if self._completer.completionCount() == 0:
            self._hide_popup()
            return
        # Under the whole field, like every other completer: at the cursor's rectangle the
        # popup went wherever the cursor was, and off a small screen it landed elsewhere.
        self._completer.complete(self.rect())

    def _insert(self, completion: str) -> None:
        start, _ = self._current_token()
        text = self.text()
        end = text.find(",", self.cursorPosition())
        end = len(text) if end < 0 else end
        before = text[:start].rstrip()
        prefix = f"{before} " if before else ""
        new = f"{prefix}{completion}, "
        rest = text[end:].lstrip(", ")
        self.setText(new + rest)
        self.setCursorPosition(len(new))
        self.editingFinished.emit()

    def keyPressEvent(self, event) -> None:
        popup = self._completer.popup()
        if popup is not None and popup.isVisible() and event.key() in (
            Qt.Key.Key_Enter, Qt.Key.Key_Return, Qt.Key.Key_Escape, Qt.Key.Key_Tab,
            Qt.Key.Key_Backtab,
        ):  # fmt: skip
            event.ignore()
            return
        super().keyPressEvent(event)


class Banner(QFrame):
    """A coloured strip with an icon, a sentence and optional details (a short list).

    Tinted from the palette (a translucent green, amber or red over the window colour), so
    it reads well in light and dark themes alike."""

    OK, INFO, WARNING, PROBLEM = "ok", "info", "warning", "problem"
    _TINTS = {
        OK: (46, 160, 67),
        INFO: (56, 132, 244),
        WARNING: (230, 160, 20),
        PROBLEM: (218, 54, 51),
    }
    _ICONS = {
        OK: QStyle.StandardPixmap.SP_DialogApplyButton,
        INFO: QStyle.StandardPixmap.SP_MessageBoxInformation,
        WARNING: QStyle.StandardPixmap.SP_MessageBoxWarning,
        PROBLEM: QStyle.StandardPixmap.SP_MessageBoxCritical,
    }

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAutoFillBackground(True)
        self.level = self.INFO
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(10)
        self._icon = QLabel()
        self._icon.setFixedSize(QSize(20, 20))
        self._text = QLabel()
        self._text.setWordWrap(True)
        self._text.setTextFormat(Qt.TextFormat.RichText)
        self._text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self._icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self._text, 1)
        self.hide()

    def show_message(self, level: str, text: str, details: list[str] | None = None) -> None:
        import html

        self.level = level
        body = f"<b>{html.escape(text)}</b>"
        if details:
            items = "".join(f"<li>{html.escape(d)}</li>" for d in details)
            body += f"<ul style='margin-top:4px; margin-bottom:0'>{items}</ul>"
        self._text.setText(body)
        self._icon.setPixmap(self.style().standardIcon(self._ICONS[level]).pixmap(18, 18))
        self.setAccessibleName(text)
        self.setAccessibleDescription("; ".join(details or []))
        self._tint()
        self.show()

    def text(self) -> str:
        return self._text.text() if self.isVisible() else ""

    def clear(self) -> None:
        self._text.clear()
        self.setAccessibleName("")
        self.setAccessibleDescription("")
        self.hide()

    def _tint(self, *, from_app: bool = False) -> None:
        from PySide6.QtGui import QColor
        from PySide6.QtWidgets import QApplication

        parent = self.parentWidget()
        # From the surroundings, never from our own palette (that holds the last tint). On a
        # theme change the parent may not have its new palette yet: the app's is the new one
        # (a light tint under the dark theme's white text was unreadable).
        around = parent.palette() if parent is not None and not from_app else QApplication.palette()
        base = around.color(QPalette.ColorRole.Window)
        r, g, b = self._TINTS[self.level]
        mix = 0.24
        colour = QColor(
            round(base.red() * (1 - mix) + r * mix),
            round(base.green() * (1 - mix) + g * mix),
            round(base.blue() * (1 - mix) + b * mix),
        )
        palette = QPalette()  # only these two roles set: the rest follows the theme
        palette.setColor(QPalette.ColorRole.Window, colour)
        palette.setColor(QPalette.ColorRole.WindowText, around.color(QPalette.ColorRole.WindowText))
        self._tinting = True  # our own setPalette sends a PaletteChange too
        try:
            self.setPalette(palette)
        finally:
            self._tinting = False

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        from PySide6.QtCore import QEvent

        changes = (QEvent.Type.ApplicationPaletteChange, QEvent.Type.PaletteChange)
        if event.type() in changes and not getattr(self, "_tinting", False):
            self._tint(from_app=True)  # a theme switch: tinted again from the new palette


class ElidedLabel(QLabel):
    """One line ending in "…" when its column is too narrow, the whole text as its tooltip
    (a label with an ignored width was cut mid-word: "Alle Notiz")."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setText(text)

    def setText(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._elide()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, self.width())
        super().setText(shown)


def eye_icon(colour: QColor, *, crossed: bool = False) -> QIcon:
    """An eye (show the passphrase), struck through once it is shown; drawn, since
    Qt's standard icons have none (a file-list icon stood in for it)."""
    from PySide6.QtCore import QPointF, QRectF
    from PySide6.QtGui import QPainter, QPainterPath, QPen, QPixmap

    icon = QIcon()
    for size in (16, 24, 32):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        s = size / 16
        painter.setPen(QPen(colour, 1.3 * s))
        outline = QPainterPath(QPointF(1 * s, 8 * s))
        outline.quadTo(QPointF(8 * s, 1 * s), QPointF(15 * s, 8 * s))
        outline.quadTo(QPointF(8 * s, 15 * s), QPointF(1 * s, 8 * s))
        painter.drawPath(outline)
        painter.setBrush(colour)
        painter.drawEllipse(QRectF(5.5 * s, 5.5 * s, 5 * s, 5 * s))
        if crossed:
            painter.drawLine(QPointF(2.5 * s, 13.5 * s), QPointF(13.5 * s, 2.5 * s))
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def monospace(label: QLabel) -> QLabel:
    from PySide6.QtGui import QFontDatabase

    label.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    return label
