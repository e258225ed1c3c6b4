"""The pure advice functions the evaluation wires in (closes/applicable, excludes, moot alternatives),
the load-time checks of the new rule keys, the next rung, averages as context, and the driving modes."""

import datetime as dt

import pytest

from srdi_desktop.core.advice import (
    Rule,
    applicable,
    basis_label,
    context_benchmark,
    drop_excluded,
    finding_provenance,
    open_closes,
    rmb,
    select,
    tier_statuses,
)
from srdi_desktop.core.content import load_content
from srdi_desktop.core.errors import ContentErrors, Loc
from srdi_desktop.core.evaluate import evaluate, make_facts
from srdi_desktop.core.expr import Expr

from .test_advice import BASE, DAY, fired, statuses_of


def rule(rid, closes=(), excludes=(), when=True):
    return Rule(rid, "p", Expr(str(when), lambda env: when), "high", "0-6m", "low", {"zh": "t", "en": "t"},
                {"zh": "f", "en": "f"}, (), "000 §三", loc=Loc("x"), closes=tuple(closes), excludes=tuple(excludes))


# --- applicable: a rule that closes conditions applies only while one of them is unmet ---------------
@pytest.mark.parametrize("statuses, expected", [
    ({"little_giant.xjr26_debt": "unmet"}, True),
    ({"little_giant.xjr26_debt": "met"}, False),
    ({"little_giant.xjr26_debt": "unknown"}, False),  # not known to be unmet: ask for the answer, not action
    ({"little_giant.xjr26_debt": "moot"}, False),  # an alternative is met
    ({"little_giant.xjr26_debt": "met", "srdi_sme.zj26_debt": "unmet"}, True),  # any one closed condition
    ({}, False),  # the set in force has none of the conditions (e.g. a 2022-only condition in 2026)
])
def test_applicable(statuses, expected):
    r = rule("up.high_debt", closes=["little_giant.xjr26_debt", "srdi_sme.zj26_debt"])
    assert applicable(r, statuses) is expected


def test_a_rule_without_closes_always_applies():
    assert applicable(rule("a"), {}) and applicable(rule("a"), {"srdi_sme.zj26_debt": "met"})


def test_open_closes_lists_only_the_unmet_ones():
    r = rule("x", closes=["a.b", "a.c", "a.d"])
    assert open_closes(r, {"a.b": "met", "a.c": "unmet", "a.d": "moot"}) == ["a.c"]


# --- excludes -------------------------------------------------------------------------------------------
def test_drop_excluded_keeps_order_and_drops_what_a_fired_rule_excludes():
    a, b, c = rule("fill.short_niche", excludes=["fill.not_key_field"]), rule("fill.not_key_field"), rule("c")
    assert [r.id for r in drop_excluded([b, c, a])] == ["c", "fill.short_niche"]
    assert [r.id for r in drop_excluded([b, c])] == ["fill.not_key_field", "c"]  # excluded only when both fire


def test_select_is_fired_and_applicable_and_not_excluded(content):
    facts = make_facts(content, {})
    rules = [rule("a", excludes=["b"]), rule("b"), rule("c", when=False), rule("d", closes=["t.x"])]
    assert [r.id for r in select(rules, facts, {"t.x": "met"})] == ["a"]
    assert [r.id for r in select(rules, facts, {"t.x": "unmet"})] == ["a", "d"]


# --- conditions made moot by a met alternative ------------------------------------------------------------
PASS = "p and (ip or ip_exempt) and (s or (a and b))"


@pytest.mark.parametrize("statuses, expected", [
    ({"p": "met", "ip": "unmet", "ip_exempt": "met", "s": "met", "a": "unmet", "b": "unmet"},
     {"t.ip": "moot", "t.a": "moot", "t.b": "moot"}),
    ({"p": "unmet", "ip": "unmet", "ip_exempt": "unmet", "s": "unmet", "a": "met", "b": "unmet"},
     {"t.p": "unmet", "t.ip": "unmet", "t.ip_exempt": "unmet", "t.s": "unmet", "t.b": "unmet"}),
    ({"p": "met", "ip": "unknown", "ip_exempt": "met", "s": "unmet", "a": "met", "b": "met"},
     {"t.ip": "unknown", "t.s": "moot"}),
])
def test_tier_statuses_marks_moot_alternatives(statuses, expected):
    got = tier_statuses("t", PASS, statuses)
    assert {k: v for k, v in got.items() if v != "met"} == expected


