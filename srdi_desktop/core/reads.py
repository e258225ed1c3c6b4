"""Which answers the content reads: the questions a what-if can usefully move.

Computed from the compiled expressions themselves (``Expr.names``), followed through derived figures
and computed symbols (size class, digital level, mode), so a rule added to the YAML is covered without
anyone keeping a list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .criteria import indicator_names
from .facts import inputs_of

if TYPE_CHECKING:
    from .content import Content


def names_read(content: Content) -> set[str]:
    """Every name (question, derived figure or symbol) a criteria condition or score, a derived figure
    or an advice rule refers to, in every criteria set (a what-if may change the set in force)."""
    names: set[str] = set()
    for cs in content.criteria:
        for tier in cs.tiers:
            for cond in tier.conditions:
                for expr in (cond.when, cond.value, *cond.parts):
                    if expr is not None:
                        names |= expr.names
        for card in cs.scorecards.values():
            for ind in card.indicators:
                names |= indicator_names(ind)
    for rule in content.rules:
        names |= rule.when.names
    for expr in content.derived.values():
        names |= expr.names
    return names


def questions_read(content: Content) -> frozenset[str]:
    """The question ids some tier or advice rule depends on, directly or through a derived figure."""
    qn = content.questionnaire
    return frozenset(inputs_of(names_read(content), qn, content.derived, content.symbol_inputs))
