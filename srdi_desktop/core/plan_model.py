"""What a plan may change, how fast, and at what effort — the data of core/plan.py, in one place.

Time: the date moves in whole years (the assessment date, then up to ``HORIZON_YEARS`` ahead). On the
assessment date y1 is a closed fiscal year, so "this year" only answers that are not fiscal-year
figures can change (titles, IP counts, certificates, the R&D institution, digital items, platform
scores, new equity). N years on, the fiscal-year figures of the N years still to come can be set too,
within the yearly limits below; closed years only shift (``rollover.next_year``). Without a plan the
firm stands still: a year to come repeats the last closed one. Years in the niche grow by one a year.
The questionnaire has no founding date, so the firm's age is not modelled beyond the niche years.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from msgspec import Struct

from .fiscal import PREVIOUS, slot
from .questionnaire import Questionnaire
from .rollover import next_year

HORIZON_YEARS = 3

# -- the cost model and the limits of change, as data ---------------------------------------------

class Lever(Struct, frozen=True):
    """How an answer can move. ``fiscal`` figures belong to a fiscal year: closed on the assessment date,
    set only for a year still to come. Limits are per year: ``growth`` (×(1 + growth) a year, relative to
    ``max(|value|, floor)``), ``per_year`` (absolute), ``steps`` (choice steps). Cost: ``weight`` ×
    relative change, or ``weight`` per step."""

    weight: float = 1.0
    fiscal: bool = False
    growth: float | None = None
    per_year: float | None = None
    steps: int = 1
    floor: float = 1.0


# Keys are question ids, or the stem of yearly figures ("finance.revenue" for finance.revenue_y1/_y2/_y3).
LEVERS: dict[str, Lever] = {
    "finance.revenue": Lever(weight=3.0, fiscal=True, growth=0.30, floor=100),  # sales: ≤ +30 %/yr
    "finance.main_revenue": Lever(weight=2.0, fiscal=True, growth=0.30, floor=100),
    "rd.expense": Lever(weight=1.0, fiscal=True, growth=0.5, floor=50),  # R&D: ≤ +50 %/yr
    "finance.net_profit": Lever(weight=2.0, fiscal=True, growth=0.30, floor=100),
    "finance.cost_total": Lever(weight=2.0, fiscal=True, growth=0.30, floor=100),
    "finance.debt_ratio_pct": Lever(weight=2.0, fiscal=True, per_year=10, floor=10),  # −10 points a year
    "rd.staff": Lever(weight=1.5, fiscal=True, growth=0.5, floor=2),
    "people.tech_staff": Lever(weight=1.5, fiscal=True, growth=0.5, floor=2),
    "market.niche_share_pct": Lever(weight=3.0, fiscal=True, per_year=2, floor=1),  # +2 points a year
    "market.niche_rank_domestic": Lever(weight=3.0, fiscal=True, per_year=1),  # one place a year
    "product.main_share_pct": Lever(weight=2.0, fiscal=True, per_year=10, floor=10),
    "finance.equity_new_2y": Lever(weight=3.0, per_year=3000, floor=500),
    "finance.equity_new_3y": Lever(weight=3.0, per_year=3000, floor=500),
    "ip.class1_count": Lever(weight=1.0, per_year=3),  # invention patents granted: ≤ 3 a year
    "ip.class1_self_developed_count": Lever(weight=1.0, per_year=3),
    "ip.class1_high_value_count": Lever(weight=1.5, per_year=1),
    "ip.class1_applied_count": Lever(weight=1.0, per_year=2),
    "ip.class2_count": Lever(weight=0.5, per_year=5),
    "quality.standards_count": Lever(weight=1.0, per_year=1),
    "platform.quality_score": Lever(weight=2.0, per_year=10, floor=10),
    "platform.provincial_feature_points": Lever(weight=2.0, per_year=5, floor=5),
    "digital.platform_level": Lever(weight=1.5, per_year=1),
    "rd.institution_level": Lever(weight=1.5, steps=1),  # one level a year
    "product.chain_role": Lever(weight=3.0, steps=1),
    "quality.own_brand": Lever(weight=2.0),
    "quality.intl_certification": Lever(weight=2.0),
    "quality.iso9001": Lever(weight=1.0),
}
DEFAULT_LEVER = Lever(weight=1.0, growth=0.5, per_year=None, steps=1)  # other answers marked ``lever`` in forms/

# Not levers, whatever forms/ says: time (niche years), outcomes of juries or authorities the firm cannot
# plan on (awards already given and their rank; national titles), the compliance record.
FIXED = frozenset({
    "market.niche_years", "award.sci_tech_level", "award.sci_tech_rank", "award.maker_china",
    "award.quality_award", "title.tech_innovation_demo", "title.ip_advantage", "title.single_champion",
    "compliance.abnormal_or_dishonest", "compliance.major_incident_3y", "compliance.restricted_products",
})

# A title is earned by meeting its tier: it is a lever only through a verified plan for that tier.
TITLE_TIERS: dict[str, str] = {
    "title.innovative_sme": "innovative_sme", "title.srdi_sme": "srdi_sme",
    "title.tech_sme": "tech_sme", "title.high_tech_enterprise": "high_tech",
}
TITLE_WEIGHT = 1.0

# ``sub`` can only rise with ``sup``: an applied class I IP is a class I IP; equity of the last 2 years
# is also equity of the last 3.
ALSO_RAISES: dict[str, str] = {
    "ip.class1_self_developed_count": "ip.class1_count", "ip.class1_high_value_count": "ip.class1_count",
    "ip.class1_applied_count": "ip.class1_count", "finance.equity_new_2y": "finance.equity_new_3y",
}
# Raising revenue means selling more of the main business: main revenue rises in proportion.
SCALES_WITH: dict[str, str] = {"finance.revenue": "finance.main_revenue"}

def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# -- time -----------------------------------------------------------------------------------------

def lever_of(qn: Questionnaire, qid: str) -> Lever | None:
    """The lever rule of an answer, or None when no action changes it."""
    if qid not in qn.by_id or direction(qn, qid) == "none" or qid in FIXED or qid in TITLE_TIERS:
        return None
    s = slot(qid)
    return LEVERS.get(qid) or (LEVERS.get(s[0]) if s else None) or DEFAULT_LEVER


def direction(qn: Questionnaire, qid: str) -> str:
    """Which way improves an answer (forms' ``lever``); an older year of a figure moves like its y1, which
    is all forms/ marks since the older years are closed today."""
    s = slot(qid)
    y1 = qn.by_id.get(f"{s[0]}_y1") if s else None
    return y1.lever if y1 is not None else qn[qid].lever


def changeable(qn: Questionnaire, qid: str, years_ahead: int) -> bool:
    """Whether a plan for the date ``years_ahead`` years on may set ``qid`` (titles: through their tier)."""
    if qid in TITLE_TIERS:
        return qn.by_id.get(qid) is not None
    lv = lever_of(qn, qid)
    if lv is None:
        return False
    if not lv.fiscal:
        return True
    s = slot(qid)
    return s[1] <= years_ahead if s else years_ahead >= 1  # y_n is a year still to come when n ≤ N


def project(qn: Questionnaire, answers: Mapping[str, Any], years: int) -> dict[str, Any]:
    """The answers on the date ``years`` on if the firm does nothing: closed years shift, a new year
    repeats the last one, niche years grow, dated facts age (``_age``)."""
    a = dict(answers)
    for _ in range(years):
        shifted = next_year(qn, a)
        for qid, v in a.items():
            s = slot(qid)
            if s and s[1] == 1 or qid in PREVIOUS:  # doing nothing, next year's figure is this year's
                shifted[qid] = v
        a = shifted
    if years:
        ny = a.get("market.niche_years")
        if isinstance(ny, (int, float)) and not isinstance(ny, bool):
            a["market.niche_years"] = ny + years
        _age(a, years)
    return a


def _age(a: dict[str, Any], years: int) -> None:
    """Facts dated only by "in the last N years", aged on the safe side since their dates are unknown.

    Awards and equity of "the last 2/3 years" may fall out of the window any day: not counted a year on.
    An incident "in the last 3 years" happened before the assessment date, so it is out of the window
    three years on and not before."""
    if "award.sci_tech_level" in a:
        a["award.sci_tech_level"] = "none"
        a.pop("award.sci_tech_rank", None)
    if "award.maker_china" in a:
        a["award.maker_china"] = "none"
    for qid in ("finance.equity_new_2y", "finance.equity_new_3y"):
        if isinstance(a.get(qid), (int, float)):
            a[qid] = 0
    if years >= 3 and a.get("compliance.major_incident_3y") is True:
        a["compliance.major_incident_3y"] = False
