"""Load and check every content file (forms/ and rules/) into one immutable ``Content``.

All errors from all files are collected; ``load_content`` raises ``ContentErrors`` with the full
list, which ``srdi-desktop check`` prints and the app shows instead of starting.
"""

from __future__ import annotations

import ast
import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path as FsPath

from .advice import AdviceLoader, Benchmark, Path, Rule
from .criteria import CriteriaLoader, CriteriaSet
from .derived import DERIVED, DERIVED_UNITS
from .errors import BAD_VALUE, DUPLICATE_ID, ContentError, ContentErrors, Loc
from .expr import Expr, compile_expr, dotted_name
from .measures import SYMBOL_NAMES, Measures, load_digital, load_modes, load_sme_size
from .questionnaire import Questionnaire, parse_questionnaire, read_files
from .schema import Checker
from .yamlsrc import Node, load_yaml_text


@dataclass(frozen=True)
class Content:
    questionnaire: Questionnaire
    derived: dict[str, Expr]
    criteria: tuple[CriteriaSet, ...]
    rules: tuple[Rule, ...]
    paths: dict[str, Path]
    benchmarks: dict[str, Benchmark]
    rules_hash: str
    measures: Measures = field(default_factory=Measures)

    @property
    def symbols(self) -> dict[str, Callable]:
        return self.measures.symbols

    @property
    def symbol_inputs(self) -> dict[str, frozenset[str]]:
        return self.measures.inputs

    def criteria_for(self, day: dt.date) -> CriteriaSet:
        valid = [c for c in self.criteria if c.valid_on(day)]
        if valid:
            return max(valid, key=lambda c: c.valid_from)
        # Before the first set: the oldest; after the last: the newest.
        ordered = sorted(self.criteria, key=lambda c: c.valid_from)
        return ordered[0] if day < ordered[0].valid_from else ordered[-1]

    def criteria_by_id(self, cid: str) -> CriteriaSet:
        for c in self.criteria:
            if c.id == cid:
                return c
        raise KeyError(cid)


def content_hash(files: list[tuple[str, str]]) -> str:
    h = hashlib.sha256()
    for path, text in sorted(files):
        h.update(path.encode() + b"\0" + text.encode() + b"\0")
    return h.hexdigest()[:16]


def parse_content(forms: list[tuple[str, str]], rules: list[tuple[str, str]]) -> Content:
    """Build Content from (path, text) pairs; raise ContentErrors listing every problem."""
    errors: list[ContentError] = []
    ck = Checker(errors)
    qn = parse_questionnaire(forms, errors)

    def is_name(name: str) -> bool:
        return name in qn.by_id or name in DERIVED or name in SYMBOL_NAMES

    all_names = [*qn.by_id, *DERIVED, *SYMBOL_NAMES]

    def compile_(text, loc: Loc) -> Expr | None:
        return compile_expr(text, loc, is_name, all_names, errors)

    derived: dict[str, Expr] = {}
    for name, d in DERIVED.items():
        e = compile_(d.formula, Loc("srdi_desktop/core/derived.py"))
        if e is not None:
            derived[name] = e

    def unit_of(text: str) -> dict[str, str] | None:
        """The unit of a value expression ({zh, en}): that of its names when they all share one."""
        units = set()
        for node in ast.walk(ast.parse(text.strip(), mode="eval")):
            name = dotted_name(node)
            if name in qn.by_id:
                u = qn[name].unit
                units.add((u["zh"], u["en"]) if u else None)
            elif name in DERIVED:
                units.add(DERIVED_UNITS.get(DERIVED[name].unit))
        unit = units.pop() if len(units) == 1 else None
        return {"zh": unit[0], "en": unit[1]} if unit else None

    docs: dict[str, list[tuple[str, Node]]] = {"criteria": [], "advice": [], "paths": [], "benchmarks": [],
                                               "sme_size": [], "digital_level": [], "modes": []}
    for path, text in rules:
        doc = load_yaml_text(text, path, errors)
        if doc is None:
            continue
        root = ck.mapping(doc, Loc(path, 1, 1), "a rules file")
        if root is None:
            continue
        name = FsPath(path).name
        kind = ("criteria" if "/criteria/" in path.replace("\\", "/") else
                "advice" if "/advice/" in path.replace("\\", "/") else
                name.removesuffix(".yaml") if name in ("paths.yaml", "benchmarks.yaml", "sme_size.yaml",
                                                       "digital_level.yaml", "modes.yaml") else None)
        if kind is None:
            ck.add(Loc(path, 1, 1), BAD_VALUE, "unexpected rules file (expected criteria/, advice/, paths.yaml, "
                                               "benchmarks.yaml, sme_size.yaml, digital_level.yaml, modes.yaml)")
            continue
        docs[kind].append((path, root))

    al = AdviceLoader(ck, compile_, is_name)
    paths = {p.id: p for _, root in docs["paths"] for p in al.paths(root)}
    benches = {b.id: b for _, root in docs["benchmarks"] for b in al.benchmarks(root)}
    rule_list: list[Rule] = []
    for _, root in docs["advice"]:
        for r in al.rules(root, set(paths), set(benches)):
            if r.id in {x.id for x in rule_list}:
                ck.add(r.loc, DUPLICATE_ID, f"rule id '{r.id}' is defined twice")
                continue
            rule_list.append(r)

    cl = CriteriaLoader(ck, compile_, unit_of)
    measures = Measures()
    for _, root in docs["sme_size"]:
        measures.sme_size = load_sme_size(ck, root, compile_)
    for _, root in docs["digital_level"]:
        measures.digital = load_digital(ck, root, compile_, cl.scorecard, qn)
    for _, root in docs["modes"]:
        measures.modes = load_modes(ck, root, compile_)
    for name, m in (("sme_size", measures.sme_size), ("digital_level", measures.digital),
                    ("mode", measures.modes)):
        if m is None:
            ck.add(Loc("rules", 0, 0), BAD_VALUE, f"missing or broken rules file for '{name}'")
        else:
            measures.symbols[name] = m
            measures.inputs[name] = m.inputs
    sets = cl.load_all([root for _, root in docs["criteria"]])
    al.check_refs(rule_list, {f"{t.id}.{c.id}" for cs in sets for t in cs.tiers for c in t.conditions})
    if not sets and not errors:
        ck.add(Loc("rules/criteria", 0, 0), BAD_VALUE, "no criteria set found")
    if errors:
        raise ContentErrors(errors)
    return Content(qn, derived, tuple(sets), tuple(rule_list), paths, benches, content_hash(forms + rules),
                   measures)


def load_content(forms_dir: FsPath, rules_dir: FsPath) -> Content:
    return parse_content(read_files(forms_dir), read_files(rules_dir))
