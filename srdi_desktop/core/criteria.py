"""Official criteria sets (rules/criteria/*.yaml, or a regional pack): scorecards, conditions and tiers.

A set declares its scope (a region, new and/or renewal applications) and a validity range;
``Content.criteria_for`` picks one by date, region and application (docs/criteria_sets.md). Each set
names its own tiers. A tier passes when its ``pass`` expression over condition ids is true;
conditions are tri-state (met / unmet / unknown).
"""

from __future__ import annotations

import ast
import datetime as dt
import re
from collections.abc import Callable, Collection
from typing import Any

from msgspec import Struct, field
from msgspec.structs import replace

from .errors import BAD_VALUE, DUPLICATE_ID, MISSING_KEY, NOWHERE, UNKNOWN_ID, Loc, compared_without
from .expr import UNKNOWN, Expr, compile_expr, status_of, truth
from .facts import Facts
from .schema import Checker
from .yamlsrc import Node

CONFIDENCE = ("high", "medium", "low")
NATIONAL = "CN"
APPLICATIONS = ("new", "renewal")
# ISO 3166-2:CN codes of the province-level divisions: a regional set names one (e.g. CN-ZJ, Zhejiang).
PROVINCES = frozenset(
    "CN-" + c for c in ("AH BJ CQ FJ GD GS GX GZ HA HB HE HI HK HL HN JL JS JX LN MO NM NX QH SC SD SH SN "
                        "SX TJ TW XJ XZ YN ZJ").split())
_ID = re.compile(r"[a-z][a-z0-9_]*\Z")  # set and tier ids: JSON keys, and dotted refs (tier.condition)
_BAND_KEYS = {"at_least", "above", "at_most", "below", "when", "else"}
# The band-edge rule, stated once (README, criteria readings, PDF notes): a value exactly on an edge that
# two bands both name ("5%以上" / "3%-5%", "0%-4%" / "0%以下") counts in the better band, at the top and at
# the bottom of every scale alike. The official texts leave it open (reference §1.0: low confidence), so
# ``Indicator.edge`` reports where the other reading would change the points.
EDGE_RULE = "better_band"
EDGE_EPSILON = 1e-9
# A tier's ``horizon``: no plan reaches it sooner than the horizon's start (a single champion is years of
# work for a little giant, whatever one answer could say).
HORIZON_START_MONTHS = {"0-6m": 0, "6-18m": 6, "18-36m": 18}


class Band(Struct, frozen=True):
    kind: str  # at_least | above | at_most | below | when | else
    bound: float | None
    when: Expr | None
    points: float

    def matches(self, v: Any, facts: Facts) -> bool | Any:
        if self.kind == "else":
            return True
        if self.kind == "when":
            assert self.when is not None  # a "when" band always has its expression
            return truth(self.when(facts))
        if v is UNKNOWN:
            return UNKNOWN
        return {"at_least": v >= self.bound, "above": v > self.bound,
                "at_most": v <= self.bound, "below": v < self.bound}[self.kind]


class BandSet(Struct, frozen=True):
    value: Expr | None
    bands: tuple[Band, ...]

    def points(self, facts: Facts) -> Any:
        return self._points_at(self.value(facts) if self.value else None, facts)[0]

    def _points_at(self, v: Any, facts: Facts) -> tuple[Any, Band | None]:
        for b in self.bands:
            m = b.matches(v, facts)
            if m is UNKNOWN:
                return UNKNOWN, None
            if m:
                return b.points, b
        return 0, None

    def readings(self, facts: Facts) -> tuple[Any, Any, Any]:
        """(value, points under the stated edge rule, points under the other reading).

        The stated rule (EDGE_RULE): a value exactly on an edge named by two bands ("5%以上" and "3%-5%")
        takes the better band. The other reading gives it the worse one: the same bands, the value a hair
        on the worse side of the edge it sits on.
        """
        v = self.value(facts) if self.value else None
        pts, band = self._points_at(v, facts)
        if band is None or band.bound is None or band.kind not in ("at_least", "at_most") or v != band.bound:
            return v, pts, pts
        nudge = -EDGE_EPSILON if band.kind == "at_least" else EDGE_EPSILON
        return v, pts, self._points_at(band.bound + nudge, facts)[0]

    def describe(self) -> list[tuple[str, float | None, float]]:
        return [(b.kind, b.bound if b.kind != "when" else None, b.points) for b in self.bands]


class FormulaPoints(Struct, frozen=True):
    """Points computed by a formula, e.g. one point per two full years: min(floor(years / 2), 5)."""

    value: Expr | None
    formula: Expr
    max: float
    bands: tuple[Band, ...] = ()

    def points(self, facts: Facts) -> Any:
        p = self.formula(facts)
        return p if p is UNKNOWN else max(0, min(p, self.max))

    def readings(self, facts: Facts) -> tuple[Any, Any, Any]:
        """A formula ("one point per two full years") has no band edge to read two ways."""
        p = self.points(facts)
        return (self.value(facts) if self.value else None), p, p


