import io
import shutil
import subprocess

import pytest
from msgspec.structs import replace
from pypdf import PdfReader

from srdi_desktop import paths
from srdi_desktop.core.document import Assessment, parse_document
from srdi_desktop.core.evaluate import evaluate
from srdi_desktop.report.pdf import build_pdf

poppler = pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils not installed")


@pytest.fixture
def demo(content):
    return parse_document(paths.DEMO_FILE.read_bytes(), "demo", content.questionnaire)


def pdf_for(content, a, lang="zh"):
    ev = evaluate(content, a.answers, a.assessed_on, a.criteria, plans=True)
    return build_pdf(content, a, ev, lang, invariant=True), ev


def text_of(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def test_chinese_text_is_extractable_and_names_the_firm_and_tiers(content, demo):
    data, ev = pdf_for(content, demo)
    text = text_of(data)
    assert "示例精密部件有限公司" in text
    for tier in ev.tiers:
        assert tier.title["zh"] in text
    for f in ev.findings:
        assert f.title["zh"] in text
    assert "第 1 页 / 共" in text and "第 2 页 / 共" in text  # the title block shares page 1 with the summary
    flat = "".join(text.split())
    apply_now = flat[flat.index("现在可以申请："):].split("。")[0]  # the conclusion, then the plan
    assert "科技和创新型中小企业" in apply_now and "最早可于" in flat


def test_english_report(content, demo):
    data, ev = pdf_for(content, demo, "en")
    text = text_of(data)
    assert "SRDI development roadmap" in text and "Page 2 of" in text
    assert ev.findings[0].title["en"] in text


def test_metadata(content, demo):
    data, _ = pdf_for(content, demo)
    meta = PdfReader(io.BytesIO(data)).metadata
    assert "示例精密部件有限公司" in meta.title and meta.author == "示例精密部件有限公司"
    assert meta.subject


def test_invariant_builds_are_byte_identical(content, demo):
    assert pdf_for(content, demo)[0] == pdf_for(content, demo)[0]


def test_user_text_with_markup_renders_literally(content, demo):
    name = 'A<b>&"Co"</b> <font size=40>x</font> 公司'
    a = Assessment(demo.assessed_on, dict(demo.answers, **{"firm.name": name}), "zh")
    text = text_of(pdf_for(content, a)[0])
    assert name in text


def test_almost_empty_assessment_builds(content, demo):
    data, _ = pdf_for(content, Assessment(demo.assessed_on, {"firm.name": "空"}, "zh"))
    assert len(PdfReader(io.BytesIO(data)).pages) >= 3


@poppler
def test_every_font_is_embedded(content, demo, tmp_path):
    f = tmp_path / "r.pdf"
    f.write_bytes(pdf_for(content, demo)[0])
    out = subprocess.run(["pdffonts", str(f)], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert rows, out
    for row in rows:
        cols = row.split()
        assert cols[-5] == "yes" and cols[-4] == "yes", row  # emb, sub


@poppler
def test_every_page_renders(content, demo, tmp_path):
    f = tmp_path / "r.pdf"
    f.write_bytes(pdf_for(content, demo)[0])
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(f), str(tmp_path / "p")], check=True)
    pages = len(PdfReader(str(f)).pages)
    assert len(list(tmp_path.glob("p-*.png"))) == pages


# -- issue 6: the roadmap a manager can print and act on -------------------------------------------

CLOSERS = "，。、；：？！）」』】》〕"


