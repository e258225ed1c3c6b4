"""From an Evaluation to what people read: rows and sentences in one language.

``present(evaluation, questionnaire, lang)`` words the tier table, the conditions, the gap, the key facts,
the diagnosis and the roadmap once; the PDF, the app's tier cards and panel, and the CLI only lay them out.
Every title and text comes from the evaluation itself, so a frozen result reads as it was decided.
Language-specific punctuation lives here and in the ``p.*`` strings, nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from msgspec import Struct

from .advice import rmb
from .evaluate import HORIZON_ORDER
from .evaluation import (
    Change,
    ConditionResult,
    Evaluation,
    EvidenceRef,
    Finding,
    Gap,
    LangMap,
    ScorecardResult,
    TierResult,
)
from .fiscal import stem_label, year_of
from .format import expr_unit, fmt_number, fmt_quantity, fmt_value
from .i18n import pick, tr
from .questionnaire import Questionnaire

TIER_STATUS_KEY = {"eligible": "s.eligible", "not_eligible": "s.not_eligible", "needs_answers": "s.needs_answers",
                   "needs_review": "s.needs_review", "verify": "s.verify"}
HORIZONS = tuple(sorted(HORIZON_ORDER, key=HORIZON_ORDER.__getitem__))  # nearest first


# -- punctuation ---------------------------------------------------------------------------------


def labelled(label: str, text: str, lang: str) -> str:
    """'标签：内容' / 'Label: text'."""
    return tr("p.labelled", lang, label=label, text=text)


def aside(text: str, note: str, lang: str) -> str:
    """'内容（注）' / 'text (note)'."""
    return tr("p.aside", lang, text=text, aside=note)


def enum(items: Iterable[str], lang: str) -> str:
    """'甲、乙' / 'a, b'."""
    return tr("p.enum", lang).join(items)


def semicolons(items: Iterable[str], lang: str) -> str:
    return tr("p.semicolon", lang).join(items)


# -- single sentences ----------------------------------------------------------------------------


POINTS = {"zh": "分", "en": "points"}


def _quantity(v: float, cond: ConditionResult, lang: str) -> str:
    """A number in the condition's unit, the one way (core.format): '3%', '100 万元', 'RMB 1 million';
    a scorecard condition ('score(card) >= 60') is read in points."""
    unit = cond.unit if isinstance(cond.unit, dict) else POINTS if cond.formula.startswith("score(") else None
    return fmt_quantity(v, unit, lang)


def threshold_text(cond: ConditionResult, lang: str) -> str:
    t = cond.threshold
    if t is None:
        return "—"
    if isinstance(t, bool):
        return tr("a.yes" if t else "a.no", lang)
    if isinstance(t, (int, float)):
        return tr("c.threshold", lang, op=cond.op or "", threshold=_quantity(t, cond, lang), unit="")
    return pick(t, lang) if isinstance(t, dict) else str(t)


def value_text(cond: ConditionResult, qn: Questionnaire, lang: str) -> str:
    v = cond.value
    if v is None:
        return tr("a.unanswered", lang) if cond.status == "unknown" else "—"
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return _quantity(round(v, 2), cond, lang)
    return fmt_value(qn, (cond.value_of or "").strip(), v, lang)


def change_text(ch: Change, qn: Questionnaire, lang: str, fiscal_year: int | None = None) -> str:
    """'研发费用（上年度）：210 万元 → 246 万元'; with ``fiscal_year``, a yearly figure is named by its
    calendar year instead ('研发费用 2027'), since "last year" depends on the date it is read on."""
    q = qn.by_id.get(ch.id)
    label = pick(q.label, lang) if q else ch.id
    year = year_of(ch.id, fiscal_year) if q is not None and fiscal_year is not None else None
    if q is not None and year is not None:
        label = f"{pick(stem_label(q), lang)} {year}"
    return tr("g.change", lang, label=label, old=fmt_value(qn, ch.id, ch.old, lang),
              new=fmt_value(qn, ch.id, ch.new, lang))


def gap_lines(gap: Gap, qn: Questionnaire, lang: str, indicator_titles: dict[str, LangMap],
              options: bool = True) -> list[str]:
    """What to change for one failing condition, as short lines. ``options=False`` keeps only the answers
    still missing (a verified plan then says what to change, for all conditions together)."""
    lines: list[str] = []
    if gap.not_applicable:  # a year before the firm existed: no figure to fill in, the indicator has none
        labels = [pick(qn[q].label, lang) if q in qn.by_id else q for q in gap.not_applicable]
        lines.append(tr("g.not_applicable", lang, labels=enum(labels, lang)))
    if gap.missing:
        labels = [pick(qn[q].label, lang) if q in qn.by_id else q for q in gap.missing]
        lines.append(tr("g.fill", lang, labels=enum(labels, lang)))
    if gap.missing_indicators:
        labels = [pick(indicator_titles.get(i), lang) or i for i in gap.missing_indicators]
        lines.append(tr("g.fill_indicators", lang, labels=enum(labels, lang)))
    if not options:
        return lines
    opts = gap.options
    if gap.points_needed is not None:
        if gap.status == "unmet" or opts:
            lines.append(tr("g.points", lang, n=fmt_number(round(gap.points_needed, 2), lang)))
        for o in opts:
            indicator = pick(indicator_titles.get(o.indicator or ""), lang) or o.indicator
            lines.append("· " + tr("g.points_option", lang, indicator=indicator, gain=fmt_number(o.gain or 0),
                                   changes=semicolons((change_text(c, qn, lang) for c in o.changes), lang)))
    elif opts:
        if len(opts) > 1:
            lines.append(tr("g.one_of", lang))
        for o in opts:
            lines.append(("· " if len(opts) > 1 else "")
                         + semicolons((change_text(c, qn, lang) for c in o.changes), lang))
    elif gap.status == "unmet":
        lines.append(tr("g.no_lever", lang))
    return lines


def status_text(status: str | None, lang: str) -> str:
    """A tier status (eligible / not_eligible / needs_answers / needs_review / verify) in words; '—' when
    there was none."""
    return tr(TIER_STATUS_KEY[status], lang) if status else "—"


def no_gap_text(status: str, lang: str) -> str:
    """What stands under a tier without gap lines or plan, by its colour status (met / review / other)."""
    return tr({"met": "r.no_gap", "review": "r.gap_review"}.get(status, "r.gap_unmet"), lang)


def score_text(tier: TierResult) -> str:
    """'62 / 100', or '—' for a tier without a scorecard."""
    if tier.score is None:
        return "—"
    return f"{fmt_number(tier.score)} / {fmt_number(tier.score_max or 0)}"


def tier_summary(tier: TierResult, lang: str) -> str:
    """'5 / 6 conditions met · 72 / 100 points'."""
    met = sum(c.status == "met" for c in tier.conditions)
    text = tr("ui.conditions_met", lang, n=met, m=len(tier.conditions))
    review = sum(c.status == "review" for c in tier.conditions)
    if review:
        text += " · " + tr("ui.conditions_review", lang, n=review)
    if tier.score is not None:
        text += " · " + tr("ui.points", lang, n=fmt_number(tier.score), m=fmt_number(tier.score_max or 0))
    return text


def rescore_lines(r: dict[str, Any], lang: str) -> list[str]:
    """A final result beside today's re-score, one line per tier, changes marked with *."""
    lines = []
    for t in r["tiers"]:
        old, new = status_text(t["stored_status"], lang), status_text(t["status"], lang)
        lines.append(labelled(pick(t["title"], lang), f"{old} → {new}", lang) + (" *" if t["changed"] else ""))
    return lines


