"""Evaluations pinned: what a handful of firms get (statuses, values, scores, gaps, plans, findings), stored in
tests/data/evaluations_pinned.json, so that work on the speed of core/evaluate, core/gap and core/plan cannot
change a result unnoticed. Wording is left out (a text edit in rules/ is not a change of result).

After an intended change of results, regenerate and review the diff:
``python -m tests.core.test_evaluation_pinned``.
"""

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from srdi_desktop import paths
from srdi_desktop.core.evaluate import evaluate

CASES = Path(__file__).resolve().parent.parent / "cases"
PINNED = CASES.parent / "data" / "evaluations_pinned.json"
BASES = yaml.safe_load((CASES / "criteria.yaml").read_text(encoding="utf-8"))["bases"]
DEMO = yaml.safe_load(paths.DEMO_FILE.read_text(encoding="utf-8"))
D2026, D2025 = dt.date(2026, 11, 21), dt.date(2025, 6, 30)

# name: (answers, date, criteria id or None, sources)
FIRMS: dict[str, tuple[dict[str, Any], dt.date, str | None, dict[str, str]]] = {
    "demo": (DEMO["answers"], DEMO["assessed_on"], None, {}),
    "modest 2026": (BASES["modest"], D2026, None, {}),
    "modest 2025": (BASES["modest"], D2025, None, {}),
    "techfirm": (BASES["techfirm"], D2026, None, {}),
    "strong, a little-giant renewal": ({**BASES["strong"], "application.recognised_tier": "little_giant",
                                        "application.recognised_year": 2024, "finance.revenue_y1": 9000}, D2026, None,
                                       {}),
    "champion": (BASES["champion"], D2026, None, {}),
    "strong, platform figures self-reported": (
        BASES["strong"], D2026, None, {"platform.quality_score": "self", "digital.platform_level": "estimate"}),
    "sparse: most answers unknown": ({"firm.name": "稀疏", "firm.sector": "industry", "firm.employees": 40,
                                      "finance.revenue_y1": 900, "rd.expense_y1": "unknown"}, D2026, None, {}),
    "large: meets nothing": ({**BASES["strong"], "firm.employees": 1500, "finance.revenue_y1": 50000,
                              "compliance.abnormal_or_dishonest": True}, D2026, None, {}),
}


# What the evaluation works out, per part; the rest (titles, notes, sources, thresholds) is the rules' text.
_CONDITION = ("status", "value", "can_apply", "on_edge", "unverified")
_TIER = ("eligible", "status", "score", "gap", "plan", "application", "criteria", "recognised_year", "expires_year")
_CARD = ("total", "max", "total_if_unknown_max", "by_indicator", "by_category", "unknown", "defaulted", "edges")


def _computed(doc: dict[str, Any]) -> dict[str, Any]:
    """The results of an evaluation's JSON without its words (a text edit in rules/ is no change of result)."""
    def tier(t: dict[str, Any]) -> dict[str, Any]:
        gap = [{k: v for k, v in g.items() if k != "title"} for g in t["gap"]]
        # a plan's answers are the projected answers with its changes; a block's reason is words
        plan = {k: v for k, v in t["plan"].items() if k not in ("answers", "reason")} if t["plan"] else None
        return {**{k: t[k] for k in _TIER}, "gap": gap, "plan": plan,
                "conditions": {c["id"]: [c[k] for k in _CONDITION] for c in t["conditions"]}}
    cards = doc["scorecards"]
    return {"criteria": doc["criteria"]["id"], "sme_size": doc["sme_size"], "digital_level": doc["digital_level"],
            "digital": doc["digital"].get("level"), "mode": doc["mode"], "derived": doc["derived"],
            "tiers": {tid: tier(t) for tid, t in doc["tiers"].items()},
            "scorecards": {cid: {k: c[k] for k in _CARD} for cid, c in cards.items()},
            "findings": [[f["id"], f["closes"]] for f in doc["findings"]]}


def _result(content, name: str) -> Any:
    answers, day, criteria, sources = FIRMS[name]
    ev = evaluate(content, dict(answers), day, criteria, plans=True, sources=sources)
    return _computed(json.loads(json.dumps(ev.to_json(), ensure_ascii=False, default=str)))


@pytest.mark.parametrize("name", list(FIRMS))
def test_evaluation_is_as_pinned(content, name):
    pinned = json.loads(PINNED.read_text(encoding="utf-8"))[name]
    got = _result(content, name)
    for tier, want in pinned["tiers"].items():  # the part most worth a readable failure first
        assert got["tiers"][tier]["status"] == want["status"], tier
        assert got["tiers"][tier]["plan"] == want["plan"], tier
    assert got == pinned


def test_the_pinned_firms_cover_plans_blocks_renewals_and_review(content):
    pinned = json.loads(PINNED.read_text(encoding="utf-8"))
    tiers = [t for r in pinned.values() for t in r["tiers"].values()]
    assert any(t["plan"] and "changes" in t["plan"] and t["plan"]["changes"] for t in tiers)
    assert any(t["plan"] and t["plan"].get("blocked_by") for t in tiers)
    assert any(t["application"] == "renewal" for t in tiers)
    assert any(c[_CONDITION.index("unverified")] for t in tiers for c in t["conditions"].values())
    assert any(t["status"] == "needs_answers" for t in tiers)
    assert any(t["gap"] for t in tiers)


if __name__ == "__main__":  # regenerate after an intended change of results
    from srdi_desktop.core.content import load_content

    loaded = load_content(paths.FORMS_DIR, paths.RULES_DIR)
    lines = [f"{json.dumps(n, ensure_ascii=False)}:{json.dumps(_result(loaded, n), ensure_ascii=False)}"
             for n in FIRMS]  # a firm a line: a diff names the firm
    PINNED.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
    print(f"wrote {PINNED} ({PINNED.stat().st_size // 1024} KB)")
