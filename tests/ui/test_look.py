"""What a manager sees first (issue 21): the welcome with its two big actions, the example firm opened
read-only, the empty views that say what would fill them, the ladder in the list and above the results,
the roadmap columns in the PDF's order, the toolbar's primary action, tooltips and shortcuts, and an
accessible name on every control in both languages."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QWidget,
)

from srdi_desktop import paths, service
from srdi_desktop.core.document import parse_document
from srdi_desktop.core.present import present
from srdi_desktop.service import finalize
from srdi_desktop.ui.assessment_list import COLUMNS
from srdi_desktop.ui.dialogs import SaveDialog
from srdi_desktop.ui.style import colours, shown_colour

from .layout_checks import CJK, NEUTRAL, clipped, missing_glyphs


def _final_demo(controller, content, day=dt.date(2025, 11, 20)) -> str:
    a = parse_document(paths.DEMO_FILE.read_bytes(), "demo", content.questionnaire)
    a.assessed_on = day
    aid = controller.store.import_assessment(a)
    finalize(controller.store, controller.content, aid, controller.store.load(aid).assessment)
    controller.list_changed.emit()
    return aid


def unnamed(root: QWidget, lang: str) -> list[str]:
    """Controls a screen reader could not name (or, in the Chinese UI, names only in English)."""
    bad = []
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root):
            continue
        if isinstance(w.parent(), QAbstractSpinBox):
            continue  # a spin box's own line edit: the spin box carries the name
        if isinstance(w, QAbstractButton):
            name = w.accessibleName() or w.text()
        elif isinstance(w, QHeaderView):
            continue  # read through its table
        elif isinstance(w, (QLineEdit, QComboBox, QAbstractItemView, QAbstractSpinBox)):
            name = w.accessibleName()
            if isinstance(w, QAbstractItemView) and w.parent() is not None and isinstance(w.parent().parent(),
                                                                                         QComboBox):
                continue  # a combo box's own pop-up list: the combo box carries the name
        else:
            continue
        name = name.replace("&", "")
        if not name.strip():
            bad.append(f"{type(w).__name__} {w.objectName()!r}: no name")
        elif lang == "zh" and not CJK.search(name) and not NEUTRAL.match(name):
            bad.append(f"{type(w).__name__} {w.objectName()!r}: {name!r} not in Chinese")
    return bad


# -- the first run ------------------------------------------------------------------------------


@pytest.mark.parametrize("lang,intro,demo", [("zh", "专精特新", "打开示例企业"),
                                             ("en", "SRDI", "Open the example firm")])
def test_the_first_run_says_what_the_app_does_and_offers_two_ways_in(home, controller, qtbot, lang, intro, demo):
    controller.set_language(lang)
    qtbot.waitExposed(home)
    qtbot.waitUntil(lambda: not clipped(home))  # laid out again in the new language
    assert home.welcome.isVisible() and not home.table.isVisible()
    assert intro in home.intro.text() and home.intro.text().count("。" if lang == "zh" else ".") <= 2
    assert home.welcome_new.text() == home.new_button.text() and home.welcome_demo.text() == demo
    assert home.welcome_new.property("primary") and not home.welcome_demo.property("primary")
    assert not missing_glyphs(home)


def test_the_example_firm_opens_read_only_and_nothing_is_saved(home, controller, qtbot, db_path):
    qtbot.waitExposed(home)
    qtbot.mouseClick(home.welcome_demo, Qt.MouseButton.LeftButton)
    results = controller.results
    qtbot.waitUntil(lambda: results is not None and results.isVisible())
    assert results.demo and "示例企业（只读）" in results.windowTitle()
    assert results.findChild(QLabel, "demo_banner").isVisible()
    assert not results.edit_button.isVisible()  # nothing to edit: it is not the user's assessment
    assert results.conclusion.text().startswith("现在可以申请：")
    assert [r.state for r in results.ladder.ladder][:3] == ["met", "met", "next"]
    assert controller.store.list() == [] and home.welcome.isVisible()  # nothing stored, still the first run


@pytest.mark.slow
def test_the_example_firm_exports_its_pdf(home, controller, qtbot, tmp_path, monkeypatch):
    target = tmp_path / "demo.pdf"
    monkeypatch.setattr(SaveDialog, "ask", classmethod(lambda cls, *a, **k: target))
    results = controller.show_demo()
    qtbot.waitExposed(results)
    qtbot.mouseClick(results.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(target.exists)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(target.read_bytes())).pages)
    assert "示例精密部件有限公司" in text
    assert controller.store.list() == []


def test_new_from_the_welcome_opens_the_wizard_and_the_list_replaces_it(home, controller, qtbot):
    qtbot.waitExposed(home)
    qtbot.mouseClick(home.welcome_new, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.wizard is not None and controller.wizard.isVisible())
    controller.wizard.reject()
    qtbot.waitUntil(lambda: home.table.isVisible())
    assert not home.welcome.isVisible() and home.row_count() == 1


def test_a_search_that_finds_nothing_says_so(home, controller, qtbot, content):
    _final_demo(controller, content)
    qtbot.waitUntil(lambda: home.row_count() == 1)
    home.search.setText("乙公司")
    qtbot.waitUntil(lambda: home.empty.isVisible())
    assert "乙公司" in home.empty.text() and not home.welcome.isVisible()  # not the first run
    home.search.setText("")
    qtbot.waitUntil(lambda: not home.empty.isVisible())
    assert home.row_count() == 1


def test_history_of_one_assessment_says_what_would_fill_it(home, controller, qtbot, content):
    aid = _final_demo(controller, content)
    history = controller.show_history(aid)
    qtbot.waitExposed(history)
    single = history.findChild(QLabel, "history_single")
    assert single.isVisible() and "复制为下一年度" in single.text()
    assert not history.before.isVisible()
    new = controller.duplicate_as_next_year(aid)
    history = controller.show_history(new)
    qtbot.waitExposed(history)
    assert not history.findChild(QLabel, "history_single").isVisible() and history.before.isVisible()


def test_what_if_without_figures_says_what_would_fill_it(home, controller, qtbot, content):
    aid = controller.store.create(dt.date(2026, 11, 21), "zh")
    results = controller.show_results(aid)
    qtbot.waitExposed(results)
    assert results.whatif.findChild(QLabel, "whatif_empty") is not None
    demo = controller.show_demo()
    assert demo.whatif.findChild(QLabel, "whatif_empty") is None  # the example has figures


# -- the ladder ---------------------------------------------------------------------------------


def test_the_home_list_draws_each_final_assessment_as_a_ladder(home, controller, qtbot, content):
    aid = _final_demo(controller, content)
    qtbot.waitUntil(lambda: home.row_count() == 1)
    ladder = controller.ladder_of(aid)
    assert [r.state for r in ladder] == ["met", "met", "next", "later", "later"]
    index = home.model.index(0, COLUMNS.index("tiers"))
    text = home.ladders.text(ladder)
    assert text.startswith("科技和创新型 → 专精特新 · 计划 ") and ladder[2].plan_date in text
    size = home.ladders.sizeHint(_option(home), index)
    assert home.table.columnWidth(COLUMNS.index("tiers")) >= size.width() - 2  # not cut off
    cell = home.table.viewport().grab(home.table.visualRect(index)).toImage()
    met = QColor(colours()["met"])
    painted = {cell.pixelColor(x, y).name() for x in range(cell.width()) for y in range(cell.height())}
    assert met.name() in painted  # the met rungs are drawn (beside the words)
    draft = controller.store.create(dt.date(2026, 11, 21), "zh")
    assert controller.ladder_of(draft) is None  # a draft has no result: the cell keeps its words


def _option(home):
    from PySide6.QtWidgets import QStyleOptionViewItem

    opt = QStyleOptionViewItem()
    home.table.initViewItemOption(opt)
    return opt


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_results_open_with_the_ladder_and_the_conclusion_above_the_tabs(controller, qtbot, lang):
    controller.set_language(lang)
    results = controller.show_demo()
    qtbot.waitExposed(results)
    y = {w: w.mapTo(results, w.rect().topLeft()).y() for w in (results.ladder, results.conclusion, results.tabs)}
    assert y[results.ladder] < y[results.conclusion] < y[results.tabs]
    nxt = results.ladder.rungs["srdi_sme"]
    state = nxt.findChild(QLabel, "rung_srdi_sme_state").text()
    assert state == ("计划 " if lang == "zh" else "plan ") + results.ladder.ladder[2].plan_date
    met = results.ladder.rungs["tech_sme"].findChild(QLabel, "rung_tech_sme_state")
    assert met.text() == ("已符合" if lang == "zh" else "met")  # in words beside the colour
    assert shown_colour(met) == colours()["on_accent"]
    assert not missing_glyphs(results) and not clipped(results)


# -- the roadmap columns --------------------------------------------------------------------------


@pytest.mark.slow
def test_the_roadmap_columns_follow_the_pdf(controller, qtbot, content):
    results = controller.show_demo()
    qtbot.waitExposed(results)
    view = present(results.ev, content.questionnaire, "zh")
    assert results.roadmap.card_titles() == [[a.title for a in h.actions] for h in view.roadmap]
    assert [c.objectName() for c in results.roadmap.columns] == ["horizon_0-6m", "horizon_6-18m", "horizon_18-36m"]
    pdf = service.pdf_bytes(content, results.assessment, results.ev, "zh")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    first = view.roadmap[0].title
    text = text[text.index(first, text.index("行动路线图\n" + first) + len(first) + 6):]  # after the timeline
    at = 0
    for title in (t for col in results.roadmap.card_titles() for t in col):  # each after the one before
        at = text.find(title, at)
        assert at >= 0, title


def test_an_action_card_unfolds_to_its_steps_and_basis(controller, qtbot):
    results = controller.show_demo()
    results.tabs.setCurrentWidget(results.roadmap)
    qtbot.waitExposed(results)
    card = results.roadmap.columns[0].cards[0]
    a = results.view.roadmap[0].actions[0]
    facts = card.findChild(QLabel, f"action_{a.id}_facts").text()
    assert facts == f"优先级 {a.priority} · 投入 " + {"low": "小", "medium": "中", "high": "大"}[a.effort]
    assert a.closes and card.findChild(QLabel, f"action_{a.id}_closes").text().startswith("帮助达成：")
    assert not card.details.isVisible()
    qtbot.mouseClick(card.toggle, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(card.details.isVisible)
    steps = card.findChild(QLabel, f"action_{a.id}_steps").text()
    assert steps.startswith("1. " + a.steps[0])
    assert card.findChild(QLabel, f"action_{a.id}_basis").text() == a.meta and card.toggle.text() == "收起"


# -- toolbar, tooltips, shortcuts, names ------------------------------------------------------------


@pytest.mark.parametrize("lang,shortcut", [("zh", "Ctrl+N"), ("en", "Ctrl+N")])
def test_one_primary_action_with_tooltips_that_name_the_shortcuts(home, controller, qtbot, lang, shortcut):
    controller.set_language(lang)
    buttons = [home.new_button, home.open_button, home.results_button, home.duplicate_button,
               home.history_button, home.import_button, home.delete_button]
    assert [b.property("primary") is True for b in buttons] == [True] + [False] * 6
    tips = [b.toolTip() for b in buttons]
    assert all(tips) and len(set(tips)) == len(tips)
    assert shortcut in home.new_button.toolTip() and "Ctrl+O" in home.open_button.toolTip()
    assert all(not b.icon().isNull() for b in buttons)
    assert home.new_button.shortcut().toString() == "Ctrl+N" and home.open_button.shortcut().toString() == "Ctrl+O"
    assert home.export_actions["pdf"].shortcut().toString() == "Ctrl+E"
    assert "Ctrl+E" in home.export_actions["pdf"].toolTip()
    if lang == "zh":
        assert all(CJK.search(t) for t in tips)


def test_the_shortcuts_do_what_they_say(home, controller, qtbot, content):
    from PySide6.QtTest import QTest

    aid = _final_demo(controller, content)
    qtbot.waitUntil(lambda: home.row_count() == 1)
    home.select(aid)
    home.activateWindow()
    qtbot.waitActive(home)
    # Ctrl+O: a final assessment opens its results
    QTest.keyClick(home.windowHandle(), Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: controller.results is not None and controller.results.isVisible())
    results = controller.results
    asked = []
    results.on_export = lambda: asked.append("pdf")  # the PDF itself: test_views, test_exports
    results.activateWindow()
    qtbot.waitActive(results)
    QTest.keyClick(results.windowHandle(), Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: asked == ["pdf"])
    results.close()
    home.activateWindow()
    qtbot.waitActive(home)
    QTest.keyClick(home.windowHandle(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: controller.wizard is not None and controller.wizard.isVisible())
    controller.wizard.reject()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_control_has_a_name_in_the_language_shown(home, controller, qtbot, content, lang):
    _final_demo(controller, content)
    controller.set_language(lang)
    qtbot.waitUntil(lambda: home.row_count() == 1)
    assert not unnamed(home, lang), unnamed(home, lang)
    results = controller.show_demo()
    for i in range(results.tabs.count()):
        results.tabs.setCurrentIndex(i)
        qtbot.waitExposed(results)
        assert not unnamed(results, lang), (i, unnamed(results, lang))
    assert results.ladder.accessibleName() == ("认定阶梯" if lang == "zh" else "Recognition ladder")
    assert ("已符合" if lang == "zh" else "met") in results.ladder.accessibleDescription()
    wiz = controller.new_assessment()
    for _pid in wiz.page_ids():  # every wizard page, its inputs, sources and Qt's own buttons
        qtbot.waitExposed(wiz)
        assert not unnamed(wiz, lang), (wiz.current_page_id(), unnamed(wiz, lang))
        wiz.next()
    wiz.reject()
