"""Two assessments of one firm side by side: tier changes and per-section answer deltas."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .evaluation import Evaluation
from .format import fmt_number
from .i18n import pick
from .present import aside, labelled, status_text
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


def section_deltas(qn: Questionnaire, before: dict[str, Any], after: dict[str, Any]) -> list[SectionDelta]:
    """Per section, every question whose answer differs, in questionnaire order."""
    out = []
    for s in qn.sections:
        changes, same = [], 0
        for q in s.questions:
            b, a = before.get(q.id), after.get(q.id)
            if b == a:
                same += b is not None
            else:
                changes.append(AnswerDelta(q.id, b, a))
        out.append(SectionDelta(s.id, s.title, changes, same))
    return out


def delta_text(d: AnswerDelta) -> str:
    """'+1200' for numbers that moved, '' otherwise (the two values already say what changed)."""
    if not d.delta:
        return ""
    return ("+" if d.delta > 0 else "") + fmt_number(round(d.delta, 2))


def change_line(c: TierChange, lang: str) -> str:
    """'专精特新：暂不符合 → 符合（62 → 71）'."""
    line = labelled(pick(c.title, lang), f"{status_text(c.before, lang)} → {status_text(c.after, lang)}", lang)
    if c.score_before != c.score_after:
        line = aside(line, f"{fmt_number(c.score_before or 0)} → {fmt_number(c.score_after or 0)}", lang)
    return line
