"""An assessment: the date, the answers and the language. Small on purpose: storage imports it at start."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Assessment:
    assessed_on: dt.date
    answers: dict[str, Any] = field(default_factory=dict)
    lang: str = "zh"
    criteria: str | None = None  # a chosen criteria set id, else by date

    @property
    def firm_name(self) -> str:
        return str(self.answers.get("firm.name") or "")
