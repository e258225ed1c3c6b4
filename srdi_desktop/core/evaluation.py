"""The Evaluation of one assessment as frozen types, and its JSON (DESIGN §4, ``srdi-evaluation/1``).

``evaluate()`` builds it; the CLI prints ``to_json()``; a final assessment stores that JSON and reads it
back with ``from_json()``, so a frozen report is drawn from what was decided then — titles and texts
included — never from today's rules. ``from_json`` also reads results stored before the format tag
existed (keys added since are optional and default to "not known").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from typing import Any, ClassVar, TypeVar

from msgspec import Struct, field

FORMAT = "srdi-evaluation/1"
LangMap = dict[str, str]  # {zh: …, en: …}

T = TypeVar("T")
J = TypeVar("J", bound="_Json")


def _to_json(v: Any) -> Any:
    if isinstance(v, _Json):
        return v.to_json()
    if isinstance(v, tuple):
        return [_to_json(x) for x in v]
    return v


class _Json(Struct, frozen=True):
    """Field order is key order; ``_RENAMED`` maps a field to its JSON key where Python forbids the name."""

    _RENAMED: ClassVar[dict[str, str]] = {}

    def to_json(self) -> dict[str, Any]:
        return {self._RENAMED.get(f, f): _to_json(getattr(self, f)) for f in self.__struct_fields__}


def _build(cls: type[J], d: Mapping[str, Any], **convert: Callable[[Any], Any]) -> J:
    """``cls`` from its JSON: missing keys take the field's default, ``convert`` rebuilds nested parts."""
    kw: dict[str, Any] = {}
    for name in cls.__struct_fields__:
        key = cls._RENAMED.get(name, name)
        if key not in d:
            continue  # an older result: the field's default says "not recorded"
        v = d[key]
        if name in convert and v is not None:
            v = convert[name](v)
        kw[name] = v
    return cls(**kw)


def _many(cls: Callable[[Mapping[str, Any]], T]) -> Callable[[Any], tuple[T, ...]]:
    return lambda items: tuple(cls(x) for x in items)


def _strs(items: Any) -> tuple[str, ...]:
    return tuple(items)


# -- criteria, conditions, gaps ------------------------------------------------------------------


class CriteriaRef(_Json, frozen=True):
    """Which official criteria set scored it, and the readings chosen where the text is ambiguous."""

    id: str
    title: LangMap = field(default_factory=dict)
    document: str = ""
    valid_from: str | None = None
    valid_to: str | None = None
    readings: tuple[LangMap, ...] = ()
    chosen_by: str = "date"  # date | override
    region: str = "CN"  # CN, or a province code for a regional set
    applies_to: tuple[str, ...] = ("new",)  # new and/or renewal
    confidence: str = "high"  # the set's own: a low one gives "verify", never a verdict

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> CriteriaRef:
        return _build(cls, d, readings=tuple, applies_to=_strs)


class EvidenceRef(_Json, frozen=True):
    """A document that proves a condition (rules/evidence.yaml): its id and name as when evaluated."""

    id: str
    name: LangMap = field(default_factory=dict)

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> EvidenceRef:
        return _build(cls, d)


class ConditionResult(_Json, frozen=True):
    id: str
    title: LangMap
    group: str = "basic"
    status: str = "unknown"  # met | unmet | unknown | review (an expert decides: never met offline)
    value: Any = None
    value_of: str | None = None  # the expression whose value ``value`` is
    threshold: Any = None  # a number, a bool, or a {zh, en} text
    op: str | None = None
    unit: LangMap | None = None
    formula: str = ""
    source: str = ""
    confidence: str = "high"
    note: LangMap | None = None
    # tiers met in this evaluation whose title this unmet condition asks for: "apply for it" (e.g. a firm
    # that passes 115号 but is not registered as a technology-based SME yet)
    can_apply: tuple[str, ...] = ()
    # met only under the stated band-edge rule: the other reading of an edge value would fail it
    on_edge: bool = False
    # answers only the official platform gives, recorded from another source: the condition is "review"
    # ("needs checking before you apply") instead of met
    unverified: tuple[str, ...] = ()
    # the documents (佐证材料) that prove it; empty in results stored before evidence was recorded
    evidence: tuple[EvidenceRef, ...] = ()

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> ConditionResult:
        return _build(cls, d, can_apply=_strs, unverified=_strs, evidence=_many(EvidenceRef.from_json))


class Change(_Json, frozen=True):
    """One answer moved: ``id`` from ``old`` to ``new`` (JSON: id, from, to)."""

    _RENAMED = {"old": "from", "new": "to"}

    id: str
    old: Any
    new: Any

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Change:
        return _build(cls, d)


class GapOption(_Json, frozen=True):
    """One way to pass: these changes together (for scores: the points an indicator gains)."""

    changes: tuple[Change, ...]
    gain: float | None = None
    indicator: str | None = None
    cost: float = 0.0

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> GapOption:
        return _build(cls, d, changes=_many(Change.from_json))


