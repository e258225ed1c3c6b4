"""Typing as a user does, shared by the in-process tests and the child process that gets killed."""

import re

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication


def type_text(widget, text: str) -> None:
    """ASCII by key presses; Chinese committed by an input method (QTest.keyClicks aborts on non-ASCII)."""
    for run in re.findall(r"[\x00-\x7f]+|[^\x00-\x7f]+", text):
        if run.isascii():
            QTest.keyClicks(widget, run)
        else:
            event = QInputMethodEvent()
            event.setCommitString(run)
            QApplication.sendEvent(widget, event)
