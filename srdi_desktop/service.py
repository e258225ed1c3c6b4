"""The one Qt-free pipeline: read → validate → evaluate → finalize → render (DESIGN §1).

The CLI, the batch and the app all go through these functions, so the same file gives the same
evaluation and the same PDF bytes whichever way it was asked for. A final assessment is shown from the
result stored when it was finalized (``result_of``), never re-scored silently.

The PDF stack (reportlab) is imported only when a PDF is asked for, so the app starts without it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from srdi_desktop.core.evaluate import evaluate
from srdi_desktop.core.evaluation import Evaluation

if TYPE_CHECKING:
    from srdi_desktop.core.assessment import Assessment
    from srdi_desktop.core.content import Content
    from srdi_desktop.storage.store import AssessmentStore, Record

Previous = tuple["Assessment", Evaluation]
Evaluator = Callable[[Mapping[str, Any]], Evaluation]

# Keys a stored result needs before it can stand in for a fresh evaluation (results kept by the
# earliest versions lacked some; those are re-evaluated instead).
_STORED_NEEDS = {"criteria", "assessed_on", "tiers", "scorecards", "findings", "mode_detail"}


# -- read and evaluate ---------------------------------------------------------------------------


def read_assessment(content: Content, file: str | Path, messages: str = "en") -> Assessment:
    """An assessment file (YAML or JSON), validated whole; raises DocumentError listing every problem
    (worded in ``messages``)."""
    from srdi_desktop.core.document import parse_document
    from srdi_desktop.inputs import read_document_bytes  # a regular file, its size checked before reading

    p = Path(file)
    return parse_document(read_document_bytes(p), str(p), content.questionnaire,
                          criteria_ids=tuple(c.id for c in content.criteria), messages=messages)


def evaluate_assessment(content: Content, a: Assessment, answers: Mapping[str, Any] | None = None,
                        criteria: str | None = None, *, gaps: bool = True, plans: bool = True) -> Evaluation:
    """``a`` under the criteria it chose (else by its date); ``answers`` and ``criteria`` are what-ifs.
    ``plans``: with a verified plan to each tier not met (what the results, the PDF and the files show)."""
    return evaluate(content, a.answers if answers is None else answers, a.assessed_on, criteria or a.criteria,
                    gaps=gaps, plans=plans, sources=a.sources)


def evaluator(content: Content, a: Assessment) -> Evaluator:
    """Answers → evaluation on ``a``'s date and criteria: the wizard's live panel and the what-if view."""
    return lambda answers: evaluate_assessment(content, a, answers, plans=False)  # every keystroke: fast


# -- final results -------------------------------------------------------------------------------


def stored_result(content: Content, final: Mapping[str, Any] | None) -> Evaluation | None:
    """The result frozen in a final record, or None when there is none or it is too old to stand alone.

    Results stored before ``srdi-evaluation/1`` did not keep the path and mode titles; only those
    missing titles are taken from today's content (everything they did keep is shown as kept)."""
    stored = (final or {}).get("result")
    if not stored or not _STORED_NEEDS <= stored.keys():
        return None
    ev = Evaluation.from_json(stored)
    return ev if stored.get("format") else _with_todays_titles(ev, content)


def _with_todays_titles(ev: Evaluation, content: Content) -> Evaluation:
    from msgspec.structs import replace

    detail, modes = ev.mode_detail, content.measures.modes
    if not detail.titles and modes is not None:
        detail = replace(detail, titles={mid: m.title for mid, m in modes.modes.items()})
    findings = tuple(f if f.path_title or f.path not in content.paths
                     else replace(f, path_title=content.paths[f.path].title) for f in ev.findings)
    return replace(ev, mode_detail=detail, findings=findings)


def result_of(content: Content, rec: Record) -> Evaluation:
    """What a record's results are: the frozen result of a final assessment, else a fresh evaluation."""
    return stored_result(content, rec.final) or evaluate_assessment(content, rec.assessment)


def finalize(store: AssessmentStore, content: Content, aid: str, a: Assessment) -> Evaluation:
    """Evaluate and freeze: the record keeps the criteria id, the rules hash and the whole result."""
    ev = evaluate_assessment(content, a)
    store.finalize(aid, ev.criteria.id, ev.rules_hash, ev.to_json())
    return ev


