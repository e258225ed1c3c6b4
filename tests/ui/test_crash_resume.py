"""Kill the app in the middle of the wizard, start it again: it offers the draft, at the same page (by
its id), with every answer that was entered."""

import os
import signal
import subprocess
import sys

from PySide6.QtWidgets import QComboBox, QLineEdit

from srdi_desktop.storage.store import AssessmentStore
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
    store = AssessmentStore.open(db_path)
    [left_open] = store.open_drafts()
    store.close()
    assert (left_open["page_id"], left_open["pages_before"]) == ("finance", ["assessment", "firm"])  # an id

    asked = []
    monkeypatch.setattr(Confirm, "ask", classmethod(lambda cls, parent, title, text: asked.append(text) or True))
    _app, window = start(db_path)  # the real start-up: first paint, content, then the offer
    qtbot.addWidget(window)
    ctl = window.controller
    qtbot.waitUntil(lambda: ctl.wizard is not None and ctl.wizard.isVisible(), timeout=10000)
    assert asked and "壬精密机械有限公司" in asked[0]
    wiz = ctl.wizard
    assert wiz.current_page_id() == "finance" and wiz.currentPage().objectName() == "page_finance"
    for qid, text in TYPED:
        if qid is None:
            continue
        w = wiz.findChild(QLineEdit, f"input_{qid}") or wiz.findChild(QComboBox, f"input_{qid}")
        shown = w.currentData() if isinstance(w, QComboBox) else w.text()
        assert shown == (f"{int(text):,}" if qid.startswith("finance.") else text), qid  # amounts grouped
    wiz.reject()  # closed normally this time: no offer at the next start
    assert ctl.store.open_drafts() == []
    window.close()
    ctl.store.close()
