"""Advice rules: each fires on one case and not on another; coverage of paths, sources, languages, modes."""

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import msgspec
import pytest
import yaml

from srdi_desktop.core.advice import applicable, drop_excluded, tier_statuses
from srdi_desktop.core.document import parse_document
from srdi_desktop.core.evaluate import evaluate

CASES = Path(__file__).resolve().parent.parent / "cases"
CRITERIA = yaml.safe_load((CASES / "criteria.yaml").read_text(encoding="utf-8"))
ADVICE = yaml.safe_load((CASES / "advice_base.yaml").read_text(encoding="utf-8"))
BASE = {**CRITERIA["bases"][ADVICE["extends"]], **ADVICE["answers"]}
DAY = dt.date(2026, 11, 21)


def statuses_of(content, ev):
    """"<tier>.<condition>" -> status under the set the evaluation used, moot alternatives marked."""
    out = {}
    for tier in content.criteria_by_id(ev.criteria.id).tiers:
        plain = {c.id: c.status for c in ev.tier(tier.id).conditions}
        out.update(tier_statuses(tier.id, tier.pass_expr.text, plain))
    return out


def wired(content, ev):
    """What evaluate shows once `applicable` and `drop_excluded` are wired in (issue 13, deliverable 2)."""
    statuses = statuses_of(content, ev)
    rules = {r.id: r for r in content.rules}
    kept = {r.id for r in drop_excluded([rules[f.id] for f in ev.findings if applicable(rules[f.id], statuses)])}
    return msgspec.structs.replace(ev, findings=tuple(f for f in ev.findings if f.id in kept))


def fired(content, overrides, criteria=None):
    answers = {**BASE, **overrides}
    doc = yaml.safe_dump({"format": "srdi-assessment/1", "assessed_on": DAY.isoformat(), "answers": answers},
                         allow_unicode=True).encode()
    parse_document(doc, "case", content.questionnaire)  # every case is a valid assessment
    ev = wired(content, evaluate(content, answers, DAY, criteria, gaps=False))
    return ev, {f.id for f in ev.findings}


def test_every_rule_has_a_case_and_every_case_a_rule(content):
    assert {r.id for r in content.rules} == set(ADVICE["rules"])


@pytest.mark.parametrize("rule_id", sorted(ADVICE["rules"]))
def test_rule_fires_on_its_case_and_not_on_the_other(content, rule_id):
    case = ADVICE["rules"][rule_id]
    _, on = fired(content, case["fire"], case.get("criteria"))
    assert rule_id in on
    _, off = fired(content, case.get("quiet", {}), case.get("criteria"))
    assert rule_id not in off


def test_there_are_80_rules_and_every_path_has_five(content):
    assert len(content.rules) >= 80
    per_path = Counter(r.path for r in content.rules)
    assert set(per_path) == set(content.paths), "a path without rules"
    assert all(n >= 5 for n in per_path.values()), per_path


def test_every_rule_cites_a_source_and_speaks_both_languages(content):
    for r in content.rules:
        assert r.source.strip() and any(tag in r.source for tag in ("000 §", "004 §", "〔", "通行做法"))
        for text in (r.title, r.finding, *r.steps):
            assert text["zh"].strip() and text["en"].strip(), r.id
        if r.kind == "action":
            assert r.steps, r.id
        if r.benchmark:
            assert r.benchmark in content.benchmarks


def test_benchmarks_of_the_papers_are_all_there(content):
    values = {b.id: b.value for b in content.benchmarks.values()}
    assert values == {"lg_rd_staff_share": 28.7, "lg_supply_large_firm": 90, "lg_intl_certification": 67.1,
                      "srdi_continuous_digital": 95, "lg_invention_patents_per_k": 79, "lg_overseas_patents": 3000,
                      "lg_listed": 7, "sme_digital_success": 5, "lg_manufacturers": 89.9}
    used = {r.benchmark for r in content.rules if r.benchmark}
    assert len(used) >= 7


@pytest.mark.parametrize("mode", sorted(ADVICE["modes"]))
def test_each_of_the_four_modes_is_diagnosed(content, mode):
    ev, _ = fired(content, ADVICE["modes"][mode])
    assert ev.mode == mode
    assert ev.mode_detail.title["zh"] and ev.mode_detail.title["en"]


def test_four_modes_are_covered():
    assert set(ADVICE["modes"]) == {"technology_led_safety", "market_driven_safety",
                                    "technology_led_efficiency", "market_driven_efficiency"}


def test_no_signals_means_no_mode(content):
    assert evaluate(content, {"firm.name": "空"}, DAY).mode is None


def test_findings_in_the_json_carry_the_contract_fields(content):
    ev, _ = fired(content, {"rd.expense_y1": 500, "digital.cloud_use": "none", "rd.staff": 0})
    doc = ev.to_json()
    kinds = {f["kind"] for f in doc["findings"]}
    assert {"action", "consistency"} <= kinds
    for f in doc["findings"]:
        assert {"id", "priority", "horizon", "path", "source", "title", "finding"} <= set(f)
    warn = next(f for f in doc["findings"] if f["id"] == "chk.rd_without_staff")
    assert warn["fields"] == ["rd.expense_y1", "rd.staff"]
    first = doc["findings"][0]
    assert first["priority"] == "high"
    assert "mode" in doc


@pytest.mark.parametrize("rule_id", sorted(ADVICE["rules"]))
def test_findings_read_cleanly(content, rule_id):
    """Placeholders carry their unit: the sentence around them must not repeat it."""
    case = ADVICE["rules"][rule_id]
    ev, _ = fired(content, case["fire"], case.get("criteria"))
    f = next(f for f in ev.findings if f.id == rule_id)
    assert "×10k CNY" not in f.finding["en"] and "专精特新" not in f.finding["en"], f.finding["en"]
    for lang, text in f.finding.items():
        assert "{" not in text and "}" not in text
        for unit in ("年", "项", "万元", "%", "人", "years", "items", "persons", "×10k CNY"):
            assert f"{unit} {unit}" not in text and f"{unit}{unit}" not in text.replace("%%", ""), (lang, text)
        # values carry the units of the finding's own language
        other = ("年", "项", "万元", "人", "是", "否") if lang == "en" else ("years", "items", "×10k CNY", "Yes", "No")
        alternatives = "|".join(map(re.escape, other))
        assert not re.search(rf"\d\s?(?:{alternatives})", text), (lang, text)


def test_placeholders_are_filled_with_values_and_units(content):
    ev, _ = fired(content, {"rd.expense_y1": 500})
    f = next(f for f in ev.findings if f.id == "rd.raise_intensity")
    assert "2.5%" in f.finding["zh"] and "2.5%" in f.finding["en"]
