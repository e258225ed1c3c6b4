"""The portfolio's pure parts (issue 18): filters, percentiles, and peer groups under 5 firms hidden."""

import pytest

from srdi_desktop.core.portfolio import (
    MIN_GROUP,
    Filters,
    FirmRow,
    apply_filters,
    benchmarks,
    group_percentiles,
    percentile,
    region_of,
    summarise,
)


def _row(i, sector="industry", size="small", revenue=None, **kw):
    figures = {} if revenue is None else {"finance.revenue_y1": float(revenue)}
    base = {"firm_key": f"k{i}", "firm_name": f"企业{i}", "credit_code": f"9133{i:014d}", "assessment_id": f"a{i}",
            "assessed_on": "2026-11-21", "status": "final", "sector": sector, "size": size, "region": "33",
            "figures": figures}
    return FirmRow(**{**base, **kw})


@pytest.mark.parametrize("code, region", [
    ("91330100MA2B3C4D5N", "33"), ("91110000100000000X", "11"), ("91650000100000000X", "65"),
    ("91990000100000000X", ""), ("", ""), ("9", ""), (" 91440300MA5F0000X0", "44"),
])
def test_the_province_comes_from_the_credit_codes_division_code(code, region):
    assert region_of(code) == region


ROWS = [
    _row(1, met=("tech_sme",), tags=("重点",)),
    _row(2, sector="software_it", size="micro", met=("tech_sme", "innovative_sme"), status="draft"),
    _row(3, firm_name="杭州精密", region="31", tags=("重点", "2027申报")),
    _row(4, credit_code="91330100MA2B3C4D5N"),
]


@pytest.mark.parametrize("filters, expected", [
    (Filters(), [1, 2, 3, 4]),
    (Filters(text="精密"), [3]),
    (Filters(text="ma2b3c"), [4]),  # the credit code, whatever the case
    (Filters(sector="software_it"), [2]),
    (Filters(size="small"), [1, 3, 4]),
    (Filters(region="31"), [3]),
    (Filters(tag="重点"), [1, 3]),
    (Filters(tag="2027申报"), [3]),
    (Filters(tier="innovative_sme"), [2]),
    (Filters(tier="tech_sme", final_only=True), [1]),
    (Filters(tag="重点", region="33"), [1]),
    (Filters(sector="retail"), []),
])
def test_filters_combine_and_each_narrows(filters, expected):
    assert [int(r.firm_key[1:]) for r in apply_filters(ROWS, filters)] == expected


@pytest.mark.parametrize("values, p, expected", [
    ([1, 2, 3, 4, 5], 50, 3), ([1, 2, 3, 4, 5], 25, 2), ([1, 2, 3, 4, 5], 75, 4),
    ([10, 20], 50, 15), ([7], 25, 7), ([1, 2, 3, 4], 25, 1.75), ([0, 0, 0, 100, 100], 75, 100),
])
def test_percentiles_interpolate_between_ranks(values, p, expected):
    assert percentile(values, p) == pytest.approx(expected)


def test_no_percentile_of_nothing():
    with pytest.raises(ValueError):
        percentile([], 50)


@pytest.mark.parametrize("n", [MIN_GROUP - 1, MIN_GROUP])
def test_a_group_below_five_firms_is_hidden_and_one_of_five_is_shown(n):
    rows = [_row(i, revenue=1000 * (i + 1)) for i in range(n)]
    count, pct = group_percentiles(rows, "finance.revenue_y1")
    assert count == n
    assert (pct == {}) == (n < MIN_GROUP)
    b = next(x for x in benchmarks(rows[0], rows) if x.figure == "finance.revenue_y1")
    assert b.hidden == (n < MIN_GROUP) and b.value == 1000
    if n >= MIN_GROUP:
        assert pct == {25: 2000, 50: 3000, 75: 4000}


def test_only_firms_that_report_the_figure_count_and_groups_are_sector_by_size():
    rows = [_row(i, revenue=100 * i) for i in range(4)] + [_row(9)]  # 5 firms, 4 report revenue
    rows += [_row(20 + i, sector="retail", revenue=1) for i in range(10)]  # another sector: not peers
    rows += [_row(40 + i, size="micro", revenue=1) for i in range(10)]  # another size: not peers
    b = next(x for x in benchmarks(rows[0], rows) if x.figure == "finance.revenue_y1")
    assert b.group_size == 4 and b.hidden
    rows.append(_row(10, revenue=500))
    b = next(x for x in benchmarks(rows[0], rows) if x.figure == "finance.revenue_y1")
    assert b.group_size == 5 and b.percentiles[50] == 200


def test_a_firm_without_sector_or_size_has_no_peers():
    rows = [_row(i, revenue=i) for i in range(10)] + [_row(99, size="", revenue=5)]
    assert all(b.hidden for b in benchmarks(rows[-1], rows))


def test_the_summary_of_a_result():
    result = {"sme_size": "small", "derived": {"rd_ratio_y1": 2.5, "other": 1, "main_revenue_growth_y1": None},
              "tiers": {"a": {"eligible": True, "title": {"zh": "甲", "en": "A"}},
                        "b": {"eligible": True, "title": {"zh": "乙", "en": "B"}},
                        "c": {"eligible": False, "plan": {"assessed_on": "2028-11-21"}, "title": {}},
                        "d": {"eligible": False, "plan": {"assessed_on": "2027-11-21"}, "title": {}},
                        "e": {"eligible": False, "plan": {"blocked_by": ["x"]}, "title": {}}}}
    s = summarise(result)
    assert s["met"] == ["a", "b"] and s["apply"] == "b"
    assert (s["next"], s["next_on"]) == ("d", "2027-11-21")  # the nearest plan, not the first tier
    assert s["size"] == "small" and s["figures"] == {"rd_ratio_y1": 2.5}
    empty = summarise({})
    assert empty["met"] == [] and empty["apply"] == "" and empty["next"] == ""
