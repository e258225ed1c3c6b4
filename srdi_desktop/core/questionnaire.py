"""The questionnaire: sections of typed questions, loaded from forms/*.yaml."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from msgspec import Struct, field
from msgspec.structs import force_setattr

from .errors import BAD_VALUE, DUPLICATE_ID, NOWHERE, ContentError, Loc, compared_without
from .expr import Expr, compile_expr
from .schema import Checker
from .yamlsrc import Node, load_yaml_text

TYPES = ("text", "int", "number", "money", "pct", "choice", "multichoice", "bool", "date")
NUMERIC = ("int", "number", "money", "pct")
LEVERS = ("up", "down", "none")
# What "copy as next year's" does with an answer: keep it, or carry it marked "to review" (a year-end
# figure such as the debt ratio is last year's balance sheet, not this year's). Yearly _yN figures shift.
ROLLOVERS = ("keep", "review")
CHECKS = ("credit_code",)

# Answer markers for "not applicable" and "don't know". Both make dependent conditions UNKNOWN.
NA = "n/a"
DONT_KNOW = "unknown"
MARKERS = (NA, DONT_KNOW)


class Choice(Struct, frozen=True):
    value: str
    label: dict[str, str]


class Question(Struct, frozen=True):
    id: str
    type: str
    label: dict[str, str]
    help: dict[str, str]
    section: str
    unit: dict[str, str] | None = None
    min: float | None = None
    max: float | None = None
    step: float | None = None
    required: bool = False
    allow_na: bool = False
    allow_unknown: bool = False
    choices: tuple[Choice, ...] = ()
    show_if: Expr | None = None
    lever: str = "none"  # which way improves the firm's standing; the gap search moves levers only
    max_length: int | None = None
    check: str | None = None
    max_ref: str | None = None  # another question whose answer caps this one (e.g. a subset count)
    rollover: str = "keep"  # one of ROLLOVERS
    # Where the question or its threshold comes from (a document number, a paper section): shown apart
    # from the help, which says in plain words what the question means and why it matters.
    basis: dict[str, str] | None = None
    # A count asked as a checklist: the number of items ticked in this multichoice question. The wizard
    # asks the checklist; the count keeps its id for the rules and for files saved with a bare count.
    count_of: str | None = None
    loc: Loc = NOWHERE

    __eq__, __hash__ = compared_without("loc")  # where it is written is not part of what it says

    @property
    def numeric(self) -> bool:
        return self.type in NUMERIC

    def choice_values(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.choices)

    def choice_label(self, value: str, lang: str) -> str:
        for c in self.choices:
            if c.value == value:
                return c.label.get(lang, value)
        return value


class Section(Struct, frozen=True):
    id: str
    order: int
    title: dict[str, str]
    intro: dict[str, str] | None
    questions: tuple[Question, ...]
    basis: dict[str, str] | None = None  # the source of the intro, shown apart from it


class Questionnaire(Struct, frozen=True):
    sections: tuple[Section, ...]
    by_id: dict[str, Question]
    # Units ({zh, en}) of the derived figures (rules/derived.yaml), set when the content loads, so that
    # everything holding the questionnaire formats a derived value like an answer.
    derived_units: dict[str, dict[str, str]] = field(default_factory=dict)

    __eq__, __hash__ = compared_without("derived_units")  # the units follow from the content's derived figures

    def __contains__(self, qid: str) -> bool:
        return qid in self.by_id

    def __getitem__(self, qid: str) -> Question:
        return self.by_id[qid]

    @property
    def questions(self) -> list[Question]:
        return [q for s in self.sections for q in s.questions]

    def counted(self, qid: str, answers: Mapping[str, Any]) -> Any:
        """The answer to ``qid`` as the rules read it: for a count asked as a checklist (``count_of``), the
        number of items ticked once the checklist is answered ('unknown' when it is), else the stored value
        (a file saved with a bare count)."""
        q = self.by_id[qid]
        if q.count_of is not None:
            items = answers.get(q.count_of)
            if isinstance(items, list):
                return len(items)
            if items == DONT_KNOW:
                return DONT_KNOW
        return answers.get(qid)


# The unit an amount is typed in; shown in words once typed (core.format: "8,200 万元", "RMB 82 million").
_UNITS = {"money": {"zh": "万元", "en": "(10k CNY)"}, "pct": {"zh": "%", "en": "%"}}
_Q_REQUIRED = {"id", "type", "label", "help"}
_Q_OPTIONAL = {"unit", "min", "max", "step", "required", "allow_na", "allow_unknown", "choices", "show_if",
               "lever", "max_length", "check", "source", "max_ref", "rollover", "basis",
               "count_of"}


def _question(ck: Checker, node: Node, section: str,
              pending_show_if: list[tuple[Question, Any, Loc]]) -> Question | None:
    if not ck.keys(node, _Q_REQUIRED, _Q_OPTIONAL, "question"):
        if not _Q_REQUIRED <= set(node):
            return None
    qid = ck.typed(node, "id", str, "question")
    qtype = ck.typed(node, "type", str, "question")
    if not qid or not qtype:
        return None
    what = f"question '{qid}'"
    if qtype not in TYPES:
        ck.add(node.value_loc("type"), BAD_VALUE, f"{what}: type '{qtype}' is not one of {', '.join(TYPES)}")
        return None
    label = ck.text(node, "label", what) or {}
    help_ = ck.text(node, "help", what) or {}
    unit = ck.text(node, "unit", what) or _UNITS.get(qtype)
    num = (int, float)
    lo = ck.typed(node, "min", num, what, 0 if qtype in ("money", "pct") else None)
    hi = ck.typed(node, "max", num, what, 100 if qtype == "pct" else None)
    if qtype in NUMERIC and (lo is None or hi is None):
        ck.add(node.loc, BAD_VALUE, f"{what}: a {qtype} question needs min and max")
    if lo is not None and hi is not None and lo > hi:
        ck.add(node.value_loc("min"), BAD_VALUE, f"{what}: min {lo} is above max {hi}")
    choices: list[Choice] = []
    if "choices" in node:
        for i, (loc, c) in enumerate(ck.items(node["choices"], node.value_loc("choices"), f"{what}.choices")):
            cn = ck.mapping(c, loc, f"{what}.choices[{i}]")
            if cn is None or not ck.keys(cn, {"value", "label"}, set(), f"{what} choice"):
                continue
            value = ck.typed(cn, "value", str, f"{what} choice")
            text = ck.text(cn, "label", f"{what} choice '{value}'")
            if value and text:
                if value in [x.value for x in choices]:
                    ck.add(cn.value_loc("value"), DUPLICATE_ID, f"{what}: choice '{value}' appears twice")
                choices.append(Choice(value, text))
    if qtype in ("choice", "multichoice") and not choices:
        ck.add(node.loc, BAD_VALUE, f"{what}: a {qtype} question needs choices")
    lever = ck.typed(node, "lever", str, what, "none")
    if lever not in LEVERS:
        ck.add(node.value_loc("lever"), BAD_VALUE, f"{what}: lever must be one of {', '.join(LEVERS)}")
        lever = "none"
    check = ck.typed(node, "check", str, what)
    if check is not None and check not in CHECKS:
        ck.add(node.value_loc("check"), BAD_VALUE, f"{what}: check must be one of {', '.join(CHECKS)}")
    rollover = ck.typed(node, "rollover", str, what, "keep")
    if rollover not in ROLLOVERS:
        ck.add(node.value_loc("rollover"), BAD_VALUE, f"{what}: rollover must be one of {', '.join(ROLLOVERS)}")
        rollover = "keep"
    q = Question(
        id=qid, type=qtype, label=label, help=help_, section=section, unit=unit,
        min=lo, max=hi, step=ck.typed(node, "step", num, what),
        required=ck.typed(node, "required", bool, what, False),
        allow_na=ck.typed(node, "allow_na", bool, what, False),
        allow_unknown=ck.typed(node, "allow_unknown", bool, what, False),
        choices=tuple(choices), lever=lever,
        max_length=ck.typed(node, "max_length", int, what), check=check,
        max_ref=ck.typed(node, "max_ref", str, what), rollover=rollover, basis=ck.text(node, "basis", what),
        count_of=ck.typed(node, "count_of", str, what), loc=node.loc,
    )
    if "show_if" in node:
        pending_show_if.append((q, node["show_if"], node.value_loc("show_if")))
    return q


def parse_questionnaire(files: list[tuple[str, str]], errors: list[ContentError]) -> Questionnaire:
    """Build a questionnaire from (path, text) pairs; problems go to ``errors``."""
    ck = Checker(errors)
    sections: list[Section] = []
    by_id: dict[str, Question] = {}
    pending: list[tuple[Question, Any, Loc]] = []
    for path, text in files:
        doc = load_yaml_text(text, path, errors)
        if doc is None:
            continue
        root = ck.mapping(doc, Loc(path, 1, 1), "a form file")
        if root is None or not ck.keys(root, {"version", "section", "questions"}, set(), "form file"):
            continue
        sec = ck.mapping(root["section"], root.value_loc("section"), "section")
        if sec is None or not ck.keys(sec, {"id", "order", "title"}, {"intro", "basis"}, "section"):
            continue
        sid = ck.typed(sec, "id", str, "section") or "?"
        qs: list[Question] = []
        for i, qn in enumerate(ck.seq(root["questions"], root.value_loc("questions"), "questions") or []):
            node = ck.mapping(qn, root["questions"].item_loc(i), f"questions[{i}]")
            q = _question(ck, node, sid, pending) if node is not None else None
            if q is None:
                continue
            if q.id in by_id:
                ck.add(q.loc, DUPLICATE_ID, f"question id '{q.id}' is already defined at {by_id[q.id].loc}")
                continue
            by_id[q.id] = q
            qs.append(q)
        sections.append(Section(sid, ck.typed(sec, "order", int, "section", 0),
                                ck.text(sec, "title", f"section '{sid}'") or {"zh": sid, "en": sid},
                                ck.text(sec, "intro", f"section '{sid}'"), tuple(qs),
                                ck.text(sec, "basis", f"section '{sid}'")))
    for q in by_id.values():
        if q.max_ref is not None and (q.max_ref not in by_id or not by_id[q.max_ref].numeric or not q.numeric):
            errors.append(ContentError(q.loc, BAD_VALUE,
                                       f"question '{q.id}': max_ref '{q.max_ref}' must be a numeric question"))
    for q in by_id.values():
        if q.count_of is None:
            continue
        items = by_id.get(q.count_of)
        if items is None or items.type != "multichoice" or q.type != "int":
            errors.append(ContentError(q.loc, BAD_VALUE, f"question '{q.id}': count_of '{q.count_of}' must be a "
                                                         f"multichoice question and '{q.id}' an int"))
        elif q.max != len(items.choices):
            errors.append(ContentError(q.loc, BAD_VALUE, f"question '{q.id}': max {q.max} is not the "
                                                         f"{len(items.choices)} items of '{q.count_of}'"))
    # show_if may refer to questions of any section, so compile after all are known.
    for q, text, loc in pending:
        expr = compile_expr(text, loc, by_id.__contains__, by_id, errors)
        if expr is not None:
            force_setattr(q, "show_if", expr)  # frozen once built; this is its last step
    sections.sort(key=lambda s: (s.order, s.id))
    rebuilt = tuple(Section(s.id, s.order, s.title, s.intro, tuple(by_id[q.id] for q in s.questions), s.basis)
                    for s in sections)
    return Questionnaire(rebuilt, by_id)


def read_files(folder: Path, base: Path | None = None) -> list[tuple[str, str]]:
    """(display path, text) for every *.yaml below ``folder``, sorted. Reading is the caller's I/O."""
    base = base or folder.parent
    out = []
    for p in sorted(folder.rglob("*.yaml")):
        try:
            shown = p.relative_to(base).as_posix()  # "rules/x.yaml" on Windows too: the rules hash is the same
        except ValueError:
            shown = str(p)
        out.append((shown, p.read_text(encoding="utf-8")))
    return out
