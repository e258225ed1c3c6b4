"""Fiscal years: figures compared by calendar year, copy as next year's, and the file's fiscal_year."""

import datetime as dt
import json

import pytest

from srdi_desktop.core.assessment import Assessment
from srdi_desktop.core.compare import delta_label, delta_text, section_deltas
from srdi_desktop.core.document import DocumentError, dump_document, parse_document
from srdi_desktop.core.fiscal import PREVIOUS, fiscal_year_error, next_year_dates, stem_label, year_of
from srdi_desktop.core.rollover import next_year_assessment

D = dt.date(2026, 11, 23)


def finance_changes(qn, before, after):
    return {(d.qid, d.year): d for d in next(s for s in section_deltas(qn, before, after)
                                             if s.section == "finance").changes}


@pytest.mark.parametrize("qid, fy, year", [
    ("finance.revenue_y1", 2025, 2025), ("finance.revenue_y2", 2025, 2024), ("finance.revenue_y3", 2025, 2023),
    ("finance.revenue_y2", 2026, 2025), ("finance.debt_ratio_pct", 2025, None), ("firm.name", 2025, None),
])
def test_a_yearly_figure_belongs_to_a_calendar_year(qid, fy, year):
    assert year_of(qid, fy) == year


@pytest.mark.parametrize("day, fy, ok", [
    (D, 2026, True), (D, 2023, True), (D, 2025, True),  # the window's ends, and the default
    (D, 2027, False), (D, 2022, False), (D, "2025", False), (D, 2025.0, False), (D, True, False), (D, None, False),
])
def test_fiscal_year_window(day, fy, ok):
    msg = fiscal_year_error(fy, day)
    assert (msg is None) == ok
    if not ok:
        assert "fiscal_year" in msg and "2023" in msg and "2026" in msg


def test_the_default_fiscal_year_is_the_year_before_the_date():
    assert Assessment(D).year1 == 2025 and Assessment(D, fiscal_year=2026).year1 == 2026


def test_last_years_y1_in_this_years_y2_is_no_change(content):
    qn = content.questionnaire
    old = Assessment(dt.date(2025, 11, 23), {"finance.revenue_y1": 23500, "finance.revenue_y2": 21000,
                                            "finance.revenue_y3": 19000}, fiscal_year=2024)
    new = Assessment(D, {"finance.revenue_y2": 23500, "finance.revenue_y3": 21000}, fiscal_year=2025)
    assert finance_changes(qn, old, new) == {}
    fin = next(s for s in section_deltas(qn, old, new) if s.section == "finance")
    assert fin.unchanged == 2  # 2024 and 2023 agree; 2022 has left the later window: not a change


def test_a_same_year_figure_that_differs_is_restated(content):
    qn = content.questionnaire
    old = Assessment(dt.date(2025, 11, 23), {"finance.revenue_y1": 23500, "finance.revenue_y2": 21000},
                     fiscal_year=2024)
    new = Assessment(D, {"finance.revenue_y1": 26000, "finance.revenue_y2": 24000, "finance.revenue_y3": 21000},
                     fiscal_year=2025)
    ch = finance_changes(qn, old, new)
    assert set(ch) == {("finance.revenue_y2", 2024), ("finance.revenue_y1", 2025)}
    restated = ch[("finance.revenue_y2", 2024)]
    assert (restated.before, restated.after, restated.restated) == (23500, 24000, True)
    assert delta_text(restated, "zh") == "+500（修订）" and delta_text(restated, "en") == "+500 (restated)"
    assert delta_label(qn, restated, "zh") == "营业收入 2024" and delta_label(qn, restated, "en") == "Revenue 2024"
    added = ch[("finance.revenue_y1", 2025)]  # a year only the later assessment covers: new, not restated
    assert (added.before, added.after, added.restated) == (None, 26000, False)
    assert delta_text(added, "zh") == ""