class Gap(_Json, frozen=True):
    """What a failing condition needs: answers to fill in, points, or the cheapest changes."""

    condition: str
    title: LangMap
    status: str
    missing: tuple[str, ...] = ()
    missing_indicators: tuple[str, ...] = ()
    points_needed: float | None = None
    options: tuple[GapOption, ...] = ()
    # answers marked "not applicable" (a year before the firm existed): the condition cannot be computed
    not_applicable: tuple[str, ...] = ()

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Gap:
        return _build(cls, d, missing=_strs, missing_indicators=_strs, options=_many(GapOption.from_json),
                      not_applicable=_strs)


class TierResult(_Json, frozen=True):
    id: str
    title: LangMap
    eligible: bool
    # eligible | not_eligible | needs_answers | needs_review (all the app can judge is met; an expert
    # decides the rest, e.g. the HNTE innovation score) | verify (a low-confidence tier: answered, but
    # known only from a single unofficial source, so no verdict)
    status: str
    score: float | None = None
    score_max: float | None = None
    scorecard: str | None = None
    note: LangMap | None = None
    conditions: tuple[ConditionResult, ...] = ()
    gap: tuple[Gap, ...] = ()
    # core.plan's verified plan ({"assessed_on", "fiscal_year", "answers", "changes", "verified"}) or
    # {"blocked_by", "reason"}; None when eligible or when plans were not asked for
    plan: Mapping[str, Any] | None = None
    application: str = "new"  # new | renewal (复核 of the title the firm holds)
    criteria: str | None = None  # the set that judged this tier (a renewal may use another than the date's)
    criteria_document: str | None = None  # that set's document number, for readers
    recognised_year: int | None = None  # the title held: recognised in, and expiring at the end of validity
    expires_year: int | None = None

    def to_json(self) -> dict[str, Any]:
        out = super().to_json()
        del out["id"]  # the key of the tiers object
        return out

    @classmethod
    def from_json(cls, tid: str, d: Mapping[str, Any]) -> TierResult:
        return _build(cls, {**d, "id": tid}, conditions=_many(ConditionResult.from_json),
                      gap=_many(Gap.from_json))

    @property
    def on_ladder(self) -> bool:
        """A rung the firm applies for on these criteria; not a self-check whose verdict needs experts
        (a ``review`` condition, e.g. 高企) nor a low-confidence set's tier shown only to ``verify``."""
        return self.status != "verify" and not any(c.status == "review" for c in self.conditions)

    @property
    def condition_status(self) -> str:
        """The tier's status in the words of a condition (met / unmet / unknown), e.g. for its colour."""
        return {"eligible": "met", "not_eligible": "unmet", "needs_review": "review"}.get(self.status, "unknown")


# -- scorecards ----------------------------------------------------------------------------------


class CategoryResult(_Json, frozen=True):
    id: str
    title: LangMap
    max: float

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> CategoryResult:
        return _build(cls, d)


class IndicatorResult(_Json, frozen=True):
    id: str
    title: LangMap
    category: str
    max: float
    confidence: str = "high"
    note: LangMap | None = None
    value: Any = None
    value_of: str | None = None
    defaulted: bool = False

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> IndicatorResult:
        return _build(cls, d)


class EdgeResult(_Json, frozen=True):
    """An indicator whose value sits exactly on a band edge that the two readings score differently."""

    indicator: str
    value: Any
    points: float
    other_reading_points: float

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> EdgeResult:
        return _build(cls, d)


class ScorecardResult(_Json, frozen=True):
    id: str
    title: LangMap
    source: str
    total: float
    max: float
    total_if_unknown_max: float | None = None
    by_indicator: dict[str, float | None] = field(default_factory=dict)  # None: not known
    by_category: dict[str, float] = field(default_factory=dict)
    categories: tuple[CategoryResult, ...] = ()
    indicators: tuple[IndicatorResult, ...] = ()
    unknown: tuple[str, ...] = ()
    defaulted: tuple[str, ...] = ()
    chart_label: LangMap | None = None  # the radar's short name, declared by the criteria set
    edges: tuple[EdgeResult, ...] = ()  # values exactly on an ambiguous band edge (criteria.EDGE_RULE)

    def to_json(self) -> dict[str, Any]:
        out = super().to_json()
        del out["id"]  # the key of the scorecards object
        return out

    @classmethod
    def from_json(cls, cid: str, d: Mapping[str, Any]) -> ScorecardResult:
        return _build(cls, {**d, "id": cid}, categories=_many(CategoryResult.from_json),
                      indicators=_many(IndicatorResult.from_json), unknown=_strs, defaulted=_strs,
                      edges=_many(EdgeResult.from_json))


# -- diagnosis and advice ------------------------------------------------------------------------


