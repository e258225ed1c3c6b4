"""A real app session that gets killed: ``python -m tests.ui.crash_child DB``.

Starts the app as a user does, opens a new assessment, goes past the first page (date, fiscal year), types
answers on the next two pages and
prints "saved <id>" after each one has been accepted; then waits, mid-wizard, to be killed.
"""

import sys
import time
from pathlib import Path

from PySide6.QtWidgets import QComboBox, QLineEdit

from srdi_desktop.ui.app import start
from tests.ui.keyboard import type_text

TYPED = [(None, "next"), ("firm.name", "壬精密机械有限公司"), ("firm.employees", "95"), ("firm.sector", "industry"),
         (None, "next"), ("finance.revenue_y1", "4321"), ("finance.revenue_y2", "3999")]


def main(db: str) -> None:
    app, window = start(Path(db))
    while not window.controller.content_is_loaded:  # the content loads just after the first paint
        app.processEvents()
    wiz = window.controller.new_assessment()
    for qid, text in TYPED:
        app.processEvents()
        if qid is None:
            wiz.next()
            continue
        w = wiz.findChild(QLineEdit, f"input_{qid}") or wiz.findChild(QComboBox, f"input_{qid}")
        w.setFocus()
        if isinstance(w, QComboBox):
            w.setCurrentIndex(w.findData(text))
            w.activated.emit(w.currentIndex())
        else:
            type_text(w, text)
        print("saved", qid, flush=True)
    print("waiting", flush=True)
    while True:
        app.processEvents()
        time.sleep(0.01)


if __name__ == "__main__":
    main(sys.argv[1])
