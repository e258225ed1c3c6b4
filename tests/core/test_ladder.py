"""The ends of the ladder (issue 15): 科技型中小企业 bands, the route into the 2026 first tier, the expert
review of the 高企 check, renewals across the 2026-04-01 switch, certificate dates and the calendar."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from srdi_desktop import service
from srdi_desktop.core.assessment import Assessment
from srdi_desktop.core.content import load_content
from srdi_desktop.core.evaluate import evaluate
from srdi_desktop.core.evaluation import Evaluation
from srdi_desktop.core.plan import Plan, plan_for_tier
from srdi_desktop.core.plan_export import ics_plan
from srdi_desktop.core.present import present

CASES = Path(__file__).resolve().parent.parent / "cases" / "criteria.yaml"
TECH = yaml.safe_load(CASES.read_text(encoding="utf-8"))["bases"]["techfirm"]
DAY = dt.date(2026, 11, 21)
# ...and misses the 2022 innovative score (growth under 15 at a debt ratio of 80%) and its direct titles
FIRST = {**TECH, "finance.debt_ratio_pct": 80, "title.tech_innovation_demo": False, "title.ip_advantage": False}


def _points(content, indicator: str, **answers) -> float | None:
    ev = evaluate(content, {**TECH, **answers}, DAY, gaps=False)
    return ev.scorecard("tech_sme_115").by_indicator[indicator]


# -- 115号 bands: each edge and just under it (100 staff, so a head is one percentage point) ----------

@pytest.mark.parametrize("staff,points", [(30, 20), (29, 16), (25, 16), (24, 12), (20, 12), (19, 8), (15, 8),
                                          (14, 4), (10, 4), (9, 0), (0, 0)])
def test_tech_staff_share_bands(content, staff, points):
    assert _points(content, "tech_staff", **{"people.tech_staff": staff}) == points


# R&D / sales with revenue 10000 (so 1 万元 is 0.01 points of ratio); the cost route kept out of reach
@pytest.mark.parametrize("rd,points", [(600, 50), (599.9, 40), (500, 40), (499.9, 30), (400, 30), (399.9, 20),
                                       (300, 20), (299.9, 10), (200, 10), (199.9, 0)])
def test_rd_share_of_sales_bands(content, rd, points):
    got = _points(content, "rd", **{"rd.expense_y1": rd, "finance.revenue_y1": 10000,
                                    "finance.cost_total_y1": 100000})
    assert got == points


# R&D / total costs with costs 1000; sales made large so the sales route gives 0
@pytest.mark.parametrize("rd,points", [(300, 50), (299.9, 40), (250, 40), (249.9, 30), (200, 30), (199.9, 20),
                                       (150, 20), (149.9, 10), (100, 10), (99.9, 0)])
def test_rd_share_of_costs_bands(content, rd, points):
    got = _points(content, "rd", **{"rd.expense_y1": rd, "finance.revenue_y1": 100000,
                                    "finance.cost_total_y1": 1000})
    assert got == points


@pytest.mark.parametrize("class1,class2,points", [(1, 0, 30), (0, 4, 24), (0, 3, 18), (0, 2, 12), (0, 1, 6),
                                                  (0, 0, 0)])
def test_ip_bands(content, class1, class2, points):
    assert _points(content, "ip", **{"ip.class1_count": class1, "ip.class2_count": class2}) == points


# -- the route into the 2026 first tier -----------------------------------------------------------

def test_a_firm_passing_115_without_the_title_is_told_it_can_apply(content):
    ev = evaluate(content, FIRST, DAY)
    assert ev.tiers[0].id == "tech_sme" and ev.tier("tech_sme").eligible
    first = ev.tier("innovative_sme")
    assert not first.eligible
    kj = next(c for c in first.conditions if c.id == "kj_tech_sme")
    assert kj.status == "unmet" and kj.can_apply == ("tech_sme",)
    row = next(c for t in present(ev, content.questionnaire, "zh").tiers if t.id == "innovative_sme"
               for c in t.conditions if c.id == "kj_tech_sme")
    assert "科技型中小企业" in row.note and "年度申报窗口" in row.note
    assert Evaluation.from_json(ev.to_json()) == ev


def test_no_can_apply_when_115_is_not_passed_or_the_title_is_held(content):
    fails = evaluate(content, {**FIRST, "people.tech_staff": 9}, DAY)
    assert all(not c.can_apply for t in fails.tiers for c in t.conditions)
    held = evaluate(content, {**FIRST, "title.tech_sme": True}, DAY)
    assert held.tier("innovative_sme").eligible
    assert all(not c.can_apply for t in held.tiers for c in t.conditions)


def test_the_plan_to_the_first_tier_registers_as_a_technology_based_sme(content):
    plan = plan_for_tier(content, FIRST, DAY, "innovative_sme")
    assert isinstance(plan, Plan) and plan.verified
    assert {c.id for c in plan.changes} == {"title.tech_sme"}


# -- the expert review ----------------------------------------------------------------------------

def test_a_tier_met_but_for_the_experts_needs_review_and_says_so(content):
    ev = evaluate(content, TECH, DAY)
    hte = ev.tier("high_tech")
    assert (hte.status, hte.eligible, hte.condition_status, hte.gap) == ("needs_review", False, "review", ())
    assert {c.id for c in hte.conditions if c.status == "review"} == {"hte_field", "hte_innovation"}
    doc = ev.to_json()["tiers"]["high_tech"]
    assert doc["status"] == "needs_review" and {c["status"] for c in doc["conditions"]} == {"met", "review"}
    zh = next(t for t in present(ev, content.questionnaire, "zh").tiers if t.id == "high_tech")
    en = next(t for t in present(ev, content.questionnaire, "en").tiers if t.id == "high_tech")
    assert (zh.status, zh.status_text) == ("review", "其余条件满足，需专家评审")
    assert "needs an expert's review" in en.status_text.lower() or "expert" in en.status_text
    assert {c.status_text for c in zh.conditions if c.status == "review"} == {"需专家评审"}
    assert "2 项需专家评审" in zh.summary


def test_review_never_hides_an_unmet_condition(content):
    hte = evaluate(content, {**TECH, "rd.domestic_share_pct": 50}, DAY).tier("high_tech")
    assert hte.status == "not_eligible"
    missing = evaluate(content, {k: v for k, v in TECH.items() if k != "rd.domestic_share_pct"}, DAY)
    assert missing.tier("high_tech").status == "needs_answers"


def test_the_pdf_prints_the_review_status(content):
    ev = evaluate(content, TECH, DAY)
    data = service.pdf_bytes(content, Assessment(DAY, dict(TECH), "zh"), ev, "zh", invariant=True)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "需专家评审" in text and "科技型中小企业" in text


# -- renewals across 2026-04-01 -------------------------------------------------------------------

LG = {**TECH, "application.recognised_tier": "little_giant", "application.recognised_year": 2023}


@pytest.mark.parametrize("day,criteria,tier_criteria,conditions_from", [
    (dt.date(2026, 3, 31), "cn_srdi_2022", "cn_srdi_2022", "xjr22_"),
    (dt.date(2026, 4, 1), "cn_srdi_2026", "cn_srdi_2022", "xjr22_"),  # 117号: renewals keep 63号
    (dt.date(2026, 12, 31), "cn_srdi_2026", "cn_srdi_2022", "xjr22_"),
])
def test_a_little_giant_renewal_follows_63_across_the_switch(content, day, criteria, tier_criteria,
                                                             conditions_from):
    ev = evaluate(content, LG, day)
    lg = ev.tier("little_giant")
    assert (ev.criteria.id, lg.criteria, lg.application) == (criteria, tier_criteria, "renewal")
    assert f"{conditions_from}prereq" in {c.id for c in lg.conditions}
    assert (lg.recognised_year, lg.expires_year) == (2023, 2026)
    others = [t for t in ev.tiers if t.id != "little_giant"]
    assert all(t.application == "new" and t.criteria == criteria for t in others)
    assert Evaluation.from_json(ev.to_json()) == ev


def test_a_new_little_giant_application_in_2026_uses_2号(content):
    lg = evaluate(content, {**LG, "application.recognised_tier": "srdi_sme"}, dt.date(2026, 4, 1)).tier("little_giant")
    assert (lg.application, lg.criteria) == ("new", "cn_srdi_2026")
    assert "xjr26_prereq" in {c.id for c in lg.conditions}


def test_a_srdi_renewal_in_2026_stays_under_2号(content):
    ev = evaluate(content, {**LG, "application.recognised_tier": "srdi_sme"}, dt.date(2026, 6, 1))
    t = ev.tier("srdi_sme")
    assert (t.application, t.criteria, t.expires_year) == ("renewal", "cn_srdi_2026", 2026)


@pytest.mark.parametrize("year,day,application,expires", [
    (2023, dt.date(2026, 1, 1), "renewal", 2026),  # expires this year: the renewal year
    (2024, dt.date(2026, 6, 1), "renewal", 2027),
    (2022, dt.date(2025, 12, 31), "renewal", 2025),
    (2022, dt.date(2026, 1, 1), "new", None),  # lapsed at the end of 2025: a new application
])
def test_certificate_expiry_is_three_years(content, year, day, application, expires):
    lg = evaluate(content, {**LG, "application.recognised_year": year}, day).tier("little_giant")
    assert (lg.application, lg.expires_year) == (application, expires)


def test_the_renewal_and_expiry_are_shown(content):
    ev = evaluate(content, LG, dt.date(2026, 6, 1))
    row = next(t for t in present(ev, content.questionnaire, "zh").tiers if t.id == "little_giant")
    assert row.note.startswith("复核（工信部企业〔2022〕63号）") and "2026 年到期" in row.note
    assert row.certificate and row.note.startswith(row.certificate)


def test_the_cli_prints_the_renewal_and_the_review_marks(tmp_path):
    doc = tmp_path / "lg.yaml"
    doc.write_text(yaml.safe_dump({"format": "srdi-assessment/1", "assessed_on": "2026-06-01", "answers": LG},
                                  allow_unicode=True), encoding="utf-8")
    r = _cli("evaluate", str(doc), "--lang", "en")
    assert r.returncode == 0, r.stderr
    assert "Renewal (工信部企业〔2022〕63号) · The title expires in 2026" in r.stdout
    assert "◇" in r.stdout  # the expert-reviewed lines of the HNTE check


# -- the calendar ---------------------------------------------------------------------------------

def _events(ics: str) -> dict[str, str]:
    """UID → DTSTART of every event (unfolded)."""
    text = ics.replace("\r\n ", "")
    out = {}
    for block in text.split("BEGIN:VEVENT")[1:]:
        fields = dict(line.split(":", 1) for line in block.split("\r\n") if ":" in line)
        out[fields["UID"].split("@")[0].rsplit("-", 1)[0]] = fields["DTSTART;VALUE=DATE"]  # less the firm's tag
    return out


def test_the_calendar_carries_the_titles_dates(content):
    ev = evaluate(content, LG, DAY)
    events = _events(ics_plan(ev, "科技小企", "zh"))
    assert events["renewal-little_giant-20261121"] == "20260101"
    assert events["expiry-little_giant-20261121"] == "20261231"
    assert events["platform-update-20261121"] == "20270531"
    assert events["tech-sme-registration-20261121"] == "20270331"


@pytest.mark.parametrize("day,update,registration", [
    (dt.date(2026, 3, 30), "20260531", "20260331"),
    (dt.date(2026, 3, 31), "20260531", "20270331"),  # on the deadline day the next one is a year away
    (dt.date(2026, 5, 31), "20270531", "20270331"),
])
def test_yearly_deadlines_are_the_next_ones(content, day, update, registration):
    events = _events(ics_plan(evaluate(content, LG, day), "甲", "en"))
    assert events[f"platform-update-{day:%Y%m%d}"] == update
    assert events[f"tech-sme-registration-{day:%Y%m%d}"] == registration


def test_no_title_dates_without_a_title(content):
    events = _events(ics_plan(evaluate(content, {**TECH, "people.tech_staff": 0}, DAY), "甲", "en"))
    assert not any(uid.startswith(("renewal-", "expiry-", "platform-", "tech-sme-")) for uid in events)


# -- the pack format: borrowed tiers, reviews, renewal sets -------------------------------------------

@pytest.mark.parametrize("old,new,message", [
    ("  - use: cn_srdi_2022.tech_sme\n", "  - use: cn_srdi_2022.no_such_tier\n", "names no tier"),
    ("  - use: cn_srdi_2022.tech_sme\n", "  - use: tech_sme\n", "a tier reference is 'use: <set>.<tier>'"),
    ("renewed_under: {little_giant: cn_srdi_2022}", "renewed_under: {little_giant: cn_srdi_2026}",
     "names no renewal set"),
])
def test_pack_errors_are_reported(content_copy, old, new, message):
    forms, rules = content_copy
    path = rules / "criteria" / "cn_srdi_2026.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(Exception) as err:
        load_content(forms, rules)
    assert message in str(err.value)


def test_a_review_condition_must_say_true(content_copy):
    forms, rules = content_copy
    path = rules / "criteria" / "cn_srdi_2022.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("        review: true\n", "        review: false\n", 1), encoding="utf-8")
    with pytest.raises(Exception) as err:
        load_content(forms, rules)
    assert "review must be true" in str(err.value)


# -- firms younger than three years (correction) --------------------------------------------------

YOUNG = {**yaml.safe_load(CASES.read_text(encoding="utf-8"))["bases"]["strong"],
         "finance.revenue_y3": "n/a", "finance.main_revenue_y3": "n/a"}


def test_older_figures_can_be_not_applicable_in_a_document(content):
    from srdi_desktop.core.document import parse_document

    doc = yaml.safe_dump({"format": "srdi-assessment/1", "assessed_on": DAY.isoformat(), "answers": YOUNG},
                         allow_unicode=True).encode()
    assert parse_document(doc, "young", content.questionnaire).answers["finance.revenue_y3"] == "n/a"


def test_an_indicator_needing_a_year_the_firm_did_not_exist_says_why(content):
    ev = evaluate(content, YOUNG, DAY)
    growth = next(g for g in ev.tier("little_giant").gap if g.condition == "xjr26_growth")
    assert growth.status == "unknown"
    assert growth.not_applicable == ("finance.revenue_y3",) and growth.missing == ()
    row = next(t for t in present(ev, content.questionnaire, "zh").tiers if t.id == "little_giant")
    lines = next(b for b in row.gaps if b.condition == "xjr26_growth").lines
    assert any("不适用" in x and "无法计算" in x for x in lines), lines
    assert not any(x.startswith("请补充") for x in lines), lines
    assert Evaluation.from_json(ev.to_json()) == ev


# -- packs from the user data folder, and the low-confidence overlay -------------------------------

EXAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "criteria_pack" / "criteria" / "cn_zj_example.yaml"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "srdi_desktop", *args], capture_output=True, text=True)


def test_a_pack_in_the_user_data_folder_is_loaded_and_checked(tmp_path):
    from srdi_desktop import paths

    assert paths.user_criteria_dirs() == []  # no folder, nothing added
    folder = paths.user_data_dir() / "rules"
    folder.mkdir(parents=True)
    (folder / EXAMPLE.name).write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    assert paths.user_criteria_dirs() == [folder]
    r = _cli("check")
    assert r.returncode == 0 and "cn_zj_example" in r.stdout, r.stdout + r.stderr
    (folder / EXAMPLE.name).write_text(EXAMPLE.read_text(encoding="utf-8").replace("region: CN-ZJ", "region: ZJ"),
                                       encoding="utf-8")
    r = _cli("check")
    assert r.returncode == 1 and "region 'ZJ' is neither CN nor a province code" in r.stdout, r.stdout


def test_the_zhejiang_overlay_shows_verify_never_a_verdict(content):
    answers = {**yaml.safe_load(CASES.read_text(encoding="utf-8"))["bases"]["champion"],
               "finance.net_profit_y1": 1100, "finance.net_profit_y2": 1000, "finance.debt_ratio_pct": 70,
               "rd.expense_y1": 1800, "rd.expense_y2": 1680, "ip.class1_count": 4}
    cset = content.criteria_for(DAY, "CN-ZJ")
    assert (cset.id, cset.confidence) == ("cn_zj_hidden_champion_2026", "low")
    ev = evaluate(content, answers, DAY, cset.id)
    assert ev.criteria.confidence == "low"
    hc = ev.tier("zj_hidden_champion")
    assert all(c.status == "met" and c.confidence == "low" for c in hc.conditions)
    assert (hc.status, hc.eligible, hc.condition_status) == ("verify", False, "unknown")
    # the national tiers it borrows keep their verdicts and their own sets' confidence
    assert ev.tier("single_champion").status == "eligible"
    row = next(t for t in present(ev, content.questionnaire, "zh").tiers if t.id == "zj_hidden_champion")
    assert row.status_text == "请以官方原文核对（低可信度，不作判断）"
    assert all("低（请以官方原文核对）" in c.source for c in row.conditions)
    assert Evaluation.from_json(ev.to_json()) == ev


# -- 单项冠军 for a little giant: a plan in the 18–36-month horizon -----------------------------------

LITTLE_GIANT = {**yaml.safe_load(CASES.read_text(encoding="utf-8"))["bases"]["champion"],
                "application.recognised_tier": "little_giant", "application.recognised_year": 2025,
                "title.srdi_sme": True, "title.single_champion": False, "market.niche_rank_domestic": 1,
                "market.global_rank": 5, "market.niche_years": 9}


def test_a_little_giants_single_champion_plan_lies_18_to_36_months_ahead(content):
    ev = evaluate(content, LITTLE_GIANT, DAY, plans=True)
    plan = ev.tier("single_champion").plan
    assert plan is not None and plan["verified"]
    ahead = (dt.date.fromisoformat(plan["assessed_on"]) - DAY).days / 30.44
    assert 18 <= ahead <= 36.5, plan["assessed_on"]
    action = next(f for f in ev.findings if f.id == "next.single_champion")
    assert action.horizon == "18-36m" and "single_champion.dc_global_rank" in action.closes


@pytest.mark.parametrize("tier", ["none", "unknown"])
def test_no_title_held_means_every_tier_is_new(content, tier):
    ev = evaluate(content, {**LG, "application.recognised_tier": tier}, dt.date(2026, 6, 1))
    assert all(t.application == "new" and t.expires_year is None for t in ev.tiers)


def test_a_held_title_without_its_year_is_a_renewal_with_no_known_expiry(content):
    lg = evaluate(content, {**LG, "application.recognised_year": "unknown"}, dt.date(2026, 6, 1)).tier("little_giant")
    assert (lg.application, lg.criteria, lg.expires_year) == ("renewal", "cn_srdi_2022", None)
