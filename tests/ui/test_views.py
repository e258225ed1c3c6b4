"""Live panel, results (what-if: test_whatif.py), history, duplicate, sort, recent files, language switching."""

import datetime as dt
import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWizard

from srdi_desktop import paths
from srdi_desktop.core.document import parse_document
from srdi_desktop.service import finalize
from srdi_desktop.ui.dialogs import Confirm, SaveDialog
from srdi_desktop.ui.style import colours, shown_colour

from .test_wizard import choose_by_keyboard, editor, new_on_first_section, type_into

NEAR_SRDI = {"firm.name": "丁公司", "firm.sector": "industry", "firm.employees": 120, "finance.revenue_y1": 3000}


def _demo(controller, content, on=dt.date(2026, 11, 21)):
    a = parse_document(paths.DEMO_FILE.read_bytes(), "demo", content.questionnaire)
    a.assessed_on = on
    return controller.store.import_assessment(a)


def test_the_side_panel_follows_the_answers_as_they_are_typed(home, controller, qtbot):
    wiz = new_on_first_section(controller, qtbot)
    panel = wiz.panel
    assert panel.status_text("srdi_sme") == "信息不全"
    type_into(qtbot, wiz, "firm.name", "戊公司")
    choose_by_keyboard(qtbot, wiz, "firm.sector", "industry")
    wiz.next()
    type_into(qtbot, wiz, "finance.debt_ratio_pct", "95")  # above the 80% line: fails while typing
    qtbot.waitUntil(lambda: panel.status_text("srdi_sme") == "暂不符合")
    assert shown_colour(panel.findChild(QLabel, "tier_srdi_sme_status")) == colours()["unmet"]
    editor(wiz, "finance.debt_ratio_pct").clear()
    type_into(qtbot, wiz, "finance.debt_ratio_pct", "50")
    qtbot.waitUntil(lambda: panel.status_text("srdi_sme") == "信息不全")


def test_results_cards_list_every_condition_and_the_plan(home, controller, qtbot, content):
    """Every condition with its status; for a tier not met, its verified plan (or what blocks it) and no
    single-condition change beside it, since only the plan is verified."""
    aid = _demo(controller, content)
    results = controller.show_results(aid)
    ev = results.ev
    head = results.conclusion.text().splitlines()  # the conclusion opens the window, above the tabs
    assert head[0].startswith("现在可以申请：") and head[1].startswith("下一步：") and head[2].startswith("优先行动：")
    for tier in ev.tiers:
        tid = tier.id
        card = results.tier_cards.cards[tid]
        for c in tier.conditions:
            assert card.findChild(QLabel, f"cond_{tid}_{c.id}").text() in ("满足", "未满足", "待补充", "需专家评审")
        texts = [w.text() for w in card.findChildren(QLabel)]
        if tier.eligible:  # no "all conditions met" under rows that are not met, no gap to close
            assert "差距与最小改动" not in texts and not any("已满足全部条件" in t for t in texts), texts
        if tier.eligible or tier.status in ("needs_review", "verify"):
            continue  # met, or no plan's business (an expert's review, a low-confidence overlay)
        assert tier.plan, tid
        plan = card.findChild(QLabel, f"plan_{tid}").text()
        said = ("最早可于",) if tier.plan.get("verified") else ("三年内没有可行的计划", "先补充")
        assert any(s in plan for s in said), plan
    gap = [t for t in ev.tiers if t.gap]
    assert gap, "the demo firm misses a tier: the view must say what to change"
    roadmap = "\n".join(results.roadmap.texts())
    assert "近期（0–6 个月）" in roadmap and any(f.title["zh"] in roadmap for f in ev.findings)


def test_export_pdf_from_the_results_view(home, controller, qtbot, content, tmp_path, monkeypatch):
    aid = _demo(controller, content)
    target = tmp_path / "r.pdf"
    monkeypatch.setattr(SaveDialog, "ask", classmethod(lambda cls, *a: target))
    results = controller.show_results(aid)
    qtbot.mouseClick(results.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(target.exists)
    assert target.read_bytes().startswith(b"%PDF")
    assert controller.store.recent()[0] == {"path": str(target), "kind": "pdf"}


def _finance_rows(history):
    finance = next(history.tree.topLevelItem(i) for i in range(history.tree.topLevelItemCount())
                   if history.tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) == "finance")
    return {finance.child(i).text(0): [finance.child(i).text(j) for j in (1, 2, 3)]
            for i in range(finance.childCount())}


def _changes(history):
    return sum(history.tree.topLevelItem(i).childCount() for i in range(history.tree.topLevelItemCount()))


