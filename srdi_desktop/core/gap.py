"""The gap to a tier: the smallest changes to the firm's answers that would make it pass.

Generic rather than hand-inverted formulas: each question says which way is an improvement
(``lever: up|down``); for a failing condition we move one lever at a time in that direction and
find, by bisection on numbers and by trying values on choices and yes/no, the smallest change that
meets it. Then we pick the smallest set of conditions whose passing makes the tier's ``pass``
expression true, cheapest first (cost = relative size of the change).
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable, Iterable
from typing import Any

from msgspec import Struct, field

from .criteria import (
    Condition,
    FormulaPoints,
    Indicator,
    Scorecard,
    Tier,
    indicator_names,
    score_card,
)
from .expr import UNKNOWN, Expr, Shape, and_or_shape, pass_tree, strict_names, truth
from .facts import Facts
from .questionnaire import NA, Question

_BISECT_STEPS = 40


class Change(Struct):
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


class Fix(Struct):
    changes: list[Change]
    gain: float = 0.0  # points, for scorecard fixes
    indicator: str | None = None

    @property
    def cost(self) -> float:
        return sum(c.cost for c in self.changes)


class CondGap(Struct):
    condition: Condition
    status: str
    fixes: list[Fix] = field(default_factory=list)  # alternatives, cheapest first
    missing: list[str] = field(default_factory=list)  # unanswered questions it needs
    missing_indicators: list[str] = field(default_factory=list)  # for scores: indicators still unknown
    points_needed: float | None = None
    not_applicable: list[str] = field(default_factory=list)  # inputs answered "not applicable": no figure


def _step(q: Question) -> float:
    if q.step:
        return q.step
    return 1 if q.type in ("int", "money") else 0.1


def _snap(q: Question, x: float, up: bool) -> float:
    s = _step(q)
    n = math.ceil(x / s - 1e-9) if up else math.floor(x / s + 1e-9)
    v = round(n * s, 6)
    return int(v) if float(v).is_integer() else v


def search_lever(q: Question, facts: Facts, ok: Callable[[Any], bool]) -> Any:
    """Smallest move of ``q`` in its improving direction for which ``ok(value)`` holds, or None.

    Unanswered questions are not moved: the gap asks for the answer instead of guessing it.
    """
    cur = facts.answer(q.id)
    if cur is None or facts(q.id) is UNKNOWN:
        return None
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
    if far is None or far == cur:
        return None
    # Gallop away from the current value (targets are usually near it), then bisect the last stride.
    bad, stride, good = cur, max(abs(cur), _step(q) * 10), None
    while good is None:
        probe = min(cur + stride, far) if up else max(cur - stride, far)
        if ok(probe):
            good = probe
        elif probe == far:
            return None
        else:
            bad, stride = probe, stride * 4
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


def _probe(facts: Facts, qid: str, v: Any) -> Facts:
    """``facts`` with one answer moved, kept with them: the searches for several conditions, and for an
    indicator's levels, probe the same values of the same answer."""
    key = ("probe", qid, type(v), v)
    if key not in facts.memo:
        facts.memo[key] = facts.with_overrides({qid: v})
    got: Facts = facts.memo[key]
    return got


def _unknown_strict(text: str, facts: Facts) -> list[str]:
    """The unknown names (through derived figures) whose being unknown makes ``text`` unknown."""
    out, seen, stack = [], set(), list(strict_names(text))
    while stack:
        n = stack.pop()
        if n in seen:
            continue
        seen.add(n)
        if facts(n) is UNKNOWN:
            out.append(n)
        if n in facts.derived:
            stack.extend(strict_names(facts.derived[n].text))
    return out


def _never_met(shape: Shape, facts: Facts, moved: set[str]) -> bool:
    """Whether no move of the ``moved`` answers can make the and/or ``shape`` true: an and with a part they
    do not feed that is not true now (false or unknown, it stays so), an or with every part so."""
    kind, parts = shape
    if kind == "and":
        return any(_never_met(p, facts, moved) for p in parts)
    if kind == "or":
        return all(_never_met(p, facts, moved) for p in parts)
    if parts is None or not all((r := facts.reads(n)) is not None and moved.isdisjoint(r) for n in parts.names):
        return False
    return truth(parts(facts)) is not True