class Indicator(Struct, frozen=True):
    id: str
    category: str
    title: dict[str, str]
    max: float
    confidence: str
    options: tuple[BandSet | FormulaPoints, ...]  # more than one: "the better of" (R&D amount or ratio)
    default_points: float | None = None  # used when the answer is missing (provincial plug-in)
    note: dict[str, str] | None = None
    bands_text: dict[str, str] | None = None
    # no ambiguous edge: the value is a whole level or count ("三级以上"), or the text itself says "(含)"
    exact_edges: bool = False

    def points(self, facts: Facts) -> tuple[Any, bool]:
        """(points or UNKNOWN, whether a default stood in for a missing answer)."""
        pts = [o.points(facts) for o in self.options]
        known = [p for p in pts if p is not UNKNOWN]
        if len(known) == len(pts) or (known and max(known) >= self.max):
            return max(known), False
        if known:
            return UNKNOWN, False  # a better band might hide in the unknown option
        if self.default_points is not None:
            return self.default_points, True
        return UNKNOWN, False

    def edge(self, facts: Facts) -> tuple[Any, float, float] | None:
        """(value, points, points under the other edge reading) when the indicator's value sits exactly on
        a band edge and the other reading would give other points; else None."""
        if self.exact_edges:
            return None
        reads = [o.readings(facts) for o in self.options]
        if any(r[1] is UNKNOWN or r[2] is UNKNOWN for r in reads):
            return None
        pts, other = max(r[1] for r in reads), max(r[2] for r in reads)
        if pts == other:
            return None
        value = next(r[0] for r in reads if r[1] != r[2])
        return value, pts, other

    def cautious_points(self, facts: Facts) -> Any:
        """The points under the worse of the two edge readings: what a plan may count on. Remembered with
        the facts: a search for each higher level of points probes the same moved answers again."""
        key = ("cautious_points", id(self))
        got = facts.memo.get(key)
        if got is None:
            pts, used_default = self.points(facts)
            edge = None if used_default or pts is UNKNOWN else self.edge(facts)
            got = facts.memo[key] = (self, pts if edge is None else edge[2])  # self: its id stays its own
        return got[1]

    @property
    def value_exprs(self) -> list[Expr]:
        return [o.value for o in self.options if o.value is not None]


class Category(Struct, frozen=True):
    id: str
    title: dict[str, str]
    max: float


class Scorecard(Struct, frozen=True):
    id: str
    title: dict[str, str]
    source: str
    categories: tuple[Category, ...]
    indicators: tuple[Indicator, ...]
    chart_label: dict[str, str] | None = None  # the short name beside each category on the radar chart

    @property
    def max(self) -> float:
        return sum(c.max for c in self.categories)


class Condition(Struct, frozen=True):
    id: str
    title: dict[str, str]
    when: Expr | None  # None for score conditions
    source: str
    confidence: str
    group: str = "basic"  # basic | direct | prerequisite | compliance
    value: Expr | None = None
    threshold: Any = None
    op: str | None = None
    unit: dict[str, str] | None = None
    note: dict[str, str] | None = None
    score: tuple[str, str | None, float] | None = None  # (scorecard id, category or None, at least)
    review: bool = False  # judged by experts (e.g. the HNTE innovation score): never met offline, status "review"
    parts: tuple[Expr, ...] = ()  # the operands of a top-level "and", so the gap can fix each in turn
    evidence: tuple[str, ...] = ()  # document ids of rules/evidence.yaml that prove it
    loc: Loc = NOWHERE
    # how a renewal (复核) of the title judges this condition, where the text words it otherwise (the 2026
    # 专精特新 score: ≥50 in either of the last two years); same id, so the tier's ``pass`` is unchanged
    renewal: Condition | None = None

    __eq__, __hash__ = compared_without("loc")  # where it is written is not part of what it says

    def for_application(self, application: str) -> Condition:
        return self.renewal if application == "renewal" and self.renewal is not None else self


class Tier(Struct, frozen=True):
    id: str
    title: dict[str, str]
    pass_expr: Expr
    conditions: tuple[Condition, ...]
    scorecard: str | None
    note: dict[str, str] | None
    # the confidence of the set that wrote it: a low-confidence tier (a provincial overlay known from a
    # single third-party source) is never a verdict, only "verify against the official text"
    confidence: str = "high"
    horizon: str | None = None  # 0-6m | 6-18m | 18-36m: the earliest a plan may reach it


