"""The runner of table-driven criteria cases, shared by the shipped sets and a regional pack's cases.

A cases file has ``bases`` (named answer sets) and ``cases``: ``base``, ``answers``, ``set`` and
``unset`` build the answers; ``date`` (default 2026-11-21), ``criteria`` (a set id) or ``region`` /
``application`` choose the set; ``expect`` holds the criteria id, size, digital level, tier and
condition statuses, scores and defaulted indicators.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml

from srdi_desktop.core.evaluate import evaluate
from srdi_desktop.core.evaluation import Evaluation

DEFAULT_DATE = dt.date(2026, 11, 21)


def load_cases(path: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data.get("bases", {}), data["cases"]


def answers_of(case: dict[str, Any], bases: dict[str, Any]) -> dict[str, Any]:
    answers = dict(bases[case["base"]]) if "base" in case else {}
    answers.update(case.get("answers", {}))
    answers.update(case.get("set", {}))
    for qid in case.get("unset", []):
        answers.pop(qid, None)
    return answers


def criteria_of(content, case: dict[str, Any]) -> str | None:
    """The set a case names, or the one selection picks for its region/application (None: by date)."""
    if "criteria" in case:
        return case["criteria"]
    if "region" in case or "application" in case:
        day = case.get("date", DEFAULT_DATE)
        return content.criteria_for(day, case.get("region", "CN"), case.get("application", "new")).id
    return None


def run(content, case: dict[str, Any], bases: dict[str, Any]) -> Evaluation:
    return evaluate(content, answers_of(case, bases), case.get("date", DEFAULT_DATE), criteria_of(content, case))


def check(ev: Evaluation, exp: dict[str, Any]) -> None:
    """Every expectation of a case against its evaluation."""
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


def _why(ev: Evaluation, tier: str) -> list[tuple[str, str, Any]]:
    return [(c.id, c.status, c.value) for c in ev.tier(tier).conditions if c.status != "met"]


def conditions_not_seen_both_ways(content, set_id: str, cases: list[dict[str, Any]],
                                  bases: dict[str, Any]) -> list[str]:
    """Conditions of the set that no case shows both met and unmet when every case runs under the set."""
    seen: dict[tuple[str, str], set[str]] = defaultdict(set)
    for case in cases:
        ev = evaluate(content, answers_of(case, bases), case.get("date", DEFAULT_DATE), set_id, gaps=False)
        for tier_result in ev.tiers:
            for c in tier_result.conditions:
                seen[(tier_result.id, c.id)].add(c.status)
    # an expert-reviewed condition is never met or unmet offline: it must be seen as "review"
    return [f"{set_id}/{tier.id}/{c.id}: only {sorted(seen[(tier.id, c.id)])}"
            for tier in content.criteria_by_id(set_id).tiers for c in tier.conditions
            if not ({"review"} if c.review else {"met", "unmet"}) <= seen[(tier.id, c.id)]]


def tiers_not_seen_both_ways(content, set_id: str, cases: list[dict[str, Any]], bases: dict[str, Any]) -> list[str]:
    """Tiers of the set without both an eligible and a failing case among the cases that choose it."""
    seen: dict[str, set[str]] = defaultdict(set)
    for case in cases:
        ev = run(content, case, bases)
        if ev.criteria.id == set_id:
            for tier_result in ev.tiers:
                seen[tier_result.id].add(tier_result.status)
    # a tier with expert-reviewed conditions is at best "needs_review"; a low-confidence one only says
    # "verify"; a tier borrowed from another set is covered by that set's cases
    cset = content.criteria_by_id(set_id)
    return [f"{set_id}/{t.id}: only {sorted(seen[t.id])}" for t in cset.tiers if t.id not in cset.borrowed
            and not _expected_statuses(t) <= seen[t.id]]


def _expected_statuses(tier) -> set[str]:
    if tier.confidence == "low":
        return {"verify"}
    return {"needs_review" if any(c.review for c in tier.conditions) else "eligible", "not_eligible"}