def rescore(content: Content, rec: Record) -> dict[str, Any]:
    """A final record's stored result beside today's re-score (see core.rescore)."""
    from srdi_desktop.core.rescore import rescore as _rescore

    return _rescore(content, rec.assessment, rec.final or {})


def previous_of(store: AssessmentStore, content: Content, rec: Record) -> Previous | None:
    """The firm's latest assessment before ``rec``, with its result, for the comparison pages."""
    from srdi_desktop.storage.store import firm_key

    key = firm_key(rec.assessment.answers)
    earlier = [r for r in store.history(key) if r["id"] != rec.id
               and r["assessed_on"] < rec.assessment.assessed_on.isoformat()] if key else []
    if not earlier:
        return None
    prev = store.load(earlier[-1]["id"])
    return prev.assessment, result_of(content, prev)


class PreviousMismatch(ValueError):
    """The file given as the previous assessment is another firm's, or not earlier than the current one."""


def previous_from_file(content: Content, file: str | Path, current: Assessment | None = None) -> Previous:
    """``file`` as the comparison basis for ``current``: the same firm (credit code, else name), an earlier date."""
    from srdi_desktop.storage.store import firm_key

    a = read_assessment(content, file)
    if current is not None:
        mine, theirs = firm_key(current.answers), firm_key(a.answers)
        if mine != theirs:
            raise PreviousMismatch(f"--previous {file}: another firm ({theirs or '?'}), not {mine or '?'}; "
                                   "compare assessments of the same firm (credit code, else name)")
        if a.assessed_on >= current.assessed_on:
            raise PreviousMismatch(f"--previous {file}: assessed on {a.assessed_on}, not before "
                                   f"{current.assessed_on}; the previous assessment must be earlier")
    return a, evaluate_assessment(content, a, gaps=False)


# -- render --------------------------------------------------------------------------------------


def pdf_bytes(content: Content, a: Assessment, ev: Evaluation, lang: str, previous: Previous | None = None,
              *, invariant: bool | None = None) -> bytes:
    """The roadmap PDF. ``invariant`` None follows reportlab's ``rl_config.invariant`` (env ``RL_invariant``)."""
    from srdi_desktop.report.pdf import build_pdf

    return build_pdf(content, a, ev, lang, invariant=invariant, previous=previous)


def report_pdf(content: Content, a: Assessment, lang: str | None = None, previous: Previous | None = None,
               *, invariant: bool | None = None) -> bytes:
    """Evaluate ``a`` and render its PDF, in ``lang`` or the assessment's own language."""
    return pdf_bytes(content, a, evaluate_assessment(content, a), lang or a.lang, previous, invariant=invariant)


def unprintable_notices(content: Content, a: Assessment, lang: str) -> list[str]:
    """One line per text answer with characters no bundled PDF font has (emoji, Arabic, rare CJK
    beyond the fallback): the PDF leaves them out, so the user is told which, and where."""
    from srdi_desktop.core.i18n import pick, tr
    from srdi_desktop.report.fonts import unprintable

    out = []
    for qid, value in a.answers.items():
        chars = unprintable(value) if isinstance(value, str) else ""
        if chars:
            qn = content.questionnaire
            field = f"{pick(qn[qid].label, lang)} ({qid})" if qid in qn else qid
            listed = " ".join(f"{ch} U+{ord(ch):04X}" for ch in chars)
            out.append(tr("pdf.unprintable", lang, field=field, chars=listed))
    return out


def write_pdf(target: str | Path, data: bytes) -> Path:
    from srdi_desktop.atomicio import atomic_write_bytes

    return atomic_write_bytes(target, data)


def ics_text(ev: Evaluation, firm: str, lang: str, key: str | None = None) -> str:
    """The plan as iCalendar; ``key`` (the firm's credit code, else its name) makes event UIDs unique per firm."""
    from srdi_desktop.core.plan_export import ics_plan

    return ics_plan(ev, firm, lang, key)


def csv_text(ev: Evaluation, lang: str) -> str:
    from srdi_desktop.core.plan_export import csv_plan

    return csv_plan(ev, lang)