class CriteriaSet(Struct, frozen=True):
    id: str
    title: dict[str, str]
    document: str
    valid_from: dt.date
    valid_to: dt.date | None
    readings: tuple[dict[str, str], ...]
    scorecards: dict[str, Scorecard]
    tiers: tuple[Tier, ...]
    region: str = NATIONAL  # CN, or a province code such as CN-ZJ
    applies_to: tuple[str, ...] = APPLICATIONS  # new and/or renewal applications
    # tier id → the set that judges its renewals (复核) while this set is in force, where a notice keeps the
    # old rules for them (the 2026 little-giant notice 117号 keeps 63号); other tiers renew under this set
    renewed_under: dict[str, str] = field(default_factory=dict)
    confidence: str = "high"  # high | medium | low: how far the set's own text is known (docs/criteria_sets.md)
    borrowed: frozenset[str] = frozenset()  # tiers written in another set (``- use: set.tier``)

    def valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def applies(self, region: str, application: str) -> bool:
        """A national set applies to every region; a regional set only to its own."""
        return application in self.applies_to and self.region in (NATIONAL, region)

    @property
    def regional(self) -> bool:
        return self.region != NATIONAL


_OPS = {ast.GtE: "≥", ast.Gt: ">", ast.LtE: "≤", ast.Lt: "<", ast.Eq: "=", ast.NotEq: "≠"}


def _simple_comparison(text: str) -> tuple[str | None, str, Any] | None:
    """For ``lhs OP constant`` return (lhs text, op symbol, constant); else None."""
    try:
        tree = ast.parse(text.strip(), mode="eval").body
    except SyntaxError:
        return None
    if (isinstance(tree, ast.Compare) and len(tree.ops) == 1 and type(tree.ops[0]) in _OPS
            and isinstance(tree.comparators[0], ast.Constant)):
        return ast.unparse(tree.left), _OPS[type(tree.ops[0])], tree.comparators[0].value
    if isinstance(tree, ast.BoolOp) and isinstance(tree.op, ast.And):
        # "a >= 3 and b >= 3": one operator and one threshold for several figures (no single lhs)
        parts = [_simple_comparison(ast.unparse(v)) for v in tree.values]
        known = [p for p in parts if p is not None]
        if len(known) == len(parts) and len({(p[1], p[2]) for p in known}) == 1:
            return None, known[0][1], known[0][2]
    return None


def _and_parts(text: str, compile_part: Callable[[str], Expr | None]) -> tuple[Expr, ...]:
    tree = ast.parse(text.strip(), mode="eval").body
    if isinstance(tree, ast.BoolOp) and isinstance(tree.op, ast.And):
        parts = [compile_part(ast.unparse(v)) for v in tree.values]
        exprs = tuple(p for p in parts if p is not None)
        return exprs if len(exprs) == len(parts) else ()
    return ()


