"""Duplicate an assessment as next year's: the fiscal year moves on by one, yearly figures shift one slot
back, year-end figures are carried over marked "to review"."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .assessment import Assessment
from .fiscal import PREVIOUS, next_year_dates, slot, slot_id
from .questionnaire import Questionnaire


def next_year(qn: Questionnaire, answers: dict[str, Any]) -> dict[str, Any]:
    """y1 → y2, y2 → y3 (where the questionnaire has that year), this year's platform score → last year's;
    the new y1 is left for the user to enter.

    A figure with no older slot (rd.expense_y2 when there is no rd.expense_y3) is dropped, not misplaced.
    """
    out: dict[str, Any] = {}
    for qid, value in answers.items():
        s = slot(qid)
        if qid in PREVIOUS.values():
            continue  # replaced by the value it follows (or dropped when that is not answered)
        if qid in PREVIOUS:
            if PREVIOUS[qid] in qn:
                out[PREVIOUS[qid]] = value
            continue
        if s is None:
            out[qid] = value
            continue
        older = slot_id(s[0], s[1] + 1)
        if older in qn:
            out[older] = value
    return out


def to_review(qn: Questionnaire, answers: dict[str, Any]) -> set[str]:
    """Carried answers the user must confirm: those whose question says ``rollover: review``."""
    return {qid for qid in answers if qid in qn and qn[qid].rollover == "review"}


def next_year_assessment(qn: Questionnaire, a: Assessment, today: dt.date) -> Assessment:
    """The draft "copy as next year's" creates from ``a`` (see fiscal.next_year_dates for the date)."""
    day, fy = next_year_dates(a.assessed_on, a.year1, today)
    answers = next_year(qn, a.answers)
    return Assessment(day, answers, a.lang, a.criteria, fy, to_review(qn, answers))
