import pytest

from srdi_desktop.core.errors import EXPR_FORBIDDEN, EXPR_SYNTAX, UNKNOWN_ID, Loc
from srdi_desktop.core.expr import UNKNOWN, compile_expr, strict_names

NAMES = {"a", "b", "x.y", "flag", "fields"}


def ev(text, **values):
    errors = []
    e = compile_expr(text, Loc("t", 1, 1), NAMES.__contains__, NAMES, errors)
    assert errors == [], errors
    env = {n: UNKNOWN for n in NAMES}
    env.update({k.replace("__", "."): v for k, v in values.items()})
    return e(env.__getitem__)


@pytest.mark.parametrize("text, values, expected", [
    ("a >= 3", {"a": 3}, True),
    ("a >= 3", {"a": 2.999}, False),
    ("a >= 3", {}, UNKNOWN),
    ("a > 1 and b > 1", {"a": 0}, False),          # False and UNKNOWN is False
    ("a > 1 and b > 1", {"a": 2}, UNKNOWN),        # True and UNKNOWN is UNKNOWN
    ("a > 1 or b > 1", {"a": 2}, True),            # True or UNKNOWN is True
    ("a > 1 or b > 1", {"a": 0}, UNKNOWN),
    ("not flag", {"flag": True}, False),
    ("not flag", {}, UNKNOWN),
    ("a / b * 100", {"a": 246, "b": 8200}, pytest.approx(3.0)),
    ("a / b", {"a": 1, "b": 0}, UNKNOWN),          # division by zero is undefined, not a crash
    ("x.y == 'national'", {"x__y": "national"}, True),
    ("'six' in fields", {"fields": ["six", "ten"]}, True),
    ("'six' in fields", {}, UNKNOWN),
    ("a if flag else b", {"flag": True, "a": 1, "b": 2}, 1),
    ("a if flag else b", {"a": 1, "b": 1}, 1),     # both branches agree: known even if flag is unknown
    ("a if flag else b", {"a": 1, "b": 2}, UNKNOWN),
    ("best(a, b)", {"a": 4}, 4),
    ("max(a, b)", {"a": 4}, UNKNOWN),
    ("count(flag, a > 1, b > 1)", {"flag": True, "a": 5}, 2),
    ("min(floor(a / 2), 5)", {"a": 7}, 3),
    ("1 <= a < 3", {"a": 3}, False),
    ("known(a, b)", {"a": 1}, False),
    # the shapes read straight from the env (a name with a constant or a name) keep the same semantics
    ("a >= 3", {"a": "text"}, UNKNOWN),            # a type error is undefined, as for any operands
    ("a - b", {"a": 5}, UNKNOWN),
    ("a - b", {"a": 5, "b": 7}, -2),
    ("a in ('p', 'n')", {"a": "n"}, True),
    ("a in ('p', 'n')", {}, UNKNOWN),
    ("a == true", {"a": True}, True),
    ("3 <= a", {"a": 3}, True),
])
def test_three_valued_semantics(text, values, expected):
    got = ev(text, **values)
    if expected is UNKNOWN:
        assert got is UNKNOWN
    else:
        assert got is not UNKNOWN and got == expected


@pytest.mark.parametrize("text", [
    "__import__('os').system('x')",
    "a.__class__",
    "(lambda: 1)()",
    "fields[0]",
    "open('f')",
    "a ** 2",
    "[x for x in fields]",
    "f'{a}'",
])
def test_forbidden_constructs_are_rejected_at_load(text):
    errors = []
    assert compile_expr(text, Loc("r.yaml", 7, 11), NAMES.__contains__, NAMES, errors) is None
    assert errors and all(e.code in (EXPR_FORBIDDEN, UNKNOWN_ID, EXPR_SYNTAX) for e in errors)
    assert all(str(e).startswith("r.yaml:7:") for e in errors)


def test_unknown_name_suggests_the_nearest():
    errors = []
    compile_expr("x.z > 1", Loc("r.yaml", 3, 5), NAMES.__contains__, NAMES, errors)
    assert [str(e) for e in errors] == [f"r.yaml:3:5: {UNKNOWN_ID} unknown id 'x.z' (did you mean 'x.y'?)"]


def test_syntax_error_column_points_into_the_expression():
    errors = []
    compile_expr("a >= ", Loc("r.yaml", 3, 11), NAMES.__contains__, NAMES, errors)
    assert errors[0].code == EXPR_SYNTAX
    assert errors[0].loc.line == 3 and errors[0].loc.col >= 11


@pytest.mark.parametrize("text, env, expected", [
    ("a >= 3 and b", {"a": 3, "b": True}, True),
    ("a >= 3 and b", {"a": 2}, False),  # decisive False among unknowns
    ("a >= 3 and b", {"a": 3}, UNKNOWN),
    ("max(a, 2) / b if b else 0", {"a": 5, "b": 2}, 2.5),
    ("a in ['x', 'y']", {"a": "y"}, True),
])
def test_a_pickled_expression_keeps_its_names_and_computes_the_same(text, env, expected):
    import pickle

    original = compile_expr(text, Loc("t"), lambda _n: True, (), [])
    back = pickle.loads(pickle.dumps(original))
    assert back.text == original.text and back.names == original.names
    lookup = lambda name: env.get(name, UNKNOWN)  # noqa: E731
    assert back(lookup) == expected and back(lookup) == original(lookup)  # twice: compiled on the first call


@pytest.mark.parametrize("text, strict", [
    ("a >= 3", {"a"}),
    ("a / b * 100 >= 3", {"a", "b"}),
    ("a > 1 and b > 1", set()),                     # False and UNKNOWN is False: neither alone decides
    ("a > 1 and a < 9", {"a"}),                     # unknown in every operand
    ("a > 1 or (a < 0 and b > 1)", set()),        # cautious: (a < 0 and b > 1) alone claims nothing
    ("a > 1 or (a < 0 and a > -9)", {"a"}),
    ("not flag", {"flag"}),
    ("-a < 3", {"a"}),
    ("1 <= a < b", {"a"}),                          # a chain is an and of its links
    ("a if flag else b", set()),                    # an unknown test with equal branches is known
    ("a if flag else a + 1", {"a"}),
    ("max(a, b) >= 1", {"a", "b"}),
    ("best(a, b) >= 1", set()),                     # best ignores an unknown argument
    ("best(a, a + b)", {"a"}),
    ("count(flag, a > 1)", set()),
    ("known(a)", set()),
    ("'six' in fields", {"fields"}),
    ("flag == true", {"flag"}),
])
def test_strict_names(text, strict):
    assert strict_names(text) == strict


@pytest.mark.parametrize("text", ["a >= 3", "a / b * 100 >= 3", "a > 1 and a < 9", "a > 1 or (a < 0 and a > -9)",
                                  "not flag", "-a < 3", "1 <= a < b", "a if flag else a + 1", "max(a, b) >= 1",
                                  "best(a, a + b)", "'six' in fields", "floor(a / 2) > 1"])
@pytest.mark.parametrize("others", [{}, {"a": 0, "b": 0, "flag": False, "fields": []},
                                    {"a": 5, "b": 2, "flag": True, "fields": ["six"]}])
def test_a_strict_name_unknown_makes_the_expression_unknown(text, others):
    for name in strict_names(text):
        values = {k.replace(".", "__"): v for k, v in others.items() if k != name}
        assert ev(text, **values) is UNKNOWN, (name, others)
