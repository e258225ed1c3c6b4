"""Numbers one way (issue 16 item 6): one function per kind of number, both languages, as a table of cases."""

import pytest

from srdi_desktop.core.expr import UNKNOWN
from srdi_desktop.core.format import (
    expr_unit,
    fmt_count,
    fmt_money,
    fmt_number,
    fmt_pct,
    fmt_points,
    fmt_quantity,
    fmt_signed,
    fmt_value,
)

MONEY = {"zh": "万元", "en": "(10k CNY)"}
PCT = {"zh": "%", "en": "%"}


@pytest.mark.parametrize("v, expected", [
    (0, "0"), (7, "7"), (1500, "1,500"), (23500, "23,500"), (1234567, "1,234,567"), (-1200, "-1,200"),
    (2.0, "2"), (6833.333, "6,833.33"), (0.5, "0.5"), (-0.004, "0"), (1e15, "1,000,000,000,000,000"),
    (None, "—"), (UNKNOWN, "—"), (float("nan"), "—"), (float("inf"), "—"),
])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_plain_numbers_group_by_thousands_in_both_languages(v, expected, lang):
    assert fmt_number(v, lang) == expected


@pytest.mark.parametrize("v, expected", [
    (3.9, "3.9%"), (94.04, "94.04%"), (94.14, "94.1%"), (48, "48%"), (11.76, "11.8%"), (0, "0%"),
    (2.56, "2.6%"), (100, "100%"), (-3.25, "-3.2%"), (62.5, "62.5%"),
    # one decimal would print a whole number the value is not (2.96 → "3%" beside a "≥ 3%" it fails)
    (2.96, "2.96%"), (79.96, "79.96%"), (2.999, "3%"), (None, "—"),
])
def test_percentages_have_one_decimal(v, expected):
    assert fmt_pct(v, "zh") == expected == fmt_pct(v, "en")


@pytest.mark.parametrize("v, zh, en", [
    (8200, "8,200 万元", "RMB 82 million"),
    (9100, "9,100 万元", "RMB 91 million"),
    (246, "246 万元", "RMB 2.46 million"),
    (1500, "1,500 万元", "RMB 15 million"),
    (50, "50 万元", "RMB 500,000"),
    (0, "0 万元", "RMB 0"),
    (107100, "107,100 万元", "RMB 1.07 billion"),
    (6833.33, "6,833.33 万元", "RMB 68.33 million"),
    (-610, "-610 万元", "RMB -6.1 million"),
    (None, "—", "—"),
])
def test_money_in_10k_yuan_and_in_english_words(v, zh, en):
    assert fmt_money(v, "zh") == zh
    assert fmt_money(v, "en") == en


@pytest.mark.parametrize("v, unit, lang, expected", [
    (1, "standards", "en", "1 standard"), (2, "standards", "en", "2 standards"), (0, "items", "en", "0 items"),
    (1, "items", "en", "1 item"), (1, "years", "en", "1 year"), (7, "years", "en", "7 years"),
    (1, "persons", "en", "1 person"), (1, "points", "en", "1 point"), (1.5, "points", "en", "1.5 points"),
    (5, "rank", "en", "No. 5"), (5, "名", "zh", "第 5 名"), (2, "level", "en", "level 2"), (2, "级", "zh", "2 级"),
    (3, "of 4", "en", "3 of 4"), (1200, "persons", "en", "1,200 persons"), (7, "年", "zh", "7 年"),
    (3, "", "en", "3"), (None, "items", "en", "—"),
])
def test_counts_take_plurals_ranks_and_levels(v, unit, lang, expected):
    assert fmt_count(v, unit, lang) == expected


@pytest.mark.parametrize("v, unit, lang, expected", [
    (8200, MONEY, "zh", "8,200 万元"), (8200, MONEY, "en", "RMB 82 million"), (92.68, PCT, "zh", "92.7%"),
    (3, {"zh": "项", "en": "items"}, "zh", "3 项"), (1, {"zh": "项", "en": "standards"}, "en", "1 standard"),
    (5, None, "en", "5"), (True, None, "zh", "True"),
])
def test_a_quantity_is_formatted_by_its_unit(v, unit, lang, expected):
    assert fmt_quantity(v, unit, lang) == expected


@pytest.mark.parametrize("v, unit, lang, expected", [
    (-2, PCT, "zh", "-2 个百分点"), (2.1, PCT, "en", "+2.1 pp"), (900, MONEY, "zh", "+900 万元"),
    (-700, MONEY, "en", "-RMB 7 million"), (2, {"zh": "项", "en": "items"}, "en", "+2 items"), (0, None, "zh", "0"),
])
def test_changes_carry_a_sign_and_their_unit(v, unit, lang, expected):
    assert fmt_signed(v, unit, lang) == expected


@pytest.mark.parametrize("v, lang, expected", [(5, "zh", "5 分"), (1, "en", "1 point"), (7.5, "en", "7.5 points"),
                                               (100, "zh", "100 分")])
def test_points(v, lang, expected):
    assert fmt_points(v, lang) == expected


@pytest.mark.parametrize("qid, v, lang, expected", [
    ("finance.revenue_y1", 8200, "zh", "8,200 万元"), ("finance.revenue_y1", 8200, "en", "RMB 82 million"),
    ("finance.debt_ratio_pct", 48, "zh", "48%"), ("market.niche_rank_domestic", 5, "en", "No. 5"),
    ("market.niche_rank_domestic", 5, "zh", "第 5 名"), ("quality.standards_count", 1, "en", "1 standard"),
    ("quality.standards_count", 2, "en", "2 standards"), ("rd_ratio_y1", 2.561, "zh", "2.6%"),
    ("rd_expense_2y_total", 400, "en", "RMB 4 million"), ("firm.employees", 1, "en", "1 person"),
    ("finance.revenue_y1", None, "zh", "未填写"), ("finance.revenue_y1", "unknown", "en", "Don't know"),
])
def test_answers_and_derived_figures(content, qid, v, lang, expected):
    assert fmt_value(content.questionnaire, qid, v, lang) == expected


@pytest.mark.parametrize("text, expected", [
    ("rd_ratio_y1", PCT), ("min(rd_ratio_y1, rd_ratio_y2)", PCT), ("finance.revenue_y1", MONEY),
    ("digital_level", {"zh": "级", "en": "level"}),
    ("count(quality.iso9001, quality.own_brand)", {"zh": "项", "en": "items"}),
    ("rd_ratio_y1 + finance.revenue_y1", None), ("", None), (None, None),
])
def test_the_unit_of_a_value_expression(content, text, expected):
    assert expr_unit(content.questionnaire, text) == expected
