"""A renewal (复核) is judged by its own wording — the 2026 专精特新 score in either of the last two years — and
the planner judges a tier exactly as the evaluation does (a 2026 little-giant renewal under 63号)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from srdi_desktop.core.evaluate import evaluate
from srdi_desktop.core.plan import Plan, plan_for_tier
from srdi_desktop.core.rollover import next_year

CASES = Path(__file__).parent.parent / "cases" / "criteria.yaml"
STRONG = yaml.safe_load(CASES.read_text(encoding="utf-8"))["bases"]["strong"]
DAY = dt.date(2026, 6, 1)  # under 2号
SRDI = {**STRONG, "application.recognised_tier": "srdi_sme", "application.recognised_year": 2024}


def _score(answers: dict, score: float | None, prev: float | None) -> dict:
    a = {k: v for k, v in answers.items() if not k.startswith("platform.quality_score")}
    if score is not None:
        a["platform.quality_score"] = score
    if prev is not None:
        a["platform.quality_score_prev"] = prev
    return a


@pytest.mark.parametrize("held,score,prev,status", [
    ("srdi_sme", 45, 50, "met"),  # last year's 50 carries a renewal
    ("srdi_sme", 45, 49.9, "unmet"),
    ("srdi_sme", 50, None, "met"),  # this year's alone settles it
    ("srdi_sme", 49.9, None, "unknown"),  # last year's might
    ("srdi_sme", 49.9, 30, "unmet"),
    ("none", 45, 50, "unmet"),  # a new application: this year's score only
    ("none", 50, 10, "met"),
    ("innovative_sme", 45, 80, "unmet"),  # holding another title is no renewal of this one
])
def test_the_2026_srdi_score_of_a_renewal_counts_either_of_two_years(content, held, score, prev, status):
    ev = evaluate(content, _score({**SRDI, "application.recognised_tier": held}, score, prev), DAY)
    tier = ev.tier("srdi_sme")
    assert tier.application == ("renewal" if held == "srdi_sme" else "new")
    cond = next(c for c in tier.conditions if c.id == "zj26_score")
    assert cond.status == status
    assert ("复核" in cond.title["zh"]) == (held == "srdi_sme")
    assert cond.confidence == ("medium" if held == "srdi_sme" else "high")  # one interpretation only


def test_a_lapsed_title_is_a_new_application_on_this_years_score(content):
    a = _score({**SRDI, "application.recognised_year": 2022}, 45, 80)  # expired end of 2025
    tier = evaluate(content, a, DAY).tier("srdi_sme")
    assert tier.application == "new" and tier.status == "not_eligible"


@pytest.mark.parametrize("score,prev,growth_y3,status", [
    (55, 60, 20000, "eligible"),  # no growth at all: not assessed for renewals; last year's 60 counts
    (55, 59.9, 20000, "not_eligible"),
])
def test_little_giant_renewal_wording_when_2号_judges_it_itself(content, score, prev, growth_y3, status):
    """117号 sends 2026's little-giant renewals to 63号; a set chosen by hand judges them by its own wording."""
    a = _score({**STRONG, "application.recognised_tier": "little_giant", "application.recognised_year": 2024,
                "finance.revenue_y3": growth_y3, "finance.revenue_y2": 20000}, score, prev)
    tier = evaluate(content, a, DAY, "cn_srdi_2026").tier("little_giant")
    assert (tier.application, tier.criteria) == ("renewal", "cn_srdi_2026")
    statuses = {c.id: c.status for c in tier.conditions}
    assert statuses["xjr26_growth"] == "met"
    assert tier.status == status
    new = evaluate(content, {**a, "application.recognised_tier": "srdi_sme"}, DAY, "cn_srdi_2026")
    assert {c.id: c.status for c in new.tier("little_giant").conditions}["xjr26_growth"] == "unmet"


def test_no_plan_for_a_renewal_the_renewal_rules_already_pass(content):
    a = _score(SRDI, 45, 55)
    assert evaluate(content, a, DAY).tier("srdi_sme").eligible
    assert plan_for_tier(content, a, DAY, "srdi_sme") is None
    # the same figures as a new application need the score raised: the plan says so and passes
    new = {**a, "application.recognised_tier": "none"}
    plan = plan_for_tier(content, new, DAY, "srdi_sme")
    assert isinstance(plan, Plan)
    assert evaluate(content, plan.answers, plan.assessed_on).tier("srdi_sme").eligible


@pytest.mark.parametrize("change,criteria", [
    ({"finance.debt_ratio_pct": 72}, "cn_srdi_2022"),  # 63号's ≤70% debt: met under the renewal rules
    ({"market.niche_share_pct": 8, "market.niche_rank_domestic": 5}, "cn_srdi_2022"),
])
def test_a_little_giant_renewal_plan_follows_63号_and_passes_as_a_renewal(content, change, criteria):
    a = {**STRONG, "application.recognised_tier": "little_giant", "application.recognised_year": 2024, **change}
    now = evaluate(content, a, DAY).tier("little_giant")
    assert (now.application, now.criteria, now.eligible) == ("renewal", "cn_srdi_2022", False)
    plan = plan_for_tier(content, a, DAY, "little_giant")
    assert isinstance(plan, Plan) and plan.criteria == criteria
    then = evaluate(content, plan.answers, plan.assessed_on).tier("little_giant")
    assert (then.eligible, then.application, then.criteria) == (True, "renewal", criteria)


def test_copy_as_next_year_moves_this_years_score_to_last_years(content):
    qn = content.questionnaire
    moved = next_year(qn, {"platform.quality_score": 62, "platform.quality_score_prev": 48})
    assert moved == {"platform.quality_score_prev": 62}  # the new year's score is the platform's to give
    assert next_year(qn, {"platform.quality_score_prev": 48}) == {}


def test_a_plan_a_year_on_keeps_the_score_and_knows_last_years(content):
    from srdi_desktop.core.plan_model import project
    a = project(content.questionnaire, {"platform.quality_score": 62, "platform.quality_score_prev": 48}, 1)
    assert (a["platform.quality_score"], a["platform.quality_score_prev"]) == (62, 62)


def test_history_compares_the_platform_score_by_year_after_a_copy(content):
    from srdi_desktop.core.assessment import Assessment
    from srdi_desktop.core.compare import delta_label, section_deltas

    qn = content.questionnaire
    old = Assessment(DAY, {"platform.quality_score": 62, "platform.quality_score_prev": 48}, fiscal_year=2025)
    new = Assessment(dt.date(2027, 6, 1), next_year(qn, old.answers), fiscal_year=2026)
    changes = [d for s in section_deltas(qn, old, new) for d in s.changes]
    assert changes == []  # 2025's 62 is last year's 62 now: nothing changed
    entered = Assessment(new.assessed_on, {**new.answers, "platform.quality_score": 70}, fiscal_year=2026)
    (d,) = [d for s in section_deltas(qn, old, entered) for d in s.changes]
    assert (d.year, d.before, d.after) == (2026, None, 70)
    assert delta_label(qn, d, "zh") == "专精特新发展（质量）评价得分 2026"
    restated = Assessment(DAY, {**old.answers, "platform.quality_score_prev": 52}, fiscal_year=2025)
    (d,) = [d for s in section_deltas(qn, old, restated) for d in s.changes]
    assert (d.qid, d.year, d.before, d.after) == ("platform.quality_score_prev", 2024, 48, 52)
    assert delta_label(qn, d, "en") == "专精特新 development (quality) evaluation score 2024"
