"""Windows open inside the screen less its taskbar, at most 1366×728 (a 1366×768 laptop)."""

import pytest
from PySide6.QtCore import QRect, QSize

from srdi_desktop.ui.window_size import MAX_SIZE, fitted

from .test_views import _demo


@pytest.mark.parametrize(("preferred", "available", "frame", "expected"), [
    # a 1366×768 laptop with a 40-px taskbar, no frame known yet: the whole 1366×728 at most
    ((1280, 800), (0, 0, 1366, 728), (0, 0), (43, 0, 1280, 728)),
    ((1200, 760), (0, 0, 1366, 728), (0, 0), (83, 0, 1200, 728)),
    # the title bar measured on the home window is taken off the height
    ((1280, 800), (0, 0, 1366, 728), (0, 30), (43, 30, 1280, 698)),
    # a big screen: the preferred size, but never above 1366×728, centred
    ((1280, 800), (0, 0, 1920, 1040), (0, 0), (320, 156, 1280, 728)),
    ((1000, 640), (0, 0, 1920, 1040), (0, 0), (460, 200, 1000, 640)),
    # a taskbar on the left or top: the window starts after it
    ((1280, 800), (60, 0, 1306, 768), (0, 0), (73, 20, 1280, 728)),
    ((1280, 800), (0, 48, 1366, 720), (0, 0), (43, 48, 1280, 720)),
    # a tiny screen: all of it
    ((1280, 800), (0, 0, 800, 600), (0, 0), (0, 0, 800, 600)),
])
def test_fitted(preferred, available, frame, expected):
    got = fitted(QSize(*preferred), QRect(*available), QSize(*frame))
    assert got.getRect() == expected
    assert got.width() <= MAX_SIZE.width() and got.height() <= MAX_SIZE.height()
    outer = got.adjusted(-(frame[0] // 2), -frame[1], frame[0] - frame[0] // 2, 0)
    assert QRect(*available).contains(outer)


def test_every_window_opens_inside_the_screen(home, controller, qtbot, content):
    """The offscreen screen is smaller than every preferred size: each window fits it, buttons included."""
    aid = _demo(controller, content)
    screen = home.screen().availableGeometry()
    assert screen.height() < 1280  # else this test proves nothing
    wiz = controller.open_assessment(aid)
    results = controller.show_results(aid)
    history = controller.show_history(aid)
    for w in (wiz, results, history):  # (the home window's toolbar needs 804 px: wider than this screen)
        qtbot.waitExposed(w)
        assert screen.contains(w.frameGeometry()), (w.objectName(), w.frameGeometry(), screen)
        assert w.width() <= MAX_SIZE.width() and w.height() <= MAX_SIZE.height()
