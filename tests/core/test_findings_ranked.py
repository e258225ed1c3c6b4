"""Findings as evaluate() returns them: tied to the criteria in force and ranked by what blocks recognition."""

import pytest

from srdi_desktop import paths
from srdi_desktop.core.document import parse_document
from srdi_desktop.core.evaluate import evaluate

from .criteria_cases import run
from .test_criteria_cases import BASES, CASES


def _met(ev):
    return {f"{t.id}.{c.id}" for t in ev.tiers for c in t.conditions if c.status == "met"}


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_no_finding_asks_to_close_a_condition_that_is_met(content, case):
    ev = run(content, case, BASES)
    met = _met(ev)
    for f in ev.findings:
        assert not set(f.closes) & met, (f.id, f.closes)
        assert f.basis in ("paper", "official", "practice")


def test_what_blocks_the_nearest_tier_comes_first(content):
    """The demo firm misses 专精特新 only on R&D intensity: that action leads the list."""
    a = parse_document(paths.DEMO_FILE.read_bytes(), "demo", content.questionnaire)
    ev = evaluate(content, a.answers, a.assessed_on)
    nearest = next(t for t in ev.tiers if t.id == "srdi_sme")  # the rung above the highest it meets
    assert nearest.status == "not_eligible" and ev.tier("innovative_sme").eligible
    unmet = {f"{nearest.id}.{c.id}" for c in nearest.conditions if c.status == "unmet"}
    first = ev.findings[0]
    assert set(first.closes) & unmet, (first.id, first.closes, unmet)
    ranks = [0 if set(f.closes) & unmet else (1 if f.closes else 2) for f in ev.findings]
    assert ranks == sorted(ranks)


def test_a_met_ceiling_gives_no_advice_to_lower_it(content):
    """Debt 72% meets every 2026 ceiling (≤ 75%): no "lower your debt" finding; at 78% there is one."""
    a = parse_document(paths.DEMO_FILE.read_bytes(), "demo", content.questionnaire)
    ids = {debt: {f.id for f in evaluate(content, {**a.answers, "finance.debt_ratio_pct": debt},
                                          a.assessed_on).findings} for debt in (72, 78)}
    assert "up.high_debt" not in ids[72] and "up.high_debt" in ids[78]


def test_the_diagnosis_shows_its_evidence(content):
    a = parse_document(paths.DEMO_FILE.read_bytes(), "demo", content.questionnaire)
    detail = evaluate(content, a.answers, a.assessed_on).mode_detail
    assert set(detail.evidence) == {"technology", "market", "safety", "efficiency"}
    assert {side: len(v) for side, v in detail.evidence.items()} == detail.signals


def test_results_carry_a_verified_plan_to_each_tier_not_met(content):
    from srdi_desktop.core.evaluation import Evaluation
    from srdi_desktop.core.plan import verify

    a = parse_document(paths.DEMO_FILE.read_bytes(), "demo", content.questionnaire)
    ev = evaluate(content, a.answers, a.assessed_on, plans=True)
    assert evaluate(content, a.answers, a.assessed_on).tier("srdi_sme").plan is None  # only when asked
    for t in ev.tiers:
        if t.eligible:
            assert t.plan is None
            continue
        assert t.plan is not None
        if t.plan.get("verified"):
            import datetime as dt

            assert verify(content, t.plan["answers"], dt.date.fromisoformat(t.plan["assessed_on"]), t.id)
        else:
            assert t.plan["blocked_by"] and t.plan["reason"]["zh"] and t.plan["reason"]["en"]
    assert Evaluation.from_json(ev.to_json()) == ev


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_conclusion_agrees_with_the_cards(content, lang):
    """Apply-now names exactly the eligible tiers; 'next' is the first tier not met, with its verified
    plan's date; the top actions are the first five in the ranking."""
    from srdi_desktop.core.i18n import pick
    from srdi_desktop.core.present import conclusion, top_actions

    a = parse_document(paths.DEMO_FILE.read_bytes(), "demo", content.questionnaire)
    for answers in (a.answers, {**a.answers, "rd.expense_y1": 400, "rd.expense_y2": 400}):
        ev = evaluate(content, answers, a.assessed_on, plans=True)
        lines = conclusion(ev, content.questionnaire, lang)
        for t in ev.tiers:
            assert (pick(t.title, lang) in lines[0]) == t.eligible, (t.id, lines[0])
        nxt = next(t for t in ev.tiers if t.on_ladder and not t.eligible)  # the next rung, not a self-check
        assert pick(nxt.title, lang) in lines[1]
        if nxt.plan and nxt.plan.get("verified"):
            assert nxt.plan["assessed_on"] in lines[1]
        assert all(pick(f.title, lang) in lines[2] for f in top_actions(ev))


def test_a_tier_blocked_only_by_missing_answers_asks_for_them(content):
    """Main revenue left blank: no 'out of reach within three years', but 'answer these first'."""
    from srdi_desktop.core.present import conclusion, plan_lines

    a = parse_document(paths.DEMO_FILE.read_bytes(), "demo", content.questionnaire)
    answers = {k: v for k, v in a.answers.items() if not k.startswith("finance.main_revenue")}
    ev = evaluate(content, answers, a.assessed_on, plans=True)
    tier = ev.tier("srdi_sme")
    blocked = tier.plan or {}
    assert blocked.get("blocked_by") and set(blocked["blocked_by"]) <= set(blocked["needs_answers"])
    assert "先补充" in plan_lines(tier, content.questionnaire, "zh")[0]
    line = conclusion(ev, content.questionnaire, "zh")[1]
    assert "请先补充回答" in line and "三年内" not in line
