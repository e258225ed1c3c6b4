"""An exception in a slot: logged, reported in one dialog with the log's place, no answer lost, app goes on."""

import sys

import pytest
from PySide6.QtWidgets import QApplication, QLineEdit

from srdi_desktop import diagnostics
from srdi_desktop.core.i18n import tr
from srdi_desktop.ui.error_report import OBJECT_NAME, install_error_report

from .keyboard import type_text


def type_into(wiz, qid, text):
    w = wiz.findChild(QLineEdit, f"input_{qid}")
    w.setFocus()
    type_text(w, text)


def reports():
    return [w for w in QApplication.topLevelWidgets() if w.objectName() == OBJECT_NAME and w.isVisible()]


@pytest.fixture
def report(controller):
    before = sys.excepthook
    r = install_error_report(lambda: controller.lang)
    yield r
    r.uninstall()
    for box in reports():
        box.close()
    assert sys.excepthook is before


@pytest.mark.qt_no_exception_capture  # the app's own hook is under test, not pytest-qt's
def test_an_error_in_a_slot_is_reported_and_loses_no_answer(home, controller, qtbot, report):
    wiz = controller.new_assessment()
    type_into(wiz, "firm.name", "丙")
    evaluator = wiz.evaluator
    assert evaluator is not None  # the live panel re-evaluates after every saved answer

    def broken(answers):
        raise RuntimeError("the live panel broke")

    wiz.evaluator = broken
    type_into(wiz, "firm.employees", "186")  # three keystrokes, three errors, each after its answer was saved
    [box] = reports()  # one dialog, not three: the slots ran as the keys were typed
    assert box.text() == tr("err.unexpected", "zh")
    assert box.informativeText() == tr("err.log", "zh", path=str(diagnostics.log_file()))
    assert "RuntimeError: the live panel broke" in box.detailedText()
    assert controller.store.load(controller.current_id).assessment.answers == {"firm.name": "丙", "firm.employees": 186}
    log = diagnostics.log_file().read_text(encoding="utf-8")
    assert log.count("RuntimeError: the live panel broke") == 3 and "Traceback (most recent call last)" in log

    box.close()  # the app goes on: the dialog closes, typing saves again, a later error is reported again
    qtbot.waitUntil(lambda: not reports() and report.box is None)
    wiz.evaluator = evaluator
    type_into(wiz, "firm.name", "丁")
    assert controller.store.load(controller.current_id).assessment.answers["firm.name"] == "丙丁"
    wiz.evaluator = broken
    type_into(wiz, "firm.employees", "0")
    qtbot.waitUntil(lambda: len(reports()) == 1)
    assert controller.store.load(controller.current_id).assessment.answers["firm.employees"] == 1860


@pytest.mark.qt_no_exception_capture
def test_the_report_speaks_the_window_language(home, controller, qtbot, report):
    controller.lang = "en"
    raise_later(ValueError("from a timer"))
    qtbot.waitUntil(lambda: len(reports()) == 1)
    [box] = reports()
    assert box.text() == tr("err.unexpected", "en")
    assert box.informativeText().startswith("Log file: ")


def raise_later(exc):
    """Raise ``exc`` from the event loop, as a slot would."""
    from PySide6.QtCore import QTimer

    def fail():
        raise exc

    QTimer.singleShot(0, fail)