def key_facts(ev: Evaluation, qn: Questionnaire, lang: str) -> list[str]:
    """Size class, digital level (and where it came from) and driving mode, one line each."""
    size = fmt_value(qn, "sme_size", ev.sme_size, lang) if ev.sme_size else tr("a.unanswered", lang)
    digital = ev.digital
    if digital.source == "platform":
        level = tr("r.digital_platform", lang, level=digital.level)
    elif digital.source == "estimate":
        level = tr("r.digital_estimate", lang, level=digital.level, score=fmt_number(digital.base_score or 0))
    else:
        level = tr("a.unanswered", lang)
    mode = pick(ev.mode_detail.title, lang) if ev.mode else tr("r.mode_unknown", lang)
    return [labelled(tr("r.sme_size", lang), size, lang), labelled(tr("r.digital_level", lang), level, lang),
            labelled(tr("r.mode", lang), mode, lang)]


def actions_by_horizon(ev: Evaluation) -> list[tuple[str, list[Finding]]]:
    """The roadmap: each horizon, nearest first, with its actions in priority order."""
    actions = list(ev.findings_of("action"))
    return [(hz, [f for f in actions if f.horizon == hz]) for hz in HORIZONS]


def action_meta(f: Finding, lang: str) -> str:
    """'优先级 高 · 投入 中 · 发展路径 … · 依据：论文 004 §三(一)2' under an action's title (the path and the
    basis as they were then; a result stored before bases were recorded shows its bare source)."""
    path = pick(f.path_title, lang) or f.path
    basis = pick(f.basis_label, lang) or f.source
    return (f'{tr("r.priority", lang)} {tr("prio." + f.priority, lang)} · {tr("r.effort", lang)} '
            f'{tr("effort." + f.effort, lang)} · {tr("r.path", lang)} {path} · {basis}')


