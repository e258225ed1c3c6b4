"""Load and check every content file (forms/ and rules/) into one immutable ``Content``.

All errors from all files are collected; ``load_content`` raises ``ContentErrors`` with the full
list, which ``srdi-desktop check`` prints and the app shows instead of starting.
"""

from __future__ import annotations

import ast
import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path as FsPath
from typing import Any

from msgspec import Struct, field
from msgspec.structs import replace

from .advice import AdviceLoader, Benchmark, Path, Rule
from .criteria import APPLICATIONS, NATIONAL, CriteriaLoader, CriteriaSet
from .derived import Derived, check_cycles, derived_ids, load_derived
from .errors import BAD_VALUE, DUPLICATE_ID, ContentError, ContentErrors, Loc
from .evidence import Document, load_catalogue
from .expr import Expr, compile_expr, dotted_name
from .measures import SYMBOL_NAMES, IsSme, Measures, load_digital, load_modes, load_sme_size
from .questionnaire import Questionnaire, parse_questionnaire, read_files
from .risk import RiskRule, load_risks
from .schema import Checker
from .yamlsrc import Node, load_yaml_text


class Content(Struct, frozen=True):
    questionnaire: Questionnaire
    derived: dict[str, Expr]
    criteria: tuple[CriteriaSet, ...]
    rules: tuple[Rule, ...]
    paths: dict[str, Path]
    benchmarks: dict[str, Benchmark]
    rules_hash: str
    measures: Measures = field(default_factory=Measures)
    derived_figures: dict[str, Derived] = field(default_factory=dict)  # label, unit and note of each
    documents: dict[str, Document] = field(default_factory=dict)  # the 佐证材料 catalogue (rules/evidence.yaml)
    risks: tuple[RiskRule, ...] = ()  # risk flags beside the checklist (rules/risk.yaml)

    @property
    def symbols(self) -> dict[str, Callable[[Any], Any]]:
        return self.measures.symbols

    @property
    def symbol_inputs(self) -> dict[str, frozenset[str]]:
        return self.measures.inputs

    @property
    def criteria_sets(self) -> tuple[CriteriaSet, ...]:
        """Every set, for a chooser: national first, then by region, newest first within each."""
        return tuple(sorted(self.criteria, key=lambda c: (c.regional, c.region, -c.valid_from.toordinal(), c.id)))

    def criteria_for(self, day: dt.date, region: str = NATIONAL, application: str = "new") -> CriteriaSet:
        """The set that judges an ``application`` (new | renewal) of a firm in ``region`` on ``day``.

        Only sets whose scope covers the region and the application take part (a national set covers
        every region). Of those in force on the day, a regional set wins over a national one — it is
        the more specific rule the firm's own province applies — then the newest. When none is in
        force: before the first, the oldest; otherwise the newest (docs/criteria_sets.md).
        """
        if application not in APPLICATIONS:
            raise ValueError(f"application must be one of {', '.join(APPLICATIONS)}, not {application!r}")
        sets = [c for c in self.criteria if c.applies(region, application)]
        if not sets:
            raise LookupError(f"no criteria set applies to a {application} application in {region}")
        valid = [c for c in sets if c.valid_on(day)]
        if valid:  # ties go to the set loaded last: a pack the user adds overrides a shipped one
            return max(reversed(valid), key=lambda c: (c.regional, c.valid_from))
        first = min(sets, key=lambda c: (c.valid_from, not c.regional))
        return first if day < first.valid_from else max(sets, key=lambda c: (c.valid_from, c.regional))

    def criteria_by_id(self, cid: str) -> CriteriaSet:
        for c in self.criteria:
            if c.id == cid:
                return c
        raise KeyError(cid)


def content_hash(files: list[tuple[str, str]]) -> str:
    import hashlib  # when parsing: a process that reads the content cache does without it (~4 ms, OpenSSL)

    h = hashlib.sha256()
    for path, text in sorted(files):
        h.update(path.encode() + b"\0" + text.encode() + b"\0")
    return h.hexdigest()[:16]


_SINGLE_FILES = ("paths", "benchmarks", "sme_size", "digital_level", "modes", "derived", "evidence", "risk")


def _kind(path: str) -> str | None:
    """Which loader a rules file belongs to, from where it stands."""
    posix = path.replace("\\", "/")
    name = FsPath(posix).name.removesuffix(".yaml")
    return ("criteria" if "/criteria/" in posix else "advice" if "/advice/" in posix else
            name if name in _SINGLE_FILES else None)