def test_no_line_starts_with_closing_punctuation():
    """Wrap a comma-heavy Chinese paragraph at many widths; no line may begin with a closer."""
    from srdi_desktop.report.fonts import CJKParagraph as Paragraph
    from srdi_desktop.report.fonts import register_fonts
    from srdi_desktop.report.pdf import _styles

    style = _styles(register_fonts(), "zh")["base"]
    single = "研发投入，人才梯队；数字化：云平台？品牌！（测试）「引号」、顿号。" * 6
    mixed = "工信部企业〔2026〕2号；工信部联企业〔2011〕300号，ISO 9001：2015。" * 4
    for text in (single, mixed):
        for width in range(40, 400, 3):
            para = Paragraph(text, style)
            para.wrap(width, 10_000)
            for line in para.blPara.lines:
                if isinstance(line, tuple):  # one fragment: (extra space, [text])
                    first = "".join(line[1])[:1]
                else:
                    first = "".join(getattr(w, "text", "") for w in line.words)[:1]
                assert not first or first not in CLOSERS, (width, "".join(line[1]) if isinstance(line, tuple) else "")


def test_no_line_of_the_report_starts_with_closing_punctuation(content, demo):
    data, _ = pdf_for(content, demo)
    for page in PdfReader(io.BytesIO(data)).pages:
        for line in page.extract_text().splitlines():
            assert line[:1] not in CLOSERS or not line.strip(), line


def test_comparison_with_the_previous_assessment(content, demo):
    # last year's assessment: its y1 is this year's y2 (same figures), except R&D 2024, since restated
    earlier = Assessment(demo.assessed_on.replace(year=demo.assessed_on.year - 1),
                         {**demo.answers, "finance.revenue_y1": 7300, "finance.revenue_y2": 6600,
                          "finance.revenue_y3": 6000, "rd.expense_y1": 50, "rd.expense_y2": 40,
                          "title.tech_sme": False, "title.high_tech_enterprise": False}, "zh")
    assert (earlier.year1, demo.year1) == (2024, 2025)
    prev_ev = evaluate(content, earlier.answers, earlier.assessed_on)
    ev = evaluate(content, demo.answers, demo.assessed_on)
    data = build_pdf(content, demo, ev, "zh", invariant=True, previous=(earlier, prev_ev))
    text = text_of(data)
    assert f"与上次评估（{earlier.assessed_on.isoformat()}）对比" in text
    assert "研发费用 2024" in text and "+140 万元（修订）" in text  # R&D 2024: 50 then, 190 now
    assert "营业收入 2024" in text and "营业收入 2025" in text
    assert "+900" not in text and "+160" not in text  # no slot-by-slot "changes" (8200 − 7300, 210 − 50)
    assert prev_ev.tier("innovative_sme").status != ev.tier("innovative_sme").status


def test_long_firm_name_many_findings_and_all_sections_build(content, demo):
    name = "超长企业名称" * 33 + "有限公司"  # 202 characters
    a = Assessment(demo.assessed_on, {**demo.answers, "firm.name": name}, "zh")
    ev = evaluate(content, a.answers, a.assessed_on)
    base = list(ev.findings_of("action"))
    ev = replace(ev, findings=tuple(replace(base[i % len(base)], id=f"{base[i % len(base)].id}.{i}")
                                    for i in range(150)))
    data = build_pdf(content, a, ev, "zh", invariant=True)
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata.title.endswith(name)
    text = text_of(data)
    assert "超长企业名称超长企业名称" in text


def test_pdf_declares_its_language(content, demo):
    for lang, code in (("zh", "zh-CN"), ("en", "en")):
        data, _ = pdf_for(content, demo, lang)
        assert PdfReader(io.BytesIO(data)).trailer["/Root"]["/Lang"] == code


def test_radar_is_pinned_to_a_fixed_scale_and_labels_stay_outside():
    import math

    from reportlab.graphics.shapes import Polygon, String

    from srdi_desktop.report.charts import radar

    d = radar(["a", "b", "c"], [30, 40, 50], "Helvetica")
    cx, cy = d.width / 2, d.height / 2
    polys = [x for x in d.contents if isinstance(x, Polygon)]
    rim, firm = polys[3], polys[-1]  # rings at 25/50/75/100%, then the firm

    def radii(poly):
        pts = poly.points
        return [math.hypot(pts[i] - cx, pts[i + 1] - cy) for i in range(0, len(pts), 2)]

    r = radii(rim)[0]
    assert all(math.isclose(x, r) for x in radii(rim))  # the outer ring is 100% whatever the values
    assert [round(x / r, 3) for x in radii(firm)] == [0.3, 0.4, 0.5]
    labels = [x for x in d.contents if isinstance(x, String)]
    assert [x.text for x in labels] == ["a 30%", "b 40%", "c 50%"]  # with its percentage
    assert all(math.hypot(x.x - cx, x.y - cy) > r for x in labels)  # outside the ring: never on the polygon