def _levers(facts: Facts, names: frozenset[str] | set[str]) -> list[Question]:
    qn = facts.qn
    return [qn[i] for i in sorted(facts.inputs(names)) if qn[i].lever != "none"]


def expr_fixes(expr: Expr, facts: Facts) -> list[Fix]:
    """Single-answer moves that make ``expr`` true, cheapest first (remembered with the facts: tiers share
    conditions, and a condition's parts are conditions of their own)."""
    key = ("expr_fixes", expr.text)  # one text, one meaning within the content the facts come from
    if key not in facts.memo:
        facts.memo[key] = _expr_fixes(expr, facts)
    return list(facts.memo[key])


def _expr_fixes(expr: Expr, facts: Facts) -> list[Fix]:
    fixes = []
    unknown = _unknown_strict(expr.text, facts)
    for q in _levers(facts, expr.names):
        moved = {q.id, q.count_of} if q.count_of else {q.id}  # what overriding q changes (with_overrides)
        if any((r := facts.reads(n)) is not None and moved.isdisjoint(r) for n in unknown):
            continue  # an unknown this lever cannot change keeps the expression unknown: no move meets it
        if _never_met(and_or_shape(expr.text), facts, moved):
            continue  # a part this lever cannot change keeps the and/or from being true: no move meets it
        def ok(v: Any, q: Question = q) -> bool:
            return truth(expr(_probe(facts, q.id, v))) is True

        new = search_lever(q, facts, ok)
        if new is not None:
            fixes.append(Fix([Change(q.id, facts.answer(q.id), new)]))
    return sorted(fixes, key=lambda f: f.cost)


def condition_fixes(cond: Condition, facts: Facts) -> list[Fix]:
    assert cond.when is not None, "score conditions are fixed by score_fixes"
    fixes = expr_fixes(cond.when, facts)
    if fixes or not cond.parts:
        return fixes
    # No single answer does it (e.g. "≥3% in each of two years"): fix each failing part, then merge.
    changes: dict[str, Change] = {}
    for part in cond.parts:
        if truth(part(facts)) is True:
            continue
        part_fixes = expr_fixes(part, facts)
        if not part_fixes:
            return []
        for ch in part_fixes[0].changes:
            changes[ch.qid] = _further(facts.qn[ch.qid], changes.get(ch.qid), ch)
    merged = Fix(list(changes.values()))
    overrides = {c.qid: c.new for c in merged.changes}
    return [merged] if truth(cond.when(facts.with_overrides(overrides))) is True else []


def _further(q: Question, a: Change | None, b: Change) -> Change:
    """Of two moves of the same answer, the one that goes further in its improving direction."""
    if a is None:
        return b
    if q.numeric:
        return b if (b.new > a.new) == (q.lever == "up") else a
    return b


def indicator_fixes(ind: Indicator, facts: Facts) -> list[Fix]:
    """For each lever, the smallest change that lifts the indicator to its next higher points (remembered
    with the facts: a card's total and its category minimum ask alike)."""
    key = ("indicator_fixes", id(ind))
    if key not in facts.memo:
        facts.memo[key] = (ind, _indicator_fixes(ind, facts))  # holding ind keeps its id from being reused
    return list(facts.memo[key][1])


def _indicator_fixes(ind: Indicator, facts: Facts) -> list[Fix]:
    cur, _ = ind.points(facts)
    if cur is UNKNOWN or cur >= ind.max:
        return []
    levels = sorted({b.points for o in ind.options for b in o.bands if b.points > cur} |
                    {float(p) for o in ind.options if isinstance(o, FormulaPoints)
                     for p in range(int(cur) + 1, int(o.max) + 1)})
    fixes = []
    for q in _levers(facts, indicator_names(ind)):
        for target in levels:
            def ok(v: Any, q: Question = q, target: float = target) -> bool:
                # past the edge, never on it: the level must hold under either edge reading
                p = ind.cautious_points(_probe(facts, q.id, v))
                return p is not UNKNOWN and p >= target

            new = search_lever(q, facts, ok)
            if new is not None:
                p, _ = ind.points(_probe(facts, q.id, new))
                fixes.append(Fix([Change(q.id, facts.answer(q.id), new)], gain=p - cur, indicator=ind.id))
                break  # the next level reachable by this lever; higher ones cost more
    return fixes


