"""Advice rules derived from the papers (rules/advice/*.yaml), development paths and benchmarks."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .errors import BAD_VALUE, UNKNOWN_ID, Loc
from .expr import UNKNOWN, Expr, truth
from .facts import Facts
from .schema import Checker
from .yamlsrc import Node

PRIORITIES = ("high", "medium", "low")
HORIZONS = ("0-6m", "6-18m", "18-36m")
EFFORTS = ("low", "medium", "high")
KINDS = ("action", "diagnostic", "consistency")
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_.]*)\}")


@dataclass(frozen=True)
class Path:
    id: str
    title: dict[str, str]
    source: str
    paper: str


@dataclass(frozen=True)
class Benchmark:
    id: str
    value: float
    unit: str
    text: dict[str, str]
    source: str


@dataclass(frozen=True)
class Rule:
    id: str
    path: str
    when: Expr
    priority: str
    horizon: str
    effort: str
    title: dict[str, str]
    finding: dict[str, str]
    steps: tuple[dict[str, str], ...]
    source: str
    kind: str = "action"
    benchmark: str | None = None
    fields: tuple[str, ...] = ()  # for consistency checks: the answers to look at
    placeholders: tuple[str, ...] = ()
    loc: Loc = field(default=Loc("<none>"), compare=False)


def fill(text: str, facts: Facts, fmt: Callable[[str, Any], str]) -> str:
    """Replace {name} by the formatted value of name; content is ours, but no str.format on it."""
    return _PLACEHOLDER.sub(lambda m: fmt(m.group(1), facts(m.group(1))), text)


class AdviceLoader:
    def __init__(self, ck: Checker, compile_fn: Callable[[Any, Loc], Expr | None],
                 is_name: Callable[[str], bool]) -> None:
        self.ck, self.compile, self.is_name = ck, compile_fn, is_name

    def paths(self, root: Node) -> list[Path]:
        ck = self.ck
        out: list[Path] = []
        if not ck.keys(root, {"version", "paths"}, set(), "paths file"):
            return out
        for loc, p in ck.items(root["paths"], root.value_loc("paths"), "paths"):
            n = ck.mapping(p, loc, "path")
            if n is not None and ck.keys(n, {"id", "title", "source", "paper"}, set(), "path"):
                out.append(Path(n["id"], ck.text(n, "title", f"path '{n['id']}'") or {}, str(n["source"]),
                                str(n["paper"])))
        return out

    def benchmarks(self, root: Node) -> list[Benchmark]:
        ck = self.ck
        out: list[Benchmark] = []
        if not ck.keys(root, {"version", "benchmarks"}, set(), "benchmarks file"):
            return out
        for loc, b in ck.items(root["benchmarks"], root.value_loc("benchmarks"), "benchmarks"):
            n = ck.mapping(b, loc, "benchmark")
            if n is not None and ck.keys(n, {"id", "value", "unit", "text", "source"}, set(), "benchmark"):
                out.append(Benchmark(n["id"], ck.typed(n, "value", (int, float), "benchmark", 0), str(n["unit"]),
                                     ck.text(n, "text", f"benchmark '{n['id']}'") or {}, str(n["source"])))
        return out

    def rules(self, root: Node, paths: set[str], benchmarks: set[str]) -> list[Rule]:
        ck = self.ck
        out: list[Rule] = []
        if not ck.keys(root, {"version", "rules"}, set(), "advice file"):
            return out
        for loc, r in ck.items(root["rules"], root.value_loc("rules"), "rules"):
            n = ck.mapping(r, loc, "rule")
            if n is None:
                continue
            rule = self._rule(n, paths, benchmarks)
            if rule:
                out.append(rule)
        return out

    def _rule(self, n: Node, paths: set[str], benchmarks: set[str]) -> Rule | None:
        ck = self.ck
        if not ck.keys(n, {"id", "path", "when", "priority", "horizon", "effort", "title", "finding", "source"},
                       {"steps", "kind", "benchmark", "fields"}, "rule"):
            return None
        rid = n["id"]
        what = f"rule '{rid}'"
        for key, allowed in (("priority", PRIORITIES), ("horizon", HORIZONS), ("effort", EFFORTS),
                             ("kind", KINDS)):
            if key in n and n[key] not in allowed:
                ck.add(n.value_loc(key), BAD_VALUE, f"{what}: {key} must be one of {', '.join(allowed)}")
        if n["path"] not in paths:
            ck.add(n.value_loc("path"), UNKNOWN_ID, f"{what}: unknown path '{n['path']}'")
        bench = n.get("benchmark")
        if bench is not None and bench not in benchmarks:
            ck.add(n.value_loc("benchmark"), UNKNOWN_ID, f"{what}: unknown benchmark '{bench}'")
        kind = n.get("kind", "action")
        steps = ck.lang_list(n, "steps", what)
        if kind == "action" and not steps:
            ck.add(n.loc, BAD_VALUE, f"{what}: an action needs at least one step")
        fields = tuple(n.get("fields") or ())
        for f in fields:
            if not self.is_name(f):
                ck.add(n.value_loc("fields"), UNKNOWN_ID, f"{what}: unknown field '{f}'")
        when = self.compile(n["when"], n.value_loc("when"))
        title = ck.text(n, "title", what)
        finding = ck.text(n, "finding", what)
        names = set()
        for t in (finding or {}).values():
            names.update(_PLACEHOLDER.findall(t))
        for name in sorted(names):
            if not self.is_name(name):
                ck.add(n.value_loc("finding"), UNKNOWN_ID, f"{what}: unknown placeholder '{{{name}}}'")
        if when is None or title is None or finding is None:
            return None
        return Rule(rid, n["path"], when, n["priority"], n["horizon"], n["effort"], title, finding, tuple(steps),
                    str(n["source"]), kind, bench, fields, tuple(sorted(names)), n.loc)


def fired(rule: Rule, facts: Facts) -> bool:
    t = truth(rule.when(facts))
    return t is not UNKNOWN and bool(t)


