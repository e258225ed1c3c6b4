"""2,000 random answer sets — valid, edge and invalid — through validation, evaluate and the PDF."""

import datetime as dt
import multiprocessing

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from srdi_desktop import paths
from srdi_desktop.core.content import load_content
from srdi_desktop.core.document import Assessment
from srdi_desktop.core.evaluate import evaluate
from srdi_desktop.core.questionnaire import DONT_KNOW, NA
from srdi_desktop.core.validation import Invalid, cap_errors, coerce

CONTENT = load_content(paths.FORMS_DIR, paths.RULES_DIR)
EXAMPLES = 2000


def raw_values(q):
    """Anything a user or a file might hand us for this question."""
    junk = st.sampled_from(["", "abc", "1e999", "-", "<b>&amp;</b>", NA, DONT_KNOW, "３", "１２"])
    if q.numeric:
        lo, hi = q.min, q.max
        edges = st.sampled_from([lo, hi, lo - 1, hi + 1, 0, (lo + hi) / 2, 3, 5, 10, 50, 60, 80, 100])
        inside = st.floats(min_value=lo, max_value=min(hi, 1e7), allow_nan=False) if q.type != "int" else \
            st.integers(min_value=int(lo), max_value=int(min(hi, 10**7)))
        return st.one_of(edges, inside, st.floats(allow_nan=True, allow_infinity=True), junk, st.booleans())
    if q.type == "choice":
        return st.one_of(st.sampled_from([*q.choice_values(), "bogus"]), junk)
    if q.type == "multichoice":
        return st.one_of(st.lists(st.sampled_from([*q.choice_values(), "bogus"]), max_size=5), junk)
    if q.type == "bool":
        return st.one_of(st.booleans(), junk, st.integers(0, 2))
    return st.one_of(st.text(max_size=220), junk)  # text: any Unicode, markup, very long names


ANSWER_SETS = st.fixed_dictionaries({}, optional={q.id: raw_values(q) for q in CONTENT.questionnaire.questions})
DATES = st.sampled_from([dt.date(2024, 5, 1), dt.date(2026, 3, 31), dt.date(2026, 4, 1), dt.date(2026, 11, 21)])


def accept(raw: dict) -> dict:
    """What the wizard or an import keeps: valid values, then cross-field caps enforced."""
    answers = {}
    for qid, value in raw.items():
        try:
            v = coerce(CONTENT.questionnaire[qid], value, "en")
        except Invalid:
            continue
        if v is not None:
            answers[qid] = v
    for qid in cap_errors(CONTENT.questionnaire, answers):
        answers.pop(qid, None)
    return answers


def _pdf(job):
    from srdi_desktop.report.pdf import build_pdf

    answers, day, lang = job
    a = Assessment(day, answers, lang)
    ev = evaluate(CONTENT, answers, day)
    data = build_pdf(CONTENT, a, ev, lang, invariant=True)
    assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
    return len(data)


@pytest.mark.slow
def test_random_answer_sets_never_crash_validation_evaluate_or_pdf():
    accepted = []

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(raw=ANSWER_SETS, day=DATES, lang=st.sampled_from(["zh", "en"]))
    def check(raw, day, lang):
        answers = accept(raw)
        ev = evaluate(CONTENT, answers, day)
        for tier in ev.tiers:
            assert tier.status in ("eligible", "not_eligible", "needs_answers")
        accepted.append((answers, day, lang))

    check()
    assert len(accepted) >= EXAMPLES
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(2) as pool:
        sizes = pool.map(_pdf, accepted, chunksize=20)
    assert len(sizes) == len(accepted) and min(sizes) > 10_000
