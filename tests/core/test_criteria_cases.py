"""Run tests/cases/criteria.yaml: answers -> tiers, conditions, scores; then check coverage."""

import datetime as dt
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from srdi_desktop.core.evaluate import evaluate

CASES_FILE = Path(__file__).resolve().parent.parent / "cases" / "criteria.yaml"
DATA = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
CASES = DATA["cases"]
DEFAULT_DATE = dt.date(2026, 11, 21)
OBSERVED: dict[tuple[str, str, str], set[str]] = defaultdict(set)  # (criteria, tier, condition) -> statuses


def answers_of(case):
    answers = dict(DATA["bases"][case["base"]]) if "base" in case else {}
    answers.update(case.get("answers", {}))
    answers.update(case.get("set", {}))
    for qid in case.get("unset", []):
        answers.pop(qid, None)
    return answers


def run(content, case):
    return evaluate(content, answers_of(case), case.get("date", DEFAULT_DATE), case.get("criteria"))


def test_there_are_enough_cases():
    assert len(CASES) >= 40


def test_case_answers_are_valid_documents(content):
    """Every base and case must be a valid assessment, or a case could pass on nonsense input."""
    from srdi_desktop.core.document import parse_document

    for case in CASES:
        doc = yaml.safe_dump({"format": "srdi-assessment/1", "assessed_on": "2026-11-21",
                              "answers": answers_of(case)}, allow_unicode=True)
        parse_document(doc.encode(), case["name"], content.questionnaire)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(content, case):
    ev = run(content, case)
    exp = case["expect"]
    if "criteria" in exp:
        assert ev.criteria.id == exp["criteria"]
    if "sme_size" in exp:
        assert ev.sme_size == exp["sme_size"]
    if "digital_level" in exp:
        assert ev.digital_level == exp["digital_level"]
    for tier, status in exp.get("tiers", {}).items():
        assert ev.tier(tier).status == status, _why(ev, tier)
        assert ev.tier(tier).eligible == (status == "eligible")
    for key, status in exp.get("conditions", {}).items():
        tier, cid = key.split(".")
        got = {c.id: c for c in ev.tier(tier).conditions}[cid]
        assert got.status == status, got
    for card, total in exp.get("scores", {}).items():
        assert ev.scorecard(card).total == pytest.approx(total), ev.scorecard(card).by_indicator
    for card, ids in exp.get("defaulted", {}).items():
        assert list(ev.scorecard(card).defaulted) == ids


def _why(ev, tier):
    return [(c.id, c.status, c.value) for c in ev.tier(tier).conditions if c.status != "met"]


def test_every_condition_is_seen_met_and_unmet(content):
    """Both sides of every threshold are exercised by some case (observed, not just expected)."""
    seen: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for case in CASES:
        for crit in ("cn_srdi_2022", "cn_srdi_2026"):
            ev = evaluate(content, answers_of(case), case.get("date", DEFAULT_DATE), crit, gaps=False)
            for tier in ev.tiers:
                for c in tier.conditions:
                    seen[(crit, tier.id, c.id)].add(c.status)
    missing = []
    for cset in content.criteria:
        for tier in cset.tiers:
            for c in tier.conditions:
                statuses = seen[(cset.id, tier.id, c.id)]
                if not {"met", "unmet"} <= statuses:
                    missing.append(f"{cset.id}/{tier.id}/{c.id}: only {sorted(statuses)}")
    assert not missing, "\n".join(missing)


def test_both_rule_sets_and_every_tier_have_eligible_and_failing_cases(content):
    seen = defaultdict(set)
    for case in CASES:
        ev = run(content, case)
        for tier in ev.tiers:
            seen[(ev.criteria.id, tier.id)].add(tier.status)
    for crit in ("cn_srdi_2022", "cn_srdi_2026"):
        for tid in ("innovative_sme", "srdi_sme", "little_giant"):
            assert {"eligible", "not_eligible"} <= seen[(crit, tid)], (crit, tid)
