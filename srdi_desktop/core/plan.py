"""A verified plan to each tier not met: the earliest date it can be met, the projected answers then.

A joint search, not one condition at a time: on the answers projected to a candidate date
(``plan_model.project``) each way through the tier's ``pass`` tree (a set of conditions that must all
hold) is fixed jointly — the cheapest fix of a failing condition is applied (a score condition takes
the cheapest combination of indicator moves whose points suffice), every condition is re-evaluated,
so a fix that breaks another is repaired on the next round — and the cheapest way wins. Costs are
those of the final answers (weight × relative change, or weight per step; ``plan_model.LEVERS``), so
alternatives are never added and a move serving two conditions counts once. Coupled answers move
together (main revenue with revenue; class I IP with its subsets) and stay within their caps.

Only a plan that passes when re-evaluated under the criteria in force on its date, and passes
validation, is returned; a title it needs (the 专精特新 title for a little giant) is earned through a
verified plan for that title's tier on the same date. When nothing passes within ``HORIZON_YEARS``,
``Blocked`` names the conditions every way through the tree needs and why: not in the firm's hands,
out of reach at plausible growth, or unanswered. Pure: no I/O, the date is a parameter.
"""

from __future__ import annotations

import ast
import datetime as dt
import functools
import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from msgspec import Struct, field

from .content import Content
from .criteria import (
    HORIZON_START_MONTHS,
    Condition,
    CriteriaSet,
    FormulaPoints,
    Indicator,
    Scorecard,
    Tier,
    condition_status,
    indicator_names,
    score_card,
    tier_status,
)
from .evaluate import certificate, judging, make_facts
from .expr import UNKNOWN, pass_tree, status_of
from .facts import Facts, inputs_of
from .fiscal import slot
from .plan_model import (
    ALSO_RAISES,
    DEFAULT_LEVER,
    FIXED,
    HORIZON_YEARS,
    LEVERS,
    SCALES_WITH,
    TITLE_TIERS,
    TITLE_WEIGHT,
    Lever,
    add_years,
    changeable,
    direction,
    lever_of,
    project,
)
from .questionnaire import MARKERS, Question, Questionnaire
from .validation import Invalid, cap_errors, validate

_MAX_ROUNDS = 30  # fixes applied per search; a tier has at most ~20 conditions
_BISECT_STEPS = 40


def criteria_on(content: Content, day: dt.date) -> CriteriaSet:
    """The criteria set in force on ``day`` (one place, so a change of the lookup touches only this)."""
    return content.criteria_for(day)


# -- results --------------------------------------------------------------------------------------

class Change(Struct, frozen=True):
    id: str
    old: Any
    new: Any

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "from": self.old, "to": self.new}


class Plan(Struct, frozen=True):
    """``changes`` are measured from the answers projected to that date without the plan."""

    assessed_on: dt.date
    fiscal_year: int
    criteria: str
    answers: Mapping[str, Any]
    changes: tuple[Change, ...]
    cost: float
    verified: bool = True

    def to_json(self) -> dict[str, Any]:
        return {"assessed_on": self.assessed_on.isoformat(), "fiscal_year": self.fiscal_year,
                "criteria": self.criteria, "answers": dict(self.answers),
                "changes": [c.to_json() for c in self.changes], "cost": round(self.cost, 4),
                "verified": self.verified}


class Blocked(Struct, frozen=True):
    blocked_by: tuple[str, ...]
    reason: dict[str, str]
    needs_answers: tuple[str, ...] = ()  # of blocked_by, those blocked only because an answer is missing

    def to_json(self) -> dict[str, Any]:
        return {"blocked_by": list(self.blocked_by), "reason": dict(self.reason),
                "needs_answers": list(self.needs_answers)}


# -- the search -----------------------------------------------------------------------------------

