"""The edge in plain words (issue 20): the tier row, the plan, the app's tier card and the PDF."""

from __future__ import annotations

import io

import pytest
from msgspec.structs import replace
from pypdf import PdfReader

from srdi_desktop import paths, service
from srdi_desktop.core.document import parse_document
from srdi_desktop.core.evaluate import evaluate
from srdi_desktop.core.present import present

# growth exactly 0% (5 points, 0 under the other reading) + debt ≤ 55% makes growth exactly its minimum 15
ON_EDGE = {"finance.main_revenue_y1": 6800, "title.tech_sme": False, "title.high_tech_enterprise": False}
OFF_EDGE = {"finance.main_revenue_y1": 6801, "title.tech_sme": False, "title.high_tech_enterprise": False}


@pytest.fixture
def demo(content):
    return parse_document(paths.DEMO_FILE.read_bytes(), "demo", content.questionnaire)


def _row(content, demo, extra, lang):
    ev = evaluate(content, dict(demo.answers) | extra, demo.assessed_on)
    return next(t for t in present(ev, content.questionnaire, lang).tiers if t.id == "innovative_sme")


@pytest.mark.parametrize(("lang", "edge", "cond"), [
    ("zh", "恰在分档边界：上年度主营业务收入增长率为 0%，按边界值计入较好一档计 5 分；若按另一种理解为 0 分",
     "按另一种理解，以下条件将不满足：成长性"),
    ("en", "Exactly on a band edge: Main-business revenue growth (y1) is 0%, which counts 5 points",
     "Under the other reading these conditions would not be met: "),
])
def test_the_tier_row_words_the_edge(content, demo, lang, edge, cond):
    row = _row(content, demo, ON_EDGE, lang)
    assert row.edges[0].startswith(edge)
    assert row.edges[1].startswith(cond)
    assert not _row(content, demo, OFF_EDGE, lang).edges


def test_the_plan_says_it_does_not_count_on_the_edge(content, demo):
    # not met: growth on its edge and debt 60% (5): growth 10 < 15; the plan is worded with the edge note
    ev = evaluate(content, dict(demo.answers) | ON_EDGE | {"finance.debt_ratio_pct": 60}, demo.assessed_on,
                  plans=True)
    row = next(t for t in present(ev, content.questionnaire, "zh").tiers if t.id == "innovative_sme")
    assert row.plan and row.plan[-1].startswith("本计划不依赖分档边界值")
    ev = evaluate(content, dict(demo.answers) | OFF_EDGE | {"finance.debt_ratio_pct": 60}, demo.assessed_on,
                  plans=True)
    row = next(t for t in present(ev, content.questionnaire, "zh").tiers if t.id == "innovative_sme")
    assert row.plan and not any(x.startswith("本计划不依赖") for x in row.plan)


@pytest.mark.parametrize(("extra", "shown"), [(ON_EDGE, True), (OFF_EDGE, False)])
def test_the_pdf_shows_the_edge(content, demo, extra, shown):
    a = service.read_assessment(content, paths.DEMO_FILE)
    a = replace(a, answers={**a.answers, **extra})
    pdf = service.report_pdf(content, a, "zh", invariant=True)
    text = "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert ("恰在分档边界" in text) is shown
    assert "边界上的数值计入较好的一档" in text  # the rule itself, in the notes
