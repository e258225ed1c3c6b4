"""Child processes for the GUI benchmark: ``python -m srdi_desktop.ui.bench_child bare|ours|memory|paint|ready DB``.

``bare`` and ``ours`` print the seconds from their first line to the first paint of their window;
``memory`` opens an assessment in the wizard, walks every page and prints the peak RSS in MiB.
"""

import time

T0 = time.perf_counter()

import os  # noqa: E402 - the clock starts before anything is imported
import sys  # noqa: E402

from PySide6.QtCore import QEvent, QObject  # noqa: E402


class _Painted(QObject):
    def eventFilter(self, obj, event):  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Paint:
            print(time.perf_counter() - T0, flush=True)
            os._exit(0)
        return False


def bare() -> None:
    from PySide6.QtWidgets import QApplication, QWizard, QWizardPage

    app = QApplication([])
    w = QWizard()
    w.addPage(QWizardPage())
    f = _Painted()
    w.installEventFilter(f)
    w.show()
    app.exec()


def ours(db: str) -> None:
    from pathlib import Path

    from srdi_desktop.ui.app import start

    app, window = start(Path(db))
    f = _Painted()
    window.installEventFilter(f)
    window.update()
    app.exec()


def _home_window():
    from PySide6.QtWidgets import QApplication

    from srdi_desktop.ui.home import HomeWindow

    return next((w for w in QApplication.topLevelWidgets() if isinstance(w, HomeWindow)), None)


def command(db: str, until: str) -> None:
    """The real command (`srdi-desktop --db DB`, as cli.main runs it). ``until`` "paint": print the seconds
    to the home window's first paint. "ready": the seconds until the database is open, the content loaded
    and the list's first page in its sort order; then the longest gap between two 5 ms timer ticks (ms)
    while the rest of the list comes in and while it is sorted by firm: how long the window could not
    answer the user."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from srdi_desktop.cli import main
    from srdi_desktop.ui.app import FIRST_PAINT_HOOKS  # not an application-wide Python event filter: it would
    # see every event of every widget and cost ~20 ms that the bare QWizard, filtered on its window, does not pay

    if until == "paint":  # the command makes its own application, as a user's start does
        def painted() -> None:
            print(time.perf_counter() - T0, flush=True)
            os._exit(0)

        FIRST_PAINT_HOOKS.append(painted)
        main(["--db", db])
        return
    QApplication([])  # before the timer below
    state: dict[str, float] = {"gap": 0.0}  # and "ready", "last", "sorted" once seen

    def tick() -> None:
        now = time.perf_counter()
        if "last" in state:  # gaps count once ready: loading the rest of the list, then a sort
            state["gap"] = max(state["gap"], now - state["last"])
        w = _home_window()
        if w is None:
            return
        ctl = w.controller
        if "ready" not in state:
            if ctl.store_is_open and ctl.content_is_loaded and w.model.rows and w.table.isSortingEnabled():
                state["ready"] = now - T0
                state["last"] = now
            return
        state["last"] = now
        if w.model.complete and "sorted" not in state:
            state["sorted"] = 1.0
            w.table.sortByColumn(0, type(w.table.horizontalHeader().sortIndicatorOrder())(0))  # by firm, A→Z
            state["last"] = time.perf_counter()
        elif w.model.complete:
            print(state["ready"], flush=True)
            print(state["gap"] * 1000, flush=True)
            os._exit(0)

    def begin() -> None:
        timer.start(5)

    timer = QTimer()
    timer.timeout.connect(tick)
    FIRST_PAINT_HOOKS.append(begin)  # gaps count from the first paint: before it the window is not there
    main(["--db", db])


def _peak_mib() -> float:
    """This process's peak resident memory. VmHWM, because ru_maxrss survives exec on Linux: a child
    started by a large parent (the benchmark after its PDF and storage runs) would report the parent's."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def memory(db: str) -> None:
    from pathlib import Path

    from srdi_desktop import paths
    from srdi_desktop.core.document import parse_document
    from srdi_desktop.ui.app import start
    from srdi_desktop.ui.wizard import AssessmentWizard

    app, window = start(Path(db))
    ctl = window.controller
    a = parse_document(paths.DEMO_FILE.read_bytes(), "demo", ctl.content.questionnaire)
    wiz = ctl.open_assessment(ctl.store.import_assessment(a))
    assert isinstance(wiz, AssessmentWizard)  # a new import is a draft
    for _page in wiz.section_pages:  # build and lay out every page
        app.processEvents()
        wiz.next()
    app.processEvents()
    print(_peak_mib(), flush=True)
    os._exit(0)


if __name__ == "__main__":
    {"bare": lambda: bare(), "ours": lambda: ours(sys.argv[2]), "memory": lambda: memory(sys.argv[2]),
     "paint": lambda: command(sys.argv[2], "paint"), "ready": lambda: command(sys.argv[2], "ready"),
     }[sys.argv[1]]()
