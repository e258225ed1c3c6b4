"""A final assessment keeps the result it was scored with; under newer rules, show both side by side."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .assessment import Assessment
from .content import Content
from .evaluate import evaluate


def rescore(content: Content, a: Assessment, final: dict[str, Any]) -> dict[str, Any]:
    """Stored vs re-scored: per tier status and score, and whether the rules changed since."""
    stored = final.get("result") or {}
    known = {c.id for c in content.criteria}
    criteria = final.get("criteria") if final.get("criteria") in known else None
    now = evaluate(content, a.answers, a.assessed_on or dt.date.today(), criteria, gaps=False)
    tiers: list[dict[str, Any]] = []
    for tier in now.tiers:
        old = (stored.get("tiers") or {}).get(tier.id) or {}
        tiers.append({"tier": tier.id, "title": tier.title, "stored_status": old.get("status"),
                      "status": tier.status, "stored_score": old.get("score"), "score": tier.score,
                      "changed": old.get("status") != tier.status or old.get("score") != tier.score})
    return {"stored_rules_hash": final.get("rules_hash"), "rules_hash": content.rules_hash,
            "rules_changed": final.get("rules_hash") != content.rules_hash,
            "stored_criteria": final.get("criteria"), "criteria": now.criteria.id,
            "tiers": tiers, "stored": stored, "rescored": now}
