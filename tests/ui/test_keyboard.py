"""Every wizard page, in Chinese and in English, walked with the keyboard alone: Tab reaches every
input on the page, then Next (or Finish), which Space presses."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QLineEdit, QWizard

from .test_views import _demo


def _inputs(page):
    return {w for kind in (QLineEdit, QComboBox, QCheckBox) for w in page.findChildren(kind)
            if w.isVisibleTo(page) and w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_walk_every_page_by_keyboard(home, controller, qtbot, content, lang):
    aid = _demo(controller, content)
    controller.set_language(lang)
    wiz = controller.open_assessment(aid)
    wiz.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is wiz)
    for i, page in enumerate(wiz.section_pages):
        qtbot.waitUntil(lambda page=page: wiz.currentPage() is page)
        last = i == len(wiz.section_pages) - 1
        forward = wiz.button(QWizard.WizardButton.FinishButton if last else QWizard.WizardButton.NextButton)
        expected, seen = _inputs(page), set()
        for _ in range(3 * len(expected) + 20):
            qtbot.keyClick(QApplication.focusWidget() or wiz, Qt.Key.Key_Tab)
            seen.add(QApplication.focusWidget())
            if expected <= seen and QApplication.focusWidget() is forward:
                break
        assert expected <= seen, [w.objectName() for w in expected - seen]
        assert QApplication.focusWidget() is forward, (page.section.id, QApplication.focusWidget())
        qtbot.keyClick(forward, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: controller.results is not None and controller.results.isVisible())
    assert controller.store.load(aid).status == "final"