def test_tier_statuses_leaves_other_expressions_alone():
    assert tier_statuses("t", "not a or b", {"a": "unmet", "b": "met"}) == {"t.a": "unmet", "t.b": "met"}


# --- the issue's contradictions: advice never asks to fix a condition that is met ------------------------
@pytest.mark.parametrize("overrides, criteria, rule_id, shown", [
    ({"finance.debt_ratio_pct": 72}, None, "up.high_debt", False),  # 2026 ceilings 75%/80% are met
    ({"finance.debt_ratio_pct": 72}, "cn_srdi_2022", "up.high_debt", True),  # 2022 little giant: ≤ 70%
    ({"finance.debt_ratio_pct": 76}, None, "up.high_debt", True),
    ({"market.niche_share_pct": 6, "market.niche_rank_domestic": 2}, None, "fill.low_share", False),  # top 3
    ({"market.niche_share_pct": 6, "market.niche_rank_domestic": 4}, None, "fill.low_share", True),
    ({"product.fields": ["strategic_emerging"], "product.chain_role": "none"}, None, "fill.not_key_field", False),
    ({"product.fields": ["strategic_emerging"], "product.chain_role": "none"}, "cn_srdi_2022",
     "fill.not_key_field", True),  # 2022 品 does not count strategic-emerging
    ({"rd.expense_y1": 600}, None, "rd.raise_intensity", False),  # exactly 3%
    ({"rd.expense_y1": 599}, None, "rd.raise_intensity", True),
    ({"ip.class1_applied_count": 0, "rd.institution_level": "provincial"}, "cn_srdi_2022",
     "inn.no_applied_ip", True),  # 2022 little giant needs 2 applied; the R&D centre is no exemption there
])
def test_findings_follow_the_criteria_in_force(content, overrides, criteria, rule_id, shown):
    _, ids = fired(content, overrides, criteria)
    assert (rule_id in ids) is shown


def test_no_finding_closes_a_met_condition(content):
    """Over every rule case: each shown finding that declares closes has an unmet one among them."""
    from .test_advice import ADVICE
    rules = {r.id: r for r in content.rules}
    for case in ADVICE["rules"].values():
        ev, ids = fired(content, case["fire"], case.get("criteria"))
        statuses = statuses_of(content, ev)
        for rid in ids:
            if rules[rid].closes:
                assert open_closes(rules[rid], statuses), rid


# --- duplicates merged, conflicts excluded ---------------------------------------------------------------
def test_duplicates_are_merged(content):
    ids = {r.id for r in content.rules}
    assert not {"x.leader_no_joint_rd", "x.export_no_intl_cert", "x.rd_without_ip"} & ids
    _, on = fired(content, {"supply.serves_large_firm": False, "product.chain_role": "serves_chain_leader",
                            "supply.joint_rd_large_firm": False})
    assert "lf.no_joint_rd" in on  # the chain-leader case of the former x.leader_no_joint_rd


def test_a_new_main_product_is_not_advised_beside_staying_in_the_niche(content):
    both = {"product.fields": [], "product.chain_role": "none", "market.niche_years": 2}
    _, ids = fired(content, both)
    assert "fill.short_niche" in ids and "fill.not_key_field" not in ids
    _, ids = fired(content, {**both, "market.niche_years": 5})
    assert "fill.not_key_field" in ids


def test_supplier_risk_joins_single_source_and_imports(content):
    _, ids = fired(content, {"supply.key_inputs_single_source": True, "supply.key_inputs_imported": True})
    assert "flow.supplier_risk" in ids and not {"flow.single_source", "flow.imported_inputs"} & ids
    _, ids = fired(content, {"supply.key_inputs_single_source": True})
    assert "flow.single_source" in ids and "flow.supplier_risk" not in ids


# --- averages are context, not targets, and not for micro firms ------------------------------------------
MICRO = {"firm.employees": 12, "rd.staff": 2, "finance.revenue_y1": 1500, "finance.revenue_y2": 1400,
         "finance.revenue_y3": 1300, "finance.main_revenue_y1": 1400, "finance.main_revenue_y2": 1300,
         "finance.main_revenue_y3": 1200, "finance.net_profit_y1": 150, "rd.expense_y1": 75, "rd.expense_y2": 70,
         "ip.class1_count": 0, "ip.class1_self_developed_count": 0, "ip.class1_high_value_count": 0,
         "ip.class1_applied_count": 0, "people.senior_talent": 1}


