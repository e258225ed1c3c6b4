"""How big a window opens: as preferred, but inside the screen less its taskbar, and never above the
1366×728 a 1366×768 laptop leaves (its users' screens). Every button must stay reachable at that size."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QApplication, QWidget

MAX_SIZE = QSize(1366, 728)


def fitted(preferred: QSize, available: QRect, frame: QSize) -> QRect:
    """The window's inner rectangle: ``preferred`` bounded by MAX_SIZE and by ``available`` (the screen
    less its taskbar) less the window ``frame`` (title bar and borders), centred in ``available``."""
    room = QSize(max(available.width() - frame.width(), 1), max(available.height() - frame.height(), 1))
    size = preferred.boundedTo(MAX_SIZE).boundedTo(room)
    x = available.x() + frame.width() // 2 + (room.width() - size.width()) // 2
    y = available.y() + frame.height() + (room.height() - size.height()) // 2
    return QRect(x, y, size.width(), size.height())


def _frame_of(window: QWidget) -> QSize:
    """Title bar and borders, measured on a window already on screen (the home window): before a window
    is first shown the window manager has not said how big its frame is."""
    for w in (window, window.parentWidget(), *QApplication.topLevelWidgets()):
        if w is not None and w.isVisible() and w.isWindow():
            extra = w.frameGeometry().size() - w.geometry().size()
            if extra.height() > 0:
                return extra
    return QSize(0, 0)


def fit_to_screen(window: QWidget, preferred: QSize) -> None:
    """Size and place ``window`` by ``fitted`` on the screen it opens on (its parent's)."""
    anchor = window.parentWidget() or window
    screen = anchor.screen() or QApplication.primaryScreen()
    if screen is None:
        window.resize(preferred.boundedTo(MAX_SIZE))
        return
    window.setGeometry(fitted(preferred, screen.availableGeometry(), _frame_of(window)))