def benchmark_line(f: Finding, lang: str) -> str:
    b = f.benchmark
    if b is None:
        return ""
    return labelled(tr("r.benchmark", lang), aside(pick(b.text, lang), b.source, lang), lang)


# -- before → after (the what-if view) -------------------------------------------------------------


class Shift(Struct, frozen=True):
    """One figure of a tier as saved and as changed, and how the cell words it."""
    before: str
    after: str
    text: str  # '3/5 → 5/5' when it moved, else just '5/5' (an unchanged cell stays quiet)

    @property
    def changed(self) -> bool:
        return self.before != self.after


def shift(before: str, after: str, wrap: Callable[[str], str] = str) -> Shift:
    """``wrap`` words the number part once for both sides: '58 → 66' → '58 → 66 of 100 points'."""
    return Shift(before, after, wrap(f"{before} → {after}" if before != after else after))


class TierShift(Struct, frozen=True):
    id: str
    title: str
    status: Shift
    colour: str  # the status after, as a condition status (met | unmet | unknown), for the colour
    conditions: Shift
    points: Shift
    moved: tuple[str, ...]  # the conditions whose status changed: '研发…：未满足 → 满足'

    @property
    def changed(self) -> bool:
        return self.status.changed or self.conditions.changed or self.points.changed


def _met(tier: TierResult | None) -> str:
    if tier is None:
        return "—"
    return f"{sum(c.status == 'met' for c in tier.conditions)}/{len(tier.conditions)}"


def _points(before: TierResult | None, after: TierResult | None, lang: str) -> Shift:
    """'58 → 66 of 100 points'; each side in full when the two scales differ (or one has none)."""
    b, a = (t.score if t else None for t in (before, after))
    if b is not None and a is not None and before and after and before.score_max == after.score_max:
        top = fmt_number(after.score_max or 0)
        return shift(fmt_number(b), fmt_number(a), lambda n: tr("ui.points", lang, n=n, m=top))
    return shift(score_text(before) if before else "—", score_text(after) if after else "—")


def tier_shifts(before: Evaluation, after: Evaluation, lang: str) -> tuple[TierShift, ...]:
    """Per tier (the later evaluation's order, then any tier only the saved one had): status,
    conditions met and points as saved → as changed, and which conditions moved."""
    ids = [t.id for t in after.tiers] + [t.id for t in before.tiers if after.tier(t.id) is None]
    out = []
    for tid in ids:
        b, a = before.tier(tid), after.tier(tid)
        either = a or b
        assert either is not None  # each id comes from one of the two
        old = {c.id: c.status for c in b.conditions} if b else {}
        moved = tuple(
            labelled(pick(c.title, lang), f"{tr('s.' + old[c.id], lang)} → {tr('s.' + c.status, lang)}", lang)
            for c in (a.conditions if a else ()) if c.id in old and old[c.id] != c.status)
        out.append(TierShift(
            tid, pick(either.title, lang),
            shift(status_text(b.status if b else None, lang), status_text(a.status if a else None, lang)),
            a.condition_status if a else "unknown",
            shift(_met(b), _met(a)), _points(b, a, lang), moved))
    return tuple(out)


