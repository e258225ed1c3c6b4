"""One band-edge rule (criteria.EDGE_RULE, issue 20): a value exactly on an edge two bands share counts in
the better band, at the best and the worst band of every scorecard alike; the other reading is flagged."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from msgspec.structs import replace

from srdi_desktop import paths
from srdi_desktop.core.criteria import BandSet
from srdi_desktop.core.document import parse_document
from srdi_desktop.core.evaluate import evaluate

from .criteria_cases import load_cases

CASES = Path(__file__).resolve().parent.parent / "cases" / "criteria.yaml"

# (scorecard, indicator, value exactly on an edge, points under the stated rule, points under the other)
EDGES = [
    ("innovative_2022", "rd_ratio", 5, 20, 15),  # best band
    ("innovative_2022", "rd_ratio", 3, 15, 10),
    ("innovative_2022", "rd_ratio", 2, 10, 5),
    ("innovative_2022", "rd_ratio", 1, 5, 0),  # worst band: "1%以下 → 0" names 1% too
    ("innovative_2022", "main_revenue_growth", 15, 20, 15),
    ("innovative_2022", "main_revenue_growth", 10, 15, 10),
    ("innovative_2022", "main_revenue_growth", 5, 10, 5),
    ("innovative_2022", "main_revenue_growth", 0, 5, 0),  # exactly 0%: "0%-5%", not "0%以下"
    ("innovative_2022", "debt_ratio", 55, 10, 5),
    ("innovative_2022", "debt_ratio", 75, 5, 0),
    ("innovative_2022", "main_revenue_share", 70, 20, 15),
    ("innovative_2022", "main_revenue_share", 60, 15, 10),
    ("innovative_2022", "main_revenue_share", 55, 10, 5),
    ("innovative_2022", "main_revenue_share", 50, 5, 0),
    ("srdi_2022", "main_revenue_share", 80, 5, 3),
    ("srdi_2022", "main_revenue_share", 70, 3, 1),
    ("srdi_2022", "main_revenue_share", 60, 1, 0),
    ("srdi_2022", "main_revenue_growth_2y", 10, 10, 8),
    ("srdi_2022", "main_revenue_growth_2y", 8, 8, 6),
    ("srdi_2022", "main_revenue_growth_2y", 6, 6, 4),
    ("srdi_2022", "main_revenue_growth_2y", 4, 4, 2),
    ("srdi_2022", "main_revenue_growth_2y", 0, 2, 0),
    ("srdi_2022", "net_margin", 10, 10, 8),
    ("srdi_2022", "net_margin", 8, 8, 6),
    ("srdi_2022", "net_margin", 6, 6, 4),
    ("srdi_2022", "net_margin", 4, 4, 2),
    ("srdi_2022", "net_margin", 2, 2, 0),
    ("srdi_2022", "debt_ratio", 50, 5, 3),
    ("srdi_2022", "debt_ratio", 60, 3, 1),
    ("srdi_2022", "debt_ratio", 70, 1, 0),
    ("srdi_2022", "rd_input", 500, 10, 8),  # R&D amount (万元)
    ("srdi_2022", "rd_input", 400, 8, 6),
    ("srdi_2022", "rd_input", 300, 6, 4),
    ("srdi_2022", "rd_input", 200, 4, 2),
    ("srdi_2022", "rd_input", 100, 2, 0),
    ("srdi_2022", "rd_input", 10, 10, 8),  # or R&D ratio (%)
    ("srdi_2022", "rd_input", 8, 8, 6),
    ("srdi_2022", "rd_input", 6, 6, 4),
    ("srdi_2022", "rd_input", 4, 4, 2),
    ("srdi_2022", "rd_input", 3, 2, 0),
    ("srdi_2022", "rd_staff_share", 20, 5, 3),
    ("srdi_2022", "rd_staff_share", 10, 3, 1),
    ("srdi_2022", "rd_staff_share", 5, 1, 0),
]
# whole levels and counts, and 115号's "(含)" bands: an edge there is stated, so never read two ways
EXACT = {("srdi_2022", "digital_level"), ("srdi_2022", "quality_management"),
         ("tech_sme_115", "tech_staff"), ("tech_sme_115", "rd")}


def _cards(content):
    return {cid: card for cs in content.criteria for cid, card in cs.scorecards.items()}


def _option_with_edge(indicator, value):
    return next(o for o in indicator.options if isinstance(o, BandSet)
                and any(b.bound == value for b in o.bands if b.kind in ("at_least", "at_most")))


@pytest.mark.parametrize(("card", "ind", "value", "points", "other"), EDGES)
def test_an_edge_value_takes_the_better_band(content, card, ind, value, points, other):
    indicator = next(i for i in _cards(content)[card].indicators if i.id == ind)
    option = replace(_option_with_edge(indicator, value), value=lambda _facts: value)
    assert option.readings(None) == (value, points, other)
    # a hair on either side of the edge: the two readings agree
    for off in (-0.01, 0.01):
        near = replace(option, value=lambda _facts, v=value + off: v).readings(None)
        assert near[1] == near[2]


def test_the_table_holds_every_band_edge_of_every_scorecard(content):
    """Best and worst: every at_least/at_most bound of every shipped scorecard is a case above."""
    listed = {(c, i, v) for c, i, v, _, _ in EDGES}
    for cid, card in _cards(content).items():
        for ind in card.indicators:
            for o in ind.options:
                for b in getattr(o, "bands", ()):
                    assert b.kind not in ("above", "below"), "an exclusive band: say how its edge reads"
                    if b.kind in ("at_least", "at_most") and (cid, ind.id) not in EXACT:
                        assert (cid, ind.id, b.bound) in listed


@pytest.fixture
def demo(content):
    return parse_document(paths.DEMO_FILE.read_bytes(), "demo", content.questionnaire)


def _ev(content, demo, **answers):
    return evaluate(content, dict(demo.answers) | {k.replace("__", "."): v for k, v in answers.items()},
                    demo.assessed_on)


def _card(ev, cid):
    return next(s for s in ev.scorecards if s.id == cid)


def _cond(ev, tier, cid):
    return next(c for t in ev.tiers if t.id == tier for c in t.conditions if c.id == cid)


@pytest.mark.parametrize(("debt", "edges"), [
    (75, [("debt_ratio", 75, 5, 0)]),  # worst edge of innovative_2022
    (55, [("debt_ratio", 55, 10, 5)]),  # best edge
    (75.5, []), (74.5, []), (48, []),  # off the edge: nothing to flag
])
def test_the_scorecard_lists_its_edges(content, demo, debt, edges):
    ev = _ev(content, demo, finance__debt_ratio_pct=debt)
    got = [(e.indicator, e.value, e.points, e.other_reading_points) for e in _card(ev, "innovative_2022").edges]
    assert got == edges
    assert ("edges" in _card(ev, "innovative_2022").to_json())


def test_a_condition_met_only_under_the_stated_reading_is_on_edge(content, demo):
    # growth exactly 0% (5 points; 0 under the other reading) + debt ≤ 55% (10) = growth 15, the minimum
    ev = _ev(content, demo, finance__main_revenue_y1=6800, finance__debt_ratio_pct=48)
    cond = _cond(ev, "innovative_sme", "cx_score_growth")
    assert cond.status == "met" and cond.value == 15 and cond.on_edge
    assert not _cond(ev, "innovative_sme", "cx_score_total").on_edge  # 60 is met either way
    assert cond.to_json()["on_edge"] is True


@pytest.mark.parametrize(("main_y1", "debt"), [
    (6800, 60),  # on the growth edge, but the category fails anyway (5 + 5 = 10 < 15)
    (6801, 48),  # a hair above 0%: off the edge
    (7600, 55),  # on the debt edge, but growth 15 + debt 10 (5 the other way) passes under both readings
])
def test_no_on_edge_when_the_other_reading_changes_nothing(content, demo, main_y1, debt):
    ev = _ev(content, demo, finance__main_revenue_y1=main_y1, finance__debt_ratio_pct=debt)
    assert not _cond(ev, "innovative_sme", "cx_score_growth").on_edge


@pytest.mark.parametrize(("ind", "answers", "target"), [
    ("debt_ratio", {"finance.debt_ratio_pct": 80}, ("finance.debt_ratio_pct", 74.9)),  # not 75
    ("rd_ratio", {"rd.expense_y1": 90}, ("rd.expense_y1", 101)),  # not 100 (exactly 2%)
    ("main_revenue_growth", {"finance.main_revenue_y1": 3300}, ("finance.main_revenue_y1", 3401)),  # not 5%
])
def test_a_gap_targets_past_the_edge(content, ind, answers, target):
    from srdi_desktop.core.evaluate import make_facts
    from srdi_desktop.core.gap import indicator_fixes

    base = load_cases(CASES)[0]["modest"]
    card = content.criteria_by_id("cn_srdi_2022").scorecards["innovative_2022"]
    indicator = next(i for i in card.indicators if i.id == ind)
    fixes = indicator_fixes(indicator, make_facts(content, base | answers))
    assert [(f.changes[0].qid, f.changes[0].new) for f in fixes] == [target]


def test_a_plan_for_a_firm_on_edges_does_not_count_on_them(content):
    """The modest firm scores exactly 60 with R&D 2%, growth 5% and debt 75% all on edges: one patent
    would pass under the stated rule only, so the plan takes a route that passes under both readings."""
    from srdi_desktop.core.plan import plan_for_tier, verify

    answers = load_cases(CASES)[0]["modest"] | {"ip.class1_count": 0}
    day = dt.date(2025, 6, 30)
    plan = plan_for_tier(content, answers, day, "innovative_sme")
    assert plan is not None and plan.changes
    assert {c.id: c.new for c in plan.changes} != {"ip.class1_count": 1}
    assert verify(content, plan.answers, day, "innovative_sme")
    ev = evaluate(content, plan.answers, day)
    tier = next(t for t in ev.tiers if t.id == "innovative_sme")
    assert tier.eligible
    # the stated rule alone would have passed it with the patent: the edge decided, and the plan saw it
    one_patent = evaluate(content, answers | {"ip.class1_count": 1}, day)
    assert any(c.on_edge for t in one_patent.tiers if t.id == "innovative_sme" for c in t.conditions)
