"""Window sizes that fit the screen, and the window's place remembered on this computer.

Only geometry is remembered (position, size, maximised, whether the sidebar shows): it goes
into settings.json under ``window`` and says nothing of any vault. A remembered size is
fitted to the screen the window opens on, which may be smaller than the one it was saved on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

from influence_desk.local_settings import read_settings, update_settings

WINDOW_KEY = "window"
PREFERRED = QSize(1360, 860)  # what a big screen gets the first time
# Room for the window manager's frame and title bar, which geometry() does not include.
FRAME_ALLOWANCE = QSize(16, 48)
_LIMIT = 100_000  # coordinates beyond this in settings.json are nonsense


def _screen_rect(widget: QWidget | None = None) -> QRect:
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, *PREFERRED.toTuple())


# Tests replace this to open the window on a 1024x600 or 1920x1080 screen.
available_geometry: Callable[[QWidget | None], QRect] = _screen_rect


@dataclass(frozen=True)
class Placement:
    """Where the window was: its normal (not maximised) rectangle, and two switches."""

    x: int
    y: int
    width: int
    height: int
    maximized: bool = False
    sidebar: bool = True

    @classmethod
    def from_json(cls, data: object) -> Placement | None:
        """Checked value by value: anything odd and the window opens as on first use."""
        if not isinstance(data, dict):
            return None
        numbers = [data.get(k) for k in ("x", "y", "width", "height")]
        if not all(isinstance(n, int) and not isinstance(n, bool) for n in numbers):
            return None
        x, y, width, height = (int(n) for n in numbers)  # type: ignore[arg-type]
        if not (-_LIMIT < x < _LIMIT and -_LIMIT < y < _LIMIT):
            return None
        if not (100 <= width < _LIMIT and 100 <= height < _LIMIT):
            return None
        flags = [data.get(k, d) for k, d in (("maximized", False), ("sidebar", True))]
        if not all(isinstance(f, bool) for f in flags):
            return None
        return cls(x, y, width, height, bool(flags[0]), bool(flags[1]))

    def rect(self) -> QRect:
        return QRect(self.x, self.y, self.width, self.height)


def load_placement() -> Placement | None:
    return Placement.from_json(read_settings().get(WINDOW_KEY))


def save_placement(placement: Placement) -> None:
    def change(data: dict[str, Any]) -> None:
        data[WINDOW_KEY] = asdict(placement)

    update_settings(change)


def client_area(available: QRect) -> QRect:
    """Where the window's inside may go: the screen less the frame (borders, title bar)."""
    side = FRAME_ALLOWANCE.width() // 2
    return available.adjusted(side, FRAME_ALLOWANCE.height() - side, -side, -side)


def fitted_rect(placement: Placement | None, available: QRect) -> tuple[QRect, bool]:
    """The window's rectangle on this screen, and whether it opens maximised.

    First use: the preferred size, or the whole screen where that does not fit (centred).
    Remembered: the same size and place, shrunk and moved onto this screen where needed."""
    area = client_area(available)
    if placement is None:
        rect = QRect(QPoint(0, 0), PREFERRED.boundedTo(area.size()))
        rect.moveCenter(area.center())
        return rect, False
    rect = placement.rect()
    rect.setSize(rect.size().boundedTo(area.size()))
    # Moved onto the screen: a window saved on a second monitor that is gone comes back.
    left = min(max(rect.left(), area.left()), area.right() - rect.width() + 1)
    top = min(max(rect.top(), area.top()), area.bottom() - rect.height() + 1)
    rect.moveTo(left, top)
    return rect, placement.maximized


def place_window(window: QWidget) -> Placement | None:
    """Size and place the main window for the screen; returns what was remembered."""
    placement = load_placement()
    rect, maximized = fitted_rect(placement, available_geometry(window))
    window.setGeometry(rect)
    if maximized:
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
    return placement


def remember_window(window: QWidget, *, sidebar: bool) -> None:
    """On close: the normal rectangle (not the maximised one), and the two switches."""
    maximized = window.isMaximized()
    rect = window.normalGeometry() if maximized else window.geometry()
    if rect.width() < 100 or rect.height() < 100:
        rect = window.geometry()
    save_placement(Placement(rect.x(), rect.y(), rect.width(), rect.height(), maximized, sidebar))


def fit_dialog(dialog: QWidget, width: int, height: int) -> None:
    """Grow a dialog to (width, height), never past the screen it is on."""
    area = client_area(available_geometry(dialog))
    size = QSize(width, height).boundedTo(area.size())
    dialog.resize(size)
    rect = dialog.geometry()
    if dialog.isVisible() and not area.contains(rect):  # before show Qt centres it itself
        left = min(max(rect.left(), area.left()), area.right() - rect.width() + 1)
        top = min(max(rect.top(), area.top()), area.bottom() - rect.height() + 1)
        dialog.move(left + dialog.x() - rect.x(), top + dialog.y() - rect.y())


class _WidthFollows(QObject):
    """The scroll area is never narrower than its content needs (it scrolls only up and
    down): without this a splitter squeezed it and cut the form's text off at the side."""

    def __init__(self, area: QScrollArea, content: QWidget) -> None:
        super().__init__(area)
        self.area, self.content = area, content
        content.installEventFilter(self)
        self.follow()

    def follow(self) -> None:
        bar = self.area.verticalScrollBar().sizeHint().width()
        self.area.setMinimumWidth(self.content.minimumSizeHint().width() + bar + 4)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.follow()
        return False


def scrolling(content: QWidget) -> QScrollArea:
    """``content`` in a vertical scroll area: a tall form scrolls instead of growing the
    dialog past a small screen."""
    area = QScrollArea()
    area.setObjectName(f"{content.objectName() or 'content'}Scroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(content)
    _WidthFollows(area, content)
    return area
