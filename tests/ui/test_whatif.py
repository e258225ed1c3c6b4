"""The what-if tab: every kind of answer a tier or the advice reads, per tier saved → changed, the filter,
and the saved answers left byte-for-byte as they were."""

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QScrollArea, QToolButton

from srdi_desktop import paths
from srdi_desktop.core.document import parse_document
from srdi_desktop.core.reads import questions_read
from srdi_desktop.ui.style import colours

from .layout_checks import clipped, missing_glyphs, untranslated

OUT = Path(__file__).resolve().parents[2] / "out"  # screenshots for a person to look at (untracked)
SCREEN = (1366, 728)  # a 1366×768 screen less a 40-pixel taskbar

# The demo firm shrinking (revenue falls two years running) and holding neither the technology-SME
# nor the high-tech title: the innovative-SME score misses the growth line, so the first tier is not met.
SHRINKING = {"title.tech_sme": False, "title.high_tech_enterprise": False,
             "finance.revenue_y2": 9000, "finance.revenue_y3": 9500,
             "finance.main_revenue_y2": 8000, "finance.main_revenue_y3": 8500}


def _import(controller, content, changes):
    a = parse_document(paths.DEMO_FILE.read_bytes(), "demo", content.questionnaire)
    a.assessed_on = dt.date(2026, 11, 21)
    a.answers.update(changes)
    return controller.store.import_assessment(a)


def _stored_rows(db_path):
    """Every stored byte of every assessment, read straight from the file (not through the app)."""
    with sqlite3.connect(db_path) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {t: db.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall() for t in tables
                if "assessment" in t or "answer" in t}


@pytest.fixture
def opened(home, controller, content, qtbot):
    """(results window, what-if panel, assessment id) for the shrinking firm, what-if tab showing."""
    def open_(changes=SHRINKING):
        aid = _import(controller, content, changes)
        results = controller.show_results(aid)
        results.tabs.setCurrentWidget(results.whatif)
        qtbot.waitExposed(results)
        return results, results.whatif, aid
    return open_


def choose(qtbot, box: QComboBox, value):
    """Pick an item with the arrow keys, as a keyboard user would (each step is an 'activated')."""
    box.setFocus()
    target = box.findData(value)
    assert target >= 0, value
    while box.currentIndex() != target:
        qtbot.keyClick(box, Qt.Key.Key_Down if box.currentIndex() < target else Qt.Key.Key_Up)


def test_offered_questions_are_those_the_content_reads(opened, content):
    results, w, _ = opened()
    read = questions_read(content)
    assert set(w.offered) == read
    assert "firm.name" not in read and "firm.credit_code" not in read  # read by nothing: not offered
    types = {content.questionnaire[q].type for q in read}
    assert {"bool", "choice", "multichoice", "int", "money", "pct"} <= types
    for qid in ("title.tech_sme", "rd.institution_level", "product.fields", "product.chain_role",
                "award.sci_tech_level", "award.quality_award"):
        assert qid in read


def test_a_title_flips_the_first_tier_to_eligible(opened, qtbot, controller, db_path):
    results, w, aid = opened()
    before = _stored_rows(db_path)
    assert len(before["answers"]) > 50 and len(before["assessments"]) == 1  # there is something to compare
    assert w.status_text("innovative_sme") == "暂不符合"
    assert w.cell_text("innovative_sme", "conditions") == "4/11"
    choose(qtbot, w.editor("title.tech_sme").input, True)
    qtbot.waitUntil(lambda: w.status_text("innovative_sme") == "暂不符合 → 符合")
    assert w.cell_text("innovative_sme", "conditions") == "4/11 → 5/11"
    def ground(label):  # the colour painted behind the text
        return label.grab().toImage().pixelColor(1, 1).name()

    assert ground(w.cells["innovative_sme"][1]) == colours()["changed"]  # the changed cell is marked
    assert ground(w.cells["little_giant"][1]) != colours()["changed"]  # an unchanged one is not
    assert "有效期内的科技型中小企业：未满足 → 满足" in w.moved.text()
    assert w.changed_answers() == ["title.tech_sme"]
    assert w.findChild(QLabel, "whatif_change_title.tech_sme").text() == "科技型中小企业（入库有效）：否 → 是"
    assert _stored_rows(db_path) == before
    assert controller.store.load(aid).assessment.answers["title.tech_sme"] is False


@pytest.mark.parametrize(("level", "points"), [("city", "49 / 100 分"), ("provincial", "49 → 53 / 100 分"),
                                               ("national", "49 → 55 / 100 分")])
def test_the_rd_institution_level_moves_the_points(opened, qtbot, level, points):
    results, w, _ = opened()
    assert w.cell_text("srdi_sme", "points") == "49 / 100 分"
    choose(qtbot, w.editor("rd.institution_level").input, level)
    qtbot.waitUntil(lambda: w.cell_text("srdi_sme", "points") == points)
    assert ("→" in w.status_text("innovative_sme")) == (level != "city")  # a provincial centre is a direct route