def parse_content(forms: list[tuple[str, str]], rules: list[tuple[str, str]],
                  criteria: list[tuple[str, str]] | None = None) -> Content:
    """Build Content from (path, text) pairs; raise ContentErrors listing every problem.

    ``criteria`` adds criteria files from outside rules/criteria/ (a regional pack in its own folder).
    """
    errors: list[ContentError] = []
    ck = Checker(errors)
    qn = parse_questionnaire(forms, errors)

    docs: dict[str, list[tuple[str, Node]]] = {k: [] for k in ("criteria", "advice", *_SINGLE_FILES)}
    for path, text, kind in [*((p, t, _kind(p)) for p, t in rules), *((p, t, "criteria") for p, t in criteria or [])]:
        doc = load_yaml_text(text, path, errors)
        if doc is None:
            continue
        root = ck.mapping(doc, Loc(path, 1, 1), "a rules file")
        if root is None:
            continue
        if kind is None:
            ck.add(Loc(path, 1, 1), BAD_VALUE, "unexpected rules file (expected criteria/, advice/, "
                                               + ", ".join(f"{n}.yaml" for n in _SINGLE_FILES) + ")")
            continue
        docs[kind].append((path, root))

    # Derived ids are known before any formula compiles, so every rule (and other figures) may use them.
    declared = set(derived_ids(root for _, root in docs["derived"]))

    def is_name(name: str) -> bool:
        return name in qn.by_id or name in declared or name in SYMBOL_NAMES

    all_names = [*qn.by_id, *sorted(declared), *SYMBOL_NAMES]

    def compile_(text: Any, loc: Loc) -> Expr | None:
        return compile_expr(text, loc, is_name, all_names, errors)

    figures: dict[str, Derived] = {}
    for _, root in docs["derived"]:
        for d in load_derived(ck, root, is_name, all_names,
                              lambda n: n in qn.by_id or n in SYMBOL_NAMES or n in figures):
            figures[d.id] = d
    check_cycles(figures, errors)
    if not docs["derived"]:
        ck.add(Loc("rules/derived.yaml", 0, 0), BAD_VALUE, "missing rules file for the derived figures")
    derived = {name: d.expr for name, d in figures.items()}
    qn = replace(qn, derived_units={name: d.unit for name, d in figures.items() if d.unit})

    def unit_of(text: str) -> dict[str, str] | None:
        """The unit of a value expression ({zh, en}): that of its names when they all share one."""
        units = set()
        for node in ast.walk(ast.parse(text.strip(), mode="eval")):
            name = dotted_name(node)
            if name in qn.by_id:
                u = qn[name].unit
                units.add((u["zh"], u["en"]) if u else None)
            elif name in figures:
                u = figures[name].unit
                units.add((u["zh"], u["en"]) if u else None)
        unit = units.pop() if len(units) == 1 else None
        return {"zh": unit[0], "en": unit[1]} if unit else None

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

    documents: dict[str, Document] = {}
    for _, root in docs["evidence"]:
        documents |= load_catalogue(ck, root)
    if not docs["evidence"]:
        ck.add(Loc("rules/evidence.yaml", 0, 0), BAD_VALUE, "missing rules file for the evidence catalogue")
    risks = tuple(r for _, root in docs["risk"] for r in load_risks(ck, root, compile_))
    cl = CriteriaLoader(ck, compile_, unit_of, documents)
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
    if measures.sme_size is not None:
        measures.symbols["is_sme"] = IsSme(measures.sme_size)
        measures.inputs["is_sme"] = measures.sme_size.inputs
    sets = cl.load_all([root for _, root in docs["criteria"]])
    al.check_refs(rule_list, {f"{t.id}.{c.id}" for cs in sets for t in cs.tiers for c in t.conditions})
    if not sets and not errors:
        ck.add(Loc("rules/criteria", 0, 0), BAD_VALUE, "no criteria set found")
    if errors:
        raise ContentErrors(errors)
    return Content(qn, derived, tuple(sets), tuple(rule_list), paths, benches,
                   content_hash(forms + rules + (criteria or [])), measures, figures, documents, risks)


def load_content(forms_dir: FsPath, rules_dir: FsPath, criteria_dirs: Sequence[FsPath] = ()) -> Content:
    """Load forms/ and rules/, plus the criteria files of any extra folders (regional packs)."""
    extra = [f for d in criteria_dirs for f in read_files(d)]
    return parse_content(read_files(forms_dir), read_files(rules_dir), extra)