def test_little_giant_averages_are_not_shown_to_a_micro_firm(content):
    ev, ids = fired(content, MICRO)
    assert ev.sme_size == "micro"
    assert not {"inn.rd_staff_below_lg", "ip.density_low"} & ids
    _, ids = fired(content, {**MICRO, "firm.employees": 30, "rd.staff": 5, "finance.revenue_y1": 2500})
    assert "inn.rd_staff_below_lg" in ids  # a small firm sees the average, as context


def test_averages_are_worded_as_context(content):
    for r in content.rules:
        if r.benchmark and r.kind == "action":
            assert "参照" in r.finding["zh"] and "context" in r.finding["en"].lower(), r.id


# --- the next rung: a recognised firm gets at least five findings ----------------------------------------
@pytest.mark.parametrize("overrides", [
    {},  # a provincial SRDI firm that does almost everything right
    {"application.recognised_tier": "little_giant"},
    {"application.recognised_tier": "little_giant", "title.single_champion": True,
     "financing.listing_stage": "filed"},
])
def test_a_recognised_firm_gets_at_least_five_findings(content, overrides):
    ev, ids = fired(content, overrides)
    assert ev.tier("srdi_sme").eligible
    actions = list(ev.findings_of("action"))
    assert len(actions) >= 5, ids


def test_a_little_giant_is_told_about_listing_and_the_single_champion(content):
    _, ids = fired(content, {"application.recognised_tier": "little_giant"})
    assert {"next.listing", "next.single_champion"} <= ids


# --- load-time checks of the new keys: file:line:col ----------------------------------------------------
def errors_of(forms, rules):
    with pytest.raises(ContentErrors) as exc:
        load_content(forms, rules)
    return [str(e) for e in exc.value.errors]


@pytest.mark.parametrize("old, new, code, message", [
    ("    basis: paper\n", "    basis: papers\n", "E007", "basis must be one of paper, official, practice"),
    ("srdi_sme.zj26_debt, little_giant.xjr26_debt,", "srdi_sme.zj26_debt, little_giant.xjr26_dept,", "E010",
     "closes unknown condition 'little_giant.xjr26_dept'"),
    ("excludes: [fill.not_key_field]", "excludes: [fill.not_a_rule]", "E010", "excludes unknown rule"),
    ("    basis: official\n", "    basis: official\n    quote: '某句话'\n", "E007",
     "only a paper rule carries a quote"),
])
def test_bad_provenance_and_references_are_placed(content_copy, old, new, code, message):
    forms, rules = content_copy
    f, text = next((f, f.read_text(encoding="utf-8")) for f in sorted((rules / "advice").glob("*.yaml"))
                   if old in f.read_text(encoding="utf-8"))
    text = text.replace(old, new, 1)
    f.write_text(text, encoding="utf-8")
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if new.strip().splitlines()[-1] in ln)
    errs = errors_of(forms, rules)
    where = f"rules/advice/{f.name}:{line}:"
    assert any(e.startswith(where) and f"{code} " in e and message in e for e in errs), (where, errs)


def test_a_paper_rule_without_a_quote_is_refused(content_copy):
    forms, rules = content_copy
    f = rules / "advice" / "000_coverage.yaml"
    text = f.read_text(encoding="utf-8")
    f.write_text(text.replace("    quote: '首先，重视原始创新，加强基础研究。'\n", "", 1), encoding="utf-8")
    assert any("rule 'rd.frontier_research': a paper rule needs a quote" in e for e in errors_of(forms, rules))


def test_two_rules_cannot_exclude_each_other(content_copy):
    forms, rules = content_copy
    f = rules / "advice" / "004_chain.yaml"
    text = f.read_text(encoding="utf-8").replace("    closes: [little_giant.xjr26_chain, little_giant.xjr22_pin]\n",
                                                 "    closes: [little_giant.xjr26_chain, little_giant.xjr22_pin]\n"
                                                 "    excludes: [fill.short_niche]\n", 1)
    f.write_text(text, encoding="utf-8")
    assert any("excludes it too" in e for e in errors_of(forms, rules))


# --- wording helpers -------------------------------------------------------------------------------------
@pytest.mark.parametrize("wan, text", [(500, "RMB 5 million"), (1234.5, "RMB 12.35 million"),
                                       (20000, "RMB 200 million"), (150000, "RMB 1.5 billion"),
                                       (80, "RMB 800,000"), (0, "RMB 0")])
def test_rmb(wan, text):
    assert rmb(wan) == text


