"""A small condition language for rule files, compiled once to closures.

Rule authors write Python-like expressions over question ids, e.g.
``rd.expense_y1 >= 100 and rd_ratio_y1 >= 3``. The text is parsed with ``ast`` and only a closed
set of node types is accepted; each is turned into a closure from an operator table. Nothing is
ever passed to ``eval``/``exec``.

Logic is three-valued: a missing, "don't know" or "not applicable" answer is ``UNKNOWN``, and it
propagates (``False and UNKNOWN`` is False, ``True and UNKNOWN`` is UNKNOWN), so a condition reports
met / unmet / unknown honestly.
"""

from __future__ import annotations

import ast
import functools
import math
import operator
from collections.abc import Callable, Iterable
from typing import Any

from msgspec import Struct, field

from .errors import EXPR_FORBIDDEN, EXPR_SYNTAX, UNKNOWN_ID, ContentError, Loc


class _Unknown:
    _inst: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        if cls._inst is None:
            cls._inst = super().__new__(cls)
        return cls._inst

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __bool__(self) -> bool:  # a bare truth test on UNKNOWN is a bug in the caller
        raise TypeError("UNKNOWN has no truth value; use tri-state helpers")


UNKNOWN = _Unknown()

Env = Callable[[str], Any]  # name -> value (or UNKNOWN)
Fn = Callable[[Env], Any]


def truth(v: Any) -> bool | _Unknown:
    """Tri-state truth of a value."""
    if isinstance(v, _Unknown):
        return UNKNOWN
    return bool(v)


def status_of(v: Any) -> str:
    t = truth(v)
    return "unknown" if t is UNKNOWN else ("met" if t else "unmet")


class Expr(Struct):
    text: str
    fn: Fn
    names: frozenset[str] = field(default_factory=frozenset)

    def __call__(self, env: Env) -> Any:
        return self.fn(env)

    def __reduce__(self) -> tuple[Callable[[str, tuple[str, ...]], Expr], tuple[str, tuple[str, ...]]]:
        # Pickled (the content cache) as its text and names; compiled again when first called, since
        # closures cannot be pickled and many expressions are never called in a given process.
        return recompiled, (self.text, tuple(sorted(self.names)))


def _const(v: Any) -> Fn:
    return lambda env: v


def _arith(op: Callable[[Any, Any], Any]) -> Callable[[Fn, Fn], Fn]:
    def build(a: Fn, b: Fn) -> Fn:
        def fn(env: Env) -> Any:
            x, y = a(env), b(env)
            if x is UNKNOWN or y is UNKNOWN:
                return UNKNOWN
            try:
                return op(x, y)
            except (ZeroDivisionError, TypeError):
                return UNKNOWN  # e.g. a ratio over zero revenue is undefined, not an error

        return fn

    return build


def _leaf_op(op: Callable[[Any, Any], Any], left: tuple[str, Any], right: tuple[str, Any]) -> Fn | None:
    """``_arith(op)`` for a name or constant on each side, reading names straight from the env: the
    commonest shape of a rule (``rd_ratio_y1 >= 3``), evaluated on every probe of a gap or a plan."""
    (lk, lv), (rk, rv) = left, right
    if lk == "name" and rk == "const" and rv is not UNKNOWN:
        def name_const(env: Env) -> Any:
            x = env(lv)
            if x is UNKNOWN:
                return UNKNOWN
            try:
                return op(x, rv)
            except (ZeroDivisionError, TypeError):
                return UNKNOWN
        return name_const
    if lk == "name" and rk == "name":
        def name_name(env: Env) -> Any:
            x, y = env(lv), env(rv)
            if x is UNKNOWN or y is UNKNOWN:
                return UNKNOWN
            try:
                return op(x, y)
            except (ZeroDivisionError, TypeError):
                return UNKNOWN
        return name_name
    return None


def _contains(a: Any, b: Any) -> bool:
    return a in b


_BINOPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}
_CMPOPS = {
    ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt, ast.GtE: operator.ge,
    ast.Eq: operator.eq, ast.NotEq: operator.ne,
    ast.In: _contains, ast.NotIn: lambda a, b: a not in b,
}