def test_duplicate_as_next_year_then_compare_in_history(home, controller, qtbot, content):
    old = _demo(controller, content, dt.date(2025, 11, 20))
    ev = finalize(controller.store, controller.content, old, controller.store.load(old).assessment)
    home.refresh()
    home.select(old)
    qtbot.mouseClick(home.duplicate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: home.row_count() == 2)
    new = home.selected_id()
    assert new != old
    a_old, a_new = controller.store.load(old).assessment, controller.store.load(new).assessment
    assert a_new.assessed_on == controller.today and (a_old.fiscal_year, a_new.fiscal_year) == (2024, 2025)
    assert a_new.answers["finance.revenue_y2"] == a_old.answers["finance.revenue_y1"]
    assert a_new.answers["finance.revenue_y3"] == a_old.answers["finance.revenue_y2"]
    assert "finance.revenue_y1" not in a_new.answers
    assert a_new.to_review == {"finance.debt_ratio_pct", "finance.total_assets", "finance.equity_new_2y",
                               "finance.equity_new_3y"} & a_old.answers.keys()
    qtbot.mouseClick(home.history_button, Qt.MouseButton.LeftButton)
    history = controller.history
    qtbot.waitUntil(history.isVisible)
    assert history.list.rowCount() == 2
    assert [history.list.item(i, 1).text() for i in range(2)] == ["2024 年度", "2025 年度"]
    assert history.before.currentData() == old and history.after.currentData() == new
    assert history.tiers.rowCount() == len(ev.tiers)
    note = history.findChild(QLabel, "criteria_differ")  # 2025 fell under the 2022 rules, 2026 under 2026's
    assert note is not None and note.isVisibleTo(history)
    assert "较早：" in note.text() and ev.criteria.title["zh"] in note.text()
    assert _changes(history) == 0  # copied, nothing entered yet: no false changes from shifted slots
    controller.store.save_answer(new, "finance.revenue_y1", 9999)  # the new year's figure
    controller.store.save_answer(new, "finance.revenue_y2", a_old.answers["finance.revenue_y1"] + 100)  # restated
    history.compare()
    assert _finance_rows(history) == {"营业收入 2025": ["未填写", "9,999 万元", ""],
                                      "营业收入 2024": [f"{a_old.answers['finance.revenue_y1']:,} 万元",
                                                      f"{a_old.answers['finance.revenue_y1'] + 100:,} 万元",
                                                      "+100 万元（修订）"]}
    assert _changes(history) == 2
    history.before.setCurrentIndex(1)  # the same assessment twice: nothing changed
    assert _changes(history) == 0


def test_the_list_sorts_by_any_column_and_shows_tier_badges(home, controller, qtbot, content):
    for name, on in (("乙", dt.date(2024, 1, 1)), ("甲", dt.date(2026, 1, 1)), ("丙", dt.date(2025, 1, 1))):
        controller.store.create(on, "zh", {"firm.name": name})
    aid = _demo(controller, content)
    ev = finalize(controller.store, controller.content, aid, controller.store.load(aid).assessment)
    home.refresh()
    home.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    dates = [home.cell(i, "date") for i in range(home.row_count())]
    assert dates == sorted(dates)
    met = [t.title["zh"] for t in ev.tiers if t.eligible]
    row = next(i for i in range(4) if home.row_id(i) == aid)
    assert home.cell(row, "tiers") == " · ".join(met)


def test_recent_files_reimport_and_missing_ones_are_greyed(home, controller, qtbot, tmp_path):
    doc = tmp_path / "firm.yaml"
    doc.write_bytes(paths.DEMO_FILE.read_bytes())
    controller.import_file(doc)
    gone = tmp_path / "gone.yaml"
    controller.store.add_recent(gone, "doc")
    home._fill_recent()
    actions = {a.text(): a for a in home.recent_menu.actions()}
    assert actions[str(doc)].isEnabled()
    assert not actions[f"{gone} （文件已不存在）"].isEnabled()
    actions[str(doc)].trigger()
    qtbot.waitUntil(lambda: home.row_count() == 2)


def test_switching_language_rebuilds_the_open_wizard_on_the_same_page(home, controller, qtbot):
    wiz = new_on_first_section(controller, qtbot)
    type_into(qtbot, wiz, "firm.name", "己公司")
    choose_by_keyboard(qtbot, wiz, "firm.sector", "industry")
    type_into(qtbot, wiz, "firm.employees", "-3")  # rejected input stays visible, message in the new language
    qtbot.waitUntil(lambda: wiz.findChild(QLabel, "error_firm.employees").isVisible())
    editor(wiz, "firm.employees").clear()
    type_into(qtbot, wiz, "firm.employees", "40")
    wiz.next()
    type_into(qtbot, wiz, "finance.revenue_y1", "abc")
    home.lang_actions["en"].trigger()
    new = controller.wizard
    assert new is not wiz and new.isVisible()
    qtbot.waitUntil(lambda: new.currentPage() is new.section_pages[1])
    assert new.button(QWizard.WizardButton.NextButton).text().replace("&", "").startswith("Next")
    assert new.currentPage().title() == "Financial figures"
    assert editor(new, "finance.revenue_y1").text() == "abc"
    assert new.findChild(QLabel, "error_finance.revenue_y1").text() == "Enter a number"
    new.back()
    assert editor(new, "firm.name").text() == "己公司" and editor(new, "firm.employees").text() == "40"
    assert controller.store.load(controller.current_id).assessment.answers == {
        "firm.name": "己公司", "firm.sector": "industry", "firm.employees": 40}


