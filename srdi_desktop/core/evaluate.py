"""evaluate(): answers + date → an Evaluation (tiers, scorecards, gap, findings; core/evaluation.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from msgspec import Struct
from msgspec.structs import replace

from .advice import basis_label, context_benchmark, fill, open_closes, select, tier_statuses
from .assessment import PLATFORM_ONLY
from .content import Content
from .criteria import Condition, CriteriaSet, Tier, condition_on_edge, condition_status, score_card, tier_status
from .evaluation import (
    BenchmarkRef,
    CategoryResult,
    Change,
    ConditionResult,
    CriteriaRef,
    DigitalResult,
    EdgeResult,
    Evaluation,
    EvidenceRef,
    Finding,
    Gap,
    GapOption,
    IndicatorResult,
    ModeResult,
    ScorecardResult,
    TierResult,
)
from .expr import UNKNOWN
from .facts import Facts
from .format import fmt_value
from .gap import CondGap, tier_gap
from .plan_model import TITLE_TIERS
from .questionnaire import MARKERS

PRIORITY_ORDER = {"high": 0, "medium": 1, "low": 2}
HORIZON_ORDER = {"0-6m": 0, "6-18m": 1, "18-36m": 2}


def _plain(v: Any) -> Any:
    if v is UNKNOWN:
        return None
    if isinstance(v, float):
        return round(v, 4)
    # as JSON reads them back, so a stored result compares equal to a fresh one
    if isinstance(v, (tuple, list)):
        return [_plain(x) for x in v]
    if isinstance(v, dict):
        return {str(k): _plain(x) for k, x in v.items()}
    return v


def make_facts(content: Content, answers: Mapping[str, Any]) -> Facts:
    return Facts(content.questionnaire, answers, content.derived, content.symbols, content.symbol_inputs)


def evaluate(content: Content, answers: Mapping[str, Any], assessed_on: dt.date,
             criteria_id: str | None = None, *, gaps: bool = True, plans: bool = False,
             sources: Mapping[str, str] | None = None) -> Evaluation:
    """The whole evaluation as frozen types (``.to_json()`` is DESIGN §4). Pure: reads nothing, writes nothing.
    ``sources``: where answers came from (``Assessment.sources``)."""
    cset = content.criteria_by_id(criteria_id) if criteria_id else content.criteria_for(assessed_on)
    facts = make_facts(content, answers)
    held = certificate(answers, assessed_on)
    used, tiers, cards = _criteria_part(content, cset, facts, gaps, held, sources or {},
                                        renewal_sets=not criteria_id)
    if plans:  # a verified plan to each tier not met (core/plan.py): ~10 ms, so only when asked
        from .plan import plans_for

        open_ids = [t.id for t in tiers if not (t.eligible or t.status in ("needs_review", "verify"))]
        got = plans_for(content, answers, assessed_on, open_ids)
        tiers = tuple(replace(t, plan=_plan_json(got[t.id])) if t.id in got else t for t in tiers)
    statuses: dict[str, str] = {}
    for tier, result in zip(used, tiers, strict=True):
        statuses |= tier_statuses(tier.id, tier.pass_expr.text, {c.id: c.status for c in result.conditions})
    ev = Evaluation(
        criteria=CriteriaRef(cset.id, cset.title, cset.document, cset.valid_from.isoformat(),
                             cset.valid_to.isoformat() if cset.valid_to else None, tuple(cset.readings),
                             "override" if criteria_id else "date", cset.region, tuple(cset.applies_to),
                             cset.confidence),
        assessed_on=assessed_on,
        rules_hash=content.rules_hash,
        sme_size=_plain(facts("sme_size")),
        digital_level=_plain(facts("digital_level")),
        digital=_digital_part(content, facts),
        mode=_plain(facts("mode")),
        mode_detail=_mode_part(content, facts),
        tiers=tiers,
        scorecards=cards,
        derived={name: _plain(facts(name)) for name in content.derived},
        findings=findings(content, facts, statuses, _nearest_open_tier(tiers)),
    )
    facts.memo.clear()  # the gap's probes refer back to these facts: freed now, not by the garbage collector
    return ev


def _evidence_refs(c: Condition, content: Content) -> tuple[EvidenceRef, ...]:
    """The documents that prove a condition, named as the catalogue names them today."""
    return tuple(EvidenceRef(d, content.documents[d].name if d in content.documents else {}) for d in c.evidence)


def _score_text(score: tuple[str, str | None, float]) -> str:
    return f"score({score[0]}{'.' + score[1] if score[1] else ''}) >= {score[2]}"


CERTIFICATE_YEARS = 3  # 创新型, 专精特新 and 小巨人 titles are valid 3 years (63号; reference §9.3)


class Certificate(Struct, frozen=True):
    """The title the firm holds (``application.recognised_tier``), when recognised and when it lapses."""

    tier: str
    recognised_year: int | None
    expires_year: int | None


def certificate(answers: Mapping[str, Any], day: dt.date) -> Certificate | None:
    """The held title, or None: none held, or its validity ended before this year (a lapsed title is
    applied for anew, not renewed)."""
    tier, year = answers.get("application.recognised_tier"), answers.get("application.recognised_year")
    if not isinstance(tier, str) or tier == "none" or tier in MARKERS:
        return None
    if not isinstance(year, int) or isinstance(year, bool):
        return Certificate(tier, None, None)
    expires = year + CERTIFICATE_YEARS
    return None if expires < day.year else Certificate(tier, year, expires)


def _renewal_set(content: Content, cset: CriteriaSet, held: Certificate) -> CriteriaSet | None:
    """The set that judges the renewal of the held title, when the set in force names another for it."""
    other = cset.renewed_under.get(held.tier)
    return content.criteria_by_id(other) if other else None


def judging(content: Content, cset: CriteriaSet, held: Certificate | None, tier_id: str,
            renewal_sets: bool = True) -> tuple[Tier, CriteriaSet, str] | None:
    """(tier, the set that judges it, new | renewal) for ``tier_id`` of ``cset``: the held title's tier is a
    renewal, judged by the renewal set the set in force names (a 2026 little-giant renewal follows 63号) and
    by its renewal wording. One place, so the evaluation and the planner judge a tier alike.
    ``renewal_sets=False``: ``cset`` judges renewals itself (a set chosen by hand)."""
    own = next((t for t in cset.tiers if t.id == tier_id), None)
    if own is None:
        return None
    if held is None or held.tier != tier_id:
        return own, cset, "new"
    rset = _renewal_set(content, cset, held) if renewal_sets else None
    other = next((t for t in rset.tiers if t.id == tier_id), None) if rset is not None else None
    tier, tset = (other, rset) if rset is not None and other is not None else (own, cset)
    return renewal_tier(tier), tset, "renewal"


def _criteria_part(content: Content, cset: CriteriaSet, facts: Facts, gaps: bool, held: Certificate | None = None,
                   sources: Mapping[str, str] | None = None, renewal_sets: bool = True
                   ) -> tuple[tuple[Tier, ...], tuple[TierResult, ...], tuple[ScorecardResult, ...]]:
    """Every tier of ``cset``, each judged as ``judging`` says (the held title's tier is a renewal)."""
    scores = {cid: score_card(card, facts) for cid, card in cset.scorecards.items()}
    used: list[Tier] = []
    tiers: list[TierResult] = []
    for own in cset.tiers:
        judged = judging(content, cset, held, own.id, renewal_sets)
        assert judged is not None  # own is a tier of cset
        tier, tset, application = judged
        tscores = scores if tset is cset else {cid: score_card(card, facts) for cid, card in tset.scorecards.items()}
        used.append(tier)
        renewal = held if application == "renewal" else None
        tiers.append(_tier_result(tier, tset, tscores, facts, gaps, sources or {}, content, application=application,
                                  criteria=tset.id, criteria_document=tset.document,
                                  recognised_year=renewal.recognised_year if renewal else None,
                                  expires_year=renewal.expires_year if renewal else None))
    cards = []
    for cid, s in scores.items():
        card = cset.scorecards[cid]
        cards.append(ScorecardResult(
            cid, card.title, card.source, s["total"], s["max"], s["total_max"], s["by_indicator"],
            s["by_category"], tuple(CategoryResult(c.id, c.title, c.max) for c in card.categories),
            tuple(IndicatorResult(i.id, i.title, i.category, i.max, i.confidence, i.note,
                                  _plain(i.value_exprs[0](facts)) if i.value_exprs else None,
                                  i.value_exprs[0].text if i.value_exprs else None,
                                  i.id in s["defaulted"]) for i in card.indicators),
            tuple(s["unknown"]), tuple(s["defaulted"]), card.chart_label,
            tuple(EdgeResult(e["indicator"], _plain(e["value"]), e["points"], e["other_reading_points"])
                  for e in s["edges"])))
    return tuple(used), _with_can_apply(tuple(used), tuple(tiers), facts), tuple(cards)


def renewal_tier(tier: Tier) -> Tier:
    """The tier as a renewal (复核) judges it: conditions the text words otherwise for renewals replaced."""
    if all(c.renewal is None for c in tier.conditions):
        return tier
    return replace(tier, conditions=tuple(c.for_application("renewal") for c in tier.conditions))


TIER_STATUS = {"met": "eligible", "unmet": "not_eligible", "unknown": "needs_answers", "review": "needs_review"}


def _with_can_apply(used: tuple[Tier, ...], results: tuple[TierResult, ...], facts: Facts) -> tuple[TierResult, ...]:
    """Mark unmet conditions that ask for a title whose tier this evaluation finds met: the firm can apply."""
    eligible = {t.id for t in results if t.eligible}
    out = []
    for tier, result in zip(used, results, strict=True):
        conds = []
        for c, r in zip(tier.conditions, result.conditions, strict=True):
            if r.status == "unmet" and c.when is not None:
                can = tuple(sorted(TITLE_TIERS[n] for n in c.when.names
                                   if TITLE_TIERS.get(n) in eligible - {tier.id} and facts(n) is not True))
                r = replace(r, can_apply=can) if can else r
            conds.append(r)
        out.append(replace(result, conditions=tuple(conds)))
    return tuple(out)


def unverified(cond: Condition, sources: Mapping[str, str]) -> tuple[str, ...]:
    """The platform-only answers this condition rests on whose recorded source is not the platform."""
    if not sources:
        return ()  # every answer counts as the platform's
    names = (cond.when.names if cond.when is not None else frozenset()) | (
        cond.value.names if cond.value is not None else frozenset())
    qids = sorted({PLATFORM_ONLY[n] for n in names if n in PLATFORM_ONLY})
    return tuple(q for q in qids if sources.get(q, "platform") != "platform")


def _tier_result(tier: Tier, cset: CriteriaSet, scores: dict[str, Any], facts: Facts, gaps: bool,
                 sources: Mapping[str, str] | None = None, content: Content | None = None,
                 **judged: Any) -> TierResult:
    """``judged``: how the tier was judged (application, criteria, ...), fields of the result."""
    statuses = {c.id: condition_status(c, facts, scores) for c in tier.conditions}
    checks = {c.id: unverified(c, sources or {}) for c in tier.conditions}
    statuses = {k: "review" if v == "met" and checks[k] else v for k, v in statuses.items()}
    status = tier_status(tier, statuses)
    conds = []
    for c in tier.conditions:
        value = None
        if c.score:
            s = scores[c.score[0]]
            value = s["by_category"][c.score[1]] if c.score[1] else s["total"]
        elif c.value is not None:
            value = _plain(c.value(facts))
        conds.append(ConditionResult(
            c.id, c.title, c.group, statuses[c.id], value, c.value.text if c.value is not None else None,
            c.threshold, c.op, c.unit, _formula(c), c.source, c.confidence, c.note,
            on_edge=statuses[c.id] == "met" and condition_on_edge(c, scores),
            unverified=checks[c.id] if statuses[c.id] == "review" else (),
            evidence=_evidence_refs(c, content) if content is not None else ()))
    gap: tuple[Gap, ...] = ()
    if gaps and status not in ("met", "review"):
        gap = tuple(_gap(g) for g in tier_gap(tier, facts, statuses, cset.scorecards, scores))
    word = TIER_STATUS[status]
    if tier.confidence == "low" and word in ("eligible", "not_eligible"):
        word = "verify"  # known from a single unofficial source: the conditions show, the verdict does not
    return TierResult(
        tier.id, tier.title, word == "eligible", word,
        scores[tier.scorecard]["total"] if tier.scorecard else None,
        scores[tier.scorecard]["max"] if tier.scorecard else None,
        tier.scorecard, tier.note, tuple(conds), gap, **judged)


def _formula(c: Condition) -> str:
    if c.review:
        return "review"
    return c.when.text if c.when else _score_text(c.score)  # type: ignore[arg-type]


def _digital_part(content: Content, facts: Facts) -> DigitalResult:
    """Where the digital level came from: the platform's result, or the estimate from the 2024 items."""
    d = content.measures.digital
    assert d is not None, "load_content always loads the digital-level rules"
    given = facts("digital.platform_level")
    if given is not UNKNOWN:
        return DigitalResult("platform", given)
    details = d.details(facts)
    return DigitalResult("estimate" if details["complete"] else None, _plain(details["level"]), d.confidence,
                         details["base_score"], details["base_max"], _plain(details["scenarios_at_level"]),
                         _plain(details["constrained_at_level"]), _plain(details["unknown_items"]))


def _mode_part(content: Content, facts: Facts) -> ModeResult:
    m = content.measures.modes
    assert m is not None, "load_content always loads the mode rules"
    mode = facts("mode")
    described = m.modes.get(mode) if mode is not UNKNOWN else None
    return ModeResult(m.scores(facts), m.source, m.note, described.title if described else None,
                      described.text if described else None,
                      {mid: md.title for mid, md in m.modes.items()}, m.evidence(facts))


def _gap(g: CondGap) -> Gap:
    c = g.condition
    return Gap(c.id, c.title, g.status, tuple(g.missing), tuple(g.missing_indicators), g.points_needed,
               tuple(GapOption(tuple(Change(ch.qid, ch.old, ch.new) for ch in f.changes), f.gain or None,
                               f.indicator, round(f.cost, 4)) for f in g.fixes), tuple(g.not_applicable))


def _plan_json(plan: Any) -> dict[str, Any] | None:
    return None if plan is None else dict(plan.to_json())


def _nearest_open_tier(tiers: tuple[TierResult, ...]) -> str | None:
    """The next rung of the ladder (tiers are listed lowest first) above the highest the firm meets, not
    counting the informative tiers an expert decides (needs_review)."""
    def informative(t: TierResult) -> bool:  # a check an expert finishes (高企), not a rung of the ladder
        return any(c.status == "review" for c in t.conditions)
    last = max((i for i, t in enumerate(tiers) if t.eligible), default=-1)
    return next((t.id for t in tiers[last + 1:] if not t.eligible and not informative(t)),
                next((t.id for t in tiers if not t.eligible and not informative(t)), None))


def findings(content: Content, facts: Facts, statuses: Mapping[str, str] | None = None,
             nearest: str | None = None) -> tuple[Finding, ...]:
    """The advice that applies, ranked by what blocks recognition: findings that close an unmet condition
    of the nearest tier not met come first, then those that close any unmet condition, then priority and
    horizon. ``statuses`` are the criteria conditions in force, keyed "<tier>.<condition>"."""
    statuses = statuses or {}
    out = []
    qn = content.questionnaire
    sme_size = facts("sme_size")

    def fmt_in(lang: str) -> Callable[[str, Any], str]:
        """Values in the finding's own language: '3 项' in Chinese, '3 items' in English."""
        return lambda name, v: fmt_value(qn, name, v, lang)

    for r in select(content.rules, facts, statuses):
        bench_id = context_benchmark(r, sme_size)
        bench = content.benchmarks.get(bench_id) if bench_id else None
        path = content.paths.get(r.path)
        out.append(Finding(
            r.id, r.kind, r.priority, r.horizon, r.effort, r.path, r.source, r.title,
            {lang: fill(t, facts, fmt_in(lang)) for lang, t in r.finding.items()}, tuple(r.steps), tuple(r.fields),
            BenchmarkRef(bench.id, bench.value, bench.unit, bench.text, bench.source) if bench else None,
            path.title if path else None, r.basis, basis_label(r), r.quote, tuple(open_closes(r, statuses))))

    def blocking(f: Finding) -> int:
        if nearest and any(c.startswith(nearest + ".") for c in f.closes):
            return 0
        return 1 if f.closes else 2

    out.sort(key=lambda f: (blocking(f), PRIORITY_ORDER[f.priority], HORIZON_ORDER[f.horizon], f.id))
    return tuple(out)
