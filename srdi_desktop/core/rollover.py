"""Duplicate an assessment as next year's: every answer copied, yearly figures shifted one year back."""

from __future__ import annotations

import re
from typing import Any

from .questionnaire import Questionnaire

_YEAR = re.compile(r"^(?P<stem>.+)_y(?P<n>[1-9])$")  # finance.revenue_y1 = last year, _y2 the year before


def next_year(qn: Questionnaire, answers: dict[str, Any]) -> dict[str, Any]:
    """y1 → y2, y2 → y3 (where the questionnaire has that year); the new y1 is left for the user to enter.

    A figure with no older slot (rd.expense_y2 when there is no rd.expense_y3) is dropped, not misplaced.
    """
    out: dict[str, Any] = {}
    for qid, value in answers.items():
        m = _YEAR.match(qid)
        if m is None:
            out[qid] = value
            continue
        older = f"{m['stem']}_y{int(m['n']) + 1}"
        if older in qn:
            out[older] = value
    return out
