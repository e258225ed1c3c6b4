"""The portfolio window (issue 18): one row per firm, filters, sort, tags, exports, peer benchmarks
with groups under 5 firms hidden."""

import csv
import datetime as dt

import pytest
from PySide6.QtCore import Qt

from srdi_desktop import paths
from srdi_desktop.bench import credit_code
from srdi_desktop.core.document import parse_document
from srdi_desktop.core.evaluate import evaluate
from srdi_desktop.ui.dialogs import Notice, SaveDialog
from srdi_desktop.ui.portfolio import PortfolioWindow, TagsDialog, split_tags


@pytest.fixture
def filled(controller, content):
    """6 firms in industry (5 final and small: 企业5 is a draft, no size yet), 2 in software (medium: a group
    too small to show), and one firm assessed twice."""
    a = parse_document(paths.DEMO_FILE.read_bytes(), "demo", content.questionnaire)
    store = controller.store
    for i in range(8):
        sector = "industry" if i < 6 else "software_it"
        answers = {**a.answers, "firm.name": f"企业{i}", "firm.credit_code": credit_code(i), "firm.sector": sector,
                   "finance.revenue_y1": 8000 + 100 * i}
        aid = store.create(a.assessed_on, "zh", answers)
        if i != 5:
            ev = evaluate(content, answers, a.assessed_on, plans=True)  # as finalizing does
            store.finalize(aid, ev.criteria.id, ev.rules_hash, ev.to_json())
    store.create(a.assessed_on - dt.timedelta(days=400), "zh", {**a.answers, "firm.name": "企业0",
                                                                 "firm.credit_code": credit_code(0)})
    return controller


@pytest.fixture
def window(filled, qtbot):
    w = filled.show_portfolio()
    qtbot.addWidget(w)
    qtbot.waitUntil(lambda: not w.loading)
    return w


def _names(w):
    return [r.firm_name for r in w.model.rows]


def _choose(w, name, value):
    combo = w.combos[name]
    combo.setCurrentIndex(combo.findData(value))


def test_one_row_per_firm_with_its_latest_assessment(window):
    assert sorted(_names(window)) == [f"企业{i}" for i in range(8)]  # 企业0's older assessment is not a row
    assert window.count.text() == "显示 8 / 8 家企业"
    row = next(r for r in window.model.rows if r.firm_name == "企业1")
    i = window.model.rows.index(row)
    shown = {c: window.model.text(i, c) for c in ("region", "sector", "size", "met", "apply", "next", "next_on")}
    assert shown["region"] == "上海" and shown["sector"] == "工业（含制造业）" and shown["size"] == "小型"
    assert shown["apply"] and shown["apply"] in shown["met"] and shown["next"] and shown["next_on"][:2] == "20"


@pytest.mark.parametrize("name, value, expected", [
    ("sector", "software_it", ["企业6", "企业7"]),
    ("region", "11", ["企业0"]),  # credit_code(i) cycles provinces: 0 → 11
    ("size", "small", [f"企业{i}" for i in range(5)]),
    ("size", "medium", ["企业6", "企业7"]),
])
def test_each_filter_narrows_the_rows(window, name, value, expected):
    _choose(window, name, value)
    assert sorted(_names(window)) == expected


def test_final_only_and_the_tier_filter(window):
    window.final_only.setChecked(True)
    assert "企业5" not in _names(window) and len(_names(window)) == 7
    tier = next(window.combos["tier"].itemData(i) for i in range(1, window.combos["tier"].count()))
    _choose(window, "tier", tier)
    assert all(tier in r.met for r in window.model.rows) and window.model.rows


def test_sorting_by_a_column_orders_the_rows(window):
    window.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert _names(window) == sorted(_names(window), reverse=True)
    window.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert _names(window) == sorted(_names(window))


def test_tags_are_kept_per_firm_and_filter(window, filled, monkeypatch):
    window.table.selectRow(_names(window).index("企业3"))
    monkeypatch.setattr(TagsDialog, "ask", classmethod(lambda cls, p, t, prompt, text: "重点， 2027申报,重点"))
    window.edit_tags()
    assert filled.store.tags(credit_code(3)) == ["2027申报", "重点"]
    assert window.selected().firm_name == "企业3" and window.selected().tags == ("2027申报", "重点")
    _choose(window, "tag", "重点")
    assert _names(window) == ["企业3"]
    assert split_tags(" a ,b，, a") == ["a", "b"]


