"""Validate single answers: each message names the reason and the allowed range with its unit."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from typing import Any

from .i18n import pick, tr
from .questionnaire import DONT_KNOW, NA, Question, Questionnaire
from .text import first_unsafe_char, visible  # noqa: F401 - visible: a name callers import from here

# GB 32100-2015 统一社会信用代码: 31-character alphabet and position weights for the check digit.
_CC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_char(first17: str) -> str | None:
    try:
        total = sum(_CC_ALPHABET.index(ch) * w for ch, w in zip(first17, _CC_WEIGHTS, strict=True))
    except ValueError:
        return None
    return _CC_ALPHABET[(31 - total % 31) % 31]


_DECIMAL = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?", re.ASCII)


# Assessment dates outside this window are typos (0001-01-01, 9999-12-31) and broke date arithmetic
# (a plan's milestones run 36 months on): the official SRDI scheme began in 2011, files go back a little.
ASSESSED_ON_WINDOW = (dt.date(2000, 1, 1), dt.date(2100, 12, 31))


def assessed_on_error(day: dt.date, lang: str = "zh") -> str | None:
    lo, hi = ASSESSED_ON_WINDOW
    return None if lo <= day <= hi else tr("v.date_window", lang, min=lo.isoformat(), max=hi.isoformat())




def _finite(x: float) -> bool:
    try:
        return math.isfinite(x)
    except OverflowError:  # an int such as 10**400 has no float
        return False


def _fmt(x: float | None) -> str:
    return f"{x:g}" if isinstance(x, float) else str(x)


class Invalid(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def coerce(q: Question, raw: Any, lang: str = "zh") -> Any:
    """Turn raw input (text from a widget or a value from a file) into a checked answer value.

    Returns None for "no answer"; raises Invalid with a user-facing message otherwise.
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if q.required:
            raise Invalid(tr("v.required", lang))
        return None
    if isinstance(raw, str) and raw.strip() in (NA, DONT_KNOW):
        marker = raw.strip()
        if (marker == NA and q.allow_na) or (marker == DONT_KNOW and q.allow_unknown):
            return marker
    value = _coerce_type(q, raw, lang)
    validate(q, value, lang)
    return value


def _coerce_type(q: Question, raw: Any, lang: str) -> Any:
    t = q.type
    if t in ("int", "number", "money", "pct"):
        if isinstance(raw, bool):
            raise Invalid(tr("v.not_number", lang))
        if isinstance(raw, str):
            text = raw.strip().replace(",", "").replace("，", "")
            if not _DECIMAL.fullmatch(text):  # not 0x1F, 1_000, 1:30, inf or full-width digits
                raise Invalid(tr("v.not_integer" if t == "int" else "v.not_number", lang))
            raw = float(text)
        if not isinstance(raw, (int, float)) or not _finite(raw):
            raise Invalid(tr("v.not_number", lang))
        if t == "int":
            if float(raw) != int(raw):
                raise Invalid(tr("v.not_integer", lang))
            return int(raw)
        return float(raw) if not float(raw).is_integer() else (int(raw) if abs(raw) < 2**53 else float(raw))
    if t == "bool":
        if isinstance(raw, bool):
            return raw
        raise Invalid(tr("v.bool", lang))
    if t == "date":
        if isinstance(raw, dt.date):
            return raw.isoformat()
        try:
            return dt.date.fromisoformat(str(raw)).isoformat()
        except ValueError:
            raise Invalid(tr("v.date", lang)) from None
    if t == "multichoice":
        allowed = q.choice_values()
        if not isinstance(raw, (list, tuple)) or not all(isinstance(v, str) and v in allowed for v in raw):
            raise Invalid(tr("v.choice", lang))
        return [v for v in allowed if v in raw]  # canonical order, no repeats
    if not isinstance(raw, str):
        raise Invalid(tr("v.choice", lang))
    if t == "text":
        return raw.strip().upper() if q.check == "credit_code" else raw.strip()
    return raw


def validate(q: Question, value: Any, lang: str = "zh") -> None:
    """Raise Invalid when an already-typed value breaks the question's constraints."""
    if value is None or value in (NA, DONT_KNOW) and isinstance(value, str):
        return
    if q.numeric:
        lo, hi = q.min, q.max
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            unit = ""
            if q.unit:
                u = q.unit.get(lang, "")
                unit = u if u == "%" else f" {u}"
            raise Invalid(tr("v.range", lang, min=_fmt(lo), max=_fmt(hi), unit=unit))
    elif q.type == "choice":
        if value not in q.choice_values():
            raise Invalid(tr("v.choice", lang))
    elif q.type == "text":
        if (bad := first_unsafe_char(value)) is not None:
            raise Invalid(tr("v.control_char", lang, code=f"U+{ord(bad):04X}"))
        if q.max_length is not None and len(value) > q.max_length:
            raise Invalid(tr("v.too_long", lang, max=q.max_length))
        if q.check == "credit_code":
            _check_credit_code(value, lang)


def cap_error(qn: Questionnaire, qid: str, answers: Mapping[str, Any], lang: str = "zh") -> str | None:
    """The message when answer ``qid`` exceeds the answer it is capped by (``max_ref``), else None."""
    q = qn[qid]
    if q.max_ref is None:
        return None
    value, cap = answers.get(q.id), answers.get(q.max_ref)
    if value is None or cap is None or not _is_number(value) or not _is_number(cap) or value <= cap:
        return None
    ref = qn[q.max_ref]
    unit = pick(q.unit, lang) if q.unit else ""
    unit = unit if unit in ("", "%") else f" {unit}"
    return tr("v.at_most_ref", lang, ref=pick(ref.label, lang), min=_fmt(q.min if q.min is not None else 0),
              max=_fmt(cap), unit=unit)


def cap_errors(qn: Questionnaire, answers: Mapping[str, Any], lang: str = "zh") -> dict[str, str]:
    """Every cross-field cap broken by ``answers``: {question id: message}."""
    return {q.id: msg for q in qn.questions if q.max_ref and (msg := cap_error(qn, q.id, answers, lang))}


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _check_credit_code(code: str, lang: str) -> None:
    code = code.upper()
    if len(code) != 18 or any(ch not in _CC_ALPHABET for ch in code):
        raise Invalid(tr("v.credit_code", lang))
    expected = credit_code_check_char(code[:17])
    if expected != code[17]:
        raise Invalid(tr("v.credit_code_check", lang, expected=expected))
