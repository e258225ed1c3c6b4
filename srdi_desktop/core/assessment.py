"""An assessment: the date, the answers and the language. Small on purpose: storage imports it at start."""

from __future__ import annotations

import datetime as dt
from typing import Any

from msgspec import Struct, field

from .fiscal import default_fiscal_year

# audited accounts, a tax filing, the official platform, an estimate, self-reported
SOURCES = ("audited", "tax", "platform", "estimate", "self")
# The answers whose source matters enough for the wizard to ask it (the platform score and level, market
# share and rank, applied class I IP)
SOURCED = ("platform.quality_score", "platform.quality_score_prev", "digital.platform_level", "market.niche_share_pct",
           "market.niche_rank_domestic", "ip.class1_applied_count")
# A figure only the official platform can give: a condition on it is met only when it came from the
# platform; from any other recorded source it is "review" (needs checking before applying), never met
PLATFORM_ONLY = {"platform.quality_score": "platform.quality_score",
                 "platform.quality_score_prev": "platform.quality_score_prev",
                 "digital.platform_level": "digital.platform_level", "digital_level": "digital.platform_level"}


class Assessment(Struct):
    assessed_on: dt.date
    answers: dict[str, Any] = field(default_factory=dict)
    lang: str = "zh"
    criteria: str | None = None  # a chosen criteria set id, else by date
    fiscal_year: int | None = None  # the calendar year y1 refers to; None: the year before assessed_on
    # answers carried over from last year that the user should confirm ("请核对"), e.g. the debt ratio
    to_review: set[str] = field(default_factory=set)
    # where an answer came from, by question id (issue 20): one of SOURCES; absent: not recorded
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def firm_name(self) -> str:
        return str(self.answers.get("firm.name") or "")

    @property
    def year1(self) -> int:
        """The calendar year of the y1 figures: ``fiscal_year``, or its default."""
        return self.fiscal_year if self.fiscal_year is not None else default_fiscal_year(self.assessed_on)
