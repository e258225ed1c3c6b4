"""'&' in a label, button, check box, tab or menu shows as itself ("R&D", never "RD"), on every page."""

import pytest
from PySide6.QtWidgets import QCheckBox, QLabel, QPushButton, QTabWidget

from srdi_desktop.ui.text import literal

from .layout_checks import lost_ampersands, shortcut_texts, shown_as
from .test_views import _demo


@pytest.mark.parametrize(("text", "shown"), [
    ("R&D expense (y1)", "RD expense (y1)"),  # what Qt does to a raw '&': the bug this guards against
    (literal("R&D expense (y1)"), "R&D expense (y1)"),
    (literal("science & technology"), "science & technology"),
    (literal("A&&B"), "A&&B"),
    (literal("no ampersand"), "no ampersand"),
    (literal(""), ""),
])
def test_literal_survives_qts_shortcut_reading(text, shown):
    assert shown_as(text) == shown


def test_the_check_catches_a_raw_ampersand(qtbot):
    """The page-wide check fails on each kind of widget that reads shortcuts, and passes when escaped."""
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    tabs.addTab(QPushButton("R&D"), "S&T")
    box = QCheckBox("R&D subsidy", tabs.widget(0))
    label = QLabel("R&D staff", tabs.widget(0))
    label.setBuddy(box)
    tabs.show()
    assert {text for _w, text in lost_ampersands(tabs)} == {"R&D", "S&T", "R&D subsidy", "R&D staff"}
    for w in (tabs.widget(0), box, label):
        w.setText(literal(w.text()))
    tabs.setTabText(0, literal("S&T"))
    assert lost_ampersands(tabs) == []


def _walk(controller, qtbot, aid):
    """(window name, widget) for every page of the wizard, every results tab and the history."""
    wiz = controller.open_assessment(aid)
    for page in [wiz.assessment_page, *wiz.section_pages]:
        qtbot.waitUntil(lambda page=page: wiz.currentPage() is page)
        yield page.objectName(), wiz
        if page is not wiz.section_pages[-1]:
            wiz.next()
    wiz.reject()
    results = controller.show_results(aid)
    for group in results.whatif.groups.values():  # every what-if question, as the user unfolds them
        group.header.click()
    for i in range(results.tabs.count()):
        results.tabs.setCurrentIndex(i)
        yield f"results tab {i}", results
    yield "history", controller.show_history(aid)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_visible_text_loses_an_ampersand(home, controller, qtbot, content, lang):
    aid = _demo(controller, content)
    controller.set_language(lang)
    shown: list[str] = []
    assert lost_ampersands(home) == []
    for where, window in _walk(controller, qtbot, aid):
        assert lost_ampersands(window) == [], where
        shown += [shown_as(text) for _w, text in shortcut_texts(window)]
    if lang == "en":  # the check saw the texts that carry an '&' (else it proves nothing)
        assert any("R&D" in text for text in shown)
        assert any("R&D super-deduction" in text for text in shown)
