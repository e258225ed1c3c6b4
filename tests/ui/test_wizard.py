"""Drive the real wizard as a user would: keyboard and mouse, offscreen."""

import datetime as dt
import io

from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWizard

from srdi_desktop.storage.store import AssessmentStore
from srdi_desktop.ui.dialogs import SaveDialog

from .keyboard import type_text

TYPED = {  # question id -> what the user types
    "firm.name": "杭州示例精密部件有限公司",
    "firm.credit_code": "91330100MA2B3C4D5N",
    "firm.employees": "186",
    "finance.revenue_y1": "8200",
    "finance.revenue_y2": "7300",
    "finance.main_revenue_y1": "7600",
    "finance.net_profit_y1": "-12.5",
    "finance.debt_ratio_pct": "48",
    "rd.expense_y1": "210",
    "rd.staff": "21",
}
EXPECTED = {"firm.name": "杭州示例精密部件有限公司", "firm.credit_code": "91330100MA2B3C4D5N",
            "firm.employees": 186, "finance.revenue_y1": 8200, "finance.revenue_y2": 7300,
            "finance.main_revenue_y1": 7600, "finance.net_profit_y1": -12.5, "finance.debt_ratio_pct": 48,
            "rd.expense_y1": 210, "rd.staff": 21, "firm.sector": "industry", "rd.institution_level": "city",
            "finance.equity_new_2y": "unknown"}


def editor(wiz, qid):
    return wiz.findChild(QLineEdit, f"input_{qid}") or wiz.findChild(QComboBox, f"input_{qid}")


def type_into(qtbot, wiz, qid, text):
    w = editor(wiz, qid)
    w.setFocus()
    type_text(w, text)


def choose_by_keyboard(qtbot, wiz, qid, value):
    box = editor(wiz, qid)
    box.setFocus()
    target = box.findData(value)
    while box.currentIndex() < target:
        qtbot.keyClick(box, Qt.Key.Key_Down)
    assert box.currentData() == value


def click(qtbot, wiz, which):
    qtbot.mouseClick(wiz.button(which), Qt.MouseButton.LeftButton)


def new_on_first_section(controller, qtbot):
    """A new assessment's wizard, past its first page (date, fiscal year, criteria) to the first section."""
    wiz = controller.new_assessment()
    assert wiz.currentPage() is wiz.assessment_page
    click(qtbot, wiz, QWizard.WizardButton.NextButton)
    qtbot.waitUntil(lambda: wiz.currentPage() is wiz.section_pages[0])
    return wiz


def fill_page(qtbot, wiz, page):
    for q in page.section.questions:
        if q.id in TYPED:
            type_into(qtbot, wiz, q.id, TYPED[q.id])
        elif q.id == "firm.sector":
            choose_by_keyboard(qtbot, wiz, q.id, "industry")
        elif q.id == "rd.institution_level":
            choose_by_keyboard(qtbot, wiz, q.id, "city")
        elif q.id == "finance.equity_new_2y":
            box = page.editors[q.id].markers["unknown"]
            # click the indicator, not the centre: a wide check box ignores clicks beside its text
            qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def test_fill_finish_export_and_reopen_with_every_answer_intact(home, controller, qtbot, db_path, tmp_path,
                                                                monkeypatch):
    target = tmp_path / "roadmap.pdf"
    monkeypatch.setattr(SaveDialog, "ask", classmethod(lambda cls, parent, title, suggested, flt: target))
    qtbot.mouseClick(home.new_button, Qt.MouseButton.LeftButton)
    wiz = controller.wizard
    qtbot.waitUntil(wiz.isVisible)
    click(qtbot, wiz, QWizard.WizardButton.NextButton)  # the date, fiscal year and criteria as proposed
    for i, page in enumerate(wiz.section_pages):
        qtbot.waitUntil(lambda page=page: wiz.currentPage() is page)
        fill_page(qtbot, wiz, page)
        qtbot.waitUntil(page.isComplete)
        last = i == len(wiz.section_pages) - 1
        click(qtbot, wiz, QWizard.WizardButton.FinishButton if last else QWizard.WizardButton.NextButton)
    # Finish shows the results
    qtbot.waitUntil(lambda: controller.results is not None and controller.results.isVisible())
    qtbot.mouseClick(controller.results.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: target.exists())
    pdf_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(target.read_bytes())).pages)
    assert "杭州示例精密部件有限公司" in pdf_text
    aid = controller.current_id
    controller.store.close()

    reopened = AssessmentStore.open(db_path)
    rec = reopened.load(aid)
    assert rec.assessment.answers == EXPECTED
    assert rec.status == "final" and rec.final["rules_hash"]
    reopened.close()


def test_bad_input_blocks_next_and_says_why(home, controller, qtbot):
    wiz = new_on_first_section(controller, qtbot)
    type_into(qtbot, wiz, "firm.name", "甲公司")
    choose_by_keyboard(qtbot, wiz, "firm.sector", "industry")
    page = wiz.currentPage()
    qtbot.waitUntil(page.isComplete)
    type_into(qtbot, wiz, "firm.employees", "-3")
    err = wiz.findChild(QLabel, "error_firm.employees")
    qtbot.waitUntil(lambda: err.isVisible())
    assert err.text() == "须在 0 至 1000000 人 之间"
    assert not wiz.button(QWizard.WizardButton.NextButton).isEnabled()
    editor(wiz, "firm.employees").clear()
    type_into(qtbot, wiz, "firm.employees", "30")
    qtbot.waitUntil(lambda: wiz.button(QWizard.WizardButton.NextButton).isEnabled())
    assert not err.isVisible()


def test_wrong_credit_code_check_digit_names_the_expected_one(home, controller, qtbot):
    wiz = new_on_first_section(controller, qtbot)
    type_into(qtbot, wiz, "firm.credit_code", "91330100MA2B3C4D5X")
    assert wiz.findChild(QLabel, "error_firm.credit_code").text() == "统一社会信用代码校验位不符（应为 N），请核对"


def test_back_and_next_keep_every_value(home, controller, qtbot):
    wiz = new_on_first_section(controller, qtbot)
    type_into(qtbot, wiz, "firm.name", "乙公司")
    choose_by_keyboard(qtbot, wiz, "firm.sector", "industry")
    click(qtbot, wiz, QWizard.WizardButton.NextButton)
    qtbot.waitUntil(lambda: wiz.currentPage() is wiz.section_pages[1])
    type_into(qtbot, wiz, "finance.revenue_y1", "1234")
    click(qtbot, wiz, QWizard.WizardButton.NextButton)
    click(qtbot, wiz, QWizard.WizardButton.BackButton)
    click(qtbot, wiz, QWizard.WizardButton.BackButton)
    qtbot.waitUntil(lambda: wiz.currentPage() is wiz.section_pages[0])
    assert editor(wiz, "firm.name").text() == "乙公司"
    click(qtbot, wiz, QWizard.WizardButton.NextButton)
    assert editor(wiz, "finance.revenue_y1").text() == "1,234"  # grouped once the field is left
    assert controller.store.load(controller.current_id).assessment.answers["finance.revenue_y1"] == 1234


def test_every_answer_is_autosaved_as_typed(home, controller, qtbot):
    wiz = new_on_first_section(controller, qtbot)
    type_into(qtbot, wiz, "firm.name", "丙")
    assert controller.store.load(controller.current_id).assessment.answers == {"firm.name": "丙"}


def test_assessment_date_defaults_to_today(home, controller, today):
    controller.new_assessment()
    assert controller.store.load(controller.current_id).assessment.assessed_on == today == dt.date(2026, 11, 21)