def test_same_fiscal_year_compares_slot_by_slot_and_other_answers_as_before(content):
    qn = content.questionnaire
    a = Assessment(D, {"finance.revenue_y1": 100, "finance.debt_ratio_pct": 40})
    b = Assessment(D, {"finance.revenue_y1": 100, "finance.debt_ratio_pct": 55})
    ch = finance_changes(qn, a, b)
    assert list(ch) == [("finance.debt_ratio_pct", None)]
    assert delta_text(ch[("finance.debt_ratio_pct", None)], "zh") == "+15"
    assert delta_label(qn, ch[("finance.debt_ratio_pct", None)], "zh") == "资产负债率（上年末）"


def test_every_yearly_question_names_its_figure_without_the_slot(content):
    qn = content.questionnaire
    pairs = set(PREVIOUS) | set(PREVIOUS.values())  # named by the platform, without a year slot
    for q in qn.questions:
        if year_of(q.id, 2025) is not None and q.id not in pairs:
            for lang in ("zh", "en"):
                name = stem_label(q)[lang]
                assert name and "（" not in name and "(" not in name and name != q.label[lang], q.id


@pytest.mark.parametrize("old_day, old_fy, today, new_day, new_fy", [
    (D, 2025, D, D, 2026),  # copied the same day: dated today, next fiscal year
    (dt.date(2025, 11, 20), 2024, D, D, 2025),
    (dt.date(2020, 5, 1), 2019, D, dt.date(2021, 5, 1), 2020),  # too old for today: the anniversary
    (dt.date(2024, 2, 29), 2026 - 3, dt.date(2024, 3, 1), dt.date(2024, 3, 1), 2024),
    (dt.date(2026, 12, 30), 2026, dt.date(2026, 12, 31), dt.date(2027, 12, 30), 2027),  # open year copied
    (dt.date(2024, 2, 29), 2024, dt.date(2024, 3, 1), dt.date(2025, 2, 28), 2025),
])
def test_next_year_dates(old_day, old_fy, today, new_day, new_fy):
    assert next_year_dates(old_day, old_fy, today) == (new_day, new_fy)
    assert fiscal_year_error(new_fy, new_day) is None


def test_copy_as_next_year_moves_the_fiscal_year_and_marks_year_end_figures(content):
    qn = content.questionnaire
    old = Assessment(dt.date(2025, 11, 20), {
        "firm.name": "甲", "finance.revenue_y1": 23500, "finance.revenue_y2": 21000, "finance.revenue_y3": 19000,
        "rd.expense_y1": 900, "rd.expense_y2": 800, "finance.debt_ratio_pct": 45, "finance.total_assets": 30000,
        "finance.equity_new_2y": 0, "ip.class1_count": 3}, "en", None, 2024, {"finance.revenue_y1"})
    new = next_year_assessment(qn, old, D)
    assert (new.assessed_on, new.fiscal_year, new.lang) == (D, 2025, "en")
    assert new.answers == {"firm.name": "甲", "finance.revenue_y2": 23500, "finance.revenue_y3": 21000,
                           "rd.expense_y2": 900, "rd.expense_y3": 800, "finance.debt_ratio_pct": 45,
                           "finance.total_assets": 30000,
                           "finance.equity_new_2y": 0, "ip.class1_count": 3}
    assert new.to_review == {"finance.debt_ratio_pct", "finance.total_assets", "finance.equity_new_2y"}
    assert finance_changes(qn, old, new) == {}  # nothing has changed yet, whatever the slots


def test_the_year_end_figures_are_those_of_the_balance_sheet(content):
    marked = {q.id for q in content.questionnaire.questions if q.rollover == "review"}
    assert marked == {"finance.debt_ratio_pct", "finance.total_assets", "finance.equity_new_2y",
                      "finance.equity_new_3y"}


DOC = "format: srdi-assessment/1\nassessed_on: 2026-11-23\n{fy}lang: zh\nanswers:\n  finance.revenue_y1: 100\n"


@pytest.mark.parametrize("fy_line, expected", [("", 2025), ("fiscal_year: 2026\n", 2026),
                                               ("fiscal_year: 2023\n", 2023)])
def test_file_round_trip_with_and_without_fiscal_year(content, fy_line, expected):
    qn = content.questionnaire
    a = parse_document(DOC.format(fy=fy_line).encode(), "a.yaml", qn)
    assert a.year1 == expected
    for fmt in ("yaml", "json"):
        text = dump_document(a, qn, fmt)
        again = parse_document(text.encode(), f"b.{fmt}", qn)
        assert (again.year1, again.assessed_on, again.answers) == (expected, a.assessed_on, a.answers)
    assert json.loads(dump_document(a, qn, "json"))["format"] == "srdi-assessment/1"