def test_money_reads_naturally_in_english_findings(content):
    ev, _ = fired(content, {"financing.supports_used": ["hnte_tax"]})
    f = next(f for f in ev.findings if f.id == "sup.no_super_deduction")
    assert "RMB 10 million a year" in f.finding["en"] and "1,000 万元" in f.finding["zh"]


def test_basis_in_plain_words(content):
    by_id = {r.id: r for r in content.rules}
    assert basis_label(by_id["rd.frontier_research"])["zh"] == "依据：论文 000 §五.2"
    assert basis_label(by_id["up.high_debt"])["zh"].startswith("依据：工信部企业〔2026〕2号")
    assert basis_label(by_id["chk.rd_without_staff"]) == {"zh": "通行做法", "en": "Common practice"}


# --- driving modes (004 §三(二)) ----------------------------------------------------------------------------
ALL_SIGNALS = {  # every signal of every side present
    "rd.expense_y1": 1200, "rd.staff": 90, "ip.class1_count": 30, "rd.institution_level": "national",
    "supply.university_cooperation": True, "digital.new_tech": ["ai"],
    "quality.own_brand": True, "supply.serves_large_firm": True, "market.niche_share_pct": 30,
    "supply.export_share_pct": 40, "quality.customer_feedback": True, "quality.intl_certification": True,
    "product.chain_role": "fills_gap", "supply.import_substitution": True, "supply.key_inputs_imported": False,
    "product.fields": ["six_foundations"], "digital.platform_level": 4, "finance.net_profit_y1": 3000,
    "finance.main_revenue_y1": 19000, "finance.main_revenue_y2": 15000, "digital.systems": ["mes"],
}


def test_both_sides_of_each_axis_can_reach_the_same_maximum(content):
    m = content.measures.modes
    maxima = m.maxima()
    assert maxima["technology"] == maxima["market"] and maxima["safety"] == maxima["efficiency"]
    ev = evaluate(content, {**BASE, **ALL_SIGNALS}, DAY, gaps=False)
    assert m.scores(make_facts(content, {**BASE, **ALL_SIGNALS})) == maxima
    assert ev.mode == "technology_led_safety"  # a full tie leans to technology and safety


def test_digital_adoption_counts_as_a_technology_signal(content):
    facts = lambda extra: make_facts(content, {**BASE, "digital.cloud_use": "some", **extra})  # noqa: E731
    m = content.measures.modes
    without = m.scores(facts({"digital.new_tech": []}))["technology"]
    assert m.scores(facts({"digital.new_tech": ["iot"]}))["technology"] == without + 1
    assert m.scores(facts({"digital.new_tech": [], "digital.cloud_use": "core"}))["technology"] == without + 1


def test_the_evidence_names_the_signals_that_counted(content):
    m = content.measures.modes
    ev = m.evidence(make_facts(content, {**BASE, "supply.import_substitution": False}))
    assert set(ev) == {"technology", "market", "safety", "efficiency"}
    safety = {s["id"] for s in ev["safety"]}
    assert "import_substitution" not in safety and "fills_gap" in safety
    assert all(s["label"]["zh"] and s["label"]["en"] for side in ev.values() for s in side)
    assert {k: len(v) for k, v in ev.items()} == m.scores(make_facts(content, {**BASE,
                                                                            "supply.import_substitution": False}))


def test_unequal_axes_are_refused(content_copy):
    forms, rules = content_copy
    f = rules / "modes.yaml"
    text = f.read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if "id: local_supply" in ln)
    f.write_text(text.replace(line + "\n", ""), encoding="utf-8")
    assert any("'safety' has 4 signals and 'efficiency' 5" in e for e in errors_of(forms, rules))


def test_the_day_is_the_test_day():
    assert DAY == dt.date(2026, 11, 21)


def test_finding_provenance_and_context_benchmark(content):
    by_id = {r.id: r for r in content.rules}
    debt = finding_provenance(by_id["up.high_debt"], {"little_giant.xjr26_debt": "unmet",
                                                      "srdi_sme.zj26_debt": "met"})
    assert debt["basis"] == "official" and debt["quote"] is None and debt["closes"] == ["little_giant.xjr26_debt"]
    assert finding_provenance(by_id["rd.frontier_research"], {})["quote"].startswith("首先")
    assert context_benchmark(by_id["brand.no_intl_cert"], "small") == "lg_intl_certification"
    assert context_benchmark(by_id["brand.no_intl_cert"], "micro") is None
