"""The assessment document (DESIGN §3): parse and validate as a whole, or serialise.

A document is rejected whole when anything is wrong, with every problem and its place; nothing
is taken from it partially.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import PurePath
from typing import Any

from .assessment import SOURCES, Assessment
from .errors import BAD_VALUE, MISSING_KEY, UNKNOWN_ID, UNKNOWN_KEY, ContentError, Loc
from .fiscal import fiscal_year_error
from .i18n import tr
from .questionnaire import Questionnaire
from .validation import Invalid, assessed_on_error, cap_errors, coerce
from .yamlsrc import Node, load_yaml_text

FORMAT = "srdi-assessment/1"
MAX_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 8


class DocumentError(Exception):
    def __init__(self, errors: list[ContentError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


def _depth(v: Any, limit: int) -> int:
    stack = [(v, 1)]
    deepest = 0
    while stack:
        x, d = stack.pop()
        deepest = max(deepest, d)
        if d > limit:
            return d
        if isinstance(x, dict):
            stack.extend((y, d + 1) for y in x.values())
        elif isinstance(x, list):
            stack.extend((y, d + 1) for y in x)
    return deepest


def parse_document(raw: bytes, path: str, qn: Questionnaire, lang: str = "zh",
                   criteria_ids: tuple[str, ...] = (), messages: str = "en") -> Assessment:
    """Parse YAML or JSON bytes into an Assessment; raise DocumentError listing every problem, worded in
    ``messages`` (the user's language; ``lang`` is the file's own default language)."""
    def t(name: str, /, **kw: object) -> str:
        return tr(f"doc.{name}", messages, **kw)

    errors: list[ContentError] = []
    top = Loc(path, 1, 1)
    if len(raw) > MAX_BYTES:
        raise DocumentError([ContentError(top, BAD_VALUE, t("too_large", mb=MAX_BYTES // (1024 * 1024)))])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError([ContentError(Loc(path, 1, exc.start + 1), BAD_VALUE,
                                          t("not_utf8", byte=exc.start))]) from None
    data = _load(text, path, top)
    if _depth(data, MAX_DEPTH) > MAX_DEPTH:
        raise DocumentError([ContentError(top, BAD_VALUE, t("too_deep", levels=MAX_DEPTH))])
    if not isinstance(data, dict):
        raise DocumentError([ContentError(top, BAD_VALUE, t("not_mapping"))])

    def loc(node: Any, key: str) -> Loc:
        return node.value_loc(key) if isinstance(node, Node) else top

    allowed = {"format", "assessed_on", "fiscal_year", "lang", "criteria", "answers", "sources"}
    for key in data:
        if key not in allowed:
            errors.append(ContentError(loc(data, key), UNKNOWN_KEY, t("unknown_key", field=key)))
    for key in ("format", "assessed_on", "answers"):
        if key not in data:
            errors.append(ContentError(top, MISSING_KEY, t("missing_key", field=key)))
    if "format" in data and data["format"] != FORMAT:
        errors.append(ContentError(loc(data, "format"), BAD_VALUE,
                                   t("bad_format", expected=FORMAT, got=repr(data["format"]))))
    day = data.get("assessed_on")
    if isinstance(day, str):
        try:
            day = dt.date.fromisoformat(day)
        except ValueError:
            day = None
    if "assessed_on" in data and (not isinstance(day, dt.date) or isinstance(day, dt.datetime)):
        errors.append(ContentError(loc(data, "assessed_on"), BAD_VALUE, t("bad_date")))
    elif isinstance(day, dt.date) and (msg := assessed_on_error(day, messages)):
        errors.append(ContentError(loc(data, "assessed_on"), BAD_VALUE, f"assessed_on: {msg}"))
    fiscal_year = data.get("fiscal_year")  # optional: files written before it existed take the default
    if fiscal_year is not None and isinstance(day, dt.date) and (msg := fiscal_year_error(fiscal_year, day)):
        errors.append(ContentError(loc(data, "fiscal_year"), BAD_VALUE, msg))
    doc_lang = data.get("lang", lang)
    if doc_lang not in ("zh", "en"):
        errors.append(ContentError(loc(data, "lang"), BAD_VALUE, t("bad_lang")))
    crit = data.get("criteria")
    if crit is not None and crit not in criteria_ids:
        errors.append(ContentError(loc(data, "criteria"), BAD_VALUE,
                                   t("unknown_criteria", got=repr(crit), known=", ".join(criteria_ids))))
    answers_in = data.get("answers", {})
    answers: dict[str, Any] = {}
    if not isinstance(answers_in, dict):
        errors.append(ContentError(loc(data, "answers"), BAD_VALUE, t("answers_not_mapping")))
        answers_in = {}
    for qid, value in answers_in.items():
        where = loc(answers_in, qid)
        if qid not in qn.by_id:
            key_where = answers_in.key_loc(qid) if isinstance(answers_in, Node) else top
            errors.append(ContentError(key_where, UNKNOWN_ID, t("unknown_question", qid=qid)))
            continue
        q = qn[qid]
        try:
            v = coerce(q, value, messages)
        except Invalid as exc:
            errors.append(ContentError(where, BAD_VALUE,
                                       t("bad_answer", qid=qid, message=exc.message, got=repr(value))))
            continue
        if v is not None:
            answers[qid] = v
    for qid, msg in cap_errors(qn, answers, messages).items():
        errors.append(ContentError(loc(answers_in, qid), BAD_VALUE, t("bad_answer", qid=qid, message=msg,
                                                                      got=repr(answers[qid]))))
    sources = _sources(data, qn, errors, loc, t)
    if errors:
        raise DocumentError(errors)
    assert isinstance(day, dt.date)  # a missing or bad date was an error above
    return Assessment(day, answers, doc_lang, crit, fiscal_year, sources=sources)


def _sources(data: Any, qn: Questionnaire, errors: list[ContentError], loc: Callable[[Any, str], Loc],
             t: Callable[..., str]) -> dict[str, str]:
    """The optional ``sources`` map: question id → audited | tax | platform | estimate | self."""
    given = data.get("sources", {})
    if not isinstance(given, dict):
        errors.append(ContentError(loc(data, "sources"), BAD_VALUE, t("sources_not_mapping")))
        return {}
    out = {}
    for qid, src in given.items():
        if qid not in qn.by_id:
            errors.append(ContentError(loc(given, qid), UNKNOWN_ID, t("sources_unknown", qid=qid)))
        elif src not in SOURCES:
            errors.append(ContentError(loc(given, qid), BAD_VALUE,
                                       t("sources_bad", qid=qid, allowed=", ".join(SOURCES), got=repr(src))))
        else:
            out[str(qid)] = str(src)
    return out


class _DupKey(Exception):
    def __init__(self, key: str):
        self.key = key


def _load(text: str, path: str, top: Loc) -> Any:
    """JSON or YAML by the file's extension; for any other name JSON is tried first, then YAML, and
    the error reported is the one of the format the text looks like (JSON when it starts with { or [).
    (Sniffing "{" alone read flow-style YAML as JSON and reported comments in JSON as YAML errors.)"""
    ext = PurePath(path).suffix.lower()
    if ext == ".json":
        return _load_json(text, path, top)
    if ext in (".yaml", ".yml"):
        return _load_yaml(text, path, top)
    try:
        return _load_json(text, path, top)
    except DocumentError as json_error:
        try:
            return _load_yaml(text, path, top)
        except DocumentError:
            if text.lstrip()[:1] in ("{", "["):
                raise json_error from None
            raise


def _load_json(text: str, path: str, top: Loc) -> Any:
    import json  # for a JSON file only: `evaluate` of a YAML file does without it

    try:
        return json.loads(text, object_pairs_hook=_json_no_dupes)
    except json.JSONDecodeError as exc:
        raise DocumentError([ContentError(Loc(path, exc.lineno, exc.colno), BAD_VALUE,
                                          f"JSON syntax error: {exc.msg}")]) from None
    except _DupKey as exc:
        raise DocumentError([ContentError(top, BAD_VALUE, f"duplicate key '{exc.key}'")]) from None
    except RecursionError:
        raise DocumentError([ContentError(top, BAD_VALUE, "data is nested too deeply")]) from None
    except ValueError as exc:  # an integer over Python's 4300-digit limit
        raise DocumentError([ContentError(top, BAD_VALUE, f"invalid number: {exc}")]) from None


def _load_yaml(text: str, path: str, top: Loc) -> Any:
    errors: list[ContentError] = []
    try:
        data = load_yaml_text(text, path, errors, aliases=False)  # user data: no sharing
    except RecursionError:
        raise DocumentError([ContentError(top, BAD_VALUE, "data is nested too deeply")]) from None
    if errors:
        raise DocumentError(errors)
    return data


def _json_no_dupes(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise _DupKey(k)
        out[k] = v
    return out


def to_document(a: Assessment, qn: Questionnaire) -> dict[str, Any]:
    """The DESIGN §3 document, answers in questionnaire order."""
    doc: dict[str, Any] = {"format": FORMAT, "assessed_on": a.assessed_on.isoformat(), "fiscal_year": a.year1,
                           "lang": a.lang}
    if a.criteria:
        doc["criteria"] = a.criteria
    doc["answers"] = {q.id: a.answers[q.id] for q in qn.questions if q.id in a.answers}
    if a.sources:  # optional: a file without it still reads, and one written without sources stays as it was
        doc["sources"] = {q.id: a.sources[q.id] for q in qn.questions if q.id in a.sources}
    return doc


def dump_document(a: Assessment, qn: Questionnaire, fmt: str = "yaml") -> str:
    doc = to_document(a, qn)
    if fmt == "json":
        import json

        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    import yaml  # only here: serialising, never loading

    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