class CriteriaLoader:
    """Parses one criteria file. ``compile`` resolves names against questions, derived and symbols."""

    def __init__(self, ck: Checker, compile_fn: Callable[[Any, Loc], Expr | None],
                 unit_of: Callable[[str], dict[str, str] | None],
                 documents: Collection[str] | None = None) -> None:
        self.ck, self.compile, self.unit_of = ck, compile_fn, unit_of
        self.documents = documents  # the evidence catalogue's ids; None: not checked (no catalogue loaded)
        self._uses: dict[str, list[tuple[int, str, Loc]]] = {}  # set id → (position, "set.tier", where)
        self._renew_locs: dict[str, Loc] = {}

    def load_all(self, roots: list[Node]) -> list[CriteriaSet]:
        """Scorecards of every file first, so a set may use another's (``uses_scorecards``)."""
        ck = self.ck
        all_cards: dict[str, Scorecard] = {}
        own: list[dict[str, Scorecard]] = []
        for root in roots:
            cards: dict[str, Scorecard] = {}
            items = ck.items(root["scorecards"], root.value_loc("scorecards"), "scorecards") \
                if "scorecards" in root else []
            for loc, cn in items:
                card = self.scorecard(ck.mapping(cn, loc, "scorecard"))
                if card is None:
                    continue
                if card.id in all_cards:
                    ck.add(loc, DUPLICATE_ID, f"scorecard id '{card.id}' is defined twice")
                    continue
                cards[card.id] = all_cards[card.id] = card
            own.append(cards)
        out: list[CriteriaSet] = []
        for root, cards in zip(roots, own, strict=True):
            for i, cid in enumerate(root.get("uses_scorecards") or []):
                if cid in all_cards:
                    cards[cid] = all_cards[cid]
                else:
                    ck.add(root["uses_scorecards"].item_loc(i), BAD_VALUE, f"unknown scorecard '{cid}'")
            s = self.load(root, cards)
            if s is None:
                continue
            if s.id in {x.id for x in out}:
                ck.add(root.value_loc("id"), DUPLICATE_ID, f"criteria set id '{s.id}' is defined twice")
                continue
            out.append(s)
        resolved = [self._resolve_uses(s, out) for s in out]
        for s in resolved:
            for tid, other in s.renewed_under.items():
                rset = next((x for x in resolved if x.id == other), None)
                if rset is None or tid not in {t.id for t in rset.tiers} or tid not in {t.id for t in s.tiers} \
                        or "renewal" not in rset.applies_to:
                    self.ck.add(self._renew_locs[s.id], BAD_VALUE,
                                f"criteria '{s.id}': renewed_under {tid}: {other} names no renewal set with that tier")
        return resolved

    def _resolve_uses(self, s: CriteriaSet, sets: list[CriteriaSet]) -> CriteriaSet:
        """Put the tiers a set borrows (``- use: set.tier``) in their place, with the scorecards they need:
        one document's tier (e.g. 科技型中小企业, 115号) is written once and stands in every set of its time."""
        uses = self._uses.get(s.id)
        if not uses:
            return s
        tiers = list(s.tiers)
        cards = dict(s.scorecards)
        for pos, ref, loc in uses:
            set_id, _, tier_id = ref.partition(".")
            owner = next((x for x in sets if x.id == set_id), None)
            tier = next((t for t in owner.tiers if t.id == tier_id), None) if owner else None
            if owner is None or tier is None or owner is s:
                self.ck.add(loc, BAD_VALUE, f"criteria '{s.id}': 'use: {ref}' names no tier defined in another set")
                continue
            if tier.id in {t.id for t in tiers}:
                self.ck.add(loc, DUPLICATE_ID, f"criteria '{s.id}': tier id '{tier.id}' appears twice")
                continue
            tiers.insert(min(pos, len(tiers)), tier)
            for cid in {c.score[0] for c in tier.conditions if c.score} | ({tier.scorecard} - {None}):
                cards[cid] = owner.scorecards[cid]  # type: ignore[index]
        own = {t.id for t in s.tiers}
        return replace(s, tiers=tuple(tiers), scorecards=cards, borrowed=frozenset(t.id for t in tiers) - own)

    def load(self, root: Node, cards: dict[str, Scorecard]) -> CriteriaSet | None:
        ck = self.ck
        required = {"version", "id", "title", "document", "region", "applies_to", "valid_from", "tiers"}
        if not ck.keys(root, required, {"valid_to", "readings", "scorecards", "uses_scorecards", "renewed_under",
                                                "confidence"},
                       "criteria file") \
                and not required <= set(root):
            return None  # an unknown key alone does not hide the rest of the file's errors
        sid = ck.typed(root, "id", str, "criteria")
        if sid is not None and not _ID.match(sid):
            ck.add(root.value_loc("id"), BAD_VALUE, f"criteria id '{sid}' must be lower-case letters, digits and _")
        what = f"criteria '{sid}'"
        vf = ck.typed(root, "valid_from", dt.date, what)
        vt = ck.typed(root, "valid_to", dt.date, what)
        if vf and vt and vt < vf:
            ck.add(root.value_loc("valid_to"), BAD_VALUE, f"{what}: valid_to {vt} is before valid_from {vf}")
        region = ck.typed(root, "region", str, what)
        if region is not None and region != NATIONAL and region not in PROVINCES:
            ck.add(root.value_loc("region"), BAD_VALUE,
                   f"{what}: region '{region}' is neither {NATIONAL} nor a province code such as CN-ZJ")
        applies_to = self._applies_to(root, what)
        readings = ck.lang_list(root, "readings", what)
        confidence = root.get("confidence", "high")
        if confidence not in CONFIDENCE:
            ck.add(root.value_loc("confidence"), BAD_VALUE,
                   f"{what}: confidence must be one of {', '.join(CONFIDENCE)}")
        tiers: list[Tier] = []
        uses: list[tuple[int, str, Loc]] = []
        for i, tn in enumerate(ck.seq(root["tiers"], root.value_loc("tiers"), "tiers") or []):
            if isinstance(tn, Node) and "use" in tn:  # a tier defined in another set (resolved in load_all)
                if ck.keys(tn, {"use"}, set(), "tier reference") and isinstance(tn["use"], str) \
                        and "." in tn["use"]:
                    uses.append((i, tn["use"], tn.value_loc("use")))
                else:
                    ck.add(root["tiers"].item_loc(i), BAD_VALUE, "a tier reference is 'use: <set>.<tier>'")
                continue
            tier = self._tier(ck.mapping(tn, root["tiers"].item_loc(i), "tier"), cards)
            if tier is None:
                continue
            tier = replace(tier, confidence=confidence)
            if tier.id in {t.id for t in tiers}:
                ck.add(root["tiers"].item_loc(i), DUPLICATE_ID, f"{what}: tier id '{tier.id}' appears twice")
                continue
            tiers.append(tier)
        if not (sid and vf and region and applies_to):
            return None
        if uses:
            self._uses[sid] = uses
        renewed = ck.mapping(root["renewed_under"], root.value_loc("renewed_under"), f"{what}.renewed_under") \
            if "renewed_under" in root else None
        if renewed is not None and sid:
            self._renew_locs[sid] = root.value_loc("renewed_under")
        return CriteriaSet(sid, ck.text(root, "title", what) or {}, root.get("document", ""),
                           vf, vt, tuple(readings), cards, tuple(tiers), region, applies_to,
                           {str(k): str(v) for k, v in renewed.items()} if renewed is not None else {},
                           confidence if confidence in CONFIDENCE else "high")

    def _applies_to(self, root: Node, what: str) -> tuple[str, ...] | None:
        seq = self.ck.seq(root["applies_to"], root.value_loc("applies_to"), f"{what}.applies_to")
        if seq is None:
            return None
        bad = [(i, a) for i, a in enumerate(seq) if a not in APPLICATIONS]
        for i, a in bad:
            self.ck.add(seq.item_loc(i), BAD_VALUE, f"{what}: applies_to '{a}' is not one of {', '.join(APPLICATIONS)}")
        if not seq or len({str(a) for a in seq}) != len(seq):
            self.ck.add(root.value_loc("applies_to"), BAD_VALUE,
                        f"{what}: applies_to lists {' and/or '.join(APPLICATIONS)}, each once")
            return None
        return None if bad else tuple(seq)

    def _bandset(self, node: Node, what: str) -> BandSet | None:
        ck = self.ck
        value = self.compile(node["value"], node.value_loc("value")) if "value" in node else None
        bands = []
        seq = ck.seq(node.get("bands"), node.value_loc("bands"), f"{what}.bands") if "bands" in node else None
        if seq is None:
            if "bands" not in node:
                ck.add(node.loc, BAD_VALUE, f"{what} needs bands")
            return None
        for i, bn in enumerate(seq):
            b = ck.mapping(bn, seq.item_loc(i), f"{what}.bands[{i}]")
            if b is None:
                continue
            kinds = [k for k in b if k in _BAND_KEYS]
            if not ck.keys(b, set(), _BAND_KEYS | {"points"}, f"{what} band") or len(kinds) != 1:
                if len(kinds) != 1:
                    ck.add(b.loc, BAD_VALUE, f"{what} band needs exactly one of {', '.join(sorted(_BAND_KEYS))}")
                continue
            kind = kinds[0]
            if kind == "else":
                pts = ck.typed(b, "else", (int, float), f"{what} band")
                bands.append(Band("else", None, None, pts or 0))
                continue
            pts = ck.typed(b, "points", (int, float), f"{what} band")
            if pts is None:
                ck.add(b.loc, BAD_VALUE, f"{what} band needs points")
                continue
            if kind == "when":
                bands.append(Band("when", None, self.compile(b["when"], b.value_loc("when")), pts))
            else:
                if "value" not in node:  # (a value that failed to compile has its own error)
                    ck.add(b.loc, BAD_VALUE, f"{what}: a '{kind}' band needs the indicator's value")
                bound = ck.typed(b, kind, (int, float), f"{what} band")
                bands.append(Band(kind, bound, None, pts))
        return BandSet(value, tuple(bands))

    def scorecard(self, node: Node | None) -> Scorecard | None:
        ck = self.ck
        if node is None or not ck.keys(node, {"id", "title", "source", "categories", "indicators"}, {"chart_label"},
                                       "scorecard"):
            return None
        cid = ck.typed(node, "id", str, "scorecard")
        cats = []
        for i, c in enumerate(ck.seq(node["categories"], node.value_loc("categories"), "categories") or []):
            cn = ck.mapping(c, node["categories"].item_loc(i), "category")
            if cn is not None and ck.keys(cn, {"id", "title", "max"}, set(), "category"):
                cats.append(Category(cn["id"], ck.text(cn, "title", f"category '{cn['id']}'") or {},
                                     ck.typed(cn, "max", (int, float), "category", 0)))
        cat_ids = {c.id for c in cats}
        inds = []
        for i, x in enumerate(ck.seq(node["indicators"], node.value_loc("indicators"), "indicators") or []):
            n = ck.mapping(x, node["indicators"].item_loc(i), "indicator")
            if n is None or not ck.keys(n, {"id", "category", "title", "max", "confidence"},
                                        {"value", "bands", "best_of", "points", "default_points", "note",
                                         "bands_text", "exact_edges"},
                                        "indicator"):
                continue
            iid = n["id"]
            what = f"indicator '{iid}'"
            if n["category"] not in cat_ids:
                ck.add(n.value_loc("category"), BAD_VALUE, f"{what}: unknown category '{n['category']}'")
            self._confidence(n, what)
            options: list[BandSet | FormulaPoints | None] = []  # None: an option that failed to load
            mx = ck.typed(n, "max", (int, float), what, 0)
            if "points" in n:
                value = self.compile(n["value"], n.value_loc("value")) if "value" in n else None
                formula = self.compile(n["points"], n.value_loc("points"))
                options.append(FormulaPoints(value, formula, mx) if formula else None)
            elif "best_of" in n:
                for j, o in enumerate(ck.seq(n["best_of"], n.value_loc("best_of"), f"{what}.best_of") or []):
                    on = ck.mapping(o, n["best_of"].item_loc(j), f"{what}.best_of[{j}]")
                    if on is not None and ck.keys(on, {"value", "bands"}, set(), f"{what} option"):
                        options.append(self._bandset(on, what))
            else:
                options.append(self._bandset(n, what))
            for o in options:
                if o and any(b.points > mx for b in o.bands):
                    ck.add(n.loc, BAD_VALUE, f"{what}: a band gives more points than the maximum {mx}")
            loaded = tuple(o for o in options if o is not None)
            if len(loaded) == len(options):
                inds.append(Indicator(iid, n["category"], ck.text(n, "title", what) or {}, mx, n["confidence"],
                                      loaded, ck.typed(n, "default_points", (int, float), what),
                                      ck.text(n, "note", what), ck.text(n, "bands_text", what),
                                      ck.typed(n, "exact_edges", bool, what, False)))
        for c in cats:
            total = sum(i.max for i in inds if i.category == c.id)
            if total != c.max:
                ck.add(node.loc, BAD_VALUE,
                       f"scorecard '{cid}': indicators of '{c.id}' sum to {total}, the category max is {c.max}")
        return Scorecard(cid, ck.text(node, "title", f"scorecard '{cid}'") or {}, node["source"], tuple(cats),
                         tuple(inds), ck.text(node, "chart_label", f"scorecard '{cid}'"))

    def _confidence(self, n: Node, what: str) -> None:
        if n.get("confidence") not in CONFIDENCE:
            self.ck.add(n.value_loc("confidence"), BAD_VALUE,
                        f"{what}: confidence must be one of {', '.join(CONFIDENCE)}")

    def _tier(self, node: Node | None, cards: dict[str, Scorecard]) -> Tier | None:
        ck = self.ck
        if node is None or not ck.keys(node, {"id", "title", "pass", "conditions"}, {"scorecard", "note", "horizon"},
                                       "tier"):
            return None
        tid = node["id"]
        if not isinstance(tid, str) or not _ID.match(tid):
            ck.add(node.value_loc("id"), BAD_VALUE, f"tier id '{tid}' must be lower-case letters, digits and _")
        conds: list[Condition] = []
        for i, c in enumerate(ck.seq(node["conditions"], node.value_loc("conditions"), "conditions") or []):
            cond = self._condition(ck.mapping(c, node["conditions"].item_loc(i), "condition"), cards)
            if cond is None:
                continue
            if cond.id in [x.id for x in conds]:
                ck.add(cond.loc, DUPLICATE_ID, f"condition id '{cond.id}' appears twice in tier '{tid}'")
                continue
            conds.append(cond)
        ids = [c.id for c in conds]
        # A condition that failed to load has its own error; naming it in ``pass`` is not a second one.
        declared = {c["id"] for c in node["conditions"] if isinstance(c, Node) and isinstance(c.get("id"), str)} \
            if isinstance(node["conditions"], list) else set(ids)
        pass_expr = compile_expr(node["pass"], node.value_loc("pass"), declared.__contains__, ids, ck.errors)
        if pass_expr is not None:
            for unused in sorted(set(ids) - pass_expr.names):
                ck.add(node.value_loc("pass"), BAD_VALUE, f"tier '{tid}': condition '{unused}' is not used in pass")
        card = node.get("scorecard")
        if card is not None and card not in cards:
            ck.add(node.value_loc("scorecard"), BAD_VALUE, f"tier '{tid}': unknown scorecard '{card}'")
        horizon = node.get("horizon")
        if horizon is not None and horizon not in HORIZON_START_MONTHS:
            ck.add(node.value_loc("horizon"), BAD_VALUE,
                   f"tier '{tid}': horizon must be one of {', '.join(HORIZON_START_MONTHS)}")
        if pass_expr is None:
            return None
        return Tier(tid, ck.text(node, "title", f"tier '{tid}'") or {}, pass_expr, tuple(conds), card,
                    ck.text(node, "note", f"tier '{tid}'"),
                    horizon=horizon if horizon in HORIZON_START_MONTHS else None)

    def _condition(self, n: Node | None, cards: dict[str, Scorecard], renewal_of: str | None = None
                   ) -> Condition | None:
        ck = self.ck
        required = {"title", "source", "confidence"} | ({"id"} if renewal_of is None else set())
        optional = {"when", "score", "review", "group", "value", "threshold", "note", "evidence"}
        if n is None or not ck.keys(n, required, optional | ({"renewal"} if renewal_of is None else set()),
                                    "condition" if renewal_of is None else f"condition '{renewal_of}'.renewal"):
            return None
        cid = n["id"] if renewal_of is None else renewal_of
        what = f"condition '{cid}'" if renewal_of is None else f"condition '{cid}'.renewal"
        renewal = None
        if renewal_of is None and "renewal" in n:
            renewal = self._condition(ck.mapping(n["renewal"], n.value_loc("renewal"), f"{what}.renewal"), cards,
                                      renewal_of=cid)
            if renewal is None:
                return None
        self._confidence(n, what)
        # a renewal wording is proved by the condition's documents unless it names its own
        evidence = self._evidence(n, what) if renewal_of is None or "evidence" in n else ()
        group = n.get("group", "basic")
        if group not in ("basic", "direct", "prerequisite", "compliance"):
            ck.add(n.value_loc("group"), BAD_VALUE, f"{what}: unknown group '{group}'")
        if renewal is not None and "group" not in n["renewal"]:
            renewal = replace(renewal, group=group)  # a knock-out stays a knock-out on renewal
        if renewal is not None and not renewal.evidence:
            renewal = replace(renewal, evidence=evidence)
        score = None
        when = value = None
        threshold = n.get("threshold")
        if isinstance(threshold, Node):  # a worded threshold: both languages, like every text
            threshold = ck.lang_map(threshold, n.value_loc("threshold"), f"{what}.threshold")
        op = None
        unit = None
        if ("when" in n) + ("score" in n) + ("review" in n) != 1:
            ck.add(n.loc, BAD_VALUE, f"{what} needs exactly one of 'when', 'score' or 'review'")
            return None
        if "review" in n:
            if n["review"] is not True:
                ck.add(n.value_loc("review"), BAD_VALUE, f"{what}: review must be true")
            return Condition(cid, ck.text(n, "title", what) or {}, None, str(n["source"]), n["confidence"], group,
                             None, threshold, None, None, ck.text(n, "note", what), None, True, (), evidence, n.loc,
                             renewal)
        if "score" in n:
            sn = ck.mapping(n["score"], n.value_loc("score"), f"{what}.score")
            if sn is None or not ck.keys(sn, {"card", "at_least"}, {"category"}, f"{what}.score"):
                return None
            if sn["card"] not in cards:
                ck.add(sn.value_loc("card"), BAD_VALUE, f"{what}: unknown scorecard '{sn['card']}'")
                return None
            cat = sn.get("category")
            if cat is not None and cat not in {c.id for c in cards[sn["card"]].categories}:
                ck.add(sn.value_loc("category"), BAD_VALUE, f"{what}: unknown category '{cat}'")
                return None
            score = (sn["card"], cat, ck.typed(sn, "at_least", (int, float), what, 0))
            threshold, op = score[2], "≥"
        else:
            when = self.compile(n["when"], n.value_loc("when"))
            if when is None:
                return None
            simple = _simple_comparison(when.text)
            if "value" in n:
                value = self.compile(n["value"], n.value_loc("value"))
            elif simple and (lhs := simple[0]) is not None:
                value = self.compile(lhs, n.value_loc("when"))
            if simple and (threshold is None or threshold == simple[2]):
                threshold, op = simple[2], simple[1]
            if value is not None:
                unit = self.unit_of(value.text)
            parts = _and_parts(when.text, lambda t: self.compile(t, n.value_loc("when")))
        return Condition(cid, ck.text(n, "title", what) or {}, when, str(n["source"]), n["confidence"], group,
                         value, threshold, op, unit, ck.text(n, "note", what), score, False,
                         parts if score is None else (), evidence, n.loc, renewal)

    def _evidence(self, n: Node, what: str) -> tuple[str, ...]:
        """The documents that prove a condition: at least one, each in the catalogue (rules/evidence.yaml)."""
        ck = self.ck
        if "evidence" not in n:
            ck.add(n.loc, MISSING_KEY, f"{what} lacks required key 'evidence' (the documents that prove it, "
                                       "ids of rules/evidence.yaml)")
            return ()
        seq = ck.seq(n["evidence"], n.value_loc("evidence"), f"{what}.evidence")
        if seq is None:
            return ()
        if not seq:
            ck.add(n.value_loc("evidence"), BAD_VALUE, f"{what}: evidence names no document")
        out: list[str] = []
        for i, did in enumerate(seq):
            if not isinstance(did, str) or (self.documents is not None and did not in self.documents):
                known = ", ".join(sorted(self.documents or ()))
                ck.add(seq.item_loc(i), UNKNOWN_ID, f"{what}: unknown evidence document {did!r} (known: {known})")
            elif did in out:
                ck.add(seq.item_loc(i), DUPLICATE_ID, f"{what}: evidence document '{did}' is named twice")
            else:
                out.append(did)
        return tuple(out)


