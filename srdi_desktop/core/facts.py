"""The values a rule can see: answers, derived figures and computed symbols, with overrides.

A ``Facts`` object is the ``env`` that compiled expressions call. Overrides (what-if, gap search)
are layered on top of the answers without touching them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .expr import UNKNOWN, Expr
from .questionnaire import MARKERS, Questionnaire

Symbol = Callable[["Facts"], Any]


class Facts:
    __slots__ = ("qn", "answers", "derived", "symbols", "symbol_inputs", "_cache")

    def __init__(self, qn: Questionnaire, answers: Mapping[str, Any], derived: Mapping[str, Expr],
                 symbols: Mapping[str, Symbol] | None = None,
                 symbol_inputs: Mapping[str, frozenset[str]] | None = None):
        self.qn = qn
        self.answers = answers
        self.derived = derived
        self.symbols = symbols or {}
        self.symbol_inputs = symbol_inputs or {}
        self._cache: dict[str, Any] = {}

    def __call__(self, name: str) -> Any:
        try:
            return self._cache[name]
        except KeyError:
            pass
        if name in self.qn.by_id:
            v = self.qn.counted(name, self.answers)
            if v is None or (isinstance(v, str) and v in MARKERS):
                v = UNKNOWN
        elif name in self.derived:
            v = self.derived[name](self)
            if isinstance(v, float):
                v = round(v, 9)  # so 246 / 8200 is exactly 3%, not 2.9999999999999996
        elif name in self.symbols:
            v = self.symbols[name](self)
        else:
            raise KeyError(name)  # compile-time checks make this unreachable for loaded rules
        self._cache[name] = v
        return v

    def answer(self, qid: str) -> Any:
        return self.answers.get(qid)

    def with_overrides(self, overrides: Mapping[str, Any]) -> Facts:
        merged = dict(self.answers)
        merged.update(overrides)
        for qid in overrides:  # a count moved by itself (gap search, what-if) wins over its checklist
            q = self.qn.by_id.get(qid)
            if q is not None and q.count_of is not None and q.count_of not in overrides:
                merged.pop(q.count_of, None)
        return Facts(self.qn, merged, self.derived, self.symbols, self.symbol_inputs)

    def inputs(self, names: frozenset[str] | set[str]) -> set[str]:
        return inputs_of(names, self.qn, self.derived, self.symbol_inputs)


def inputs_of(names: frozenset[str] | set[str], qn: Questionnaire, derived: Mapping[str, Expr],
              symbol_inputs: Mapping[str, frozenset[str]] | None = None) -> set[str]:
    """The question ids an expression depends on, through derived figures and symbols."""
    out: set[str] = set()
    stack = list(names)
    seen: set[str] = set()
    while stack:
        n = stack.pop()
        if n in seen:
            continue
        seen.add(n)
        if n in qn.by_id:
            out.add(n)
            items = qn.by_id[n].count_of
            if items is not None:
                out.add(items)  # the checklist the count is taken from
        elif n in derived:
            stack.extend(derived[n].names)
        elif symbol_inputs and n in symbol_inputs:
            stack.extend(symbol_inputs[n])
    return out