def answer_changes(qn: Questionnaire, saved: dict[str, Any], changed: dict[str, Any],
                   lang: str) -> list[tuple[str, str]]:
    """(question id, '研发机构级别：市级 → 省级') for every answer that differs, in questionnaire order."""
    return [(q.id, change_text(Change(q.id, saved.get(q.id), changed.get(q.id)), qn, lang))
            for q in qn.questions if saved.get(q.id) != changed.get(q.id)]


# -- the whole, as rows ----------------------------------------------------------------------------


class ConditionRow(Struct, frozen=True):
    id: str
    title: str
    note: str
    value: str
    threshold: str
    status: str  # met | unmet | unknown | review (for the colour)
    status_text: str
    source: str  # '工信部企业〔2026〕2号 · 可信度 高'
    document: str = ""  # '工信部企业〔2026〕2号': the source alone (a table may say it once per tier)
    confidence: str = ""  # '可信度 高'


class GapBlock(Struct, frozen=True):
    condition: str
    title: str
    lines: tuple[str, ...]


class TierRow(Struct, frozen=True):
    id: str
    title: str
    status: str  # met | unmet | unknown | review, for the colour
    status_text: str
    score: str  # '62 / 100' or '—'
    summary: str
    note: str
    conditions: tuple[ConditionRow, ...]
    gaps: tuple[GapBlock, ...]
    plan: tuple[str, ...] = ()  # the verified plan (date, then each change), or why nothing can pass
    certificate: str = ""  # a renewal: its rules and the title's expiry (also the head of ``note``)
    # values exactly on an ambiguous band edge of the tier's scorecard, and the conditions the other
    # reading would fail: '恰在分档边界：……' (criteria.EDGE_RULE)
    edges: tuple[str, ...] = ()


def edge_lines(tier: TierResult, card: ScorecardResult | None, qn: Questionnaire, lang: str) -> list[str]:
    """Each value of the tier's scorecard exactly on an edge the two readings score differently, and the
    conditions met only under the stated reading."""
    if card is None or not card.edges:
        return []
    inds = {i.id: i for i in card.indicators}
    out = []
    for e in card.edges:
        ind = inds.get(e.indicator)
        value = (fmt_value(qn, ind.value_of, e.value, lang) if ind and ind.value_of and e.value == ind.value
                 else fmt_quantity(e.value, expr_unit(qn, ind.value_of if ind else None), lang))
        out.append(tr("r.edge", lang, indicator=pick(ind.title, lang) if ind else e.indicator, value=value,
                      points=fmt_number(e.points), other=fmt_number(e.other_reading_points)))
    failing = [pick(c.title, lang) for c in tier.conditions if c.on_edge]
    if failing:
        out.append(tr("r.on_edge", lang, conditions=enum(failing, lang)))
    return out


def plan_lines(tier: TierResult, qn: Questionnaire, lang: str, edges: bool = False) -> list[str]:
    """The tier's verified plan in words: '最早可于 2028-11-21 达到（2027 财年数据）' and its changes, or what
    blocks it within three years. ``edges``: the firm has values on band edges, which the plan does not
    count on (it says so)."""
    plan = tier.plan
    if not plan:
        return []
    if "blocked_by" in plan and _only_answers_missing(plan):
        return [tr("pl.needs_answers", lang, conditions=_titles(tier, plan["blocked_by"], lang))]
    if "blocked_by" in plan:  # the reason names the conditions and why they are out of reach
        return [tr("pl.blocked", lang, reason=pick(plan.get("reason"), lang))]
    fy = plan["fiscal_year"]
    changes = [Change(c["id"], c["from"], c["to"]) for c in plan.get("changes", ())]
    head = tr("pl.head", lang, date=plan["assessed_on"], fy=fy)
    tail = [tr("pl.edges", lang)] if edges else []
    if not changes:
        return [head, tr("pl.wait", lang), *tail]
    return [head, *("· " + change_text(c, qn, lang, fy) for c in changes), *tail]


