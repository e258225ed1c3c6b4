"""Formatting values for people: numbers without noise, units, choices and markers in their language."""

from __future__ import annotations

from typing import Any

from .expr import UNKNOWN
from .i18n import tr
from .questionnaire import DONT_KNOW, NA, Questionnaire


def fmt_number(v: float) -> str:
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, int) or float(v).is_integer():
        return f"{int(v):,}"
    return f"{v:,.2f}".rstrip("0").rstrip(".")


def fmt_value(qn: Questionnaire, name: str, v: Any, lang: str = "zh", unit: bool = True) -> str:
    """A value as a manager reads it: '246 万元', '3.5%', '是', '不清楚'."""
    if v is None or v is UNKNOWN:
        return tr("a.unanswered", lang)
    if v == NA:
        return tr("a.na", lang)
    if v == DONT_KNOW:
        return tr("a.unknown", lang)
    q = qn.by_id.get(name)
    if isinstance(v, bool):
        return tr("a.yes" if v else "a.no", lang)
    if q is not None and q.type == "choice":
        return q.choice_label(v, lang)
    if name == "sme_size":
        return tr(f"size.{v}", lang)
    if q is not None and q.type == "multichoice":
        return tr("p.enum", lang).join(q.choice_label(x, lang) for x in v) or "—"
    if isinstance(v, (int, float)):
        u = ""
        if unit:
            if q is not None and q.unit:
                u = q.unit.get(lang, "")
            elif name in qn.derived_units:
                u = qn.derived_units[name].get(lang, "")
        text = fmt_number(v)
        if not u:
            return text
        return f"{text}{u}" if u == "%" else f"{text} {u}"
    return str(v)