def test_a_multichoice_answer_counts_and_undo_takes_it_back(opened, qtbot):
    results, w, _ = opened({**SHRINKING, "product.chain_role": "none", "product.fields": []})
    assert w.cell_text("little_giant", "conditions") == "10/19"
    ed = w.editor("product.fields")
    qtbot.mouseClick(ed.checks["six_foundations"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.cell_text("little_giant", "conditions") == "10/19 → 11/19")
    assert "→" in w.cell_text("srdi_sme", "points")  # 工业六基 also scores
    choose(qtbot, w.editor("product.chain_role").input, "fills_gap")
    qtbot.waitUntil(lambda: w.changed_answers() == ["product.fields", "product.chain_role"])
    undo = w.findChild(QToolButton, "whatif_undo_product.fields")
    qtbot.mouseClick(undo, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.changed_answers() == ["product.chain_role"])
    assert not ed.checks["six_foundations"].isChecked()  # the editor shows the saved answer again
    assert w.draft.answers["product.chain_role"] == "fills_gap"  # the other change stays


def test_bad_input_is_explained_and_reset_restores_everything(opened, qtbot, controller, db_path):
    results, w, aid = opened({})  # the demo firm as it is: the first tier met
    before = _stored_rows(db_path)
    saved_json = json.dumps(controller.store.load(aid).assessment.answers, sort_keys=True, ensure_ascii=False)
    box = w.editor("firm.employees").input
    assert isinstance(box, QLineEdit)
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, "5000")
    revenue = w.editor("finance.revenue_y1").input
    revenue.setFocus()
    revenue.selectAll()
    qtbot.keyClicks(revenue, "500000")  # now a large firm: no tier is open to it
    qtbot.waitUntil(lambda: w.status_text("innovative_sme") == "符合 → 暂不符合")
    assert "属于中小企业（按划型标准）：满足 → 未满足" in w.moved.text()
    qtbot.keyClicks(box, "x")  # the wizard's message, and the last good figure still counts
    assert w.editors["firm.employees"].error.text() == "请输入整数"
    assert w.draft.answers["firm.employees"] == 5000
    qtbot.mouseClick(w.reset_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: box.text() == "186")
    assert not w.editors["firm.employees"].error.isVisible()
    assert w.status_text("innovative_sme") == "符合"
    assert not w.moved.isVisible()
    assert w.changed_answers() == []
    assert _stored_rows(db_path) == before
    assert json.dumps(controller.store.load(aid).assessment.answers, sort_keys=True, ensure_ascii=False) == saved_json


def test_a_conditional_question_appears_when_its_condition_holds(opened, qtbot):
    results, w, _ = opened()
    w.editor("award.sci_tech_level")
    rank = w.editors["award.sci_tech_rank"]
    assert not rank.isVisibleTo(w)  # no award, no rank to ask for
    choose(qtbot, w.editors["award.sci_tech_level"].input, "provincial")
    qtbot.waitUntil(lambda: rank.isVisibleTo(w))


def test_the_filter_finds_questions_by_label_and_keeps_the_rest_out_of_the_way(opened, qtbot, content):
    results, w, _ = opened()
    assert all(not g.header.isChecked() for g in w.groups.values())  # folded: the sections fit on one screen
    w.filter_box.setFocus()
    w.filter_box.insert("研发")  # as an input method commits it (QTest types Latin keys only)
    qn = content.questionnaire
    shown = {qid for g in w.groups.values() if g.isVisibleTo(w) for qid, ed in g.editors.items()
             if ed.isVisibleTo(w)}
    assert {"rd.expense_y1", "rd.institution_level", "rd.staff"} <= shown
    assert all("研发" in qn[q].label["zh"] or qn[q].id.startswith("rd.") for q in shown)
    assert not w.groups["titles"].isVisibleTo(w)
    w.filter_box.clear()
    qtbot.keyClicks(w.filter_box, "r&d staff")  # the other language, any case, finds it too
    qtbot.waitUntil(lambda: w.groups["rd"].editors["rd.staff"].isVisibleTo(w))
    assert not w.groups["rd"].editors["rd.expense_y1"].isVisibleTo(w)
    w.filter_box.clear()
    w.filter_box.insert("无此问题")
    qtbot.waitUntil(lambda: w.no_match.isVisibleTo(w))
    assert "无此问题" in w.no_match.text()
    w.filter_box.clear()
    qtbot.waitUntil(lambda: all(g.isVisibleTo(w) and not g.header.isChecked() for g in w.groups.values()))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_tab_fits_a_small_laptop_screen_in_both_languages(opened, qtbot, controller, lang):
    controller.set_language(lang)
    results, w, _ = opened()
    assert results.minimumSizeHint().width() <= SCREEN[0] and results.minimumSizeHint().height() <= SCREEN[1]
    results.resize(*SCREEN)
    qtbot.waitUntil(lambda: results.width() == SCREEN[0] and results.height() == SCREEN[1])
    OUT.mkdir(exist_ok=True)
    shots = [("folded", lambda: None)]
    needle = "研发" if lang == "zh" else "R&D"
    shots.append(("filtered", lambda: w.filter_box.insert(needle)))
    shots.append(("changed", lambda: (w.filter_box.clear(), choose(qtbot, w.editor("title.tech_sme").input, True),
                                      choose(qtbot, w.editor("rd.institution_level").input, "national"))))
    for name, act in shots:
        act()
        try:  # the layout settles in posted events after a change
            qtbot.waitUntil(lambda: not clipped(w), timeout=2000)
        except qtbot.TimeoutError:
            results.grab().save(str(OUT / f"whatif_{lang}_{name}_FAILED.png"))
            raise AssertionError((name, clipped(w))) from None
        assert results.grab().save(str(OUT / f"whatif_{lang}_{name}.png"))
        assert not w.question_area.horizontalScrollBar().isVisible(), name
        for area in w.findChildren(QScrollArea):  # a scroll bar that appears narrows the viewport: let it settle
            qtbot.waitUntil(lambda a=area: a.widget().width() <= a.viewport().width(), timeout=2000)
        assert not missing_glyphs(results), (name, missing_glyphs(results))
        if lang == "zh":
            assert not untranslated(w), (name, untranslated(w))
    assert "→" in w.status_text("innovative_sme")