# -- evaluation ---------------------------------------------------------------------------------


def indicator_names(ind: Indicator) -> set[str]:
    """Every name an indicator's points depend on."""
    names: set[str] = set()
    for o in ind.options:
        if o.value is not None:
            names |= o.value.names
        if isinstance(o, FormulaPoints):
            names |= o.formula.names
        for b in o.bands:
            if b.when is not None:
                names |= b.when.names
    return names


def score_card(card: Scorecard, facts: Facts, cautious: bool = False) -> dict[str, Any]:
    """Points per indicator and category; ``total`` counts known points, ``total_max`` adds unknowns' max.
    ``cautious`` scores every edge value under the worse reading (a plan never relies on an edge)."""
    by_ind: dict[str, Any] = {}
    by_cat = {c.id: 0.0 for c in card.categories}
    cat_max_extra = {c.id: 0.0 for c in card.categories}
    unknown, defaulted = [], []
    edges: list[dict[str, Any]] = []
    edge_delta = {c.id: 0.0 for c in card.categories}  # what the other edge reading would take off
    for ind in card.indicators:
        pts, used_default = ind.points(facts)
        by_ind[ind.id] = None if pts is UNKNOWN else pts
        edge = None if used_default or pts is UNKNOWN else ind.edge(facts)
        if edge is not None:
            edges.append({"indicator": ind.id, "value": edge[0], "points": edge[1],
                          "other_reading_points": edge[2]})
            edge_delta[ind.category] += edge[2] - edge[1]
            if cautious:
                pts = by_ind[ind.id] = edge[2]
        if used_default:
            defaulted.append(ind.id)
        if pts is UNKNOWN:
            unknown.append(ind.id)
            cat_max_extra[ind.category] += ind.max
        else:
            by_cat[ind.category] += pts
    total = sum(by_cat.values())
    return {"total": total, "total_max": total + sum(cat_max_extra.values()), "max": card.max,
            "by_indicator": by_ind, "by_category": by_cat,
            "by_category_max": {k: by_cat[k] + cat_max_extra[k] for k in by_cat},
            "unknown": unknown, "defaulted": defaulted, "edges": edges,
            "by_category_other": dict(by_cat) if cautious else {k: by_cat[k] + edge_delta[k] for k in by_cat}}


