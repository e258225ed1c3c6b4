"""The gap to a tier: the smallest changes to the firm's answers that would make it pass.

Generic rather than hand-inverted formulas: each question says which way is an improvement
(``lever: up|down``); for a failing condition we move one lever at a time in that direction and
find, by bisection on numbers and by trying values on choices and yes/no, the smallest change that
meets it. Then we pick the smallest set of conditions whose passing makes the tier's ``pass``
expression true, cheapest first (cost = relative size of the change).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from typing import Any

from .criteria import Condition, Indicator, Scorecard, Tier, condition_status, score_card, tier_status
from .expr import UNKNOWN
from .facts import Facts, inputs_of
from .questionnaire import Question, Questionnaire
from .symbols import SYMBOL_INPUTS

_BISECT_STEPS = 40
_MAX_SUBSET = 6  # more failing conditions than this at once: show each one's fix, not a combination


@dataclass
class Change:
    qid: str
    old: Any
    new: Any

    @property
    def cost(self) -> float:
        if isinstance(self.new, (int, float)) and not isinstance(self.new, bool) and \
                isinstance(self.old, (int, float)) and not isinstance(self.old, bool):
            denom = max(abs(self.old), abs(self.new), 1e-9)
            return abs(self.new - self.old) / denom
        return 1.0

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.qid, "from": self.old, "to": self.new}


@dataclass
class Fix:
    changes: list[Change]
    gain: float = 0.0  # points, for scorecard fixes
    indicator: str | None = None

    @property
    def cost(self) -> float:
        return sum(c.cost for c in self.changes)


@dataclass
class CondGap:
    condition: Condition
    status: str
    fixes: list[Fix] = field(default_factory=list)  # alternatives, cheapest first
    missing: list[str] = field(default_factory=list)  # unanswered questions it needs
    points_needed: float | None = None


def _step(q: Question) -> float:
    if q.step:
        return q.step
    return 1 if q.type in ("int", "money") else 0.1


def _snap(q: Question, x: float, up: bool) -> float:
    s = _step(q)
    n = math.ceil(x / s - 1e-9) if up else math.floor(x / s + 1e-9)
    v = round(n * s, 6)
    return int(v) if float(v).is_integer() else v


def search_lever(q: Question, facts: Facts, ok) -> Any:
    """Smallest move of ``q`` in its improving direction for which ``ok(value)`` holds, or None."""
    cur = facts.answer(q.id)
    if q.type == "bool":
        return True if q.lever == "up" and cur is not True and ok(True) else \
            False if q.lever == "down" and cur is not False and ok(False) else None
    if q.type == "choice":
        values = list(q.choice_values())
        if q.lever == "down":
            values.reverse()
        start = values.index(cur) + 1 if cur in values else 0
        return next((v for v in values[start:] if ok(v)), None)
    if not q.numeric or not isinstance(cur, (int, float)) or isinstance(cur, bool):
        return None
    up = q.lever == "up"
    far = q.max if up else q.min
    if far is None or far == cur or not ok(far):
        return None
    good, bad = far, cur
    for _ in range(_BISECT_STEPS):
        if abs(good - bad) <= _step(q) / 2:
            break
        mid = (good + bad) / 2
        if ok(mid):
            good = mid
        else:
            bad = mid
    step = _step(q) if up else -_step(q)
    val = _snap(q, good, up)
    for _ in range(3):  # snapping can land just short of a strict threshold
        if ok(val):
            break
        val = _snap(q, val + step, up)
    else:
        return good
    while (val - step - cur) * (1 if up else -1) > 0 and ok(_snap(q, val - step, up)):
        val = _snap(q, val - step, up)  # bisection stops just past an exact edge; step back onto it
    return val


def _levers(qn: Questionnaire, names, derived) -> list[Question]:
    return [qn[i] for i in sorted(inputs_of(names, qn, derived, SYMBOL_INPUTS)) if qn[i].lever != "none"]


def condition_fixes(cond: Condition, facts: Facts, cards: dict[str, Scorecard]) -> list[Fix]:
    fixes = []
    for q in _levers(facts.qn, cond.when.names, facts.derived):
        def ok(v, q=q):
            return condition_status(cond, facts.with_overrides({q.id: v}), {}) == "met"

        new = search_lever(q, facts, ok)
        if new is not None:
            fixes.append(Fix([Change(q.id, facts.answer(q.id), new)]))
    return sorted(fixes, key=lambda f: f.cost)


def indicator_fixes(ind: Indicator, facts: Facts) -> list[Fix]:
    """For each lever, the smallest change that lifts the indicator to its next higher points."""
    cur, _ = ind.points(facts)
    if cur is UNKNOWN or cur >= ind.max:
        return []
    names = set()
    for o in ind.options:
        if o.value is not None:
            names |= o.value.names
        for b in o.bands:
            if b.when is not None:
                names |= b.when.names
    levels = sorted({b.points for o in ind.options for b in o.bands if b.points > cur})
    fixes = []
    for q in _levers(facts.qn, names, facts.derived):
        for target in levels:
            def ok(v, q=q, target=target):
                p, _ = ind.points(facts.with_overrides({q.id: v}))
                return p is not UNKNOWN and p >= target

            new = search_lever(q, facts, ok)
            if new is not None:
                p, _ = ind.points(facts.with_overrides({q.id: new}))
                fixes.append(Fix([Change(q.id, facts.answer(q.id), new)], gain=p - cur, indicator=ind.id))
                break  # the next level reachable by this lever; higher ones cost more
    return fixes


def score_fixes(cond: Condition, card: Scorecard, facts: Facts, have: float) -> tuple[float, list[Fix]]:
    """Points still needed and the cheapest combination of indicator moves that supplies them."""
    _, category, at_least = cond.score
    needed = at_least - have
    cands = []
    for ind in card.indicators:
        if category is None or ind.category == category:
            cands.extend(indicator_fixes(ind, facts))
    cands.sort(key=lambda f: f.cost / max(f.gain, 1e-9))
    chosen, used, got = [], set(), 0.0
    for f in cands:
        if got >= needed:
            break
        if f.indicator in used:
            continue
        chosen.append(f)
        used.add(f.indicator)
        got += f.gain
    return needed, (chosen if got >= needed else []) + [f for f in cands if f not in chosen][:3]


def tier_gap(tier: Tier, facts: Facts, statuses: dict[str, str], cards: dict[str, Scorecard],
             scores: dict[str, dict]) -> list[CondGap]:
    failing = [c for c in tier.conditions if statuses[c.id] != "met"]
    gaps: dict[str, CondGap] = {}
    for c in failing:
        g = CondGap(c, statuses[c.id])
        if c.score:
            card = cards[c.score[0]]
            have = scores[card.id]["by_category"][c.score[1]] if c.score[1] else scores[card.id]["total"]
            g.points_needed, g.fixes = score_fixes(c, card, facts, have)
            if statuses[c.id] == "unknown":
                g.missing = _missing_for_card(card, facts, scores[card.id])
        else:
            g.fixes = condition_fixes(c, facts, cards)
            if statuses[c.id] == "unknown":
                g.missing = sorted(q for q in inputs_of(c.when.names, facts.qn, facts.derived, SYMBOL_INPUTS)
                                   if facts(q) is UNKNOWN)
        gaps[c.id] = g

    def cost(g: CondGap) -> float:
        if g.status == "unknown":
            return 0.1 * max(len(g.missing), 1)
        if not g.fixes:
            return math.inf
        if g.condition.score:
            return sum(f.cost for f in g.fixes if f.gain) or 1.0
        return g.fixes[0].cost

    base = dict(statuses)
    best: tuple[float, tuple[str, ...]] | None = None
    ids = list(gaps)
    if len(ids) <= _MAX_SUBSET:
        for k in range(1, len(ids) + 1):
            for combo in itertools.combinations(ids, k):
                trial = dict(base, **{i: "met" for i in combo})
                if tier_status(tier, trial) == "met":
                    total = sum(cost(gaps[i]) for i in combo)
                    if best is None or total < best[0]:
                        best = (total, combo)
            if best is not None:
                break
    chosen = best[1] if best else tuple(ids)
    return [gaps[i] for i in chosen]


def _missing_for_card(card: Scorecard, facts: Facts, score: dict) -> list[str]:
    out = set()
    for ind in card.indicators:
        if ind.id in score["unknown"]:
            for e in ind.value_exprs:
                out |= {q for q in inputs_of(e.names, facts.qn, facts.derived, SYMBOL_INPUTS) if facts(q) is UNKNOWN}
            for o in ind.options:
                for b in o.bands:
                    if b.when is not None:
                        out |= {q for q in inputs_of(b.when.names, facts.qn, facts.derived, SYMBOL_INPUTS)
                                if facts(q) is UNKNOWN}
    return sorted(out)


__all__ = ["CondGap", "Change", "Fix", "tier_gap", "score_card", "search_lever"]