class DigitalResult(_Json, frozen=True):
    """Where the digital level came from: ``platform`` (the official test), ``estimate`` or None."""

    source: str | None
    level: int | None
    confidence: str | None = None
    base_score: float | None = None
    base_max: float | None = None
    scenarios_at_level: Any = None
    constrained_at_level: Any = None
    unknown_items: Any = None

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> DigitalResult:
        return _build(cls, {"source": None, "level": None, **d})


class ModeResult(_Json, frozen=True):
    """The four-mode diagnosis: signal counts, the chosen mode's title and text, every mode's title."""

    signals: dict[str, int]
    source: str = ""
    note: LangMap | None = None
    title: LangMap | None = None
    text: LangMap | None = None
    titles: dict[str, LangMap] = field(default_factory=dict)  # every mode, for the quadrant chart
    # per axis side, the signals that counted ({"id", "label"}): the reasons for the diagnosis
    evidence: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> ModeResult:
        return _build(cls, d)


class BenchmarkRef(_Json, frozen=True):
    id: str
    value: Any
    unit: Any
    text: LangMap
    source: str

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> BenchmarkRef:
        return _build(cls, d)


class Finding(_Json, frozen=True):
    """An advice rule that fired, with its texts as they were when it fired."""

    id: str
    kind: str  # action | diagnostic | consistency
    priority: str
    horizon: str
    effort: str
    path: str
    source: str
    title: LangMap
    finding: LangMap
    steps: tuple[LangMap, ...] = ()
    fields: tuple[str, ...] = ()
    benchmark: BenchmarkRef | None = None
    path_title: LangMap | None = None
    basis: str = ""  # paper | official | practice ("" in results stored before provenance was recorded)
    basis_label: LangMap | None = None  # "依据：论文 004 §四(二)" / "通行做法"
    quote: str | None = None  # the sentence of the paper the rule rests on
    closes: tuple[str, ...] = ()  # "<tier>.<condition>" it helps close that were unmet when it fired

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Finding:
        return _build(cls, d, steps=tuple, fields=_strs, benchmark=BenchmarkRef.from_json, closes=_strs)


# -- the whole -----------------------------------------------------------------------------------


class Evaluation(Struct, frozen=True):
    criteria: CriteriaRef
    assessed_on: dt.date
    rules_hash: str
    sme_size: str | None
    digital_level: int | None
    digital: DigitalResult
    mode: str | None
    mode_detail: ModeResult
    tiers: tuple[TierResult, ...]
    scorecards: tuple[ScorecardResult, ...]
    derived: dict[str, Any]
    findings: tuple[Finding, ...]

    def tier(self, tid: str) -> TierResult | None:
        return next((t for t in self.tiers if t.id == tid), None)

    def scorecard(self, cid: str) -> ScorecardResult | None:
        return next((c for c in self.scorecards if c.id == cid), None)

    def indicator_titles(self) -> dict[str, LangMap]:
        return {i.id: i.title for card in self.scorecards for i in card.indicators}

    def findings_of(self, kind: str) -> Iterator[Finding]:
        return (f for f in self.findings if f.kind == kind)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "criteria": self.criteria.to_json(),
            "assessed_on": self.assessed_on.isoformat(),
            "rules_hash": self.rules_hash,
            "sme_size": self.sme_size,
            "digital_level": self.digital_level,
            "digital": self.digital.to_json(),
            "mode": self.mode,
            "mode_detail": self.mode_detail.to_json(),
            "tiers": {t.id: t.to_json() for t in self.tiers},
            "scorecards": {c.id: c.to_json() for c in self.scorecards},
            "derived": self.derived,
            "findings": [f.to_json() for f in self.findings],
        }

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Evaluation:
        """Reads ``srdi-evaluation/1`` and the untagged results stored before it; refuses other formats."""
        fmt = d.get("format")
        if fmt not in (None, FORMAT):
            raise ValueError(f"not an evaluation this version reads: format {fmt!r}")
        return cls(
            criteria=CriteriaRef.from_json(d["criteria"]),
            assessed_on=dt.date.fromisoformat(d["assessed_on"]),
            rules_hash=d.get("rules_hash", ""),
            sme_size=d.get("sme_size"),
            digital_level=d.get("digital_level"),
            digital=DigitalResult.from_json(d.get("digital") or {}),
            mode=d.get("mode"),
            mode_detail=ModeResult.from_json(d.get("mode_detail") or {"signals": {}}),
            # a result stored before tiers named their own set was judged wholly by its criteria set
            tiers=tuple(TierResult.from_json(tid, {"criteria": d["criteria"].get("id"),
                                                   "criteria_document": d["criteria"].get("document"), **t})
                        for tid, t in d["tiers"].items()),
            scorecards=tuple(ScorecardResult.from_json(cid, c) for cid, c in (d.get("scorecards") or {}).items()),
            derived=dict(d.get("derived") or {}),
            findings=tuple(Finding.from_json(f) for f in d.get("findings") or ()),
        )
