"""Risk flags beside the evidence checklist (rules/risk.yaml): what makes a reviewer look harder.

``onsite`` flags are the 2026 科技型中小企业 on-site check triggers (reference §9.1); ``inconsistency``
flags are figures a reviewer puts side by side. The answer-consistency findings the advice rules already
raise (kind ``consistency``) are shown with them. Pure: answers in, flags out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from msgspec import Struct

from .errors import BAD_VALUE, DUPLICATE_ID, Loc
from .evaluation import Evaluation, LangMap
from .expr import Expr
from .facts import Facts
from .schema import Checker
from .yamlsrc import Node

KINDS = ("onsite", "inconsistency")
_ID = re.compile(r"[a-z][a-z0-9_.]*\Z")


class RiskRule(Struct, frozen=True):
    id: str
    kind: str
    when: Expr
    title: LangMap
    why: LangMap
    source: str


class RiskFlag(Struct, frozen=True):
    """A raised flag: ``kind`` onsite | inconsistency | consistency (an advice finding)."""

    id: str
    kind: str
    title: LangMap
    why: LangMap
    source: str


def load_risks(ck: Checker, root: Node, compile_fn: Callable[[Any, Loc], Expr | None]) -> tuple[RiskRule, ...]:
    if not ck.keys(root, {"version", "flags"}, set(), "risk file"):
        return ()
    out: list[RiskRule] = []
    for loc, item in ck.items(root["flags"], root.value_loc("flags"), "flags"):
        n = ck.mapping(item, loc, "flag")
        if n is None or not ck.keys(n, {"id", "kind", "when", "title", "why", "source"}, set(), "flag"):
            continue
        fid = n["id"]
        what = f"flag '{fid}'"
        if not isinstance(fid, str) or not _ID.match(fid):
            ck.add(n.value_loc("id"), BAD_VALUE, f"{what}: id must be lower-case letters, digits, _ and .")
            continue
        if fid in {r.id for r in out}:
            ck.add(n.value_loc("id"), DUPLICATE_ID, f"{what} is defined twice")
            continue
        if n["kind"] not in KINDS:
            ck.add(n.value_loc("kind"), BAD_VALUE, f"{what}: kind must be one of {', '.join(KINDS)}")
            continue
        when = compile_fn(n["when"], n.value_loc("when"))
        title, why = ck.text(n, "title", what), ck.text(n, "why", what)
        if when is None or title is None or why is None:
            continue
        out.append(RiskRule(fid, n["kind"], when, title, why, str(n["source"])))
    return tuple(out)


def risk_flags(rules: tuple[RiskRule, ...], facts: Facts, ev: Evaluation | None = None) -> tuple[RiskFlag, ...]:
    """The flags raised (true, never unknown), on-site triggers first, then the consistency findings."""
    raised = [RiskFlag(r.id, r.kind, r.title, r.why, r.source) for r in rules if r.when(facts) is True]
    raised.sort(key=lambda f: KINDS.index(f.kind))
    if ev is not None:
        raised += [RiskFlag(f.id, "consistency", f.title, f.finding, f.source) for f in ev.findings_of("consistency")]
    return tuple(raised)


def unknown_onsite(rules: tuple[RiskRule, ...], facts: Facts) -> tuple[str, ...]:
    """On-site triggers that cannot be checked yet (a needed answer is missing)."""
    return tuple(r.id for r in rules if r.kind == "onsite" and r.when(facts) not in (True, False))