def _junction(fns: list[Fn], decisive: bool) -> Fn:
    """and (decisive False) / or (decisive True): one decisive operand settles it even among unknowns."""

    def fn(env: Env) -> Any:
        unknown = False
        for f in fns:
            v = f(env)  # truth(), inlined: this loop runs for every and/or of every probe
            if isinstance(v, _Unknown):
                unknown = True
            elif bool(v) is decisive:
                return decisive
        return UNKNOWN if unknown else not decisive

    return fn


def _and(fns: list[Fn]) -> Fn:
    return _junction(fns, False)


def _or(fns: list[Fn]) -> Fn:
    return _junction(fns, True)


def _not(a: Fn) -> Fn:
    def fn(env: Env) -> Any:
        t = truth(a(env))
        return UNKNOWN if t is UNKNOWN else (not t)

    return fn


def _numeric_fold(reducer: Callable[[Iterable[Any]], Any]) -> Callable[[list[Fn]], Fn]:
    def build(args: list[Fn]) -> Fn:
        def fn(env: Env) -> Any:
            vals = [a(env) for a in args]
            if any(v is UNKNOWN for v in vals):
                return UNKNOWN
            return reducer(vals)

        return fn

    return build


def _best(args: list[Fn]) -> Fn:
    """max() that ignores unknown arguments when at least one is known (``better of two bands``)."""

    def fn(env: Env) -> Any:
        vals = [v for v in (a(env) for a in args) if v is not UNKNOWN]
        return max(vals) if vals else UNKNOWN

    return fn


def _count(args: list[Fn]) -> Fn:
    """How many arguments are true; unknown arguments count as not true."""

    def fn(env: Env) -> Any:
        return sum(1 for a in args if truth(a(env)) is True)

    return fn


def _known(args: list[Fn]) -> Fn:
    def fn(env: Env) -> Any:
        return all(a(env) is not UNKNOWN for a in args)

    return fn


def _unary(f: Callable[[Any], Any]) -> Callable[[list[Fn]], Fn]:
    def build(args: list[Fn]) -> Fn:
        (a,) = args

        def fn(env: Env) -> Any:
            v = a(env)
            return UNKNOWN if v is UNKNOWN else f(v)

        return fn

    return build


FUNCTIONS: dict[str, tuple[Callable[[list[Fn]], Fn], int | None]] = {
    # name: (builder, exact arity or None for 1+)
    "min": (_numeric_fold(min), None),
    "max": (_numeric_fold(max), None),
    "best": (_best, None),
    "count": (_count, None),
    "known": (_known, None),
    "abs": (_unary(abs), 1),
    "floor": (_unary(math.floor), 1),
    "len": (_unary(len), 1),
    "sqrt": (_unary(lambda v: math.sqrt(v) if v >= 0 else UNKNOWN), 1),
}


def dotted_name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = dotted_name(node.value)
        return f"{base}.{node.attr}" if base else None
    return None


