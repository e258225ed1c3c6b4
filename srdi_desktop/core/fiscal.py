"""Fiscal years: which calendar year a yearly figure belongs to.

An assessment's ``fiscal_year`` is the calendar year its ``y1`` figures refer to (DESIGN §3); ``y2`` is
the year before, ``y3`` the one before that. Two assessments of one firm are compared by calendar year,
never by slot: last year's y1 is this year's y2.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # kept light: the Assessment (loaded at start-up) takes its default from here
    from .questionnaire import Question, Questionnaire

# A yearly figure: finance.revenue_y1 is the stem finance.revenue for slot 1 (the fiscal year itself).
_SLOT = re.compile(r"^(?P<stem>.+)_y(?P<n>[1-9])$")
# The slot named at the end of a yearly question's label: "营业收入（上年度）", "Revenue (y1)".
_SLOT_LABEL = re.compile(r"\s*[（(][^（()）]*[)）]\s*$")

# fiscal_year may lie this many years before the assessment date's year, down to 0 (a year still open).
MAX_LAG = 3


def default_fiscal_year(assessed_on: dt.date) -> int:
    """The last complete calendar year before the assessment date."""
    return assessed_on.year - 1


def fiscal_year_range(assessed_on: dt.date) -> tuple[int, int]:
    """The fiscal years that make sense for an assessment dated ``assessed_on`` (both ends included)."""
    return assessed_on.year - MAX_LAG, assessed_on.year


def fiscal_year_error(value: object, assessed_on: dt.date) -> str | None:
    """Why ``value`` cannot be the fiscal year of an assessment dated ``assessed_on``; None when it can."""
    lo, hi = fiscal_year_range(assessed_on)
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        return (f"fiscal_year must be a whole year from {lo} to {hi} (assessed_on {assessed_on.isoformat()}: "
                f"its year minus {MAX_LAG} to its year), got {value!r}")
    return None


@functools.cache  # on the planner's hot path
def slot(qid: str) -> tuple[str, int] | None:
    """(stem, n) for a yearly figure ``<stem>_y<n>``, else None."""
    m = _SLOT.match(qid)
    return (m["stem"], int(m["n"])) if m else None


def slot_id(stem: str, n: int) -> str:
    return f"{stem}_y{n}"


# Yearly answers named without a year slot → where last year's value is kept ("copy as next year's"
# moves it there and leaves the new year's for the user, like a y1 figure)
PREVIOUS = {"platform.quality_score": "platform.quality_score_prev"}
_LATER = {v: k for k, v in PREVIOUS.items()}


def yearly_slot(qid: str) -> tuple[str, int] | None:
    """``slot``, and for a ``PREVIOUS`` pair (its own stem, 1) and (the stem, 2): for comparing by year."""
    if qid in PREVIOUS:
        return qid, 1
    if qid in _LATER:
        return _LATER[qid], 2
    return slot(qid)


def yearly_id(stem: str, n: int) -> str | None:
    """The inverse of ``yearly_slot``; None for a ``PREVIOUS`` pair's slot beyond the second."""
    if stem in PREVIOUS:
        return stem if n == 1 else PREVIOUS[stem] if n == 2 else None
    return slot_id(stem, n)


def year_of(qid: str, fiscal_year: int) -> int | None:
    """The calendar year of a yearly figure in an assessment with this fiscal year; None for other answers."""
    s = yearly_slot(qid)
    return None if s is None else fiscal_year - (s[1] - 1)


def slot_for(stem: str, year: int, fiscal_year: int, qn: Questionnaire) -> str | None:
    """The question that holds ``stem``'s figure for calendar ``year``, when the questionnaire has that slot."""
    n = fiscal_year - year + 1
    qid = yearly_id(stem, n) if n >= 1 else None
    return qid if qid is not None and qid in qn else None


def stem_label(q: Question) -> dict[str, str]:
    """The figure's name without its slot: "营业收入（上年度）" → "营业收入", for "营业收入 2024"."""
    return {lang: _SLOT_LABEL.sub("", text) for lang, text in q.label.items()}


def next_year_dates(assessed_on: dt.date, fiscal_year: int, today: dt.date) -> tuple[dt.date, int]:
    """Date and fiscal year of "copy as next year's": the fiscal year moves on by one, dated today.

    Today, because that is when the new figures are entered and whose criteria apply; a date a year
    after the old one would often lie in the future and pick rules not yet in force. When today cannot
    go with the new fiscal year (the old assessment is more than three years old, or its fiscal year was
    still open), the anniversary of the old date is used instead, which always can.
    """
    fy = fiscal_year + 1
    if fiscal_year_error(fy, today) is None:
        return today, fy
    try:
        return assessed_on.replace(year=assessed_on.year + 1), fy
    except ValueError:  # 29 February
        return assessed_on.replace(year=assessed_on.year + 1, day=28), fy
