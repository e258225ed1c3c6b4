"""A roadmap worth printing (issue 16 item 5): short, only the questions asked, every number with its unit."""

import io
import re

import pytest
from pypdf import PdfReader

from srdi_desktop import paths
from srdi_desktop.core.document import Assessment, parse_document
from srdi_desktop.core.draft import Draft
from srdi_desktop.core.evaluate import evaluate
from srdi_desktop.report.charts import wrap_lines
from srdi_desktop.report.fonts import register_fonts
from srdi_desktop.report.pdf import build_pdf

# The demo firm's roadmap, measured: 22 pages in both languages before issue 16; now 12 in Chinese.
MAX_PAGES = {"zh": 12, "en": 15}


@pytest.fixture(scope="module")
def demo(content):
    return parse_document(paths.DEMO_FILE.read_bytes(), "demo", content.questionnaire)


@pytest.fixture(scope="module")
def built(content, demo):
    out = {}
    for lang in ("zh", "en"):
        ev = evaluate(content, demo.answers, demo.assessed_on, demo.criteria, plans=True)
        out[lang] = PdfReader(io.BytesIO(build_pdf(content, demo, ev, lang, invariant=True)))
    return out


def text(reader) -> str:
    return "\n".join(p.extract_text() for p in reader.pages)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_demo_roadmap_is_short(built, lang):
    assert len(built[lang].pages) <= MAX_PAGES[lang]


def test_only_asked_questions_are_printed(built, content, demo):
    t = text(built["zh"])
    appendix = t[t.index("附录：填报内容"):]
    # the demo firm has an official digital level: the evaluation items and scenarios were never asked
    assert "digital.platform_level" in demo.answers
    for qid in ("digital.equipment_digitised_pct", "digital.scn_product_design", "digital.talent_items",
                "digital.talent_measures"):
        assert content.questionnaire[qid].label["zh"] not in appendix, qid
    assert content.questionnaire["digital.platform_level"].label["zh"] in appendix
    draft = Draft(content.questionnaire, demo, derived=content.derived, symbols=content.symbols,
                  symbol_inputs=content.symbol_inputs)
    asked_blank = [q for q in content.questionnaire.questions if draft.visible(q) and q.id not in demo.answers]
    hidden = [q for q in content.questionnaire.questions if not draft.visible(q)]
    assert len(hidden) >= 30  # the digital evaluation items and scenarios, among others
    assert appendix.count("未填写") == len(asked_blank)  # a blank row only for a question the wizard asked


@pytest.mark.parametrize("lang, units", [
    ("zh", ("万元", "%", "分", "项", "年")),
    ("en", ("RMB", "million", "%", "points", "items", "years")),
])
def test_units_are_printed(built, lang, units):
    t = text(built[lang])
    for u in units:
        assert u in t, u
    assert "∑" not in t and "½" not in t
    assert ("合计" if lang == "zh" else "Total") in t
    if lang == "en":
        assert "10k CNY" not in t and "×10k" not in t  # amounts in words
        assert not re.search(r"\b1 (items|points|years|standards)\b", t)  # "1 item", never "1 items"


# A table cell that is a bare number: '2.56', '11.76', '+2.1', '75' (pypdf gives each cell its own line).
BARE = re.compile(r"^[+-]?\d[\d,]*(\.\d+)?$")


def bare_cells(part: str) -> list[str]:
    return [ln for ln in (x.strip() for x in part.splitlines()) if BARE.match(ln)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_bare_numbers_in_the_scorecards(built, lang):
    t = text(built[lang])
    start = t.index("评分表" if lang == "zh" else "Scorecard:")
    end = t.index("诊断" if lang == "zh" else "Diagnosis")
    assert not bare_cells(t[start:end])


def test_the_comparison_columns_carry_units(content, demo):
    before = Assessment(demo.assessed_on.replace(year=demo.assessed_on.year - 1),
                        dict(demo.answers, **{"finance.revenue_y1": 7300, "finance.debt_ratio_pct": 50}), "zh")
    ev_b = evaluate(content, before.answers, before.assessed_on, before.criteria)
    ev = evaluate(content, demo.answers, demo.assessed_on, demo.criteria, plans=True)
    t = text(PdfReader(io.BytesIO(build_pdf(content, demo, ev, "zh", invariant=True, previous=(before, ev_b)))))
    part = t[t.index("与上次评估（"):t.index("附录：填报内容")]
    assert "-2 个百分点" in part  # a percentage moves in points
    assert "-700 万元（修订）" in part and "61 分" in part and "-2 分" in part and "2 级" in part
    assert not bare_cells(part)


@pytest.mark.parametrize("text, width, whole", [
    ("Technology-led efficiency-enhancement mode", 60, "efficiency-enhancement"),
    ("Market-driven efficiency-optimisation mode", 60, "efficiency-optimisation"),
    ("技术引领的效率增强模式", 30, None),
])
def test_chart_labels_break_between_words(text, width, whole):
    font = register_fonts()
    lines = wrap_lines(text, font, 8, width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    if whole:
        assert whole in lines  # the word stays whole on its line
    else:
        assert len(lines) > 1  # Chinese breaks between characters
