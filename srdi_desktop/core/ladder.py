"""The recognition ladder at a glance: 科技型 → 科技和创新型 → 专精特新 → 小巨人 → 单项冠军, each rung met,
next (with its plan's date), further up, or not judged by the criteria set in use.

One summary per tier (eligible, status, plan date) feeds it, so the results window (from an Evaluation)
and the home list (from the stored result, see storage.store.ladder_summary) draw the same ladder.
The "next" rung is the tier the conclusion plans for (core.present.conclusion): the first rung not met.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, NamedTuple

from .i18n import tr

if TYPE_CHECKING:  # the home list draws ladders before the first paint: nothing heavy loads for it
    from .evaluation import Evaluation

LADDER = ("tech_sme", "innovative_sme", "srdi_sme", "little_giant", "single_champion")
# statuses that keep a tier off the ladder (core.evaluation.TierResult.on_ladder): nobody applies on them
_OFF = ("verify", "needs_review")


# Named tuples, not core's usual Structs: the home list draws ladders before its first paint, which would
# otherwise wait for msgspec's import (~10 ms) for these two records alone.
class TierSummary(NamedTuple):
    eligible: bool
    status: str
    plan_date: str | None = None  # the verified plan's assessment date, when there is one


class Rung(NamedTuple):
    id: str
    state: str  # met | next | later | absent (the criteria set has no such tier)
    plan_date: str | None = None  # on the next rung only


def summaries(ev: Evaluation) -> dict[str, TierSummary]:
    out = {}
    for t in ev.tiers:
        plan = t.plan or {}
        date = str(plan["assessed_on"]) if plan.get("verified") and plan.get("assessed_on") else None
        status = t.status if t.on_ladder else "needs_review"
        out[t.id] = TierSummary(t.eligible, status, date)
    return out


def rungs(tiers: Mapping[str, TierSummary]) -> tuple[Rung, ...]:
    out: list[Rung] = []
    next_given = False
    for rid in LADDER:
        t = tiers.get(rid)
        if t is None or (t.status in _OFF and not t.eligible):
            out.append(Rung(rid, "absent"))
        elif t.eligible:
            out.append(Rung(rid, "met"))
        elif not next_given:
            next_given = True
            out.append(Rung(rid, "next", t.plan_date))
        else:
            out.append(Rung(rid, "later"))
    return tuple(out)


def rung_title(rid: str, lang: str) -> str:
    """The short name on the ladder: '专精特新', 'Little giant'."""
    return tr(f"ladder.{rid}", lang)


def describe(ladder: tuple[Rung, ...], lang: str) -> str:
    """The ladder in words, for screen readers and tooltips (colour is never the only sign)."""
    from .present import labelled, semicolons

    parts = []
    for r in ladder:
        word = tr(f"ladder.state_{r.state}", lang)
        if r.state == "next" and r.plan_date:
            word = tr("ladder.next_dated", lang, date=r.plan_date)
        parts.append(labelled(rung_title(r.id, lang), word, lang))
    return semicolons(parts, lang)
