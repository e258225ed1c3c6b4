"""Risk flags: the 2026 on-site triggers for 科技型 (reference §9.1) and figures a reviewer compares."""

import datetime as dt

import pytest

from srdi_desktop.core.evaluate import evaluate, make_facts
from srdi_desktop.core.risk import risk_flags, unknown_onsite

CLEAN = {"firm.employees": 40, "ip.class1_count": 2, "ip.class2_count": 0, "rd.expense_y1": 300,
         "rd.expense_y2": 250, "finance.revenue_y1": 6000, "finance.revenue_y2": 5500, "title.tech_sme": True,
         "compliance.abnormal_or_dishonest": False, "rd.staff": 8, "people.tech_staff": 10,
         "ip.class1_applied_count": 1}


def _raised(content, answers):
    return {f.id for f in risk_flags(content.risks, make_facts(content, answers))}


def test_a_clean_firm_raises_nothing(content):
    assert _raised(content, CLEAN) == set()
    assert unknown_onsite(content.risks, make_facts(content, CLEAN)) == ()


@pytest.mark.parametrize("change, flag, raised", [
    ({"firm.employees": 5}, "onsite.staff_le_5", True),
    ({"firm.employees": 6, "rd.staff": 6, "people.tech_staff": 6}, "onsite.staff_le_5", False),
    ({"ip.class1_count": 0, "ip.class1_applied_count": 0}, "onsite.no_ip", True),
    ({"ip.class1_count": 0, "ip.class1_applied_count": 0, "ip.class2_count": 1}, "onsite.no_ip", False),
    ({"rd.expense_y1": 9.99}, "onsite.rd_below_10", True),
    ({"rd.expense_y1": 10}, "onsite.rd_below_10", False),
    ({"title.tech_sme": False}, "onsite.first_application", True),
    ({"compliance.abnormal_or_dishonest": True}, "onsite.dishonesty", True),
    ({"rd.staff": 41}, "inc.rd_staff_above_employees", True),
    ({"rd.staff": 40}, "inc.rd_staff_above_employees", False),
    ({"people.tech_staff": 41}, "inc.tech_staff_above_employees", True),
    # y2 2.0% → y1 4.0%: doubled and over the line
    ({"rd.expense_y2": 110, "rd.expense_y1": 240}, "inc.rd_ratio_jump", True),
    ({"rd.expense_y2": 112, "rd.expense_y1": 240}, "inc.rd_ratio_jump", False),  # 2.04% → 4%: not doubled
    ({"rd.expense_y1": 186}, "inc.rd_ratio_just_over", True),  # 3.1%
    ({"rd.expense_y1": 192}, "inc.rd_ratio_just_over", False),  # 3.2%
    ({"rd.expense_y1": 7000}, "inc.rd_above_revenue", True),
    ({"ip.class1_applied_count": 3}, "inc.applied_ip_above_held", True),
    ({"ip.class1_applied_count": 2}, "inc.applied_ip_above_held", False),
])
def test_each_flag_on_both_sides_of_its_line(content, change, flag, raised):
    assert (flag in _raised(content, {**CLEAN, **change})) is raised


def test_a_missing_answer_leaves_a_trigger_unknown_never_raised(content):
    answers = {k: v for k, v in CLEAN.items() if k != "firm.employees"}
    facts = make_facts(content, answers)
    assert "onsite.staff_le_5" not in {f.id for f in risk_flags(content.risks, facts)}
    assert "onsite.staff_le_5" in unknown_onsite(content.risks, facts)


def test_onsite_first_and_consistency_findings_included(content):
    answers = {**CLEAN, "firm.employees": 3, "rd.staff": 8, "finance.net_profit_y1": 9000}
    ev = evaluate(content, answers, dt.date(2026, 11, 21), gaps=False)
    flags = risk_flags(content.risks, make_facts(content, answers), ev)
    kinds = [f.kind for f in flags]
    assert kinds == sorted(kinds, key=["onsite", "inconsistency", "consistency"].index)
    assert "chk.profit_above_revenue" in {f.id for f in flags}
    assert all(f.title["zh"] and f.why["en"] for f in flags)