def condition_status(cond: Condition, facts: Facts, cards: dict[str, dict[str, Any]]) -> str:
    if cond.review:
        return "review"
    if cond.score:
        card_id, cat, at_least = cond.score
        s = cards[card_id]
        got = s["by_category"][cat] if cat else s["total"]
        best = s["by_category_max"][cat] if cat else s["total_max"]
        return "met" if got >= at_least else ("unmet" if best < at_least else "unknown")
    assert cond.when is not None  # a condition is a score or an expression
    return status_of(cond.when(facts))


def condition_on_edge(cond: Condition, cards: dict[str, dict[str, Any]]) -> bool:
    """Whether the other band-edge reading would change this score condition's verdict (a gate on an
    answer has no shared edge: "10%以上" alone includes 10%)."""
    if not cond.score or cond.review:
        return False
    card_id, cat, at_least = cond.score
    s = cards[card_id]
    if not s["edges"]:
        return False
    got: float = s["by_category"][cat] if cat else s["total"]
    other: float = s["by_category_other"][cat] if cat else sum(s["by_category_other"].values())
    return got >= at_least > other  # the other reading only ever takes points off


def tier_status(tier: Tier, statuses: dict[str, str]) -> str:
    """met / unmet / unknown, or ``review`` when the tier passes only if the expert-reviewed conditions do:
    everything the app can judge is met, and an expert decides the rest."""
    def run(review: Any) -> str:
        env = {k: (True if v == "met" else False if v == "unmet" else review if v == "review" else UNKNOWN)
               for k, v in statuses.items()}
        return status_of(tier.pass_expr(env.__getitem__))
    status = run(UNKNOWN)
    if status == "unknown" and "review" in statuses.values() and run(True) == "met":
        return "review"
    return status
