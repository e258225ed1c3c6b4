"""Child processes for the GUI benchmark: ``python -m srdi_desktop.ui.bench_child bare|ours|memory DB``.

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
    {"bare": lambda: bare(), "ours": lambda: ours(sys.argv[2]), "memory": lambda: memory(sys.argv[2])}[sys.argv[1]]()
