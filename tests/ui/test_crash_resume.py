"""Kill the app in the middle of the wizard, start it again: it offers the draft, at the same page,
with every answer that was entered."""

import os
import signal
import subprocess
import sys

from PySide6.QtWidgets import QComboBox, QLineEdit

from srdi_desktop.ui.app import start
from srdi_desktop.ui.dialogs import Confirm

from ..conftest import REPO
from .crash_child import TYPED


def test_killed_mid_wizard_then_resumed_with_every_answer(app, qtbot, db_path, monkeypatch):
    child = subprocess.Popen([sys.executable, "-m", "tests.ui.crash_child", str(db_path)], cwd=REPO,
                             stdout=subprocess.PIPE, text=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    acknowledged = []
    for line in child.stdout:
        if line.startswith("saved"):
            acknowledged.append(line.split()[1])
        if line.strip() == "waiting":
            break
    child.send_signal(signal.SIGKILL)
    child.wait(10)
    assert [q for q, _ in TYPED if q] == [q for q in acknowledged if q != "None"]

    asked = []
    monkeypatch.setattr(Confirm, "ask", classmethod(lambda cls, parent, title, text: asked.append(text) or True))
    _app, window = start(db_path)  # the real start-up: first paint, content, then the offer
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.wizard is not None and window.wizard.isVisible(), timeout=10000)
    assert asked and "壬精密机械有限公司" in asked[0]
    wiz = window.wizard
    assert wiz.currentPage() is wiz.section_pages[1]  # the page it was on
    for qid, text in TYPED:
        if qid is None:
            continue
        w = wiz.findChild(QLineEdit, f"input_{qid}") or wiz.findChild(QComboBox, f"input_{qid}")
        assert (w.currentData() if isinstance(w, QComboBox) else w.text()) == text, qid
    wiz.reject()  # closed normally this time: no offer at the next start
    assert window.store.open_drafts() == []
    window.close()
    window.store.close()