class FindingBlock(Struct, frozen=True):
    id: str
    title: str
    text: str
    fields: str  # '涉及填报项: …' or ''
    source: str


class ActionBlock(Struct, frozen=True):
    id: str
    title: str
    meta: str
    text: str
    steps: tuple[str, ...]
    benchmark: str
    effort: str
    # '证明材料：…': the documents that prove the conditions the action closes (rules/evidence.yaml)
    documents: str = ""
    priority: str = ""  # the word: '高' / 'high' (the roadmap cards show it apart from ``meta``)
    closes: str = ""  # the unmet conditions it helps close: '专精特新中小企业：研发费用…' ('' when none)


class HorizonBlock(Struct, frozen=True):
    horizon: str
    title: str
    actions: tuple[ActionBlock, ...]


class Presentation(Struct, frozen=True):
    lang: str
    date_line: str  # 'Assessment date: 2026-11-21'
    criteria_line: str  # 'Criteria set: … (工信部企业〔2026〕2号)'
    criteria_title: str
    tiers: tuple[TierRow, ...]
    key_facts: tuple[str, ...]
    mode_heading: str | None  # 'the mode (004 §三(二))', None when no mode could be decided
    mode_text: str
    mode_note: str
    mode_evidence: tuple[str, ...]  # per axis side, the signals that counted: '技术：…' (empty when none)
    mode_titles: dict[str, str]  # every mode, for the quadrant
    constraints: tuple[FindingBlock, ...]
    warnings: tuple[FindingBlock, ...]
    roadmap: tuple[HorizonBlock, ...]
    readings: tuple[str, ...]
    conclusion: tuple[str, ...] = ()  # what the firm can apply for now, the plan to the next tier, top actions


def _condition_row(c: ConditionResult, qn: Questionnaire, lang: str, titles: dict[str, str]) -> ConditionRow:
    source = f'{c.source} · {tr("r.confidence", lang)} {tr("conf." + c.confidence, lang)}'
    note = pick(c.note, lang)
    if c.can_apply:  # the title it asks for is within reach today: say so
        apply = tr("s.can_apply", lang, tiers=enum((titles.get(t, t) for t in c.can_apply), lang))
        note = f"{note} {apply}".strip()
    status = tr("s." + c.status, lang)
    if c.unverified:  # a platform-only figure from another source: check it, no expert needed
        status = tr("s.check_source", lang)
        labels = enum((pick(qn[q].label, lang) for q in c.unverified if q in qn.by_id), lang)
        note = f"{note} {tr('s.check_source_note', lang, fields=labels)}".strip()
    return ConditionRow(c.id, pick(c.title, lang), note, value_text(c, qn, lang),
                        threshold_text(c, lang), c.status, status, source, c.source,
                        f'{tr("r.confidence", lang)} {tr("conf." + c.confidence, lang)}')


def certificate_line(tier: TierResult, lang: str) -> str:
    """'复核（工信部企业〔2022〕63号）· 称号 2027 年到期……' for the title the firm holds; '' for a new application."""
    if tier.application != "renewal":
        return ""
    head = tr("s.renewal", lang)
    if tier.criteria_document:
        head = aside(head, tier.criteria_document, lang)
    if tier.expires_year is not None:
        head += " · " + tr("s.expires", lang, year=tier.expires_year)
    return head


def tier_row(tier: TierResult, qn: Questionnaire, lang: str, indicator_titles: dict[str, LangMap],
             tier_titles: dict[str, str] | None = None, card: ScorecardResult | None = None) -> TierRow:
    """``card``: the tier's scorecard result, for the values on band edges."""
    titles = tier_titles or {}
    edges = edge_lines(tier, card, qn, lang)
    cert = certificate_line(tier, lang)
    note = " ".join(x for x in (cert, pick(tier.note, lang)) if x)
    return TierRow(
        tier.id, pick(tier.title, lang), tier.condition_status, status_text(tier.status, lang), score_text(tier),
        tier_summary(tier, lang), note,
        tuple(_condition_row(c, qn, lang, titles) for c in tier.conditions),
        tuple(b for g in tier.gap if (b := GapBlock(g.condition, pick(g.title, lang), tuple(
            gap_lines(g, qn, lang, indicator_titles, options=not _planned(tier))))).lines or not _planned(tier)),
        tuple(plan_lines(tier, qn, lang, bool(edges))), cert, tuple(edges))


