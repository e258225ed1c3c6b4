import io
import shutil
import subprocess

import pytest
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
    ev = evaluate(content, a.answers, a.assessed_on, a.criteria)
    return build_pdf(content, a, ev, lang, invariant=True), ev


def text_of(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def test_chinese_text_is_extractable_and_names_the_firm_and_tiers(content, demo):
    data, ev = pdf_for(content, demo)
    text = text_of(data)
    assert "示例精密部件有限公司" in text
    for tier in ev["tiers"].values():
        assert tier["title"]["zh"] in text
    for f in ev["findings"]:
        assert f["title"]["zh"] in text
    assert "第 1 页" not in text and "第 2 页 / 共" in text


def test_english_report(content, demo):
    data, ev = pdf_for(content, demo, "en")
    text = text_of(data)
    assert "SRDI development roadmap" in text and "Page 2 of" in text
    assert ev["findings"][0]["title"]["en"] in text


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
