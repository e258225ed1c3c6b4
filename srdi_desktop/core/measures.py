"""Computed measures rules can refer to: the SME size class and the digital level.

Both are official thresholds, so they live in rules/ as data (sme_size.yaml, digital_level.yaml);
this module turns them into symbols: name -> function(facts), plus the answers each depends on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from msgspec import Struct, field

from .criteria import Scorecard, indicator_names, score_card
from .errors import BAD_VALUE, Loc
from .expr import UNKNOWN, Expr, truth
from .facts import Facts
from .questionnaire import Questionnaire
from .schema import Checker
from .yamlsrc import Node

CompileFn = Callable[[Any, Loc], Expr | None]
SIZES = ("micro", "small", "medium", "large")


class SectorBands(Struct, frozen=True):
    sme: Expr
    medium: Expr
    small: Expr


class SmeSize(Struct, frozen=True):
    source: str
    confidence: str
    sectors: dict[str, SectorBands]

    def __call__(self, facts: Facts) -> Any:
        sector = facts("firm.sector")
        if sector is UNKNOWN or sector not in self.sectors:
            return UNKNOWN
        b = self.sectors[sector]
        for expr, if_false in ((b.sme, "large"),):
            t = truth(expr(facts))
            if t is UNKNOWN:
                return UNKNOWN
            if not t:
                return if_false
        for expr, size in ((b.medium, "medium"), (b.small, "small")):
            t = truth(expr(facts))
            if t is UNKNOWN:
                return UNKNOWN
            if t:
                return size
        return "micro"

    def is_sme(self, facts: Facts) -> Any:
        """Under the sector's ceiling (300号: headcount *or* revenue): settled even when the band is not,
        e.g. a construction firm that left its total assets blank but whose revenue is far under 8亿."""
        sector = facts("firm.sector")
        if sector is UNKNOWN or sector not in self.sectors:
            return UNKNOWN
        return truth(self.sectors[sector].sme(facts))

    @property
    def inputs(self) -> frozenset[str]:
        names = {"firm.sector"}
        for b in self.sectors.values():
            names |= b.sme.names | b.medium.names | b.small.names
        return frozenset(names)


class IsSme(Struct, frozen=True):
    """The ``is_sme`` symbol: SmeSize.is_sme as a value (a bound method cannot be kept in the content cache)."""

    size: SmeSize

    def __call__(self, facts: Facts) -> Any:
        return self.size.is_sme(facts)


class LevelRule(Struct, frozen=True):
    level: int
    base_at_least: float
    scenarios_at_least: int
    constrained_at_least: int


class DigitalLevel(Struct, frozen=True):
    source: str
    confidence: str
    card: Scorecard
    scenarios: tuple[str, ...]
    constrained: tuple[str, ...]
    levels: tuple[LevelRule, ...]
    scenario_values: tuple[str, ...] = ("none", "l1", "l2", "l3", "l4")

    def details(self, facts: Facts) -> dict[str, Any]:
        """The estimate from the 2024 items: base score, scenario counts and the level (or UNKNOWN)."""
        score = score_card(self.card, facts)
        ranks = {}
        for qid in self.scenarios:
            v = facts(qid)
            ranks[qid] = UNKNOWN if v is UNKNOWN else self.scenario_values.index(v)
        counts = {k: sum(1 for r in ranks.values() if r is not UNKNOWN and r >= k) for k in range(1, 5)}
        constrained = {k: sum(1 for q in self.constrained if ranks[q] is not UNKNOWN and ranks[q] >= k)
                       for k in range(1, 5)}
        complete = not score["unknown"] and all(r is not UNKNOWN for r in ranks.values())
        level: Any = UNKNOWN
        if complete:
            level = 0
            for rule in self.levels:  # ordered from the highest level down; the first met wins
                if (score["total"] >= rule.base_at_least and counts[rule.level] >= rule.scenarios_at_least
                        and constrained[rule.level] >= rule.constrained_at_least):
                    level = rule.level
                    break
        return {"base_score": score["total"], "base_max": score["max"], "complete": complete,
                "scenarios_at_level": counts, "constrained_at_level": constrained, "level": level,
                "unknown_items": score["unknown"] + [q for q, r in ranks.items() if r is UNKNOWN]}

    def __call__(self, facts: Facts) -> Any:
        given = facts("digital.platform_level")
        if given is not UNKNOWN:
            return given
        return self.details(facts)["level"]

    @property
    def inputs(self) -> frozenset[str]:
        names = {"digital.platform_level", *self.scenarios}
        for ind in self.card.indicators:
            names |= indicator_names(ind)
        return frozenset(names)


class Mode(Struct, frozen=True):
    title: dict[str, str]
    text: dict[str, str]


SIDES = ("technology", "market", "safety", "efficiency")


class Signal(Struct, frozen=True):
    """One sign of a driving mode in the answers, e.g. 'R&D at 5% of revenue or more'."""

    id: str
    when: Expr
    label: dict[str, str]

    def present(self, facts: Facts) -> bool:
        return truth(self.when(facts)) is True


class Modes(Struct, frozen=True):
    """The four driving modes of 004 §三(二): technology-led or market-driven × safety or efficiency."""

    source: str
    note: dict[str, str] | None
    technology: tuple[Signal, ...]
    market: tuple[Signal, ...]
    safety: tuple[Signal, ...]
    efficiency: tuple[Signal, ...]
    modes: dict[str, Mode]

    def signals(self, side: str) -> tuple[Signal, ...]:
        return tuple(getattr(self, side))

    def scores(self, facts: Facts) -> dict[str, int]:
        return {side: sum(1 for s in self.signals(side) if s.present(facts)) for side in SIDES}

    def maxima(self) -> dict[str, int]:
        return {side: len(self.signals(side)) for side in SIDES}

    def evidence(self, facts: Facts) -> dict[str, list[dict[str, Any]]]:
        """Per side, the signals that counted, with their labels: the reasons for the diagnosis."""
        return {side: [{"id": s.id, "label": s.label} for s in self.signals(side) if s.present(facts)]
                for side in SIDES}

    def __call__(self, facts: Facts) -> Any:
        s = self.scores(facts)
        if s["technology"] + s["market"] == 0 or s["safety"] + s["efficiency"] == 0:
            return UNKNOWN  # no signal on an axis: no honest diagnosis
        driver = "technology_led" if s["technology"] >= s["market"] else "market_driven"
        goal = "safety" if s["safety"] >= s["efficiency"] else "efficiency"
        return f"{driver}_{goal}"

    @property
    def inputs(self) -> frozenset[str]:
        return frozenset(n for side in SIDES for s in self.signals(side) for n in s.when.names)


MODE_IDS = ("technology_led_safety", "market_driven_safety", "technology_led_efficiency", "market_driven_efficiency")


def _signals(ck: Checker, value: Any, loc: Loc, side: str, compile_fn: CompileFn) -> tuple[Signal, ...] | None:
    out: list[Signal] = []
    ok = True
    for item_loc, item in ck.items(value, loc, f"signals of '{side}'"):
        n = ck.mapping(item, item_loc, "signal")
        if n is None or not ck.keys(n, {"id", "when", "label"}, set(), f"signal of '{side}'"):
            ok = False
            continue
        if any(s.id == n["id"] for s in out):
            ck.add(n.value_loc("id"), BAD_VALUE, f"signal '{n['id']}' of '{side}' is listed twice")
        when = compile_fn(n["when"], n.value_loc("when"))
        label = ck.text(n, "label", f"signal '{n['id']}'")
        if when is None or label is None:
            ok = False
            continue
        out.append(Signal(str(n["id"]), when, label))
    return tuple(out) if ok else None


def load_modes(ck: Checker, root: Node, compile_fn: CompileFn) -> Modes | None:
    if not ck.keys(root, {"version", "kind", "source", "driver", "goal", "modes"}, {"note"}, "modes file"):
        return None
    sides: dict[str, tuple[Signal, ...] | None] = {}
    for axis, pair in (("driver", ("technology", "market")), ("goal", ("safety", "efficiency"))):
        node = ck.mapping(root[axis], root.value_loc(axis), axis)
        if node is None or not ck.keys(node, set(pair), set(), axis):
            return None
        for side in pair:
            sides[side] = _signals(ck, node[side], node.value_loc(side), side, compile_fn)
        a, b = sides[pair[0]], sides[pair[1]]
        if a is not None and b is not None and len(a) != len(b):
            ck.add(root.value_loc(axis), BAD_VALUE, f"{axis}: '{pair[0]}' has {len(a)} signals and '{pair[1]}' "
                                                    f"{len(b)}; both sides of an axis need the same number")
    modes = {}
    mn = ck.mapping(root["modes"], root.value_loc("modes"), "modes") or Node()
    for mid in MODE_IDS:
        if mid not in mn:
            ck.add(root.value_loc("modes"), BAD_VALUE, f"mode '{mid}' is not described")
    for mid, spec in mn.items():
        node = ck.mapping(spec, mn.value_loc(mid), f"mode '{mid}'")
        if mid not in MODE_IDS:
            ck.add(mn.key_loc(mid), BAD_VALUE, f"unknown mode '{mid}' (known: {', '.join(MODE_IDS)})")
        elif node is not None and ck.keys(node, {"title", "text"}, set(), f"mode '{mid}'"):
            modes[mid] = Mode(ck.text(node, "title", mid) or {}, ck.text(node, "text", mid) or {})
    t, m, sa, ef = (sides[k] for k in SIDES)
    if t is None or m is None or sa is None or ef is None:
        return None
    return Modes(str(root["source"]), ck.text(root, "note", "modes"), t, m, sa, ef, modes)


class Measures(Struct):
    sme_size: SmeSize | None = None
    digital: DigitalLevel | None = None
    modes: Modes | None = None
    symbols: dict[str, Callable[[Any], Any]] = field(default_factory=dict)
    inputs: dict[str, frozenset[str]] = field(default_factory=dict)


SYMBOL_NAMES = ("sme_size", "is_sme", "digital_level", "mode")


def load_sme_size(ck: Checker, root: Node, compile_fn: CompileFn) -> SmeSize | None:
    if not ck.keys(root, {"version", "kind", "source", "confidence", "sectors"}, {"note"}, "sme size file"):
        return None
    sectors = {}
    sn = ck.mapping(root["sectors"], root.value_loc("sectors"), "sectors") or Node()
    for name, spec in sn.items():
        node = ck.mapping(spec, sn.value_loc(name), f"sector '{name}'")
        if node is None or not ck.keys(node, {"sme", "medium", "small"}, set(), f"sector '{name}'"):
            continue
        sme, medium, small = (compile_fn(node[k], node.value_loc(k)) for k in ("sme", "medium", "small"))
        if sme is not None and medium is not None and small is not None:
            sectors[name] = SectorBands(sme, medium, small)
    return SmeSize(str(root["source"]), root["confidence"], sectors)


def load_digital(ck: Checker, root: Node, compile_fn: CompileFn,
                 card_loader: Callable[[Node | None], Scorecard | None], qn: Questionnaire) -> DigitalLevel | None:
    if not ck.keys(root, {"version", "kind", "source", "confidence", "scorecard", "scenarios", "constrained",
                          "levels"}, {"note"}, "digital level file"):
        return None
    card = card_loader(ck.mapping(root["scorecard"], root.value_loc("scorecard"), "scorecard"))
    scen = tuple(root["scenarios"] or ())
    cons = tuple(root["constrained"] or ())
    for qid in scen:
        if qid not in qn.by_id:
            ck.add(root.value_loc("scenarios"), BAD_VALUE, f"unknown scenario question '{qid}'")
    for qid in cons:
        if qid not in scen:
            ck.add(root.value_loc("constrained"), BAD_VALUE, f"constrained scenario '{qid}' is not a scenario")
    levels = []
    for loc, item in ck.items(root["levels"], root.value_loc("levels"), "levels"):
        n = ck.mapping(item, loc, "level")
        if n is not None and ck.keys(n, {"level", "base_at_least", "scenarios_at_least", "constrained_at_least"},
                                     set(), "level"):
            levels.append(LevelRule(n["level"], n["base_at_least"], n["scenarios_at_least"],
                                    n["constrained_at_least"]))
    levels.sort(key=lambda r: -r.level)
    if card is None:
        return None
    return DigitalLevel(str(root["source"]), root["confidence"], card, scen, cons, tuple(levels))