def _only_answers_missing(plan: Any) -> bool:
    """A plan blocked only because answers are missing: ask for them, never say 'out of reach'."""
    return bool(plan.get("blocked_by")) and set(plan["blocked_by"]) <= set(plan.get("needs_answers", ()))


def _titles(tier: TierResult, ids: Any, lang: str) -> str:
    titles = {c.id: pick(c.title, lang) for c in tier.conditions}
    return enum((titles.get(i, i) for i in ids), lang)


def _planned(tier: TierResult) -> bool:
    return bool(tier.plan and tier.plan.get("verified"))


def _finding_block(f: Finding, qn: Questionnaire, lang: str) -> FindingBlock:
    labels = [pick(qn[q].label, lang) for q in f.fields if q in qn.by_id]
    fields = labelled(tr("r.fields", lang), enum(labels, lang), lang) if labels else ""
    return FindingBlock(f.id, pick(f.title, lang), pick(f.finding, lang), fields, f.source)


def closes_text(f: Finding, ev: Evaluation, lang: str) -> str:
    """The conditions an action helps close, named as the cards name them ('' when it closes none)."""
    tiers = {t.id: t for t in ev.tiers}
    names = []
    for ref in f.closes:
        tid, _, cid = ref.partition(".")
        tier = tiers.get(tid)
        cond = next((c for c in tier.conditions if c.id == cid), None) if tier else None
        names.append(labelled(pick(tier.title, lang), pick(cond.title, lang), lang) if tier and cond else ref)
    return semicolons(names, lang)


def _action_block(f: Finding, lang: str, ev: Evaluation | None = None,
                  evidence: dict[str, tuple[EvidenceRef, ...]] | None = None) -> ActionBlock:
    return ActionBlock(f.id, pick(f.title, lang), action_meta(f, lang), pick(f.finding, lang),
                       tuple(pick(s, lang) for s in f.steps), benchmark_line(f, lang), f.effort,
                       documents_line(f, evidence or {}, lang), tr("prio." + f.priority, lang),
                       closes_text(f, ev, lang) if ev is not None else "")


def documents_line(f: Finding, evidence: dict[str, tuple[EvidenceRef, ...]], lang: str) -> str:
    """The documents that will prove the gaps an action closes, each once: '证明材料：审计报告、…'."""
    names = dict.fromkeys(pick(ref.name, lang) for ref_id in f.closes for ref in evidence.get(ref_id, ()))
    return labelled(tr("ev.roadmap_docs", lang), enum(names, lang), lang) if names else ""


def present(ev: Evaluation, qn: Questionnaire, lang: str) -> Presentation:
    """Everything a report or a results view words, in ``lang``; the questionnaire gives answer labels."""
    titles = ev.indicator_titles()
    cards = {c.id: c for c in ev.scorecards}
    evidence = {f"{t.id}.{c.id}": c.evidence for t in ev.tiers for c in t.conditions}
    crit, detail = ev.criteria, ev.mode_detail
    criteria_title = pick(crit.title, lang)
    return Presentation(
        lang=lang,
        date_line=labelled(tr("r.date", lang), ev.assessed_on.isoformat(), lang),
        criteria_line=labelled(tr("r.criteria", lang), aside(criteria_title, crit.document, lang), lang),
        criteria_title=criteria_title,
        tiers=tuple(tier_row(t, qn, lang, titles, {t.id: pick(t.title, lang) for t in ev.tiers},
                             cards.get(t.scorecard or "")) for t in ev.tiers),
        key_facts=tuple(key_facts(ev, qn, lang)),
        mode_heading=aside(pick(detail.title, lang), detail.source, lang) if ev.mode else None,
        mode_text=pick(detail.text, lang) if ev.mode else "",
        mode_note=pick(detail.note, lang),
        mode_evidence=tuple(
            labelled(tr("r.side_" + side, lang), enum((pick(x["label"], lang) for x in items), lang), lang)
            for side, items in detail.evidence.items() if items),
        mode_titles={mid: pick(t, lang) for mid, t in detail.titles.items()},
        constraints=tuple(_finding_block(f, qn, lang) for f in ev.findings_of("diagnostic")),
        warnings=tuple(_finding_block(f, qn, lang) for f in ev.findings_of("consistency")),
        roadmap=tuple(HorizonBlock(hz, tr("hz." + hz, lang), tuple(_action_block(f, lang, ev, evidence)
                                                                   for f in items))
                      for hz, items in actions_by_horizon(ev)),
        readings=tuple(pick(r, lang) for r in crit.readings),
        conclusion=tuple(conclusion(ev, qn, lang)),
    )


