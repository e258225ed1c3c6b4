"""Formatting values for people: numbers one way per language, with their units, choices and markers.

Every number a manager reads (wizard, results, PDF, command line) goes through ``fmt_quantity`` or the
helpers under it, so "8,200 万元" never stands beside "8200 万元" and "94.04%" never beside "3.9%".

Hand-written rather than Babel: both languages need only the CLDR basics that zh_CN and en share
(',' grouping by three, '.' decimal, '-' minus), plus rules Babel does not know (万元 as English words,
English plurals of our own units, ranks, levels); importing Babel and its locale data would cost the
command line's start-up budget (DESIGN §8) more than the whole evaluation.
"""

from __future__ import annotations

import math
import re
from typing import Any

from .expr import UNKNOWN
from .i18n import tr
from .questionnaire import DONT_KNOW, NA, Questionnaire

MONEY_UNIT = "万元"  # the zh unit that marks an amount in 10,000 yuan (answers, derived figures, thresholds)
# Singular forms of the English count units in forms/ and rules/ ("1 standard", "2 standards").
_SINGULAR = {"items": "item", "persons": "person", "years": "year", "points": "point", "standards": "standard",
             "filings": "filing", "firms": "firm", "employees": "employee"}


def _is_num(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def fmt_number(v: Any, lang: str = "zh", decimals: int = 2) -> str:
    """A plain number: thousands separators, at most ``decimals`` decimals, no trailing zeros.

    '8,200', '6,833.33', '-1,200', '0.5'; None reads '—'. The same in zh (CLDR zh_CN) and en."""
    del lang  # zh_CN and en group and point alike; kept so every caller says which language it writes
    if v is None or v is UNKNOWN:
        return "—"
    if isinstance(v, bool):
        return str(v)
    if not _is_num(v):
        return str(v)
    if isinstance(v, float) and not math.isfinite(v):
        return "—"
    if isinstance(v, int) or float(v).is_integer():
        return f"{int(v):,}"
    text = f"{v:,.{decimals}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _pct_number(v: float) -> str:
    """One decimal ('3.9', '94.0' → '94'); two where one would land on a whole number the value is not
    (2.96 stays '2.96', never '3' beside a '≥ 3%' it fails; thresholds are whole percentages)."""
    one = round(v, 1)
    if float(one).is_integer() and not math.isclose(v, one, abs_tol=1e-9):
        return fmt_number(v, decimals=2)
    return fmt_number(one, decimals=1)


def fmt_pct(v: Any, lang: str = "zh") -> str:
    """'3.9%', '48%', '2.96%'; None reads '—'."""
    return f"{_pct_number(v)}%" if _is_num(v) else fmt_number(v, lang)


def fmt_money(v: Any, lang: str = "zh") -> str:
    """An amount in 万元: '8,200 万元' in Chinese; in English words, 'RMB 82 million', 'RMB 800,000'."""
    if not _is_num(v):
        return fmt_number(v, lang)
    if lang != "en":
        return f"{fmt_number(v)} {MONEY_UNIT}"
    yuan = v * 10_000
    for size, word in ((1e9, "billion"), (1e6, "million")):
        if abs(yuan) >= size:
            return f"RMB {fmt_number(yuan / size)} {word}"
    return f"RMB {fmt_number(round(yuan))}"


def fmt_count(v: Any, unit: str, lang: str = "zh") -> str:
    """A number with a unit of counting: '7 年', '1 standard', '2 standards', 'No. 5', '第 5 名', 'level 2',
    '3 of 4', '3 项（共 4 项）'."""
    if not _is_num(v):
        return fmt_number(v, lang)
    n = fmt_number(v, lang)
    if lang == "en":
        if unit == "rank":
            return f"No. {n}"
        if unit == "level":
            return f"level {n}"
        if unit.startswith("of "):
            return f"{n} {unit}"
        if v == 1 and unit in _SINGULAR:
            return f"1 {_SINGULAR[unit]}"
        return f"{n} {unit}" if unit else n
    if unit == "名":
        return f"第 {n} 名"
    return f"{n} {unit}" if unit else n


def fmt_quantity(v: Any, unit: dict[str, str] | None, lang: str = "zh") -> str:
    """A number with its unit ({zh, en}, or None for a bare count), the one way every screen shows it."""
    if not _is_num(v):
        return fmt_number(v, lang)
    if not unit:
        return fmt_number(v, lang)
    zh = unit.get("zh", "")
    if zh == MONEY_UNIT:
        return fmt_money(v, lang)
    if zh == "%":
        return fmt_pct(v, lang)
    return fmt_count(v, unit.get(lang, ""), lang)


def fmt_signed(v: Any, unit: dict[str, str] | None, lang: str = "zh") -> str:
    """A change: '+1,200 万元', '-0.5%', '+2 items'; a change of a percentage is in percentage points."""
    if not _is_num(v):
        return fmt_number(v, lang)
    if unit and unit.get("zh") == "%":
        body = f"{_pct_number(abs(v))} {'个百分点' if lang != 'en' else 'pp'}"
    else:
        body = fmt_quantity(abs(v), unit, lang)
    return ("+" if v > 0 else "-" if v < 0 else "") + body


def fmt_points(v: Any, lang: str = "zh") -> str:
    """Scorecard points: '5 分', '1 point', '7.5 points'."""
    return fmt_count(v, "points" if lang == "en" else "分", lang)


def unit_of(qn: Questionnaire, name: str) -> dict[str, str] | None:
    """The unit of an answer or a derived figure, or None."""
    q = qn.by_id.get(name)
    if q is not None:
        return q.unit if q.numeric else None
    return qn.derived_units.get(name)


# Units of computed symbols the scorecards read (they are neither questions nor derived figures).
_SYMBOL_UNITS = {"digital_level": {"zh": "级", "en": "level"}}
_ITEMS = {"zh": "项", "en": "items"}
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")
_COUNTING = ("count(", "len(")


def expr_unit(qn: Questionnaire, text: str | None) -> dict[str, str] | None:
    """The unit of a value expression: that of its names when they all share one ('min(rd_ratio_y1,
    rd_ratio_y2)' is a %), items for a count of answers, else None."""
    text = (text or "").strip()
    if not text:
        return None
    if text.startswith(_COUNTING):
        return _ITEMS
    units = set()
    for name in _NAME.findall(text):
        if name in qn.by_id or name in qn.derived_units or name in _SYMBOL_UNITS:
            u = unit_of(qn, name) or _SYMBOL_UNITS.get(name)
            units.add(tuple(sorted(u.items())) if u else None)
    one = units.pop() if len(units) == 1 else None
    return dict(one) if one else None


def input_text(qn: Questionnaire, name: str, v: Any) -> str:
    """A number as an input field shows it (no unit; grouped, so '23,500' and '21,000' look alike)."""
    q = qn.by_id.get(name)
    if _is_num(v) and q is not None and q.type in ("money", "number"):
        return fmt_number(v, decimals=6)
    return "" if v is None else str(v)


def fmt_value(qn: Questionnaire, name: str, v: Any, lang: str = "zh", unit: bool = True) -> str:
    """A value as a manager reads it: '246 万元', '3.5%', '是', '不清楚', '2 standards'."""
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
    if _is_num(v):
        return fmt_quantity(v, unit_of(qn, name) if unit else None, lang)
    return str(v)
