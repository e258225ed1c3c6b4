"""Advice rules derived from the papers (rules/advice/*.yaml), development paths and benchmarks."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from msgspec import Struct

from .errors import BAD_VALUE, NOWHERE, UNKNOWN_ID, Loc, compared_without
from .expr import UNKNOWN, Expr, pass_tree, truth
from .facts import Facts
from .format import fmt_money
from .schema import Checker
from .yamlsrc import Node

PRIORITIES = ("high", "medium", "low")
HORIZONS = ("0-6m", "6-18m", "18-36m")
EFFORTS = ("low", "medium", "high")
KINDS = ("action", "diagnostic", "consistency")
# What a rule rests on: a paper section (with a verbatim quote), an official document, or common practice.
BASES = ("paper", "official", "practice")
_PAPER_CITE = re.compile(r"\b(000|004) §")
_CLOSES_ID = re.compile(r"^[a-z0-9_]+\.[a-z0-9_]+$")
_ALWAYS = Expr("True", lambda env: True)
# {name} is formatted with the value's unit; {name:rmb} writes an amount in 万元 the English way
# ("RMB 5 million"), so English findings never read "500 ×10k CNY" inside a sentence.
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_.]*)(?::(rmb))?\}")


class Path(Struct, frozen=True):
    id: str
    title: dict[str, str]
    source: str
    paper: str


class Benchmark(Struct, frozen=True):
    id: str
    value: float
    unit: str
    text: dict[str, str]
    source: str


class Rule(Struct, frozen=True):
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
    loc: Loc = NOWHERE
    basis: str = "practice"
    quote: str | None = None  # paper rules: a sentence copied verbatim from the cited section
    closes: tuple[str, ...] = ()  # "<tier>.<condition>" the rule helps close; it applies only while one is unmet
    excludes: tuple[str, ...] = ()  # rule ids dropped when this rule fires too (conflicts and overlaps)

    __eq__, __hash__ = compared_without("loc")  # where it is written is not part of what it says


def fill(text: str, facts: Facts, fmt: Callable[[str, Any], str]) -> str:
    """Replace {name} by the formatted value of name; content is ours, but no str.format on it."""
    def one(m: re.Match[str]) -> str:
        v = facts(m.group(1))
        if m.group(2) == "rmb" and isinstance(v, (int, float)) and not isinstance(v, bool):
            return rmb(v)
        return fmt(m.group(1), v)
    return _PLACEHOLDER.sub(one, text)


def rmb(wan: float) -> str:
    """An amount in 万元 as English prose: 'RMB 5 million', 'RMB 1.2 billion', 'RMB 800,000'."""
    return fmt_money(wan, "en")


class AdviceLoader:
    def __init__(self, ck: Checker, compile_fn: Callable[[Any, Loc], Expr | None],
                 is_name: Callable[[str], bool]) -> None:
        self.ck, self.compile, self.is_name = ck, compile_fn, is_name
        self._ref_locs: dict[tuple[str, str, str], Loc] = {}  # (rule, key, ref) -> where it was written

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
        if not ck.keys(n, {"id", "path", "priority", "horizon", "effort", "title", "finding", "source", "basis"},
                       {"when", "steps", "kind", "benchmark", "fields", "quote", "closes", "excludes"}, "rule"):
            return None
        rid = n["id"]
        what = f"rule '{rid}'"
        basis, quote = self._provenance(n, what)
        closes = self._refs(n, rid, "closes", what)
        excludes = self._refs(n, rid, "excludes", what)
        if "when" not in n and not closes:
            ck.add(n.loc, BAD_VALUE, f"{what}: needs 'when', 'closes' or both")
            return None
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
        when = self.compile(n["when"], n.value_loc("when")) if "when" in n else _ALWAYS
        title = ck.text(n, "title", what)
        finding = ck.text(n, "finding", what)
        names: set[str] = set()
        for t in (finding or {}).values():
            names.update(name for name, _ in _PLACEHOLDER.findall(t))
        for name in sorted(names):
            if not self.is_name(name):
                ck.add(n.value_loc("finding"), UNKNOWN_ID, f"{what}: unknown placeholder '{{{name}}}'")
        if when is None or title is None or finding is None:
            return None
        return Rule(rid, n["path"], when, n["priority"], n["horizon"], n["effort"], title, finding, tuple(steps),
                    str(n["source"]), kind, bench, fields, tuple(sorted(names)), n.loc, basis, quote, closes, excludes)

    def _provenance(self, n: Node, what: str) -> tuple[str, str | None]:
        """basis and quote: a paper rule quotes its cited section, an official one names a document."""
        ck = self.ck
        basis, source, quote = n["basis"], str(n["source"]), n.get("quote")
        if basis not in BASES:
            ck.add(n.value_loc("basis"), BAD_VALUE, f"{what}: basis must be one of {', '.join(BASES)}")
            return "practice", None
        if quote is not None and (not isinstance(quote, str) or not quote.strip()):
            ck.add(n.value_loc("quote"), BAD_VALUE, f"{what}: quote must be a non-empty sentence")
            quote = None
        if basis == "paper":
            if quote is None and "quote" not in n:
                ck.add(n.loc, BAD_VALUE, f"{what}: a paper rule needs a quote from the cited section")
            if not _PAPER_CITE.search(source):
                ck.add(n.value_loc("source"), BAD_VALUE, f"{what}: a paper rule cites a section, e.g. '004 §四(二)'")
        elif "quote" in n:
            ck.add(n.value_loc("quote"), BAD_VALUE, f"{what}: only a paper rule carries a quote")
            quote = None
        if basis == "official" and "〔" not in source:
            ck.add(n.value_loc("source"), BAD_VALUE,
                   f"{what}: an official rule cites a document number, e.g. '工信部企业〔2022〕63号'")
        return basis, quote.strip() if isinstance(quote, str) else None

    def _refs(self, n: Node, rid: str, key: str, what: str) -> tuple[str, ...]:
        """A list of ids (closes: '<tier>.<condition>', excludes: rule ids); checked against content later."""
        if key not in n:
            return ()
        out = []
        for loc, ref in self.ck.items(n[key], n.value_loc(key), f"{what}.{key}"):
            if not isinstance(ref, str) or (key == "closes" and not _CLOSES_ID.match(ref)):
                self.ck.add(loc, BAD_VALUE, f"{what}: {key} entries are "
                            + ("'<tier>.<condition>' ids" if key == "closes" else "rule ids") + f", got {ref!r}")
                continue
            self._ref_locs[(rid, key, ref)] = loc
            out.append(ref)
        return tuple(out)

    def check_refs(self, rules: Sequence[Rule], conditions: set[str]) -> None:
        """After all content is loaded: every closes names a tier.condition of some criteria set, every
        excludes an existing rule other than itself, and no two rules exclude each other."""
        ids = {r.id for r in rules}
        by_id = {r.id: r for r in rules}
        for r in rules:
            for ref in r.closes:
                if ref not in conditions:
                    self.ck.add(self._ref_locs.get((r.id, "closes", ref), r.loc), UNKNOWN_ID,
                                f"rule '{r.id}': closes unknown condition '{ref}' (no criteria set has it)")
            for ref in r.excludes:
                loc = self._ref_locs.get((r.id, "excludes", ref), r.loc)
                if ref not in ids or ref == r.id:
                    self.ck.add(loc, UNKNOWN_ID, f"rule '{r.id}': excludes unknown rule '{ref}'")
                elif r.id in by_id[ref].excludes:
                    self.ck.add(loc, BAD_VALUE, f"rule '{r.id}': '{ref}' excludes it too; say which one wins")


def fired(rule: Rule, facts: Facts) -> bool:
    t = truth(rule.when(facts))
    return t is not UNKNOWN and bool(t)


def applicable(rule: Rule, condition_statuses: Mapping[str, str]) -> bool:
    """A rule that closes criteria conditions applies only while one of them is unmet in the set in force.

    ``condition_statuses`` maps "<tier>.<condition>" to met/unmet/unknown/review (see ``tier_statuses``
    for conditions made moot by a met alternative). A rule without ``closes`` always applies.
    """
    return not rule.closes or any(condition_statuses.get(c) == "unmet" for c in rule.closes)


def drop_excluded(fired_rules: Sequence[Rule]) -> list[Rule]:
    """The fired rules without those another fired rule excludes (order kept)."""
    excluded = {x for r in fired_rules for x in r.excludes}
    return [r for r in fired_rules if r.id not in excluded]


def select(rules: Iterable[Rule], facts: Facts, condition_statuses: Mapping[str, str]) -> list[Rule]:
    """The rules to show: fired, applicable under the criteria in force, conflicts resolved."""
    return drop_excluded([r for r in rules if fired(r, facts) and applicable(r, condition_statuses)])


def open_closes(rule: Rule, condition_statuses: Mapping[str, str]) -> list[str]:
    """The conditions a finding helps close that are unmet now (the finding's ``closes`` in the JSON)."""
    return [c for c in rule.closes if condition_statuses.get(c) == "unmet"]


def tier_statuses(tier_id: str, pass_text: str, statuses: Mapping[str, str]) -> dict[str, str]:
    """Statuses keyed "<tier>.<condition>", with an unmet condition that cannot matter — an alternative
    to it is met, e.g. the IP condition when the IP exemption holds — reported as "moot".

    Exact for pass expressions of and/or over condition ids where each id appears once (all shipped
    sets); anything else keeps the plain statuses.
    """
    out = {f"{tier_id}.{c}": s for c, s in statuses.items()}
    try:
        tree = pass_tree(pass_text)
    except SyntaxError:
        return out
    met = {c for c, s in statuses.items() if s == "met"}
    rest = _residue(tree, met)
    if rest is _NOT_SIMPLE:
        return out
    live = set() if isinstance(rest, bool) else _names(rest)
    for c, s in statuses.items():
        if s == "unmet" and c not in live:
            out[f"{tier_id}.{c}"] = "moot"
    return out


_NOT_SIMPLE = object()


def _residue(node: ast.AST, met: set[str]) -> Any:
    """The and/or formula left once met conditions are True: True, or a node, or _NOT_SIMPLE."""
    if isinstance(node, ast.Name):
        return True if node.id in met else node
    if isinstance(node, ast.BoolOp):
        parts = [_residue(v, met) for v in node.values]
        if any(p is _NOT_SIMPLE for p in parts):
            return _NOT_SIMPLE
        if isinstance(node.op, ast.Or):
            return True if any(p is True for p in parts) else ast.BoolOp(ast.Or(), parts)
        left = [p for p in parts if p is not True]
        return True if not left else ast.BoolOp(ast.And(), left)
    return _NOT_SIMPLE


def _names(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def basis_label(rule: Rule) -> dict[str, str]:
    """The basis in plain words for the results and the PDF."""
    if rule.basis == "paper":
        return {"zh": f"依据：论文 {rule.source}", "en": f"Basis: paper {rule.source}"}
    if rule.basis == "official":
        return {"zh": f"依据：{rule.source}", "en": f"Basis: {rule.source}"}
    return {"zh": "通行做法", "en": "Common practice"}


def finding_provenance(rule: Rule, condition_statuses: Mapping[str, str]) -> dict[str, Any]:
    """The finding's provenance fields for the JSON (DESIGN §4): basis, its words, the quote, and the
    criteria conditions it helps close that are unmet now."""
    return {"basis": rule.basis, "basis_label": basis_label(rule), "quote": rule.quote,
            "closes": open_closes(rule, condition_statuses)}


def context_benchmark(rule: Rule, sme_size: Any) -> str | None:
    """The benchmark to show beside a finding, as context: none for a micro firm, whose scale makes the
    averages of recognised little giants meaningless."""
    return None if sme_size == "micro" else rule.benchmark
