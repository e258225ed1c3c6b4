"""Two assessments of one firm side by side: tier changes and per-section answer deltas.

Yearly figures are compared by calendar year, not by slot (fiscal.py): last year's y1 is this year's
y2, so the same figure for the same year is no change, and a different one is a restatement.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .assessment import Assessment
from .describe import TIER_STATUS_KEY
from .fiscal import slot, slot_for, stem_label, year_of
from .format import fmt_number
from .i18n import pick, tr
from .questionnaire import Questionnaire


@dataclass(frozen=True)
class TierChange:
    tier: str
    title: dict[str, str]
    before: str | None  # eligible | not_eligible | needs_answers, None when the tier did not exist
    after: str | None
    score_before: float | None
    score_after: float | None

    @property
    def changed(self) -> bool:
        return self.before != self.after or self.score_before != self.score_after


@dataclass(frozen=True)
class AnswerDelta:
    qid: str
    before: Any
    after: Any
    year: int | None = None  # the calendar year of a yearly figure; None for other answers

    @property
    def restated(self) -> bool:
        """Both assessments give this year's figure, differently (修订): a correction, not a new year."""
        return self.year is not None and self.before is not None and self.after is not None

    @property
    def delta(self) -> float | None:
        """after − before when both are plain numbers."""
        if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (self.before, self.after)):
            return round(self.after - self.before, 4)
        return None


@dataclass(frozen=True)
class SectionDelta:
    section: str
    title: dict[str, str]
    changes: list[AnswerDelta]
    unchanged: int


def tier_changes(before: dict[str, Any], after: dict[str, Any]) -> list[TierChange]:
    """Tiers of both evaluations (the later one's order first), status and score before → after."""
    ids = list(after["tiers"]) + [t for t in before["tiers"] if t not in after["tiers"]]
    out = []
    for tid in ids:
        b, a = before["tiers"].get(tid), after["tiers"].get(tid)
        out.append(TierChange(tid, (a or b)["title"], b and b["status"], a and a["status"],
                              b and b.get("score"), a and a.get("score")))
    return out


def section_deltas(qn: Questionnaire, before: Assessment, after: Assessment) -> list[SectionDelta]:
    """Per section, every answer that differs, in questionnaire order; yearly figures by calendar year."""
    out = []
    for s in qn.sections:
        changes: list[AnswerDelta] = []
        same = 0
        stems: set[str] = set()
        for q in s.questions:
            sl = slot(q.id)
            if sl is not None:
                if sl[0] in stems:
                    continue
                stems.add(sl[0])
                deltas = figure_deltas(qn, sl[0], before, after)
            else:
                deltas = [AnswerDelta(q.id, before.answers.get(q.id), after.answers.get(q.id))]
            for d in deltas:
                if d.before == d.after:
                    same += d.before is not None
                else:
                    changes.append(d)
        out.append(SectionDelta(s.id, s.title, changes, same))
    return out


def figure_deltas(qn: Questionnaire, stem: str, before: Assessment, after: Assessment) -> list[AnswerDelta]:
    """One yearly figure (``finance.revenue``) year by year, newest first: each year the later assessment
    covers, and newer years only the earlier one has. A year that has dropped out of the later
    assessment's window is not a change."""
    def years(a: Assessment) -> set[int]:
        return {y for q in qn.questions if (sl := slot(q.id)) and sl[0] == stem
                and (y := year_of(q.id, a.year1)) is not None}

    later = years(after)
    shown = sorted({y for y in years(before) | later if not later or y >= min(later)}, reverse=True)
    out = []
    for y in shown:
        b_id, a_id = slot_for(stem, y, before.year1, qn), slot_for(stem, y, after.year1, qn)
        qid = a_id or b_id
        assert qid is not None  # every shown year comes from a slot of one of them
        out.append(AnswerDelta(qid, before.answers.get(b_id) if b_id else None,
                               after.answers.get(a_id) if a_id else None, y))
    return out


def delta_label(qn: Questionnaire, d: AnswerDelta, lang: str) -> str:
    """The row's name: the question's label, or a yearly figure with its year ("营业收入 2024")."""
    q = qn[d.qid]
    return pick(q.label, lang) if d.year is None else f"{pick(stem_label(q), lang)} {d.year}"


def status_text(status: str | None, lang: str) -> str:
    return tr(TIER_STATUS_KEY[status], lang) if status else "—"


def delta_text(d: AnswerDelta, lang: str) -> str:
    """'+1200' for numbers that moved, '' otherwise (the two values already say what changed); a
    restated figure says so: '+1200（修订）'."""
    text = ("+" if d.delta > 0 else "") + fmt_number(round(d.delta, 2)) if d.delta else ""
    if d.restated:
        note = tr("ui.restated", lang)
        text = f"{text}（{note}）" if lang == "zh" else f"{text} ({note})".lstrip()
    return text


def change_line(c: TierChange, lang: str) -> str:
    """'专精特新：暂不符合 → 符合（62 → 71）'."""
    sep = "：" if lang == "zh" else ": "
    line = f"{pick(c.title, lang)}{sep}{status_text(c.before, lang)} → {status_text(c.after, lang)}"
    if c.score_before != c.score_after:
        scores = f"{fmt_number(c.score_before or 0)} → {fmt_number(c.score_after or 0)}"
        line += f"（{scores}）" if lang == "zh" else f" ({scores})"
    return line