def test_ics_parses_and_holds_every_milestone_and_the_reminder(content, demo):
    import icalendar

    from srdi_desktop.core.plan_export import certificate_dates, ics_plan

    ev = evaluate(content, demo.answers, demo.assessed_on)
    cal = icalendar.Calendar.from_ical(ics_plan(ev, demo.firm_name, "zh").encode())
    events = list(cal.walk("VEVENT"))
    actions = list(ev.findings_of("action"))
    titles = certificate_dates(ev, "zh")  # the held title's and the yearly registrations' dates
    assert titles and len(events) == len(actions) + 1 + len(titles)
    by_uid = {str(e["UID"]).split("@")[0].rsplit("-", 1)[0]: e for e in events}  # the last part tells firms apart
    first = actions[0]
    milestone = by_uid[f"{first.id}-20261121"]
    assert str(milestone["SUMMARY"]).endswith(first.title["zh"])
    ends = {"0-6m": "2027-05-21", "6-18m": "2028-05-21", "18-36m": "2029-11-21"}  # each horizon's last one
    last = {f.horizon: f for f in sorted(actions, key=lambda f: {"low": 1, "medium": 2, "high": 3}[f.effort])}
    for horizon, f in last.items():
        assert by_uid[f"{f.id}-20261121"]["DTSTART"].dt.isoformat() == ends[horizon]
    reminder = by_uid["next-assessment-20261121"]
    assert reminder["DTSTART"].dt.isoformat() == "2027-11-21"
    assert list(reminder.walk("VALARM"))


def test_csv_plan_has_one_row_per_action(content, demo):
    import csv as csvmod

    from srdi_desktop.core.plan_export import csv_plan

    ev = evaluate(content, demo.answers, demo.assessed_on)
    text = csv_plan(ev, "en")
    assert text.startswith("\ufeff")
    rows = list(csvmod.reader(io.StringIO(text.lstrip("\ufeff"))))
    actions = list(ev.findings_of("action"))
    assert rows[0][0] == "Horizon" and len(rows) == len(actions) + 1
    assert {r[5] for r in rows[1:]} == {f.id for f in actions}
    assert {r[4] for r in rows[1:]} == {content.paths[f.path].title["en"] for f in actions}


def test_blank_questionnaire_lists_every_question(content):
    from srdi_desktop.report.blank import build_blank

    text = text_of(build_blank(content.questionnaire, "zh", invariant=True))
    for q in content.questionnaire.questions[:40]:
        assert q.label["zh"][:8] in text.replace("\n", ""), q.id
    assert "第 1 页 / 共" in text


def test_no_page_ends_with_a_heading(content, demo):
    """Section and horizon headings always travel with what follows them."""
    from srdi_desktop.core.i18n import tr

    for lang in ("zh", "en"):
        heads = tuple(tr(k, lang) for k in ("hz.0-6m", "hz.6-18m", "hz.18-36m", "r.references", "r.answers",
                                           "r.diagnosis", "r.roadmap", "r.gap", "r.summary"))
        data, _ = pdf_for(content, demo, lang)
        for n, page in enumerate(PdfReader(io.BytesIO(data)).pages, 1):
            lines = [line for line in page.extract_text().splitlines() if line.strip()]
            assert len(lines) < 2 or not lines[-2].startswith(heads), (lang, n, lines[-2])
