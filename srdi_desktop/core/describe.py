"""Sentences for people from evaluation data: thresholds, gap options. Shared by CLI, PDF and UI."""

from __future__ import annotations

from typing import Any

from .format import fmt_number, fmt_value
from .i18n import pick, tr
from .questionnaire import Questionnaire

TIER_STATUS_KEY = {"eligible": "s.eligible", "not_eligible": "s.not_eligible", "needs_answers": "s.needs_answers"}
TIER_STATUS_TO_CONDITION = {"eligible": "met", "not_eligible": "unmet", "needs_answers": "unknown"}


def _unit(cond: dict[str, Any], lang: str) -> str:
    """The condition's unit with the spacing it needs: '3%' but '100 万元'."""
    unit = pick(cond.get("unit"), lang)
    return unit if unit in ("", "%") else f" {unit}"


def threshold_text(cond: dict[str, Any], lang: str) -> str:
    t = cond.get("threshold")
    if t is None:
        return "—"
    if isinstance(t, bool):
        return tr("a.yes" if t else "a.no", lang)
    if isinstance(t, (int, float)):
        return tr("c.threshold", lang, op=cond.get("op") or "", threshold=fmt_number(t), unit=_unit(cond, lang))
    return str(t) if not isinstance(t, dict) else pick(t, lang)


def value_text(cond: dict[str, Any], qn: Questionnaire, lang: str) -> str:
    v = cond.get("value")
    if v is None:
        return tr("a.unanswered", lang) if cond.get("status") == "unknown" else "—"
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return f"{fmt_number(round(v, 2))}{_unit(cond, lang)}"
    return fmt_value(qn, (cond.get("value_of") or "").strip(), v, lang)


def change_text(ch: dict[str, Any], qn: Questionnaire, lang: str) -> str:
    q = qn.by_id.get(ch["id"])
    label = pick(q.label, lang) if q else ch["id"]
    return tr("g.change", lang, label=label, old=fmt_value(qn, ch["id"], ch["from"], lang),
              new=fmt_value(qn, ch["id"], ch["to"], lang))


def gap_lines(gap: dict[str, Any], qn: Questionnaire, lang: str, indicator_titles: dict[str, dict]) -> list[str]:
    """What to change for one failing condition, as short lines."""
    lines: list[str] = []
    sep = "；" if lang == "zh" else "; "
    joiner = "、" if lang == "zh" else ", "
    if gap.get("missing"):
        labels = [pick(qn[q].label, lang) if q in qn.by_id else q for q in gap["missing"]]
        lines.append(tr("g.fill", lang, labels=joiner.join(labels)))
    if gap.get("missing_indicators"):
        labels = [pick(indicator_titles.get(i), lang) or i for i in gap["missing_indicators"]]
        lines.append(tr("g.fill_indicators", lang, labels=joiner.join(labels)))
    opts = gap.get("options") or []
    if gap.get("points_needed") is not None:
        if gap["status"] == "unmet" or opts:
            lines.append(tr("g.points", lang, n=fmt_number(round(gap["points_needed"], 2))))
        for o in opts:
            lines.append("· " + tr("g.points_option", lang, indicator=pick(indicator_titles.get(o["indicator"]), lang)
                                   or o["indicator"], gain=fmt_number(o["gain"] or 0),
                                   changes=sep.join(change_text(c, qn, lang) for c in o["changes"])))
    elif opts:
        if len(opts) > 1:
            lines.append(tr("g.one_of", lang))
        for o in opts:
            lines.append(("· " if len(opts) > 1 else "") + sep.join(change_text(c, qn, lang) for c in o["changes"]))
    elif gap["status"] == "unmet":
        lines.append(tr("g.no_lever", lang))
    return lines


def rescore_lines(r: dict[str, Any], lang: str) -> list[str]:
    """A final result beside today's re-score, one line per tier, changes marked with *."""
    sep = "：" if lang == "zh" else ": "
    lines = []
    for t in r["tiers"]:
        old = tr(TIER_STATUS_KEY[t["stored_status"]], lang) if t["stored_status"] else "—"
        new = tr(TIER_STATUS_KEY[t["status"]], lang)
        lines.append(f"{pick(t['title'], lang)}{sep}{old} → {new}" + (" *" if t["changed"] else ""))
    return lines


def key_facts(ev: dict[str, Any], qn: Questionnaire, lang: str) -> list[str]:
    """Size class, digital level (and where it came from) and driving mode, one line each."""
    size = fmt_value(qn, "sme_size", ev["sme_size"], lang) if ev["sme_size"] else tr("a.unanswered", lang)
    digital = ev["digital"]
    if digital.get("source") == "platform":
        level = tr("r.digital_platform", lang, level=digital["level"])
    elif digital.get("source") == "estimate":
        level = tr("r.digital_estimate", lang, level=digital["level"], score=fmt_number(digital["base_score"]))
    else:
        level = tr("a.unanswered", lang)
    mode = pick(ev["mode_detail"]["title"], lang) if ev.get("mode") else tr("r.mode_unknown", lang)
    sep = "：" if lang == "zh" else ": "
    return [f'{tr("r.sme_size", lang)}{sep}{size}', f'{tr("r.digital_level", lang)}{sep}{level}',
            f'{tr("r.mode", lang)}{sep}{mode}']


def actions_by_horizon(ev: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    """The roadmap: each horizon, nearest first, with its actions in priority order."""
    from .evaluate import HORIZON_ORDER

    actions = [f for f in ev["findings"] if f["kind"] == "action"]
    return [(hz, [f for f in actions if f["horizon"] == hz]) for hz in sorted(HORIZON_ORDER, key=HORIZON_ORDER.get)]


def action_meta(f: dict[str, Any], paths: dict[str, Any], lang: str) -> str:
    """'优先级 高 · 投入 中 · 发展路径 … · 004 §三(一)2' under an action's title."""
    path = paths.get(f["path"])
    return (f'{tr("r.priority", lang)} {tr("prio." + f["priority"], lang)} · {tr("r.effort", lang)} '
            f'{tr("effort." + f["effort"], lang)} · {tr("r.path", lang)} '
            f'{pick(path.title, lang) if path else f["path"]} · {f["source"]}')


def benchmark_line(b: dict[str, Any], lang: str) -> str:
    source = f"（{b['source']}）" if lang == "zh" else f" ({b['source']})"
    return f'{tr("r.benchmark", lang)}: {pick(b["text"], lang)}{source}'