def score_fixes(cond: Condition, card: Scorecard, facts: Facts, have: float) -> tuple[float, list[Fix]]:
    """Points still needed and the cheapest combination of indicator moves that supplies them."""
    assert cond.score is not None
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
             scores: dict[str, dict[str, Any]]) -> list[CondGap]:
    failing = [c for c in tier.conditions if statuses[c.id] not in ("met", "review")]  # an expert decides review
    gaps: dict[str, CondGap] = {}
    for c in failing:
        g = CondGap(c, statuses[c.id])
        if c.score:
            card = cards[c.score[0]]
            have = scores[card.id]["by_category"][c.score[1]] if c.score[1] else scores[card.id]["total"]
            g.points_needed, g.fixes = score_fixes(c, card, facts, have)
            if statuses[c.id] == "unknown":
                unknown = [i for i in card.indicators if i.id in scores[card.id]["unknown"]
                           and (c.score[1] is None or i.category == c.score[1])]
                g.missing_indicators = [i.id for i in unknown]
                g.not_applicable = _not_applicable(facts, set().union(*(indicator_names(i) for i in unknown)))
        else:
            g.fixes = condition_fixes(c, facts)
            if statuses[c.id] == "unknown" and c.when is not None:
                g.not_applicable = _not_applicable(facts, c.when.names)
                # a count asked as a checklist is answered through the checklist, which is listed instead
                g.missing = sorted(q for q in facts.inputs(c.when.names)
                                   if facts(q) is UNKNOWN and q not in g.not_applicable
                                   and facts.qn.by_id[q].count_of is None)
        gaps[c.id] = g
    _, chosen = _cheapest(pass_tree(tier.pass_expr.text), gaps)
    order = [c.id for c in tier.conditions]
    return [gaps[i] for i in sorted(chosen, key=order.index)]


def _not_applicable(facts: Facts, names: Iterable[str]) -> list[str]:
    """The inputs answered "not applicable" (e.g. y3 of a firm younger than three years)."""
    return sorted(q for q in facts.inputs(set(names)) if facts.answers.get(q) == NA)


def _cost(g: CondGap) -> float:
    if g.status == "unknown":
        return 0.1 * max(len(g.missing) + len(g.missing_indicators), 1)  # answering is cheap
    if not g.fixes:
        return math.inf
    if g.condition.score:
        return sum(f.cost for f in g.fixes if f.gain) or 1.0
    return g.fixes[0].cost


def _cheapest(node: ast.AST, gaps: dict[str, CondGap]) -> tuple[float, frozenset[str]]:
    """Cheapest set of conditions to fix so that the and/or ``pass`` expression becomes true."""
    if isinstance(node, ast.Name):
        g = gaps.get(node.id)
        return (0.0, frozenset()) if g is None else (_cost(g), frozenset({node.id}))
    if isinstance(node, ast.BoolOp):
        parts = [_cheapest(v, gaps) for v in node.values]
        if isinstance(node.op, ast.And):
            return sum(p[0] for p in parts), frozenset().union(*(p[1] for p in parts))
        return min(parts, key=lambda p: (p[0], len(p[1])))
    # Anything else in a pass expression (not used by the shipped rules): every failing name in it.
    names = frozenset(n.id for n in ast.walk(node) if isinstance(n, ast.Name) and n.id in gaps)
    return sum(_cost(gaps[n]) for n in names), names


__all__ = ["CondGap", "Change", "Fix", "tier_gap", "score_card", "search_lever"]
