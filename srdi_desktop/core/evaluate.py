"""evaluate(): answers + date → tiers, scorecards, gap, findings (the JSON of DESIGN §4)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from .advice import fill, fired
from .content import Content
from .criteria import CriteriaSet, condition_status, score_card, tier_status
from .expr import UNKNOWN
from .facts import Facts
from .format import fmt_value
from .gap import CondGap, tier_gap

PRIORITY_ORDER = {"high": 0, "medium": 1, "low": 2}
HORIZON_ORDER = {"0-6m": 0, "6-18m": 1, "18-36m": 2}


def _plain(v: Any) -> Any:
    if v is UNKNOWN:
        return None
    if isinstance(v, float):
        return round(v, 4)
    return v


def make_facts(content: Content, answers: Mapping[str, Any]) -> Facts:
    return Facts(content.questionnaire, answers, content.derived, content.symbols, content.symbol_inputs)


def evaluate(content: Content, answers: Mapping[str, Any], assessed_on: dt.date,
             criteria_id: str | None = None, *, gaps: bool = True) -> dict[str, Any]:
    """The whole evaluation as plain JSON-ready data. Pure: reads nothing, writes nothing."""
    cset = content.criteria_by_id(criteria_id) if criteria_id else content.criteria_for(assessed_on)
    facts = make_facts(content, answers)
    return {
        "criteria": {"id": cset.id, "title": cset.title, "document": cset.document,
                     "valid_from": cset.valid_from.isoformat(),
                     "valid_to": cset.valid_to.isoformat() if cset.valid_to else None,
                     "region": cset.region, "applies_to": list(cset.applies_to),
                     "readings": list(cset.readings), "chosen_by": "override" if criteria_id else "date"},
        "assessed_on": assessed_on.isoformat(),
        "rules_hash": content.rules_hash,
        "sme_size": _plain(facts("sme_size")),
        "digital_level": _plain(facts("digital_level")),
        "digital": _digital_part(content, facts),
        "mode": _plain(facts("mode")),
        "mode_detail": _mode_part(content, facts),
        **_criteria_part(cset, facts, gaps),
        "derived": {name: _plain(facts(name)) for name in content.derived},
        "findings": findings(content, facts),
    }


def _criteria_part(cset: CriteriaSet, facts: Facts, gaps: bool) -> dict[str, Any]:
    scores = {cid: score_card(card, facts) for cid, card in cset.scorecards.items()}
    tiers: dict[str, Any] = {}
    for tier in cset.tiers:
        statuses = {c.id: condition_status(c, facts, scores) for c in tier.conditions}
        status = tier_status(tier, statuses)
        conds = []
        for c in tier.conditions:
            value = None
            if c.score:
                s = scores[c.score[0]]
                value = s["by_category"][c.score[1]] if c.score[1] else s["total"]
            elif c.value is not None:
                value = _plain(c.value(facts))
            conds.append({
                "id": c.id, "title": c.title, "group": c.group, "status": statuses[c.id], "value": value,
                "value_of": c.value.text if c.value is not None else None,
                "threshold": c.threshold, "op": c.op, "unit": c.unit,
                "formula": c.when.text if c.when else f"score({c.score[0]}{'.' + c.score[1] if c.score[1] else ''})"
                                                       f" >= {c.score[2]}",
                "source": c.source, "confidence": c.confidence, "note": c.note,
            })
        entry = {
            "title": tier.title, "eligible": status == "met",
            "status": {"met": "eligible", "unmet": "not_eligible", "unknown": "needs_answers"}[status],
            "score": scores[tier.scorecard]["total"] if tier.scorecard else None,
            "score_max": scores[tier.scorecard]["max"] if tier.scorecard else None,
            "scorecard": tier.scorecard, "note": tier.note, "conditions": conds, "gap": [],
        }
        if gaps and status != "met":
            entry["gap"] = [_gap_json(g, facts) for g in tier_gap(tier, facts, statuses, cset.scorecards, scores)]
        tiers[tier.id] = entry
    cards_json = {}
    for cid, s in scores.items():
        card = cset.scorecards[cid]
        cards_json[cid] = {
            "title": card.title, "chart_label": card.chart_label, "source": card.source, "total": s["total"],
            "max": s["max"],
            "total_if_unknown_max": s["total_max"], "by_indicator": s["by_indicator"],
            "by_category": s["by_category"],
            "categories": [{"id": c.id, "title": c.title, "max": c.max} for c in card.categories],
            "indicators": [{"id": i.id, "title": i.title, "category": i.category, "max": i.max,
                            "confidence": i.confidence, "note": i.note,
                            "value": _plain(i.value_exprs[0](facts)) if i.value_exprs else None,
                            "value_of": i.value_exprs[0].text if i.value_exprs else None,
                            "defaulted": i.id in s["defaulted"]} for i in card.indicators],
            "unknown": s["unknown"], "defaulted": s["defaulted"],
        }
    return {"tiers": tiers, "scorecards": cards_json}


def _digital_part(content: Content, facts: Facts) -> dict[str, Any]:
    """Where the digital level came from: the platform's result, or the estimate from the 2024 items."""
    d = content.measures.digital
    given = facts("digital.platform_level")
    if given is not UNKNOWN:
        return {"source": "platform", "level": given}
    details = d.details(facts)
    return {"source": "estimate" if details["complete"] else None, "level": _plain(details["level"]),
            "confidence": d.confidence, "base_score": details["base_score"], "base_max": details["base_max"],
            "scenarios_at_level": details["scenarios_at_level"],
            "constrained_at_level": details["constrained_at_level"], "unknown_items": details["unknown_items"]}


def _mode_part(content: Content, facts: Facts) -> dict[str, Any]:
    m = content.measures.modes
    mode = facts("mode")
    described = m.modes.get(mode) if mode is not UNKNOWN else None
    return {"signals": m.scores(facts), "source": m.source, "note": m.note,
            "title": described.title if described else None, "text": described.text if described else None}


def _gap_json(g: CondGap, facts: Facts) -> dict[str, Any]:
    c = g.condition
    return {
        "condition": c.id, "title": c.title, "status": g.status, "missing": g.missing,
        "missing_indicators": g.missing_indicators,
        "points_needed": g.points_needed,
        "options": [{"changes": [ch.as_dict() for ch in f.changes], "gain": f.gain or None,
                     "indicator": f.indicator, "cost": round(f.cost, 4)} for f in g.fixes],
    }


def findings(content: Content, facts: Facts) -> list[dict[str, Any]]:
    out = []
    qn = content.questionnaire

    def fmt_in(lang: str):
        """Values in the finding's own language: '3 项' in Chinese, '3 items' in English."""
        return lambda name, v: fmt_value(qn, name, v, lang)

    for r in content.rules:
        if not fired(r, facts):
            continue
        bench = content.benchmarks.get(r.benchmark) if r.benchmark else None
        out.append({
            "id": r.id, "kind": r.kind, "priority": r.priority, "horizon": r.horizon, "effort": r.effort,
            "path": r.path, "source": r.source, "title": r.title,
            "finding": {lang: fill(t, facts, fmt_in(lang)) for lang, t in r.finding.items()},
            "steps": list(r.steps), "fields": list(r.fields),
            "benchmark": {"id": bench.id, "value": bench.value, "unit": bench.unit, "text": bench.text,
                          "source": bench.source} if bench else None,
        })
    out.sort(key=lambda f: (PRIORITY_ORDER[f["priority"]], HORIZON_ORDER[f["horizon"]], f["id"]))
    return out
