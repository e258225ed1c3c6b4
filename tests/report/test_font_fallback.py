"""Issue 14, item 15: characters the main font lacks are drawn with the fallback font (a subset of
Hanazono Mincho for the 通用规范汉字表 characters WenQuanYi lacks), embedded only when used; what no
bundled font has is reported, in the CLI and the app, by field and character."""

from __future__ import annotations

import io

import pytest
from msgspec.structs import replace
from pypdf import PdfReader

from srdi_desktop import paths, service
from srdi_desktop.cli import main
from srdi_desktop.report.fonts import FALLBACK, FONT, register_fonts, unprintable

DEMO = paths.DEMO_FILE.read_text(encoding="utf-8")
RARE = "𫖯𬭚"  # CJK Extension C and E, in the 通用规范汉字表, missing from WenQuanYi Micro Hei


def _fonts(pdf: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for f in (page["/Resources"].get("/Font") or {}).values():
            names.add(str(f.get_object()["/BaseFont"]).split("+")[-1])
    return names


def _pdf(content, name: str, lang: str = "zh") -> bytes:
    a = service.read_assessment(content, paths.DEMO_FILE)
    a = replace(a, answers={**a.answers, "firm.name": name})
    return service.report_pdf(content, a, lang, invariant=True)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_extension_characters_of_a_firm_name_are_in_the_pdf(content, lang):
    name = f"{RARE}精密部件有限公司"
    pdf = _pdf(content, name, lang)
    assert name in "".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert any("HanaMin" in f for f in _fonts(pdf))
    assert len(pdf) <= 300 * 1024


def test_the_fallback_is_embedded_only_when_the_text_needs_it(content):
    assert not any("HanaMin" in f for f in _fonts(_pdf(content, "示例精密部件有限公司")))


def test_fallback_font_covers_every_standard_character_the_main_font_lacks():
    from reportlab.pdfbase import pdfmetrics

    register_fonts()
    main_font = pdfmetrics.getFont(FONT).face.charToGlyph
    extra = pdfmetrics.getFont(FALLBACK).face.charToGlyph
    assert all(ord(ch) not in main_font and ord(ch) in extra for ch in RARE)
    assert (paths.FALLBACK_FONT_FILE.parent / "LICENSE-hanazono.txt").read_text(encoding="utf-8").count(
        "Hanazono Font License") >= 2


@pytest.mark.parametrize(("text", "missing"), [
    (f"{RARE}公司", ""), ("Acme Ltd.\t公司\n", ""), ("😀公司", "😀"), ("شركة 公司", "شركة"), ("😀😀", "😀"),
])
def test_unprintable_names_each_character_once(text, missing):
    assert unprintable(text) == missing


def test_cli_warns_on_stderr_about_characters_left_out(tmp_path, capsys):
    f = tmp_path / "firm.yaml"
    f.write_text(DEMO.replace("示例精密部件有限公司", f"{RARE}公司😀"), encoding="utf-8")
    assert main(["report", str(f), "-o", str(tmp_path / "r.pdf"), "--lang", "en"]) == 0
    err = capsys.readouterr().err
    assert "warning:" in err and "firm.name" in err and "😀 U+1F600" in err
    assert RARE[0] not in err  # drawn by the fallback, so not reported