def _num(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _step(q: Question) -> float:
    return q.step or (1 if q.type in ("int", "money") else 0.1)


def _snap(q: Question, x: float, up: bool) -> float:
    s = _step(q)
    n = math.ceil(x / s - 1e-6) if up else math.floor(x / s + 1e-6)  # 7600 × 10660 / 8200 is 9880
    v = round(n * s, 6)
    return int(v) if float(v).is_integer() else v


def _grown(lv: Lever, q: Question, v0: float, years: int, up: bool) -> float:
    """The furthest value ``years`` of change can reach from ``v0``, year by year on the answer's step
    (so a chain of yearly figures, each within the limit of the one before, can always reach it)."""
    v = v0
    for _ in range(years):
        reach = []
        if lv.growth is not None:
            base = max(abs(v), lv.floor)
            reach.append(base * lv.growth if up else base * (1 - 1 / (1 + lv.growth)))
        if lv.per_year is not None:
            reach.append(lv.per_year)
        if not reach:
            return math.inf if up else -math.inf
        v = _snap(q, v + min(reach), False) if up else _snap(q, v - min(reach), True)
    return v


class _Eval(Struct):
    status: str
    statuses: dict[str, str]
    scores: dict[str, dict[str, Any]]
    facts: Facts
    cards: dict[str, Scorecard]  # the scorecards of the set that judged the tier


class _Fix(Struct):
    cost: float
    state: dict[str, Any]


class _Shared(Struct):
    """What a search works out from its date's answers alone, each keyed by its exact inputs, so the searches
    for every tier an evaluation plans on that date share it. Not the fixes nor the sub-plans: those depend
    on the tiers being planned (the stack)."""

    # the set judging each tier looked up, where it is not ``cset`` (a renewal under older rules)
    judged: dict[str, tuple[Tier, CriteriaSet]] = field(default_factory=dict)
    about: dict[str, tuple[Lever | None, str, bool]] = field(default_factory=dict)
    far: dict[tuple[Any, ...], Any] = field(default_factory=dict)  # far() by the exact answers it reads
    far_reads: dict[str, tuple[str, ...]] = field(default_factory=dict)
    grown: dict[tuple[Any, ...], float] = field(default_factory=dict)
    moves: dict[tuple[Any, ...], dict[str, Any] | None] = field(default_factory=dict)
    evals: dict[tuple[Any, ...], _Eval] = field(default_factory=dict)
    # per state: its facts, and each probe made from it (the moved answers and their facts, or None)
    probes: dict[tuple[Any, ...], tuple[Facts, dict[tuple[Any, ...], tuple[dict[str, Any], Facts] | None]]] = \
        field(default_factory=dict)
    root: Facts | None = None  # the facts of ``start``, which every state's facts share what they can
    unlimited: _Shared | None = None  # the same for the search without growth limits (``_blocked``)


class _Search(Struct, dict=True):  # dict: __post_init__ adds qn and its names for the shared tables
    content: Content
    cset: CriteriaSet
    years: int
    start: dict[str, Any]  # the projected answers: what changes are measured from
    now: Mapping[str, Any]  # today's answers: the anchor of growth limits
    day: dt.date  # the date the plan would apply on
    unlimited: bool = False  # no growth limits: tells "out of reach in time" from "not in the firm's hands"
    shared: _Shared = field(default_factory=_Shared)  # of searches with the same inputs above
    sub_plans: dict[tuple[str, tuple[Any, ...]], dict[str, Any] | None] = field(default_factory=dict)
    _fixes: dict[tuple[str, tuple[str, ...], tuple[Any, ...]], _Fix | None] = \
        field(default_factory=dict)

    def __post_init__(self) -> None:
        self.qn: Questionnaire = self.content.questionnaire  # read on every move: an attribute, not a property
        m = self.shared
        self._judged, self._facts, self._far, self._far_reads = m.judged, m.about, m.far, m.far_reads
        self._grown, self._moves, self._evals, self._probes = m.grown, m.moves, m.evals, m.probes

    def _about(self, qid: str) -> tuple[Lever | None, str, bool]:
        """(lever rule, improving direction, changeable on this date), looked up once per answer."""
        got = self._facts.get(qid)
        if got is None:
            got = self._facts[qid] = (lever_of(self.qn, qid), direction(self.qn, qid),
                                      changeable(self.qn, qid, self.years))
        return got

    def lever(self, qid: str) -> Lever | None:
        return self._about(qid)[0]

    def direction(self, qid: str) -> str:
        return self._about(qid)[1]

    def changeable(self, qid: str) -> bool:
        return self._about(qid)[2]

    # -- evaluation
    def facts_of(self, state: Mapping[str, Any]) -> Facts:
        """The facts of ``state``, sharing with those of ``start`` every value no differing answer feeds."""
        if self.shared.root is None:
            self.shared.root = make_facts(self.content, self.start)
        return self.shared.root.moved_to(state)

    def evaluate(self, tier: Tier, state: Mapping[str, Any], cautious: bool = True) -> _Eval:
        """``cautious``: an edge value scores its worse band, so a plan never counts on one. Remembered by
        the exact state (the ways through a pass tree, and _blocked, evaluate the same states again)."""
        cset = self._judged[tier.id][1] if tier.id in self._judged else self.cset
        key = (id(tier), id(cset), cautious, _key(state))  # both live in the content as long as the search
        if key not in self._evals:
            self._evals[key] = self._evaluate(tier, cset, state, cautious)
        return self._evals[key]

    def _evaluate(self, tier: Tier, cset: CriteriaSet, state: Mapping[str, Any], cautious: bool) -> _Eval:
        facts = self.facts_of(state)
        cards = {c.score[0] for c in tier.conditions if c.score}
        scores = {cid: score_card(cset.scorecards[cid], facts, cautious) for cid in cards}
        statuses = {c.id: condition_status(c, facts, scores) for c in tier.conditions}
        return _Eval(tier_status(tier, statuses), statuses, scores, facts, cset.scorecards)

    def tier(self, tier_id: str) -> Tier | None:
        """The tier as the evaluation on this date judges it: a renewal of the title held today (if it is
        still valid then) by the renewal rules."""
        if tier_id not in self._judged:
            judged = judging(self.content, self.cset, certificate(self.now, self.day), tier_id)
            if judged is None:
                return None
            self._judged[tier_id] = judged[:2]
        return self._judged[tier_id][0]

    # -- cost
    def cost(self, state: Mapping[str, Any]) -> float:
        total = 0.0
        for qid, new in state.items():
            old = self.start.get(qid)
            if new != old:
                total += self.change_cost(qid, old, new)
        return total

    def change_cost(self, qid: str, old: Any, new: Any) -> float:
        if qid in TITLE_TIERS:
            return TITLE_WEIGHT
        q, lv = self.qn[qid], self.lever(qid) or DEFAULT_LEVER
        if _num(old) and _num(new):
            return float(lv.weight * abs(new - old) / max(abs(old), lv.floor))
        if q.type == "choice" and old in q.choice_values() and new in q.choice_values():
            return lv.weight * abs(q.choice_values().index(new) - q.choice_values().index(old))
        return lv.weight

    # -- limits
    def far(self, state: Mapping[str, Any], qid: str) -> Any:
        """The furthest value ``qid`` may take on this date in its improving direction, or None;
        remembered by the answers it reads (types too: True is no 1 here)."""
        reads = self._far_reads.get(qid)
        if reads is None:
            reads = self._far_reads[qid] = self._reads_of_far(qid)
        values = tuple(map(state.get, reads))
        key = (qid, values, tuple(map(type, values)))
        try:
            return self._far[key]
        except KeyError:
            got = self._far[key] = self._far_of(state, qid)
            return got
        except TypeError:  # a list answer: not worth remembering
            return self._far_of(state, qid)

    def _reads_of_far(self, qid: str) -> tuple[str, ...]:
        """The answers of a state ``_far_of`` reads for ``qid`` (the rest is fixed for the search)."""
        reads = [qid]
        s, q = _slot(qid), self.qn.by_id.get(qid)
        if s is not None:
            m = s[1] + 1
            while f"{s[0]}_y{m}" in self.qn.by_id and m <= self.years:
                m += 1
            reads.append(f"{s[0]}_y{m}")  # the anchor of ``_anchor``
        if q is not None and q.max_ref:
            reads.append(q.max_ref)
        return tuple(reads)

    def _far_of(self, state: Mapping[str, Any], qid: str) -> Any:
        if not self.changeable(qid) or qid in TITLE_TIERS:
            return None
        q, lv = self.qn[qid], self.lever(qid)
        assert lv is not None
        up = self.direction(qid) == "up"
        cur = state.get(qid)
        if cur is None or (isinstance(cur, str) and cur in MARKERS):
            return None  # an unanswered question is asked for, not guessed
        if q.type == "bool":
            return up
        if q.type == "choice":
            values = list(q.choice_values())
            if cur not in values:
                return None
            start = self.start.get(qid)
            i0 = values.index(start) if start in values else values.index(cur)
            years = self.years + 1
            steps = len(values) if self.unlimited else lv.steps * years
            i = i0 + steps if up else i0 - steps
            return values[max(0, min(len(values) - 1, i))]
        if not q.numeric or not _num(cur):
            return None
        s = _slot(qid)
        if s and lv.fiscal:
            anchor, dist = self._anchor(state, s[0], s[1])
            if anchor is None:
                return None
            lim = self.grown(qid, anchor, dist, up)
        else:
            v0 = self.start.get(qid)
            if not isinstance(v0, (int, float)):
                return None
            lim = self.grown(qid, v0, self.years + (0 if lv.fiscal else 1), up)
        hi = q.max if q.max is not None else math.inf
        lo = q.min if q.min is not None else 0
        if self.unlimited:
            lim = hi if up and math.isfinite(hi) else lo if not up else abs(cur) * 100 + 100
        lim = min(lim, hi) if up else max(lim, lo)
        if q.max_ref and q.max_ref not in ALSO_RAISES.values() and _num(state.get(q.max_ref)):
            lim = min(lim, state[q.max_ref])  # e.g. R&D ≤ revenue, R&D staff ≤ employees
        return _snap(q, lim, not up)

    def grown(self, qid: str, v0: float, years: int, up: bool) -> float:
        """``_grown`` for ``qid``'s lever, remembered by its exact arguments."""
        key = (qid, type(v0), v0, years, up)
        if key not in self._grown:
            lv = self.lever(qid)
            assert lv is not None
            self._grown[key] = _grown(lv, self.qn[qid], v0, years, up)
        return self._grown[key]

    def _anchor(self, state: Mapping[str, Any], stem: str, n: int) -> tuple[float | None, int]:
        """The nearest closed value below slot ``n`` of a yearly figure and how many years lie between."""
        m = n + 1
        while f"{stem}_y{m}" in self.qn.by_id and m <= self.years:
            m += 1
        if f"{stem}_y{m}" in self.qn.by_id:
            v = state.get(f"{stem}_y{m}")
            return (v if _num(v) else None), m - n
        v = self.now.get(f"{stem}_y1")  # older slots are not asked: today's y1 is the anchor
        return (v if _num(v) else None), self.years - n + 1

    # -- moves
    def apply(self, state: Mapping[str, Any], qid: str, value: Any) -> dict[str, Any] | None:
        """``state`` with ``qid`` moved to ``value`` and the answers tied to it, or None if infeasible."""
        got = self._apply(state, qid, value)
        return None if got is None else got[0]

    def _apply(self, state: Mapping[str, Any], qid: str, value: Any) -> tuple[dict[str, Any], frozenset[str]] | None:
        """``apply``, and the answers it set."""
        out: dict[str, Any] = dict(state)
        changed: set[str] = set()
        return (out, frozenset(changed)) if self._set(out, qid, value, changed) else None

    def _set(self, out: dict[str, Any], qid: str, value: Any, changed: set[str]) -> bool:
        q = self.qn.by_id[qid]
        old = out.get(qid)
        if value == old:
            return True
        far = self.far(out, qid)
        if far is None:
            return False
        lv, way, _ = self._about(qid)
        numeric = q.numeric
        if numeric:
            if (value > far) if way == "up" else (value < far):
                return False
        out[qid] = value
        changed.add(qid)
        s = _slot(qid)
        if s and lv is not None and lv.fiscal and numeric:
            stem, n = s
            # Older years still to come must make the growth possible; newer ones do not fall back.
            older = f"{stem}_y{n + 1}"
            if lv.growth is not None and older in self.qn.by_id and n + 1 <= self.years \
                    and _num(out.get(older)) and value > out[older] * (1 + lv.growth):
                need = _snap(self.qn[older], value / (1 + lv.growth), True)
                if not self._set(out, older, need, changed):
                    return False
            newer = f"{stem}_y{n - 1}"
            if n > 1 and _num(out.get(newer)) and out[newer] < value and not self._set(out, newer, value, changed):
                return False
            tied = SCALES_WITH.get(stem)
            if tied and isinstance(old, (int, float)) and old > 0 and _num(out.get(f"{tied}_y{n}")):
                tq = f"{tied}_y{n}"
                scaled = min(_snap(self.qn[tq], out[tq] * value / old, True), value)
                tfar = self.far(out, tq)
                scaled = min(scaled, tfar) if _num(tfar) else scaled  # the share may slip; re-evaluation sees it
                if scaled > out[tq] and not self._set(out, tq, scaled, changed):
                    return False
        sup = ALSO_RAISES.get(qid)
        if sup and _num(value) and _num(out.get(sup)) and value > out[sup] and not self._set(out, sup, value, changed):
            return False
        return not (q.max_ref and _num(value) and _num(out.get(q.max_ref)) and value > out[q.max_ref])

    def move(self, state: dict[str, Any], qid: str, ok: Callable[[Facts], bool], goal: tuple[Any, ...]
             ) -> dict[str, Any] | None:
        """The smallest move of ``qid`` (with what is tied to it) after which ``ok`` holds on the moved
        answers' facts, or None. ``goal`` names what ``ok`` tests: the answer is remembered by it (the
        ways through a pass tree, and the tiers that need a title, ask again for the same move)."""
        skey = _key(state)
        key = (qid, goal, skey)
        if key not in self._moves:
            self._moves[key] = self._move(state, qid, ok, skey)
        return self._moves[key]

    def _move(self, state: dict[str, Any], qid: str, ok: Callable[[Facts], bool], skey: tuple[Any, ...]
              ) -> dict[str, Any] | None:
        q = self.qn[qid]
        cur, far = state.get(qid), self.far(state, qid)
        if far is None or far == cur:
            return None
        if skey not in self._probes:
            self._probes[skey] = (self.facts_of(state), {})
        base, tries = self._probes[skey]

        def tried(value: Any) -> dict[str, Any] | None:
            """Whether ``ok`` holds with ``qid`` at ``value``; the moved answers and their facts are kept
            (the bisections for the levels of an indicator, and for the conditions one answer feeds,
            probe the same values), and each recomputes only what its move touches."""
            k = (qid, type(value), value)
            if k not in tries:
                got = self._apply(state, qid, value)
                tries[k] = None if got is None else (got[0], base.changed(*got))
            hit = tries[k]
            return hit[0] if hit is not None and ok(hit[1]) else None

        if q.type == "bool":
            return tried(far)
        if q.type == "choice":
            values = list(q.choice_values())
            i, j = values.index(str(cur)), values.index(str(far))
            for v in (values[i + 1:j + 1] if j > i else values[j:i][::-1]):
                s = tried(v)
                if s is not None:
                    return s
            return None
        up = self.direction(qid) == "up"
        best = tried(far)
        if best is None:
            return None
        bad, good = cur, far
        for _ in range(_BISECT_STEPS):
            if abs(good - bad) <= _step(q) / 2:
                break
            mid = (good + bad) / 2
            snapped = _snap(q, mid, up)
            s = tried(snapped)
            if s is not None:
                if snapped == good and type(snapped) is type(good):
                    break  # the step snapped back onto ``good``: every further round would repeat this one
                good, best = snapped, s
            else:
                bad = mid
        return best

    def levers(self, names: frozenset[str] | set[str]) -> list[str]:
        qids = inputs_of(names, self.qn, self.content.derived, self.content.symbol_inputs)
        return [q for q in sorted(qids) if self.changeable(q)]

    # -- fixes
    def may_fix(self, cond: Condition, ev: _Eval) -> bool:
        """Whether any lever feeds the condition (a quick necessary test before searching for moves)."""
        if ev.statuses[cond.id] in ("unknown", "review"):
            return False  # answers first; an expert's review is no lever
        if cond.score:
            card = ev.cards[cond.score[0]]
            return any(self.levers(indicator_names(i)) for i in card.indicators
                       if cond.score[1] is None or i.category == cond.score[1])
        assert cond.when is not None
        return any(q not in TITLE_TIERS or self.tier(TITLE_TIERS[q]) is not None for q in self.levers(cond.when.names))

    def fix(self, tier: Tier, cond: Condition, ev: _Eval, state: dict[str, Any],
            stack: tuple[str, ...]) -> _Fix | None:
        """The cheapest move that meets ``cond`` from ``state`` (remembered: each way through the pass
        tree asks again for the conditions they share)."""
        key = (cond.id, stack, _key(state))
        if key not in self._fixes:
            self._fixes[key] = self._fix(tier, cond, ev, state, stack)
        return self._fixes[key]

    def _fix(self, tier: Tier, cond: Condition, ev: _Eval, state: dict[str, Any],
             stack: tuple[str, ...]) -> _Fix | None:
        if ev.statuses[cond.id] in ("unknown", "review"):
            return None  # needs answers first; an expert's review is no lever
        if cond.score:
            return self.score_fix(cond, ev, state)
        assert cond.when is not None
        when = cond.when

        def met(f: Facts, e: Any = when) -> bool:
            return status_of(e(f)) == "met"

        best: _Fix | None = None
        for qid in self.levers(when.names):
            if qid in TITLE_TIERS:
                s = self.title(qid, state, stack)
                s = s if s is not None and met(self.facts_of(s)) else None
            else:
                s = self.move(state, qid, met, ("met", when.text))
            if s is not None:
                c = self.cost(s)
                if best is None or c < best.cost:
                    best = _Fix(c, s)
        if best is not None or not cond.parts:
            return best
        s = dict(state)  # no single answer does it ("≥ 3 % in each of two years"): fix each part in turn
        for part in cond.parts:
            if met(self.facts_of(s), part):
                continue
            def part_met(x: Facts, p: Any = part) -> bool:
                return met(x, p)

            moved = [m for qid in self.levers(part.names) if qid not in TITLE_TIERS
                     and (m := self.move(s, qid, part_met, ("met", part.text))) is not None]
            if not moved:
                return None
            s = min(moved, key=self.cost)
        return _Fix(self.cost(s), s) if met(self.facts_of(s)) else None

    def title(self, qid: str, state: dict[str, Any], stack: tuple[str, ...]) -> dict[str, Any] | None:
        """``state`` with the title held, after a verified plan for its tier on the same date."""
        tier = self.tier(TITLE_TIERS[qid])
        if tier is None or tier.id in stack or state.get(qid) is True:
            return None
        key = (tier.id, _key(state))
        if key not in self.sub_plans:
            self.sub_plans[key] = self.search(tier, state, (*stack, tier.id))
        sub = self.sub_plans[key]
        if sub is None:
            return None
        out = dict(sub)
        out[qid] = True
        return out

    def score_fix(self, cond: Condition, ev: _Eval, state: dict[str, Any]) -> _Fix | None:
        """The cheapest combination of indicator moves whose points reach the threshold."""
        assert cond.score is not None
        card_id, category, at_least = cond.score
        card = ev.cards[card_id]
        s = ev.scores[card_id]
        have = s["by_category"][category] if category else s["total"]
        needed = at_least - have
        options: list[list[tuple[float, float, dict[str, Any]]]] = []  # per indicator: (gain, cost, state)
        for ind in card.indicators:
            if category is None or ind.category == category:
                opts = self.indicator_moves(ind, ev.facts, state)
                if opts:
                    options.append(opts)
        # Knapsack over indicators (one option each): the least cost for each total of points, capped.
        best: dict[float, tuple[float, list[dict[str, Any]]]] = {0.0: (0.0, [])}
        for opts in options:
            nxt = dict(best)
            for got, (c, states) in best.items():
                for gain, oc, st in opts:
                    g = min(got + gain, needed)
                    if g not in nxt or c + oc < nxt[g][0]:
                        nxt[g] = (c + oc, [*states, st])
            best = nxt
        if needed not in best:
            return None
        merged = dict(state)
        for st in best[needed][1]:
            for qid, v in st.items():
                if v != state.get(qid) and v != merged.get(qid):
                    m = self.apply(merged, qid, _further(self.qn, qid, merged.get(qid), v))
                    if m is not None:
                        merged = m
        return _Fix(self.cost(merged), merged)

    def indicator_moves(self, ind: Indicator, facts: Facts, state: dict[str, Any]
                        ) -> list[tuple[float, float, dict[str, Any]]]:
        cur = ind.cautious_points(facts)  # an edge value counts as the worse band: the plan goes past it
        if cur is UNKNOWN or cur >= ind.max:
            return []
        levels = sorted({b.points for o in ind.options for b in o.bands if b.points > cur} |
                        {float(p) for o in ind.options if isinstance(o, FormulaPoints)
                         for p in range(int(cur) + 1, int(o.max) + 1)})
        out = []
        base_cost = self.cost(state)
        for qid in self.levers(indicator_names(ind)):
            if qid in TITLE_TIERS:
                continue
            for target in levels:
                def ok(f: Facts, t: float = target) -> bool:
                    p = ind.cautious_points(f)
                    return p is not UNKNOWN and p >= t

                s = self.move(state, qid, ok, ("points", id(ind), target))  # ind lives as long as the content
                if s is None:
                    break  # higher levels are out of reach too
                p = ind.cautious_points(self.facts_of(s))
                out.append((p - cur, self.cost(s) - base_cost, s))
        return out

    def search(self, tier: Tier, state: dict[str, Any], stack: tuple[str, ...]) -> dict[str, Any] | None:
        """The cheapest passing answers: each way through the ``pass`` tree (a set of conditions that must
        all hold) is fixed jointly — one fix at a time, every condition re-evaluated after each — and the
        cheapest way that gets there wins. Costs are those of the final answers, so a move that serves
        two conditions is counted once."""
        ev = self.evaluate(tier, state)
        if ev.status == "met":
            return state
        best: dict[str, Any] | None = None
        best_cost = math.inf
        for term in _terms(pass_tree(tier.pass_expr.text)):
            if any(ev.statuses[c] != "met" and not self.may_fix(self.condition(tier, c), ev) for c in term):
                continue  # a needed condition has no lever at all, or no answer
            found = self.fix_term(tier, term, state, stack, best_cost)
            if found is not None and (c := self.cost(found)) < best_cost:
                best, best_cost = found, c
        return best

    def fix_term(self, tier: Tier, term: frozenset[str], state: dict[str, Any], stack: tuple[str, ...],
                 bound: float) -> dict[str, Any] | None:
        conds = [c for c in tier.conditions if c.id in term]
        for _ in range(_MAX_ROUNDS):
            ev = self.evaluate(tier, state)
            failing = [c for c in conds if ev.statuses[c.id] != "met"]
            if not failing:
                return state
            fixes = [f for c in failing if (f := self.fix(tier, c, ev, state, stack)) is not None]
            if len(fixes) < len(failing):
                return None  # a condition of this way cannot be met from here
            nxt = min(fixes, key=lambda f: f.cost)
            if nxt.state == state or nxt.cost >= bound:
                return None
            state = nxt.state
        return None

    @staticmethod
    def condition(tier: Tier, cid: str) -> Condition:
        return next(c for c in tier.conditions if c.id == cid)


def _terms(node: ast.AST, limit: int = 64) -> list[frozenset[str]]:
    """The ways through an and/or ``pass`` expression: sets of conditions that together make it true."""
    if isinstance(node, ast.Name):
        return [frozenset({node.id})]
    if isinstance(node, ast.BoolOp):
        parts = [_terms(v, limit) for v in node.values]
        if isinstance(node.op, ast.Or):
            return [t for p in parts for t in p][:limit]
        out: list[frozenset[str]] = [frozenset()]
        for p in parts:
            out = [a | b for a in out for b in p][:limit]
        return out
    return [frozenset(n.id for n in ast.walk(node) if isinstance(n, ast.Name))]


_slot = functools.lru_cache(maxsize=None)(slot)  # a pure function of the id, asked on every move


def _key(state: Mapping[str, Any]) -> tuple[Any, ...]:
    """A state as a memo key, built in bulk (it is made thousands of times a plan). The types are part of
    it: 1, 1.0 and True are equal keys, not equal answers. Equal states in another key order only miss."""
    values = list(state.values())
    types = tuple(map(type, values))
    i = -1
    while list in types[i + 1:]:  # a checklist answer: hashable as a tuple
        i = types.index(list, i + 1)
        values[i] = tuple(values[i])
    return tuple(state), types, tuple(values)


def _further(qn: Questionnaire, qid: str, a: Any, b: Any) -> Any:
    if qn[qid].numeric and _num(a) and _num(b):
        return max(a, b) if direction(qn, qid) == "up" else min(a, b)
    return b


def _blockers(node: ast.AST, fixable: Mapping[str, bool]) -> frozenset[str]:
    """Failing conditions that nothing fixes and that every way through the ``pass`` tree needs."""
    if isinstance(node, ast.Name):
        return frozenset({node.id}) if fixable.get(node.id) is False else frozenset()
    if isinstance(node, ast.BoolOp):
        parts = [_blockers(v, fixable) for v in node.values]
        if isinstance(node.op, ast.And):
            return frozenset().union(*parts)
        return frozenset() if any(not p for p in parts) else min(parts, key=len)
    return frozenset(n.id for n in ast.walk(node) if isinstance(n, ast.Name) and fixable.get(n.id) is False)


# -- verification ---------------------------------------------------------------------------------

def validation_errors(qn: Questionnaire, answers: Mapping[str, Any]) -> list[str]:
    """Every answer checked as the wizard checks it, and the caps between answers (max_ref)."""
    errors = []
    for qid, v in answers.items():
        q = qn.by_id.get(qid)
        if q is None:
            continue
        try:
            validate(q, v, "en")
        except Invalid as e:
            errors.append(f"{qid}: {e.message}")
        if q.type == "int" and _num(v) and not float(v).is_integer():
            errors.append(f"{qid}: not an integer")
    errors.extend(f"{k}: {m}" for k, m in cap_errors(qn, answers, "en").items())
    return errors


def verify(content: Content, answers: Mapping[str, Any], day: dt.date, tier_id: str) -> bool:
    """The tier passes on ``answers`` under the criteria in force on ``day``, and the answers are valid."""
    judged = judging(content, criteria_on(content, day), certificate(answers, day), tier_id)
    if judged is None or validation_errors(content.questionnaire, answers):
        return False
    tier, cset, _ = judged
    facts = make_facts(content, answers)
    scores = {cid: score_card(card, facts, cautious=True) for cid, card in cset.scorecards.items()}
    return tier_status(tier, {c.id: condition_status(c, facts, scores) for c in tier.conditions}) == "met"


# -- public API -----------------------------------------------------------------------------------

def plan_for_tier(content: Content, answers: Mapping[str, Any], assessed_on: dt.date, tier_id: str, *,
                  fiscal_year: int | None = None) -> Plan | Blocked | None:
    """None when the tier is met today; else the earliest verified plan within ``HORIZON_YEARS``, or
    what blocks it."""
    return plans_for(content, answers, assessed_on, (tier_id,), fiscal_year=fiscal_year)[tier_id]


def plans_for(content: Content, answers: Mapping[str, Any], assessed_on: dt.date, tier_ids: Iterable[str], *,
              fiscal_year: int | None = None) -> dict[str, Plan | Blocked | None]:
    """``plan_for_tier`` for each of ``tier_ids``; the answers projected to each year are worked out once."""
    qn = content.questionnaire
    projected = [project(qn, answers, years) for years in range(HORIZON_YEARS + 1)]
    shared = [_Shared() for _ in projected]
    return {t: _plan(content, answers, assessed_on, t, fiscal_year, projected, shared) for t in tier_ids}


def _plan(content: Content, answers: Mapping[str, Any], assessed_on: dt.date, tier_id: str,
          fiscal_year: int | None, projected: list[dict[str, Any]], shared: list[_Shared]) -> Plan | Blocked | None:
    fy = fiscal_year if fiscal_year is not None else assessed_on.year - 1
    qn = content.questionnaire
    last: tuple[_Search, Tier, dict[str, Any]] | None = None
    for years in range(HORIZON_YEARS + 1):
        day = add_years(assessed_on, years)
        cset = criteria_on(content, day)
        start = dict(projected[years])  # each plan its own: a plan's answers may be these
        s = _Search(content, cset, years, start, answers, day, shared=shared[years])
        tier = s.tier(tier_id)
        if tier is None:
            continue
        # met today under the stated edge rule: no plan (the evaluation flags the edge, on_edge)
        if years == 0 and s.evaluate(tier, start, cautious=False).status in ("met", "review"):
            return None
        if tier.horizon and years * 12 < HORIZON_START_MONTHS[tier.horizon]:
            continue  # sooner than the tier's horizon: not a plan anyone could keep
        last = (s, tier, start)
        final = s.search(tier, start, (tier_id,))
        if final is None:
            continue
        final = _hold_titles(s, final)
        if final is None or not verify(content, final, day, tier_id) or not _titles_verified(s, final, day):
            continue
        changes = tuple(Change(q, start.get(q), final[q]) for q in qn.by_id
                        if q in final and final[q] != start.get(q))
        return Plan(day, fy + years, s._judged[tier_id][1].id, final, changes, s.cost(final))
    if last is None:
        return Blocked((), {"zh": "该评估日期的认定标准中没有此层级。", "en": "No criteria set defines this tier."})
    return _blocked(*last)


def plans(content: Content, answers: Mapping[str, Any], assessed_on: dt.date, *,
          fiscal_year: int | None = None) -> dict[str, Plan | Blocked | None]:
    """A plan for every tier of the criteria in force on ``assessed_on``."""
    return plans_for(content, answers, assessed_on, [t.id for t in criteria_on(content, assessed_on).tiers],
                     fiscal_year=fiscal_year)


def _granted(s: _Search, final: Mapping[str, Any]) -> list[str]:
    return [q for q in TITLE_TIERS if final.get(q) is True and s.start.get(q) is not True]


def _hold_titles(s: _Search, final: dict[str, Any]) -> dict[str, Any] | None:
    """A title granted early in the search must still be earned on the final answers (later moves can
    break its tier, e.g. more revenue lowering the R&D ratio): repair it, a few rounds at most."""
    for _ in range(3):
        broken = [q for q in _granted(s, final)
                  if (t := s.tier(TITLE_TIERS[q])) is not None and s.evaluate(t, final).status != "met"]
        if not broken:
            return final
        for q in broken:
            t = s.tier(TITLE_TIERS[q])
            assert t is not None
            repaired = s.search(t, final, (t.id,))
            if repaired is None:
                return None
            final = repaired
    return None


def _titles_verified(s: _Search, final: Mapping[str, Any], day: dt.date) -> bool:
    return all(verify(s.content, final, day, TITLE_TIERS[q]) for q in _granted(s, final)
               if s.tier(TITLE_TIERS[q]) is not None)


_WHY = {
    "fixed": {"zh": "企业无法通过自身行动改变：", "en": "Nothing the firm controls changes: "},
    "reach": {"zh": "在合理的年增长限度内三年内无法达到：",
              "en": "Out of reach within three years at plausible yearly growth: "},
    "unknown": {"zh": "需先回答相关问题：", "en": "Answer the questions behind: "},
    "joint": {"zh": "三年内无法同时满足：", "en": "Cannot all be met together within three years: "},
}
_END = {"zh": "。", "en": "."}


def _blocked(s: _Search, tier: Tier, start: dict[str, Any]) -> Blocked:
    """What stands in the way on the last date of the horizon, with every lever open."""
    ev = s.evaluate(tier, start)
    failing = [c for c in tier.conditions if ev.statuses[c.id] != "met"]
    fixable = {c.id: s.fix(tier, c, ev, start, (tier.id,)) is not None for c in failing}
    ids = _blockers(pass_tree(tier.pass_expr.text), fixable)
    by_id = {c.id: c for c in tier.conditions}
    order = [c.id for c in tier.conditions]
    sep = {"zh": "；", "en": "; "}
    if not ids:  # each condition can be met alone, but not all together within the limits
        ids = frozenset(c.id for c in failing)
        groups = {"joint": sorted(ids, key=order.index)}
    else:
        groups = {"unknown": [], "reach": [], "fixed": []}
        if s.shared.unlimited is None:
            s.shared.unlimited = _Shared()
        wide = _Search(s.content, s.cset, s.years, start, s.now, s.day, unlimited=True, shared=s.shared.unlimited)
        for i in sorted(ids, key=order.index):
            kind = ("unknown" if ev.statuses[i] == "unknown" else
                    "reach" if wide.fix(tier, by_id[i], ev, start, (tier.id,)) is not None else "fixed")
            groups[kind].append(i)
    reason = {lang: " ".join(_WHY[k][lang] + sep[lang].join(by_id[i].title[lang] for i in g) + _END[lang]
                             for k, g in groups.items() if g) for lang in ("zh", "en")}
    ids_sorted = tuple(sorted(ids, key=order.index))
    return Blocked(ids_sorted, reason, tuple(groups.get("unknown", ())))


__all__ = ["HORIZON_YEARS", "LEVERS", "FIXED", "TITLE_TIERS", "Blocked", "Change", "Lever", "Plan",
           "changeable", "criteria_on", "plan_for_tier", "plans", "plans_for", "project", "validation_errors", "verify"]