@pytest.mark.parametrize("value", ["2027", "2022", "'2025'", "2025.5", "true", "[2025]"])
def test_a_bad_fiscal_year_is_rejected_with_the_field_and_the_range(content, value):
    with pytest.raises(DocumentError) as exc:
        parse_document(DOC.format(fy=f"fiscal_year: {value}\n").encode(), "a.yaml", content.questionnaire)
    [err] = exc.value.errors
    assert str(err).startswith("a.yaml:3:")
    assert "fiscal_year" in err.message and "from 2023 to 2026" in err.message


def test_a_bad_fiscal_year_in_json_is_rejected_too(content):
    raw = json.dumps({"format": "srdi-assessment/1", "assessed_on": "2026-11-23", "fiscal_year": 2030,
                      "answers": {}}).encode()
    with pytest.raises(DocumentError, match="fiscal_year must be a whole year from 2023 to 2026"):
        parse_document(raw, "a.json", content.questionnaire)


def test_the_draft_saves_details_and_clears_review_marks_as_the_user_acts(content):
    from srdi_desktop.core.draft import Draft

    saved, reviewed, details = [], [], []
    a = Assessment(D, {"finance.debt_ratio_pct": 45, "finance.total_assets": 900, "finance.equity_new_2y": 0},
                   to_review={"finance.debt_ratio_pct", "finance.total_assets", "finance.equity_new_2y"})
    d = Draft(content.questionnaire, a, on_saved=lambda q, v: saved.append(q), on_reviewed=reviewed.append,
              on_details=lambda x: details.append((x.assessed_on, x.fiscal_year, x.criteria)))
    assert d.set("finance.total_assets", "950") is None  # edited: saved, and so reviewed
    assert d.set("finance.debt_ratio_pct", "45") is None  # the same figure typed again: confirmed
    d.confirm("finance.equity_new_2y")
    d.confirm("finance.equity_new_2y")  # twice: reported once
    assert (saved, reviewed, a.to_review) == (["finance.total_assets"],
                                              ["finance.debt_ratio_pct", "finance.equity_new_2y"], set())
    assert "from 2023 to 2026" in d.set_details(D, 2027, None)
    assert details == [] and a.fiscal_year is None
    assert d.set_details(dt.date(2026, 3, 1), 2024, "cn_srdi_2022") is None
    assert d.set_details(dt.date(2026, 3, 1), 2024, "cn_srdi_2022") is None  # unchanged: not saved again
    assert details == [(dt.date(2026, 3, 1), 2024, "cn_srdi_2022")]


@pytest.mark.parametrize(("old_src", "new_src", "old_v", "new_v", "says"), [
    ("estimate", "audited", 23500, 23800, "+300（修订）（来源：估计 → 审计报告）"),  # corrected and re-sourced
    ("estimate", "audited", 23500, 23500, "（来源：估计 → 审计报告）"),  # same figure, now audited: still shown
    ("audited", "audited", 23500, 23800, "+300（修订）"),
    (None, "audited", 23500, 23500, None),  # one side unrecorded: equal figures are no change
])
def test_two_figures_for_one_year_from_different_sources_are_shown_as_such(content, old_src, new_src, old_v, new_v,
                                                                           says):
    """An estimate later replaced by the audited figure is never chosen silently (issue 20)."""
    old = Assessment(dt.date(2025, 11, 23), {"finance.revenue_y1": old_v}, fiscal_year=2024,
                     sources={"finance.revenue_y1": old_src} if old_src else {})
    new = Assessment(D, {"finance.revenue_y2": new_v}, fiscal_year=2025, sources={"finance.revenue_y2": new_src})
    finance = next(s for s in section_deltas(content.questionnaire, old, new) if s.section == "finance")
    rows = {delta_label(content.questionnaire, d, "zh"): d for d in finance.changes}
    if says is None:
        assert "营业收入 2024" not in rows
    else:
        assert delta_text(rows["营业收入 2024"], "zh") == says
