"""Facts made from others (core/facts.py: ``with_overrides``, ``moved_to``) take from the facts they came from
every value no changed answer feeds; each name must read exactly as in facts built afresh (type too). And
``expr.strict_names``, which lets the gap skip a lever, holds for every expression the shipped rules have."""

from pathlib import Path

import pytest
import yaml

from srdi_desktop import paths
from srdi_desktop.core.criteria import FormulaPoints
from srdi_desktop.core.evaluate import make_facts
from srdi_desktop.core.expr import UNKNOWN, strict_names

CASES = Path(__file__).resolve().parent.parent / "cases"
BASES = yaml.safe_load((CASES / "criteria.yaml").read_text(encoding="utf-8"))["bases"]
DEMO = yaml.safe_load(paths.DEMO_FILE.read_text(encoding="utf-8"))["answers"]
FIRMS = {"demo": DEMO, **{name: BASES[name] for name in ("strong", "modest", "techfirm")},
         "sparse": {"firm.sector": "industry", "firm.employees": 40, "finance.revenue_y1": 900,
                    "rd.expense_y1": "unknown", "digital.data_collection_items": ["a"]}}


def _names(content):
    return [*content.questionnaire.by_id, *content.derived, *content.symbols]


def _same(a, b):
    return (a is UNKNOWN and b is UNKNOWN) or (type(a) is type(b) and a == b)


def _values(v):
    """Moves of an answer: up, down to zero, the same value as another type, unknown, and back to itself."""
    if isinstance(v, bool):
        return [not v, None]
    if isinstance(v, (int, float)):
        return [v * 2 + 1, 0, float(v) if isinstance(v, int) else v, None, v]
    return [None, "unknown", v]


@pytest.mark.parametrize("firm", list(FIRMS))
@pytest.mark.parametrize("warm", [True, False], ids=["base computed first", "base cold"])
def test_a_moved_answer_reads_as_in_fresh_facts(content, firm, warm):
    answers, qn = dict(FIRMS[firm]), content.questionnaire
    root = make_facts(content, answers)
    if warm:
        for n in _names(content):
            root(n)
    moved_ids = [q for q in qn.by_id if q in answers or qn.by_id[q].count_of is not None][:80]
    for qid in moved_ids:
        for v in _values(answers.get(qid)):
            child = root.with_overrides({qid: v})
            merged = {**answers, qid: v}
            if qn.by_id[qid].count_of is not None:
                merged.pop(qn.by_id[qid].count_of, None)  # a count moved by itself wins over its checklist
            fresh = make_facts(content, merged)
            for n in _names(content):
                assert _same(child(n), fresh(n)), (qid, v, n, child(n), fresh(n))


@pytest.mark.parametrize("firm", list(FIRMS))
def test_facts_moved_to_other_answers_read_as_fresh(content, firm):
    answers = dict(FIRMS[firm])
    root = make_facts(content, answers)
    for n in _names(content):
        root(n)
    numeric = [q for q, v in answers.items() if isinstance(v, (int, float)) and not isinstance(v, bool)]
    states = [
        {**answers, **{q: answers[q] * 3 + 2 for q in numeric[:4]}},
        {k: v for k, v in answers.items() if k not in numeric[4:8]},  # answers taken away
        {**answers, **{q: float(answers[q]) for q in numeric}},  # equal values of another type
        {**answers, "finance.revenue_y1": 123456, "digital.data_collection_items": ["x", "y"]},
    ]
    for state in states:
        child, fresh = root.moved_to(state), make_facts(content, state)
        grandchild = child.with_overrides({"rd.expense_y1": 77})
        fresh2 = make_facts(content, {**state, "rd.expense_y1": 77})
        for n in _names(content):
            assert _same(child(n), fresh(n)), (n, child(n), fresh(n))
            assert _same(grandchild(n), fresh2(n)), (n, grandchild(n), fresh2(n))


def _expressions(content):
    for cset in content.criteria:
        for tier in cset.tiers:
            for c in tier.conditions:
                yield from (e for e in (c.when, c.value, *c.parts) if e is not None)
        for card in cset.scorecards.values():
            for ind in card.indicators:
                for o in ind.options:
                    yield from (e for e in (o.value, *(b.when for b in o.bands)) if e is not None)
                    if isinstance(o, FormulaPoints):
                        yield o.formula
    yield from content.derived.values()


@pytest.mark.parametrize("firm", list(FIRMS))
def test_a_strict_name_unknown_makes_a_shipped_expression_unknown(content, firm):
    facts = make_facts(content, FIRMS[firm])
    checked = 0
    for expr in _expressions(content):
        for n in strict_names(expr.text):
            assert expr(lambda name, n=n: UNKNOWN if name == n else facts(name)) is UNKNOWN, (expr.text, n)
            checked += 1
    assert checked > 100  # the rules are mostly of the strict shapes
