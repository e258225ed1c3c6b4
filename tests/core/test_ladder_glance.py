"""The ladder at a glance (issue 21): which rung is met, which is next with its plan date, and that the
next rung is the one the conclusion plans for; the stored result gives the same ladder as the live one."""

from __future__ import annotations

import pytest

from srdi_desktop import paths, service
from srdi_desktop.core.ladder import LADDER, Rung, TierSummary, describe, rungs, summaries
from srdi_desktop.core.present import conclusion
from srdi_desktop.storage.store import AssessmentStore

T = TierSummary


@pytest.mark.parametrize("tiers,states,date", [
    # nothing judged yet: the first rung is next, with no date
    ({t: T(False, "needs_answers") for t in LADDER}, ["next", "later", "later", "later", "later"], None),
    # the first two met: 专精特新 is next with its plan's date
    ({"tech_sme": T(True, "eligible"), "innovative_sme": T(True, "eligible"),
      "srdi_sme": T(False, "not_eligible", "2027-06-30"), "little_giant": T(False, "not_eligible", "2028-06-30"),
      "single_champion": T(False, "not_eligible")}, ["met", "met", "next", "later", "later"], "2027-06-30"),
    # a rung met above one not met (科技和创新型 by its score without 科技型): the lower one is next,
    # as the conclusion says
    ({"tech_sme": T(False, "not_eligible"), "innovative_sme": T(True, "eligible"),
      "srdi_sme": T(False, "not_eligible")}, ["next", "met", "later", "absent", "absent"], None),
    # every rung met: none is next
    ({t: T(True, "eligible") for t in LADDER}, ["met"] * 5, None),
    # a tier only an expert or a low-confidence set can judge is not a rung the firm applies on
    ({"tech_sme": T(True, "eligible"), "innovative_sme": T(False, "needs_review"),
      "srdi_sme": T(False, "verify")}, ["met", "absent", "absent", "absent", "absent"], None),
])
def test_rungs(tiers, states, date):
    ladder = rungs(tiers)
    assert [r.id for r in ladder] == list(LADDER)
    assert [r.state for r in ladder] == states
    nxt = [r for r in ladder if r.state == "next"]
    assert len(nxt) <= 1 and (nxt[0].plan_date if nxt else None) == date
    assert all(r.plan_date is None for r in ladder if r.state != "next")


def test_described_in_words_in_both_languages():
    ladder = (Rung("tech_sme", "met"), Rung("innovative_sme", "next", "2027-06-30"), Rung("srdi_sme", "later"),
              Rung("little_giant", "later"), Rung("single_champion", "absent"))
    assert describe(ladder, "zh").startswith("科技型：已符合；科技和创新型：下一步，计划 2027-06-30 达到；")
    assert "Single champion: not judged here" in describe(ladder, "en")


def test_the_next_rung_is_the_one_the_conclusion_plans_for(content):
    a = service.read_assessment(content, paths.DEMO_FILE)
    ev = service.evaluate_assessment(content, a)
    ladder = rungs(summaries(ev))
    nxt = next(r for r in ladder if r.state == "next")
    tier = next(t for t in ev.tiers if t.id == nxt.id)
    assert [r.id for r in ladder if r.state == "met"] == [t.id for t in ev.tiers if t.eligible and t.id in LADDER]
    assert tier.plan and tier.plan["verified"] and nxt.plan_date == str(tier.plan["assessed_on"])
    line = conclusion(ev, content.questionnaire, "zh")[1]
    assert tier.title["zh"] in line and nxt.plan_date in line


def test_the_stored_result_gives_the_same_ladder(content, tmp_path):
    a = service.read_assessment(content, paths.DEMO_FILE)
    store = AssessmentStore.open(tmp_path / "a.db")
    try:
        aid = store.import_assessment(a)
        assert store.ladder_summary(aid) is None  # a draft has no result to draw
        ev = service.finalize(store, content, aid, store.load(aid).assessment)
        assert rungs(store.ladder_summary(aid)) == rungs(summaries(ev))
        assert store.ladder_summary("no-such-id") is None
    finally:
        store.close()


def test_every_kind_of_firm_stored_in_one_database_gives_the_ladder_of_its_evaluation(content, tmp_path):
    """ladder_summary decodes only the tiers' few fields; it must agree with the whole evaluation for firms
    that meet nothing, everything, a renewal, and tiers under review (self-reported platform figures) —
    stored one after another, so most are differences from a base."""
    from srdi_desktop.core.evaluate import evaluate
    from tests.core.test_evaluation_pinned import FIRMS

    store = AssessmentStore.open(tmp_path / "a.db")
    seen = []
    try:
        for name, (answers, day, criteria, sources) in FIRMS.items():
            ev = evaluate(content, answers, day, criteria, sources=sources, plans=True)  # as finalizing does
            aid = store.create(day, "zh", answers)
            store.finalize(aid, ev.criteria.id, ev.rules_hash, ev.to_json())
            assert store.ladder_summary(aid) == summaries(ev), name
            seen += store.ladder_summary(aid).values()
    finally:
        store.close()
    statuses = {t.status for t in seen}  # the table covers what the ladder tells apart
    assert "needs_review" in statuses and len(statuses) >= 3
    assert any(t.plan_date for t in seen) and any(t.eligible for t in seen) and not all(t.eligible for t in seen)