class _Compiler:
    def __init__(self, text: str, loc: Loc, names: Callable[[str], bool], all_names: Iterable[str],
                 errors: list[ContentError]):
        self.text, self.loc, self.is_name, self.all_names, self.errors = text, loc, names, all_names, errors
        self.used: set[str] = set()

    def err(self, node: ast.AST | None, code: str, msg: str) -> None:
        col = self.loc.col + (getattr(node, "col_offset", 0) if node is not None else 0)
        self.errors.append(ContentError(Loc(self.loc.path, self.loc.line, col), code, msg))

    def compile(self) -> Fn | None:
        try:
            tree = ast.parse(self.text.strip(), mode="eval")
        except SyntaxError as exc:
            col = self.loc.col + max((exc.offset or 1) - 1, 0)
            self.errors.append(ContentError(Loc(self.loc.path, self.loc.line, col), EXPR_SYNTAX,
                                            f"cannot parse condition {self.text!r}: {exc.msg}"))
            return None
        n_before = len(self.errors)
        fn = self.node(tree.body)
        return fn if len(self.errors) == n_before else None

    def node(self, n: ast.AST) -> Fn:  # noqa: C901 - one branch per accepted node type
        name = dotted_name(n)
        if name is not None:
            return self.name(n, name)
        if isinstance(n, ast.Constant) and isinstance(n.value, (int, float, str, bool)):
            return _const(n.value)
        if isinstance(n, (ast.List, ast.Tuple)):
            items = [self.node(e) for e in n.elts]
            return lambda env: tuple(f(env) for f in items)
        if isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.USub):
            a = self.node(n.operand)
            return lambda env: UNKNOWN if (v := a(env)) is UNKNOWN else -v
        if isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.Not):
            return _not(self.node(n.operand))
        if isinstance(n, ast.BinOp) and type(n.op) in _BINOPS:
            a, b = self.node(n.left), self.node(n.right)
            return self.leaf_op(_BINOPS[type(n.op)], n.left, n.right) or _arith(_BINOPS[type(n.op)])(a, b)
        if isinstance(n, ast.BoolOp):
            parts = [self.node(v) for v in n.values]
            return _and(parts) if isinstance(n.op, ast.And) else _or(parts)
        if isinstance(n, ast.Compare) and all(type(o) in _CMPOPS for o in n.ops):
            operands = [self.node(n.left)] + [self.node(c) for c in n.comparators]
            if len(n.ops) == 1 and (fast := self.leaf_op(_CMPOPS[type(n.ops[0])], n.left, n.comparators[0])):
                return fast
            links = [_arith(_CMPOPS[type(o)])(operands[i], operands[i + 1]) for i, o in enumerate(n.ops)]
            return links[0] if len(links) == 1 else _and(links)
        if isinstance(n, ast.IfExp):
            test, body, orelse = self.node(n.test), self.node(n.body), self.node(n.orelse)

            def ifexp(env: Env) -> Any:
                t = truth(test(env))
                if t is UNKNOWN:
                    a, b = body(env), orelse(env)
                    return a if a == b and a is not UNKNOWN else UNKNOWN
                return body(env) if t else orelse(env)

            return ifexp
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and not n.keywords:
            spec = FUNCTIONS.get(n.func.id)
            if spec is None:
                self.err(n, EXPR_FORBIDDEN, f"unknown function '{n.func.id}' (allowed: {', '.join(FUNCTIONS)})")
                return _const(UNKNOWN)
            builder, arity = spec
            if (arity is not None and len(n.args) != arity) or not n.args:
                self.err(n, EXPR_FORBIDDEN, f"'{n.func.id}' takes {arity or 'one or more'} argument(s)")
                return _const(UNKNOWN)
            return builder([self.node(a) for a in n.args])
        self.err(n, EXPR_FORBIDDEN, f"'{ast.unparse(n)}' is not allowed in a condition")
        return _const(UNKNOWN)

    def leaf(self, n: ast.AST) -> tuple[str, Any] | None:
        """("name", id) or ("const", value) for a known name or a literal (a tuple of literals too)."""
        name = dotted_name(n)
        if name in ("true", "false"):
            return "const", name == "true"
        if name is not None:
            return ("name", name) if self.is_name(name) else None
        if isinstance(n, ast.Constant) and isinstance(n.value, (int, float, str, bool)):
            return "const", n.value
        if isinstance(n, (ast.List, ast.Tuple)):
            items = [self.leaf(e) for e in n.elts]
            if all(i is not None and i[0] == "const" for i in items):
                return "const", tuple(i[1] for i in items if i is not None)
        return None

    def leaf_op(self, op: Callable[[Any, Any], Any], left: ast.AST, right: ast.AST) -> Fn | None:
        lhs, rhs = self.leaf(left), self.leaf(right)
        return _leaf_op(op, lhs, rhs) if lhs is not None and rhs is not None else None

    def name(self, n: ast.AST, name: str) -> Fn:
        if name in ("true", "false"):
            return _const(name == "true")
        if not self.is_name(name):
            import difflib  # for a misspelt name only

            close = difflib.get_close_matches(name, list(self.all_names), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            self.err(n, UNKNOWN_ID, f"unknown id '{name}'{hint}")
            return _const(UNKNOWN)
        self.used.add(name)
        return lambda env: env(name)


def compile_expr(text: str, loc: Loc, is_name: Callable[[str], bool], all_names: Iterable[str],
                 errors: list[ContentError]) -> Expr | None:
    """Compile ``text``; on problems append errors and return None."""
    if not isinstance(text, (str, int, float, bool)):
        errors.append(ContentError(loc, EXPR_SYNTAX, "a condition must be a string expression"))
        return None
    text = str(text) if not isinstance(text, bool) else ("true" if text else "false")
    c = _Compiler(text, loc, is_name, all_names, errors)
    fn = c.compile()
    return Expr(text, fn, frozenset(c.used)) if fn else None


def recompiled(text: str, names: tuple[str, ...]) -> Expr:
    """An expression that once compiled without an error (kept in the content cache), to be compiled again
    when first called. Its names were checked then; the closures built do not depend on the check."""
    expr = Expr(text, _unbuilt, frozenset(names))
    expr.fn = _CompileOnFirstCall(expr)
    return expr


def _unbuilt(env: Env) -> Any:
    raise AssertionError("replaced before any call")


class _CompileOnFirstCall:
    __slots__ = ("expr",)

    def __init__(self, expr: Expr):
        self.expr = expr

    def __call__(self, env: Env) -> Any:
        errors: list[ContentError] = []
        fresh = compile_expr(self.expr.text, Loc("<content cache>"), lambda _name: True, (), errors)
        if fresh is None:
            raise ValueError(f"not an expression: {self.expr.text!r}")
        self.expr.fn = fresh.fn  # later calls go straight to the closures
        return fresh.fn(env)


@functools.lru_cache(maxsize=512)
def pass_tree(text: str) -> ast.expr:
    """A tier's ``pass`` text as a syntax tree, parsed once (read, never changed, by advice and gap)."""
    return ast.parse(text.strip(), mode="eval").body


@functools.lru_cache(maxsize=1024)
def strict_names(text: str) -> frozenset[str]:
    """The names whose unknown value makes the expression unknown whatever the others are (a gap search
    skips a lever that cannot change any of them). Read from the syntax tree, rule by rule as compiled
    above; a shape it does not know claims nothing."""
    return _strict(ast.parse(text.strip(), mode="eval").body)


def _strict(n: ast.AST) -> frozenset[str]:  # noqa: C901 - one branch per node type, as in _Compiler.node
    name = dotted_name(n)
    if name is not None:
        return frozenset() if name in ("true", "false") else frozenset({name})
    if isinstance(n, ast.UnaryOp) and isinstance(n.op, (ast.USub, ast.Not)):
        return _strict(n.operand)
    if isinstance(n, ast.BinOp) and type(n.op) in _BINOPS:
        return _strict(n.left) | _strict(n.right)
    if isinstance(n, ast.BoolOp):  # and/or: unknown when every operand is
        return frozenset.intersection(*(_strict(v) for v in n.values))
    if isinstance(n, ast.Compare) and all(type(o) in _CMPOPS for o in n.ops):
        sides = [_strict(n.left)] + [_strict(c) for c in n.comparators]
        return frozenset.intersection(*(sides[i] | sides[i + 1] for i in range(len(n.ops))))
    if isinstance(n, ast.IfExp):  # either branch is unknown; an unknown test yields a branch or unknown
        return _strict(n.body) & _strict(n.orelse)
    if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.args and not n.keywords:
        args = [_strict(a) for a in n.args]
        if n.func.id in ("min", "max", "abs", "floor", "len", "sqrt"):
            return frozenset().union(*args)
        if n.func.id == "best":
            return frozenset.intersection(*args)
    return frozenset()  # constants, tuples, count(), known(): never unknown for an unknown name


Shape = tuple[str, Any]  # ("and" | "or", (Shape, ...)) or ("part", Expr | None)


@functools.lru_cache(maxsize=1024)
def and_or_shape(text: str) -> Shape:
    """The and/or tree of an expression, its other parts compiled alone (to what the whole compiles them to),
    so that a search can tell which part no move of an answer changes. A part that does not compile alone
    is None: nothing is claimed about it; nor about an expression that is no and/or (a lever of it feeds it
    whole), which is therefore not compiled again."""
    tree = ast.parse(text.strip(), mode="eval").body
    return _shape(tree) if isinstance(tree, ast.BoolOp) else ("part", None)


def _shape(n: ast.AST) -> Shape:
    if isinstance(n, ast.BoolOp):
        return ("and" if isinstance(n.op, ast.And) else "or"), tuple(_shape(v) for v in n.values)
    errors: list[ContentError] = []  # the names were checked with the whole expression
    return "part", compile_expr(ast.unparse(n), Loc("<part>", 0, 0), lambda _: True, (), errors)
