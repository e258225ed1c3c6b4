"""Derived figures (rules/derived.yaml): ratios, growth rates and sums the rules read by name.

Each formula is an expression in the rule language over question ids and other derived figures,
compiled once when the content loads, so the gap search can move the underlying answers and see
the figure change. The meaning of each formula (and the reading chosen where the official text is
ambiguous) is written beside it in the YAML.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from msgspec import Struct

from .errors import BAD_VALUE, DUPLICATE_ID, NOWHERE, ContentError, Loc, compared_without
from .expr import Expr, compile_expr
from .schema import Checker
from .yamlsrc import Node

Text = dict[str, str]


class Derived(Struct, frozen=True):
    id: str
    expr: Expr
    label: Text
    unit: Text | None = None  # {zh, en}; None for a plain count or ratio
    note: Text | None = None
    loc: Loc = NOWHERE  # of the formula

    __eq__, __hash__ = compared_without("loc")  # where it is written is not part of what it says

    @property
    def formula(self) -> str:
        return self.expr.text


def derived_ids(roots: Iterable[Node]) -> list[str]:
    """The ids declared in the derived files, read before any formula so formulas may use each other."""
    out: list[str] = []
    for root in roots:
        items = root.get("derived")
        for item in items if isinstance(items, list) else []:
            if isinstance(item, Node) and isinstance(item.get("id"), str):
                out.append(item["id"])
    return out


def load_derived(ck: Checker, root: Node, is_name: Callable[[str], bool], all_names: Iterable[str],
                 taken: Callable[[str], bool]) -> list[Derived]:
    """Parse one derived file. ``taken`` says whether an id is already a question or a symbol."""
    errors = ck.errors
    if not ck.keys(root, {"version", "derived"}, set(), "derived file"):
        return []
    out: list[Derived] = []
    seq = ck.seq(root["derived"], root.value_loc("derived"), "derived")
    for i, item in enumerate(seq or []):
        n = ck.mapping(item, seq.item_loc(i), f"derived[{i}]") if seq is not None else None
        if n is None or not ck.keys(n, {"id", "formula", "label"}, {"unit", "note"}, "derived figure"):
            continue
        did = ck.typed(n, "id", str, "derived figure")
        if not did:
            continue
        what = f"derived figure '{did}'"
        if taken(did):
            ck.add(n.value_loc("id"), DUPLICATE_ID, f"{what}: the id is already a question or a computed symbol")
            continue
        if did in {d.id for d in out}:
            ck.add(n.value_loc("id"), DUPLICATE_ID, f"{what} is defined twice")
            continue
        expr = compile_expr(n["formula"], n.value_loc("formula"), is_name, all_names, errors)
        label = ck.text(n, "label", what)
        if expr is None or label is None:
            continue
        out.append(Derived(did, expr, label, ck.text(n, "unit", what), ck.text(n, "note", what),
                           n.value_loc("formula")))
    return out


def check_cycles(figures: dict[str, Derived], errors: list[ContentError]) -> None:
    """A figure that needs itself (directly or through others) would never finish: reject it at load."""
    state: dict[str, int] = {}  # 1 = being visited, 2 = done

    def visit(name: str, chain: list[str]) -> None:
        if state.get(name) == 2 or name not in figures:
            return
        if state.get(name) == 1:
            cycle = chain[chain.index(name):] + [name]
            errors.append(ContentError(figures[name].loc, BAD_VALUE, f"derived figures refer to each other in a loop: "
                                                         f"{' → '.join(cycle)}"))
            return
        state[name] = 1
        for used in sorted(figures[name].expr.names):
            visit(used, [*chain, name])
        state[name] = 2

    for name in figures:
        visit(name, [])
