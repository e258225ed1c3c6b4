"""The pure parts of the what-if view: which questions it offers, and per tier saved → changed."""

import datetime as dt

import pytest
from msgspec.structs import replace

from srdi_desktop import paths
from srdi_desktop.core.document import parse_document
from srdi_desktop.core.evaluate import evaluate
from srdi_desktop.core.expr import Expr
from srdi_desktop.core.present import answer_changes, tier_shifts
from srdi_desktop.core.reads import questions_read

ON = dt.date(2026, 11, 21)
# The demo firm shrinking, without the technology-SME or high-tech title: the first tier not met.
SHRINKING = {"title.tech_sme": False, "title.high_tech_enterprise": False,
             "finance.revenue_y2": 9000, "finance.revenue_y3": 9500,
             "finance.main_revenue_y2": 8000, "finance.main_revenue_y3": 8500}


@pytest.fixture(scope="module")
def demo(content):
    return parse_document(paths.DEMO_FILE.read_bytes(), "demo", content.questionnaire).answers


def _ev(content, answers, **changes):
    return evaluate(content, {**answers, **SHRINKING, **changes}, ON, None)


def test_the_offered_questions_come_from_the_expressions(content):
    read = questions_read(content)
    assert "rd.institution_level" in read  # a condition reads it
    assert "rd.expense_y1" in read  # through the derived R&D ratio
    assert "firm.sector" in read  # through the computed size class
    assert "digital.scn_quality" in read  # through the computed digital level
    assert "firm.name" not in read and "firm.credit_code" not in read
    # a rule that reads one more answer puts it on the list: nobody keeps the list by hand
    reader = replace(content.rules[0], when=Expr("firm.credit_code", lambda env: True,
                                                   frozenset({"firm.credit_code"})))
    assert "firm.credit_code" in questions_read(replace(content, rules=(*content.rules, reader)))


CASES = [  # changes, lang, tier, (status, conditions, points), a condition that moved (or None)
    ({}, "zh", "innovative_sme", ("暂不符合", "4/11", "60 / 100 分"), None),
    ({"title.tech_sme": True}, "zh", "innovative_sme", ("暂不符合 → 符合", "4/11 → 5/11", "60 / 100 分"),
     "有效期内的科技型中小企业：未满足 → 满足"),
    ({"rd.institution_level": "provincial"}, "zh", "srdi_sme", ("暂不符合", "12/15 → 13/15", "49 → 53 / 100 分"),
     "知识产权条件豁免"),
    ({"rd.institution_level": "national"}, "en", "srdi_sme",
     ("Not yet eligible", "12/15 → 13/15", "49 → 55 of 100 points"), "IP exemption"),
    ({"product.fields": ["six_foundations", "strategic_emerging"], "product.chain_role": "none"}, "zh",
     "little_giant", ("暂不符合", "11/19", "—"), None),
    ({"firm.employees": 5000, "finance.revenue_y1": 500000}, "en", "innovative_sme",
     ("Not yet eligible", "4/11 → 0/11", "60 → 30 of 100 points"),
     "Is an SME under the size classification: Met → Not met"),
]


@pytest.mark.parametrize(("changes", "lang", "tid", "cells", "moved"), CASES)
def test_tier_shifts(content, demo, changes, lang, tid, cells, moved):
    before, after = _ev(content, demo), _ev(content, demo, **changes)
    s = {x.id: x for x in tier_shifts(before, after, lang)}[tid]
    assert (s.status.text, s.conditions.text, s.points.text) == cells
    assert s.changed == any("→" in c for c in cells)
    if moved is None:
        assert not s.moved
    else:
        assert any(moved in m for m in s.moved), s.moved


def test_a_tier_on_one_side_only_and_a_changed_scale(content, demo):
    before = _ev(content, demo)
    fewer = replace(before, tiers=before.tiers[:2])
    gone = {x.id: x for x in tier_shifts(before, fewer, "zh")}["little_giant"]
    assert (gone.status.text, gone.conditions.text, gone.points.text) == ("暂不符合 → —", "11/19 → —", "—")
    assert gone.colour == "unknown"
    rescaled = replace(before, tiers=tuple(replace(t, score_max=120) if t.id == "innovative_sme" else t
                                           for t in before.tiers))
    s = {x.id: x for x in tier_shifts(before, rescaled, "zh")}["innovative_sme"]
    assert s.points.text == "60 / 100 → 60 / 120"  # each side in full when the scales differ


def test_answer_changes_in_questionnaire_order_and_words(content, demo):
    qn = content.questionnaire
    saved = {**demo, "product.fields": []}
    changed = {**saved, "title.tech_sme": False, "rd.institution_level": "national",
               "product.fields": ["six_foundations"], "finance.revenue_y1": 9000}
    del changed["rd.staff"]
    lines = answer_changes(qn, saved, changed, "zh")
    assert [q for q, _ in lines] == ["finance.revenue_y1", "product.fields", "rd.staff", "rd.institution_level",
                                     "title.tech_sme"]
    text = dict(lines)
    assert text["finance.revenue_y1"] == "营业收入（上年度）：8,200 万元 → 9,000 万元"
    assert text["rd.staff"].endswith("21 人 → 未填写")
    assert text["rd.institution_level"].endswith("市级 → 国家级")
    assert text["title.tech_sme"].endswith("是 → 否")
    assert answer_changes(qn, saved, dict(saved), "en") == []
