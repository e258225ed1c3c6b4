"""Two assessments of one firm side by side: tier changes and per-section answer deltas.

Yearly figures are compared by calendar year, not by slot (fiscal.py): last year's y1 is this year's
y2, so the same figure for the same year is no change, and a different one is a restatement.
"""

from __future__ import annotations

from typing import Any

from msgspec import Struct

from .assessment import Assessment
from .evaluation import Evaluation
from .fiscal import slot_for, stem_label, year_of, yearly_slot
from .format import fmt_number, fmt_signed
from .i18n import pick, tr
from .present import aside, labelled, status_text
from .questionnaire import Questionnaire


class TierChange(Struct, frozen=True):
    tier: str
    title: dict[str, str]
    before: str | None  # a tier status (TierResult.status), None when the tier did not exist
    after: str | None
    score_before: float | None
    score_after: float | None

    @property
    def changed(self) -> bool:
        return self.before != self.after or self.score_before != self.score_after


class AnswerDelta(Struct, frozen=True):
    qid: str
    before: Any
    after: Any
    year: int | None = None  # the calendar year of a yearly figure; None for other answers
    sources: tuple[str | None, str | None] = (None, None)  # where each side came from (issue 20), if recorded

    @property
    def restated(self) -> bool:
        """Both assessments give this year's figure, differently (修订): a correction, not a new year."""
        return self.year is not None and self.before is not None and self.after is not None

    @property
    def delta(self) -> float | None:
        """after − before when both are plain numbers."""
        b, a = self.before, self.after
        if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (b, a)):
            return round(float(a) - float(b), 4)
        return None


class SectionDelta(Struct, frozen=True):
    section: str
    title: dict[str, str]
    changes: list[AnswerDelta]
    unchanged: int


def tier_changes(before: Evaluation, after: Evaluation) -> list[TierChange]:
    """Tiers of both evaluations (the later one's order first), status and score before → after."""
    ids = [t.id for t in after.tiers] + [t.id for t in before.tiers if after.tier(t.id) is None]
    out = []
    for tid in ids:
        b, a = before.tier(tid), after.tier(tid)
        title = (a or b).title  # type: ignore[union-attr]  # each id comes from one of the two
        out.append(TierChange(tid, title, b.status if b else None, a.status if a else None,
                              b.score if b else None, a.score if a else None))
    return out


def section_deltas(qn: Questionnaire, before: Assessment, after: Assessment) -> list[SectionDelta]:
    """Per section, every answer that differs, in questionnaire order; yearly figures by calendar year."""
    out = []
    for s in qn.sections:
        changes: list[AnswerDelta] = []
        same = 0
        stems: set[str] = set()
        for q in s.questions:
            sl = yearly_slot(q.id)
            if sl is not None:
                if sl[0] in stems:
                    continue
                stems.add(sl[0])
                deltas = figure_deltas(qn, sl[0], before, after)
            else:
                deltas = [AnswerDelta(q.id, before.answers.get(q.id), after.answers.get(q.id), None,
                                      (before.sources.get(q.id), after.sources.get(q.id)))]
            for d in deltas:
                if d.before == d.after and not _other_source(d):
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
        return {y for q in qn.questions if (sl := yearly_slot(q.id)) and sl[0] == stem
                and (y := year_of(q.id, a.year1)) is not None}

    later = years(after)
    shown = sorted({y for y in years(before) | later if not later or y >= min(later)}, reverse=True)
    out = []
    for y in shown:
        b_id, a_id = slot_for(stem, y, before.year1, qn), slot_for(stem, y, after.year1, qn)
        qid = a_id or b_id
        assert qid is not None  # every shown year comes from a slot of one of them
        out.append(AnswerDelta(qid, before.answers.get(b_id) if b_id else None,
                               after.answers.get(a_id) if a_id else None, y,
                               (before.sources.get(b_id) if b_id else None, after.sources.get(a_id) if a_id else None)))
    return out


def _other_source(d: AnswerDelta) -> bool:
    """Both sides say where the figure came from, and they differ (an estimate replaced by audited accounts)."""
    b, a = d.sources
    return b is not None and a is not None and b != a


def delta_label(qn: Questionnaire, d: AnswerDelta, lang: str) -> str:
    """The row's name: the question's label, or a yearly figure with its year ("营业收入 2024")."""
    q = qn[d.qid]
    if d.year is None:
        return pick(q.label, lang)
    stem = yearly_slot(d.qid)
    if stem is not None and stem[0] in qn:  # last year's platform score is named by this year's question
        q = qn[stem[0]]
    return f"{pick(stem_label(q), lang)} {d.year}"


def delta_text(d: AnswerDelta, lang: str, unit: dict[str, str] | None = None) -> str:
    """'+1,200 万元' for numbers that moved (in ``unit``; a percentage moves in points), '' otherwise (the two
    values already say what changed); a restated figure says so: '+1,200 万元（修订）'."""
    text = fmt_signed(round(d.delta, 2), unit, lang) if d.delta else ""
    if d.restated and d.before != d.after:
        text = aside(text, tr("ui.restated", lang), lang).lstrip()
    if _other_source(d):  # two figures for one year from different sources: say so, never pick one silently
        b, a = d.sources
        text = aside(text, tr("ui.source_changed", lang, before=tr(f"src.{b}", lang), after=tr(f"src.{a}", lang)),
                     lang).lstrip()
    return text


def change_line(c: TierChange, lang: str) -> str:
    """'专精特新：暂不符合 → 符合（62 → 71）'."""
    line = labelled(pick(c.title, lang), f"{status_text(c.before, lang)} → {status_text(c.after, lang)}", lang)
    if c.score_before != c.score_after:
        line = aside(line, f"{fmt_number(c.score_before or 0)} → {fmt_number(c.score_after or 0)}", lang)
    return line
