"""The values a rule can see: answers, derived figures and computed symbols, with overrides.

A ``Facts`` object is the ``env`` that compiled expressions call. Overrides (what-if, gap search)
are layered on top of the answers without touching them. Facts made from others (``with_overrides``,
``moved_to``) ask the one they came from for every value no changed answer feeds: a probe of the gap
search or the planner recomputes only what its move can touch. So the answers of facts must not change
while facts made from them are in use (an evaluation builds its own and drops them at the end).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .expr import UNKNOWN, Expr
from .questionnaire import MARKERS, Questionnaire

Symbol = Callable[["Facts"], Any]
_ABSENT = object()


class Facts:
    __slots__ = ("qn", "answers", "derived", "symbols", "symbol_inputs", "_cache", "_base", "_moved", "_reads",
                 "_memo")

    def __init__(self, qn: Questionnaire, answers: Mapping[str, Any], derived: Mapping[str, Expr],
                 symbols: Mapping[str, Symbol] | None = None,
                 symbol_inputs: Mapping[str, frozenset[str]] | None = None):
        self.qn = qn
        self.answers = answers
        self.derived = derived
        self.symbols = symbols or {}
        self.symbol_inputs = symbol_inputs or {}
        self._cache: dict[str, Any] = {}
        self._base: Facts | None = None  # the facts these were made from, and the answers that differ
        self._moved: frozenset[str] = frozenset()
        self._reads: dict[str, frozenset[str] | None] = {}  # name -> the answers it reads (None: unknown)
        self._memo: dict[Any, Any] | None = None

    def __call__(self, name: str) -> Any:
        v = self._cache.get(name, _ABSENT)  # a probe misses often: no exception for a miss
        if v is not _ABSENT:
            return v
        base = self._base
        if base is not None:
            reads = self._reads.get(name, _ABSENT)
            if reads is _ABSENT:
                reads = self.reads(name)
            if reads is not None and reads.isdisjoint(self._moved):  # no moved answer feeds it
                v = base._cache.get(name, _ABSENT)
                v = self._cache[name] = base(name) if v is _ABSENT else v
                return v
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

    @property
    def memo(self) -> dict[Any, Any]:
        """What callers work out from these facts alone (the gap's searches), made when first asked: most
        facts made from others (a probe each) never need one."""
        if self._memo is None:
            self._memo = {}
        return self._memo

    def answer(self, qid: str) -> Any:
        return self.answers.get(qid)

    def reads(self, name: str) -> frozenset[str] | None:
        """The answers ``name`` reads, through derived figures and symbols (remembered for the facts made
        from the same root); None when that cannot be told: a symbol that declares no inputs."""
        if name not in self._reads:
            self._reads[name] = self._find_reads(name)
        return self._reads[name]

    def _find_reads(self, name: str) -> frozenset[str] | None:
        out: set[str] = set()
        stack, seen = [name], set()
        while stack:
            n = stack.pop()
            if n in seen:
                continue
            seen.add(n)
            if n in self.qn.by_id:
                out.add(n)
                items = self.qn.by_id[n].count_of
                if items is not None:
                    out.add(items)  # the checklist the count is taken from
            elif n in self.derived:
                stack.extend(self.derived[n].names)
            elif n in self.symbol_inputs:
                stack.extend(self.symbol_inputs[n])
            else:
                return None
        return frozenset(out)

    def changed(self, answers: Mapping[str, Any], moved: frozenset[str]) -> Facts:
        """Facts over ``answers``, which differ from these at most in ``moved``."""
        f = Facts.__new__(Facts)  # the fields copied as they are: made once per probe of a search
        f.qn, f.answers, f.derived, f.symbols, f.symbol_inputs = \
            self.qn, answers, self.derived, self.symbols, self.symbol_inputs
        f._cache, f._memo = {}, None
        f._base, f._moved, f._reads = self, moved, self._reads
        return f

    def with_overrides(self, overrides: Mapping[str, Any]) -> Facts:
        merged = dict(self.answers)
        merged.update(overrides)
        moved = frozenset(overrides)
        by_id = self.qn.by_id
        for qid in overrides:  # a count moved by itself (gap search, what-if) wins over its checklist
            q = by_id.get(qid)
            if q is not None and q.count_of is not None and q.count_of not in overrides:
                merged.pop(q.count_of, None)
                moved |= {q.count_of}
        return self.changed(merged, moved)

    def moved_to(self, answers: Mapping[str, Any]) -> Facts:
        """Facts over ``answers`` (a full set, e.g. a plan's), sharing the values of names that no answer
        differing from these feeds. Same value means same type too: 3 and 3.0 print differently."""
        mine = self.answers
        # a copied state shares its unchanged values with these: the identity test settles most
        moved = {k for k, v in answers.items() if (w := mine.get(k, _ABSENT)) is not v and not _same(w, v)}
        moved.update(k for k in mine if k not in answers)
        return self.changed(answers, frozenset(moved))

    def inputs(self, names: frozenset[str] | set[str]) -> set[str]:
        return inputs_of(names, self.qn, self.derived, self.symbol_inputs)


def _same(a: Any, b: Any) -> bool:
    return a is b or (type(a) is type(b) and a == b)


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