def test_benchmarks_show_percentiles_of_a_big_enough_group_and_hide_a_small_one(window):
    window.table.selectRow(_names(window).index("企业2"))
    bench = window.bench
    revenue = [bench.item(r, 0).text() for r in range(bench.rowCount())].index("营业收入（上年，万元）")
    assert bench.item(revenue, 1).text() == "8,200"
    assert [bench.item(revenue, c).text() for c in (2, 3, 4)] == ["8,100", "8,200", "8,300"]  # 8000..8400
    assert "（5 家）" in window.bench_title.text()  # the draft has no size yet: not a peer
    window.table.selectRow(_names(window).index("企业6"))  # software × medium: 2 firms
    assert bench.item(revenue, 2).text().startswith("同组企业少于 5 家")


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_exports_write_what_is_shown(window, tmp_path, monkeypatch, kind):
    target = tmp_path / f"out.{kind}"
    monkeypatch.setattr(SaveDialog, "ask", classmethod(lambda cls, *a: target))
    told = []
    monkeypatch.setattr(Notice, "show", classmethod(lambda cls, p, t, text: told.append(text)))
    _choose(window, "sector", "industry")
    assert window.export(kind) == target and str(target) in told[0]
    if kind == "csv":
        lines = list(csv.reader(target.read_text(encoding="utf-8-sig").splitlines()))
    else:
        import openpyxl

        lines = [[c.value or "" for c in r] for r in openpyxl.load_workbook(target).active.iter_rows()]
    assert lines[0][0] == "企业" and len(lines) == 1 + 6
    assert sorted(line[0] for line in lines[1:]) == [f"企业{i}" for i in range(6)]
    assert not list(tmp_path.glob("*.tmp*"))  # written whole, then renamed


def test_the_window_in_english_and_its_look(window, qtbot, tmp_path):
    window.resize(1280, 680)
    window.table.selectRow(0)
    window.grab().save(str(tmp_path / "portfolio-zh.png"))
    window.set_language("en")
    assert window.windowTitle() == "Portfolio of firms" and window.count.text() == "8 of 8 firms shown"
    assert window.model.text(_names(window).index("企业1"), "size") == "small"
    window.grab().save(str(tmp_path / "portfolio-en.png"))


def test_the_home_window_opens_the_portfolio_from_its_menu(filled, qtbot):
    from srdi_desktop.ui.home import HomeWindow

    home = HomeWindow(filled)
    qtbot.addWidget(home)
    home.portfolio_action.trigger()
    assert isinstance(filled.portfolio, PortfolioWindow) and filled.portfolio.isVisible()
    assert home.portfolio_menu.title() == "组合"


def test_the_firms_are_read_off_the_window_thread_and_the_window_answers_meanwhile(filled, qtbot, monkeypatch):
    import threading

    from srdi_desktop.storage import store as store_module

    release, seen = threading.Event(), []
    real = store_module.portfolio_of

    def slow(path):
        seen.append(threading.current_thread().name)
        release.wait(10)  # as a store of 100,000 assessments would take
        return real(path)

    monkeypatch.setattr(store_module, "portfolio_of", slow)
    w = filled.show_portfolio()
    qtbot.addWidget(w)
    assert w.loading and w.count.text() == "正在读取各企业的最新评估……" and w.model.rows == []
    ticks = []
    qtbot.waitUntil(lambda: (ticks.append(1) or len(ticks) > 3))  # the event loop runs while it reads
    release.set()
    qtbot.waitUntil(lambda: not w.loading)
    assert seen == ["portfolio-read"] and len(w.model.rows) == 8 and w.count.text() == "显示 8 / 8 家企业"


def test_a_file_the_thread_cannot_read_is_read_by_the_app_instead(filled, qtbot, monkeypatch):
    from srdi_desktop.storage import store as store_module

    def locked(path):
        raise OSError("database is locked")

    monkeypatch.setattr(store_module, "portfolio_of", locked)
    w = filled.show_portfolio()
    qtbot.addWidget(w)
    qtbot.waitUntil(lambda: not w.loading)
    assert len(w.model.rows) == 8


def test_a_newer_read_wins_over_an_older_one(window, qtbot):
    window._show_rows(window._generation - 1, [])  # a late answer to an earlier read
    assert len(window.model.rows) == 8
    window.reload()
    qtbot.waitUntil(lambda: not window.loading)
    assert len(window.model.rows) == 8
