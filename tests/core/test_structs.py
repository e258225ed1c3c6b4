"""core's data classes are msgspec Structs (issue 18): they keep what the dataclasses promised — which are
frozen, what equality leaves out, their repr (``evaluate --json`` never imports ``dataclasses``:
tests/test_evaluate_json_imports.py); the ladder's two named tuples, drawn before the first paint, need
neither."""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil

import msgspec
import pytest
from msgspec.structs import replace

from srdi_desktop import core
from srdi_desktop.core.assessment import Assessment
from srdi_desktop.core.errors import NOWHERE, ContentError, Loc, compared_without
from tests.loaded import loaded

# worked on in place while an assessment is edited or a plan is searched; every other class is frozen
MUTABLE = {"assessment.Assessment", "expr.Expr", "gap.Change", "gap.CondGap", "gap.Fix", "measures.Measures",
           "plan._Eval", "plan._Fix", "plan._Search", "plan._Shared"}


def _core_classes() -> dict[str, type]:
    found = {}
    for info in pkgutil.iter_modules(core.__path__):
        module = importlib.import_module(f"{core.__name__}.{info.name}")
        for name, obj in vars(module).items():
            if isinstance(obj, type) and obj.__module__ == module.__name__:
                found[f"{info.name}.{name}"] = obj
    return found


def test_every_data_class_of_core_is_a_struct_frozen_unless_it_is_worked_on():
    classes = _core_classes()
    assert not [n for n, c in classes.items() if hasattr(c, "__dataclass_fields__")]
    structs = {n: c for n, c in classes.items() if issubclass(c, msgspec.Struct)}
    assert MUTABLE <= set(structs)
    assert sorted(n for n, c in structs.items() if not c.__struct_config__.frozen) == sorted(MUTABLE)
    assert len(structs) > 60


def _placed(content):
    crit = content.criteria[0]
    return {
        "question": (content.questionnaire.questions[0], "loc", "label"),
        "condition": (crit.tiers[0].conditions[0], "loc", "title"),
        "advice rule": (content.rules[0], "loc", "title"),
        "derived figure": (next(iter(content.derived_figures.values())), "loc", "label"),
        "questionnaire": (content.questionnaire, "derived_units", "by_id"),
    }


@pytest.mark.parametrize("kind", ["question", "condition", "advice rule", "derived figure", "questionnaire"])
def test_equality_leaves_out_only_where_a_thing_is_written(content, kind):
    thing, ignored, compared = _placed(content)[kind]
    moved = replace(thing, **{ignored: Loc("elsewhere.yaml", 9, 9) if ignored == "loc" else {"x": {"zh": "个"}}})
    assert moved == thing and not moved != thing
    changed = replace(thing, **{compared: {}})
    assert changed != thing and not changed == thing
    assert thing != object() and thing != getattr(thing, ignored)  # another type is never equal


class _Placed(msgspec.Struct, frozen=True):
    name: str
    loc: Loc = NOWHERE

    __eq__, __hash__ = compared_without("loc")


def test_what_equality_leaves_out_the_hash_leaves_out_too():
    a, b = _Placed("x", Loc("a.yaml", 1, 1)), _Placed("x", Loc("b.yaml", 2, 2))
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    assert _Placed("x") != _Placed("y")


def test_a_frozen_struct_refuses_assignment_hashes_and_reads_like_a_dataclass():
    loc = Loc("rules/a.yaml", 3, 4)
    with pytest.raises(AttributeError):
        loc.line = 5  # type: ignore[misc]
    assert {loc: 1}[Loc("rules/a.yaml", 3, 4)] == 1
    assert repr(loc) == "Loc(path='rules/a.yaml', line=3, col=4)"
    assert ContentError(loc, "E007", "m") != ContentError(Loc("rules/a.yaml", 3, 5), "E007", "m")  # compared here
    assert Loc(path="p") == Loc("p", 0, 0)


def test_each_instance_gets_its_own_default_collections():
    a, b = Assessment(dt.date(2026, 1, 1)), Assessment(dt.date(2026, 1, 1))
    a.answers["firm.name"] = "甲"
    a.to_review.add("firm.name")
    assert b.answers == {} and b.to_review == set() and a != b


def test_the_ladder_drawn_before_the_first_paint_needs_neither_msgspec_nor_dataclasses():
    code = ("from srdi_desktop.core.ladder import TierSummary, rungs\n"
            "assert rungs({'tech_sme': TierSummary(True, 'eligible')})[0].state == 'met'")
    assert loaded(code, ("msgspec", "dataclasses")) == []