def test_deleting_asks_first(home, controller, qtbot, monkeypatch):
    aid = controller.store.create(dt.date(2026, 1, 1), "zh", {"firm.name": "庚"})
    home.refresh()
    home.select(aid)
    answers = iter([False, True])
    monkeypatch.setattr(Confirm, "ask", classmethod(lambda cls, *a: next(answers)))
    qtbot.mouseClick(home.delete_button, Qt.MouseButton.LeftButton)
    assert home.row_count() == 1
    qtbot.mouseClick(home.delete_button, Qt.MouseButton.LeftButton)
    assert home.row_count() == 0 and controller.store.list() == []


def test_settings_hold_geometry_and_language_never_answers(home, controller, qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    controller.set_language("en")
    type_into(qtbot, new_on_first_section(controller, qtbot), "firm.name", "辛公司")
    home.close()
    settings = QSettings()
    stored = {k: settings.value(k) for k in settings.allKeys()}
    assert stored["ui/language"] == "en"
    assert not any("辛公司" in str(v) or "firm." in k for k, v in stored.items()), stored
    assert json.dumps(sorted(stored))  # only plain keys


def test_a_final_assessment_can_be_edited_from_its_results_and_finished_again(home, controller, qtbot, content):
    aid = _demo(controller, content)
    finalize(controller.store, controller.content, aid, controller.store.load(aid).assessment)
    results = controller.open_assessment(aid)  # a final one opens on its results
    assert results is controller.results
    qtbot.mouseClick(results.edit_button, Qt.MouseButton.LeftButton)
    wiz = controller.wizard
    qtbot.waitUntil(wiz.isVisible)
    assert editor(wiz, "firm.name").text() == "示例精密部件有限公司"
    wiz.accept()
    qtbot.waitUntil(lambda: controller.results is not None and controller.results.isVisible())
    assert controller.store.load(aid).status == "final"


def test_open_results_and_history_follow_a_language_switch(home, controller, qtbot, content):
    aid = _demo(controller, content)
    results = controller.show_results(aid)
    history = controller.show_history(aid)
    home.lang_actions["en"].trigger()
    assert results.tabs.tabText(0) == "Tiers and gaps" and results.export_button.text() == "Export PDF roadmap…"
    assert history.windowTitle().startswith("History")


def test_markup_in_the_firm_name_shows_as_typed(home, controller, qtbot):
    aid = controller.store.create(dt.date(2026, 11, 21), "zh", {"firm.name": "<b>粗体</b>&amp;公司"})
    results = controller.show_results(aid)
    head = results.findChild(QLabel, "results_head")
    assert head.textFormat() == Qt.TextFormat.PlainText and "<b>粗体</b>&amp;公司" in head.text()
    home.refresh()
    assert home.cell(0, "firm") == "<b>粗体</b>&amp;公司"


def test_a_tier_waiting_for_the_experts_is_drawn_in_the_review_colour(qtbot, content):
    """The HNTE check of a firm meeting every computable line: the card says so, in neither green nor red."""
    from pathlib import Path

    import yaml

    from srdi_desktop.core.evaluate import evaluate
    from srdi_desktop.ui.tier_cards import TierCards

    cases = Path(__file__).resolve().parent.parent / "cases" / "criteria.yaml"
    answers = yaml.safe_load(cases.read_text(encoding="utf-8"))["bases"]["techfirm"]
    ev = evaluate(content, answers, dt.date(2026, 11, 21))
    cards = TierCards(ev, content.questionnaire, "zh")
    qtbot.addWidget(cards)
    card = cards.cards["high_tech"]
    status = card.findChild(QLabel, "card_high_tech_status")
    review_colour = colours()["review"]
    assert status.text() == "其余条件满足，需专家评审" and shown_colour(status) == review_colour
    assert review_colour not in (colours()["met"], colours()["unmet"])
    review = card.findChild(QLabel, "cond_high_tech_hte_innovation")
    assert review.text() == "需专家评审" and shown_colour(review) == review_colour
    assert list(cards.cards)[0] == "tech_sme"  # the ladder's first rung comes first

