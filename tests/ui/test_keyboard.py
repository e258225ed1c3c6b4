"""Every wizard page, in Chinese and in English, walked with the keyboard alone: Tab reaches every
input on the page, then Next (or Finish), which Space presses."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QCheckBox, QComboBox, QLineEdit, QWizard

from .test_views import _demo


def _inputs(page):
    """What Tab must reach; a date or year box takes the focus itself, not the line edit inside it."""
    return {w for kind in (QLineEdit, QComboBox, QCheckBox, QAbstractSpinBox) for w in page.findChildren(kind)
            if w.isVisibleTo(page) and w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus
            and not isinstance(w.parent(), QAbstractSpinBox)}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_walk_every_page_by_keyboard(home, controller, qtbot, content, lang):
    aid = _demo(controller, content)
    controller.set_language(lang)
    wiz = controller.open_assessment(aid)
    wiz.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is wiz)
    pages = [wiz.assessment_page, *wiz.section_pages]
    for i, page in enumerate(pages):
        qtbot.waitUntil(lambda page=page: wiz.currentPage() is page)
        last = i == len(pages) - 1
        forward = wiz.button(QWizard.WizardButton.FinishButton if last else QWizard.WizardButton.NextButton)
        expected, seen = _inputs(page), set()
        for _ in range(3 * len(expected) + 20):
            qtbot.keyClick(QApplication.focusWidget() or wiz, Qt.Key.Key_Tab)
            seen.add(QApplication.focusWidget())
            if expected <= seen and QApplication.focusWidget() is forward:
                break
        assert expected <= seen, [w.objectName() for w in expected - seen]
        assert QApplication.focusWidget() is forward, (page.objectName(), QApplication.focusWidget())
        qtbot.keyClick(forward, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: controller.results is not None and controller.results.isVisible())
    assert controller.store.load(aid).status == "final"
