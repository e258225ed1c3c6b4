"""The Qt binding keeps Python's reference counts: a leak on None aborts Python < 3.12 mid-session."""

import sys

from PySide6.QtCore import QObject


def test_qt_calls_that_return_nothing_leave_none_alone():
    o = QObject()
    before = sys.getrefcount(None)
    for _ in range(2000):
        o.setObjectName("x")
    assert abs(sys.getrefcount(None) - before) < 50  # PySide6 6.12.0 on 3.11: 2,000 lower