TOP_ACTIONS = 5


def top_actions(ev: Evaluation) -> list[Finding]:
    """The first actions in the evaluation's ranking (what blocks recognition first)."""
    return list(ev.findings_of("action"))[:TOP_ACTIONS]


def _target_text(ch: Change, qn: Questionnaire, lang: str, fiscal_year: int) -> str:
    """'研发费用 2027 达到 246 万元': where a plan's change ends, named by calendar year."""
    q = qn.by_id.get(ch.id)
    label = pick(q.label, lang) if q else ch.id
    year = year_of(ch.id, fiscal_year) if q is not None else None
    if q is not None and year is not None:
        label = f"{pick(stem_label(q), lang)} {year}"
    money = q is not None and q.type == "money" and isinstance(ch.new, (int, float)) and lang == "en"
    value = rmb(ch.new) if money else fmt_value(qn, ch.id, ch.new, lang)  # prose: "RMB 2.46 million"
    return tr("c.target", lang, label=label, value=value)


def conclusion(ev: Evaluation, qn: Questionnaire, lang: str, targets: int = 3) -> list[str]:
    """The results' and the PDF's opening lines, in the cards' own terms so no sentence contradicts a card:
    the tiers met now, the nearest tier not met with its plan (date and the first targets) or what blocks
    it, and the top actions."""
    met = [pick(t.title, lang) for t in ev.tiers if t.eligible]
    lines = [tr("c.apply_now", lang, tiers=enum(met, lang)) if met else tr("c.apply_none", lang)]
    nxt = next((t for t in ev.tiers if t.on_ladder and not t.eligible), None)
    if nxt is None:
        lines.append(tr("c.all_met", lang))
    else:
        title, plan = pick(nxt.title, lang), nxt.plan
        if plan and plan.get("verified"):
            fy = plan["fiscal_year"]
            changes = [Change(c["id"], c["from"], c["to"]) for c in plan.get("changes", ())]
            shown = semicolons((_target_text(c, qn, lang, fy) for c in changes[:targets]), lang)
            more = tr("c.more", lang, n=len(changes) - targets) if len(changes) > targets else ""
            lines.append(tr("c.next_plan", lang, tier=title, date=plan["assessed_on"],
                            targets=(shown + more) or tr("c.no_change", lang)))
        elif plan and "blocked_by" in plan and _only_answers_missing(plan):
            lines.append(tr("c.next_answers", lang, tier=title,
                            conditions=_titles(nxt, plan["blocked_by"], lang)))
        elif plan and "blocked_by" in plan:
            lines.append(tr("c.next_blocked", lang, tier=title, reason=pick(plan.get("reason"), lang)))
        else:
            unmet = sum(1 for c in nxt.conditions if c.status == "unmet")
            lines.append(tr("c.next_open", lang, tier=title, n=unmet))
    actions = top_actions(ev)
    if actions:
        lines.append(tr("c.top_actions", lang, actions=semicolons(
            (f"{i}. {pick(f.title, lang)}" for i, f in enumerate(actions, 1)), lang)))
    return lines
