"""The wizard's first page (date, fiscal year, criteria set) and the "please review" marks of a copy."""

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QWidget, QWizard

from srdi_desktop.storage.store import AssessmentStore
from srdi_desktop.ui.controller import AppController

from .test_views import _demo
from .test_wizard import click, fill_page, type_into

YEAR_END = {"finance.debt_ratio_pct", "finance.total_assets", "finance.equity_new_2y", "finance.equity_new_3y"}


def test_first_page_sets_date_fiscal_year_and_criteria_kept_after_finish_and_reopen(controller, qtbot, db_path,
                                                                                   content):
    wiz = controller.new_assessment()
    page = wiz.assessment_page
    assert wiz.currentPage() is page and page.objectName() == "page_assessment"
    assert (page.date.date(), page.year.value()) == (QDate(2026, 11, 21), 2025)  # today, the year before
    assert page.criteria.currentData() is None and "2026" in page.criteria.currentText()  # automatic by date
    assert [page.criteria.itemData(i) for i in range(1, page.criteria.count())] == [c.id for c in content.criteria]
    assert page.criteria.itemText(1) == content.criteria[0].title["zh"]

    page.date.setFocus()
    page.date.setDate(QDate(2026, 3, 15))  # before 2026-04-01: the 2022 rules apply by date
    assert page.criteria.currentText() == f"自动（按评估日期：{content.criteria_by_id('cn_srdi_2022').title['zh']}）"
    assert (page.year.value(), page.year.minimum(), page.year.maximum()) == (2025, 2023, 2026)
    page.year.setFocus()
    qtbot.keyClick(page.year, Qt.Key.Key_Down)  # fiscal year 2024
    page.criteria.setFocus()
    target = page.criteria.findData("cn_srdi_2026")
    while page.criteria.currentIndex() < target:
        qtbot.keyClick(page.criteria, Qt.Key.Key_Down)
    stored = controller.store.load(controller.current_id).assessment  # saved as changed, before Finish
    assert (stored.assessed_on, stored.fiscal_year, stored.criteria) == (dt.date(2026, 3, 15), 2024, "cn_srdi_2026")
    assert "y2 = 2023" in page.helps["fiscal_year"].text()

    click(qtbot, wiz, QWizard.WizardButton.NextButton)
    for i, section_page in enumerate(wiz.section_pages):
        qtbot.waitUntil(lambda p=section_page: wiz.currentPage() is p)
        fill_page(qtbot, wiz, section_page)
        qtbot.waitUntil(section_page.isComplete)
        last = i == len(wiz.section_pages) - 1
        click(qtbot, wiz, QWizard.WizardButton.FinishButton if last else QWizard.WizardButton.NextButton)
    qtbot.waitUntil(lambda: controller.results is not None and controller.results.isVisible())
    aid = controller.current_id
    controller.close_windows()
    controller.store.close()

    store = AssessmentStore.open(db_path)
    rec = store.load(aid)
    a = rec.assessment
    assert (a.assessed_on, a.fiscal_year, a.criteria) == (dt.date(2026, 3, 15), 2024, "cn_srdi_2026")
    assert rec.final["criteria"] == "cn_srdi_2026"  # scored under the chosen set, not the date's
    again = AppController(content, store, "zh", today=dt.date(2026, 11, 21))
    wiz = again._start_wizard(aid, a)
    page = wiz.assessment_page
    assert (page.date.date(), page.year.value(), page.criteria.currentData()) == \
        (QDate(2026, 3, 15), 2024, "cn_srdi_2026")
    page.criteria.setCurrentIndex(0)  # back to automatic: stored as no override
    assert store.load(aid).assessment.criteria is None
    wiz.close()
    again.close_windows()
    store.close()


def test_moving_the_date_keeps_the_fiscal_years_distance(controller, qtbot):
    page = controller.new_assessment().assessment_page
    page.year.setValue(2023)  # three years before the date's year: the earliest allowed
    page.date.setDate(QDate(2029, 1, 10))
    assert (page.year.value(), page.year.minimum(), page.year.maximum()) == (2026, 2026, 2029)
    a = controller.store.load(controller.current_id).assessment
    assert (a.assessed_on, a.fiscal_year) == (dt.date(2029, 1, 10), 2026)


def _finance_page(wiz, qtbot):
    while wiz.currentPage() is not wiz.section_pages[1]:
        wiz.next()
    qtbot.waitUntil(lambda: wiz.section_pages[1].isVisible())
    return wiz.section_pages[1]


def _marked(wiz):
    return {qid for qid in YEAR_END
            if (m := wiz.findChild(QWidget, f"review_{qid}")) is not None and m.isVisibleTo(wiz.currentPage())}


def test_year_end_figures_of_a_copy_are_marked_until_confirmed_or_edited_and_after_a_restart(
        controller, qtbot, content, db_path):
    old = _demo(controller, content, dt.date(2025, 11, 20))
    new = controller.duplicate_as_next_year(old)
    wiz = controller.open_assessment(new)
    _finance_page(wiz, qtbot)
    assert _marked(wiz) == YEAR_END
    assert wiz.findChild(QWidget, "review_finance.revenue_y2") is None  # shifted figures need no review
    qtbot.mouseClick(wiz.findChild(QWidget, "confirm_finance.debt_ratio_pct"), Qt.MouseButton.LeftButton)
    wiz.findChild(QWidget, "input_finance.total_assets").clear()
    type_into(qtbot, wiz, "finance.total_assets", "12000")
    qtbot.waitUntil(lambda: _marked(wiz) == YEAR_END - {"finance.debt_ratio_pct", "finance.total_assets"})
    rec = controller.store.load(new)
    assert rec.assessment.to_review == {"finance.equity_new_2y", "finance.equity_new_3y"}
    assert rec.assessment.answers["finance.debt_ratio_pct"] == 48  # confirmed: the value is kept
    assert rec.assessment.answers["finance.total_assets"] == 12000
    wiz.close()
    controller.close_windows()
    controller.store.close()

    store = AssessmentStore.open(db_path)  # a restart
    again = AppController(content, store, "zh", today=dt.date(2026, 11, 21))
    wiz = again.open_assessment(new)
    _finance_page(wiz, qtbot)
    assert _marked(wiz) == {"finance.equity_new_2y", "finance.equity_new_3y"}
    wiz.close()
    again.close_windows()
    store.close()
